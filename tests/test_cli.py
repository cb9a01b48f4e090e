"""python -m mlpviz train|test|predict, run in-process through main([...])."""
from __future__ import annotations

import re

import argparse
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import mlpviz.io
from mlpviz import MLP, load_csv, load_network, load_scaler
from mlpviz.cli import _Progress, build_parser, main
from mlpviz.examples import SEED_COLUMNS, SEED_DATASET, seed_weights_path
from mlpviz.network import History

GO_DIR = Path(__file__).parent / "data" / "go-mlp-classification"
GO_WEIGHTS = GO_DIR / "trained-weights-biases.json"
GO_MINMAX = GO_DIR / "minmax.json"
GO_CSV = GO_DIR / "training-dataset.csv"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def seed_csv(tmp_path) -> Path:
    lines = [",".join(SEED_COLUMNS)] + [",".join(f"{v:g}" for v in row) for row in SEED_DATASET]
    path = tmp_path / "seed.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def seed_inputs_csv(tmp_path) -> Path:
    lines = [",".join(SEED_COLUMNS[:2])] + [",".join(f"{v:g}" for v in row[:2]) for row in SEED_DATASET]
    path = tmp_path / "seed-inputs.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


# ----------------------------------------------------------------- independent helpers
def hand_predict(weights_json: dict, minmax_json: dict, X: np.ndarray, f=None) -> np.ndarray:
    """Scale, forward pass with loops, and unscale, straight from the raw JSON dicts.

    Reads both the mlpviz and the Go layouts; ``f`` defaults to the sigmoid.
    """
    f = f or (lambda s: 1.0 / (1.0 + math.exp(-s)))
    if "format" in weights_json:
        layers = list(zip(weights_json["weights"], weights_json["biases"]))
        lo, hi = minmax_json["feature_range"]
        mn_in, mx_in = minmax_json["input"]["min"], minmax_json["input"]["max"]
        mn_out, mx_out = minmax_json["output"]["min"], minmax_json["output"]["max"]
    else:
        layers = list(zip(weights_json["hiddenWeights"], weights_json["hiddenBias"]))
        layers.append((weights_json["outputWeights"], weights_json["outputBias"]))
        lo, hi = 0.0, 1.0
        mn_in, mx_in = minmax_json["minInput"], minmax_json["maxInput"]
        mn_out, mx_out = minmax_json["minOutput"], minmax_json["maxOutput"]
    out = []
    for x in X:
        a = [lo + (v - m) / (M - m) * (hi - lo) for v, m, M in zip(x, mn_in, mx_in)]
        for W, b in layers:
            a = [f(sum(w * ai for w, ai in zip(row, a)) + bj) for row, bj in zip(W, b)]
        out.append([m + (y - lo) / (hi - lo) * (M - m) for y, m, M in zip(a, mn_out, mx_out)])
    return np.array(out)


def parse_test_table(out: str) -> tuple[np.ndarray, float, float]:
    """Rows of numbers, the loss and the mean absolute error from `test`'s output."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if set(line.replace(" ", "")) == {"-"}) + 1
    rows = []
    for line in lines[start:]:
        if line.startswith("loss"):
            break
        rows.append([float(v) for v in line.split()])
    loss = float(next(line for line in lines if line.startswith("loss")).rsplit(":", 1)[1])
    mae = float(next(line for line in lines if line.startswith("mean absolute error")).rsplit(":", 1)[1])
    return np.array(rows), loss, mae


def original_units_loss(out: str) -> float:
    """The loss in original units from `test`'s output."""
    line = next(line for line in out.splitlines() if line.startswith("loss") and "original units" in line)
    return float(line.rsplit(":", 1)[1])


def one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err
    assert lines and lines[-1].startswith("mlpviz: error: "), err
    return lines[-1]


