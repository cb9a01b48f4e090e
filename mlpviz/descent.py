"""Gradient descent on a function of two variables.

The seeds introduce gradient descent on the bowl f(x, y) = x² + y², started at
(3, 4) with the learning rate η = 0.1.  One step is::

    (x, y)  ←  (x, y) − η ∇f(x, y)

and for the bowl ∇f = (2x, 2y), so each step is ``x ← x − 2ηx = x(1 − 2η)``
(and the same for y): the point is multiplied by the factor ``1 − 2η``.

* 0 < η < 0.5: the factor is in (0, 1), the path slides straight to (0, 0);
* η = 0.5: the factor is 0, one step lands exactly on the minimum;
* 0.5 < η < 1: the factor is in (−1, 0), the path jumps across the minimum
  each step, but still shrinks towards it;
* η = 1: the factor is −1, x ↦ −x, the path bounces between two points forever;
* η > 1: |1 − 2η| > 1, every step moves further out — the descent diverges.

This module computes; :mod:`mlpviz.plots.descent` draws and
:mod:`mlpviz.widgets` wraps the stateful :class:`Descent` in sliders and buttons.
Only numpy is imported (sympy only inside :meth:`Function2D.from_sympy`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from .format import Table, plain
from .validation import check_array, check_choice, check_count, check_number, check_range, describe

__all__ = [
    "Function2D", "FUNCTIONS", "get_function", "DescentPath", "Descent", "gradient_descent",
    "DEFAULT_LIMIT",
]

#: |f| beyond which a descent counts as diverged (or beyond 1000·|f(start)| if larger).
DEFAULT_LIMIT = 1e6


# --------------------------------------------------------------------------- functions
@dataclass(frozen=True)
class Function2D:
    """A function f(x, y) with its hand-written gradient.

    Attributes
    ----------
    name : str
        Short name (the key in :data:`FUNCTIONS`).
    f : callable
        ``f(x, y)`` on numbers or numpy arrays (broadcasting).
    grad : callable
        ``grad(x, y)`` returning ``(∂f/∂x, ∂f/∂y)``; :meth:`gradient` stacks it
        into an array of shape ``(2, ...)``.
    latex : str
        The formula, e.g. ``"f(x, y) = x^2 + y^2"`` (no ``$``).
    xlim, ylim : (float, float)
        The default view box for plots.
    minima : tuple of (x, y)
        Known minima (marked on plots; empty if unknown).
    grad_latex : str
        The gradient as LaTeX, e.g. ``"\\nabla f = (2x,\\ 2y)"``.
    sympy : callable or None
        ``sympy(x, y)`` builds the same function as a sympy expression (used by
        tests to check the hand-written gradient with ``sympy.diff``).
    curvature : (float, float) or None
        For a quadratic bowl ``f = ½·hx·x² + ½·hy·y²`` the pair ``(hx, hy)``;
        then one step multiplies x by ``1 − η·hx`` and y by ``1 − η·hy``,
        which :class:`Descent` uses to explain what a learning rate does.
    """

    name: str
    f: Callable
    grad: Callable
    latex: str = ""
    xlim: tuple[float, float] = (-5.0, 5.0)
    ylim: tuple[float, float] = (-5.0, 5.0)
    minima: tuple = ()
    grad_latex: str = ""
    sympy: Callable | None = field(default=None, repr=False, compare=False)
    curvature: tuple[float, float] | None = None

    def __call__(self, x, y):
        return self.f(x, y)

    def value(self, x, y) -> float | np.ndarray:
        """``f(x, y)`` as a float (scalars) or an array."""
        out = np.asarray(self.f(x, y), dtype=float)
        return float(out) if out.ndim == 0 else out

    def gradient(self, x, y) -> np.ndarray:
        """``∇f(x, y)`` stacked: shape ``(2,)`` for a point, ``(2, ...)`` for arrays."""
        try:
            g = self.grad(x, y)
            gx, gy = g
        except (TypeError, ValueError) as exc:
            raise ValueError(f"function {self.name!r}: grad(x, y) must return two values "
                             f"(∂f/∂x, ∂f/∂y); calling it failed: {exc}") from None
        gx, gy = np.broadcast_arrays(np.asarray(gx, dtype=float), np.asarray(gy, dtype=float))
        return np.stack([gx, gy])

    def step_factors(self, lr: float) -> tuple[float, float] | None:
        """For a quadratic bowl, the factors ``(1 − η·hx, 1 − η·hy)`` one step multiplies x and y by."""
        if self.curvature is None:
            return None
        hx, hy = self.curvature
        return 1.0 - lr * hx, 1.0 - lr * hy

    @classmethod
    def from_callables(cls, name: str, f: Callable, grad: Callable, latex: str = "", *,
                       xlim: Sequence[float] = (-5.0, 5.0), ylim: Sequence[float] = (-5.0, 5.0),
                       minima: Sequence[Sequence[float]] = (), grad_latex: str = "") -> "Function2D":
        """A custom function from ``f(x, y)`` and ``grad(x, y) -> (∂f/∂x, ∂f/∂y)``.

        Parameters
        ----------
        name : str
            A short name, shown in messages.
        f, grad : callable
            Must accept numpy arrays (broadcasting), as :func:`sympy.lambdify` output does.
        latex : str
            The formula for titles (no ``$``).
        xlim, ylim : (float, float)
            The default view box.
        minima : sequence of (x, y)
            Known minima to mark on plots.

        Raises
        ------
        ValueError
            If ``name`` is empty, ``f``/``grad`` are not callable or a box is not ``(lo, hi)``, lo < hi.
        """
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"name: expected a non-empty string, got {name!r}")
        if not callable(f):
            raise ValueError(f"f: expected a callable f(x, y), got {f!r}")
        if not callable(grad):
            raise ValueError(f"grad: expected a callable grad(x, y) -> (df/dx, df/dy), got {grad!r}")
        return cls(name=name.strip(), f=f, grad=grad, latex=str(latex),
                   xlim=check_range(xlim, "xlim"), ylim=check_range(ylim, "ylim"),
                   minima=tuple(_check_point(m, f"minima[{i}]") for i, m in enumerate(minima)),
                   grad_latex=str(grad_latex))

    @classmethod
    def from_sympy(cls, name: str, expr, x, y, **kwargs) -> "Function2D":
        """A custom function from a sympy expression in the symbols ``x`` and ``y``.

        The gradient is derived with :func:`sympy.diff`; both are compiled with
        :func:`sympy.lambdify` (numpy).  Keyword arguments are passed to
        :meth:`from_callables` (``xlim``, ``ylim``, ``minima``).

        Parameters
        ----------
        name : str
        expr : sympy.Expr or str
            The function. Text (``"x^2 + 10 y^2"``) is read by the restricted
            parser :func:`mlpviz.formula.parse_formula`, with its limits, and is
            never run as Python (no ``sympify``); its variables are then the
            real symbols named like ``x`` and ``y``
            (:func:`mlpviz.formula.formula_symbols`), so that ``abs`` has a
            gradient. Anything else goes through ``sympify(strict=True)``,
            which converts numbers and sympy objects only.
        x, y : sympy.Symbol
            The two variables, in order.

        Raises
        ------
        ValueError
            If ``x`` or ``y`` is not a sympy symbol or they are the same; if
            ``expr`` is text the parser refuses, or not a sympy expression;
            if it uses other symbols (or a symbol named like ``x`` or ``y`` with
            other assumptions: the message shows both); if f or its gradient
            overflows a float, or is complex, on the box ``xlim`` × ``ylim``
            (:func:`mlpviz.formula.check_overflow`).
        """
        import sympy as sp

        from .formula import check_overflow, formula_symbols, parse_formula
        from .validation import describe

        for arg, v in (("x", x), ("y", y)):
            if not isinstance(v, sp.Symbol):
                raise ValueError(f"{arg}: expected a sympy Symbol, got {describe(v)}")
        if x == y:
            raise ValueError(f"x, y: expected two different symbols, got {describe(x)} twice")
        if isinstance(expr, str):
            x, y = formula_symbols((x.name, y.name), name="x, y")
            expr = parse_formula(expr, (x.name, y.name), name="expr")
        else:
            try:
                expr = sp.sympify(expr, strict=True)      # numbers and sympy objects; never text
            except sp.SympifyError:
                raise ValueError(f"expr: expected a sympy expression or a formula as text, "
                                 f"got {type(expr).__name__}") from None
            if not isinstance(expr, sp.Expr):
                raise ValueError(f"expr: expected a sympy expression, got {type(expr).__name__}: {expr}")
        free = expr.free_symbols - {x, y}
        for s in sorted(free, key=str):
            for arg, v in (("x", x), ("y", y)):
                if s.name == v.name:
                    raise ValueError(f"expr: uses {sp.srepr(s)} but the argument {arg} is {sp.srepr(v)}: "
                                     f"same name, different assumptions, so sympy treats them as two "
                                     f"different symbols; pass the symbol the expression uses")
        if free:
            names = ", ".join(sorted(str(s) for s in free))
            raise ValueError(f"expr: may only use the symbols {x} and {y}; it also uses {names}")
        box = [check_range(kwargs.get(lim, (-5.0, 5.0)), lim) for lim in ("xlim", "ylim")]
        check_overflow(expr, (x, y), box, name="expr")
        dx, dy = sp.diff(expr, x), sp.diff(expr, y)
        f = _broadcasting(sp.lambdify((x, y), expr, "numpy"))
        gx = _broadcasting(sp.lambdify((x, y), dx, "numpy"))
        gy = _broadcasting(sp.lambdify((x, y), dy, "numpy"))
        latex = kwargs.pop("latex", f"f({x}, {y}) = {sp.latex(expr)}")
        grad_latex = kwargs.pop("grad_latex", rf"\nabla f = \left({sp.latex(dx)},\ {sp.latex(dy)}\right)")
        fn = cls.from_callables(name, f, lambda a, b: (gx(a, b), gy(a, b)), latex,
                                grad_latex=grad_latex, **kwargs)
        sym = lambda a, b: expr.subs({x: a, y: b}, simultaneous=True)  # noqa: E731
        return cls(**{**fn.__dict__, "sympy": sym})


def _broadcasting(fn: Callable) -> Callable:
    """Make a lambdified function return an array of the inputs' shape (constants too)."""
    def wrapped(x, y):
        out = fn(x, y)
        shape = np.broadcast_shapes(np.shape(x), np.shape(y))
        return np.broadcast_to(np.asarray(out, dtype=float), shape).copy() if shape else out
    return wrapped


