"""Gradient descent pictures: contours with the path, and the 3-D surface.

All three functions accept a :class:`~mlpviz.descent.DescentPath` or a
:class:`~mlpviz.descent.Descent` (its path so far); the function drawn is the
path's own unless ``function`` is given.

Artists (for tests and widgets): the path is the line with gid ``"path"``,
the start ``"start"``, the known minima ``"minimum"``, the arrows
``"arrow:{k}"``; in 3-D the path is ``"path3d"``.
"""
from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from ..descent import Descent, DescentPath, Function2D, get_function
from ..format import number as format_number
from .style import COLORS, figure_and_axes, new_figure, plot_style, root_figure, scaled

__all__ = ["plot_descent_contour", "plot_descent_surface", "plot_descent", "view_box", "update_descent_contour",
           "update_descent_surface"]

_MAX_ARROWS = 40


def _path_and_function(path_or_descent, function) -> tuple[DescentPath, Function2D]:
    if isinstance(path_or_descent, Descent):
        path = path_or_descent.path
    elif isinstance(path_or_descent, DescentPath):
        path = path_or_descent
    else:
        raise ValueError(f"path: expected a DescentPath (from gradient_descent) or a Descent, "
                         f"got {type(path_or_descent).__name__}")
    fn = path.function if function is None else get_function(function, "function")
    return path, fn


def view_box(path: DescentPath, function: Function2D, margin: float = 0.08):
    """``(xlim, ylim)`` containing the function's default box and every point of the path."""
    pts = path.points
    x_lo = min(function.xlim[0], float(pts[:, 0].min()))
    x_hi = max(function.xlim[1], float(pts[:, 0].max()))
    y_lo = min(function.ylim[0], float(pts[:, 1].min()))
    y_hi = max(function.ylim[1], float(pts[:, 1].max()))
    # a square-ish box keeps the equal-aspect picture readable: neither side
    # shorter than a third of the other (a path running off along one axis)
    span = max(x_hi - x_lo, y_hi - y_lo) / 3
    x_lo, x_hi = _widen(x_lo, x_hi, span)
    y_lo, y_hi = _widen(y_lo, y_hi, span)
    mx, my = margin * (x_hi - x_lo), margin * (y_hi - y_lo)
    return (x_lo - mx, x_hi + mx), (y_lo - my, y_hi + my)


def _widen(lo: float, hi: float, span: float) -> tuple[float, float]:
    """``(lo, hi)`` widened about its middle to at least ``span``."""
    if hi - lo >= span:
        return lo, hi
    mid = (lo + hi) / 2
    return mid - span / 2, mid + span / 2


def _grid(function: Function2D, xlim, ylim, n: int = 201):
    xs = np.linspace(*xlim, n)
    ys = np.linspace(*ylim, n)
    X, Y = np.meshgrid(xs, ys)
    with np.errstate(all="ignore"):
        F = np.asarray(function.f(X, Y), dtype=float) * np.ones_like(X)
    # far out (a diverged path's box) f may overflow: leave those points blank
    F[~np.isfinite(F)] = np.nan
    return X, Y, F


def _levels(F: np.ndarray, n: int = 14) -> np.ndarray | None:
    """Levels packed towards the minimum (square spacing), where the path ends; None if f is blank."""
    finite = F[np.isfinite(F)]
    if finite.size == 0:
        return None
    lo, hi = float(finite.min()), float(finite.max())
    with np.errstate(all="ignore"):
        levels = lo + (hi - lo) * np.linspace(0, 1, n + 1)[1:] ** 2
    levels = np.unique(levels[np.isfinite(levels)])
    return levels if levels.size >= 1 and hi > lo else None


def _title(path: DescentPath, fn: Function2D) -> str:
    text = f"${fn.latex}$" if fn.latex else fn.name
    state = ", diverged" if path.diverged else ""
    return f"{text},  η = {path.lr:g},  {len(path)} steps{state}"


