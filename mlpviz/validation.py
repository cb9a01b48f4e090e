"""Argument checks: the one place where mlpviz validates what a caller hands in.

In the manner of scikit-learn's ``check_scalar`` and ``check_array``: a public
function checks each argument once, on entry, through one of these; inner loops
trust what was checked. Every message names the argument and says what was
expected: ``lr: must be a positive finite number (the learning rate η), got -1``
for a value out of range, ``lr: expected a positive finite number …, got '0.1'``
for something that is not a number at all.

All of them raise :class:`ValueError` (a wrong type is a wrong value to a
learner typing in a notebook), never change what they were given, and return
a clean Python or numpy value.
"""
from __future__ import annotations

import math
import numbers
import os
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

__all__ = ["check_number", "check_count", "check_index", "check_seed", "check_choice",
           "check_range", "check_array", "check_finite", "check_path", "describe", "all_finite"]

_MAX_SHOWN = 80


def describe(value) -> str:
    """A short ``repr`` of ``value`` for an error message (long ones are cut)."""
    text = repr(value)
    if len(text) > _MAX_SHOWN:
        text = text[:_MAX_SHOWN - 5] + " …" + text[-3:]
    return text


def _is_real(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _is_whole(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def check_number(value, name: str, *, positive: bool = False, low: float | None = None,
                 high: float | None = None, allow_none: bool = False, what: str = "") -> float | None:
    """A finite real number, optionally positive and within ``[low, high]``.

    Parameters
    ----------
    value : object
        What the caller passed.
    name : str
        The argument's name, as the caller wrote it (``"lr"``, ``"start[0]"``).
    positive : bool, default False
        Require ``value > 0``.
    low, high : float or None
        Inclusive bounds.
    allow_none : bool, default False
        Let ``None`` through (returned as ``None``).
    what : str
        A few words on what the number means, added to the message
        (``"the learning rate η"``).

    Returns
    -------
    float or None

    Raises
    ------
    ValueError
        If ``value`` is not a real number (``bool`` and strings included), is
        NaN or infinite, or lies outside the bounds.
    """
    if type(value) is float and (0.0 < value if positive else -math.inf < value) and value < math.inf \
            and (low is None or value >= low) and (high is None or value <= high):
        return value                     # the common case, decided without building a message
    if value is None and allow_none:
        return None
    if positive:
        expected = "a positive finite number"
    elif low is not None and high is not None:
        expected = f"a number from {low:g} to {high:g}"
    elif low is not None:
        expected = f"a finite number ≥ {low:g}"
    elif high is not None:
        expected = f"a finite number ≤ {high:g}"
    else:
        expected = "a finite number"
    if allow_none:
        expected += " or None"
    note = f" ({what})" if what else ""
    if not _is_real(value):
        raise ValueError(f"{name}: expected {expected}, got {describe(value)}{note}")
    x = float(value)
    if not np.isfinite(x) or (positive and x <= 0) or (low is not None and x < low) \
            or (high is not None and x > high):
        raise ValueError(f"{name}: must be {expected}, got {describe(value)}{note}")
    return x


def check_count(value, name: str, *, low: int = 1, high: int | None = None,
                allow_none: bool = False) -> int | None:
    """A whole number ``>= low`` (and ``<= high``): a count of epochs, layers, samples.

    Raises
    ------
    ValueError
        If ``value`` is not a whole number (``2.0``, ``True`` and ``"3"`` are
        refused) or lies outside ``[low, high]``.
    """
    if value is None and allow_none:
        return None
    if high is not None:
        expected = f"a whole number from {low} to {high}"
    elif low == 1:
        expected = "a positive whole number"
    else:
        expected = f"a whole number ≥ {low}"
    if allow_none:
        expected += " or None"
    if not _is_whole(value):
        verb = "must be" if _is_real(value) else "expected"     # 2.5 is a number, '2' is not
        raise ValueError(f"{name}: {verb} {expected}, got {describe(value)}")
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name}: must be {expected}, got {describe(value)}")
    return int(value)


def check_index(value, name: str, n: int, *, what: str = "an index") -> int:
    """A whole number in ``0 .. n-1`` (a row, a layer, a column).

    Raises
    ------
    ValueError
        If ``value`` is not a whole number in that range.
    """
    if not _is_whole(value) or not 0 <= value < n:
        raise ValueError(f"{name}: expected {what} from 0 to {n - 1}, got {describe(value)}")
    return int(value)


def check_seed(value, name: str = "seed", *, allow_none: bool = True) -> int | None:
    """A random seed: a whole number ``>= 0`` (numpy's rule), or ``None``.

    Raises
    ------
    ValueError
        If ``value`` is negative, not whole, or ``None`` when not allowed.
    """
    return check_count(value, name, low=0, allow_none=allow_none)


def check_choice(value, name: str, choices: Iterable):
    """One of a few allowed values; names match without regard to case or surrounding blanks.

    Returns
    -------
    str
        The listed value (for names, the listed spelling).

    Raises
    ------
    ValueError
        Naming the argument and listing the choices.
    """
    choices = list(choices)
    if not isinstance(value, (str, bool, np.bool_)) and any(
            type(c) is not str and value == c for c in choices):
        return next(c for c in choices if type(c) is not str and value == c)
    if isinstance(value, str):
        key = value.strip().lower()
        for c in choices:
            if isinstance(c, str) and c.lower() == key:
                return c
    raise ValueError(f"{name}: expected one of {', '.join(repr(c) for c in choices)}, got {describe(value)}")


def check_range(value, name: str, *, what: str = "") -> tuple[float, float]:
    """A ``(lo, hi)`` pair of finite numbers with ``lo < hi`` and a finite spread ``hi - lo``.

    Raises
    ------
    ValueError
        If ``value`` is not a pair of finite numbers, ``lo >= hi``, or
        ``hi - lo`` overflows.
    """
    expected = "a (low, high) pair of finite numbers with low < high"
    if what:
        expected += f" ({what})"
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)) or len(value) != 2 \
            or not all(_is_real(v) and np.isfinite(float(v)) for v in value):
        raise ValueError(f"{name}: expected {expected}, got {describe(value)}")
    lo, hi = float(value[0]), float(value[1])
    if not lo < hi:
        raise ValueError(f"{name}: expected {expected}, got {describe(value)}")
    with np.errstate(over="ignore"):
        if not np.isfinite(hi - lo):
            raise ValueError(f"{name}: the spread {hi:g} − ({lo:g}) is too large to compute in floating point")
    return lo, hi


