"""Symbolic derivations with sympy: the gradients derived, shown step by step.

Backpropagation (:meth:`mlpviz.MLP.backward`) computes the gradient with the
error-signal recursion. This module derives the same gradient a second,
independent way: it writes the whole loss L as one sympy expression of the
inputs, targets, weights and biases, and lets sympy differentiate it. The two
can then be compared entry by entry.

What is here
------------
* :class:`SymbolicMLP` -- the network's s, a, y and L as sympy expressions;
  :meth:`SymbolicMLP.derive` shows the chain rule for one weight or bias,
  factor by factor, as the seeds teach it (:class:`ChainRule`);
  :func:`chain_rule` does the same for a network with its numbers filled in.
* :func:`gradients` -- every ∂L/∂W and ∂L/∂b of a network at one sample (or
  the mean over a batch), evaluated from the sympy derivatives (``lambdify``),
  in the same shapes as the engine's :class:`mlpviz.Gradients`.
* :func:`prove_identity` -- σ' = σ(1 − σ), tanh' = 1 − tanh², ReLU' = step,
  each shown by sympy simplification (:class:`Identity`).
* :func:`delta_recursion` -- δ^[l] = f'(s^[l]) ⊙ (W^[l+1])ᵀ δ^[l+1], the
  general recursion for a hidden layer, shown by sympy on every hidden layer.
* :func:`perceptron_gradient` -- a single sigmoid neuron's cost averaged over
  n samples and ∂C/∂w, ∂C/∂b derived by sympy beside the chain-rule sums.
* :func:`gradient_2d` -- the gradient of a typed expression such as
  ``x^2 + y^2``, parsed by a restricted parser (never ``eval`` of Python).

Symbols and how they map to the engine
--------------------------------------
Every symbol is named by :mod:`mlpviz.notation`, with the engine's indices
(``net.weights[l]`` maps ``a[l]`` to ``s[l]``, and ``a[l+1] = f(s[l])``), and
is printed with the same LaTeX as :mod:`mlpviz.explain` prints it.
``naming="seed"`` (the default) gives the seeds' names where the network has
them (at most one hidden layer), ``naming="matrix"`` the matrix names:

==============================  =============================  ============================
engine                          ``naming="seed"``, 2-3-1       ``naming="matrix"``
==============================  =============================  ============================
``x[k]``                        ``x_0``: x_{[0]}               ``x_0``: x_{0}
``z[j]``                        ``z``: z                       ``z_0``: z_{0}
``weights[l][j, k]``            ``wh_2_1``: w_{h[2][1]},       ``W_0_2_1``: W^{[0]}_{21}
                                ``wo_2``: w_{o[2]}
``biases[l][j]``                ``bh_2``: b_{h[2]}, ``bo``     ``b_0_2``: b^{[0]}_{2}
``s[l][j]``                     ``sh_2``: s_{h[2]}, ``so``     ``s_0_2``: s^{[0]}_{2}
``a[l+1][j]``                   ``ah_2``: a_{h[2]}, ``yo``     ``a_1_2``: a^{[1]}_{2}
``delta[l][j]``                 ``deltah_2``, ``deltao``       ``delta_0_2``: δ^{[0]}_{2}
==============================  =============================  ============================

A parameter can be named by its symbol (``"wh_2_1"``), its seed name
(``"wh[2][1]"``) or its code name (``"W[0][2,1]"``).

ReLU at s = 0
-------------
sympy differentiates ``Max(0, s)`` to the step ``Heaviside(s)`` (printed θ(s)),
which sympy defines as ½ at ``s = 0``. The derivative does not exist there;
mlpviz follows the engine's convention ReLU'(0) = 0, so every numeric
evaluation here replaces ``Heaviside(s)`` by ``Heaviside(s, 0)``. The displayed
expressions keep sympy's θ(s).

Numbers
-------
The derivatives are evaluated as sympy writes them, e.g. σ'(s) as
``exp(-s)/(1 + exp(-s))**2``; for |s| beyond about 700 that overflows where the
engine's stable sigmoid does not. The symbolic path is meant for the small
networks and moderate numbers of the lessons.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
import sympy as sp

from .activations import activation_list, get_activation
from .format import aligned as _aligned
from .notation import STYLES, Notation
from .validation import check_array, check_choice, check_count, check_index

__all__ = [
    "SymbolicMLP", "ChainRule", "Factor", "ChainRuleValues", "SymbolicGradients", "Identity",
    "EvaluatedChainRule", "Gradient2D", "gradients", "chain_rule", "prove_identity", "gradient_2d",
    "MAX_PARAMETERS", "OutputDelta", "output_delta", "DeltaRecursion", "delta_recursion", "PerceptronGradient",
    "perceptron_gradient",
]

#: Largest network (weights + biases) :class:`SymbolicMLP` builds: the
#: expressions grow quickly with depth and width.
MAX_PARAMETERS = 200


# --------------------------------------------------------------------- helpers
def _step_zero_at_zero(expr: sp.Expr) -> sp.Expr:
    """Use the engine's ReLU'(0) = 0: ``Heaviside(s)`` → ``Heaviside(s, 0)``."""
    return expr.replace(lambda e: isinstance(e, sp.Heaviside),
                        lambda e: sp.Heaviside(e.args[0], 0))


def _evaluate(expr: sp.Expr, values: dict) -> float:
    """``expr`` at the numbers in ``values`` (Symbol → sympy Float), as a float."""
    result = _step_zero_at_zero(sp.sympify(expr)).xreplace(values)
    if result.free_symbols:
        missing = ", ".join(sorted(str(s) for s in result.free_symbols))
        raise ValueError(f"cannot evaluate {expr}: no value for {missing}")
    return float(result)


def _paren(latex: str, expr: sp.Expr) -> str:
    """Wrap a sum in parentheses when it becomes a factor of a product."""
    return rf"\left({latex}\right)" if isinstance(expr, sp.Add) else latex


def _render_terms(terms, printer: Callable[[sp.Expr], str]) -> str:
    """A sum of products as LaTeX, in the given order: ``w · δ + w · δ``."""
    return " + ".join(r" \cdot ".join(printer(e) for e in term) for term in terms)


def _paren_number(latex: str) -> str:
    return rf"\left({latex}\right)" if latex.startswith("-") else latex




# ------------------------------------------------------------ result objects
@dataclass(frozen=True)
class Factor:
    """One factor of the chain rule, e.g. ∂y/∂s.

    Attributes
    ----------
    partial : str
        The factor's name as LaTeX, e.g. ``\\frac{\\partial y_{o}}{\\partial s_{o}}``.
    derived : sympy.Expr
        What sympy's ``diff`` gives, in the local symbols (y, s, a, δ, w).
    form : sympy.Expr
        The same factor as the seeds write it (σ'(s) as y(1 − y), ...).
    latex : str
        ``partial = derived [= form]``.
    form_latex : str
        The form alone, as LaTeX, in the seeds' order of factors.
    terms : tuple of tuples, optional
        For a sum of products (∂L/∂a_h = Σ w·δ), the products in the order
        they are printed.
    """

    partial: str
    derived: sp.Expr
    form: sp.Expr
    latex: str
    form_latex: str
    terms: tuple[tuple[sp.Expr, ...], ...] | None = None

    def render(self, printer: Callable[[sp.Expr], str]) -> str:
        """The form as LaTeX with ``printer`` for each piece (keeps the seeds' order)."""
        return printer(self.form) if self.terms is None else _render_terms(self.terms, printer)


@dataclass(frozen=True)
class ChainRuleValues:
    """A :class:`ChainRule` evaluated at one sample of a network.

    Attributes
    ----------
    factors : tuple of float
        The three factors' values.
    delta : float
        The error signal δ of the neuron the parameter feeds.
    value : float
        The product of the factors: ∂L/∂θ by the chain rule.
    direct : float
        ``diff(L, θ)`` of the whole loss expression, evaluated (no chain rule).
    """

    factors: tuple[float, ...]
    delta: float
    value: float
    direct: float


@dataclass(frozen=True, eq=False)
class ChainRule:
    """∂L/∂θ for one weight or bias, as the seeds derive it.

    Output layer:  ∂L/∂w = ∂L/∂y · ∂y/∂s · ∂s/∂w  =  δo · a
    Hidden layer:  ∂L/∂w = ∂L/∂a_h · ∂a_h/∂s_h · ∂s_h/∂w  =  f'(s_h)·(Σ w_o δ_o) · a

    Attributes
    ----------
    model : SymbolicMLP
    theta : sympy.Symbol
        The parameter.
    layer, node : int
        ``theta`` is ``weights[layer][node, input]`` or ``biases[layer][node]``.
    input : int or None
        The input index of a weight; ``None`` for a bias.
    output : bool
        Whether ``layer`` is the output layer.
    factors : tuple of Factor
        The three factors, each derived by sympy.
    product : sympy.Expr
        The product of the factors' forms.
    delta : sympy.Symbol
        The error signal δ = ∂L/∂s of ``node``.
    delta_form : sympy.Expr
        δ written out: (y − z)·f'(s) at the output, f'(s_h)·Σ w δ in a hidden layer.
    error_signal : sympy.Expr
        The gradient in error-signal form: δ·a (a weight) or δ (a bias).
    """

    model: "SymbolicMLP"
    theta: sp.Symbol
    layer: int
    node: int
    input: int | None
    output: bool
    factors: tuple[Factor, Factor, Factor]
    product: sp.Expr
    delta: sp.Symbol
    delta_form: sp.Expr
    error_signal: sp.Expr
    _product_latex: str = field(repr=False)
    _error_signal_latex: str = field(repr=False)
    _delta_form_latex: str = field(repr=False)

    @functools.cached_property
    def full(self) -> sp.Expr:
        """``diff(L, θ)`` of the whole loss expression: no chain rule, no δ."""
        return sp.diff(self.model.loss, self.theta)

    def _lines(self) -> list[str]:
        lat = self.model.latex
        theta = lat(self.theta)
        chain = r" \cdot ".join(f.partial for f in self.factors)
        lines = [rf"\frac{{\partial L}}{{\partial {theta}}} &= {chain}"]
        lines += [f" & \\quad {f.latex}" for f in self.factors]
        lines.append(rf"\frac{{\partial L}}{{\partial {theta}}} &= {self._product_latex}")
        lines.append(rf"&= {self._error_signal_latex}")
        s = lat(self.model.s_symbols[self.layer][self.node])
        lines.append(rf"{lat(self.delta)} &= \frac{{\partial L}}{{\partial {s}}} = {self._delta_form_latex}")
        return lines

    def to_latex(self) -> str:
        """The derivation as a LaTeX ``aligned`` block (no surrounding ``$$``)."""
        return _aligned(self._lines())

    def _repr_latex_(self) -> str:
        return "$$" + self.to_latex() + "$$"

    def __repr__(self) -> str:
        return f"ChainRule(∂L/∂{self.theta} = {self.error_signal})"

    def at(self, net, x, z, digits: int = 4) -> "EvaluatedChainRule":
        """The derivation with one sample's numbers substituted, for display.

        Parameters
        ----------
        net : MLP
            A network of the same shape and activations.
        x, z : array
            One input sample and its target.
        digits : int, default 4
            Significant digits shown.
        """
        digits = check_count(digits, "digits", high=15)
        values = self.model._values(net, x, z)
        return EvaluatedChainRule(self, self._numeric(values), {k: float(v) for k, v in values.items()},
                                  digits)

    def numeric(self, net, x, z) -> ChainRuleValues:
        """Evaluate every factor at one sample ``x`` with target ``z`` of ``net``.

        The local values (s, a, y) come from the symbolic forward expressions
        and δ from sympy's ∂L/∂s, never from :meth:`MLP.backward`.
        """
        return self._numeric(self.model._values(net, x, z))

    def _numeric(self, values: dict) -> ChainRuleValues:
        return ChainRuleValues(
            factors=tuple(_evaluate(f.form, values) for f in self.factors),
            delta=_evaluate(self.delta_form, values),
            value=_evaluate(self.product, values),
            direct=_evaluate(self.full, values),
        )


@dataclass(frozen=True, eq=False)
class EvaluatedChainRule:
    """A :class:`ChainRule` with one sample's numbers substituted (what a notebook shows).

    Attributes
    ----------
    rule : ChainRule
    values : ChainRuleValues
        The factors, δ, the gradient and the direct derivative, as floats.
    numbers : dict
        Every symbol's value at the sample (x, z, W, b, s, a, δ).
    digits : int
        Significant digits shown.
    """

    rule: ChainRule
    values: ChainRuleValues
    numbers: dict = field(repr=False)
    digits: int = 4

    def _float(self, v: float) -> sp.Float:
        """``v`` rounded as Python's ``{:.{digits}g}`` rounds it (so text and LaTeX agree)."""
        return sp.Float(f"{v:.{self.digits}g}", self.digits)

    def _num(self, v: float) -> str:
        return sp.latex(self._float(v))

    def _substituted(self, factor: Factor) -> str:
        """The factor's seed form with every symbol replaced by its (rounded) number."""
        subs = {sym: sp.UnevaluatedExpr(self._float(self.numbers[sym]))
                for sym in factor.form.free_symbols}
        return _paren(factor.render(lambda e: _paren_number(sp.latex(e.xreplace(subs)))), factor.form)

    def to_latex(self) -> str:
        """The symbolic derivation, then the same lines with numbers."""
        rule, v = self.rule, self.values
        theta = rule.model.latex(rule.theta)
        numbers = r" \cdot ".join(self._substituted(f) for f in rule.factors)
        values = r" \cdot ".join(_paren_number(self._num(f)) for f in v.factors)
        lines = rule._lines() + [
            rf"\frac{{\partial L}}{{\partial {theta}}} &= {numbers}",
            rf"&= {values}",
            rf"&= {self._num(v.value)}",
            rf"{rule.model.latex(rule.delta)} &= {self._num(v.delta)}",
        ]
        return _aligned(lines)

    def _repr_latex_(self) -> str:
        return "$$" + self.to_latex() + "$$"

    def __repr__(self) -> str:
        d, v = self.digits, self.values
        factors = " · ".join(f"({f:.{d}g})" if f < 0 else f"{f:.{d}g}" for f in v.factors)
        return (f"∂L/∂{self.rule.theta} = {factors} = {v.value:.{d}g}   "
                f"({self.rule.delta} = {v.delta:.{d}g})")


@dataclass
class SymbolicGradients:
    """∂L/∂W and ∂L/∂b from the sympy derivatives, shaped like :class:`mlpviz.Gradients`.

    Attributes
    ----------
    dW : list of arrays
        ``dW[l]`` of shape ``(n_out, n_in)``, like ``net.weights[l]``.
    db : list of arrays
        ``db[l]`` of shape ``(n_out,)``, like ``net.biases[l]``.
    """

    dW: list[np.ndarray]
    db: list[np.ndarray]


@dataclass(frozen=True)
class Identity:
    """A derivative identity, shown by sympy simplification.

    Attributes
    ----------
    name : str
        The activation.
    lhs : sympy.Expr
        ``diff(f(s), s)`` as sympy derives it from f's definition.
    rhs : sympy.Expr
        The form the seeds use (σ(1 − σ), 1 − tanh², a step, 1).
    cases : tuple of (str, sympy.Expr)
        For each range of s (LaTeX), ``simplify(lhs − rhs)`` there.
    statement : str
        The identity as the seeds write it, LaTeX.
    """

    name: str
    lhs: sp.Expr
    rhs: sp.Expr
    cases: tuple[tuple[str, sp.Expr], ...]
    statement: str

    @property
    def difference(self) -> sp.Expr:
        """``simplify(lhs − rhs)``; for a case-by-case proof, the largest case difference."""
        diffs = [d for _, d in self.cases]
        return diffs[0] if len(diffs) == 1 else sp.Max(*[sp.Abs(d) for d in diffs])

    @property
    def holds(self) -> bool:
        """True when every case simplifies to exactly 0."""
        return all(d == 0 for _, d in self.cases)

    @property
    def latex(self) -> str:
        """The proof as a LaTeX ``aligned`` block."""
        lines = [rf"&{self.statement}",
                 rf"\frac{{d}}{{ds}} f(s) &= {sp.latex(self.lhs)}",
                 rf"\text{{seed form}} &= {sp.latex(self.rhs)}"]
        for cond, d in self.cases:
            lines.append(rf"\operatorname{{simplify}}(\text{{difference}}) &= {sp.latex(d)}"
                         rf" \quad \text{{for }} {cond}")
        return _aligned(lines)

    def _repr_latex_(self) -> str:
        return "$$" + self.latex + "$$"


# -------------------------------------------------------------- the network
class SymbolicMLP:
    """A small MLP written out as sympy expressions.

    Parameters
    ----------
    layer_sizes : sequence of int
        Neurons per layer, input first, as for :class:`mlpviz.MLP`.
    activation : str or sequence of str, default "sigmoid"
        One name for every weight layer, or one per weight layer.
    naming : {"seed", "matrix"}, default "seed"
        Symbol names from :class:`mlpviz.notation.Notation`: the seeds'
        ``wh_j_k``/``wo_k`` (LaTeX :math:`w_{h[j][k]}`) where the network has
        them, or ``W_l_j_k`` (LaTeX :math:`W^{[l]}_{jk}`); both index like
        ``net.weights[l][j, k]``.

    Attributes
    ----------
    x, z : sympy.Matrix
        Input and target symbols (columns).
    W, b : list of sympy.Matrix
        ``W[l][j, k]`` and ``b[l][j]``, the parameter symbols.
    s, a : list of sympy.Matrix
        The forward pass as full expressions of x, W, b:
        ``s[l] = W[l]·a[l] + b[l]``, ``a[l+1] = f(s[l])``, ``a[0] = x``.
    y : sympy.Matrix
        ``a[-1]``, the output.
    loss : sympy.Expr
        L = ½ Σ (y − z)².
    s_symbols, a_symbols, delta_symbols : list of sympy.Matrix
        Named symbols for s, a and δ of each layer, used by the chain-rule
        display (``a_symbols[0]`` is ``x``, ``a_symbols[-1]`` the output y).
    parameters : list of sympy.Symbol
        Every weight and bias, layer by layer, each ``W[l]`` row by row then ``b[l]``.

    Examples
    --------
    >>> model = SymbolicMLP([2, 3, 1], "sigmoid")
    >>> model.W[0][2, 1], model.b[1][0]
    (wh_2_1, bo)
    """

    def __init__(self, layer_sizes: Sequence[int], activation: str | Sequence[str] = "sigmoid",
                 naming: str = "seed"):
        sizes = _check_sizes(layer_sizes)
        self.layer_sizes = sizes
        self.activations = activation_list(activation, len(sizes) - 1)
        self.naming = check_choice(naming, "naming", STYLES)
        self.notation = Notation(sizes, style=self.naming)
        L = self.n_layers
        n = self.notation
        self._latex: dict[sp.Symbol, str] = {}     # every symbol's LaTeX, for sp.latex(symbol_names=)
        self._names: dict[str, sp.Symbol] = {}     # a parameter's symbol by any of its names

        def symbol(name, parameter=False) -> sp.Symbol:
            sym = sp.Symbol(name.symbol)
            self._latex[sym] = name.latex
            if parameter:
                self._names.update(dict.fromkeys({name.symbol, name.code, name.seed} - {""}, sym))
            return sym

        self.x = sp.Matrix([symbol(n.x(k)) for k in range(sizes[0])])
        self.z = sp.Matrix([symbol(n.z(j)) for j in range(sizes[-1])])
        self.W = [sp.Matrix(sizes[l + 1], sizes[l], lambda j, k, l=l: symbol(n.w(l, j, k), True)) for l in range(L)]
        self.b = [sp.Matrix([symbol(n.b(l, j), True) for j in range(sizes[l + 1])]) for l in range(L)]
        self.s_symbols = [sp.Matrix([symbol(n.s(l, j)) for j in range(sizes[l + 1])]) for l in range(L)]
        self.a_symbols = [self.x] + [sp.Matrix([symbol(n.a(l + 1, j)) for j in range(sizes[l + 1])])
                                     for l in range(L)]
        self.delta_symbols = [sp.Matrix([symbol(n.delta(l, j)) for j in range(sizes[l + 1])]) for l in range(L)]
        self.parameters: list[sp.Symbol] = []
        for l in range(L):
            self.parameters += list(self.W[l]) + list(self.b[l])

        # The forward pass, written out in full: s[l] = W[l]·a[l] + b[l], a[l+1] = f(s[l]).
        self.s: list[sp.Matrix] = []
        self.a: list[sp.Matrix] = [self.x]
        for l, f in enumerate(self.activations):
            self.s.append(self.W[l] * self.a[l] + self.b[l])
            self.a.append(self.s[l].applyfunc(f.sympy))
        self.y = self.a[-1]
        self.loss = sp.Rational(1, 2) * sum((yj - zj) ** 2 for yj, zj in zip(self.y, self.z))
        self._deltas: dict[int, sp.Matrix] = {}
        self._where: dict[sp.Symbol, tuple] = {}

    @classmethod
    def from_network(cls, net, naming: str = "seed") -> "SymbolicMLP":
        """The symbolic twin of an :class:`mlpviz.MLP` (same sizes and activations)."""
        return cls(net.layer_sizes, net.activation_names, naming=naming)

    @property
    def n_layers(self) -> int:
        """Number of weight layers."""
        return len(self.layer_sizes) - 1

    def __repr__(self) -> str:
        sizes = "-".join(str(k) for k in self.layer_sizes)
        names = [f.name for f in self.activations]
        act = names[0] if len(set(names)) == 1 else names
        return f"SymbolicMLP({sizes}, activation={act!r}, naming={self.naming!r})"

    # ------------------------------------------------------------- display
    def latex(self, expr) -> str:
        """LaTeX of ``expr`` with this network's symbol names (w^{[l]}_{j,k}, ...)."""
        return sp.latex(expr, symbol_names=self._latex)

    def to_latex(self) -> str:
        """The network's equations, neuron by neuron, as a LaTeX ``aligned`` block."""
        lines = []
        for l, f in enumerate(self.activations):
            for j in range(self.layer_sizes[l + 1]):
                s_local = self._s_local(l, j)
                s_sym = self.s_symbols[l][j]
                lines.append(rf"{self.latex(s_sym)} &= {self.latex(s_local)}")
                lines.append(rf"{self.latex(self.a_symbols[l + 1][j])} &= "
                             rf"{f.symbol}\left({self.latex(s_sym)}\right)")
        y_z = sp.Rational(1, 2) * sum((yj - zj) ** 2 for yj, zj in zip(self.a_symbols[-1], self.z))
        lines.append(rf"L &= {self.latex(y_z)}")
        return _aligned(lines)

    def _repr_latex_(self) -> str:
        return "$$" + self.to_latex() + "$$"

    # ------------------------------------------------------------- symbols
    def weight(self, l: int, j: int, k: int) -> sp.Symbol:
        """The symbol of ``net.weights[l][j, k]``."""
        self._check_index(l, j, k)
        return self.W[l][j, k]

    def bias(self, l: int, j: int) -> sp.Symbol:
        """The symbol of ``net.biases[l][j]``."""
        self._check_index(l, j)
        return self.b[l][j]

    def _check_index(self, l, j, k=None):
        check_index(l, "layer", self.n_layers, what=f"a weight layer of {self.layer_sizes}")
        check_index(j, "node", self.layer_sizes[l + 1], what=f"a node of weight layer {l}")
        if k is not None:
            check_index(k, "input", self.layer_sizes[l], what=f"an input of weight layer {l}")

    def _locate(self, theta) -> tuple[int, int, int | None]:
        """(layer, node, input or None) of a parameter given as Symbol or name."""
        if not self._where:
            for l in range(self.n_layers):
                for j in range(self.layer_sizes[l + 1]):
                    self._where[self.b[l][j]] = (l, j, None)
                    for k in range(self.layer_sizes[l]):
                        self._where[self.W[l][j, k]] = (l, j, k)
        if isinstance(theta, str):  # "wh_2_1", "wh[2][1]" or "W[0][2, 1]"
            key = self._names.get(re.sub(r"\s+", "", theta), theta)
        else:
            key = theta
        if isinstance(key, sp.Symbol) and key in self._where:
            return self._where[key]
        known = ", ".join(str(p) for p in self.parameters)
        raise ValueError(f"theta: {theta!r} is not a weight or bias of this network; expected one of {known}")

    def _s_local(self, l: int, j: int) -> sp.Expr:
        """s of node j in layer l from its own inputs: Σ_k W[l][j,k]·a[l][k] + b[l][j]."""
        return sum(self.W[l][j, k] * self.a_symbols[l][k] for k in range(self.layer_sizes[l])) + self.b[l][j]

    # ---------------------------------------------------------- derivations
    def gradient(self, theta) -> sp.Expr:
        """``diff(L, θ)`` of the whole loss expression (in x, z, W, b)."""
        l, j, k = self._locate(theta)
        return sp.diff(self.loss, self.W[l][j, k] if k is not None else self.b[l][j])

    def delta(self, l: int) -> sp.Matrix:
        """δ = ∂L/∂s of every node of weight layer ``l``, derived by sympy.

        The loss is rebuilt on top of the named sums ``s_symbols[l]`` (the
        layers above written out in full) and differentiated by them, so for
        the output layer δo = (f(s_o) − z)·f'(s_o) and for a hidden layer δh
        contains f'(s_h) and the weights above it.
        """
        self._check_index(l, 0)
        if l not in self._deltas:
            a = self.s_symbols[l].applyfunc(self.activations[l].sympy)
            for m in range(l + 1, self.n_layers):
                a = (self.W[m] * a + self.b[m]).applyfunc(self.activations[m].sympy)
            loss = sp.Rational(1, 2) * sum((yj - zj) ** 2 for yj, zj in zip(a, self.z))
            self._deltas[l] = self.s_symbols[l].applyfunc(lambda s: sp.diff(loss, s))
        return self._deltas[l]

    def derive(self, theta) -> ChainRule:
        """The chain rule for one weight or bias, factor by factor.

        Parameters
        ----------
        theta : sympy.Symbol or str
            A parameter, e.g. ``model.weight(0, 1, 0)`` or ``"wh[1][0]"`` (any of its
            names in :mod:`mlpviz.notation`).

        Returns
        -------
        ChainRule
        """
        l, j, k = self._locate(theta)
        theta = self.W[l][j, k] if k is not None else self.b[l][j]
        lat = self.latex
        f = self.activations[l]
        out = l == self.n_layers - 1
        s = self.s_symbols[l][j]
        a = self.a_symbols[l + 1][j]

        # 1. ∂L/∂y (output) or ∂L/∂a_h (hidden: through every s of the layer above).
        partial1 = rf"\frac{{\partial L}}{{\partial {lat(a)}}}"
        if out:
            loss = sp.Rational(1, 2) * sum((yi - zi) ** 2 for yi, zi in zip(self.a_symbols[-1], self.z))
            d1 = sp.diff(loss, a)
            factor1 = Factor(partial1, d1, d1, rf"{partial1} = {lat(d1)}", lat(d1))
        else:  # Σ_m ∂s_m/∂a_h · δ_m = Σ_m w_o[m][j] · δ_o[m]
            terms = tuple((sp.diff(self._s_local(l + 1, m), a), self.delta_symbols[l + 1][m])
                          for m in range(self.layer_sizes[l + 2]))
            d1 = sum(ds * dm for ds, dm in terms)
            f1_latex = _render_terms(terms, lat)
            factor1 = Factor(partial1, d1, d1, rf"{partial1} = {f1_latex}", f1_latex, terms)

        # 2. ∂a/∂s = f'(s): sympy's derivative, and the seeds' form in terms of a.
        d2 = sp.diff(f.sympy(s), s)
        form2 = f.slope_sympy(s, a)
        partial2 = rf"\frac{{\partial {lat(a)}}}{{\partial {lat(s)}}}"
        eq2 = rf"{partial2} = {lat(d2)}" + ("" if form2 == d2 else rf" = {lat(form2)}")
        factor2 = Factor(partial2, d2, form2, eq2, lat(form2))

        # 3. ∂s/∂θ: the input a_k of the weight, or 1 for a bias.
        d3 = sp.diff(self._s_local(l, j), theta)
        partial3 = rf"\frac{{\partial {lat(s)}}}{{\partial {lat(theta)}}}"
        factor3 = Factor(partial3, d3, d3, rf"{partial3} = {lat(d3)}", lat(d3))

        factors = (factor1, factor2, factor3)
        product = factor1.form * factor2.form * factor3.form
        product_latex = r" \cdot ".join(_paren(fa.form_latex, fa.form) for fa in factors)
        delta = self.delta_symbols[l][j]
        if out:
            delta_form = factor1.form * factor2.form
            delta_latex = rf"{_paren(factor1.form_latex, factor1.form)} \cdot {_paren(factor2.form_latex, form2)}"
        else:  # the seeds' order: f'(s_h) · w_o · δ_o
            delta_form = factor2.form * factor1.form
            delta_latex = rf"{_paren(factor2.form_latex, form2)} \cdot {_paren(factor1.form_latex, factor1.form)}"
        error_signal = delta * d3
        error_latex = lat(delta) if d3 == 1 else rf"{lat(delta)} \cdot {lat(d3)}"
        return ChainRule(self, theta, l, j, k, out, factors, product, delta, delta_form, error_signal,
                         product_latex, error_latex, delta_latex)

    # ------------------------------------------------------------ numbers
    def _values(self, net, x, z) -> dict:
        """Every symbol's value at one sample of ``net``, as sympy Floats.

        x, z, W, b come from the arguments; s and a from the local definitions
        layer by layer; δ from :meth:`delta` (sympy's ∂L/∂s).
        """
        self._check_network(net)
        x = _check_sample(x, self.layer_sizes[0], "x")
        z = _check_sample(z, self.layer_sizes[-1], "z")
        F = sp.Float
        vals = {sym: F(v) for sym, v in zip(self.x, x)}
        vals.update({sym: F(v) for sym, v in zip(self.z, z)})
        for l in range(self.n_layers):
            vals.update({sym: F(v) for sym, v in zip(self.W[l], net.weights[l].ravel())})
            vals.update({sym: F(v) for sym, v in zip(self.b[l], net.biases[l])})
        for l, f in enumerate(self.activations):
            for j in range(self.layer_sizes[l + 1]):
                s = F(_evaluate(self._s_local(l, j), vals))
                vals[self.s_symbols[l][j]] = s
                vals[self.a_symbols[l + 1][j]] = F(_evaluate(f.sympy(s), vals))
        for l in range(self.n_layers):
            for j, d in enumerate(self.delta(l)):
                vals[self.delta_symbols[l][j]] = F(_evaluate(d, vals))
        return vals

    def values(self, net, x, z) -> dict[sp.Symbol, float]:
        """Every symbol (x, z, W, b, s, a, δ) at one sample ``x``, target ``z`` of ``net``."""
        return {sym: float(v) for sym, v in self._values(net, x, z).items()}

    def evaluate(self, expr, net, x, z) -> float:
        """Any expression of this network's symbols at one sample of ``net``."""
        return _evaluate(expr, self._values(net, x, z))

    def deltas(self, net, x, z) -> list[np.ndarray]:
        """δ of every layer at one sample, from :meth:`delta` (not backprop)."""
        vals = self._values(net, x, z)
        return [np.array([float(vals[d]) for d in self.delta_symbols[l]]) for l in range(self.n_layers)]

    def _check_network(self, net) -> None:
        if list(net.layer_sizes) != self.layer_sizes or \
                list(net.activation_names) != [f.name for f in self.activations]:
            raise ValueError(f"net: {net!r} does not match {self!r}; build the symbolic network with "
                             f"SymbolicMLP.from_network(net)")


def _check_sizes(layer_sizes) -> list[int]:
    sizes = Notation(layer_sizes).layer_sizes       # checks: two or more positive whole numbers
    n_params = sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))
    if n_params > MAX_PARAMETERS:
        raise ValueError(f"layer_sizes: {sizes} has {n_params} weights and biases; symbolic derivation "
                         f"is for small networks (at most {MAX_PARAMETERS})")
    return sizes


