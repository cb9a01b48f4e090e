"""Batches, epochs and iterations: how many updates an epoch makes, and what the batch size does.

An *epoch* is one pass over the N training samples; an *iteration* is one
update, made from one batch of B samples. So an epoch has ⌈N/B⌉ iterations
(seed 003): B = 1 is per-sample (online) gradient descent, the seeds'
training; B = N is full-batch gradient descent; anything between is
mini-batch. :func:`loss_curves` trains copies of one network with each batch
size through :meth:`mlpviz.MLP.steps` and records the loss on the whole
training set after every epoch, so the curves can share one plot
(:func:`mlpviz.plots.plot_losses` with ``first=0``).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .validation import check_count, check_number

__all__ = ["iterations_per_epoch", "loss_curves", "batch_label"]


def iterations_per_epoch(n_samples: int, batch_size: int) -> int:
    """Updates in one epoch: ⌈N / B⌉ (the last batch may be smaller).

    Parameters
    ----------
    n_samples : int
        N, samples in the training set (≥ 1).
    batch_size : int
        B, samples per update (≥ 1).

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If either is not a whole number ≥ 1.

    Examples
    --------
    >>> iterations_per_epoch(1050, 100)
    11
    """
    n = check_count(n_samples, "n_samples")
    b = check_count(batch_size, "batch_size")
    return -(-n // b)


def batch_label(batch_size: int, n_samples: int) -> str:
    """"per-sample (B = 1)", "mini-batch (B = …)" or "full batch (B = N)"."""
    if batch_size == 1:
        return "per-sample (B = 1)"
    if batch_size >= n_samples:
        return f"full batch (B = {n_samples})"
    return f"mini-batch (B = {batch_size})"


def loss_curves(net, X, Z, batch_sizes: Sequence[int], epochs: int, lr: float,
                shuffle: bool = False, seed: int | None = 0) -> dict[str, np.ndarray]:
    """Train a copy of ``net`` with each batch size; the training loss after every epoch.

    Parameters
    ----------
    net : MLP
        The starting network (not changed: each run trains a copy).
    X, Z : array_like, shapes (N, n_inputs) and (N, n_outputs)
        The training set (already scaled).
    batch_sizes : sequence of int
        B for each run, each in 1 … N.
    epochs : int
        Passes over the data per run.
    lr : float
        The learning rate η, the same for every run.
    shuffle : bool, default False
        Visit the samples in a new random order each epoch.
    seed : int or None, default 0
        Seed of the shuffling (the same for every run).

    Returns
    -------
    dict of str to ndarray, shape (epochs + 1,)
        Keyed by :func:`batch_label`, in the order of ``batch_sizes``; entry 0 is
        the loss before training, entry e the loss of the whole set after epoch e.

    Raises
    ------
    ValueError
        If a batch size is not in 1 … N, or another argument is invalid.
    """
    X = np.asarray(X, dtype=float)
    n = X.shape[0] if X.ndim == 2 else 0
    check_count(n, "X rows")
    epochs = check_count(epochs, "epochs")
    lr = check_number(lr, "lr", low=0.0)
    curves = {}
    for i, b in enumerate(batch_sizes):
        b = check_count(b, f"batch_sizes[{i}]", high=n)
        run = net.copy()
        losses = [run.loss(X, Z)]
        for record in run.steps(X, Z, lr, epochs=epochs, batch_size=b, shuffle=shuffle, seed=seed):
            if record.epoch_end:
                losses.append(run.loss(X, Z))
        curves[batch_label(b, n)] = np.array(losses)
    return curves