def plot_descent_contour(path_or_descent, function=None, ax=None, title: str | None = None,
                         arrows: bool = True, numbers: int = 0, labels: bool = False):
    """Contours of f with the descent path on top.

    Parameters
    ----------
    path_or_descent : DescentPath or Descent
    function : str or Function2D, optional
        Draw this function's contours instead of the path's own.
    ax : Axes, optional
    title : str, optional
        Default: the formula, η and the number of steps.
    arrows : bool, default True
        An arrow for each of the first 40 steps.
    numbers : int, default 0
        Write the step number beside each of the first ``numbers`` points (0 is the start); points
        that coincide (a path bouncing between two places) share one label, ``"0, 2, 4"``.
    labels : bool, default False
        Write the value of f on the contour lines.

    Returns
    -------
    matplotlib.figure.Figure
    """
    path, fn = _path_and_function(path_or_descent, function)
    pts = path.points
    with plot_style():
        fig, ax = figure_and_axes(ax, figsize=(7, 6.5))
        xlim, ylim = view_box(path, fn)
        X, Y, F = _grid(fn, xlim, ylim)
        levels = _levels(F)
        if levels is not None:
            cs = ax.contour(X, Y, np.ma.masked_invalid(F), levels=levels, cmap="cividis", linewidths=1.4,
                            alpha=0.8)
            cs.set_gid("contours")
            if labels:
                ax.clabel(cs, levels[::2], fontsize=scaled(9), fmt=lambda v: format_number(v, 1))
        ax.plot(pts[:, 0], pts[:, 1], "-o", color=COLORS["vermillion"], markersize=6, linewidth=2,
                zorder=4, gid="path", label="path")
        if arrows:
            _arrows(ax, pts, xlim, ylim)
        places: dict[tuple[float, float], list[int]] = {}
        for k, p in enumerate(pts[:max(0, int(numbers))]):
            places.setdefault((round(float(p[0]), 9), round(float(p[1]), 9)), []).append(k)
        for (px, py), steps in places.items():
            ax.annotate(", ".join(map(str, steps)), (px, py), xytext=(8, 8), textcoords="offset points",
                        fontsize=scaled(11), zorder=7, gid=f"number:{steps[0]}",
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))
        ax.plot([pts[0, 0]], [pts[0, 1]], "s", color=COLORS["blue"], markersize=12, zorder=6,
                gid="start", label=f"start ({pts[0, 0]:g}, {pts[0, 1]:g})")
        if fn.minima:
            m = np.array(fn.minima, dtype=float)
            ax.plot(m[:, 0], m[:, 1], "*", color="black", markersize=18, zorder=6, gid="minimum",
                    label="minimum" if len(m) == 1 else "minima")
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_aspect("equal", adjustable="box")
        for spine in ax.spines.values():
            spine.set_visible(True)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        legend = ax.legend(fontsize=scaled(12), framealpha=0.9)
        legend.set_loc(_legend_corner(pts, fn, xlim, ylim, size=_legend_size(ax, legend)))
        ax.set_title(_title(path, fn) if title is None else title, fontsize=scaled(14))
    return fig


def _arrows(ax, pts: np.ndarray, xlim, ylim) -> list:
    """An arrowhead on every step long enough to carry one (short steps near the minimum would
    only pile heads on top of each other); the annotations added."""
    diag = float(np.hypot(xlim[1] - xlim[0], ylim[1] - ylim[0]))
    added = []
    for k in range(min(len(pts) - 1, _MAX_ARROWS)):
        if not np.isfinite(pts[k:k + 2]).all() or np.hypot(*(pts[k + 1] - pts[k])) < 0.04 * diag:
            continue
        added.append(ax.annotate("", xy=pts[k + 1], xytext=pts[k], zorder=5, gid=f"arrow:{k}",
                                 arrowprops=dict(arrowstyle="-|>", color=COLORS["vermillion"], lw=2,
                                                 mutation_scale=18, shrinkA=0, shrinkB=3)))
    return added


#: The legend's candidate places, as matplotlib names them, and the corner of the axes each is in.
_CORNERS = {"upper left": (0, 1), "upper right": (1, 1), "lower left": (0, 0), "lower right": (1, 0)}


