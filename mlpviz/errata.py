"""Where the seeds' worked examples print a number or formula the math does not give.

The cheat sheets that mlpviz teaches from (seeds 000 and 001) walk a 2-3-1
network through one training step by hand; seed 002 writes the matrix form and
the backpropagation recursion, seed 003 works a 3-2-2-1 ReLU network for a
house price, seed 004 a single sigmoid neuron. Most of their numbers are right;
some are slips (a wrong digit, a sign, a value from an earlier draft), some
are rounding (truncated instead of rounded, or rounded values carried into
the next line), some are carried (right arithmetic on an earlier wrong
number), a few are typos in an otherwise right line, and some formulas are
wrong (checked by sympy). A few claims a reader may doubt are listed as
confirmed, so that the table says they were checked.

Each :class:`Erratum` keeps what the seed *printed* (as text, exactly as
printed: that is what it documents) next to a zero-argument callable that
computes the *correct* value with mlpviz itself — nothing correct is stored
as a constant. ``errata_table()`` gives display rows for a notebook.

Examples
--------
>>> rows = errata_table()
>>> [r["printed"] for r in rows if r["where"].endswith("wo[1] after one update, sigmoid")]
['-0.99938']
"""
from __future__ import annotations

import re

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from . import examples as _examples
from .batches import iterations_per_epoch
from .format import Table, cell
from .notation import Notation
from .scaling import MinMaxScaler
from .validation import check_choice, check_count

__all__ = ["Erratum", "errata", "errata_table", "errata_notes", "errata_overview", "KINDS", "SEEDS"]

#: The kinds of erratum: a wrong number, a rounding slip, a typo in a line whose
#: result is right, text that contradicts the rest of the seed, a number whose own
#: arithmetic is right but starts from an earlier wrong one, a wrong formula
#: (sympy), and a claim checked and found right.
KINDS = ("slip", "rounding", "typo", "text", "carried", "formula", "confirmed")
#: The seeds with rows in :func:`errata`.
SEEDS = ("000", "001", "002", "003", "004")


@dataclass(frozen=True)
class Erratum:
    """One place where a seed's printed number or text disagrees with the math.

    Attributes
    ----------
    seed : str
        The seed file's id, e.g. ``"001"``.
    section : str
        Where in the seed (its heading).
    quantity : str
        What is printed there, e.g. ``"wo[1] after one update, sigmoid"`` (names from :mod:`mlpviz.notation`).
    printed : str
        The seed's printed value or text, verbatim.
    correct : callable
        ``correct()`` computes the right value with mlpviz (a float, a tuple
        of floats, an int or an array), or, for a formula, returns the right
        formula as text after sympy has checked it.
    why : str
        How the slip most likely happened.
    kind : str
        One of :data:`KINDS`.
    """

    seed: str
    section: str
    quantity: str
    printed: str
    correct: Callable[[], Any]
    why: str
    kind: str = "slip"

    def value(self) -> Any:
        """The correct value, computed now."""
        return self.correct()

    @property
    def printed_number(self) -> float | None:
        """The printed value as a float, or None if it is not a single number."""
        try:
            return float(self.printed)
        except ValueError:
            return None

    @property
    def printed_decimals(self) -> int | None:
        """How many decimals the seed printed (None if not a single number)."""
        if self.printed_number is None:
            return None
        text = self.printed.strip()
        return len(text.split(".", 1)[1]) if "." in text else 0


# ---------------------------------------------------------------- the engine's values
def _forward(activation: str, x=None):
    net = _examples.seed_network(activation)
    return net.forward(_examples.SEED_X_001 if x is None else x)


def _seed_step(activation: str = "sigmoid"):
    """The engine's record of seed 001's one step (inputs (0.5, 0.5), target 0.91, η = 0.1)."""
    net = _examples.seed_network(activation)
    return net.preview_step(_examples.SEED_X_001, _examples.SEED_TARGET, _examples.SEED_LR)


def _grads(activation: str):
    return _seed_step(activation).grads


def _after_one_update(activation: str = "sigmoid"):
    return _seed_step(activation).net_after


def _scaled(feature_range, row: int, col: int) -> float:
    return float(MinMaxScaler(feature_range).fit_transform(_examples.SEED_DATASET)[row, col])


def _descent(steps: int = 12):
    from .descent import gradient_descent  # only numpy; imported here to keep the package import light

    return gradient_descent("bowl", start=_examples.SEED_DESCENT_START, lr=_examples.SEED_DESCENT_LR,
                            steps=steps)


def _descent_value(column: str, k: int) -> float:
    """A cell of seed 001's descent table, row k (k = 0 starts at (3, 4)).

    Its last column is f at the *new* point, f(x_new, y_new).
    """
    path = _descent()
    if column == "f(x_new, y_new)":
        return float(path.f_points[k + 1])
    return float({"x": path.x, "y": path.y, "∇f(x)": path.grad[:, 0], "∇f(y)": path.grad[:, 1],
                  "x_new": path.x_new, "y_new": path.y_new}[column][k])


def _dataset_min_max() -> tuple[tuple[float, float], ...]:
    """(min, max) of each column (i0, i1, z0) of the dataset the seeds normalize."""
    sc = MinMaxScaler().fit(_examples.SEED_DATASET)
    return tuple((float(lo), float(hi)) for lo, hi in zip(sc.data_min_, sc.data_max_))


