"""MLP.steps, StepRecord, History.add, preview_step and the loss object: the one training loop."""
from __future__ import annotations

import inspect
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlpviz as mv
from mlpviz import MLP, examples as ex
from mlpviz.loss import HalfSquaredError, get_loss
from mlpviz.network import StepRecord

import hand_seed as hand


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def seed_xz():
    """Seed 001's hand-picked example (0.5, 0.5) → 0.91 as a one-row dataset."""
    return np.array([[0.5, 0.5]]), np.array([[hand.TARGET]])


def test_steps_is_a_generator_of_records_whose_losses_are_the_hand_table():
    X, Z = seed_xz()
    gen = ex.seed_network().steps(X, Z, hand.ETA, epochs=5)
    assert inspect.isgenerator(gen)
    records = list(gen)
    assert [r.step for r in records] == [1, 2, 3, 4, 5] and [r.epoch for r in records] == [1, 2, 3, 4, 5]
    assert all(isinstance(r, StepRecord) and r.epoch_end and not r.diverged for r in records)
    expected = hand.loss_table(0.5, 0.5, "sigmoid", 5)       # scalar Python, no numpy
    assert [r.loss for r in records] == pytest.approx(expected, rel=1e-13)
    assert all(r.lr == hand.ETA for r in records)


def test_first_record_holds_the_hand_step():
    X, Z = seed_xz()
    r = next(ex.seed_network().steps(X, Z, hand.ETA))
    h = hand.one_step(0.5, 0.5, "sigmoid")
    assert r.rows.tolist() == [0] and r.x.tolist() == [0.5, 0.5] and r.z.tolist() == [hand.TARGET]
    assert r.trace.s[0].tolist() == pytest.approx(h["s_h"], rel=1e-14)
    assert r.grads.delta[1][0] == pytest.approx(h["d_o"], rel=1e-13)
    assert r.grads.delta[0].tolist() == pytest.approx(h["d_h"], rel=1e-12)
    assert r.weights_before[1][0].tolist() == hand.WO
    assert r.weights_after[1][0].tolist() == pytest.approx(h["wo_new"], rel=1e-14)
    np.testing.assert_allclose(r.weights_after[0], h["wh_new"], rtol=1e-14)
    assert r.biases_after[0].tolist() == pytest.approx(h["bh_new"], rel=1e-14)


def test_records_own_their_arrays_and_the_net_is_trained_in_place():
    X, Z = ex.xor_dataset()
    net = MLP([2, 3, 1], seed=1)
    records = list(net.steps(X, Z, 0.5, epochs=2))
    assert len(records) == 8
    # every record keeps its own numbers: the weights after one step are the weights before the next
    for a, b in zip(records, records[1:]):
        for Wa, Wb in zip(a.weights_after, b.weights_before):
            np.testing.assert_array_equal(Wa, Wb)
        assert a.trace.s[0] is not b.trace.s[0]
    for Wr, Wn in zip(records[-1].weights_after, net.weights):
        np.testing.assert_array_equal(Wr, Wn)
    records[0].weights_after[0][0, 0] = 99.0          # a kept record is the caller's to change
    assert net.weights[0][0, 0] != 99.0


def test_epochs_none_runs_until_the_caller_stops():
    X, Z = ex.xor_dataset()
    gen = MLP([2, 2, 1], seed=0).steps(X, Z, 0.1, batch_size=3)
    records = [next(gen) for _ in range(7)]          # 2 steps per epoch (3 + 1 rows)
    assert [(r.epoch, r.step, len(r.rows), r.epoch_end) for r in records] == [
        (1, 1, 3, False), (1, 2, 1, True), (2, 3, 3, False), (2, 4, 1, True),
        (3, 5, 3, False), (3, 6, 1, True), (4, 7, 3, False)]
    gen.close()


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 1000), epochs=st.integers(1, 4), batch=st.integers(1, 5),
       shuffle=st.booleans(), act=st.sampled_from(["sigmoid", "tanh", "relu", "linear"]))
