"""The Trainer: a steppable training session over the engine.

Independent checks: the seed's first step derived by hand (scalar loops over
the seed's equations), the min-max formula written out, and a second method
(``MLP.fit``) for whole runs.
"""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from mlpviz import MLP, examples
from mlpviz.trainer import StepRecord, Trainer


def seed_weights_by_hand():
    """The seed's initial weights, read straight from the shipped JSON (Go layout)."""
    with open(examples.seed_weights_path()) as fh:
        d = json.load(fh)
    return (d["hiddenWeights"][0], d["hiddenBias"][0], d["outputWeights"][0], d["outputBias"])


def sig(s):
    return 1.0 / (1.0 + math.exp(-s))


def test_seed_dataset_is_min_max_scaled():
    t = Trainer("seed")
    rows = examples.SEED_DATASET
    for j in range(3):
        col = [r[j] for r in rows]
        lo, hi = min(col), max(col)
        expected = [(v - lo) / (hi - lo) for v in col]
        got = t.X[:, j] if j < 2 else t.Z[:, 0]
        assert got.tolist() == pytest.approx(expected)
    # the raw data stays available in original units
    assert t.X_raw.tolist() == [r[:2] for r in rows.tolist()]


def test_first_seed_step_matches_the_seed_equations_by_hand():
    """One step on row 0 with the seed's weights, sigmoid and η = 0.1, derived with scalars."""
    wh, bh, wo, bo = seed_weights_by_hand()
    t = Trainer("seed", init="seed", activation="sigmoid", lr=0.1)
    x = t.X[0].tolist()
    z = t.Z[0, 0]
    # forward
    s_h = [wh[j][0] * x[0] + wh[j][1] * x[1] + bh[j] for j in range(3)]
    a_h = [sig(v) for v in s_h]
    s_o = sum(wo[j] * a_h[j] for j in range(3)) + bo[0]
    y = sig(s_o)
    loss = 0.5 * (y - z) ** 2
    # backward
    d_o = (y - z) * y * (1 - y)
    d_h = [d_o * wo[j] * a_h[j] * (1 - a_h[j]) for j in range(3)]
    new_wo = [wo[j] - 0.1 * d_o * a_h[j] for j in range(3)]
    new_wh = [[wh[j][i] - 0.1 * d_h[j] * x[i] for i in range(2)] for j in range(3)]
    new_bh = [bh[j] - 0.1 * d_h[j] for j in range(3)]

    rec = t.step_sample()
    assert isinstance(rec, StepRecord)
    assert rec.rows.tolist() == [0] and rec.epoch == 1 and rec.step == 1 and rec.applied
    assert rec.trace.s[0].tolist() == pytest.approx(s_h)
    assert rec.trace.a[1].tolist() == pytest.approx(a_h)
    assert rec.trace.output[0] == pytest.approx(y)
    assert rec.loss == pytest.approx(loss)
    assert rec.grads.delta[1][0] == pytest.approx(d_o)
    assert rec.grads.delta[0].tolist() == pytest.approx(d_h)
    assert t.net.weights[1][0].tolist() == pytest.approx(new_wo)
    np.testing.assert_allclose(t.net.weights[0], new_wh)
    assert t.net.biases[0].tolist() == pytest.approx(new_bh)
    assert t.net.biases[1][0] == pytest.approx(bo[0] - 0.1 * d_o)
    # the record's before/after and Δw
    assert rec.weights_before[1][0].tolist() == pytest.approx(wo)
    assert rec.dW[1][0].tolist() == pytest.approx([-0.1 * d_o * a for a in a_h])
    np.testing.assert_allclose(rec.net_after.weights[0], new_wh)
    assert t.step == 1 and t.epoch == 0 and t.position == 1
    assert t.history.step_loss == pytest.approx([loss])


def test_seed_row_0_is_seed_000s_input():
    """Row 0 (70, 98 → 91) is the column maximum everywhere: scaled, it is (1, 1) → 1."""
    t = Trainer("seed")
    assert t.X[0].tolist() == examples.SEED_X_000.tolist()
    assert t.Z[0].tolist() == [1.0]


