"""The training math written out as LaTeX with the actual numbers substituted.

Each function takes what the engine computed (a :class:`~mlpviz.network.Trace`,
:class:`~mlpviz.network.Gradients`) and writes the seed-style derivation::

    s_{h[0]} = x_{[0]} w_{h[0][0]} + x_{[1]} w_{h[0][1]} + b_{h[0]}
             = 0.5000 · (−0.5000) + 0.5000 · (−1.0000) + 0.5000
             = −0.2500 − 0.5000 + 0.5000
             = −0.2500

Every number is taken from the engine's objects and printed with a fixed
number of decimals, so the strings are deterministic (safe for stored
notebook outputs). Intermediate lines show rounded numbers; the final value
of each line is the engine's, rounded — so a line can, like the seeds' own
hand arithmetic, differ in the last digit from what the rounded factors give.

Names come from :mod:`mlpviz.notation`: a network with at most one hidden
layer uses the seeds' names (``x_{[0]}``, ``w_{h[0][1]}``, ``b_{h[0]}``,
``s_{h[0]}``, ``a_{h[0]}``, ``w_{o[0]}``, ``b_{o}``, ``s_{o}``, ``y_{o}``,
``\\delta_{o}``, ``\\delta_{h[0]}``); deeper networks use the matrix names
``W^{[l]}_{jk}``, ``b^{[l]}_{j}``, ``s^{[l]}_{j}``, ``a^{[l]}_{j}`` with the
engine's layer index ``l``. Numbers are written by :mod:`mlpviz.format`.

The results are :class:`LatexMath` strings: plain ``str`` (pass them to
``IPython.display.Math``), which also render themselves in Jupyter.
IPython is never imported here.
"""
from __future__ import annotations

import numpy as np

from .format import LatexMath, aligned, factor, number, signed_sum
from .loss import get_loss
from .notation import Notation
from .validation import check_array, check_count, check_index, check_number

__all__ = ["LatexMath", "Notation", "forward_latex", "loss_latex", "output_delta_latex",
           "hidden_delta_latex", "update_latex", "minmax_latex", "chain_rule_numbers", "number"]


def _digits(digits) -> int:
    return check_count(digits, "digits", low=0, high=15)


def _sample(arr: np.ndarray, sample: int) -> np.ndarray:
    """Row ``sample`` of a batch; a single sample as it is."""
    arr = np.asarray(arr, dtype=float)
    if arr.ndim == 2:
        return arr[check_index(sample, "sample", arr.shape[0], what="a row of the trace's batch")]
    return arr


def _layers(net, layer: int | None) -> list[int]:
    if layer is None:
        return list(range(net.n_layers))
    return [check_index(layer, "layer", net.n_layers, what="a weight layer (or None)")]


def _slope(f, s_name, a_name, s: float, a: float, digits: int) -> tuple[str, str]:
    """f'(s) in the seeds' form (:attr:`Activation.slope`), with the names and with the numbers."""
    return f.slope(s_name.latex, a_name.latex), f.slope(number(s, digits), factor(a, digits))


