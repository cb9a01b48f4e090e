"""The network diagram: nodes in columns, every weight an edge.

Reading the picture
-------------------
* One column per layer: inputs left, outputs right.  For the seeds' 2-3-1
  net the nodes are named x0, x1 / h0, h1, h2 / y; other nets get x0.., h0..
  (h1_0.. for several hidden layers, the first number the hidden layer) and y
  (or y0, y1.. for several outputs) — see :func:`mlpviz.notation.node_names`.
* Every weight ``W[l][j, i]`` is a line from node ``i`` of layer ``l`` to node
  ``j`` of layer ``l+1``: blue when positive, vermillion when negative,
  thicker the larger ``|w|``; its value is written on it when there are few
  edges.  The bias ``b[l][j]`` is written below and to the right of node ``j`` of layer ``l+1``.
  Where a label would cover a node, a name or another label (a crowded net, a small axes), it
  moves: a bias beside its node, a weight label along its edge, a name to the node's left.
* Given a forward :class:`~mlpviz.network.Trace`, each node shows its value
  ``a`` (inputs: ``x``); large layers colour the node instead.

Finding the artists (tests, widgets)
------------------------------------
Every artist carries a ``gid``::

    "node:{layer}:{j}"              Circle of node j in layer (0 = input)
    "node-name:{layer}:{j}"         its name          "node-value:{layer}:{j}"  its value
    "edge:{l}:{j}:{i}"              Line2D of W[l][j, i]
    "weight-label:{l}:{j}:{i}"      its value         "bias-label:{l}:{j}"      b[l][j]

:func:`artists_by_gid` collects them.

Highlighting
------------
``highlight`` is a dict; every key is optional (unknown keys are an error)::

    {"layers": [1],               # node layers (0 = input): every node in them
     "weight_layers": [0],        # weight layers l: every edge of W[l] and every b[l][j]
     "nodes": [(1, 0)],           # single nodes (layer, j)
     "edges": [(0, 2, 1)],        # single weights (l, j, i), i.e. W[l][j, i]
     "biases": [(0, 2)],          # single biases (l, j), i.e. b[l][j]
    }

(``"layer"`` and ``"weight_layer"`` take a single int.)  Highlighted nodes
are filled yellow with a thick outline, highlighted edges stay opaque and
thick while the others fade, highlighted biases get a yellow box.
:func:`stage_highlight` builds the dict for each stage of one training step
(init → normalize → forward → loss → backprop → update).
"""
from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from ..format import short_label, signed
from ..notation import node_label, node_names
from ..validation import check_count
from .style import (COLORS, HIGHLIGHT, NEGATIVE, NEUTRAL, POSITIVE, figure_and_axes, new_figure, plot_style,
                    root_figure, scaled)

__all__ = ["draw_network", "update_network", "draw_network_diff", "draw_backward", "node_names",
           "stage_highlight", "artists_by_gid", "STAGES"]

#: The stages of one training step, in order (for :func:`stage_highlight`).
STAGES = ("init", "normalize", "forward", "loss", "backprop", "update")

_HIGHLIGHT_KEYS = ("layer", "layers", "weight_layer", "weight_layers", "nodes", "edges", "biases")
_MAX_LABELLED_EDGES = 20   # more edges than this: no weight labels
_MAX_NAMED_NODES = 8       # more nodes in a layer than this: no names, values or biases as text


# ----------------------------------------------------------------------------- highlight
def _as_int(value, what: str) -> int:
    return check_count(value, f"highlight[{what!r}]", low=0)     # an index; its range is checked below


