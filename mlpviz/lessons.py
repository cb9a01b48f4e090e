"""Small helpers the stage notebooks call: display tables and checks.

The notebooks narrate and call; anything they need that is not part of the
engine, the plots or the widgets lives here, kept small.
"""
from __future__ import annotations

import numpy as np

# --- notebooks 00-04 ---
import html as _html


def _format_cell(value, digits: int) -> str:
    """One table cell: text as is, whole numbers without decimals, floats with ``digits`` decimals."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    text = f"{float(value):.{digits}f}"
    if float(text) == 0.0:  # no "-0.0000"
        text = text.lstrip("-")
    return text


class Table:
    """A small table of numbers: HTML in Jupyter, aligned text everywhere else.

    Both faces are deterministic (fixed decimals), so a notebook that shows a
    Table stores the same output on every run.

    Parameters
    ----------
    rows : sequence of sequences
        The cells, one inner sequence per row (numbers or text).
    columns : sequence of str
        The column headings.
    digits : int or sequence of int, default 4
        Decimals shown for floats: one number for every column, or one per column.
    title : str, optional
        A caption shown above the table.

    Examples
    --------
    >>> print(Table([[70, 0.5], [25, 0.0]], ["i0", "scaled"], digits=[0, 3]))
    i0  scaled
    --  ------
    70   0.500
    25   0.000
    """

    def __init__(self, rows, columns, digits=4, title: str | None = None):
        self.columns = [str(c) for c in columns]
        n = len(self.columns)
        self.digits = [int(digits)] * n if np.ndim(digits) == 0 else [int(d) for d in digits]
        if len(self.digits) != n:
            raise ValueError(f"digits: expected one number or {n} (one per column), got {len(self.digits)}")
        self.rows = [list(r) for r in rows]
        for i, r in enumerate(self.rows):
            if len(r) != n:
                raise ValueError(f"rows[{i}]: has {len(r)} cells but there are {n} columns {self.columns}")
        self.title = title

    @classmethod
    def from_columns(cls, columns: dict, digits=4, title: str | None = None) -> "Table":
        """A table from ``{heading: values}``, every value sequence the same length."""
        values = [list(np.ravel(v)) if not isinstance(v, str) else [v] for v in columns.values()]
        lengths = {len(v) for v in values}
        if len(lengths) > 1:
            raise ValueError(f"columns: expected columns of one length, got lengths "
                             f"{dict(zip(columns, map(len, values)))}")
        return cls(list(zip(*values)), list(columns), digits, title)

    def cells(self) -> list[list[str]]:
        """The formatted cell texts, row by row."""
        return [[_format_cell(v, d) for v, d in zip(r, self.digits)] for r in self.rows]

    def __repr__(self) -> str:
        cells = self.cells()
        widths = [max([len(c)] + [len(r[j]) for r in cells]) for j, c in enumerate(self.columns)]
        left = [all(isinstance(r[j], str) for r in self.rows) for j in range(len(self.columns))]

        def line(texts):
            return "  ".join(t.ljust(w) if lft else t.rjust(w) for t, w, lft in zip(texts, widths, left)).rstrip()

        out = [self.title] if self.title else []
        out += [line(self.columns), line(["-" * w for w in widths])]
        out += [line(r) for r in cells]
        return "\n".join(out)

    __str__ = __repr__

    def _repr_html_(self) -> str:
        esc = _html.escape
        left = [all(isinstance(r[j], str) for r in self.rows) for j in range(len(self.columns))]
        align = ["left" if lft else "right" for lft in left]
        parts = ["<table>"]
        if self.title:
            parts.append(f"<caption>{esc(self.title)}</caption>")
        parts.append("<thead><tr>" + "".join(f'<th style="text-align:{a}">{esc(c)}</th>'
                                            for c, a in zip(self.columns, align)) + "</tr></thead>")
        parts.append("<tbody>")
        for r in self.cells():
            parts.append("<tr>" + "".join(f'<td style="text-align:{a}">{esc(c)}</td>'
                                          for c, a in zip(r, align)) + "</tr>")
        parts.append("</tbody></table>")
        return "".join(parts)


def parameter_names(layer_sizes) -> list[tuple[str, str]]:
    """``(mlpviz name, seed name)`` of every weight and bias, in the order of the engine.

    The seeds name a one-hidden-layer network's parameters ``wh[node][input]``,
    ``bh[node]``, ``wo[hidden node]`` and ``bo`` (one output; with several outputs
    ``wo[output][hidden node]`` and ``bo[output]``). Deeper networks have only
    the mlpviz names ``W[l][j, i]`` and ``b[l][j]``; their seed name is ``""``.
    """
    sizes = [int(n) for n in layer_sizes]
    one_hidden = len(sizes) == 3
    names = []
    for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        hidden = l == 0
        for j in range(n_out):
            for i in range(n_in):
                seed = ""
                if one_hidden:
                    seed = f"wh[{j}][{i}]" if hidden else (f"wo[{i}]" if n_out == 1 else f"wo[{j}][{i}]")
                names.append((f"W[{l}][{j},{i}]", seed))
        for j in range(n_out):
            seed = ""
            if one_hidden:
                seed = f"bh[{j}]" if hidden else ("bo" if n_out == 1 else f"bo[{j}]")
            names.append((f"b[{l}][{j}]", seed))
    return names


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
        Columns: "parameter" (mlpviz name), "seed name" (for one hidden layer), then the values.
    """
    labelled = dict(nets) if isinstance(nets, dict) else {"value": nets}
    if not labelled:
        raise ValueError("nets: expected at least one network")
    sizes = [net.layer_sizes for net in labelled.values()]
    if any(s != sizes[0] for s in sizes):
        raise ValueError(f"nets: the networks must have the same layer sizes, got {dict(zip(labelled, sizes))}")
    names = parameter_names(sizes[0])
    values = []
    for net in labelled.values():
        flat = []
        for W, b in zip(net.weights, net.biases):
            flat.extend(np.ravel(W))
            flat.extend(np.ravel(b))
        values.append(flat)
    with_seed = any(seed for _, seed in names)
    columns = ["parameter"] + (["seed name"] if with_seed else []) + list(labelled)
    rows = [[name] + ([seed] if with_seed else []) + [v[k] for v in values]
            for k, (name, seed) in enumerate(names)]
    n_text = 2 if with_seed else 1
    return Table(rows, columns, [0] * n_text + [digits] * len(labelled), title)


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
    """
    from .loss import mse_loss

    X = np.atleast_2d(np.asarray(X, dtype=float))
    if net.layer_sizes[-1] != 1:
        raise ValueError(f"net: loss_table shows one output, the network has {net.layer_sizes[-1]}")
    Z = np.asarray(Z, dtype=float).reshape(-1, 1)
    if len(Z) != len(X):
        raise ValueError(f"Z: expected one target per sample ({len(X)} samples), got {len(Z)} targets")
    Y = net.predict(X)
    rows = [list(x) + [z[0], y[0], y[0] - z[0], mse_loss(y, z)] for x, z, y in zip(X, Z, Y)]
    columns = [f"x{i}" for i in range(X.shape[1])] + ["z", "y", "y − z", "½(y − z)²"]
    return Table(rows, columns, digits, title)


def minmax_latex(scaler, column: int, value: float, name: str = "x", digits: int = 4):
    """Min-max scaling of one value written out with its numbers, e.g. ``(65 − 25)/(70 − 25) = 0.8889``.

    Parameters
    ----------
    scaler : MinMaxScaler
        A fitted scaler; its ``data_min_``, ``data_max_`` and ``feature_range`` are used.
    column : int
        Which column of the scaler the value belongs to.
    value : float
        The value in original units.
    name : str
        Its symbol on the left-hand side (LaTeX), e.g. ``"i_0"``.
    digits : int
        Decimals of the result, which is ``scaler.transform`` of the value.

    Returns
    -------
    mlpviz.explain.LatexMath
    """
    from .explain import LatexMath, number

    n = scaler.n_features_in_
    if isinstance(column, bool) or not isinstance(column, (int, np.integer)) or not 0 <= column < n:
        raise ValueError(f"column: expected a column index 0..{n - 1}, got {column!r}")
    row = scaler.data_min_.copy()  # the other columns only fill the row
    row[column] = float(value)
    scaled = scaler.transform(row)[column]
    lo, hi = scaler.feature_range
    mn, mx = scaler.data_min_[column], scaler.data_max_[column]
    if mn == mx:
        return LatexMath(rf"{name}' = \tfrac{{{lo:g} + {hi:g}}}{{2}} = {number(scaled, digits)}"
                         rf"\quad(\min = \max = {mn:g}\text{{: the middle of the range}})")
    frac = rf"\frac{{{float(value):g} - {mn:g}}}{{{mx:g} - {mn:g}}}"
    if (lo, hi) == (0.0, 1.0):
        body = frac
    elif (lo, hi) == (-1.0, 1.0):
        body = rf"{frac} \times 2 - 1"
    else:
        body = rf"{lo:g} + {frac} \times ({hi:g} - {lo:g})"
    return LatexMath(rf"{name}' = {body} = {number(scaled, digits)}")


def errata_notes(*words: str, seed: str | None = None) -> Table:
    """The seeds' printed slips about one topic, with the value mlpviz computes (:mod:`mlpviz.errata`).

    Parameters
    ----------
    *words : str
        Keep an erratum when its section or quantity contains any of these words
        (case-insensitive); no words: keep all.
    seed : str, optional
        Only this seed, e.g. ``"001"``.

    Returns
    -------
    Table
        Columns seed, where, printed, mlpviz, why.
    """
    from .errata import errata, errata_table

    rows = []
    for e, shown in zip(errata(), errata_table()):
        where = f"{e.section} — {e.quantity}"
        if seed is not None and e.seed != seed:
            continue
        if words and not any(w.lower() in where.lower() for w in words):
            continue
        rows.append([e.seed, where, e.printed, shown["correct"], e.why])
    return Table(rows, ["seed", "where", "printed", "mlpviz", "why"], 0)


# --- notebooks 05-09 ---


def _flat_params(weights, biases) -> list[float]:
    """Weights then biases of each layer, layer 0 first: the order of :func:`parameter_names`."""
    flat = []
    for W, b in zip(weights, biases):
        flat.extend(float(v) for v in np.ravel(W))
        flat.extend(float(v) for v in np.ravel(b))
    return flat


def _names(net) -> list[str]:
    """Seed names where the seeds have them (one hidden layer), mlpviz names otherwise."""
    return [seed or name for name, seed in parameter_names(net.layer_sizes)]


def gradient_table(net, x, z, others: dict, digits: int = 6, tol: float = 1e-8,
                   title: str | None = None) -> Table:
    """Every parameter's gradient by backpropagation beside the same gradient found other ways.

    Parameters
    ----------
    net : MLP
    x, z : array
        The sample and its target.
    others : dict of str to (dW, db)
        ``{column title: (dW, db)}``, lists shaped like the weights and biases, e.g.
        ``{"finite differences": mlpviz.gradcheck.finite_difference_gradients(net, x, z)}``; an object with ``dW``
        and ``db`` attributes (:func:`mlpviz.symbolic.gradients`, a :class:`Gradients`) also works.
    digits : int, default 6
    tol : float, default 1e-8
        Agreement threshold of the last column.
    title : str, optional

    Returns
    -------
    Table
        One row per parameter (seed names): backprop (:meth:`MLP.backward`), each other method,
        and "yes" when every method is within ``tol`` of backprop. (A yes/no rather than the
        difference itself, whose last digits are rounding noise that differs between machines.)
    """
    if not others:
        raise ValueError("others: expected at least one {title: (dW, db)} to compare with backprop")
    grads = net.backward(net.forward(x), z)
    backprop = _flat_params(grads.dW, grads.db)
    columns = []
    for key, pair in others.items():
        try:
            dW, db = (pair.dW, pair.db) if hasattr(pair, "dW") else pair
            flat = _flat_params(dW, db)
        except (TypeError, ValueError):
            flat = None
        if flat is None or len(flat) != len(backprop):
            raise ValueError(f"others[{key!r}]: expected (dW, db) shaped like the network's weights and biases")
        columns.append(flat)
    rows = []
    for k, name in enumerate(_names(net)):
        values = [col[k] for col in columns]
        agree = all(abs(v - backprop[k]) < tol for v in values)
        rows.append([name, backprop[k], *values, "yes" if agree else "NO"])
    return Table(rows, ["parameter", "backprop", *others, f"all within {tol:g}"],
                 [0, digits] + [digits] * len(others) + [0], title)


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
    """
    if before.layer_sizes != after.layer_sizes:
        raise ValueError(f"after: layer sizes {after.layer_sizes} differ from before's {before.layer_sizes}")
    old = _flat_params(before.weights, before.biases)
    new = _flat_params(after.weights, after.biases)
    grad = _flat_params(grads.dW, grads.db)
    rows = [[n, o, g, w - o, w] for n, o, g, w in zip(_names(before), old, grad, new)]
    return Table(rows, ["parameter", "old", "∂L/∂θ", f"change = −{lr:g}·∂L/∂θ", "new"],
                 [0] + [digits] * 4, title)


