"""How long the symbolic gradient takes: derive + lambdify + evaluate, cold and warm.

Run from the repository root (with mlpviz installed, e.g. after ``make install``,
or with ``PYTHONPATH=.``)::

    .venv/bin/python benchmarks/bench_symbolic.py

Each cold measurement runs in a fresh Python process, so nothing is cached:
``import`` is the time to import sympy and mlpviz.symbolic, ``cold`` the first
``mlpviz.symbolic.gradients(net, x, z)`` (sympy builds L, differentiates it by
every parameter, lambdifies the result and evaluates it), ``warm`` a second
call on new weights (cached derivation, evaluation only), and ``derive`` one
chain-rule display (``SymbolicMLP.derive`` of the first weight, with its
numbers). Target: cold ≤ 0.5 s for the seeds' 2-3-1 network.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time

NETWORKS = [([2, 3, 1], "sigmoid"), ([2, 3, 1], "tanh"), ([2, 3, 1], "relu"),
            ([2, 4, 4, 1], "sigmoid"), ([2, 4, 4, 1], "tanh"), ([2, 4, 4, 1], "relu")]
REPEATS = 3  # cold runs per network (fresh processes); the median is printed


def measure(sizes: list[int], activation: str) -> dict:
    """One cold measurement, in this (fresh) process."""
    t0 = time.perf_counter()
    import numpy as np

    import mlpviz.symbolic as symbolic
    from mlpviz import MLP

    t1 = time.perf_counter()
    net = MLP(sizes, activation, seed=0)
    x = np.full(sizes[0], 0.5)
    z = np.full(sizes[-1], 0.91)
    t2 = time.perf_counter()
    symbolic.gradients(net, x, z)
    t3 = time.perf_counter()
    net2 = MLP(sizes, activation, seed=1)
    t4 = time.perf_counter()
    symbolic.gradients(net2, x, z)
    t5 = time.perf_counter()
    model = symbolic.SymbolicMLP.from_network(net)
    rule = model.derive(model.parameters[0])
    rule.numeric(net, x, z)
    rule.to_latex()
    t6 = time.perf_counter()
    return {"import": t1 - t0, "cold": t3 - t2, "warm": t5 - t4, "derive": t6 - t5,
            "parameters": len(model.parameters)}


def main() -> None:
    print(f"{'network':<10} {'activation':<10} {'params':>6} {'import s':>9} {'cold s':>8} "
          f"{'warm ms':>8} {'derive s':>9}")
    for sizes, activation in NETWORKS:
        runs = []
        for _ in range(REPEATS):
            out = subprocess.run([sys.executable, __file__, "--one", json.dumps(sizes), activation],
                                 capture_output=True, text=True, check=True)
            runs.append(json.loads(out.stdout))
        med = {k: sorted(r[k] for r in runs)[REPEATS // 2] for k in runs[0]}
        name = "-".join(map(str, sizes))
        print(f"{name:<10} {activation:<10} {med['parameters']:>6} {med['import']:>9.3f} "
              f"{med['cold']:>8.3f} {1000 * med['warm']:>8.3f} {med['derive']:>9.3f}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(json.dumps(measure(json.loads(sys.argv[2]), sys.argv[3])))
    else:
        main()
