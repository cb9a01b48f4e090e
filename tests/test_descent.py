"""Gradient descent on 2-D functions (mlpviz.descent).

Expected values are derived here by hand: on the bowl x² + y² one step is
x ← x − η·2x = x(1 − 2η), so from (3, 4) with η = 0.1 the k-th point is
(3·0.8^k, 4·0.8^k) and f there is 25·0.64^k.
"""
from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from mlpviz.descent import (FUNCTIONS, Descent, DescentPath, Function2D, get_function,
                            gradient_descent)

coords = st.floats(-3, 3, allow_nan=False)


# --------------------------------------------------------------------------- the seed's table
def test_seed_table_from_3_4_with_rate_0_1():
    path = gradient_descent("bowl", start=(3, 4), lr=0.1, steps=10)
    k = np.arange(10)
    x, y = 3 * 0.8 ** k, 4 * 0.8 ** k
    np.testing.assert_allclose(path.x, x, rtol=1e-12)
    np.testing.assert_allclose(path.y, y, rtol=1e-12)
    np.testing.assert_allclose(path.grad, np.column_stack([2 * x, 2 * y]), rtol=1e-12)
    np.testing.assert_allclose(path.x_new, 3 * 0.8 ** (k + 1), rtol=1e-12)
    np.testing.assert_allclose(path.y_new, 4 * 0.8 ** (k + 1), rtol=1e-12)
    np.testing.assert_allclose(path.f, 25 * 0.64 ** k, rtol=1e-12)
    assert len(path) == 10
    assert path.points.shape == (11, 2)
    np.testing.assert_allclose(path.points[:, 0], 3 * 0.8 ** np.arange(11), rtol=1e-12)
    assert not path.diverged


def test_first_two_rows_by_hand():
    # (3, 4): ∇f = (6, 8); 3 − 0.1·6 = 2.4, 4 − 0.1·8 = 3.2; then ∇f = (4.8, 6.4) → (1.92, 2.56)
    rows = gradient_descent(steps=2).table()
    assert rows[0] == pytest.approx({"step": 0, "x": 3, "y": 4, "grad_x": 6, "grad_y": 8,
                                     "x_new": 2.4, "y_new": 3.2, "f": 25})
    assert rows[1] == pytest.approx({"step": 1, "x": 2.4, "y": 3.2, "grad_x": 4.8, "grad_y": 6.4,
                                     "x_new": 1.92, "y_new": 2.56, "f": 2.4 ** 2 + 3.2 ** 2})


def test_rows_chain_into_each_other():
    path = gradient_descent("two_minima", start=(0.4, 1.2), lr=0.05, steps=25)
    np.testing.assert_array_equal(path.x[1:], path.x_new[:-1])
    np.testing.assert_array_equal(path.y[1:], path.y_new[:-1])
    np.testing.assert_array_equal(path.points[1:], np.column_stack([path.x_new, path.y_new]))
    np.testing.assert_array_equal(path.points[:-1], np.column_stack([path.x, path.y]))


def test_format_table_has_fixed_decimals():
    path = gradient_descent(steps=10)
    text = path.format_table(digits=6)
    lines = text.splitlines()
    assert len(lines) == 12 and "∇f" in lines[0]   # the heading, its rule, ten rows (a mlpviz.format.Table)
    for line in lines[2:]:
        numbers = re.findall(r"-?\d+\.\d+", line)
        assert len(numbers) == 7   # x, y, ∂f/∂x, ∂f/∂y, x_new, y_new, f
        assert all(len(n.split(".")[1]) == 6 for n in numbers)
    assert "| 0 | 3.0000 | 4.0000 | (6.0000, 8.0000) | 2.4000 | 3.2000 | 25.0000 |" in \
        path.format_table(4, fmt="markdown")
    assert str(path) == text


def test_zero_steps_is_an_empty_path():
    path = gradient_descent(steps=0)
    assert len(path) == 0 and path.table() == []
    np.testing.assert_array_equal(path.points, [[3.0, 4.0]])
    assert path.format_table().splitlines()[0].strip().startswith("step")