def step_loss_table(step_loss, iterations, digits: int = 5, title: str | None = None) -> Table:
    """The loss at chosen iterations of a training run (``History.step_loss``).

    Iteration ``i`` is the loss measured before the ``i``-th update, so iteration 0 is the
    untrained network, as in the seed's loss table.
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
    """
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or n_samples < 1:
        raise ValueError(f"n_samples: expected a positive whole number, got {n_samples!r}")
    if len(history.step_loss) != n_samples * len(history.epoch_loss):
        raise ValueError(f"n_samples: the history has {len(history.step_loss)} iterations in "
                         f"{len(history.epoch_loss)} epochs, not {n_samples} per epoch (was batch_size 1?)")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or not 1 <= epochs <= len(history.epoch_loss):
        raise ValueError(f"epochs: expected a whole number from 1 to {len(history.epoch_loss)}, got {epochs!r}")
    rows = []
    for k in range(epochs * n_samples):
        epoch, row = divmod(k, n_samples)
        last = row == n_samples - 1
        rows.append([epoch + 1, k, row, float(history.step_loss[k]),
                     float(history.epoch_loss[epoch]) if last else ""])
    return Table(rows, ["epoch", "iteration", "row", "loss", "epoch loss (mean)"], [0, 0, 0, digits, digits], title)


