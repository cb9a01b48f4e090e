"""Exercises for the notebooks: a catalog, and a check that gives instant feedback.

Every exercise's solution is computed by mlpviz (or derived by sympy) when asked for, never typed in.
A wrong answer is compared with the *typical* wrong answers, computed the same way — the sign flipped,
the f′(s) factor left out, the bias forgotten, a weight already updated — and the feedback names the
mistake without giving the answer away. A formula answer is read by the restricted parser
:func:`mlpviz.formula.parse_formula` (never ``eval`` or ``sympify``) and compared with sympy.

>>> import mlpviz as mv
>>> mv.exercises.check("04_dL_dy", "y - z").correct
True
>>> mv.exercises.check("04_dL_dy", ...).message
'not answered yet: replace ... by a formula in y and z, e.g. "y*z" (as text, in quotes)'
"""
from __future__ import annotations

import html
import math
import numbers
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

import numpy as np

from .validation import check_choice, describe

__all__ = ["Exercise", "Feedback", "catalog", "check"]

KINDS = ("number", "formula", "choice")
_PLACEHOLDERS = ("", "...", "…", "?")


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: shown in a notebook as one coloured line.

    Attributes
    ----------
    correct : bool
    message : str
        What is right, or what is wrong (without the answer), or what to type.
    """

    correct: bool
    message: str

    def __str__(self) -> str:
        return ("✔ " if self.correct else "✘ ") + self.message

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.correct else "#b35900"
        return f'<p style="color:{colour}; margin:0.2em 0">{html.escape(str(self))}</p>'

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(str(self))


@dataclass(frozen=True)
class Exercise:
    """One "your turn" question of a notebook.

    Attributes
    ----------
    id : str
        ``"NN_name"``, where ``NN`` is the notebook's number.
    notebook : str
        The notebook's stem, e.g. ``"06_backpropagation"``.
    prompt : str
        The question, in one or two sentences.
    kind : {"number", "formula", "choice"}
        A number (float or size-1 array), a formula typed as text, or one of ``choices``.
    variables : tuple of str
        For a formula: the names it may use.
    choices : tuple of str
        For a choice: the allowed answers.
    hint : str
        Said after a wrong answer that matches none of the typical mistakes.
    """

    id: str
    notebook: str
    prompt: str
    kind: str
    _solve: Callable[[], object] = field(repr=False)
    _mistakes: Callable[[], list] = field(default=lambda: [], repr=False)
    variables: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    hint: str = "check each step of your working against the text above."

    def solution(self):
        """The right answer, computed now: a float, a sympy expression, or one of ``choices``."""
        return self._solve()

    def mistakes(self) -> list[tuple[object, str]]:
        """The typical wrong answers, computed now, each with what it shows: ``[(answer, diagnosis)]``.

        A typical mistake that happens to give the right answer here, or the same answer as an earlier
        one, is left out.
        """
        same = _same_formula if self.kind == "formula" else _same_number
        kept = []
        for wrong, why in self._mistakes():
            if not same(wrong, self.solution()) and not any(same(wrong, w) for w, _ in kept):
                kept.append((wrong, why))
        return kept


# ------------------------------------------------------------------ the exercises' numbers
def _seed():
    """The seeds' network, input (0.5, 0.5), target 0.91, its trace and gradients."""
    from . import examples
    net = examples.seed_network("sigmoid")
    x, z = examples.SEED_X_001, examples.SEED_TARGET
    trace = net.forward(x)
    return net, x, z, trace, net.backward(trace, z)


def _dataset_scalers():
    from . import examples
    from .scaling import MinMaxScaler
    X, Z = examples.seed_dataset()
    return X, Z, MinMaxScaler().fit(X), MinMaxScaler().fit(Z)


def _sym(*names):
    import sympy as sp
    return sp.symbols(names, real=True, positive=True)


SIGN = "the sign is flipped: check which way each term points (y − z, not z − y; a step goes against the gradient)."
NO_FPRIME = "a factor f′(s) is missing: the chain rule passes through the activation, whose slope is σ′(s) = a(1 − a)."


def _weighted_sum():
    from . import examples
    net = examples.seed_network()
    w, b, x = net.weights[0][0], net.biases[0][0], examples.SEED_X_000
    return float(w @ x + b), [(float(w @ x), "you left out the bias b: it is added after the weighted inputs."),
                              (float(net.activations[0].f(np.array([w @ x + b]))[0]),
                               "that is the output a = σ(s); the question asks for the sum s, before the activation.")]


