"""mlpviz.Model: a network with its two scalers; predict in original units, save and load as a pair."""
from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np
import pytest

import mlpviz
import mlpviz.io as mio
from mlpviz import MLP, MinMaxScaler, Model

GO_DIR = Path(__file__).parent / "data" / "go-mlp-classification"
GO_WEIGHTS = GO_DIR / "trained-weights-biases.json"
GO_MINMAX = GO_DIR / "minmax.json"
GO_CSV = GO_DIR / "training-dataset.csv"

# the seeds' dataset: inputs i0, i1 and target z0
X = np.array([[70.0, 98.0], [50.0, 85.0], [65.0, 67.0], [25.0, 95.0]])
Z = np.array([[91.0], [82.0], [80.0], [68.0]])
W0 = [[-0.5, -1.0], [-0.5, 0.5], [1.0, 0.0]]
B0 = [0.5, 0.5, 0.5]
W1 = [[0.5, -1.0, 0.0]]
B1 = [0.5]


def seed_model(activation="sigmoid", feature_range=(0, 1)) -> Model:
    net = MLP.from_weights([W0, W1], [B0, B1], activation)
    return Model(net, MinMaxScaler(feature_range).fit(X), MinMaxScaler(feature_range).fit(Z))


def by_hand(x_raw, f=lambda s: 1 / (1 + np.exp(-s)), lo=0.0, hi=1.0) -> np.ndarray:
    """Scale with the data's min and max, forward pass W·a + b, scale back: one sample."""
    x = lo + (np.asarray(x_raw, float) - X.min(0)) / (X.max(0) - X.min(0)) * (hi - lo)
    a1 = f(np.array(W0) @ x + np.array(B0))
    y = f(np.array(W1) @ a1 + np.array(B1))
    return Z.min(0) + (y - lo) / (hi - lo) * (Z.max(0) - Z.min(0))


def same_bits(a, b) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and a.tobytes() == b.tobytes()


# ----------------------------------------------------------------- predict and loss
def test_predict_in_original_units_equals_the_hand_computation():
    model = seed_model()
    one = model.predict([60.0, 80.0])
    assert one.shape == (1,)
    np.testing.assert_allclose(one, by_hand([60.0, 80.0]), rtol=1e-14)
    batch = model.predict(X)
    assert batch.shape == (4, 1)
    np.testing.assert_allclose(batch, [by_hand(x) for x in X], rtol=1e-14)
    # the sigmoid's output lies in (0, 1), so the prediction lies between the targets' min and max
    assert np.all((batch > Z.min()) & (batch < Z.max()))


def test_predict_with_tanh_and_the_range_minus_one_one():
    model = seed_model("tanh", (-1, 1))
    np.testing.assert_allclose(model.predict(X), [by_hand(x, np.tanh, -1.0, 1.0) for x in X], rtol=1e-14)


def test_loss_is_the_training_loss_in_scaled_units():
    model = seed_model()
    Zs = (Z - Z.min(0)) / (Z.max(0) - Z.min(0))
    Ys = (np.array([by_hand(x) for x in X]) - Z.min(0)) / (Z.max(0) - Z.min(0))
    expected = np.mean(0.5 * np.sum((Ys - Zs) ** 2, axis=1))
    assert model.loss(X, Z) == pytest.approx(expected, rel=1e-12)
    assert model.loss(X, Z[:, 0]) == model.loss(X, Z)   # a plain column of targets
    assert model.loss(X[1], Z[1]) == pytest.approx(0.5 * float((Ys[1, 0] - Zs[1, 0]) ** 2), rel=1e-12)


def test_predict_refuses_bad_input_naming_it_and_leaves_it_unchanged():
    model = seed_model()
    x = X.copy()
    model.predict(x)
    assert same_bits(x, X)
    for bad, message in [
        ([1.0, 2.0, 3.0], r"X_raw: the model takes 2 input columns; got an array of shape \(3,\)"),
        (np.ones((4, 3)), r"X_raw: the model takes 2 input columns; got an array of shape \(4, 3\)"),
        (np.ones((0, 2)), r"X_raw: the model takes 2 input columns; got an array of shape \(0, 2\)"),
        ([[1.0, np.nan]], r"X_raw: value nan at \[0, 1\] is not a finite number"),
        ("70,98", r"X_raw: expected numbers"),
        (np.ones((1, 1, 2)), r"X_raw: expected a 1-D or 2-D array"),
    ]:
        with pytest.raises(ValueError, match=message):
            model.predict(bad)
    with pytest.raises(ValueError, match=r"Z_raw: expected targets of shape \(4, 1\)"):
        model.loss(X, np.ones((4, 2)))