def test_fit_is_steps_run_to_the_end(seed, epochs, batch, shuffle, act):
    rng = np.random.default_rng(seed)
    X, Z = rng.uniform(-1, 1, (5, 3)), rng.uniform(0, 1, (5, 2))
    a, b = MLP([3, 4, 2], act, seed=seed), MLP([3, 4, 2], act, seed=seed)
    hist = a.fit(X, Z, epochs=epochs, lr=0.05, batch_size=batch, shuffle=shuffle, seed=seed)
    records = list(b.steps(X, Z, 0.05, epochs=epochs, batch_size=batch, shuffle=shuffle, seed=seed))
    assert hist.step_loss == [r.loss for r in records]
    for Wa, Wb in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(Wa, Wb)
    # the epoch loss is the mean of that epoch's step losses (a second computation)
    per_epoch = [[r.loss for r in records if r.epoch == e] for e in range(1, epochs + 1)]
    assert hist.epoch_loss == pytest.approx([sum(v) / len(v) for v in per_epoch], rel=1e-15)


def test_a_diverged_step_is_not_applied_and_a_fixed_lr_stops_the_generator():
    X, Z = ex.seed_dataset()                          # unscaled: values near 100
    net = MLP([2, 3, 1], activation="linear", seed=0)
    records = list(net.steps(X, Z, 10.0, epochs=50))
    assert records[-1].diverged and not records[-1].applied
    assert not any(r.diverged for r in records[:-1])
    for W, Wb in zip(net.weights + net.biases, records[-1].weights_before + records[-1].biases_before):
        np.testing.assert_array_equal(W, Wb)          # the weights of the last finite step
    assert all(np.isfinite(W).all() for W in net.weights + net.biases)


def test_a_callable_lr_is_read_at_every_step_and_a_diverged_step_is_retried():
    X, Z = np.array([[0.0, 0.0], [1e5, 1e5]]), np.array([[0.0], [0.0]])
    net = MLP([2, 3, 1], activation="linear", seed=0)
    rate = {"lr": 1e-3}
    gen = net.steps(X, Z, lambda: rate["lr"], epochs=None)
    assert not next(gen).diverged
    rate["lr"] = 1e300                                 # row 1: finite gradients, the update overflows
    r = next(gen)
    assert r.diverged and r.rows.tolist() == [1] and math.isfinite(r.loss)
    for W, Wb in zip(net.weights, r.weights_before):
        np.testing.assert_array_equal(W, Wb)
    rate["lr"] = 1e-12                                 # the learner lowers η: the same rows again
    again = next(gen)
    assert again.rows.tolist() == [1] and not again.diverged and again.lr == 1e-12
    assert again.step == 2 and again.epoch_end
    gen.close()
    with pytest.raises(ValueError, match=r"lr\(\): must be a positive finite number"):
        next(MLP([2, 1], seed=0).steps(X, Z, lambda: -1.0))


@pytest.mark.parametrize("kwargs, match", [
    (dict(lr=0), r"lr: must be a positive finite number"),
    (dict(lr="0.1"), r"lr: expected a positive finite number"),
    (dict(lr=0.1, epochs=0), r"epochs: must be a positive whole number or None, got 0"),
    (dict(lr=0.1, batch_size=2.0), r"batch_size: must be a positive whole number, got 2.0"),
    (dict(lr=0.1, shuffle="yes"), r"shuffle: expected True or False"),
    (dict(lr=0.1, seed=-1), r"seed: must be a whole number ≥ 0 or None, got -1"),
])
def test_steps_checks_its_arguments_before_the_first_step(kwargs, match):
    X, Z = ex.xor_dataset()
    net = MLP([2, 2, 1], seed=0)
    before = net.get_params()
    with pytest.raises(ValueError, match=match):
        next(net.steps(X, Z, **kwargs))
    for a, b in zip(before[0] + before[1], net.weights + net.biases):
        np.testing.assert_array_equal(a, b)


def test_empty_data_is_refused_with_a_message():
    with pytest.raises(ValueError, match=r"X: no samples to train on"):
        MLP([2, 1], seed=0).fit(np.empty((0, 2)), np.empty((0, 1)), epochs=1, lr=0.1)


