"""The names of every quantity of a network: one index scheme, seen in several views.

The index scheme
----------------
Layer 0 is the input. Weight layer ``l`` carries node layer ``l`` into node
layer ``l + 1``: ``W[l]`` has one row per neuron ``j`` of layer ``l + 1`` and
one column per neuron (or input) ``k`` of layer ``l``, so ``W[l][j, k]`` is the
weight from ``k`` into ``j``. The forward pass is ``s[l] = W[l] a[l] + b[l]``,
``a[l + 1] = f(s[l])``, ``a[0] = x``; backpropagation gives ``delta[l] = ∂L/∂s[l]``.

The views
---------
Every quantity has one :class:`Name` with these views of the same indices
(``l, j, k`` as above; the seed names exist for networks with at most one
hidden layer, as the seeds' 2-3-1 network):

================  ===============  ======================  ==========================  =====================
quantity          code             seed name               LaTeX, seed style           LaTeX, matrix style
================  ===============  ======================  ==========================  =====================
input ``k``       ``x[k]``         ``x[k]``                ``x_{[k]}``                 ``x_{k}``
weight            ``W[l][j,k]``    ``wh[j][k]``, ``wo[k]`` ``w_{h[j][k]}``, ``w_{o[k]}``  ``W^{[l]}_{jk}``
bias              ``b[l][j]``      ``bh[j]``, ``bo``       ``b_{h[j]}``, ``b_{o}``     ``b^{[l]}_{j}``
weighted sum      ``s[l][j]``      ``sh[j]``, ``so``       ``s_{h[j]}``, ``s_{o}``     ``s^{[l]}_{j}``
activation        ``a[l+1][j]``    ``ah[j]``, ``yo``       ``a_{h[j]}``, ``y_{o}``     ``a^{[l+1]}_{j}``
error signal      ``delta[l][j]``  ``δh[j]``, ``δo``       ``\\delta_{h[j]}``, ``\\delta_{o}``  ``\\delta^{[l]}_{j}``
target ``j``      ``z[j]``         ``z``                   ``z``                       ``z_{j}``
gradient          ``dW[l][j,k]``   ``∂L/∂wh[j][k]``        ``\\frac{\\partial L}{\\partial w_{h[j][k]}}``
================  ===============  ======================  ==========================  =====================

The seed names are the cheat sheets' (seed 001): ``wh[node][input]``,
``bh[node]``, ``wo[hidden node]``, ``bo``, ``ah[node]``, and in formulas
``x_{[0]}``, ``w_{h[0][1]}``, ``s_{o}``, ``y_{o}``, ``\\delta_{h[1]}``. With
several outputs the output names take the output's index first:
``wo[j][k]``, ``bo[j]``, ``yo[j]``, ``z[j]``. A network without a hidden layer
uses the output names.

A quantity's sympy symbol (:mod:`mlpviz.symbolic`) is its seed name (seed
style, where there is one) or its code name with each ``[i]`` written ``_i``
and δ written ``delta``: ``wh_2_1``, ``deltao``, ``W_1_0_2``.

On the network diagram (:mod:`mlpviz.plots`) a node is named by its layer:
``x0, x1`` (inputs), ``h0, h1, h2`` (hidden; ``h1_0`` with several hidden
layers, the first number the hidden layer), ``y`` (``y0, y1`` with several
outputs): :func:`node_names`.

Everything that shows a name — :mod:`mlpviz.explain`, :mod:`mlpviz.symbolic`,
the tables, the plots, the widgets, the errata — takes it from here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from .validation import check_choice, check_count, check_index, describe

__all__ = ["Name", "Notation", "parameter_names", "node_names", "node_label", "STYLES"]

#: The two LaTeX styles: the seeds' names where a network has them, or matrix names throughout.
STYLES = ("seed", "matrix")


@dataclass(frozen=True)
class Name:
    """One quantity's name in every view (see the module docstring).

    Attributes
    ----------
    code : str
        Where the engine keeps it: ``"W[0][2,1]"`` is ``net.weights[0][2, 1]``.
    seed : str
        The seeds' name, ``"wh[2][1]"``; ``""`` where the seeds have none
        (networks with more than one hidden layer).
    latex : str
        LaTeX in the :class:`Notation`'s style: ``"w_{h[2][1]}"`` (seed style,
        where there is a seed name) or ``"W^{[0]}_{21}"``.
    matrix : str
        LaTeX in the matrix style, whatever the Notation's style.
    symbol : str
        The sympy symbol's name, a Python identifier: ``"wh_2_1"`` or ``"W_0_2_1"``.
    """

    code: str
    seed: str
    latex: str
    matrix: str
    symbol: str

    @property
    def text(self) -> str:
        """The name for tables and prose: the seed name where there is one, else the code name."""
        return self.seed or self.code

    def __str__(self) -> str:
        """The LaTeX, so that a Name drops into a formula."""
        return self.latex


def _identifier(text: str) -> str:
    """``"wh[2][1]"`` → ``"wh_2_1"``, ``"W[0][2,1]"`` → ``"W_0_2_1"``, ``"δo"`` → ``"deltao"``."""
    return re.sub(r"[\[\],\s]+", "_", text.replace("δ", "delta")).strip("_")


def _check_sizes(layer_sizes) -> list[int]:
    if isinstance(layer_sizes, (str, bytes)) or not isinstance(layer_sizes, Iterable):
        raise ValueError(f"layer_sizes: expected at least two positive whole numbers, got {describe(layer_sizes)}")
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes: expected at least two positive whole numbers, got {describe(layer_sizes)}")
    return [check_count(n, f"layer_sizes[{i}]") for i, n in enumerate(sizes)]


class Notation:
    """The names of a network's quantities, indexed as the engine indexes them.

    Parameters
    ----------
    layer_sizes : sequence of int
        The network's layer sizes, input first (``net.layer_sizes``).
    style : {"seed", "matrix"}, default "seed"
        Which names :attr:`Name.latex` and :attr:`Name.symbol` use: the seeds'
        where the network has them (at most one hidden layer), else the matrix
        names; or the matrix names throughout.

    Raises
    ------
    ValueError
        If ``layer_sizes`` is not two or more positive whole numbers, or
        ``style`` is not one of :data:`STYLES`.

    Examples
    --------
    >>> names = Notation([2, 3, 1])
    >>> w = names.w(0, 2, 1)
    >>> w.code, w.seed, w.latex, w.matrix, w.symbol
    ('W[0][2,1]', 'wh[2][1]', 'w_{h[2][1]}', 'W^{[0]}_{21}', 'wh_2_1')
    >>> names.a(2, 0).seed, names.delta(0, 1).latex
    ('yo', '\\\\delta_{h[1]}')
    """

    def __init__(self, layer_sizes: Sequence[int], style: str = "seed"):
        self.layer_sizes = _check_sizes(layer_sizes)
        self.style = check_choice(style, "style", STYLES)
        self.n_layers = len(self.layer_sizes) - 1
        #: Whether the seeds have names for this network (at most one hidden layer).
        self.has_seed_names = self.n_layers <= 2
        self.one_output = self.layer_sizes[-1] == 1

    def __repr__(self) -> str:
        return f"Notation({self.layer_sizes}, style={self.style!r})"

    # ------------------------------------------------------------------ building blocks
    def _name(self, code: str, seed: str, seed_latex: str, matrix: str) -> Name:
        use_seed = self.style == "seed" and bool(seed)
        return Name(code, seed, seed_latex if use_seed else matrix, matrix,
                    _identifier(seed if use_seed else code))

    def _seed(self, l: int, letter: str, j: int, k: int | None = None) -> tuple[str, str]:
        """(text, LaTeX) of a seed name in weight layer ``l``: ``wh[j][k]``/``w_{h[j][k]}``, ``bo``/``b_{o}``."""
        if not self.has_seed_names:
            return "", ""
        if l < self.n_layers - 1:                                   # the hidden layer
            index = f"[{j}]" + ("" if k is None else f"[{k}]")
            part = "h"
        else:                                                       # the output layer
            index = ("" if self.one_output else f"[{j}]") + ("" if k is None else f"[{k}]")
            part = "o"
        greek = {"δ": r"\delta"}.get(letter, letter)
        return f"{letter}{part}{index}", f"{greek}_{{{part}{index}}}"

    def _check(self, l: int, j: int, k: int | None = None, node_layer: bool = False) -> None:
        if node_layer:
            check_index(l, "l", self.n_layers + 1, what="a node layer")
            check_index(j, "j", self.layer_sizes[l], what=f"a node of layer {l}")
            return
        check_index(l, "l", self.n_layers, what="a weight layer")
        check_index(j, "j", self.layer_sizes[l + 1], what=f"a node of layer {l + 1}")
        if k is not None:
            check_index(k, "k", self.layer_sizes[l], what=f"a node of layer {l}")

    def _sub(self, j: int, k: int) -> str:
        """Matrix-style subscript ``jk`` (``j,k`` once an index may have two digits)."""
        return f"{j}{k}" if max(self.layer_sizes) <= 10 else f"{j},{k}"

    # ------------------------------------------------------------------ the quantities
    def x(self, k: int) -> Name:
        """Input ``k`` (``a[0][k]``)."""
        check_index(k, "k", self.layer_sizes[0], what="an input")
        return self._name(f"x[{k}]", f"x[{k}]" if self.has_seed_names else "", f"x_{{[{k}]}}", f"x_{{{k}}}")

    def z(self, j: int) -> Name:
        """The target of output ``j``."""
        check_index(j, "j", self.layer_sizes[-1], what="an output")
        seed = "z" if self.one_output else f"z[{j}]"
        seed_latex = "z" if self.one_output else f"z_{{[{j}]}}"
        return self._name(f"z[{j}]", seed if self.has_seed_names else "", seed_latex, f"z_{{{j}}}")

    def w(self, l: int, j: int, k: int) -> Name:
        """The weight from ``k`` into neuron ``j`` of weight layer ``l`` (``W[l][j, k]``)."""
        self._check(l, j, k)
        return self._name(f"W[{l}][{j},{k}]", *self._seed(l, "w", j, k), f"W^{{[{l}]}}_{{{self._sub(j, k)}}}")

    def b(self, l: int, j: int) -> Name:
        """The bias of neuron ``j`` of weight layer ``l`` (``b[l][j]``)."""
        self._check(l, j)
        return self._name(f"b[{l}][{j}]", *self._seed(l, "b", j), f"b^{{[{l}]}}_{{{j}}}")

    def s(self, l: int, j: int) -> Name:
        """The weighted sum of neuron ``j`` of weight layer ``l`` (``s[l][j]``)."""
        self._check(l, j)
        return self._name(f"s[{l}][{j}]", *self._seed(l, "s", j), f"s^{{[{l}]}}_{{{j}}}")

    def a(self, l: int, j: int) -> Name:
        """The value of node ``j`` of node layer ``l`` (``a[l][j]``): an input for ``l = 0``, the output for the last."""
        self._check(l, j, node_layer=True)
        if l == 0:
            return self.x(j)
        letter = "y" if l == self.n_layers else "a"             # the seeds call the output y
        return self._name(f"a[{l}][{j}]", *self._seed(l - 1, letter, j), f"a^{{[{l}]}}_{{{j}}}")

    def delta(self, l: int, j: int) -> Name:
        """The error signal ∂L/∂s of neuron ``j`` of weight layer ``l`` (``delta[l][j]``)."""
        self._check(l, j)
        return self._name(f"delta[{l}][{j}]", *self._seed(l, "δ", j), rf"\delta^{{[{l}]}}_{{{j}}}")

    def weights(self, l: int) -> Name:
        """The weight matrix of weight layer ``l`` (``W[l]``, shape (n_{l+1}, n_l)); the seeds have no name for it."""
        check_index(l, "l", self.n_layers, what="a weight layer")
        return Name(f"W[{l}]", "", f"W^{{[{l}]}}", f"W^{{[{l}]}}", f"W_{l}")

    def biases(self, l: int) -> Name:
        """The bias vector of weight layer ``l`` (``b[l]``)."""
        check_index(l, "l", self.n_layers, what="a weight layer")
        return Name(f"b[{l}]", "", f"b^{{[{l}]}}", f"b^{{[{l}]}}", f"b_{l}")

    def grad(self, name: Name) -> Name:
        """∂L/∂θ of a weight or bias ``name`` (``dW[l][j,k]``, ``db[l][j]`` in the engine's Gradients)."""
        def partial(latex: str) -> str:
            return rf"\frac{{\partial L}}{{\partial {latex}}}"

        return Name("d" + name.code, "∂L/∂" + name.seed if name.seed else "", partial(name.latex),
                    partial(name.matrix), "dL_d" + name.symbol)

    def parameters(self) -> list[Name]:
        """Every weight and bias in the engine's order: each ``W[l]`` row by row, then ``b[l]``, layer 0 first."""
        names = []
        for l in range(self.n_layers):
            names += [self.w(l, j, k) for j in range(self.layer_sizes[l + 1]) for k in range(self.layer_sizes[l])]
            names += [self.b(l, j) for j in range(self.layer_sizes[l + 1])]
        return names

    def table(self):
        """One example of each quantity in every view, as a :class:`~mlpviz.format.Table`.

        The LaTeX columns are written between ``$`` signs, so Jupyter typesets them.
        """
        from .format import Table

        L = self.n_layers
        last = self.layer_sizes[-1] - 1
        examples = [("input", self.x(self.layer_sizes[0] - 1))]
        if L > 1:
            j, k = self.layer_sizes[1] - 1, self.layer_sizes[0] - 1
            hidden = self.w(0, j, k)
            examples += [("hidden weight", hidden), ("hidden bias", self.b(0, j)),
                         ("hidden weighted sum", self.s(0, j)), ("hidden activation", self.a(1, j)),
                         ("hidden error signal", self.delta(0, j)),
                         ("gradient of a hidden weight", self.grad(hidden))]
        k = self.layer_sizes[-2] - 1
        examples += [("output weight", self.w(L - 1, last, k)), ("output bias", self.b(L - 1, last)),
                     ("output weighted sum", self.s(L - 1, last)), ("output (prediction)", self.a(L, last)),
                     ("output error signal", self.delta(L - 1, last)), ("target", self.z(last))]
        rows = [[what, n.code, n.seed or "—", f"${n.latex}$", f"${n.matrix}$"] for what, n in examples]
        return Table(rows, ["quantity", "code", "seed name", "LaTeX", "matrix LaTeX"], 0,
                     f"the names of a {'-'.join(map(str, self.layer_sizes))} network")


def parameter_names(layer_sizes: Sequence[int]) -> list[tuple[str, str]]:
    """``(code name, seed name)`` of every weight and bias, in the order of the engine.

    The seeds name the parameters of a network with one hidden layer
    ``wh[node][input]``, ``bh[node]``, ``wo[hidden node]`` and ``bo`` (one
    output; with several outputs ``wo[output][hidden node]`` and ``bo[output]``).
    Deeper networks have only the code names ``W[l][j,k]`` and ``b[l][j]``;
    their seed name is ``""``.

    Examples
    --------
    >>> parameter_names([2, 3, 1])[:2]
    [('W[0][0,0]', 'wh[0][0]'), ('W[0][0,1]', 'wh[0][1]')]
    """
    return [(n.code, n.seed) for n in Notation(layer_sizes).parameters()]


# ------------------------------------------------------------------------------ the diagram
def node_names(layer_sizes: Iterable[int]) -> list[list[str]]:
    """The diagram's node names per layer: ``x0..``, ``h0..`` (``h1_0..`` with several hidden layers), ``y``/``y0..``.

    >>> node_names([2, 3, 1])
    [['x0', 'x1'], ['h0', 'h1', 'h2'], ['y']]
    """
    sizes = _check_sizes(layer_sizes)
    names = [[f"x{i}" for i in range(sizes[0])]]
    hidden = sizes[1:-1]
    for h, n in enumerate(hidden, start=1):
        prefix = "h" if len(hidden) == 1 else f"h{h}_"
        names.append([f"{prefix}{j}" for j in range(n)])
    names.append(["y"] if sizes[-1] == 1 else [f"y{j}" for j in range(sizes[-1])])
    return names


def node_label(name: str) -> str:
    """A node name as matplotlib mathtext: ``x0`` → ``$x_{0}$``, ``h1_2`` → ``$h^{(1)}_{2}$``, ``y`` → ``$y$``."""
    letter, rest = name[0], name[1:]
    if "_" in rest:
        layer, j = rest.split("_", 1)
        return rf"${letter}^{{({layer})}}_{{{j}}}$"
    return f"${letter}_{{{rest}}}$" if rest else f"${letter}$"
