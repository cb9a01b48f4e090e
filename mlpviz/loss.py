"""The loss the seeds use: L = ½ (y − z)², summed over outputs.

For a batch (one row per sample) the loss is averaged over the samples, so a
batch of one sample gives exactly the seed's per-sample number.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["mse_loss", "mse_loss_from_error", "mse_loss_gradient"]


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
    return mse_loss_from_error(np.asarray(y, dtype=float) - np.asarray(z, dtype=float))


def mse_loss_from_error(e: ArrayLike) -> float:
    """The same loss from the error ``e = y − z`` when it is already computed.

    Parameters
    ----------
    e : array_like, shape (n_outputs,) or (n_samples, n_outputs)
        ``y − z``; backpropagation needs it anyway (it is ∂L/∂y).

    Returns
    -------
    float
        ½ Σ e², averaged over samples.
    """
    e = np.asarray(e, dtype=float)
    n_samples = e.size // e.shape[-1] if e.ndim > 1 else 1
    if e.size == 0:
        raise ValueError(f"the loss of an empty error array (shape {e.shape}) is undefined")
    return 0.5 * float(np.vdot(e, e)) / n_samples   # Σ over every output of every sample, / samples


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
