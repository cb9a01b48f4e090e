"""The pictures (mlpviz.plots), tested through the returned Figure objects.

nbval does not compare images, so these tests check what is drawn: line data,
labels, limits, colours, texts and the effect of highlighting.
"""
from __future__ import annotations

import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.text import Text

from mlpviz import MLP, History, MinMaxScaler
from mlpviz.activations import ACTIVATIONS
from mlpviz.descent import Descent, gradient_descent
from mlpviz import plots
import mlpviz as mv
from mlpviz.plots import artists_by_gid, node_names, stage_highlight
from mlpviz.plots.style import HIGHLIGHT, NEGATIVE, POSITIVE


@pytest.fixture(autouse=True)
def no_figure_leaks(monkeypatch):
    """Every test closes its figures; plt.show is never called by mlpviz."""
    def forbidden(*args, **kwargs):
        raise AssertionError("mlpviz.plots must not call plt.show()")

    monkeypatch.setattr(plt, "show", forbidden)
    before = set(plt.get_fignums())
    yield
    leaked = set(plt.get_fignums()) - before
    for num in leaked:
        plt.close(num)
    assert not leaked, f"figures left open: {sorted(leaked)}"


def render(fig) -> bytes:
    """Draw the figure to PNG (catches mathtext errors and layout crashes), then close it."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def minus(text: str) -> str:
    return text.replace("−", "-")


@pytest.fixture
def net231():
    # weights chosen for the test: mixed signs, one zero, distinct magnitudes
    W0 = [[-0.5, -1.0], [-0.3, 0.6], [0.9, 0.0]]
    b0 = [0.5, -0.25, 0.1]
    W1 = [[0.4, -0.8, 0.2]]
    b1 = [-0.35]
    return MLP.from_weights([W0, W1], [b0, b1], "sigmoid")


# --------------------------------------------------------------------------- network
def test_draw_network_returns_a_figure_with_one_edge_per_weight(net231):
    fig = plots.draw_network(net231)
    assert isinstance(fig, Figure)
    edges = artists_by_gid(fig, "edge:")
    assert len(edges) == sum(W.size for W in net231.weights) == 9
    for l, W in enumerate(net231.weights):
        for j in range(W.shape[0]):
            for i in range(W.shape[1]):
                line = edges[f"edge:{l}:{j}:{i}"]
                w = W[j, i]
                if w != 0:
                    assert to_rgba(line.get_color()) == to_rgba(POSITIVE if w > 0 else NEGATIVE)
    # wider for larger |w|
    widths = {(l, j, i): edges[f"edge:{l}:{j}:{i}"].get_linewidth()
              for l, W in enumerate(net231.weights) for j in range(W.shape[0]) for i in range(W.shape[1])}
    mags = {k: abs(net231.weights[k[0]][k[1], k[2]]) for k in widths}
    order = sorted(widths, key=lambda k: mags[k])
    assert [widths[k] for k in order] == sorted(widths.values())
    render(fig)


def test_edges_join_the_right_nodes(net231):
    fig = plots.draw_network(net231)
    nodes = artists_by_gid(fig, "node:")
    assert len(nodes) == 2 + 3 + 1
    line = artists_by_gid(fig, "edge:0:2:1")["edge:0:2:1"]
    (x0, x1), (y0, y1) = line.get_xdata(), line.get_ydata()
    assert (x0, y0) == pytest.approx(nodes["node:0:1"].center)   # from input x1
    assert (x1, y1) == pytest.approx(nodes["node:1:2"].center)   # into hidden h2
    render(fig)


def test_weight_and_bias_labels(net231):
    fig = plots.draw_network(net231, digits=2)
    labels = artists_by_gid(fig, "weight-label:")
    assert len(labels) == 9
    assert minus(labels["weight-label:0:1:0"].get_text()) == "-0.30"
    assert labels["weight-label:1:0:0"].get_text() == "0.40"
    assert labels["weight-label:0:2:1"].get_text() == "0.00"
    biases = artists_by_gid(fig, "bias-label:")
    assert len(biases) == 4
    assert minus(biases["bias-label:0:1"].get_text()) == "b = -0.25"
    assert minus(biases["bias-label:1:0"].get_text()) == "b = -0.35"
    no_labels = plots.draw_network(net231, show_weights=False)
    assert not artists_by_gid(no_labels, "weight-label:")
    render(fig)
    render(no_labels)


def test_node_names_follow_the_seed_for_2_3_1(net231):
    assert node_names([2, 3, 1]) == [["x0", "x1"], ["h0", "h1", "h2"], ["y"]]
    assert node_names([3, 2, 2, 2]) == [["x0", "x1", "x2"], ["h1_0", "h1_1"], ["h2_0", "h2_1"], ["y0", "y1"]]
    fig = plots.draw_network(net231)
    names = {g: a.get_text() for g, a in artists_by_gid(fig, "node-name:").items()}
    assert names == {"node-name:0:0": "$x_{0}$", "node-name:0:1": "$x_{1}$", "node-name:1:0": "$h_{0}$",
                     "node-name:1:1": "$h_{1}$", "node-name:1:2": "$h_{2}$", "node-name:2:0": "$y$"}
    render(fig)


def test_trace_values_are_written_in_the_nodes(net231):
    x = np.array([0.5, 0.5])
    trace = net231.forward(x)
    # independently: the sigmoid of W·x + b, by hand
    h = 1 / (1 + np.exp(-(np.array(net231.weights[0]) @ x + net231.biases[0])))
    y = 1 / (1 + np.exp(-(net231.weights[1] @ h + net231.biases[1])))
    fig = plots.draw_network(net231, trace=trace, digits=3)
    values = {g: minus(a.get_text()) for g, a in artists_by_gid(fig, "node-value:").items()}
    assert values["node-value:0:0"] == "0.500"
    for j in range(3):
        assert values[f"node-value:1:{j}"] == f"{h[j]:.3f}"
    assert values["node-value:2:0"] == f"{y[0]:.3f}"
    render(fig)


def test_highlight_changes_the_styled_artists(net231):
    plain = plots.draw_network(net231)
    hl = plots.draw_network(net231, highlight={"edges": [(0, 2, 1)], "nodes": [(1, 2)], "biases": [(0, 2)]})
    e_plain, e_hl = artists_by_gid(plain, "edge:"), artists_by_gid(hl, "edge:")
    assert e_hl["edge:0:2:1"].get_alpha() == 1.0
    assert e_hl["edge:0:2:1"].get_linewidth() > e_plain["edge:0:2:1"].get_linewidth()
    faded = [g for g in e_hl if g != "edge:0:2:1"]
    assert all(e_hl[g].get_alpha() < 0.5 for g in faded)
    assert all(e_plain[g].get_alpha() == 1.0 for g in e_plain)
    n_plain, n_hl = artists_by_gid(plain, "node:"), artists_by_gid(hl, "node:")
    assert n_hl["node:1:2"].get_facecolor() == to_rgba(HIGHLIGHT)
    assert n_hl["node:1:2"].get_linewidth() > n_plain["node:1:2"].get_linewidth()
    assert n_hl["node:1:0"].get_facecolor() == n_plain["node:1:0"].get_facecolor() == to_rgba("white")
    assert artists_by_gid(hl, "bias-label:0:2")["bias-label:0:2"].get_bbox_patch() is not None
    assert artists_by_gid(plain, "bias-label:0:2")["bias-label:0:2"].get_bbox_patch() is None
    render(plain)
    render(hl)


def test_highlight_a_whole_layer(net231):
    fig = plots.draw_network(net231, highlight={"weight_layer": 1, "layer": 2})
    edges = artists_by_gid(fig, "edge:")
    assert {g for g, e in edges.items() if e.get_alpha() == 1.0} == {"edge:1:0:0", "edge:1:0:1", "edge:1:0:2"}
    nodes = artists_by_gid(fig, "node:")
    assert {g for g, n in nodes.items() if n.get_facecolor() == to_rgba(HIGHLIGHT)} == {"node:2:0"}
    render(fig)


@pytest.mark.parametrize("highlight, match", [
    ({"colour": 1}, "unknown key"),
    ({"layers": [3]}, "node layer 3 does not exist"),
    ({"edges": [(0, 3, 0)]}, r"W\[0\]\[3, 0\] does not exist"),
    ({"nodes": [(1,)]}, "expected tuples"),
    ({"biases": [(2, 0)]}, r"b\[2\]\[0\] does not exist"),
    ([1, 2], "expected a dict"),
])
def test_bad_highlight(net231, highlight, match):
    with pytest.raises(ValueError, match=match):
        plots.draw_network(net231, highlight=highlight)


def test_stage_highlights(net231):
    assert stage_highlight("normalize", net231) == {"layers": [0]}
    assert stage_highlight("loss", net231) == {"layers": [2]}
    assert stage_highlight("forward", net231, layer=0) == {"weight_layers": [0], "layers": [1]}
    assert stage_highlight("update", net231) == {"weight_layers": [0, 1]}
    for stage in plots.STAGES:
        render(plots.draw_network(net231, highlight=stage_highlight(stage, net231)))
    with pytest.raises(ValueError, match="unknown stage 'train'.*init, normalize"):
        stage_highlight("train", net231)
    with pytest.raises(ValueError, match="weight layer 2 does not exist"):
        stage_highlight("forward", net231, layer=2)


def test_a_batch_trace_is_refused(net231):
    with pytest.raises(ValueError, match="one sample"):
        plots.draw_network(net231, trace=net231.forward(np.zeros((3, 2))))


def test_large_network_stays_legible():
    net = MLP([2, 15, 15, 1], activation="tanh", seed=0)
    fig = plots.draw_network(net, trace=net.forward([0.1, 0.9]))
    edges = artists_by_gid(fig, "edge:")
    assert len(edges) == 2 * 15 + 15 * 15 + 15
    assert not artists_by_gid(fig, "weight-label:")
    assert not artists_by_gid(fig, "bias-label:")
    assert max(e.get_linewidth() for e in edges.values()) <= 2.5
    assert {g for g in artists_by_gid(fig, "node-name:")} == {"node-name:0:0", "node-name:0:1", "node-name:3:0"}
    assert len(artists_by_gid(fig, "value-colorbar")) == 1
    render(fig)


def test_redrawing_a_large_network_into_cleared_axes_does_not_pile_up():
    net = MLP([2, 15, 15, 1], activation="tanh", seed=0)
    fig, ax = plt.subplots()
    for x in ([0.1, 0.9], [0.5, 0.5], [0.9, 0.1]):
        ax.clear()
        plots.draw_network(net, trace=net.forward(x), ax=ax)
    assert len(fig.axes) == 1
    assert len(artists_by_gid(fig, "value-colorbar")) == 1
    assert len(artists_by_gid(fig, "edge:")) == 270
    # a widget that removes the artists but does not clear the axes: still one colour bar
    for artist in [*ax.lines, *ax.patches, *ax.texts, *ax.collections]:
        artist.remove()
    plots.draw_network(net, trace=net.forward([0.3, 0.3]), ax=ax)
    assert len(ax.child_axes) == 1 and len(artists_by_gid(fig, "edge:")) == 270
    render(fig)


def test_draw_into_a_given_axes(net231):
    fig, ax = plt.subplots()
    out = plots.draw_network(net231, ax=ax, title="mine")
    assert out is fig and ax.get_title() == "mine"
    render(fig)


def test_draw_network_diff(net231):
    after = net231.copy()
    after.step([0.5, 0.5], [0.91], 0.1)
    fig = plots.draw_network_diff(net231, after, digits=4)
    ax0, ax1 = fig.axes
    assert (ax0.get_title(), ax1.get_title()) == ("before", "after")
    right = {a.get_gid(): a.get_text() for a in ax1.findobj(Text) if (a.get_gid() or "").startswith("weight")}
    left = {a.get_gid(): a.get_text() for a in ax0.findobj(Text) if (a.get_gid() or "").startswith("weight")}
    assert minus(left["weight-label:0:0:1"]) == "-1.0000"
    for l, W in enumerate(after.weights):
        for j in range(W.shape[0]):
            for i in range(W.shape[1]):
                assert float(minus(right[f"weight-label:{l}:{j}:{i}"])) == pytest.approx(W[j, i], abs=5e-5)
    delta = plots.draw_network_diff(net231, after, delta=True)
    d1 = {a.get_gid(): minus(a.get_text()) for a in delta.axes[1].findobj(Text)
          if (a.get_gid() or "").startswith("weight")}
    change = after.weights[1][0, 0] - net231.weights[1][0, 0]
    assert d1["weight-label:1:0:0"] == f"{change:+.4f}"
    with pytest.raises(ValueError, match="layer sizes"):
        plots.draw_network_diff(net231, MLP([2, 2, 1], seed=0))
    render(fig)
    render(delta)


# --------------------------------------------------------------------------- loss
def test_plot_loss_line_is_the_history():
    h = History(epoch_loss=[0.5, 0.3, 0.2, 0.15], step_loss=[0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.01])
    fig = plots.plot_loss(h)
    ax = fig.axes[0]
    line = artists_by_gid(fig, "loss")["loss"]
    np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3, 4])
    np.testing.assert_array_equal(line.get_ydata(), h.epoch_loss)
    assert ax.get_xlabel() == "epoch" and "L" in ax.get_ylabel() and "frac{1}{2}" in ax.get_ylabel()
    last = artists_by_gid(fig, "loss-last")["loss-last"]
    assert (last.get_xdata()[0], last.get_ydata()[0]) == (4, 0.15)
    lo, hi = ax.get_ylim()
    assert lo <= min(h.epoch_loss) and hi >= max(h.epoch_loss)
    assert ax.get_xlim()[0] <= 1 and ax.get_xlim()[1] >= 4
    render(fig)
    steps = plots.plot_loss(h, per="step", log=True, title="per step")
    line = artists_by_gid(steps, "loss")["loss"]
    np.testing.assert_array_equal(line.get_xdata(), np.arange(8))
    np.testing.assert_array_equal(line.get_ydata(), h.step_loss)
    assert steps.axes[0].get_yscale() == "log" and steps.axes[0].get_xlabel() == "step"
    render(steps)


def test_plot_loss_names_the_loss_in_use_on_its_axis():
    from mlpviz.plots.loss import LOSS_LABEL

    default = plots.plot_loss([0.5, 0.3])
    assert default.axes[0].get_ylabel() == LOSS_LABEL
    render(default)
    for name, label in (("binary_cross_entropy", "loss L: binary cross-entropy"),
                        ("cross_entropy", "loss L: cross-entropy")):   # their formulas are too long for an axis
        fig = plots.plot_loss([0.5, 0.3], loss=name)
        assert fig.axes[0].get_ylabel() == label
        fig.canvas.draw()
        assert fig.axes[0].yaxis.label.get_window_extent().y1 <= fig.bbox.y1     # inside the figure
        render(fig)
    with pytest.raises(ValueError, match="loss"):
        plots.plot_loss([0.5], loss="hinge")


def test_plot_loss_from_a_real_fit():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Z = np.array([[0.0], [1.0], [1.0], [0.0]])
    h = MLP([2, 3, 1], seed=2).fit(X, Z, epochs=20, lr=0.5)
    fig = plots.plot_loss(h)
    np.testing.assert_array_equal(artists_by_gid(fig, "loss")["loss"].get_ydata(), h.epoch_loss)
    render(fig)


@pytest.mark.parametrize("empty", [[], History(), np.array([])])
def test_plot_loss_with_no_history(empty):
    fig = plots.plot_loss(empty)
    assert len(artists_by_gid(fig, "loss")["loss"].get_xdata()) == 0
    assert artists_by_gid(fig, "loss-empty")
    render(fig)


def test_plot_loss_marks_a_diverged_loss():
    fig = plots.plot_loss([0.5, 2.0, float("inf")], per="step")
    y = artists_by_gid(fig, "loss")["loss"].get_ydata()
    assert y[:2].tolist() == [0.5, 2.0] and np.isnan(y[2])
    assert artists_by_gid(fig, "loss-diverged")
    assert artists_by_gid(fig, "loss-last")["loss-last"].get_ydata()[0] == 2.0
    render(fig)


def test_plot_loss_bad_input():
    with pytest.raises(ValueError, match="per"):
        plots.plot_loss([1.0], per="batch")
    with pytest.raises(ValueError, match="sequence of numbers"):
        plots.plot_loss(["a", "b"])
    with pytest.raises(ValueError, match="flat"):
        plots.plot_loss([[1.0, 2.0]])


def test_half_squared_error():
    fig = plots.plot_half_squared_error(z=0.91, y=0.6)
    g = artists_by_gid(fig, "")
    ys = g["loss"].get_xdata()
    np.testing.assert_allclose(g["loss"].get_ydata(), (ys - 0.91) ** 2 / 2)
    np.testing.assert_allclose(g["derivative"].get_ydata(), ys - 0.91)
    # the derivative is the slope of L: compare with finite differences of the plotted curve
    np.testing.assert_allclose(np.gradient(g["loss"].get_ydata(), ys)[1:-1], (ys - 0.91)[1:-1], atol=1e-9)
    tx, ty = g["tangent"].get_xdata(), g["tangent"].get_ydata()
    assert (ty[1] - ty[0]) / (tx[1] - tx[0]) == pytest.approx(0.6 - 0.91)
    assert g["minimum"].get_xdata()[0] == 0.91
    ax = fig.axes[0]
    assert ax.get_xlabel() == "network output y"
    render(fig)


# --------------------------------------------------------------------------- descent
@pytest.mark.parametrize("lr", [0.1, 1.0, 1.5])
def test_descent_contour_shows_the_path(lr):
    path = gradient_descent(lr=lr, steps=10)
    fig = plots.plot_descent_contour(path)
    ax = fig.axes[0]
    line = artists_by_gid(fig, "path")["path"]
    np.testing.assert_array_equal(np.column_stack([line.get_xdata(), line.get_ydata()]), path.points)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 <= path.points[:, 0].min() and x1 >= path.points[:, 0].max()
    assert y0 <= path.points[:, 1].min() and y1 >= path.points[:, 1].max()
    assert x0 <= -5 and x1 >= 5          # at least the function's default box
    start = artists_by_gid(fig, "start")["start"]
    assert (start.get_xdata()[0], start.get_ydata()[0]) == (3.0, 4.0)
    minimum = artists_by_gid(fig, "minimum")["minimum"]
    assert (minimum.get_xdata()[0], minimum.get_ydata()[0]) == (0.0, 0.0)
    assert ax.get_xlabel() == "x" and ax.get_ylabel() == "y" and ax.get_aspect() == 1.0
    assert f"η = {lr:g}" in ax.get_title()
    assert ("diverged" in ax.get_title()) == path.diverged
    render(fig)


def test_descent_contour_accepts_a_descent_object():
    d = Descent("two_minima", start=(0.3, 1.5), lr=0.05)
    d.run(5)
    fig = plots.plot_descent_contour(d)
    line = artists_by_gid(fig, "path")["path"]
    assert len(line.get_xdata()) == 6
    m = artists_by_gid(fig, "minimum")["minimum"]
    assert sorted(m.get_xdata()) == [-1.0, 1.0]
    render(fig)
    bowl = Descent(lr=0.1)
    bowl.run(3)
    fig = plots.plot_descent_contour(bowl)
    arrows = artists_by_gid(fig, "arrow:")
    # long steps carry an arrowhead; steps shorter than 4 % of the view's diagonal do not
    assert {"arrow:0", "arrow:1"} <= set(arrows) <= {"arrow:0", "arrow:1", "arrow:2"}
    assert tuple(arrows["arrow:0"].xy) == pytest.approx((2.4, 3.2))   # head at the first new point
    render(fig)


def test_descent_surface_puts_the_path_on_the_surface():
    path = gradient_descent(steps=6)
    fig = plots.plot_descent_surface(path)
    line = artists_by_gid(fig, "path3d")["path3d"]
    x, y, z = line.get_data_3d()
    np.testing.assert_array_equal(np.column_stack([x, y]), path.points)
    np.testing.assert_allclose(z, path.points[:, 0] ** 2 + path.points[:, 1] ** 2)
    assert fig.axes[0].name == "3d"
    render(fig)
    fig2, ax = plt.subplots()
    with pytest.raises(ValueError, match="3-D axes"):
        plots.plot_descent_surface(path, ax=ax)
    plt.close(fig2)


def test_plot_descent_has_both_panels():
    fig = plots.plot_descent(gradient_descent("stretched", lr=0.09, steps=15))
    assert [ax.name for ax in fig.axes] == ["rectilinear", "3d"]
    assert "10y^2" in fig.get_suptitle()
    render(fig)


def test_descent_plot_bad_input():
    with pytest.raises(ValueError, match="DescentPath"):
        plots.plot_descent_contour([(0, 0), (1, 1)])


# --------------------------------------------------------------------------- activations
def test_activations_plot_uses_f_and_df():
    fig = plots.plot_activations(("sigmoid", "tanh", "relu"))
    assert len(fig.axes) == 3
    g = artists_by_gid(fig, "")
    s = g["f:sigmoid"].get_xdata()
    np.testing.assert_allclose(g["f:sigmoid"].get_ydata(), 1 / (1 + np.exp(-s)))
    np.testing.assert_allclose(g["f:tanh"].get_ydata(), np.tanh(s))
    np.testing.assert_allclose(g["f:relu"].get_ydata(), np.maximum(s, 0))
    # derivatives against finite differences of the plotted curves (away from relu's kink)
    for name in ("sigmoid", "tanh"):
        num = np.gradient(g[f"f:{name}"].get_ydata(), s)
        np.testing.assert_allclose(g[f"df:{name}"].get_ydata()[1:-1], num[1:-1], atol=1e-3)
    away = np.abs(s) > 0.1
    np.testing.assert_array_equal(g["df:relu"].get_ydata()[away], (s[away] > 0).astype(float))
    assert [ax.get_title() for ax in fig.axes] == ["sigmoid", "tanh", "relu"]
    render(fig)
    only_f = plots.plot_activations("linear", derivatives=False)
    assert not artists_by_gid(only_f, "df:")
    render(only_f)
    with pytest.raises(ValueError, match="unknown activation 'softplus'"):
        plots.plot_activations(("sigmoid", "softplus"))
    with pytest.raises(ValueError, match=r"names\[1\]: the softmax is a function of all the sums"):
        plots.plot_activations(("sigmoid", "softmax"))


# --------------------------------------------------------------------------- scaling
def test_scaling_plot_shows_both_sets_of_values():
    X = np.array([[70, 98, 91], [50, 85, 82], [65, 67, 80], [25, 95, 68]], dtype=float)
    Xs = MinMaxScaler().fit_transform(X)
    fig = plots.plot_scaling(X, Xs, names=["i0", "i1", "z0"])
    g = artists_by_gid(fig, "")
    for c in range(3):
        np.testing.assert_array_equal(g[f"original:{c}"].get_offsets()[:, 0], X[:, c])
        np.testing.assert_allclose(g[f"scaled:{c}"].get_offsets()[:, 0], (X[:, c] - X[:, c].min())
                                   / (X[:, c].max() - X[:, c].min()))
    assert [ax.get_title() for ax in fig.axes[:3]] == ["i0", "i1", "z0"]
    bottom = fig.axes[3]
    assert bottom.get_xlim()[0] <= 0 and bottom.get_xlim()[1] >= 1
    render(fig)
    with pytest.raises(ValueError, match="X_scaled"):
        plots.plot_scaling(X, Xs[:, :2])
    with pytest.raises(ValueError, match="names"):
        plots.plot_scaling(X, Xs, names=["a"])


# --------------------------------------------------------------------------- boundary
def test_decision_boundary():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Z = np.array([0.0, 1.0, 1.0, 0.0])
    net = MLP([2, 3, 1], seed=3)
    fig = plots.plot_decision_boundary(net, X, Z, resolution=50)
    ax = fig.axes[0]
    samples = artists_by_gid(fig, "samples")["samples"]
    np.testing.assert_array_equal(samples.get_offsets(), X)
    np.testing.assert_array_equal(samples.get_array(), Z)
    assert ax.get_xlim()[0] < 0 and ax.get_xlim()[1] > 1
    # the colour scale covers every output the network gives on the grid corners
    corners = net.predict(np.array([[x, y] for x in ax.get_xlim() for y in ax.get_ylim()]))[:, 0]
    lo, hi = samples.norm.vmin, samples.norm.vmax
    assert lo <= corners.min() + 1e-9 and hi >= corners.max() - 1e-9
    assert ax.get_xlabel() == "input x0" and ax.get_ylabel() == "input x1"
    render(fig)
    with pytest.raises(ValueError, match="2 inputs"):
        plots.plot_decision_boundary(MLP([3, 2, 1], seed=0), np.zeros((2, 3)), np.zeros(2))
    with pytest.raises(ValueError, match="Z"):
        plots.plot_decision_boundary(net, X, np.zeros(3))


# --------------------------------------------------------------------------- style
def test_every_text_is_readable_from_the_back(net231):
    figs = [plots.draw_network(net231, trace=net231.forward([0.5, 0.5])), plots.plot_loss([0.3, 0.2]),
            plots.plot_half_squared_error(), plots.plot_descent(gradient_descent()), plots.plot_activations(),
            plots.plot_scaling(np.eye(3), np.eye(3))]
    for fig in figs:
        fig.canvas.draw()
        small = [(t.get_text(), t.get_fontsize()) for t in fig.findobj(Text)
                 if t.get_text() and t.get_visible() and t.get_fontsize() < 12]
        assert not small, small
        lines = [ln for ax in fig.axes for ln in ax.get_lines() if (ln.get_gid() or "").startswith(
            ("loss", "path", "f:"))]
        assert all(ln.get_linewidth() >= 2 for ln in lines)
        plt.close(fig)


def test_style_does_not_leak_into_global_rc(net231):
    size = matplotlib.rcParams["font.size"]
    render(plots.draw_network(net231))
    assert matplotlib.rcParams["font.size"] == size


def test_importing_mlpviz_does_not_import_matplotlib():
    import subprocess
    import sys

    code = "import sys, mlpviz; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("lr", [1e100, 1e200])
def test_far_diverged_paths_plot_without_warnings(lr):
    import warnings

    path = gradient_descent(lr=lr, steps=5)   # one huge jump: f overflows over most of the box
    assert path.diverged
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = plots.plot_descent(path)
        line = artists_by_gid(fig, "path")["path"]
        np.testing.assert_array_equal(line.get_xdata(), path.points[:, 0])
        render(fig)


# ---------------------------------------------------------------- issue 12: backward diagram, numbered steps
def test_draw_backward_writes_delta_at_nodes_and_gradients_on_edges():
    net = mv.examples.seed_network()
    grads = net.backward(net.forward([0.5, 0.5]), [0.91])
    fig = plots.draw_backward(net, grads)
    texts = [t.get_text() for t in fig.axes[0].texts]
    a_h = 1 / (1 + np.exp(-np.array([-0.25, 0.5, 1.0])))          # the seed's hidden outputs, by hand
    y = 1 / (1 + np.exp(-(0.5 * a_h[0] - a_h[1] + 0.5)))
    d_o = (y - 0.91) * y * (1 - y)
    assert f"δ = {mv.format.label(d_o, 4)}" in texts
    assert mv.format.label(d_o * a_h[1], 4) in texts                 # ∂L/∂w_o[1] on its edge
    assert not any(t.startswith("b = ") for t in texts)
    plt.close(fig)
    with pytest.raises(ValueError, match="grads"):
        plots.draw_backward(net, net.backward(net.forward([[0.5, 0.5], [1, 1]]), [[0.91], [0.5]]))


def test_descent_contour_numbers_coinciding_steps_together():
    path = mv.descent.gradient_descent("bowl", start=(3, 4), lr=1.0, steps=4)   # bounces (3,4) ↔ (−3,−4)
    fig = plots.plot_descent_contour(path, numbers=5, labels=True)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "0, 2, 4" in texts and "1, 3" in texts
    plt.close(fig)