# ----------------------------------------------------------------- train → test → predict
def test_train_test_predict_round_trip_on_the_seed_dataset(tmp_path, capsys, seed_csv, seed_inputs_csv):
    w, m = tmp_path / "w.json", tmp_path / "m.json"
    assert main(["train", "--data", str(seed_csv), "--epochs", "300", "--lr", "0.5",
                 "--out-weights", str(w), "--out-minmax", str(m)]) == 0
    out, err = capsys.readouterr()
    final = float(next(line for line in out.splitlines() if line.startswith("final loss")).rsplit(":", 1)[1])
    assert f"wrote weights to {w}" in out and f"wrote min-max values to {m}" in out
    # progress on a non-terminal stderr: a line every 10% of the epochs (1, 30, 60, ..., 300)
    progress = [line for line in err.splitlines() if line.startswith("epoch ")]
    assert [line.split()[1] for line in progress] == [f"{e}/300" for e in [1] + list(range(30, 301, 30))]

    # the min-max file holds each column's min and max of the data, range [0, 1]
    raw_m = json.loads(m.read_text())
    assert raw_m["feature_range"] == [0.0, 1.0]
    assert raw_m["input"] == {"min": SEED_DATASET[:, :2].min(0).tolist(), "max": SEED_DATASET[:, :2].max(0).tolist()}
    assert raw_m["output"] == {"min": SEED_DATASET[:, 2:].min(0).tolist(), "max": SEED_DATASET[:, 2:].max(0).tolist()}

    # the weights: the defaults (2-3-1 sigmoid, seed 0) trained on scaled inputs AND targets
    net = load_network(w)
    assert net.layer_sizes == [2, 3, 1] and net.activation_names == ["sigmoid", "sigmoid"]
    X, Z = SEED_DATASET[:, :2], SEED_DATASET[:, 2:]
    Xs = (X - X.min(0)) / (X.max(0) - X.min(0))
    Zs = (Z - Z.min(0)) / (Z.max(0) - Z.min(0))
    untrained = MLP([2, 3, 1], seed=0)
    expected = untrained.copy()
    expected.fit(Xs, Zs, epochs=300, lr=0.5)
    for W1, W2 in zip(net.weights, expected.weights):
        np.testing.assert_array_equal(W1, W2)
    assert final == pytest.approx(net.loss(Xs, Zs), rel=1e-5)
    assert final < untrained.loss(Xs, Zs) / 2  # training helped

    # test: every row's prediction equals a hand computation from the raw files
    assert main(["test", "--data", str(seed_csv), "--weights", str(w), "--minmax", str(m)]) == 0
    out, _ = capsys.readouterr()
    rows, loss, mae = parse_test_table(out)
    hand = hand_predict(json.loads(w.read_text()), raw_m, X)
    assert rows.shape == (4, 5)
    np.testing.assert_allclose(rows[:, :3], SEED_DATASET)
    np.testing.assert_allclose(rows[:, 3:4], hand, rtol=1e-5)          # printed to 6 digits
    np.testing.assert_allclose(rows[:, 4:5], hand - Z, rtol=1e-5, atol=1e-4)
    assert mae == pytest.approx(np.mean(np.abs(hand - Z)), rel=1e-5)
    hand_scaled = (hand - Z.min()) / (Z.max() - Z.min())
    assert loss == pytest.approx(np.mean(0.5 * np.sum((hand_scaled - Zs) ** 2, axis=1)), rel=1e-5)
    assert loss == pytest.approx(final, rel=1e-5)  # same data, same net
    assert original_units_loss(out) == pytest.approx(np.mean(0.5 * np.sum((hand - Z) ** 2, axis=1)), rel=1e-5)

    # predict: inputs only → CSV with the predicted target, readable by load_csv
    pred = tmp_path / "pred.csv"
    assert main(["predict", "--data", str(seed_inputs_csv), "--weights", str(w), "--minmax", str(m),
                 "--out", str(pred)]) == 0
    out, _ = capsys.readouterr()
    assert f"wrote 4 predictions to {pred}" in out
    ds = load_csv(pred)
    assert ds.input_names == ["i0", "i1"] and ds.target_names == ["z0"]
    np.testing.assert_array_equal(ds.X, X)
    np.testing.assert_allclose(ds.Z, hand, rtol=1e-12)
    # without --out the same CSV goes to stdout
    assert main(["predict", "--data", str(seed_inputs_csv), "--weights", str(w), "--minmax", str(m)]) == 0
    assert capsys.readouterr().out == pred.read_text()


def test_test_and_predict_with_the_real_go_files(tmp_path, capsys):
    args = ["--weights", str(GO_WEIGHTS), "--minmax", str(GO_MINMAX)]
    assert main(["test", "--data", str(GO_CSV)] + args) == 0
    out = capsys.readouterr().out
    rows, loss, mae = parse_test_table(out)
    table = np.loadtxt(GO_CSV, delimiter=",", skiprows=1)
    hand = hand_predict(json.loads(GO_WEIGHTS.read_text()), json.loads(GO_MINMAX.read_text()), table[:, :2])
    np.testing.assert_allclose(rows[:, 3:4], hand, rtol=1e-5)
    assert original_units_loss(out) == pytest.approx(np.mean(0.5 * (hand - table[:, 2:]) ** 2), rel=1e-5)
    assert mae == pytest.approx(np.mean(np.abs(hand - table[:, 2:])), rel=1e-5)
    assert mae < 3.0  # measured 2.70 in original units (targets span 52..87)

    # predict on the same file: the target column is ignored, the prediction takes its name
    pred = tmp_path / "p.csv"
    assert main(["predict", "--data", str(GO_CSV), "--out", str(pred)] + args) == 0
    capsys.readouterr()
    ds = load_csv(pred)
    np.testing.assert_array_equal(ds.X, table[:, :2])
    np.testing.assert_allclose(ds.Z, hand, rtol=1e-12)