def test_preview_step_leaves_the_network_alone_and_equals_a_real_step():
    net = ex.seed_network()
    before = net.get_params()
    r = net.preview_step([0.5, 0.5], [0.91], 0.1)
    for a, b in zip(before[0] + before[1], net.weights + net.biases):
        np.testing.assert_array_equal(a, b)
    real = ex.seed_network()
    real.step([0.5, 0.5], [0.91], 0.1)
    for a, b in zip(real.weights + real.biases, r.weights_after + r.biases_after):
        np.testing.assert_array_equal(a, b)
    batch = net.preview_step(np.eye(2), np.ones((2, 1)), 0.1)
    assert batch.rows.tolist() == [0, 1] and batch.x.shape == (2, 2)


def test_updated_is_the_network_after_one_update():
    net = ex.seed_network()
    grads = net.backward(net.forward([0.5, 0.5]), [0.91])
    after = net.updated(grads, 0.1)
    h = hand.one_step(0.5, 0.5, "sigmoid")
    assert after.weights[1][0].tolist() == pytest.approx(h["wo_new"], rel=1e-14)
    assert net.weights[1][0].tolist() == hand.WO


# ------------------------------------------------------------------- the loss object
def test_half_squared_error_fn_and_delta_by_hand():
    loss = get_loss("half_squared_error")
    assert isinstance(loss, HalfSquaredError) and MLP([2, 1]).loss_function == loss
    y, z = np.array([[1.0, 2.0], [0.0, 1.0]]), np.array([[0.0, 0.0], [3.0, 1.0]])
    assert loss.fn(y, z) == 0.5 * (1 + 4 + 9 + 0) / 2
    np.testing.assert_array_equal(loss.delta(y, z), [[1.0, 2.0], [-3.0, 0.0]])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-5, 5), min_size=3, max_size=3), st.lists(st.floats(-5, 5), min_size=3, max_size=3))
def test_half_squared_error_delta_is_its_derivative(y, z):
    loss = HalfSquaredError()
    y, z = np.array(y), np.array(z)
    h = 1e-6
    numeric = [(loss.fn(y + h * e, z) - loss.fn(y - h * e, z)) / (2 * h) for e in np.eye(3)]
    np.testing.assert_allclose(loss.delta(y, z), numeric, atol=1e-6)


def test_unknown_loss_is_refused_naming_the_argument():
    with pytest.raises(ValueError, match=r"loss: expected one of 'half_squared_error', 'binary_cross_entropy', "
                                          r"'cross_entropy', got 'mse'"):
        MLP([2, 1], loss="mse")


def test_record_copy_is_independent():
    X, Z = seed_xz()
    r = next(ex.seed_network().steps(X, Z, 0.1))
    c = r.copy()
    c.trace.s[0][0] = 42.0
    c.weights_after[0][0, 0] = 42.0
    assert r.trace.s[0][0] != 42.0 and r.weights_after[0][0, 0] != 42.0
    assert c.loss == r.loss and c.step == r.step and math.isfinite(c.loss)


def test_a_network_too_big_for_memory_is_refused_at_once_with_its_size():
    with pytest.raises(ValueError, match=r"layer_sizes: a 2-10000000000-1 network has 4e\+10 weights and "
                                         r"biases, 298 GiB of memory"):
        MLP([2, 10_000_000_000, 1])


@pytest.mark.parametrize("activation", [None, 3, {"a": 1}])
def test_activation_that_is_no_name_is_refused_naming_it(activation):
    with pytest.raises(ValueError, match=r"activation: expected a name"):
        MLP([2, 3, 1], activation=activation)


def test_fit_can_keep_only_epoch_losses_and_they_are_the_same():
    X, Z = ex.xor_dataset()
    full = MLP([2, 3, 1], seed=2).fit(X, Z, epochs=30, lr=0.5)
    lean = MLP([2, 3, 1], seed=2).fit(X, Z, epochs=30, lr=0.5, record_steps=False)
    assert lean.step_loss == [] and lean.epoch_loss == full.epoch_loss and len(full.step_loss) == 120


