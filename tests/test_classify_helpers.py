"""diagnostics, callbacks, the symbolic output δ and Descent's momentum, against values computed here."""
from __future__ import annotations

import numpy as np
import pytest

import mlpviz as mv
from mlpviz import callbacks, diagnostics, symbolic


def _net(seed=0, **kw):
    return mv.MLP([3, 4, 2], activation=["tanh", "sigmoid"], seed=seed, **kw)


def test_gradient_norms_are_frobenius_norms_of_dW():
    net = _net()
    X = np.random.default_rng(0).normal(size=(5, 3))
    Z = np.random.default_rng(1).uniform(size=(5, 2))
    grads = net.backward(net.forward(X), Z)
    expected = [np.sqrt((g ** 2).sum()) for g in grads.dW]
    np.testing.assert_allclose(diagnostics.gradient_norms(grads), expected)
    record = next(net.copy().steps(X, Z, 0.1, batch_size=5))
    np.testing.assert_allclose(diagnostics.gradient_norms(record), expected)
    with pytest.raises(ValueError, match="record_or_grads"):
        diagnostics.gradient_norms([1, 2])


def test_deep_sigmoid_gradients_vanish_towards_the_input():
    X, Z = mv.examples.digits_dataset()
    net = mv.MLP([64] + [32] * 9 + [10], activation=["sigmoid"] * 9 + ["softmax"], loss="cross_entropy",
                 init="xavier", seed=0)
    norms = diagnostics.gradient_norms(net.backward(net.forward(X[:100] / 16), Z[:100]))
    assert norms[0] < 1e-3 * norms[-1]


def test_activation_stats_by_hand():
    trace = mv.Trace(s=[np.zeros((2, 2)), np.zeros((2, 1))],
                     a=[np.zeros((2, 3)), np.array([[0.0, 0.5], [0.999, 0.2]]), np.array([[0.3], [-0.995]])])
    st = diagnostics.activation_stats(trace, ["sigmoid", "tanh"])
    np.testing.assert_allclose(st.mean, [(0.0 + 0.5 + 0.999 + 0.2) / 4, (0.3 - 0.995) / 2])
    np.testing.assert_allclose(st.std, [np.std([0, 0.5, 0.999, 0.2]), np.std([0.3, -0.995])])
    np.testing.assert_allclose(st.saturated, [0.5, 0.5])
    relu = diagnostics.activation_stats(mv.Trace(s=[np.zeros((1, 4))], a=[np.zeros((1, 1)), np.array([[0, 0, 1, 2.0]])]),
                                        ["relu"])
    assert relu.saturated[0] == 0.5
    with pytest.raises(ValueError, match="activations"):
        diagnostics.activation_stats(trace, ["sigmoid"])
    with pytest.raises(ValueError, match="tol"):
        diagnostics.activation_stats(trace, ["sigmoid", "tanh"], tol=0.7)


def test_early_stopping_records_stops_and_restores():
    rng = np.random.default_rng(0)
    X, Z = rng.normal(size=(20, 3)), rng.uniform(size=(20, 2))
    Xv, Zv = rng.normal(size=(10, 3)), rng.uniform(size=(10, 2))
    net = _net()
    stop = callbacks.EarlyStopping(net, Xv, Zv, patience=3)
    # drive the callback by hand: losses measured after each "epoch" of weight changes
    kept = {}
    for epoch in range(1, 30):
        net.fit(X, Z, epochs=1, lr=0.5)
        kept[epoch] = net.get_params()
        if stop(epoch, None) is False:
            break
    losses = stop.val_loss
    best = int(np.argmin(losses)) + 1
    assert stop.best_epoch == best and stop.best_loss == min(losses)
    if stop.stopped_epoch is not None:
        assert stop.stopped_epoch == best + 3 == len(losses)
    stop.restore()
    for a, b in zip(net.weights, kept[best][0]):
        np.testing.assert_array_equal(a, b)
    assert net.loss(Xv, Zv) == pytest.approx(min(losses))