# --------------------------------------------------------------------------- learning rates
def test_rate_one_bounces_between_two_points():
    path = gradient_descent(lr=1.0, steps=9)
    expected = np.array([[3, 4], [-3, -4]] * 5, dtype=float)
    np.testing.assert_array_equal(path.points, expected)
    assert not path.diverged
    d = Descent(lr=1.0)
    assert "x ↦ x(1−2η) = −x" in d.message and "bounces between two points forever" in d.message


def test_rate_half_lands_on_the_minimum_in_one_step():
    path = gradient_descent(lr=0.5, steps=3)
    np.testing.assert_array_equal(path.points[1:], 0.0)
    assert "one step lands exactly on the minimum" in Descent(lr=0.5).message


def test_rate_above_one_diverges_with_flag_and_no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = gradient_descent(lr=1.5, steps=1000)
        # |x| doubles every step: f = 25·4^k passes 10^6 after 8 steps
        assert path.diverged
        assert len(path) == 8
        assert np.all(np.isfinite(path.points))
        np.testing.assert_allclose(path.points[:, 0], 3 * (-2.0) ** np.arange(9))
        huge = gradient_descent(lr=1e200, steps=50)   # overflows to inf: no warning either
        assert huge.diverged and np.all(np.isfinite(huge.points))
        d = Descent(lr=1.5)
        d.run(100)
        assert d.diverged and d.step() is None and len(d) == 8
        assert "diverg" in d.message.lower() and "smaller learning rate" in d.message


def test_rate_just_above_one_is_explained_as_diverging_before_the_flag():
    d = Descent(lr=1.1)
    d.run(10)
    assert not d.diverged   # |x| grew only by 1.2^10 ≈ 6
    assert "|1−2η| = 1.2" in d.message and "diverging" in d.message


def test_small_rate_message_gives_the_factor():
    assert "x ↦ x(1−2η) = 0.8·x" in Descent(lr=0.1).message
    assert "−0.4·x" in Descent(lr=0.7).message and "zig-zag" in Descent(lr=0.7).message


def test_stretched_bowl_bounces_in_y_at_rate_0_1():
    path = gradient_descent("stretched", start=(3, 4), lr=0.1, steps=6)
    k = np.arange(7)
    np.testing.assert_allclose(path.points[:, 0], 3 * 0.8 ** k, rtol=1e-12)
    np.testing.assert_allclose(path.points[:, 1], 4 * (-1.0) ** k, rtol=1e-12)
    message = Descent("stretched", lr=0.1).message
    assert "y ↦ y(1−20η) = −y" in message and "0.8·x" in message


def test_custom_limit():
    # η = 1.5 doubles |x| and |y|: f goes 25 → 100, past a limit of 50 after one step
    path = gradient_descent(lr=1.5, steps=10, limit=50.0)
    assert path.diverged and len(path) == 1 and path.limit == 50.0
    np.testing.assert_allclose(path.f_points, [25.0, 100.0])
    # a descending path never passes it
    assert not gradient_descent(lr=0.1, steps=10, limit=50.0).diverged


# --------------------------------------------------------------------------- two minima
@settings(max_examples=30, deadline=None)
@given(x0=st.floats(0.05, 1.3), y0=st.floats(-1.5, 1.5))
def test_two_minima_goes_to_the_minimum_on_its_side(x0, y0):
    right = gradient_descent("two_minima", start=(x0, y0), lr=0.05, steps=400)
    left = gradient_descent("two_minima", start=(-x0, y0), lr=0.05, steps=400)
    np.testing.assert_allclose(right.end, (1.0, 0.0), atol=1e-6)
    np.testing.assert_allclose(left.end, (-1.0, 0.0), atol=1e-6)


def test_two_minima_message_names_the_minimum():
    d = Descent("two_minima", start=(0.5, 0.3), lr=0.05)
    d.run(400)
    assert "at the minimum (1, 0)" in d.message