def _parse_highlight(highlight, sizes: list[int]) -> tuple[set, set, set]:
    """``(nodes, edges, biases)`` sets from a highlight dict (validated against the net)."""
    nodes: set = set()
    edges: set = set()
    biases: set = set()
    if not highlight:
        return nodes, edges, biases
    if not isinstance(highlight, dict):
        raise ValueError(f"highlight: expected a dict with keys from {', '.join(_HIGHLIGHT_KEYS)}, "
                         f"got {type(highlight).__name__}")
    unknown = set(highlight) - set(_HIGHLIGHT_KEYS)
    if unknown:
        raise ValueError(f"highlight: unknown key(s) {', '.join(map(repr, sorted(map(str, unknown))))}; "
                         f"expected keys from {', '.join(_HIGHLIGHT_KEYS)}")
    n_layers = len(sizes) - 1

    def many(key_one, key_many):
        out = []
        if key_one in highlight and highlight[key_one] is not None:
            out.append(_as_int(highlight[key_one], key_one))
        for v in highlight.get(key_many, None) or ():
            out.append(_as_int(v, key_many))
        return out

    for layer in many("layer", "layers"):
        if not 0 <= layer <= n_layers:
            raise ValueError(f"highlight['layers']: node layer {layer} does not exist; "
                             f"this network has node layers 0..{n_layers}")
        nodes |= {(layer, j) for j in range(sizes[layer])}
    for l in many("weight_layer", "weight_layers"):
        if not 0 <= l < n_layers:
            raise ValueError(f"highlight['weight_layers']: weight layer {l} does not exist; "
                             f"this network has weight layers 0..{n_layers - 1}")
        edges |= {(l, j, i) for j in range(sizes[l + 1]) for i in range(sizes[l])}
        biases |= {(l, j) for j in range(sizes[l + 1])}
    for item in highlight.get("nodes", None) or ():
        layer, j = _tuple(item, 2, "nodes", "(layer, j)")
        if not (0 <= layer <= n_layers and 0 <= j < sizes[layer]):
            raise ValueError(f"highlight['nodes']: node {item!r} does not exist in a "
                             f"{'-'.join(map(str, sizes))} network")
        nodes.add((layer, j))
    for item in highlight.get("edges", None) or ():
        l, j, i = _tuple(item, 3, "edges", "(l, j, i) for W[l][j, i]")
        if not (0 <= l < n_layers and 0 <= j < sizes[l + 1] and 0 <= i < sizes[l]):
            raise ValueError(f"highlight['edges']: weight W[{l}][{j}, {i}] does not exist in a "
                             f"{'-'.join(map(str, sizes))} network")
        edges.add((l, j, i))
    for item in highlight.get("biases", None) or ():
        l, j = _tuple(item, 2, "biases", "(l, j) for b[l][j]")
        if not (0 <= l < n_layers and 0 <= j < sizes[l + 1]):
            raise ValueError(f"highlight['biases']: bias b[{l}][{j}] does not exist in a "
                             f"{'-'.join(map(str, sizes))} network")
        biases.add((l, j))
    return nodes, edges, biases


def _tuple(item, n: int, key: str, what: str) -> tuple[int, ...]:
    try:
        values = tuple(item)
    except TypeError:
        values = ()
    if len(values) != n:
        raise ValueError(f"highlight[{key!r}]: expected tuples {what}, got {item!r}")
    return tuple(_as_int(v, key) for v in values)


def stage_highlight(stage: str, net, layer: int | None = None) -> dict:
    """The ``highlight`` dict for one stage of a training step.

    Parameters
    ----------
    stage : str
        One of :data:`STAGES`: ``"init"`` (all weights and biases),
        ``"normalize"`` (the inputs), ``"forward"`` (weight layer ``layer`` and
        the nodes it feeds, or every non-input node), ``"loss"`` (the outputs),
        ``"backprop"`` (weight layer ``layer`` and the nodes whose δ it uses,
        or every weight), ``"update"`` (every weight and bias).
    net : MLP
        The network (for its layer sizes).
    layer : int, optional
        The weight layer for ``"forward"``/``"backprop"`` when stepping layer by layer.
    """
    n_layers = len(net.layer_sizes) - 1
    if not isinstance(stage, str) or stage.strip().lower() not in STAGES:
        raise ValueError(f"stage: unknown stage {stage!r}; expected one of {', '.join(STAGES)}")
    stage = stage.strip().lower()
    if layer is not None:
        layer = check_count(layer, "layer", low=0)
        if not 0 <= layer < n_layers:
            raise ValueError(f"layer: weight layer {layer} does not exist; "
                             f"this network has weight layers 0..{n_layers - 1}")
    every = list(range(n_layers))
    if stage in ("init", "update"):
        return {"weight_layers": every}
    if stage == "normalize":
        return {"layers": [0]}
    if stage == "loss":
        return {"layers": [n_layers]}
    if stage == "forward":
        if layer is None:
            return {"layers": list(range(1, n_layers + 1))}
        return {"weight_layers": [layer], "layers": [layer + 1]}
    # backprop: δ of node layer l+1 flows into the gradients of weight layer l
    if layer is None:
        return {"weight_layers": every, "layers": list(range(1, n_layers + 1))}
    return {"weight_layers": [layer], "layers": [layer + 1]}