def test_keep_epochs_bounds_the_history_and_counts_every_epoch():
    X, Z = ex.xor_dataset()
    full = MLP([2, 3, 1], seed=2).fit(X, Z, epochs=250, lr=0.5)
    lean = MLP([2, 3, 1], seed=2).fit(X, Z, epochs=250, lr=0.5, record_steps=False, keep_epochs=20)
    assert lean.epochs == full.epochs == 250 and 20 <= len(lean.epoch_loss) < 40
    assert lean.epoch_loss == full.epoch_loss[-len(lean.epoch_loss):]
    with pytest.raises(ValueError, match="keep_epochs: must be a whole number ≥ 10"):
        MLP([2, 1], seed=0).fit(X, Z, epochs=1, lr=0.1, keep_epochs=3)


@pytest.mark.parametrize("name", ["half_squared_error", "binary_cross_entropy", "cross_entropy"])
def test_value_and_delta_is_fn_and_delta(name):
    # backprop asks a loss for both at once; the half squared error shares the subtraction y − z
    loss = get_loss(name)
    y = np.array([[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]])
    z = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    out = np.empty_like(y)
    value, delta = loss.value_and_delta(y, z, out=out)
    assert delta is out
    assert value == loss.fn(y, z)
    np.testing.assert_array_equal(delta, loss.delta(y, z))


def test_one_sample_bias_gradient_is_delta_itself():
    net = ex.seed_network()
    x, z = np.array([0.25, 0.75]), np.array([0.5])
    grads = net.backward(net.forward(x), z)
    for l in range(net.n_layers):
        assert grads.db[l] is grads.delta[l]       # ∂L/∂b = δ for one sample: the same numbers, one array
        np.testing.assert_array_equal(grads.dW[l], np.outer(grads.delta[l], net.forward(x).a[l]))


# ------------------------------------------- net.step: a non-finite input or an overflow changes nothing
OUTPUT_OF = {"half_squared_error": None, "binary_cross_entropy": "sigmoid", "cross_entropy": "softmax"}


def _random_step_problem(data):
    act = data.draw(st.sampled_from(["sigmoid", "tanh", "relu", "linear"]), label="activation")
    loss = data.draw(st.sampled_from(sorted(OUTPUT_OF)), label="loss")
    hidden = data.draw(st.lists(st.integers(1, 3), max_size=2), label="hidden")
    n_in = data.draw(st.integers(1, 3), label="n_in")
    n_out = data.draw(st.integers(2 if loss == "cross_entropy" else 1, 3), label="n_out")
    acts = [act] * len(hidden) + [OUTPUT_OF[loss] or act]
    net = MLP([n_in, *hidden, n_out], acts, loss=loss, seed=data.draw(st.integers(0, 99), label="seed"))
    for W in net.weights:                                  # a zero weight turns inf · w into 0 · inf
        if data.draw(st.booleans(), label="zero a column"):
            W[:, data.draw(st.integers(0, W.shape[1] - 1), label="column")] = 0.0
    shape = (data.draw(st.integers(1, 3), label="rows"),) if data.draw(st.booleans(), label="batch") else ()
    x = np.array(data.draw(st.lists(st.floats(-5, 5), min_size=int(np.prod(shape + (n_in,))),
                                    max_size=int(np.prod(shape + (n_in,)))), label="x")).reshape(shape + (n_in,))
    z = np.array(data.draw(st.lists(st.floats(0, 1), min_size=int(np.prod(shape + (n_out,))),
                                    max_size=int(np.prod(shape + (n_out,)))), label="z")).reshape(shape + (n_out,))
    if loss == "cross_entropy":                            # one probability per class: one-hot rows
        z = np.eye(n_out)[np.argmax(z, axis=-1)]
    return net, x, z


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_step_names_a_nan_or_inf_in_x_or_z_and_changes_nothing(data):
    # step scans x and z for NaN and ±inf only after an invalid operation or a non-finite loss; this
    # tries every place, activation and loss, with zero weights (0 · inf) and saturating units (σ(inf) = 1)
    net, x, z = _random_step_problem(data)
    name, arr = data.draw(st.sampled_from([("x", x), ("z", z)]), label="where")
    pos = tuple(data.draw(st.integers(0, n - 1), label="position") for n in arr.shape)
    bad = data.draw(st.sampled_from([np.nan, np.inf, -np.inf]), label="value")
    arr[pos] = bad
    given_x, given_z = x.copy(), z.copy()
    before = [p.copy() for p in net.weights + net.biases]
    where = ", ".join(str(i) for i in pos)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=rf"^{name}: value {bad} at \[{where}\] is not a finite number$"):
            net.step(x, z, 0.1)
    for p, q in zip(net.weights + net.biases, before):
        np.testing.assert_array_equal(p, q)
    np.testing.assert_array_equal(x, given_x)
    np.testing.assert_array_equal(z, given_z)