# ------------------------------------------------------------------------ the list
_N01 = "Step 2 - normalization, min-max scaling [0, 1]"
_N11 = "Step 2 - normalization, min-max scaling [-1, 1]"
_DESC = ("The gradient descent formula - let's test using some numbers: the table of "
         "f(x, y) = x^2 + y^2 from (3, 4), η = 0.1 (rows counted from 0)")
_TRUNC = "truncated instead of rounded"
_N = Notation([2, 3, 1])   # the seeds' 2-3-1 network: the quantities below are named by mlpviz.notation


def errata() -> list[Erratum]:
    """Every known place where the seeds print a number, text or formula the math does not give.

    Returns
    -------
    list of Erratum
        In the order they appear in the seeds (000 first); seeds 002–004 also
        list a few claims checked and found right (kind ``"confirmed"``).
    """
    E = Erratum
    out = [
        # ----------------------------------------------------------------- seed 000
        E("000", "The training dataset", "dataset rows (i0, i1, z0)",
          "70,100,90 / 50,85,80 / 65,70,80 / 30,95,70",
          _dataset_min_max,
          "The first table is an early draft. Step 2 normalizes a different table "
          "(70,98,91 / 50,85,82 / 65,67,80 / 25,95,68, the dataset of seed 001) and quotes its "
          "min/max (i0 25..70, i1 67..98); the first table's would be 30..70 and 70..100. "
          "The correct value shown is (min, max) of each column of the dataset actually used.",
          kind="text"),
        E("000", "MLP architecture used for this example", "number of output values",
          "Two output values yo[0], yo[1]",
          lambda: _examples.seed_network().layer_sizes[-1],
          "The 2-3-1 network has one output node, so one output value yo[0].", kind="text"),
        E("000", "Step 1 - initialization", "hidden node 1 weights",
          "hiddenWeight {-0.5. .5}",
          lambda: tuple(float(v) for v in _examples.seed_network().weights[0][1]),
          "A stray period: the two weights are -0.5 and 0.5 (as the forward pass uses).", kind="typo"),
        E("000", _N01, "i0=50 scaled to [0, 1]", "0.5555",
          lambda: _scaled((0, 1), 1, 0), f"25/45 = 0.55555…, {_TRUNC} (0.5556).", kind="rounding"),
        E("000", _N01, "i0=65 scaled to [0, 1]", "0.8888",
          lambda: _scaled((0, 1), 2, 0), f"40/45 = 0.88888…, {_TRUNC} (0.8889); the same in the "
          "worked formula above the table.", kind="rounding"),
        E("000", _N11, "i0=50 scaled to [-1, 1]", "-0.1111",
          lambda: _scaled((-1, 1), 1, 0),
          "Wrong sign: 50 is above the middle of 25..70, so 0.5556·2 − 1 = +0.1111.", kind="slip"),
        E("000", _N11, "i0=65 scaled to [-1, 1]", "0.7777",
          lambda: _scaled((-1, 1), 2, 0), f"0.88889·2 − 1 = 0.77777…, {_TRUNC} (0.7778).",
          kind="rounding"),
        E("000", _N11, "i1=95 scaled to [-1, 1]", "0.8064",
          lambda: _scaled((-1, 1), 3, 1), f"0.903226·2 − 1 = 0.806452, {_TRUNC} (0.8065).",
          kind="rounding"),
        E("000", "Step 5 - an explanation of the gradient descent algorithm", "point after two steps",
          "Hence, the new point would be (2.4, 3.2)",
          lambda: tuple(float(v) for v in _descent(2).points[2]),
          "The sentence repeats the point after the first step; the second step just computed "
          "gives (1.92, 2.56).", kind="slip"),
        # ----------------------------------------------------------------- seed 001
        E("001", "Step 1 - initialization", "hidden node 1 weights",
          "hiddenWeight {-0.5. .5}",
          lambda: tuple(float(v) for v in _examples.seed_network().weights[0][1]),
          "A stray period: the two weights are -0.5 and 0.5 (as the forward pass uses).", kind="typo"),
        E("001", "Step 3 - normalization, min-max scaling [0, 1]", "i0=65 scaled to [0, 1]", "0.8888",
          lambda: _scaled((0, 1), 2, 0), f"40/45 = 0.88888…, {_TRUNC} (0.8889); the table below "
          "it rounds correctly to 0.889.", kind="rounding"),
        E("001", "Step 4.2 - the activation function for the hidden layers",
          f"{_N.a(1, 2).seed}, sigmoid", "0.7310",
          lambda: float(_forward("sigmoid").a[1][2]),
          f"σ(1.0) = 0.731059, {_TRUNC} (0.7311); the later lines reuse 0.7310.", kind="rounding"),
        E("001", "Step 4.3 - the summation function for the output layer",
          f"{_N.s(1, 0).seed}, sigmoid", "0.0964",
          lambda: float(_forward("sigmoid").s[1][0]),
          "Summed from 4-decimal values (0.2189 − 0.6225 + 0.5 = 0.0964); unrounded it is "
          "0.096452 (0.0965). The output 0.5241 is right either way.", kind="rounding"),
        E("001", "Step 4.3 - the summation function for the output layer",
          f"{_N.s(1, 0).seed}, tanh", "-0.0836",
          lambda: float(_forward("tanh").s[1][0]),
          "Arithmetic slip: −0.1225 − 0.4621 + 0.0 + 0.5 = −0.0846, not −0.0836.", kind="slip"),
        E("001", "Step 4.4 - the activation function for the output layer",
          f"{_N.a(2, 0).seed}, tanh", "-0.0834",
          lambda: float(_forward("tanh").a[2][0]),
          "tanh of the wrong sum −0.0836; tanh(−0.08458) = −0.08438, which is the value the "
          "seed's own δo line then uses.", kind="slip"),
        E("001", "Step 5.2 - the error signal for the hidden layers",
          f"{_N.delta(1, 0).seed} in the {_N.delta(0, 1).seed} line, sigmoid",
          "-0.986252",
          lambda: float(_grads("sigmoid").delta[1][0]),
          "Typo: δo (sigmoid) is −0.096252, as in the δh[0] and δh[2] lines; the line's result "
          "0.0226 is computed with the right δo.", kind="typo"),
        E("001", "Step 5.2 - the error signal for the hidden layers",
          f"{_N.delta(0, 1).seed}, sigmoid", "0.02261",
          lambda: float(_grads("sigmoid").delta[0][1]),
          f"0.6225·0.3775·0.096252 = 0.0226197, {_TRUNC} (0.02262).", kind="rounding"),
        E("001", "Step 5.3 - the new weights & biases for the output layer",
          f"{_N.w(1, 0, 1).seed} after one update, sigmoid", "-0.99938",
          lambda: float(_after_one_update().weights[1][0, 1]),
          "−1.0 − 0.1·(−0.096252)·0.6225 = −1.0 + 0.0059917 = −0.99401: a digit slipped "
          "(0.00062 added instead of 0.0060).", kind="slip"),
        E("001", "Step 5.3 - the new weights & biases for the output layer",
          f"{_N.w(1, 0, 2).seed} after one update, sigmoid", "0.00070",
          lambda: float(_after_one_update().weights[1][0, 2]),
          "0.0 − 0.1·(−0.096252)·0.7310 = 0.0070360: the decimal point is off by one place.",
          kind="slip"),
        E("001", "Step 5.4 - the new weights & biases for the hidden layers",
          f"{_N.w(0, 1, 1).seed} after one update, sigmoid", "0.4988",
          lambda: float(_after_one_update().weights[0][1, 1]),
          "0.5 − 0.1·0.02261·0.5 = 0.49887: printed with 4 decimals where its neighbours have 5, "
          f"and {_TRUNC} (0.4989).", kind="rounding"),
        E("001", "Step 5.4 - the new weights & biases for the hidden layers",
          f"{_N.b(0, 0).seed} after one update, sigmoid", "0.50119",
          lambda: float(_after_one_update().biases[0][0]),
          "Computed from the rounded δh[0] = −0.01185; with the unrounded −0.0118455 it is "
          "0.501185 → 0.50118.", kind="rounding"),
    ]
    # seed 001's descent table: f(x, y) is f at the new point; its last three rows are wrong,
    # and a few cells were computed from the 4-decimal values of the row before.
    for k, col, printed, kind, why in [
        (5, "∇f(x)", "1.9660", "rounding", "2·0.98304 = 1.96608 → 1.9661; 1.9660 doubles the rounded x 0.9830."),
        (5, "f(x_new, y_new)", "1.7179", "rounding", f"0.786432² + 1.048576² = 1.717987, {_TRUNC} (1.7180)."),
        (6, "∇f(x)", "1.5728", "rounding", "2·0.786432 = 1.572864 → 1.5729; 1.5728 doubles the rounded x 0.7864."),
        (7, "∇f(x)", "1.2582", "rounding", "2·0.6291456 = 1.2582912 → 1.2583; 1.2582 doubles the rounded x 0.6291."),
        (7, "∇f(y)", "1.6778", "rounding", "2·0.8388608 = 1.6777216 → 1.6777; 1.6778 doubles the rounded y 0.8389."),
        (7, "f(x_new, y_new)", "0.7140", "slip", "0.50331648² + 0.67108864² = 0.703687 (0.7037); 0.7140 does "
            "not follow from the row's own x_new, y_new."),
        (8, "f(x_new, y_new)", "0.3579", "slip", "0.402653² + 0.536871² = 0.450360 (0.4504); the last three "
            "f values do not follow from the row's own x_new, y_new."),
        (9, "∇f(x)", "0.8054", "rounding", "2·0.4026532 = 0.8053064 → 0.8053; 0.8054 doubles the rounded x 0.4027."),
        (9, "x_new", "0.3222", "rounding", "0.8·0.4026532 = 0.3221225 → 0.3221; 0.3222 is 0.8 times the rounded 0.4027."),
        (9, "∇f(y)", "1.0738", "rounding", "2·0.5368709 = 1.0737418 → 1.0737; 1.0738 doubles the rounded y 0.5369."),
        (9, "f(x_new, y_new)", "0.2294", "slip", "0.322123² + 0.429497² = 0.288230 (0.2882)."),
    ]:
        out.append(E("001", _DESC, f"descent table step {k}: {col}", printed,
                     (lambda col=col, k=k: _descent_value(col, k)), why, kind=kind))
    return out + _errata_002() + _errata_003() + _errata_004()


