"""Networks and min-max scalers as JSON files, in mlpviz's format and the Go ``mlp`` package's.

Two formats, each a pair of files
---------------------------------
mlpviz's own files say what they are, so they can be checked and read back
exactly (numbers are written with Python's shortest round-trip ``repr``)::

    {"format": "mlpviz-network", "version": 1,
     "layer_sizes": [2, 3, 1], "activations": ["sigmoid", "sigmoid"],
     "weights": [W[0], W[1]], "biases": [b[0], b[1]]}

    {"format": "mlpviz-minmax", "version": 1, "feature_range": [0, 1],
     "input": {"min": [...], "max": [...]}, "output": {"min": [...], "max": [...]}}

``weights[l]`` is the matrix ``W[l]`` of shape ``(n_out, n_in)``: row ``j``
holds the weights into neuron ``j`` of layer ``l + 1``.

The seeds' Go ``mlp`` package writes two files after training::

    {"hiddenWeights": [...], "hiddenBias": [...], "outputWeights": [...], "outputBias": [...]}
    {"minInput": [...], "maxInput": [...], "minOutput": [...], "maxOutput": [...]}

with ``hiddenWeights[layer][node][input]``, ``hiddenBias[layer][node]``,
``outputWeights[outNode][lastHiddenNode]`` and ``outputBias[outNode]``: the
same ``(n_out, n_in)`` layout as mlpviz, split into hidden layers and the
output layer. These files record neither the activation nor the min-max
range, so the readers take them as arguments (the Go package's defaults:
sigmoid, [0, 1]). The Go package reads them with ``encoding/json`` into
``float64`` slices, which takes any JSON number.

Writing
-------
Each format has one writer (:func:`_save`), which every ``save_*`` function
calls; the text is the standard library's ``json.dumps``. Every file is
written atomically (:func:`atomic_write_text`): a failure part way leaves the
previous file as it was. :func:`save_model` writes a network and its min-max
values as a pair: both files are replaced, or neither, whichever step fails
(the old files are kept as backups until both renames are done), and
SIGINT, SIGTERM and SIGHUP wait until the pair is written.

Reading
-------
Each format has one reader per file (:data:`_READERS`), reached through
:func:`_read`; :func:`load_network`, :func:`load_scaler` and
:func:`load_model` tell the formats apart by their keys. Every reading error
is a ``ValueError`` naming the file, the key (with its index, e.g.
``hiddenWeights[0][3]``) and what was expected.
"""
from __future__ import annotations

import codecs
import contextlib
import json
import math
import os
import re
import secrets
import shutil
import signal
import stat
import threading
from pathlib import Path
from typing import Sequence, TextIO

import numpy as np

from .activations import activation_list, get_activation
from .loss import get_loss
from .network import MLP
from .scaling import MinMaxScaler, check_scaler
from .validation import check_choice, check_finite, check_path, check_range, describe

__all__ = [
    "FORMATS", "NETWORK_FORMAT", "MINMAX_FORMAT", "SUPPORTED_VERSIONS", "GO_WEIGHTS_KEYS", "GO_MINMAX_KEYS",
    "atomic_write_text", "open_text", "read_text",
    "save_network", "load_network", "save_scaler", "load_scaler",
    "save_go_weights", "load_go_weights", "save_go_minmax", "load_go_minmax", "save_model", "load_model",
]

#: The two file formats: mlpviz's own and the Go ``mlp`` package's.
FORMATS = ("mlpviz", "go")
NETWORK_FORMAT = "mlpviz-network"
MINMAX_FORMAT = "mlpviz-minmax"
#: The versions of each own format this mlpviz reads (and, the last one, writes).
SUPPORTED_VERSIONS = {NETWORK_FORMAT: (1,), MINMAX_FORMAT: (1,)}
GO_WEIGHTS_KEYS = ("hiddenWeights", "hiddenBias", "outputWeights", "outputBias")
GO_MINMAX_KEYS = ("minInput", "maxInput", "minOutput", "maxOutput")

# What a file should hold, by (format, role); format None: either.
_WHAT = {
    (None, "network"): "a network file (mlpviz-network JSON or the Go mlp weights JSON)",
    (None, "minmax"): "a min-max file (mlpviz-minmax JSON or the Go mlp min-max JSON)",
    ("mlpviz", "network"): "an mlpviz network file (mlpviz-network JSON)",
    ("mlpviz", "minmax"): "an mlpviz min-max file (mlpviz-minmax JSON)",
    ("go", "network"): "a Go mlp weights file (hiddenWeights, hiddenBias, outputWeights, outputBias)",
    ("go", "minmax"): "a Go mlp min-max file (minInput, maxInput, minOutput, maxOutput)",
}