def same_parameters(a, b) -> bool:
    """True when two networks have the same layer sizes, activations and exactly equal weights and biases."""
    return (list(a.layer_sizes) == list(b.layer_sizes) and a.activation_names == b.activation_names
            and all(np.array_equal(p, q) for p, q in zip(a.weights + a.biases, b.weights + b.biases)))


def setup(shell=None) -> None:
    """Display options every notebook starts with; changes nothing but how results are shown.

    * numpy prints 4 decimals and no scientific notation (``np.set_printoptions``);
    * a matplotlib figure is stored as its picture only: the inline backend otherwise stores the text
      ``<Figure size 800x500 with 1 Axes>`` beside each image, which is noise for a learner and for nbval.

    Parameters
    ----------
    shell : IPython shell, optional
        Default: the running one (``get_ipython()``); outside IPython only numpy is set up.
    """
    np.set_printoptions(precision=4, suppress=True)
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython comes with Jupyter
            return
        shell = get_ipython()
    if shell is None:
        return
    from matplotlib.figure import Figure

    shell.display_formatter.formatters["text/plain"].for_type(Figure, _figure_text)


def _figure_text(fig, printer, cycle) -> None:
    printer.text("")


def chain_rule_numbers(rule, net, x, z, digits: int = 6):
    """The factors of a :class:`mlpviz.symbolic.ChainRule` evaluated at one sample, as LaTeX.

    Every number is sympy's (:meth:`ChainRule.numeric`): each factor, their product, the error
    signal δ, and ``diff(L, θ)`` of the whole loss taken directly, without the chain rule.

    Returns
    -------
    mlpviz.explain.LatexMath
        An ``aligned`` block that Jupyter renders as math.
    """
    from .explain import LatexMath, number

    values = rule.numeric(net, x, z)
    lat = rule.model.latex
    theta = lat(rule.theta)

    def num(v):
        text = number(v, digits)
        return f"({text})" if text.startswith("-") else text

    lines = [rf"{f.partial} &= {f.form_latex} = {number(v, digits)}" for f, v in zip(rule.factors, values.factors)]
    product = r" \cdot ".join(num(v) for v in values.factors)
    lines.append(rf"\frac{{\partial L}}{{\partial {theta}}} &= {product} = {number(values.value, digits)}")
    lines.append(rf"{lat(rule.delta)} &= {number(values.delta, digits)}")
    lines.append(rf"\text{{sympy, }}\frac{{\partial L}}{{\partial {theta}}}\text{{ of the whole loss at once}} "
                 rf"&= {number(values.direct, digits)}")
    return LatexMath("\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}")
