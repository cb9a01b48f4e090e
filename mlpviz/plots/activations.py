"""Activation functions f(s) and their derivatives f'(s), one panel each."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..activations import get_activation
from ..validation import check_range
from .style import COLORS, new_figure, plot_style, scaled

__all__ = ["plot_activations"]


def plot_activations(names: Sequence[str] = ("sigmoid", "tanh", "relu"), derivatives: bool = True,
                     s_range: Sequence[float] = (-6.0, 6.0), fig=None):
    """One panel per activation: f(s) solid, f'(s) dashed.

    Parameters
    ----------
    names : sequence of str
        Activation names from :data:`mlpviz.activations.ACTIVATIONS`.
    derivatives : bool, default True
        Also draw f'(s) (from the activation's own ``df``).
    s_range : (float, float)
        The range of the weighted sum s.
    fig : Figure, optional
        Draw into this figure (its contents are replaced).

    Returns
    -------
    matplotlib.figure.Figure
        Panel ``k`` has lines with gid ``"f:{name}"`` and ``"df:{name}"``.

    Raises
    ------
    ValueError
        If a name is not an activation, or ``s_range`` is not ``(lo, hi)`` with lo < hi.
    """
    if isinstance(names, str):
        names = (names,)
    acts = [get_activation(n, where=f"names[{i}]") for i, n in enumerate(names)]
    for i, act in enumerate(acts):
        if not act.elementwise:
            raise ValueError(f"names[{i}]: the {act.name} is a function of all the sums of a layer, not a "
                             f"curve of one s; choose from sigmoid, tanh, relu, linear")
    if not acts:
        raise ValueError("names: expected at least one activation name")
    lo, hi = check_range(s_range, "s_range")
    s = np.linspace(lo, hi, 601)
    with plot_style():
        if fig is None:
            fig = new_figure((4.6 * len(acts) + 0.6, 4.8))
        else:
            fig.clear()
        axes = np.atleast_1d(fig.subplots(1, len(acts), sharey=False))
        for ax, act in zip(axes, acts):
            a = act.f(s)
            ax.axhline(0, color="black", linewidth=0.8)
            ax.axvline(0, color="black", linewidth=0.8)
            ax.plot(s, a, color=COLORS["blue"], gid=f"f:{act.name}", label="f(s)")
            if derivatives:
                ax.plot(s, act.df(s, a), color=COLORS["vermillion"], linestyle="--",
                        gid=f"df:{act.name}", label="f′(s)")
            ax.set_title(act.name)
            ax.set_xlabel("weighted sum s")
            ax.set_xlim(lo, hi)
            ax.grid(True)
            ax.legend(loc="upper left", fontsize=scaled(12))
        axes[0].set_ylabel("value")
    return fig
