"""Min-max scaling, before and after: each column's values on its own axis."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..format import number
from ..validation import check_array, check_range
from .style import COLORS, new_figure, plot_style, scaled

__all__ = ["plot_scaling"]

_SAMPLE_COLORS = [COLORS[c] for c in ("blue", "vermillion", "green", "orange", "purple", "sky", "black")]


def _as_2d(X, name: str) -> np.ndarray:
    arr = check_array(X, name, ndim=(1, 2), finite=False)     # NaN: a value the scaler could not scale
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"{name}: expected a non-empty 2-D array (rows = samples), got shape {arr.shape}")
    return arr


def plot_scaling(X, X_scaled, names: Sequence[str] | None = None, feature_range: Sequence[float] | None = None,
                 fig=None, annotate: bool | None = None):
    """Each column before (top row) and after (bottom row) scaling.

    Every sample keeps its colour in both rows, so one can follow where each
    value lands.

    Parameters
    ----------
    X, X_scaled : arrays (n_samples, n_columns)
        The original and the scaled values (e.g. ``MinMaxScaler().fit_transform(X)``).
    names : sequence of str, optional
        Column names; default ``column 0``, ``column 1``…
    feature_range : (lo, hi), optional
        The target range, drawn as the scaled axis limits (default: from the data, at least [0, 1]).
    fig : Figure, optional
        Draw into this figure (its contents are replaced).
    annotate : bool, optional
        Write each value next to its dot (default: when there are at most 8 samples).

    Returns
    -------
    matplotlib.figure.Figure
        The dots of column ``c`` are scatter collections with gid ``"original:{c}"`` and ``"scaled:{c}"``.
    """
    X = _as_2d(X, "X")
    Xs = _as_2d(X_scaled, "X_scaled")
    if X.shape != Xs.shape:
        raise ValueError(f"X_scaled: expected the shape of X {X.shape}, got {Xs.shape}")
    n, m = X.shape
    if names is None:
        names = [f"column {c}" for c in range(m)]
    names = [str(v) for v in names]
    if len(names) != m:
        raise ValueError(f"names: expected {m} column names, got {len(names)}: {names!r}")
    if feature_range is not None:
        lo, hi = check_range(feature_range, "feature_range")
    else:
        lo = min(0.0, float(np.nanmin(Xs)))
        hi = max(1.0, float(np.nanmax(Xs)))
    if annotate is None:
        annotate = n <= 8
    colors = [_SAMPLE_COLORS[i % len(_SAMPLE_COLORS)] for i in range(n)]
    with plot_style():
        if fig is None:
            fig = new_figure((max(7.0, 4.3 * m), 4.2))
        else:
            fig.clear()
        axes = np.array(fig.subplots(2, m, squeeze=False))
        for c in range(m):
            top, bottom = axes[0, c], axes[1, c]
            for ax, values, gid, span in ((top, X[:, c], f"original:{c}", None),
                                          (bottom, Xs[:, c], f"scaled:{c}", (lo, hi))):
                ax.scatter(values, np.zeros(n), s=130, c=colors, edgecolors="black", linewidths=1,
                           zorder=3, gid=gid, clip_on=False)
                if annotate:
                    # neighbours (by value) alternate between two heights so labels never collide
                    rank = np.empty(n, dtype=int)
                    rank[np.argsort(values, kind="stable")] = np.arange(n)
                    for i, v in enumerate(values):
                        ax.annotate(f"{v:g}" if span is None else number(v), (v, 0), textcoords="offset points",
                                    xytext=(0, 11 if rank[i] % 2 == 0 else 29), ha="center", va="bottom",
                                    fontsize=scaled(12), color=colors[i], zorder=2,
                                    bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none"))
                if span is None:
                    vmin, vmax = float(np.min(values)), float(np.max(values))
                    pad = 0.12 * (vmax - vmin) if vmax > vmin else 1.0
                    ax.set_xlim(vmin - pad, vmax + pad)
                else:
                    pad = 0.08 * (span[1] - span[0])
                    ax.set_xlim(span[0] - pad, span[1] + pad)
                    ax.vlines(span, 0, 0.9, color=COLORS["grey"], linestyle=":", linewidth=1.5, zorder=1)
                ax.set_ylim(-0.4, 1)
                ax.set_yticks([])
                ax.spines["bottom"].set_position(("data", 0))
                for side in ("left", "right", "top"):
                    ax.spines[side].set_visible(False)
            top.set_title(names[c])
            if c == 0:
                top.set_ylabel("original", rotation=0, ha="right", va="center")
                bottom.set_ylabel("scaled", rotation=0, ha="right", va="center")
    return fig
