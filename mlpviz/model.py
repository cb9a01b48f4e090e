"""A trained network with the two min-max scalers of its data: one object to predict, save and load.

The network only ever sees scaled numbers; the scalers turn the user's data
into them and the outputs back::

    x (original units) ──input_scaler──> x' ──net──> y' ──output_scaler⁻¹──> y (original units)

Without its scalers a network's weights are useless to a user, and with the
scalers of another run its predictions are wrong, so the three travel
together: :meth:`Model.save` writes the weights and the min-max values as a
pair (both files or neither) and :meth:`Model.load` reads them back.
"""
from __future__ import annotations

import os
from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike

from . import io
from .io import _mismatch
from .network import MLP, largest_weight
from .scaling import MinMaxScaler, check_scaler
from .validation import check_array, describe

__all__ = ["Model"]


class Model:
    """A network and the min-max scalers of its inputs and its targets.

    Parameters
    ----------
    net : MLP
        Trained on data scaled by the two scalers.
    input_scaler : MinMaxScaler
        Fitted on the input columns; one column per input of ``net``.
    output_scaler : MinMaxScaler
        Fitted on the target columns; one column per output of ``net``.

    The model holds these three objects, not copies: a model built on a
    network that is still training predicts with its current weights.

    Raises
    ------
    ValueError
        If ``net`` is not an MLP, a scaler is not a fitted MinMaxScaler, or
        a scaler's number of columns differs from the network's inputs
        (``input_scaler``) or outputs (``output_scaler``).

    Examples
    --------
    >>> import numpy as np
    >>> from mlpviz import MLP, MinMaxScaler, Model
    >>> X = np.array([[70., 98.], [50., 85.], [65., 67.], [25., 95.]])
    >>> Z = np.array([[91.], [82.], [80.], [68.]])
    >>> model = Model(MLP([2, 3, 1], seed=0), MinMaxScaler().fit(X), MinMaxScaler().fit(Z))
    >>> model.predict([60., 80.]).shape
    (1,)
    """

    def __init__(self, net: MLP, input_scaler: MinMaxScaler, output_scaler: MinMaxScaler):
        if not isinstance(net, MLP):
            raise ValueError(f"net: expected an mlpviz MLP, got {describe(net)}")
        check_scaler(input_scaler, "input_scaler")
        check_scaler(output_scaler, "output_scaler")
        mismatch = _mismatch(net, input_scaler, output_scaler)
        if mismatch:
            name, what = mismatch
            raise ValueError(f"{name}: scales {what}")
        self.net = net
        self.input_scaler = input_scaler
        self.output_scaler = output_scaler

    def __repr__(self) -> str:
        return f"Model({self.net!r}, input_scaler={self.input_scaler!r}, output_scaler={self.output_scaler!r})"

    @property
    def n_inputs(self) -> int:
        """Number of input columns (the network's inputs)."""
        return self.net.layer_sizes[0]

    @property
    def n_outputs(self) -> int:
        """Number of predicted columns (the network's outputs)."""
        return self.net.layer_sizes[-1]

    # ------------------------------------------------------------- the math
    def _inputs(self, X_raw, name: str = "X_raw") -> np.ndarray:
        X = check_array(X_raw, name, ndim=(1, 2))
        if X.shape[-1] != self.n_inputs or X.size == 0:
            n = self.n_inputs
            raise ValueError(f"{name}: the model takes {n} input column{'s' if n > 1 else ''}; got an array "
                             f"of shape {X.shape} (expected ({n},) for one sample or (n_samples, {n}) for a batch)")
        return X

    def predict(self, X_raw: ArrayLike) -> np.ndarray:
        """The network's output in the targets' original units.

        ``output_scaler⁻¹(net(input_scaler(X_raw)))``: scale the inputs, run
        the forward pass, and map the outputs back.

        Parameters
        ----------
        X_raw : array_like, shape (n_inputs,) or (n_samples, n_inputs)
            One sample, or a batch with one sample per row, in original units.

        Returns
        -------
        ndarray, shape (n_outputs,) or (n_samples, n_outputs)

        Raises
        ------
        ValueError
            If ``X_raw`` is not finite numbers of that shape, or a number on
            the way overflows floating point: an input far outside the range
            the input scaler was fitted on, or an output of the network (weights
            too large for these inputs), named by its row and column.
        """
        X = self._inputs(X_raw)
        try:
            Xs = self.input_scaler.transform(X)
        except ValueError as exc:
            raise ValueError(str(exc).replace("X: ", "X_raw: ", 1)) from None
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is checked just below
            Y = self.net.predict(Xs)
        if not np.isfinite(Y).all():
            r, k = np.argwhere(~np.isfinite(np.atleast_2d(Y)))[0]
            raise ValueError(f"net: the output {k} for row {r} of X_raw is {np.atleast_2d(Y)[r, k]}: the "
                             f"weights (the largest |w| is {largest_weight(self.net):.3g}) overflow floating "
                             f"point on these inputs")
        try:
            return self.output_scaler.inverse_transform(Y)
        except ValueError as exc:
            raise ValueError(f"output_scaler: {exc}".replace(" X: ", " the network's output at ", 1)) from None

    def loss(self, X_raw: ArrayLike, Z_raw: ArrayLike) -> float:
        """The network's loss on data in original units, computed in scaled units (as in training).

        Both ``X_raw`` and ``Z_raw`` are scaled first, so the number is
        comparable with the training loss; for an error in original units,
        compare :meth:`predict` with ``Z_raw``.

        Parameters
        ----------
        X_raw : array_like, shape (n_inputs,) or (n_samples, n_inputs)
        Z_raw : array_like, shape (n_outputs,) or (n_samples, n_outputs)
            The targets in original units; a plain column of ``n_samples``
            values for a one-output model.

        Returns
        -------
        float
            ``net.loss`` of the scaled data (half squared error averaged over
            samples by default).

        Raises
        ------
        ValueError
            If an array is not finite numbers of the expected shape.
        """
        X = self._inputs(X_raw)
        Z = check_array(Z_raw, "Z_raw", ndim=(1, 2))
        expected = X.shape[:-1] + (self.n_outputs,)
        if self.n_outputs == 1 and X.ndim == 2 and Z.shape == X.shape[:-1]:
            Z = Z[:, None]  # a column of targets for a one-output model
        if Z.shape != expected:
            raise ValueError(f"Z_raw: expected targets of shape {expected} (one per output for each sample of "
                             f"X_raw), got {Z.shape}")
        return self.net.loss(self.input_scaler.transform(X), self.output_scaler.transform(Z))

    # ------------------------------------------------------------- files
    def save(self, weights_path: str | os.PathLike, minmax_path: str | os.PathLike,
             format: str = "mlpviz") -> None:
        """Write the weights and the min-max values: both files are replaced, or neither.

        Parameters
        ----------
        weights_path, minmax_path : str or path-like
            Two different files; their folder must exist.
        format : {"mlpviz", "go"}, default "mlpviz"
            mlpviz's JSON, which records the activations and the scaling
            range, or the Go ``mlp`` package's, which records neither (load it
            back with the same ``activation`` and ``feature_range``) and needs
            a hidden layer. See :mod:`mlpviz.io`.

        Raises
        ------
        ValueError
            If the format is unknown or cannot hold this model, a weight is
            not finite, or a file cannot be written; nothing is replaced then.
        """
        io.save_model(self.net, self.input_scaler, self.output_scaler, weights_path, minmax_path, format=format)

    @classmethod
    def load(cls, weights_path: str | os.PathLike, minmax_path: str | os.PathLike, format: str | None = None,
             *, activation: str | Sequence[str] | None = None,
             feature_range: tuple[float, float] | None = None) -> "Model":
        """Read a model from its weights file and min-max file.

        Parameters
        ----------
        weights_path, minmax_path : str or path-like
        format : {"mlpviz", "go"} or None, default None
            None reads each file in its own format, told by its keys.
        activation : str or list of str, optional
            For a Go weights file, which does not record it: one name for
            every layer or one per weight layer (default ``"sigmoid"``). For
            an mlpviz file, if given, it must agree with the file.
        feature_range : (float, float), optional
            For a Go min-max file, which does not record it (default (0, 1)).
            For an mlpviz file, if given, it must agree with the file.

        Returns
        -------
        Model

        Raises
        ------
        ValueError
            Naming the file, the key and what was expected; or naming both
            files if their numbers of columns do not fit together.
        """
        net, input_scaler, output_scaler = io.load_model(weights_path, minmax_path, format,
                                                         activation=activation, feature_range=feature_range)
        mismatch = _mismatch(net, input_scaler, output_scaler)
        if mismatch:
            raise ValueError(f"min-max file {minmax_path} has {mismatch[1]} (weights file {weights_path}); "
                             f"the two files do not belong together")
        return cls(net, input_scaler, output_scaler)