# --------------------------------------------------------------------------- gradients
@settings(max_examples=40, deadline=None)
@given(x=coords, y=coords, name=st.sampled_from(sorted(FUNCTIONS)))
def test_gradients_match_central_differences(x, y, name):
    fn = FUNCTIONS[name]
    h = 1e-5
    num = np.array([(fn.f(x + h, y) - fn.f(x - h, y)) / (2 * h),
                    (fn.f(x, y + h) - fn.f(x, y - h)) / (2 * h)])
    np.testing.assert_allclose(fn.gradient(x, y), num, rtol=1e-6, atol=1e-5)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_gradients_match_sympy(name):
    fn = FUNCTIONS[name]
    X, Y = sp.symbols("x y", real=True)
    expr = fn.sympy(X, Y)
    dx, dy = sp.diff(expr, X), sp.diff(expr, Y)
    rng = np.random.default_rng(0)
    for x, y in rng.uniform(-3, 3, size=(10, 2)):
        exact = [float(dx.subs({X: x, Y: y})), float(dy.subs({X: x, Y: y}))]
        np.testing.assert_allclose(fn.gradient(x, y), exact, rtol=1e-12, atol=1e-12)
        assert fn.value(x, y) == pytest.approx(float(expr.subs({X: x, Y: y})), rel=1e-12)


def test_gradient_broadcasts_over_grids():
    X, Y = np.meshgrid(np.linspace(-1, 1, 4), np.linspace(-2, 2, 3))
    g = FUNCTIONS["bowl"].gradient(X, Y)
    assert g.shape == (2, 3, 4)
    np.testing.assert_allclose(g[0], 2 * X)
    np.testing.assert_allclose(g[1], 2 * Y)


# --------------------------------------------------------------------------- custom functions
def test_from_callables_descends_like_the_builtin():
    fn = Function2D.from_callables("my bowl", lambda x, y: x**2 + y**2, lambda x, y: (2 * x, 2 * y),
                                   "x^2 + y^2", minima=[(0, 0)])
    ours = gradient_descent(fn, steps=10)
    theirs = gradient_descent("bowl", steps=10)
    np.testing.assert_allclose(ours.points, theirs.points)
    assert ours.function.name == "my bowl" and Descent(fn).message.startswith("Start at (3, 4)")


def test_from_sympy_derives_the_gradient():
    x, y = sp.symbols("x y")
    fn = Function2D.from_sympy("tilted", (x - 1) ** 2 + 3 * (y + 2) ** 2, x, y, minima=[(1, -2)])
    np.testing.assert_allclose(fn.gradient(0.5, 0.0), [2 * (0.5 - 1), 6 * 2.0])
    path = gradient_descent(fn, start=(3, 4), lr=0.1, steps=200)
    np.testing.assert_allclose(path.end, (1, -2), atol=1e-8)
    assert "nabla" in fn.grad_latex
    X, Y = np.meshgrid([0.0, 1.0], [0.0, 2.0])
    assert fn.gradient(X, Y).shape == (2, 2, 2)


def test_from_sympy_rejects_other_symbols():
    x, y, a = sp.symbols("x y a")
    with pytest.raises(ValueError, match="only use the symbols x and y.*a"):
        Function2D.from_sympy("bad", a * x**2 + y**2, x, y)


