"""The confusion matrix as a picture: rows are the true classes, columns the predicted ones."""
from __future__ import annotations

import numpy as np

from ..validation import check_array
from .style import figure_and_axes, plot_style, scaled

__all__ = ["plot_confusion_matrix"]


def plot_confusion_matrix(C, ax=None, class_names=None, title: str | None = None):
    """A confusion matrix as a grid of shaded cells, each with its count.

    Parameters
    ----------
    C : array_like, shape (n_classes, n_classes)
        ``C[i, j]``: samples of true class ``i`` predicted as ``j``
        (:func:`mlpviz.metrics.confusion_matrix`); whole counts ≥ 0.
    ax : Axes, optional
    class_names : sequence of str, optional
        Default ``0, 1, …``.
    title : str, optional
        Default: the accuracy, the diagonal's share of all counts.

    Returns
    -------
    matplotlib.figure.Figure
        The image has gid ``"confusion"``; the count in cell (i, j) is the text with gid ``"count:{i}:{j}"``.

    Raises
    ------
    ValueError
        If ``C`` is not a square array of whole numbers ≥ 0, or ``class_names`` has the wrong length.
    """
    C = check_array(C, "C", ndim=2)
    if C.shape[0] != C.shape[1] or C.shape[0] == 0:
        raise ValueError(f"C: expected a square matrix of counts, got shape {C.shape}")
    if (C < 0).any() or (C != np.round(C)).any():
        raise ValueError("C: expected whole counts ≥ 0")
    n = C.shape[0]
    names = [str(k) for k in range(n)] if class_names is None else [str(c) for c in class_names]
    if len(names) != n:
        raise ValueError(f"class_names: expected {n} names, got {len(names)}")
    total = C.sum()
    with plot_style():
        fig, ax = figure_and_axes(ax, figsize=(0.55 * n + 3, 0.55 * n + 2.5))
        # shade by the share of each true class (a row), so rare classes are as visible as common ones
        share = C / np.maximum(C.sum(axis=1, keepdims=True), 1)
        ax.imshow(share, cmap="Blues", vmin=0, vmax=1, gid="confusion")
        for i in range(n):
            for j in range(n):
                if C[i, j]:
                    ax.text(j, i, f"{int(C[i, j])}", ha="center", va="center", fontsize=scaled(11),
                            color="white" if share[i, j] > 0.5 else "black", gid=f"count:{i}:{j}")
        ax.set_xticks(range(n), names)
        ax.set_yticks(range(n), names)
        ax.set_xlabel("predicted class")
        ax.set_ylabel("true class")
        if title is None:
            title = f"accuracy {np.trace(C) / total:.3f} ({int(np.trace(C))} of {int(total)})" if total else ""
        if title:
            ax.set_title(title)
    return fig
