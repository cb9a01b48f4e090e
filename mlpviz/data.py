"""Datasets from CSV files: a header row, then one row of numbers per sample.

The layout is the seeds' (and the Go ``mlp`` package's)::

    i0, i1, z0
    70, 98, 91
    50, 85, 82

Input columns come first, then target columns. Spaces around cells are
ignored and blank lines are skipped.

Which columns are targets
-------------------------
* ``load_csv(path, n_inputs=k)``: the first ``k`` columns are inputs and
  the rest targets (no targets if ``k`` is the number of columns).
* ``load_csv(path)``: columns whose name starts with ``z`` or ``Z`` (the
  seeds' name for a target) are targets, the others inputs. A file without
  such columns has inputs only (``Z`` is ``None``), as for prediction.
"""
from __future__ import annotations

import csv
import io as _io
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .io import read_text
from .validation import check_count, check_path

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
                             f"({', '.join(self.input_names)}) but the network takes "
                             f"{_count(n_in, 'input')}")
        if targets and self.Z is not None and self.n_targets != n_out:
            raise ValueError(f"{source} has {_count(self.n_targets, 'target column')} "
                             f"({', '.join(self.target_names)}) but the network has "
                             f"{_count(n_out, 'output')}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def load_csv(path: str | os.PathLike, n_inputs: int | None = None) -> Dataset:
    """Read a dataset from a CSV file with a header row.

    Parameters
    ----------
    path : str or path-like
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
        missing or empty file, no data rows, a row with the wrong number of
        cells, a cell that is not a finite number, a duplicate or empty
        column name, targets before inputs.
    """
    p = check_path(path, "path")
    expected = "a CSV file with a header row (e.g. i0,i1,z0) and rows of numbers"
    text = read_text(p, expected)

    reader = csv.reader(_io.StringIO(text, newline=""), skipinitialspace=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line
            rows.append((reader.line_num, [cell.strip() for cell in row]))
    except csv.Error as exc:
        raise ValueError(f"{p}: line {reader.line_num}: not valid CSV ({exc})") from None
    if not rows:
        raise ValueError(f"{p}: the file is empty; expected {expected}")

    header_line, names = rows[0]
    seen: dict[str, int] = {}
    for j, name in enumerate(names):
        if not name:
            raise ValueError(f"{p}: line {header_line}: column {j + 1} of the header has no name; "
                             f"expected a name for every column (e.g. i0,i1,z0)")
        if name in seen:
            raise ValueError(f"{p}: line {header_line}: the column name {name!r} appears twice "
                             f"(columns {seen[name] + 1} and {j + 1}); expected unique names")
        seen[name] = j
    if len(rows) == 1:
        raise ValueError(f"{p}: has a header ({', '.join(names)}) but no data rows; "
                         f"expected at least one row of numbers below it")

    table = np.empty((len(rows) - 1, len(names)))
    for r, (line, cells) in enumerate(rows[1:]):
        if len(cells) != len(names):
            raise ValueError(f"{p}: line {line}: has {_count(len(cells), 'cell')} but the header has "
                             f"{_count(len(names), 'column')} ({', '.join(names)})")
        for j, cell in enumerate(cells):
            table[r, j] = _cell_number(cell, f"{p}: line {line}, column {names[j]!r}")

    n_in = _split(names, n_inputs, p, header_line)
    X = table[:, :n_in]
    Z = table[:, n_in:] if n_in < len(names) else None
    return Dataset(X=X, Z=Z, input_names=names[:n_in], target_names=names[n_in:], path=str(p))


def _cell_number(cell: str, where: str) -> float:
    if not cell:
        raise ValueError(f"{where}: the cell is empty; expected a number")
    try:
        x = float(cell)
    except ValueError:
        raise ValueError(f"{where}: {cell!r} is not a number") from None
    if not math.isfinite(x):
        raise ValueError(f"{where}: {cell!r} is not a finite number")
    return x


def _split(names: list[str], n_inputs, p: Path, header_line: int) -> int:
    """How many leading columns are inputs."""
    if n_inputs is not None:
        return check_count(n_inputs, "n_inputs", high=len(names))
    is_target = [name.lower().startswith("z") for name in names]
    if all(is_target):
        raise ValueError(f"{p}: line {header_line}: every column ({', '.join(names)}) is a target "
                         f"(its name starts with z); expected input columns first")
    n_in = is_target.index(True) if any(is_target) else len(names)
    late_inputs = [name for name, t in zip(names[n_in:], is_target[n_in:]) if not t]
    if late_inputs:
        raise ValueError(f"{p}: line {header_line}: target column {names[n_in]!r} comes before input "
                         f"column {late_inputs[0]!r}; expected the input columns first, then the targets "
                         f"(names starting with z)")
    return n_in
