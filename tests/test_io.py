"""mlpviz.io: own and Go JSON formats, atomic writes, clear errors."""
from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

import mlpviz
import mlpviz.io as mio
from mlpviz import MLP, MinMaxScaler
from mlpviz.activations import ACTIVATIONS, ELEMENTWISE
from mlpviz.io import (atomic_write_text, load_go_minmax, load_go_weights, load_network, load_scaler,
                       save_go_minmax, save_go_weights, save_network, save_scaler)

GO_DIR = Path(__file__).parent / "data" / "go-mlp-classification"
GO_WEIGHTS = GO_DIR / "trained-weights-biases.json"
GO_MINMAX = GO_DIR / "minmax.json"
GO_CSV = GO_DIR / "training-dataset.csv"


def same_bits(a, b) -> bool:
    """Exact equality, including the sign of zero."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and a.tobytes() == b.tobytes()


def assert_same_network(n1: MLP, n2: MLP) -> None:
    assert n1.layer_sizes == n2.layer_sizes
    assert n1.activation_names == n2.activation_names
    for W1, W2, b1, b2 in zip(n1.weights, n2.weights, n1.biases, n2.biases):
        assert same_bits(W1, W2)
        assert same_bits(b1, b2)


def write(tmp_path: Path, text: str, name: str = "f.json") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def go_dict(**changes) -> dict:
    """A small valid Go weights dict (2-3-1), with some keys replaced."""
    d = {
        "hiddenWeights": [[[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]],
        "hiddenBias": [[0.1, 0.2, 0.3]],
        "outputWeights": [[0.7, 0.8, 0.9]],
        "outputBias": [0.4],
    }
    d.update(changes)
    return d


# ----------------------------------------------------------------- atomic writes
def test_atomic_write_text_writes_and_replaces(tmp_path):
    p = tmp_path / "out.txt"
    atomic_write_text(p, "first\n")
    assert p.read_text() == "first\n"
    atomic_write_text(str(p), "second ünïcode\n")
    assert p.read_text(encoding="utf-8") == "second ünïcode\n"
    assert sorted(os.listdir(tmp_path)) == ["out.txt"]  # no temporary file left


def test_atomic_write_respects_umask(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "m.txt", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "m.txt").stat().st_mode & 0o777 == 0o644


def test_atomic_write_keeps_the_permissions_of_the_old_file(tmp_path):
    p = tmp_path / "private.json"
    p.write_text("old")
    p.chmod(0o600)
    atomic_write_text(p, "new")
    assert p.read_text() == "new" and p.stat().st_mode & 0o777 == 0o600


def test_atomic_write_missing_folder(tmp_path):
    target = tmp_path / "nope" / "out.json"
    with pytest.raises(ValueError, match="folder .*nope.* does not exist"):
        atomic_write_text(target, "x")
    assert not (tmp_path / "nope").exists()


def test_atomic_write_onto_a_folder(tmp_path):
    (tmp_path / "d").mkdir()
    with pytest.raises(ValueError, match="is a folder"):
        atomic_write_text(tmp_path / "d", "x")


def test_failure_midway_through_writing_leaves_old_file(tmp_path, monkeypatch):
    path = tmp_path / "net.json"
    old_net = MLP([2, 3, 1], seed=1)
    save_network(old_net, path)
    before = path.read_bytes()
    seen = {"tmp": [], "written": 0}
    real_fdopen = os.fdopen

    class HalfWritten:
        """A file that takes half of the text, then finds the disk full."""

        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, text):
            self.f.write(text[:len(text) // 2])
            self.f.flush()
            seen["written"] = len(text) // 2
            seen["tmp"] = [f for f in os.listdir(tmp_path) if f.endswith(".tmp")]
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(mio.os, "fdopen", lambda *a, **k: HalfWritten(real_fdopen(*a, **k)))
    with pytest.raises(ValueError, match=r"net\.json: cannot write the file \(No space left on device\)"):
        save_network(MLP([2, 4, 4, 1], seed=2), path)
    assert seen["tmp"] and seen["written"] > 0, "the failure should come with part of a temporary file written"
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["net.json"]
    monkeypatch.undo()
    assert_same_network(load_network(path), old_net)


@pytest.mark.parametrize("broken", ["replace", "fsync"])
def test_os_failure_leaves_old_file(tmp_path, monkeypatch, broken):
    path = tmp_path / "w.json"
    save_go_weights(MLP([2, 3, 1], seed=0), path)
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(mio.os, broken, boom)
    with pytest.raises(ValueError, match=r"w\.json: cannot write the file \(No space left on device\)"):
        save_go_weights(MLP([2, 3, 1], seed=5), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["w.json"]


def test_non_finite_weight_is_refused_before_writing(tmp_path):
    path = tmp_path / "n.json"
    path.write_text("old")
    net = MLP([2, 2, 1], seed=0)
    net.weights[1][0, 1] = np.nan
    with pytest.raises(ValueError, match=r"net\.weights\[1\]: value nan at \[0, 1\] is not a finite number"):
        save_network(net, path)
    with pytest.raises(ValueError, match=r"net\.weights\[1\]"):
        save_go_weights(net, path)
    assert path.read_text() == "old"


# ----------------------------------------------------------------- a network and its min-max values together
def _fitted_scalers(feature_range=(0, 1)):
    X = np.array([[1.0, 10.0], [3.0, 30.0], [2.0, 5.0]])
    Z = np.array([[0.5], [1.5], [1.0]])
    return MinMaxScaler(feature_range).fit(X), MinMaxScaler(feature_range).fit(Z)


@pytest.mark.parametrize("fmt", ["mlpviz", "go"])
def test_save_model_writes_what_the_two_save_functions_write(tmp_path, fmt):
    net = MLP([2, 3, 1], seed=4)
    sx, sz = _fitted_scalers()
    mlpviz.save_model(net, sx, sz, tmp_path / "w.json", tmp_path / "m.json", format=fmt)
    if fmt == "go":
        save_go_weights(net, tmp_path / "w1.json")
        save_go_minmax(sx, sz, tmp_path / "m1.json")
    else:
        save_network(net, tmp_path / "w1.json")
        save_scaler(sx, sz, tmp_path / "m1.json")
    assert (tmp_path / "w.json").read_bytes() == (tmp_path / "w1.json").read_bytes()
    assert (tmp_path / "m.json").read_bytes() == (tmp_path / "m1.json").read_bytes()
    assert_same_network(load_network(tmp_path / "w.json"), net)
    lx, lz = load_scaler(tmp_path / "m.json")
    assert same_bits(lx.data_min_, sx.data_min_) and same_bits(lz.data_max_, sz.data_max_)


@pytest.mark.parametrize("failing_call", [1, 2])
def test_save_model_replaces_neither_file_when_one_cannot_be_written(tmp_path, monkeypatch, failing_call):
    # the disk fills up while the first or the second file is written: both old files stay
    w, m = tmp_path / "w.json", tmp_path / "m.json"
    old_net, (sx, sz) = MLP([2, 3, 1], seed=1), _fitted_scalers()
    mlpviz.save_model(old_net, sx, sz, w, m)
    before = w.read_bytes(), m.read_bytes()
    real_fsync, calls = os.fsync, []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == failing_call:
            raise OSError(28, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(mio.os, "fsync", fsync)
    with pytest.raises(ValueError, match=r"cannot write the file \(No space left on device\)"):
        mlpviz.save_model(MLP([2, 3, 1], seed=2), *_fitted_scalers((-1, 1)), w, m)
    monkeypatch.undo()
    assert (w.read_bytes(), m.read_bytes()) == before
    assert sorted(os.listdir(tmp_path)) == ["m.json", "w.json"]      # no temporary file left
    assert_same_network(load_network(w), old_net)


def test_save_model_refuses_before_writing_anything(tmp_path):
    w, m = tmp_path / "w.json", tmp_path / "m.json"
    w.write_text("old weights")
    net, (sx, sz) = MLP([2, 3, 1], seed=0), _fitted_scalers()
    with pytest.raises(ValueError, match=r"folder .*nope.* does not exist"):
        mlpviz.save_model(net, sx, sz, w, tmp_path / "nope" / "m.json")
    with pytest.raises(ValueError, match=r"format: expected one of 'mlpviz', 'go', got 'csv'"):
        mlpviz.save_model(net, sx, sz, w, m, format="csv")
    with pytest.raises(ValueError, match=r"two different files"):
        mlpviz.save_model(net, sx, sz, w, tmp_path / "." / "w.json")
    with pytest.raises(ValueError, match=r"output_scaler: the scaler is not fitted"):
        mlpviz.save_model(net, sx, MinMaxScaler(), w, m)
    with pytest.raises(ValueError, match=r"Go mlp weights format needs at least one hidden layer"):
        mlpviz.save_model(MLP([2, 1], seed=0), sx, sz, w, m, format="go")
    assert w.read_text() == "old weights" and not m.exists()
    assert sorted(os.listdir(tmp_path)) == ["w.json"]


# ----------------------------------------------------------------- own network format
def test_save_network_layout_and_content(tmp_path):
    net = MLP([2, 3, 1], activation=["tanh", "sigmoid"], seed=3)
    path = tmp_path / "net.json"
    save_network(net, path)
    text = path.read_text()
    d = json.loads(text)
    assert d["format"] == "mlpviz-network" and d["version"] == 1
    assert d["layer_sizes"] == [2, 3, 1]
    assert d["activations"] == ["tanh", "sigmoid"]
    assert d["weights"] == [W.tolist() for W in net.weights]
    assert d["biases"] == [b.tolist() for b in net.biases]
    # readable: indented, one matrix row per line
    lines = text.splitlines()
    assert lines[0] == "{" and lines[1].startswith('  "format"')
    row = "[" + ", ".join(repr(float(v)) for v in net.weights[0][1]) + "],"
    assert row in [line.strip() for line in lines]
    assert text.endswith("}\n")


def test_own_network_round_trip_per_layer_activations(tmp_path):
    net = MLP([3, 4, 2, 2], activation=["relu", "tanh", "linear"], seed=7)
    save_network(net, tmp_path / "n.json")
    back = load_network(tmp_path / "n.json")
    assert_same_network(back, net)
    x = np.array([0.3, -0.2, 0.9])
    assert same_bits(back.predict(x), net.predict(x))


@st.composite
def networks(draw, min_layers: int = 2):
    sizes = draw(st.lists(st.integers(1, 4), min_size=min_layers, max_size=5))
    acts = draw(st.lists(st.sampled_from(sorted(ELEMENTWISE)), min_size=len(sizes) - 1,
                         max_size=len(sizes) - 1))
    finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
    Ws = [draw(arrays(np.float64, (n_out, n_in), elements=finite)) for n_in, n_out in zip(sizes, sizes[1:])]
    bs = [draw(arrays(np.float64, (n_out,), elements=finite)) for n_out in sizes[1:]]
    return MLP.from_weights(Ws, bs, acts)


@settings(max_examples=60, deadline=None)
@given(net=networks())
def test_own_format_round_trip_is_exact(tmp_path_factory, net):
    path = tmp_path_factory.mktemp("rt") / "net.json"
    save_network(net, path)
    assert_same_network(load_network(path), net)


@settings(max_examples=60, deadline=None)
@given(net=networks(min_layers=3))
def test_go_format_round_trip_is_exact(tmp_path_factory, net):
    path = tmp_path_factory.mktemp("go") / "w.json"
    save_go_weights(net, path)
    back = load_go_weights(path, activation=net.activation_names)
    assert_same_network(back, net)


def test_load_network_activation_argument_must_agree_with_file(tmp_path):
    save_network(MLP([2, 2, 1], activation="tanh", seed=0), tmp_path / "n.json")
    assert load_network(tmp_path / "n.json", activation="tanh").activation_names == ["tanh", "tanh"]
    with pytest.raises(ValueError, match=r"n\.json: activations: the file says \['tanh', 'tanh'\]"):
        load_network(tmp_path / "n.json", activation="relu")


# ----------------------------------------------------------------- the Go files
def test_load_real_go_weights_layout():
    raw = json.loads(GO_WEIGHTS.read_text())
    net = load_go_weights(GO_WEIGHTS)
    assert net.layer_sizes == [2, 15, 15, 1]
    assert net.activation_names == ["sigmoid"] * 3
    # hiddenWeights[layer][node][input] is W[layer][node, input]
    for l in range(2):
        for j, row in enumerate(raw["hiddenWeights"][l]):
            for i, w in enumerate(row):
                assert net.weights[l][j, i] == w
            assert net.biases[l][j] == raw["hiddenBias"][l][j]
    # outputWeights[outNode][lastHiddenNode]
    for k, row in enumerate(raw["outputWeights"]):
        for j, w in enumerate(row):
            assert net.weights[2][k, j] == w
    assert net.biases[2].tolist() == raw["outputBias"]


def test_real_go_files_round_trip_byte_for_byte(tmp_path):
    net = load_go_weights(GO_WEIGHTS)
    save_go_weights(net, tmp_path / "w.json")
    assert (tmp_path / "w.json").read_bytes() == GO_WEIGHTS.read_bytes()
    assert_same_network(load_go_weights(tmp_path / "w.json"), net)

    sx, sz = load_go_minmax(GO_MINMAX)
    save_go_minmax(sx, sz, tmp_path / "m.json")
    assert (tmp_path / "m.json").read_bytes() == GO_MINMAX.read_bytes()
    sx2, sz2 = load_go_minmax(tmp_path / "m.json")
    for a, b in ((sx, sx2), (sz, sz2)):
        assert same_bits(a.data_min_, b.data_min_) and same_bits(a.data_max_, b.data_max_)


def test_load_network_and_load_scaler_detect_go_files():
    net = load_network(GO_WEIGHTS)
    assert_same_network(net, load_go_weights(GO_WEIGHTS))
    assert load_network(GO_WEIGHTS, activation="tanh").activation_names == ["tanh"] * 3
    sx, sz = load_scaler(GO_MINMAX)
    raw = json.loads(GO_MINMAX.read_text())
    assert sx.data_min_.tolist() == raw["minInput"] and sx.data_max_.tolist() == raw["maxInput"]
    assert sz.data_min_.tolist() == raw["minOutput"] and sz.data_max_.tolist() == raw["maxOutput"]
    assert sx.feature_range == (0.0, 1.0)
    assert load_scaler(GO_MINMAX, feature_range=(-1, 1))[0].feature_range == (-1.0, 1.0)


def test_real_minmax_is_the_min_and_max_of_the_training_csv():
    table = np.loadtxt(GO_CSV, delimiter=",", skiprows=1)
    sx, sz = load_go_minmax(GO_MINMAX)
    assert sx.data_min_.tolist() == table[:, :2].min(axis=0).tolist()
    assert sx.data_max_.tolist() == table[:, :2].max(axis=0).tolist()
    assert sz.data_min_.tolist() == table[:, 2:].min(axis=0).tolist()
    assert sz.data_max_.tolist() == table[:, 2:].max(axis=0).tolist()


def _hand_forward(raw: dict, x: list[float]) -> list[float]:
    """The Go package's forward pass written out with loops (independent of mlpviz)."""
    sig = lambda s: 1.0 / (1.0 + math.exp(-s))  # noqa: E731
    a = list(x)
    for W, b in zip(raw["hiddenWeights"], raw["hiddenBias"]):
        a = [sig(sum(w * ai for w, ai in zip(row, a)) + bj) for row, bj in zip(W, b)]
    return [sig(sum(w * ai for w, ai in zip(row, a)) + bk)
            for row, bk in zip(raw["outputWeights"], raw["outputBias"])]