# ---------------------------------------------------------------- seeds 002-004
def _checked(formula: str, holds: Callable[[], bool]) -> str:
    """``formula`` once sympy has shown it (``holds()``); raises if sympy disagrees."""
    if not holds():
        raise AssertionError(f"sympy does not confirm {formula!r}")
    return formula


def _tanh_swapped() -> bool:
    """sympy: tanh's exponential form is (e^x − e^−x)/(e^x + e^−x); the seed's fraction is its reciprocal."""
    import sympy as sp

    x = sp.Symbol("x", real=True)
    right = (sp.exp(x) - sp.exp(-x)) / (sp.exp(x) + sp.exp(-x))
    printed = (sp.exp(x) + sp.exp(-x)) / (sp.exp(x) - sp.exp(-x))
    tanh = sp.tanh(x).rewrite(sp.exp)
    return (sp.simplify(right - tanh) == 0 and sp.simplify(printed - tanh) != 0
            and sp.simplify(printed * tanh - 1) == 0)


def _sum_from_zero_counts_extra() -> bool:
    """sympy: Σ_{i=0}^{n} 1 = n + 1 terms, Σ_{i=1}^{n} 1 = n."""
    import sympy as sp

    i, n = sp.symbols("i n", integer=True, positive=True)
    return sp.summation(1, (i, 0, n)) == n + 1 and sp.summation(1, (i, 1, n)) == n