def test_early_stopping_stops_fit():
    rng = np.random.default_rng(1)
    X, Z = rng.normal(size=(8, 3)), rng.uniform(size=(8, 2))
    net = _net()
    stop = callbacks.EarlyStopping(net, rng.normal(size=(30, 3)), rng.uniform(size=(30, 2)), patience=2)
    history = net.fit(X, Z, epochs=2000, lr=2.0, callback=stop)
    assert len(history.epoch_loss) == len(stop.val_loss) == stop.stopped_epoch < 2000
    assert stop.stopped_epoch - stop.best_epoch == 2


def test_early_stopping_and_snapshots_check_arguments():
    net = _net()
    with pytest.raises(ValueError, match="net"):
        callbacks.EarlyStopping("net", [[0, 0, 0]], [[0, 0]])
    with pytest.raises(ValueError, match="Z_val"):
        callbacks.EarlyStopping(net, [[0, 0, 0]], [[0, 0], [1, 1]])
    with pytest.raises(ValueError, match="patience"):
        callbacks.EarlyStopping(net, [[0, 0, 0]], [[0, 0]], patience=0)
    with pytest.raises(ValueError, match="epochs"):
        callbacks.Snapshots(net, 5)


def test_snapshots_copy_the_network_at_chosen_epochs():
    rng = np.random.default_rng(2)
    X, Z = rng.normal(size=(6, 3)), rng.uniform(size=(6, 2))
    net, twin = _net(), _net()
    snap = callbacks.Snapshots(net, [3, 1])
    net.fit(X, Z, epochs=4, lr=0.3, callback=snap)
    assert list(snap.nets) == [1, 3]
    twin.fit(X, Z, epochs=1, lr=0.3)
    np.testing.assert_allclose(snap.nets[1].weights[0], twin.weights[0])
    twin.fit(X, Z, epochs=2, lr=0.3)
    np.testing.assert_allclose(snap.nets[3].weights[0], twin.weights[0])
    assert snap.nets[3] is not net


@pytest.mark.parametrize("loss", ["binary_cross_entropy", "cross_entropy"])
def test_output_delta_is_y_minus_z(loss):
    d = symbolic.output_delta(loss)
    assert d.holds and d.difference == 0
    # and the derivative's value at a point matches y − z computed with numpy
    import sympy as sp
    syms = sorted(d.derivative.free_symbols, key=str)
    vals = {s: v for s, v in zip(syms, [0.1, 0.3, 0.7, -0.4, 1.2])}
    assert float(d.derivative.subs(vals)) == pytest.approx(float(d.claim.subs(vals)))
    with pytest.raises(ValueError, match="loss"):
        symbolic.output_delta("half_squared_error")


def test_descent_momentum_by_hand():
    path = mv.gradient_descent("bowl", start=(3.0, 4.0), lr=0.1, steps=2, momentum=0.5)
    # v1 = ∇f(3,4) = (6, 8), p1 = (2.4, 3.2); v2 = 0.5 v1 + (4.8, 6.4) = (7.8, 10.4), p2 = p1 − 0.1 v2
    np.testing.assert_allclose(path.points, [[3, 4], [2.4, 3.2], [1.62, 2.16]])
    assert path.momentum == 0.5
    np.testing.assert_allclose(mv.gradient_descent("bowl", lr=0.1, steps=3).points,
                               mv.gradient_descent("bowl", lr=0.1, steps=3, momentum=0.0).points)
    with pytest.raises(ValueError, match="momentum"):
        mv.Descent("bowl", momentum=1.0)


def test_momentum_crosses_the_two_minima_ridge():
    plain = mv.gradient_descent("two_minima", start=(-1.9, 0.5), lr=0.02, steps=100)
    heavy = mv.gradient_descent("two_minima", start=(-1.9, 0.5), lr=0.02, steps=100, momentum=0.9)
    assert plain.end[0] == pytest.approx(-1.0, abs=1e-3)
    assert heavy.end[0] == pytest.approx(1.0, abs=0.02)