@pytest.mark.parametrize("x, z, lr, cause", [
    ([0.5, 0.5], [1e200], 0.1, r"^this step overflows"),      # the loss ½(y − z)² is beyond floating point
    ([0.5, 0.5], [1e308], 0.1, r"^this step overflows"),
    ([1e200, 1e200], [0.9], 1e200, r"^lr=1e\+200: the update"),  # η∇L overflows
])
def test_step_that_overflows_is_refused_whole_without_a_warning(x, z, lr, cause):
    net = ex.seed_network()
    before = [p.copy() for p in net.weights + net.biases]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(mv.TrainingDivergedError, match=cause):
            net.step(x, z, lr)
    for p, q in zip(net.weights + net.biases, before):
        np.testing.assert_array_equal(p, q)


def test_update_refuses_gradients_of_another_network_and_an_overflow():
    net, other = MLP([2, 3, 2], seed=1), MLP([2, 3, 1], seed=1)
    grads = other.backward(other.forward([0.2, 0.4]), [0.5])
    with pytest.raises(ValueError, match=r"^grads\.dW: shapes \[\(3, 2\), \(1, 3\)\] do not match"):
        net.update(grads, 0.1)
    with pytest.raises(ValueError, match=r"^grads: expected the Gradients of net\.backward"):
        net.update(None, 0.1)
    steep = mv.Gradients(delta=[], dW=[np.full(W.shape, 10.0) for W in net.weights],
                         db=[np.full(b.shape, 10.0) for b in net.biases])
    before = [p.copy() for p in net.weights + net.biases]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(mv.TrainingDivergedError, match=r"^lr=1e\+308: the update"):
            net.update(steep, 1e308)                   # 10 · 1e308 is beyond floating point
    for p, q in zip(net.weights + net.biases, before):
        np.testing.assert_array_equal(p, q)


def test_half_squared_error_beyond_floating_point_is_inf_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert mv.mse_loss([0.0], [1e200]) == math.inf
        assert get_loss("half_squared_error").value_and_delta(np.array([0.0]), np.array([1e200]))[0] == math.inf


def test_empty_batches_zero_d_nan_and_foreign_traces_are_named():
    net, other = ex.seed_network(), MLP([2, 4, 1], seed=0)
    with pytest.raises(ValueError, match=r"^x: no samples to train on \(0 rows\)$"):
        net.step(np.empty((0, 2)), np.empty((0, 1)), 0.1)
    with pytest.raises(ValueError, match=r"^trace: no samples \(0 rows\) to backpropagate$"):
        net.backward(net.forward(np.empty((0, 2))), np.empty((0, 1)))
    with pytest.raises(ValueError, match=r"^trace: its layers have widths \[2, 4, 1\], this network's are "
                                         r"\[2, 3, 1\]; was it computed by another network\?$"):
        net.backward(other.forward([0.1, 0.2]), [0.5])
    with pytest.raises(ValueError, match=r"^z: value nan is not a finite number$"):
        mv.validation.check_finite(np.array(np.nan), "z")
