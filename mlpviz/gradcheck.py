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

from .validation import check_number

if TYPE_CHECKING:
    from .format import Table
    from .network import MLP

__all__ = ["numerical_slope", "finite_difference_gradients", "gradient_table"]


def _check_h(h) -> float:
    return check_number(h, "h", positive=True, what="a small positive step, the nudge")


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

    Raises
    ------
    ValueError
        If ``h`` is not a positive finite number or ``x`` not a finite number.
    """
    h = _check_h(h)
    x = check_number(x, "x")
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

    Raises
    ------
    ValueError
        If ``h`` is not a positive finite number.
    """
    h = _check_h(h)
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


def gradient_table(net: MLP, x: ArrayLike, z: ArrayLike, others: dict, digits: int = 6, tol: float = 1e-8,
                   title: str | None = None) -> Table:
    """Every parameter's gradient by backpropagation beside the same gradient found other ways.

    Parameters
    ----------
    net : MLP
    x, z : array
        The sample and its target.
    others : dict of str to (dW, db)
        ``{column title: (dW, db)}``, lists shaped like the weights and biases, e.g.
        ``{"finite differences": finite_difference_gradients(net, x, z)}``; an object with ``dW``
        and ``db`` attributes (:func:`mlpviz.symbolic.gradients`, a :class:`Gradients`) also works.
    digits : int, default 6
    tol : float, default 1e-8
        Agreement threshold of the last column.
    title : str, optional

    Returns
    -------
    Table
        One row per parameter (named by :mod:`mlpviz.notation`): backprop (:meth:`MLP.backward`),
        each other method, and "yes" when every method is within ``tol`` of backprop. (A yes/no
        rather than the difference itself, whose last digits are rounding noise that differs
        between machines.)

    Raises
    ------
    ValueError
        If ``others`` is empty or one of its gradients is not shaped like the network's parameters.
    """
    from .format import Table
    from .notation import Notation
    from .tables import flat_parameters

    tol = check_number(tol, "tol", positive=True)
    if not others:
        raise ValueError("others: expected at least one {title: (dW, db)} to compare with backprop")
    grads = net.backward(net.forward(x), z)
    backprop = flat_parameters(grads.dW, grads.db)
    columns = []
    for key, pair in others.items():
        try:
            dW, db = (pair.dW, pair.db) if hasattr(pair, "dW") else pair
            flat = flat_parameters(dW, db)
        except (TypeError, ValueError):
            flat = None
        if flat is None or len(flat) != len(backprop):
            raise ValueError(f"others[{key!r}]: expected (dW, db) shaped like the network's weights and biases")
        columns.append(flat)
    rows = []
    for i, name in enumerate(Notation(net.layer_sizes).parameters()):
        values = [col[i] for col in columns]
        agree = all(abs(v - backprop[i]) < tol for v in values)
        rows.append([name.text, backprop[i], *values, "yes" if agree else "NO"])
    return Table(rows, ["parameter", "backprop", *others, f"all within {tol:g}"],
                 [0, digits] + [digits] * len(others) + [0], title)
