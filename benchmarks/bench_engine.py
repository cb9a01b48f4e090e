"""Engine timings: one SGD step of the seeds' 2-3-1 net, and one full-batch epoch
of a 64-32-10 sigmoid net against the bare numpy matmuls that epoch needs.

Run (with mlpviz installed, as ``make bench`` does; from a bare checkout prefix
``PYTHONPATH=.``)::

    .venv/bin/python benchmarks/bench_engine.py

Targets: (a) the 2-3-1 step well under 50 µs; (b) the epoch at most 1.5× the
cost of its matmuls alone. The figures depend on the BLAS build and on the
OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE variables (printed below, never changed here).

"The epoch" is one epoch of ``net.fit`` in a run of 20: what training costs
per epoch. "The matmuls alone" are the five products an epoch needs, written
as numpy expressions (``X @ W.T`` ...). Both are printed with the minor page
faults they cause: on these virtual machines a fresh array of a 1797-row batch
costs a page fault per 4 KiB (glibc hands big freed blocks back to the
kernel), about as much time as the arithmetic on it. ``fit`` therefore
overwrites one set of arrays for every step; ``net.step`` and
``fit(epochs=1)`` allocate theirs and are printed for comparison, and so are
the matmuls writing into kept arrays (``out=``), which shows what the
elementwise work costs beside them when neither side allocates.

Seen on the 2-core development machine (load 0.5–0.8): (a) ≈ 29–34 µs;
(b) ≈ 0.44–0.67 ms per epoch against ≈ 0.37–0.48 ms of matmuls, 1.20–1.39×,
target met; against the matmuls into kept arrays, 1.95–2.3× (the sigmoids'
exp and division over the 1797×42 sums, σ', the δ products and the bias adds
cost about as much as the products themselves at this size). Under a load
above 1 the ratios grow by about 0.1–0.2.
"""
from __future__ import annotations

import os
import resource
import statistics
import time

import numpy as np

from _timing import blas_info, median_time
from mlpviz import MLP


def bench_step() -> float:
    """(a) One per-sample SGD step (forward + backward + update) of a 2-3-1 sigmoid net, in µs."""
    net = MLP([2, 3, 1], activation="sigmoid", seed=0)
    x = np.array([0.5, 0.5])
    z = np.array([0.91])
    return median_time(lambda: net.step(x, z, 0.1), repeats=31, number=2000) * 1e6


def _minor_faults() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def bench_epoch(repeats: int = 31, number: int = 10, epochs: int = 20) -> dict[str, float]:
    """(b) One full-batch epoch of a 64-32-10 sigmoid net on 1797 samples vs its matmuls.

    The timings are interleaved (one run of each per repetition) so a busy
    machine slows them alike. Medians in ms per epoch, and minor page faults
    per epoch.
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

    out = [np.empty((n, sizes[1])), np.empty((n, sizes[2])), np.empty((n, sizes[1])),
           np.empty((sizes[2], sizes[1])), np.empty((sizes[1], sizes[0]))]

    def matmuls_into():
        np.matmul(X, W0.T, out=out[0])
        np.matmul(a1, W1.T, out=out[1])
        np.matmul(d1, W1, out=out[2])
        np.matmul(d1.T, a1, out=out[3])
        np.matmul(d0.T, X, out=out[4])

    # name: (function, calls per timing, epochs per call)
    cases = {
        "fit_run": (lambda: net.fit(X, Z, epochs=epochs, lr=lr, batch_size=n), 1, epochs),
        "fit_one": (lambda: net.fit(X, Z, epochs=1, lr=lr, batch_size=n), number, 1),
        "step": (lambda: net.step(X, Z, lr), number, 1),
        "matmuls": (matmuls, number, 1),
        "matmuls_into": (matmuls_into, number, 1),
    }
    times: dict[str, list[float]] = {k: [] for k in cases}
    faults: dict[str, int] = {k: 0 for k in cases}
    for fn, _, _ in cases.values():
        fn()  # warm up
    for _ in range(repeats):
        for name, (fn, calls, per_call) in cases.items():
            f0, t0 = _minor_faults(), time.perf_counter()
            for _ in range(calls):
                fn()
            times[name].append((time.perf_counter() - t0) / (calls * per_call))
            faults[name] += _minor_faults() - f0
    result = {k: statistics.median(v) * 1e3 for k, v in times.items()}
    result.update({f"{k}_faults": faults[k] / (repeats * calls * per_call)
                   for k, (_, calls, per_call) in cases.items()})
    return result


def main() -> None:
    print(blas_info())
    print()
    step_us = bench_step()
    print(f"(a) 2-3-1 per-sample SGD step (forward+backward+update): {step_us:.1f} µs "
          f"(median; target < 50 µs)")
    r = bench_epoch()
    rows = [
        ("fit_run", "net.fit(epochs=20, batch=all), per epoch"),
        ("fit_one", "net.fit(epochs=1, batch=all)"),
        ("step", "net.step(X, Z, lr)"),
        ("matmuls", "the five matmuls, as numpy expressions"),
        ("matmuls_into", "the five matmuls into kept arrays (out=)"),
    ]
    print("(b) 64-32-10 sigmoid, full batch of 1797 samples (median ms per epoch; minor page faults per epoch):")
    for key, label in rows:
        print(f"    {label:44s} {r[key]:7.3f} ms  {r[key + '_faults']:5.0f} faults")
    print(f"    ratio fit epoch / matmuls                    {r['fit_run'] / r['matmuls']:7.2f}x  (target <= 1.5x)")
    print(f"    ratio fit epoch / matmuls into kept arrays   {r['fit_run'] / r['matmuls_into']:7.2f}x  "
          f"(stricter: neither side allocates)")
    print(f"    ratio fit(epochs=1) / matmuls                {r['fit_one'] / r['matmuls']:7.2f}x  "
          f"(allocates its arrays once per call)")
    print(f"    ratio step / matmuls                         {r['step'] / r['matmuls']:7.2f}x  "
          f"(new arrays every call: it returns them)")
    print(f"    load average                                 {os.getloadavg()[0]:7.2f} (on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
