"""Measuring what goes wrong inside a network, layer by layer.

Two numbers per weight layer say whether a deep network can learn:

* the size of its gradient, ‖∂L/∂W[l]‖ (the Frobenius norm: the square root
  of the sum of the squares of the entries). Backpropagation multiplies δ by
  Wᵀ and by f'(s) once per layer; with sigmoids f'(s) ≤ ¼, so in a deep
  sigmoid network the norms shrink layer after layer towards the input
  (*vanishing gradients*); with large weights they can grow instead
  (*exploding gradients*). Glorot & Bengio (2010); He et al. (2015).
* the spread of its activations a[l+1] = f(s[l]): a layer whose units all sit
  at one value (0 for a dead ReLU, 0 or 1 for a saturated sigmoid) passes
  no information on.

Both read what the engine already computed — a :class:`~mlpviz.network.StepRecord`'s
gradients, a :class:`~mlpviz.network.Trace`'s activations — and recompute nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import Gradients, StepRecord, Trace

__all__ = ["gradient_norms", "ActivationStats", "activation_stats"]


def gradient_norms(record_or_grads: StepRecord | Gradients) -> np.ndarray:
    """‖∂L/∂W[l]‖ of every weight layer: the Frobenius norm of each ``dW[l]``.

    Parameters
    ----------
    record_or_grads : StepRecord or Gradients
        A step's record (its ``grads``) or the gradients themselves, e.g.
        ``net.backward(net.forward(X), Z)``.

    Returns
    -------
    ndarray, shape (n_weight_layers,)
        Entry ``l`` is √(Σ_jk (∂L/∂W[l]_jk)²); layer 0 is next to the input.

    Raises
    ------
    ValueError
        If the argument is neither a StepRecord nor a Gradients.
    """
    grads = record_or_grads.grads if isinstance(record_or_grads, StepRecord) else record_or_grads
    if not isinstance(grads, Gradients):
        raise ValueError(f"record_or_grads: expected a StepRecord or a Gradients, "
                         f"got {type(record_or_grads).__name__}")
    return np.array([np.sqrt(np.sum(np.square(dW))) for dW in grads.dW])


@dataclass(frozen=True)
class ActivationStats:
    """Statistics of each layer's activations a[l+1] = f(s[l]) over a batch.

    Attributes
    ----------
    mean, std : ndarray, shape (n_weight_layers,)
        Mean and standard deviation over every sample and unit of the layer.
    saturated : ndarray, shape (n_weight_layers,)
        The fraction of a layer's values within ``tol`` of the ends of its
        activation's range: |a| ≥ 1 − tol for tanh, a ≤ tol or a ≥ 1 − tol for
        sigmoid, a = 0 for relu (a dead unit); 0 for linear.
    """

    mean: np.ndarray
    std: np.ndarray
    saturated: np.ndarray


def _saturated(a: np.ndarray, name: str, tol: float) -> float:
    if name == "sigmoid":
        return float(np.mean((a <= tol) | (a >= 1 - tol)))
    if name == "tanh":
        return float(np.mean(np.abs(a) >= 1 - tol))
    if name == "relu":
        return float(np.mean(a <= 0))
    return 0.0


def activation_stats(trace: Trace, activations, tol: float = 0.01) -> ActivationStats:
    """Mean, spread and saturated fraction of every layer's activations in a forward pass.

    Parameters
    ----------
    trace : Trace
        ``net.forward(X)`` for a batch ``X`` (one row per sample).
    activations : sequence of str
        The activation of each weight layer (``net.activation_names``).
    tol : float, default 0.01
        How close to the end of its range a value counts as saturated.

    Returns
    -------
    ActivationStats

    Raises
    ------
    ValueError
        If ``trace`` is not a Trace, ``activations`` has the wrong length, or
        ``tol`` is not a number from 0 to 0.5.
    """
    from .validation import check_number

    if not isinstance(trace, Trace):
        raise ValueError(f"trace: expected a Trace (net.forward(X)), got {type(trace).__name__}")
    names = [str(n) for n in activations] if not isinstance(activations, str) else None
    if names is None or len(names) != len(trace.s):
        raise ValueError(f"activations: expected one name per weight layer ({len(trace.s)}), "
                         f"got {activations!r}")
    tol = check_number(tol, "tol", low=0.0, high=0.5)
    layers = trace.a[1:]
    return ActivationStats(mean=np.array([float(np.mean(a)) for a in layers]),
                           std=np.array([float(np.std(a)) for a in layers]),
                           saturated=np.array([_saturated(np.asarray(a), n, tol) for a, n in zip(layers, names)]))
