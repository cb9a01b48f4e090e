"""The classification and pitfalls pictures, tested on the returned figures."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

import mlpviz as mv
from mlpviz import plots


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _gid(fig, gid):
    return [a for ax in fig.axes for a in ax.get_children() if a.get_gid() == gid]


def test_decision_boundaries_one_panel_per_network():
    X, Z = mv.examples.xor_dataset()
    nets = {1: mv.MLP([2, 3, 1], seed=0), 5: mv.MLP([2, 3, 1], seed=1)}
    fig = plots.plot_decision_boundaries(nets, X, Z, resolution=20)
    assert [ax.get_title() for ax in fig.axes] == ["epoch 1", "epoch 5"]
    out = [c for c in fig.axes[1].get_children() if c.get_gid() == "samples"][0]
    np.testing.assert_allclose(out.get_offsets(), X)
    with pytest.raises(ValueError, match="titles"):
        plots.plot_decision_boundaries(list(nets.values()), X, Z, titles=["one"])
    with pytest.raises(ValueError, match="nets"):
        plots.plot_decision_boundaries([], X, Z)


def test_plot_losses_lines_and_marks():
    fig = plots.plot_losses({"a": [3.0, 2.0, 1.0], "b": [1.0, np.inf, 5.0]}, marks={"best": 2})
    ax = fig.axes[0]
    a = _gid(fig, "loss:a")[0]
    np.testing.assert_array_equal(a.get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(a.get_ydata(), [3, 2, 1])
    np.testing.assert_array_equal(_gid(fig, "loss:b")[0].get_ydata(), [1.0])   # cut at the inf
    assert len(_gid(fig, "diverged:b")) == 1
    assert list(_gid(fig, "mark:best")[0].get_xdata()) == [2, 2]
    assert ax.get_xlim() == (1, 3)
    with pytest.raises(ValueError, match="curves"):
        plots.plot_losses([1, 2])


def test_layer_values_and_histograms():
    fig = plots.plot_layer_values({"n": [1.0, 0.1, 0.01]})
    line = _gid(fig, "layers:n")[0]
    np.testing.assert_array_equal(line.get_xdata(), [0, 1, 2])
    assert fig.axes[0].get_yscale() == "log"
    net = mv.MLP([2, 3, 3, 1], activation="tanh", seed=0)
    trace = net.forward(np.random.default_rng(0).normal(size=(50, 2)))
    fig = plots.plot_activation_histograms({"t": trace}, bins=10, value_range=(-1, 1))
    assert len(fig.axes) == 2 and fig.axes[1].get_title() == "a after layer 1"
    bars = _gid(fig, "hist:t:0")
    heights = np.array([b.get_height() for b in bars])
    counts, edges = np.histogram(trace.a[1].ravel(), bins=10, range=(-1, 1), density=True)
    np.testing.assert_allclose(heights, counts)
    with pytest.raises(ValueError, match="layers"):
        plots.plot_activation_histograms({"t": trace}, layers=[5])


def test_confusion_matrix_counts_and_title():
    C = np.array([[5, 1], [0, 4]])
    fig = plots.plot_confusion_matrix(C)
    ax = fig.axes[0]
    assert _gid(fig, "count:0:1")[0].get_text() == "1"
    assert not _gid(fig, "count:1:0")
    assert ax.get_title() == "accuracy 0.900 (9 of 10)"
    assert ax.get_xlabel() == "predicted class"
    with pytest.raises(ValueError, match="C"):
        plots.plot_confusion_matrix([[1, 2, 3]])
    with pytest.raises(ValueError, match="C"):
        plots.plot_confusion_matrix([[1, -2], [0, 1]])


def test_images_grid():
    X = np.arange(3 * 64, dtype=float).reshape(3, 64)
    fig = plots.plot_images(X, titles=["a", "b", "c"], ncols=2)
    assert len(fig.axes) == 4 and not fig.axes[3].get_visible()
    img = _gid(fig, "image:1")[0]
    np.testing.assert_array_equal(img.get_array(), X[1].reshape(8, 8))
    assert fig.axes[2].get_title() == "c"
    with pytest.raises(ValueError, match="X"):
        plots.plot_images(np.zeros((2, 10)))
    with pytest.raises(ValueError, match="titles"):
        plots.plot_images(X, titles=["a"])