# ----------------------------------------------------------------------------- drawing
def artists_by_gid(fig_or_ax, prefix: str = "") -> dict:
    """``{gid: artist}`` for every artist in a figure (or axes) whose gid starts with ``prefix``."""
    found = {}
    for artist in fig_or_ax.findobj(lambda a: (a.get_gid() or "").startswith(prefix) if prefix
                                    else a.get_gid() is not None):
        found[artist.get_gid()] = artist
    return found


def _check_trace(trace, sizes: list[int]) -> list[np.ndarray] | None:
    if trace is None:
        return None
    a = getattr(trace, "a", None)
    if a is None:
        raise ValueError(f"trace: expected a Trace from net.forward(x), got {type(trace).__name__}")
    a = [np.asarray(v, dtype=float) for v in a]
    if len(a) != len(sizes):
        raise ValueError(f"trace: has {len(a)} layers of values but the network has {len(sizes)} layers")
    if a[0].ndim != 1:
        raise ValueError(f"trace: draw_network shows one sample, got a batch of shape {a[0].shape}; "
                         f"pass net.forward(X[i]) for one row")
    for l, (v, n) in enumerate(zip(a, sizes)):
        if v.shape != (n,):
            raise ValueError(f"trace: a[{l}] has shape {v.shape}, expected ({n},) for this network")
    return a


def _label_width(digits: int) -> float:
    """Approximate width (data units) of a weight label like ``−0.50`` at 12 pt."""
    return 0.11 * (digits + 3) + 0.1


def _layout(sizes: list[int], digits: int = 2):
    """Node centres, radius and spacing for a net with these layer sizes."""
    big = max(sizes) > _MAX_NAMED_NODES
    dx = 3.2 + 0.3 * max(0, digits - 2)
    dy = 0.55 if big else 1.7
    r = 0.2 if big else 0.45
    pos = [[(l * dx, (n - 1) / 2 * dy - j * dy) for j in range(n)] for l, n in enumerate(sizes)]
    return pos, r, dx, dy, big


def _largest(weights) -> float:
    """The largest finite |w| (1 when there is none): the widest edge."""
    finite = [np.abs(W[np.isfinite(W)]) for W in weights]
    return max((float(v.max()) for v in finite if v.size), default=0.0) or 1.0


def _edge_style(w: float, wmax: float, n_edges: int) -> tuple[str, float]:
    """``(colour, line width)`` of an edge of weight ``w``: blue/vermillion by sign, width ∝ |w|."""
    lw_min, lw_max = (0.4, 2.5) if n_edges > 60 else (0.8, 6.0)
    width = lw_min + (lw_max - lw_min) * min(abs(w) / wmax, 1.0) if np.isfinite(w) else lw_min
    return (POSITIVE if w > 0 else NEGATIVE if w < 0 else COLORS["grey"]), width


