"""The measured targets of issue 9, each a ratio against a peer in the same run.

(a) ``Trainer.run(epochs=1000)`` on the seed set against ``MLP.fit(epochs=1000)``
    on the same scaled data, weights and lr: what the step-by-step session
    costs over plain training. Target ≤ 1.2×.
(b) One public per-sample ``net.step`` of the seed 2-3-1 network against a
    PyTorch ``nn.Sequential(Linear, Sigmoid, Linear, Sigmoid)`` + ``optim.SGD``
    step of the same network (float64, loss ½Σ(y − z)²). Target ≤ 0.15×.
    PyTorch is only a yardstick here, never a dependency of mlpviz.
    The floor beside them is the same math with the same kernels (scipy's
    ``expit`` for the sigmoid of a few values) and no checks or records.
(c) Lines of ``mlpviz/`` and ``tools/`` (``*.py``) and the pairs of repeated
    blocks inside ``mlpviz/`` that ``duplicates --repo mlpviz --most 200`` finds.
(d) The sigmoid's two kernels around the size where ``mlpviz.activations``
    switches from scipy's ``expit`` to numpy's vectorized ``exp``.

The tree measured is that of the mlpviz that is imported (its path is printed):
from a worktree run ``PYTHONPATH=. .venv/bin/python benchmarks/bench_spine.py``.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
from scipy.special import expit

from _timing import load_line, median_times
import mlpviz
from mlpviz import MinMaxScaler, Trainer, examples

EPOCHS, LR = 1000, 0.1  # the Trainer's default lr


def bench_trainer(repeats: int = 7) -> None:
    """(a) Trainer.run against fit: 1000 epochs of 4 per-sample steps each."""
    trainer = Trainer()                       # seed data, seed weights, lr 0.1, min-max scaled
    X_raw, Z_raw = examples.seed_dataset()
    X, Z = MinMaxScaler().fit_transform(X_raw), MinMaxScaler().fit_transform(Z_raw)
    net = examples.seed_network()
    start = net.get_params()

    def run():
        trainer.reset()
        trainer.run(epochs=EPOCHS)

    def fit():
        net.set_params(*start)
        net.fit(X, Z, epochs=EPOCHS, lr=LR)

    t = median_times({"run": run, "fit": fit}, repeats=repeats, number=1)
    same = all(np.allclose(a, b, rtol=1e-12, atol=0)
               for a, b in zip(trainer.net.weights + trainer.net.biases, net.weights + net.biases))
    print(f"(a) seed 2-3-1, {EPOCHS} epochs x 4 samples, lr={LR} (median of {repeats}):")
    print(f"    Trainer.run(epochs={EPOCHS})   {t['run'] * 1e3:8.1f} ms")
    print(f"    MLP.fit(epochs={EPOCHS})       {t['fit'] * 1e3:8.1f} ms")
    print(f"    ratio run / fit             {t['run'] / t['fit']:8.2f}x  (target <= 1.2x)")
    print(f"    same final weights          {'yes' if same else 'NO: the two do not train alike'}")


def bench_torch_step(repeats: int = 15, number: int = 1000) -> None:
    """(b) One per-sample step of the seed 2-3-1 net: mlpviz against PyTorch, interleaved."""
    try:
        import torch
    except ImportError:
        print("(b) net.step vs PyTorch: skipped: torch not installed (pip install torch==2.13.0)")
        return
    net = examples.seed_network()
    X_raw, Z_raw = examples.seed_dataset()
    x = MinMaxScaler().fit_transform(X_raw)[1]
    z = MinMaxScaler().fit_transform(Z_raw)[1]

    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Sigmoid(),
                                torch.nn.Linear(3, 1), torch.nn.Sigmoid()).double()
    with torch.no_grad():                     # the same starting weights
        for layer, W, b in zip(model[::2], net.weights, net.biases):
            layer.weight.copy_(torch.from_numpy(W))
            layer.bias.copy_(torch.from_numpy(b))
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    xt, zt = torch.from_numpy(x), torch.from_numpy(z)

    def torch_step():
        opt.zero_grad()
        loss = 0.5 * ((model(xt) - zt) ** 2).sum()
        loss.backward()
        opt.step()

    # one step each from the same weights must land on the same weights
    net.step(x, z, LR)
    torch_step()
    same = all(np.allclose(layer.weight.detach().numpy(), W, rtol=1e-12, atol=0)
               for layer, W in zip(model[::2], net.weights))

    W0, b0, W1, b1 = (p.copy() for p in (net.weights[0], net.biases[0], net.weights[1], net.biases[1]))

    def numpy_floor():                        # the same math and kernels, no checks, no records kept
        a1 = expit(W0 @ x + b0)
        y = expit(W1 @ a1 + b1)
        d1 = (y - z) * y * (1 - y)
        d0 = (W1.T @ d1) * a1 * (1 - a1)
        np.subtract(W1, LR * np.multiply(d1[:, None], a1), out=W1)
        np.subtract(b1, LR * d1, out=b1)
        np.subtract(W0, LR * np.multiply(d0[:, None], x), out=W0)
        np.subtract(b0, LR * d0, out=b0)

    t = median_times({"mlpviz": lambda: net.step(x, z, LR), "torch": torch_step, "floor": numpy_floor},
                     repeats=repeats, number=number)
    print(f"(b) seed 2-3-1, one per-sample SGD step (median of {repeats} x {number}; "
          f"torch {torch.__version__}, {torch.get_num_threads()} threads):")
    print(f"    mlpviz net.step(x, z, lr)   {t['mlpviz'] * 1e6:8.1f} µs")
    print(f"    torch Sequential + SGD      {t['torch'] * 1e6:8.1f} µs")
    print(f"    ratio mlpviz / torch        {t['mlpviz'] / t['torch']:8.3f}x  (target <= 0.15x)")
    print(f"    floor: bare numpy, no checks {t['floor'] * 1e6:7.1f} µs = {t['floor'] / t['torch']:.2f}x torch "
          f"(mlpviz is {t['mlpviz'] / t['floor']:.2f}x the floor)")
    print(f"    same weights after one step {'yes' if same else 'NO: the two do not compute alike'}")


def bench_sigmoid_kernels(repeats: int = 7, number: int = 2000) -> None:
    """(d) Where the sigmoid switches kernel: scipy's expit against numpy's four in-place calls.

    ``mlpviz.activations.sigmoid`` uses expit below ``_EXPIT_BELOW`` values;
    this prints both kernels' times around that size so the threshold can be checked.
    """
    from mlpviz.activations import _EXPIT_BELOW

    def four_calls(s, out):
        np.negative(s, out=out)
        with np.errstate(over="ignore"):
            np.exp(out, out=out)
        out += 1.0
        return np.divide(1.0, out, out=out)

    print(f"(d) sigmoid kernels, µs per call (median of {repeats} x {number}); mlpviz switches at {_EXPIT_BELOW}:")
    for n in (3, 64, 256, _EXPIT_BELOW, 1024, 4096):
        s, out = np.linspace(-5, 5, n), np.empty(n)
        t = median_times({"expit": lambda: expit(s, out=out), "numpy": lambda: four_calls(s, out)},
                         repeats=repeats, number=number)
        faster = "expit" if t["expit"] < t["numpy"] else "numpy"
        print(f"    {n:6d} values   expit {t['expit'] * 1e6:7.2f}   numpy {t['numpy'] * 1e6:7.2f}   faster: {faster}")


def count_lines(folder: Path) -> int:
    """Lines of the ``*.py`` files below ``folder``, blank lines and docstrings included."""
    return sum(len(p.read_text(encoding="utf-8").splitlines()) for p in sorted(folder.rglob("*.py"))
               if "__pycache__" not in p.parts)


def duplicate_pairs(folder: Path) -> str:
    """The number of pairs ``duplicates`` reports inside ``folder``, or why it is unavailable."""
    if shutil.which("duplicates") is None:
        return "unavailable (no duplicates command on PATH)"
    out = subprocess.run(["duplicates", "--repo", str(folder), "--most", "200"],
                         capture_output=True, text=True, timeout=60).stdout
    first = out.splitlines()[0] if out else ""
    if m := re.match(r"(\d+) pairs?\b", first):
        return m.group(1)
    if first.startswith("no duplicates"):
        return "0"
    return f"unavailable ({first or 'no output'})"


def bench_size() -> None:
    """(c) Lines of code and repeated blocks."""
    root = Path(mlpviz.__file__).resolve().parents[1]
    print(f"(c) size of {root}:")
    for name in ("mlpviz", "tools"):
        folder = root / name
        lines = count_lines(folder) if folder.is_dir() else 0
        print(f"    lines in {name + '/':10s}        {lines:8d}")
    print(f"    duplicate pairs in mlpviz/  {duplicate_pairs(root / 'mlpviz'):>8s}  (6+ shared lines)")


def main() -> None:
    print(f"mlpviz from {Path(mlpviz.__file__).parent}; {load_line()}")
    bench_trainer()
    bench_torch_step()
    bench_size()
    bench_sigmoid_kernels()


if __name__ == "__main__":
    main()