def test_train_in_go_format_then_test(tmp_path, capsys):
    w, m = tmp_path / "w.json", tmp_path / "m.json"
    assert main(["train", "--data", str(GO_CSV), "--hidden", "4,3", "--epochs", "50",
                 "--format", "go", "--out-weights", str(w), "--out-minmax", str(m)]) == 0
    capsys.readouterr()
    raw_w, raw_m = json.loads(w.read_text()), json.loads(m.read_text())
    assert list(raw_w) == ["hiddenWeights", "hiddenBias", "outputWeights", "outputBias"]
    assert [len(layer) for layer in raw_w["hiddenWeights"]] == [4, 3]
    assert list(raw_m) == ["minInput", "maxInput", "minOutput", "maxOutput"]
    assert m.read_text() == GO_MINMAX.read_text()  # same data → the Go package's own min-max file
    assert main(["test", "--data", str(GO_CSV), "--weights", str(w), "--minmax", str(m)]) == 0
    rows, _, mae = parse_test_table(capsys.readouterr().out)
    table = np.loadtxt(GO_CSV, delimiter=",", skiprows=1)
    hand = hand_predict(raw_w, raw_m, table[:, :2])
    np.testing.assert_allclose(rows[:, 3:4], hand, rtol=1e-5)


def test_go_format_needs_range_and_activation_to_be_repeated(tmp_path, capsys, seed_csv):
    w, m = tmp_path / "w.json", tmp_path / "m.json"
    assert main(["train", "--data", str(seed_csv), "--epochs", "20", "--activation", "tanh",
                 "--range", "-1,1", "--format", "go", "--out-weights", str(w), "--out-minmax", str(m)]) == 0
    err = capsys.readouterr().err
    assert "load it with --activation tanh\n" in err and "load it with --range -1,1" in err
    base = ["test", "--data", str(seed_csv), "--weights", str(w), "--minmax", str(m)]
    assert main(base + ["--activation", "tanh", "--range", "-1,1"]) == 0
    _, loss_right, _ = parse_test_table(capsys.readouterr().out)
    net = load_network(w, activation="tanh")
    sx, sz = load_scaler(m, feature_range=(-1, 1))
    X, Z = SEED_DATASET[:, :2], SEED_DATASET[:, 2:]
    assert loss_right == pytest.approx(net.loss(sx.transform(X), sz.transform(Z)), rel=1e-5)
    assert main(base) == 0  # defaults (sigmoid, [0, 1]) run, but give another loss
    _, loss_wrong, _ = parse_test_table(capsys.readouterr().out)
    assert loss_wrong != pytest.approx(loss_right, rel=1e-3)


def test_init_weights_and_given_minmax(tmp_path, capsys, seed_csv):
    """Start from the seed's weight file and the min-max values of a file, one epoch."""
    mm = tmp_path / "given-minmax.json"
    mm.write_text(json.dumps({"minInput": [0, 0], "maxInput": [100, 100], "minOutput": [0], "maxOutput": [100]}))
    w, m = tmp_path / "w.json", tmp_path / "m.json"
    assert main(["train", "--data", str(seed_csv), "--init-weights", str(seed_weights_path()),
                 "--minmax", str(mm), "--epochs", "1", "--out-weights", str(w), "--out-minmax", str(m)]) == 0
    capsys.readouterr()
    # by hand: one pass of per-sample updates from the seed weights, data / 100
    net = MLP.from_weights([[[-0.5, -1.0], [-0.5, 0.5], [1.0, 0.0]], [[0.5, -1.0, 0.0]]],
                           [[0.5, 0.5, 0.5], [0.5]])
    for row in SEED_DATASET / 100:
        net.step(row[:2], row[2:], lr=0.1)
    got = load_network(w)
    for W1, W2 in zip(got.weights, net.weights):
        np.testing.assert_allclose(W1, W2, rtol=1e-12)
    sx, sz = load_scaler(m)
    assert sx.data_max_.tolist() == [100.0, 100.0] and sz.data_min_.tolist() == [0.0]


def test_one_activation_name_with_a_go_init_file(tmp_path, capsys, seed_csv):
    """--activation tanh applies to every layer of a Go weights file (which does not record it)."""
    w, m = tmp_path / "w.json", tmp_path / "m.json"
    assert main(["train", "--data", str(seed_csv), "--init-weights", str(seed_weights_path()),
                 "--activation", "tanh", "--range", "-1,1", "--epochs", "1",
                 "--out-weights", str(w), "--out-minmax", str(m)]) == 0
    capsys.readouterr()
    net = MLP.from_weights([[[-0.5, -1.0], [-0.5, 0.5], [1.0, 0.0]], [[0.5, -1.0, 0.0]]],
                           [[0.5, 0.5, 0.5], [0.5]], activation="tanh")
    X, Z = SEED_DATASET[:, :2], SEED_DATASET[:, 2:]
    for x, z in zip((X - X.min(0)) / (X.max(0) - X.min(0)) * 2 - 1, (Z - Z.min(0)) / (Z.max(0) - Z.min(0)) * 2 - 1):
        net.step(x, z, lr=0.1)
    got = load_network(w)
    assert got.activation_names == ["tanh", "tanh"]
    for W1, W2 in zip(got.weights, net.weights):
        np.testing.assert_allclose(W1, W2, rtol=1e-12)