def _draw_into(ax, weights, biases, sizes, names, a, highlight, show_weights, digits, title,
               weight_labels=None, bias_labels=None, bias_name="b"):
    """Draw the diagram into ``ax`` (inside :func:`plot_style`)."""
    pos, r, dx, dy, big = _layout(sizes, digits)
    n_layers = len(sizes) - 1
    # labels sit between t0 and t1 of the way along an edge, clear of both nodes
    # (near the target node, also clear of the bias label written under it)
    t0 = min(0.4, (r + _label_width(digits) / 2 + 0.1) / dx)
    bias_half = 0.055 * (digits + 7)
    t1 = max(t0, 1 - (bias_half + _label_width(digits) / 2 + 0.15) / dx)
    hl_nodes, hl_edges, hl_biases = _parse_highlight(highlight, sizes)
    any_hl = bool(hl_nodes or hl_edges or hl_biases)
    n_edges = sum(W.size for W in weights)
    wmax = _largest(weights)
    label_edges = show_weights and n_edges <= _MAX_LABELLED_EDGES

    # edges: W[l][j, i] from node (l, i) to node (l+1, j)
    for l, W in enumerate(weights):
        for j in range(W.shape[0]):
            for i in range(W.shape[1]):
                w = float(W[j, i])
                (x0, y0), (x1, y1) = pos[l][i], pos[l + 1][j]
                on = (l, j, i) in hl_edges
                alpha = 1.0 if (on or not any_hl) else 0.15
                if n_edges > 60 and not on:
                    alpha *= 0.7
                color, width = _edge_style(w, wmax, n_edges)
                if on:
                    width += 1.5
                line = Line2D([x0, x1], [y0, y1], color=color, linewidth=width, alpha=alpha,
                              solid_capstyle="round", zorder=2 if on else 1, gid=f"edge:{l}:{j}:{i}")
                ax.add_line(line)
                if label_edges:
                    text = (weight_labels[l][j][i] if weight_labels is not None else short_label(w, digits))
                    # labels of edges from source i sit at their own fraction t of the
                    # way, so labels of crossing edges from different sources never share
                    # a spot: from the inputs, the first source's labels near its end;
                    # from a hidden layer, the first (top) source's labels near the next
                    # layer, since its downward edges leave past its own bias label
                    n_in = W.shape[1]
                    frac = i / (n_in - 1) if n_in > 1 else 0.5
                    t = t0 + (t1 - t0) * (frac if l == 0 else 1 - frac) if n_in > 1 else 0.4
                    tx, ty = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
                    ax.text(tx, ty, text, ha="center", va="center", fontsize=scaled(12), color=color,
                            alpha=1.0 if (on or not any_hl) else 0.35, zorder=3,
                            gid=f"weight-label:{l}:{j}:{i}",
                            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec=color,
                                      lw=1.2 if not on else 2.5, alpha=0.95 if (on or not any_hl) else 0.35))

    # nodes
    cmap = norm = None
    if a is not None and big:  # large nets: the node's colour is its value
        import matplotlib as mpl

        vals = np.concatenate(a)
        vmin, vmax = float(np.min(vals)), float(np.max(vals))
        cmap = mpl.colormaps["cividis"]
        norm = mpl.colors.Normalize(vmin, vmax if vmax > vmin else vmin + 1.0)
    for layer, n in enumerate(sizes):
        show_text = n <= _MAX_NAMED_NODES
        for j in range(n):
            x, y = pos[layer][j]
            on = (layer, j) in hl_nodes
            face = HIGHLIGHT if on else "white"
            if cmap is not None:
                face = cmap(norm(a[layer][j]))
            ax.add_patch(Circle((x, y), r, facecolor=face, edgecolor="black" if on else NEUTRAL,
                                linewidth=4.0 if on else (1.8 if not big else 1.2), zorder=4,
                                gid=f"node:{layer}:{j}"))
            if not show_text:
                continue
            name = node_label(names[layer][j])
            if not big:
                # name centred above, bias below and to the right: the bias never meets
                # the name of the node below it, however small the axes
                ax.text(x, y + r + 0.1, name, ha="center", va="bottom", fontsize=scaled(15),
                        color=NEUTRAL, zorder=5, gid=f"node-name:{layer}:{j}")
                if a is not None:
                    ax.text(x, y, short_label(float(a[layer][j]), digits), ha="center", va="center",
                            fontsize=scaled(13 if digits <= 3 else 12), fontweight="bold", color="black", zorder=5,
                            gid=f"node-value:{layer}:{j}")
            else:  # small layer of a large net: name (and value) beside the node
                side = -1 if layer == 0 else 1
                ax.text(x + side * (r + 0.15), y, name, ha="right" if side < 0 else "left", va="center",
                        fontsize=scaled(14), color=NEUTRAL, zorder=5, gid=f"node-name:{layer}:{j}")
                if a is not None:
                    ax.text(x + side * (r + 0.15), y - 0.3 * dy, short_label(float(a[layer][j]), digits),
                            ha="right" if side < 0 else "left", va="top", fontsize=scaled(12), fontweight="bold",
                            color="black", zorder=5, gid=f"node-value:{layer}:{j}")
            if layer > 0 and not big:
                l = layer - 1
                on_b = (l, j) in hl_biases
                text = bias_labels[l][j] if bias_labels is not None else short_label(float(biases[l][j]), digits)
                ax.text(x + 0.35 * r, y - r - 0.05, f"{bias_name} = {text}", ha="left", va="top", fontsize=scaled(12),
                        color="black" if (on_b or not any_hl) else COLORS["grey"], zorder=5,
                        gid=f"bias-label:{l}:{j}",
                        bbox=dict(boxstyle="round,pad=0.15", fc=HIGHLIGHT, ec="black", lw=1.5)
                        if on_b else None)
    if cmap is not None:
        import matplotlib as mpl

        # an inset of the diagram's own axes (bottom right, below the output), so clearing
        # the axes for a redraw also removes it
        for old in [c for c in ax.child_axes if c.get_gid() == "value-colorbar"]:
            old.remove()  # a redraw into the same (wiped, not cleared) axes: replace, never pile up
        cax = ax.inset_axes([0.76, 0.035, 0.22, 0.025])
        cax.set_gid("value-colorbar")
        cbar = root_figure(ax).colorbar(mpl.cm.ScalarMappable(norm=norm, cmap=cmap), cax=cax,
                                        orientation="horizontal")
        cbar.set_label("node value a", fontsize=scaled(12), labelpad=2)
        cax.xaxis.set_label_position("top")
        cax.tick_params(labelsize=scaled(12))
        cbar.set_ticks([norm.vmin, norm.vmax])
        cbar.set_ticklabels([short_label(norm.vmin, 2), short_label(norm.vmax, 2)])

    # frame
    height = (max(sizes) - 1) * dy
    side = 1.3 if big else 0.6  # room for the names written beside the nodes of a large net
    # on the right also room for the output's bias label (b = −8.4e154 at most: short_label)
    ax.set_xlim(-r - side, n_layers * dx + r + max(side, 0.35 * r + 0.11 * (digits + 10)))
    ax.set_ylim(-height / 2 - r - (0.75 if not big else 0.3), height / 2 + r + (0.75 if not big else 0.3))
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    _declutter(ax, pos, r)
    return big