def _check_point(point, name: str) -> tuple[float, float]:
    """A point ``(x, y)`` of two finite numbers."""
    values = check_array(point, name, ndim=1)
    if values.shape != (2,):
        raise ValueError(f"{name}: expected two numbers (x, y), got {describe(point)}")
    return float(values[0]), float(values[1])


def _check_lr(lr) -> float:
    return check_number(lr, "lr", positive=True, what="the learning rate η")


# The built-in functions.  Gradients are written by hand; tests check them
# against central finite differences and against sympy.diff.
def _check_momentum(momentum) -> float:
    momentum = check_number(momentum, "momentum", low=0.0, high=1.0, what="the momentum μ")
    if momentum >= 1.0:
        raise ValueError(f"momentum: must be a number from 0 to below 1, got {momentum!r}")
    return momentum


def _sym_bowl(x, y):
    return x**2 + y**2


def _sym_stretched(x, y):
    return x**2 + 10 * y**2


def _sym_two_minima(x, y):
    return (x**2 - 1)**2 + y**2


FUNCTIONS: dict[str, Function2D] = {
    "bowl": Function2D(
        "bowl",
        f=lambda x, y: x * x + y * y,
        grad=lambda x, y: (2 * x, 2 * y),
        latex="f(x, y) = x^2 + y^2",
        xlim=(-5.0, 5.0), ylim=(-5.0, 5.0), minima=((0.0, 0.0),),
        grad_latex=r"\nabla f = (2x,\ 2y)",
        sympy=_sym_bowl, curvature=(2.0, 2.0),
    ),
    "stretched": Function2D(
        "stretched",
        f=lambda x, y: x * x + 10 * y * y,
        grad=lambda x, y: (2 * x, 20 * y),
        latex="f(x, y) = x^2 + 10y^2",
        xlim=(-5.0, 5.0), ylim=(-5.0, 5.0), minima=((0.0, 0.0),),
        grad_latex=r"\nabla f = (2x,\ 20y)",
        sympy=_sym_stretched, curvature=(2.0, 20.0),
    ),
    "two_minima": Function2D(
        "two_minima",
        f=lambda x, y: (x * x - 1) ** 2 + y * y,
        grad=lambda x, y: (4 * x * (x * x - 1), 2 * y),
        latex="f(x, y) = (x^2 - 1)^2 + y^2",
        xlim=(-2.0, 2.0), ylim=(-2.0, 2.0), minima=((-1.0, 0.0), (1.0, 0.0)),
        grad_latex=r"\nabla f = (4x(x^2 - 1),\ 2y)",
        sympy=_sym_two_minima,
    ),
}


