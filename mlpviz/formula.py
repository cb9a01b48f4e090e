"""Formulas typed as text, read into sympy without ever running them as Python.

A learner types ``x^2 + y^2`` or ``s*(1 - s)``; :func:`parse_formula` reads it
with a small recursive-descent parser of its own and builds the sympy
expression node by node. The text is never handed to ``eval``, ``sympify`` or
``parse_expr``: only numbers, the allowed variables, the functions
``sin cos exp log sqrt tanh abs``, the constants ``pi`` and ``E``,
``+ - * / ^ **`` and parentheses are read; ``2x`` and ``(x - 1)(y + 2)`` are
products. The grammar, loosest binding first::

    sum      = product { ("+" | "-") product }
    product  = signed { ("*" | "/" | nothing) signed }   # nothing: 2x, x y, (x)(y)
    signed   = ("+" | "-") signed | power
    power    = atom [ ("^" | "**") signed ]              # right to left: 2^3^2 = 2^9
    atom     = number | variable | constant | function "(" sum ")" | "(" sum ")"

Limits
------
sympy computes with exact integers and fractions, so short text can ask for
numbers with billions of digits (``2^(10^10)``, ``1.0000001^(10^9)``). Every
limit below is checked *before* sympy computes the piece it guards, so a
refusal comes in well under a second, as a :class:`ValueError` that names the
piece of text, its column and the limit:

==========================  ===================================================
:data:`MAX_LENGTH`          200 characters of text
:data:`MAX_DEPTH`           30 levels of nesting (parentheses, functions,
                            powers and signs inside one another)
:data:`MAX_NUMBER`          every number typed, every part made of numbers
                            only (``2^10``, ``exp(3)``) and every number sympy
                            writes into the result lies within ±1e300, and a
                            non-zero one is at least 1e-300 in size
:data:`MAX_DIGITS`          exact fractions have at most 1000 digits
                            (numerator and denominator together)
:data:`MAX_ROOT`            a power p/q has q <= 1000: ``x^0.001`` is allowed,
                            ``x^1.0000001`` and ``2^(1e-300)`` are not (exact
                            10^7-th and 10^300-th roots, over which sympy
                            reasons with polynomials of that degree)
:data:`MAX_SECONDS`         1 s of CPU time for sympy on one formula
==========================  ===================================================

The last is a safety net behind the others, for sympy's own slow paths that no
size limit foresees (deciding the sign of an exact algebraic number that
cancels beyond 100 digits factors large polynomials). It uses the process's
CPU-time timer (``SIGVTALRM``), so it works in the main thread, where notebooks
and widgets run, and is skipped elsewhere and where that timer is in use.

Parts made of numbers only must be real: ``sqrt(-1)``, ``log(-1)`` and
``(-8)^(1/3)`` (sympy takes the complex principal root) are refused, as is a
formula sympy turns complex (``sqrt(-x^2)`` = i·|x|).

:func:`check_overflow` is the numeric check that follows parsing: a function
whose value or gradient overflows a float on the plotting box (``x^1000``,
``exp(exp(exp(x)))``) is refused there.
"""
from __future__ import annotations

import contextlib
import math
import re
import signal
import threading
from fractions import Fraction
from typing import NamedTuple, Sequence

import numpy as np
import sympy as sp

from .validation import describe

__all__ = ["parse_formula", "formula_symbols", "check_overflow", "FUNCTIONS", "CONSTANTS",
           "MAX_LENGTH", "MAX_DEPTH", "MAX_NUMBER", "MAX_DIGITS", "MAX_ROOT", "MAX_SECONDS", "DEFAULT_BOX"]

#: The functions a formula may call, each with one argument in parentheses.
FUNCTIONS = {"sin": sp.sin, "cos": sp.cos, "exp": sp.exp, "log": sp.log, "sqrt": sp.sqrt,
             "tanh": sp.tanh, "abs": sp.Abs}
#: The named constants.
CONSTANTS = {"pi": sp.pi, "E": sp.E}

