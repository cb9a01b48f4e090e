"""mlpviz.errata: each erratum's correct value is computed (not stored), differs from what the
seed printed, and agrees with an independent hand calculation (tests/hand_seed.py)."""
from __future__ import annotations

import re

import numpy as np
import pytest

import hand_seed as H
import mlpviz as mv
from mlpviz import errata as er
from mlpviz import examples as ex

ERRATA = er.errata()


def key(e):
    return f"{e.seed}:{e.quantity}"


def _hand_descent(col: str, k: int) -> float:
    return H.descent(12)[k][col]


def hand_value(e):
    """The correct value of an erratum, computed by hand (plain Python, no mlpviz)."""
    q = e.quantity
    fw = lambda act: H.forward(0.5, 0.5, act)  # noqa: E731
    st = H.one_step(0.5, 0.5, "sigmoid")
    table = {
        "dataset rows (i0, i1, z0)": lambda: tuple((min(H.column(j)), max(H.column(j))) for j in range(3)),
        "number of output values": lambda: len([H.BO]),
        "hidden node 1 weights": lambda: tuple(H.WH[1]),
        "i0=50 scaled to [0, 1]": lambda: H.scale01(50, 0),
        "i0=65 scaled to [0, 1]": lambda: H.scale01(65, 0),
        "i0=50 scaled to [-1, 1]": lambda: H.scale11(50, 0),
        "i0=65 scaled to [-1, 1]": lambda: H.scale11(65, 0),
        "i1=95 scaled to [-1, 1]": lambda: H.scale11(95, 1),
        "point after two steps": lambda: (H.descent(2)[1]["x_new"], H.descent(2)[1]["y_new"]),
        "ah[2], sigmoid": lambda: fw("sigmoid")["a_h"][2],
        "so, sigmoid": lambda: fw("sigmoid")["s_o"],
        "so, tanh": lambda: fw("tanh")["s_o"],
        "yo, tanh": lambda: fw("tanh")["y_o"],
        "δo in the δh[1] line, sigmoid": lambda: st["d_o"],
        "δh[1], sigmoid": lambda: st["d_h"][1],
        "wo[1] after one update, sigmoid": lambda: st["wo_new"][1],
        "wo[2] after one update, sigmoid": lambda: st["wo_new"][2],
        "wh[1][1] after one update, sigmoid": lambda: st["wh_new"][1][1],
        "bh[0] after one update, sigmoid": lambda: st["bh_new"][0],
    }
    m = re.fullmatch(r"descent table step (\d+): (.+)", q)
    if m:
        return _hand_descent(m.group(2), int(m.group(1)))
    return table[q]()


def test_errata_list_is_well_formed():
    assert len(ERRATA) >= 20
    assert len({key(e) for e in ERRATA}) == len(ERRATA)
    for e in ERRATA:
        assert e.seed in ("000", "001")
        assert e.kind in er.KINDS
        assert e.section and e.quantity and e.printed and e.why
        assert callable(e.correct)


def test_the_known_slips_are_listed():
    listed = {(e.seed, e.quantity): e.printed for e in ERRATA}
    assert listed[("001", "wo[1] after one update, sigmoid")] == "-0.99938"
    assert listed[("001", "wo[2] after one update, sigmoid")] == "0.00070"
    assert listed[("001", "so, tanh")] == "-0.0836"
    assert listed[("001", "yo, tanh")] == "-0.0834"
    assert listed[("001", "δo in the δh[1] line, sigmoid")] == "-0.986252"
    assert listed[("001", "wh[1][1] after one update, sigmoid")] == "0.4988"
    assert listed[("000", "i0=50 scaled to [-1, 1]")] == "-0.1111"
    assert listed[("000", "i1=95 scaled to [-1, 1]")] == "0.8064"
    assert ("000", "dataset rows (i0, i1, z0)") in listed
    assert ("000", "point after two steps") in listed
    assert ("000", "number of output values") in listed
    for k in (7, 8, 9):
        assert ("001", f"descent table step {k}: f(x_new, y_new)") in listed


