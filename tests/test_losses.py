"""Binary cross-entropy and softmax cross-entropy: values by hand, gradients by finite differences and
sympy, stability at s = ±1000, and the fused output δ = y − z."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlpviz as mv
from mlpviz import MLP
from mlpviz.activations import softmax
from mlpviz.gradcheck import finite_difference_gradients as numeric_gradients
from mlpviz.loss import BinaryCrossEntropy, CrossEntropy


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_values_by_hand():
    bce, ce = BinaryCrossEntropy(), CrossEntropy()
    y, z = np.array([[0.8, 0.3], [0.1, 0.6]]), np.array([[1.0, 0.0], [0.0, 1.0]])
    by_hand = -(math.log(0.8) + math.log(0.7) + math.log(0.9) + math.log(0.6)) / 2
    assert bce.fn(y, z) == pytest.approx(by_hand, rel=1e-14)
    s = np.log(y / (1 - y))                                    # the sums with σ(s) = y
    assert bce.fn(y, z, s) == pytest.approx(by_hand, rel=1e-13)
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    zc = np.array([[1.0, 0, 0], [0, 0, 1.0]])
    assert ce.fn(p, zc) == pytest.approx(-(math.log(0.7) + math.log(0.8)) / 2, rel=1e-14)
    assert ce.fn(p, zc, np.log(p) + 3.0) == pytest.approx(ce.fn(p, zc), rel=1e-13)   # softmax ignores a shift


def test_stable_at_plus_minus_1000():
    s = np.array([[1000.0, -1000.0], [-1000.0, 1000.0]])
    z = np.array([[0.0, 1.0], [1.0, 0.0]])                    # every output confidently wrong
    assert BinaryCrossEntropy().fn(1 / (1 + np.exp(-np.clip(s, -700, 700))), z, s) == pytest.approx(2000.0)
    assert CrossEntropy().fn(softmax(s), z, s) == pytest.approx(2000.0)
    y = softmax(s)
    assert np.all(np.isfinite(y)) and np.allclose(y.sum(axis=1), 1)
    net = MLP([2, 2], activation="softmax", loss="cross_entropy", seed=0)
    net.weights[0][:] = [[500.0, -500.0], [-500.0, 500.0]]
    assert net.loss([[1.0, -1.0]], [[0.0, 1.0]]) == pytest.approx(2000.0 + net.biases[0][0] - net.biases[0][1],
                                                                   rel=1e-9)


@pytest.mark.parametrize("loss, out", [("binary_cross_entropy", "sigmoid"), ("cross_entropy", "softmax")])
def test_output_delta_is_y_minus_z(loss, out):
    net = MLP([3, 4, 3], activation=["tanh", out], loss=loss, seed=1)
    x, z = np.array([0.3, -0.7, 0.2]), np.array([0.0, 1.0, 0.0])
    trace = net.forward(x)
    grads = net.backward(trace, z)
    np.testing.assert_allclose(grads.delta[-1], trace.output - z, rtol=1e-15)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), hidden=st.integers(1, 5), n_out=st.integers(1, 4),
       batch=st.integers(1, 3), kind=st.sampled_from(["bce", "ce"]),
       act=st.sampled_from(["sigmoid", "tanh", "relu", "linear"]))
def test_gradients_equal_finite_differences(seed, hidden, n_out, batch, kind, act):
    rng = np.random.default_rng(seed)
    if kind == "ce":
        n_out = max(n_out, 2)
        net = MLP([3, hidden, n_out], activation=[act, "softmax"], loss="cross_entropy", seed=seed)
        Z = np.eye(n_out)[rng.integers(0, n_out, batch)]
    else:
        net = MLP([3, hidden, n_out], activation=[act, "sigmoid"], loss="binary_cross_entropy", seed=seed)
        Z = rng.integers(0, 2, (batch, n_out)).astype(float)
    X = rng.uniform(-1, 1, (batch, 3))
    grads = net.backward(net.forward(X), Z)
    num_W, num_b = numeric_gradients(net, X, Z)
    for l in range(net.n_layers):
        np.testing.assert_allclose(grads.dW[l], num_W[l], atol=1e-7, rtol=1e-5)
        np.testing.assert_allclose(grads.db[l], num_b[l], atol=1e-7, rtol=1e-5)


def test_output_delta_derived_by_sympy():
    sp = pytest.importorskip("sympy")
    s1, s2, s3, z1, z2, z3 = sp.symbols("s1 s2 s3 z1 z2 z3", real=True)
    e = [sp.exp(s1), sp.exp(s2), sp.exp(s3)]
    y = [v / sum(e) for v in e]
    L = -(z1 * sp.log(y[0]) + z2 * sp.log(y[1]) + z3 * sp.log(y[2]))
    for k, (sk, yk, zk) in enumerate(zip((s1, s2, s3), y, (z1, z2, z3))):
        derived = sp.diff(L, sk).subs(z1 + z2 + z3, 1)
        assert sp.simplify(derived.subs(z3, 1 - z1 - z2) - (yk - zk).subs(z3, 1 - z1 - z2)) == 0
    s, z = sp.symbols("s z", real=True)
    sig = 1 / (1 + sp.exp(-s))
    bce = -(z * sp.log(sig) + (1 - z) * sp.log(1 - sig))
    assert sp.simplify(sp.diff(bce, s) - (sig - z)) == 0


def test_fit_learns_xor_with_binary_cross_entropy():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Z = np.array([[0], [1], [1], [0]], dtype=float)
    net = MLP([2, 4, 1], activation=["tanh", "sigmoid"], loss="binary_cross_entropy", seed=3)
    history = net.fit(X, Z, epochs=500, lr=0.5)
    assert history.epoch_loss[-1] < 0.1 < history.epoch_loss[0]
    assert np.array_equal(net.predict(X) > 0.5, Z > 0.5)


def test_a_cross_entropy_network_steps_records_and_copies():
    net = MLP([2, 3, 3], activation=["relu", "softmax"], loss="cross_entropy", seed=0)
    X, Z = np.array([[0.1, 0.9], [0.8, 0.2]]), np.eye(3)[[0, 2]]
    r = next(net.copy().steps(X, Z, 0.5, batch_size=2))
    assert r.loss_name == "cross_entropy" and r.net_before.loss_function == net.loss_function
    assert r.net_after.loss_function.name == "cross_entropy" and r.copy().loss_name == "cross_entropy"
    net.set_params(*r.net_after.get_params())
    for a, b in zip(net.weights, r.weights_after):
        np.testing.assert_array_equal(a, b)
    assert net.copy().loss_function.name == "cross_entropy"


def test_a_cross_entropy_network_round_trips_through_its_file(tmp_path):
    from mlpviz import io

    net = MLP([3, 4, 2], activation=["relu", "softmax"], loss="cross_entropy", seed=0)
    io.save_network(net, tmp_path / "n.json")
    assert '"loss": "cross_entropy"' in (tmp_path / "n.json").read_text()
    back = io.load_network(tmp_path / "n.json")
    assert back.loss_function.name == "cross_entropy" and back.activation_names == ["relu", "softmax"]
    np.testing.assert_array_equal(back.weights[1], net.weights[1])
    io.save_network(MLP([2, 1], seed=0), tmp_path / "plain.json")
    assert '"loss"' not in (tmp_path / "plain.json").read_text()     # a default network's file is unchanged


@pytest.mark.parametrize("loss, acts, n_out, z, message", [
    ("binary_cross_entropy", "sigmoid", 1, [2.0], r"^z: value 2 at \[0\] is not a probability: binary_cross_entropy"),
    ("binary_cross_entropy", "sigmoid", 1, [-1.0], r"^z: value -1 at \[0\] is not a probability"),
    ("cross_entropy", ["sigmoid", "softmax"], 2, [0.3, 0.3], r"^z: the targets sum to 0\.6, not 1: cross_entropy"),
    ("cross_entropy", ["sigmoid", "softmax"], 2, [2.0, -1.0], r"^z: value 2 at \[0\] is not a probability"),
])
def test_cross_entropies_refuse_targets_that_are_not_probabilities(loss, acts, n_out, z, message):
    # −z log y with z outside [0, 1] (or not summing to 1) is not a loss: it can be negative and unbounded
    net = mv.MLP([2, 3, n_out], acts, loss=loss, seed=0)
    before = [p.copy() for p in net.weights + net.biases]
    with pytest.raises(ValueError, match=message):
        net.step([0.5, 0.5], z, 0.1)
    with pytest.raises(ValueError, match=message.replace("^z", "^Z").replace(r"at \[0\]", r"at \[0, 0\]")
                       .replace("targets sum", "targets of sample 0 sum")):
        net.fit([[0.5, 0.5]], [z], epochs=1, lr=0.1)
    for p, q in zip(net.weights + net.biases, before):
        np.testing.assert_array_equal(p, q)
    net.step([0.5, 0.5], [1.0] + [0.0] * (n_out - 1), 0.1)          # a one-hot target is fine
