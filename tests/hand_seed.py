"""The seeds' 2-3-1 example worked by hand, in plain Python (math.exp), step by step.

This is the *independent* calculation the engine tests compare against: no numpy,
no mlpviz, every node written out the way seeds 000/001 write it. Only the inputs
are taken from the seeds (the initial weights from the configuration file, the
inputs, the target and the learning rate); every derived number is computed here.
"""
from __future__ import annotations

import math

# The initial weights and biases of the seeds' configuration file (inputs, not results).
WH = [[-0.5, -1.0],   # hidden node 0: weights from x[0], x[1]
      [-0.5, 0.5],    # hidden node 1
      [1.0, 0.0]]     # hidden node 2
BH = [0.5, 0.5, 0.5]
WO = [0.5, -1.0, 0.0]  # output node: weights from a_h[0], a_h[1], a_h[2]
BO = 0.5

TARGET = 0.91
ETA = 0.1

# The seeds' dataset (i0, i1, z0), an input.
DATASET = [[70, 98, 91],
           [50, 85, 82],
           [65, 67, 80],
           [25, 95, 68]]


def sigma(s: float) -> float:
    """σ(s) = 1 / (1 + e^(−s))."""
    return 1.0 / (1.0 + math.exp(-s))


def tanh(s: float) -> float:
    """tanh(s) = (e^s − e^(−s)) / (e^s + e^(−s))."""
    return (math.exp(s) - math.exp(-s)) / (math.exp(s) + math.exp(-s))


def d_sigma(a: float) -> float:
    """σ'(s) written with a = σ(s): a(1 − a)."""
    return a * (1.0 - a)


def d_tanh(a: float) -> float:
    """tanh'(s) written with a = tanh(s): 1 − a²."""
    return 1.0 - a * a


F = {"sigmoid": (sigma, d_sigma), "tanh": (tanh, d_tanh)}


def forward(x0: float, x1: float, act: str, wh=WH, bh=BH, wo=WO, bo=BO) -> dict:
    """The forward pass node by node, as the seed writes it."""
    f, _ = F[act]
    s_h0 = x0 * wh[0][0] + x1 * wh[0][1] + bh[0]
    s_h1 = x0 * wh[1][0] + x1 * wh[1][1] + bh[1]
    s_h2 = x0 * wh[2][0] + x1 * wh[2][1] + bh[2]
    a_h0 = f(s_h0)
    a_h1 = f(s_h1)
    a_h2 = f(s_h2)
    s_o = a_h0 * wo[0] + a_h1 * wo[1] + a_h2 * wo[2] + bo
    y_o = f(s_o)
    return {"s_h": [s_h0, s_h1, s_h2], "a_h": [a_h0, a_h1, a_h2], "s_o": s_o, "y_o": y_o}


def one_step(x0: float, x1: float, act: str, z: float = TARGET, eta: float = ETA,
             wh=WH, bh=BH, wo=WO, bo=BO) -> dict:
    """Forward, error signals and the new weights after one update (seed 001's Step 5)."""
    _, df = F[act]
    fw = forward(x0, x1, act, wh, bh, wo, bo)
    a_h, y_o = fw["a_h"], fw["y_o"]
    loss = 0.5 * (y_o - z) ** 2
    d_o = df(y_o) * (y_o - z)                       # δo = f'(s_o)·(y_o − z)
    d_h0 = df(a_h[0]) * wo[0] * d_o                  # δh = f'(s_h)·w_oi·δo
    d_h1 = df(a_h[1]) * wo[1] * d_o
    d_h2 = df(a_h[2]) * wo[2] * d_o
    d_h = [d_h0, d_h1, d_h2]
    wo_new = [wo[0] - eta * d_o * a_h[0],            # w_o − η·δo·a_h
              wo[1] - eta * d_o * a_h[1],
              wo[2] - eta * d_o * a_h[2]]
    bo_new = bo - eta * d_o
    x = [x0, x1]
    wh_new = [[wh[j][k] - eta * d_h[j] * x[k] for k in range(2)] for j in range(3)]  # w_h − η·δh·x
    bh_new = [bh[j] - eta * d_h[j] for j in range(3)]
    return dict(fw, loss=loss, d_o=d_o, d_h=d_h, wo_new=wo_new, bo_new=bo_new, wh_new=wh_new, bh_new=bh_new)


def loss_table(x0: float, x1: float, act: str, iterations: int, z: float = TARGET, eta: float = ETA) -> list[float]:
    """A second implementation of per-sample SGD: the loss *before* each of ``iterations`` updates."""
    wh = [row[:] for row in WH]
    bh = BH[:]
    wo = WO[:]
    bo = BO
    losses = []
    for _ in range(iterations):
        st = one_step(x0, x1, act, z, eta, wh, bh, wo, bo)
        losses.append(st["loss"])
        wh, bh, wo, bo = st["wh_new"], st["bh_new"], st["wo_new"], st["bo_new"]
    return losses


def column(j: int) -> list[float]:
    return [float(row[j]) for row in DATASET]


def scale01(v: float, j: int) -> float:
    """(data − min) / (max − min) for column j."""
    col = column(j)
    return (v - min(col)) / (max(col) - min(col))


def scale11(v: float, j: int) -> float:
    """(data − min) / (max − min) × 2 − 1 for column j."""
    return scale01(v, j) * 2 - 1


def descent(steps: int, x: float = 3.0, y: float = 4.0, eta: float = 0.1) -> list[dict]:
    """Gradient descent on f = x² + y² by hand: one row per step (f of the new point too)."""
    rows = []
    for _ in range(steps):
        gx, gy = 2 * x, 2 * y
        x_new, y_new = x - eta * gx, y - eta * gy
        rows.append({"x": x, "y": y, "∇f(x)": gx, "∇f(y)": gy, "x_new": x_new, "y_new": y_new,
                     "f(x_new, y_new)": x_new ** 2 + y_new ** 2, "f(x, y)": x ** 2 + y ** 2})
        x, y = x_new, y_new
    return rows
