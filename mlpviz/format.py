"""How mlpviz writes numbers, tables and aligned LaTeX: the one place for display formatting.

Numbers
-------
Every formula, table, label and message writes its numbers with one of these,
so a number looks the same wherever it is shown and stored notebook outputs
are identical on every run:

=============================  ==============================================  =====================
function                       writes                                          for
=============================  ==============================================  =====================
``number(v, digits)``          fixed decimals, never ``-0.0000``               formulas, tables
``number(v, digits, huge=)``   the same, scientific once ``|v| >= huge``       values that may blow up
``factor(v, digits)``          a factor of a product: ``(-0.5000)``            substituted formulas
``signed_sum(values, digits)`` ``-0.2500 - 0.5000 + 0.5000``                   substituted sums
``label(v, digits)``           typographic minus, scientific from 1e5          pictures
``signed(v, digits)``          a change with its sign: ``+0.0012``, ``−0.0450`` pictures of changes
``significant(v, digits)``     significant digits (``{:.6g}``)                 readouts, reports
``plain(v)``                   the shortest text: ``0.8``, ``−1``              prose
``cell(v, digits)``            one table cell: text, whole numbers, tuples     tables
=============================  ==============================================  =====================

Tables and LaTeX
----------------
:class:`Table` is the one table type (aligned text, HTML in Jupyter, Markdown);
:class:`LatexMath` is a LaTeX string that Jupyter typesets, :func:`aligned`
stacks lines into an ``aligned`` block and :func:`pmatrix` writes a matrix.

Only numpy is imported here.
"""
from __future__ import annotations

import html as _html
from typing import Sequence

import numpy as np

from .validation import check_count

__all__ = ["number", "factor", "signed_sum", "label", "short_label", "signed", "significant", "plain", "cell",
           "Table", "LatexMath", "aligned", "pmatrix", "MINUS", "HUGE"]

#: The typographic minus sign the pictures and the prose use (U+2212).
MINUS = "\u2212"
#: From this size on, :func:`label` writes a number in scientific notation.
HUGE = 1e5


# ------------------------------------------------------------------------------- numbers
def number(value: float, digits: int = 4, huge: float | None = None) -> str:
    """``value`` with ``digits`` decimals, never ``-0.0000``.

    Parameters
    ----------
    value : float
    digits : int, default 4
        Decimals (of the mantissa, in scientific notation).
    huge : float, optional
        From this ``|value|`` on, scientific notation (``1.2346e+07``): a
        blown-up value stays short instead of running to hundreds of digits.

    Returns
    -------
    str
        ``"nan"``, ``"inf"`` and ``"-inf"`` for values that are not finite.

    Examples
    --------
    >>> number(-0.25), number(-1e-9), number(12345678.9, 2, huge=1e5)
    ('-0.2500', '0.0000', '1.23e+07')
    """
    value = float(value)
    scientific = huge is not None and abs(value) >= huge
    text = f"{value:.{digits}e}" if scientific else f"{value:.{digits}f}"
    if float(text) == 0.0:
        text = text.lstrip("-")
    return text


def factor(value: float, digits: int = 4) -> str:
    """``value`` as a factor of a product: :func:`number`, negatives in parentheses (``(-0.5000)``)."""
    text = number(value, digits)
    return f"({text})" if text.startswith("-") else text


def signed_sum(values: Sequence[float], digits: int = 4) -> str:
    """A sum written with the signs folded in: ``-0.2500 - 0.5000 + 0.5000``."""
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


def label(value: float, digits: int = 2) -> str:
    """A number as the pictures write it: ``digits`` decimals, typographic minus, scientific from 1e5.

    Examples
    --------
    >>> label(-0.5), label(-0.001), label(123456.0)
    ('−0.50', '0.00', '1.23e+05')
    """
    return number(value, digits, huge=HUGE).replace("-", MINUS)


def short_label(value: float, digits: int = 2) -> str:
    """A number for a crowded picture: :func:`label` below 10, fewer decimals up to 1000, then ``−1.9e4``.

    A diverged network's weights stay as narrow as its ordinary ones, so the
    labels of a diagram stay apart and inside the figure.

    Examples
    --------
    >>> short_label(-0.5), short_label(-43.73), short_label(-157.99), short_label(-18883.44), short_label(-8.36e154)
    ('−0.50', '−43.7', '−158', '−1.9e4', '−8.4e154')
    """
    value = float(value)
    if not np.isfinite(value):
        return "nan" if np.isnan(value) else ("∞" if value > 0 else MINUS + "∞")
    if abs(value) < 10:
        return label(value, digits)
    if abs(value) < 1000:       # as wide as −0.50: −43.7, −158
        return label(value, min(digits, 1 if abs(value) < 100 else 0))
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{mantissa}e{int(exponent)}".replace("-", MINUS)


def signed(value: float, digits: int = 4) -> str:
    """A change with its sign, as the pictures write it: ``+0.0012``, ``−0.0450``.

    A change smaller than the last decimal is written in scientific notation
    (``+3.0e-06``) rather than as ``+0.0000``; no change at all is ``0.0000``.
    """
    value = float(value)
    if value == 0:
        return label(0.0, digits)
    text = f"{value:+.{digits}f}" if abs(value) >= 10.0 ** -digits else f"{value:+.1e}"
    return text.replace("-", MINUS)