def _sigmoid_range() -> tuple[float, float]:
    """lim σ(x) at −∞ and +∞ (sympy); σ(x) − 0 and 1 − σ(x) are positive for every real x."""
    import sympy as sp

    x = sp.Symbol("x", real=True)
    f = 1 / (1 + sp.exp(-x))
    return float(sp.limit(f, x, -sp.oo)), float(sp.limit(f, x, sp.oo))


def _linear_layers_collapse() -> str:
    """sympy: two linear layers W2 (W1 x + b1) + b2 are the one layer (W2 W1) x + (W2 b1 + b2)."""
    import sympy as sp

    x = sp.Matrix(sp.symbols("x0:2"))
    W1, W2 = sp.Matrix(3, 2, sp.symbols("p0:6")), sp.Matrix(1, 3, sp.symbols("q0:3"))
    b1, b2 = sp.Matrix(sp.symbols("c0:3")), sp.Matrix([sp.Symbol("d")])
    two = W2 * (W1 * x + b1) + b2
    one = (W2 * W1) * x + (W2 * b1 + b2)
    return _checked("W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂): one affine map, no hidden layer",
                    lambda: sp.expand(two - one) == sp.zeros(1, 1))


def _delta_recursion_holds() -> bool:
    from .symbolic import delta_recursion

    return delta_recursion((2, 2, 2, 1), "sigmoid").holds


_S002_MAT = "Matrices and ANNs"
_S002_ACT = "Activations and Non-Linearity"
_S002_COST = "Errors and Cost Function"
_S002_BP = "Backpropagation, for hidden nodes"


def _errata_002() -> list[Erratum]:
    E = Erratum
    return [
        E("002", _S002_MAT, "first neuron's weighted sum, written out",
          "w_{1,0}a_1^{(0)} + w_{1,1}a_2^{(0)} + … + w_{1,n}a_n^{(0)} + b_1^{(0)}",
          lambda: _checked("w_{1,1}a_1 + w_{1,2}a_2 + … + w_{1,n}a_n + b_1^{(1)}  (Σ_{i=1}^{n} w_{1,i}a_i + b_1)",
                           _sum_from_zero_counts_extra),
          "The written-out sum pairs w_{1,0} with a_1, so it has n + 1 weights for n inputs; the Σ line "
          "right below it (i = 1 … n) is right. The bias is labelled b^{(0)} here and b^{(1)} in the "
          "matrix form: it belongs to layer 1.", kind="typo"),
        E("002", _S002_ACT, "linear layers stacked", "equivalent to shallow network having one hidden layer",
          _linear_layers_collapse,
          "Without activations the layers multiply out into a single affine map, so a deep linear network "
          "equals a network with no hidden layer at all (sympy expands both sides to the same matrix).",
          kind="text"),
        E("002", _S002_ACT, "range of the sigmoid", "σ: ℝ → [0, 1]", _sigmoid_range,
          "σ tends to 0 and 1 (sympy's limits) but never reaches them: the range is the open interval "
          "(0, 1); likewise tanh's is (−1, 1), not [−1, 1]. Seed 003 writes both right.", kind="text"),
        E("002", _S002_ACT, "tanh formula", "σ(x) = (e^x + e^{−x}) / (e^x − e^{−x})",
          lambda: _checked("tanh x = (e^x − e^{−x}) / (e^x + e^{−x})", _tanh_swapped),
          "Numerator and denominator swapped: the printed fraction is coth x = 1/tanh x (sympy: printed · "
          "tanh x = 1), which is infinite at 0 and never inside (−1, 1).", kind="formula"),
        E("002", _S002_COST, "MSE sum limits", "MSE = 1/(2n) Σ_{i=0}^{n} (ŷ_i − y_i)²",
          lambda: _checked("MSE = 1/(2n) Σ_{i=1}^{n} (ŷ_i − y_i)²", _sum_from_zero_counts_extra),
          "Σ from i = 0 to n adds n + 1 terms (sympy) while dividing by n samples: the sum runs "
          "i = 1 … n (or 0 … n − 1).", kind="formula"),
        E("002", _S002_BP, "middle lines of the δ derivation",
          "Σ_l δ_l^{k+1} ∂o_j^{k+1}/∂o_j^k, with o_j^{k+1} = Σ_i w_{ij}^{k+1} σ(o_j^k)",
          lambda: _checked("Σ_l δ_l^{k+1} ∂o_l^{k+1}/∂o_j^k, with o_l^{k+1} = Σ_j w_{lj}^{k+1} σ(o_j^k) + b_l^{k+1}",
                           _delta_recursion_holds),
          "Indices slip: the sum runs over the nodes l of the next layer, so each term needs o_l^{k+1}, "
          "the sum of node l over the nodes j of layer k. The final line (w_{lj}, row = receiving node, as "
          "in the matrix form) is right.", kind="typo"),
        E("002", _S002_BP, "δ of a hidden node", "δ_j^k = σ'(o_j^k) Σ_l δ_l^{k+1} w_{lj}^{k+1}",
          lambda: _checked("δ^{[l]} = f'(s^{[l]}) ⊙ (W^{[l+1]})ᵀ δ^{[l+1]}", _delta_recursion_holds),
          "Right: sympy differentiates the whole loss of a 2-2-2-1 sigmoid network by each hidden sum and "
          "gets exactly this recursion (mlpviz.symbolic.delta_recursion).", kind="confirmed"),
    ]