def all_finite(arr: np.ndarray) -> bool:
    """True when ``arr`` holds no NaN and no ±inf.

    Counting the finite values is about twice as fast as
    ``np.isfinite(arr).all()`` on the few values of one sample, and never warns.
    """
    return np.count_nonzero(np.isfinite(arr)) == arr.size


def check_finite(arr: np.ndarray, name: str) -> np.ndarray:
    """Refuse an array holding NaN or ±inf, naming the first such position.

    Raises
    ------
    ValueError
        ``"X: value nan at [1, 0] is not a finite number"``.
    """
    if not all_finite(arr):
        if arr.ndim == 0:
            raise ValueError(f"{name}: value {arr[()]} is not a finite number")
        where = np.argwhere(~np.isfinite(arr))[0]
        pos = ", ".join(str(int(i)) for i in where)
        raise ValueError(f"{name}: value {arr[tuple(where)]} at [{pos}] is not a finite number")
    return arr


def check_array(value, name: str, *, ndim: int | Sequence[int] | None = None, finite: bool = True,
                copy: bool = False) -> np.ndarray:
    """A float array built from ``value``, of the allowed number of dimensions and all finite.

    Parameters
    ----------
    value : array_like
    name : str
    ndim : int or sequence of int, optional
        The allowed dimensions (``(1, 2)``: one sample or a batch).
    finite : bool, default True
        Refuse NaN and ±inf.
    copy : bool, default False
        Always return a new array (so the caller can keep it without
        sharing the caller's memory).

    Raises
    ------
    ValueError
        If ``value`` is ``None``, a string, a mapping, ragged, not numeric,
        of the wrong dimension, or not finite.
    """
    if type(value) is np.ndarray and value.dtype == np.float64 and not copy:
        arr = value                                   # the common case: nothing to convert
    else:
        arr = _float_array(value, name, copy)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            dims = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name}: expected a {dims} array, got shape {arr.shape}")
    if finite:
        check_finite(arr, name)
    return arr


def _float_array(value, name: str, copy: bool) -> np.ndarray:
    """``value`` as a float array; strings, booleans, complex numbers and dates are refused, not converted."""
    if value is None or isinstance(value, (str, bytes, dict)):
        raise ValueError(f"{name}: expected numbers, got {describe(value)}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueError(f"{name}: expected numbers, got {describe(value)} ({exc})") from None
    if raw.dtype.kind not in "fiuO":               # float, int, unsigned; objects are tried below
        raise ValueError(f"{name}: expected numbers, got {describe(value)} (values of type {raw.dtype})")
    if raw.dtype.kind == "O" and any(v is None for v in raw.flat):
        raise ValueError(f"{name}: expected numbers, got {describe(value)} (None is not a number)")
    try:
        return np.array(raw, dtype=float, copy=True) if copy else np.asarray(raw, dtype=float)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueError(f"{name}: expected numbers, got {describe(value)} ({exc})") from None


def check_path(value, name: str) -> Path:
    """A file name: a non-empty ``str`` or path-like object (``pathlib.Path``).

    Only the argument is checked, not the file: whether it exists or can be
    written is for the reader or writer to say.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ValueError
        If ``value`` is not a ``str`` or path-like (``None`` and ``bytes``
        included), is blank, or holds a NUL character (no system allows one).
    """
    text = os.fspath(value) if isinstance(value, os.PathLike) else value
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{name}: expected a file name (a str or pathlib.Path), got {describe(value)}")
    if "\x00" in text:
        raise ValueError(f"{name}: a file name cannot hold a NUL character, got {describe(value)}")
    return Path(text)