# ----------------------------------------------------------------------------- forward
def forward_latex(net, trace, layer: int | None = None, digits: int = 4, sample: int = 0) -> LatexMath:
    """The forward pass, node by node, with the numbers substituted.

    For each neuron::

        s = x_0·w_0 + x_1·w_1 + b = (0.5·(−0.5)) + … = value
        a = f(s) = f(value) = value

    Parameters
    ----------
    net : MLP
    trace : Trace
        ``net.forward(x)``.
    layer : int or None
        Only this weight layer (``None``: all).
    digits : int
        Decimals of every number, 0 to 15.
    sample : int
        Which row, when the trace holds a batch.

    Returns
    -------
    LatexMath

    Raises
    ------
    ValueError
        If ``layer``, ``digits`` or ``sample`` is out of range.
    """
    digits = _digits(digits)
    names = Notation(net.layer_sizes)
    lines = []
    for l in _layers(net, layer):
        a_in = _sample(trace.a[l], sample)
        s = _sample(trace.s[l], sample)
        a_out = _sample(trace.a[l + 1], sample)
        W, b = net.weights[l], net.biases[l]
        fn = net.activations[l].symbol
        for j in range(W.shape[0]):
            s_name = names.s(l, j).latex
            sym = " + ".join(f"{names.a(l, k).latex} {names.w(l, j, k).latex}" for k in range(W.shape[1]))
            subst = " + ".join(f"{factor(a_in[k], digits)} \\cdot {factor(W[j, k], digits)}"
                               for k in range(W.shape[1]))
            products = [a_in[k] * W[j, k] for k in range(W.shape[1])] + [b[j]]
            lines.append(f"{s_name} &= {sym} + {names.b(l, j).latex}")
            lines.append(f"&= {subst} + {factor(b[j], digits)}")
            lines.append(f"&= {signed_sum(products, digits)}")
            lines.append(f"&= {number(s[j], digits)}")
            if net.activations[l].elementwise:
                lines.append(f"{names.a(l + 1, j).latex} &= {fn}({s_name}) = {fn}({number(s[j], digits)}) "
                             f"= {number(a_out[j], digits)}")
            else:       # the softmax: each output depends on every sum of the layer
                ks = range(W.shape[0])
                lines.append(rf"{names.a(l + 1, j).latex} &= \frac{{e^{{{s_name}}}}}"
                             rf"{{{' + '.join(f'e^{{{names.s(l, k).latex}}}' for k in ks)}}}"
                             rf" = \frac{{e^{{{number(s[j], digits)}}}}}"
                             rf"{{{' + '.join(f'e^{{{number(s[k], digits)}}}' for k in ks)}}}"
                             rf" = {number(a_out[j], digits)}")
    return aligned(lines)


# -------------------------------------------------------------------------------- loss
def _loss_terms(loss, y, z, digits: int) -> tuple[str, str]:
    """``(symbols, numbers)``: the right-hand side of one sample's loss, written for ``loss``.

    The forms are those of :mod:`mlpviz.loss` (its classes' ``latex``), with the
    seeds' names (:class:`Notation`) for one output and ``y_{o[k]}``, ``z_{[k]}``
    summed over the outputs ``k`` for several. ``("", "")`` for a loss without a form here.
    """
    one = y.shape[0] == 1
    if one:
        names = Notation([1, 1])
        y_sym, z_sym, total = names.a(1, 0).latex, names.z(0).latex, ""
    else:
        y_sym, z_sym, total = "y_{o[k]}", "z_{[k]}", r"\sum_{k}"
    pairs = [(number(yk, digits), factor(zk, digits)) for yk, zk in zip(y, z)]

    def several(terms: list[str]) -> str:
        return terms[0] if one else r"\left(" + " + ".join(terms) + r"\right)"

    if loss.name == "half_squared_error":
        return (rf"\frac{{1}}{{2}}{total}\left({y_sym} - {z_sym}\right)^2",
                r"\frac{1}{2}" + several([rf"\left({yk} - {zk}\right)^2" for yk, zk in pairs]))
    if loss.name == "binary_cross_entropy":
        return (rf"-{total}\left[{z_sym} \log {y_sym} + (1 - {z_sym}) \log(1 - {y_sym})\right]",
                "-" + several([rf"\left[{zk} \cdot \log {yk} + (1 - {zk}) \cdot \log(1 - {yk})\right]"
                               for yk, zk in pairs]))
    if loss.name == "cross_entropy":
        return (rf"-{total} {z_sym} \log {y_sym}",
                r"-\left(" + " + ".join(rf"{zk} \cdot \log {yk}" for yk, zk in pairs) + r"\right)")
    return "", ""