def test_loss_flag_trains_with_that_loss_and_records_it(tmp_path, capsys, seed_csv):
    """--loss binary_cross_entropy: the same steps as the engine's with that loss, and the file keeps the loss."""
    w, m = tmp_path / "w.json", tmp_path / "m.json"
    assert main(["train", "--data", str(seed_csv), "--loss", "binary_cross_entropy", "--epochs", "2",
                 "--out-weights", str(w), "--out-minmax", str(m)]) == 0
    out = capsys.readouterr().out
    X, Z = SEED_DATASET[:, :2], SEED_DATASET[:, 2:]
    Xs, Zs = (X - X.min(0)) / (X.max(0) - X.min(0)), (Z - Z.min(0)) / (Z.max(0) - Z.min(0))
    net = MLP([2, 3, 1], seed=0, loss="binary_cross_entropy")
    net.fit(Xs, Zs, epochs=2, lr=0.1)
    got = load_network(w)
    assert got.loss_function.name == "binary_cross_entropy"
    for W1, W2 in zip(got.weights, net.weights):
        np.testing.assert_allclose(W1, W2, rtol=1e-12)
    assert f"final loss binary_cross_entropy (scaled units, mean over 4 rows): {net.loss(Xs, Zs):.6g}" in out
    assert main(["test", "--weights", str(w), "--minmax", str(m), "--data", str(seed_csv)]) == 0
    assert "loss binary_cross_entropy (scaled units, mean over 4 rows)" in capsys.readouterr().out


@pytest.mark.parametrize("flags, message", [
    (["--loss", "cross_entropy"], r"--loss cross_entropy: a softmax output needs two or more outputs"),
    (["--activation", "softmax"], r"--activation\[0\]: the softmax can only be the output layer's"),
    (["--activation", "sigmoid,softmax"], r"--activation: a softmax output needs two or more outputs"),
    (["--loss", "binary_cross_entropy", "--activation", "relu"],
     r"--activation: loss='binary_cross_entropy' needs a sigmoid output layer, got relu"),
    (["--loss", "binary_cross_entropy", "--range", "-1,1"],
     r"--range: the targets are scaled to \[-1, 1\], but --loss binary_cross_entropy compares probabilities"),
])
def test_loss_and_activation_that_do_not_fit_name_the_flag(tmp_path, capsys, seed_csv, flags, message):
    w, m = tmp_path / "w.json", tmp_path / "m.json"
    assert main(["train", "--data", str(seed_csv), *flags, "--out-weights", str(w), "--out-minmax", str(m)]) == 2
    err = capsys.readouterr().err
    assert re.search(rf"^mlpviz: error: {message}", err) and len(err.strip().splitlines()) == 1
    assert not w.exists() and not m.exists()