@pytest.mark.parametrize("batch_size,shuffle", [(1, False), (2, False), (3, False), (1, True)])
def test_run_reproduces_fit(batch_size, shuffle):
    """k epochs of the trainer = MLP.fit for k epochs (same losses, same weights)."""
    t = Trainer("seed", activation="tanh", lr=0.3, batch_size=batch_size, shuffle=shuffle, seed=7)
    net = MLP.from_weights(*t.initial_weights, "tanh")
    h = net.fit(t.X, t.Z, epochs=6, lr=0.3, batch_size=batch_size, shuffle=shuffle, seed=7)
    assert t.run(epochs=6) == "epochs reached"
    assert t.history.epoch_loss == pytest.approx(h.epoch_loss)
    assert t.history.step_loss == pytest.approx(h.step_loss)
    for W1, W2 in zip(t.net.weights, net.weights):
        np.testing.assert_allclose(W1, W2)
    assert t.epoch == 6
    assert t.step == 6 * math.ceil(4 / batch_size)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), epochs=st.integers(1, 5), lr=st.floats(0.01, 2.0),
       act=st.sampled_from(["sigmoid", "tanh", "relu"]), batch=st.integers(1, 4))
def test_run_equals_fit_for_random_settings(seed, epochs, lr, act, batch):
    rng = np.random.default_rng(seed)
    X, Z = rng.uniform(-1, 1, (5, 2)), rng.uniform(0, 1, (5, 1))
    t = Trainer((X, Z), init="random", activation=act, lr=lr, batch_size=batch, seed=seed, scale=False)
    net = MLP([2, 3, 1], act, seed=seed)   # the same draw as init="random"
    h = net.fit(X, Z, epochs, lr, batch_size=batch)
    t.run(epochs=epochs)
    assert t.history.step_loss == pytest.approx(h.step_loss)
    np.testing.assert_allclose(t.net.weights[0], net.weights[0])


def test_step_epoch_finishes_the_current_epoch():
    t = Trainer("seed")
    t.step_sample()
    t.step_sample()
    assert (t.epoch, t.step, t.position) == (0, 2, 2)
    loss = t.step_epoch()
    assert (t.epoch, t.step, t.position) == (1, 4, 0)
    assert loss == pytest.approx(np.mean(t.history.step_loss[:4]))
    assert t.last.rows.tolist() == [3]      # the record shows the epoch's last sample
    t.step_epoch()
    assert (t.epoch, t.step) == (2, 8)


def test_reset_restores_initial_weights_and_repeats_exactly():
    t = Trainer("xor", init="random", seed=3, lr=0.5)
    W0 = [W.copy() for W in t.net.weights]
    t.run(epochs=10)
    first = list(t.history.step_loss)
    assert not np.allclose(t.net.weights[0], W0[0])
    t.reset()
    assert (t.epoch, t.step, t.position, t.last, t.stop_reason) == (0, 0, 0, None, None)
    assert t.history.step_loss == [] and t.history.epoch_loss == []
    np.testing.assert_array_equal(t.net.weights[0], W0[0])
    t.run(epochs=10)
    assert t.history.step_loss == first


def test_loss_is_the_whole_datasets_loss_now():
    t = Trainer("seed")
    t.run(epochs=3)
    y = t.net.forward(t.X).output
    assert t.loss == pytest.approx(np.mean(0.5 * np.sum((y - t.Z) ** 2, axis=1)))


def test_until_loss_stops_at_the_first_epoch_below_the_target():
    t = Trainer("seed", lr=2.0)
    target = 0.02
    assert t.run(until_loss=target) == "loss target reached"
    assert t.loss <= target
    before = Trainer("seed", lr=2.0)
    before.run(epochs=t.epoch - 1)
    assert before.loss > target


def test_epochs_and_loss_together():
    t = Trainer("seed", lr=0.1)
    assert t.run(epochs=3, until_loss=1e-9) == "epochs reached"
    assert t.epoch == 3
    assert t.run(epochs=3, until_loss=1.0) == "loss target reached"
    assert t.epoch == 3                      # already below: no more epochs


