"""The loss: its curve during training, and the half squared error itself.

``plot_loss`` draws :class:`~mlpviz.network.History` losses (or any list of
numbers) against epochs or steps; ``plot_half_squared_error`` draws
L(y) = ½(y − z)² for a fixed target z together with its derivative y − z.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..format import number
from ..validation import check_count, check_choice, check_number, check_range
from .style import COLORS, figure_and_axes, plot_style, scaled

__all__ = ["plot_loss", "plot_losses", "plot_half_squared_error", "LOSS_LABEL", "loss_label"]

#: The y-axis label of a loss plot of the default loss, the half squared error.
LOSS_LABEL = r"loss  $L = \frac{1}{2}(y - z)^2$"


def loss_label(loss=None) -> str:
    """The y-axis label of a plot of ``loss``: :data:`LOSS_LABEL`, or the loss's name.

    Parameters
    ----------
    loss : str or Loss, optional
        A loss of :mod:`mlpviz.loss` (``None``: the half squared error).

    Returns
    -------
    str
        :data:`LOSS_LABEL` for the half squared error; ``loss L: binary
        cross-entropy`` for the others, whose formulas are too long for an axis.

    Raises
    ------
    ValueError
        If ``loss`` is not a known loss name.
    """
    from ..loss import get_loss

    loss = get_loss("half_squared_error" if loss is None else loss)
    if loss.name == "half_squared_error":
        return LOSS_LABEL
    return "loss L: " + loss.name.replace("_", " ").replace("cross entropy", "cross-entropy")


def _losses(history_or_losses, per: str) -> np.ndarray:
    per = check_choice(per, "per", ("epoch", "step"))
    if history_or_losses is None:
        return np.zeros(0)
    if hasattr(history_or_losses, "epoch_loss") and hasattr(history_or_losses, "step_loss"):
        values = history_or_losses.epoch_loss if per == "epoch" else history_or_losses.step_loss
    else:
        values = history_or_losses
    if isinstance(values, (str, bytes)):
        raise ValueError(f"history_or_losses: expected a History or a sequence of numbers, got {values!r}")
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("history_or_losses: expected a History or a sequence of numbers, "
                         f"got {type(values).__name__}") from None
    if arr.ndim != 1:
        raise ValueError(f"history_or_losses: expected a flat sequence of losses, got shape {arr.shape}")
    return arr


def plot_loss(history_or_losses, ax=None, per: str = "epoch", log: bool = False,
              title: str | None = None, mark_last: bool = True, loss=None):
    """The loss during training.

    Parameters
    ----------
    history_or_losses : History or sequence of float
        A :class:`~mlpviz.network.History` (its ``epoch_loss`` or ``step_loss``
        by ``per``) or the losses themselves.  Empty is fine (an empty chart).
    ax : Axes, optional
        Draw into this axes; default a new figure.
    per : {"epoch", "step"}
        ``"epoch"``: x = 1, 2, … (loss averaged over each epoch);
        ``"step"``: x = 0, 1, … (loss before each update; step 0 is the untrained net).
    log : bool, default False
        Logarithmic loss axis (zeros are left out).
    title : str, optional
    mark_last : bool, default True
        Mark and label the latest value (the current point while training).
    loss : str or Loss, optional
        The loss the values measure, named on the y axis (:func:`loss_label`;
        default the half squared error).

    Returns
    -------
    matplotlib.figure.Figure
        The curve is the line with gid ``"loss"``; the marker has gid ``"loss-last"``.
    """
    losses = _losses(history_or_losses, per)
    ylabel = loss_label(loss)
    first = 1 if per == "epoch" else 0
    x = np.arange(first, first + len(losses))
    with plot_style():
        fig, ax = figure_and_axes(ax, figsize=(8, 5))
        finite = np.isfinite(losses)
        shown = np.where(finite, losses, np.nan)
        ax.plot(x, shown, color=COLORS["blue"], marker="o" if len(losses) <= 30 else None,
                markersize=6, linewidth=2.5 if len(losses) <= 100 else 1.5, gid="loss", label="loss")
        ax.set_xlabel(per)
        ax.set_ylabel(ylabel)
        ax.grid(True)
        if log:
            ax.set_yscale("log", nonpositive="mask")
        else:
            ax.set_yscale("linear")  # an axes reused by a widget may have been logarithmic
        if len(losses) == 0:
            # two short lines: the note stays inside a narrow axes at projector sizes
            ax.text(0.5, 0.5, "no losses yet —\ntrain to see the curve", transform=ax.transAxes,
                    ha="center", va="center", multialignment="center", color=COLORS["grey"], gid="loss-empty")
            ax.set_xlim(first, first + 10)
            if not log:
                ax.set_ylim(0, 1)
        else:
            if not finite.all():
                k = int(np.argmin(finite))
                ax.axvline(x[k], color=COLORS["vermillion"], linestyle="--", linewidth=2, gid="loss-diverged")
                ax.text(x[k], 0.95, f" loss = {losses[k]} (diverged)", transform=ax.get_xaxis_transform(),
                        ha="left", va="top", color=COLORS["vermillion"])
            if mark_last and finite.any():
                k = int(np.flatnonzero(finite)[-1])
                ax.plot([x[k]], [losses[k]], "o", color=COLORS["vermillion"], markersize=11, zorder=5,
                        gid="loss-last")
                ax.annotate(f"{losses[k]:.4g}", (x[k], losses[k]), textcoords="offset points",
                            xytext=(0, 12), ha="center", va="bottom", color=COLORS["vermillion"],
                            fontsize=scaled(13), gid="loss-last-label")
            if len(x) == 1:
                ax.set_xlim(x[0] - 1, x[0] + 1)
            else:
                ax.set_xlim(x[0], x[-1] + max(1, 0.03 * (x[-1] - x[0])))
            if not log and finite.any():
                top = float(np.nanmax(shown))
                ax.set_ylim(min(0.0, float(np.nanmin(shown))), top * 1.12 if top > 0 else 1.0)
        if len(losses) and x[-1] - x[0] < 15:
            ax.set_xticks(x if len(x) <= 15 else ax.get_xticks())
        if title:
            ax.set_title(title)
    return fig


def plot_losses(curves, ax=None, per: str = "epoch", log: bool = False, ylabel: str = "loss",
                title: str | None = None, marks=None, first: int | None = None):
    """Several loss curves on one axes: learning rates compared, or training against validation.

    Parameters
    ----------
    curves : dict of str to (History or sequence of float)
        Legend label → losses (as for :func:`plot_loss`), drawn in order.
        A value that is not a finite number (a diverged run) ends its curve,
        with an ✕ at the last finite value.
    ax : Axes, optional
    per : {"epoch", "step"}
        x = 1, 2, … (epochs) or 0, 1, … (steps), as for :func:`plot_loss`.
    log : bool, default False
        Logarithmic loss axis.
    ylabel : str, default "loss"
        The loss axis' label (name the loss: "cross-entropy", "½(y − z)²").
    title : str, optional
    marks : dict of str to float, optional
        Label → x of a dashed vertical line (e.g. ``{"best validation epoch": 12}``).
    first : int, optional
        The x of each curve's first value: by default 1 for epochs (a History's
        epoch losses) and 0 for steps; 0 for epoch curves that start with the
        loss before training (:func:`mlpviz.batches.loss_curves`).

    Returns
    -------
    matplotlib.figure.Figure
        Curve ``k`` is the line with gid ``"loss:{label}"``, a mark ``"mark:{label}"``.

    Raises
    ------
    ValueError
        If ``curves`` is not a non-empty dict of loss sequences, or ``marks`` not a dict of numbers.
    """
    if not isinstance(curves, dict) or not curves:
        raise ValueError(f"curves: expected a dict of label to losses, got {curves!r}"[:200])
    if marks is not None and not isinstance(marks, dict):
        raise ValueError(f"marks: expected a dict of label to x position, got {marks!r}")
    lines = {str(k): _losses(v, per) for k, v in curves.items()}
    where = {str(k): check_number(v, f"marks[{k!r}]") for k, v in (marks or {}).items()}
    first = (1 if per == "epoch" else 0) if first is None else check_count(first, "first", low=0)
    with plot_style():
        fig, ax = figure_and_axes(ax, figsize=(8, 5))
        for label, losses in lines.items():
            x = np.arange(first, first + len(losses))
            finite = np.isfinite(losses)
            end = int(np.argmin(finite)) if not finite.all() else len(losses)
            line, = ax.plot(x[:end], losses[:end], gid=f"loss:{label}", label=label,
                            linewidth=2.5 if len(losses) <= 200 else 1.8)
            if end < len(losses) and end > 0:
                ax.plot([x[end - 1]], [losses[end - 1]], "X", color=line.get_color(), markersize=13,
                        gid=f"diverged:{label}")
        for k, (label, x) in enumerate(where.items()):
            ax.axvline(x, color=COLORS["grey"], linestyle="--", linewidth=1.8, gid=f"mark:{label}",
                       label=label)
        ax.set_xlabel(per)
        ax.set_ylabel(ylabel)
        ax.grid(True)
        if log:
            ax.set_yscale("log", nonpositive="mask")
        longest = max(len(v) for v in lines.values())
        ax.set_xlim(first, first + max(1, longest - 1))
        ax.legend()
        if title:
            ax.set_title(title)
    return fig


def plot_half_squared_error(z: float = 0.91, y_range: Sequence[float] | None = None, y: float | None = None,
                            ax=None, title: str | None = None):
    """L(y) = ½(y − z)² against the output y for a fixed target z, with dL/dy = y − z.

    Parameters
    ----------
    z : float, default 0.91
        The target (the seeds' 0.91).
    y_range : (float, float), optional
        The y-axis range; default z ± 1.
    y : float, optional
        Mark this output: its loss, and the tangent whose slope is y − z.
    ax : Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        Lines with gid ``"loss"`` (L), ``"derivative"`` (y − z), ``"tangent"`` (if ``y``).
    """
    z = check_number(z, "z")
    lo, hi = (z - 1.0, z + 1.0) if y_range is None else check_range(y_range, "y_range")
    ys = np.linspace(lo, hi, 401)
    with plot_style():
        fig, ax = figure_and_axes(ax, figsize=(8, 5.5))
        ax.axhline(0, color="black", linewidth=1)
        ax.axvline(z, color=COLORS["grey"], linewidth=1.5, linestyle=":")
        ax.plot(ys, 0.5 * (ys - z) ** 2, color=COLORS["blue"], gid="loss",
                label=r"$L(y) = \frac{1}{2}(y - z)^2$")
        ax.plot(ys, ys - z, color=COLORS["vermillion"], linestyle="--", gid="derivative",
                label=r"$\frac{dL}{dy} = y - z$")
        ax.plot([z], [0], "*", color="black", markersize=16, zorder=5, gid="minimum",
                label=f"minimum at y = z = {z:g}")
        if y is not None:
            y = check_number(y, "y")
            L, slope = 0.5 * (y - z) ** 2, y - z
            half = 0.25 * (hi - lo)
            tx = np.array([y - half, y + half])
            ax.plot(tx, L + slope * (tx - y), color=COLORS["green"], linewidth=2, gid="tangent",
                    label=f"slope at y = {number(y)}: {number(slope)}")
            ax.plot([y], [L], "o", color=COLORS["green"], markersize=10, zorder=5, gid="point")
        ax.set_xlim(lo, hi)
        ax.set_xlabel("network output y")
        ax.set_ylabel("value")
        ax.grid(True)
        ax.legend(loc="upper center", fontsize=scaled(13))
        ax.set_title(title if title is not None else f"half squared error for target z = {z:g}")
    return fig
