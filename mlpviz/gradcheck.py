"""Derivatives by nudging: the calculus-free check on backpropagation.

A derivative is a slope, and a slope can be measured: nudge the input a
little both ways and divide the change in the output by the nudge::

    f'(x) ≈ (f(x + h) − f(x − h)) / 2h          (central difference)

The error of this estimate shrinks like h², so h = 1e-6 gives about ten
correct digits in float64 — enough to catch any mistake in a backward pass.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import numpy as np
from numpy.typing import ArrayLike

if TYPE_CHECKING:
    from .network import MLP

__all__ = ["numerical_slope", "finite_difference_gradients"]


def numerical_slope(f: Callable[[float], float], x: float, h: float = 1e-6) -> float:
    """The slope of a one-variable function at ``x`` by a central difference, (f(x+h) − f(x−h)) / 2h.

    A derivative found without calculus: compare it with the formula's value.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``.
    x : float
        Where to measure the slope.
    h : float, default 1e-6
        The nudge, positive.

    Returns
    -------
    float
    """
    if isinstance(h, bool) or not isinstance(h, (int, float)) or not np.isfinite(h) or h <= 0:
        raise ValueError(f"h: expected a small positive step, got {h!r}")
    x = float(x)
    return (float(f(x + h)) - float(f(x - h))) / (2 * h)


def finite_difference_gradients(net: MLP, x: ArrayLike, z: ArrayLike,
                                h: float = 1e-6) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """∂L/∂W and ∂L/∂b by central differences: a check on backpropagation that uses no calculus.

    Each parameter θ in turn is nudged both ways and the loss measured::

        ∂L/∂θ ≈ (L(θ + h) − L(θ − h)) / 2h

    Parameters
    ----------
    net : MLP
        Left unchanged (a copy is nudged).
    x, z : array
        Input(s) and target(s), as for :meth:`MLP.loss`.
    h : float, default 1e-6
        The nudge.

    Returns
    -------
    (dW, db) : lists of arrays shaped like ``net.weights`` and ``net.biases``
    """
    if isinstance(h, bool) or not isinstance(h, (int, float)) or not np.isfinite(h) or h <= 0:
        raise ValueError(f"h: expected a small positive step, got {h!r}")
    probe = net.copy()
    params = probe.weights + probe.biases
    grads = [np.zeros_like(p) for p in params]
    for p, g in zip(params, grads):
        for idx in np.ndindex(p.shape):
            theta = p[idx]
            p[idx] = theta + h
            up = probe.loss(x, z)
            p[idx] = theta - h
            down = probe.loss(x, z)
            p[idx] = theta
            g[idx] = (up - down) / (2 * h)
    L = net.n_layers
    return grads[:L], grads[L:]
