"""The decision boundary of a 2-input network: its output over the input plane."""
from __future__ import annotations

import numpy as np

from ..validation import check_array, check_count, check_index, check_number
from .style import figure_and_axes, new_figure, plot_style, root_figure

__all__ = ["plot_decision_boundary", "plot_decision_boundaries", "output_grid"]


def plot_decision_boundary(net, X, Z, ax=None, resolution: int = 200, output: int = 0,
                           threshold: float | None = None, margin: float = 0.15, title: str | None = None,
                           colorbar: bool = True):
    """The network's output on a grid of inputs, with the samples coloured by target.

    Parameters
    ----------
    net : MLP
        A network with 2 inputs.
    X : array (n_samples, 2)
        The (scaled) inputs.
    Z : array (n_samples,) or (n_samples, n_outputs)
        Targets; column ``output`` colours the samples.
    ax : Axes, optional
    resolution : int, default 200
        Grid points per side.
    output : int, default 0
        Which output to draw.
    threshold : float, optional
        The level drawn as the boundary line; default the middle of the targets' range.
    margin : float, default 0.15
        Extra room around the samples, as a fraction of their range.
    title : str, optional
    colorbar : bool, default True
        Draw the colour scale beside the axes.

    Returns
    -------
    matplotlib.figure.Figure
        The filled contour has gid ``"output"``, the boundary line ``"boundary"``,
        the samples ``"samples"``.
    """
    sizes = getattr(net, "layer_sizes", None)
    if sizes is None:
        raise ValueError(f"net: expected an MLP, got {type(net).__name__}")
    if sizes[0] != 2:
        raise ValueError(f"net: the decision boundary is drawn for networks with 2 inputs; this one has {sizes[0]}")
    resolution = check_count(resolution, "resolution", low=2, high=2000)
    output = check_index(output, "output", sizes[-1], what="an output index")
    margin = check_number(margin, "margin", low=0.0)
    if not isinstance(colorbar, (bool, np.bool_)):
        raise ValueError(f"colorbar: expected True or False, got {colorbar!r}")
    X = check_array(X, "X", ndim=2)
    if X.shape[1] != 2 or len(X) == 0:
        raise ValueError(f"X: expected inputs of shape (n_samples, 2), got {X.shape}")
    Z = check_array(Z, "Z", ndim=(1, 2))
    if Z.ndim == 1:
        Z = Z[:, None]
    if Z.ndim != 2 or Z.shape[0] != X.shape[0] or Z.shape[1] <= output:
        raise ValueError(f"Z: expected targets with {X.shape[0]} rows and at least {output + 1} column(s), "
                         f"got shape {Z.shape}")
    z = Z[:, output]
    xs, ys, Y = output_grid(net, X, resolution, output, margin)
    G0, G1 = np.meshgrid(xs, ys)
    if threshold is None:
        threshold = float((z.min() + z.max()) / 2)
    vmin = float(min(Y.min(), z.min()))
    vmax = float(max(Y.max(), z.max()))
    if vmax <= vmin:
        vmax = vmin + 1.0
    with plot_style():
        fig, ax = figure_and_axes(ax, figsize=(7.5, 6))
        cf = ax.contourf(G0, G1, Y, levels=np.linspace(vmin, vmax, 21), cmap="cividis", alpha=0.85)
        cf.set_gid("output")
        if Y.min() < threshold < Y.max():
            cs = ax.contour(G0, G1, Y, levels=[threshold], colors="white", linewidths=3)
            cs.set_gid("boundary")
        # a white halo under a black ring: samples stay visible on dark and bright regions
        # (big markers for a truth table, small ones for hundreds of points)
        size, edge = (220, 2.5) if len(X) <= 30 else (36, 1.0)
        ax.scatter(X[:, 0], X[:, 1], s=2.2 * size, color="white", zorder=3, gid="samples-halo")
        ax.scatter(X[:, 0], X[:, 1], c=z, cmap="cividis", vmin=vmin, vmax=vmax, s=size,
                   edgecolors="black", linewidths=edge, zorder=4, gid="samples")
        if colorbar:
            cbar = fig.colorbar(cf, ax=ax)
            cbar.set_label(f"network output y (boundary at {threshold:g})" if sizes[-1] == 1
                           else f"output y{output} (boundary at {threshold:g})")
        ax.set_xlabel("input x0")
        ax.set_ylabel("input x1")
        ax.set_aspect("equal", adjustable="box")
        if title is None:
            title = f"{'-'.join(map(str, sizes))} network: output over the inputs"
        if title:
            ax.set_title(title)
    return fig


