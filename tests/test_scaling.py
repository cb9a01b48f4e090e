"""mlpviz.scaling.MinMaxScaler: ranges, the min == max rule, round trips, validation messages."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mlpviz import MinMaxScaler
from mlpviz import examples as ex


def by_hand(X, lo, hi):
    """lo + (x − min)/(max − min)·(hi − lo), column by column, in plain Python."""
    X = [list(map(float, r)) for r in X]
    cols = list(zip(*X))
    out = []
    for row in X:
        out.append([lo + (v - min(c)) / (max(c) - min(c)) * (hi - lo) for v, c in zip(row, cols)])
    return out


@pytest.mark.parametrize("rng", [(0, 1), (-1, 1), (-3, 5)])
def test_ranges_on_the_seed_dataset(rng):
    sc = MinMaxScaler(rng)
    got = sc.fit_transform(ex.SEED_DATASET)
    np.testing.assert_allclose(got, by_hand(ex.SEED_DATASET, *rng), rtol=0, atol=1e-14)
    assert got.min(axis=0).tolist() == [rng[0]] * 3 and got.max(axis=0).tolist() == [rng[1]] * 3
    assert sc.data_min_.tolist() == [25, 67, 68] == [min(c) for c in zip(*ex.SEED_DATASET.tolist())]
    assert sc.data_max_.tolist() == [70, 98, 91] == [max(c) for c in zip(*ex.SEED_DATASET.tolist())]
    assert sc.data_range_.tolist() == [45, 31, 23] and sc.n_features_in_ == 3


@pytest.mark.parametrize("rng, mid", [((0, 1), 0.5), ((-1, 1), 0.0)])
def test_constant_column_goes_to_the_middle(rng, mid):
    X = np.array([[1.0, 5.0], [3.0, 5.0], [2.0, 5.0]])
    out = MinMaxScaler(rng).fit_transform(X)
    assert out[:, 1].tolist() == [mid] * 3
    np.testing.assert_allclose(out[:, 0], [rng[0], rng[1], (rng[0] + rng[1]) / 2])
    # new data in a constant column maps to the middle too, and inverse gives the constant back
    sc = MinMaxScaler(rng).fit(X)
    assert sc.transform([[2.0, 7.0]])[0, 1] == mid
    assert sc.inverse_transform(out)[:, 1].tolist() == [5.0] * 3


def test_single_row_becomes_one_half():
    sc = MinMaxScaler().fit(ex.SEED_DATASET[2:3])
    assert sc.transform(ex.SEED_DATASET[2:3]).tolist() == [[0.5, 0.5, 0.5]]
    assert MinMaxScaler((-1, 1)).fit_transform([[70.0, 98.0]]).tolist() == [[0.0, 0.0]]


def test_one_dimensional_row():
    sc = MinMaxScaler().fit(ex.SEED_DATASET)
    row = sc.transform(np.array([50.0, 85.0, 82.0]))
    assert row.shape == (3,)
    np.testing.assert_array_equal(row, sc.transform(ex.SEED_DATASET[1:2])[0])
    back = sc.inverse_transform(row)
    assert back.shape == (3,)
    np.testing.assert_allclose(back, [50.0, 85.0, 82.0], rtol=1e-15)


def test_values_outside_the_fitted_range_extrapolate():
    sc = MinMaxScaler().fit(ex.SEED_DATASET)
    assert sc.transform([115.0, 67.0, 68.0]).tolist() == [2.0, 0.0, 0.0]


def test_transform_does_not_change_its_input():
    X = ex.SEED_DATASET.copy()
    MinMaxScaler().fit_transform(X)
    np.testing.assert_array_equal(X, ex.SEED_DATASET)


finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=80, deadline=None)
@given(hnp.arrays(float, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=6), elements=finite),
       st.sampled_from([(0, 1), (-1, 1), (-2.5, 10)]))
def test_inverse_transform_round_trip(X, rng):
    sc = MinMaxScaler(rng).fit(X)
    Y = sc.transform(X)
    assert np.all(Y >= rng[0] - 1e-9) and np.all(Y <= rng[1] + 1e-9)
    scale = np.maximum(np.abs(X).max(axis=0), 1.0)
    np.testing.assert_allclose(sc.inverse_transform(Y), X, rtol=0, atol=1e-9 * scale.max())


def test_from_min_max_equals_fit():
    fitted = MinMaxScaler((-1, 1)).fit(ex.SEED_DATASET)
    known = MinMaxScaler.from_min_max([25, 67, 68], [70, 98, 91], (-1, 1))
    np.testing.assert_array_equal(known.transform(ex.SEED_DATASET), fitted.transform(ex.SEED_DATASET))
    assert known.feature_range == (-1.0, 1.0)
    one = MinMaxScaler.from_min_max(3.0, 3.0)  # scalars are one column
    assert one.transform([[10.0]]).tolist() == [[0.5]]


@pytest.mark.parametrize("mins, maxs, match", [
    ([1, 2], [3], r"data_min/data_max: expected two lists of the same length"),
    ([], [], r"data_min/data_max: expected two lists"),
    ([1, np.nan], [3, 4], r"every value must be a finite number"),
    ([1, 5], [3, 4], r"column 1 has min 5 greater than max 4"),
])
def test_from_min_max_errors(mins, maxs, match):
    with pytest.raises(ValueError, match=match):
        MinMaxScaler.from_min_max(mins, maxs)


def test_errors():
    with pytest.raises(ValueError, match=r"MinMaxScaler: not fitted yet; call fit\(X\) first"):
        MinMaxScaler().transform([[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"not fitted yet"):
        MinMaxScaler().inverse_transform([[1.0, 2.0]])
    sc = MinMaxScaler().fit(ex.SEED_DATASET)
    with pytest.raises(ValueError, match=r"X: has 2 columns but the scaler was fitted on 3"):
        sc.transform([[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"X: has 2 columns but the scaler was fitted on 3"):
        sc.inverse_transform([1.0, 2.0])
    X = ex.SEED_DATASET.copy()
    X[1, 2] = np.nan
    with pytest.raises(ValueError, match=r"X: row 1, column 2 is nan, not a finite number"):
        MinMaxScaler().fit(X)
    with pytest.raises(ValueError, match=r"X: row 0, column 0 is inf"):
        sc.transform([[np.inf, 1.0, 1.0]])
    with pytest.raises(ValueError, match=r"X: expected a 2-D table \(n_samples, n_columns\) with at least one row, "
                                         r"got shape \(0, 3\)"):
        MinMaxScaler().fit(np.empty((0, 3)))
    with pytest.raises(ValueError, match=r"got shape \(3,\)"):
        MinMaxScaler().fit([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"X: expected numbers"):
        MinMaxScaler().fit([["a", "b"]])
    with pytest.raises(ValueError, match=r"X: expected numbers"):
        sc.transform([["a", "b", "c"]])
    with pytest.raises(ValueError, match=r"data_min: expected numbers"):
        MinMaxScaler.from_min_max("a", "b")
    for bad in [(1, 0), (0, 0), (0, np.inf), (0,), "ab", None]:
        with pytest.raises(ValueError, match=r"feature_range"):
            MinMaxScaler(bad)


def test_repr():
    assert repr(MinMaxScaler((-1, 1))) == "MinMaxScaler(feature_range=(-1, 1))"


# ----------------------------------------------------------------- issue 10: overflow from finite numbers
def test_a_column_whose_spread_overflows_is_refused_naming_it():
    X = [[1.0, -1e308], [2.0, 1e308]]
    with pytest.raises(ValueError, match=r"^X: column 1 spans -1e\+308 to 1e\+308: the spread max − min is too "
                                         r"large to compute in floating point"):
        MinMaxScaler().fit(X)
    with pytest.raises(ValueError, match=r"^column 'i1' spans -1e\+308 to 1e\+308"):
        MinMaxScaler().fit(X, columns=["i0", "i1"])
    with pytest.raises(ValueError, match=r"^data_min/data_max: column 1 spans -1e\+308 to 1e\+308"):
        MinMaxScaler.from_min_max([1.0, -1e308], [2.0, 1e308])
    with pytest.raises(ValueError, match=r"^columns: expected 2 column names, one per column of X, got \['i0'\]"):
        MinMaxScaler().fit(X, columns=["i0"])
    # the largest spread that fits is fine: 0 to 1.7e308
    sc = MinMaxScaler().fit([[0.0], [1.7e308]])
    assert sc.transform([[0.85e308]]).tolist() == [[0.5]]


def test_a_value_that_scales_beyond_floating_point_is_named_without_a_warning():
    import warnings

    sc = MinMaxScaler((-1, 1)).fit([[0.0, -1e308], [1.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")                 # no RuntimeWarning gets out
        with pytest.raises(ValueError, match=r"^X: row 1, column 1: 1e\+308 scales to inf, beyond floating point"):
            sc.transform([[0.5, 0.0], [0.5, 1e308]])
        with pytest.raises(ValueError, match=r"^X: row 0, column 1: 1e\+300 maps back to -?inf"):
            sc.inverse_transform([[0.0, 1e300]])
        assert sc.transform([[0.5, -0.5e308]]).tolist() == [[0.0, 0.0]]   # by hand: −1 + 0.5·2


@pytest.mark.parametrize("bad", [None, {"a": 1}, "1,2", b"12", {1, 2}])
def test_transform_refuses_what_is_not_numbers_naming_X(bad):
    sc = MinMaxScaler().fit([[0.0, 1.0], [1.0, 2.0]])
    for method in (sc.transform, sc.inverse_transform, MinMaxScaler().fit):
        with pytest.raises(ValueError, match=r"^X: expected numbers"):
            method(bad)
