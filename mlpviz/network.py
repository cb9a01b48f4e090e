"""The multi-layer perceptron: forward pass, backpropagation, update, fit.

Indexing (one convention, used everywhere in mlpviz)
----------------------------------------------------
A network with ``layer_sizes = [2, 3, 1]`` has two *weight layers*,
``l = 0`` (input → hidden) and ``l = 1`` (hidden → output).

* ``W[l]`` has shape ``(n_out, n_in)``: row ``j`` holds the weights into
  neuron ``j``; ``W[l][j, i]`` is the seed's ``w[layer][node][input]``.
* ``b[l]`` has shape ``(n_out,)``.
* ``a[0]`` is the input ``x``; for every weight layer ``l``::

      s[l]   = W[l] · a[l] + b[l]          (weighted sum)
      a[l+1] = f_l(s[l])                   (activation)

  so ``a[l]`` is what flows *into* weight layer ``l`` and the output is
  ``y = a[-1]``.
* Backpropagation works from the loss L = ½ Σ (y − z)² backwards::

      delta[L-1] = (y − z) ⊙ f'(s[L-1])                 output error signal δo
      delta[l]   = (W[l+1]ᵀ · delta[l+1]) ⊙ f'(s[l])    hidden error signal δh
      dW[l]      = delta[l] ⊗ a[l]        db[l] = delta[l]

Everything works on one sample (1-D arrays) or a batch (2-D, one row per
sample); for a batch, ``dW`` and ``db`` are means over the samples.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike

from .activations import Activation, activation_list
from .loss import mse_loss, mse_loss_from_error

__all__ = ["MLP", "Trace", "Gradients", "History", "TrainingDivergedError"]


class TrainingDivergedError(ValueError):
    """Training stopped because the loss became inf or NaN.

    Attributes
    ----------
    history : History
        The losses recorded up to (and including) the non-finite one.
    lr : float
        The learning rate that was used.
    """

    def __init__(self, message: str, history: "History", lr: float):
        super().__init__(message)
        self.history = history
        self.lr = lr


@dataclass
class Trace:
    """What a forward pass computed.

    Attributes
    ----------
    s : list of arrays
        ``s[l]``, the weighted sums of weight layer ``l``.
    a : list of arrays
        ``a[0]`` is the input, ``a[l+1] = f(s[l])``; one longer than ``s``.
    """

    s: list[np.ndarray]
    a: list[np.ndarray]

    @property
    def output(self) -> np.ndarray:
        """The network's output ``y = a[-1]``."""
        return self.a[-1]

    @property
    def x(self) -> np.ndarray:
        """The input ``a[0]``."""
        return self.a[0]


@dataclass
class Gradients:
    """What backpropagation computed.

    Attributes
    ----------
    delta : list of arrays
        ``delta[l] = ∂L/∂s[l]``, the error signals of weight layer ``l``
        (for a batch, one row per sample, not averaged).
    dW : list of arrays
        ``∂L/∂W[l]``, same shapes as the weights (batch mean).
    db : list of arrays
        ``∂L/∂b[l]``, same shapes as the biases (batch mean).
    loss : float
        The loss of the trace that was backpropagated.
    fprime : list of arrays
        ``fprime[l] = f'(s[l])``, the slope of layer ``l``'s activation at
        each weighted sum: ``delta[l]`` is ∂L/∂a of the layer times it.
    """

    delta: list[np.ndarray]
    dW: list[np.ndarray]
    db: list[np.ndarray]
    loss: float = float("nan")
    fprime: list[np.ndarray] = field(default_factory=list)


@dataclass
class History:
    """Losses recorded by :meth:`MLP.fit`.

    Attributes
    ----------
    epoch_loss : list of float
        Mean of the step losses of each epoch.
    step_loss : list of float
        The loss of every update step, measured *before* that step's update
        (the convention of the seed's loss table: iteration 0 is the
        untrained network).
    """

    epoch_loss: list[float] = field(default_factory=list)
    step_loss: list[float] = field(default_factory=list)


def _as_float_array(value, name: str) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}: expected numbers, got {value!r} ({exc})") from None
    return arr


def _check_finite(arr: np.ndarray, name: str) -> None:
    if not np.all(np.isfinite(arr)):
        where = np.argwhere(~np.isfinite(arr))[0]
        pos = ", ".join(str(int(i)) for i in where)
        raise ValueError(f"{name}: value {arr[tuple(where)]} at [{pos}] is not a finite number")