def test_predict_with_the_real_go_files():
    raw_w = json.loads(GO_WEIGHTS.read_text())
    raw_m = json.loads(GO_MINMAX.read_text())
    table = np.loadtxt(GO_CSV, delimiter=",", skiprows=1)
    X, Z = table[:, :2], table[:, 2]

    # by hand: scale to [0, 1], forward with loops, scale back
    lo_in, hi_in = raw_m["minInput"], raw_m["maxInput"]
    lo_out, hi_out = raw_m["minOutput"][0], raw_m["maxOutput"][0]
    hand = []
    for x in X:
        xs = [(v - lo) / (hi - lo) for v, lo, hi in zip(x, lo_in, hi_in)]
        ys = _hand_forward(raw_w, xs)[0]
        hand.append(lo_out + ys * (hi_out - lo_out))
    hand = np.array(hand)

    # with mlpviz
    net = load_go_weights(GO_WEIGHTS)
    sx, sz = load_go_minmax(GO_MINMAX)
    y = sz.inverse_transform(net.predict(sx.transform(X)))[:, 0]
    np.testing.assert_allclose(y, hand, rtol=0, atol=1e-12)

    # the trained net fits its training data: measured mean |error| 2.70, max 4.65
    # (targets span 52..87), so these bounds fail if the layout were misread.
    err = np.abs(hand - Z)
    assert err.mean() < 3.0
    assert err.max() < 5.0
    # a misread layout (e.g. transposed output weights) is far worse than the constant mean guess
    assert err.mean() < np.abs(Z - Z.mean()).mean() / 2


