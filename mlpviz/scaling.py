"""Min-max scaling (normalization) of each column to [0, 1] or [-1, 1].

For a column with minimum m and maximum M, and a target range [lo, hi]::

    x' = lo + (x − m) / (M − m) · (hi − lo)

[0, 1] gives the seed's ``(data − min) / (max − min)`` and [-1, 1] its
``… × 2 − 1``. A column whose min equals its max (a dataset of one row, or a
constant column) has no spread to divide by: it maps to the middle of the
range, 0.5 for [0, 1] and 0 for [-1, 1] — the seed's single-row rule.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike

from .validation import check_array, check_range, describe

__all__ = ["MinMaxScaler", "check_scaler"]


class MinMaxScaler:
    """Scale each column to ``feature_range`` using its min and max.

    Follows scikit-learn's names: ``fit``, ``transform``, ``fit_transform``,
    ``inverse_transform``, and the fitted ``data_min_``, ``data_max_``.

    Parameters
    ----------
    feature_range : (float, float), default (0, 1)
        The target range; (0, 1) and (-1, 1) are the seeds' two choices.

    Raises
    ------
    ValueError
        If ``feature_range`` is not a pair of finite numbers low < high.

    Examples
    --------
    >>> sc = MinMaxScaler().fit([[70, 98], [50, 85], [65, 67], [25, 95]])
    >>> sc.data_min_.tolist(), sc.data_max_.tolist()
    ([25.0, 67.0], [70.0, 98.0])
    """

    def __init__(self, feature_range: tuple[float, float] = (0, 1)):
        self.feature_range = check_range(feature_range, "feature_range")

    def __repr__(self) -> str:
        lo, hi = self.feature_range
        return f"MinMaxScaler(feature_range=({lo:g}, {hi:g}))"

    @classmethod
    def from_min_max(cls, data_min: Sequence[float], data_max: Sequence[float],
                     feature_range: tuple[float, float] = (0, 1)) -> "MinMaxScaler":
        """A fitted scaler from known per-column minima and maxima (e.g. read from a file).

        Parameters
        ----------
        data_min, data_max : sequence of float
            One minimum and one maximum per column (min <= max).
        feature_range : (float, float), default (0, 1)

        Returns
        -------
        MinMaxScaler
            Fitted: ``data_min_`` and ``data_max_`` are set.

        Raises
        ------
        ValueError
            If the lists are not finite numbers of one length, a min is
            greater than its max, or a spread max − min overflows.
        """
        sc = cls(feature_range)
        mn = np.atleast_1d(check_array(data_min, "data_min", finite=False, copy=True))
        mx = np.atleast_1d(check_array(data_max, "data_max", finite=False, copy=True))
        if mn.ndim != 1 or mn.shape != mx.shape or mn.size == 0:
            raise ValueError(f"data_min/data_max: expected two lists of the same length, got {mn.shape} and {mx.shape}")
        if not (np.all(np.isfinite(mn)) and np.all(np.isfinite(mx))):
            raise ValueError("data_min/data_max: every value must be a finite number")
        bad = np.flatnonzero(mn > mx)
        if bad.size:
            j = int(bad[0])
            raise ValueError(f"data_min/data_max: column {j} has min {mn[j]:g} greater than max {mx[j]:g}")
        _check_spread(mn, mx, [f"data_min/data_max: column {j}" for j in range(mn.size)])
        sc.data_min_, sc.data_max_ = mn, mx
        return sc

    @property
    def n_features_in_(self) -> int:
        """Number of columns seen by ``fit``."""
        self._check_fitted()
        return self.data_min_.shape[0]

    @property
    def data_range_(self) -> np.ndarray:
        """``data_max_ − data_min_`` per column."""
        self._check_fitted()
        return self.data_max_ - self.data_min_

    def _check_fitted(self) -> None:
        if not hasattr(self, "data_min_"):
            raise ValueError("MinMaxScaler: not fitted yet; call fit(X) first (or MinMaxScaler.from_min_max)")

    @staticmethod
    def _as_2d(X, name: str) -> np.ndarray:
        X = check_array(X, name, finite=False)
        if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
            raise ValueError(f"{name}: expected a 2-D table (n_samples, n_columns) with at least one row, "
                             f"got shape {X.shape}")
        if not np.all(np.isfinite(X)):
            r, c = np.argwhere(~np.isfinite(X))[0]
            raise ValueError(f"{name}: row {r}, column {c} is {X[r, c]}, not a finite number")
        return X

    def fit(self, X: ArrayLike, *, columns: Sequence[str] | None = None) -> "MinMaxScaler":
        """Learn ``data_min_`` and ``data_max_`` of each column of ``X``.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_columns)
            Finite numbers, at least one row.
        columns : sequence of str, optional
            The columns' names, to name a column in an error message
            (``column 'i0'``) rather than by its index (``X: column 0``).

        Returns
        -------
        MinMaxScaler
            ``self``.

        Raises
        ------
        ValueError
            If ``X`` is not a table of finite numbers, or a column's spread
            max − min is too large for floating point (e.g. −1e308 to 1e308):
            scaling divides by it.
        """
        X = self._as_2d(X, "X")
        if columns is None:
            where = [f"X: column {j}" for j in range(X.shape[1])]
        else:
            if isinstance(columns, str) or len(columns) != X.shape[1]:
                raise ValueError(f"columns: expected {X.shape[1]} column names, one per column of X, "
                                 f"got {describe(columns)}")
            where = [f"column {describe(str(name))}" for name in columns]
        mn, mx = X.min(axis=0), X.max(axis=0)
        _check_spread(mn, mx, where)
        self.data_min_, self.data_max_ = mn, mx
        return self

    def _prepare(self, X, name: str) -> tuple[np.ndarray, bool]:
        self._check_fitted()
        X = check_array(X, name, finite=False)
        one_row = X.ndim == 1
        X2 = self._as_2d(X[None, :] if one_row else X, name)
        if X2.shape[1] != self.n_features_in_:
            raise ValueError(f"{name}: has {X2.shape[1]} columns but the scaler was fitted on "
                             f"{self.n_features_in_}")
        return X2, one_row

    def transform(self, X: ArrayLike) -> np.ndarray:
        """Scale ``X`` into ``feature_range``; a min == max column goes to the middle of the range.

        Parameters
        ----------
        X : array_like, shape (n_columns,) or (n_samples, n_columns)
            One row (1-D) or a table (2-D).

        Returns
        -------
        ndarray
            The same shape as ``X``.

        Raises
        ------
        ValueError
            If ``X`` is not finite numbers with one column per fitted column,
            or a value lies so far outside the fitted range that its scaled
            value overflows (naming its row and column).
        """
        X, one_row = self._prepare(X, "X")
        lo, hi = self.feature_range
        spread = self.data_range_
        flat = spread == 0
        safe = np.where(flat, 1.0, spread)
        with np.errstate(over="ignore", invalid="ignore"):
            out = lo + (X - self.data_min_) / safe * (hi - lo)
        out[:, flat] = (lo + hi) / 2  # min == max: the middle of the range
        _check_result(X, out, "scales to")
        return out[0] if one_row else out

    def fit_transform(self, X: ArrayLike) -> np.ndarray:
        """``fit(X)`` then ``transform(X)``.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_columns)

        Returns
        -------
        ndarray, shape (n_samples, n_columns)
        """
        return self.fit(X).transform(X)

    def inverse_transform(self, X: ArrayLike) -> np.ndarray:
        """Map scaled values back to the original units (a constant column returns its value).

        Parameters
        ----------
        X : array_like, shape (n_columns,) or (n_samples, n_columns)
            Values in (or beyond) ``feature_range``.

        Returns
        -------
        ndarray
            The same shape as ``X``, in the units ``fit`` saw.

        Raises
        ------
        ValueError
            As :meth:`transform`: a value whose original-units value overflows
            is named by its row and column.
        """
        X, one_row = self._prepare(X, "X")
        lo, hi = self.feature_range
        with np.errstate(over="ignore", invalid="ignore"):
            out = self.data_min_ + (X - lo) / (hi - lo) * self.data_range_
        _check_result(X, out, "maps back to")
        return out[0] if one_row else out


def _check_spread(data_min: np.ndarray, data_max: np.ndarray, where: Sequence[str]) -> None:
    """Refuse a column whose spread max − min overflows (``where[j]`` names column j)."""
    with np.errstate(over="ignore"):
        bad = np.flatnonzero(~np.isfinite(data_max - data_min))
    if bad.size:
        j = int(bad[0])
        raise ValueError(f"{where[j]} spans {data_min[j]:g} to {data_max[j]:g}: the spread max − min is too "
                         f"large to compute in floating point, and min-max scaling divides by it")


def _check_result(X: np.ndarray, out: np.ndarray, verb: str) -> None:
    """Refuse a finite value of ``X`` whose scaled value overflowed, naming its row and column."""
    if not np.isfinite(out).all():
        r, c = np.argwhere(~np.isfinite(out))[0]
        raise ValueError(f"X: row {r}, column {c}: {X[r, c]:g} {verb} {out[r, c]}, beyond floating point; "
                         f"it lies too far outside the range the scaler was fitted on")


def check_scaler(value, name: str) -> MinMaxScaler:
    """A fitted :class:`MinMaxScaler`, or a ValueError naming the argument.

    Parameters
    ----------
    value : object
        What the caller passed.
    name : str
        The argument's name (``"input_scaler"``).

    Returns
    -------
    MinMaxScaler
        ``value`` itself.

    Raises
    ------
    ValueError
        If ``value`` is not a MinMaxScaler, or is not fitted yet.
    """
    if not isinstance(value, MinMaxScaler):
        raise ValueError(f"{name}: expected a fitted mlpviz MinMaxScaler, got {describe(value)}")
    if not hasattr(value, "data_min_"):
        raise ValueError(f"{name}: the scaler is not fitted yet; call fit(X) or MinMaxScaler.from_min_max first")
    return value