def _check_sample(v, n: int, name: str) -> np.ndarray:
    arr = np.atleast_1d(check_array(v, name, ndim=(0, 1)))
    if arr.shape != (n,):
        raise ValueError(f"{name}: expected one sample of {n} numbers (shape ({n},)), got shape {arr.shape}")
    return arr


# ---------------------------------------------------- gradients, evaluated
@functools.lru_cache(maxsize=32)
def _symbolic_mlp(layer_sizes: tuple[int, ...], activations: tuple[str, ...],
                  naming: str = "matrix") -> SymbolicMLP:
    return SymbolicMLP(layer_sizes, list(activations), naming=naming)


def chain_rule(net, x, z, theta, naming: str = "seed", digits: int = 4) -> EvaluatedChainRule:
    """The chain rule for one parameter of ``net``, with the sample's numbers.

    A shortcut for ``SymbolicMLP.from_network(net, naming).derive(theta).at(net, x, z, digits)``
    (the symbolic network is cached per shape).

    Parameters
    ----------
    net : MLP
    x, z : array
        One input sample and its target.
    theta : str or sympy.Symbol
        The weight or bias by any of its names (:mod:`mlpviz.notation`), e.g.
        ``"wh[2][0]"`` or ``"wh_2_0"`` (hidden node 2, input 0), ``"W[0][2,0]"``,
        ``"wo[1]"``, ``"bo"``.
    naming : {"seed", "matrix"}
    digits : int, default 4

    Returns
    -------
    EvaluatedChainRule
        Displays as LaTeX in a notebook; ``.values`` holds the numbers.

    Examples
    --------
    >>> from mlpviz import MLP
    >>> net = MLP.from_weights([[[1.0, -1.0]], [[2.0]]], [[0.0], [0.5]], "sigmoid")
    >>> chain_rule(net, [0.5, 0.5], [1.0], "wo[0]").values.value < 0
    True
    """
    model = _symbolic_mlp(tuple(net.layer_sizes), tuple(net.activation_names), naming)
    return model.derive(theta).at(net, x, z, digits=digits)


