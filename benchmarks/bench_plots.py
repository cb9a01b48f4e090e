"""Timings of the mlpviz pictures (draw + render to PNG), for widget redraw budgets.

Run: .venv/bin/python benchmarks/bench_plots.py
"""
from __future__ import annotations

import io
import os
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from mlpviz import MLP, MinMaxScaler  # noqa: E402
from mlpviz import plots  # noqa: E402
from mlpviz.descent import Descent, gradient_descent  # noqa: E402


def timed(name: str, make, repeat: int = 5) -> None:
    draw, total = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fig = make()
        t1 = time.perf_counter()
        fig.savefig(io.BytesIO(), format="png")
        t2 = time.perf_counter()
        plt.close(fig)
        draw.append(t1 - t0)
        total.append(t2 - t0)
    print(f"{name:42s} draw {1000 * np.median(draw):7.1f} ms   draw+png {1000 * np.median(total):7.1f} ms")


def main() -> None:
    small = MLP([2, 3, 1], seed=0)
    big = MLP([2, 15, 15, 1], activation="tanh", seed=0)
    X = np.random.default_rng(0).uniform(0, 1, (50, 2))
    Z = (X.sum(axis=1) > 1).astype(float)
    losses = np.exp(-np.linspace(0, 5, 1000))
    timed("draw_network 2-3-1 + trace", lambda: plots.draw_network(small, small.forward([0.5, 0.5])))
    timed("draw_network 2-15-15-1 + trace", lambda: plots.draw_network(big, big.forward([0.5, 0.5])))
    timed("draw_network_diff 2-3-1", lambda: plots.draw_network_diff(small, small.copy()))
    timed("plot_loss 1000 steps", lambda: plots.plot_loss(losses, per="step"))
    timed("plot_descent_contour bowl, 10 steps", lambda: plots.plot_descent_contour(gradient_descent()))
    timed("plot_descent (contour + 3-D)", lambda: plots.plot_descent(gradient_descent()))
    timed("plot_activations", lambda: plots.plot_activations())
    timed("plot_scaling 4x3", lambda: plots.plot_scaling(np.eye(4)[:, :3], np.eye(4)[:, :3]))
    timed("plot_decision_boundary 2-15-15-1, 200²", lambda: plots.plot_decision_boundary(big, X, Z))
    d = Descent()
    t0 = time.perf_counter()
    d.run(100_000)
    print(f"{'Descent.run(100000) on the bowl':42s} {1000 * (time.perf_counter() - t0):7.1f} ms")


if __name__ == "__main__":
    main()
