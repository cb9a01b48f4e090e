"""Activation functions f(s) and their derivatives f'(s).

Every activation is an :class:`Activation` with three faces of the same
function (``out``, if given, is an array to write the result into, so a
training loop can reuse its arrays instead of allocating new ones):

* ``f(s, out=None)``          the value, on numpy arrays;
* ``df(s, a=None, out=None)`` the derivative f'(s); pass ``a = f(s)`` when
  it is already known and the derivative is written in terms of it
  (sigmoid, tanh) so no second ``exp`` is needed;
* ``sympy(s)``                the same function as a sympy expression, used by
  :mod:`mlpviz.symbolic` to derive gradients independently of backprop.

The names are the ones the seeds use: ``sigmoid``, ``tanh``, ``relu``, and
``linear`` (the identity, useful for regression outputs).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import expit as _expit

__all__ = ["Activation", "ACTIVATIONS", "ELEMENTWISE", "get_activation", "sigmoid", "tanh", "relu", "linear", "softmax"]


# Below this many values scipy's expit (the same formula in one C loop) is faster than
# numpy's four calls; above it numpy's vectorized exp wins (benchmarks/bench_spine.py).
_EXPIT_BELOW = 512

# 1 as a 0-d array: numpy turns a Python 1.0 into an array at every call, which costs
# more than the subtraction itself on the few values of one sample.
_ONE = np.ones(())


def _buffer(s, out: np.ndarray | None) -> np.ndarray:
    """``out`` if given (the caller's array, overwritten), else a new float array shaped like ``s``."""
    return np.empty(np.shape(s)) if out is None else out


def sigmoid(s: ArrayLike, out: np.ndarray | None = None) -> np.ndarray:
    """The logistic function σ(s) = 1 / (1 + e^(−s)), stable for any |s|.

    For s below about −709, e^(−s) is too big for a float and becomes inf;
    then 1 / (1 + inf) = 0, the right limit, so that overflow is expected and
    silenced. Every value with σ(s) above the smallest normal float (s > −708)
    keeps full relative precision (σ(−40) ≈ 4.2e-18, not 0).

    Two kernels compute the same formula: for fewer than 512 values (one
    sample, a small batch) scipy's ``expit`` in one C loop, since numpy's four
    calls cost more than the arithmetic there; for more, numpy's vectorized
    ``exp`` in place on one array, which keeps big batches fast. The two
    differ by at most a few units in the last place (tests/test_activations.py).

    Parameters
    ----------
    s : array_like
        Weighted sums, any shape.
    out : ndarray, optional
        An array of the same shape to write the result into (it may be ``s``
        itself); a new one if not given.

    Returns
    -------
    ndarray
        σ(s), the same shape, values in [0, 1].
    """
    s = np.asarray(s, dtype=float)
    if s.size < _EXPIT_BELOW:
        return _expit(s, out=out)
    out = np.negative(s, out=out)                      # −s
    with np.errstate(over="ignore"):
        np.exp(out, out=out)                           # e^(−s), inf for s < −709
    out += 1.0
    # np.divide(1, ·) rounds exactly like np.reciprocal and, unlike it, is vectorized.
    return np.divide(1.0, out, out=out)                # 1 / (1 + e^(−s))


def _sigmoid_df(s, a=None, out=None):
    if a is None:
        a = sigmoid(s)
    d = np.subtract(_ONE, a, out=out)
    d *= a
    return d  # σ'(s) = σ(s)(1 − σ(s))


def tanh(s: ArrayLike, out: np.ndarray | None = None) -> np.ndarray:
    """The hyperbolic tangent (e^s − e^(−s)) / (e^s + e^(−s)).

    Parameters
    ----------
    s : array_like
        Weighted sums, any shape.
    out : ndarray, optional
        An array of the same shape to write the result into.

    Returns
    -------
    ndarray
        tanh(s), the same shape, values in [−1, 1].
    """
    return np.tanh(s, out=out)


def _tanh_df(s, a=None, out=None):
    if a is None:
        a = np.tanh(s)
    return np.subtract(_ONE, np.multiply(a, a, out=out), out=out)  # tanh'(s) = 1 − tanh²(s)


def relu(s: ArrayLike, out: np.ndarray | None = None) -> np.ndarray:
    """The rectifier max(0, s).

    Parameters
    ----------
    s : array_like
        Weighted sums, any shape.
    out : ndarray, optional
        An array of the same shape to write the result into.

    Returns
    -------
    ndarray
        max(0, s), the same shape.
    """
    return np.maximum(s, 0.0, out=out)


def _relu_df(s, a=None, out=None):
    # A step: 1 where s > 0, else 0 (the value at s = 0 is a convention).
    d = _buffer(s, out)
    d[...] = np.asarray(s) > 0
    return d


def linear(s: ArrayLike, out: np.ndarray | None = None) -> np.ndarray:
    """The identity f(s) = s.

    Parameters
    ----------
    s : array_like
        Weighted sums, any shape.
    out : ndarray, optional
        An array of the same shape to copy ``s`` into.

    Returns
    -------
    ndarray
        A copy of ``s`` as a float array (in ``out``, if given).
    """
    if out is None:
        return np.array(s, dtype=float)   # a copy, like every activation: a trace's a[l+1] is never its s[l]
    np.copyto(out, s)
    return out


def _linear_df(s, a=None, out=None):
    d = _buffer(s, out)
    d.fill(1.0)
    return d


def softmax(s: ArrayLike, out: np.ndarray | None = None) -> np.ndarray:
    """The softmax over the last axis: ``e^{s_k} / Σ_j e^{s_j}``, for one class out of several.

    The largest ``s`` of each sample is subtracted first (the value does not
    change), so no exponential overflows: stable at s = ±1000.

    Parameters
    ----------
    s : array_like, shape (n_classes,) or (n_samples, n_classes)
    out : ndarray, optional
        An array of the same shape to write the result into.

    Returns
    -------
    ndarray
        Positive values summing to 1 in each sample.
    """
    s = np.asarray(s, dtype=float)
    out = np.subtract(s, s.max(axis=-1, keepdims=True), out=_buffer(s, out))
    np.exp(out, out=out)
    out /= out.sum(axis=-1, keepdims=True)
    return out


def _softmax_df(s, a=None, out=None):
    # The diagonal of the Jacobian, ∂y_k/∂s_k = y_k (1 − y_k): what a formula panel shows.
    # Backpropagation never uses it: a softmax output goes with cross-entropy, whose δ is y − z.
    a = softmax(s) if a is None else np.asarray(a, dtype=float)
    d = np.subtract(1.0, a, out=_buffer(a, out))
    d *= a
    return d


def _sympy_softmax(s):
    raise ValueError("activation: the softmax is a function of all the sums of a layer, not of one s; "
                     "mlpviz.symbolic derives networks with sigmoid, tanh, relu or linear units")


def _sympy_sigmoid(s):
    import sympy as sp

    return 1 / (1 + sp.exp(-s))


def _sympy_tanh(s):
    import sympy as sp

    return sp.tanh(s)


def _sympy_relu(s):
    import sympy as sp

    return sp.Max(0, s)


def _sympy_linear(s):
    return s


def _power_base(x: str) -> str:
    """LaTeX ``x`` ready to be squared: a symbol in braces, a number (negatives already in parentheses) as it is."""
    return x if x[:1].isdigit() or x.startswith("(") else f"{{{x}}}"


def _sympy_step(s, a):
    import sympy as sp

    return sp.Heaviside(s)        # a step: 1 for s > 0, 0 for s < 0


def _sympy_one(s, a):
    import sympy as sp

    return sp.Integer(1)


@dataclass(frozen=True)
class Activation:
    """One activation function: its name, value, derivative, symbol and the forms it is written in.

    Attributes
    ----------
    name : str
        The name used in files and on the command line.
    f : callable
        ``f(s, out=None)``, the activation.
    df : callable
        ``df(s, a=None, out=None)``, the derivative f'(s); ``a`` is f(s) if known.
    sympy : callable
        ``sympy(s)`` builds the sympy expression of f at the symbol ``s``.
    symbol : str
        The function's name in formulas, LaTeX: ``\\sigma``, ``\\tanh``,
        ``\\mathrm{ReLU}``, ``f`` (linear).
    latex : str
        The definition as LaTeX, for notebooks: ``\\sigma(s) = \\frac{1}{1 + e^{-s}}``.
    derivative_latex : str
        The derivative as LaTeX, in s and, where the seeds use it, in the
        output ``a = f(s)``: ``\\sigma'(s) = \\sigma(s)\\,(1 - \\sigma(s)) = a\\,(1 - a)``.
    slope : callable
        ``slope(s, a)`` writes f'(s) the way the seeds do, given the LaTeX of
        ``s`` and of ``a = f(s)`` (symbols, or numbers with negatives in
        parentheses): ``a\\,(1 - a)``, ``(1 - a^2)``, ``\\mathrm{ReLU}'(s)``, ``1``.
    slope_sympy : callable
        ``slope_sympy(s, a)``, the same form as a sympy expression.
    elementwise : bool
        False for the softmax, whose outputs each depend on all the layer's
        sums: it may only be the output layer, trained with cross-entropy.

    Notes
    -----
    The forms are the seeds' (cheat sheet 001, step 5): σ'(s) = σ(s)(1 − σ(s)),
    tanh'(s) = 1 − tanh²(s); :func:`mlpviz.symbolic.prove_identity` checks each
    one against sympy's derivative of the definition.
    """

    name: str
    f: Callable
    df: Callable
    sympy: Callable
    symbol: str
    latex: str
    derivative_latex: str
    slope: Callable[[str, str], str]
    slope_sympy: Callable
    elementwise: bool = True

    def __call__(self, s: ArrayLike, out: np.ndarray | None = None) -> np.ndarray:
        """``f(s)``, written into ``out`` if given."""
        return self.f(s, out=out)

    def __repr__(self) -> str:  # short, stable (notebooks print it)
        return f"Activation({self.name!r})"


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(
        "sigmoid", sigmoid, _sigmoid_df, _sympy_sigmoid, r"\sigma",
        r"\sigma(s) = \frac{1}{1 + e^{-s}}",
        r"\sigma'(s) = \sigma(s)\,(1 - \sigma(s)) = a\,(1 - a)",
        lambda s, a: rf"{a}\,(1 - {a})",
        lambda s, a: a * (1 - a),
    ),
    "tanh": Activation(
        "tanh", tanh, _tanh_df, _sympy_tanh, r"\tanh",
        r"\tanh(s) = \frac{e^{s} - e^{-s}}{e^{s} + e^{-s}}",
        r"\tanh'(s) = 1 - \tanh^2(s) = 1 - a^2",
        lambda s, a: rf"(1 - {_power_base(a)}^2)",
        lambda s, a: 1 - a**2,
    ),
    "relu": Activation(
        "relu", relu, _relu_df, _sympy_relu, r"\mathrm{ReLU}",
        r"\mathrm{ReLU}(s) = \max(0, s)",
        r"\mathrm{ReLU}'(s) = \begin{cases} 1 & s > 0 \\ 0 & s \le 0 \end{cases}",
        lambda s, a: rf"\mathrm{{ReLU}}'({s})",
        _sympy_step,
    ),
    "linear": Activation(
        "linear", linear, _linear_df, _sympy_linear, "f",
        r"f(s) = s",
        r"f'(s) = 1",
        lambda s, a: "1",
        _sympy_one,
    ),
    "softmax": Activation(
        "softmax", softmax, _softmax_df, _sympy_softmax, r"\mathrm{softmax}",
        r"\mathrm{softmax}(s)_k = \frac{e^{s_k}}{\sum_j e^{s_j}}",
        r"\frac{\partial y_k}{\partial s_j} = y_k\,(\delta_{kj} - y_j)",
        lambda s, a: rf"{a}\,(1 - {a})",
        lambda s, a: a * (1 - a),
        elementwise=False,
    ),
}

