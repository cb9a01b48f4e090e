"""Issue 14's figures: a digits epoch against PyTorch, and the peak memory of a big full-batch epoch.

(a) one epoch of the 64-32-10 softmax network on scikit-learn's 1,797 digits with mini-batches of 32
    (cross-entropy, SGD, float64): mlpviz's ``fit`` against ``torch.nn.Sequential`` + ``optim.SGD``,
    interleaved in one run; goal ≤ 1.0×.
(b) the peak memory of one full-batch epoch of a 64-32-10 network on 10⁶ rows, each measured in a fresh
    process (ru_maxrss minus the process's size before the epoch); goal: no more than PyTorch.

PyTorch is only a peer for these figures, never a dependency: without it, those lines say "skipped".
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys

import numpy as np

from _timing import median_times

from mlpviz import MLP, examples

LR, BATCH = 0.1, 32


def digits_epoch() -> None:
    X, Z = examples.digits_dataset()
    X = X / 16.0
    net = MLP([64, 32, 10], activation=["sigmoid", "softmax"], loss="cross_entropy", seed=0)
    cases = {"mlpviz": lambda: net.fit(X, Z, epochs=1, lr=LR, batch_size=BATCH)}
    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None:
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.Sigmoid(), torch.nn.Linear(32, 10)).double()
        opt = torch.optim.SGD(model.parameters(), lr=LR)
        loss_fn = torch.nn.CrossEntropyLoss()
        Xt, yt = torch.from_numpy(X), torch.from_numpy(Z.argmax(axis=1))

        def torch_epoch():
            for start in range(0, len(Xt), BATCH):
                opt.zero_grad()
                loss_fn(model(Xt[start:start + BATCH]), yt[start:start + BATCH]).backward()
                opt.step()

        cases["torch"] = torch_epoch
    t = median_times(cases, repeats=7, number=3)
    print(f"(a) digits 64-32-10 softmax, one epoch of mini-batches of {BATCH} (1,797 rows; median of 7):")
    print(f"    mlpviz fit(epochs=1)          {t['mlpviz'] * 1e3:7.2f} ms")
    if torch is None:
        print("    torch: skipped (not installed; pip install torch==2.13.0)")
        return
    print(f"    torch Sequential + SGD         {t['torch'] * 1e3:7.2f} ms   ({torch.get_num_threads()} threads)")
    print(f"    ratio mlpviz / torch           {t['mlpviz'] / t['torch']:7.2f}x  (goal <= 1.0x)")


_CHILD = r"""
import json, resource, sys
import numpy as np
which, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(0)
X = rng.uniform(0, 1, (n, 64)); Z = np.eye(10)[rng.integers(0, 10, n)]
if which == "torch":
    import torch
    model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.Sigmoid(), torch.nn.Linear(32, 10)).double()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(Z.argmax(axis=1))
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    opt.zero_grad(); torch.nn.CrossEntropyLoss()(model(Xt), yt).backward(); opt.step()
else:
    from mlpviz import MLP
    net = MLP([64, 32, 10], activation=["sigmoid", "softmax"], loss="cross_entropy", seed=0)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    net.fit(X, Z, epochs=1, lr=0.1, batch_size=n, record_steps=False)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"extra_mb": (peak - base) / 1024, "data_mb": (X.nbytes + Z.nbytes) / 2**20}))
"""


def peak_memory(n: int = 1_000_000) -> None:
    print(f"(b) peak memory of one full-batch epoch, 64-32-10 on {n:,} rows (fresh process each):")
    results = {}
    for which in ("mlpviz", "torch"):
        proc = subprocess.run([sys.executable, "-c", _CHILD, which, str(n)], capture_output=True, text=True,
                              timeout=300)
        if proc.returncode != 0:
            reason = "not installed" if "No module named 'torch'" in proc.stderr else proc.stderr.strip()[-200:]
            print(f"    {which}: skipped ({reason})")
            continue
        results[which] = json.loads(proc.stdout)
        print(f"    {which:7s} {results[which]['extra_mb']:8.0f} MB above the data "
              f"({results[which]['data_mb']:.0f} MB of X and Z)")
    if len(results) == 2:
        print(f"    ratio mlpviz / torch  {results['mlpviz']['extra_mb'] / results['torch']['extra_mb']:6.2f}x"
              f"  (goal <= 1.0x)")


if __name__ == "__main__":
    digits_epoch()
    peak_memory()