def _declutter(ax, pos, r: float) -> None:
    """Move bias and weight labels that would cover a node, a node's text or another label.

    The labels' sizes are fixed in points and the diagram's spacing in data units, so in a small
    axes (a projector's column, a crowded 2-8-8-1 net) the default places collide.  Each label is
    measured with the figure's renderer and, if it overlaps, moved to the first free place among a
    few: a bias beside its node (above right, right, below), a weight label elsewhere along its edge.
    Labels with no free place keep the one that overlaps least (another label rather than a node).  Nothing happens without a renderer.
    """
    fig = root_figure(ax)
    if not hasattr(fig.canvas, "get_renderer"):
        return
    renderer = fig.canvas.get_renderer()
    ax.apply_aspect()
    gap = renderer.points_to_pixels(1)

    def box(artist):
        return artist.get_window_extent(renderer).expanded(1, 1).padded(gap)

    def overlap(b, others) -> float:
        """The area ``b`` shares with the boxes ``others`` (a node: only if it reaches into the circle)."""
        total = 0.0
        for o in others:
            w = min(b.x1, o.x1) - max(b.x0, o.x0)
            h = min(b.y1, o.y1) - max(b.y0, o.y0)
            if w > 0 and h > 0:
                if id(o) in round_ids:
                    cx, cy = (o.x0 + o.x1) / 2, (o.y0 + o.y1) / 2
                    if np.hypot(np.clip(cx, b.x0, b.x1) - cx, np.clip(cy, b.y0, b.y1) - cy) >= o.width / 2:
                        continue      # only the circle's square corner
                total += w * h
        return total

    found = artists_by_gid(ax)
    fixed = {g: a.get_window_extent(renderer) for g, a in found.items()
             if g.startswith(("node:", "node-name:", "node-value:")) and a.get_visible()}
    round_ids = {id(b) for g, b in fixed.items() if g.startswith("node:")}
    obstacles = list(fixed.values())
    placed: list = []

    def place(text, candidates) -> None:
        best = None
        for k, (x, y, ha, va) in enumerate(candidates):
            text.set_position((x, y))
            text.set_ha(ha)
            text.set_va(va)
            b = box(text)
            cost = 10 * overlap(b, obstacles) + overlap(b, placed)   # covering a node is worst
            if best is None or cost < best[0]:
                best = (cost, k, b)
            if cost == 0:
                break
        x, y, ha, va = candidates[best[1]]
        text.set_position((x, y))
        text.set_ha(ha)
        text.set_va(va)
        if best[1] and text.get_bbox_patch() is None:     # moved among the edges: a backing to read it on
            text.set_bbox(dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.85))
            best = (best[0], best[1], box(text))
        placed.append(best[2])

    circles = [b for g, b in fixed.items() if g.startswith("node:")]
    for gid, text in found.items():       # a name squeezed against the node above: beside its node
        if gid.startswith("node-name:") and text.get_va() == "bottom":
            layer, j = map(int, gid.split(":")[1:])
            x, y = pos[layer][j]
            if overlap(fixed[gid], circles):
                obstacles = [b for g, b in fixed.items() if g != gid]
                place(text, [(x - r - 0.08, y + 0.5 * r, "right", "bottom"), (x, y + r + 0.1, "center", "bottom")])
                fixed[gid] = placed.pop()
                obstacles = list(fixed.values())
    for gid, text in found.items():
        if gid.startswith("bias-label:"):
            l, j = map(int, gid.split(":")[1:])
            x, y = pos[l + 1][j]
            (x0, y0) = text.get_position()
            place(text, [(x0, y0, text.get_ha(), text.get_va()),
                         (x + 0.8 * r, y + 0.8 * r, "left", "bottom"),
                         (x + r + 0.1, y, "left", "center"),
                         (x, y - r - 0.05, "center", "top")])
    for gid, text in found.items():
        if gid.startswith("weight-label:"):
            l, j, i = map(int, gid.split(":")[1:])
            (xa, ya), (xb, yb) = pos[l][i], pos[l + 1][j]
            tx, _ = text.get_position()
            t_now = (tx - xa) / (xb - xa) if xb != xa else 0.5
            ts = sorted(np.linspace(0.12, 0.88, 20), key=lambda t: abs(t - t_now))
            place(text, [(xa + t * (xb - xa), ya + t * (yb - ya), "center", "center") for t in [t_now, *ts]])


