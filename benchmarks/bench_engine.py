"""Engine timings: one SGD step of the seeds' 2-3-1 net, and one full-batch epoch
of a 64-32-10 sigmoid net against the bare numpy matmuls that epoch needs.

Run (with mlpviz installed, as ``make bench`` does; from a bare checkout prefix
``PYTHONPATH=.``)::

    .venv/bin/python benchmarks/bench_engine.py

Targets: (a) the 2-3-1 step well under 50 µs; (b) the epoch at most 1.5× the
cost of its matmuls alone. The figures depend on the BLAS build and on the
OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE variables (printed below, never changed here).

Seen on the 2-core development machine (quiet): (a) ≈ 29 µs; (b) ≈ 1.0 ms per
epoch against ≈ 0.23–0.37 ms of matmuls, 2.5–2.9×, so target (b) is not met.
What the matmuls leave out costs as much as they do at this size: σ over the
1797×42 sums (an exp per value), σ', the batch means, and the page faults of
freshly allocated arrays (≈ 590 minor faults per epoch, printed below) — glibc
hands big freed blocks back to the kernel between epochs.
"""
from __future__ import annotations

import os
import resource
import statistics
import time

import numpy as np

from mlpviz import MLP


def median_time(fn, repeats: int, number: int) -> float:
    """Median over ``repeats`` runs of the mean time of ``number`` calls, in seconds."""
    fn()  # warm up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t0) / number)
    return statistics.median(times)


def blas_info() -> str:
    lines = [f"numpy {np.__version__}"]
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        lines.append(f"{var}={os.environ.get(var, '(unset)')}")
    try:
        from threadpoolctl import threadpool_info  # optional, not a dependency

        for pool in threadpool_info():
            lines.append(f"threadpool: {pool.get('internal_api')} {pool.get('version')} "
                         f"core={pool.get('architecture')} threads={pool.get('num_threads')}")
    except ImportError:
        try:
            cfg = np.show_config(mode="dicts")
            blas = cfg.get("Build Dependencies", {}).get("blas", {})
            lines.append(f"blas: {blas.get('name')} {blas.get('version')} (threadpoolctl not installed)")
        except Exception:  # pragma: no cover - show_config's format varies across numpy versions
            pass
    return "\n".join(lines)


def bench_step() -> float:
    """(a) One per-sample SGD step (forward + backward + update) of a 2-3-1 sigmoid net, in µs."""
    net = MLP([2, 3, 1], activation="sigmoid", seed=0)
    x = np.array([0.5, 0.5])
    z = np.array([0.91])
    return median_time(lambda: net.step(x, z, 0.1), repeats=31, number=2000) * 1e6


def _minor_faults() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def bench_epoch(repeats: int = 31, number: int = 10) -> dict[str, float]:
    """(b) One full-batch epoch of a 64-32-10 sigmoid net on 1797 samples vs its matmuls.

    The three timings are interleaved (one run of each per repetition) so a
    busy machine slows them alike; medians in ms.
    """
    rng = np.random.default_rng(1797)
    n, sizes = 1797, [64, 32, 10]
    X = rng.uniform(0.0, 1.0, size=(n, sizes[0]))             # the shape of the digits data set
    Z = np.eye(sizes[-1])[rng.integers(0, sizes[-1], size=n)]  # one-hot targets
    net = MLP(sizes, activation="sigmoid", seed=0)
    lr = 0.01  # small, so the weights barely move across repetitions

    W0, W1 = net.weights
    a1 = rng.uniform(0.0, 1.0, size=(n, sizes[1]))
    d0 = rng.standard_normal((n, sizes[1]))
    d1 = rng.standard_normal((n, sizes[2]))

    def matmuls():
        X @ W0.T          # forward, layer 0
        a1 @ W1.T         # forward, layer 1
        d1 @ W1           # backward: delta[0] needs delta[1] @ W[1]
        d1.T @ a1         # dW[1]
        d0.T @ X          # dW[0]

    cases = {
        "step": lambda: net.step(X, Z, lr),
        "fit": lambda: net.fit(X, Z, epochs=1, lr=lr, batch_size=n),
        "matmuls": matmuls,
    }
    times: dict[str, list[float]] = {k: [] for k in cases}
    faults: dict[str, int] = {k: 0 for k in cases}
    for fn in cases.values():
        fn()  # warm up
    for _ in range(repeats):
        for name, fn in cases.items():
            f0, t0 = _minor_faults(), time.perf_counter()
            for _ in range(number):
                fn()
            times[name].append((time.perf_counter() - t0) / number)
            faults[name] += _minor_faults() - f0
    out = {k: statistics.median(v) * 1e3 for k, v in times.items()}
    out.update({f"{k}_faults": faults[k] / (repeats * number) for k in cases})
    return out


def main() -> None:
    print(blas_info())
    print()
    step_us = bench_step()
    print(f"(a) 2-3-1 per-sample SGD step (forward+backward+update): {step_us:.1f} µs "
          f"(median; target < 50 µs)")
    r = bench_epoch()
    print("(b) 64-32-10 sigmoid, full batch of 1797 samples (median ms; minor page faults per call):")
    print(f"    net.step(X, Z, lr)             {r['step']:8.3f} ms   {r['step_faults']:6.0f} faults")
    print(f"    net.fit(epochs=1, batch=all)   {r['fit']:8.3f} ms   {r['fit_faults']:6.0f} faults")
    print(f"    the same matmuls alone         {r['matmuls']:8.3f} ms   {r['matmuls_faults']:6.0f} faults")
    print(f"    ratio step / matmuls           {r['step'] / r['matmuls']:8.2f}x (target <= 1.5x)")
    print(f"    ratio fit / matmuls            {r['fit'] / r['matmuls']:8.2f}x")
    print(f"    load average                   {os.getloadavg()[0]:8.2f} (on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
