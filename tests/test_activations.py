"""mlpviz.activations: values, derivatives (finite differences, sympy), stability, lookup."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlpviz.activations import ACTIVATIONS, Activation, activation_list, get_activation, relu, sigmoid

NAMES = ["sigmoid", "tanh", "relu", "linear"]


def math_sigmoid(s: float) -> float:
    """σ by hand, the overflow-free way round for each sign."""
    if s >= 0:
        return 1.0 / (1.0 + math.exp(-s))
    return math.exp(s) / (1.0 + math.exp(s))


def test_sigmoid_values_against_math():
    # abs=0: pytest.approx's default abs=1e-12 would accept any value below 1e-12 in the negative tail
    for s in np.concatenate([np.linspace(-40, 40, 161), np.linspace(-700, -40, 67)]):
        assert sigmoid(s) == pytest.approx(math_sigmoid(s), rel=1e-14, abs=0)
    assert float(sigmoid(0.0)) == 0.5
    np.testing.assert_allclose(sigmoid([-1.0, 0.5, 1.5]), [math_sigmoid(v) for v in (-1.0, 0.5, 1.5)], rtol=1e-15)


def test_sigmoid_kernels_agree_and_both_are_exact():
    # sigmoid takes scipy's expit below _EXPIT_BELOW values and numpy's exp above: one function, two kernels
    from mlpviz.activations import _EXPIT_BELOW

    s = np.concatenate([np.linspace(-745, 745, 20001), np.random.default_rng(0).uniform(-40, 40, 20000)])
    assert 100 < _EXPIT_BELOW <= s.size
    whole = sigmoid(s)                                                    # numpy's kernel
    pieces = np.concatenate([sigmoid(s[i:i + 100]) for i in range(0, s.size, 100)])   # expit
    np.testing.assert_array_max_ulp(whole, pieces, maxulp=4)
    for kernel in (whole, pieces):
        normal = s > -700
        expected = np.array([math_sigmoid(v) for v in s[normal]])
        np.testing.assert_allclose(kernel[normal], expected, rtol=1e-14, atol=0)
        assert kernel[s <= -745.0].max() < 1e-300 and np.all(kernel[s >= 37.0] == 1.0)


@pytest.mark.parametrize("size", [1, 4096])          # each kernel of the sigmoid
@pytest.mark.parametrize("name", NAMES)
def test_extreme_inputs_without_warnings_in_batches(name, size):
    f = ACTIVATIONS[name]
    s = np.repeat([-5000.0, -1000.0, -746.0, 5000.0], size)
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        a = f(s)
        d = f.df(s, a)
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(d))
    if name == "sigmoid":
        assert np.all(a[:3 * size] == 0.0) and np.all(a[3 * size:] == 1.0) and np.all(d == 0.0)


@pytest.mark.parametrize("name", NAMES)
def test_extreme_inputs_without_warnings(name):
    f = ACTIVATIONS[name]
    s = np.array([-5000.0, -1000.0, -746.0, -745.0, -50.0, 0.0, 50.0, 745.0, 1000.0, 5000.0])
    # numpy's default error state ignores underflow (exp(-5000) is 0); overflow, 0/0 and inf/inf must not happen
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        a = f(s)
        d = f.df(s)
        d_from_a = f.df(s, a)
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(d)) and np.all(np.isfinite(d_from_a))
    assert np.all(d >= 0)
    if name == "sigmoid":
        assert a[0] == 0.0 and a[-1] == 1.0 and a[5] == 0.5
        assert np.all((a >= 0) & (a <= 1)) and np.all(np.diff(a) >= 0)
        assert d[0] == 0.0 and d[-1] == 0.0
        assert 0.0 <= a[3] < 1e-300 and a[4] == pytest.approx(math_sigmoid(-50.0), rel=1e-14)
    if name == "tanh":
        assert a[0] == -1.0 and a[-1] == 1.0


@pytest.mark.parametrize("name", NAMES)
def test_derivative_against_finite_differences(name):
    f = ACTIVATIONS[name]
    s = np.concatenate([np.linspace(-6, -0.01, 40), np.linspace(0.01, 6, 40)])  # relu: away from 0
    h = 1e-6
    fd = (f(s + h) - f(s - h)) / (2 * h)
    np.testing.assert_allclose(f.df(s), fd, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(f.df(s, f(s)), f.df(s), rtol=1e-15, atol=0)


def test_relu_is_a_step():
    s = np.array([-3.0, -1e-12, 0.0, 1e-12, 2.5])
    np.testing.assert_array_equal(relu(s), [0.0, 0.0, 0.0, 1e-12, 2.5])
    np.testing.assert_array_equal(ACTIVATIONS["relu"].df(s), [0.0, 0.0, 0.0, 1.0, 1.0])  # f'(0) = 0 by convention


def test_linear_is_the_identity():
    s = np.array([[-2.0, 0.0], [3.5, 1e300]])
    f = ACTIVATIONS["linear"]
    np.testing.assert_array_equal(f(s), s)
    np.testing.assert_array_equal(f.df(s), np.ones_like(s))
    assert f.df(s).shape == s.shape


@settings(max_examples=100, deadline=None)
@given(st.floats(-700, 700, allow_nan=False))
def test_sigmoid_identities(s):
    assert float(sigmoid(s) + sigmoid(-s)) == pytest.approx(1.0, rel=1e-15)
    assert float(sigmoid(s)) == pytest.approx(math_sigmoid(s), rel=1e-14, abs=0)
    if s > -36:  # σ(s) = ½(1 + tanh(s/2)), a second formula (it loses digits further out in the tail)
        assert float(sigmoid(s)) == pytest.approx((1 + math.tanh(s / 2)) / 2, rel=1e-12, abs=3e-16)


@pytest.mark.parametrize("name", NAMES)
def test_sympy_form_matches_value_and_derivative(name):
    sp = pytest.importorskip("sympy")
    f = ACTIVATIONS[name]
    x = sp.Symbol("s", real=True)
    expr = f.sympy(x)
    dexpr = sp.diff(expr, x)
    for v in (-2.5, -0.3, 0.7, 3.0):
        assert float(expr.subs(x, v)) == pytest.approx(float(f(np.array(v))), rel=1e-13)
        assert float(dexpr.subs(x, v)) == pytest.approx(float(f.df(np.array(v))), rel=1e-12, abs=1e-15)


def test_shapes_preserved():
    for name in NAMES:
        f = ACTIVATIONS[name]
        for shape in [(), (3,), (2, 4)]:
            s = np.zeros(shape) + 0.3
            assert np.shape(f(s)) == shape and np.shape(f.df(s)) == shape


def test_lookup():
    assert get_activation(" Tanh ") is ACTIVATIONS["tanh"]
    act = ACTIVATIONS["relu"]
    assert get_activation(act) is act
    with pytest.raises(ValueError, match=r"activation: unknown activation 'soft'; expected one of "
                                         r"sigmoid, tanh, relu, linear"):
        get_activation("soft")
    with pytest.raises(ValueError, match=r"layer 2: unknown activation 3"):
        get_activation(3, where="layer 2")
    assert [a.name for a in activation_list("relu", 3)] == ["relu"] * 3
    assert [a.name for a in activation_list(["relu", "tanh"], 2)] == ["relu", "tanh"]
    with pytest.raises(ValueError, match=r"got 3 names"):
        activation_list(["relu", "tanh", "linear"], 2)


def test_latex_and_repr():
    for name, f in ACTIVATIONS.items():
        assert isinstance(f, Activation) and f.name == name
        assert f.latex and f.derivative_latex
        assert repr(f) == f"Activation({name!r})"
    assert r"\sigma(s)(1 - \sigma(s))" in ACTIVATIONS["sigmoid"].derivative_latex.replace(r"\,", "")
    assert r"1 - \tanh^2(s)" in ACTIVATIONS["tanh"].derivative_latex


@settings(max_examples=60)
@given(st.lists(st.floats(-800, 800, allow_nan=False), min_size=1, max_size=12), st.sampled_from(NAMES))
def test_out_writes_the_same_values_into_the_given_array(values, name):
    # A training loop passes its own arrays: the values must be exactly those of a fresh call,
    # in the very array it passed, whatever that array held before.
    f = ACTIVATIONS[name]
    s = np.array(values)
    a = f(s)
    out = np.full_like(s, 123.0)
    assert f(s, out=out) is out
    np.testing.assert_array_equal(out, a)
    d_out = np.full_like(s, -7.0)
    assert f.df(s, a, out=d_out) is d_out
    np.testing.assert_array_equal(d_out, f.df(s, a))
    np.testing.assert_array_equal(f.df(s, out=np.empty_like(s)), f.df(s))


def test_sigmoid_can_overwrite_its_input():
    s = np.array([-1000.0, -2.0, 0.0, 3.0])
    expected = [0.0] + [math_sigmoid(v) for v in (-2.0, 0.0, 3.0)]
    assert sigmoid(s, out=s) is s
    np.testing.assert_allclose(s, expected, rtol=1e-15, atol=0)