#: Longest formula, in characters.
MAX_LENGTH = 200
#: Deepest nesting of parentheses, function calls, powers and signs.
MAX_DEPTH = 30
#: Largest size of any number; a non-zero number is at least ``1 / MAX_NUMBER`` in size.
MAX_NUMBER = 1e300
#: Most digits of an exact fraction (numerator and denominator together).
MAX_DIGITS = 1000
#: Largest q in a power ``b^(p/q)``: the q-th root.
MAX_ROOT = 1000
#: CPU seconds sympy may spend on one formula (reading it; then again for the numeric check).
MAX_SECONDS = 1.0
#: The box :func:`check_overflow` samples by default, for every variable (the descent plots' box).
DEFAULT_BOX = (-5.0, 5.0)

_TOKEN = re.compile(r"\s*(?:(?P<number>[0-9]+\.?[0-9]*(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)"
                    r"|(?P<name>[A-Za-z][A-Za-z0-9]*)|(?P<op>\*\*|[-+*/^()]))")
_ORDER = round(math.log10(MAX_NUMBER))   # 300
_BIG = sp.Integer(10) ** _ORDER            # exact, so that 1e300 and 1e-300 themselves pass
_SMALL = 1 / _BIG
_LIMITS = f"numbers must lie within ±1e{_ORDER} and be 0 or at least 1e-{_ORDER} in size"


class _Token(NamedTuple):
    kind: str        # "number", "name", "op" or "end"
    text: str
    start: int       # index into the formula


class _Part(NamedTuple):
    """A parsed piece of the formula: its sympy expression and where it was typed."""
    expr: sp.Expr
    start: int
    end: int