# Go's encoding/json reads any JSON number into a float64; this is the JSON grammar's number.
JSON_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")


def test_go_numbers_whole_ones_as_go_writes_them(tmp_path):
    net = MLP.from_weights([[[45.0, -3.0], [0.1, 1e20]], [[1e21, -0.0]]], [[1e-7, -2.5e-10], [0.0]])
    save_go_weights(net, tmp_path / "w.json")
    numbers = [line.strip().rstrip(",") for line in (tmp_path / "w.json").read_text().splitlines()
               if line.strip() not in ("{", "}", "[", "]", "],") and ":" not in line]
    # whole numbers below 1e21 without a decimal point, as Go writes them; -0.0 keeps its sign
    assert numbers == ["45", "-3", "0.1", "100000000000000000000", "1e-07", "-2.5e-10",
                       "1e+21", "-0.0", "0"]


@settings(max_examples=300, deadline=None)
@given(x=st.floats(allow_nan=False, allow_infinity=False))
def test_go_numbers_are_json_numbers_that_read_back_exactly(tmp_path_factory, x):
    path = tmp_path_factory.mktemp("go") / "m.json"
    sx = MinMaxScaler.from_min_max([x], [x])
    save_go_minmax(sx, sx, path)
    text = json.loads(path.read_text(), parse_float=str, parse_int=str)["minInput"][0]
    assert JSON_NUMBER.fullmatch(text), text
    back = load_go_minmax(path)[0].data_min_[0]
    assert back == x and math.copysign(1, back) == math.copysign(1, x)


def test_save_go_weights_needs_a_hidden_layer(tmp_path):
    with pytest.raises(ValueError, match="needs at least one hidden layer.*2-1"):
        save_go_weights(MLP([2, 1], seed=0), tmp_path / "w.json")
    assert not (tmp_path / "w.json").exists()


