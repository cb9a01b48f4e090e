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
* Backpropagation works from the loss (by default L = ½ Σ (y − z)², see
  :mod:`mlpviz.loss`) backwards::

      delta[L-1] = ∂L/∂y ⊙ f'(s[L-1])                   output error signal δo
      delta[l]   = (W[l+1]ᵀ · delta[l+1]) ⊙ f'(s[l])    hidden error signal δh
      dW[l]      = delta[l] ⊗ a[l]        db[l] = delta[l]

Everything works on one sample (1-D arrays) or a batch (2-D, one row per
sample); for a batch, ``dW`` and ``db`` are means over the samples.

Training is one generator, :meth:`MLP.steps`, yielding a :class:`StepRecord`
per update; :meth:`MLP.fit` runs it to the end, :class:`mlpviz.Trainer` pulls
from it one step at a time, and every view displays its records. This module
is the only place where θ ← θ − η∇L is applied.
"""
from __future__ import annotations

import math
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

import numpy as np
from numpy.typing import ArrayLike

from .activations import Activation, activation_list
from .loss import Loss, get_loss
from .blas import one_thread
from .validation import all_finite, check_array, check_choice, check_count, check_finite, check_number, check_seed

__all__ = ["MLP", "Trace", "Gradients", "History", "StepRecord", "TrainingDivergedError", "runaway",
           "largest_weight", "INITS"]


class TrainingDivergedError(ValueError):
    """Training stopped because the loss, or a weight after the update, would not be finite.

    Raised by :meth:`MLP.fit`, and by :meth:`MLP.step` and :meth:`MLP.update`
    for one step (which is then not applied).

    Attributes
    ----------
    history : History
        The losses recorded up to (and including) the non-finite one (empty
        from ``step`` and ``update``).
    lr : float
        The learning rate that was used.
    """

    def __init__(self, message: str, history: "History", lr: float):
        super().__init__(message)
        self.history = history
        self.lr = lr


@dataclass(slots=True)
class Trace:
    """What a forward pass computed.

    Attributes
    ----------
    s : list of arrays
        ``s[l]``, the weighted sums of weight layer ``l``.
    a : list of arrays
        ``a[0]`` is the input, ``a[l+1] = f(s[l])``; one longer than ``s``.
    masks : list of arrays or None
        With dropout (training only): ``masks[l]`` multiplies ``f(s[l])`` of
        each hidden layer — 0 for a dropped unit, ``1/keep_prob`` for a kept
        one (inverted dropout) — so ``a[l+1] = f(s[l]) ⊙ masks[l]``; ``None``
        for the output layer. ``None`` without dropout.
    """

    s: list[np.ndarray]
    a: list[np.ndarray]
    masks: list[np.ndarray | None] | None = None

    @property
    def output(self) -> np.ndarray:
        """The network's output ``y = a[-1]``."""
        return self.a[-1]

    @property
    def x(self) -> np.ndarray:
        """The input ``a[0]``."""
        return self.a[0]


