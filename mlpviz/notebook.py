"""Notebook setup: the display options every notebook starts with (``mv.notebook.setup()``)."""
from __future__ import annotations

import numpy as np

__all__ = ["setup"]


def setup(shell=None) -> None:
    """Display options every notebook starts with; changes nothing but how results are shown.

    * numpy prints 4 decimals and no scientific notation (``np.set_printoptions``);
    * a matplotlib figure is stored as its picture only: the inline backend otherwise stores the text
      ``<Figure size 800x500 with 1 Axes>`` beside each image, which is noise for a learner and for nbval.

    Parameters
    ----------
    shell : IPython shell, optional
        Default: the running one (``get_ipython()``); outside IPython only numpy is set up.
    """
    np.set_printoptions(precision=4, suppress=True)
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython comes with Jupyter
            return
        shell = get_ipython()
    if shell is None:
        return
    from matplotlib.figure import Figure

    shell.display_formatter.formatters["text/plain"].for_type(Figure, _figure_text)


def _figure_text(fig, printer, cycle) -> None:
    printer.text("")