def test_go_weights_two_hidden_layers_layout(tmp_path):
    net = MLP([3, 4, 2, 1], seed=4)
    save_go_weights(net, tmp_path / "w.json")
    raw = json.loads((tmp_path / "w.json").read_text())
    assert list(raw) == ["hiddenWeights", "hiddenBias", "outputWeights", "outputBias"]
    assert np.array(raw["hiddenWeights"][0]).shape == (4, 3)
    assert np.array(raw["hiddenWeights"][1]).shape == (2, 4)
    assert np.array(raw["outputWeights"]).shape == (1, 2)
    assert raw["outputBias"] == net.biases[2].tolist()


# ----------------------------------------------------------------- scalers
def test_own_scaler_round_trip(tmp_path):
    X = np.array([[70, 98], [50, 85], [65, 67], [25, 95]], float)
    Z = np.array([[91], [82], [80], [68]], float)
    sx, sz = MinMaxScaler((-1, 1)).fit(X), MinMaxScaler((-1, 1)).fit(Z)
    save_scaler(sx, sz, tmp_path / "m.json")
    d = json.loads((tmp_path / "m.json").read_text())
    assert d["format"] == "mlpviz-minmax" and d["version"] == 1
    assert d["feature_range"] == [-1.0, 1.0]
    assert d["input"] == {"min": X.min(0).tolist(), "max": X.max(0).tolist()}
    assert d["output"] == {"min": Z.min(0).tolist(), "max": Z.max(0).tolist()}
    bx, bz = load_scaler(tmp_path / "m.json")
    assert bx.feature_range == (-1.0, 1.0) and bz.feature_range == (-1.0, 1.0)
    assert same_bits(bx.transform(X), sx.transform(X))
    assert same_bits(bz.transform(Z), sz.transform(Z))
    with pytest.raises(ValueError, match=r"m\.json: feature_range: the file says \[-1, 1\]"):
        load_scaler(tmp_path / "m.json", feature_range=(0, 1))


def test_go_minmax_with_range_minus_one_one(tmp_path):
    sx, sz = load_go_minmax(GO_MINMAX, feature_range=(-1, 1))
    raw = json.loads(GO_MINMAX.read_text())
    # the minimum maps to -1, the maximum to +1
    assert sx.transform(raw["minInput"]).tolist() == [-1.0, -1.0]
    assert sx.transform(raw["maxInput"]).tolist() == [1.0, 1.0]


def test_save_scaler_refuses_bad_scalers(tmp_path):
    fitted = MinMaxScaler().fit([[1.0], [2.0]])
    with pytest.raises(ValueError, match="input_scaler: the scaler is not fitted"):
        save_scaler(MinMaxScaler(), fitted, tmp_path / "m.json")
    with pytest.raises(ValueError, match="output_scaler: feature_range"):
        save_scaler(fitted, MinMaxScaler((-1, 1)).fit([[1.0], [2.0]]), tmp_path / "m.json")
    with pytest.raises(ValueError, match="expected a fitted mlpviz MinMaxScaler"):
        save_go_minmax(fitted, "not a scaler", tmp_path / "m.json")
    assert not (tmp_path / "m.json").exists()


# ----------------------------------------------------------------- seed network
def test_seed_network_has_the_seed_weights():
    net = mlpviz.examples.seed_network()
    assert net.layer_sizes == [2, 3, 1]
    assert net.weights[0].tolist() == [[-0.5, -1.0], [-0.5, 0.5], [1.0, 0.0]]
    assert net.biases[0].tolist() == [0.5, 0.5, 0.5]
    assert net.weights[1].tolist() == [[0.5, -1.0, 0.0]]
    assert net.biases[1].tolist() == [0.5]
    assert mlpviz.examples.seed_network("tanh").activation_names == ["tanh", "tanh"]


def test_package_reexports():
    for name in ("load_network", "save_network", "load_scaler", "save_scaler", "load_go_weights",
                 "save_go_weights", "load_go_minmax", "save_go_minmax", "Dataset", "load_csv"):
        assert hasattr(mlpviz, name), name


# ----------------------------------------------------------------- errors
def _own_network_dict(**changes) -> dict:
    d = {"format": "mlpviz-network", "version": 1, "layer_sizes": [2, 2, 1],
         "activations": ["sigmoid", "sigmoid"],
         "weights": [[[1, 2], [3, 4]], [[5, 6]]], "biases": [[0, 0], [0]]}
    d.update(changes)
    return d