def test_from_sympy_reads_text_with_the_restricted_parser_never_sympify(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError(f"sympify was called with {args[:1]!r}")

    monkeypatch.setattr(sp, "sympify", never)
    x, y = sp.symbols("x y")
    fn = Function2D.from_sympy("tilted", "(x - 1)^2 + 3(y + 2)^2", x, y, minima=[(1, -2)])
    np.testing.assert_allclose(fn.gradient(0.5, 0.0), [2 * (0.5 - 1), 6 * 2.0])
    np.testing.assert_allclose(fn.value(3.0, 4.0), 4 + 3 * 36)
    path = gradient_descent(fn, start=(3, 4), lr=0.1, steps=200)
    np.testing.assert_allclose(path.end, (1, -2), atol=1e-8)
    a, b = sp.symbols("a b")                    # fn.sympy builds f in any symbols
    assert sp.expand(fn.sympy(a, b) - ((a - 1) ** 2 + 3 * (b + 2) ** 2)) == 0
    v = Function2D.from_sympy("v", "abs(x) + y^2", x, y)     # real symbols: d|x|/dx = sign(x)
    np.testing.assert_allclose(v.gradient(-2.0, 3.0), [-1.0, 6.0])


def test_from_sympy_text_nothing_typed_runs(tmp_path):
    target = tmp_path / "ran"
    x, y = sp.symbols("x y")
    for text in [f"__import__('pathlib').Path('{target}').write_text('x')", f"open('{target}', 'w')",
                 "x.__class__", "lambda: 1"]:
        with pytest.raises(ValueError, match="^expr: "):
            Function2D.from_sympy("bad", text, x, y)
    assert not target.exists()


@pytest.mark.parametrize("text,message", [
    ("(x-x+2)^(10^10)", r"'\(x-x\+2\)\^\(10\^10\)' at column 1 is too large"),
    ("sqrt(-1)+x", "'sqrt\\(-1\\)' at column 1 is not a real number"),
    ("x + z", "unknown name 'z'"),
])
def test_from_sympy_text_is_refused_with_the_parser_messages(text, message):
    x, y = sp.symbols("x y")
    with pytest.raises(ValueError, match="^expr: .*" + message):
        Function2D.from_sympy("bad", text, x, y)


def test_from_sympy_message_for_symbols_that_differ_only_in_assumptions():
    x, y = sp.symbols("x y")
    xr = sp.Symbol("x", real=True)
    with pytest.raises(ValueError) as info:
        Function2D.from_sympy("bad", xr**2 + y**2, x, y)
    message = str(info.value)
    assert "Symbol('x', real=True)" in message and "the argument x is Symbol('x')" in message
    assert "different assumptions" in message and "also uses" not in message
    yp = sp.Symbol("y", positive=True)
    with pytest.raises(ValueError, match=r"the argument y is Symbol\('y', positive=True\)"):
        Function2D.from_sympy("bad", x + sp.Symbol("y"), x, yp)


def test_from_sympy_refuses_what_overflows_on_its_box():
    x, y = sp.symbols("x y")
    with pytest.raises(ValueError, match=r"^expr: f = .*overflows a float on the box"):
        Function2D.from_sympy("huge", x * sp.Integer(10) ** 300 * sp.Integer(10) ** 300, x, y)
    box = r"x ∈ \[-5, 5\] × y ∈ \[-5, 5\]"
    with pytest.raises(ValueError, match=r"^expr: f = x\*\*1000 \+ y overflows a float on the box " + box):
        Function2D.from_sympy("steep", x**1000 + y, x, y)
    fn = Function2D.from_sympy("steep", x**1000 + y, x, y, xlim=(-1, 1), ylim=(-1, 1))   # fine there
    np.testing.assert_allclose(fn.gradient(1.0, 0.0), [1000.0, 1.0])
    with pytest.raises(ValueError, match="is not real"):
        Function2D.from_sympy("complex", sp.I * x + y, x, y)


@pytest.mark.parametrize("expr,x,y,message", [
    ("x", "x", "y", "^x: expected a sympy Symbol"),
    (b"x", sp.Symbol("x"), sp.Symbol("y"), "^expr: expected a sympy expression or a formula as text, got b"),
    ([1], sp.Symbol("x"), sp.Symbol("y"), "^expr: expected a sympy expression"),
    (sp.Symbol("x"), sp.Symbol("x"), sp.Symbol("x"), "^x, y: expected two different symbols"),
])
def test_from_sympy_bad_arguments_are_named(expr, x, y, message):
    with pytest.raises(ValueError, match=message):
        Function2D.from_sympy("bad", expr, x, y)


def test_bad_custom_gradient_is_reported():
    fn = Function2D.from_callables("bad", lambda x, y: x + y, lambda x, y: 1.0)
    with pytest.raises(ValueError, match="'bad'.*two values"):
        gradient_descent(fn, steps=1)


# --------------------------------------------------------------------------- Descent state
def test_descent_steps_one_at_a_time():
    d = Descent()
    assert d.position == (3.0, 4.0) and len(d) == 0 and d.path.points.shape == (1, 2)
    row = d.step()
    assert row["x_new"] == pytest.approx(2.4) and row["y_new"] == pytest.approx(3.2)
    assert d.position == pytest.approx((2.4, 3.2))
    path = d.run(4)
    assert isinstance(path, DescentPath) and len(path) == 5 and d.n_steps == 5
    np.testing.assert_allclose(d.position, (3 * 0.8**5, 4 * 0.8**5))
    np.testing.assert_allclose(path.points, gradient_descent(steps=5).points)


def test_descent_path_is_a_snapshot():
    d = Descent()
    d.run(3)
    before = d.path
    d.run(3)
    assert len(before) == 3 and len(d.path) == 6


def test_reset_set_start_lr_and_function_restart():
    d = Descent()
    d.run(5)
    d.reset()
    assert d.position == (3.0, 4.0) and len(d) == 0
    d.run(2)
    d.set_start(-1, 2)
    assert d.position == (-1.0, 2.0) and len(d) == 0 and d.start == (-1.0, 2.0)
    d.run(2)
    d.lr = 0.25
    assert d.lr == 0.25 and len(d) == 0 and d.position == (-1.0, 2.0)
    d.step()
    assert d.position == pytest.approx((-0.5, 1.0))   # factor 1 − 2·0.25 = 0.5
    d.function = "stretched"
    assert d.function is FUNCTIONS["stretched"] and len(d) == 0
    d.step()
    assert d.position == pytest.approx((-0.5, 2.0 * (1 - 20 * 0.25)))


def test_reset_clears_divergence():
    d = Descent(lr=2.0)
    d.run(50)
    assert d.diverged
    d.lr = 0.1
    assert not d.diverged and d.step() is not None


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("lr", [0, -0.1, float("nan"), float("inf"), "0.1", True, None])
def test_bad_learning_rate(lr):
    with pytest.raises(ValueError, match="lr"):
        gradient_descent(lr=lr)
    d = Descent()
    with pytest.raises(ValueError, match="learning rate|lr"):
        d.lr = lr
    assert d.lr == 0.1


@pytest.mark.parametrize("start", [(1,), (1, 2, 3), ("a", "b"), (float("nan"), 0), "ab", 5])
def test_bad_start(start):
    with pytest.raises(ValueError, match="start"):
        gradient_descent(start=start)
    with pytest.raises(ValueError, match="start"):
        Descent(start=start)


@pytest.mark.parametrize("x, y", [("a", 1), (float("nan"), 0), (None, 1), (0, float("inf"))])
def test_bad_set_start_keeps_the_old_start(x, y):
    d = Descent()
    d.run(2)
    with pytest.raises(ValueError, match="start"):
        d.set_start(x, y)
    assert d.start == (3.0, 4.0) and len(d) == 2


@pytest.mark.parametrize("steps", [-1, 2.5, "3", True])
def test_bad_steps(steps):
    with pytest.raises(ValueError, match="steps"):
        gradient_descent(steps=steps)


def test_unknown_function_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown function 'saddle'.*bowl, stretched, two_minima"):
        gradient_descent("saddle")
    d = Descent()
    with pytest.raises(ValueError, match="function"):
        d.function = "saddle"
    assert get_function(" Bowl ") is FUNCTIONS["bowl"]


def test_bad_custom_function_arguments():
    with pytest.raises(ValueError, match="f: expected a callable"):
        Function2D.from_callables("x", 3, lambda x, y: (x, y))
    with pytest.raises(ValueError, match="grad: expected a callable"):
        Function2D.from_callables("x", lambda x, y: x, None)
    with pytest.raises(ValueError, match="name"):
        Function2D.from_callables("", lambda x, y: x, lambda x, y: (1, 0))
    with pytest.raises(ValueError, match="xlim"):
        Function2D.from_callables("x", lambda x, y: x, lambda x, y: (1, 0), xlim=(2, 1))


def test_bad_table_arguments():
    path = gradient_descent(steps=2)
    with pytest.raises(ValueError, match="digits"):
        path.format_table(digits=-1)
    with pytest.raises(ValueError, match="fmt"):
        path.format_table(fmt="latex")
    with pytest.raises(ValueError, match="limit"):
        Descent(limit=0)