@functools.lru_cache(maxsize=32)
def _gradient_function(layer_sizes: tuple[int, ...], activations: tuple[str, ...]) -> Callable:
    """lambdify of diff(L, θ) for every parameter θ; arguments x..., z..., θ...

    Weights and biases are symbols, so one derivation serves every network of
    this shape. No simplify: plain diff plus common-subexpression elimination.
    """
    model = _symbolic_mlp(layer_sizes, activations)
    derivatives = [_step_zero_at_zero(sp.diff(model.loss, p)) for p in model.parameters]
    args = list(model.x) + list(model.z) + model.parameters
    return sp.lambdify(args, derivatives, modules="numpy", cse=True)


def gradients(net, x, z) -> SymbolicGradients:
    """∂L/∂W and ∂L/∂b of ``net`` from the sympy-derived expressions.

    Parameters
    ----------
    net : MLP
    x : array, shape (n_inputs,) or (n_samples, n_inputs)
    z : array, shape (n_outputs,) or (n_samples, n_outputs)
        (a column of targets may be given as shape (n_samples,) for one output).

    Returns
    -------
    SymbolicGradients
        ``dW[l]``, ``db[l]`` in the engine's shapes; for a batch, the mean over
        samples (as :meth:`MLP.backward`).

    Notes
    -----
    The derivatives are derived once per (layer sizes, activations) and cached,
    so the first call for a shape is the slow one (see benchmarks/bench_symbolic.py).
    """
    sizes = tuple(net.layer_sizes)
    acts = tuple(net.activation_names)
    n_in, n_out = sizes[0], sizes[-1]
    x = check_array(x, "x")
    z = check_array(z, "z")
    if x.ndim not in (1, 2) or x.shape[-1] != n_in:
        raise ValueError(f"x: the network takes {n_in} inputs per sample; got shape {x.shape} "
                         f"(expected ({n_in},) or (n_samples, {n_in}))")
    batch = x.ndim == 2
    n = x.shape[0] if batch else 1
    if batch and z.ndim == 1 and n_out == 1 and z.shape == (n,):
        z = z[:, None]
    expected = (n, n_out) if batch else (n_out,)
    if z.shape != expected:
        raise ValueError(f"z: expected targets of shape {expected}, got {z.shape}")
    fn = _gradient_function(sizes, acts)
    thetas = np.concatenate([np.concatenate([W.ravel(), b]) for W, b in zip(net.weights, net.biases)])
    entries = fn(*(x.T if batch else x), *(z.T if batch else z), *thetas)
    values = np.array([np.mean(np.broadcast_to(e, (n,))) for e in entries])
    dW, db, i = [], [], 0
    for W, b in zip(net.weights, net.biases):
        dW.append(values[i:i + W.size].reshape(W.shape))
        i += W.size
        db.append(values[i:i + b.size].copy())
        i += b.size
    return SymbolicGradients(dW=dW, db=db)


