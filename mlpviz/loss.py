"""The loss the seeds use: L = ½ (y − z)², summed over outputs.

For a batch (one row per sample) the loss is averaged over the samples, so a
batch of one sample gives exactly the seed's per-sample number.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["mse_loss", "mse_loss_gradient"]


def mse_loss(y: ArrayLike, z: ArrayLike) -> float:
    """Half squared error ½ Σ (y − z)², averaged over samples.

    Parameters
    ----------
    y : array_like, shape (n_outputs,) or (n_samples, n_outputs)
        The network's output.
    z : array_like of the same shape
        The targets.

    Returns
    -------
    float
    """
    y = np.asarray(y, dtype=float)
    z = np.asarray(z, dtype=float)
    per_sample = 0.5 * np.sum((y - z) ** 2, axis=-1)
    return float(np.mean(per_sample))


def mse_loss_gradient(y: ArrayLike, z: ArrayLike) -> np.ndarray:
    """∂L/∂y = y − z for each sample (the ½ cancels the 2 of the square).

    Parameters
    ----------
    y : array_like, shape (n_outputs,) or (n_samples, n_outputs)
        The network's output.
    z : array_like of the same shape
        The targets.

    Returns
    -------
    ndarray
        ``y − z``, per sample (not averaged).
    """
    return np.asarray(y, dtype=float) - np.asarray(z, dtype=float)
