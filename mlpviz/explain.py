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

Names: a network with one hidden layer uses the seeds' names (``x_{[0]}``,
``w_{h[0][1]}``, ``b_{h[0]}``, ``s_{h[0]}``, ``a_{h[0]}``, ``w_{o[0]}``,
``b_o``, ``s_o``, ``y_o``, ``\\delta_o``, ``\\delta_{h[0]}``; with several
outputs ``y_{o[k]}``, ``w_{o[k][j]}``); a one-layer network uses the output
names on the inputs; deeper networks use ``W^{[l]}_{jk}``, ``b^{[l]}_j``,
``s^{[l]}_j``, ``a^{[l]}_j`` with the engine's layer index ``l``.

The results are :class:`LatexMath` strings: plain ``str`` (pass them to
``IPython.display.Math``), which also render themselves in Jupyter.
IPython is never imported here.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .loss import mse_loss

__all__ = ["LatexMath", "Notation", "forward_latex", "loss_latex", "output_delta_latex",
           "hidden_delta_latex", "update_latex", "number"]


class LatexMath(str):
    """A LaTeX math string (no surrounding ``$``) that Jupyter renders as math.

    It is a plain ``str``: compare it, search it, or pass it to
    ``IPython.display.Math``. As the last value of a cell it is shown as
    typeset math through ``_repr_latex_``.
    """

    def _repr_latex_(self) -> str:
        return f"$$\n{self}\n$$"


def number(value: float, digits: int = 4) -> str:
    """``value`` with ``digits`` decimals, never ``-0.0000``."""
    text = f"{float(value):.{digits}f}"
    if float(text) == 0.0:
        text = text.lstrip("-")
    return text


def _factor(value: float, digits: int) -> str:
    """A number as a factor of a product: negatives in parentheses."""
    text = number(value, digits)
    return f"({text})" if text.startswith("-") else text


def _signed_sum(values: Sequence[float], digits: int) -> str:
    """``a + b - c`` written with the signs folded in: ``-0.2500 - 0.5000 + 0.5000``."""
    parts = []
    for i, v in enumerate(values):
        text = number(v, digits)
        if i == 0:
            parts.append(text)
        elif text.startswith("-"):
            parts.append(f"- {text[1:]}")
        else:
            parts.append(f"+ {text}")
    return " ".join(parts)


_FUNCTION = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{ReLU}", "linear": r"\mathrm{id}"}


class Notation:
    """Symbol names for a network: the seeds' names or a general layer scheme.

    Parameters
    ----------
    layer_sizes : sequence of int
        The network's layer sizes, input first.

    Notes
    -----
    ``l`` is the engine's weight-layer index (``net.weights[l]``); ``j`` a
    neuron of that layer, ``k`` a neuron (or input) feeding it.
    """

    def __init__(self, layer_sizes: Sequence[int]):
        self.layer_sizes = list(layer_sizes)
        self.n_layers = len(self.layer_sizes) - 1
        self.seed_style = self.n_layers in (1, 2)
        self.one_output = self.layer_sizes[-1] == 1

    def _is_output(self, l: int) -> bool:
        return l == self.n_layers - 1

    def _o(self, j: int) -> str:
        return "o" if self.one_output else f"o[{j}]"

    def x(self, k: int) -> str:
        """Input ``k``."""
        return f"x_{{[{k}]}}"

    def a_in(self, l: int, k: int) -> str:
        """What flows into weight layer ``l`` from neuron ``k`` (``a[l][k]``)."""
        if l == 0:
            return self.x(k)
        return self.a_out(l - 1, k)

    def a_out(self, l: int, j: int) -> str:
        """The activation of neuron ``j`` of weight layer ``l`` (``a[l+1][j]``)."""
        if self.seed_style:
            return f"y_{{{self._o(j)}}}" if self._is_output(l) else f"a_{{h[{j}]}}"
        return f"a^{{[{l + 1}]}}_{{{j}}}"

    def s(self, l: int, j: int) -> str:
        """The weighted sum of neuron ``j`` of weight layer ``l``."""
        if self.seed_style:
            return f"s_{{{self._o(j)}}}" if self._is_output(l) else f"s_{{h[{j}]}}"
        return f"s^{{[{l}]}}_{{{j}}}"

    def w(self, l: int, j: int, k: int) -> str:
        """The weight from ``k`` into neuron ``j`` of weight layer ``l`` (``W[l][j, k]``)."""
        if self.seed_style:
            if self._is_output(l):
                return f"w_{{o[{k}]}}" if self.one_output else f"w_{{o[{j}][{k}]}}"
            return f"w_{{h[{j}][{k}]}}"
        return f"W^{{[{l}]}}_{{{j}{k}}}" if max(self.layer_sizes) <= 10 else f"W^{{[{l}]}}_{{{j},{k}}}"

    def b(self, l: int, j: int) -> str:
        """The bias of neuron ``j`` of weight layer ``l``."""
        if self.seed_style:
            return f"b_{{{self._o(j)}}}" if self._is_output(l) else f"b_{{h[{j}]}}"
        return f"b^{{[{l}]}}_{{{j}}}"

    def delta(self, l: int, j: int) -> str:
        """The error signal ∂L/∂s of neuron ``j`` of weight layer ``l``."""
        if self.seed_style:
            return rf"\delta_{{{self._o(j)}}}" if self._is_output(l) else rf"\delta_{{h[{j}]}}"
        return rf"\delta^{{[{l}]}}_{{{j}}}"

    def target(self, j: int) -> str:
        """The target of output ``j``."""
        return "z" if self.one_output else f"z_{{[{j}]}}"