def _legend(ax, labels=("positive weight", "negative weight")):
    handles = [Line2D([], [], color=POSITIVE, lw=4, label=labels[0]),
               Line2D([], [], color=NEGATIVE, lw=4, label=labels[1])]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False,
              fontsize=scaled(12), handlelength=1.6)


def _default_title(net) -> str:
    sizes = "-".join(str(n) for n in net.layer_sizes)
    acts = list(dict.fromkeys(net.activation_names))
    return f"{sizes} network ({', '.join(acts)})"


def _check_net(net, name: str = "net"):
    if not hasattr(net, "weights") or not hasattr(net, "biases") or not hasattr(net, "layer_sizes"):
        raise ValueError(f"{name}: expected an MLP, got {type(net).__name__}")
    return [np.asarray(W, dtype=float) for W in net.weights], [np.asarray(b, dtype=float) for b in net.biases]


def _check_digits(digits) -> int:
    return check_count(digits, "digits", low=0, high=8)


def _figsize(sizes: list[int], digits: int = 2) -> tuple[float, float]:
    big = max(sizes) > _MAX_NAMED_NODES
    width = max(7.0, (2.9 + 0.27 * max(0, digits - 2)) * len(sizes) + 0.8)
    height = min(9.0, max(4.8, (0.45 if big else 1.45) * max(sizes) + 2.0))
    return width, height