def _neuron_at_zero():
    from . import examples
    net = examples.seed_network()
    b = net.biases[0][0]
    sig = net.activations[0].f
    return float(sig(np.array([b]))[0]), [
        (float(b), "that is the weighted sum s (just the bias when both inputs are 0); apply the sigmoid to it."),
        (0.5, "σ(0) = 0.5 would mean the sum is 0; with both inputs 0 the bias is still there."),
    ]


def _equal_neurons_stay_equal():
    from . import examples
    from .network import MLP
    equal = MLP.from_weights([np.full((3, 2), 0.5), np.full((1, 3), 0.5)], [np.zeros(3), np.zeros(1)])
    equal.step(examples.SEED_X_001, examples.SEED_TARGET, lr=examples.SEED_LR)
    rows = equal.weights[0]
    return "yes" if np.allclose(rows, rows[0]) else "no"


def _std_of_sum():
    import sympy as sp
    n, w = _sym("n", "w")
    var_uniform = sp.integrate(w ** 2 / 2, (w, -1, 1))     # variance of U[−1, 1]: 1/3
    var_term = var_uniform * var_uniform                    # w·x, independent, both mean 0
    return sp.sqrt(n * var_term), [
        (n * var_term, "that is the variance; the standard deviation is its square root."),
        (sp.sqrt(n), "each term w·x has a variance well below 1: both factors are small (variance of U[−1, 1] "
                     "is ∫ w²/2 dw over [−1, 1])."),
        (n * sp.sqrt(var_term), "standard deviations do not add up; variances do. Add n variances, then take the root."),
    ]


def _scaled_i1():
    X, Z, xs, zs = _dataset_scalers()
    value = 80.0
    lo, hi = xs.data_min_[1], xs.data_max_[1]
    return float(xs.transform([[X[0, 0], value]])[0, 1]), [
        (value / hi, "you divided by the maximum; min-max scaling subtracts the minimum, then divides by max − min."),
        ((value - lo) / hi, "divide by the spread max − min, not by the maximum."),
        (2 * (value - lo) / (hi - lo) - 1, "that is the value in [−1, 1]; the question asks for [0, 1]."),
    ]


def _minmax_11():
    x, lo, hi = _sym("x", "lo", "hi")
    unit = (x - lo) / (hi - lo)
    return unit * 2 - 1, [
        (unit, "that maps onto [0, 1]; stretch it to twice the length and shift it down by one."),
        ((x - lo) / (hi - lo) * 2, "this runs from 0 to 2: shift it down by one."),
        (unit * 2 + 1, "this runs from 1 to 3: the shift goes down, not up."),
    ]


def _hidden_sum_01():
    from . import examples
    net = examples.seed_network()
    x = np.array([0.0, 1.0])
    w, b = net.weights[0][1], net.biases[0][1]
    return float(net.forward(x).s[0][1]), [
        (float(w @ x), "you left out the bias b_h[1]."),
        (float(net.activations[0].f(net.forward(x).s[0])[1]), "that is the activation a_h[1]; the question asks "
                                                                 "for the weighted sum s_h[1]."),
    ]


def _sigmoid_slope():
    import sympy as sp
    a, s = _sym("a", "s")
    sigma = 1 / (1 + sp.exp(-s))
    slope = sp.diff(sigma, s)                                    # e^{-s}/(1+e^{-s})²
    in_a = sp.simplify(slope.subs(s, -sp.log(1 / a - 1)))        # s = σ⁻¹(a) gives a(1 − a)
    return in_a, [
        (1 - a ** 2, "that is the slope of tanh, 1 − tanh²; the sigmoid's is different."),
        (a * (1 + a), "check the sign inside the bracket: the slope is 0 when a reaches 1."),
        (a, "the slope of the sigmoid is not its value; differentiate 1/(1 + e^{−s}) and write it with a."),
    ]


def _loss_at_half():
    from . import examples
    net, x, _, trace, _ = _seed()
    y, z = float(trace.output[0]), 0.5
    return float(net.loss(x, [z])), [
        ((y - z) ** 2, "you forgot the ½ in front of the square."),
        ((y - z) / 2, "the error is squared before halving."),
        (abs(y - z) / 2, "the error is squared before halving."),
        (float(net.loss(x, examples.SEED_TARGET)), "that is the loss for the old target 0.91; use z = 0.5."),
    ]


def _dL_dy():
    import sympy as sp
    y, z = _sym("y", "z")
    return sp.diff((y - z) ** 2 / 2, y), [
        (z - y, SIGN),
        (2 * (y - z), "the ½ in front of the square cancels the 2 the derivative brings down."),
        ((y - z) ** 2, "that is twice the loss, not its slope: differentiate with respect to y."),
    ]


def _descent_path(lr):
    from . import descent, examples
    return descent.gradient_descent("bowl", start=examples.SEED_DESCENT_START, lr=lr, steps=10)