# --------------------------------------------------------------- identities
@functools.lru_cache(maxsize=None)
def prove_identity(name: str) -> Identity:
    """Show a derivative identity of an activation by sympy simplification.

    * sigmoid: d/ds 1/(1 + e^(−s)) − σ(s)(1 − σ(s)) simplifies to 0;
    * tanh: from tanh's exponential definition, d/ds tanh(s) − (1 − tanh²(s)) simplifies to 0;
    * relu: d/ds max(0, s) is 1 for every s > 0 and 0 for every s < 0 (checked
      with a positive and a negative symbol; at s = 0 mlpviz uses 0);
    * linear: d/ds s = 1.

    Parameters
    ----------
    name : str
        sigmoid, tanh, relu or linear.

    Returns
    -------
    Identity
        ``holds`` is True when every difference is exactly 0.
    """
    act = get_activation(name, where="name")
    s = sp.Symbol("s")
    f = act.sympy(s)
    if act.name == "tanh":
        f = f.rewrite(sp.exp)  # (e^s − e^−s)/(e^s + e^−s): prove it, don't use sympy's tanh rule
    lhs = sp.diff(f, s)
    rhs = act.slope_sympy(s, f)
    if act.name == "relu":
        rhs = sp.Piecewise((1, s > 0), (0, True))
        p = sp.Symbol("p", positive=True)
        q = sp.Symbol("q", negative=True)
        cases = (("s > 0", sp.simplify((lhs - rhs).subs(s, p))),
                 ("s < 0", sp.simplify((lhs - rhs).subs(s, q))))
    else:
        cases = ((r"s \in \mathbb{R}", sp.simplify(lhs - rhs)),)
    return Identity(act.name, lhs, rhs, cases, act.derivative_latex)