def draw_network(net, trace=None, ax=None, highlight: dict | None = None, show_weights: bool = True,
                 digits: int = 2, title: str | None = None):
    """Draw a network: nodes in columns, weights as coloured edges, biases beside nodes.

    Parameters
    ----------
    net : MLP
    trace : Trace, optional
        ``net.forward(x)`` for one sample; each node then shows its value.
    ax : matplotlib Axes, optional
        Draw into this axes (not cleared); default: a new figure.
    highlight : dict, optional
        What to emphasise (see the module docstring and :func:`stage_highlight`).
    show_weights : bool, default True
        Write weight values on the edges (only when there are at most 20 edges).
    digits : int, default 2
        Decimals of weights, biases and node values.
    title : str, optional
        Default ``"2-3-1 network (sigmoid)"``; ``""`` for none.

    Returns
    -------
    matplotlib.figure.Figure
    """
    weights, biases = _check_net(net)
    digits = _check_digits(digits)
    sizes = list(net.layer_sizes)
    a = _check_trace(trace, sizes)
    _parse_highlight(highlight, sizes)  # validate before any figure exists
    with plot_style():
        fig, ax = figure_and_axes(ax, figsize=_figsize(sizes, digits))
        _draw_into(ax, weights, biases, sizes, node_names(sizes), a, highlight, show_weights, digits,
                   _default_title(net) if title is None else title)
        _legend(ax)
    return fig


def update_network(ax, net, trace=None, digits: int = 2, title: str | None = None, artists: dict | None = None):
    """Redraw a diagram that :func:`draw_network` drew into ``ax``, in place, for new weights and values.

    Only what a training step changes is touched: each edge's colour and width,
    the weight, bias and node-value labels, and the title.  Nothing is created
    or removed, so a widget can redraw just these artists over a kept picture
    of the rest (see :meth:`mlpviz.widgets._figure.FigureImage.render_changed`).

    Parameters
    ----------
    ax : Axes
        Holds a diagram of a network of the same layer sizes, without highlight,
        drawn with the same ``digits``, with node values exactly when ``trace`` is given.
    net : MLP
    trace : Trace, optional
        One sample's forward pass (the node values to write).
    digits : int, default 2
    title : str, optional
        The new title (unchanged when None).
    artists : dict, optional
        ``artists_by_gid(ax)`` computed once by the caller (found here otherwise).

    Returns
    -------
    list of Artist or None
        The artists changed; None when ``ax`` does not hold such a diagram
        (the caller draws it anew with :func:`draw_network`).
    """
    weights, biases = _check_net(net)
    sizes = list(net.layer_sizes)
    a = _check_trace(trace, sizes)
    if artists is None:
        artists = artists_by_gid(ax)
    if max(sizes) > _MAX_NAMED_NODES:
        return None                                  # node colours and colour bar: draw anew
    n_edges = sum(W.size for W in weights)
    wmax = _largest(weights)
    labelled = n_edges <= _MAX_LABELLED_EDGES
    changed = []
    try:
        for l, W in enumerate(weights):
            for j in range(W.shape[0]):
                for i in range(W.shape[1]):
                    w = float(W[j, i])
                    color, width = _edge_style(w, wmax, n_edges)
                    edge = artists[f"edge:{l}:{j}:{i}"]
                    edge.set_color(color)
                    edge.set_linewidth(width)
                    changed.append(edge)
                    if labelled:
                        text = artists[f"weight-label:{l}:{j}:{i}"]
                        text.set_text(short_label(w, digits))
                        text.set_color(color)
                        text.get_bbox_patch().set_edgecolor(color)
                        changed.append(text)
            for j in range(W.shape[0]):
                text = artists[f"bias-label:{l}:{j}"]
                text.set_text(f"b = {short_label(float(biases[l][j]), digits)}")
                changed.append(text)
        for layer, n in enumerate(sizes):
            for j in range(n):
                value = artists.get(f"node-value:{layer}:{j}")
                if (value is None) != (a is None):
                    return None
                if value is not None:
                    value.set_text(short_label(float(a[layer][j]), digits))
                    changed.append(value)
    except KeyError:
        return None
    if title is not None:
        ax.title.set_text(title)
    changed.append(ax.title)
    return changed