_ETA_CHOICES = ("crawls", "slides straight in", "zig-zags in", "bounces forever", "diverges")


def _eta_behaviour(lr=0.8):
    from . import descent
    fx, _ = descent.get_function("bowl").step_factors(lr)
    if abs(fx) > 1:
        return "diverges"
    if abs(fx) == 1:
        return "bounces forever"
    if fx < 0:
        return "zig-zags in"
    return "crawls" if fx > 0.9 else "slides straight in"


def _one_step_x():
    from . import examples
    path = _descent_path(examples.SEED_DESCENT_LR)
    x0, lr = examples.SEED_DESCENT_START[0], examples.SEED_DESCENT_LR
    return float(path.x_new[0]), [
        (x0 + lr * 2 * x0, "that step went uphill: subtract η times the gradient."),
        (x0 - lr * x0, "the derivative of x² is 2x, not x."),
        (x0 - 2 * x0, "the step is η times the gradient: multiply by η."),
    ]


def _step_factor():
    import sympy as sp
    x, eta = _sym("x", "eta")
    f = x ** 2
    return sp.simplify((x - eta * sp.diff(f, x)) / x), [
        (1 + 2 * eta, SIGN),
        (1 - eta, "the derivative of x² is 2x: the factor carries 2η."),
        (-2 * eta, "that is only the change; the new point is the old one plus the change."),
    ]


def _delta_h1_sign():
    _, _, _, _, grads = _seed()
    d = grads.delta[0][1]
    return "zero" if d == 0 else ("positive" if d > 0 else "negative")


def _delta_o():
    net, x, z, trace, grads = _seed()
    y = trace.output
    fprime = net.activations[-1].df(trace.s[-1])
    return float(grads.delta[-1][0]), [
        (float((y - z)[0]), NO_FPRIME),
        (float(((z - y) * fprime)[0]), SIGN),
        (float(((y - z) ** 2 / 2)[0]), "that is the loss; δo is its slope with respect to s_o."),
    ]


def _grad_wh10():
    net, x, z, trace, grads = _seed()
    d_o, wo1 = grads.delta[-1][0], net.weights[1][0, 1]
    fprime = net.activations[0].df(trace.s[0])[1]
    return float(grads.dW[0][1, 0]), [
        (float(wo1 * d_o * x[0]), NO_FPRIME),
        (float(-grads.dW[0][1, 0]), SIGN),
        (float(fprime * wo1 * d_o), "that is δh[1]; the gradient of a weight is δ times what flows in along it (x[0])."),
    ]


def _loss_falls():
    net, x, z, trace, grads = _seed()
    new = net.copy()
    new.update(grads, _lr())
    return "yes" if new.loss(x, z) < net.loss(x, z) else "no"


def _lr():
    from . import examples
    return examples.SEED_LR


def _new_wo0():
    net, x, z, trace, grads = _seed()
    new = net.copy()
    new.update(grads, _lr())
    w, lr, d = net.weights[1][0, 0], _lr(), grads.delta[-1][0]
    return float(new.weights[1][0, 0]), [
        (float(w), "that is the old weight: subtract η times its gradient."),
        (float(w + lr * grads.dW[1][0, 0]), "that step went uphill: subtract η·∂L/∂w, do not add it."),
        (float(w - lr * d), "the gradient of a weight is δo times its input a_h[0], not δo alone."),
        (float(w - grads.dW[1][0, 0]), "multiply the gradient by the learning rate η."),
    ]


def _change_wh10(lr=1.0):
    """The change of w_h[1][0] in one update with η = 1 (big enough for an early update to show)."""
    net, x, z, trace, grads = _seed()
    new = net.copy()
    new.update(grads, lr)
    fprime = net.activations[0].df(trace.s[0])[1]
    d_o = grads.delta[-1][0]
    late = fprime * new.weights[1][0, 1] * d_o          # δh[1] from the already updated w_o[1]
    return float(new.weights[0][1, 0] - net.weights[0][1, 0]), [
        (float(-lr * late * x[0]), "you used the updated w_o[1] in δh[1]: every gradient is computed with the "
                                   "old weights, before any of them changes."),
        (float(lr * grads.dW[0][1, 0]), SIGN),
        (float(-lr * d_o * net.weights[1][0, 1] * x[0]), NO_FPRIME),
        (float(new.weights[0][1, 0]), "that is the new weight; the question asks for the change, new − old."),
    ]


def _fit_whole(epochs=1000):
    from . import examples
    X, Z, xs, zs = _dataset_scalers()
    net = examples.seed_network("sigmoid")
    return net.fit(xs.transform(X), zs.transform(Z), epochs=epochs, lr=_lr()), len(X)


