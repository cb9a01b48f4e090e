"""Tables of a network's numbers: its parameters, their update, the loss per sample and per step.

Each function returns a :class:`~mlpviz.format.Table` (HTML in Jupyter,
aligned text elsewhere) whose parameters are named by :mod:`mlpviz.notation`:
the seeds' names (``wh[2][1]``) where the network has them, the code names
(``W[0][2,1]``) otherwise.
"""
from __future__ import annotations

import numpy as np

from .format import Table
from .notation import Notation
from .validation import check_array, check_count, check_number

__all__ = ["parameter_table", "update_table", "loss_table", "step_loss_table", "epoch_table",
           "same_parameters", "flat_parameters"]


def flat_parameters(weights, biases) -> list[float]:
    """Weights then biases of each layer, layer 0 first: the order of :meth:`Notation.parameters`."""
    flat = []
    for W, b in zip(weights, biases):
        flat.extend(float(v) for v in np.ravel(W))
        flat.extend(float(v) for v in np.ravel(b))
    return flat


def _same_sizes(first, other, name: str, first_name: str) -> None:
    if list(first.layer_sizes) != list(other.layer_sizes):
        raise ValueError(f"{name}: layer sizes {other.layer_sizes} differ from {first_name}'s {first.layer_sizes}")


# ---------------------------------------------------------------------------- parameters
def parameter_table(nets, digits: int = 4, title: str | None = None) -> Table:
    """Every weight and bias of one network, or of several same-shaped networks side by side.

    Parameters
    ----------
    nets : MLP or dict of str to MLP
        One network (column "value"), or ``{label: network}`` (one column per label).
    digits : int, default 4
    title : str, optional

    Returns
    -------
    Table
        Columns: "parameter" (code name), "seed name" (for networks with seed names), then the values.

    Raises
    ------
    ValueError
        If ``nets`` is an empty dict or its networks differ in layer sizes.
    """
    labelled = dict(nets) if isinstance(nets, dict) else {"value": nets}
    if not labelled:
        raise ValueError("nets: expected at least one network")
    sizes = [net.layer_sizes for net in labelled.values()]
    if any(s != sizes[0] for s in sizes):
        raise ValueError(f"nets: the networks must have the same layer sizes, got {dict(zip(labelled, sizes))}")
    names = Notation(sizes[0]).parameters()
    values = [flat_parameters(net.weights, net.biases) for net in labelled.values()]
    with_seed = any(n.seed for n in names)
    columns = ["parameter"] + (["seed name"] if with_seed else []) + list(labelled)
    rows = [[n.code] + ([n.seed] if with_seed else []) + [v[i] for v in values] for i, n in enumerate(names)]
    n_text = 2 if with_seed else 1
    return Table(rows, columns, [0] * n_text + [digits] * len(labelled), title)


def update_table(before, after, grads, lr: float, digits: int = 5, title: str | None = None) -> Table:
    """Old and new value of every parameter after one gradient-descent step, side by side.

    Parameters
    ----------
    before, after : MLP
        The network before and after :meth:`MLP.update` (keep ``before`` with ``net.copy()``).
    grads : Gradients
        The gradients the update used.
    lr : float
        The learning rate the update used (shown in the heading of the step column).

    Returns
    -------
    Table
        Columns: parameter (seed names), old, ∂L/∂θ, −η·∂L/∂θ (the change, new − old), new.

    Raises
    ------
    ValueError
        If ``before`` and ``after`` differ in layer sizes or ``lr`` is not a positive number.
    """
    _same_sizes(before, after, "after", "before")
    lr = check_number(lr, "lr", positive=True, what="the learning rate η")
    old = flat_parameters(before.weights, before.biases)
    new = flat_parameters(after.weights, after.biases)
    grad = flat_parameters(grads.dW, grads.db)
    names = [n.text for n in Notation(before.layer_sizes).parameters()]
    rows = [[n, o, g, w - o, w] for n, o, g, w in zip(names, old, grad, new)]
    return Table(rows, ["parameter", "old", "∂L/∂θ", f"change = −{lr:g}·∂L/∂θ", "new"],
                 [0] + [digits] * 4, title)


