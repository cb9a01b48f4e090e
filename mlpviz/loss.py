"""The loss as an object: its value ``fn`` and its gradient ``delta`` (as in Nielsen's network2).

The seeds train with the half squared error ``L = ½ Σ (y − z)²``, summed over
the outputs (seed 001); for a batch (one row per sample) mlpviz averages it
over the samples, so a batch of one sample gives exactly the seed's number.
A network holds one loss object (``MLP(..., loss="half_squared_error")``);
backpropagation starts from its ``delta``.

PyTorch's ``MSELoss`` (and Keras's ``mse``) is the *mean* of (y − z)²: twice
this loss for one output, so the same η takes twice the step there.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["Loss", "HalfSquaredError", "LOSSES", "get_loss",
           "mse_loss", "mse_loss_from_error", "mse_loss_gradient"]


class Loss:
    """A loss function L(y, z) of the network's output ``y`` and the target ``z``.

    Subclasses define :meth:`fn` (the value, averaged over samples) and
    :meth:`delta` (∂L/∂y of each sample, not averaged: backpropagation
    averages the weight gradients instead). ``name`` is the name used in
    ``MLP(..., loss=name)`` and in files; ``latex`` the formula of one sample.
    """

    name: str = ""
    latex: str = ""

    def fn(self, y: np.ndarray, z: np.ndarray) -> float:
        raise NotImplementedError

    def delta(self, y: np.ndarray, z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        raise NotImplementedError

    def value_and_delta(self, y: np.ndarray, z: np.ndarray, out: np.ndarray | None = None) -> tuple[float, np.ndarray]:
        """``(fn(y, z), delta(y, z))`` at once: backpropagation needs both (a loss may share work)."""
        return self.fn(y, z), self.delta(y, z, out=out)

    def __repr__(self) -> str:  # short and stable: notebooks print it
        return f"{type(self).__name__}()"

    def __eq__(self, other) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))


class HalfSquaredError(Loss):
    r"""``L = ½ Σ_k (y_k − z_k)²`` per sample, averaged over samples (seed 001's MSE).

    The ½ cancels the 2 of the square in the derivative, so ``∂L/∂y = y − z``.
    """

    name = "half_squared_error"
    latex = r"L = \tfrac{1}{2} \sum_k (y_k - z_k)^2"

    def fn(self, y: ArrayLike, z: ArrayLike) -> float:
        """½ Σ (y − z)², summed over outputs and averaged over samples.

        Parameters
        ----------
        y, z : array_like, shape (n_outputs,) or (n_samples, n_outputs)
            The output and the target, of the same shape.

        Returns
        -------
        float

        Raises
        ------
        ValueError
            If the arrays are empty.
        """
        return mse_loss_from_error(np.subtract(y, z, dtype=float))

    def delta(self, y: ArrayLike, z: ArrayLike, out: np.ndarray | None = None) -> np.ndarray:
        """∂L/∂y = y − z for each sample (not averaged), written into ``out`` if given."""
        return np.subtract(y, z, out=out, dtype=float)

    def value_and_delta(self, y, z, out=None):
        """The loss from the error e = y − z, which is also ∂L/∂y: one subtraction for both."""
        e = self.delta(y, z, out=out)
        return mse_loss_from_error(e), e


#: The losses by name (``MLP(..., loss=name)``).
LOSSES: dict[str, Loss] = {"half_squared_error": HalfSquaredError()}


def get_loss(loss: str | Loss, where: str = "loss") -> Loss:
    """The loss object for a name (or the object itself).

    Raises
    ------
    ValueError
        If the name is unknown; the message lists the known names.
    """
    if isinstance(loss, Loss):
        return loss
    from .validation import check_choice

    return LOSSES[check_choice(loss, where, LOSSES)]


def mse_loss(y: ArrayLike, z: ArrayLike) -> float:
    """Half squared error ½ Σ (y − z)², averaged over samples (``HalfSquaredError().fn``).

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
    return LOSSES["half_squared_error"].fn(y, z)


def mse_loss_from_error(e: ArrayLike) -> float:
    """The same loss from the error ``e = y − z`` when it is already computed.

    Parameters
    ----------
    e : array_like, shape (n_outputs,) or (n_samples, n_outputs)
        ``y − z``.

    Returns
    -------
    float
        ½ Σ e², averaged over samples.

    Raises
    ------
    ValueError
        If ``e`` is empty.
    """
    e = np.asarray(e, dtype=float)
    if e.size == 0:
        raise ValueError(f"the loss of an empty error array (shape {e.shape}) is undefined")
    n_samples = e.size // e.shape[-1] if e.ndim > 1 else 1
    return 0.5 * float(np.vdot(e, e)) / n_samples   # Σ over every output of every sample, / samples


def mse_loss_gradient(y: ArrayLike, z: ArrayLike) -> np.ndarray:
    """∂L/∂y = y − z for each sample (``HalfSquaredError().delta``)."""
    return LOSSES["half_squared_error"].delta(y, z)
