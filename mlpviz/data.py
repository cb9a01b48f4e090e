"""Datasets from CSV files: a header row, then one row of numbers per sample.

The layout is the seeds' (and the Go ``mlp`` package's)::

    i0, i1, z0
    70, 98, 91
    50, 85, 82

Input columns come first, then target columns. Spaces around cells are
ignored and blank lines are skipped. Cells are separated by commas and
numbers written with a decimal point; a cell may be quoted (``"3e2"``), but
every quote closes on its own line. The file is UTF-8 text, a regular file
(not a device or a pipe).

Which columns are targets
-------------------------
* ``load_csv(path, n_inputs=k)``: the first ``k`` columns are inputs and
  the rest targets (no targets if ``k`` is the number of columns).
* ``load_csv(path)``: columns whose name starts with ``z`` or ``Z`` (the
  seeds' name for a target) are targets, the others inputs. A file without
  such columns has inputs only (``Z`` is ``None``), as for prediction.
"""
from __future__ import annotations

import array
import csv
import math
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import numpy as np

from .io import _not_utf8, open_text
from .validation import check_count, check_path, describe

if TYPE_CHECKING:  # only for the type hint: data.py needs no network code
    from .network import MLP

__all__ = ["Dataset", "load_csv"]


@dataclass
class Dataset:
    """Inputs and (optionally) targets read from a file.

    Attributes
    ----------
    X : array, shape (n_samples, n_inputs)
        The input columns, in original units.
    Z : array, shape (n_samples, n_targets), or None
        The target columns; ``None`` when the file has none.
    input_names, target_names : list of str
        Column names from the header (``target_names`` is empty without targets).
    path : str or None
        The file the data came from (for error messages).
    """

    X: np.ndarray
    Z: np.ndarray | None
    input_names: list[str]
    target_names: list[str] = field(default_factory=list)
    path: str | None = None

    @property
    def n_samples(self) -> int:
        """Number of data rows."""
        return int(self.X.shape[0])

    @property
    def n_inputs(self) -> int:
        """Number of input columns."""
        return int(self.X.shape[1])

    @property
    def n_targets(self) -> int:
        """Number of target columns (0 without targets)."""
        return 0 if self.Z is None else int(self.Z.shape[1])

    def check_network(self, net: MLP, targets: bool = True) -> None:
        """Raise a ValueError unless the columns fit ``net``'s inputs (and outputs).

        Parameters
        ----------
        net : MLP
        targets : bool, default True
            Also check the target columns against the outputs (when the
            dataset has targets).
        """
        source = f"file {self.path}" if self.path else "the dataset"
        n_in, n_out = net.layer_sizes[0], net.layer_sizes[-1]
        if self.n_inputs != n_in:
            raise ValueError(f"{source} has {_count(self.n_inputs, 'input column')} "
                             f"({_names(self.input_names)}) but the network takes "
                             f"{_count(n_in, 'input')}")
        if targets and self.Z is not None and self.n_targets != n_out:
            raise ValueError(f"{source} has {_count(self.n_targets, 'target column')} "
                             f"({_names(self.target_names)}) but the network has "
                             f"{_count(n_out, 'output')}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


#: What a CSV file should hold, for the messages.
_EXPECTED = "a CSV file with a header row (e.g. i0,i1,z0) and rows of numbers"
#: The longest line read, in characters (a row of 100,000 numbers of 16 digits is 1.7 million).
_LINE_LIMIT = 1 << 24
#: Column names listed in a message before it says how many there are.
_SHOWN = 8


def load_csv(path: str | os.PathLike, n_inputs: int | None = None) -> Dataset:
    """Read a dataset from a CSV file with a header row.

    Parameters
    ----------
    path : str or path-like
        A regular file of UTF-8 text (a byte order mark is skipped).
    n_inputs : int, optional
        How many leading columns are inputs. By default, columns named
        ``z...`` (case-insensitive) are targets and the rest inputs; targets
        must come after the inputs.

    Returns
    -------
    Dataset

    Raises
    ------
    ValueError
        Naming the file, the line (1-based, as in an editor) and the column:
        a missing or empty file, a folder, a device or a pipe, text that is
        not UTF-8, a first row of numbers rather than names, a duplicate or
        empty column name, targets before inputs, no data rows, a row with
        the wrong number of cells, an unclosed quote, a cell that is not a
        finite number (with a hint when the file seems to use ``;`` or tabs
        between cells, or decimal commas), a line longer than 16 million
        characters.

    Notes
    -----
    The numbers are read by numpy's C parser (:func:`numpy.loadtxt`), which
    keeps no Python object per cell: 2 million rows of 3 columns take about
    a second and 90 MB of memory. When it refuses anything, the file is read
    again line by line with the :mod:`csv` module, which names the line and
    the column that is wrong, or reads what numpy's parser leaves to it (a
    line of blanks, a quoted cell after a space).
    """
    p = check_path(path, "path")
    with open_text(p, _EXPECTED, newline="") as f:
        lines = _lines(f, p)
        header_line, names = _header(lines, p)
        n_in = _split(names, n_inputs, p, header_line)
        table = _numpy_table(lines, len(names))
    if table is None:
        table = _csv_table(p, names, header_line)
    X = table[:, :n_in]
    Z = table[:, n_in:] if n_in < len(names) else None
    return Dataset(X=X, Z=Z, input_names=names[:n_in], target_names=names[n_in:], path=str(p))


def _lines(f, p: Path) -> Iterator[str]:
    """The lines of the open file ``f``, ends kept; a line too long or not UTF-8 is a ValueError."""
    number = 0
    while True:
        try:
            line = f.readline(_LINE_LIMIT)
        except UnicodeDecodeError:
            raise _not_utf8(p, _EXPECTED) from None
        if not line:
            return
        number += 1
        if len(line) == _LINE_LIMIT and not line.endswith(("\n", "\r")):
            raise ValueError(f"{p}: line {number} is longer than {_LINE_LIMIT:,} characters; expected {_EXPECTED}")
        yield line


def _header(lines: Iterator[str], p: Path) -> tuple[int, list[str]]:
    """The line number and the column names of the first line that is not blank."""
    for number, line in enumerate(lines, 1):
        if line.strip():
            break
    else:
        raise ValueError(f"{p}: the file is empty; expected {_EXPECTED}")
    cells = next(csv.reader([line], skipinitialspace=True))
    where = f"{p}: line {number}"
    if any("\n" in cell or "\r" in cell for cell in cells):
        raise ValueError(f"{where}: unclosed quote: a column name opens a quote (\") that does not close on "
                         f"its line; expected names separated by commas (e.g. i0,i1,z0)")
    names = [cell.strip() for cell in cells]
    seen: dict[str, int] = {}
    for j, name in enumerate(names):
        if not name:
            raise ValueError(f"{where}: column {j + 1} of the header has no name; "
                             f"expected a name for every column (e.g. i0,i1,z0)")
        if name in seen:
            raise ValueError(f"{where}: the column name {describe(name)} appears twice "
                             f"(columns {seen[name] + 1} and {j + 1}); expected unique names")
        seen[name] = j
    if all(_is_number(name) for name in names):
        raise ValueError(f"{where}: the first row ({_names(names)}) holds numbers, not column names; "
                         f"expected a header row naming the columns (e.g. i0,i1,z0) above the data")
    return number, names


def _numpy_table(lines: Iterator[str], n_columns: int) -> np.ndarray | None:
    """The rows left in ``lines`` read by numpy's C parser; None if it refuses them or a number is not finite."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "input contained no data": the csv pass says it in full
        try:
            table = np.loadtxt(lines, dtype=float, delimiter=",", quotechar='"', comments=None, ndmin=2)
        except ValueError:
            return None
    if table.shape[0] == 0 or table.shape[1] != n_columns or not np.isfinite(table).all():
        return None
    return table


def _csv_table(p: Path, names: list[str], header_line: int) -> np.ndarray:
    """The rows below the header read line by line with the csv module; the first fault is a ValueError.

    The numbers go straight into a C array of doubles (8 bytes a cell).
    """
    n = len(names)
    values = array.array("d")
    with open_text(p, _EXPECTED, newline="") as f:
        reader = csv.reader(_lines(f, p), skipinitialspace=True)
        start = 1  # the line where the row being read begins
        try:
            for row in reader:
                line, start = start, reader.line_num + 1
                if line <= header_line or not row or (len(row) == 1 and not row[0].strip()):
                    continue  # the header, or a blank line
                where = f"{p}: line {line}"
                if reader.line_num > line or row[-1].endswith(("\n", "\r")):  # a quote runs over the line end
                    raise ValueError(f"{where}: unclosed quote: a cell opens a quote (\") that does not close "
                                     f"on its line; expected one row of numbers per line")
                if len(row) != n:
                    raise ValueError(f"{where}: has {_count(len(row), 'cell')} but the header has "
                                     f"{_count(n, 'column')} ({_names(names)}){_count_hint(names, row)}")
                try:
                    numbers = [float(cell) for cell in row]
                except ValueError:
                    numbers = [math.nan]
                if not all(map(math.isfinite, numbers)):
                    for cell, name in zip(row, names):  # name the first cell that is wrong
                        _cell_number(cell.strip(), f"{where}, column {describe(name)}")
                values.extend(numbers)
        except csv.Error as exc:
            raise ValueError(f"{p}: line {start}: not valid CSV ({exc}); is a quote (\") left "
                             f"unclosed?") from None
    if not values:
        raise ValueError(f"{p}: has a header ({_names(names)}) but no data rows; "
                         f"expected at least one row of numbers below it")
    return np.frombuffer(values, dtype=float).reshape(-1, n)


def _cell_number(cell: str, where: str) -> float:
    if not cell:
        raise ValueError(f"{where}: the cell is empty; expected a number")
    try:
        x = float(cell)
    except ValueError:
        raise ValueError(f"{where}: {describe(cell)} is not a number{_separator_hint(cell)}") from None
    if not math.isfinite(x):
        raise ValueError(f"{where}: {describe(cell)} is not a finite number")
    return x


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _separator_hint(text: str) -> str:
    """A hint if ``text`` holds what other CSV dialects put between cells (``;``, a tab), else ''."""
    for sep, name in ((";", "';'"), ("\t", "tabs")):
        if sep in text:
            return (f"; the cells seem to be separated by {name}: mlpviz reads comma-separated values, with a "
                    f"decimal point (1.5, not 1,5)")
    return ""


def _count_hint(names: list[str], row: list[str]) -> str:
    """Why a row may have more cells than the header: another separator, or decimal commas."""
    if len(names) == 1 and _separator_hint(names[0]):
        return _separator_hint(names[0])
    if len(row) > len(names):
        return "; if the numbers have decimal commas, write them with a point (1.5, not 1,5)"
    return ""


def _names(names: list[str]) -> str:
    """Column names for a message: ``i0, i1, z0``; a long list cut, with its length: ``…, z9 (1000 columns)``."""
    shown = [name if name.isprintable() and len(name) <= 40 else describe(name) for name in names]
    if len(shown) > _SHOWN:
        shown = shown[:_SHOWN - 2] + ["…", shown[-1]]
        return f"{', '.join(shown)} ({len(names):,} columns)"
    return ", ".join(shown)


def _split(names: list[str], n_inputs, p: Path, header_line: int) -> int:
    """How many leading columns are inputs."""
    if n_inputs is not None:
        return check_count(n_inputs, "n_inputs", high=len(names))
    is_target = [name.lower().startswith("z") for name in names]
    if all(is_target):
        raise ValueError(f"{p}: line {header_line}: every column ({_names(names)}) is a target "
                         f"(its name starts with z); expected input columns first")
    n_in = is_target.index(True) if any(is_target) else len(names)
    late_inputs = [name for name, t in zip(names[n_in:], is_target[n_in:]) if not t]
    if late_inputs:
        raise ValueError(f"{p}: line {header_line}: target column {describe(names[n_in])} comes before input "
                         f"column {describe(late_inputs[0])}; expected the input columns first, then the targets "
                         f"(names starting with z)")
    return n_in
