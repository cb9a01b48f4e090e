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

__all__ = ["Loss", "HalfSquaredError", "BinaryCrossEntropy", "CrossEntropy", "LOSSES", "get_loss",
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
    #: The output activation whose f'(s) this loss cancels (``None``: any output
    #: activation; ``δ = ∂L/∂y ⊙ f'(s)``). With it, the output error signal is
    #: simply ``δ = ∂L/∂s = y − z`` (:meth:`output_delta`).
    output_activation: str | None = None

    def fn(self, y: np.ndarray, z: np.ndarray, s: np.ndarray | None = None) -> float:
        raise NotImplementedError

    def delta(self, y: np.ndarray, z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        raise NotImplementedError

    def check_target(self, z: np.ndarray, name: str = "z") -> np.ndarray:
        """``z`` if this loss can compare an output with it; every loss takes any finite number
        unless it says otherwise (the cross-entropies take probabilities).

        Raises
        ------
        ValueError
            Naming the first target this loss cannot use.
        """
        return z

    def value_and_delta(self, y: np.ndarray, z: np.ndarray,
                        out: np.ndarray | None = None) -> tuple[float, np.ndarray]:
        """``(fn(y, z), delta(y, z, out))``: backpropagation needs both, and a loss may share the work."""
        return self.fn(y, z), self.delta(y, z, out=out)

    def output_delta(self, y: np.ndarray, z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """∂L/∂s of the output layer when its activation is :attr:`output_activation`: ``y − z``.

        For a sigmoid under binary cross-entropy, ∂L/∂y = (y − z)/(y(1 − y)) and
        σ'(s) = y(1 − y) cancel; for a softmax under cross-entropy the Jacobian
        of the softmax and −z/y combine the same way (seed 003; Bishop 2006, §4.3).
        """
        return np.subtract(y, z, out=out, dtype=float)

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

    def fn(self, y: ArrayLike, z: ArrayLike, s: ArrayLike | None = None) -> float:
        """½ Σ (y − z)², summed over outputs and averaged over samples (``s`` is not needed).

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
        e = np.subtract(y, z, out=out, dtype=float)
        return mse_loss_from_error(e), e


def _probabilities(z: np.ndarray, name: str, loss: str) -> np.ndarray:
    """``z`` if every finite value lies in [0, 1] (NaN and ±inf are left to the finiteness checks)."""
    bad = np.argwhere(((z < 0.0) | (z > 1.0)) & np.isfinite(z))
    if bad.size:
        where = bad[0]
        pos = ", ".join(str(int(i)) for i in where)
        raise ValueError(f"{name}: value {z[tuple(where)]:g} at [{pos}] is not a probability: {loss} needs "
                         f"targets from 0 to 1")
    return z


def _n_samples(y: np.ndarray) -> int:
    return y.size // y.shape[-1] if y.ndim > 1 else 1


class BinaryCrossEntropy(Loss):
    r"""``L = −Σ_k [z_k log y_k + (1 − z_k) log(1 − y_k)]`` per sample, averaged over samples.

    For sigmoid outputs read as probabilities (one or several independent
    yes/no outputs). With the weighted sums ``s`` (``y = σ(s)``) the value is
    computed as ``max(s, 0) − z s + log(1 + e^{−|s|})``, which never takes
    the log of 0 (no warning at s = ±1000).
    """

    name = "binary_cross_entropy"
    latex = r"L = -\sum_k \left[z_k \log y_k + (1 - z_k) \log(1 - y_k)\right]"
    output_activation = "sigmoid"

    def check_target(self, z, name="z"):
        """Targets must be probabilities in [0, 1] (1 for yes, 0 for no)."""
        return _probabilities(z, name, self.name)

    def fn(self, y: ArrayLike, z: ArrayLike, s: ArrayLike | None = None) -> float:
        """The mean over samples of the summed binary cross-entropy.

        Parameters
        ----------
        y, z : array_like, shape (n_outputs,) or (n_samples, n_outputs)
            Sigmoid outputs in [0, 1] and targets in [0, 1].
        s : array_like, optional
            The weighted sums with ``y = σ(s)``: the stable form is used.

        Returns
        -------
        float
            ``inf`` when an output is exactly 0 or 1 against the opposite
            target and ``s`` is not given.
        """
        z = np.asarray(z, dtype=float)
        if s is not None:        # Σ [max(s, 0) − z s + log(1 + e^{−|s|})], with one temporary array
            s = np.asarray(s, dtype=float)
            t = np.negative(np.abs(s))
            np.log1p(np.exp(t, out=t), out=t)
            return float(s.sum(where=s > 0) - np.vdot(z, s) + t.sum()) / _n_samples(z)
        else:
            y = np.asarray(y, dtype=float)
            with np.errstate(divide="ignore", invalid="ignore"):
                per = -(np.where(z > 0, z * np.log(y), 0.0) + np.where(z < 1, (1 - z) * np.log1p(-y), 0.0))
        return float(per.sum()) / _n_samples(z)

    def delta(self, y: ArrayLike, z: ArrayLike, out: np.ndarray | None = None) -> np.ndarray:
        """∂L/∂y = (y − z) / (y (1 − y)) per sample (infinite where y is exactly 0 or 1)."""
        y = np.asarray(y, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.divide(y - z, y * (1 - y), out=out)



class CrossEntropy(Loss):
    r"""``L = −Σ_k z_k log y_k`` per sample with ``y = softmax(s)``, averaged over samples.

    For one class out of several (one-hot targets ``z``). With the weighted
    sums ``s`` the value is ``log Σ_j e^{s_j} − Σ_k z_k s_k`` (for targets
    that sum to 1), computed with the largest ``s`` subtracted first
    (log-sum-exp), so no exponential overflows (no warning at s = ±1000).
    """

    name = "cross_entropy"
    latex = r"L = -\sum_k z_k \log y_k"
    output_activation = "softmax"

    def check_target(self, z, name="z"):
        """Targets must be probabilities over the classes: in [0, 1], each sample's summing to 1 (one-hot)."""
        z = _probabilities(z, name, self.name)
        sums = z.sum(axis=-1)
        off = np.abs(np.atleast_1d(sums) - 1.0)
        bad = np.flatnonzero((off > 1e-6) & np.isfinite(off))      # NaN and inf: the finiteness checks
        if bad.size:
            i = int(bad[0])
            where = f" of sample {i}" if z.ndim == 2 else ""
            raise ValueError(f"{name}: the targets{where} sum to {np.atleast_1d(sums)[i]:g}, not 1: {self.name} "
                             f"compares the softmax with one probability per class (one-hot: a single 1)")
        return z

    def fn(self, y: ArrayLike, z: ArrayLike, s: ArrayLike | None = None) -> float:
        """The mean over samples of −Σ z log softmax(s).

        Parameters
        ----------
        y, z : array_like, shape (n_classes,) or (n_samples, n_classes)
            Softmax outputs and targets (one-hot, or probabilities summing to 1).
        s : array_like, optional
            The weighted sums with ``y = softmax(s)`` (``y`` must be that
            softmax): the stable form is used.
        """
        z = np.asarray(z, dtype=float)
        if s is not None:        # −Σ z (s − lse(s)) = lse(s) Σ z − Σ z s
            s, y = np.asarray(s, dtype=float), np.asarray(y, dtype=float)
            # lse(s) = log Σ e^s. The largest output is y_max = e^(s_max − lse), so lse = s_max − log y_max:
            # no exponential to overflow, and y_max ≥ 1/n_classes has no log(0) (log-sum-exp, for free).
            lse = s.max(axis=-1) - np.log(y.max(axis=-1))
            return float(np.vdot(z.sum(axis=-1), lse) - np.vdot(z, s)) / _n_samples(z)
        else:
            with np.errstate(divide="ignore"):
                log_y = np.log(np.asarray(y, dtype=float))
        per = -np.where(z > 0, z * log_y, 0.0)
        return float(per.sum()) / _n_samples(z)

    def delta(self, y: ArrayLike, z: ArrayLike, out: np.ndarray | None = None) -> np.ndarray:
        """∂L/∂y = −z / y per sample (infinite where y is 0 and z is not)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.divide(-np.asarray(z, dtype=float), y, out=out)



#: The losses by name (``MLP(..., loss=name)``).
LOSSES: dict[str, Loss] = {"half_squared_error": HalfSquaredError(),
                           "binary_cross_entropy": BinaryCrossEntropy(),
                           "cross_entropy": CrossEntropy()}


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
    return 0.5 * float(np.vdot(e, e)) / _n_samples(e)   # Σ over every output of every sample, / samples


def mse_loss_gradient(y: ArrayLike, z: ArrayLike) -> np.ndarray:
    """∂L/∂y = y − z for each sample (``HalfSquaredError().delta``)."""
    return LOSSES["half_squared_error"].delta(y, z)