# ====================================================================== writing
def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically.

    The text goes to a new temporary file in the same folder, which is
    flushed, ``fsync``-ed and then renamed over ``path`` with
    :func:`os.replace`. Readers see the old file or the new one, never a
    mix; if anything fails, the old file is left untouched and the
    temporary file is removed, also when SIGINT, SIGTERM or SIGHUP arrive
    (they are held until the write is over, see :func:`_write_together`).

    Parameters
    ----------
    path : str or path-like
        The file to create or replace; its folder must exist.
    text : str
        The whole new content.

    Raises
    ------
    ValueError
        If an argument is not what it should be, the folder does not exist
        (or is a file) or the file cannot be written.
    """
    path = check_path(path, "path")
    if not isinstance(text, str):
        raise ValueError(f"text: expected a str, got {describe(text)}")
    _write_together([(path, text)])


def _write_together(files: Sequence[tuple[Path, str]]) -> None:
    """Give every ``(path, text)`` of ``files`` its new text: all the files, or none of them.

    1. Each text goes to a temporary file beside its target, flushed and fsync-ed.
    2. Each target that exists, but the last, gets a backup: a second name for
       the old file (a hard link, or a copy where the file system has no
       links). The last needs none: once it is renamed, nothing is left to fail.
    3. The temporary files are renamed over their targets, one by one.
    4. If any step fails, the targets already renamed over get their old file
       back (or are removed, if there was none): all the old files are back.
    5. The backups and the temporary files left are removed.

    SIGINT, SIGTERM and SIGHUP are held from step 1 to step 5 (a few
    milliseconds) and act when it is over, so an interrupt or a ``kill``
    never leaves a temporary file, nor new weights beside an old min-max
    file. Only SIGKILL or a power cut can stop it part way (or a signal while
    a thread other than the main one saves: Python cannot hold it there).
    """
    with _signals_held():
        staged: list[tuple[Path, Path]] = []      # (temporary file, target)
        backups: dict[Path, Path | None] = {}     # target -> backup of its old file (None: no old file)
        renamed: list[Path] = []                  # targets that have their new text
        try:
            for path, text in files:
                staged.append((_write_temporary(path, text), path))
            for _, path in staged[:-1]:
                backups[path] = _backup(path)
            for tmp, path in staged:
                _rename(tmp, path)
                renamed.append(path)
        except BaseException as exc:
            _roll_back(renamed, backups, exc)
            raise
        finally:
            for tmp, path in staged:
                if path not in renamed:
                    _remove(tmp)
            for backup in backups.values():
                if backup is not None:
                    _remove(backup)


@contextlib.contextmanager
def _signals_held():
    """Hold SIGINT, SIGTERM and SIGHUP until the block ends; then each one that came acts as usual.

    While the block runs, a handler only notes the signals that arrive; at
    the end the usual handlers are back and the noted signals are raised
    again: SIGTERM and SIGHUP end the process (by default), SIGINT raises
    KeyboardInterrupt. (Handlers, not a signal mask: numpy's threads would
    take a masked signal.) Python handles signals in the main thread only,
    so in another thread, or for a signal set to be ignored, nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []
    usual = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)  # Windows has no SIGHUP
        if number is not None and signal.getsignal(number) not in (signal.SIG_IGN, None):
            usual[number] = signal.signal(number, lambda signum, frame: arrived.append(signum))
    try:
        yield
    finally:
        for number, handler in usual.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(arrived):
            signal.raise_signal(number)


def _check_target(path: Path) -> None:
    """Refuse a file that cannot be written: its folder is missing or a file, or it is a folder itself.

    Raises
    ------
    ValueError
        ``"<path>: cannot write the file: ..."``.
    """
    folder = path.parent
    if not folder.is_dir():
        blocked = next((p for p in (folder, *folder.parents) if p.exists()), None)  # a file in the way?
        what = (f"{blocked} is a file, not a folder" if blocked is not None and not blocked.is_dir()
                else f"the folder {folder} does not exist")
        raise ValueError(f"{path}: cannot write the file: {what}")
    if path.is_dir():
        raise ValueError(f"{path}: cannot write the file: it is a folder")


def _write_temporary(path: Path, text: str) -> Path:
    """Write ``text`` to a new temporary file beside ``path``, flushed and fsync-ed; return its path.

    On failure the temporary file is removed and a ValueError names ``path``.
    """
    _check_target(path)
    tmp = None
    try:
        for _ in range(100):  # a fresh name; O_EXCL never reuses someone else's file
            candidate = _sibling(path, "tmp")
            try:
                fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # umask applies
            except FileExistsError:
                continue
            tmp = candidate
            break
        else:  # pragma: no cover - 100 random collisions
            raise ValueError(f"{path}: cannot create a temporary file in {path.parent}")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        done, tmp = tmp, None
        return done
    except OSError as exc:
        raise ValueError(f"{path}: cannot write the file ({exc.strerror or exc})") from exc
    finally:
        if tmp is not None:
            _remove(tmp)


def _sibling(path: Path, suffix: str) -> Path:
    """A hidden name beside ``path`` that no one uses yet: ``.w.json.1a2b3c4d.tmp``."""
    return path.parent / f".{path.name}.{secrets.token_hex(4)}.{suffix}"


def _backup(path: Path) -> Path | None:
    """A second name for the file at ``path`` (None if there is no file): its old content, kept until the end."""
    if not os.path.lexists(path):
        return None
    try:
        for _ in range(100):
            backup = _sibling(path, "bak")
            try:
                os.link(path, backup, follow_symlinks=False)
            except FileExistsError:
                continue
            except OSError:  # no hard links on this file system (FAT, some network drives): a copy
                if os.path.lexists(backup):
                    continue
                shutil.copy2(path, backup, follow_symlinks=False)
            return backup
        raise ValueError(f"{path}: cannot create a backup file in {path.parent}")  # pragma: no cover
    except OSError as exc:
        raise ValueError(f"{path}: cannot write the file: cannot keep a backup of the old file "
                         f"({exc.strerror or exc})") from exc


def _rename(tmp: Path, path: Path) -> None:
    """Rename the temporary file ``tmp`` over ``path``, keeping the old file's permissions."""
    try:
        if path.exists():
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        os.replace(tmp, path)
    except OSError as exc:
        raise ValueError(f"{path}: cannot write the file ({exc.strerror or exc})") from exc
    _fsync_folder(path.parent)


