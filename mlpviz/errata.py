"""Where the seeds' worked examples print a number the math does not give.

The cheat sheets that mlpviz teaches from (seeds 000 and 001) walk a 2-3-1
network through one training step by hand. Most of their numbers are right;
some are slips (a wrong digit, a sign, a value from an earlier draft), some
are rounding (truncated instead of rounded, or rounded values carried into
the next line), and a few are typos in an otherwise right line.

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

from dataclasses import dataclass
from typing import Any, Callable

from . import examples as _examples
from .format import Table, cell
from .notation import Notation
from .scaling import MinMaxScaler
from .validation import check_choice, check_count

__all__ = ["Erratum", "errata", "errata_table", "errata_notes", "KINDS"]

#: The kinds of erratum: a wrong number, a rounding slip, a typo in a line whose
#: result is right, and text that contradicts the rest of the seed.
KINDS = ("slip", "rounding", "typo", "text")


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
        of floats, an int or an array).
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
    """Every known place where seeds 000/001 print a number or text the math does not give.

    Returns
    -------
    list of Erratum
        In the order they appear in the seeds (000 first).
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
    return out


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
    rows = []
    for e in errata():
        d = decimals if decimals is not None else (
            e.printed_decimals + 1 if e.printed_decimals is not None else 4)
        rows.append({"seed": e.seed, "where": f"{e.section} — {e.quantity}", "printed": e.printed,
                     "correct": cell(e.value(), d, whole=True), "why": e.why, "kind": e.kind})
    return rows


def errata_notes(*words: str, seed: str | None = None) -> Table:
    """The seeds' printed slips about one topic, with the value mlpviz computes.

    Parameters
    ----------
    *words : str
        Keep an erratum when its section or quantity contains any of these words
        (case-insensitive); no words: keep all.
    seed : str, optional
        Only this seed, ``"000"`` or ``"001"``.

    Returns
    -------
    Table
        Columns seed, where, printed, mlpviz, why.

    Raises
    ------
    ValueError
        If ``seed`` is not one of the seeds with errata.
    """
    if seed is not None:
        seed = check_choice(seed, "seed", ("000", "001"))
    rows = []
    for e, shown in zip(errata(), errata_table()):
        where = f"{e.section} — {e.quantity}"
        if seed is not None and e.seed != seed:
            continue
        if words and not any(w.lower() in where.lower() for w in words):
            continue
        rows.append([e.seed, where, e.printed, shown["correct"], e.why])
    return Table(rows, ["seed", "where", "printed", "mlpviz", "why"], 0)
