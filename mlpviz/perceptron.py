"""The perceptron (seed 004): one neuron, and its bias as a weight on a constant input 1.

A single sigmoid neuron is ``MLP([n, 1], "sigmoid")``: ŷ = σ(w·x + b). Writing
x₀ = 1 and w₀ = b folds the bias into the weights, ŷ = σ(w'·x') with
x' = (x, 1). :func:`bias_as_weight_updates` trains the neuron through the one
training loop and, at every step, backpropagates the same sample through the
folded neuron: the update of w₀ is the update of b, and every other weight
moves the same.
"""
from __future__ import annotations

import numpy as np

from .format import Table
from .validation import check_array, check_count

__all__ = ["with_ones", "fold_bias", "bias_as_weight_updates"]


def with_ones(X) -> np.ndarray:
    """Inputs with a constant 1 appended to each sample: x' = (x, 1).

    Parameters
    ----------
    X : array_like, shape (n_inputs,) or (n_samples, n_inputs)

    Returns
    -------
    ndarray, shape (n_inputs + 1,) or (n_samples, n_inputs + 1)
        A new array; ``X`` is not changed.
    """
    X = check_array(X, "X")
    ones = np.ones(X.shape[:-1] + (1,))
    return np.concatenate([X, ones], axis=-1)


def fold_bias(net):
    """The same neurons with each bias moved into a last weight column (biases 0).

    Parameters
    ----------
    net : MLP
        A network with one weight layer (a perceptron or a layer of them).

    Returns
    -------
    MLP
        ``weights[0]`` is ``[W | b]`` of shape (n_out, n_in + 1); its output on
        ``with_ones(x)`` equals ``net``'s on ``x``.

    Raises
    ------
    ValueError
        If ``net`` has more than one weight layer.
    """
    from .network import MLP

    if net.n_layers != 1:
        raise ValueError(f"net: expected a single layer of neurons (a perceptron), got layers {net.layer_sizes}")
    W, b = net.weights[0], net.biases[0]
    return MLP.from_weights([np.hstack([W, b[:, None]])], [np.zeros_like(b)], net.activation_names,
                            loss=net.loss_function)


def bias_as_weight_updates(net, X, Z, lr: float, epochs: int = 1, batch_size: int = 1) -> Table:
    """Train a copy of ``net``; at every step compare the bias update with the folded weight's.

    Parameters
    ----------
    net : MLP
        A single layer of neurons (not changed).
    X, Z : array_like
        Training inputs (n_samples, n_inputs) and targets (n_samples, n_outputs).
    lr : float
        The learning rate η.
    epochs : int, default 1
    batch_size : int, default 1

    Returns
    -------
    Table
        One row per step: step, Δb (the neuron's bias), Δw₀ (the folded weight on
        x₀ = 1), and the largest difference between the other weights' updates
        in the two forms (0 up to rounding).

    Raises
    ------
    ValueError
        If ``net`` has more than one layer or an argument is invalid.
    """
    epochs = check_count(epochs, "epochs")
    fold_bias(net)                     # refuses a deeper network before training
    rows = []
    for record in net.copy().steps(X, Z, lr, epochs=epochs, batch_size=batch_size):
        folded = fold_bias(record.net_before).preview_step(with_ones(record.x), record.z, record.lr)
        db = -record.lr * record.grads.db[0]
        dw0 = folded.weights_after[0][:, -1] - folded.weights_before[0][:, -1]
        dW = record.weights_after[0] - record.weights_before[0]
        dW_folded = folded.weights_after[0][:, :-1] - folded.weights_before[0][:, :-1]
        rows.append([record.step, float(db[0]), float(dw0[0]), float(np.max(np.abs(dW - dW_folded)))])
    return Table(rows, ["step", "Δb", "Δw₀ (x₀ = 1)", "largest |Δw − Δw'|"], 6)