def _roll_back(renamed: list[Path], backups: dict[Path, Path | None], error: BaseException) -> None:
    """Give each target in ``renamed`` its old file back, from its backup; remove it if it had none.

    A target that cannot be put back keeps its backup (dropped from
    ``backups``, so it is not removed), and a ValueError adds to ``error``
    where the old content is.
    """
    lost = []
    for path in reversed(renamed):
        backup = backups.get(path)
        try:
            if backup is None:
                os.unlink(path)
            else:
                os.replace(backup, path)
        except OSError as exc:
            reason = exc.strerror or exc
            lost.append(f"the new {path} could not be removed ({reason})" if backup is None else
                        f"{path} could not be put back ({reason}): its old content is in {backup}")
        backups[path] = None
    if lost:
        raise ValueError(f"{error}; and {'; '.join(lost)}") from error


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _same_file(a: Path, b: Path) -> bool:
    """True if two names reach one file: the same path once resolved, through a symlink or a hard link."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return a.resolve() == b.resolve()


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ---------------------------------------------------------------- mlpviz's format
# json.dumps(indent=2) puts every array element on its own line; an array
# holding no array or object (a matrix row, a bias vector) goes back on one.
# A real newline only occurs between tokens (json.dumps escapes it in strings).
_FLAT_ARRAY = re.compile(r"\[\n\s*([^\[\]{}]*?)\n\s*\]")


def _own_text(document: dict) -> str:
    """mlpviz's JSON: 2-space indent, one matrix row per line, a final newline."""
    text = json.dumps(document, indent=2, allow_nan=False)
    return _FLAT_ARRAY.sub(lambda m: "[" + re.sub(r",\n\s*", ", ", m.group(1)) + "]", text) + "\n"


def _own_network(net: MLP) -> dict:
    _check_network(net)
    doc = {
        "format": NETWORK_FORMAT,
        "version": SUPPORTED_VERSIONS[NETWORK_FORMAT][-1],
        "layer_sizes": [int(n) for n in net.layer_sizes],
        "activations": list(net.activation_names),
    }
    if net.loss_function.name != "half_squared_error":   # the default is left out: older files stay the same
        doc["loss"] = net.loss_function.name
    doc["weights"] = [np.asarray(W, dtype=float).tolist() for W in net.weights]
    doc["biases"] = [np.asarray(b, dtype=float).tolist() for b in net.biases]
    return doc


def _own_minmax(input_scaler: MinMaxScaler, output_scaler: MinMaxScaler) -> dict:
    check_scaler(input_scaler, "input_scaler")
    check_scaler(output_scaler, "output_scaler")
    if tuple(input_scaler.feature_range) != tuple(output_scaler.feature_range):
        raise ValueError(f"output_scaler: feature_range {output_scaler.feature_range} differs from "
                         f"input_scaler's {input_scaler.feature_range}; the file stores one range for both")
    lo, hi = input_scaler.feature_range
    return {
        "format": MINMAX_FORMAT,
        "version": SUPPORTED_VERSIONS[MINMAX_FORMAT][-1],
        "feature_range": [float(lo), float(hi)],
        "input": {"min": input_scaler.data_min_.tolist(), "max": input_scaler.data_max_.tolist()},
        "output": {"min": output_scaler.data_min_.tolist(), "max": output_scaler.data_max_.tolist()},
    }


# ---------------------------------------------------------------- the Go package's format
def _go_text(document: dict) -> str:
    """The Go package's layout: ``json.MarshalIndent`` with 2 spaces (one number per line), no final newline."""
    return json.dumps(_go_numbers(document), indent=2, allow_nan=False)


def _go_numbers(value):
    """Every number as Go writes a float64: a whole one below 1e21 without a decimal point (``45``).

    Go reads ``45.0`` as well; writing ``45`` keeps a file that mlpviz writes
    back the same as the Go package's. -0.0 stays a float, keeping its sign.
    """
    if isinstance(value, dict):
        return {key: _go_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_go_numbers(item) for item in value]
    x = float(value)
    negative_zero = x == 0 and math.copysign(1.0, x) < 0
    whole = x.is_integer() and abs(x) < 1e21 and not negative_zero
    return int(x) if whole else x


def _go_weights(net: MLP) -> dict:
    _check_network(net)
    if net.n_layers < 2:
        sizes = "-".join(str(n) for n in net.layer_sizes)
        raise ValueError(f"net: the Go mlp weights format needs at least one hidden layer "
                         f"(hiddenWeights), but this network is {sizes} with none; "
                         f"save it with save_network instead")
    return {
        "hiddenWeights": [np.asarray(W, dtype=float).tolist() for W in net.weights[:-1]],
        "hiddenBias": [np.asarray(b, dtype=float).tolist() for b in net.biases[:-1]],
        "outputWeights": np.asarray(net.weights[-1], dtype=float).tolist(),
        "outputBias": np.asarray(net.biases[-1], dtype=float).tolist(),
    }


def _go_minmax(input_scaler: MinMaxScaler, output_scaler: MinMaxScaler) -> dict:
    check_scaler(input_scaler, "input_scaler")
    check_scaler(output_scaler, "output_scaler")
    return {
        "minInput": input_scaler.data_min_.tolist(),
        "maxInput": input_scaler.data_max_.tolist(),
        "minOutput": output_scaler.data_min_.tolist(),
        "maxOutput": output_scaler.data_max_.tolist(),
    }


def _check_network(net: MLP) -> None:
    """An MLP whose every weight and bias JSON can store (a finite number)."""
    if not isinstance(net, MLP):
        raise ValueError(f"net: expected an mlpviz MLP, got {describe(net)}")
    for name, arrays in (("weights", net.weights), ("biases", net.biases)):
        for l, arr in enumerate(arrays):
            check_finite(np.asarray(arr, dtype=float), f"net.{name}[{l}]")


# ---------------------------------------------------------------- the one writer
#: Per format: the network's document, the min-max document, and their text.
_WRITERS = {"mlpviz": (_own_network, _own_minmax, _own_text), "go": (_go_weights, _go_minmax, _go_text)}