# seed 003: every number of its house-price step, recomputed by the engine
def _house_step():
    """The engine's record of seed 003's one step: x = (1200, 3, 10), z = 1, α = 0.1."""
    net = _examples.house_price_network()
    x, z = _examples.house_price_sample()
    return net.preview_step(x, z, _examples.HOUSE_PRICE_LR)


def _house(part: str, l: int, *index) -> Any:
    """One quantity of the step: part in s, a, delta, dW, db, W_new, b_new, dL_da (W[l+1]ᵀ δ[l+1])."""
    r = _house_step()
    value = {"s": lambda: r.trace.s[l], "a": lambda: r.trace.a[l], "delta": lambda: r.grads.delta[l],
             "dW": lambda: r.grads.dW[l], "db": lambda: r.grads.db[l],
             "W_new": lambda: r.net_after.weights[l], "b_new": lambda: r.net_after.biases[l],
             "dL_da": lambda: r.net_before.weights[l + 1].T @ r.grads.delta[l + 1]}[part]()
    value = value[index] if index else value
    if isinstance(value, np.ndarray):
        return tuple(tuple(float(v) for v in row) for row in value) if value.ndim == 2 else \
            tuple(float(v) for v in value)
    return float(value)


def _dropout_example() -> tuple[float, ...]:
    """Seed 003's a[1] with its dropout mask, scaled the inverted-dropout way (divided by the keep probability)."""
    a1 = _house_step().trace.a[1]
    rate = _examples.HOUSE_PRICE_DROPOUT_RATE
    keep = np.asarray(_examples.HOUSE_PRICE_DROPOUT_DRAWS) >= rate   # the seed's rule: a draw below the rate drops
    return tuple(float(v) for v in a1 * keep / (1.0 - rate))


#: Seed 003's assumptions for its vanishing-gradient illustration: ∂L/∂a[3] and α.
_VANISHING_DELTA, _VANISHING_LR = -0.001, 0.0001
#: Seed 003's assumptions for its exploding-gradient illustration: w[3] and a[2], with the example's δ[3].
_EXPLODING = 10.0


def _vanishing(part: str) -> float:
    r = _house_step()
    a2 = float(r.trace.a[2][1])
    if part == "dW":
        return _VANISHING_DELTA * a2
    if part == "db":
        return _VANISHING_DELTA
    if part == "W_new":
        return float(r.net_before.weights[2][0, 1]) - _VANISHING_LR * _VANISHING_DELTA * a2
    return float(r.net_before.biases[2][0]) - _VANISHING_LR * _VANISHING_DELTA


def _exploding() -> float:
    r = _house_step()
    return _EXPLODING - r.lr * float(r.grads.delta[2][0]) * _EXPLODING


_S003_EX = "3. Hidden layer - Neural Network Example for House Price Prediction"
_S003_F = "3. Hidden layer - a. Forward Propagation"
_S003_L = "3. Hidden layer - b. Loss function"
_S003_B = "3. Hidden layer - c. Back propagation"
_NO_BIAS = "the bias b[2] = 0.01 was not added"
_RELU_DROPPED = ("The seed skips ReLU′(z[2]) ('ignoring the activation'): z[2]_1 = −3.52 < 0, so δ[2]_1 = "
                 "0 and nothing flows through node 1 of layer 2. The shortcut is exact at the output "
                 "(z[3] > 0) but not here")