def loss_latex(y, z=None, digits: int = 4, sample: int = 0, *, loss="half_squared_error") -> LatexMath:
    """One sample's loss L with the numbers substituted, in the form of the loss in use.

    The default is the seeds' ½ Σ (y − z)²; binary cross-entropy and
    cross-entropy are written in their own forms (:mod:`mlpviz.loss`).

    Parameters
    ----------
    y : StepRecord or array
        A step's record (its output, target and loss: the network's own loss
        object, and for one sample the loss the engine computed), or the
        network's output (``trace.output``), one sample or a batch.
    z : array or float, optional
        With an output ``y``: the target(s), the same shape as ``y`` (a float for one output).
    digits : int
    sample : int
        Which row of a batch to write out.
    loss : str or Loss, default "half_squared_error"
        With an output ``y``: the loss to write (:func:`mlpviz.loss.get_loss`).

    Returns
    -------
    LatexMath
        ``L = \\frac{1}{2}(y_o - z)^2 = \\frac{1}{2}(0.5241 - 0.9100)^2 = 0.0745``;
        the value is the loss object's ``fn`` of that sample (a one-sample
        record's own ``loss``).

    Raises
    ------
    ValueError
        If ``z`` does not hold one target per output, the loss is unknown, or
        ``digits`` or ``sample`` is out of range.
    """
    from .network import StepRecord

    digits = _digits(digits)
    value = None
    if isinstance(y, StepRecord):
        record = y
        loss_fn = get_loss(record.loss_name)
        y, z = record.trace.output, np.reshape(record.z, np.shape(record.trace.output))
        if np.ndim(y) == 1:
            value = record.loss                       # the engine's number
    else:
        loss_fn = get_loss(loss)
        if z is None:
            raise ValueError("z: expected the target(s) of the output y (or pass a StepRecord alone)")
    y1 = np.atleast_1d(_sample(check_array(y, "y", ndim=(0, 1, 2), finite=False), sample))
    z_arr = check_array(z, "z", ndim=(0, 1, 2), finite=False)
    z1 = np.atleast_1d(_sample(z_arr, sample) if z_arr.ndim == 2 else z_arr)
    if z1.shape != y1.shape:
        raise ValueError(f"z: expected {y1.shape[0]} target(s) like y, got shape {np.shape(z)}")
    if value is None:
        with np.errstate(all="ignore"):
            value = loss_fn.fn(y1, z1)
    sym, subst = _loss_terms(loss_fn, y1, z1, digits)
    if not sym:
        return LatexMath(f"{loss_fn.latex} = {number(value, digits)}")
    return LatexMath(f"L = {sym} = {subst} = {number(value, digits)}")


# ------------------------------------------------------------------------------ deltas
def _unpack(record, trace, z, grads):
    """``(net, trace, z, grads)`` from a StepRecord, or the separate arguments as given."""
    from .network import StepRecord

    if isinstance(record, StepRecord):
        return record.net_before, record.trace, record.z, record.grads
    return record, trace, z, grads


def _fprime(grads, f, l: int, s: np.ndarray, a: np.ndarray, j: int, sample: int) -> float:
    """f'(s) of neuron ``j`` of layer ``l``: the engine's ``grads.fprime`` (``f.df`` for gradients without it)."""
    if len(grads.fprime) > l and grads.fprime[l] is not None:
        return float(_sample(grads.fprime[l], sample)[j])
    return float(f.df(np.array([s[j]]), np.array([a[j]]))[0])