def _save(format: str, net: MLP | None = None, weights_path: Path | None = None,
          scalers: tuple[MinMaxScaler, MinMaxScaler] | None = None, minmax_path: Path | None = None) -> None:
    """Write the network to ``weights_path`` and/or the scalers to ``minmax_path`` in ``format``.

    Every document is built (and checked) before any file is touched; then
    the files given are replaced together, or none of them.
    """
    network_document, minmax_document, to_text = _WRITERS[format]
    if net is not None and scalers is not None:
        _check_network(net)
        for scaler, name in zip(scalers, ("input_scaler", "output_scaler")):
            check_scaler(scaler, name)
        mismatch = _mismatch(net, *scalers)
        if mismatch:
            raise ValueError(f"{mismatch[0]}: scales {mismatch[1]}; the two files would not belong together")
    files = []
    if weights_path is not None:
        files.append((weights_path, to_text(network_document(net))))
    if minmax_path is not None:
        files.append((minmax_path, to_text(minmax_document(*scalers))))
    _write_together(files)


def save_network(net: MLP, path: str | os.PathLike) -> None:
    """Write a network to ``path`` in mlpviz's JSON format (atomically).

    The file holds the layer sizes, the activation of each weight layer,
    and every weight and bias, one matrix row per line.

    Parameters
    ----------
    net : MLP
    path : str or path-like

    Raises
    ------
    ValueError
        If a weight is not finite, or the file cannot be written.
    """
    _save("mlpviz", net=net, weights_path=check_path(path, "path"))


def save_go_weights(net: MLP, path: str | os.PathLike) -> None:
    """Write a network in the Go ``mlp`` package's weights format (atomically).

    The Go format has no place for activations: load the file back with
    the same ``activation``.

    Parameters
    ----------
    net : MLP
        With at least one hidden layer.
    path : str or path-like

    Raises
    ------
    ValueError
        If the network has no hidden layer (the Go format needs at least
        one), a weight is not finite, or the file cannot be written.
    """
    _save("go", net=net, weights_path=check_path(path, "path"))


def save_scaler(input_scaler: MinMaxScaler, output_scaler: MinMaxScaler,
                path: str | os.PathLike) -> None:
    """Write the input and output min-max scalers to ``path`` in mlpviz's format (atomically).

    Both scalers must be fitted and share one ``feature_range``, which the
    file records.

    Parameters
    ----------
    input_scaler, output_scaler : MinMaxScaler
        Fitted on the input columns and on the target columns.
    path : str or path-like

    Raises
    ------
    ValueError
        If a scaler is not fitted, the ranges differ, or the file cannot be written.
    """
    _save("mlpviz", scalers=(input_scaler, output_scaler), minmax_path=check_path(path, "path"))


def save_go_minmax(input_scaler: MinMaxScaler, output_scaler: MinMaxScaler,
                   path: str | os.PathLike) -> None:
    """Write the scalers' minima and maxima in the Go ``mlp`` min-max format (atomically).

    The Go format does not record the feature range; load the file back
    with the same ``feature_range``.

    Parameters
    ----------
    input_scaler, output_scaler : MinMaxScaler
        Fitted on the input columns and on the target columns.
    path : str or path-like

    Raises
    ------
    ValueError
        If a scaler is not fitted or the file cannot be written.
    """
    _save("go", scalers=(input_scaler, output_scaler), minmax_path=check_path(path, "path"))


def save_model(net: MLP, input_scaler: MinMaxScaler, output_scaler: MinMaxScaler,
               weights_path: str | os.PathLike, minmax_path: str | os.PathLike,
               format: str = "mlpviz") -> None:
    """Write a trained network and its min-max values together: both files or neither.

    Both files are written to temporary files first and renamed into place
    only when both are complete, so a failure (a missing folder, a full
    disk, a weight that is not finite) leaves both old files as they were:
    never new weights beside old min-max values. :meth:`mlpviz.Model.save`
    calls this.

    Parameters
    ----------
    net : MLP
    input_scaler, output_scaler : MinMaxScaler
        Fitted on the input columns and on the target columns.
    weights_path, minmax_path : str or path-like
        Two different files.
    format : {"mlpviz", "go"}
        mlpviz's own JSON formats (:func:`save_network`, :func:`save_scaler`)
        or the Go ``mlp`` package's (:func:`save_go_weights`, :func:`save_go_minmax`).

    Raises
    ------
    ValueError
        If an argument is wrong (an unknown format, one file named twice, a
        scaler not fitted or with another number of columns than the
        network's inputs or outputs, a weight not finite, no hidden layer
        for the Go format) or a file cannot be written; nothing is replaced
        then.
    """
    format = check_choice(format, "format", FORMATS)
    weights_path = check_path(weights_path, "weights_path")
    minmax_path = check_path(minmax_path, "minmax_path")
    if _same_file(weights_path, minmax_path):
        raise ValueError(f"{minmax_path}: the weights and the min-max values need two different files")
    _save(format, net, weights_path, (input_scaler, output_scaler), minmax_path)


def _mismatch(net: MLP, input_scaler: MinMaxScaler, output_scaler: MinMaxScaler) -> tuple[str, str] | None:
    """``(scaler's name, what is wrong)`` if a scaler's columns do not fit the network, else None."""
    n_in, n_out = net.layer_sizes[0], net.layer_sizes[-1]
    if input_scaler.n_features_in_ != n_in:
        return "input_scaler", f"{input_scaler.n_features_in_} input columns but the network takes {n_in} inputs"
    if output_scaler.n_features_in_ != n_out:
        return "output_scaler", (f"{output_scaler.n_features_in_} output columns but the network has "
                                 f"{n_out} outputs")
    return None


# ====================================================================== reading
def _count(n: int, noun: str) -> str:
    """``3 numbers``, ``1 number``."""
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{n} {noun if n == 1 else plural}"