def _errata_003() -> list[Erratum]:
    E = Erratum
    H = _house
    return [
        E("003", _S003_EX, "number of hidden layers", "an input layer, a hidden layer, and an output layer",
          lambda: len(_examples.house_price_network().layer_sizes) - 2,
          "The example's network is 3-2-2-1: two hidden layers (W[1] and W[2]) before the output.",
          kind="text"),
        E("003", "2. Input layer", "input neurons for the 28×28 images in colour", "32 * 32 * 3",
          lambda: 28 * 28 * 3,
          "The bullet before counts 28×28 images (784 inputs); in colour the same images need 28·28·3 = "
          "2352. 32·32·3 = 3072 is a 32×32 image (CIFAR's size).", kind="text"),
        E("003", _S003_F, "z[1] (eq. 8)", "(12.241, 47.549)", lambda: H("s", 0),
          "Right: 0.01·1200 − 0.02·3 + 0.03·10 + 0.001 = 12.241 and 48 + 0.15 − 0.6 − 0.001 = 47.549.",
          kind="confirmed"),
        E("003", _S003_F, "z[2]_1 (eq. 11)", "-3.5308", lambda: H("s", 1, 0),
          f"1.2241 − 4.7549 = −3.5308: {_NO_BIAS}; with it z[2]_1 = −3.5208. ReLU gives 0 either way.",
          kind="slip"),
        E("003", _S003_F, "z[2]_2 (eq. 11)", "5.979", lambda: H("s", 1, 1),
          f"1.2241 + 4.7549 = 5.979: {_NO_BIAS}; with it z[2]_2 = 5.989.", kind="slip"),
        E("003", _S003_F, "a[2]_2 (eq. 12)", "5.979", lambda: H("a", 2, 1),
          "ReLU of the wrong z[2]_2; ReLU(5.989) = 5.989.", kind="carried"),
        E("003", _S003_F, "z[3] = a[3] (eqs. 14, 15)", "0.6079", lambda: H("a", 3, 0),
          "0.1·5.979 + 0.01 from the wrong a[2]_2; 0.1·5.989 + 0.01 = 0.6089.", kind="carried"),
        E("003", _S003_F, "the output after eq. 15", "-8.2357", lambda: H("a", 3, 0),
          "The text quotes an output of −8.2357 that no line computes (a number from another draft); the "
          "example's output is 0.6089, before and after the output ReLU.", kind="text"),
        E("003", _S003_L, "L (eq. 16)", "0.0762", lambda: float(_house_step().loss),
          "½(1 − 0.6079)² = 0.07687, so 0.0762 does not follow even from the seed's own output; with the "
          "right output, ½(1 − 0.6089)² = 0.07648.", kind="slip"),
        E("003", _S003_B, "∂L/∂z[3] (eq. 17)", "-0.3921", lambda: H("delta", 2, 0),
          "−(1 − 0.6079) from the wrong output; −(1 − 0.6089) = −0.3911. Taking ∂L/∂z[3] = ∂L/∂a[3] is "
          "exact here: ReLU′(0.6089) = 1.", kind="carried"),
        E("003", _S003_B, "∂L/∂W[3]_2 (eqs. 19, 44, 52)", "-2.3443", lambda: H("dW", 2, 0, 1),
          "−0.3921·5.979 = −2.34437 (−2.3444 rounded); from the right numbers −0.3911·5.989 = −2.34230.",
          kind="carried"),
        E("003", _S003_B, "W[3]_2 new (eqs. 21, 46, 53)", "0.3344", lambda: H("W_new", 2, 0, 1),
          "0.1 + 0.1·2.3443; from the right gradient 0.1 + 0.1·2.34230 = 0.33423.", kind="carried"),
        E("003", _S003_B, "b[3] new (eqs. 21, 46)", "0.04921", lambda: H("b_new", 2, 0),
          "0.01 + 0.1·0.3921; from the right δ[3], 0.01 + 0.1·0.3911 = 0.04911.", kind="carried"),
        E("003", _S003_B, "∂L/∂a[2] = W[3]ᵀ δ[3] (eq. 23)", "(-0.03921, -0.03921)", lambda: H("dL_da", 1),
          "0.1·(−0.3921); from the right δ[3], 0.1·(−0.3911) = −0.03911.", kind="carried"),
        E("003", _S003_B, "∂L/∂W[2] (eq. 24)", "((-0.4799, -1.8643), (-0.4799, -1.8643))",
          lambda: H("dW", 1),
          f"{_RELU_DROPPED}: ∂L/∂W[2] = (f′(z[2]) ⊙ W[3]ᵀδ[3]) a[1]ᵀ has a zero first row. (−0.03921·12.241 "
          "= −0.47997 and −0.03921·47.549 = −1.86440 are also truncated.)", kind="formula"),
        E("003", _S003_B, "∂L/∂b[2] (eq. 25)", "(-0.03921, -0.03921)", lambda: H("db", 1),
          f"{_RELU_DROPPED}: ∂L/∂b[2] = δ[2] = (0, −0.03911).", kind="formula"),
        E("003", _S003_B, "W[2] new (eq. 26)", "((0.1479, 0.0864), (0.1479, 0.2864))", lambda: H("W_new", 1),
          "Built on the gradient without ReLU′: the first row of W[2] does not move, the second moves by "
          "0.1·(0.47875, 1.85964).", kind="carried"),
        E("003", _S003_B, "b[2] new (eq. 26)", "(0.01392, 0.01392)", lambda: H("b_new", 1),
          "Built on ∂L/∂b[2] without ReLU′; b[2]_1 stays 0.01, b[2]_2 = 0.01 + 0.003911.", kind="carried"),
        E("003", _S003_B, "∂L/∂a[1] = W[2]ᵀ δ[2] (eq. 27)", "(-0.0078, 0)", lambda: H("dL_da", 0),
          "W[2]ᵀ times the δ without ReLU′ (−0.03921, −0.03921) gives (−0.0078, 0); times the right δ[2] = "
          "(0, −0.03911) it is (−0.003911, −0.003911).", kind="carried"),
        E("003", _S003_B, "∂L/∂W[1] (eq. 28)", "((-9.36, -0.0234, -0.078), (0, 0, 0))", lambda: H("dW", 0),
          "From the wrong ∂L/∂a[1] (and its 2-digit −0.0078: −0.007842·1200 = −9.41); with δ[1] = "
          "(−0.003911, −0.003911) both rows are −0.003911·(1200, 3, 10). The text calls W[1] the 'second "
          "layer' weight matrix; it is the first.", kind="carried"),
        E("003", _S003_B, "∂L/∂b[1] (eq. 29)", "(-0.0078, 0)", lambda: H("db", 0),
          "From the wrong ∂L/∂a[1]; δ[1] = (−0.003911, −0.003911) (ReLU′(z[1]) = 1).", kind="carried"),
        E("003", _S003_B, "W[1] new (eq. 30)", "((0.946, -0.01766, 0.0378), (0.04, 0.05, -0.06))",
          lambda: H("W_new", 0),
          "From the wrong ∂L/∂W[1] (0.01 + 0.936 = 0.946 is right arithmetic); both rows move, by "
          "0.1·0.003911·(1200, 3, 10).", kind="carried"),
        E("003", _S003_B, "b[1] new (eq. 30)", "(0.00178, -0.001)", lambda: H("b_new", 0),
          "From the wrong ∂L/∂b[1]; b[1] + 0.1·0.003911 = (0.0013911, −0.0006089).", kind="carried"),
        E("003", "8. Training Iterations", "iterations per epoch, N = 1050, B = 100", "11",
          lambda: iterations_per_epoch(1050, 100), "Right: ⌈1050/100⌉ = 11 (the last batch has 50 samples).",
          kind="confirmed"),
        E("003", "12. Dropout", "a[1] after dropout (eq. 42)", "(0, 23.775)", _dropout_example,
          "The text says to divide by the keep probability; the formula multiplies (47.549·0.5). Inverted "
          "dropout divides: 47.549/0.5 = 95.098, so the expected value of each unit stays a[1].",
          kind="slip"),
        E("003", "13. Gradient vanishing", "∂L/∂W[3]_2 with ∂L/∂a[3] = −0.001 (eq. 48)", "-0.000579",
          lambda: _vanishing("dW"),
          "The line multiplies by −0.0001 (the new α) instead of the assumed −0.001, and −0.0001·5.979 = "
          "−0.0005979 (a digit lost); with the assumed gradient and a[2]_2 = 5.989 it is −0.005989.",
          kind="slip"),
        E("003", "13. Gradient vanishing", "∂L/∂b[3] with ∂L/∂a[3] = −0.001 (eq. 49)", "-0.3921",
          lambda: _vanishing("db"),
          "∂L/∂b[3] = ∂L/∂z[3], the assumed −0.001; the line keeps the example's −0.3921.", kind="slip"),
        E("003", "13. Gradient vanishing", "W[3]_2 new with α = 0.0001 (eq. 51)", "0.100000579",
          lambda: _vanishing("W_new"),
          "0.1 + 0.0001·0.000579 would be 0.1000000579 (a zero dropped); with the assumed gradient "
          "0.1 + 0.0001·0.005989 = 0.1000005989.", kind="slip"),
        E("003", "13. Gradient vanishing", "b[3] new with α = 0.0001 (eq. 51)", "0.010003921",
          lambda: _vanishing("b_new"),
          "0.01 + 0.0001·0.3921 = 0.01003921 (a zero too many); with the assumed −0.001 it is 0.0100001.",
          kind="slip"),
        E("003", "14. Gradient explosion", "w[3] new with w[3] = a[2] = (10, 10) (eq. 56)", "10.3921",
          _exploding,
          "Right arithmetic on the example's wrong δ[3] = −0.3921; with −0.3911 it is 10.3911. (The seed "
          "keeps δ[3] fixed: with these weights the output itself would be 200.01 and δ[3] = 199.01.)",
          kind="carried"),
    ]