NETWORK_ERRORS = [
    # (file text, regex the message must contain after the path)
    ("", r"the file is empty"),
    ("   \n", r"the file is empty"),
    ('{"a": 1,,}', r"invalid JSON at line 1, column 9"),
    ('{\n  "hiddenWeights": [\n    [\n', r"invalid JSON at line 4, column 1: .*truncated"),
    ("[1, 2]", r"the top level is an array of 2 items, expected a JSON object"),
    ('"hello"', r"the top level is the string 'hello'"),
    ("{}", r"not a file mlpviz knows \(keys found: none\)"),
    (json.dumps({"weights": 1}), r"not a file mlpviz knows \(keys found: 'weights'\)"),
    (json.dumps(go_dict(outputBias=None) | {}), r"outputBias: expected an array of numbers"),
    (json.dumps({k: v for k, v in go_dict().items() if k != "hiddenBias"}),
     r"missing key 'hiddenBias'; a Go mlp weights file needs"),
    (json.dumps(go_dict(hiddenWeights=[[[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], [0.7]]],
                        hiddenBias=[[0, 0, 0, 0]], outputWeights=[[1, 1, 1, 1]])),
     r"hiddenWeights\[0\]\[3\]: expected 2 numbers \(one weight per input of the network, "
     r"like hiddenWeights\[0\]\[0\]\), got 1"),
    (json.dumps(go_dict(hiddenBias=[[0.1, 0.2]])),
     r"hiddenBias\[0\]: expected 3 numbers \(one bias per node of hidden layer 0"),
    (json.dumps(go_dict(hiddenBias=[[0.1, 0.2, 0.3], [1]])), r"hiddenBias: expected an array of 1 entry, one per hidden layer"),
    (json.dumps(go_dict(outputWeights=[[0.7, 0.8]])),
     r"outputWeights\[0\]: expected 3 numbers \(one weight per node of the last hidden layer"),
    (json.dumps(go_dict(outputBias=[0.1, 0.2])), r"outputBias: expected 1 number \(one bias per output node"),
    (json.dumps(go_dict(hiddenWeights=[])), r"hiddenWeights: expected an array with one entry per hidden layer.*got an empty array"),
    (json.dumps(go_dict(hiddenWeights=[[[0.1, "x"], [0.3, 0.4], [0.5, 0.6]]])),
     r"hiddenWeights\[0\]\[0\]\[1\]: expected a number, got the string 'x'"),
    (json.dumps(go_dict(outputBias=[True])), r"outputBias\[0\]: expected a number, got true \(a boolean\)"),
    (json.dumps(go_dict(outputBias=[None])), r"outputBias\[0\]: expected a number, got null"),
    (json.dumps(go_dict(outputBias=[float("nan")])), r"outputBias\[0\]: nan is not a finite number"),
    ('{"hiddenWeights": [[[1e999]]], "hiddenBias": [[0]], "outputWeights": [[0]], "outputBias": [0]}',
     r"hiddenWeights\[0\]\[0\]\[0\]: inf is not a finite number"),
    ('{"hiddenWeights": [[[Infinity]]], "hiddenBias": [[0]], "outputWeights": [[0]], "outputBias": [0]}',
     r"hiddenWeights\[0\]\[0\]\[0\]: inf is not a finite number"),
    (json.dumps(go_dict(hiddenWeights=[[0.1, 0.2]])),
     r"hiddenWeights\[0\]\[0\]: expected an array of numbers .*got 0\.1"),
    (json.dumps(_own_network_dict(format="keras")), r"format: unknown format the string 'keras'"),
    (json.dumps(_own_network_dict(format=[1])), r"format: unknown format an array of 1 item; expected a network"),
    (json.dumps(_own_network_dict(format={"a": 1})), r"format: unknown format an object"),
    (json.dumps(_own_network_dict(version=2)),
     r"version: mlpviz-network version 2 is not supported; this mlpviz reads version 1"),
    (json.dumps({k: v for k, v in _own_network_dict().items() if k != "version"}),
     r"missing key 'version'.*supported: 1"),
    (json.dumps(_own_network_dict(version="1")), r"version: .*the string '1' is not supported"),
    (json.dumps({k: v for k, v in _own_network_dict().items() if k != "biases"}), r"missing key 'biases'"),
    (json.dumps(_own_network_dict(activations=["sigmoid", "swish"])),
     r"activations\[1\]: unknown activation 'swish'; expected one of sigmoid, tanh, relu, linear"),
    (json.dumps(_own_network_dict(activations=["sigmoid"])), r"activations: expected an array of 2 names"),
    (json.dumps(_own_network_dict(layer_sizes=[2, 0, 1])), r"layer_sizes\[1\]: expected a positive whole number"),
    (json.dumps(_own_network_dict(layer_sizes=[2, 3, 1])),
     r"weights\[0\]: expected 3 rows \(one row per neuron of layer 1: layer_sizes\[1\]\), got 2"),
    (json.dumps(_own_network_dict(weights=[[[1, 2], [3, 4]], [[5, 6, 7]]])),
     r"weights\[1\]\[0\]: expected 2 numbers \(one weight per neuron of layer 1"),
    (json.dumps(_own_network_dict(biases=[[0, 0], []])), r"biases\[1\]: expected 1 number \(.*got 0"),
    (json.dumps({"format": "mlpviz-minmax", "version": 1}), r"this is an mlpviz min-max file.*swap"),
    (json.dumps({"minInput": [1], "maxInput": [2], "minOutput": [1], "maxOutput": [2]}),
     r"this looks like a Go mlp min-max file, expected a network file.*swap"),
]


@pytest.mark.parametrize("text, message", NETWORK_ERRORS)
def test_load_network_errors(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ValueError) as info:
        load_network(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}: "), msg
    assert "\n" not in msg

    assert re.search(message, msg), msg