def _describe(value) -> str:
    """What a JSON value is, for error messages."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object {...}"
    if isinstance(value, list):
        return f"an array of {_count(len(value), 'item')}" if value else "an empty array"
    if isinstance(value, str):
        short = value if len(value) <= 30 else value[:27] + "..."
        return f"the string {short!r}"
    return repr(value)


def open_text(path: str | os.PathLike, what: str, newline: str | None = None) -> TextIO:
    """Open a UTF-8 text file for reading; every failure is one ValueError naming the file and ``what`` was expected.

    Only a regular file is opened: a folder, a device (``/dev/zero``), a
    pipe or a socket is refused before anything is read, as it could be
    endless. A UTF-8 byte order mark is skipped.

    Parameters
    ----------
    path : str or path-like
    what : str
        What the file should hold, for the message (e.g. "a CSV file with a header row").
    newline : None or str, default None
        As for :func:`open`: None reads every line end as ``"\n"``; ``""``
        (what the :mod:`csv` module wants) keeps each as it is.

    Returns
    -------
    text file
        Open for reading; the caller closes it.

    Raises
    ------
    ValueError
        If the file is missing, a folder, not a regular file, or cannot be opened.
    """
    p = check_path(path, "path")
    try:
        mode = p.stat().st_mode
        if stat.S_ISDIR(mode):
            raise ValueError(f"{p}: is a folder, not a file; expected {what}")
        if not stat.S_ISREG(mode):
            raise ValueError(f"{p}: is not a regular file (a device, a pipe or a socket), which could be "
                             f"endless; expected {what} saved as a file")
        return open(p, encoding="utf-8-sig", newline=newline)
    except FileNotFoundError:
        raise ValueError(f"{p}: no such file; expected {what}") from None
    except OSError as exc:
        raise ValueError(f"{p}: cannot read the file ({exc.strerror or exc}); expected {what}") from None


def _not_utf8(path: Path, what: str) -> ValueError:
    """The error for a file that is not UTF-8, naming the offset of its first bad byte (read in pieces)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0  # of the piece being decoded
    with open(path, "rb") as f:
        while True:
            piece = f.read(1 << 16)
            pending = decoder.getstate()[0]  # the start of a character cut by the previous piece
            try:
                decoder.decode(piece, final=not piece)
            except UnicodeDecodeError as exc:
                offset += exc.start - len(pending)
                break
            if not piece:
                offset = -1  # pragma: no cover - the file changed since it was read
                break
            offset += len(piece)
    return ValueError(f"{path}: not UTF-8 text (bad byte at offset {offset}); expected {what}")


def read_text(path: str | os.PathLike, what: str) -> str:
    """The text of a UTF-8 file; every failure is one ValueError naming the file and ``what`` was expected.

    Parameters
    ----------
    path : str or path-like
    what : str
        What the file should hold, for the message (e.g. "a CSV file with a header row").

    Raises
    ------
    ValueError
        If the file is missing, a folder, not a regular file, not UTF-8, or cannot be read.
    """
    p = check_path(path, "path")
    with open_text(p, what) as f:
        try:
            return f.read()
        except UnicodeDecodeError:
            raise _not_utf8(p, what) from None
        except OSError as exc:
            raise ValueError(f"{p}: cannot read the file ({exc.strerror or exc}); expected {what}") from None