def output_grid(net, X, resolution: int = 200, output: int = 0, margin: float = 0.15):
    """The network's output over a grid of the input plane around the samples.

    Parameters
    ----------
    net : MLP
        A network with 2 inputs (not checked here: :func:`plot_decision_boundary` checks).
    X : ndarray (n_samples, 2)
        The (scaled) inputs, already checked.
    resolution : int
        Grid points per side.
    output : int
        Which output.
    margin : float
        Room around the samples, as a fraction of their range.

    Returns
    -------
    xs, ys : ndarray (resolution,)
        The grid's coordinates along x0 and x1.
    Y : ndarray (resolution, resolution)
        ``Y[i, j]`` is the output at ``(xs[j], ys[i])`` (rows along x1, as an image).
    """
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = margin * np.where(hi > lo, hi - lo, 1.0)
    xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution)
    ys = np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution)
    G0, G1 = np.meshgrid(xs, ys)
    Y = net.predict(np.column_stack([G0.ravel(), G1.ravel()]))[:, output].reshape(G0.shape)
    return xs, ys, Y


def plot_decision_boundaries(nets, X, Z, titles=None, fig=None, resolution: int = 100, output: int = 0,
                             threshold: float | None = None):
    """A row of decision boundaries: several networks (or one at several epochs) on the same data.

    Each panel is :func:`plot_decision_boundary` without its colour bar; the
    colours run from the lowest to the highest output (dark to bright, cividis).

    Parameters
    ----------
    nets : sequence of MLP, or dict of title to MLP
        The networks, left to right (e.g. ``Snapshots.nets``: epoch → network).
    X : array (n_samples, 2)
    Z : array (n_samples,) or (n_samples, n_outputs)
        As for :func:`plot_decision_boundary`.
    titles : sequence of str, optional
        One per panel; default the dict's keys (an int ``k`` reads "epoch k"),
        or each network's layer sizes.
    fig : Figure or SubFigure, optional
        Draw into it (it should be empty); default a new figure, 4.2 inches a panel.
    resolution : int, default 100
        Grid points per side of each panel.
    output : int, default 0
    threshold : float, optional
        As for :func:`plot_decision_boundary`.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per network, in order; each holds the gids of :func:`plot_decision_boundary`.

    Raises
    ------
    ValueError
        If ``nets`` is empty, ``titles`` has another length, or a panel's arguments are invalid.
    """
    if isinstance(nets, dict):
        keys, nets = list(nets), list(nets.values())
        default = [f"epoch {k}" if isinstance(k, (int, np.integer)) else str(k) for k in keys]
    else:
        nets = list(nets) if isinstance(nets, (list, tuple)) else None
        if nets is None:
            raise ValueError("nets: expected a list of networks or a dict of title to network")
        default = ["-".join(map(str, getattr(n, "layer_sizes", ["?"]))) for n in nets]
    if not nets:
        raise ValueError("nets: expected at least one network, got none")
    if titles is None:
        titles = default
    elif isinstance(titles, str) or len(titles) != len(nets):
        raise ValueError(f"titles: expected {len(nets)} titles (one per network), got {titles!r}")
    with plot_style():
        target = fig if fig is not None else new_figure(figsize=(4.2 * len(nets), 4.4))
        axes = target.subplots(1, len(nets), squeeze=False)[0]
        for ax, net, title in zip(axes, nets, titles):
            plot_decision_boundary(net, X, Z, ax=ax, resolution=resolution, output=output,
                                   threshold=threshold, title=str(title), colorbar=False)
            ax.set_xlabel("x0")
            ax.set_ylabel("x1" if ax is axes[0] else "")
    return root_figure(target)