def same_parameters(a, b) -> bool:
    """True when two networks have the same layer sizes, activations and exactly equal weights and biases."""
    return (list(a.layer_sizes) == list(b.layer_sizes) and a.activation_names == b.activation_names
            and all(np.array_equal(p, q) for p, q in zip(a.weights + a.biases, b.weights + b.biases)))


# --------------------------------------------------------------------------------- losses
def loss_table(net, X, Z, digits: int = 4, title: str | None = None) -> Table:
    """Input, target, output, error and loss ½(y − z)² of every sample (one output).

    Parameters
    ----------
    net : MLP
        A network with one output.
    X : array, shape (n_samples, n_inputs)
    Z : array, shape (n_samples, 1) or (n_samples,)

    Returns
    -------
    Table
        Columns ``x0 … , z, y, y − z, ½(y − z)²``; each loss is :func:`mlpviz.loss.mse_loss`
        of that one sample.

    Raises
    ------
    ValueError
        If the network has several outputs, or ``Z`` does not hold one target per row of ``X``.
    """
    from .loss import mse_loss

    X = np.atleast_2d(check_array(X, "X", ndim=(1, 2)))
    if net.layer_sizes[-1] != 1:
        raise ValueError(f"net: loss_table shows one output, the network has {net.layer_sizes[-1]}")
    Z = check_array(Z, "Z", ndim=(0, 1, 2)).reshape(-1, 1)
    if len(Z) != len(X):
        raise ValueError(f"Z: expected one target per sample ({len(X)} samples), got {len(Z)} targets")
    Y = net.predict(X)
    rows = [list(x) + [z[0], y[0], y[0] - z[0], mse_loss(y, z)] for x, z, y in zip(X, Z, Y)]
    columns = [f"x{i}" for i in range(X.shape[1])] + ["z", "y", "y − z", "½(y − z)²"]
    return Table(rows, columns, digits, title)


def step_loss_table(step_loss, iterations, digits: int = 5, title: str | None = None) -> Table:
    """The loss at chosen iterations of a training run (``History.step_loss``).

    Iteration ``i`` is the loss measured before the ``i``-th update, so iteration 0 is the
    untrained network, as in the seed's loss table.

    Raises
    ------
    ValueError
        If an iteration was not recorded.
    """
    n = len(step_loss)
    bad = [i for i in iterations if not 0 <= i < n]
    if bad:
        raise ValueError(f"iterations: {bad} are outside the {n} recorded steps (0 to {n - 1})")
    return Table([[int(i), float(step_loss[i])] for i in iterations], ["iteration", "loss"],
                 [0, digits], title)


def epoch_table(history, n_samples: int, epochs: int = 2, digits: int = 5, title: str | None = None) -> Table:
    """The first ``epochs`` epochs of a per-sample run, one row per iteration.

    For a run of :meth:`MLP.fit` with ``batch_size=1`` and no shuffling, iteration ``k`` trained on
    row ``k mod n_samples`` during epoch ``k // n_samples + 1``. The last row of each epoch also
    shows the epoch loss, the mean of that epoch's iteration losses (``History.epoch_loss``).

    Parameters
    ----------
    history : History
    n_samples : int
        Rows in the dataset (iterations per epoch).
    epochs : int, default 2

    Raises
    ------
    ValueError
        If ``n_samples`` does not divide the history into its epochs, or ``epochs`` is more
        than it holds.
    """
    n_samples = check_count(n_samples, "n_samples")
    if len(history.step_loss) != n_samples * len(history.epoch_loss):
        raise ValueError(f"n_samples: the history has {len(history.step_loss)} iterations in "
                         f"{len(history.epoch_loss)} epochs, not {n_samples} per epoch (was batch_size 1?)")
    epochs = check_count(epochs, "epochs", high=len(history.epoch_loss))
    rows = []
    for k in range(epochs * n_samples):
        epoch, row = divmod(k, n_samples)
        last = row == n_samples - 1
        rows.append([epoch + 1, k, row, float(history.step_loss[k]),
                     float(history.epoch_loss[epoch]) if last else ""])
    return Table(rows, ["epoch", "iteration", "row", "loss", "epoch loss (mean)"], [0, 0, 0, digits, digits], title)