def get_function(f: str | Function2D, where: str = "f") -> Function2D:
    """Look a built-in function up by name (or pass a :class:`Function2D` through)."""
    if isinstance(f, Function2D):
        return f
    if isinstance(f, str) and f.strip().lower() in FUNCTIONS:
        return FUNCTIONS[f.strip().lower()]
    known = ", ".join(FUNCTIONS)
    raise ValueError(f"{where}: unknown function {f!r}; expected one of {known} or a Function2D")


# --------------------------------------------------------------------------- the path
@dataclass(eq=False)
class DescentPath:
    """The steps of one gradient descent, one row per step (like the seed's table).

    Row ``k`` holds the point before step ``k``, the gradient there, the point
    after the step and f before the step::

        x[k], y[k], grad[k] = ∇f(x[k], y[k]), x_new[k], y_new[k], f[k] = f(x[k], y[k])

    Attributes
    ----------
    x, y : arrays (n,)
    grad : array (n, 2)
    x_new, y_new : arrays (n,)
    f : array (n,)
    points : array (n + 1, 2)
        The start and every point after it.
    diverged : bool
        True when the descent stopped because |f| grew past ``limit`` or a
        value stopped being a finite number.
    function : Function2D
    lr : float
    limit : float
        The |f| threshold used for ``diverged``.
    momentum : float
        The momentum μ of the descent (0: plain gradient descent).
    """

    x: np.ndarray
    y: np.ndarray
    grad: np.ndarray
    x_new: np.ndarray
    y_new: np.ndarray
    f: np.ndarray
    points: np.ndarray
    diverged: bool
    function: Function2D
    lr: float
    limit: float = DEFAULT_LIMIT
    momentum: float = 0.0

    def __len__(self) -> int:
        return len(self.x)

    @property
    def start(self) -> tuple[float, float]:
        """The start point."""
        return float(self.points[0, 0]), float(self.points[0, 1])

    @property
    def end(self) -> tuple[float, float]:
        """The last point reached."""
        return float(self.points[-1, 0]), float(self.points[-1, 1])

    @property
    def f_points(self) -> np.ndarray:
        """f at every point of :attr:`points` (n + 1 values)."""
        with np.errstate(all="ignore"):
            return np.asarray(self.function.f(self.points[:, 0], self.points[:, 1]), dtype=float)

    def table(self) -> list[dict]:
        """The rows as dicts: ``step, x, y, grad_x, grad_y, x_new, y_new, f`` (plain floats)."""
        return [
            {"step": k, "x": float(self.x[k]), "y": float(self.y[k]),
             "grad_x": float(self.grad[k, 0]), "grad_y": float(self.grad[k, 1]),
             "x_new": float(self.x_new[k]), "y_new": float(self.y_new[k]), "f": float(self.f[k])}
            for k in range(len(self))
        ]

    def to_table(self, digits: int = 6) -> Table:
        """The rows as a :class:`~mlpviz.format.Table`, ``digits`` decimals in every column.

        Columns: step, x, y, ∇f(x, y) (the pair ``(∂f/∂x, ∂f/∂y)``), x_new, y_new, f(x, y).
        """
        digits = check_count(digits, "digits", low=0, high=15)
        rows = [[r["step"], r["x"], r["y"], (r["grad_x"], r["grad_y"]), r["x_new"], r["y_new"], r["f"]]
                for r in self.table()]
        return Table(rows, ["step", "x", "y", "∇f(x, y)", "x_new", "y_new", "f(x, y)"], digits)

    def format_table(self, digits: int = 6, fmt: str = "text") -> str:
        """The table as text, with ``digits`` decimals in every column.

        Parameters
        ----------
        digits : int, default 6
            Decimals shown (values are rounded for display only).
        fmt : {"text", "markdown"}
            Aligned plain text, or a Markdown table (``IPython.display.Markdown``).

        Raises
        ------
        ValueError
            If ``digits`` is not a whole number from 0 to 15 or ``fmt`` is not known.
        """
        fmt = check_choice(fmt, "fmt", ("text", "markdown"))
        table = self.to_table(digits)
        return table.to_markdown() if fmt == "markdown" else str(table)

    def __str__(self) -> str:
        return self.format_table()

    def __repr__(self) -> str:
        x, y = self.end
        state = ", diverged" if self.diverged else ""
        return (f"DescentPath({self.function.name!r}, lr={self.lr:g}, steps={len(self)}, "
                f"end=({x:.6g}, {y:.6g}){state})")