@dataclass(slots=True)
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
        ``∂L/∂b[l]``, same shapes as the biases (batch mean). For one sample
        ``∂L/∂b = δ``: ``db[l]`` is then the array ``delta[l]`` itself.
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
    epochs : int
        Epochs completed (``len(epoch_loss)`` unless ``keep_epochs`` dropped old ones).
    record_steps : bool
        Whether :attr:`step_loss` is kept.
    keep_epochs : int or None
        Keep only about the last ``keep_epochs`` epoch losses (``None``: all).
    """

    epoch_loss: list[float] = field(default_factory=list)
    step_loss: list[float] = field(default_factory=list)
    record_steps: bool = field(default=True, repr=False, compare=False)
    keep_epochs: int | None = field(default=None, repr=False, compare=False)
    epochs: int = field(default=0, repr=False, compare=False)
    _epoch_sum: float = field(default=0.0, repr=False, compare=False)
    _epoch_steps: int = field(default=0, repr=False, compare=False)

    def add(self, record: "StepRecord") -> None:
        """Record one step: its loss, and the epoch's mean when the step ends an epoch.

        A diverged step's loss is recorded too (it says how training failed),
        but it counts in no epoch. With ``record_steps=False`` only the epoch
        means are kept (memory that does not grow with the number of steps).
        """
        if self.record_steps or record.diverged:
            self.step_loss.append(record.loss)
        if record.diverged:
            return
        self._epoch_sum += record.loss
        self._epoch_steps += 1
        if record.epoch_end:
            self.epoch_loss.append(self._epoch_sum / self._epoch_steps)
            self._epoch_sum, self._epoch_steps = 0.0, 0
            self.epochs += 1
            if self.keep_epochs is not None and len(self.epoch_loss) >= 2 * self.keep_epochs:
                del self.epoch_loss[:-self.keep_epochs]            # memory bounded, amortized O(1)


#: The initialisations ``MLP(..., init=...)`` knows.
INITS = ("uniform", "xavier", "he")

#: Epochs of an unchanging loss after which a run whose weights grew is said to have run away.
STALL_EPOCHS = 10


def largest_weight(net: "MLP") -> float:
    """The largest |w| or |b| of the network."""
    return max(float(np.abs(p).max()) for p in net.weights + net.biases)


def runaway(history: "History", net: "MLP", start: float) -> str | None:
    """Why training has run away without any number becoming inf, or None.

    It has when the loss has not changed for :data:`STALL_EPOCHS` epochs and
    is not near 0, while the weights grew to more than ten times their size
    at the start: the steps threw the weights far out, every unit is
    saturated (f'(s) ≈ 0), the gradients vanish and the loss stays where it
    is. A sigmoid network with a learning rate like 1e3 does that: nothing
    overflows, the weights jump to about 100 and stay.

    Parameters
    ----------
    history : History
        The losses so far.
    net : MLP
        The network being trained.
    start : float
        :func:`largest_weight` of the network when training started.
    """
    recent = history.epoch_loss[-STALL_EPOCHS:]
    if len(recent) < STALL_EPOCHS or not recent[-1] > 1e-3 or max(recent) - min(recent) > 1e-9 * recent[-1]:
        return None
    largest = largest_weight(net)
    if largest <= 10 * max(1.0, start):
        return None
    return (f"the weights grew to {largest:.3g} (from {start:.3g}) and the loss has not changed for "
            f"{STALL_EPOCHS} epochs ({recent[-1]:.4g}): the neurons are saturated (every f'(s) ≈ 0), so "
            f"nothing more can be learned")


def _activations(activation, n_layers: int, loss: Loss, n_out: int) -> list[Activation]:
    """The activation of each layer, checked to go with each other and with the loss."""
    if not isinstance(activation, (str, Activation, Sequence)):
        raise ValueError(f"activation: expected a name (sigmoid, tanh, relu, linear, softmax) or one name per "
                         f"weight layer, got {activation!r}")
    acts = activation_list(activation, n_layers)
    for l, f in enumerate(acts[:-1]):
        if not f.elementwise:
            raise ValueError(f"activation[{l}]: the {f.name} can only be the output layer's activation: it "
                             f"makes the outputs class probabilities that sum to 1, trained with "
                             f"loss='cross_entropy' (hidden layers: sigmoid, tanh, relu or linear)")
    out = acts[-1]
    if not out.elementwise and n_out < 2:
        raise ValueError(f"activation: a {out.name} output needs two or more outputs (one per class), "
                         f"got {n_out}: over one output it is always 1")
    if not out.elementwise and loss.output_activation != out.name:
        raise ValueError(f"loss: a {out.name} output is trained with loss='cross_entropy', got {loss.name!r}")
    if loss.output_activation is not None and out.name != loss.output_activation:
        raise ValueError(f"activation: loss={loss.name!r} needs a {loss.output_activation} output layer, "
                         f"got {out.name}")
    return acts


def _memory() -> int | None:
    """Bytes of physical memory of this machine (None where the OS does not say)."""
    import os

    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def _check_memory(sizes: list[int]) -> None:
    """Refuse at once a network whose weights alone would not fit in memory (8 bytes a number)."""
    n_params = sum((n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    need, have = 8 * n_params, _memory()
    if have is not None and need > have // 2:
        shape = "-".join(map(str, sizes))
        raise ValueError(f"layer_sizes: a {shape} network has {n_params:.3g} weights and biases, "
                         f"{need / 2**30:.3g} GiB of memory for them alone (training needs about three times "
                         f"that), more than half of this machine's {have / 2**30:.3g} GiB")


def _check_lr(lr, name: str = "lr") -> float:
    return check_number(lr, name, positive=True, what="the learning rate η")


def _copy_arrays(arrays: list[np.ndarray]) -> list[np.ndarray]:
    return [a.copy() for a in arrays]


@dataclass
class StepRecord:
    """What one update step did: the numbers behind every view of a step.

    :meth:`MLP.steps` yields one per update; notebooks, the trainer widget,
    the stage stepper, :mod:`mlpviz.explain` and :mod:`mlpviz.errata` display
    them and never re-run the math.

    Attributes
    ----------
    epoch : int
        The epoch the step belongs to (1 for the first pass over the data).
    step : int
        The number of the update (1 for the first).
    rows : ndarray of int
        The dataset rows of the sample (or mini-batch) processed.
    x, z : ndarray
        The input and target: 1-D for one sample, 2-D (one row per sample) for a batch.
    trace : Trace
        The forward pass with the weights *before* the update: ``s[l]``, ``a[l]``.
    grads : Gradients
        The backward pass: ``delta[l]`` (δo is ``delta[-1]``), ``dW``, ``db``, ``fprime``.
    loss : float
        The loss of ``x`` measured *before* the update (the seeds' convention:
        the loss table's iteration 0 is the untrained network).
    lr : float
        The learning rate η of the update.
    weights_before, biases_before : list of ndarray
        The parameters the forward pass used.
    weights_after, biases_after : list of ndarray
        The parameters after ``θ ← θ − η∇L`` (equal to *before* when the step diverged).
    activation : list of str
        The activation of each weight layer.
    diverged : bool
        True when the loss or the new parameters were not finite numbers; the
        update was then not applied.
    epoch_end : bool
        True when this step finished its epoch.
    loss_name : str
        The network's loss (:mod:`mlpviz.loss`), to rebuild :attr:`net_before`.
    """

    epoch: int
    step: int
    rows: np.ndarray
    x: np.ndarray
    z: np.ndarray
    trace: Trace
    grads: Gradients
    loss: float
    lr: float
    weights_before: list
    biases_before: list
    weights_after: list
    biases_after: list
    activation: list
    diverged: bool = False
    epoch_end: bool = False
    loss_name: str = "half_squared_error"

    @property
    def applied(self) -> bool:
        """Whether the update was applied (``not diverged``)."""
        return not self.diverged

    @property
    def net_before(self) -> "MLP":
        """The network as the forward pass saw it (a new object)."""
        return MLP.from_weights(self.weights_before, self.biases_before, self.activation, self.loss_name)

    @property
    def net_after(self) -> "MLP":
        """The network after this step's update (a new object)."""
        return MLP.from_weights(self.weights_after, self.biases_after, self.activation, self.loss_name)

    @property
    def dW(self) -> list:
        """The change each weight matrix received, ``after − before`` (= −η ∂L/∂W)."""
        return [Wa - Wb for Wa, Wb in zip(self.weights_after, self.weights_before)]

    @property
    def db(self) -> list:
        """The change each bias vector received, ``after − before`` (= −η ∂L/∂b)."""
        return [ba - bb for ba, bb in zip(self.biases_after, self.biases_before)]

    def copy(self) -> "StepRecord":
        """A record that owns all its arrays (to keep one from a reusing loop)."""
        t, g = self.trace, self.grads
        return StepRecord(
            epoch=self.epoch, step=self.step, rows=self.rows.copy(), x=np.array(self.x), z=np.array(self.z),
            trace=Trace(s=_copy_arrays(t.s), a=_copy_arrays(t.a),
                        masks=None if t.masks is None else [None if m is None else m.copy() for m in t.masks]),
            grads=Gradients(delta=_copy_arrays(g.delta), dW=_copy_arrays(g.dW), db=_copy_arrays(g.db),
                            loss=g.loss, fprime=_copy_arrays(g.fprime)),
            loss=self.loss, lr=self.lr,
            weights_before=_copy_arrays(self.weights_before), biases_before=_copy_arrays(self.biases_before),
            weights_after=_copy_arrays(self.weights_after), biases_after=_copy_arrays(self.biases_after),
            activation=list(self.activation), diverged=self.diverged, epoch_end=self.epoch_end,
            loss_name=self.loss_name)


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
        Seed of the random initialisation (``None``: not repeatable).
    loss : str or Loss, default "half_squared_error"
        The loss the network is trained on (:mod:`mlpviz.loss`); the default is
        the seeds' ½ Σ (y − z)².
    init : {"uniform", "xavier", "he"}, default "uniform"
        How the weights are drawn (the biases of "xavier" and "he" start at 0):

        - "uniform": every weight and bias uniform in [−1, 1] (the seeds' choice);
        - "xavier": Glorot & Bengio (2010) uniform, W ~ U[−r, r] with
          r = √(6 / (n_in + n_out)), which keeps the variance of the sums
          about constant from layer to layer for tanh and sigmoid;
        - "he": He et al. (2015), W ~ N(0, 2 / n_in), the same for ReLU
          (which zeroes half of its inputs).

    Attributes
    ----------
    weights : list of arrays
        ``weights[l]`` of shape ``(layer_sizes[l+1], layer_sizes[l])``.
    biases : list of arrays
        ``biases[l]`` of shape ``(layer_sizes[l+1],)``.
    activations : list of Activation
        One per weight layer.
    loss_function : Loss
        The loss object: ``loss_function.fn(y, z)`` and ``loss_function.delta(y, z)``.

    Raises
    ------
    ValueError
        If a layer size is not a positive whole number, an activation or loss
        name is unknown, or ``seed`` is not a whole number ≥ 0.

    Examples
    --------
    >>> net = MLP([2, 3, 1], seed=0)
    >>> net.forward([0.5, 0.5]).output.shape
    (1,)
    """

    def __init__(self, layer_sizes: Sequence[int], activation: str | Sequence[str] = "sigmoid",
                 seed: int | None = None, loss: str | Loss = "half_squared_error", init: str = "uniform"):
        sizes = list(layer_sizes) if isinstance(layer_sizes, (Sequence, np.ndarray)) \
            and not isinstance(layer_sizes, (str, bytes)) else None
        if sizes is None or len(sizes) < 2:
            raise ValueError(
                f"layer_sizes: expected at least two layer sizes (inputs and outputs), got {layer_sizes!r}"
            )
        self.layer_sizes = [check_count(n, f"layer_sizes[{i}]") for i, n in enumerate(sizes)]
        _check_memory(self.layer_sizes)
        self.loss_function: Loss = get_loss(loss)
        self.activations: list[Activation] = _activations(activation, len(sizes) - 1, self.loss_function, sizes[-1])
        init = check_choice(init, "init", INITS)
        rng = np.random.default_rng(check_seed(seed))
        self.weights: list[np.ndarray] = []
        self.biases: list[np.ndarray] = []
        for n_in, n_out in zip(self.layer_sizes[:-1], self.layer_sizes[1:]):
            if init == "uniform":
                self.weights.append(rng.uniform(-1.0, 1.0, size=(n_out, n_in)))
                self.biases.append(rng.uniform(-1.0, 1.0, size=n_out))
            else:
                if init == "xavier":
                    r = np.sqrt(6.0 / (n_in + n_out))
                    self.weights.append(rng.uniform(-r, r, size=(n_out, n_in)))
                else:                                  # he
                    self.weights.append(rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in)))
                self.biases.append(np.zeros(n_out))

    # ------------------------------------------------------------------ build
    @classmethod
    def from_weights(cls, weights: Sequence, biases: Sequence,
                     activation: str | Sequence[str] = "sigmoid",
                     loss: str | Loss = "half_squared_error") -> "MLP":
        """Build a network from explicit weights and biases (copied).

        Parameters
        ----------
        weights : sequence of 2-D arrays
            ``weights[l]`` of shape ``(n_out, n_in)``; consecutive layers must fit.
        biases : sequence of 1-D arrays
            ``biases[l]`` of shape ``(n_out,)``.
        activation : str or sequence of str
            As for :class:`MLP`.
        loss : str or Loss
            As for :class:`MLP`.

        Raises
        ------
        ValueError
            If the shapes do not fit together or a value is not finite.
        """
        if weights is None or isinstance(weights, (str, bytes, dict)) or biases is None \
                or isinstance(biases, (str, bytes, dict)):
            bad = "weights" if weights is None or isinstance(weights, (str, bytes, dict)) else "biases"
            raise ValueError(f"{bad}: expected a list of arrays, one per weight layer, got "
                             f"{weights if bad == 'weights' else biases!r}")
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
            W = check_array(W, f"weights[{l}]", copy=True)
            b = check_array(b, f"biases[{l}]", copy=True)
            if W.ndim != 2 or W.size == 0:
                raise ValueError(f"weights[{l}]: expected a non-empty 2-D (n_out, n_in) matrix, got shape {W.shape}")
            if b.shape != (W.shape[0],):
                raise ValueError(f"biases[{l}]: expected shape ({W.shape[0]},) to match weights[{l}] "
                                 f"{W.shape}, got {b.shape}")
            if l > 0 and W.shape[1] != Ws[-1].shape[0]:
                raise ValueError(
                    f"weights[{l}]: has {W.shape[1]} inputs but layer {l - 1} has {Ws[-1].shape[0]} neurons"
                )
            Ws.append(W)
            bs.append(b)
        sizes = [Ws[0].shape[1]] + [W.shape[0] for W in Ws]
        net = cls.__new__(cls)
        net.layer_sizes = sizes
        net.loss_function = get_loss(loss)
        net.activations = _activations(activation, len(Ws), net.loss_function, Ws[-1].shape[0])
        net.weights = Ws
        net.biases = bs
        return net

    def copy(self) -> "MLP":
        """An independent copy (same weights, biases, activations and loss)."""
        return MLP.from_weights(self.weights, self.biases, self.activation_names, self.loss_function)

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
        return _copy_arrays(self.weights), _copy_arrays(self.biases)

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
        other = MLP.from_weights(weights, biases, self.activation_names, self.loss_function)
        if other.layer_sizes != self.layer_sizes:
            raise ValueError(f"weights: layer sizes {other.layer_sizes} do not match this network's "
                             f"{self.layer_sizes}")
        self.weights, self.biases = other.weights, other.biases

    def __repr__(self) -> str:
        sizes = "-".join(str(n) for n in self.layer_sizes)
        acts = self.activation_names
        act = acts[0] if len(set(acts)) == 1 else acts
        extra = "" if self.loss_function.name == "half_squared_error" else f", loss={self.loss_function.name!r}"
        return f"MLP({sizes}, activation={act!r}{extra})"

    # ----------------------------------------------------------------- checks
    def _check_input(self, x, name: str = "x") -> np.ndarray:
        x = check_array(x, name, finite=False)
        n_in = self.layer_sizes[0]
        if x.ndim not in (1, 2) or x.shape[-1] != n_in:
            raise ValueError(
                f"{name}: the network takes {n_in} inputs per sample; got an array of shape {x.shape} "
                f"(expected ({n_in},) for one sample or (n_samples, {n_in}) for a batch)"
            )
        return check_finite(x, name)

    def _check_target(self, z, y: np.ndarray, name: str = "z", finite: bool = True) -> np.ndarray:
        z = check_array(z, name, finite=False)
        if z.shape != y.shape:
            if z.ndim == y.ndim - 1 and z.shape == y.shape[:-1] and y.shape[-1] == 1:
                z = z[..., None]  # a column of targets for a one-output network
            else:
                raise ValueError(f"{name}: expected targets of shape {y.shape} (like the output), got {z.shape}")
        z = self.loss_function.check_target(z, name)      # the cross-entropies take probabilities only
        return check_finite(z, name) if finite else z

    def _check_data(self, X, Z) -> tuple[np.ndarray, np.ndarray]:
        """``X`` as (n, n_inputs) and ``Z`` as (n, n_outputs), checked once for a training loop."""
        X = self._check_input(X, "X")
        if X.ndim == 1:
            X = X[None, :]
        n, n_out = X.shape[0], self.layer_sizes[-1]
        if n == 0:
            raise ValueError("X: no samples to train on (0 rows)")
        Z = check_array(Z, "Z", finite=False)
        if Z.ndim == 1:
            Z = Z[:, None] if n_out == 1 and Z.shape[0] == n else Z[None, :]
        if Z.shape != (n, n_out):
            raise ValueError(f"Z: expected targets of shape ({n}, {n_out}) for {n} samples "
                             f"and {n_out} outputs, got {Z.shape}")
        return X, self.loss_function.check_target(check_finite(Z, "Z"), "Z")

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

        Raises
        ------
        ValueError
            If ``x`` has the wrong width or holds a value that is not finite.
        """
        return self._forward(self._check_input(x))

    def _forward(self, x: np.ndarray, into: Trace | None = None, masks: list | None = None) -> Trace:
        """The forward pass on an input already checked (``fit`` checks its data once).

        ``into`` is a Trace of an earlier batch of the same shape whose arrays
        are overwritten, so a training loop allocates nothing per step: a
        fresh array of a big batch costs a page fault every 4 KiB, as much
        time as the arithmetic on it.
        """
        L = len(self.weights)
        if into is None:                         # the operations allocate (out=None)
            into = Trace([None] * L, [x] + [None] * L)                # s, a
        s, a = into.s, into.a
        a[0] = x
        into.masks = masks
        for l, (W, b, act) in enumerate(zip(self.weights, self.biases, self.activations)):
            s[l] = a[l].dot(W.T, out=s[l])            # s = W·a (a row per sample: a·Wᵀ)
            s[l] += b                                 #     + b
            a[l + 1] = act.f(s[l], out=a[l + 1])      # a = f(s)
            if masks is not None and masks[l] is not None:
                a[l + 1] *= masks[l]                  # dropout: a = f(s) ⊙ mask
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
        """The network's loss on ``x`` (by default ½ Σ (y − z)²), averaged over samples.

        Parameters
        ----------
        x : array_like, shape (n_inputs,) or (n_samples, n_inputs)
        z : array_like
            Targets shaped like the output (a plain column for a one-output net).

        Returns
        -------
        float
        """
        trace = self.forward(x)
        y = trace.output
        return self.loss_function.fn(y, self._check_target(z, y), trace.s[-1])

    def backward(self, trace: Trace, z: ArrayLike) -> Gradients:
        """Backpropagate the loss through a forward trace.

        Parameters
        ----------
        trace : Trace
            The result of :meth:`forward`.
        z : array_like
            Targets, the same shape as ``trace.output``.

        Returns
        -------
        Gradients
            ``delta``, ``dW``, ``db`` and ``fprime`` for every weight layer, and the ``loss``.
        """
        if not isinstance(trace, Trace):
            raise ValueError(f"trace: expected a Trace from net.forward(x), got {type(trace).__name__}")
        widths = [np.shape(a)[-1] if np.ndim(a) else None for a in trace.a]
        if widths != list(self.layer_sizes) or len(trace.s) != self.n_layers:
            raise ValueError(f"trace: its layers have widths {widths}, this network's are {list(self.layer_sizes)}; "
                             f"was it computed by another network?")
        if trace.output.size == 0:
            raise ValueError("trace: no samples (0 rows) to backpropagate")
        return self._backward(trace, self._check_target(z, trace.output))

    def _backward(self, trace: Trace, z: np.ndarray, into: Gradients | None = None,
                  lean: bool = False) -> Gradients:
        """Backpropagation with targets already checked (``fit`` checks its data once).

        ``into`` is a Gradients of an earlier batch of the same shape whose
        arrays are overwritten (see :meth:`_forward`). ``lean`` (``fit`` only,
        whose traces nobody reads): f'(s) is written over ``s`` and each δ over
        the activation it no longer needs, so a full batch keeps two arrays per
        layer instead of four (the trace then holds f'(s) and δ, not s and a).
        """
        s, a = trace.s, trace.a
        y, L = a[-1], len(self.weights)
        if into is None:                         # the operations allocate (out=None)
            into = (Gradients(delta=list(a[1:]), dW=[None] * L, db=[None] * L, fprime=list(s)) if lean
                    else Gradients([None] * L, [None] * L, [None] * L, math.nan, [None] * L))  # δ, dW, db, L, f'
        delta, dW, db, fprime = into.delta, into.dW, into.db, into.fprime
        loss, acts, Ws = self.loss_function, self.activations, self.weights
        fused = loss.output_activation is not None       # cross-entropy: f'(s) of the output cancels
        masks = trace.masks
        batch = y.ndim == 2
        ones = np.ones(y.shape[0]) if batch else None
        for l in range(L - 1, -1, -1):
            dropped = masks is not None and masks[l] is not None
            if fused and l == L - 1:
                into.loss = loss.fn(y, z, s[l])                  # L, from s (before f'(s) may be written over it)
            fprime[l] = acts[l].df(s[l], None if dropped else a[l + 1], out=fprime[l])   # f'(s)
            if l < L - 1:
                delta[l] = delta[l + 1].dot(Ws[l + 1], out=delta[l])                # ∂L/∂a = W[l+1]ᵀ δ[l+1]
                if dropped:
                    delta[l] *= masks[l]                                         # through the dropout mask
                delta[l] *= fprime[l]                                            # δ = ∂L/∂a ⊙ f'(s)
            elif fused:
                delta[l] = loss.output_delta(y, z, out=delta[l])                 # δ = ∂L/∂s = y − z
            else:
                into.loss, delta[l] = loss.value_and_delta(y, z, out=delta[l])   # L, and ∂L/∂y
                delta[l] *= fprime[l]                                            # δ = ∂L/∂y ⊙ f'(s)
            if not batch:
                dW[l] = delta[l][:, None].dot(a[l][None, :], out=dW[l])   # ∂L/∂W = δ aᵀ, a column times a row
                db[l] = delta[l]                                            # ∂L/∂b = δ, the same array
            else:                                                           # the means over the batch
                dW[l] = np.matmul(delta[l].T, a[l], out=dW[l])              # Σ over samples of δ aᵀ
                dW[l] /= y.shape[0]
                db[l] = np.matmul(ones, delta[l], out=db[l])                # Σ over samples of δ, as 1ᵀδ: a
                db[l] /= y.shape[0]                                          # product, 5× faster than a sum
        return into

    def _apply(self, grads: Gradients, lr: float, velocity: list | None = None, momentum: float = 0.0) -> None:
        """θ ← θ − η ∇L for every weight and bias, in place: the one update of mlpviz.

        Every θ − η∇L is computed before any θ changes, so under the caller's
        ``np.errstate(over="raise")`` an update that overflows leaves θ whole and
        raises :class:`TrainingDivergedError`.

        With ``velocity`` (momentum μ > 0, the heavy ball as PyTorch's SGD has it):
        v ← μ v + ∇L, then θ ← θ − η v.
        """
        if velocity is not None:
            for p, v, g in zip(self.weights + self.biases, velocity, grads.dW + grads.db):
                v *= momentum
                v += g
                p -= lr * v
            return
        params = self.weights + self.biases
        eta = np.asarray(lr)     # η as a 0-d array: numpy then does not convert a Python float at every product
        try:
            new = [p - eta * g for p, g in zip(params, grads.dW + grads.db)]     # θ − η∇L
        except FloatingPointError:
            raise TrainingDivergedError(
                f"lr={lr:g}: the update θ ← θ − η∇L overflows (a weight beyond ±1.8e308), so the weights were "
                f"left as they were; try a smaller learning rate", History(), lr) from None
        for p, q in zip(params, new):
            p[...] = q                                                            # θ ← θ − η∇L, in place

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
            If ``grads`` is not a :class:`Gradients` of this network's shapes, or
            ``lr`` is not a positive finite number (nothing is changed).
        TrainingDivergedError
            If θ − lr·∇L overflows (every weight and bias is left as it was).
        """
        lr = _check_lr(lr)
        self._check_gradients(grads)
        with np.errstate(over="raise", invalid="raise"):
            self._apply(grads, lr)

    def _check_gradients(self, grads) -> None:
        if not isinstance(grads, Gradients):
            raise ValueError(f"grads: expected the Gradients of net.backward(...), got {type(grads).__name__}")
        for name, got, params in (("dW", grads.dW, self.weights), ("db", grads.db, self.biases)):
            shapes = [np.shape(g) for g in got]
            if shapes != [p.shape for p in params]:
                raise ValueError(f"grads.{name}: shapes {shapes} do not match this network's "
                                 f"{[p.shape for p in params]}; were they computed for another network?")
            for l, g in enumerate(got):
                check_finite(np.asarray(g), f"grads.{name}[{l}]")

    def updated(self, grads: Gradients, lr: float) -> "MLP":
        """The network after one update θ ← θ − lr·∇L, as a new object (this one is unchanged)."""
        after = self.copy()
        after.update(grads, lr)
        return after

    def preview_step(self, x: ArrayLike, z: ArrayLike, lr: float) -> StepRecord:
        """What one training step on ``x`` would do, without changing this network.

        Parameters
        ----------
        x : array_like, shape (n_inputs,) or (n_samples, n_inputs)
            One sample, or a batch taken as one mini-batch.
        z : array_like
            Targets shaped like the output.
        lr : float
            The learning rate η.

        Returns
        -------
        StepRecord
            ``epoch`` and ``step`` are 1, ``rows`` count the batch's rows from 0.
        """
        x = self._check_input(x)
        X = x if x.ndim == 2 else x[None, :]
        Z = check_array(z, "z", finite=False)
        if x.ndim == 1 and Z.ndim <= 1:
            Z = Z.reshape(1, -1)
        return next(self.copy().steps(X, Z, lr, epochs=1, batch_size=X.shape[0]))

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

        Raises
        ------
        ValueError
            If ``x``, ``z`` or ``lr`` is invalid (see :meth:`forward`, :meth:`backward`).
        TrainingDivergedError
            If the forward or backward pass overflows, the loss is not finite, or
            θ − lr·∇L overflows: every weight and bias is left as it was.
        """
        lr = _check_lr(lr)
        x = self._check_input(x)
        if x.size == 0:
            raise ValueError("x: no samples to train on (0 rows)")
        return self._step_or_refuse(x, z, lr)

    @np.errstate(over="raise", invalid="raise")     # (as a decorator: half the cost of a with block)
    def _step_or_refuse(self, x: np.ndarray, z, lr: float) -> Gradients:
        """:meth:`step` after its checks of ``x`` and ``lr``: an overflow or an inf − inf anywhere, or a
        non-finite loss, raises :class:`TrainingDivergedError` before any weight changes."""
        try:
            trace = self._forward(x)
            # z's values are scanned only if the loss is not finite: a NaN or ±inf in z always
            # makes it so (tests/test_steps.py tries every place), before any weight changes
            z = self._check_target(z, trace.output, finite=False)
            grads = self._backward(trace, z)
            finite = math.isfinite(grads.loss)
        except FloatingPointError:
            finite = False
        if not finite:
            check_array(z, "z")             # names a NaN or inf in z
            raise TrainingDivergedError(
                "this step overflows floating point (a value beyond ±1.8e308, or inf − inf) with these inputs, "
                "targets and weights: nothing was updated", History(), lr)
        self._apply(grads, lr)
        return grads

    # -------------------------------------------------------------- training
    def steps(self, X: ArrayLike, Z: ArrayLike, lr: float | Callable[[], float], *,
              epochs: int | None = None, batch_size: int = 1, shuffle: bool = False,
              seed: int | None = None, momentum: float = 0.0, keep_prob: float = 1.0) -> Iterator[StepRecord]:
        """Train by (mini-batch) gradient descent, one :class:`StepRecord` per update.

        Each step takes the next sample (or mini-batch), runs the forward pass,
        measures the loss, backpropagates, and applies θ ← θ − η∇L; then it
        yields what it did. The generator runs ``epochs`` passes over the data,
        or, with ``epochs=None``, until the caller stops pulling.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_inputs)
        Z : array_like, shape (n_samples, n_outputs)
            (A plain vector of targets is taken as one column.)
        lr : float or callable
            The learning rate η; or a function of no arguments returning the
            rate to use for the next step (a trainer whose η may change).
        epochs : int or None, default None
            Passes over the data; ``None`` never stops by itself.
        batch_size : int, default 1
            Samples per update; 1 is the seeds' per-sample (online) gradient descent.
        shuffle : bool, default False
            Visit the samples in a new random order each epoch (stochastic
            gradient descent); otherwise in the order of the rows.
        seed : int or None
            Seed of the shuffling and of the dropout masks.
        momentum : float, default 0.0
            μ in [0, 1): the update becomes v ← μ v + ∇L, θ ← θ − η v
            (Polyak's heavy ball; PyTorch's ``SGD(momentum=μ)``); 0 is plain
            gradient descent.
        keep_prob : float, default 1.0
            Inverted dropout on the hidden layers while training (Srivastava
            et al. 2014; seed 003): each hidden unit is kept with probability
            ``keep_prob`` and scaled by ``1/keep_prob``, so its expected value
            is unchanged and :meth:`forward` needs no rescaling. 1 is no dropout.

        Yields
        ------
        StepRecord
            Each record owns its arrays, so it can be kept.

        Raises
        ------
        ValueError
            If an argument is invalid (checked once, before the first step).

        Notes
        -----
        A step whose loss or new parameters are not finite is not applied;
        its record has ``diverged=True``. With a fixed ``lr`` the generator then
        stops; with a callable ``lr`` the next pull retries the same rows at the
        rate then in force.
        """
        yield from self._steps(X, Z, lr, epochs=epochs, batch_size=batch_size, shuffle=shuffle,
                               seed=seed, momentum=momentum, keep_prob=keep_prob, reuse=False)

    def _steps(self, X, Z, lr, *, epochs, batch_size, shuffle, seed, reuse: bool,
               momentum: float = 0.0, keep_prob: float = 1.0, limit_threads: bool = True,
               lean: bool = False) -> Iterator[StepRecord]:
        """:meth:`steps`; with ``reuse=True`` every record shares one set of arrays per batch
        shape, overwritten by the next step (``fit``'s fast path: call ``record.copy()`` to keep one).
        ``limit_threads``: run each big step on one BLAS thread (:mod:`mlpviz.blas`); ``fit`` does
        that once around the whole run instead."""
        rate = lr if callable(lr) else None
        lr = _check_lr(lr) if rate is None else None
        epochs = check_count(epochs, "epochs", allow_none=True)
        batch_size = check_count(batch_size, "batch_size")
        if not isinstance(shuffle, (bool, np.bool_)):
            raise ValueError(f"shuffle: expected True or False, got {shuffle!r}")
        momentum = check_number(momentum, "momentum", low=0.0, high=1.0)
        if momentum >= 1.0:
            raise ValueError(f"momentum: must be a number from 0 to below 1, got {momentum!r}")
        keep_prob = check_number(keep_prob, "keep_prob", low=0.0, high=1.0,
                                 what="the probability of keeping a hidden unit")
        if keep_prob <= 0.0:
            raise ValueError("keep_prob: must be above 0 (the probability of keeping a hidden unit), got 0")
        X, Z = self._check_data(X, Z)
        seed = check_seed(seed)
        rng = np.random.default_rng(seed)
        drop_rng = np.random.default_rng(None if seed is None else [seed, 1]) if keep_prob < 1.0 else None
        velocity = [np.zeros_like(p) for p in self.weights + self.biases] if momentum > 0.0 else None
        n, names = X.shape[0], self.activation_names
        kept: dict[tuple, tuple[Trace, Gradients]] = {}          # reused arrays per batch shape
        before = self.get_params()                               # θ before the step (restored on overflow)
        epoch, step = 0, 0
        while epochs is None or epoch < epochs:
            epoch += 1
            order = rng.permutation(n) if shuffle else np.arange(n)
            start = 0
            while start < n:
                rows = order[start:start + batch_size]
                if batch_size == 1:
                    x, z = X[rows[0]], Z[rows[0]]
                elif shuffle:
                    x, z = X[rows], Z[rows]
                else:                                             # a view, no copy of the batch
                    x, z = X[start:start + batch_size], Z[start:start + batch_size]
                eta = lr if rate is None else rate()
                if rate is not None and not (type(eta) is float and 0.0 < eta < math.inf):
                    eta = _check_lr(eta, "lr()")          # the common case (a float) costs no call
                trace, grads = kept.get(x.shape, (None, None)) if reuse else (None, None)
                masks = None
                if drop_rng is not None:                  # a fresh mask for each step, hidden layers only
                    masks = [(drop_rng.random(x.shape[:-1] + (n,)) < keep_prob) / keep_prob
                             for n in self.layer_sizes[1:-1]] + [None]
                with np.errstate(over="ignore", invalid="ignore"), \
                        (one_thread(len(rows), self.layer_sizes) if limit_threads else nullcontext()):
                    trace = self._forward(x, into=trace, masks=masks)
                    grads = self._backward(trace, z, into=grads, lean=lean)
                    if reuse:
                        kept[x.shape] = trace, grads
                    for mine, saved in zip(self.weights + self.biases, before[0] + before[1]):
                        np.copyto(saved, mine)
                    diverged = not np.isfinite(grads.loss)
                    if not diverged:   # a finite loss means a finite forward pass
                        self._apply(grads, eta, velocity, momentum)
                        # An update can overflow with finite gradients (a huge η), and a saturated
                        # sigmoid can hide an inf weight from the loss: check the new weights.
                        diverged = not all(all_finite(p) for p in self.weights + self.biases)
                        if diverged:
                            for mine, saved in zip(self.weights + self.biases, before[0] + before[1]):
                                np.copyto(mine, saved)
                if not diverged:
                    step += 1
                    start += len(rows)
                record = StepRecord(epoch=epoch, step=step if not diverged else step + 1, rows=rows,
                                    x=x, z=z, trace=trace, grads=grads, loss=grads.loss, lr=eta,
                                    weights_before=before[0], biases_before=before[1],
                                    weights_after=self.weights if not diverged else before[0],
                                    biases_after=self.biases if not diverged else before[1],
                                    activation=names, diverged=diverged, epoch_end=not diverged and start >= n,
                                    loss_name=self.loss_function.name)
                yield record if reuse else record.copy()
                if diverged and rate is None:
                    return

    def fit(self, X: ArrayLike, Z: ArrayLike, epochs: int, lr: float, batch_size: int = 1,
            shuffle: bool = False, seed: int | None = None,
            callback: Callable[[int, History], bool | None] | None = None,
            record_steps: bool = True, momentum: float = 0.0, keep_prob: float = 1.0,
            keep_epochs: int | None = None) -> History:
        """Train by (mini-batch) gradient descent: :meth:`steps` run to the end.

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
        record_steps : bool, default True
            Keep every step's loss in ``history.step_loss``. False keeps only
            the epoch losses, for very long runs that nothing plots step by step.
        momentum, keep_prob : float
            As for :meth:`steps`: momentum μ, and inverted dropout on the hidden
            layers while training.
        keep_epochs : int or None, default None
            Keep only about the last ``keep_epochs`` epoch losses (at least
            :data:`STALL_EPOCHS`): with ``record_steps=False``, memory that does
            not grow however many epochs run (``history.epochs`` counts them all).

        Returns
        -------
        History

        Raises
        ------
        ValueError
            If an argument is invalid.
        TrainingDivergedError
            If the loss or the weights become inf or NaN, or training ran
            away (:func:`runaway`: huge weights, saturated neurons, a loss that
            stopped falling); the weights are restored to what they were
            before ``fit`` was called.

        Notes
        -----
        Within one call every step overwrites the same arrays (one set per
        batch shape) instead of allocating new ones, which halves the cost
        of a big full-batch epoch. So with big batches, ask for many epochs
        in one call rather than calling ``fit(epochs=1)`` in a loop.
        """
        epochs = check_count(epochs, "epochs")
        if callback is not None and not callable(callback):
            raise ValueError(f"callback: expected a function callback(epoch, history), got {callback!r}")
        if not isinstance(record_steps, (bool, np.bool_)):
            raise ValueError(f"record_steps: expected True or False, got {record_steps!r}")
        keep_epochs = check_count(keep_epochs, "keep_epochs", low=STALL_EPOCHS, allow_none=True)
        rows = min(check_count(batch_size, "batch_size"), max(1, len(X) if hasattr(X, "__len__") else 1))
        with one_thread(rows, self.layer_sizes):         # one BLAS thread: see mlpviz.blas
            return self._fit(X, Z, epochs, lr, batch_size, shuffle, seed, callback, record_steps,
                             momentum, keep_prob, keep_epochs)

    def _fit(self, X, Z, epochs, lr, batch_size, shuffle, seed, callback, record_steps, momentum,
             keep_prob, keep_epochs=None) -> History:
        """:meth:`fit` after its own arguments were checked (those of the steps are checked by them)."""
        saved = self.get_params()
        start = largest_weight(self)
        history = History(record_steps=bool(record_steps), keep_epochs=keep_epochs)
        for record in self._steps(X, Z, lr, epochs=epochs, batch_size=batch_size, shuffle=shuffle,
                                  seed=seed, momentum=momentum, keep_prob=keep_prob, reuse=True,
                                  limit_threads=False, lean=True):
            history.add(record)
            if record.diverged:
                self.weights, self.biases = saved
                what = (f"the loss became {record.loss}" if not np.isfinite(record.loss)
                        else "the weights became inf or NaN in the update")
                raise TrainingDivergedError(
                    f"training diverged: {what} at epoch {record.epoch}, step {record.step} with learning "
                    f"rate lr={record.lr:g}; try a smaller learning rate. The weights were restored to "
                    f"their values before training.", history, record.lr)
            if record.epoch_end:
                reason = runaway(history, self, start)
                if reason:
                    self.weights, self.biases = saved
                    raise TrainingDivergedError(
                        f"training diverged: {reason}; lr={record.lr:g} is too large, try a smaller learning "
                        f"rate. The weights were restored to their values before training.", history, record.lr)
                if callback is not None and callback(record.epoch, history) is False:
                    break
        return history