def test_lr_can_change_between_steps():
    t = Trainer("seed", lr=0.1)
    t.step_sample()
    t.lr = 1.0
    rec = t.step_sample()
    assert rec.lr == 1.0
    np.testing.assert_allclose(rec.dW[0], -1.0 * rec.grads.dW[0])


def test_divergence_never_raises_and_keeps_finite_weights():
    """A linear output with η = 10 blows up; the trainer stops with a message instead of raising."""
    t = Trainer("seed", activation=("sigmoid", "linear"), lr=10)
    reason = t.run(epochs=1000)
    assert t.diverged
    assert reason == t.stop_reason
    assert reason.startswith("diverged: loss became ")
    assert "lr=10" in reason and "smaller learning rate" in reason
    assert t.epoch < 1000
    assert all(np.all(np.isfinite(W)) for W in t.net.weights + t.net.biases)
    assert all(np.isfinite(t.history.step_loss))
    assert t.last is not None and not t.last.applied
    assert t.message == reason
    # stepping again does not raise either
    t.step_sample()
    t.step_epoch()
    assert t.diverged
    # a reset recovers
    t.reset()
    assert not t.diverged and t.stop_reason is None and np.isfinite(t.loss)


def test_growing_loss_gives_a_warning():
    t = Trainer("seed", activation="tanh", lr=7)
    t.run(epochs=200)
    assert not t.diverged
    assert "loss is growing" in t.message and "lr=7" in t.message
    calm = Trainer("seed", activation="tanh", lr=0.1)
    calm.run(epochs=200)
    assert calm.message == ""


@pytest.mark.parametrize("act, lr", [("tanh", 10), ("sigmoid", 100), ("sigmoid", 1e6), ("sigmoid", 1e300)])
def test_a_run_away_into_saturation_stops_with_a_message_naming_lr(act, lr):
    t = Trainer("seed", activation=act, lr=lr)
    reason = t.run(epochs=500)
    assert t.diverged and t.epoch < 500
    assert "saturated" in reason and f"lr={lr:g}" in reason and reason == t.message
    # the check itself: the loss has not moved for 10 epochs and the weights are > 10× their start
    recent = t.history.epoch_loss[-10:]
    assert max(recent) - min(recent) <= 1e-9 * recent[-1]
    assert max(abs(p).max() for p in t.net.weights + t.net.biases) > 10


def test_pause_and_check_stop():
    t = Trainer("seed")
    assert t.check_stop(max_epoch=1) is None
    t.step_epoch()
    assert t.check_stop(max_epoch=1) == "epochs reached"
    t.pause()
    assert t.stop_reason == "paused"


def test_summary_is_deterministic():
    t = Trainer("seed")
    t.run(epochs=2)
    text = t.summary()
    assert text.startswith("2-3-1 sigmoid on seed, lr=0.1, batch 1: epoch 2, step 8, loss ")
    again = Trainer("seed")
    again.run(epochs=2)
    assert again.summary() == text
    assert "0x" not in repr(t)


@pytest.mark.parametrize("kwargs,match", [
    (dict(dataset="nonsense"), "dataset"),
    (dict(hidden=(4,)), "2-4-1"),
    (dict(init="zeros"), "init"),
    (dict(lr=0), "lr"),
    (dict(lr=float("nan")), "lr"),
    (dict(batch_size=0), "batch_size"),
    (dict(activation="softplus"), "activation"),
    (dict(activation=("tanh", "tanh", "tanh")), "activation"),
    (dict(dataset=(np.zeros((3, 2)), np.zeros((2, 1)))), "dataset"),
    (dict(hidden=None), r"hidden: expected a whole number or a list"),
    (dict(hidden="33"), r"hidden: expected a whole number or a list"),
    (dict(hidden=[2.7]), r"hidden\[0\]: must be a positive whole number, got 2.7"),
    (dict(seed=-1), r"seed: must be a whole number ≥ 0, got -1"),
    (dict(shuffle="no"), r"shuffle: expected True or False"),
    (dict(lr=True), r"lr: expected a positive finite number"),
])
def test_bad_arguments_raise_value_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Trainer(**kwargs)