def output_delta_latex(net, trace=None, z=None, digits: int = 4, sample: int = 0, *,
                       grads=None) -> LatexMath:
    """The output error signal δo with the numbers substituted, in the form of the network's loss.

    With the half squared error, ``δo = f'(s_o)·(y_o − z)`` (seed 002). With a
    loss that cancels the output's slope (binary cross-entropy on a sigmoid,
    cross-entropy on a softmax: :attr:`Loss.output_activation`),
    ``δo = ∂L/∂s_o = y_o − z`` (:meth:`Loss.output_delta`). Any other loss:
    ``δo = f'(s_o)·∂L/∂y_o``.

    Parameters
    ----------
    net : StepRecord or MLP
        A step's record (its network before the update, trace, target and
        gradients are written out), or the network with ``trace`` and ``z``.
    trace, z : Trace and array_like, optional
        With a network: the forward pass and the target.
    grads : Gradients, optional
        With a network: the backward pass to write out (by default the
        engine's ``net.backward(trace, z)``).
    digits, sample : as for :func:`forward_latex`.

    Returns
    -------
    LatexMath
        Each line's final value is the engine's: δ from ``grads.delta``, f'(s)
        from ``grads.fprime``.
    """
    digits = _digits(digits)
    net, trace, z, grads = _unpack(net, trace, z, grads)
    if grads is None:
        grads = net.backward(trace, z)
    names = Notation(net.layer_sizes)
    L = net.n_layers - 1
    s = _sample(trace.s[L], sample)
    y = _sample(trace.a[L + 1], sample)
    z_all = np.asarray(z, dtype=float).reshape(np.shape(trace.output))
    z1 = _sample(z_all, sample)
    delta = _sample(grads.delta[L], sample)
    f, loss = net.activations[L], net.loss_function
    lines = []
    for j in range(y.shape[0]):
        y_name, s_name, z_name = names.a(L + 1, j), names.s(L, j), names.z(j)
        error = f"({y_name.latex} - {z_name.latex})"
        numbers = f"({number(y[j], digits)} - {factor(z1[j], digits)})"
        if loss.output_activation is not None:        # f'(s) cancels: δ = ∂L/∂s = y − z
            why = (rf"\quad\text{{(the {loss.name.replace('_', ' ')} cancels }}{f.symbol}'({s_name.latex})"
                   r"\text{)}" if j == 0 else "")
            lines.append(rf"{names.delta(L, j).latex} &= \frac{{\partial L}}{{\partial {s_name.latex}}}"
                         rf" = {y_name.latex} - {z_name.latex}{why}")
            lines.append(rf"&= {numbers[1:-1]}")
            lines.append(rf"&= {number(delta[j], digits)}")
            continue
        d_sym, d_num = _slope(f, s_name, y_name, s[j], y[j], digits)
        d_value = _fprime(grads, f, L, s, y, j, sample)
        if loss.name == "half_squared_error":         # ∂L/∂y = y − z
            lines.append(rf"{names.delta(L, j).latex} &= {f.symbol}'({s_name.latex}) \cdot {error}"
                         rf" = {d_sym} \cdot {error}")
            lines.append(rf"&= {d_num} \cdot {numbers}")
            lines.append(rf"&= {number(d_value, digits)} \cdot {factor(y[j] - z1[j], digits)}")
        else:                                         # a loss of its own: ∂L/∂y from the loss object
            with np.errstate(all="ignore"):
                dL_dy = float(np.atleast_1d(loss.delta(y, z1))[j])
            partial = rf"\frac{{\partial L}}{{\partial {y_name.latex}}}"
            lines.append(rf"{names.delta(L, j).latex} &= {f.symbol}'({s_name.latex}) \cdot {partial}"
                         rf" = {d_sym} \cdot {partial}")
            lines.append(rf"&= {d_num} \cdot {factor(dL_dy, digits)}")
            lines.append(rf"&= {number(d_value, digits)} \cdot {factor(dL_dy, digits)}")
        lines.append(rf"&= {number(delta[j], digits)}")
    return aligned(lines)