def significant(value: float, digits: int = 6) -> str:
    """``value`` with ``digits`` significant digits, Python's ``{:.6g}``: ``0.0745213``, ``1.5e-07``."""
    return f"{float(value):.{digits}g}"


def plain(value: float) -> str:
    """A number for prose: ``0.8`` not ``0.8000000000000002``, ``−1`` not ``-1.0`` (typographic minus)."""
    value = round(float(value), 10)
    if value == 0:
        value = 0.0
    return f"{value:g}".replace("-", MINUS)


def cell(value, digits: int = 4, whole: bool = False) -> str:
    """One value as a table shows it.

    Text as it is; ``True``/``False``; integers without decimals; floats with
    ``digits`` decimals (:func:`number`); tuples, lists and arrays as
    ``(a, b)``.

    Parameters
    ----------
    value : str, bool, int, float, tuple, list or ndarray
    digits : int, default 4
    whole : bool, default False
        Also write a float that is a whole number without decimals (``25``,
        not ``25.0000``).
    """
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (tuple, list)):
        return "(" + ", ".join(cell(v, digits, whole) for v in value) + ")"
    if whole and float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return number(value, digits)


# -------------------------------------------------------------------------------- tables
class Table:
    """A small table of numbers: HTML in Jupyter, aligned text everywhere else.

    Both faces are deterministic (fixed decimals), so a notebook that shows a
    Table stores the same output on every run.

    Parameters
    ----------
    rows : sequence of sequences
        The cells, one inner sequence per row (numbers, text or tuples: see :func:`cell`).
    columns : sequence of str
        The column headings.
    digits : int or sequence of int, default 4
        Decimals shown for floats: one number for every column, or one per column.
    title : str, optional
        A caption shown above the table.

    Raises
    ------
    ValueError
        If ``digits`` does not give one number or one per column, or a row
        has another number of cells than there are columns.

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
        self.digits = [digits] * n if np.ndim(digits) == 0 else list(digits)
        if len(self.digits) != n:
            raise ValueError(f"digits: expected one number or {n} (one per column), got {len(self.digits)}")
        self.digits = [check_count(d, f"digits[{j}]", low=0, high=20) for j, d in enumerate(self.digits)]
        self.rows = [list(r) for r in rows]
        for i, r in enumerate(self.rows):
            if len(r) != n:
                raise ValueError(f"rows[{i}]: has {len(r)} cells but there are {n} columns {self.columns}")
        self.title = title

    @classmethod
    def from_columns(cls, columns: dict, digits=4, title: str | None = None) -> "Table":
        """A table from ``{heading: values}``, every value sequence the same length.

        Raises
        ------
        ValueError
            If the columns differ in length.
        """
        values = [list(np.ravel(v)) if not isinstance(v, str) else [v] for v in columns.values()]
        lengths = {len(v) for v in values}
        if len(lengths) > 1:
            raise ValueError(f"columns: expected columns of one length, got lengths "
                             f"{dict(zip(columns, map(len, values)))}")
        return cls(list(zip(*values)), list(columns), digits, title)

    def cells(self) -> list[list[str]]:
        """The formatted cell texts, row by row."""
        return [[cell(v, d) for v, d in zip(r, self.digits)] for r in self.rows]

    def _left(self) -> list[bool]:
        """Text columns are aligned left, numbers right."""
        return [all(isinstance(r[j], str) for r in self.rows) for j in range(len(self.columns))]

    def __repr__(self) -> str:
        cells = self.cells()
        widths = [max([len(c)] + [len(r[j]) for r in cells]) for j, c in enumerate(self.columns)]

        def line(texts):
            return "  ".join(t.ljust(w) if lft else t.rjust(w)
                             for t, w, lft in zip(texts, widths, self._left())).rstrip()

        out = [self.title] if self.title else []
        out += [line(self.columns), line(["-" * w for w in widths])]
        out += [line(r) for r in cells]
        return "\n".join(out)

    __str__ = __repr__

    def _repr_html_(self) -> str:
        esc = _html.escape
        align = ["left" if lft else "right" for lft in self._left()]
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

    def to_markdown(self) -> str:
        """The table as Markdown (for ``IPython.display.Markdown``); the title is left out."""
        lines = ["| " + " | ".join(self.columns) + " |", "|" + "---|" * len(self.columns)]
        lines += ["| " + " | ".join(r) + " |" for r in self.cells()]
        return "\n".join(lines)


# --------------------------------------------------------------------------------- LaTeX
class LatexMath(str):
    """A LaTeX math string (no surrounding ``$``) that Jupyter renders as math.

    It is a plain ``str``: compare it, search it, or pass it to
    ``IPython.display.Math``. As the last value of a cell it is shown as
    typeset math through ``_repr_latex_``.
    """

    def _repr_latex_(self) -> str:
        return f"$$\n{self}\n$$"


def aligned(lines: Sequence[str]) -> LatexMath:
    """Lines (each with an ``&`` where they align) as one LaTeX ``aligned`` block."""
    return LatexMath("\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}")


def pmatrix(M, digits: int = 4) -> str:
    """A vector or matrix as a LaTeX ``pmatrix``, every entry with ``digits`` decimals (a vector is a row)."""
    rows = [" & ".join(number(v, digits) for v in np.atleast_1d(row)) for row in np.atleast_2d(M)]
    return r"\begin{pmatrix}" + r" \\ ".join(rows) + r"\end{pmatrix}"
