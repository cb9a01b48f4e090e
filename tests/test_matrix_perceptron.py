"""Seed 003's house-price example, batches, the δ recursion (002) and the perceptron (004):
each checked against values computed another way (by hand, finite differences, counting)."""
from __future__ import annotations

import math

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import mlpviz as mv  # noqa: E402
from mlpviz import batches, examples as ex, perceptron, symbolic  # noqa: E402
from mlpviz.plots import plot_losses  # noqa: E402


def test_house_price_network_is_the_seeds():
    net = ex.house_price_network()
    assert net.layer_sizes == [3, 2, 2, 1]
    assert net.activation_names == ["relu", "relu", "relu"]
    x, z = ex.house_price_sample()
    assert x.tolist() == [1200.0, 3.0, 10.0] and z.tolist() == [1.0]
    # by hand: z[1] = (12 − 0.06 + 0.3 + 0.001, 48 + 0.15 − 0.6 − 0.001); z[2] adds the bias 0.01
    t = net.forward(x)
    np.testing.assert_allclose(t.s[0], [12.241, 47.549])
    np.testing.assert_allclose(t.s[1], [0.1 * 12.241 - 0.1 * 47.549 + 0.01, 0.1 * 12.241 + 0.1 * 47.549 + 0.01])
    assert t.output[0] == pytest.approx(0.1 * 5.989 + 0.01)
    net.weights[0][0, 0] = 99.0
    assert ex.house_price_network().weights[0][0, 0] == 0.01     # a new copy each call
    x[0] = 0.0
    assert ex.house_price_sample()[0][0] == 1200.0


def test_house_price_gradient_matches_finite_differences():
    net = ex.house_price_network()
    x, z = ex.house_price_sample()
    g = net.backward(net.forward(x), z)
    h = 1e-6
    for l, W in enumerate(net.weights):
        for idx in np.ndindex(W.shape):
            plus, minus = net.copy(), net.copy()
            plus.weights[l][idx] += h
            minus.weights[l][idx] -= h
            fd = (plus.loss(x, z) - minus.loss(x, z)) / (2 * h)
            assert g.dW[l][idx] == pytest.approx(fd, abs=1e-6)
    assert np.all(g.dW[1][0] == 0)     # z[2]_1 < 0: ReLU' = 0 blocks that row


def test_truth_tables():
    for make, outs in [(ex.and_dataset, [0, 0, 0, 1]), (ex.or_dataset, [0, 1, 1, 1]), (ex.xor_dataset, [0, 1, 1, 0])]:
        X, Z = make()
        assert X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
        assert Z.ravel().tolist() == outs
        expected = {"and_dataset": np.logical_and, "or_dataset": np.logical_or,
                    "xor_dataset": np.logical_xor}[make.__name__](X[:, 0], X[:, 1])
        assert Z.ravel().tolist() == expected.astype(float).tolist()


@pytest.mark.parametrize("n,b", [(1050, 100), (100, 100), (101, 100), (7, 1), (7, 3), (3, 7)])
def test_iterations_per_epoch_counts_the_engines_updates(n, b):
    assert batches.iterations_per_epoch(n, b) == math.ceil(n / b)
    if n <= 200:
        X, Z = np.zeros((n, 1)), np.zeros((n, 1))
        updates = sum(1 for _ in mv.MLP([1, 1], seed=0).steps(X, Z, 0.1, epochs=1, batch_size=min(b, n)))
        assert updates == math.ceil(n / min(b, n))


def test_iterations_per_epoch_names_bad_arguments():
    with pytest.raises(ValueError, match="batch_size"):
        batches.iterations_per_epoch(10, 0)
    with pytest.raises(ValueError, match="n_samples"):
        batches.iterations_per_epoch(2.5, 1)