# ------------------------------------------------------ the δ recursion
@dataclass(frozen=True, repr=False)
class DeltaRecursion:
    """The recursion δ^[l] = f'(s^[l]) ⊙ (W^[l+1])ᵀ δ^[l+1], checked layer by layer.

    Attributes
    ----------
    model : SymbolicMLP
        The network (matrix names, engine indices: ``W[l]`` maps ``a[l]`` to ``s[l]``).
    derived : tuple of sympy.Matrix
        For each hidden weight layer l, δ^[l] = ∂L/∂s^[l] as sympy differentiates
        the whole loss (:meth:`SymbolicMLP.delta`).
    recursion : tuple of sympy.Matrix
        For the same layers, f'(s^[l]) ⊙ (W^[l+1])ᵀ δ^[l+1] built from the
        derived δ of the layer above.
    differences : tuple of sympy.Matrix
        ``simplify(derived − recursion)``, entry by entry.
    """

    model: "SymbolicMLP"
    derived: tuple
    recursion: tuple
    differences: tuple

    @property
    def layers(self) -> list[int]:
        """The hidden weight layers checked (0 … L−2)."""
        return list(range(len(self.derived)))

    @property
    def holds(self) -> bool:
        """True when every difference is exactly 0."""
        return all(all(d == 0 for d in diff) for diff in self.differences)

    @property
    def latex(self) -> str:
        """The statement and the difference of each layer, as a LaTeX ``aligned`` block."""
        lines = [r"\delta^{[l]} &= f'(s^{[l]}) \odot (W^{[l+1]})^{\mathsf T}\, \delta^{[l+1]}"]
        for l, d in zip(self.layers, self.differences):
            lines.append(rf"\operatorname{{simplify}}\big(\tfrac{{\partial L}}{{\partial s^{{[{l}]}}}} - "
                         rf"f'(s^{{[{l}]}}) \odot (W^{{[{l + 1}]}})^{{\mathsf T}} \delta^{{[{l + 1}]}}\big) "
                         rf"&= {sp.latex(d.T)}^{{\mathsf T}}")
        return _aligned(lines)

    def _repr_latex_(self) -> str:
        return "$$" + self.latex + "$$"

    def __repr__(self) -> str:  # short and stable (a notebook stores it beside the LaTeX)
        return f"DeltaRecursion({self.model!r}, holds={self.holds})"