def hidden_delta_latex(net, trace=None, grads=None, digits: int = 4, sample: int = 0) -> LatexMath:
    """The hidden error signals δh = f'(s_h)·Σ w·δ, from the output backwards.

    Parameters
    ----------
    net : StepRecord or MLP
        A step's record, or the network with ``trace`` and ``grads``.
    trace : Trace
    grads : Gradients
        ``net.backward(trace, z)``; its ``delta`` values are written out.
    digits, sample : as for :func:`forward_latex`.
    """
    digits = _digits(digits)
    net, trace, _, grads = _unpack(net, trace, None, grads)
    names = Notation(net.layer_sizes)
    lines = []
    for l in range(net.n_layers - 2, -1, -1):
        s = _sample(trace.s[l], sample)
        a = _sample(trace.a[l + 1], sample)
        nxt = _sample(grads.delta[l + 1], sample)
        delta = _sample(grads.delta[l], sample)
        W = net.weights[l + 1]
        f = net.activations[l]
        for j in range(W.shape[1]):
            s_name = names.s(l, j)
            d_sym, d_num = _slope(f, s_name, names.a(l + 1, j), s[j], a[j], digits)
            d_value = _fprime(grads, f, l, s, a, j, sample)
            ks = range(W.shape[0])
            sum_sym = " + ".join(f"{names.w(l + 1, k, j).latex}\\,{names.delta(l + 1, k).latex}" for k in ks)
            sum_num = " + ".join(f"{factor(W[k, j], digits)} \\cdot {factor(nxt[k], digits)}" for k in ks)
            back = float(W[:, j] @ nxt)
            if len(ks) > 1:
                sum_sym, sum_num = f"({sum_sym})", f"({sum_num})"
            lines.append(rf"{names.delta(l, j).latex} &= {f.symbol}'({s_name.latex}) \cdot {sum_sym}"
                         rf" = {d_sym} \cdot {sum_sym}")
            lines.append(rf"&= {d_num} \cdot {sum_num}")
            lines.append(rf"&= {number(d_value, digits)} \cdot {factor(back, digits)}")
            lines.append(rf"&= {number(delta[j], digits)}")
    return aligned(lines)


# ------------------------------------------------------------------------------ update
def update_latex(record, grads=None, lr: float | None = None, trace=None, layer: int | None = None,
                 digits: int = 4) -> LatexMath:
    """The gradient descent update of every weight and bias, with the numbers substituted.

    With a one-sample step the weight lines read like the seeds'
    ``w_new = w − η·δ·a = 0.5000 − 0.1000·(−0.0963)·0.4378 = 0.5042``; for a
    batch, whose gradient is a mean, ``w_new = w − η·∂L/∂w``.

    Parameters
    ----------
    record : StepRecord
        The step to write out (from :meth:`MLP.steps`, :meth:`MLP.preview_step`
        or ``Trainer.last``): the old values, the gradients, η and the new
        values are all the engine's. (The older form
        ``update_latex(net_before, grads, lr, trace=None)`` is still accepted;
        the new values then come from :meth:`MLP.updated`.)
    layer : int or None
        Only this weight layer (``None``: all, output layer first as in the seeds).
    digits : int

    Returns
    -------
    LatexMath

    Raises
    ------
    ValueError
        If ``record`` is not a StepRecord and ``grads`` or ``lr`` is missing,
        or ``layer`` or ``digits`` is out of range.
    """
    from .network import StepRecord

    digits = _digits(digits)
    if isinstance(record, StepRecord):
        net_before, grads, lr, after = record.net_before, record.grads, record.lr, record.net_after
        trace = record.trace
    else:                                   # update_latex(net_before, grads, lr, trace=None)
        net_before = record
        if grads is None or lr is None:
            raise ValueError("record: expected a StepRecord (or net_before, grads, lr)")
        after = net_before.updated(grads, lr)
    names = Notation(net_before.layer_sizes)
    per_sample = trace is not None and np.ndim(trace.output) == 1
    eta = number(lr, digits)
    lines = []
    for l in reversed(_layers(net_before, layer)):
        W, b = net_before.weights[l], net_before.biases[l]
        delta = grads.delta[l]
        for j in range(W.shape[0]):
            for k in range(W.shape[1]):
                w = names.w(l, j, k)
                if per_sample:
                    lines.append(rf"{{{w.latex}}}^{{new}} &= {w.latex} - \eta\,{names.delta(l, j).latex}\,"
                                 rf"{names.a(l, k).latex} = {number(W[j, k], digits)} - {eta} \cdot "
                                 rf"{factor(delta[j], digits)} \cdot {factor(trace.a[l][k], digits)}"
                                 rf" = {number(after.weights[l][j, k], digits)}")
                else:
                    lines.append(rf"{{{w.latex}}}^{{new}} &= {w.latex} - \eta\,{names.grad(w).latex}"
                                 rf" = {number(W[j, k], digits)} - {eta} \cdot {factor(grads.dW[l][j, k], digits)}"
                                 rf" = {number(after.weights[l][j, k], digits)}")
            bias = names.b(l, j)
            rhs = (rf"\eta\,{names.delta(l, j).latex}" if per_sample else rf"\eta\,{names.grad(bias).latex}")
            lines.append(rf"{{{bias.latex}}}^{{new}} &= {bias.latex} - {rhs} = {number(b[j], digits)} - {eta} "
                         rf"\cdot {factor(grads.db[l][j], digits)} = {number(after.biases[l][j], digits)}")
    return aligned(lines)