def test_run_needs_a_stop_condition():
    with pytest.raises(ValueError, match="epochs=N, until_loss=L"):
        Trainer().run()
    with pytest.raises(ValueError, match=r"until_loss: must be a finite number ≥ 0 or None, got nan"):
        Trainer().run(until_loss=float("nan"))


def test_lr_is_one_observable_validated_value():
    t = Trainer(lr=1e-4)
    seen = []
    t.observe(lambda change: seen.append(change["new"]), names="lr")
    t.lr = 0.25
    with pytest.raises(ValueError, match=r"lr: must be a positive finite number"):
        t.lr = 0.0
    assert t.lr == 0.25 and seen == [0.25]
    assert t.step_sample().lr == 0.25 and t.last.lr == 0.25


def test_hidden_output_activation_pair_for_deeper_nets():
    t = Trainer("xor", hidden=(4, 3), activation=("relu", "sigmoid"), init="random")
    assert t.net.activation_names == ["relu", "relu", "sigmoid"]
    assert t.net.layer_sizes == [2, 4, 3, 1]


def test_csv_dataset(tmp_path):
    p = tmp_path / "data.csv"
    p.write_text("a,b,c,target\n1,2,3,10\n2,2,5,20\n3,0,1,30\n")
    t = Trainer(p, hidden=(2,), init="random")   # no z… column: the last column is the target
    assert t.net.layer_sizes == [3, 2, 1]
    assert t.Z[:, 0].tolist() == pytest.approx([0.0, 0.5, 1.0])
    assert t.X[:, 2].tolist() == pytest.approx([0.5, 1.0, 0.0])
    assert t.columns == ["a", "b", "c", "target"]
    q = tmp_path / "two.csv"
    q.write_text("i0,z0,z1\n1,2,3\n2,2,5\n")
    assert Trainer(q, hidden=(2,), init="random").net.layer_sizes == [1, 2, 2]
    t.run(epochs=2)
    assert t.epoch == 2


def test_save_writes_weights_that_load_back(tmp_path):
    from mlpviz import io

    t = Trainer("seed")
    t.run(epochs=3)
    path = t.save(tmp_path / "w.json", minmax_path=tmp_path / "mm.json")
    net = io.load_network(path)
    for W1, W2 in zip(net.weights, t.net.weights):
        np.testing.assert_array_equal(W1, W2)
    x_sc, z_sc = io.load_scaler(tmp_path / "mm.json")
    assert x_sc.data_min_.tolist() == [25.0, 67.0]
    assert z_sc.data_max_.tolist() == [91.0]


def test_save_without_scalers_refuses_before_writing_anything(tmp_path):
    t = Trainer("xor", scale=False)
    with pytest.raises(ValueError, match=r"minmax_path: this trainer does not scale its data"):
        t.save(tmp_path / "w.json", minmax_path=tmp_path / "mm.json")
    assert list(tmp_path.iterdir()) == []
    t.save(tmp_path / "w.json")                       # the weights alone are fine
    assert [p.name for p in tmp_path.iterdir()] == ["w.json"]


def test_a_stalled_loss_gets_a_message_and_a_learning_one_does_not():
    """ReLU on XOR at η = 10 kills every hidden node: δ = 0, the loss freezes, and the trainer says so."""
    dead = Trainer(dataset="xor", init="random", activation="relu", lr=10, seed=0)
    dead.run(epochs=30)
    losses = dead.history.epoch_loss[-10:]
    assert max(losses) == min(losses) > 1e-3          # the premise: a frozen, non-zero loss
    assert "has not changed for 10 epochs" in dead.message
    learning = Trainer(lr=0.1)
    learning.run(epochs=30)
    assert learning.message == ""