def _zero_or_simplified(expr: sp.Expr) -> sp.Expr:
    """``expand`` first (fast, and enough when both sides come from the same chain rule); ``simplify`` if not."""
    e = sp.expand(expr)
    return e if e == 0 else sp.simplify(e)


def delta_recursion(layer_sizes: Sequence[int] = (2, 2, 2, 1),
                    activation: str | Sequence[str] = "sigmoid") -> DeltaRecursion:
    """Derive every hidden δ by sympy and compare it with the backpropagation recursion.

    For each hidden weight layer l, sympy differentiates the loss
    L = ½ Σ (y − z)², written on top of the named sums s^[l], by s^[l]; the
    recursion f'(s^[l]) ⊙ (W^[l+1])ᵀ δ^[l+1] is built from the derived δ of
    the layer above with s^[l+1] = W^[l+1] f(s^[l]) + b^[l+1] written out.
    Their difference simplifies to 0 when the recursion holds (seed 002's
    "sum over the next layer", in matrix form).

    Parameters
    ----------
    layer_sizes : sequence of int, default (2, 2, 2, 1)
        At least three layers (one hidden layer or more).
    activation : str or sequence of str, default "sigmoid"
        sigmoid, tanh, relu or linear, one for all layers or one per weight layer.

    Returns
    -------
    DeltaRecursion

    Raises
    ------
    ValueError
        If there is no hidden layer, or an argument is invalid (see :class:`SymbolicMLP`).

    References
    ----------
    Rumelhart, Hinton & Williams (1986); Nielsen, *Neural Networks and Deep
    Learning*, ch. 2, equation (BP2).
    """
    model = SymbolicMLP(layer_sizes, activation, naming="matrix")
    if model.n_layers < 2:
        raise ValueError(f"layer_sizes: {list(layer_sizes)} has no hidden layer; the recursion links a "
                         f"hidden layer to the layer above it")
    derived, recursion, differences = [], [], []
    for l in range(model.n_layers - 1):
        f = model.activations[l].sympy
        s = model.s_symbols[l]
        above = model.s_symbols[l + 1]
        s_above = model.W[l + 1] * s.applyfunc(f) + model.b[l + 1]
        delta_above = model.delta(l + 1).subs(dict(zip(above, s_above)), simultaneous=True)
        fprime = s.applyfunc(lambda v: sp.diff(f(v), v))
        rhs = sp.matrix_multiply_elementwise(fprime, model.W[l + 1].T * delta_above)
        lhs = model.delta(l)
        derived.append(lhs)
        recursion.append(rhs)
        differences.append((lhs - rhs).applyfunc(_zero_or_simplified))
    return DeltaRecursion(model, tuple(derived), tuple(recursion), tuple(differences))