@pytest.mark.parametrize("e", ERRATA, ids=key)
def test_correct_value_agrees_with_hand_calculation(e):
    got, hand = e.value(), hand_value(e)
    if isinstance(hand, tuple):
        assert len(got) == len(hand)
        np.testing.assert_allclose(np.asarray(got, dtype=float), np.asarray(hand, dtype=float),
                                   rtol=1e-12, atol=1e-15)
    else:
        assert float(got) == pytest.approx(float(hand), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("e", [e for e in ERRATA if e.printed_number is not None], ids=key)
def test_printed_number_differs_from_correct(e):
    value, printed, d = float(e.value()), e.printed_number, e.printed_decimals
    unit = 10.0 ** -d
    assert round(value, d) != pytest.approx(printed, abs=1e-12)  # not what rounding gives
    if e.kind == "rounding":
        # off by one in the last printed digit: truncated, or rounded values carried into the line
        assert 0.5 * unit < abs(value - printed) <= 1.5 * unit
    else:
        assert abs(value - printed) > unit, "labelled a slip but it is within rounding"


def test_text_errata():
    by_q = {(e.seed, e.quantity): e for e in ERRATA}
    # 000's first dataset block: its min/max are not the ones the seed quotes (those of the dataset used).
    e = by_q[("000", "dataset rows (i0, i1, z0)")]
    rows = [[float(v) for v in r.split(",")] for r in e.printed.split(" / ")]
    first_block = tuple((min(c), max(c)) for c in zip(*rows))
    assert e.value() != first_block
    assert e.value()[:2] == ((25, 70), (67, 98))  # what 000's Step 2 says, by hand below
    assert e.value() == tuple((min(H.column(j)), max(H.column(j))) for j in range(3))
    # 000's "two output values yo[0], yo[1]": the net has one output.
    e = by_q[("000", "number of output values")]
    assert "yo[1]" in e.printed and e.value() == 1 == ex.seed_network().forward(ex.SEED_X_000).output.size
    # "Hence, the new point would be (2.4, 3.2)" repeats step one; step two gives (1.92, 2.56).
    e = by_q[("000", "point after two steps")]
    px, py = (float(v) for v in re.search(r"\(([-\d.]+), ([-\d.]+)\)", e.printed).groups())
    one = H.descent(1)[0]
    assert (px, py) == pytest.approx((one["x_new"], one["y_new"]))
    assert e.value() != pytest.approx((px, py))
    # the "{-0.5. .5}" typo
    for seed in ("000", "001"):
        e = by_q[(seed, "hidden node 1 weights")]
        assert e.value() == tuple(H.WH[1])
        assert "-0.5. .5" in e.printed


def _perturbed_seed_network(activation="sigmoid"):
    net = mv.MLP.from_weights([np.array(H.WH) + 0.03125, [np.array(H.WO) - 0.0625]],
                              [np.array(H.BH) + 0.015625, [H.BO + 0.125]], activation)
    return net


def test_correct_values_are_computed_not_stored(monkeypatch):
    before = {key(e): e.value() for e in ERRATA}
    monkeypatch.setattr(ex, "seed_network", _perturbed_seed_network)
    monkeypatch.setattr(ex, "SEED_DATASET", ex.SEED_DATASET + np.array([[1.0, -1.0, 2.0], [0, 0, 0], [0, 0, 0],
                                                                          [0, 0, 0]]))
    monkeypatch.setattr(ex, "SEED_DESCENT_START", (3.5, 4.5))
    after = {key(e): e.value() for e in ERRATA}
    unchanged = [k for k in before if np.allclose(np.asarray(before[k], dtype=float),
                                                   np.asarray(after[k], dtype=float))]
    assert unchanged == ["000:number of output values"]


def test_number_of_outputs_is_computed(monkeypatch):
    e = next(e for e in ERRATA if e.quantity == "number of output values")
    monkeypatch.setattr(ex, "seed_network", lambda activation="sigmoid": mv.MLP([2, 3, 2], activation, seed=0))
    assert e.value() == 2


def test_errata_table_rows():
    rows = er.errata_table()
    assert len(rows) == len(ERRATA)
    for row, e in zip(rows, ERRATA):
        assert set(row) == {"seed", "where", "printed", "correct", "why", "kind"}
        assert all(isinstance(v, str) for v in row.values())
        assert row["printed"] == e.printed and e.quantity in row["where"]
    w_o1 = next(r for r in rows if r["where"].endswith("wo[1] after one update, sigmoid"))
    # one decimal more than the seed printed (5), the value by hand
    assert w_o1["correct"] == f"{H.one_step(0.5, 0.5, 'sigmoid')['wo_new'][1]:.6f}"
    assert er.errata_table() == rows  # deterministic
    fixed = er.errata_table(decimals=3)
    assert next(r for r in fixed if r["where"].endswith("so, tanh"))["correct"] == \
        f"{H.forward(0.5, 0.5, 'tanh')['s_o']:.3f}"
