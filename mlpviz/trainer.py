"""A training session you can step through: the state behind the trainer widget.

A :class:`Trainer` owns one network, one (scaled) dataset, a snapshot of the
initial weights and the :class:`~mlpviz.network.History` of losses. Its
methods move training forward in the three sizes a learner wants to watch::

    trainer.step_sample()     # one update: forward, loss, backward, update
    trainer.step_epoch()      # the rest of the current pass over the data
    trainer.run(epochs=100)   # many epochs, or until_loss=0.01

All the math is the engine's: a trainer pulls steps one at a time from
:meth:`MLP.steps`, the generator that :meth:`MLP.fit` runs to the end, so a
trainer run for ``k`` epochs gives exactly the losses and weights of
``net.fit(X, Z, k, lr)``. Unlike ``fit``, a trainer never raises when training diverges: it stops,
keeps the last finite weights and explains what happened in
:attr:`Trainer.stop_reason` — a widget must survive a learner trying ``lr=10``.

After each update, :attr:`Trainer.last` holds what that update did (a
:class:`~mlpviz.network.StepRecord`: the trace, the gradients, the weights
before and after), so a view can show the seed's formulas with the numbers of
the sample just processed.

The settings a learner may change while training (the learning rate η) are
traits (:mod:`traitlets`): validated once, here, and observable, so a widget
links its control to the value in use instead of keeping a copy.
"""
from __future__ import annotations

import os
from typing import Sequence

import numpy as np
import traitlets

from . import examples
from .metrics import accuracy
from .model import Model
from .network import MLP, History, StepRecord, largest_weight, runaway
from .scaling import MinMaxScaler
from .validation import check_array, check_choice, check_count, check_number, check_seed

__all__ = ["Trainer", "StepRecord", "DATASETS"]

#: The built-in datasets by name (a CSV path or an (X, Z) pair are the other choices).
DATASETS = ("seed", "xor", "circles", "moons")

#: The loss may grow to this many times its lowest epoch value before the
#: trainer warns that the learning rate overshoots.
_GROWTH_WARNING = 2.0
#: Epochs of an unchanging, non-zero loss before the trainer says learning has stalled.
_STALL_EPOCHS = 10


def _load_dataset(dataset) -> tuple[str, np.ndarray, np.ndarray, list[str] | None]:
    """``(name, X, Z, columns)`` for a built-in name, a CSV path or an ``(X, Z)`` pair."""
    if isinstance(dataset, str) and dataset.strip().lower() in DATASETS:
        name = dataset.strip().lower()
        if name == "seed":
            X, Z = examples.seed_dataset()
            return name, X, Z, list(examples.SEED_COLUMNS)
        X, Z = {"xor": examples.xor_dataset, "circles": examples.circles_dataset,
                "moons": examples.moons_dataset}[name]()
        return name, X, Z, ["x0", "x1", "z0"]
    if isinstance(dataset, (str, os.PathLike)):
        path = os.fspath(dataset)
        if not path.lower().endswith(".csv") and not os.path.exists(path):
            raise ValueError(f"dataset: expected one of {', '.join(map(repr, DATASETS))} or the path of a CSV "
                             f"file, got {dataset!r}")
        from .data import load_csv  # the validated CSV reader

        data = load_csv(path)
        if data.Z is None:  # no column named z…: the last column is the target
            if data.n_inputs < 2:
                raise ValueError(f"dataset: file {path} has a single column ({data.input_names[0]}); "
                                 f"the trainer needs input columns and a target column")
            data = load_csv(path, n_inputs=data.n_inputs - 1)
        return (path, np.asarray(data.X, dtype=float), np.asarray(data.Z, dtype=float),
                list(data.input_names) + list(data.target_names))
    if isinstance(dataset, (tuple, list)) and len(dataset) == 2:
        X = check_array(dataset[0], "dataset[0] (X)", copy=True)
        Z = check_array(dataset[1], "dataset[1] (Z)", copy=True)
        if Z.ndim == 1:
            Z = Z[:, None]
        if X.ndim != 2 or Z.ndim != 2 or X.shape[0] != Z.shape[0] or X.shape[0] == 0:
            raise ValueError(f"dataset: expected (X, Z) with X of shape (n, n_inputs) and Z of shape "
                             f"(n, n_outputs), got shapes {X.shape} and {Z.shape}")
        return "arrays", X, Z, None
    raise ValueError(f"dataset: expected one of {', '.join(map(repr, DATASETS))}, the path of a CSV file or an "
                     f"(X, Z) pair, got {dataset!r}")