#: The activations a hidden layer may have (every one but the softmax).
ELEMENTWISE = tuple(name for name, f in ACTIVATIONS.items() if f.elementwise)


def get_activation(name: str | Activation, where: str = "activation") -> Activation:
    """Look an activation up by name.

    Parameters
    ----------
    name : str or Activation
        One of ``sigmoid``, ``tanh``, ``relu``, ``linear`` (case-insensitive).
    where : str
        What to call the argument in an error message.

    Raises
    ------
    ValueError
        If the name is not known; the message lists the known names.
    """
    if isinstance(name, Activation):
        return name
    if isinstance(name, str) and name.strip().lower() in ACTIVATIONS:
        return ACTIVATIONS[name.strip().lower()]
    known = ", ".join(ACTIVATIONS)
    raise ValueError(f"{where}: unknown activation {name!r}; expected one of {known}")


def activation_list(activation: str | Sequence[str], n_layers: int) -> list[Activation]:
    """Expand one name, or one name per layer, into a list of ``n_layers`` activations.

    Parameters
    ----------
    activation : str, Activation or sequence of them
        One for every layer, or exactly ``n_layers`` of them.
    n_layers : int
        The number of weight layers.

    Returns
    -------
    list of Activation

    Raises
    ------
    ValueError
        If a name is unknown or the number of names is not 1 or ``n_layers``.
    """
    if isinstance(activation, (str, Activation)):
        return [get_activation(activation)] * n_layers
    names = list(activation)
    if len(names) != n_layers:
        raise ValueError(
            f"activation: got {len(names)} names {names!r} for a network with {n_layers} "
            f"weight layers; give one name, or exactly one per layer"
        )
    return [get_activation(n, where=f"activation[{i}]") for i, n in enumerate(names)]
