"""Rows of pixels shown as the small images they are (the digits' 8×8 scans)."""
from __future__ import annotations

import numpy as np

from ..validation import check_array, check_count
from .style import new_figure, plot_style, root_figure, scaled

__all__ = ["plot_images"]


def plot_images(X, titles=None, shape=(8, 8), ncols: int = 8, fig=None, cmap: str = "gray_r"):
    """Each row of ``X`` as a grey image, in a grid, with an optional title above each.

    Parameters
    ----------
    X : array_like, shape (n_images, height * width)
        Pixel values, one image per row read row by row (the digits: 64 values 0–16).
    titles : sequence of str, optional
        One per image (e.g. "true 3, said 8").
    shape : (int, int), default (8, 8)
        Height and width of an image.
    ncols : int, default 8
        Images per row of the grid.
    fig : Figure or SubFigure, optional
    cmap : str, default "gray_r"
        Dark ink on white paper.

    Returns
    -------
    matplotlib.figure.Figure
        Axes in reading order; image ``k`` has gid ``"image:{k}"``, spare cells are hidden.

    Raises
    ------
    ValueError
        If ``X`` is empty or its rows are not ``height * width`` long, or ``titles`` has the wrong length.
    """
    X = check_array(X, "X", ndim=(1, 2))
    if X.ndim == 1:
        X = X[None, :]
    if not (isinstance(shape, (tuple, list)) and len(shape) == 2):
        raise ValueError(f"shape: expected (height, width), got {shape!r}")
    h, w = check_count(shape[0], "shape[0]"), check_count(shape[1], "shape[1]")
    if len(X) == 0 or X.shape[1] != h * w:
        raise ValueError(f"X: expected rows of {h} × {w} = {h * w} pixels, got shape {X.shape}")
    ncols = check_count(ncols, "ncols", high=100)
    if titles is not None and (isinstance(titles, str) or len(titles) != len(X)):
        raise ValueError(f"titles: expected {len(X)} titles (one per image), got {titles!r}"[:200])
    n = len(X)
    cols = min(ncols, n)
    rows = -(-n // cols)
    lo, hi = float(X.min()), float(X.max())
    with plot_style():
        target = fig if fig is not None else new_figure(figsize=(1.7 * cols, 1.9 * rows))
        axes = np.atleast_1d(target.subplots(rows, cols, squeeze=False).ravel())
        for k, ax in enumerate(axes):
            ax.set_xticks([])
            ax.set_yticks([])
            if k >= n:
                ax.set_visible(False)
                continue
            ax.imshow(X[k].reshape(h, w), cmap=cmap, vmin=lo, vmax=hi if hi > lo else lo + 1,
                      gid=f"image:{k}")
            if titles is not None:
                ax.set_title(str(titles[k]), fontsize=scaled(11))
    return root_figure(target)