def test_model_is_the_trainers_net_and_scalers_and_save_can_refuse_to_overwrite(tmp_path):
    t = Trainer()
    t.run(epochs=3)
    m = t.model
    assert m.net is t.net and m.input_scaler is t.x_scaler and m.output_scaler is t.z_scaler
    # original units by hand: scale, forward, unscale
    x = (t.X_raw[2] - t.X_raw.min(0)) / (t.X_raw.max(0) - t.X_raw.min(0))
    y = t.net.predict(x)[0] * (t.Z_raw.max() - t.Z_raw.min()) + t.Z_raw.min()
    assert m.predict(t.X_raw[2])[0] == pytest.approx(y, rel=1e-12)
    t.save(tmp_path / "w.json", tmp_path / "m.json")
    with pytest.raises(ValueError, match=r"path: .*w.json already exists"):
        t.save(tmp_path / "w.json", tmp_path / "other.json", overwrite=False)
    assert not (tmp_path / "other.json").exists()
    with pytest.raises(ValueError, match="model: this trainer does not scale"):
        Trainer(scale=False).model


@pytest.mark.parametrize("name", ["circles", "moons"])
def test_classification_datasets_train_with_cross_entropy_and_report_accuracy(name):
    t = Trainer(name, hidden=(6,), activation=("tanh", "sigmoid"), init="random", lr=0.5,
                loss="binary_cross_entropy", batch_size=10, shuffle=True, seed=0)
    assert t.is_classification and t.net.loss_function.name == "binary_cross_entropy"
    before = t.accuracy
    t.run(epochs=100)
    # accuracy by hand: class 1 where the output is at least 0.5
    by_hand = float(np.mean((t.net.predict(t.X)[:, 0] >= 0.5) == (t.Z[:, 0] == 1)))
    assert t.accuracy == by_hand and t.accuracy > max(before, 0.85)
    assert f"accuracy {t.accuracy:.2f}" in t.summary() and "binary_cross_entropy" in t.summary()


def test_regression_targets_have_no_accuracy():
    t = Trainer()
    assert not t.is_classification and t.accuracy is None and "accuracy" not in t.summary()
    with pytest.raises(ValueError, match=r"activation: loss='binary_cross_entropy' needs a sigmoid output"):
        Trainer("xor", activation=("tanh", "linear"), init="random", loss="binary_cross_entropy")


# ------------------------------------------------------- the fresh tester's report
def test_lr_none_is_refused_at_construction_and_on_assignment():
    with pytest.raises(ValueError, match=r"^lr: expected a positive finite number, got None"):
        Trainer(lr=None)
    t = Trainer(lr=0.3)
    with pytest.raises(ValueError, match=r"^lr: expected a positive finite number, got None"):
        t.lr = None
    assert t.lr == 0.3                         # unchanged, and still usable
    assert "lr=0.3" in repr(t) and t.step_sample().lr == 0.3


def test_a_softmax_everywhere_is_refused_naming_activation_and_why():
    for init in ("seed", "random"):
        with pytest.raises(ValueError) as err:
            Trainer(activation="softmax", init=init)
        message = str(err.value)
        assert message.startswith("activation") and ".json" not in message
        assert "output layer" in message and "cross_entropy" in message


def test_the_seed_weights_take_any_valid_activation_and_loss():
    t = Trainer(activation=("tanh", "sigmoid"), loss="binary_cross_entropy")
    w_h, b_h, w_o, b_o = seed_weights_by_hand()
    np.testing.assert_array_equal(t.net.weights[0], w_h)
    np.testing.assert_array_equal(t.net.biases[0], b_h)
    np.testing.assert_array_equal(t.net.weights[1][0], w_o)
    np.testing.assert_array_equal(t.net.biases[1], b_o)
    assert t.net.activation_names == ["tanh", "sigmoid"] and t.net.loss_function.name == "binary_cross_entropy"


def test_the_growing_loss_message_names_the_lr_it_grew_with_not_the_current_one():
    t = Trainer("seed", activation="tanh", lr=7)
    t.run(epochs=200)
    assert "loss is growing" in t.message and "lr=7" in t.message and "smaller learning rate" in t.message
    t.lr = 0.001                                 # the learner reacts: the loss grew with 7, not 0.001
    assert "lr=7" in t.message and "lr=0.001" not in t.message
    assert "lr is now 0.001" in t.message and "smaller" not in t.message
    t.run(epochs=3)                              # still above twice its lowest, but it grew with 7
    assert "lr=7" in t.message and "lr is now 0.001" in t.message
    t.lr = 20
    assert "smaller learning rate than 7" in t.message
    t.reset()
    assert t.message == ""