# ---------------------------------------------------------------------------- scaling
def minmax_latex(scaler, column: int, value: float, name: str = "x", digits: int = 4) -> LatexMath:
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
    LatexMath

    Raises
    ------
    ValueError
        If ``column`` is not a column of the scaler, or ``value`` is not a finite number.
    """
    digits = _digits(digits)
    column = check_index(column, "column", scaler.n_features_in_, what="a column index")
    value = check_number(value, "value")
    row = scaler.data_min_.copy()  # the other columns only fill the row
    row[column] = value
    scaled = scaler.transform(row)[column]
    lo, hi = scaler.feature_range
    mn, mx = scaler.data_min_[column], scaler.data_max_[column]
    if mn == mx:
        return LatexMath(rf"{name}' = \tfrac{{{lo:g} + {hi:g}}}{{2}} = {number(scaled, digits)}"
                         rf"\quad(\min = \max = {mn:g}\text{{: the middle of the range}})")
    frac = rf"\frac{{{value:g} - {mn:g}}}{{{mx:g} - {mn:g}}}"
    if (lo, hi) == (0.0, 1.0):
        body = frac
    elif (lo, hi) == (-1.0, 1.0):
        body = rf"{frac} \times 2 - 1"
    else:
        body = rf"{lo:g} + {frac} \times ({hi:g} - {lo:g})"
    return LatexMath(rf"{name}' = {body} = {number(scaled, digits)}")


# ------------------------------------------------------------------------- chain rule
def chain_rule_numbers(rule, net, x, z, digits: int = 6) -> LatexMath:
    """The factors of a :class:`mlpviz.symbolic.ChainRule` evaluated at one sample, as LaTeX.

    Every number is sympy's (:meth:`ChainRule.numeric`): each factor, their product, the error
    signal δ, and ``diff(L, θ)`` of the whole loss taken directly, without the chain rule.
    (sympy is not imported here: the rule brings it.)

    Returns
    -------
    LatexMath
        An ``aligned`` block that Jupyter renders as math.
    """
    digits = _digits(digits)
    values = rule.numeric(net, x, z)
    lat = rule.model.latex
    theta = lat(rule.theta)
    lines = [rf"{f.partial} &= {f.form_latex} = {number(v, digits)}" for f, v in zip(rule.factors, values.factors)]
    product = r" \cdot ".join(factor(v, digits) for v in values.factors)
    lines.append(rf"\frac{{\partial L}}{{\partial {theta}}} &= {product} = {number(values.value, digits)}")
    lines.append(rf"{lat(rule.delta)} &= {number(values.delta, digits)}")
    lines.append(rf"\text{{sympy, }}\frac{{\partial L}}{{\partial {theta}}}\text{{ of the whole loss at once}} "
                 rf"&= {number(values.direct, digits)}")
    return aligned(lines)