def _legend_size(ax, legend) -> tuple[float, float]:
    """The legend's width and height (with its gap to the frame) as fractions of the axes' width and height.

    Measured with the figure's renderer: the same legend takes a larger share of a small axes
    (a projector's narrow column) than of a large one.  ``(0.5, 0.3)`` when there is no renderer.
    """
    canvas = root_figure(ax).canvas
    if not hasattr(canvas, "get_renderer"):
        return 0.5, 0.3
    renderer = canvas.get_renderer()
    ax.apply_aspect()                            # the box an equal-aspect axes will be drawn in
    box, frame = legend.get_window_extent(renderer), ax.get_window_extent(renderer)
    pad = 2 * legend.borderaxespad * legend._fontsize * renderer.points_to_pixels(1)
    return (min(1.0, (box.width + pad) / frame.width), min(1.0, (box.height + pad) / frame.height))


def _legend_corner(pts: np.ndarray, fn: Function2D, xlim, ylim, size=(0.5, 0.3)) -> str:
    """The corner whose legend-sized box covers no start point and the fewest path points and minima."""
    def fraction(p):
        return ((p[:, 0] - xlim[0]) / (xlim[1] - xlim[0]), (p[:, 1] - ylim[0]) / (ylim[1] - ylim[0]))

    marks = np.vstack([pts, np.array(fn.minima, dtype=float).reshape(-1, 2)])
    fx, fy = fraction(marks)
    sx, sy = fraction(pts[:1])

    def covered(cx, cy, x, y):
        inside_x = x <= size[0] if cx == 0 else x >= 1 - size[0]
        inside_y = y <= size[1] if cy == 0 else y >= 1 - size[1]
        return inside_x & inside_y

    def cost(loc):
        cx, cy = _CORNERS[loc]
        return (int(covered(cx, cy, sx, sy).any()), int(covered(cx, cy, fx, fy).sum()))

    return min(_CORNERS, key=cost)        # ties: the order of _CORNERS, upper left first


def update_descent_contour(ax, path_or_descent, title: str | None = None) -> list | None:
    """Move the path, its arrows and its start on a contour plot drawn by :func:`plot_descent_contour`.

    The contours, the axes and the legend stay; use it when the function and
    the view box (:func:`view_box`) are unchanged (same start, another η, say).

    Returns
    -------
    list of Artist or None
        The artists changed (the path, the start, the arrows, the title, the
        legend); None when ``ax`` holds no such plot or the path leaves the box:
        draw it anew with :func:`plot_descent_contour`.
    """
    path, fn = _path_and_function(path_or_descent, None)
    pts = path.points
    found = {a.get_gid(): a for a in [*ax.lines, *ax.texts]}
    line, start = found.get("path"), found.get("start")
    if line is None or start is None or view_box(path, fn) != (ax.get_xlim(), ax.get_ylim()):
        return None
    with plot_style():
        line.set_data(pts[:, 0], pts[:, 1])
        start.set_data([pts[0, 0]], [pts[0, 1]])
        for old in [a for a in ax.texts if (a.get_gid() or "").startswith("arrow:")]:
            old.remove()
        arrows = _arrows(ax, pts, ax.get_xlim(), ax.get_ylim())
        legend = ax.legend_
        if legend is not None:
            legend.texts[[t.get_text().startswith("start") for t in legend.texts].index(True)].set_text(
                f"start ({pts[0, 0]:g}, {pts[0, 1]:g})")
            legend.set_loc(_legend_corner(pts, fn, ax.get_xlim(), ax.get_ylim(), size=_legend_size(ax, legend)))
        ax.title.set_text(_title(path, fn) if title is None else title)
    return [line, start, *arrows, ax.title] + ([legend] if legend is not None else [])