# ----------------------------------------------------------------- divergence
def test_divergence_writes_nothing(tmp_path, capsys, seed_csv):
    w, m = tmp_path / "w.json", tmp_path / "m.json"
    w.write_text("old weights")
    assert main(["train", "--data", str(seed_csv), "--activation", "linear", "--lr", "1000",
                 "--out-weights", str(w), "--out-minmax", str(m)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "training diverged" in line and "lr=1000" in line and "Nothing was written" in line
    assert w.read_text() == "old weights"
    assert not m.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seed.csv", "w.json"]


def test_a_failed_second_file_leaves_both_old_files(tmp_path, capsys, seed_csv, monkeypatch):
    # the disk fills up while the min-max file is written: the new weights must not land either
    w, m = tmp_path / "w.json", tmp_path / "m.json"
    w.write_text("old weights")
    m.write_text("old min-max")
    real_fsync, calls = os.fsync, []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(mlpviz.io.os, "fsync", fsync)
    assert main(["train", "--data", str(seed_csv), "--epochs", "2",
                 "--out-weights", str(w), "--out-minmax", str(m)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "m.json: cannot write the file (No space left on device)" in line
    assert w.read_text() == "old weights" and m.read_text() == "old min-max"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json", "seed.csv", "w.json"]


# ----------------------------------------------------------------- bad input
def _bad_cases(tmp: Path, seed_csv: Path, seed_inputs_csv: Path):
    out = ["--out-weights", str(tmp / "w.json"), "--out-minmax", str(tmp / "m.json")]
    go = ["--weights", str(GO_WEIGHTS), "--minmax", str(GO_MINMAX)]
    three = tmp / "three.csv"
    three.write_text("a,b,c,z0\n1,2,3,4\n")
    mm3 = tmp / "mm3.json"
    mm3.write_text(json.dumps({"minInput": [0, 0, 0], "maxInput": [1, 1, 1], "minOutput": [0], "maxOutput": [1]}))
    return [
        ([], "choose a command: train, test or predict"),
        (["fly"], "invalid choice: 'fly'"),
        (["train"], "the following arguments are required: --data, --out-weights, --out-minmax"),
        (["train", "--data", str(tmp / "none.csv")] + out, "none.csv: no such file"),
        (["train", "--data", str(seed_csv), "--lr", "-1"] + out, "argument --lr: must be a positive finite number, got -1"),
        (["train", "--data", str(seed_csv), "--lr", "abc"] + out, "argument --lr: expected a positive finite number, got 'abc'"),
        (["train", "--data", str(seed_csv), "--epochs", "0"] + out, "argument --epochs: must be a positive whole"),
        (["train", "--data", str(seed_csv), "--epochs", "2.5"] + out,
         "argument --epochs: expected a positive whole number, got '2.5'"),
        (["train", "--data", str(seed_csv), "--lr", "nan"] + out, "argument --lr: must be a positive finite number, got nan"),
        (["train", "--data", str(seed_csv), "--seed", "-1"] + out, "argument --seed: must be a whole number ≥ 0"),
        (["train", "--data", str(seed_csv), "--hidden", "3", "--layers", "2,3,1"] + out, "not allowed with argument"),
        (["train", "--data", str(seed_csv), "--layers", "3,2,1"] + out,
         "has 2 input columns (i0, i1) but the network takes 3 inputs"),
        (["train", "--data", str(seed_csv), "--layers", "2,3,2"] + out,
         "has 1 target column (z0) but the network has 2 outputs"),
        (["train", "--data", str(seed_csv), "--layers", "2,1", "--format", "go"] + out, "--format go needs a hidden layer"),
        (["train", "--data", str(seed_csv), "--activation", "swish"] + out, "unknown activation 'swish'"),
        (["train", "--data", str(seed_csv), "--range", "1,0"] + out, "argument --range: expected a (low, high) pair of finite numbers with low < high, got (1.0, 0.0)"),
        (["train", "--data", str(seed_csv), "--range", "0"] + out, "argument --range: expected a (low, high) pair of finite numbers with low < high, got (0.0,)"),
        (["train", "--data", str(seed_csv), "--out-weights", str(tmp / "no" / "w.json"),
          "--out-minmax", str(tmp / "m.json")], "the folder"),
        (["train", "--data", str(seed_csv), "--out-weights", str(tmp / "x.json"), "--out-minmax", str(tmp / "x.json")],
         "name the same file"),
        (["train", "--data", str(seed_inputs_csv)] + out, "no target columns"),
        (["train", "--data", str(seed_csv), "--init-weights", str(GO_WEIGHTS), "--hidden", "3"] + out,
         "--hidden cannot be used with --init-weights"),
        (["train", "--data", str(seed_csv), "--init-weights", str(GO_WEIGHTS), "--layers", "2,3,1"] + out,
         "differs from the layer sizes 2,15,15,1"),
        (["train", "--data", str(seed_csv), "--minmax", str(mm3)] + out, "mm3.json has 3 input columns"),
        (["test", "--data", str(seed_inputs_csv)] + go, "use predict for a file of inputs only"),
        (["test", "--data", str(three)] + go, "has 3 input columns (a, b, c) but the network takes 2 inputs"),
        (["test", "--data", str(seed_csv), "--weights", str(GO_MINMAX), "--minmax", str(GO_WEIGHTS)],
         "did you swap the weights and min-max files?"),
        (["test", "--data", str(seed_csv), "--weights", str(GO_WEIGHTS), "--minmax", str(mm3)],
         "min-max file " + str(mm3) + " has 3 input columns but the network takes 2 inputs"),
        (["predict", "--data", str(seed_inputs_csv), "--out", str(tmp / "no" / "p.csv")] + go, "the folder"),
        (["predict", "--data", str(three)] + go, "has 3 input columns"),
        (["predict", "--data", str(seed_inputs_csv), "--weights", str(GO_WEIGHTS), "--minmax", str(GO_MINMAX),
          "--activation", "tanh,relu"], "got 2 names for a network with 3 weight layers"),
    ]


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, seed_csv, seed_inputs_csv):
    for argv, fragment in _bad_cases(tmp_path, seed_csv, seed_inputs_csv):
        before = sorted(p.name for p in tmp_path.iterdir())
        assert main(argv) == 2, argv
        out, err = capsys.readouterr()
        line = one_error_line(err)
        assert fragment in line, (argv, line)
        assert len([x for x in err.splitlines() if x.strip()]) == 1, (argv, err)  # nothing else printed
        assert sorted(p.name for p in tmp_path.iterdir()) == before, argv  # nothing written


# ----------------------------------------------------------------- help
def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


@pytest.mark.parametrize("command", ["train", "test", "predict"])
def test_help_explains_every_flag(capsys, command):
    assert main([command, "--help"]) == 0
    text = capsys.readouterr().out
    sub = _subparsers()[command]
    flags = [a for a in sub._actions if a.option_strings]
    assert len(flags) >= 5
    for action in flags:
        assert action.help and len(action.help) > 10, action.option_strings
        for option in action.option_strings:
            assert option in text, option
    assert "start with z" in text  # the CSV layout rule


def test_main_help_lists_the_commands(capsys):
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    for command in ("train", "test", "predict"):
        assert command in text


def test_python_dash_m(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "mlpviz", "predict", "--help"], cwd=ROOT,
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and "--minmax" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "mlpviz", "test", "--data", str(tmp_path / "x.csv"),
                          "--weights", str(GO_WEIGHTS), "--minmax", str(GO_MINMAX)],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == [f"mlpviz: error: {tmp_path / 'x.csv'}: no such file; expected "
                                               f"a CSV file with a header row (e.g. i0,i1,z0) and rows of numbers"]


# ----------------------------------------------------------------- the progress display
class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def _run_progress(stream, epochs):
    progress = _Progress(epochs, stream)
    history = History()
    for epoch in range(1, epochs + 1):
        history.epoch_loss.append(1.0 / epoch)
        progress(epoch, history)
    progress.close()
    return stream.getvalue()


def test_progress_bar_on_a_terminal():
    text = _run_progress(FakeTTY(), 1000)
    frames = text.split("\r")[1:]
    assert text.endswith("\n") and text.count("\n") == 1  # one line, redrawn in place
    assert 30 <= len(frames) <= 200                         # throttled, not 1000 redraws
    assert "[" + "#" * 30 + "]" in frames[-1] and "epoch 1000/1000" in frames[-1]
    assert "loss 0.001" in frames[-1]


def test_progress_lines_when_not_a_terminal():
    lines = _run_progress(io.StringIO(), 1000).splitlines()
    assert [line.split()[1] for line in lines] == [f"{e}/1000" for e in [1] + list(range(100, 1001, 100))]
    assert lines[-1] == "epoch 1000/1000  loss 0.001"
    assert len(_run_progress(io.StringIO(), 5).splitlines()) == 5


# ----------------------------------------------------------------- issue 10: bad input through the real command line
def _snapshot(folder: Path) -> dict:
    """Every entry of ``folder``: a symlink's target, a file's bytes, a folder's snapshot."""
    out = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_symlink():
            out[entry.name] = ("link", os.readlink(entry))
        elif entry.is_dir():
            out[entry.name] = ("dir", _snapshot(entry))
        else:
            out[entry.name] = ("file", entry.read_bytes())
    return out


def run_cli(argv: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), OPENBLAS_NUM_THREADS="1")
    return subprocess.run([sys.executable, "-m", "mlpviz", *argv], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env=env, **kwargs)


def _issue_10_cases(tmp: Path):
    """(argv, what the one error line must hold), all run in ``tmp``; the files they need are made here."""
    seed = "i0,i1,z0\n70,98,91\n50,85,82\n65,67,80\n25,95,68\n"
    (tmp / "seed.csv").write_text(seed)
    (tmp / "in.csv").write_text("i0,i1\n70,98\n50,85\n")
    assert main(["train", "--data", str(tmp / "seed.csv"), "--epochs", "3",
                 "--out-weights", str(tmp / "w.json"), "--out-minmax", str(tmp / "m.json")]) == 0
    (tmp / "link.csv").symlink_to("seed.csv")
    os.link(tmp / "seed.csv", tmp / "hard.csv")
    os.link(tmp / "w.json", tmp / "w-hard.json")
    (tmp / "wide-spread.csv").write_text("i0,i1,z0\n-1e308,1,2\n1e308,3,4\n")
    (tmp / "wide-target.csv").write_text("i0,i1,z0\n0,1,-1e308\n1,3,1.5e308\n")
    (tmp / "wide-mm.json").write_text(json.dumps({"minInput": [-1e308, 0], "maxInput": [1e308, 1],
                                                  "minOutput": [0], "maxOutput": [1]}))
    (tmp / "mm.json").write_text(json.dumps({"minInput": [0, 0], "maxInput": [100, 100],
                                             "minOutput": [0], "maxOutput": [100]}))
    (tmp / "huge-w.json").write_text(json.dumps({"hiddenWeights": [[[1e307, 1e307]]], "hiddenBias": [[0]],
                                                 "outputWeights": [[1e307]], "outputBias": [0]}))
    (tmp / "numbers.csv").write_text("70,98\n50,85\n")
    (tmp / "cols.csv").write_text(",".join(f"i{j}" for j in range(100_000)) + ",z0\n1,2\n")
    (tmp / "quote.csv").write_text('i0,i1,z0\n1,2,3\n"4,5,6\n7,8,9\n')
    (tmp / "nul.csv").write_text("i0,i1,z0\n1,2\x00,3\n")
    (tmp / "semi.csv").write_text("i0;i1;z0\n1;2;3\n")
    (tmp / "comma.csv").write_text("i0;i1;z0\n0,5;1,5;2,5\n")
    (tmp / "afile").write_text("not a folder")
    out = ["--out-weights", "new-w.json", "--out-minmax", "new-m.json"]
    model = ["--weights", "w.json", "--minmax", "m.json"]
    destroy = "writing it would destroy that input; give another file name"
    return [
        # item 4: an output that is an input
        (["predict", "--data", "in.csv", *model, "--out", "w.json"],
         f"--out w.json is the --weights file w.json: {destroy}"),
        (["predict", "--data", "in.csv", *model, "--out", "m.json"], "--out m.json is the --minmax file m.json"),
        (["predict", "--data", "in.csv", *model, "--out", "./in.csv"], "--out ./in.csv is the --data file in.csv"),
        (["predict", "--data", "in.csv", *model, "--out", "w-hard.json"], "--out w-hard.json is the --weights file"),
        (["train", "--data", "seed.csv", "--out-weights", "new-w.json", "--out-minmax", "seed.csv"],
         "--out-minmax seed.csv is the --data file seed.csv"),
        (["train", "--data", "seed.csv", "--out-weights", "seed.csv", "--out-minmax", "new-m.json"],
         "--out-weights seed.csv is the --data file seed.csv"),
        (["train", "--data", "link.csv", "--out-weights", "new-w.json", "--out-minmax", "seed.csv"],
         "--out-minmax seed.csv is the --data file link.csv"),
        (["train", "--data", "seed.csv", "--out-weights", "link.csv", "--out-minmax", "new-m.json"],
         "--out-weights link.csv is the --data file seed.csv"),
        (["train", "--data", "seed.csv", "--out-weights", "hard.csv", "--out-minmax", "new-m.json"],
         "--out-weights hard.csv is the --data file seed.csv"),
        (["train", "--data", "seed.csv", "--init-weights", "w.json", "--out-weights", "w.json",
          "--out-minmax", "new-m.json"], "--out-weights w.json is the --init-weights file w.json"),
        (["train", "--data", "seed.csv", "--minmax", "m.json", "--out-weights", "new-w.json",
          "--out-minmax", "./m.json"], "--out-minmax ./m.json is the --minmax file m.json"),
        (["train", "--data", "seed.csv", "--out-weights", "w.json", "--out-minmax", "w-hard.json"],
         "--out-weights and --out-minmax name the same file"),
        # item 6: overflow from finite numbers
        (["train", "--data", "wide-spread.csv", *out],
         "wide-spread.csv: column 'i0' spans -1e+308 to 1e+308: the spread max − min is too large"),
        (["train", "--data", "wide-target.csv", *out], "wide-target.csv: column 'z0' spans -1e+308 to 1.5e+308"),
        (["train", "--data", "seed.csv", "--range", "-1e308,1e308", *out],
         "argument --range: the spread 1e+308 − (-1e+308) is too large"),
        (["train", "--data", "seed.csv", "--minmax", "wide-mm.json", *out],
         "wide-mm.json: maxInput[0]: the spread maxInput[0] − minInput[0] = 1e+308 − (-1e+308) is too large"),
        (["test", "--data", "seed.csv", "--weights", "w.json", "--minmax", "wide-mm.json"],
         "wide-mm.json: maxInput[0]: the spread"),
        (["predict", "--data", "in.csv", "--weights", "huge-w.json", "--minmax", "mm.json", "--activation", "linear"],
         "weights file huge-w.json (min-max file mm.json) on in.csv: net: the output 0 for row 0 of X_raw is inf"),
        (["test", "--data", "seed.csv", "--weights", "huge-w.json", "--minmax", "mm.json", "--activation", "linear"],
         "weights file huge-w.json (min-max file mm.json) on seed.csv: net: the output 0 for row 0"),
        # item 7: memory
        (["train", "--data", "/dev/zero", *out], "/dev/zero: is not a regular file (a device, a pipe or a socket)"),
        (["test", "--data", "seed.csv", "--weights", "/dev/zero", "--minmax", "m.json"],
         "/dev/zero: is not a regular file"),
        (["train", "--data", "seed.csv", "--hidden", "10000000000", *out],
         "--hidden: a 2-10000000000-1 network has 4e+10 weights and biases, 298 GiB of memory"),
        # item 8: a first row of numbers
        (["predict", "--data", "numbers.csv", *model],
         "numbers.csv: line 1: the first row (70, 98) holds numbers, not column names"),
        # item 9: messages
        (["train", "--data", "cols.csv", *out], "line 2: has 2 cells but the header has 100001 columns (i0, i1, i2"),
        (["train", "--data", "quote.csv", *out], "quote.csv: line 3: unclosed quote"),
        (["train", "--data", "nul.csv", *out], r"line 2, column 'i1': '2\x00' is not a number"),
        (["train", "--data", "seed.csv", "--seed", "-1", *out],
         "argument --seed: must be a whole number ≥ 0, got -1"),
        (["train", "--data", "seed.csv", "--seed", "-1e3", *out], "argument --seed: expected a whole number ≥ 0"),
        (["train", "--data", "seed.csv", "--lr", "-1e-3", *out], "argument --lr: must be a positive finite number"),
        (["train", "--data", "seed.csv", "--epochs", "-inf", *out], "argument --epochs: expected a positive whole"),
        (["train", "--data", "seed.csv", "--out-weights", "afile/w.json", "--out-minmax", "new-m.json"],
         "--out-weights afile/w.json: cannot write the file: afile is a file, not a folder"),
        (["predict", "--data", "in.csv", *model, "--out", "afile/sub/p.csv"],
         "--out afile/sub/p.csv: cannot write the file: afile is a file, not a folder"),
        (["train", "--data", "semi.csv", *out], "the cells seem to be separated by ';'"),
        (["train", "--data", "comma.csv", *out], "has 4 cells but the header has 1 column (i0;i1;z0); the cells seem"),
    ]


def test_issue_10_examples_through_the_command_line(tmp_path, capsys):
    cases = _issue_10_cases(tmp_path)
    capsys.readouterr()
    before = _snapshot(tmp_path)
    for argv, fragment in cases:
        done = run_cli(argv, tmp_path)
        lines = done.stderr.splitlines()
        assert done.returncode == 2, (argv, done.returncode, done.stderr)
        assert len(lines) == 1 and lines[0].startswith("mlpviz: error: "), (argv, done.stderr)
        assert fragment in lines[0], (argv, lines[0])
        assert len(lines[0]) < 400, (argv, len(lines[0]))
        assert "\x00" not in done.stderr and "Warning" not in done.stderr and "Traceback" not in done.stderr
        assert done.stdout == "", argv
        assert _snapshot(tmp_path) == before, argv          # no input changed, nothing written


def test_out_of_memory_is_one_line(tmp_path):
    """A network that passes the size check but not the memory the process may use: no traceback."""
    import resource

    phys = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    hidden = int(math.sqrt(phys / 4 / 8))              # two hidden layers: weights of about phys / 4
    if 8 * hidden ** 2 < 4e9:
        pytest.skip("a machine this small refuses the network before allocating it")
    limit = 2_500_000_000

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))

    (tmp_path / "seed.csv").write_text("i0,i1,z0\n70,98,91\n50,85,82\n")
    done = run_cli(["train", "--data", "seed.csv", "--layers", f"2,{hidden},{hidden},1", "--epochs", "1",
                    "--out-weights", "w.json", "--out-minmax", "m.json"], tmp_path, preexec_fn=cap)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == ("mlpviz: error: out of memory: the data or the network is too large "
                                            "for this machine")
    assert "Traceback" not in done.stderr and sorted(os.listdir(tmp_path)) == ["seed.csv"]