def _sample(arr: np.ndarray, sample: int) -> np.ndarray:
    arr = np.asarray(arr, dtype=float)
    if arr.ndim == 2:
        if not -arr.shape[0] <= sample < arr.shape[0]:
            raise ValueError(f"sample: the trace holds {arr.shape[0]} samples, got sample={sample}")
        return arr[sample]
    return arr


def _layers(net, layer: int | None) -> list[int]:
    if layer is None:
        return list(range(net.n_layers))
    if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)) or not 0 <= layer < net.n_layers:
        raise ValueError(f"layer: expected a weight-layer index 0..{net.n_layers - 1} or None, got {layer!r}")
    return [int(layer)]


def _aligned(lines: list[str]) -> LatexMath:
    return LatexMath("\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}")


def _derivative(name: str, s_sym: str, a_sym: str, s: float, a: float, digits: int) -> tuple[str, str]:
    """f'(s) as a formula in the seed's form and with the numbers substituted."""
    if name == "sigmoid":
        return rf"{a_sym}\,(1 - {a_sym})", rf"{number(a, digits)}\,(1 - {number(a, digits)})"
    if name == "tanh":
        return rf"(1 - {{{a_sym}}}^2)", rf"(1 - {_factor(a, digits)}^2)"
    if name == "relu":
        return rf"\mathrm{{ReLU}}'({s_sym})", rf"\mathrm{{ReLU}}'({number(s, digits)})"
    return "1", "1"


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
        Decimals of every number.
    sample : int
        Which row, when the trace holds a batch.

    Returns
    -------
    LatexMath
    """
    names = Notation(net.layer_sizes)
    lines = []
    for l in _layers(net, layer):
        a_in = _sample(trace.a[l], sample)
        s = _sample(trace.s[l], sample)
        a_out = _sample(trace.a[l + 1], sample)
        W, b = net.weights[l], net.biases[l]
        f = net.activations[l]
        for j in range(W.shape[0]):
            sym = " + ".join(f"{names.a_in(l, k)} {names.w(l, j, k)}" for k in range(W.shape[1]))
            subst = " + ".join(f"{_factor(a_in[k], digits)} \\cdot {_factor(W[j, k], digits)}"
                               for k in range(W.shape[1]))
            products = [a_in[k] * W[j, k] for k in range(W.shape[1])] + [b[j]]
            lines.append(f"{names.s(l, j)} &= {sym} + {names.b(l, j)}")
            lines.append(f"&= {subst} + {_factor(b[j], digits)}")
            lines.append(f"&= {_signed_sum(products, digits)}")
            lines.append(f"&= {number(s[j], digits)}")
            fn = _FUNCTION[f.name]
            lines.append(f"{names.a_out(l, j)} &= {fn}({names.s(l, j)}) = {fn}({number(s[j], digits)}) "
                         f"= {number(a_out[j], digits)}")
    return _aligned(lines)


# -------------------------------------------------------------------------------- loss
def loss_latex(y, z, digits: int = 4, sample: int = 0) -> LatexMath:
    """The loss L = ½ Σ (y − z)² with the numbers substituted.

    Parameters
    ----------
    y : array
        The network's output (``trace.output``), one sample or a batch.
    z : array or float
        The target(s), the same shape as ``y`` (a float for one output).
    digits : int
    sample : int
        Which row of a batch to write out.

    Returns
    -------
    LatexMath
        ``L = \\frac{1}{2}(y_o - z)^2 = \\frac{1}{2}(0.5241 - 0.9100)^2 = 0.0745``;
        the value is :func:`mlpviz.loss.mse_loss` of that sample.
    """
    y1 = np.atleast_1d(_sample(y, sample))
    z_arr = np.asarray(z, dtype=float)
    z1 = np.atleast_1d(_sample(z_arr, sample) if z_arr.ndim == 2 else z_arr)
    if z1.shape != y1.shape:
        raise ValueError(f"z: expected {y1.shape[0]} target(s) like y, got shape {np.shape(z)}")
    names = Notation([1, y1.shape[0]])
    value = mse_loss(y1, z1)
    if y1.shape[0] == 1:
        sym = rf"\frac{{1}}{{2}}\left({names.a_out(0, 0)} - {names.target(0)}\right)^2"
        subst = rf"\frac{{1}}{{2}}\left({number(y1[0], digits)} - {_factor(z1[0], digits)}\right)^2"
    else:
        sym = r"\frac{1}{2}\sum_{k}\left(y_{o[k]} - z_{[k]}\right)^2"
        subst = r"\frac{1}{2}\left(" + " + ".join(
            rf"\left({number(yk, digits)} - {_factor(zk, digits)}\right)^2" for yk, zk in zip(y1, z1)
        ) + r"\right)"
    return LatexMath(f"L = {sym} = {subst} = {number(value, digits)}")


# ------------------------------------------------------------------------------ deltas
def output_delta_latex(net, trace, z, digits: int = 4, sample: int = 0) -> LatexMath:
    """The output error signal δo = f'(s_o)·(y_o − z), with the numbers substituted.

    The values are those of ``net.backward(trace, z)``.
    """
    grads = net.backward(trace, z)
    names = Notation(net.layer_sizes)
    L = net.n_layers - 1
    s = _sample(trace.s[L], sample)
    y = _sample(trace.a[L + 1], sample)
    z_all = np.asarray(z, dtype=float).reshape(np.shape(trace.output))
    z1 = _sample(z_all, sample)
    delta = _sample(grads.delta[L], sample)
    f = net.activations[L]
    lines = []
    for j in range(y.shape[0]):
        y_sym, s_sym, z_sym = names.a_out(L, j), names.s(L, j), names.target(j)
        d_sym, d_num = _derivative(f.name, s_sym, y_sym, s[j], y[j], digits)
        d_value = float(f.df(np.array([s[j]]), np.array([y[j]]))[0])
        lines.append(rf"{names.delta(L, j)} &= {_FUNCTION[f.name]}'({s_sym}) \cdot ({y_sym} - {z_sym})"
                     rf" = {d_sym} \cdot ({y_sym} - {z_sym})")
        lines.append(rf"&= {d_num} \cdot ({number(y[j], digits)} - {_factor(z1[j], digits)})")
        lines.append(rf"&= {number(d_value, digits)} \cdot {_factor(y[j] - z1[j], digits)}")
        lines.append(rf"&= {number(delta[j], digits)}")
    return _aligned(lines)


def hidden_delta_latex(net, trace, grads, digits: int = 4, sample: int = 0) -> LatexMath:
    """The hidden error signals δh = f'(s_h)·Σ w·δ, from the output backwards.

    Parameters
    ----------
    net : MLP
    trace : Trace
    grads : Gradients
        ``net.backward(trace, z)``; its ``delta`` values are written out.
    digits, sample : as for :func:`forward_latex`.
    """
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
            d_sym, d_num = _derivative(f.name, names.s(l, j), names.a_out(l, j), s[j], a[j], digits)
            d_value = float(f.df(np.array([s[j]]), np.array([a[j]]))[0])
            ks = range(W.shape[0])
            sum_sym = " + ".join(f"{names.w(l + 1, k, j)}\\,{names.delta(l + 1, k)}" for k in ks)
            sum_num = " + ".join(f"{_factor(W[k, j], digits)} \\cdot {_factor(nxt[k], digits)}" for k in ks)
            back = float(W[:, j] @ nxt)
            if len(ks) > 1:
                sum_sym, sum_num = f"({sum_sym})", f"({sum_num})"
            lines.append(rf"{names.delta(l, j)} &= {_FUNCTION[f.name]}'({names.s(l, j)}) \cdot {sum_sym}"
                         rf" = {d_sym} \cdot {sum_sym}")
            lines.append(rf"&= {d_num} \cdot {sum_num}")
            lines.append(rf"&= {number(d_value, digits)} \cdot {_factor(back, digits)}")
            lines.append(rf"&= {number(delta[j], digits)}")
    return _aligned(lines)


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
    """
    from .network import StepRecord

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
                w_sym = names.w(l, j, k)
                if per_sample:
                    a_sym = names.a_in(l, k)
                    a_k = trace.a[l][k]
                    lines.append(rf"{{{w_sym}}}^{{new}} &= {w_sym} - \eta\,{names.delta(l, j)}\,{a_sym}"
                                 rf" = {number(W[j, k], digits)} - {eta} \cdot {_factor(delta[j], digits)}"
                                 rf" \cdot {_factor(a_k, digits)} = {number(after.weights[l][j, k], digits)}")
                else:
                    lines.append(rf"{{{w_sym}}}^{{new}} &= {w_sym} - \eta\,\frac{{\partial L}}{{\partial {w_sym}}}"
                                 rf" = {number(W[j, k], digits)} - {eta} \cdot {_factor(grads.dW[l][j, k], digits)}"
                                 rf" = {number(after.weights[l][j, k], digits)}")
            b_sym = names.b(l, j)
            grad_b = grads.db[l][j]
            rhs = (rf"\eta\,{names.delta(l, j)}" if per_sample
                   else rf"\eta\,\frac{{\partial L}}{{\partial {b_sym}}}")
            lines.append(rf"{{{b_sym}}}^{{new}} &= {b_sym} - {rhs} = {number(b[j], digits)} - {eta} \cdot "
                         rf"{_factor(grad_b, digits)} = {number(after.biases[l][j], digits)}")
    return _aligned(lines)