# ----------------------------------------------------------------- construction
def test_attributes_and_repr():
    model = seed_model()
    assert (model.n_inputs, model.n_outputs) == (2, 1)
    assert repr(model) == ("Model(MLP(2-3-1, activation='sigmoid'), "
                           "input_scaler=MinMaxScaler(feature_range=(0, 1)), "
                           "output_scaler=MinMaxScaler(feature_range=(0, 1)))")
    assert mlpviz.Model is Model


@pytest.mark.parametrize("args, message", [
    (lambda n, sx, sz: ("net", sx, sz), r"net: expected an mlpviz MLP, got 'net'"),
    (lambda n, sx, sz: (n, None, sz), r"input_scaler: expected a fitted mlpviz MinMaxScaler, got None"),
    (lambda n, sx, sz: (n, sx, MinMaxScaler()), r"output_scaler: the scaler is not fitted yet"),
    (lambda n, sx, sz: (n, MinMaxScaler().fit(np.ones((2, 3))), sz),
     r"input_scaler: scales 3 input columns but the network takes 2 inputs"),
    (lambda n, sx, sz: (n, sx, sx), r"output_scaler: scales 2 output columns but the network has 1 outputs"),
])
def test_construction_refuses_what_does_not_fit_naming_the_argument(args, message):
    m = seed_model()
    with pytest.raises(ValueError, match=message):
        Model(*args(m.net, m.input_scaler, m.output_scaler))


# ----------------------------------------------------------------- save and load
@pytest.mark.parametrize("fmt", ["mlpviz", "go"])
def test_save_and_load_round_trip(tmp_path, fmt):
    model = seed_model("tanh", (-1, 1))
    model.save(tmp_path / "w.json", tmp_path / "m.json", format=fmt)
    if fmt == "go":  # the Go files record neither the activation nor the range
        back = Model.load(tmp_path / "w.json", tmp_path / "m.json", activation="tanh", feature_range=(-1, 1))
    else:
        back = Model.load(tmp_path / "w.json", tmp_path / "m.json")
    assert back.net.layer_sizes == [2, 3, 1] and back.net.activation_names == ["tanh", "tanh"]
    for a, b in ((model.input_scaler, back.input_scaler), (model.output_scaler, back.output_scaler)):
        assert a.feature_range == b.feature_range
        assert same_bits(a.data_min_, b.data_min_) and same_bits(a.data_max_, b.data_max_)
    assert same_bits(back.predict(X), model.predict(X))


def test_load_detects_each_format(tmp_path):
    model = seed_model()
    model.save(tmp_path / "w.json", tmp_path / "m.json")
    model.save(tmp_path / "gw.json", tmp_path / "gm.json", format="go")
    assert "format" in json.loads((tmp_path / "w.json").read_text())
    assert "hiddenWeights" in json.loads((tmp_path / "gw.json").read_text())
    for w, m in (("w.json", "m.json"), ("gw.json", "gm.json")):
        back = Model.load(tmp_path / w, tmp_path / m)
        assert same_bits(back.predict(X), model.predict(X))
    with pytest.raises(ValueError, match=r"gw\.json: this looks like a Go mlp weights file, "
                                         r"expected an mlpviz network file"):
        Model.load(tmp_path / "gw.json", tmp_path / "gm.json", format="mlpviz")
    with pytest.raises(ValueError, match=r"m\.json: this is an mlpviz min-max file, expected a Go mlp min-max"):
        Model.load(tmp_path / "gw.json", tmp_path / "m.json", format="go")
    with pytest.raises(ValueError, match=r"gm\.json: this looks like a Go mlp min-max file, expected a network "
                                         r"file .*did you swap the weights and min-max files\?"):
        Model.load(tmp_path / "gm.json", tmp_path / "gw.json")
    with pytest.raises(ValueError, match=r"format: expected one of 'mlpviz', 'go', got 'json'"):
        Model.load(tmp_path / "w.json", tmp_path / "m.json", format="json")