def draw_backward(net, grads, ax=None, digits: int = 4, title: str | None = None):
    """The backward pass on the network diagram: δ beside every node, ∂L/∂w on every edge.

    The same layout as :func:`draw_network`, with the gradients in place of the parameters: edge
    ``W[l][j, k]`` shows ∂L/∂W[l][j, k] (colour = sign, width ∝ size) and node j of layer l + 1
    shows its error signal δ[l][j], which is also ∂L/∂b[l][j].

    Parameters
    ----------
    net : MLP
        The network the gradients belong to (for its shape and names).
    grads : Gradients
        ``net.backward(trace, z)`` for one sample: ``grads.dW``, ``grads.db`` and ``grads.delta``.
    ax : matplotlib Axes, optional
    digits : int, default 4
    title : str, optional
        Default: ``"backward pass: δ at each node, ∂L/∂w on each edge"``.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``net`` is not a network, or the gradients' shapes are not the network's
        (``grads.dW[l]`` of shape ``(n_out, n_in)``, ``grads.delta[l]`` of shape ``(n_out,)``).
    """
    _check_net(net)
    digits = _check_digits(digits)
    sizes = list(net.layer_sizes)
    dW = [np.asarray(W, dtype=float) for W in getattr(grads, "dW", ())]
    delta = [np.asarray(d, dtype=float) for d in getattr(grads, "delta", ())]
    if [W.shape for W in dW] != [(n, m) for m, n in zip(sizes[:-1], sizes[1:])] \
            or [d.shape for d in delta] != [(n,) for n in sizes[1:]]:
        raise ValueError(f"grads: expected the gradients of one sample of a {'-'.join(map(str, sizes))} network "
                         f"(net.backward(trace, z) for a single x), got dW shapes {[W.shape for W in dW]} "
                         f"and delta shapes {[d.shape for d in delta]}")
    with plot_style():
        fig, ax = figure_and_axes(ax, figsize=_figsize(sizes, digits))
        _draw_into(ax, dW, delta, sizes, node_names(sizes), None, None, True, digits,
                   "backward pass: δ at each node, ∂L/∂w on each edge" if title is None else title,
                   bias_name="δ")
        _legend(ax, ("positive ∂L/∂w", "negative ∂L/∂w"))
    return fig


def draw_network_diff(before, after, fig=None, digits: int = 4, delta: bool = False,
                      titles: tuple[str, str] | None = None):
    """Old and new weights side by side (e.g. before and after one update).

    Parameters
    ----------
    before, after : MLP
        Two networks of the same shape.
    fig : Figure, optional
        Draw into this figure (its contents are replaced); default: a new one.
    digits : int, default 4
        Decimals: one update changes the weights in the 3rd or 4th decimal.
    delta : bool, default False
        Right panel shows the change ``after − before`` (colour = sign of the
        change, width ∝ its size) instead of the new values.
    titles : (str, str), optional
        Panel titles; default ``("before", "after")`` or ``("before", "change: after − before")``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    Wb, bb = _check_net(before, "before")
    Wa, ba = _check_net(after, "after")
    if list(before.layer_sizes) != list(after.layer_sizes):
        raise ValueError(f"after: layer sizes {list(after.layer_sizes)} differ from before's "
                         f"{list(before.layer_sizes)}")
    digits = _check_digits(digits)
    sizes = list(before.layer_sizes)
    names = node_names(sizes)
    if titles is None:
        titles = ("before", "change: after − before" if delta else "after")
    with plot_style():
        w, h = _figsize(sizes, digits)
        if fig is None:  # one above the other: each panel stays full width in a notebook
            fig = new_figure((w, 2 * h - 0.6))
        else:
            fig.clear()
        ax0, ax1 = fig.subplots(2, 1)
        _draw_into(ax0, Wb, bb, sizes, names, None, None, True, digits, titles[0])
        if delta:
            dW = [A - B for A, B in zip(Wa, Wb)]
            db = [A - B for A, B in zip(ba, bb)]
            wl = [[[signed(v, digits) for v in row] for row in D] for D in dW]
            bl = [[signed(v, digits) for v in d] for d in db]
            _draw_into(ax1, dW, db, sizes, names, None, None, True, digits, titles[1],
                       weight_labels=wl, bias_labels=bl)
        else:
            _draw_into(ax1, Wa, ba, sizes, names, None, None, True, digits, titles[1])
        _legend(ax0)
        _legend(ax1, ("increase", "decrease") if delta else ("positive weight", "negative weight"))
    return fig