# ------------------------------------------------ the perceptron's gradient
@dataclass(frozen=True, repr=False)
class PerceptronGradient:
    """A sigmoid neuron's cost over n samples and its gradient, derived by sympy.

    ŷ_k = σ(z_k), z_k = Σ_j w_j x_kj + b, C = (1/n) Σ_k (y_k − ŷ_k)² (seed 004's cost).

    Attributes
    ----------
    X : sympy.Matrix, shape (n, m)
        Input symbols ``x_k_j`` (sample k, input j).
    y : sympy.Matrix, shape (n, 1)
        Target symbols.
    w : sympy.Matrix, shape (m, 1)
        Weight symbols; ``b`` the bias symbol.
    z : sympy.Matrix, shape (n, 1)
        The weighted sums of the samples.
    cost : sympy.Expr
        C written out in full.
    dw : tuple of sympy.Expr
        ``diff(C, w_j)`` for each j, as sympy derives it.
    db : sympy.Expr
        ``diff(C, b)``.
    chain_dw : tuple of sympy.Expr
        −(2/n) Σ_k (y_k − ŷ_k) σ(z_k)(1 − σ(z_k)) x_kj: the chain rule with its
        per-sample factors inside the sum.
    chain_db : sympy.Expr
        The same with x_kj replaced by the constant input 1.
    """

    X: sp.Matrix
    y: sp.Matrix
    w: sp.Matrix
    b: sp.Symbol
    z: sp.Matrix
    cost: sp.Expr
    dw: tuple
    db: sp.Expr
    chain_dw: tuple
    chain_db: sp.Expr

    @property
    def n(self) -> int:
        """Number of samples."""
        return self.X.shape[0]

    @property
    def holds(self) -> bool:
        """True when sympy's derivatives and the chain-rule sums are identical (difference 0)."""
        return all(d == 0 for d in self.differences)

    @property
    def differences(self) -> tuple:
        """sympy's derivative minus the chain-rule sum, for each w_j and then b.

        Each e^(−z_k) is named by a positive symbol first, so every difference is a
        rational function that ``cancel`` brings to 0 exactly (``simplify`` on the
        exponentials takes minutes).
        """
        names = {sp.exp(-self.z[k]): sp.Symbol(f"e_{k + 1}", positive=True) for k in range(self.n)}
        pairs = list(zip(self.dw, self.chain_dw)) + [(self.db, self.chain_db)]
        return tuple(sp.cancel(sp.together((d - c).subs(names))) for d, c in pairs)

    def __repr__(self) -> str:
        return f"PerceptronGradient(n_samples={self.n}, n_inputs={self.w.shape[0]})"

    def evaluate(self, expr, X, y, w, b: float) -> float:
        """``expr`` at numbers: inputs ``X`` (n, m), targets ``y`` (n,), weights ``w`` (m,), bias ``b``."""
        X = check_array(X, "X", ndim=2)
        values = {self.b: float(b)}
        values.update(zip(self.X, np.asarray(X, dtype=float).ravel()))
        values.update(zip(self.y, np.asarray(y, dtype=float).ravel()))
        values.update(zip(self.w, np.asarray(w, dtype=float).ravel()))
        return float(sp.N(expr.subs(values)))


def perceptron_gradient(n_samples: int = 3, n_inputs: int = 2) -> PerceptronGradient:
    """Seed 004's single sigmoid neuron: C and ∂C/∂w, ∂C/∂b derived by sympy.

    Parameters
    ----------
    n_samples : int, default 3
        n, the samples the cost averages over (1 … 8).
    n_inputs : int, default 2
        m, the inputs of the neuron (1 … 8).

    Returns
    -------
    PerceptronGradient
        ``holds`` says whether sympy's derivative equals the chain-rule sum.

    Raises
    ------
    ValueError
        If ``n_samples`` or ``n_inputs`` is not a whole number in 1 … 8.
    """
    n = check_count(n_samples, "n_samples", low=1, high=8)
    m = check_count(n_inputs, "n_inputs", low=1, high=8)
    X = sp.Matrix(n, m, lambda k, j: sp.Symbol(f"x_{k + 1}_{j + 1}"))
    y = sp.Matrix([sp.Symbol(f"y_{k + 1}") for k in range(n)])
    w = sp.Matrix([sp.Symbol(f"w_{j + 1}") for j in range(m)])
    b = sp.Symbol("b")
    sigma = get_activation("sigmoid").sympy
    z = X * w + sp.ones(n, 1) * b
    yhat = z.applyfunc(sigma)
    cost = sp.Rational(1, n) * sum((y[k] - yhat[k]) ** 2 for k in range(n))
    dw = tuple(sp.diff(cost, w[j]) for j in range(m))
    db = sp.diff(cost, b)

    def chain(x_of_k):
        return -sp.Rational(2, n) * sum((y[k] - yhat[k]) * yhat[k] * (1 - yhat[k]) * x_of_k(k) for k in range(n))

    chain_dw = tuple(chain(lambda k, j=j: X[k, j]) for j in range(m))
    return PerceptronGradient(X, y, w, b, z, cost, dw, db, chain_dw, chain(lambda k: 1))


