"""Watching training from ``fit``'s callback: the validation loss, early stopping, snapshots.

:meth:`MLP.fit <mlpviz.network.MLP.fit>` calls ``callback(epoch, history)``
after every epoch and stops when it returns ``False``. The objects here are
such callbacks; they only read the network between epochs and never train it.

* :class:`EarlyStopping` measures the loss on held-out rows after every epoch,
  remembers the weights of the best epoch, and (with a ``patience``) stops
  when the validation loss has not improved for that many epochs — the rule
  of Prechelt (1998), "Early stopping — but when?".
* :class:`Snapshots` keeps a copy of the network at chosen epochs (to draw
  a decision boundary as it was then).
"""
from __future__ import annotations

from typing import Iterable

from .network import MLP, History
from .validation import check_array, check_count

__all__ = ["EarlyStopping", "Snapshots"]


class EarlyStopping:
    """A ``fit`` callback: the validation loss per epoch, the best epoch, and stopping.

    Parameters
    ----------
    net : MLP
        The network being trained (the one ``fit`` is called on).
    X_val : array_like, shape (n_samples, n_inputs)
    Z_val : array_like, shape (n_samples, n_outputs)
        Held-out rows the network does not train on.
    patience : int or None, default None
        Stop after this many epochs without a new lowest validation loss;
        ``None`` never stops (the curve is only recorded).

    Attributes
    ----------
    val_loss : list of float
        The network's loss (its own loss function) on the held-out rows after
        each epoch, epoch 1 first.
    best_epoch : int
        The epoch of the lowest validation loss (0 before any epoch).
    best_loss : float
        That loss (``inf`` before any epoch).
    stopped_epoch : int or None
        The epoch after which training was stopped, or ``None``.

    Examples
    --------
    >>> stop = EarlyStopping(net, X_val, Z_val, patience=5)     # doctest: +SKIP
    >>> net.fit(X, Z, epochs=500, lr=0.1, callback=stop)        # doctest: +SKIP
    >>> stop.restore()                                          # the weights of stop.best_epoch
    """

    def __init__(self, net: MLP, X_val, Z_val, patience: int | None = None):
        if not isinstance(net, MLP):
            raise ValueError(f"net: expected an MLP, got {type(net).__name__}")
        self.net = net
        self.X_val = check_array(X_val, "X_val", ndim=2, copy=True)
        self.Z_val = check_array(Z_val, "Z_val", ndim=(1, 2), copy=True)
        if len(self.X_val) == 0 or len(self.X_val) != len(self.Z_val):
            raise ValueError(f"Z_val: expected as many rows as X_val ({len(self.X_val)}, at least 1), "
                             f"got {len(self.Z_val)}")
        net.loss(self.X_val[:1], self.Z_val[:1])      # shapes that do not fit the network fail here
        self.patience = check_count(patience, "patience", allow_none=True)
        self.val_loss: list[float] = []
        self.best_epoch = 0
        self.best_loss = float("inf")
        self.stopped_epoch: int | None = None
        self._best_params = net.get_params()

    def __call__(self, epoch: int, history: History) -> bool:
        """Measure the validation loss after ``epoch``; ``False`` (stop) when patience ran out."""
        loss = self.net.loss(self.X_val, self.Z_val)
        self.val_loss.append(loss)
        if loss < self.best_loss:
            self.best_loss, self.best_epoch = loss, epoch
            self._best_params = self.net.get_params()
        if self.patience is not None and epoch - self.best_epoch >= self.patience:
            self.stopped_epoch = epoch
            return False
        return True

    def restore(self) -> MLP:
        """Put the weights of :attr:`best_epoch` back into the network; returns the network."""
        self.net.set_params(*self._best_params)
        return self.net

    def __repr__(self) -> str:
        stopped = f", stopped after epoch {self.stopped_epoch}" if self.stopped_epoch else ""
        return (f"EarlyStopping(epochs={len(self.val_loss)}, best epoch {self.best_epoch} with validation "
                f"loss {self.best_loss:.4g}{stopped})")


class Snapshots:
    """A ``fit`` callback keeping a copy of the network after chosen epochs.

    Parameters
    ----------
    net : MLP
        The network being trained.
    epochs : iterable of int
        The epochs (1 is the first) after which to copy it.

    Attributes
    ----------
    nets : dict of int to MLP
        Epoch → the network after that epoch, in the order they were taken.
    """

    def __init__(self, net: MLP, epochs: Iterable[int]):
        if not isinstance(net, MLP):
            raise ValueError(f"net: expected an MLP, got {type(net).__name__}")
        if isinstance(epochs, (str, bytes)) or not hasattr(epochs, "__iter__"):
            raise ValueError(f"epochs: expected a list of epoch numbers, got {epochs!r}")
        self.net = net
        self.epochs = sorted({check_count(e, "epochs[]") for e in epochs})
        self.nets: dict[int, MLP] = {}

    def __call__(self, epoch: int, history: History) -> None:
        if epoch in self.epochs:
            self.nets[epoch] = self.net.copy()

    def __repr__(self) -> str:
        return f"Snapshots(epochs={self.epochs}, taken={list(self.nets)})"