def _check_positive(value, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name}: expected a positive number, got {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name}: must be a positive finite number, got {value!r}")


def _check_count(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ValueError(f"{name}: must be a positive whole number, got {value!r}")
    return int(value)


class MLP:
    """A fully connected feed-forward network trained by backpropagation.

    Parameters
    ----------
    layer_sizes : sequence of int
        Neurons per layer, input first: ``[2, 3, 1]`` is the seed's 2-3-1 net.
    activation : str or sequence of str, default "sigmoid"
        One name for every layer, or one per weight layer
        (``len(layer_sizes) - 1`` names) from sigmoid, tanh, relu, linear.
    seed : int or None
        Seed of the uniform [-1, 1] initialisation (``None``: not repeatable).

    Attributes
    ----------
    weights : list of arrays
        ``weights[l]`` of shape ``(layer_sizes[l+1], layer_sizes[l])``.
    biases : list of arrays
        ``biases[l]`` of shape ``(layer_sizes[l+1],)``.
    activations : list of Activation
        One per weight layer.

    Examples
    --------
    >>> net = MLP([2, 3, 1], seed=0)
    >>> net.forward([0.5, 0.5]).output.shape
    (1,)
    """

    def __init__(self, layer_sizes: Sequence[int], activation: str | Sequence[str] = "sigmoid",
                 seed: int | None = None):
        sizes = list(layer_sizes) if not isinstance(layer_sizes, (str, bytes)) else None
        if sizes is None or len(sizes) < 2:
            raise ValueError(
                f"layer_sizes: expected at least two layer sizes (inputs and outputs), got {layer_sizes!r}"
            )
        for i, n in enumerate(sizes):
            _check_count(n, f"layer_sizes[{i}]")
        self.layer_sizes = [int(n) for n in sizes]
        self.activations: list[Activation] = activation_list(activation, len(sizes) - 1)
        rng = np.random.default_rng(seed)
        self.weights: list[np.ndarray] = []
        self.biases: list[np.ndarray] = []
        for n_in, n_out in zip(self.layer_sizes[:-1], self.layer_sizes[1:]):
            self.weights.append(rng.uniform(-1.0, 1.0, size=(n_out, n_in)))
            self.biases.append(rng.uniform(-1.0, 1.0, size=n_out))

    # ------------------------------------------------------------------ build
    @classmethod
    def from_weights(cls, weights: Sequence, biases: Sequence,
                     activation: str | Sequence[str] = "sigmoid") -> "MLP":
        """Build a network from explicit weights and biases.

        Parameters
        ----------
        weights : sequence of 2-D arrays
            ``weights[l]`` of shape ``(n_out, n_in)``; consecutive layers must fit.
        biases : sequence of 1-D arrays
            ``biases[l]`` of shape ``(n_out,)``.
        activation : str or sequence of str
            As for :class:`MLP`.
        """
        weights = list(weights)
        biases = list(biases)
        if not weights:
            raise ValueError("weights: expected at least one weight matrix, got none")
        if len(weights) != len(biases):
            raise ValueError(
                f"biases: got {len(biases)} bias vectors for {len(weights)} weight matrices"
            )
        Ws, bs = [], []
        for l, (W, b) in enumerate(zip(weights, biases)):
            W = _as_float_array(W, f"weights[{l}]")
            b = _as_float_array(b, f"biases[{l}]")
            if W.ndim != 2 or W.size == 0:
                raise ValueError(f"weights[{l}]: expected a non-empty 2-D (n_out, n_in) matrix, got shape {W.shape}")
            if b.shape != (W.shape[0],):
                raise ValueError(f"biases[{l}]: expected shape ({W.shape[0]},) to match weights[{l}] "
                                 f"{W.shape}, got {b.shape}")
            if l > 0 and W.shape[1] != Ws[-1].shape[0]:
                raise ValueError(
                    f"weights[{l}]: has {W.shape[1]} inputs but layer {l - 1} has {Ws[-1].shape[0]} neurons"
                )
            _check_finite(W, f"weights[{l}]")
            _check_finite(b, f"biases[{l}]")
            Ws.append(W.copy())
            bs.append(b.copy())
        sizes = [Ws[0].shape[1]] + [W.shape[0] for W in Ws]
        net = cls.__new__(cls)
        net.layer_sizes = sizes
        net.activations = activation_list(activation, len(Ws))
        net.weights = Ws
        net.biases = bs
        return net

    def copy(self) -> "MLP":
        """An independent copy (same weights, biases and activations)."""
        return MLP.from_weights(self.weights, self.biases, [a.name for a in self.activations])

    @property
    def n_layers(self) -> int:
        """Number of weight layers (``len(layer_sizes) - 1``)."""
        return len(self.weights)

    @property
    def activation_names(self) -> list[str]:
        """The activation of each weight layer, by name."""
        return [a.name for a in self.activations]

    def get_params(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Copies of ``(weights, biases)``."""
        return [W.copy() for W in self.weights], [b.copy() for b in self.biases]

    def set_params(self, weights: Sequence, biases: Sequence) -> None:
        """Replace weights and biases (same shapes) in place.

        Parameters
        ----------
        weights, biases : sequences of arrays
            Shaped like :attr:`weights` and :attr:`biases`; copied.

        Raises
        ------
        ValueError
            If a shape differs from this network's or a value is not finite.
        """
        other = MLP.from_weights(weights, biases, self.activation_names)
        if other.layer_sizes != self.layer_sizes:
            raise ValueError(f"weights: layer sizes {other.layer_sizes} do not match this network's "
                             f"{self.layer_sizes}")
        self.weights, self.biases = other.weights, other.biases

    def __repr__(self) -> str:
        sizes = "-".join(str(n) for n in self.layer_sizes)
        acts = self.activation_names
        act = acts[0] if len(set(acts)) == 1 else acts
        return f"MLP({sizes}, activation={act!r})"

    # ----------------------------------------------------------------- checks
    def _check_input(self, x, name: str = "x") -> np.ndarray:
        x = _as_float_array(x, name)
        n_in = self.layer_sizes[0]
        if x.ndim not in (1, 2) or x.shape[-1] != n_in:
            raise ValueError(
                f"{name}: the network takes {n_in} inputs per sample; got an array of shape {x.shape} "
                f"(expected ({n_in},) for one sample or (n_samples, {n_in}) for a batch)"
            )
        _check_finite(x, name)
        return x

    def _check_target(self, z, y: np.ndarray, name: str = "z") -> np.ndarray:
        z = _as_float_array(z, name)
        if z.shape != y.shape:
            if z.ndim == y.ndim - 1 and z.shape == y.shape[:-1] and y.shape[-1] == 1:
                z = z[..., None]  # a column of targets for a one-output network
            else:
                raise ValueError(f"{name}: expected targets of shape {y.shape} (like the output), got {z.shape}")
        _check_finite(z, name)
        return z

    # ------------------------------------------------------------ the math
    def forward(self, x: ArrayLike) -> Trace:
        """Run the forward pass: ``s[l] = W[l]·a[l] + b[l]``, ``a[l+1] = f(s[l])``.

        Parameters
        ----------
        x : array_like, shape (n_inputs,) or (n_samples, n_inputs)
            One sample, or a batch with one sample per row.

        Returns
        -------
        Trace
            ``s`` and ``a`` of every layer; ``trace.output`` is ``y``.
        """
        return self._forward(self._check_input(x))

    def _forward(self, x: np.ndarray, into: Trace | None = None) -> Trace:
        """The forward pass on an input already checked (``fit`` checks its data once).

        ``into`` is a Trace of an earlier batch of the same shape whose arrays
        are overwritten, so a training loop allocates nothing per step: a
        fresh array of a big batch costs a page fault every 4 KiB, as much
        time as the arithmetic on it.
        """
        if into is None:
            into = Trace(s=[np.empty(x.shape[:-1] + (n,)) for n in self.layer_sizes[1:]],
                         a=[x] + [np.empty(x.shape[:-1] + (n,)) for n in self.layer_sizes[1:]])
        s, a = into.s, into.a
        a[0] = x
        for l, (W, b, f) in enumerate(zip(self.weights, self.biases, self.activations)):
            np.matmul(a[l], W.T, out=s[l])       # s = W·a (a row per sample: a·Wᵀ)
            s[l] += b                            #     + b
            f(s[l], out=a[l + 1])                # a = f(s)
        return into

    def predict(self, x: ArrayLike) -> np.ndarray:
        """The output ``y`` for input(s) ``x`` (``forward(x).output``).

        Parameters
        ----------
        x : array_like, shape (n_inputs,) or (n_samples, n_inputs)

        Returns
        -------
        ndarray, shape (n_outputs,) or (n_samples, n_outputs)
        """
        return self.forward(x).output

    def loss(self, x: ArrayLike, z: ArrayLike) -> float:
        """½ Σ (y − z)² of the network on ``x``, averaged over samples.

        Parameters
        ----------
        x : array_like, shape (n_inputs,) or (n_samples, n_inputs)
        z : array_like
            Targets shaped like the output (a plain column for a one-output net).

        Returns
        -------
        float
        """
        y = self.predict(x)
        return mse_loss(y, self._check_target(z, y))

    def backward(self, trace: Trace, z: ArrayLike) -> Gradients:
        """Backpropagate the loss ½ Σ (y − z)² through a forward trace.

        Parameters
        ----------
        trace : Trace
            The result of :meth:`forward`.
        z : array_like
            Targets, the same shape as ``trace.output``.

        Returns
        -------
        Gradients
            ``delta``, ``dW`` and ``db`` for every weight layer.
        """
        return self._backward(trace, self._check_target(z, trace.output))

    def _backward(self, trace: Trace, z: np.ndarray, into: Gradients | None = None) -> Gradients:
        """Backpropagation with targets already checked (``fit`` checks its data once).

        ``into`` is a Gradients of an earlier batch of the same shape whose
        arrays are overwritten (see :meth:`_forward`).
        """
        s, a, y = trace.s, trace.a, trace.output
        if into is None:
            into = Gradients(delta=[np.empty_like(s_l) for s_l in s],
                             dW=[np.empty_like(W) for W in self.weights],
                             db=[np.empty_like(b) for b in self.biases],
                             fprime=[np.empty_like(s_l) for s_l in s])
        delta, dW, db, fprime = into.delta, into.dW, into.db, into.fprime
        L = self.n_layers
        np.subtract(y, z, out=delta[-1])                     # ∂L/∂y = y − z
        into.loss = mse_loss_from_error(delta[-1])
        for l in range(L - 1, -1, -1):
            if l < L - 1:
                np.matmul(delta[l + 1], self.weights[l + 1], out=delta[l])   # ∂L/∂a = W[l+1]ᵀ δ[l+1]
            self.activations[l].df(s[l], a[l + 1], out=fprime[l])           # f'(s)
            delta[l] *= fprime[l]                                            # δ = ∂L/∂a ⊙ f'(s)
        if y.ndim == 1:
            for l in range(L):
                np.outer(delta[l], a[l], out=dW[l])           # ∂L/∂W = δ aᵀ
                np.copyto(db[l], delta[l])                     # ∂L/∂b = δ
        else:                                                  # the means over the batch
            n = y.shape[0]
            ones = np.ones(n)
            for l in range(L):
                np.matmul(delta[l].T, a[l], out=dW[l])        # Σ over samples of δ aᵀ
                dW[l] /= n
                np.matmul(ones, delta[l], out=db[l])          # Σ over samples of δ, as 1ᵀδ: a product
                db[l] /= n                                     # is 5× faster than a column sum
        return into

    def update(self, grads: Gradients, lr: float) -> None:
        """Gradient descent step θ ← θ − lr·∇L for every weight and bias (in place).

        Parameters
        ----------
        grads : Gradients
            From :meth:`backward`.
        lr : float
            The learning rate η, positive.

        Raises
        ------
        ValueError
            If ``lr`` is not a positive finite number (nothing is changed).
        """
        _check_positive(lr, "lr")
        for l in range(self.n_layers):
            self.weights[l] -= lr * grads.dW[l]
            self.biases[l] -= lr * grads.db[l]

    def step(self, x: ArrayLike, z: ArrayLike, lr: float) -> Gradients:
        """One training step on ``x``: forward, backward, update.

        Parameters
        ----------
        x : array_like, shape (n_inputs,) or (n_samples, n_inputs)
        z : array_like
            Targets shaped like the output.
        lr : float
            The learning rate η, positive.

        Returns
        -------
        Gradients
            The gradients used (computed before the update).
        """
        grads = self.backward(self.forward(x), z)
        self.update(grads, lr)
        return grads

    def fit(self, X: ArrayLike, Z: ArrayLike, epochs: int, lr: float, batch_size: int = 1,
            shuffle: bool = False, seed: int | None = None,
            callback: Callable[[int, History], bool | None] | None = None) -> History:
        """Train by (mini-batch) gradient descent.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_inputs)
        Z : array_like, shape (n_samples, n_outputs)
        epochs : int
            Passes over the whole dataset.
        lr : float
            The learning rate η.
        batch_size : int, default 1
            Samples per update; 1 is the seeds' per-sample SGD.
        shuffle : bool, default False
            Visit samples in a new random order each epoch.
        seed : int or None
            Seed of the shuffling.
        callback : callable, optional
            ``callback(epoch, history)`` after every epoch (for progress bars);
            returning ``False`` stops training early.

        Returns
        -------
        History

        Raises
        ------
        TrainingDivergedError
            If the loss becomes inf or NaN; the weights are restored to
            what they were before ``fit`` was called.

        Notes
        -----
        Within one call every step overwrites the same arrays (one set per
        batch shape) instead of allocating new ones, which halves the cost
        of a big full-batch epoch. So with big batches, ask for many epochs
        in one call rather than calling ``fit(epochs=1)`` in a loop.
        """
        epochs = _check_count(epochs, "epochs")
        _check_positive(lr, "lr")
        batch_size = _check_count(batch_size, "batch_size")
        X = self._check_input(X, "X")
        if X.ndim == 1:
            X = X[None, :]
        n = X.shape[0]
        Z = _as_float_array(Z, "Z")
        if Z.ndim == 1:
            Z = Z[:, None] if self.layer_sizes[-1] == 1 and Z.shape[0] == n else Z[None, :]
        if Z.shape != (n, self.layer_sizes[-1]):
            raise ValueError(f"Z: expected targets of shape ({n}, {self.layer_sizes[-1]}) for {n} samples "
                             f"and {self.layer_sizes[-1]} outputs, got {Z.shape}")
        _check_finite(Z, "Z")

        rng = np.random.default_rng(seed)
        saved = self.get_params()
        history = History()
        arrays: dict[tuple, tuple[Trace, Gradients]] = {}   # reused per batch shape (see _forward)
        with np.errstate(over="ignore", invalid="ignore"):
            for epoch in range(epochs):
                order = rng.permutation(n) if shuffle else np.arange(n)
                losses = []
                for start in range(0, n, batch_size):
                    if batch_size == 1:
                        xb, zb = X[order[start]], Z[order[start]]
                    elif shuffle:
                        idx = order[start:start + batch_size]
                        xb, zb = X[idx], Z[idx]
                    else:                                           # a view, no copy of the batch
                        xb, zb = X[start:start + batch_size], Z[start:start + batch_size]
                    trace, grads = arrays.get(xb.shape, (None, None))
                    trace = self._forward(xb, into=trace)
                    grads = self._backward(trace, zb, into=grads)
                    arrays[xb.shape] = trace, grads
                    history.step_loss.append(grads.loss)
                    losses.append(grads.loss)
                    if not np.isfinite(grads.loss):   # a finite loss means a finite forward pass
                        self.weights, self.biases = saved
                        raise TrainingDivergedError(
                            f"training diverged: the loss became {grads.loss} at epoch {epoch + 1}, "
                            f"step {len(history.step_loss)} with learning rate lr={lr:g}; "
                            f"try a smaller learning rate. The weights were restored to their values "
                            f"before training.", history, lr)
                    self.update(grads, lr)
                history.epoch_loss.append(float(np.mean(losses)))
                if callback is not None and callback(epoch + 1, history) is False:
                    break
            # An update can overflow with finite gradients (a huge lr), and a saturated sigmoid
            # can hide an inf weight from the loss: check the weights once at the end.
            if not all(np.all(np.isfinite(p)) for p in self.weights + self.biases):
                self.weights, self.biases = saved
                raise TrainingDivergedError(
                    f"training diverged: the weights became inf or NaN in the last update "
                    f"(step {len(history.step_loss)}) with learning rate lr={lr:g}; try a smaller "
                    f"learning rate. The weights were restored to their values before training.",
                    history, lr)
        return history