# ------------------------------------------------------------------ symbols
def formula_symbols(variables: Sequence[str] = ("x", "y"), *,
                    name: str = "variables") -> tuple[sp.Symbol, ...]:
    """The sympy symbols a formula's variables stand for: ``Symbol(v, real=True)``.

    Real symbols, so that sympy differentiates ``abs(x)`` to ``sign(x)``.

    Parameters
    ----------
    variables : sequence of str, default ("x", "y")
        Distinct names of letters and digits starting with a letter, none of
        them a function or constant name.
    name : str
        The argument's name in messages.

    Returns
    -------
    tuple of sympy.Symbol

    Raises
    ------
    ValueError
        If a name is not usable or the names are not distinct.
    """
    try:
        names = tuple(variables)
    except TypeError:
        raise ValueError(f"{name}: expected a sequence of names such as ('x', 'y'), "
                         f"got {describe(variables)}") from None
    for v in names:
        if not (isinstance(v, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", v)) \
                or v in FUNCTIONS or v in CONSTANTS:
            raise ValueError(f"{name}: {v!r} is not usable as a variable name (letters and digits, "
                             f"starting with a letter, not a function or constant name)")
    if not names or len(set(names)) != len(names):
        raise ValueError(f"{name}: expected distinct names, got {describe(variables)}")
    return tuple(sp.Symbol(v, real=True) for v in names)


# ------------------------------------------------------------------ parsing
def parse_formula(text: str, variables: Sequence[str] = ("x", "y"), *, name: str = "expression") -> sp.Expr:
    """Read a formula typed as text into a sympy expression, refusing anything else.

    Nothing typed is run as Python: the text is split into numbers, names,
    operators and parentheses, and the expression is built from those by the
    grammar in this module's docstring. Decimals become exact fractions
    (``0.5`` is 1/2). Every limit (:data:`MAX_LENGTH`, :data:`MAX_DEPTH`,
    :data:`MAX_NUMBER`, :data:`MAX_DIGITS`) is checked before sympy computes the
    piece it guards.

    Parameters
    ----------
    text : str
        The formula, e.g. ``"x^2 + y^2"``, ``"s*(1 - s)"``.
    variables : sequence of str, default ("x", "y")
        The names the formula may use; each becomes ``Symbol(v, real=True)``
        (:func:`formula_symbols`).
    name : str, default "expression"
        What to call the formula in messages (``"answer"``, ``"expr"``).

    Returns
    -------
    sympy.Expr
        Real, finite, in the symbols of :func:`formula_symbols`.

    Raises
    ------
    ValueError
        Naming the offending character, name or piece of text with its column
        and, for a limit, the limit: a character or name that is not allowed,
        text that is not a formula, text too long or nested too deep, a number
        too large or too small, an exact fraction with too many digits, a root
        of too high a degree, a division by zero, a part that is not a real
        number, or a piece that takes sympy more than :data:`MAX_SECONDS`.

    Examples
    --------
    >>> parse_formula("x^2 + 2x y")
    x**2 + 2*x*y
    >>> parse_formula("s*(1 - s)", variables=("s",))
    s*(1 - s)
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{name}: expected a formula such as 'x^2 + y^2', got {describe(text)}")
    if len(text) > MAX_LENGTH:
        raise ValueError(f"{name}: {len(text)} characters is too long (at most {MAX_LENGTH})")
    symbols = formula_symbols(variables)
    parser = _Parser(text, dict(zip((s.name for s in symbols), symbols)), name)
    try:
        with _cpu_limit(MAX_SECONDS):
            return parser.parse()
    except _OutOfTime:
        start, end = parser.building
        raise ValueError(f"{name}: {text[start:end]!r} at column {start + 1} takes sympy more than "
                         f"{MAX_SECONDS:g} s to compute exactly; refused") from None


def _tokens(text: str, allowed: list, name: str) -> list[_Token]:
    """Split the text into tokens; refuse any other character and any unknown name."""
    tokens, pos = [], 0
    while text[pos:].strip():
        m = _TOKEN.match(text, pos)
        if m is None:
            col = pos + len(text[pos:]) - len(text[pos:].lstrip())
            raise ValueError(f"{name}: {text[col]!r} at column {col + 1} is not allowed; use numbers, "
                             f"{', '.join(allowed)}, + - * / ^ and parentheses")
        kind = m.lastgroup
        token = _Token(kind, m.group(kind), m.start(kind))
        if kind == "name" and token.text not in allowed:
            raise ValueError(f"{name}: unknown name {token.text!r} at column {token.start + 1}; allowed "
                             f"names: {', '.join(allowed)} (write products with *, e.g. x*y)")
        tokens.append(token)
        pos = m.end()
    return tokens + [_Token("end", "", len(text.rstrip()))]


class _Parser:
    """Recursive descent over the tokens; builds sympy only through :meth:`_build`."""

    def __init__(self, text: str, variables: dict, name: str):
        self.text, self.variables, self.name = text, variables, name
        self.tokens = _tokens(text, [*variables, *FUNCTIONS, *CONSTANTS], name)
        self.pos = 0
        self.depth = 0
        self.building = (0, len(text))      # the piece being built, named if sympy takes too long

    # -- reading tokens
    @property
    def token(self) -> _Token:
        return self.tokens[self.pos]

    def _take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def _cannot_read(self, what: str):
        t = self.token
        found = "the end of the text" if t.kind == "end" else repr(t.text)
        raise ValueError(f"{self.name}: cannot read {self.text!r} as a formula: expected {what}, "
                         f"found {found} at column {t.start + 1}")

    def _enter(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ValueError(f"{self.name}: {token.text!r} at column {token.start + 1} nests too deep "
                             f"(at most {MAX_DEPTH} levels of parentheses, functions, powers and signs)")

    # -- the grammar
    def parse(self) -> sp.Expr:
        part = self.sum()
        if self.token.kind != "end":
            self._cannot_read("an operator")
        return part.expr

    def sum(self) -> _Part:
        left = self.product()
        while self.token.text in ("+", "-"):
            op = self._take().text
            right = self.product()
            term = right.expr if op == "+" else -right.expr
            left = _Part(self._build(sp.Add, (left.expr, term), left.start, right.end),
                         left.start, right.end)
        return left

    def product(self) -> _Part:
        left = self.signed()
        while True:
            t = self.token
            if t.text in ("*", "/"):
                self._take()
            elif not (t.kind in ("number", "name") or t.text == "("):
                return left
            elif t.kind == "number" and self.tokens[self.pos - 1].kind == "number":
                self._cannot_read("an operator between two numbers")
            right = self.signed()
            factor = right.expr
            if t.text == "/":
                factor = self._build(sp.Pow, (right.expr, sp.S.NegativeOne), left.start, right.end)
            left = _Part(self._build(sp.Mul, (left.expr, factor), left.start, right.end),
                         left.start, right.end)

    def signed(self) -> _Part:
        t = self.token
        if t.text not in ("+", "-"):
            return self.power()
        self._take()
        self._enter(t)
        inner = self.signed()
        self.depth -= 1
        return _Part(inner.expr if t.text == "+" else -inner.expr, t.start, inner.end)

    def power(self) -> _Part:
        base = self.atom()
        t = self.token
        if t.text not in ("^", "**"):
            return base
        self._take()
        self._enter(t)
        exponent = self.signed()
        self.depth -= 1
        return _Part(self._build(sp.Pow, (base.expr, exponent.expr), base.start, exponent.end),
                     base.start, exponent.end)

    def atom(self) -> _Part:
        t = self.token
        if t.kind == "number":
            self._take()
            return _Part(self._number(t), t.start, t.start + len(t.text))
        if t.kind == "name" and t.text in FUNCTIONS:
            self._take()
            if self.token.text != "(":
                self._cannot_read(f"'(' after {t.text} (write {t.text}(x))")
            arg = self._group()
            return _Part(self._build(FUNCTIONS[t.text], (arg.expr,), t.start, arg.end), t.start, arg.end)
        if t.kind == "name":
            self._take()
            value = self.variables.get(t.text, CONSTANTS.get(t.text))
            return _Part(value, t.start, t.start + len(t.text))
        if t.text == "(":
            return self._group()
        self._cannot_read("a number, a name or '('")

    def _group(self) -> _Part:
        """``( sum )``, its span including the parentheses."""
        opening = self._take()
        self._enter(opening)
        inner = self.sum()
        if self.token.text != ")":
            self._cannot_read(f"')' to close the '(' of column {opening.start + 1}")
        closing = self._take()
        self.depth -= 1
        return _Part(inner.expr, opening.start, closing.start + 1)

    # -- building sympy, within the limits
    def _refuse(self, start: int, end: int, problem: str):
        raise ValueError(f"{self.name}: {self.text[start:end]!r} at column {start + 1} {problem}")

    def _number(self, t: _Token) -> sp.Rational:
        """A typed number as an exact fraction, its size checked before it is built."""
        mantissa, _, exponent = t.text.lower().partition("e")
        whole, _, decimals = mantissa.partition(".")
        digits = (whole + decimals).lstrip("0")
        if not digits:
            return sp.S.Zero
        scale = int(exponent or 0) - len(decimals)   # the number is digits · 10^scale
        order = len(digits) - 1 + scale              # 10^order <= number < 10^(order + 1)
        if -_ORDER - 1 <= order <= _ORDER:           # first: 1e999999999 exactly would take gigabytes
            value = Fraction(int(digits)) * Fraction(10) ** scale
            if Fraction(1, 10**_ORDER) <= value <= 10**_ORDER:
                return sp.Rational(value.numerator, value.denominator)
        size = "large" if order >= 0 else "small"
        self._refuse(t.start, t.start + len(t.text), f"is too {size}: {_LIMITS}")

    def _build(self, op, args: tuple, start: int, end: int) -> sp.Expr:
        """``op(*args)`` evaluated by sympy, once its size is known to be within the limits.

        A part made of numbers only is first evaluated numerically (mpmath, from the
        unevaluated form: cheap at any size) and must be real and within
        :data:`MAX_NUMBER`. Exact powers sympy would compute on the way are estimated
        (:func:`_powers`) and refused beyond :data:`MAX_DIGITS`, roots beyond :data:`MAX_ROOT`.
        The result is checked again: no infinity, nothing complex, no root beyond the
        limit, every number in it within the limits.
        """
        self.building = (start, end)
        lazy = op(*args, evaluate=False)
        for base, exponent in _powers(lazy):
            if _is_high_root(base, exponent):
                self._refuse(start, end, f"takes a {_count(exponent.q)}-th root: a power p/q needs q at "
                                         f"most {MAX_ROOT}")
        if not lazy.free_symbols:
            self._check_value(lazy, start, end)
        for base, exponent in _powers(lazy):
            digits = _raised_digits(base) * math.ceil(abs(exponent)) if exponent.is_Rational else 0.0
            if digits > MAX_DIGITS:
                self._refuse(start, end, f"needs exact fractions of about {digits:.3g} digits "
                                         f"(at most {MAX_DIGITS}); use a smaller power or fewer decimals")
        try:
            expr = op(*args)
        except Exception as exc:  # noqa: BLE001 - whatever sympy raises, the typed text is at fault
            self._refuse(start, end, f"cannot be evaluated by sympy ({type(exc).__name__}: {exc})")
        if expr.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
            self._refuse(start, end, f"is infinite or undefined (got {expr!s}); {_LIMITS}")
        if expr.has(sp.I):
            self._refuse(start, end, f"is not real: sympy makes it {expr!s}")
        for power in expr.atoms(sp.Pow):
            if _is_high_root(*power.args):
                self._refuse(start, end, f"makes sympy take a {_count(power.exp.q)}-th root: a power p/q "
                                         f"needs q at most {MAX_ROOT}")
        for number in expr.atoms(sp.Rational):
            if _digits(number) > MAX_DIGITS:
                self._refuse(start, end, f"needs an exact fraction of {_digits(number):.3g} digits "
                                         f"(at most {MAX_DIGITS})")
            if number and not _SMALL <= abs(number) <= _BIG:
                self._refuse(start, end, f"makes sympy compute the number {sp.Float(number, 3)!s}: {_LIMITS}")
        return expr

    def _check_value(self, lazy: sp.Expr, start: int, end: int) -> None:
        """A part made of numbers only: finite, real, within the size limits."""
        if lazy.is_Pow and lazy.exp.is_negative and lazy.base.is_zero:
            self._refuse(start, end, "divides by zero: the result is infinite or too large")
        try:
            value = lazy.evalf(15)
            re_part, im_part = value.as_real_imag()
        except Exception as exc:  # noqa: BLE001 - mpmath's own limits: the typed text is at fault
            self._refuse(start, end, f"cannot be evaluated ({type(exc).__name__}: {exc})")
        if value.has(sp.zoo, sp.oo, -sp.oo, sp.nan) or not (re_part.is_Number and im_part.is_Number):
            self._refuse(start, end, f"is infinite, undefined or too large ({value!s}); {_LIMITS}")
        if im_part != 0:
            self._refuse(start, end, f"is not a real number (≈ {sp.N(value, 4)!s}): a square root or log "
                                     f"of a negative number, or a fractional power of one, is complex")
        if abs(re_part) > _BIG:
            self._refuse(start, end, f"is too large (≈ {sp.N(re_part, 3)!s}): {_LIMITS}")
        if re_part != 0 and abs(re_part) < _SMALL:
            self._refuse(start, end, f"is too small (≈ {sp.N(re_part, 3)!s}): {_LIMITS}")


def _digits(number: sp.Rational) -> float:
    """Decimal digits of an exact fraction, numerator and denominator together.

    As log10, so that c^n has n times the digits of c.
    """
    return math.log10(max(abs(number.p), 1)) + math.log10(number.q)


def _count(n: int) -> str:
    """A whole number for a message: in full up to a million, else as 1.00e+300."""
    return str(n) if n < 10**6 else str(sp.Float(n, 3))


def _raised_digits(base: sp.Expr) -> float:
    """Digits of the exact numbers sympy raises when it raises ``base`` to a power.

    sympy distributes a power over a product's numbers, ``(2x)^n = 2^n x^n``, and
    multiplies exponents, ``(2^(1/2))^n = 2^(n/2)``.
    """
    total = 0.0
    for factor in sp.Mul.make_args(base):
        if factor.is_Rational:
            total += _digits(factor)
        elif factor.is_Pow and factor.base.is_Rational and factor.exp.is_Rational:
            total += _digits(factor.base) * max(1, math.ceil(abs(factor.exp)))
    return total


def _powers(lazy: sp.Expr) -> list[tuple[sp.Expr, sp.Expr]]:
    """The powers ``(base, exponent)`` sympy computes when it evaluates ``lazy``.

    ``b^e`` itself, and ``exp(n·log(c))``, which sympy rewrites as ``c^n``
    (``E^a`` is ``exp(a)``).
    """
    if lazy.is_Pow and lazy.base is not sp.E:
        return [(lazy.base, lazy.exp)]
    if isinstance(lazy, sp.exp) or (lazy.is_Pow and lazy.base is sp.E):
        return [(factor.args[0], coeff)
                for term in sp.Add.make_args(lazy.exp if lazy.is_Pow else lazy.args[0])
                for coeff, rest in [term.as_coeff_Mul()]
                for factor in sp.Mul.make_args(rest) if isinstance(factor, sp.log)]
    return []


def _is_high_root(base: sp.Expr, exponent: sp.Expr) -> bool:
    """``b^(p/q)`` with q beyond :data:`MAX_ROOT`: sympy reasons about it through polynomials of degree q."""
    return exponent.is_Rational and exponent.q > MAX_ROOT


class _OutOfTime(BaseException):
    """sympy ran past :data:`MAX_SECONDS`.

    A BaseException, like KeyboardInterrupt, so that sympy's ``except Exception`` lets it pass.
    """


@contextlib.contextmanager
def _cpu_limit(seconds: float):
    """Interrupt the code inside with :class:`_OutOfTime` after ``seconds`` of CPU time.

    The process's virtual timer sends SIGVTALRM, whose handler raises between two
    Python bytecodes (sympy's slow paths are Python; the size limits keep every
    single big-integer operation short). Only in the main thread and when the
    timer is free; otherwise the code runs unguarded.
    """
    if not (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)):
        yield
        return
    active = True

    def interrupt(signum, frame):
        if active:
            raise _OutOfTime

    previous = signal.signal(signal.SIGVTALRM, interrupt)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds, 0.05)   # then every 0.05 s, in case one is swallowed
    try:
        yield
    finally:
        active = False
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


# ------------------------------------------------------------------ numeric check
def check_overflow(expr: sp.Expr, symbols: Sequence[sp.Symbol], box=None, *,
                   name: str = "expression") -> None:
    """Refuse a function whose value or gradient overflows, or turns complex, on a box.

    f and every ∂f/∂v are evaluated with numpy at sample points of the box: the
    21 × 21 grid for two variables (21 points for one); for more, 21 points
    along the box's diagonal and 2000 points drawn with a fixed seed. A float
    overflow (beyond about 1.8e308) anywhere refuses the function. Points where
    f is undefined (log(x) at x ≤ 0 gives NaN, 1/x at 0 gives ±inf by a
    division by zero) are allowed: the function is simply not defined there.

    Parameters
    ----------
    expr : sympy.Expr
        f.
    symbols : sequence of sympy.Symbol
        Its variables, in order.
    box : sequence of (float, float), optional
        ``(low, high)`` for each variable; :data:`DEFAULT_BOX` for each by default.
    name : str, default "expression"
        What to call f in messages.

    Raises
    ------
    ValueError
        If f or a partial derivative overflows or is complex at a sample point,
        or cannot be evaluated with numpy; the message names which and where.
        If deriving and evaluating them takes more than :data:`MAX_SECONDS`.
    """
    symbols = tuple(symbols)
    box = [DEFAULT_BOX] * len(symbols) if box is None else [tuple(map(float, b)) for b in box]
    try:
        with _cpu_limit(MAX_SECONDS):
            _check_parts(expr, symbols, box, name)
    except _OutOfTime:
        raise ValueError(f"{name}: {describe(expr)} and its gradient take more than {MAX_SECONDS:g} s "
                         f"to derive and evaluate; refused") from None


def _check_parts(expr, symbols, box, name) -> None:
    points = _sample_points(box)
    for label, part in [("f", expr)] + [(f"∂f/∂{v}", sp.diff(expr, v)) for v in symbols]:
        try:
            fn = sp.lambdify(symbols, part, modules="numpy")
            with np.errstate(over="raise", divide="ignore", invalid="ignore", under="ignore"):
                values = np.asarray(fn(*points))
        except (FloatingPointError, OverflowError) as exc:
            raise ValueError(f"{name}: {label} = {describe(part)} overflows a float on the box "
                             f"{_box_text(symbols, box)} ({exc})") from None
        except Exception as exc:  # noqa: BLE001 - e.g. an undefined function: NameError
            raise ValueError(f"{name}: {label} = {describe(part)} cannot be evaluated with numpy "
                             f"({type(exc).__name__}: {exc})") from None
        if np.iscomplexobj(values) and np.any(values.imag != 0):
            raise ValueError(f"{name}: {label} = {describe(part)} is not real on the box "
                             f"{_box_text(symbols, box)}")


def _sample_points(box) -> list[np.ndarray]:
    axes = [np.linspace(lo, hi, 21) for lo, hi in box]
    if len(axes) <= 2:
        return list(np.meshgrid(*axes, indexing="ij"))
    rng = np.random.default_rng(0)
    return [np.concatenate([axis, rng.uniform(axis[0], axis[-1], 2000)]) for axis in axes]


def _box_text(symbols, box) -> str:
    return " × ".join(f"{v} ∈ [{lo:g}, {hi:g}]" for v, (lo, hi) in zip(symbols, box))