def test_loss_curves_and_their_plot():
    X, Z = ex.and_dataset()
    net = mv.MLP([2, 1], "sigmoid", seed=1)
    w0 = net.weights[0].copy()
    curves = batches.loss_curves(net, X, Z, [1, 2, 4], epochs=3, lr=0.5)
    assert list(curves) == ["per-sample (B = 1)", "mini-batch (B = 2)", "full batch (B = 4)"]
    np.testing.assert_array_equal(net.weights[0], w0)          # the caller's network is not trained
    for c in curves.values():
        assert c.shape == (4,) and c[0] == pytest.approx(net.loss(X, Z))
    # full batch by hand: 3 steps of W ← W − η·mean gradient
    ref = net.copy()
    for _ in range(3):
        ref.update(ref.backward(ref.forward(X), Z), 0.5)
    assert curves["full batch (B = 4)"][-1] == pytest.approx(ref.loss(X, Z))
    fig = plot_losses(curves, first=0, log=True)
    lines = [l for l in fig.axes[0].lines if (l.get_gid() or "").startswith("loss:")]
    assert [l.get_label() for l in lines] == list(curves)
    np.testing.assert_allclose(lines[2].get_ydata(), curves["full batch (B = 4)"])
    np.testing.assert_array_equal(lines[2].get_xdata(), np.arange(len(curves["full batch (B = 4)"])))
    assert fig.axes[0].get_yscale() == "log"
    with pytest.raises(ValueError, match="batch_sizes"):
        batches.loss_curves(net, X, Z, [5], epochs=1, lr=0.1)
    with pytest.raises(ValueError, match="curves"):
        plot_losses({})


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_delta_recursion_holds_and_matches_backprop(activation):
    r = symbolic.delta_recursion((2, 2, 2, 1), activation)
    assert r.holds and r.layers == [0, 1]
    net = mv.MLP([2, 2, 2, 1], activation, seed=3)
    x, z = np.array([0.3, -0.7]), np.array([0.2])
    sym = r.model.deltas(net, x, z)
    g = net.backward(net.forward(x), z)
    for l in range(3):
        np.testing.assert_allclose(sym[l], g.delta[l], rtol=1e-10, atol=1e-14)
    # the recursion by hand with numpy: δ[0] = f'(s[0]) ⊙ W[1]ᵀ δ[1]
    t = net.forward(x)
    fp = net.activations[0].df(t.s[0], t.a[1])
    np.testing.assert_allclose(fp * (net.weights[1].T @ g.delta[1]), g.delta[0])
    assert "odot" in r.latex


def test_delta_recursion_catches_a_wrong_transpose():
    r = symbolic.delta_recursion((2, 2, 2, 1), "sigmoid")
    m = r.model
    import sympy as sp
    l = 0
    wrong = sp.matrix_multiply_elementwise(r.recursion[l] * 0 + sp.ones(2, 1), m.W[1] * sp.ones(2, 1))
    assert any(sp.expand(d) != 0 for d in (r.derived[l] - wrong))
    with pytest.raises(ValueError, match="layer_sizes"):
        symbolic.delta_recursion((2, 1))


def test_perceptron_gradient_against_finite_differences():
    p = symbolic.perceptron_gradient(3, 2)
    assert p.holds and p.n == 3
    X, y, w, b = np.array([[0.0, 1.0], [1.0, 0.5], [2.0, -1.0]]), np.array([0.0, 1.0, 1.0]), np.array([0.4, -0.3]), 0.2
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    C = lambda w, b: np.mean((y - sig(X @ w + b)) ** 2)  # noqa: E731
    assert p.evaluate(p.cost, X, y, w, b) == pytest.approx(C(w, b))
    h = 1e-6
    for j in range(2):
        e = np.eye(2)[j] * h
        assert p.evaluate(p.dw[j], X, y, w, b) == pytest.approx((C(w + e, b) - C(w - e, b)) / (2 * h), abs=1e-8)
    assert p.evaluate(p.chain_db, X, y, w, b) == pytest.approx((C(w, b + h) - C(w, b - h)) / (2 * h), abs=1e-8)
    with pytest.raises(ValueError, match="n_samples"):
        symbolic.perceptron_gradient(0)


def test_bias_as_weight_gives_identical_updates():
    X, Z = ex.or_dataset()
    net = mv.MLP([2, 1], "sigmoid", seed=2)
    table = perceptron.bias_as_weight_updates(net, X, Z, 0.5, epochs=2)
    assert len(table.rows) == 8
    for step, db, dw0, diff in table.rows:
        assert db == pytest.approx(dw0, abs=1e-15) and diff < 1e-15 and db != 0
    # the first Δb by hand: −η (σ(s) − z) σ'(s) at x = (0, 0), z = 0
    s = net.biases[0][0]
    a = 1 / (1 + np.exp(-s))
    assert table.rows[0][1] == pytest.approx(-0.5 * a * a * (1 - a))
    folded = perceptron.fold_bias(net)
    np.testing.assert_allclose(folded.predict(perceptron.with_ones(X)), net.predict(X))
    with pytest.raises(ValueError, match="net"):
        perceptron.fold_bias(mv.MLP([2, 2, 1], seed=0))
    Xc = X.copy()
    perceptron.with_ones(X)
    np.testing.assert_array_equal(X, Xc)