@pytest.mark.parametrize("source", [GO_WEIGHTS, GO_MINMAX])
def test_a_file_cut_short_anywhere_is_called_truncated(tmp_path, source):
    text = source.read_text()
    reader = load_network if source == GO_WEIGHTS else load_scaler
    for cut in range(1, len(text) - 1, max(1, len(text) // 40)):  # inside numbers, keys, between items
        path = write(tmp_path, text[:cut])
        with pytest.raises(ValueError, match=r"invalid JSON at line \d+, column \d+: .*\(the file looks truncated\)"):
            reader(path)
    with pytest.raises(ValueError) as info:
        load_network(write(tmp_path, '{"a": 1,,}'))
    assert "truncated" not in str(info.value)  # a complete file with a syntax error is not


def test_load_network_missing_file_and_folder(tmp_path):
    with pytest.raises(ValueError, match=r"missing\.json: no such file; expected a network file"):
        load_network(tmp_path / "missing.json")
    with pytest.raises(ValueError, match=r"is a folder, not a file"):
        load_network(tmp_path)
    with pytest.raises(ValueError, match=r"no such file; expected a Go mlp min-max file"):
        load_go_minmax(tmp_path / "missing.json")


def test_load_network_not_utf8(tmp_path):
    path = tmp_path / "b.json"
    path.write_bytes(b'{"x": "\xff\xfe"}')
    with pytest.raises(ValueError, match=r"b\.json: not UTF-8 text \(bad byte at offset 7\)"):
        load_network(path)


def test_load_network_huge_integer(tmp_path):
    path = write(tmp_path, '{"outputBias": [' + "9" * 5000 + "]}")
    with pytest.raises(ValueError, match=r"f\.json: invalid JSON"):
        load_network(path)


def test_unknown_activation_argument(tmp_path):
    with pytest.raises(ValueError, match=r"activation: unknown activation 'swish'"):
        load_go_weights(GO_WEIGHTS, activation="swish")
    with pytest.raises(ValueError, match=r"activation: got 2 names for a network with 3 weight layers"):
        load_go_weights(GO_WEIGHTS, activation=["tanh", "tanh"])


def test_load_go_weights_refuses_other_files():
    with pytest.raises(ValueError, match=r"minmax\.json: this looks like a Go mlp min-max file, "
                                         r"expected a Go mlp weights file"):
        load_go_weights(GO_MINMAX)
    with pytest.raises(ValueError, match=r"weights-biases\.json: this looks like a Go mlp weights file, "
                                         r"expected a Go mlp min-max file"):
        load_go_minmax(GO_WEIGHTS)
    with pytest.raises(ValueError, match=r"this looks like a Go mlp weights file, expected a min-max file"):
        load_scaler(GO_WEIGHTS)


MINMAX_ERRORS = [
    (json.dumps({"minInput": [1, 2], "maxInput": [3], "minOutput": [0], "maxOutput": [1]}),
     r"maxInput: expected 2 numbers \(one maximum per input column, like minInput\), got 1"),
    (json.dumps({"minInput": [1, 5], "maxInput": [3, 4], "minOutput": [0], "maxOutput": [1]}),
     r"maxInput\[1\]: the maximum 4 is less than the minimum minInput\[1\] = 5"),
    (json.dumps({"minInput": [1], "maxInput": [3], "minOutput": [0]}), r"missing key 'maxOutput'"),
    (json.dumps({"minInput": [], "maxInput": [], "minOutput": [0], "maxOutput": [1]}),
     r"minInput: expected at least one number"),
    (json.dumps({"minInput": ["a"], "maxInput": [3], "minOutput": [0], "maxOutput": [1]}),
     r"minInput\[0\]: expected a number, got the string 'a'"),
    (json.dumps({"format": "mlpviz-minmax", "version": 7, "feature_range": [0, 1], "input": {}, "output": {}}),
     r"version: mlpviz-minmax version 7 is not supported; this mlpviz reads version 1"),
    (json.dumps({"format": "mlpviz-minmax", "version": 1, "feature_range": [1, 0],
                 "input": {"min": [0], "max": [1]}, "output": {"min": [0], "max": [1]}}),
     r"feature_range: expected low < high"),
    (json.dumps({"format": "mlpviz-minmax", "version": 1, "feature_range": [0, 1],
                 "input": {"min": [0]}, "output": {"min": [0], "max": [1]}}),
     r"input: missing key 'max'"),
    (json.dumps({"format": "mlpviz-minmax", "version": 1, "feature_range": [0, 1],
                 "input": [0, 1], "output": {"min": [0], "max": [1]}}),
     r"input: expected an object"),
    (json.dumps(_own_network_dict()), r"this is an mlpviz network file, expected a min-max file.*swap"),
]


@pytest.mark.parametrize("text, message", MINMAX_ERRORS)
def test_load_scaler_errors(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ValueError) as info:
        load_scaler(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}: "), msg

    assert re.search(message, msg), msg


def test_load_scaler_bad_range_argument():
    with pytest.raises(ValueError, match=r"feature_range: expected a \(low, high\) pair .* with low < high"):
        load_scaler(GO_MINMAX, feature_range=(1, 0))


# ----------------------------------------------------------------- fuzz: only ValueError ever escapes
_KEYS = list(mio.GO_WEIGHTS_KEYS + mio.GO_MINMAX_KEYS) + [
    "format", "version", "layer_sizes", "activations", "weights", "biases", "feature_range",
    "input", "output", "min", "max"]
_leaves = (st.none() | st.booleans() | st.integers(-3, 3) | st.floats(width=64)
           | st.sampled_from(["sigmoid", "tanh", "mlpviz-network", "mlpviz-minmax", "x"]))
_json = st.recursive(_leaves, lambda kids: st.lists(kids, max_size=4)
                     | st.dictionaries(st.sampled_from(_KEYS), kids, max_size=4), max_leaves=25)
_files = st.one_of(
    _json,
    st.fixed_dictionaries({k: _json for k in mio.GO_WEIGHTS_KEYS}),
    st.fixed_dictionaries({k: _json for k in mio.GO_MINMAX_KEYS}),
    st.fixed_dictionaries({"format": st.just("mlpviz-network"), "version": st.just(1),
                           "layer_sizes": st.lists(st.integers(0, 3), max_size=4),
                           "activations": _json, "weights": _json, "biases": _json}),
    st.fixed_dictionaries({"format": st.just("mlpviz-minmax"), "version": st.just(1),
                           "feature_range": _json, "input": _json, "output": _json}),
)


@settings(max_examples=200, deadline=None)
@given(value=_files)
def test_readers_raise_only_value_errors(tmp_path_factory, value):
    path = tmp_path_factory.mktemp("fuzz") / "f.json"
    path.write_text(json.dumps(value))
    for reader in (load_network, load_go_weights, load_scaler, load_go_minmax):
        try:
            reader(path)
        except ValueError as exc:
            assert str(exc).startswith(f"{path}: ")


# ----------------------------------------------------------------- issue 10: both files or neither, at every step
def _new_pair():
    """A model different from the old one, in a range the old one does not use."""
    return MLP([2, 3, 1], seed=2), *_fitted_scalers((-1, 1))


def _replace_failing(monkeypatch, failing: set[int], errno_: int = 16, text: str = "Device or resource busy"):
    """Make the calls numbered ``failing`` (1-based) of os.replace fail; returns the list of calls."""
    real_replace, calls = os.replace, []

    def replace(src, dst, *args, **kwargs):
        calls.append((Path(src), Path(dst)))
        if len(calls) in failing:
            raise OSError(errno_, text)
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(mio.os, "replace", replace)
    return calls


@pytest.mark.parametrize("fmt", ["mlpviz", "go"])
@pytest.mark.parametrize("through", ["save_model", "Model.save"])
def test_second_rename_fails_both_old_files_come_back(tmp_path, monkeypatch, fmt, through):
    # a single-file volume or a busy file: the weights are renamed into place, the min-max file is not
    w, m = tmp_path / "w.json", tmp_path / "m.json"
    mlpviz.save_model(MLP([2, 3, 1], seed=1), *_fitted_scalers(), w, m, format=fmt)
    before = w.read_bytes(), m.read_bytes()
    calls = _replace_failing(monkeypatch, {2})
    net, sx, sz = _new_pair()
    with pytest.raises(ValueError, match=r"m\.json: cannot write the file \(Device or resource busy\)$"):
        if through == "save_model":
            mlpviz.save_model(net, sx, sz, w, m, format=fmt)
        else:
            mlpviz.Model(net, sx, sz).save(w, m, format=fmt)
    monkeypatch.undo()
    assert [dst for _, dst in calls[:2]] == [w, m]      # the weights had been replaced: rolled back
    assert (w.read_bytes(), m.read_bytes()) == before
    assert sorted(os.listdir(tmp_path)) == ["m.json", "w.json"]  # no temporary file, no backup


def test_second_rename_fails_with_no_old_files_leaves_neither(tmp_path, monkeypatch):
    w, m = tmp_path / "w.json", tmp_path / "m.json"
    _replace_failing(monkeypatch, {2})
    with pytest.raises(ValueError, match=r"m\.json: cannot write the file"):
        mlpviz.save_model(*_new_pair(), w, m)
    assert os.listdir(tmp_path) == []


def test_a_rollback_that_fails_says_where_the_old_file_is(tmp_path, monkeypatch):
    # every rename after the first fails, the one putting the old weights back too
    w, m = tmp_path / "w.json", tmp_path / "m.json"
    w.write_text("old weights")
    m.write_text("old min-max")
    _replace_failing(monkeypatch, set(range(2, 10)))
    with pytest.raises(ValueError) as info:
        mlpviz.save_model(*_new_pair(), w, m)
    monkeypatch.undo()
    msg = str(info.value)
    backups = [p for p in tmp_path.iterdir() if p.name.endswith(".bak")]
    assert len(backups) == 1 and backups[0].read_text() == "old weights"
    assert msg.startswith(f"{m}: cannot write the file (Device or resource busy); and {w} could not be put back")
    assert msg.endswith(f"its old content is in {backups[0]}")
    assert m.read_text() == "old min-max"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_backup_is_a_copy_where_there_are_no_hard_links(tmp_path, monkeypatch):
    w, m = tmp_path / "w.json", tmp_path / "m.json"
    w.write_text("old weights")
    m.write_text("old min-max")

    def no_links(*args, **kwargs):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(mio.os, "link", no_links)
    _replace_failing(monkeypatch, {2})
    with pytest.raises(ValueError, match=r"m\.json: cannot write the file"):
        mlpviz.save_model(*_new_pair(), w, m)
    assert (w.read_text(), m.read_text()) == ("old weights", "old min-max")
    assert sorted(os.listdir(tmp_path)) == ["m.json", "w.json"]
    monkeypatch.undo()
    monkeypatch.setattr(mio.os, "link", no_links)
    mlpviz.save_model(*_new_pair(), w, m)             # and without failures, the copy is removed
    assert load_network(w).layer_sizes == [2, 3, 1] and sorted(os.listdir(tmp_path)) == ["m.json", "w.json"]


def test_a_symlinked_target_comes_back_as_the_symlink(tmp_path, monkeypatch):
    real = tmp_path / "real.json"
    real.write_text("old weights")
    w, m = tmp_path / "w.json", tmp_path / "m.json"
    w.symlink_to(real.name)
    _replace_failing(monkeypatch, {2})
    with pytest.raises(ValueError):
        mlpviz.save_model(*_new_pair(), w, m)
    assert w.is_symlink() and os.readlink(w) == real.name and real.read_text() == "old weights"
    assert sorted(os.listdir(tmp_path)) == ["real.json", "w.json"]


def test_the_trainer_widget_saves_both_or_neither(tmp_path, monkeypatch):
    from mlpviz.widgets.trainer import TrainerWidget

    widget = TrainerWidget()
    widget.save_path.value = str(tmp_path / "w.json")
    widget.save_button.click()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert sorted(before) == ["w-minmax.json", "w.json"]
    widget.step_epoch_button.click()
    widget.overwrite.value = True
    _replace_failing(monkeypatch, {2})
    widget.save_button.click()
    monkeypatch.undo()
    assert "⚠" in widget.message.value and "w-minmax.json: cannot write the file" in widget.message.value
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


# A child process saves a pair and is sent a signal in the middle: at the n-th call of fsync
# (writing the temporary files) or of os.replace (between the two renames).
_CHILD = r"""
import os, signal, sys
import numpy as np
import mlpviz.io as mio
from mlpviz import MLP, MinMaxScaler, save_model

folder, sig, where, n = sys.argv[1], getattr(signal, sys.argv[2]), sys.argv[3], int(sys.argv[4])
w, m = os.path.join(folder, "w.json"), os.path.join(folder, "m.json")
sx, sz = MinMaxScaler().fit([[0.0, 1.0], [2.0, 3.0]]), MinMaxScaler().fit([[0.0], [1.0]])
save_model(MLP([2, 3, 1], seed=1), sx, sz, w, m)
real, calls = getattr(os, where), []

def patched(*args):
    calls.append(args)
    if len(calls) == n:
        os.kill(os.getpid(), sig)
    return real(*args)

setattr(os, where, patched)
try:
    save_model(MLP([2, 3, 1], seed=2), MinMaxScaler((-1, 1)).fit([[0.0, 1.0], [2.0, 3.0]]),
               MinMaxScaler((-1, 1)).fit([[0.0], [1.0]]), w, m)
    print("saved", flush=True)
    import time; time.sleep(5)
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(130)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX signals")
@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP", "SIGINT"])
@pytest.mark.parametrize("where, n", [("fsync", 1), ("fsync", 2), ("replace", 2)])
def test_a_signal_during_a_save_leaves_a_whole_pair_and_no_temporary_file(tmp_path, sig, where, n):
    import signal
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=str(root))
    child = subprocess.run([sys.executable, "-c", _CHILD, str(tmp_path), sig, where, str(n)],
                           capture_output=True, text=True, timeout=60, env=env)
    # the signal waits for the pair to be written, then acts: SIGTERM and SIGHUP end the process,
    # SIGINT raises KeyboardInterrupt
    if sig == "SIGINT":
        assert child.returncode == 130 and child.stdout == "interrupted\n", child.stderr
    else:
        assert child.returncode == -getattr(signal, sig), (child.returncode, child.stderr)
    assert sorted(os.listdir(tmp_path)) == ["m.json", "w.json"]
    sx, _ = load_scaler(tmp_path / "m.json")
    assert sx.feature_range == (-1.0, 1.0)                       # the new min-max file
    assert_same_network(load_network(tmp_path / "w.json"), MLP([2, 3, 1], seed=2))  # beside the new weights


_LOOP = r"""
import os, sys
from mlpviz import MLP, MinMaxScaler, save_model
folder = sys.argv[1]
print("ready", flush=True)
for i in range(1, 10**6):
    sx = MinMaxScaler().fit([[0.0, 0.0], [i, i]])
    save_model(MLP([2, 30, 30, 1], seed=i), sx, MinMaxScaler().fit([[0.0], [i]]),
               os.path.join(folder, "w.json"), os.path.join(folder, "m.json"))
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX signals")
@pytest.mark.parametrize("sig, delay", [("SIGTERM", 0.3), ("SIGHUP", 0.45), ("SIGTERM", 0.6)])
def test_killed_while_saving_again_and_again(tmp_path, sig, delay):
    """A process saving pair after pair is killed at some moment: the pair on disk is one save's."""
    import signal
    import subprocess
    import sys
    import time

    root = Path(__file__).resolve().parents[1]
    child = subprocess.Popen([sys.executable, "-c", _LOOP, str(tmp_path)], stdout=subprocess.PIPE, text=True,
                             env=dict(os.environ, PYTHONPATH=str(root)))
    assert child.stdout.readline() == "ready\n"
    time.sleep(delay)
    child.send_signal(getattr(signal, sig))
    assert child.wait(timeout=60) == -getattr(signal, sig)
    child.stdout.close()
    assert sorted(os.listdir(tmp_path)) == ["m.json", "w.json"]
    i = int(load_scaler(tmp_path / "m.json")[0].data_max_[0])
    assert_same_network(load_network(tmp_path / "w.json"), MLP([2, 30, 30, 1], seed=i))


# ----------------------------------------------------------------- issue 10: bad arguments and files
def test_save_model_refuses_scalers_that_do_not_fit_the_network(tmp_path):
    net, (sx, sz) = MLP([2, 3, 1], seed=0), _fitted_scalers()
    three = MinMaxScaler().fit(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"^input_scaler: scales 3 input columns but the network takes 2 inputs"):
        mlpviz.save_model(net, three, sz, tmp_path / "w.json", tmp_path / "m.json")
    with pytest.raises(ValueError, match=r"^output_scaler: scales 3 output columns but the network has 1 outputs"):
        mlpviz.save_model(net, sx, three, tmp_path / "w.json", tmp_path / "m.json", format="go")
    assert os.listdir(tmp_path) == []


def test_save_model_refuses_two_names_of_one_file(tmp_path):
    net, (sx, sz) = MLP([2, 3, 1], seed=0), _fitted_scalers()
    (tmp_path / "w.json").write_text("old")
    os.link(tmp_path / "w.json", tmp_path / "hard.json")
    (tmp_path / "soft.json").symlink_to("w.json")
    for other in ("hard.json", "soft.json"):
        with pytest.raises(ValueError, match=r"need two different files"):
            mlpviz.save_model(net, sx, sz, tmp_path / "w.json", tmp_path / other)
    assert (tmp_path / "w.json").read_text() == "old"


def test_a_file_in_place_of_the_folder(tmp_path):
    (tmp_path / "afile").write_text("x")
    for target in (tmp_path / "afile" / "w.json", tmp_path / "afile" / "sub" / "w.json"):
        with pytest.raises(ValueError, match=rf"^{re.escape(str(target))}: cannot write the file: "
                                             rf"{re.escape(str(tmp_path / 'afile'))} is a file, not a folder$"):
            atomic_write_text(target, "x")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
def test_readers_refuse_devices_and_pipes_at_once(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)                       # opening it to read would wait for a writer forever
    for path in ("/dev/zero", fifo):
        for reader in (load_network, load_scaler):
            with pytest.raises(ValueError, match=rf"^{re.escape(str(path))}: is not a regular file"):
                reader(path)


@pytest.mark.parametrize("text, message", [
    (json.dumps({"minInput": [-1e308], "maxInput": [1e308], "minOutput": [0], "maxOutput": [1]}),
     r"maxInput\[0\]: the spread maxInput\[0\] − minInput\[0\] = 1e\+308 − \(-1e\+308\) is too large"),
    (json.dumps({"minInput": [0], "maxInput": [1], "minOutput": [-1.5e308], "maxOutput": [1e308]}),
     r"maxOutput\[0\]: the spread .* is too large to compute in floating point"),
    (json.dumps({"format": "mlpviz-minmax", "version": 1, "feature_range": [0, 1],
                 "input": {"min": [0, -1e308], "max": [1, 1e308]}, "output": {"min": [0], "max": [1]}}),
     r"input\.max\[1\]: the spread input\.max\[1\] − input\.min\[1\]"),
    (json.dumps({"format": "mlpviz-minmax", "version": 1, "feature_range": [-1e308, 1e308],
                 "input": {"min": [0], "max": [1]}, "output": {"min": [0], "max": [1]}}),
     r"feature_range: the spread 1e\+308 − \(-1e\+308\) is too large"),
])
def test_min_max_files_whose_spread_overflows(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ValueError) as info:
        load_scaler(path)
    assert str(info.value).startswith(f"{path}: ") and re.search(message, str(info.value)), str(info.value)


def test_keys_found_are_capped(tmp_path):
    path = write(tmp_path, json.dumps({f"key{i}" + "x" * 200: i for i in range(100_000)}))
    with pytest.raises(ValueError) as info:
        load_network(path)
    msg = str(info.value)
    assert len(msg) < 1200 and "(100000 keys)" in msg, len(msg)


def test_open_text_and_read_text(tmp_path):
    p = tmp_path / "t.txt"
    p.write_bytes(b"\xef\xbb\xbfa\r\nb\n")
    assert mio.read_text(p, "text") == "a\nb\n"
    with mio.open_text(p, "text", newline="") as f:
        assert f.read() == "a\r\nb\n"
    # the offset of a bad byte is found past the first piece read
    p.write_bytes(b"x" * 70_000 + "é".encode() + b"\xff")
    with pytest.raises(ValueError, match=r"not UTF-8 text \(bad byte at offset 70002\)"):
        mio.read_text(p, "text")
    p.write_bytes(b"x" * 65_535 + "é".encode() + b"\xc3")   # a character cut by the end of the file
    with pytest.raises(ValueError, match=r"bad byte at offset 65537\)"):
        mio.read_text(p, "text")


@pytest.mark.parametrize("call", [lambda p: load_network(p), lambda p: load_scaler(p),
                                  lambda p: atomic_write_text(p, "x"), lambda p: mlpviz.load_csv(p)])
def test_a_nul_in_a_file_name_is_named(call):
    with pytest.raises(ValueError, match=r"^path: a file name cannot hold a NUL character, got 'a\\x00b'$"):
        call("a\x00b")
