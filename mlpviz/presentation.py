"""Presenting in class: one switch to projector sizes for every picture and widget.

``mlpviz.presenter()`` in a notebook's first cell (or ``presenter(on=False)``
to go back) switches

* matplotlib: the package's style sheet ``mlpviz/resources/presenter.mplstyle``
  goes into ``matplotlib.rcParams`` (the notebook's own figures grow too), and
  every mlpviz picture draws with it (:func:`mlpviz.plots.style.plot_style`);
* the widgets made afterwards (:class:`~mlpviz.widgets.TrainerWidget`,
  :class:`~mlpviz.widgets.DescentExplorer`,
  :class:`~mlpviz.widgets.StageStepper`): narrower figures with larger text,
  control groups that each stay on one row, formula panels one formula a row.

Measured at a 1024×768 screen with 150 % zoom and the file browser hidden
(``tests/browser/test_lab_presenting.py``): the smallest text in a figure is at
least 14 device pixels tall, no group of controls wraps, and no formula panel
scrolls sideways.
"""
from __future__ import annotations

__all__ = ["presenter", "presenting", "smallest_text"]

_saved_rc: dict = {}


def presenter(on: bool = True) -> None:
    """Switch every figure and widget the suite draws to projector sizes (or back).

    Parameters
    ----------
    on : bool, default True
        True: apply the presenter style sheet to ``matplotlib.rcParams`` and to
        every mlpviz picture, and build widgets at projector sizes.  False:
        restore the rc values the switch replaced, and the classroom sizes.

    Raises
    ------
    ValueError
        If ``on`` is not True or False.

    Notes
    -----
    Widgets take their sizes when they are made: call this before the cells
    that create them (re-run a widget's cell after switching).  The style sheet
    is matplotlib's own format; ``plt.style.use(mlpviz.plots.style.PRESENTER_STYLE)``
    applies the same sizes without mlpviz's widgets.
    """
    import numpy as np

    if not isinstance(on, (bool, np.bool_)):
        raise ValueError(f"on: expected True or False, got {on!r}")
    import matplotlib as mpl

    from .plots import style

    rc = style.presenter_rc()
    if on and not style._presenter["on"]:
        _saved_rc.clear()
        _saved_rc.update({key: mpl.rcParams[key] for key in rc})
        mpl.rcParams.update(rc)
    elif not on and style._presenter["on"]:
        mpl.rcParams.update(_saved_rc)
        _saved_rc.clear()
    style._presenter["on"] = bool(on)


def presenting() -> bool:
    """True while :func:`presenter` is on."""
    from .plots.style import presenting as on

    return on()


def smallest_text(fig) -> float:
    """The height in pixels of a figure's PNG of its smallest text (a font size, in pixels).

    Every visible, non-empty text counts: titles, labels, tick labels, legend
    entries, the numbers written on a diagram.  Multiply by the factor the page
    scales the picture with (shown width / PNG width) and by the device pixel
    ratio to get device pixels, as ``tests/browser/test_lab_presenting.py`` does.

    Parameters
    ----------
    fig : matplotlib.figure.Figure

    Returns
    -------
    float
        ``min(font size in points) × dpi / 72``; ``inf`` for a figure without text.

    Raises
    ------
    ValueError
        If ``fig`` is not a matplotlib Figure.
    """
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    if not isinstance(fig, Figure):
        raise ValueError(f"fig: expected a matplotlib Figure, got {type(fig).__name__}")
    def shown(text) -> bool:
        return bool(text.get_visible() and text.get_text().strip()
                    and (text.axes is None or text.axes.get_visible()))

    sizes = [t.get_fontsize() for t in fig.findobj(Text) if shown(t)]
    return min(sizes, default=float("inf")) * fig.dpi / 72