# seed 004: the single sigmoid neuron
_S004 = "Learning Algorithm - Backpropagation, Step 2"


def _perceptron():
    from .symbolic import perceptron_gradient

    return perceptron_gradient(3, 2)


def _cost_slope_is_per_sample() -> bool:
    """sympy: ∂C/∂ŷ_k of C = (1/n) Σ (y_k − ŷ_k)² is −(2/n)(y_k − ŷ_k): no square, a minus sign."""
    import sympy as sp

    n = 3
    y, yh = sp.symbols("y1:4"), sp.symbols("yhat1:4")
    C = sp.Rational(1, n) * sum((a - b) ** 2 for a, b in zip(y, yh))
    return all(sp.expand(sp.diff(C, yh[k]) + sp.Rational(2, n) * (y[k] - yh[k])) == 0 for k in range(n))


def _dz_dw_is_x() -> bool:
    """sympy: with z = Σ_k x_k w_k + b (one bias, outside the sum), ∂z/∂w_j = x_j."""
    import sympy as sp

    x, w, b = sp.symbols("x1:4"), sp.symbols("w1:4"), sp.Symbol("b")
    z = sum(a * c for a, c in zip(x, w)) + b
    return all(sp.diff(z, w[j]) == x[j] for j in range(3))


def _sigmoid_slope() -> bool:
    from .symbolic import prove_identity

    return prove_identity("sigmoid").holds