def _iterations():
    history, n = _fit_whole()
    return float(len(history.step_loss)), [
        (float(len(history.epoch_loss)), "that is the number of epochs; every epoch makes one update per row."),
        (float(len(history.epoch_loss) // n), "with batch size 1 each row is its own update, not each epoch."),
    ]


def _epoch1_loss():
    from . import examples
    X, Z, xs, zs = _dataset_scalers()
    Xs, Zs = xs.transform(X), zs.transform(Z)
    history, n = _fit_whole(epochs=1)
    return float(history.epoch_loss[0]), [
        (float(examples.seed_network("sigmoid").loss(Xs, Zs)),
         "that is the loss of all four rows with the starting weights; the epoch loss averages four losses, "
         "each measured just before its own update."),
        (float(history.step_loss[-1]), "that is the last row's loss alone; the epoch loss is the mean of the epoch's "
                                       "four step losses."),
        (float(sum(history.step_loss)), "that is the sum; the epoch loss is the mean."),
    ]


def _scaled_outside():
    X, Z, xs, zs = _dataset_scalers()
    row = np.array([[100.0, 50.0]])
    return float(xs.transform(row)[0, 0]), [
        (1.0, "the scaler does not clip: a value above the training maximum lands above 1."),
        (0.5, "a new row is scaled with the saved training minimum and maximum, not its own."),
        (float(row[0, 0] / xs.data_max_[0]), "subtract the minimum, then divide by max − min."),
    ]


def _prediction_range():
    """Whether a seed Model's prediction, even for far-out rows, leaves the targets' range."""
    from . import examples
    from .model import Model
    X, Z, xs, zs = _dataset_scalers()
    net = examples.seed_network("sigmoid")
    far = np.array([[-1000.0, -1000.0], [1000.0, 1000.0], [1000.0, -1000.0], [-1000.0, 1000.0]])
    y = Model(net, xs, zs).predict(far)
    return "yes" if (y < Z.min()).any() or (y > Z.max()).any() else "no"


def _output_delta(loss: str, y: float, z: float) -> float:
    """δ = ∂L/∂s of one sigmoid output neuron whose output is y, from the network's own backward pass."""
    from .network import MLP
    s = float(np.log(y / (1 - y)))                      # σ(s) = y
    neuron = MLP.from_weights([[[0.0]]], [[s]], ["sigmoid"], loss)
    return float(neuron.backward(neuron.forward([0.0]), [z]).delta[-1][0])


def _bce_delta():
    y, z = 0.9, 0.0
    return _output_delta("binary_cross_entropy", y, z), [
        (_output_delta("half_squared_error", y, z), "that is δ under the half squared error; under cross-entropy "
                                                    "the factor σ′(s) cancels."),
        (z - y, SIGN),
        (-np.log(1 - y), "that is the loss itself; δ is its slope ∂L/∂s."),
    ]


def _softmax_top():
    from .activations import softmax
    s = np.array([2.0, 1.0, 0.0])
    return float(softmax(s).max()), [
        (float(s.max() / s.sum()), "softmax divides exponentials, e^{s_k} / Σ e^{s_j}, not the sums themselves."),
        (float(1 / (1 + np.exp(-s.max()))), "that is the sigmoid of one sum; softmax weighs it against all classes."),
        (float(np.exp(s.max())), "divide by the sum of all the exponentials."),
    ]


def _xavier_limit():
    n_in, n_out = 400, 300                                 # MLP(init="xavier") draws from U[−r, r]
    return float(np.sqrt(6.0 / (n_in + n_out))), [
        (float(np.sqrt(2.0 / n_in)), "that is He's standard deviation; Xavier's limit uses n_in + n_out."),
        (float(np.sqrt(6.0 / n_in)), "Xavier's limit divides by n_in + n_out, not n_in alone."),
        (6.0 / (n_in + n_out), "take the square root."),
    ]


def _dropout_value():
    a, keep = 0.6, 0.8
    return a / keep, [
        (a * keep, "inverted dropout divides a kept unit by p, so that the expected value stays a."),
        (a, "a kept unit is scaled up, so that the layer's expected output does not shrink."),
        (0.0, "the unit was kept, not dropped."),
    ]


def _updates_per_epoch():
    from . import examples
    X, _ = examples.digits_dataset()
    n_train = len(X) - math.ceil(0.2 * len(X))             # train_test_split(test_size=0.2) keeps the rest
    return float(math.ceil(n_train / 32)), [
        (float(n_train // 32), "the last, smaller batch is an update too."),
        (float(n_train), "that is one update per row; with mini-batches each batch of 32 is one update."),
        (float(math.ceil(len(X) / 32)), "count only the training rows; the validation rows are never trained on."),
    ]


def _updates_b20():
    from . import batches
    n, b, epochs = 200, 20, 60
    return float(epochs * batches.iterations_per_epoch(n, b)), [
        (float(epochs), "that is the number of epochs; each epoch makes one update per batch."),
        (float(epochs * n), "that is per-sample training (B = 1); here each batch of 20 is one update."),
        (float(n // b), "that is one epoch; the run has 60 of them."),
    ]


def _dead_relu_gradient():
    from . import examples
    net = examples.house_price_network()
    x, z = examples.house_price_sample()
    trace = net.forward(x)
    grads = net.backward(trace, z)
    through = (net.weights[2].T @ grads.delta[2])[0]           # ∂L/∂a[1][0], before ReLU′(s) is applied
    return float(grads.dW[1][0, 0]), [
        (float(through * trace.a[1][0]), NO_FPRIME.replace("σ′(s) = a(1 − a)", "ReLU′(s), 0 for a negative s")),
    ]


def _perceptron():
    from . import symbolic
    p = symbolic.perceptron_gradient(n_samples=3, n_inputs=2)
    X, y = np.array([[0.0, 1.0], [1.0, 0.5], [2.0, -1.0]]), np.array([0.0, 1.0, 1.0])
    return p, X, y, np.array([0.4, -0.3]), 0.2


def _perceptron_dw1():
    p, X, y, w, b = _perceptron()
    value = float(p.evaluate(p.dw[0], X, y, w, b))
    return value, [
        (value / 2, "that is the gradient of ½(y − ŷ)² averaged; C = mean of (y − ŷ)² has no ½."),
        (value * 3, "C is the mean over the three samples: divide the sum by n."),
    ]


def _xor_fence_loss():
    from . import examples
    from .loss import mse_loss
    _, Z = examples.xor_dataset()
    return float(mse_loss(np.full_like(Z, 0.5), Z)), [
        (float(np.mean((0.5 - Z) ** 2)), "you forgot the ½ of the half squared error."),
        (0.5, "that is the error itself; square it and halve it."),
        (0.25, "you forgot the ½ of the half squared error."),
    ]


def _house_loss():
    from . import examples
    net = examples.house_price_network()
    x, z = examples.house_price_sample()
    return float(net.loss(x, z)), [
        (0.5 * (1 - 0.6079) ** 2, "that uses the seed's printed output 0.6079; use the engine's output y."),
        (float(2 * net.loss(x, z)), "you forgot the ½."),
    ]


def _printed_sign_direction():
    p, X, y, w, b = _perceptron()
    true = np.array([p.evaluate(d, X, y, w, b) for d in p.dw])
    step = 0.5
    printed = -true                                             # the seed prints the gradient without its minus
    return "uphill" if p.evaluate(p.cost, X, y, w - step * printed, b) > p.evaluate(p.cost, X, y, w, b) \
        else "downhill"


def _make_catalog() -> dict[str, Exercise]:
    def number(id, prompt, computed, hint):
        computed = lru_cache(maxsize=1)(computed)
        return Exercise(id, _NOTEBOOKS[id[:2]], prompt, "number", lambda: computed()[0], lambda: list(computed()[1]),
                        hint=hint)

    def formula(id, prompt, computed, variables, hint):
        computed = lru_cache(maxsize=1)(computed)
        return Exercise(id, _NOTEBOOKS[id[:2]], prompt, "formula", lambda: computed()[0], lambda: list(computed()[1]),
                        variables=variables, hint=hint)

    def choice(id, prompt, solve, choices, hint):
        return Exercise(id, _NOTEBOOKS[id[:2]], prompt, "choice", solve, choices=choices, hint=hint)

    items = [
        number("00_weighted_sum", "The first hidden neuron gets x = (1, 1). Compute its weighted sum s "
               "from its two weights and its bias.", _weighted_sum,
               "s = w_h[0][0]·x0 + w_h[0][1]·x1 + b_h[0]; read the three numbers from the table."),
        number("00_output_at_zero", "Give the same neuron x = (0, 0). What is its output a = σ(s)?",
               _neuron_at_zero, "with both inputs 0 only the bias is left in the sum; then apply σ."),
        choice("01_equal_stay_equal", "Start all weights at 0.5 and all biases at 0, take one training step: "
               "are the three rows of hidden weights still equal to each other? (yes / no)",
               _equal_neurons_stay_equal, ("yes", "no"),
               "run the symmetry cell and compare the three rows of equal.weights[0]."),
        formula("01_std_of_sum", "n products w·x, every w and x drawn uniformly from [−1, 1], independent: what is "
                "the standard deviation of their sum, as a formula in n?", _std_of_sum, ("n",),
                "the variance of U[−1, 1] is 1/3; the variance of a product of two independent mean-0 factors "
                "is the product of their variances; variances of independent terms add."),
        number("02_scale_i1", "Scale i1 = 80 into [0, 1] with the dataset's minimum and maximum of i1.",
               _scaled_i1, "x′ = (x − min) / (max − min), with the min and max of the column i1."),
        formula("02_minmax_11", "Type the formula that scales x into [−1, 1], using lo for the column's minimum and "
                "hi for its maximum.", _minmax_11, ("x", "lo", "hi"),
                "the [0, 1] value, times 2, minus 1; check that x = lo gives −1 and x = hi gives 1."),
        number("03_hidden_sum", "Input x = (0, 1): compute the weighted sum s_h[1] of hidden node 1.",
               _hidden_sum_01, "s_h[1] = w_h[1][0]·x0 + w_h[1][1]·x1 + b_h[1]."),
        formula("03_sigmoid_slope", "Write the sigmoid's slope σ′(s) in terms of its output a = σ(s).",
                _sigmoid_slope, ("a",),
                "differentiate 1/(1 + e^{−s}); then notice that e^{−s}/(1 + e^{−s}) = 1 − a."),
        number("04_loss_half", "Keep the input (0.5, 0.5) but set the target to z = 0.5. What is the loss "
               "½(y − z)² of the sigmoid network?", _loss_at_half,
               "compute y with net.predict(x), then ½(y − z)²."),
        formula("04_dL_dy", "Type the derivative dL/dy of L = ½(y − z)², as a formula in y and z.", _dL_dy,
                ("y", "z"), "bring the exponent down and use the chain rule on y − z."),
        choice("05_eta_08", "Predict before you run it: from (3, 4) on the bowl x² + y² with η = 0.8, what does "
               "gradient descent do? (" + " / ".join(_ETA_CHOICES) + ")", _eta_behaviour, _ETA_CHOICES,
               "work out the factor 1 − 2η each step multiplies the point by: its sign and its size decide."),
        number("05_one_step", "From (3, 4) with η = 0.1, take one step by hand: what is the new x?", _one_step_x,
               "x_new = x − η·∂f/∂x with ∂f/∂x = 2x."),
        formula("05_step_factor", "One step on x² multiplies x by a factor. Type it as a formula in eta.",
                _step_factor, ("eta",), "write x − η·2x and take x out of the brackets."),
        choice("06_delta_h1_sign", "Predict before you compute: what sign does δh[1] have? (positive / negative / "
               "zero)", _delta_h1_sign, ("positive", "negative", "zero"),
               "δh[1] = σ′(s_h[1])·w_o[1]·δo: σ′ is always positive, so count the minus signs of w_o[1] and δo."),
        number("06_delta_o", "Compute the output error signal δo = (y − z)·σ′(s_o) for x = (0.5, 0.5), z = 0.91.",
               _delta_o, "σ′(s_o) = y(1 − y); multiply it by y − z."),
        number("06_grad_wh10", "Compute ∂L/∂w_h[1][0] by the chain rule (δh[1] times the input it multiplies).",
               _grad_wh10, "δh[1] = σ′(s_h[1])·w_o[1]·δo, then multiply by x[0]."),
        choice("07_loss_falls", "Predict: after one update with η = 0.1, will the loss of the sample be lower "
               "than before? (yes / no)", _loss_falls, ("yes", "no"),
               "each parameter moves against its gradient by a small step."),
        number("07_new_wo0", "Compute the new output weight w_o[0] after the update (η = 0.1).", _new_wo0,
               "w_o[0] − η·δo·a_h[0], with the old w_o[0]."),
        number("07_change_wh10", "With η = 1, by how much does the hidden weight w_h[1][0] change in one update "
               "(new − old)?", _change_wh10, "the change is −η·δh[1]·x[0], where δh[1] uses the weights before "
               "the update."),
        number("08_iterations", "Four rows, batch size 1, 1000 epochs: how many updates (iterations) does "
               "training make?", _iterations, "one update per row, every epoch."),
        number("08_epoch1_loss", "Train the whole scaled dataset for one epoch from the seed weights. What is the "
               "epoch loss of that first epoch?", _epoch1_loss,
               "net.fit(...) returns history.epoch_loss; or average the four step losses."),
        number("09_scale_outside", "With the training minimum and maximum of i0, what does i0 = 100 scale to?",
               _scaled_outside, "x′ = (x − min) / (max − min) with the saved min and max of i0."),
        number("10_updates_b20", "200 rows, mini-batches of B = 20, 60 epochs: how many updates does training "
               "make?", _updates_b20, "⌈N/B⌉ updates per epoch, times the number of epochs."),
        number("10_dead_relu", "House-price network: what is ∂L/∂W[1][0, 0] (weights[1][0, 0])?",
               _dead_relu_gradient, "look at the sign of s[1][0] and at ReLU′ there."),
        number("11_dC_dw1", "At w = (0.4, −0.3), b = 0.2, samples x = (0, 1), (1, 0.5), (2, −1) with targets 0, 1, "
               "1: what is ∂C/∂w_1 for C = mean of (y − ŷ)²?", _perceptron_dw1,
               "sum −(2/n)(y_k − ŷ_k)·ŷ_k(1 − ŷ_k)·x_k1 over the three samples."),
        number("11_xor_fence_loss", "A neuron outputs 0.5 for every XOR row. What is its loss, ½(y − z)² "
               "averaged over the four rows?", _xor_fence_loss, "every row's error is ±0.5."),
        number("15_house_loss", "Seed 003's loss line: what is ½(1 − y)² with the engine's output y?", _house_loss,
               "compute y with house_price_network().predict(x), then ½(1 − y)²."),
        choice("15_printed_sign", "Seed 004's printed ∂C/∂w lacks its minus sign. Would w ← w − α·(printed ∂C/∂w) "
               "move the cost uphill or downhill? (uphill / downhill)", _printed_sign_direction,
               ("uphill", "downhill"), "the printed gradient is the negative of the true one."),
        number("12_bce_delta", "A sigmoid output y = 0.9 with target z = 0, trained with binary cross-entropy: "
               "what is its error signal δ = ∂L/∂s?", _bce_delta,
               "differentiate −[z log y + (1 − z) log(1 − y)] by y, then multiply by σ′(s) = y(1 − y)."),
        number("12_softmax_top", "The softmax of s = (2, 1, 0): what probability does it give the chosen class?",
               _softmax_top, "y_k = e^{s_k} / (e^{s_0} + e^{s_1} + e^{s_2}); the chosen class has the largest."),
        number("13_xavier_limit", "A layer with n_in = 400 inputs and n_out = 300 outputs: what is Xavier's "
               "limit r (weights uniform in [−r, r])?", _xavier_limit, "r = √(6 / (n_in + n_out))."),
        number("13_dropout_value", "Inverted dropout with keep probability p = 0.8: what does a kept unit whose "
               "activation is 0.6 pass on?", _dropout_value,
               "inverted dropout rescales the kept units during training, so nothing changes at test time."),
        number("14_updates_per_epoch", "Mini-batches of 32 on the 1,437 training rows: how many updates does one "
               "epoch make?", _updates_per_epoch, "one update per batch; count the batches, the last one may "
               "be smaller."),
        choice("14_overfitting", "The training loss keeps falling while the validation loss rises. What is "
               "happening? (underfitting / overfitting / converged)", lambda: "overfitting",
               ("underfitting", "overfitting", "converged"),
               "compare what the network does on rows it trains on with rows it never sees."),
        choice("09_leave_range", "Can the trained sigmoid network predict a z0 outside the range of the training "
               "targets, for any input? (yes / no)", _prediction_range, ("yes", "no"),
               "the output neuron is a sigmoid; where does inverse min-max send 0 and 1?"),
    ]
    return {e.id: e for e in items}


_NOTEBOOKS = {"00": "00_start_here", "01": "01_initialization", "02": "02_normalization",
              "03": "03_forward_pass", "04": "04_loss", "05": "05_gradient_descent",
              "06": "06_backpropagation", "07": "07_update", "08": "08_training_loop",
              "09": "09_save_and_predict", "10": "10_matrix_form_and_deeper_networks", "11": "11_perceptron",
              "15": "15_errata", "12": "12_nonlinearity_and_classification",
              "13": "13_pitfalls", "14": "14_generalisation"}


@lru_cache(maxsize=1)
def _catalog() -> dict[str, Exercise]:
    return _make_catalog()


def catalog() -> dict[str, Exercise]:
    """Every exercise of the notebooks, by id.

    Returns
    -------
    dict of str to Exercise
        A new dict each call (the exercises themselves are immutable).
    """
    return dict(_catalog())


# ------------------------------------------------------------------ checking
def _is_placeholder(answer) -> bool:
    return answer is None or answer is Ellipsis or (isinstance(answer, str) and answer.strip() in _PLACEHOLDERS)


def _what_to_type(ex: Exercise) -> str:
    if ex.kind == "number":
        return "replace ... by a number (or the numpy expression that computes it)"
    if ex.kind == "formula":
        names = ", ".join(ex.variables[:-1]) + (" and " if len(ex.variables) > 1 else "") + ex.variables[-1]
        return f'replace ... by a formula in {names}, e.g. "{"*".join(ex.variables)}" (as text, in quotes)'
    return "replace ... by one of " + ", ".join(f'"{c}"' for c in ex.choices)


def _as_number(answer, name: str) -> float:
    """A real number from a float, a numpy scalar or a one-element array; ValueError otherwise."""
    if isinstance(answer, (str, bytes, bool, np.bool_)):
        raise ValueError(f"{name}: expected a number, got {describe(answer)}")
    if isinstance(answer, numbers.Real):
        value = float(answer)
    else:
        try:
            arr = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{name}: expected a number, got {describe(answer)}") from None
        if arr.size != 1:
            raise ValueError(f"{name}: expected one number, got an array of shape {arr.shape}")
        value = float(arr.reshape(()))
    if not math.isfinite(value):
        raise ValueError(f"{name}: expected a finite number, got {value}")
    return value


def _same_number(a: float, b: float) -> bool:
    """Equal up to rounding to 4 decimals or to 4 significant digits."""
    return abs(a - b) <= max(6e-5, 6e-4 * abs(b))


def _parse(text: str, ex: Exercise):
    """The typed formula as sympy, read by the restricted parser; the variables made real and positive."""
    import sympy as sp
    from .formula import parse_formula
    expr = parse_formula(text, variables=ex.variables, name=f"answer to {ex.id}")
    return expr.subs({sym: sp.Symbol(sym.name, real=True, positive=True) for sym in expr.free_symbols})


def _same_formula(a, b) -> bool:
    """Symbolically equal: their difference simplifies to 0 (variables positive reals)."""
    import sympy as sp
    diff = a - b
    if diff == 0:
        return True
    # A quick numeric look first: most wrong formulas differ at a simple point, and simplify is slow.
    point = {s: sp.Rational(3 + 2 * i, 7) for i, s in enumerate(sorted(diff.free_symbols, key=str))}
    try:
        value = complex(diff.subs(point).evalf())
    except (TypeError, ValueError, ZeroDivisionError):
        value = None
    if value is not None and abs(value) > 1e-9:
        return False
    return sp.simplify(diff) == 0


def check(exercise_id: str, answer) -> Feedback:
    """Check an answer to one exercise and say what is right or wrong.

    Parameters
    ----------
    exercise_id : str
        A key of :func:`catalog`.
    answer : number, str or None
        A number (float, numpy scalar or one-element array) for a "number" exercise; the formula as text
        (``"s*(1 - s)"``, read by :func:`mlpviz.formula.parse_formula`, never evaluated as Python) for a
        "formula" one; one of the exercise's choices for a "choice" one. ``None``, ``...`` or ``""``
        means not answered yet.

    Returns
    -------
    Feedback
        ``correct`` and a message: for a wrong answer the typical mistake it matches (a sign, a missing
        f′(s) factor, an old weight), never the solution; for a placeholder, what to type.

    Raises
    ------
    ValueError
        If ``exercise_id`` is not in the catalog.
    """
    ex = _catalog()[check_choice(exercise_id, "exercise_id", _catalog())]
    if _is_placeholder(answer):
        return Feedback(False, "not answered yet: " + _what_to_type(ex))
    if ex.kind == "number":
        try:
            value = _as_number(answer, "answer")
        except ValueError as err:
            return Feedback(False, f"{err}; {_what_to_type(ex)}")
        if _same_number(value, ex.solution()):
            return Feedback(True, "right!")
        for wrong, why in ex.mistakes():
            if _same_number(value, wrong):
                return Feedback(False, "not quite: " + why)
        if _same_number(-value, ex.solution()):
            return Feedback(False, "not quite: " + SIGN)
        return Feedback(False, "not quite: " + ex.hint)
    if ex.kind == "formula":
        if not isinstance(answer, str):
            return Feedback(False, f"answer: expected the formula as text in quotes, got {describe(answer)}")
        try:
            expr = _parse(answer, ex)
        except ValueError as err:
            return Feedback(False, f"could not read the formula: {err}")
        if _same_formula(expr, ex.solution()):
            return Feedback(True, "right! (sympy agrees that your formula equals the solution)")
        for wrong, why in ex.mistakes():
            if _same_formula(expr, wrong):
                return Feedback(False, "not quite: " + why)
        if _same_formula(-expr, ex.solution()):
            return Feedback(False, "not quite: " + SIGN)
        return Feedback(False, "not quite: " + ex.hint)
    if not isinstance(answer, str):
        return Feedback(False, f"answer: expected one of {', '.join(ex.choices)} (as text), got {describe(answer)}")
    try:
        picked = check_choice(answer, "answer", ex.choices)
    except ValueError as err:
        return Feedback(False, str(err))
    if picked == ex.solution():
        return Feedback(True, "right!")
    return Feedback(False, "not quite: " + ex.hint)