# --------------------------------------------------------------------------- stateful
class Descent:
    """Gradient descent one step at a time — the state behind a widget.

    Parameters
    ----------
    f : str or Function2D, default "bowl"
        A name from :data:`FUNCTIONS` (``"bowl"``, ``"stretched"``,
        ``"two_minima"``) or a custom :class:`Function2D`.
    start : (float, float), default (3, 4)
        The start point (the seeds' example).
    lr : float, default 0.1
        The learning rate η > 0.
    limit : float or None
        |f| beyond which the descent counts as diverged and stops; ``None``
        means ``max(1e6, 1000·|f(start)|)``.

    Notes
    -----
    Setting :attr:`lr`, :attr:`function` or the start (:meth:`set_start`)
    restarts the path from the start point, so a path always belongs to one
    function and one learning rate.

    Examples
    --------
    >>> d = Descent("bowl", start=(3, 4), lr=0.1)
    >>> d.step()["x_new"]
    2.4
    """

    def __init__(self, f: str | Function2D = "bowl", start: Sequence[float] = (3.0, 4.0),
                 lr: float = 0.1, limit: float | None = None, momentum: float = 0.0):
        self._function = get_function(f)
        self._momentum = _check_momentum(momentum)
        self._start = _check_point(start, "start")
        self._lr = _check_lr(lr)
        self._limit_arg = check_number(limit, "limit", positive=True, allow_none=True,
                                       what="the |f| that counts as diverged")
        self.reset()

    # ------------------------------------------------------------- settings
    @property
    def function(self) -> Function2D:
        """The function descended; set it by name or as a :class:`Function2D` (restarts)."""
        return self._function

    @function.setter
    def function(self, f: str | Function2D) -> None:
        self._function = get_function(f, "function")
        self.reset()

    @property
    def lr(self) -> float:
        """The learning rate η (> 0); setting it restarts the path."""
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        self._lr = _check_lr(value)
        self.reset()

    @property
    def momentum(self) -> float:
        """The momentum μ (0: plain gradient descent)."""
        return self._momentum

    @property
    def start(self) -> tuple[float, float]:
        """The start point."""
        return self._start

    def set_start(self, x: float, y: float) -> None:
        """Move the start point to ``(x, y)`` and restart."""
        self._start = _check_point((x, y), "start")
        self.reset()

    @property
    def limit(self) -> float:
        """The |f| threshold for divergence."""
        if self._limit_arg is not None:
            return float(self._limit_arg)
        with np.errstate(all="ignore"):
            f0 = abs(float(self._function.f(*self._start)))
        return max(DEFAULT_LIMIT, 1000.0 * f0) if np.isfinite(f0) else DEFAULT_LIMIT

    # ------------------------------------------------------------- stepping
    def reset(self) -> None:
        """Go back to the start point and forget the path."""
        self._rows: list[tuple[float, float, float, float, float, float, float]] = []
        self._points: list[tuple[float, float]] = [self._start]
        self._diverged = False
        self._stop_reason = ""
        self._velocity = (0.0, 0.0)

    def step(self) -> dict | None:
        """Take one step ``(x, y) ← (x, y) − η ∇f(x, y)`` (with momentum: ``− η v``, v ← μ v + ∇f).

        Returns
        -------
        dict or None
            The new table row (``x, y, grad_x, grad_y, x_new, y_new, f``), or
            ``None`` if the descent has diverged (no step is taken).
        """
        if self._diverged:
            return None
        x, y = self._points[-1]
        fn = self._function
        with np.errstate(all="ignore"):
            fxy = float(fn.f(x, y))
            gx, gy = (float(v) for v in fn.gradient(x, y))
            vx, vy = self._momentum * self._velocity[0] + gx, self._momentum * self._velocity[1] + gy
            x_new = x - self._lr * vx
            y_new = y - self._lr * vy
            f_new = float(fn.f(x_new, y_new))
        if not all(np.isfinite([fxy, gx, gy, x_new, y_new])):
            self._diverged = True
            self._stop_reason = (f"the step from ({x:.6g}, {y:.6g}) gave a value that is not a finite number")
            return None
        self._velocity = (vx, vy)
        self._rows.append((x, y, gx, gy, x_new, y_new, fxy))
        self._points.append((x_new, y_new))
        if not np.isfinite(f_new) or abs(f_new) > self.limit:
            self._diverged = True
            self._stop_reason = f"|f| = {abs(f_new):.3g} passed the limit {self.limit:.3g}"
        return {"step": len(self._rows) - 1, "x": x, "y": y, "grad_x": gx, "grad_y": gy,
                "x_new": x_new, "y_new": y_new, "f": fxy}

    def run(self, n: int = 10) -> DescentPath:
        """Take up to ``n`` more steps (fewer if the descent diverges); returns :attr:`path`."""
        n = check_count(n, "n", low=0)
        for _ in range(n):
            if self.step() is None:
                break
        return self.path

    # ------------------------------------------------------------- state
    @property
    def path(self) -> DescentPath:
        """The path so far, as a :class:`DescentPath` (a snapshot; arrays are copies)."""
        rows = np.array(self._rows, dtype=float).reshape(-1, 7)
        return DescentPath(
            x=rows[:, 0].copy(), y=rows[:, 1].copy(), grad=rows[:, 2:4].copy(),
            x_new=rows[:, 4].copy(), y_new=rows[:, 5].copy(), f=rows[:, 6].copy(),
            points=np.array(self._points, dtype=float).reshape(-1, 2),
            diverged=self._diverged, function=self._function, lr=self._lr, limit=self.limit,
            momentum=self._momentum,
        )

    @property
    def position(self) -> tuple[float, float]:
        """The current point (x, y)."""
        x, y = self._points[-1]
        return float(x), float(y)

    @property
    def value(self) -> float:
        """f at the current point."""
        with np.errstate(all="ignore"):
            return float(self._function.f(*self.position))

    @property
    def diverged(self) -> bool:
        """True once |f| grew past :attr:`limit` or a value became inf/NaN."""
        return self._diverged

    @property
    def n_steps(self) -> int:
        """Steps taken so far."""
        return len(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def message(self) -> str:
        """What this learning rate does here, in a sentence or two (for a widget's label)."""
        parts = []
        rule = _quadratic_rule(self._function, self._lr)
        if rule:
            parts.append(rule)
        x, y = self.position
        if self._diverged:
            parts.append(f"Diverged after {self.n_steps} steps: {self._stop_reason}. "
                         f"Try a smaller learning rate.")
        elif self.n_steps:
            with np.errstate(all="ignore"):
                g = np.hypot(*self._function.gradient(x, y))
            status = (f"After {self.n_steps} steps: (x, y) = ({x:.4f}, {y:.4f}), "
                      f"f = {self.value:.4g}, |∇f| = {g:.3g}")
            near = self._nearest_minimum()
            if near is not None and g < 1e-6:
                status += f" — at the minimum ({near[0]:g}, {near[1]:g})"
            parts.append(status + ".")
        else:
            parts.append(f"Start at ({x:g}, {y:g}), f = {self.value:.4g}.")
        return " ".join(parts)

    def _nearest_minimum(self) -> tuple[float, float] | None:
        if not self._function.minima:
            return None
        x, y = self.position
        return min(self._function.minima, key=lambda m: (m[0] - x) ** 2 + (m[1] - y) ** 2)

    def __repr__(self) -> str:
        x, y = self.position
        return (f"Descent({self._function.name!r}, lr={self._lr:g}, steps={self.n_steps}, "
                f"position=({x:.6g}, {y:.6g}){', diverged' if self._diverged else ''})")


def _quadratic_rule(fn: Function2D, lr: float) -> str:
    """Explain ``x ↦ x(1 − η·h)`` for a quadratic bowl; '' for other functions."""
    factors = fn.step_factors(lr)
    if factors is None:
        return ""
    hx, hy = fn.curvature
    name = fn.latex.split("=", 1)[-1].strip().replace("^2", "²") or fn.name
    head = f"η = {plain(lr)} on {name}:"
    if np.isclose(hx, hy):
        return f"{head} {_axis_rule('x', hx, factors[0], both=True)} (y alike)."
    return f"{head} {_axis_rule('x', hx, factors[0])}; {_axis_rule('y', hy, factors[1])}."


def _axis_rule(var: str, h: float, c: float, both: bool = False) -> str:
    """One axis of a quadratic bowl: ``var ↦ var(1 − η·h) = c·var`` and what that does."""
    eta_h = "2η" if np.isclose(h, 2) else f"{plain(h)}η"
    where = "" if both else f" along {var}"
    if np.isclose(c, -1, rtol=0, atol=1e-12):
        return f"{var} ↦ {var}(1−{eta_h}) = −{var}, the path bounces between two points forever{where}"
    if abs(c) > 1:
        return (f"η > {plain(2 / h)}, so each step grows |{var}| by |1−{eta_h}| = {plain(abs(c))} "
                f"— diverging{where}")
    if np.isclose(c, 0, rtol=0, atol=1e-12):
        return f"{var} ↦ {var}(1−{eta_h}) = 0, one step lands exactly on the minimum{where}"
    if c < 0:
        return (f"{var} ↦ {var}(1−{eta_h}) = {plain(c)}·{var}, each step jumps across the minimum "
                f"and shrinks |{var}| by {plain(abs(c))} — zig-zagging in{where}")
    return (f"{var} ↦ {var}(1−{eta_h}) = {plain(c)}·{var}, each step shrinks |{var}| by the factor "
            f"{plain(c)} — sliding straight to the minimum{where}")


def gradient_descent(f: str | Function2D = "bowl", start: Sequence[float] = (3.0, 4.0),
                     lr: float = 0.1, steps: int = 10, limit: float | None = None,
                     momentum: float = 0.0) -> DescentPath:
    """Run ``steps`` steps of gradient descent ``(x, y) ← (x, y) − η ∇f(x, y)``.

    Parameters
    ----------
    f : str or Function2D, default "bowl"
        A name from :data:`FUNCTIONS` or a custom :class:`Function2D`.
    start : (float, float), default (3, 4)
    lr : float, default 0.1
        The learning rate η > 0.
    steps : int, default 10
        Steps to take; fewer rows if the descent diverges first.
    limit : float or None
        |f| beyond which the descent stops as diverged (see :class:`Descent`).
    momentum : float, default 0.0
        μ in [0, 1): v ← μ v + ∇f, (x, y) ← (x, y) − η v (see :class:`Descent`).

    Returns
    -------
    DescentPath
        One row per step; ``points`` has the start and every new point.

    Examples
    --------
    >>> path = gradient_descent("bowl", start=(3, 4), lr=0.1, steps=2)
    >>> path.points.round(4).tolist()
    [[3.0, 4.0], [2.4, 3.2], [1.92, 2.56]]
    """
    steps = check_count(steps, "steps", low=0)
    return Descent(f, start=start, lr=lr, limit=limit, momentum=momentum).run(steps)
