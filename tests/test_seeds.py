"""Every worked number of seeds 000 and 001, reproduced by the engine.

Two independent checks:

1. the engine against a hand derivation in plain Python (tests/hand_seed.py,
   math.exp arithmetic written out node by node like the seeds; for the loss
   table a second, scalar implementation of per-sample SGD);
2. the seed's *printed* value against the engine: it must be the engine's
   value rounded to the printed decimals — or be listed in
   :mod:`mlpviz.errata`, differ from the engine, and the engine's value must be
   confirmed by the hand derivation.

The PRINTED table below holds what the seeds print. Those strings are the
seeds' claims under test, never expected values: every expected value comes
from the hand derivation.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pytest

import hand_seed as H
import mlpviz as mv
from mlpviz import examples as ex
from mlpviz.descent import gradient_descent
from mlpviz.errata import errata

X000 = (1.0, 1.0)
X001 = (0.5, 0.5)


# ------------------------------------------------------------------ engine helpers
def fwd(act: str, x):
    return ex.seed_network(act).forward(np.array(x, dtype=float))


def grads(act: str):
    net = ex.seed_network(act)
    return net.backward(net.forward(ex.SEED_X_001), ex.SEED_TARGET)


def updated(act: str = "sigmoid"):
    net = ex.seed_network(act)
    net.step(ex.SEED_X_001, ex.SEED_TARGET, ex.SEED_LR)
    return net


def scaled(rng, j: int, value: float) -> float:
    data = ex.SEED_DATASET
    i = int(np.flatnonzero(data[:, j] == value)[0])
    return float(mv.MinMaxScaler(rng).fit_transform(data)[i, j])


_LOSS_CACHE: dict = {}


def engine_losses(act: str = "sigmoid") -> list[float]:
    if act not in _LOSS_CACHE:
        net = ex.seed_network(act)
        hist = net.fit([list(ex.SEED_X_001)], [list(ex.SEED_TARGET)], epochs=1001, lr=ex.SEED_LR)
        _LOSS_CACHE[act] = hist.step_loss
    return _LOSS_CACHE[act]


_HAND_LOSS: dict = {}


def hand_losses(act: str = "sigmoid") -> list[float]:
    if act not in _HAND_LOSS:
        _HAND_LOSS[act] = H.loss_table(0.5, 0.5, act, 1001)
    return _HAND_LOSS[act]


def engine_descent(col: str, k: int) -> float:
    path = gradient_descent("bowl", start=ex.SEED_DESCENT_START, lr=ex.SEED_DESCENT_LR, steps=12)
    if col == "f(x_new, y_new)":
        return float(path.f_points[k + 1])
    if col == "f(x, y)":
        return float(path.f_points[k])
    return float({"x": path.x, "y": path.y, "∇f(x)": path.grad[:, 0], "∇f(y)": path.grad[:, 1],
                  "x_new": path.x_new, "y_new": path.y_new}[col][k])


# ------------------------------------------------------------------ what the seeds print
@dataclass
class Printed:
    seed: str
    quantity: str
    printed: str                 # verbatim from the seed
    engine: Callable[[], float]
    hand: Callable[[], float]

    @property
    def id(self) -> str:
        return f"{self.seed}:{self.quantity}"


def _printed() -> list[Printed]:
    P = Printed
    out: list[Printed] = []
    hf000 = lambda: H.forward(1.0, 1.0, "sigmoid")  # noqa: E731
    # --- seed 000: forward pass with inputs (1, 1), sigmoid
    for j, p in enumerate(["-1.0", "0.5", "1.5"]):
        out.append(P("000", f"s_h[0][{j}], x=(1, 1)", p, lambda j=j: fwd("sigmoid", X000).s[0][j],
                     lambda j=j: hf000()["s_h"][j]))
    for j, p in enumerate(["0.2689", "0.6225", "0.8176"]):
        out.append(P("000", f"y_h[0][{j}], sigmoid, x=(1, 1)", p, lambda j=j: fwd("sigmoid", X000).a[1][j],
                     lambda j=j: hf000()["a_h"][j]))
    out.append(P("000", "y_h[0][0]·w_o[0][0], x=(1, 1)", "0.1345",
                 lambda: fwd("sigmoid", X000).a[1][0] * ex.seed_network().weights[1][0, 0],
                 lambda: hf000()["a_h"][0] * H.WO[0]))
    out.append(P("000", "s_o[0], x=(1, 1)", "0.0120", lambda: fwd("sigmoid", X000).s[1][0],
                 lambda: hf000()["s_o"]))
    out.append(P("000", "y_o[0], sigmoid, x=(1, 1)", "0.5030", lambda: fwd("sigmoid", X000).a[2][0],
                 lambda: hf000()["y_o"]))
    # --- min / max per column (000 quotes i0, i1; 001 also z0)
    for seed, cols in (("000", 2), ("001", 3)):
        for j, (lo, hi) in enumerate([("25", "70"), ("67", "98"), ("68", "91")][:cols]):
            name = ["i0", "i1", "z0"][j]
            out.append(P(seed, f"min of {name}", lo,
                         lambda j=j: mv.MinMaxScaler().fit(ex.SEED_DATASET).data_min_[j],
                         lambda j=j: min(H.column(j))))
            out.append(P(seed, f"max of {name}", hi,
                         lambda j=j: mv.MinMaxScaler().fit(ex.SEED_DATASET).data_max_[j],
                         lambda j=j: max(H.column(j))))
    # --- seed 000: the normalized tables (4 decimals; the worked formula 65 -> 0.8888 too)
    t000_01 = {0: [(70, "1.0"), (50, "0.5555"), (65, "0.8888"), (25, "0.0")],
               1: [(98, "1.0"), (85, "0.5806"), (67, "0.0"), (95, "0.9032")]}
    t000_11 = {0: [(70, "1.0"), (50, "-0.1111"), (65, "0.7777"), (25, "-1.0")],
               1: [(98, "1.0"), (85, "0.1613"), (67, "-1.0"), (95, "0.8064")]}
    for rng, table, hand in (((0, 1), t000_01, H.scale01), ((-1, 1), t000_11, H.scale11)):
        for j, cells in table.items():
            for v, p in cells:
                out.append(P("000", f"i{j}={v} scaled to [{rng[0]}, {rng[1]}]", p,
                             lambda rng=rng, j=j, v=v: scaled(rng, j, v),
                             lambda hand=hand, j=j, v=v: hand(v, j)))
    # --- seed 001: the worked formula and the normalized tables (3 decimals, inputs and target)
    out.append(P("001", "i0=65 scaled to [0, 1]", "0.8888", lambda: scaled((0, 1), 0, 65),
                 lambda: H.scale01(65, 0)))
    t001_01 = {0: [(70, "1.0"), (50, "0.556"), (65, "0.889"), (25, "0.0")],
               1: [(98, "1.0"), (85, "0.581"), (67, "0.0"), (95, "0.903")],
               2: [(91, "1.0"), (82, "0.609"), (80, "0.522"), (68, "0.0")]}
    t001_11 = {0: [(70, "1.0"), (50, "0.111"), (65, "0.778"), (25, "-1.0")],
               1: [(98, "1.0"), (85, "0.161"), (67, "-1.0"), (95, "0.806")],
               2: [(91, "1.0"), (82, "0.217"), (80, "0.043"), (68, "-1.0")]}
    for rng, table, hand in (((0, 1), t001_01, H.scale01), ((-1, 1), t001_11, H.scale11)):
        for j, cells in table.items():
            for v, p in cells:
                name = ["i0", "i1", "z0"][j]
                out.append(P("001", f"table: {name}={v} scaled to [{rng[0]}, {rng[1]}]", p,
                             lambda rng=rng, j=j, v=v: scaled(rng, j, v),
                             lambda hand=hand, j=j, v=v: hand(v, j)))
    # --- seed 001: forward pass with inputs (0.5, 0.5)
    hf = lambda act: H.forward(0.5, 0.5, act)  # noqa: E731
    for j, p in enumerate(["-0.25", "0.5", "1.0"]):
        out.append(P("001", f"sh[{j}]", p, lambda j=j: fwd("sigmoid", X001).s[0][j],
                     lambda j=j: hf("sigmoid")["s_h"][j]))
    for act, printed in (("sigmoid", ["0.4378", "0.6225", "0.7310"]), ("tanh", ["-0.2449", "0.4621", "0.7616"])):
        for j, p in enumerate(printed):
            out.append(P("001", f"ah[{j}], {act}", p, lambda act=act, j=j: fwd(act, X001).a[1][j],
                         lambda act=act, j=j: hf(act)["a_h"][j]))
    for act, printed in (("sigmoid", ["0.2189", "-0.6225"]), ("tanh", ["-0.1225", "-0.4621"])):
        for j, p in enumerate(printed):
            out.append(P("001", f"ah[{j}]·wo[{j}], {act}", p,
                         lambda act=act, j=j: fwd(act, X001).a[1][j] * ex.seed_network(act).weights[1][0, j],
                         lambda act=act, j=j: hf(act)["a_h"][j] * H.WO[j]))
    for act, ps, py in (("sigmoid", "0.0964", "0.5241"), ("tanh", "-0.0836", "-0.0834")):
        out.append(P("001", f"so, {act}", ps, lambda act=act: fwd(act, X001).s[1][0],
                     lambda act=act: hf(act)["s_o"]))
        out.append(P("001", f"yo, {act}", py, lambda act=act: fwd(act, X001).a[2][0],
                     lambda act=act: hf(act)["y_o"]))
    # --- seed 001: the output error signal δo (target 0.91)
    z = H.TARGET
    for q, p, e, h in [
        ("yo in the δo line, sigmoid", "0.524", lambda: fwd("sigmoid", X001).a[2][0], lambda: hf("sigmoid")["y_o"]),
        ("1 − yo, sigmoid", "0.476", lambda: 1 - fwd("sigmoid", X001).a[2][0], lambda: 1 - hf("sigmoid")["y_o"]),
        ("yo − z, sigmoid", "-0.386", lambda: fwd("sigmoid", X001).a[2][0] - ex.SEED_TARGET[0],
         lambda: hf("sigmoid")["y_o"] - z),
        ("yo in the δo line, tanh", "-0.08438", lambda: fwd("tanh", X001).a[2][0], lambda: hf("tanh")["y_o"]),
        ("1 − yo², tanh", "0.99288", lambda: 1 - fwd("tanh", X001).a[2][0] ** 2, lambda: 1 - hf("tanh")["y_o"] ** 2),
        ("yo − z, tanh", "-0.99438", lambda: fwd("tanh", X001).a[2][0] - ex.SEED_TARGET[0],
         lambda: hf("tanh")["y_o"] - z),
    ]:
        out.append(P("001", q, p, e, h))
    hs = lambda act: H.one_step(0.5, 0.5, act)  # noqa: E731
    for act, p in (("sigmoid", "-0.096252"), ("tanh", "-0.9873")):
        out.append(P("001", f"δo, {act}", p, lambda act=act: grads(act).delta[1][0], lambda act=act: hs(act)["d_o"]))
    # --- seed 001: the hidden error signals δh
    out.append(P("001", "δo in the δh[1] line, sigmoid", "-0.986252", lambda: grads("sigmoid").delta[1][0],
                 lambda: hs("sigmoid")["d_o"]))
    for act, printed in (("sigmoid", ["-0.01185", "0.02261", "0.0000"]), ("tanh", ["-0.46404", "0.77646", "0.0000"])):
        for j, p in enumerate(printed):
            out.append(P("001", f"δh[{j}], {act}", p, lambda act=act, j=j: grads(act).delta[0][j],
                         lambda act=act, j=j: hs(act)["d_h"][j]))
    # --- seed 001: the new weights and biases after one update (sigmoid, η = 0.1)
    for i, p in enumerate(["0.50421", "-0.99938", "0.00070"]):
        out.append(P("001", f"wo[{i}] after one update, sigmoid", p, lambda i=i: updated().weights[1][0, i],
                     lambda i=i: hs("sigmoid")["wo_new"][i]))
    out.append(P("001", "bo after one update, sigmoid", "0.50963", lambda: updated().biases[1][0],
                 lambda: hs("sigmoid")["bo_new"]))
    for (j, k), p in zip([(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)],
                         ["-0.49941", "-0.99941", "-0.50113", "0.4988", "1.0", "0.0"]):
        out.append(P("001", f"wh[{j}][{k}] after one update, sigmoid", p,
                     lambda j=j, k=k: updated().weights[0][j, k], lambda j=j, k=k: hs("sigmoid")["wh_new"][j][k]))
    for j, p in enumerate(["0.50119", "0.49774", "0.5"]):
        out.append(P("001", f"bh[{j}] after one update, sigmoid", p, lambda j=j: updated().biases[0][j],
                     lambda j=j: hs("sigmoid")["bh_new"][j]))
    # --- seed 001: the loss table (sigmoid, one sample (0.5, 0.5), target 0.91, per-sample SGD)
    for it, p in zip(ex.SEED_LOSS_ITERATIONS, ["0.07446", "0.07242", "0.07044", "0.06852", "0.06666", "0.06486",
                                               "0.06312", "0.06143", "0.05979", "0.05820", "0.00985", "0.00006"]):
        out.append(P("001", f"loss at iteration {it}", p, lambda it=it: engine_losses()[it],
                     lambda it=it: hand_losses()[it]))
    # --- gradient descent on x² + y² from (3, 4), η = 0.1
    cols000 = ["x", "y", "∇f(x)", "∇f(y)", "x_new", "y_new"]
    table000 = [
        ["3", "4", "6", "8", "2.4", "3.2"],
        ["2.4", "3.2", "4.8", "6.4", "1.92", "2.56"],
        ["1.92", "2.56", "3.84", "5.12", "1.536", "2.048"],
        ["1.536", "2.048", "3.072", "4.096", "1.2288", "1.6384"],
        ["1.2288", "1.6384", "2.4576", "3.2768", "0.98304", "1.31072"],
        ["0.98304", "1.31072", "1.96608", "2.62144", "0.786432", "1.048576"],
        ["0.786432", "1.048576", "1.572864", "2.097152", "0.6291456", "0.8388608"],
        ["0.6291456", "0.8388608", "1.2582912", "1.6777216", "0.50331648", "0.67108864"],
        ["0.50331648", "0.67108864", "1.00663296", "1.34217728", "0.402653184", "0.536870912"],
    ]
    hd = lambda k, col: H.descent(12)[k][col]  # noqa: E731
    for k, row in enumerate(table000):
        for col, p in zip(cols000, row):
            out.append(P("000", f"descent table step {k}: {col}", p, lambda col=col, k=k: engine_descent(col, k),
                         lambda col=col, k=k: hd(k, col)))
    out.append(P("000", "point after one step: x", "2.4", lambda: engine_descent("x_new", 0), lambda: hd(0, "x_new")))
    out.append(P("000", "point after one step: y", "3.2", lambda: engine_descent("y_new", 0), lambda: hd(0, "y_new")))
    cols001 = ["x", "∇f(x)", "x_new", "y", "∇f(y)", "y_new", "f(x_new, y_new)"]
    table001 = [
        ["3.0000", "6.0000", "2.4000", "4.0000", "8.0000", "3.2000", "16.0000"],
        ["2.4000", "4.8000", "1.9200", "3.2000", "6.4000", "2.5600", "10.2400"],
        ["1.9200", "3.8400", "1.5360", "2.5600", "5.1200", "2.0480", "6.5536"],
        ["1.5360", "3.0720", "1.2288", "2.0480", "4.0960", "1.6384", "4.1943"],
        ["1.2288", "2.4576", "0.9830", "1.6384", "3.2768", "1.3107", "2.6844"],
        ["0.9830", "1.9660", "0.7864", "1.3107", "2.6214", "1.0486", "1.7179"],
        ["0.7864", "1.5728", "0.6291", "1.0486", "2.0972", "0.8389", "1.0995"],
        ["0.6291", "1.2582", "0.5033", "0.8389", "1.6778", "0.6711", "0.7140"],
        ["0.5033", "1.0066", "0.4027", "0.6711", "1.3422", "0.5369", "0.3579"],
        ["0.4027", "0.8054", "0.3222", "0.5369", "1.0738", "0.4295", "0.2294"],
    ]
    out.append(P("001", "descent table start: x", "3.0000", lambda: engine_descent("x", 0), lambda: hd(0, "x")))
    out.append(P("001", "descent table start: y", "4.0000", lambda: engine_descent("y", 0), lambda: hd(0, "y")))
    out.append(P("001", "descent table start: f(x, y)", "25.0000", lambda: engine_descent("f(x, y)", 0),
                 lambda: hd(0, "f(x, y)")))
    for k, row in enumerate(table001):
        for col, p in zip(cols001, row):
            out.append(P("001", f"descent table step {k}: {col}", p, lambda col=col, k=k: engine_descent(col, k),
                         lambda col=col, k=k: hd(k, col)))
    return out


PRINTED = _printed()
ERRATA = {(e.seed, e.quantity): e for e in errata()}


def decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def rounds_to(value: float, printed: str) -> bool:
    """True if ``printed`` is ``value`` rounded to the printed number of decimals."""
    half = 0.5 * 10.0 ** -decimals(printed)
    return abs(value - float(printed)) <= half * (1 + 1e-9) + 1e-12


# ------------------------------------------------------------------------- the tests
def test_seed_network_is_the_configuration_file():
    for act in ("sigmoid", "tanh"):
        net = ex.seed_network(act)
        assert net.layer_sizes == [2, 3, 1]
        assert net.activation_names == [act, act]
        np.testing.assert_array_equal(net.weights[0], H.WH)
        np.testing.assert_array_equal(net.biases[0], H.BH)
        np.testing.assert_array_equal(net.weights[1], [H.WO])
        np.testing.assert_array_equal(net.biases[1], [H.BO])
    np.testing.assert_array_equal(ex.SEED_DATASET, H.DATASET)
    assert tuple(ex.SEED_X_000) == X000 and tuple(ex.SEED_X_001) == X001
    assert ex.SEED_TARGET.tolist() == [H.TARGET] and ex.SEED_LR == H.ETA


def test_single_row_normalizes_to_one_half():
    # seed 001: "if there is only one line in the dataset, all values will be set to 0.5" — (0.5, 0.5) is
    # the input of its forward pass.
    row = ex.SEED_DATASET[:1]
    np.testing.assert_array_equal(mv.MinMaxScaler().fit_transform(row), [[0.5, 0.5, 0.5]])
    np.testing.assert_array_equal(mv.MinMaxScaler().fit_transform(row)[0, :2], ex.SEED_X_001)


@pytest.mark.parametrize("feature_range, hand", [((0, 1), H.scale01), ((-1, 1), H.scale11)])
def test_normalized_tables_inputs_and_targets(feature_range, hand):
    got = mv.MinMaxScaler(feature_range).fit_transform(ex.SEED_DATASET)
    expected = [[hand(v, j) for j, v in enumerate(row)] for row in H.DATASET]
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-15)


@pytest.mark.parametrize("act", ["sigmoid", "tanh"])
@pytest.mark.parametrize("x", [X000, X001])
def test_forward_pass_every_node(act, x):
    trace = fwd(act, x)
    hand = H.forward(*x, act)
    np.testing.assert_allclose(trace.s[0], hand["s_h"], rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(trace.a[1], hand["a_h"], rtol=1e-14, atol=1e-15)
    assert trace.s[1][0] == pytest.approx(hand["s_o"], rel=1e-13, abs=1e-15)
    assert trace.a[2][0] == pytest.approx(hand["y_o"], rel=1e-13, abs=1e-15)
    np.testing.assert_array_equal(trace.a[0], x)


@pytest.mark.parametrize("act", ["sigmoid", "tanh"])
def test_error_signals(act):
    g = grads(act)
    hand = H.one_step(0.5, 0.5, act)
    assert g.delta[1][0] == pytest.approx(hand["d_o"], rel=1e-13)
    np.testing.assert_allclose(g.delta[0], hand["d_h"], rtol=1e-13, atol=1e-16)
    assert g.loss == pytest.approx(hand["loss"], rel=1e-13)


@pytest.mark.parametrize("act", ["sigmoid", "tanh"])
def test_new_weights_and_biases_after_one_update(act):
    net = updated(act)
    hand = H.one_step(0.5, 0.5, act)
    np.testing.assert_allclose(net.weights[1][0], hand["wo_new"], rtol=1e-14, atol=1e-16)
    assert net.biases[1][0] == pytest.approx(hand["bo_new"], rel=1e-14)
    np.testing.assert_allclose(net.weights[0], hand["wh_new"], rtol=1e-14, atol=1e-16)
    np.testing.assert_allclose(net.biases[0], hand["bh_new"], rtol=1e-14, atol=1e-16)


@pytest.mark.parametrize("act", ["sigmoid", "tanh"])
def test_loss_table_against_a_scalar_sgd_loop(act):
    assert ex.SEED_LOSS_ITERATIONS == tuple(range(10)) + (100, 1000)
    got = engine_losses(act)
    hand = hand_losses(act)
    assert len(got) == len(hand) == 1001
    for it in ex.SEED_LOSS_ITERATIONS:
        assert got[it] == pytest.approx(hand[it], rel=1e-9, abs=1e-15), it
    # the loss at iteration 0 is the untrained network's: ½(y − z)²
    y0 = H.forward(0.5, 0.5, act)["y_o"]
    assert got[0] == pytest.approx(0.5 * (y0 - H.TARGET) ** 2, rel=1e-14)
    assert all(a > b for a, b in zip(got[:10], got[1:11]))  # it falls step by step


@pytest.mark.parametrize("entry", PRINTED, ids=lambda e: e.id)
def test_engine_equals_hand_derivation(entry):
    assert float(entry.engine()) == pytest.approx(float(entry.hand()), rel=1e-9, abs=1e-13)


@pytest.mark.parametrize("entry", PRINTED, ids=lambda e: e.id)
def test_printed_value_rounds_to_the_engine_or_is_an_erratum(entry):
    value = float(entry.engine())
    erratum = ERRATA.get((entry.seed, entry.quantity))
    if erratum is None:
        assert rounds_to(value, entry.printed), (
            f"seed {entry.seed} prints {entry.quantity} = {entry.printed}, the engine gives {value!r}; "
            f"not in mlpviz.errata")
    else:
        assert erratum.printed == entry.printed
        assert not rounds_to(value, entry.printed), f"{entry.id} is listed as an erratum but is right"
        assert float(erratum.value()) == pytest.approx(value, rel=1e-12, abs=1e-15)
        assert value == pytest.approx(float(entry.hand()), rel=1e-9, abs=1e-13)  # the second method agrees


def test_every_numeric_erratum_is_checked_here():
    checked = {(e.seed, e.quantity) for e in PRINTED}
    # the cheat sheets' numbers (000, 001) are all in PRINTED; seed 003's are checked by hand in test_errata.py
    numeric = {k for k, e in ERRATA.items() if e.printed_number is not None and e.seed in ("000", "001")}
    assert numeric <= checked, sorted(numeric - checked)


def test_printed_table_is_complete():
    # 000: 3 sums + 3 activations + 1 product + s_o + y_o + 4 min/max + 16 table cells + 54 descent cells + 2
    # 001: 6 min/max + 1 formula + 24 table cells + 3 + 6 + 4 + 4 + 6 + 2 + 1 + 6 + 4 + 9 + 12 + 3 + 70
    assert len([e for e in PRINTED if e.seed == "000"]) == 3 + 3 + 1 + 2 + 4 + 16 + 54 + 2
    assert len([e for e in PRINTED if e.seed == "001"]) == 6 + 1 + 24 + 3 + 6 + 4 + 4 + 6 + 2 + 1 + 6 + 4 + 9 + 12 + 3 + 70
    assert len({e.id for e in PRINTED}) == len(PRINTED)


def test_sigmoid_and_tanh_hand_functions_are_the_textbook_ones():
    # guard the reference itself: σ(0) = ½, tanh via exp agrees with math.tanh
    assert H.sigma(0.0) == 0.5
    for s in (-2.0, -0.25, 0.5, 1.0, 3.0):
        assert H.tanh(s) == pytest.approx(math.tanh(s), rel=1e-14)
        assert H.sigma(s) + H.sigma(-s) == pytest.approx(1.0, rel=1e-15)