# ------------------------------------------------- the output δ of a cross-entropy
@dataclass(frozen=True, eq=False)
class OutputDelta:
    """∂L/∂s of an output layer derived by sympy, against the claim δ = y − z.

    Attributes
    ----------
    loss : str
        ``"binary_cross_entropy"`` (sigmoid output) or ``"cross_entropy"`` (softmax output).
    L : sympy.Expr
        The loss of one sample as a function of the weighted sums s.
    derivative : sympy.Expr
        ``diff(L, s_1)`` as sympy derives it (for the softmax, with the
        targets summing to 1).
    claim : sympy.Expr
        ``y_1 − z_1`` written in s.
    difference : sympy.Expr
        ``simplify(derivative − claim)``: 0 when the claim holds.
    """

    loss: str
    L: sp.Expr
    derivative: sp.Expr
    claim: sp.Expr
    difference: sp.Expr

    @property
    def holds(self) -> bool:
        """True when the difference simplifies to exactly 0."""
        return self.difference == 0

    @property
    def latex(self) -> str:
        """The derivation as a LaTeX ``aligned`` block."""
        return _aligned([rf"L &= {sp.latex(self.L)}",
                         rf"\frac{{\partial L}}{{\partial s_1}} &= {sp.latex(self.derivative)}",
                         rf"y_1 - z_1 &= {sp.latex(self.claim)}",
                         rf"\operatorname{{simplify}}(\text{{difference}}) &= {sp.latex(self.difference)}"])

    def _repr_latex_(self) -> str:
        return "$$" + self.latex + "$$"


@functools.lru_cache(maxsize=None)
def output_delta(loss: str = "binary_cross_entropy", n_classes: int = 3) -> OutputDelta:
    """Derive ∂L/∂s of the output layer by sympy and compare it with y − z.

    * binary cross-entropy with a sigmoid output, one output:
      L = −[z log σ(s) + (1 − z) log(1 − σ(s))];
    * cross-entropy with a softmax over ``n_classes`` sums:
      L = −Σ_k z_k log softmax(s)_k, with z_K = 1 − Σ_{k<K} z_k (targets sum to 1),
      differentiated by s_1 (every s_k is the same by symmetry).

    In both the slope f'(s) of the output activation cancels against ∂L/∂y,
    leaving δ = ∂L/∂s = y − z (Bishop 2006, §4.3.2 and §4.3.4).

    Parameters
    ----------
    loss : {"binary_cross_entropy", "cross_entropy"}
    n_classes : int, default 3
        Classes of the softmax (2 to 6); ignored for the binary cross-entropy.

    Returns
    -------
    OutputDelta
        ``holds`` is True when sympy simplifies the difference to 0.

    Raises
    ------
    ValueError
        If ``loss`` is not one of the two or ``n_classes`` is out of range.
    """
    from .validation import check_choice, check_count

    loss = check_choice(loss, "loss", ("binary_cross_entropy", "cross_entropy"))
    if loss == "binary_cross_entropy":
        s, z = sp.symbols("s_1 z_1", real=True)
        y = 1 / (1 + sp.exp(-s))
        L = -(z * sp.log(y) + (1 - z) * sp.log(1 - y))
        derivative = sp.diff(L, s)
        claim = y - z
    else:
        n = check_count(n_classes, "n_classes", low=2, high=6)
        s = sp.symbols(f"s_1:{n + 1}", real=True)
        z = list(sp.symbols(f"z_1:{n}", real=True))
        z.append(1 - sum(z))
        total = sum(sp.exp(v) for v in s)
        L = -sum(zk * sp.log(sp.exp(sk) / total) for zk, sk in zip(z, s))
        derivative = sp.diff(L, s[0])
        claim = sp.exp(s[0]) / total - z[0]
    difference = sp.simplify(derivative - claim)
    return OutputDelta(loss, L, derivative, claim, difference)


# --------------------------------------------------- gradient of f(x, y)
@dataclass(frozen=True, eq=False)
class Gradient2D:
    """A function f of a few variables, its gradient, and numeric versions of both.

    Attributes
    ----------
    text : str
        What was typed.
    expr : sympy.Expr
        f.
    variables : tuple of sympy.Symbol
    grad : tuple of sympy.Expr
        ∂f/∂v for each variable v.
    """

    text: str
    expr: sp.Expr
    variables: tuple[sp.Symbol, ...]
    grad: tuple[sp.Expr, ...]

    @functools.cached_property
    def _f(self):
        return sp.lambdify(self.variables, self.expr, modules="numpy")

    @functools.cached_property
    def _df(self):
        return sp.lambdify(self.variables, list(self.grad), modules="numpy")

    def value(self, *point):
        """f at a point (numbers or arrays, one per variable)."""
        return self._f(*point)

    def numeric(self, *point) -> np.ndarray:
        """∇f at a point: an array of shape (n_variables, ...) (broadcast over arrays)."""
        parts = [np.asarray(g, dtype=float) for g in self._df(*point)]
        return np.array(np.broadcast_arrays(*parts))

    @property
    def latex(self) -> str:
        """f and its gradient as a LaTeX ``aligned`` block."""
        lines = [rf"f &= {sp.latex(self.expr)}"]
        for v, g in zip(self.variables, self.grad):
            lines.append(rf"\frac{{\partial f}}{{\partial {sp.latex(v)}}} &= {sp.latex(g)}")
        comps = ", ".join(sp.latex(g) for g in self.grad)
        lines.append(rf"\nabla f &= \left({comps}\right)")
        return _aligned(lines)

    def _repr_latex_(self) -> str:
        return "$$" + self.latex + "$$"

    def __repr__(self) -> str:
        return f"Gradient2D(f = {self.expr}, grad = {self.grad})"


def gradient_2d(expr_text: str = "x^2 + y^2", variables: Sequence[str] = ("x", "y")) -> Gradient2D:
    """The gradient of a function typed as text, derived by sympy.

    The text is read by :func:`mlpviz.formula.parse_formula`, never run as
    Python: numbers, the variables, ``sin cos exp log sqrt tanh abs``, ``pi``,
    ``E``, ``+ - * / ^ **`` and parentheses; ``2x`` means ``2*x``. Its limits
    (200 characters, 30 levels of nesting, numbers within ±1e300, exact
    fractions of at most 1000 digits, roots up to the 1000th, real parts
    only, 1 s of sympy's time) refuse explosive text such as ``2^(10^10)``
    at once. Then f and its gradient are evaluated on
    the box [-5, 5] for each variable (:func:`mlpviz.formula.check_overflow`):
    a function that overflows a float there (``x^1000``) is refused too.

    Parameters
    ----------
    expr_text : str, default "x^2 + y^2"
        The function, e.g. ``"x^2 + y^2"`` (the seeds' example).
    variables : sequence of str, default ("x", "y")

    Returns
    -------
    Gradient2D

    Raises
    ------
    ValueError
        Naming the offending character, name or piece of text, its column and
        the limit it breaks.

    Examples
    --------
    >>> gradient_2d("x^2 + y^2").grad
    (2*x, 2*y)
    """
    from .formula import check_overflow, formula_symbols, parse_formula

    symbols = formula_symbols(variables)
    expr = parse_formula(expr_text, variables)
    check_overflow(expr, symbols)
    grad = tuple(sp.diff(expr, v) for v in symbols)
    return Gradient2D(expr_text, expr, symbols, grad)