def _read_json(path: Path, what: str) -> dict:
    """The top-level JSON object of ``path``; every failure is a ValueError naming the file."""
    text = read_text(path, what)
    if not text.strip():
        raise ValueError(f"{path}: the file is empty; expected {what}")
    try:
        data = json.loads(text, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        truncated = " (the file looks truncated)" if _unclosed(text) else ""
        raise ValueError(f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
                         f"{truncated}; expected {what}") from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer with thousands of digits
        raise ValueError(f"{path}: invalid JSON ({exc}); expected {what}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: the top level is {_describe(data)}, expected a JSON object {{...}} "
                         f"holding {what}")
    return data


def _unclosed(text: str) -> bool:
    """True if the text ends inside a string or with a ``{`` or ``[`` still open: a file cut short."""
    depth, in_string, escaped = 0, False, False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
    return in_string or depth > 0


def _parse_int(text: str) -> int | float:
    """JSON integers stay ints, except Go's ``-0`` (a float64 negative zero), kept as ``-0.0``."""
    return -0.0 if text == "-0" else int(text)


# The checks below are of a file's content, so their messages speak JSON
# ("the string 'x'", "true (a boolean)"); arguments go through mlpviz.validation.
def _number(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{where}: expected a number, got {_describe(value)}")
    try:
        x = float(value)
    except OverflowError:
        x = math.inf
    if not math.isfinite(x):
        raise ValueError(f"{where}: {value!r} is not a finite number")
    return x


def _vector(value, where: str, n: int | None = None, meaning: str = "") -> np.ndarray:
    """A non-empty JSON array of numbers (of length ``n`` if given) as a 1-D array."""
    meaning = f" ({meaning})" if meaning else ""
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected an array of numbers{meaning}, got {_describe(value)}")
    if n is not None and len(value) != n:
        raise ValueError(f"{where}: expected {_count(n, 'number')}{meaning}, got {len(value)}")
    if not value:
        raise ValueError(f"{where}: expected at least one number{meaning}, got an empty array")
    return np.array([_number(v, f"{where}[{i}]") for i, v in enumerate(value)], dtype=float)


def _matrix(value, where: str, n_rows: int | None = None, n_cols: int | None = None,
            rows_meaning: str = "", cols_meaning: str = "") -> np.ndarray:
    """A non-empty, non-ragged JSON array of arrays of numbers as a 2-D array."""
    rows_text = f" ({rows_meaning})" if rows_meaning else ""
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected an array of arrays of numbers{rows_text}, got {_describe(value)}")
    if n_rows is not None and len(value) != n_rows:
        raise ValueError(f"{where}: expected {_count(n_rows, 'row')}{rows_text}, got {len(value)}")
    if not value:
        raise ValueError(f"{where}: expected at least one row{rows_text}, got an empty array")
    rows: list[np.ndarray] = []
    for j, row in enumerate(value):
        if n_cols is None and rows:
            meaning = f"{cols_meaning}, like {where}[0]" if cols_meaning else f"like {where}[0]"
            rows.append(_vector(row, f"{where}[{j}]", len(rows[0]), meaning))
        else:
            rows.append(_vector(row, f"{where}[{j}]", n_cols, cols_meaning))
    return np.stack(rows)


def _require_keys(d: dict, keys: Sequence[str], what: str) -> None:
    missing = [k for k in keys if k not in d]
    if missing:
        names = ", ".join(repr(k) for k in missing)
        raise ValueError(f"missing key{'s' if len(missing) > 1 else ''} {names}; {what} needs "
                         f"{', '.join(repr(k) for k in keys)} (keys found: {_keys_found(d)})")


def _keys_found(d: dict, shown: int = 8) -> str:
    """The first few keys of a JSON object, each cut short: ``'a', 'b', … (1000 keys)``."""
    keys = [describe(k) for k in list(d)[:shown]]
    if len(d) > shown:
        keys.append(f"… ({len(d)} keys)")
    return ", ".join(keys) or "none"


def _check_format(d: dict, expected: str) -> None:
    fmt, version = d.get("format"), d.get("version")
    if fmt != expected:
        other = {NETWORK_FORMAT: "a network file", MINMAX_FORMAT: "a min-max file"}.get(str(fmt))
        hint = f" — this is {other}; did you swap the weights and min-max files?" if other else ""
        raise ValueError(f"format: expected {expected!r}, got {_describe(fmt)}{hint}")
    supported = SUPPORTED_VERSIONS[expected]
    if "version" not in d:
        raise ValueError(f"missing key 'version'; an {expected} file needs a version "
                         f"(supported: {', '.join(map(str, supported))})")
    if isinstance(version, bool) or not isinstance(version, int) or version not in supported:
        raise ValueError(f"version: {expected} version {_describe(version)} is not supported; "
                         f"this mlpviz reads version{'s' if len(supported) > 1 else ''} "
                         f"{', '.join(map(str, supported))}")


# ---------------------------------------------------------------- mlpviz's format
def _network_from_own(d: dict, activation) -> MLP:
    _check_format(d, NETWORK_FORMAT)
    _require_keys(d, ("layer_sizes", "activations", "weights", "biases"), f"an {NETWORK_FORMAT} file")
    sizes = d["layer_sizes"]
    if not isinstance(sizes, list) or len(sizes) < 2:
        raise ValueError(f"layer_sizes: expected an array of at least two layer sizes (inputs, ..., outputs), "
                         f"got {_describe(sizes)}")
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"layer_sizes[{i}]: expected a positive whole number, got {_describe(n)}")
    L = len(sizes) - 1
    acts = d["activations"]
    if not isinstance(acts, list) or len(acts) != L:
        raise ValueError(f"activations: expected an array of {_count(L, 'name')}, one per weight layer of "
                         f"layer_sizes {sizes}, got {_describe(acts)}")
    for i, name in enumerate(acts):
        if not isinstance(name, str):
            raise ValueError(f"activations[{i}]: expected an activation name, got {_describe(name)}")
        get_activation(name, where=f"activations[{i}]")
    for key in ("weights", "biases"):
        if not isinstance(d[key], list) or len(d[key]) != L:
            raise ValueError(f"{key}: expected an array of {_count(L, 'entry')}, one per weight layer of "
                             f"layer_sizes {sizes}, got {_describe(d[key])}")
    Ws, bs = [], []
    for l in range(L):
        Ws.append(_matrix(d["weights"][l], f"weights[{l}]", sizes[l + 1], sizes[l],
                          rows_meaning=f"one row per neuron of layer {l + 1}: layer_sizes[{l + 1}]",
                          cols_meaning=f"one weight per neuron of layer {l}: layer_sizes[{l}]"))
        bs.append(_vector(d["biases"][l], f"biases[{l}]", sizes[l + 1],
                          meaning=f"one bias per neuron of layer {l + 1}: layer_sizes[{l + 1}]"))
    if activation is not None:
        wanted = [a.name for a in activation_list(activation, L)]
        found = [get_activation(a).name for a in acts]
        if wanted != found:
            raise ValueError(f"activations: the file says {found} but {wanted} was asked for; "
                             f"leave the activation out to use the file's")
    loss = d.get("loss", "half_squared_error")
    if not isinstance(loss, str):
        raise ValueError(f"loss: expected a loss name, got {_describe(loss)}")
    return MLP.from_weights(Ws, bs, acts, get_loss(loss))


def _scalers_from_own(d: dict, feature_range) -> tuple[MinMaxScaler, MinMaxScaler]:
    _check_format(d, MINMAX_FORMAT)
    _require_keys(d, ("feature_range", "input", "output"), f"an {MINMAX_FORMAT} file")
    fr = _vector(d["feature_range"], "feature_range", 2, "low, high")
    if not fr[0] < fr[1]:
        raise ValueError(f"feature_range: expected low < high, got [{fr[0]:g}, {fr[1]:g}]")
    check_range((fr[0], fr[1]), "feature_range")  # the spread high − low must not overflow
    if feature_range is not None and tuple(feature_range) != (fr[0], fr[1]):
        raise ValueError(f"feature_range: the file says [{fr[0]:g}, {fr[1]:g}] but {tuple(feature_range)} was "
                         f"asked for; leave the range out to use the file's")
    out = []
    for key in ("input", "output"):
        part = d[key]
        if not isinstance(part, dict):
            raise ValueError(f"{key}: expected an object {{\"min\": [...], \"max\": [...]}}, got {_describe(part)}")
        for sub in ("min", "max"):
            if sub not in part:
                raise ValueError(f"{key}: missing key {sub!r}; expected {{\"min\": [...], \"max\": [...]}}")
        mn = _vector(part["min"], f"{key}.min", meaning="one minimum per column")
        mx = _vector(part["max"], f"{key}.max", len(mn), meaning=f"one maximum per column, like {key}.min")
        out.append(_scaler(mn, mx, f"{key}.min", f"{key}.max", (fr[0], fr[1])))
    return out[0], out[1]


# ---------------------------------------------------------------- the Go package's format
def _network_from_go(d: dict, activation) -> MLP:
    _require_keys(d, GO_WEIGHTS_KEYS, "a Go mlp weights file")
    hw, hb = d["hiddenWeights"], d["hiddenBias"]
    if not isinstance(hw, list) or not hw:
        raise ValueError(f"hiddenWeights: expected an array with one entry per hidden layer "
                         f"(hiddenWeights[layer][node][input]), got {_describe(hw)}")
    Ws, bs = [], []
    for l, layer in enumerate(hw):
        if l == 0:
            cols = "one weight per input of the network"
            W = _matrix(layer, f"hiddenWeights[{l}]", None, None, f"one row per node of hidden layer {l}", cols)
        else:
            cols = f"one weight per node of hidden layer {l - 1}"
            W = _matrix(layer, f"hiddenWeights[{l}]", None, Ws[-1].shape[0],
                        f"one row per node of hidden layer {l}", cols)
        Ws.append(W)
    if not isinstance(hb, list) or len(hb) != len(Ws):
        raise ValueError(f"hiddenBias: expected an array of {_count(len(Ws), 'entry')}, one per hidden layer "
                         f"of hiddenWeights, got {_describe(hb)}")
    for l, W in enumerate(Ws):
        bs.append(_vector(hb[l], f"hiddenBias[{l}]", W.shape[0],
                          meaning=f"one bias per node of hidden layer {l}, as in hiddenWeights[{l}]"))
    n_last = Ws[-1].shape[0]
    Wo = _matrix(d["outputWeights"], "outputWeights", None, n_last, "one row per output node",
                 f"one weight per node of the last hidden layer, hiddenWeights[{len(Ws) - 1}]")
    bo = _vector(d["outputBias"], "outputBias", Wo.shape[0],
                 meaning="one bias per output node, as in outputWeights")
    acts = "sigmoid" if activation is None else activation
    if not isinstance(acts, str) and len(list(acts)) != len(Ws) + 1:
        raise ValueError(f"activation: got {len(list(acts))} names for a network with {len(Ws) + 1} "
                         f"weight layers; give one name, or one per layer")
    return MLP.from_weights(Ws + [Wo], bs + [bo], acts)


def _scalers_from_go(d: dict, feature_range) -> tuple[MinMaxScaler, MinMaxScaler]:
    _require_keys(d, GO_MINMAX_KEYS, "a Go mlp min-max file")
    fr = (0.0, 1.0) if feature_range is None else feature_range
    out = []
    for lo_key, hi_key, what in (("minInput", "maxInput", "input"), ("minOutput", "maxOutput", "output")):
        mn = _vector(d[lo_key], lo_key, meaning=f"one minimum per {what} column")
        mx = _vector(d[hi_key], hi_key, len(mn), meaning=f"one maximum per {what} column, like {lo_key}")
        out.append(_scaler(mn, mx, lo_key, hi_key, fr))
    return out[0], out[1]


def _scaler(mn: np.ndarray, mx: np.ndarray, mn_key: str, mx_key: str, feature_range) -> MinMaxScaler:
    bad = np.flatnonzero(mn > mx)
    if bad.size:
        j = int(bad[0])
        raise ValueError(f"{mx_key}[{j}]: the maximum {mx[j]:g} is less than the minimum {mn_key}[{j}] = "
                         f"{mn[j]:g}; expected max >= min")
    with np.errstate(over="ignore"):
        bad = np.flatnonzero(~np.isfinite(mx - mn))
    if bad.size:
        j = int(bad[0])
        raise ValueError(f"{mx_key}[{j}]: the spread {mx_key}[{j}] − {mn_key}[{j}] = {mx[j]:g} − ({mn[j]:g}) "
                         f"is too large to compute in floating point; min-max scaling divides by it")
    return MinMaxScaler.from_min_max(mn, mx, feature_range)


# ---------------------------------------------------------------- the one reader
#: Per format and file: the function that turns the file's JSON object into mlpviz objects.
_READERS = {
    "mlpviz": {"network": _network_from_own, "minmax": _scalers_from_own},
    "go": {"network": _network_from_go, "minmax": _scalers_from_go},
}


def _kind(d: dict) -> tuple[str, str] | None:
    """``(format, role)`` of a file from its keys, e.g. ``("go", "minmax")``; None if unknown."""
    if "format" in d:
        own = {NETWORK_FORMAT: ("mlpviz", "network"), MINMAX_FORMAT: ("mlpviz", "minmax")}
        return own.get(d["format"]) if isinstance(d["format"], str) else None
    if any(k in d for k in GO_WEIGHTS_KEYS):
        return "go", "network"
    if any(k in d for k in GO_MINMAX_KEYS):
        return "go", "minmax"
    return None


def _wrong_kind(kind: tuple[str, str] | None, d: dict, role: str, expected: str) -> str:
    names = {
        ("mlpviz", "network"): "this is an mlpviz network file",
        ("mlpviz", "minmax"): "this is an mlpviz min-max file",
        ("go", "network"): "this looks like a Go mlp weights file",
        ("go", "minmax"): "this looks like a Go mlp min-max file",
    }
    if kind is not None:
        swapped = "; did you swap the weights and min-max files?" if kind[1] != role else ""
        return f"{names[kind]}, expected {expected}{swapped}"
    if "format" in d:
        return f"format: unknown format {_describe(d['format'])}; expected {expected}"
    return f"not a file mlpviz knows (keys found: {_keys_found(d)}); expected {expected}"


def _read(path: Path, role: str, format: str | None, option):
    """The network (role ``"network"``) or the two scalers (``"minmax"``) in ``path``.

    ``format`` None takes the file's own format, from its keys; a given
    format must be the file's. ``option`` is the reader's ``activation`` or
    ``feature_range``. Every error is a ValueError starting with the path.
    """
    expected = _WHAT[format, role]
    d = _read_json(path, expected)
    kind = _kind(d)
    if format is None and (kind is None or kind[1] != role):
        raise ValueError(f"{path}: {_wrong_kind(kind, d, role, expected)}")
    if format is not None and kind is not None and kind != (format, role):
        raise ValueError(f"{path}: {_wrong_kind(kind, d, role, expected)}")
    try:
        return _READERS[format or kind[0]][role](d, option)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None


def _check_activation(activation) -> None:
    """Check an ``activation`` argument's names before any file is read."""
    if activation is None:
        return
    if isinstance(activation, str):
        get_activation(activation, where="activation")
        return
    if not isinstance(activation, (list, tuple)):
        raise ValueError(f"activation: expected an activation name or a list of names, got {describe(activation)}")
    for i, name in enumerate(activation):
        get_activation(name, where=f"activation[{i}]")


def load_network(path: str | os.PathLike, activation: str | Sequence[str] | None = None) -> MLP:
    """Read a network from an mlpviz network file or a Go ``mlp`` weights file.

    Parameters
    ----------
    path : str or path-like
    activation : str or list of str, optional
        For a Go file (which does not record it): the activation of every
        layer, or one per weight layer; default ``"sigmoid"`` (the Go
        package's). For an mlpviz file the file's activations are used; if
        given, it must agree with them.

    Returns
    -------
    MLP

    Raises
    ------
    ValueError
        Naming the file, the key and what was expected.
    """
    path = check_path(path, "path")
    _check_activation(activation)
    return _read(path, "network", None, activation)


def load_go_weights(path: str | os.PathLike, activation: str | Sequence[str] = "sigmoid") -> MLP:
    """Read a network from a Go ``mlp`` weights file.

    Parameters
    ----------
    path : str or path-like
        A JSON object with ``hiddenWeights[layer][node][input]``,
        ``hiddenBias[layer][node]``, ``outputWeights[outNode][lastHiddenNode]``
        and ``outputBias[outNode]``.
    activation : str or list of str, default "sigmoid"
        The file does not record it.

    Returns
    -------
    MLP
        With ``layer_sizes = [inputs, hidden..., outputs]``.

    Raises
    ------
    ValueError
        Naming the file, the key and what was expected.
    """
    path = check_path(path, "path")
    _check_activation(activation)
    return _read(path, "network", "go", activation)


def load_scaler(path: str | os.PathLike,
                feature_range: tuple[float, float] | None = None) -> tuple[MinMaxScaler, MinMaxScaler]:
    """Read ``(input_scaler, output_scaler)`` from an mlpviz min-max file or a Go ``mlp`` min-max file.

    Parameters
    ----------
    path : str or path-like
    feature_range : (float, float), optional
        For a Go file (which does not record it), default (0, 1). For an
        mlpviz file the file's range is used; if given, it must agree.

    Returns
    -------
    (MinMaxScaler, MinMaxScaler)
        Fitted scalers of the inputs and of the targets.

    Raises
    ------
    ValueError
        Naming the file, the key and what was expected.
    """
    path = check_path(path, "path")
    if feature_range is not None:
        feature_range = check_range(feature_range, "feature_range")
    return _read(path, "minmax", None, feature_range)


def load_go_minmax(path: str | os.PathLike,
                   feature_range: tuple[float, float] = (0, 1)) -> tuple[MinMaxScaler, MinMaxScaler]:
    """Read ``(input_scaler, output_scaler)`` from a Go ``mlp`` min-max file.

    Parameters
    ----------
    path : str or path-like
        A JSON object with ``minInput``, ``maxInput``, ``minOutput``, ``maxOutput``.
    feature_range : (float, float), default (0, 1)
        The range the data was scaled to (the file does not record it).

    Returns
    -------
    (MinMaxScaler, MinMaxScaler)
        Fitted scalers of the inputs and of the targets.

    Raises
    ------
    ValueError
        Naming the file, the key and what was expected.
    """
    path = check_path(path, "path")
    return _read(path, "minmax", "go", check_range(feature_range, "feature_range"))


def load_model(weights_path: str | os.PathLike, minmax_path: str | os.PathLike, format: str | None = None,
               activation: str | Sequence[str] | None = None,
               feature_range: tuple[float, float] | None = None) -> tuple[MLP, MinMaxScaler, MinMaxScaler]:
    """Read a network and its min-max values from the pair of files :func:`save_model` writes.

    :meth:`mlpviz.Model.load` calls this and checks that the two files fit
    together.

    Parameters
    ----------
    weights_path, minmax_path : str or path-like
    format : {"mlpviz", "go"} or None, default None
        None reads each file in its own format, told by its keys.
    activation : str or list of str, optional
        For a Go weights file, as in :func:`load_network`.
    feature_range : (float, float), optional
        For a Go min-max file, as in :func:`load_scaler`.

    Returns
    -------
    (MLP, MinMaxScaler, MinMaxScaler)
        The network, the input scaler and the output scaler.

    Raises
    ------
    ValueError
        If an argument is wrong, or a file is not of the format asked for or
        not valid (naming the file, the key and what was expected).
    """
    if format is not None:
        format = check_choice(format, "format", FORMATS)
    weights_path = check_path(weights_path, "weights_path")
    minmax_path = check_path(minmax_path, "minmax_path")
    _check_activation(activation)
    if feature_range is not None:
        feature_range = check_range(feature_range, "feature_range")
    net = _read(weights_path, "network", format, activation)
    input_scaler, output_scaler = _read(minmax_path, "minmax", format, feature_range)
    return net, input_scaler, output_scaler