def _errata_004() -> list[Erratum]:
    E = Erratum
    return [
        E("004", _S004, "σ'(z), worked step by step", "σ(z) × (1 − σ(z))",
          lambda: _checked("σ'(z) = e^{−z}/(1 + e^{−z})² = σ(z)(1 − σ(z))", _sigmoid_slope),
          "Right: sympy differentiates 1/(1 + e^{−z}) and the difference from σ(1 − σ) simplifies to 0.",
          kind="confirmed"),
        E("004", _S004, "∂C/∂ŷ", "2 × (1/n) Σ (y_i − ŷ_i)²  =  (2/n) × sum(y − ŷ)",
          lambda: _checked("∂C/∂ŷ_i = −(2/n)(y_i − ŷ_i), one per sample", _cost_slope_is_per_sample),
          "Differentiating (y_i − ŷ_i)² gives −2(y_i − ŷ_i): the square goes and a minus sign comes (inner "
          "derivative −1). And ŷ is one value per sample, so the derivative is one per sample, not a sum.",
          kind="formula"),
        E("004", _S004, "∂z/∂w_i", "∂/∂w_i Σ_{i=1}^{n} (x_i.w_i + b) = x_i",
          lambda: _checked("z = Σ_k x_k w_k + b, ∂z/∂w_i = x_i", _dz_dw_is_x),
          "The result x_i is right, but the sum reuses i (the index being differentiated) and puts b inside, "
          "which would add the bias n times.", kind="typo"),
        E("004", _S004, "∂C/∂w_i", "(2/n) × sum(y − ŷ) × σ(z) × (1 − σ(z)) × x_i",
          lambda: _checked("∂C/∂w_i = −(2/n) Σ_k (y_k − ŷ_k) σ(z_k)(1 − σ(z_k)) x_{k,i}",
                           lambda: _perceptron().holds),
          "Two slips (sympy's derivative of the whole cost agrees with the corrected form): the minus sign "
          "is lost, so w − α·∂C/∂w as printed climbs the cost; and σ(z_k)(1 − σ(z_k)) x_{k,i} differ from "
          "sample to sample, so they belong inside the sum, not multiplied onto it.", kind="formula"),
        E("004", _S004, "∂C/∂b", "(2/n) × sum(y − ŷ) × σ(z) × (1 − σ(z))",
          lambda: _checked("∂C/∂b = −(2/n) Σ_k (y_k − ŷ_k) σ(z_k)(1 − σ(z_k))", lambda: _perceptron().holds),
          "The same two slips as ∂C/∂w_i; with the bias as a weight on a constant input 1 the formula is "
          "∂C/∂w_i with x_{k,i} = 1.", kind="formula"),
    ]


def _default_decimals(e: Erratum) -> int:
    """One more than the seed printed; for a printed tuple "(…)", one more than its longest number; else 4."""
    if e.printed_decimals is not None:
        return e.printed_decimals + 1
    if e.printed.startswith("("):
        numbers = re.findall(r"-?\d+(?:\.(\d+))?", e.printed)
        return min(max(len(d) for d in numbers) + 1, 8) if numbers else 4
    return 4


def _row(e: Erratum, decimals: int | None) -> dict[str, str]:
    d = decimals if decimals is not None else _default_decimals(e)
    return {"seed": e.seed, "where": f"{e.section} — {e.quantity}", "printed": e.printed,
            "correct": cell(e.value(), d, whole=True), "why": e.why, "kind": e.kind}


def errata_table(decimals: int | None = None) -> list[dict[str, str]]:
    """The errata as display rows: seed, where, printed, correct, why, kind.

    Parameters
    ----------
    decimals : int or None
        Decimals for the correct values. ``None``: one more than the seed
        printed (so a rounding slip shows why), and 4 for values that are not
        a single printed number.

    Returns
    -------
    list of dict
        Keys ``seed``, ``where`` (section — quantity), ``printed``, ``correct``
        (computed now by mlpviz), ``why`` and ``kind``; all values are strings.
    """
    if decimals is not None:
        decimals = check_count(decimals, "decimals", low=0, high=15)
    return [_row(e, decimals) for e in errata()]


def errata_notes(*words: str, seed: str | None = None) -> Table:
    """The seeds' printed slips about one topic, with the value mlpviz computes.

    Parameters
    ----------
    *words : str
        Keep an erratum when its section or quantity contains any of these words
        (case-insensitive); no words: keep all.
    seed : str, optional
        Only this seed, one of :data:`SEEDS`.

    Returns
    -------
    Table
        Columns seed, where, printed, mlpviz, why. Claims found right (kind
        ``"confirmed"``) are left out: these are the slips.

    Raises
    ------
    ValueError
        If ``seed`` is not one of :data:`SEEDS`.
    """
    if seed is not None:
        seed = check_choice(seed, "seed", SEEDS)
    rows = []
    for e in errata():
        where = f"{e.section} — {e.quantity}"
        if e.kind == "confirmed" or (seed is not None and e.seed != seed):
            continue
        if words and not any(w.lower() in where.lower() for w in words):
            continue
        rows.append([e.seed, where, e.printed, _row(e, None)["correct"], e.why])
    return Table(rows, ["seed", "where", "printed", "mlpviz", "why"], 0)


def errata_overview(seed: str | None = None) -> Table:
    """Every checked claim of the seeds, one row each, for the errata notebook.

    Parameters
    ----------
    seed : str, optional
        Only this seed, one of :data:`SEEDS`; default all five.

    Returns
    -------
    Table
        Columns seed, place, printed, recomputed (by mlpviz now), verdict
        (the kind) and explanation.

    Raises
    ------
    ValueError
        If ``seed`` is not one of :data:`SEEDS`.
    """
    if seed is not None:
        seed = check_choice(seed, "seed", SEEDS)
    rows = [[r["seed"], r["where"], r["printed"], r["correct"], r["kind"], r["why"]]
            for e in errata() if seed is None or e.seed == seed for r in [_row(e, None)]]
    return Table(rows, ["seed", "place", "printed", "recomputed", "verdict", "explanation"], 0)