def _activation_names(activation, n_layers: int) -> list[str]:
    """One name per weight layer from a name, a per-layer list, or a (hidden, output) pair."""
    if isinstance(activation, str):
        return [activation] * n_layers
    names = list(activation)
    if len(names) == 2 and n_layers > 2:  # (hidden group, output group)
        return [names[0]] * (n_layers - 1) + [names[1]]
    if len(names) != n_layers:
        raise ValueError(f"activation: expected one name, a (hidden, output) pair or {n_layers} names "
                         f"(one per weight layer), got {activation!r}")
    return names


class _Checked(traitlets.Any):
    """A trait whose every value goes through the class's ``@validate`` (traitlets' ``Any`` lets
    ``None`` skip it), so :mod:`mlpviz.validation` refuses ``None`` like any other wrong value."""

    allow_none = False


class Trainer(traitlets.HasTraits):
    """A step-by-step training session of an MLP on a small dataset.

    Parameters
    ----------
    dataset : {"seed", "xor", "circles", "moons"}, path or (X, Z), default "seed"
        "seed" is the seeds' four rows (i0, i1 → z0); "xor" the XOR truth
        table; "circles" and "moons" 200 points of two classes in the plane
        (:mod:`mlpviz.examples`, from scikit-learn's generators); a path is
        read with :func:`mlpviz.data.load_csv` (the columns named ``z…`` are
        the targets, or else the last column); ``(X, Z)`` arrays are taken
        as they are.
    hidden : sequence of int, default (3,)
        Neurons per hidden layer: ``(3,)`` with 2 inputs and 1 output is the
        seed's 2-3-1 network.
    activation : str or sequence of str, default "sigmoid"
        One name for all layers, a ``(hidden, output)`` pair, or one name per
        weight layer (sigmoid, tanh, relu, linear; the softmax only as the
        output layer's, with ``loss="cross_entropy"``).
    lr : float, default 0.1
        The learning rate η (a trait: can be changed between steps, and observed); a
        positive finite number.
    batch_size : int, default 1
        Samples per update; 1 is the seeds' per-sample training.
    seed : int, default 0
        Seed of the random initial weights (``init="random"``) and of the
        shuffling (``shuffle=True``).
    init : {"seed", "random"}, default "seed"
        "seed" loads the seeds' initial weights (2-3-1 networks only);
        "random" draws uniform [-1, 1] weights with ``seed``.
    scale : bool, default True
        Min-max scale inputs and targets to [0, 1] (fitted on the dataset).
    shuffle : bool, default False
        Visit the samples in a new random order each epoch.
    loss : str, default "half_squared_error"
        The loss (:mod:`mlpviz.loss`); "binary_cross_entropy" for a sigmoid
        output read as the probability of class 1.

    Raises
    ------
    ValueError
        Naming the argument: ``lr`` not a positive finite number (``None``
        included, here and on assignment), an activation that cannot be where
        it is or that does not go with ``loss`` (checked before the seed's
        weights are read), an unknown dataset or loss, or a count out of range.

    Attributes
    ----------
    net : MLP
        The network being trained (changed in place).
    X, Z : ndarray
        The training inputs and targets the network sees (scaled when ``scale``).
    X_raw, Z_raw : ndarray
        The dataset in its original units.
    x_scaler, z_scaler : MinMaxScaler or None
        The fitted scalers (None when ``scale=False``).
    history : History
        ``epoch_loss`` (mean step loss of each completed epoch) and
        ``step_loss`` (loss of every update, measured before it), as :meth:`MLP.fit` records them.

    Examples
    --------
    >>> t = Trainer()                     # the seed's 2-3-1 net, data and weights
    >>> t.run(epochs=5)
    'epochs reached'
    >>> t.epoch, t.step
    (5, 20)
    """

    #: The learning rate η: a positive finite number, used from the next step on.
    lr = _Checked(0.1)

    @traitlets.validate("lr")
    def _check_lr(self, proposal) -> float:
        return check_number(proposal.value, "lr", positive=True, what="the learning rate η")

    def __init__(self, dataset="seed", hidden: Sequence[int] = (3,), activation="sigmoid",
                 lr: float = 0.1, batch_size: int = 1, seed: int = 0, init: str = "seed",
                 scale: bool = True, shuffle: bool = False, loss: str = "half_squared_error"):
        super().__init__()
        self.lr = lr
        self.batch_size = check_count(batch_size, "batch_size")
        self.seed = check_seed(seed, allow_none=False)
        init = check_choice(init, "init", ("seed", "random"))
        for name, flag in (("scale", scale), ("shuffle", shuffle)):
            if not isinstance(flag, (bool, np.bool_)):
                raise ValueError(f"{name}: expected True or False, got {flag!r}")
        self.shuffle, self.scale = bool(shuffle), bool(scale)
        if isinstance(hidden, (str, bytes)) or not isinstance(hidden, (int, np.integer, Sequence, np.ndarray)):
            raise ValueError(f"hidden: expected a whole number or a list of them (neurons per hidden "
                             f"layer), got {hidden!r}")
        hidden = [hidden] if isinstance(hidden, (int, np.integer)) else list(hidden)
        self.hidden = tuple(check_count(h, f"hidden[{i}]") for i, h in enumerate(hidden))
        self.dataset_name, self.X_raw, self.Z_raw, self.columns = _load_dataset(dataset)
        sizes = [self.X_raw.shape[1], *self.hidden, self.Z_raw.shape[1]]
        names = _activation_names(activation, len(sizes) - 1)

        if init == "seed":
            if sizes != [2, 3, 1]:
                raise ValueError(f"init: the seed's initial weights belong to a 2-3-1 network, but this "
                                 f"dataset and hidden={self.hidden} make a {'-'.join(map(str, sizes))} "
                                 f"network; use init='random'")
            first = examples.seed_network()       # the seed's numbers; the network checks activation and loss
            self.net = MLP.from_weights(first.weights, first.biases, names, loss)
        else:
            self.net = MLP(sizes, names, seed=self.seed, loss=loss)
        self.init = init

        if self.scale:
            self.x_scaler = MinMaxScaler().fit(self.X_raw)
            self.z_scaler = MinMaxScaler().fit(self.Z_raw)
            self.X = self.x_scaler.transform(self.X_raw)
            self.Z = self.z_scaler.transform(self.Z_raw)
        else:
            self.x_scaler = self.z_scaler = None
            self.X, self.Z = self.X_raw.copy(), self.Z_raw.copy()
        self._initial = self.net.get_params()
        self._start_size = largest_weight(self.net)
        self.reset()

    # ----------------------------------------------------------- state
    def reset(self) -> None:
        """Back to the initial weights; forget the history."""
        self.net.set_params(*self._initial)
        self.history = History()
        self._epoch_lr: list[float] = []     # the η of each completed epoch (of its last step)
        self._epoch = 0
        self._step = 0
        self._pos = 0                      # samples of the current epoch processed
        # the one training loop, pulled one step at a time; η is read at every step
        self._stream = self.net._steps(self.X, self.Z, lambda: self.lr, epochs=None,
                                       batch_size=self.batch_size, shuffle=self.shuffle, seed=self.seed,
                                       reuse=True)
        self.last: StepRecord | None = None
        self.stop_reason: str | None = None
        self.diverged = False
        self._initial_loss = self.loss

    @property
    def n_samples(self) -> int:
        """Rows in the dataset."""
        return self.X.shape[0]

    @property
    def epoch(self) -> int:
        """Completed passes over the dataset."""
        return self._epoch

    @property
    def step(self) -> int:
        """Updates made so far (one per sample when ``batch_size=1``)."""
        return self._step

    @property
    def position(self) -> int:
        """How many samples of the current epoch have been processed (0 at an epoch boundary)."""
        return self._pos

    @property
    def initial_weights(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Copies of the ``(weights, biases)`` the session started from."""
        return [W.copy() for W in self._initial[0]], [b.copy() for b in self._initial[1]]

    @property
    def loss(self) -> float:
        """The network's loss (by default ½Σ(y − z)²) over the whole dataset with the current weights
        (mean over rows).

        ``nan`` or ``inf`` when the weights blew up.
        """
        with np.errstate(all="ignore"):
            return float(self.net.loss(self.X, self.Z))

    @property
    def is_classification(self) -> bool:
        """True when every target is 0 or 1 (two classes, or one-hot classes)."""
        return bool(np.isin(self.Z, (0.0, 1.0)).all())

    @property
    def accuracy(self) -> float | None:
        """The fraction of rows classified right now (:func:`mlpviz.metrics.accuracy`), or
        ``None`` when the targets are not classes (see :attr:`is_classification`)."""
        if not self.is_classification:
            return None
        with np.errstate(all="ignore"):
            y = self.net.predict(self.X)
        return accuracy(y, self.Z) if np.isfinite(y).all() else float("nan")

    @property
    def message(self) -> str:
        """What a learner should know now: a divergence, a growing loss, a stalled loss, or ``""``.

        A growing loss names the η it grew with (that of the latest epoch whose
        loss rose), which is not the current one when η was changed since.
        """
        if self.diverged:
            return self.stop_reason or ""
        losses = self.history.epoch_loss
        if len(losses) >= 2 and losses[-1] > _GROWTH_WARNING * min(losses):
            rose = max(k for k in range(1, len(losses)) if losses[k] > losses[k - 1])
            lr = self._epoch_lr[rose]
            grew = f"({min(losses):.4g} → {losses[-1]:.4g}) with lr={lr:g}"
            if lr == self.lr:
                return f"the loss is growing {grew}: the steps overshoot the minimum — try a smaller learning rate"
            return (f"the loss grew {grew}: the steps overshot the minimum; lr is now {self.lr:g}"
                    + ("" if self.lr < lr else f" — try a smaller learning rate than {lr:g}"))
        recent = losses[-_STALL_EPOCHS:]
        if len(recent) == _STALL_EPOCHS and recent[-1] > 1e-3 and max(recent) - min(recent) <= 1e-12 * recent[-1]:
            return (f"the loss has not changed for {_STALL_EPOCHS} epochs ({recent[-1]:.4g}): every error "
                    f"signal δ is zero (dead ReLU nodes or saturated neurons) — reset, or try another "
                    f"seed, activation or a smaller learning rate")
        return ""

    def pause(self) -> None:
        """Record that a running session was paused by the learner."""
        self.stop_reason = "paused"

    # ------------------------------------------------------------ steps
    def _pull(self, keep: bool = True) -> StepRecord:
        """Take the next step from the engine's generator and do the bookkeeping.

        ``keep``: store a copy of the record as :attr:`last` (a view shows it).
        A diverged step is always kept; the generator did not apply it and
        retries the same rows at the next pull, with the η then in force.
        """
        record = next(self._stream)
        if record.diverged:
            self.last = record.copy()
            self.diverged = True
            bad = record.loss if not np.isfinite(record.loss) else "finite, but the weights overflowed"
            self.stop_reason = (f"diverged: loss became {bad} with lr={record.lr:g} — "
                                f"try a smaller learning rate")
            return self.last
        self.history.add(record)
        if record.epoch_end:
            self._epoch_lr.append(record.lr)
        self.diverged = False
        self._step = record.step
        self._pos = 0 if record.epoch_end else self._pos + len(record.rows)
        self._epoch = record.epoch if record.epoch_end else record.epoch - 1
        if keep:
            self.last = record.copy()
        reason = runaway(self.history, self.net, self._start_size) if record.epoch_end else None
        if reason:                              # no inf anywhere, but nothing can be learned either
            self.diverged = True
            self.stop_reason = f"diverged: {reason} — lr={record.lr:g} is too large; reset and try a smaller one"
        return record

    def step_sample(self) -> StepRecord:
        """One update on the next sample (or mini-batch): forward, loss, backward, update.

        Returns
        -------
        StepRecord
            Also kept as :attr:`last`. When the step diverges, the update is
            skipped, ``diverged`` is set and :attr:`stop_reason` says why.
        """
        self.stop_reason = None
        self._pull(keep=True)
        return self.last

    def step_epoch(self) -> float:
        """Process the rest of the current epoch (a whole epoch at a boundary).

        Returns
        -------
        float
            The epoch's loss (mean of its step losses), or ``nan`` if it diverged.
        """
        self.stop_reason = None
        if not self._run_epochs(1):
            return float("nan")
        return self.history.epoch_loss[-1]

    def _run_epochs(self, n: int) -> bool:
        """Finish the current epoch and ``n − 1`` more; :attr:`last` is the final step. False if it diverged."""
        target, record = self._epoch + n, None
        while self._epoch < target:
            record = self._pull(keep=False)
            if self.diverged:
                return False
        if record is not None:
            self.last = record.copy()
        return True

    def run(self, epochs: int | None = None, until_loss: float | None = None,
            max_epochs: int = 100_000) -> str:
        """Train epoch after epoch until a stop condition holds.

        Parameters
        ----------
        epochs : int, optional
            How many more epochs to run.
        until_loss : float, optional
            Stop as soon as :attr:`loss` (the whole dataset's) is at most this.
        max_epochs : int, default 100000
            A safety cap when only ``until_loss`` is given.

        Returns
        -------
        str
            The :attr:`stop_reason`: "epochs reached", "loss target reached" or
            "diverged: …".

        Raises
        ------
        ValueError
            If neither ``epochs`` nor ``until_loss`` is given, or one is invalid.
        """
        if epochs is None and until_loss is None:
            raise ValueError("run: give epochs=N, until_loss=L or both, so that training can stop")
        epochs = check_count(epochs, "epochs", low=0, allow_none=True)
        until_loss = check_number(until_loss, "until_loss", low=0.0, allow_none=True)
        max_epochs = check_count(max_epochs, "max_epochs")
        target = self._epoch + (epochs if epochs is not None else max_epochs)
        if until_loss is None:                  # no loss to watch: the epochs in one go
            self.stop_reason = None
            if target > self._epoch and not self._run_epochs(target - self._epoch):
                return self.stop_reason
            return self.check_stop(max_epoch=target)
        while True:
            reason = self.check_stop(max_epoch=target, until_loss=until_loss)
            if reason:
                return reason
            self.step_epoch()
            if self.diverged:
                return self.stop_reason

    def check_stop(self, max_epoch: int | None = None, until_loss: float | None = None) -> str | None:
        """Set and return :attr:`stop_reason` if a stop condition holds now, else None.

        Parameters
        ----------
        max_epoch : int, optional
            Stop once :attr:`epoch` reaches this number.
        until_loss : float, optional
            Stop once :attr:`loss` is at most this.
        """
        if self.diverged:
            return self.stop_reason
        if until_loss is not None and self.loss <= until_loss:
            self.stop_reason = "loss target reached"
        elif max_epoch is not None and self._epoch >= max_epoch:
            self.stop_reason = "epochs reached"
        else:
            return None
        return self.stop_reason

    # ------------------------------------------------------------- files
    @property
    def model(self) -> Model:
        """The network and its two scalers as one :class:`~mlpviz.model.Model` (this trainer's
        objects, not copies): ``trainer.model.predict(X_raw)`` answers in original units.

        Raises
        ------
        ValueError
            If the trainer does not scale its data (``scale=False``): there are no scalers.
        """
        if self.x_scaler is None:
            raise ValueError("model: this trainer does not scale its data (scale=False), so there is no "
                             "min-max to go with the weights")
        return Model(self.net, self.x_scaler, self.z_scaler)

    def save(self, path, minmax_path=None, format: str = "mlpviz", overwrite: bool = True) -> str:
        """Write the current weights, and with ``minmax_path`` the min-max values as a pair.

        Parameters
        ----------
        path : str or path-like
            The weights file to write.
        minmax_path : str or path-like, optional
            Also write the scalers' min and max there, through :meth:`Model.save`:
            both files are replaced, or neither. Without it only the weights are
            written (:func:`mlpviz.io.save_network`).
        format : {"mlpviz", "go"}, default "mlpviz"
            The file format (see :mod:`mlpviz.io`); "go" needs ``minmax_path``.
        overwrite : bool, default True
            False: refuse to replace an existing file (nothing is written).

        Returns
        -------
        str
            The path of the weights file.

        Raises
        ------
        ValueError
            If a file cannot be written, exists and ``overwrite`` is False, or
            a min-max file is asked of a trainer that does not scale.
        """
        from . import io

        paths = [p for p in (path, minmax_path) if p is not None]
        if not overwrite:
            for name, p in zip(("path", "minmax_path"), paths):
                if os.path.exists(os.fspath(p)):
                    raise ValueError(f"{name}: {os.fspath(p)} already exists; choose another name or allow "
                                     f"overwriting it")
        if minmax_path is None:
            if check_choice(format, "format", io.FORMATS) != "mlpviz":
                raise ValueError("minmax_path: the Go format is a pair of files; give minmax_path too")
            io.save_network(self.net, path)
        else:
            if self.x_scaler is None:
                raise ValueError("minmax_path: this trainer does not scale its data (scale=False), "
                                 "so there is no min-max to save")
            self.model.save(path, minmax_path, format=format)      # both or neither
        return os.fspath(path)

    def summary(self) -> str:
        """One deterministic line: network, dataset, η, epoch, step, loss, stop reason."""
        sizes = "-".join(str(n) for n in self.net.layer_sizes)
        acts = self.net.activation_names
        act = acts[0] if len(set(acts)) == 1 else "/".join(acts)
        data = self.dataset_name if self.dataset_name in DATASETS + ("arrays",) \
            else os.path.basename(self.dataset_name)
        text = (f"{sizes} {act} on {data}, lr={self.lr:g}, batch {self.batch_size}: "
                f"epoch {self.epoch}, step {self.step}, loss {self.loss:.4g}")
        if self.net.loss_function.name != "half_squared_error":
            text = text.replace(f"lr={self.lr:g}", f"{self.net.loss_function.name}, lr={self.lr:g}")
        if self.is_classification and self.dataset_name != "seed":
            text += f", accuracy {self.accuracy:.2f}"
        if self.stop_reason:
            text += f" ({self.stop_reason})"
        return text

    def __repr__(self) -> str:
        return f"Trainer({self.summary()})"
