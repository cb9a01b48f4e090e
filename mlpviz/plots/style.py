"""The shared look of every mlpviz picture: readable from the back of a classroom.

* fonts 13–15 pt, lines 2.5 pt;
* the Okabe–Ito palette, which stays distinguishable for the common kinds of
  colour blindness; positive weights blue, negative weights vermillion.

Every plotting function draws inside :func:`plot_style` so it looks the same
whatever the notebook's own rc settings are; nothing here changes global state.
While :func:`mlpviz.presenter` is on, :func:`plot_style` also applies the
presenter style sheet (``mlpviz/resources/presenter.mplstyle``: larger fonts
and lines for a projector), and :func:`scaled` grows the sizes a picture fixes
itself (``fontsize=scaled(12)``) by the same factor.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt

__all__ = ["COLORS", "POSITIVE", "NEGATIVE", "HIGHLIGHT", "NEUTRAL", "RC", "plot_style", "new_figure",
           "figure_and_axes", "root_figure", "scaled", "PRESENTER_STYLE", "presenter_rc", "presenting"]

#: Okabe & Ito (2008) colour-blind-safe palette.
COLORS = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#666666",
}
POSITIVE = COLORS["blue"]        #: colour of a positive weight
NEGATIVE = COLORS["vermillion"]  #: colour of a negative weight
HIGHLIGHT = COLORS["yellow"]     #: fill of a highlighted node
NEUTRAL = "#333333"              #: outlines, text

#: rc settings applied while drawing.
RC = {
    "font.size": 13,
    "axes.titlesize": 15,
    "axes.labelsize": 14,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 13,
    "figure.titlesize": 16,
    "lines.linewidth": 2.5,
    "lines.markersize": 8,
    "axes.linewidth": 1.2,
    "axes.grid": False,
    "grid.alpha": 0.35,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=[COLORS[c] for c in
                                         ("blue", "vermillion", "green", "orange", "sky", "purple", "black")]),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "savefig.bbox": "tight",
    "figure.constrained_layout.use": False,
}


#: The presenter style sheet shipped with the package (matplotlib's ``.mplstyle`` format).
PRESENTER_STYLE = Path(__file__).resolve().parents[1] / "resources" / "presenter.mplstyle"
_presenter = {"on": False, "rc": None}


def presenter_rc() -> dict:
    """The rc settings of the presenter style sheet (read once)."""
    if _presenter["rc"] is None:
        _presenter["rc"] = dict(mpl.rc_params_from_file(str(PRESENTER_STYLE), use_default_template=False))
    return _presenter["rc"]


def presenting() -> bool:
    """True while :func:`mlpviz.presenter` is on."""
    return _presenter["on"]


@contextmanager
def plot_style():
    """A context in which matplotlib uses :data:`RC` (restored afterwards), and the presenter
    style sheet over it while :func:`mlpviz.presenter` is on."""
    with mpl.rc_context({**RC, **presenter_rc()} if _presenter["on"] else RC):
        yield


def scaled(points: float) -> float:
    """A font size fixed by a picture, grown with the style's base font size (inside :func:`plot_style`).

    ``scaled(12)`` is 12 with the classroom style (base 13 pt) and 12 × 17/13 ≈ 15.7 while presenting.
    """
    return points * float(mpl.rcParams["font.size"]) / RC["font.size"]


def new_figure(figsize=(8, 5.5), **kwargs):
    """A new figure managed by pyplot (so ``%matplotlib inline``/``widget`` show it).

    Call inside :func:`plot_style`.  Extra keyword arguments go to ``plt.figure``.
    """
    return plt.figure(figsize=figsize, layout="constrained", **kwargs)


def figure_and_axes(ax=None, figsize=(8, 5.5), projection=None):
    """``(fig, ax)``: the figure of ``ax`` if given, else a new figure with one axes."""
    if ax is not None:
        if projection == "3d" and getattr(ax, "name", "") != "3d":
            raise ValueError("ax: this picture needs a 3-D axes; create it with "
                             "fig.add_subplot(projection='3d') or pass ax=None")
        return root_figure(ax), ax
    fig = new_figure(figsize)
    ax = fig.add_subplot(projection=projection) if projection else fig.add_subplot()
    return fig, ax


def root_figure(artist):
    """The top-level :class:`~matplotlib.figure.Figure` of an axes, subfigure or figure."""
    fig = artist if not hasattr(artist, "axes") or hasattr(artist, "subfigs") else artist.figure
    while getattr(fig, "figure", None) is not None and fig.figure is not fig:
        fig = fig.figure
    return fig
