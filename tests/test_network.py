"""mlpviz.network: shapes, initialisation, validation messages, fit/update semantics."""
from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlpviz as mv
from mlpviz import MLP, TrainingDivergedError
from mlpviz import examples as ex


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    """No engine call may emit a warning (overflow, divide, invalid, deprecation)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def small_net(seed=0, act="sigmoid"):
    return MLP([2, 3, 1], activation=act, seed=seed)


# ---------------------------------------------------------------------------- shapes
def test_shapes_of_weights_biases_and_trace():
    net = MLP([4, 5, 3, 2], seed=1)
    assert net.layer_sizes == [4, 5, 3, 2] and net.n_layers == 3
    assert [W.shape for W in net.weights] == [(5, 4), (3, 5), (2, 3)]
    assert [b.shape for b in net.biases] == [(5,), (3,), (2,)]
    t = net.forward(np.zeros(4))
    assert len(t.s) == 3 and len(t.a) == 4
    assert [s.shape for s in t.s] == [(5,), (3,), (2,)]
    assert [a.shape for a in t.a] == [(4,), (5,), (3,), (2,)]
    tb = net.forward(np.zeros((7, 4)))
    assert [s.shape for s in tb.s] == [(7, 5), (7, 3), (7, 2)]
    assert tb.output.shape == (7, 2) and tb.x.shape == (7, 4)
    assert net.predict(np.zeros(4)).shape == (2,)
    assert repr(net) == "MLP(4-5-3-2, activation='sigmoid')"


def test_forward_is_s_equals_W_a_plus_b():
    net = MLP([3, 2, 2], activation=["tanh", "linear"], seed=2)
    x = np.array([0.3, -1.2, 2.0])
    t = net.forward(x)
    W0, b0, W1, b1 = net.weights[0], net.biases[0], net.weights[1], net.biases[1]
    s0 = [sum(W0[j, k] * x[k] for k in range(3)) + b0[j] for j in range(2)]
    a1 = [math.tanh(v) for v in s0]
    s1 = [sum(W1[j, k] * a1[k] for k in range(2)) + b1[j] for j in range(2)]
    np.testing.assert_allclose(t.s[0], s0, rtol=1e-14)
    np.testing.assert_allclose(t.a[1], a1, rtol=1e-14)
    np.testing.assert_allclose(t.s[1], s1, rtol=1e-14)
    np.testing.assert_allclose(t.output, s1, rtol=1e-14)  # linear output
    # a batch computes the same rows
    tb = net.forward(np.stack([x, x * 0.5]))
    np.testing.assert_allclose(tb.output[0], t.output, rtol=1e-15)
    np.testing.assert_allclose(tb.output[1], net.forward(x * 0.5).output, rtol=1e-15)


# ---------------------------------------------------------------------------- init
def test_init_uniform_in_minus_one_one():
    net = MLP([300, 200, 1], seed=7)
    w = np.concatenate([net.weights[0].ravel(), net.biases[0], net.weights[1].ravel()])
    assert w.min() >= -1 and w.max() <= 1
    assert w.min() < -0.99 and w.max() > 0.99          # fills the whole interval
    assert abs(w.mean()) < 0.01                          # 60 000+ draws: sd of the mean ≈ 0.0023
    assert w.var() == pytest.approx(1 / 3, rel=0.02)     # var of U(-1, 1)
    hist, _ = np.histogram(w, bins=10, range=(-1, 1))
    assert hist.min() > 0.9 * len(w) / 10                # flat


def test_init_reproducible_by_seed():
    a, b, c = MLP([2, 3, 1], seed=42), MLP([2, 3, 1], seed=42), MLP([2, 3, 1], seed=43)
    for x, y in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(x, y)
    assert not np.array_equal(a.weights[0], c.weights[0])


# ---------------------------------------------------------------------------- from_weights
def test_from_weights_builds_the_network():
    W = [[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [[1.0, 0.0, -1.0]]]
    b = [[0.1, 0.2, 0.3], [0.5]]
    net = MLP.from_weights(W, b, "tanh")
    assert net.layer_sizes == [2, 3, 1] and net.activation_names == ["tanh", "tanh"]
    np.testing.assert_array_equal(net.weights[1], [[1.0, 0.0, -1.0]])
    # copies: changing the source does not change the network
    arr = np.array(W[0])
    net2 = MLP.from_weights([arr, W[1]], b)
    arr[0, 0] = 99
    assert net2.weights[0][0, 0] == 1.0


@pytest.mark.parametrize("weights, biases, match", [
    ([[1.0, 2.0]], [[0.0]], r"weights\[0\]: expected a non-empty 2-D \(n_out, n_in\) matrix, got shape \(2,\)"),
    ([[[1.0, 2.0], [3.0]]], [[0.0, 0.0]], r"weights\[0\]: expected numbers"),                  # ragged
    ([np.ones((3, 2)), np.ones((1, 3))], [np.ones(3)], r"biases: got 1 bias vectors for 2 weight matrices"),
    ([np.ones((3, 2))], [np.ones(2)], r"biases\[0\]: expected shape \(3,\) to match weights\[0\] \(3, 2\), got \(2,\)"),
    ([np.ones((3, 2)), np.ones((1, 4))], [np.ones(3), np.ones(1)],
     r"weights\[1\]: has 4 inputs but layer 0 has 3 neurons"),
    ([np.ones((3, 2)), np.array([[1.0, np.nan, 0.0]])], [np.ones(3), np.ones(1)],
     r"weights\[1\]: value nan at \[0, 1\] is not a finite number"),
    ([np.ones((3, 2))], [np.array([0.0, np.inf, 0.0])], r"biases\[0\]: value inf at \[1\] is not a finite number"),
    ([], [], r"weights: expected at least one weight matrix"),
    ([np.ones((0, 2))], [np.ones(0)], r"weights\[0\]: expected a non-empty"),
])
def test_from_weights_validation(weights, biases, match):
    with pytest.raises(ValueError, match=match):
        MLP.from_weights(weights, biases)


def test_set_params_checks_layer_sizes():
    net = small_net()
    other = MLP([2, 4, 1], seed=0)
    with pytest.raises(ValueError, match=r"layer sizes \[2, 4, 1\] do not match this network's \[2, 3, 1\]"):
        net.set_params(other.weights, other.biases)
    W, b = net.get_params()
    W[0][0, 0] = 5.0
    assert net.weights[0][0, 0] != 5.0  # get_params gives copies
    net.set_params(W, b)
    assert net.weights[0][0, 0] == 5.0


def test_copy_is_independent():
    net = small_net()
    c = net.copy()
    c.weights[0][0, 0] += 1
    assert net.weights[0][0, 0] != c.weights[0][0, 0]
    assert c.activation_names == net.activation_names


# ---------------------------------------------------------------------------- arguments
@pytest.mark.parametrize("sizes, match", [
    ([2], r"layer_sizes: expected at least two layer sizes"),
    ("23", r"layer_sizes: expected at least two"),
    ([2, 0, 1], r"layer_sizes\[1\]: must be a positive whole number, got 0"),
    ([2, 2.5, 1], r"layer_sizes\[1\]: must be a positive whole number, got 2.5"),
])
def test_layer_sizes_validation(sizes, match):
    with pytest.raises(ValueError, match=match):
        MLP(sizes)


def test_activation_list_length_message():
    with pytest.raises(ValueError, match=r"activation: got 1 names \['sigmoid'\] for a network with 2 weight "
                                         r"layers; give one name, or exactly one per layer"):
        MLP([2, 3, 1], activation=["sigmoid"])
    net = MLP([2, 3, 1], activation=["relu", "Linear"])
    assert net.activation_names == ["relu", "linear"]


def test_wrong_activation_name_message():
    with pytest.raises(ValueError, match=r"activation: unknown activation 'sigmoidd'; expected one of "
                                         r"sigmoid, tanh, relu, linear, softmax"):
        MLP([2, 3, 1], activation="sigmoidd")
    with pytest.raises(ValueError, match=r"activation\[1\]: unknown activation 'softplus'"):
        MLP([2, 3, 1], activation=["tanh", "softplus"])
    with pytest.raises(ValueError, match=r"activation\[0\]: the softmax can only be the output layer's"):
        MLP([2, 3, 2], activation=["softmax", "softmax"], loss="cross_entropy")
    with pytest.raises(ValueError, match=r"loss: a softmax output is trained with loss='cross_entropy'"):
        MLP([2, 3, 2], activation=["tanh", "softmax"])
    with pytest.raises(ValueError, match=r"activation: loss='binary_cross_entropy' needs a sigmoid output"):
        MLP([2, 3, 1], activation=["tanh", "linear"], loss="binary_cross_entropy")


@pytest.mark.parametrize("kwargs, match", [
    (dict(lr=0), r"lr: must be a positive finite number, got 0"),
    (dict(lr=-0.1), r"lr: must be a positive finite number, got -0.1"),
    (dict(lr=float("nan")), r"lr: must be a positive finite number, got nan"),
    (dict(lr=float("inf")), r"lr: must be a positive finite number, got inf"),
    (dict(lr="0.1"), r"lr: expected a positive finite number, got '0.1'"),
    (dict(lr=True), r"lr: expected a positive finite number, got True"),
    (dict(epochs=0), r"epochs: must be a positive whole number, got 0"),
    (dict(epochs=-3), r"epochs: must be a positive whole number, got -3"),
    (dict(epochs=2.0), r"epochs: must be a positive whole number, got 2.0"),
    (dict(batch_size=0), r"batch_size: must be a positive whole number, got 0"),
    (dict(batch_size=-1), r"batch_size: must be a positive whole number, got -1"),
])
def test_fit_argument_messages(kwargs, match):
    net = small_net()
    before = net.get_params()
    args = dict(epochs=1, lr=0.1)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        net.fit([[0.5, 0.5]], [[0.91]], **args)
    for a, b in zip(before[0] + before[1], net.weights + net.biases):
        np.testing.assert_array_equal(a, b)


def test_wrong_input_column_count_message():
    net = small_net()
    with pytest.raises(ValueError, match=r"x: the network takes 2 inputs per sample; got an array of shape \(3,\) "
                                         r"\(expected \(2,\) for one sample or \(n_samples, 2\) for a batch\)"):
        net.forward([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"X: the network takes 2 inputs per sample; got an array of shape \(4, 3\)"):
        net.fit(np.zeros((4, 3)), np.zeros((4, 1)), epochs=1, lr=0.1)
    with pytest.raises(ValueError, match=r"x: the network takes 2 inputs"):
        net.forward(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match=r"x: expected numbers, got 'ab'"):
        net.forward("ab")


def test_nan_inputs_message():
    net = small_net()
    with pytest.raises(ValueError, match=r"x: value nan at \[1\] is not a finite number"):
        net.forward([0.5, float("nan")])
    X = np.ones((3, 2))
    X[2, 0] = np.inf
    with pytest.raises(ValueError, match=r"X: value inf at \[2, 0\] is not a finite number"):
        net.fit(X, np.zeros((3, 1)), epochs=1, lr=0.1)
    Z = np.zeros((3, 1))
    Z[1, 0] = np.nan
    with pytest.raises(ValueError, match=r"Z: value nan at \[1, 0\] is not a finite number"):
        net.fit(np.ones((3, 2)), Z, epochs=1, lr=0.1)


def test_target_shape_messages():
    net = small_net()
    t = net.forward([0.5, 0.5])
    with pytest.raises(ValueError, match=r"z: expected targets of shape \(1,\) \(like the output\), got \(2,\)"):
        net.backward(t, [0.1, 0.2])
    with pytest.raises(ValueError, match=r"Z: expected targets of shape \(4, 1\) for 4 samples and 1 outputs, "
                                         r"got \(3, 1\)"):
        net.fit(np.zeros((4, 2)), np.zeros((3, 1)), epochs=1, lr=0.1)
    # a plain column of targets is accepted for a one-output network
    h1 = small_net().fit(np.ones((4, 2)), [0.1, 0.2, 0.3, 0.4], epochs=1, lr=0.1)
    h2 = small_net().fit(np.ones((4, 2)), [[0.1], [0.2], [0.3], [0.4]], epochs=1, lr=0.1)
    assert h1.step_loss == h2.step_loss


# ---------------------------------------------------------------------------- update / step / fit
def test_update_is_theta_minus_lr_gradient():
    net = small_net()
    before = net.get_params()
    g = net.backward(net.forward([0.3, 0.7]), [0.2])
    net.update(g, 0.25)
    for l in range(2):
        np.testing.assert_allclose(net.weights[l], before[0][l] - 0.25 * g.dW[l], rtol=1e-15)
        np.testing.assert_allclose(net.biases[l], before[1][l] - 0.25 * g.db[l], rtol=1e-15)


@pytest.mark.parametrize("lr", [0, -1.0, float("nan"), "fast", None, True])
def test_update_with_invalid_lr_changes_nothing(lr):
    net = small_net()
    before = net.get_params()
    g = net.backward(net.forward([0.3, 0.7]), [0.2])
    with pytest.raises(ValueError, match="lr"):
        net.update(g, lr)
    with pytest.raises(ValueError, match="lr"):
        net.step([0.3, 0.7], [0.2], lr)
    for a, b in zip(before[0] + before[1], net.weights + net.biases):
        np.testing.assert_array_equal(a, b)


def test_step_returns_the_gradients_it_used():
    net = small_net()
    ref = net.copy()
    g = net.step([0.3, 0.7], [0.2], 0.5)
    g_ref = ref.backward(ref.forward([0.3, 0.7]), [0.2])
    ref.update(g_ref, 0.5)
    for a, b in zip(g.dW + g.db, g_ref.dW + g_ref.db):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(net.weights, ref.weights):
        np.testing.assert_array_equal(a, b)


def test_batch_gradients_are_means_of_sample_gradients():
    net = MLP([3, 4, 2], activation=["tanh", "sigmoid"], seed=5)
    rng = np.random.default_rng(0)
    X, Z = rng.normal(size=(6, 3)), rng.uniform(size=(6, 2))
    gb = net.backward(net.forward(X), Z)
    singles = [net.backward(net.forward(X[i]), Z[i]) for i in range(6)]
    for l in range(2):
        np.testing.assert_allclose(gb.dW[l], sum(g.dW[l] for g in singles) / 6, rtol=1e-13, atol=1e-16)
        np.testing.assert_allclose(gb.db[l], sum(g.db[l] for g in singles) / 6, rtol=1e-13, atol=1e-16)
        np.testing.assert_allclose(gb.delta[l], [g.delta[l] for g in singles], rtol=1e-13, atol=1e-16)
    assert gb.loss == pytest.approx(sum(g.loss for g in singles) / 6, rel=1e-14)
    assert net.loss(X, Z) == pytest.approx(gb.loss, rel=1e-14)


def test_fit_batches_equal_a_manual_loop_of_mean_gradients():
    rng = np.random.default_rng(3)
    X, Z = rng.uniform(size=(7, 2)), rng.uniform(size=(7, 1))
    net = MLP([2, 4, 1], activation="tanh", seed=11)
    manual = net.copy()
    hist = net.fit(X, Z, epochs=2, lr=0.3, batch_size=3)
    losses = []
    for _ in range(2):
        for start in (0, 3, 6):                     # batches of 3, 3 and the last 1
            rows = range(start, min(start + 3, 7))
            per = [manual.backward(manual.forward(X[i]), Z[i]) for i in rows]
            losses.append(sum(g.loss for g in per) / len(per))
            for l in range(2):
                manual.weights[l] = manual.weights[l] - 0.3 * sum(g.dW[l] for g in per) / len(per)
                manual.biases[l] = manual.biases[l] - 0.3 * sum(g.db[l] for g in per) / len(per)
    for a, b in zip(net.weights + net.biases, manual.weights + manual.biases):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(hist.step_loss, losses, rtol=1e-12)
    assert len(hist.epoch_loss) == 2
    assert hist.epoch_loss[0] == pytest.approx(np.mean(losses[:3]), rel=1e-14)


def test_full_batch_fit_equals_repeated_public_steps_exactly():
    # fit reuses its arrays from step to step; public step allocates new ones. Same numbers, bit for bit,
    # so no value leaks from one epoch's arrays into the next.
    rng = np.random.default_rng(4)
    X, Z = rng.uniform(size=(9, 3)), rng.uniform(size=(9, 2))
    for act in (["sigmoid", "sigmoid"], ["tanh", "linear"], ["relu", "sigmoid"]):
        net = MLP([3, 5, 2], activation=act, seed=2)
        manual = net.copy()
        hist = net.fit(X, Z, epochs=4, lr=0.7, batch_size=9)
        losses = [manual.step(X, Z, 0.7).loss for _ in range(4)]
        assert hist.step_loss == losses
        for a, b in zip(net.weights + net.biases, manual.weights + manual.biases):
            np.testing.assert_array_equal(a, b)


def test_fit_reuses_one_trace_and_one_gradients_per_batch_shape():
    net = MLP([2, 3, 1], seed=0)
    seen = []
    forward, backward = net._forward, net._backward

    def spy_forward(x, into=None, masks=None):
        trace = forward(x, into=into, masks=masks)
        seen.append((x.shape, into is not None, id(trace.s[0])))
        return trace

    net._forward = spy_forward
    net._backward = lambda trace, z, into=None, lean=False: backward(trace, z, into=into, lean=lean)
    X, Z = np.arange(10.0).reshape(5, 2) / 10, np.linspace(0, 1, 5)[:, None]
    net.fit(X, Z, epochs=2, lr=0.1, batch_size=2)       # batches of 2, 2, 1 rows, twice
    assert [(shape, reused) for shape, reused, _ in seen] == [
        ((2, 2), False), ((2, 2), True), ((1, 2), False), ((2, 2), True), ((2, 2), True), ((1, 2), True)]
    assert len({ident for shape, _, ident in seen if shape == (2, 2)}) == 1


def test_gradients_keep_the_activation_slopes_of_delta():
    # fprime[l] = f'(s[l]) by the seeds' formulas, and δ = ∂L/∂a ⊙ f'(s) with ∂L/∂y = y − z
    net = MLP([2, 3, 2], activation=["tanh", "sigmoid"], seed=3)
    x, z = np.array([0.2, -0.4]), np.array([0.1, 0.9])
    trace = net.forward(x)
    g = net.backward(trace, z)
    a_h, y = trace.a[1], trace.a[2]
    np.testing.assert_array_equal(g.fprime[0], 1 - a_h * a_h)
    np.testing.assert_array_equal(g.fprime[1], (1 - y) * y)
    np.testing.assert_array_equal(g.delta[1], (y - z) * g.fprime[1])
    np.testing.assert_array_equal(g.delta[0], (net.weights[1].T @ g.delta[1]) * g.fprime[0])


def test_fit_per_sample_step_loss_is_before_the_update():
    net = ex.seed_network()
    loss0 = net.loss(ex.SEED_X_001, ex.SEED_TARGET)
    hist = net.fit([ex.SEED_X_001], [ex.SEED_TARGET], epochs=3, lr=ex.SEED_LR)
    assert hist.step_loss[0] == loss0
    assert hist.epoch_loss == hist.step_loss  # one sample: one step per epoch


def test_fit_does_not_change_the_data():
    X, Z = ex.seed_dataset()
    X0, Z0 = X.copy(), Z.copy()
    small_net().fit(X / 100, Z / 100, epochs=2, lr=0.1, batch_size=2)
    small_net().fit(X / 100, Z / 100, epochs=2, lr=0.1, shuffle=True, seed=1)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(Z, Z0)


def test_shuffle_reproducible_with_seed():
    rng = np.random.default_rng(9)
    X, Z = rng.uniform(size=(10, 2)), rng.uniform(size=(10, 1))
    runs = []
    for seed in (5, 5, 6):
        net = small_net(seed=1)
        runs.append((net.fit(X, Z, epochs=3, lr=0.5, shuffle=True, seed=seed), net))
    (h1, n1), (h2, n2), (h3, n3) = runs
    assert h1.step_loss == h2.step_loss
    for a, b in zip(n1.weights, n2.weights):
        np.testing.assert_array_equal(a, b)
    assert h1.step_loss != h3.step_loss
    plain = small_net(seed=1)
    assert plain.fit(X, Z, epochs=3, lr=0.5).step_loss != h1.step_loss
    # each epoch still visits every sample once: with lr tiny the step losses are a permutation of the sample losses
    net = small_net(seed=1)
    per_sample = sorted(net.loss(X[i], Z[i]) for i in range(10))
    h = net.fit(X, Z, epochs=1, lr=1e-300, shuffle=True, seed=5)
    np.testing.assert_allclose(sorted(h.step_loss), per_sample, rtol=1e-12)


def test_callback_can_stop_training():
    seen = []

    def cb(epoch, history):
        seen.append((epoch, len(history.epoch_loss)))
        return False if epoch == 2 else None

    hist = small_net().fit([[0.5, 0.5]], [[0.91]], epochs=10, lr=0.1, callback=cb)
    assert seen == [(1, 1), (2, 2)] and len(hist.epoch_loss) == 2


def test_training_diverged_error_names_lr_and_restores_weights():
    X, Z = ex.seed_dataset()                        # unscaled: values near 100
    net = MLP([2, 3, 1], activation="linear", seed=0)
    before = net.get_params()
    with pytest.raises(TrainingDivergedError, match=r"lr=10\b") as info:
        net.fit(X, Z, epochs=50, lr=10)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.lr == 10
    assert "smaller learning rate" in str(err) and "restored" in str(err)
    assert not math.isfinite(err.history.step_loss[-1])
    assert all(math.isfinite(v) for v in err.history.step_loss[:-1])
    for a, b in zip(before[0] + before[1], net.weights + net.biases):
        np.testing.assert_array_equal(a, b)


def test_overflow_in_the_last_update_is_caught():
    # finite gradients, but lr so large the very last update overflows the weights to inf
    net = MLP([2, 3, 1], activation="linear", seed=0)
    before = net.get_params()
    with pytest.raises(TrainingDivergedError, match=r"lr=1e\+300") as info:
        net.fit([[1e5, 1e5]], [[0.0]], epochs=1, lr=1e300)
    assert info.value.history.step_loss and math.isfinite(info.value.history.step_loss[0])
    for a, b in zip(before[0] + before[1], net.weights + net.biases):
        np.testing.assert_array_equal(a, b)


def test_no_warnings_in_normal_training():
    # the autouse fixture turns warnings into errors; saturating sigmoids must not warn either
    X, Z = ex.seed_dataset()
    net = MLP([2, 3, 1], seed=0)
    net.fit(X, Z / 100, epochs=5, lr=0.1)          # unscaled inputs: |s| up to ~100
    net.forward(np.full(2, 1e4))
    for act in ("sigmoid", "tanh", "relu", "linear"):
        MLP([2, 5, 2], activation=act, seed=1).fit(np.eye(2), np.eye(2), epochs=3, lr=0.5, batch_size=2)


def test_mse_loss_sums_outputs_and_averages_samples():
    # by hand: sample 1 has ½((1−0)² + (2−0)²) = 2.5, sample 2 has ½((0−3)² + (1−1)²) = 4.5; mean 3.5
    assert mv.mse_loss([[1.0, 2.0], [0.0, 1.0]], [[0.0, 0.0], [3.0, 1.0]]) == 3.5
    assert mv.mse_loss([1.0, 2.0], [0.0, 0.0]) == 2.5          # one sample (1-D): no averaging
    assert mv.mse_loss([[0.5]], [[0.91]]) == pytest.approx(0.5 * 0.41 ** 2, rel=1e-15)
    np.testing.assert_array_equal(mv.loss.mse_loss_gradient([[1.0, 2.0]], [[0.0, 3.0]]), [[1.0, -1.0]])
    # from the error e = y − z: the same hand numbers
    assert mv.loss.mse_loss_from_error([[1.0, 2.0], [-3.0, 0.0]]) == 3.5
    assert mv.loss.mse_loss_from_error([1.0, 2.0]) == 2.5
    with pytest.raises(ValueError, match=r"empty error array \(shape \(0, 2\)\)"):
        mv.loss.mse_loss_from_error(np.empty((0, 2)))


@settings(max_examples=80)
@given(st.integers(1, 6), st.integers(1, 4), st.data())
def test_mse_loss_equals_a_plain_double_loop(n, k, data):
    values = st.floats(-1e3, 1e3, allow_nan=False)
    y = np.array(data.draw(st.lists(st.lists(values, min_size=k, max_size=k), min_size=n, max_size=n)))
    z = np.array(data.draw(st.lists(st.lists(values, min_size=k, max_size=k), min_size=n, max_size=n)))
    by_hand = sum(0.5 * sum((y[i][j] - z[i][j]) ** 2 for j in range(k)) for i in range(n)) / n
    assert mv.mse_loss(y, z) == pytest.approx(by_hand, rel=1e-12, abs=1e-300)
    assert mv.loss.mse_loss_from_error(y - z) == mv.mse_loss(y, z)


@pytest.mark.parametrize("lr", [100, 1e6, 1e300])
def test_fit_refuses_a_run_away_into_saturated_neurons(lr):
    X, Z = ex.seed_dataset()
    Xs, Zs = mv.MinMaxScaler().fit_transform(X), mv.MinMaxScaler().fit_transform(Z)
    net = ex.seed_network()
    before = net.get_params()
    with pytest.raises(TrainingDivergedError, match=r"saturated.*lr=" + re.escape(f"{lr:g}") + " is too large") as info:
        net.fit(Xs, Zs, epochs=1000, lr=lr)
    assert len(info.value.history.epoch_loss) < 1000
    for a, b in zip(before[0] + before[1], net.weights + net.biases):
        np.testing.assert_array_equal(a, b)
    ex.seed_network().fit(Xs, Zs, epochs=1000, lr=10)      # a large but working rate is not refused