def update_descent_surface(ax, path_or_descent) -> list | None:
    """Move the path and its start on a surface drawn by :func:`plot_descent_surface` (the surface stays).

    Returns the artists changed, or None when ``ax`` holds no such plot or the
    path leaves the surface's box (draw it anew).
    """
    path, fn = _path_and_function(path_or_descent, None)
    pts = path.points
    found = {a.get_gid(): a for a in ax.lines}
    line, start = found.get("path3d"), found.get("start")
    if line is None or start is None or getattr(ax, "_mlpviz_box", None) != view_box(path, fn, margin=0.02):
        return None
    fz = np.where(np.isfinite(path.f_points), path.f_points, np.nan)
    line.set_data_3d(pts[:, 0], pts[:, 1], fz)
    start.set_data_3d([pts[0, 0]], [pts[0, 1]], [fz[0]])
    return [line, start]


def plot_descent_surface(path_or_descent, function=None, ax=None, title: str | None = None):
    """The surface z = f(x, y) in 3-D with the descent path on it.

    Parameters
    ----------
    path_or_descent : DescentPath or Descent
    function : str or Function2D, optional
    ax : 3-D Axes, optional
        Must be created with ``projection="3d"``.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    path, fn = _path_and_function(path_or_descent, function)
    pts = path.points
    fz = path.f_points if fn is path.function else _values(fn, pts)
    fz = np.where(np.isfinite(fz), fz, np.nan)
    with plot_style():
        fig, ax = figure_and_axes(ax, figsize=(7.5, 6.5), projection="3d")
        xlim, ylim = view_box(path, fn, margin=0.02)
        ax._mlpviz_box = (xlim, ylim)        # what update_descent_surface may keep
        X, Y, F = _grid(fn, xlim, ylim, n=60)
        ax.computed_zorder = False  # draw the path on top of the surface, always
        if np.isfinite(F).any():
            ax.plot_surface(X, Y, np.ma.masked_invalid(F), cmap="cividis", alpha=0.55, linewidth=0,
                            antialiased=True, gid="surface", zorder=1)
        ax.plot(pts[:, 0], pts[:, 1], fz, "-o", color=COLORS["vermillion"], markersize=5, linewidth=2.5,
                zorder=10, gid="path3d")
        ax.plot([pts[0, 0]], [pts[0, 1]], [fz[0]], "s", color=COLORS["blue"], markersize=10, zorder=11,
                gid="start")
        if fn.minima:
            m = np.array(fn.minima, dtype=float)
            ax.plot(m[:, 0], m[:, 1], _values(fn, m), "*", color="black", markersize=16, zorder=11,
                    gid="minimum")
        for axis in (ax.xaxis, ax.yaxis, ax.zaxis):     # few ticks: the labels stay apart
            axis.set_major_locator(MaxNLocator(nbins=4))
        ax.set_xlabel("x", labelpad=8)
        ax.set_ylabel("y", labelpad=8)
        ax.set_zlabel("f(x, y)", labelpad=10)
        ax.view_init(elev=32, azim=-60)
        ax.set_title(_title(path, fn) if title is None else title, fontsize=scaled(14))
    return fig


def _values(fn: Function2D, pts: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.asarray(fn.f(pts[:, 0], pts[:, 1]), dtype=float) * np.ones(len(pts))


def plot_descent(path_or_descent, function=None, fig=None):
    """Contours (left) and 3-D surface (right) side by side.

    Parameters
    ----------
    path_or_descent : DescentPath or Descent
    function : str or Function2D, optional
    fig : Figure, optional
        Draw into this figure (its contents are replaced).

    Returns
    -------
    matplotlib.figure.Figure
    """
    path, fn = _path_and_function(path_or_descent, function)
    with plot_style():
        if fig is None:
            fig = new_figure((14, 6.5))
        else:
            fig.clear()
        ax0 = fig.add_subplot(1, 2, 1)
        ax1 = fig.add_subplot(1, 2, 2, projection="3d")
        plot_descent_contour(path, fn, ax=ax0)
        plot_descent_surface(path, fn, ax=ax1, title="")
        fig.suptitle(_title(path, fn))
        ax0.set_title("")
    return fig
