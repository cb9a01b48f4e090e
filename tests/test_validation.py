"""mlpviz.validation: the finiteness check finds every NaN and ±inf, at any size, and names the first."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mlpviz.validation import check_array, check_finite


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=20),
                  elements=st.floats(allow_nan=True, allow_infinity=True)))
def test_check_finite_agrees_with_isfinite_and_names_the_first_bad_value(arr):
    bad = np.argwhere(~np.isfinite(arr))           # the second method: numpy's own element-wise test
    with warnings.catch_warnings():
        warnings.simplefilter("error")             # huge finite values (1e308) must not warn either
        if bad.size == 0:
            assert check_finite(arr, "X") is arr
            return
        with pytest.raises(ValueError) as err:
            check_finite(arr, "X")
    pos = ", ".join(str(int(i)) for i in bad[0])
    assert str(err.value) == f"X: value {arr[tuple(bad[0])]} at [{pos}] is not a finite number"


@pytest.mark.parametrize("size", [1, 3, 100_000])
def test_one_bad_value_is_found_in_small_and_large_arrays(size):
    arr = np.full(size, 1e308)                     # finite, but its square overflows
    assert check_finite(arr, "x") is arr
    for bad in (np.nan, np.inf, -np.inf):
        arr[size // 2] = bad
        with pytest.raises(ValueError, match=rf"^x: value {bad} at \[{size // 2}\] is not a finite number$"):
            check_finite(arr, "x")
        arr[size // 2] = 0.0


def test_check_array_leaves_the_callers_array_alone():
    x = np.array([1.0, np.nan])
    with pytest.raises(ValueError, match=r"^z: value nan at \[1\]"):
        check_array(x, "z")
    assert np.isnan(x[1]) and x[0] == 1.0


@pytest.mark.parametrize("value, kind", [
    (["0.5", "0.5"], "<U3"), (np.array([True, False]), "bool"), (np.array([1 + 2j, 0j]), "complex128"),
    (np.array(["2026-11-30"], dtype="datetime64[D]"), "datetime64"),
])
def test_check_array_refuses_what_is_not_a_number_instead_of_converting_it(value, kind):
    with warnings.catch_warnings():
        warnings.simplefilter("error")                  # complex → float would warn and drop the imaginary part
        with pytest.raises(ValueError, match=rf"^x: expected numbers, got .*\(values of type {kind}"):
            check_array(value, "x")


def test_check_array_takes_ints_and_number_objects_as_floats():
    np.testing.assert_array_equal(check_array([1, 2], "x"), [1.0, 2.0])
    from fractions import Fraction
    assert check_array([Fraction(1, 2)], "x").tolist() == [0.5]
    x = np.array([0.25, 0.5])
    assert check_array(x, "x") is x                     # a float array is used as it is, not copied
    assert check_array(x, "x", copy=True) is not x


@pytest.mark.parametrize("value, why", [([10 ** 400, 1], "int too large"), ([None, 0.5], "None is not a number")])
def test_check_array_names_numbers_it_cannot_take(value, why):
    with pytest.raises(ValueError, match=rf"^x: expected numbers, got .*\({why}"):
        check_array(value, "x")