def test_train_keeps_no_loss_per_step(tmp_path, capsys, seed_csv, monkeypatch):
    """--epochs 100000000 grew by every step's loss; the CLI shows one loss per epoch and keeps no other."""
    histories = []
    real_fit = MLP.fit

    def fit(self, *args, **kwargs):
        histories.append(real_fit(self, *args, **kwargs))
        return histories[-1]

    monkeypatch.setattr(MLP, "fit", fit)
    assert main(["train", "--data", str(seed_csv), "--epochs", "50", "--out-weights", str(tmp_path / "w.json"),
                 "--out-minmax", str(tmp_path / "m.json")]) == 0
    capsys.readouterr()
    assert len(histories) == 1 and histories[0].step_loss == [] and len(histories[0].epoch_loss) == 50


def test_a_failed_second_rename_through_the_command_line_leaves_both_old_files(tmp_path, capsys, seed_csv,
                                                                                monkeypatch):
    w, m = tmp_path / "w.json", tmp_path / "m.json"
    w.write_text("old weights")
    m.write_text("old min-max")
    real_replace, calls = os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(16, "Device or resource busy")
        return real_replace(src, dst)

    monkeypatch.setattr(mlpviz.io.os, "replace", replace)
    assert main(["train", "--data", str(seed_csv), "--epochs", "2", "--out-weights", str(w),
                 "--out-minmax", str(m)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == f"mlpviz: error: {m}: cannot write the file (Device or resource busy)"
    assert w.read_text() == "old weights" and m.read_text() == "old min-max"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json", "seed.csv", "w.json"]


def test_predictions_and_losses_that_overflow_are_refused(tmp_path, capsys):
    """Finite predictions whose error overflows: the test command says so instead of printing inf."""
    data = tmp_path / "d.csv"
    data.write_text("i0,z0\n0,-1.7e308\n1,1.7e308\n")
    w, m = tmp_path / "w.json", tmp_path / "m.json"
    w.write_text(json.dumps({"format": "mlpviz-network", "version": 1, "layer_sizes": [1, 1],
                             "activations": ["linear"], "weights": [[[-1.0]]], "biases": [[1.0]]}))
    # the net turns the scaled input 0 into 1 and 1 into 0: predictions 0 and -1.7e308, and the second
    # error, -1.7e308 − 1.7e308, overflows
    m.write_text(json.dumps({"format": "mlpviz-minmax", "version": 1, "feature_range": [0, 1],
                             "input": {"min": [0], "max": [1]}, "output": {"min": [-1.7e308], "max": [0]}}))
    assert main(["test", "--data", str(data), "--weights", str(w), "--minmax", str(m)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "the error prediction − target overflows floating point" in line and str(w) in line
