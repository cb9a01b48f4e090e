"""mlpviz.format: the one family of number formatters, the Table type and the LaTeX helpers."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlpviz.format import (HUGE, MINUS, LatexMath, Table, aligned, cell, factor, label, number, plain, pmatrix,
                           signed, signed_sum, significant)

moderate = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


# ----------------------------------------------------------------------------- numbers
@settings(max_examples=200, deadline=None)
@given(value=moderate, digits=st.integers(0, 8))
def test_number_round_trips_to_within_half_a_unit_of_its_last_decimal(value, digits):
    text = number(value, digits)
    decimals = text.split(".")[1] if "." in text else ""
    assert len(decimals) == digits
    assert abs(float(text) - value) <= 0.5 * 10.0 ** -digits * (1 + 1e-9) + abs(value) * 1e-15


@settings(max_examples=200, deadline=None)
@given(value=st.floats(-1e-3, 1e-3, allow_nan=False), digits=st.integers(0, 2))
def test_number_never_writes_negative_zero(value, digits):
    assert not number(value, digits).startswith("-")
    assert float(number(value, digits)) == 0.0


def test_number_examples_and_scientific_from_huge():
    assert number(-0.25) == "-0.2500" and number(2) == "2.0000" and number(0.524094, 3) == "0.524"
    assert number(12345678.9, 2, huge=1e5) == "1.23e+07" and number(99999.0, 2, huge=1e5) == "99999.00"
    assert number(float("nan")) == "nan" and number(float("-inf")) == "-inf"
    assert float(number(-3.14159e20, 3, huge=1e5)) == pytest.approx(-3.142e20)


@settings(max_examples=200, deadline=None)
@given(value=st.floats(-1e300, 1e300, allow_nan=False).filter(lambda v: v != 0), digits=st.integers(1, 12))
def test_significant_keeps_that_many_significant_digits(value, digits):
    text = significant(value, digits)
    assert float(text) == pytest.approx(value, rel=0.5 * 10.0 ** (1 - digits) * (1 + 1e-9))
    mantissa = text.lstrip("-").split("e")[0].replace(".", "").lstrip("0")
    assert len(mantissa) <= digits


def test_factor_and_signed_sum_fold_the_signs():
    assert factor(-0.5) == "(-0.5000)" and factor(0.5) == "0.5000" and factor(-1e-9) == "0.0000"
    assert signed_sum([-0.25, -0.5, 0.5]) == "-0.2500 - 0.5000 + 0.5000"
    assert signed_sum([0.1, 2.0], 1) == "0.1 + 2.0"


def test_label_is_the_pictures_style():
    assert label(-0.5) == f"{MINUS}0.50" and label(-0.001) == "0.00" and label(0.126, 1) == "0.1"
    assert label(123456.0) == "1.23e+05" and label(-HUGE) == f"{MINUS}1.00e+05"
    assert "-" not in label(-7.25, 3)


def test_signed_writes_every_change_with_its_sign():
    assert signed(0.0012) == "+0.0012" and signed(-0.045) == f"{MINUS}0.0450"
    assert signed(3e-6) == f"+3.0e{MINUS}06" and signed(-3e-6) == f"{MINUS}3.0e{MINUS}06"
    assert signed(0.0) == "0.0000"


def test_plain_is_the_shortest_readable_text():
    assert plain(0.1 + 0.7) == "0.8" and plain(-1.0) == f"{MINUS}1" and plain(2 / 3) == "0.666667"
    assert plain(-1e-12) == "0"


def test_cell_writes_each_kind_of_value():
    assert cell("wh[0][1]") == "wh[0][1]" and cell(True) == "True" and cell(np.int64(7)) == "7"
    assert cell(0.5, 2) == "0.50" and cell(25.0, 4) == "25.0000" and cell(25.0, 4, whole=True) == "25"
    assert cell((6.0, -8.0), 1) == "(6.0, -8.0)" and cell(np.array([1.0, 2.5]), 1, whole=True) == "(1, 2.5)"
    assert cell([(25.0, 70.0)], 4, whole=True) == "((25, 70))"


# ------------------------------------------------------------------------------ Table
def test_table_text_html_and_markdown_show_the_same_cells():
    t = Table([["wo[0]", 0.5, -1e-9], ["bo", 2, 1.25]], ["parameter", "old", "new"], [0, 2, 3], "a title")
    assert t.cells() == [["wo[0]", "0.50", "0.000"], ["bo", "2", "1.250"]]
    text = str(t).splitlines()
    assert text == ["a title", "parameter   old    new", "---------  ----  -----",
                    "wo[0]      0.50  0.000", "bo            2  1.250"]
    html = t._repr_html_()
    assert html.count("<tr>") == 3 and "<caption>a title</caption>" in html
    assert '<td style="text-align:left">wo[0]</td>' in html and '<td style="text-align:right">1.250</td>' in html
    assert t.to_markdown().splitlines() == ["| parameter | old | new |", "|---|---|---|",
                                            "| wo[0] | 0.50 | 0.000 |", "| bo | 2 | 1.250 |"]


def test_table_checks_its_digits():
    with pytest.raises(ValueError, match=r"digits: expected one number or 2"):
        Table([[1, 2]], ["a", "b"], [1, 2, 3])
    with pytest.raises(ValueError, match=r"digits\[1\]"):
        Table([[1, 2]], ["a", "b"], [1, -2])


# ------------------------------------------------------------------------------ LaTeX
def test_aligned_and_pmatrix():
    block = aligned([r"s &= 1", r"a &= 2"])
    assert isinstance(block, LatexMath) and block == "\\begin{aligned}\ns &= 1 \\\\\na &= 2\n\\end{aligned}"
    assert block._repr_latex_() == f"$$\n{block}\n$$"
    assert pmatrix([[1.0, -0.5], [0.0, 2.0]], 1) == r"\begin{pmatrix}1.0 & -0.5 \\ 0.0 & 2.0\end{pmatrix}"
    assert pmatrix([0.25, 1.0], 2) == r"\begin{pmatrix}0.25 & 1.00\end{pmatrix}"


def test_the_old_homes_still_give_the_same_objects():
    from mlpviz import explain, lessons

    assert lessons.Table is Table and explain.LatexMath is LatexMath and explain.number is number
    assert math.isclose(float(explain.number(1 / 3, 6)), 0.333333)
