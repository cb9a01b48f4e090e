"""Layer by layer: one number per layer as a line, and each layer's activations as histograms.

``plot_layer_values`` draws, say, the gradient norm ‖∂L/∂W[l]‖ of each weight
layer (:func:`mlpviz.diagnostics.gradient_norms`) for several networks;
``plot_activation_histograms`` draws the distribution of each layer's
activations a[l+1] in a forward pass, one row per network.
"""
from __future__ import annotations

import numpy as np

from ..network import Trace
from ..validation import check_array, check_count, check_index, check_range
from .style import figure_and_axes, new_figure, plot_style, root_figure, scaled

__all__ = ["plot_layer_values", "plot_activation_histograms"]


def plot_layer_values(values, ax=None, log: bool = True, ylabel: str = r"$\|\partial L / \partial W^{[l]}\|$",
                      title: str | None = None):
    """One value per weight layer, one line per network: l = 0 (next to the input) on the left.

    Parameters
    ----------
    values : dict of str to array_like (n_layers,)
        Legend label → a value per layer (e.g. :func:`~mlpviz.diagnostics.gradient_norms`).
    ax : Axes, optional
    log : bool, default True
        Logarithmic value axis (gradient norms span many powers of ten).
    ylabel : str, default the gradient norm ‖∂L/∂W[l]‖
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        The line of a label has gid ``"layers:{label}"``; x is the layer index l.

    Raises
    ------
    ValueError
        If ``values`` is not a non-empty dict of 1-D arrays of finite numbers.
    """
    if not isinstance(values, dict) or not values:
        raise ValueError(f"values: expected a dict of label to one value per layer, got {values!r}"[:200])
    rows = {str(k): check_array(v, f"values[{k!r}]", ndim=1) for k, v in values.items()}
    with plot_style():
        fig, ax = figure_and_axes(ax, figsize=(8, 5))
        for label, v in rows.items():
            ax.plot(np.arange(len(v)), v, "-o", label=label, gid=f"layers:{label}")
        if log:
            ax.set_yscale("log", nonpositive="mask")
        longest = max(len(v) for v in rows.values())
        ax.set_xticks(np.arange(longest))
        ax.set_xlabel("weight layer l  (0 = next to the input)")
        ax.set_ylabel(ylabel)
        ax.grid(True)
        ax.legend()
        if title:
            ax.set_title(title)
    return fig


def plot_activation_histograms(traces, layers=None, bins: int = 30, fig=None, value_range=None):
    """Histograms of each layer's activations a[l+1], one row per network, one column per layer.

    Parameters
    ----------
    traces : dict of str to Trace
        Row label → a forward pass ``net.forward(X)`` over a batch.
    layers : sequence of int, optional
        The weight layers to show (their outputs a[l+1]); default every
        layer but the output. All traces must have them.
    bins : int, default 30
    fig : Figure or SubFigure, optional
    value_range : (float, float), optional
        The histograms' common x range; default each panel's own.

    Returns
    -------
    matplotlib.figure.Figure
        Axes in row-major order; the bars of row ``r``, layer ``l`` have gid
        ``"hist:{label}:{l}"``; each axes' title names its layer.

    Raises
    ------
    ValueError
        If ``traces`` is not a non-empty dict of Traces, or a layer is out of range.
    """
    if not isinstance(traces, dict) or not traces or not all(isinstance(t, Trace) for t in traces.values()):
        raise ValueError("traces: expected a dict of label to Trace (net.forward(X))")
    n_layers = min(len(t.s) for t in traces.values())
    if layers is None:
        layers = list(range(max(1, n_layers - 1)))
    elif isinstance(layers, (str, bytes)) or not hasattr(layers, "__iter__"):
        raise ValueError(f"layers: expected a list of layer indices, got {layers!r}")
    layers = [check_index(l, "layers[]", n_layers, what="a weight layer") for l in layers]
    if not layers:
        raise ValueError("layers: expected at least one layer, got none")
    bins = check_count(bins, "bins", high=1000)
    if value_range is not None:
        value_range = check_range(value_range, "value_range")
    with plot_style():
        target = fig if fig is not None else new_figure(figsize=(2.6 * len(layers) + 1.2, 2.4 * len(traces) + 0.6))
        axes = target.subplots(len(traces), len(layers), squeeze=False, sharey="row")
        for r, (label, trace) in enumerate(traces.items()):
            for c, l in enumerate(layers):
                ax = axes[r, c]
                a = np.asarray(trace.a[l + 1], dtype=float).ravel()
                _, _, bars = ax.hist(a, bins=bins, range=value_range, density=True, color=f"C{r}")
                for bar in bars:
                    bar.set_gid(f"hist:{label}:{l}")
                ax.set_title(f"a after layer {l}", fontsize=scaled(12))
                ax.tick_params(labelsize=scaled(10))
                ax.set_yticks([])
                if c == 0:
                    ax.set_ylabel(str(label))
    return root_figure(target)