def test_load_the_go_package_files_and_predict_as_by_hand():
    raw_w, raw_m = json.loads(GO_WEIGHTS.read_text()), json.loads(GO_MINMAX.read_text())
    model = Model.load(GO_WEIGHTS, GO_MINMAX)
    assert model.net.layer_sizes == [2, 15, 15, 1]
    table = np.loadtxt(GO_CSV, delimiter=",", skiprows=1)
    sig = lambda s: 1.0 / (1.0 + math.exp(-s))  # noqa: E731
    for x, z in zip(table[:, :2], table[:, 2]):
        a = [(v - lo) / (hi - lo) for v, lo, hi in zip(x, raw_m["minInput"], raw_m["maxInput"])]
        for W, b in zip(raw_w["hiddenWeights"] + [raw_w["outputWeights"]], raw_w["hiddenBias"] + [raw_w["outputBias"]]):
            a = [sig(sum(w * ai for w, ai in zip(row, a)) + bj) for row, bj in zip(W, b)]
        y = raw_m["minOutput"][0] + a[0] * (raw_m["maxOutput"][0] - raw_m["minOutput"][0])
        assert model.predict(x)[0] == pytest.approx(y, rel=1e-13)
        assert abs(y - z) < 5.0  # the trained net fits its training data (max error measured 4.65)


def test_load_refuses_files_that_do_not_belong_together(tmp_path):
    seed_model().save(tmp_path / "w.json", tmp_path / "m.json")                          # 2 inputs, 1 output
    Model(MLP([3, 2, 1], seed=0), MinMaxScaler().fit(np.eye(3)), MinMaxScaler().fit(Z)).save(
        tmp_path / "w3.json", tmp_path / "m3.json")                                       # 3 inputs
    Model(MLP([2, 2, 2], seed=0), MinMaxScaler().fit(X), MinMaxScaler().fit(np.eye(2))).save(
        tmp_path / "w22.json", tmp_path / "m22.json")                                     # 2 outputs
    with pytest.raises(ValueError, match=r"min-max file \S*m3\.json has 3 input columns but the network takes "
                                         r"2 inputs \(weights file \S*w\.json\)"):
        Model.load(tmp_path / "w.json", tmp_path / "m3.json")
    with pytest.raises(ValueError, match=r"min-max file \S*m22\.json has 2 output columns but the network has "
                                         r"1 outputs"):
        Model.load(tmp_path / "w.json", tmp_path / "m22.json", format="mlpviz")


@pytest.mark.parametrize("fmt", ["mlpviz", "go"])
def test_save_replaces_neither_file_when_the_second_fails(tmp_path, monkeypatch, fmt):
    w, m = tmp_path / "w.json", tmp_path / "m.json"
    old = seed_model()
    old.save(w, m, format=fmt)
    before = w.read_bytes(), m.read_bytes()
    real_fsync, calls = os.fsync, []

    def fsync(fd):  # the disk fills up while the second file (the min-max values) is written
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(mio.os, "fsync", fsync)
    new = seed_model("tanh", (-1, 1))
    new.net.weights[0][0, 0] = 9.0
    with pytest.raises(ValueError, match=r"m\.json: cannot write the file \(No space left on device\)"):
        new.save(w, m, format=fmt)
    monkeypatch.undo()
    assert (w.read_bytes(), m.read_bytes()) == before
    assert sorted(os.listdir(tmp_path)) == ["m.json", "w.json"]
    assert same_bits(Model.load(w, m).predict(X), old.predict(X))
    # a second file that cannot even be started (its folder is missing): the first is not written either
    with pytest.raises(ValueError, match=r"folder .*nope.* does not exist"):
        new.save(w, tmp_path / "nope" / "m.json", format=fmt)
    assert w.read_bytes() == before[0]
    assert sorted(os.listdir(tmp_path)) == ["m.json", "w.json"]


