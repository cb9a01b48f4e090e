"""How often a classifier is right: accuracy and the confusion matrix.

A network's outputs become class labels the usual way: with one output, the
class is 1 when ``y ≥ 0.5`` (a sigmoid read as a probability); with several
outputs (softmax, or one sigmoid per class), the class is the index of the
largest output. The counting itself is scikit-learn's.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .validation import check_array

__all__ = ["labels", "accuracy", "confusion_matrix"]


def labels(Y: ArrayLike, name: str = "Y") -> np.ndarray:
    """Class labels from outputs or one-hot targets.

    Parameters
    ----------
    Y : array_like, shape (n_samples, n_outputs)
        Network outputs, or targets (0/1 or one-hot).

    Returns
    -------
    ndarray of int, shape (n_samples,)
        ``Y[:, 0] >= 0.5`` for one column, ``argmax`` over the columns otherwise.

    Raises
    ------
    ValueError
        If ``Y`` is not a 2-D array of finite numbers.
    """
    Y = check_array(Y, name, ndim=2)
    return (Y[:, 0] >= 0.5).astype(int) if Y.shape[1] == 1 else Y.argmax(axis=1)


def accuracy(Y: ArrayLike, Z: ArrayLike) -> float:
    """The fraction of samples whose predicted class is the target class.

    Parameters
    ----------
    Y : array_like, shape (n_samples, n_outputs)
        The network's outputs.
    Z : array_like, shape (n_samples, n_outputs)
        The targets (0/1 for one output, one-hot for several).

    Returns
    -------
    float
        From 0 to 1.

    Raises
    ------
    ValueError
        If the shapes differ.
    """
    from sklearn.metrics import accuracy_score

    y, z = labels(Y, "Y"), labels(Z, "Z")
    if np.shape(Y) != np.shape(Z):
        raise ValueError(f"Z: expected the shape of the outputs {np.shape(Y)}, got {np.shape(Z)}")
    return float(accuracy_score(z, y))


def confusion_matrix(Y: ArrayLike, Z: ArrayLike) -> np.ndarray:
    """Counts of (true class, predicted class) pairs.

    Returns
    -------
    ndarray of int, shape (n_classes, n_classes)
        ``C[i, j]``: samples of class ``i`` predicted as ``j`` (the diagonal is right).
    """
    from sklearn.metrics import confusion_matrix as _confusion

    if np.shape(Y) != np.shape(Z):
        raise ValueError(f"Z: expected the shape of the outputs {np.shape(Y)}, got {np.shape(Z)}")
    n = max(2, np.shape(Y)[1])
    return _confusion(labels(Z, "Z"), labels(Y, "Y"), labels=list(range(n)))
