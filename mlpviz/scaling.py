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

    def fit(self, X: ArrayLike) -> "MinMaxScaler":
        """Learn ``data_min_`` and ``data_max_`` of each column of ``X``.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_columns)
            Finite numbers, at least one row.

        Returns
        -------
        MinMaxScaler
            ``self``.
        """
        X = self._as_2d(X, "X")
        self.data_min_ = X.min(axis=0)
        self.data_max_ = X.max(axis=0)
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
        """
        X, one_row = self._prepare(X, "X")
        lo, hi = self.feature_range
        spread = self.data_range_
        flat = spread == 0
        safe = np.where(flat, 1.0, spread)
        out = lo + (X - self.data_min_) / safe * (hi - lo)
        out[:, flat] = (lo + hi) / 2  # min == max: the middle of the range
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
        """
        X, one_row = self._prepare(X, "X")
        lo, hi = self.feature_range
        out = self.data_min_ + (X - lo) / (hi - lo) * self.data_range_
        return out[0] if one_row else out


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