def test_save_refuses_bad_arguments_before_writing(tmp_path):
    model = seed_model()
    for kwargs, message in [
        (dict(weights_path=None, minmax_path=tmp_path / "m.json"), r"weights_path: expected a file name"),
        (dict(weights_path=tmp_path / "w.json", minmax_path=b"m.json"), r"minmax_path: expected a file name"),
        (dict(weights_path=tmp_path / "w.json", minmax_path=tmp_path / "w.json"), r"two different files"),
        (dict(weights_path=tmp_path / "w.json", minmax_path=tmp_path / "m.json", format="csv"),
         r"format: expected one of 'mlpviz', 'go', got 'csv'"),
    ]:
        with pytest.raises(ValueError, match=message):
            model.save(**kwargs)
    flat = Model(MLP([2, 1], seed=0), model.input_scaler, model.output_scaler)
    with pytest.raises(ValueError, match=r"Go mlp weights format needs at least one hidden layer"):
        flat.save(tmp_path / "w.json", tmp_path / "m.json", format="go")
    assert os.listdir(tmp_path) == []


# ----------------------------------------------------------------- issue 10: overflow from finite inputs
def test_predict_refuses_outputs_that_overflow_naming_the_weights_without_a_warning():
    import warnings

    # a linear 2-1-1 net with weights near 1e307: for the scaled input (1, 1), s = 2e307 in the hidden
    # layer and 2e307 · 1e307 = inf at the output
    net = MLP.from_weights([[[1e307, 1e307]], [[1e307]]], [[0.0], [0.0]], "linear")
    model = Model(net, MinMaxScaler().fit(X), MinMaxScaler().fit(Z))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"^net: the output 0 for row 1 of X_raw is inf: the weights "
                                             r"\(the largest \|w\| is 1e\+307\) overflow floating point"):
            model.predict([[25.0, 67.0], [70.0, 98.0]])      # row 0 scales to (0, 0): output 0
        assert model.predict([25.0, 67.0]).tolist() == [68.0]  # the output 0 maps back to Z's min


def test_predict_refuses_an_input_or_an_output_that_overflows_in_scaling():
    import warnings

    wide = Model(MLP.from_weights([[[2.0]]], [[0.0]], "linear"), MinMaxScaler().fit([[-1e308], [0.0]]),
                 MinMaxScaler().fit([[0.0], [1e308]]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"^X_raw: row 0, column 0: 1e\+308 scales to inf"):
            wide.predict([[1e308]])                 # (1e308 − (−1e308)) overflows
        # 5e307 scales to (5e307 + 1e308) / 1e308 = 1.5, the net doubles it, and 3 · 1e308 overflows
        with pytest.raises(ValueError, match=r"^output_scaler: the network's output at row 0, column 0: 3 maps "
                                             r"back to inf"):
            wide.predict([[5e307]])
        assert wide.predict([[-0.5e308]]).tolist() == [[1e308]]   # 0.5 → 1 → 1e308


def test_save_refuses_a_scaler_that_does_not_fit_the_network(tmp_path):
    model = seed_model()
    model.input_scaler = MinMaxScaler().fit(np.ones((2, 3)))   # changed after construction
    with pytest.raises(ValueError, match=r"^input_scaler: scales 3 input columns but the network takes 2"):
        model.save(tmp_path / "w.json", tmp_path / "m.json")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("call, message", [
    (lambda m, p: m.predict(None), r"^X_raw: expected numbers, got None"),
    (lambda m, p: m.predict({"i0": 70, "i1": 98}), r"^X_raw: expected numbers, got \{'i0': 70"),
    (lambda m, p: m.loss(X, None), r"^Z_raw: expected numbers, got None"),
    (lambda m, p: m.save(None, p / "m.json"), r"^weights_path: expected a file name"),
    (lambda m, p: m.save(p / "w.json", b"m.json"), r"^minmax_path: expected a file name"),
    (lambda m, p: m.save(p / "w.json", p / "m.json", format=None), r"^format: expected one of 'mlpviz', 'go'"),
    (lambda m, p: Model.load(None, p / "m.json"), r"^weights_path: expected a file name"),
    (lambda m, p: Model.load(p / "w.json", p / "m.json", format="csv"), r"^format: expected one of"),
    (lambda m, p: Model.load(p / "w.json", p / "m.json", feature_range=(0, None)), r"^feature_range: expected a"),
    (lambda m, p: Model.load(p / "w.json", p / "m.json", activation=3), r"^activation: expected an activation"),
])
def test_api_arguments_each_one_value_error_naming_the_argument(tmp_path, call, message):
    with pytest.raises(ValueError, match=message):
        call(seed_model(), tmp_path)
    assert os.listdir(tmp_path) == []
