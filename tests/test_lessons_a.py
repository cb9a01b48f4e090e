"""Tests of the notebook helpers for notebooks 00-04 (top half of mlpviz/lessons.py)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlpviz import MLP, MinMaxScaler
from mlpviz.gradcheck import numerical_slope
from mlpviz.lessons import (Table, errata_notes, loss_table, minmax_latex, parameter_names,
                            parameter_table)


def seed_net(activation="sigmoid"):
    return MLP.from_weights([[[-0.5, -1.0], [-0.5, 0.5], [1.0, 0.0]], [[0.5, -1.0, 0.0]]],
                            [[0.5, 0.5, 0.5], [0.5]], activation)


# --------------------------------------------------------------------------- Table
def test_table_text_is_aligned_with_fixed_decimals():
    t = Table([[70, 0.5, "a"], [25, -0.125, "bb"]], ["i0", "scaled", "name"], digits=[0, 3, 0], title="T")
    assert str(t).splitlines() == [
        "T",
        "i0  scaled  name",
        "--  ------  ----",
        "70   0.500  a",
        "25  -0.125  bb",
    ]


def test_table_never_shows_negative_zero_and_writes_integers_without_decimals():
    t = Table([[-0.00001, np.int64(3), 2.0]], ["x", "n", "f"], digits=2)
    assert t.cells() == [["0.00", "3", "2.00"]]


def test_table_html_escapes_and_aligns():
    t = Table([["<b>", 1.5]], ["name & co", "v"], digits=1, title="a < b")
    html = t._repr_html_()
    assert "<caption>a &lt; b</caption>" in html
    assert "name &amp; co" in html and "&lt;b&gt;" in html and "<b>" not in html
    assert '<td style="text-align:left">&lt;b&gt;</td>' in html
    assert '<td style="text-align:right">1.5</td>' in html


def test_table_from_columns_zips_columns_into_rows():
    t = Table.from_columns({"a": np.array([1.0, 2.0]), "b": [[3.0], [4.0]]}, digits=1)
    assert t.columns == ["a", "b"]
    assert t.cells() == [["1.0", "3.0"], ["2.0", "4.0"]]


@pytest.mark.parametrize("make, words", [
    (lambda: Table([[1, 2]], ["a"]), ["rows[0]", "2 cells", "1 columns"]),
    (lambda: Table([[1]], ["a"], digits=[1, 2]), ["digits", "1 (one per column)"]),
    (lambda: Table.from_columns({"a": [1, 2], "b": [1]}), ["columns", "one length"]),
])
def test_table_rejects_ragged_input_with_a_clear_message(make, words):
    with pytest.raises(ValueError) as err:
        make()
    for w in words:
        assert w in str(err.value)


# ---------------------------------------------------------------- parameter names / table
def test_parameter_names_of_the_231_network_follow_the_seeds():
    names = parameter_names([2, 3, 1])
    assert len(names) == 2 * 3 + 3 + 3 * 1 + 1
    assert names[:3] == [("W[0][0,0]", "wh[0][0]"), ("W[0][0,1]", "wh[0][1]"), ("W[0][1,0]", "wh[1][0]")]
    assert names[6:9] == [("b[0][0]", "bh[0]"), ("b[0][1]", "bh[1]"), ("b[0][2]", "bh[2]")]
    assert names[9:] == [("W[1][0,0]", "wo[0]"), ("W[1][0,1]", "wo[1]"), ("W[1][0,2]", "wo[2]"), ("b[1][0]", "bo")]


def test_parameter_names_with_two_outputs_and_with_two_hidden_layers():
    two_out = dict(parameter_names([2, 2, 2]))
    assert two_out["W[1][1,0]"] == "wo[1][0]" and two_out["b[1][1]"] == "bo[1]"
    deep = parameter_names([2, 2, 2, 1])
    assert len(deep) == (4 + 2) + (4 + 2) + (2 + 1)
    assert all(seed == "" for _, seed in deep)


def test_parameter_table_lists_every_weight_where_the_engine_keeps_it():
    net = MLP([2, 3, 1], seed=7)
    t = parameter_table(net, digits=6)
    assert t.columns == ["parameter", "seed name", "value"]
    by_name = {row[0]: row[2] for row in t.rows}
    for l, (W, b) in enumerate(zip(net.weights, net.biases)):
        for (j, i), w in np.ndenumerate(W):
            assert by_name[f"W[{l}][{j},{i}]"] == w
        for j, v in enumerate(b):
            assert by_name[f"b[{l}][{j}]"] == v
    row = next(r for r in t.cells() if r[1] == "wh[2][1]")
    assert row[2] == f"{net.weights[0][2, 1]:.6f}"


def test_parameter_table_puts_networks_side_by_side():
    a, b = seed_net(), MLP([2, 3, 1], seed=1)
    t = parameter_table({"file": a, "random": b})
    assert t.columns == ["parameter", "seed name", "file", "random"]
    wo1 = next(r for r in t.rows if r[1] == "wo[1]")
    assert wo1[2] == -1.0 and wo1[3] == b.weights[1][0, 1]


def test_parameter_table_of_a_deep_network_has_no_seed_column():
    assert parameter_table(MLP([2, 2, 2, 1], seed=0)).columns == ["parameter", "value"]


def test_parameter_table_rejects_networks_of_different_shapes():
    with pytest.raises(ValueError, match="same layer sizes"):
        parameter_table({"a": MLP([2, 3, 1], seed=0), "b": MLP([2, 2, 1], seed=0)})


# ---------------------------------------------------------------------- loss table
def test_loss_table_of_one_linear_neuron_matches_the_hand_computation():
    # y = 2x + 1: x = 0.5 -> y = 2, z = 1.5 -> error 0.5, loss 0.125; x = -1 -> y = -1, z = 0 -> 0.5
    net = MLP.from_weights([[[2.0]]], [[1.0]], "linear")
    t = loss_table(net, [[0.5], [-1.0]], [1.5, 0.0], digits=4)
    assert t.columns == ["x0", "z", "y", "y − z", "½(y − z)²"]
    assert t.rows[0] == pytest.approx([0.5, 1.5, 2.0, 0.5, 0.125])
    assert t.rows[1] == pytest.approx([-1.0, 0.0, -1.0, -1.0, 0.5])


def test_loss_table_of_the_seed_sample_uses_the_sigmoid_output():
    t = loss_table(seed_net(), [[0.5, 0.5]], [[0.91]])
    # by hand: s_h = (-0.25, 0.5, 1.0); s_o = 0.5σ(-0.25) − σ(0.5) + 0.5
    sig = lambda s: 1 / (1 + math.exp(-s))  # noqa: E731
    y = sig(0.5 * sig(-0.25) - sig(0.5) + 0.5)
    assert t.rows[0][3] == pytest.approx(y)
    assert t.rows[0][5] == pytest.approx(0.5 * (y - 0.91) ** 2)


def test_loss_table_rejects_a_target_count_that_does_not_match():
    with pytest.raises(ValueError, match="one target per sample"):
        loss_table(seed_net(), [[0.5, 0.5], [1, 1]], [0.91])


def test_loss_table_needs_one_output():
    with pytest.raises(ValueError, match="one output"):
        loss_table(MLP([2, 2], seed=0), [[0.5, 0.5]], [[0.1, 0.2]])


# --------------------------------------------------------------------- minmax_latex
def test_minmax_latex_writes_the_seed_example_into_0_1():
    sc = MinMaxScaler().fit([[70.0], [50.0], [65.0], [25.0]])
    tex = minmax_latex(sc, 0, 65, name="i_0")
    assert tex == rf"i_0' = \frac{{65 - 25}}{{70 - 25}} = {40 / 45:.4f}"
    assert tex._repr_latex_().startswith("$$")


def test_minmax_latex_into_minus1_1_and_a_custom_range():
    sc = MinMaxScaler((-1, 1)).fit([[70.0], [25.0]])
    assert minmax_latex(sc, 0, 50) == rf"x' = \frac{{50 - 25}}{{70 - 25}} \times 2 - 1 = {25 / 45 * 2 - 1:.4f}"
    sc = MinMaxScaler((0, 10)).fit([[0.0], [4.0]])
    assert minmax_latex(sc, 0, 1, digits=2) == r"x' = 0 + \frac{1 - 0}{4 - 0} \times (10 - 0) = 2.50"


def test_minmax_latex_of_a_constant_column_is_the_middle():
    sc = MinMaxScaler((-1, 1)).fit([[70.0, 5.0]])
    tex = minmax_latex(sc, 1, 5)
    assert tex.endswith(r"= 0.0000\quad(\min = \max = 5\text{: the middle of the range})")


def test_minmax_latex_checks_the_column():
    sc = MinMaxScaler().fit([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(ValueError, match=r"column: expected a column index from 0 to 1"):
        minmax_latex(sc, 2, 1.0)


# ------------------------------------------------------------------ numerical_slope
def test_numerical_slope_of_a_square():
    assert numerical_slope(lambda x: x * x, 3.0) == pytest.approx(6.0, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(a=st.floats(-5, 5), b=st.floats(-5, 5), x=st.floats(-3, 3))
def test_numerical_slope_of_a_quadratic_matches_its_derivative(a, b, x):
    # f = a x² + b x has f' = 2 a x + b, and the central difference is exact for a quadratic
    slope = numerical_slope(lambda t: a * t * t + b * t, x, h=1e-3)
    assert slope == pytest.approx(2 * a * x + b, abs=1e-6)


def test_numerical_slope_rejects_a_bad_step():
    with pytest.raises(ValueError, match="h: (must be|expected) a positive finite number"):
        numerical_slope(lambda x: x, 0.0, h=0)


# --------------------------------------------------------------------- errata_notes
def test_errata_notes_filter_by_topic_and_seed():
    every = errata_notes()
    norm = errata_notes("normalization")
    assert 0 < len(norm.rows) < len(every.rows)
    assert all("normalization" in r[1].lower() for r in norm.rows)
    only_001 = errata_notes("normalization", seed="001")
    assert only_001.rows and all(r[0] == "001" for r in only_001.rows)
    assert errata_notes("no such topic anywhere").rows == []


def test_errata_notes_show_the_value_mlpviz_computes():
    rows = errata_notes("i0=50 scaled to [-1, 1]").rows
    assert len(rows) == 1
    seed, where, printed, computed, why = rows[0]
    assert printed == "-0.1111"
    assert float(computed) == pytest.approx((50 - 25) / (70 - 25) * 2 - 1, abs=1e-5)
