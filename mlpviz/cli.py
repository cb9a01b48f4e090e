"""``python -m mlpviz train|test|predict``: the Go ``mlp`` package's three modes.

* ``train``   min-max scale a CSV dataset (inputs and targets), train a
  network on it, save the min-max values and the weights;
* ``test``    run a saved network over a CSV dataset with targets and show
  prediction against target for every row, the loss (scaled and original
  units) and the mean absolute error;
* ``predict`` run a saved network over a CSV of inputs and write the
  predictions in original units.

Bad input ends with a one-line ``mlpviz: error: ...`` on stderr and exit
code 2, never a traceback or a numpy warning; nothing is half-written, and no
output file may be one of the input files.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence, TextIO

import numpy as np

from .activations import ACTIVATIONS, get_activation
from .data import Dataset, load_csv
from .format import significant as _fmt   # a number for a table: 6 significant digits
from .io import FORMATS, _check_target, _mismatch, _same_file, atomic_write_text, load_network, load_scaler
from .loss import LOSSES, mse_loss
from .model import Model
from .network import MLP, History, TrainingDivergedError
from .scaling import MinMaxScaler
from .validation import check_count, check_number, check_range, check_seed

__all__ = ["main", "build_parser"]

PROG = "mlpviz"


class UsageError(ValueError):
    """A command-line mistake (reported as one line, exit code 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing usage and exiting, so main() reports one line."""

    def error(self, message: str):  # noqa: D401 - argparse API
        raise UsageError(f"{message} (see '{self.prog} --help')")


# ------------------------------------------------------------------ argument types
def _flag(convert, check, **options):
    """An argparse type: ``convert`` the text, then ``check`` the value (a check of mlpviz.validation).

    argparse names the flag itself ("argument --lr: ..."), so the check's
    name for the value is cut from its message.
    """
    def parse(text: str):
        try:
            value = convert(text)
        except ValueError:
            value = text  # not a number: the check refuses it, quoting the text
        try:
            return check(value, "value", **options)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix("value: ")) from None
    return parse


_positive_int = _flag(int, check_count)
_positive_float = _flag(float, check_number, positive=True)
_seed = _flag(int, check_seed, allow_none=False)
_feature_range = _flag(lambda text: tuple(float(t) for t in text.split(",")), check_range)


def _int_list(text: str) -> list[int]:
    try:
        sizes = [int(t) for t in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected whole numbers separated by commas (e.g. 2,3,1), "
                                         f"got {text!r}") from None
    if any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError(f"every layer needs at least one neuron, got {text!r}")
    return sizes


def _layers(text: str) -> list[int]:
    sizes = _int_list(text)
    if len(sizes) < 2:
        raise argparse.ArgumentTypeError(f"expected at least the input and output sizes (e.g. 2,3,1), got {text!r}")
    return sizes


def _activations(text: str) -> str | list[str]:
    """One name (for every layer) as a str, several as a list: the engine's ``activation`` argument."""
    names = [t.strip().lower() for t in text.split(",")]
    for name in names:
        try:
            get_activation(name, where="value")
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix("value: ")) from None
    return names[0] if len(names) == 1 else names


# ------------------------------------------------------------------ the parser
_SPLIT_RULE = ("CSV layout: a header row, then one row of numbers per sample; input columns first, "
               "then target columns, whose names start with z (e.g. i0,i1,z0).")


def build_parser() -> argparse.ArgumentParser:
    """The ``mlpviz`` argument parser with its three subcommands."""
    parser = _Parser(
        prog=PROG,
        description="Train, test and use a multi-layer perceptron from the command line, "
                    "like the Go mlp package's training, testing and predicting modes.",
        epilog="Run 'mlpviz COMMAND --help' for the flags of each command. " + _SPLIT_RULE,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    # ---- train
    tr = sub.add_parser(
        "train", help="train a network on a CSV dataset and save its weights and min-max values",
        description="Min-max scale the inputs and the targets of a CSV dataset, train a network on the "
                    "scaled data by gradient descent on the loss (½Σ(y−z)² unless --loss says otherwise), and save the min-max values "
                    "and the trained weights as JSON. " + _SPLIT_RULE)
    tr.add_argument("--data", required=True, metavar="CSV", help="training data: inputs and targets")
    shape = tr.add_mutually_exclusive_group()
    shape.add_argument("--hidden", type=_int_list, default=None, metavar="N[,N...]",
                       help="neurons per hidden layer, e.g. 3 (the seed's 2-3-1 net) or 15,15; "
                            "the input and output sizes come from the data (default: 3)")
    shape.add_argument("--layers", type=_layers, default=None, metavar="N,N,...",
                       help="all layer sizes, inputs first, e.g. 2,3,1; must fit the data's columns")
    tr.add_argument("--activation", type=_activations, default=None, metavar="NAME[,NAME...]",
                    help=f"activation of every layer, or one per weight layer, from "
                         f"{', '.join(ACTIVATIONS)} (default: sigmoid, with a softmax output for "
                         f"--loss cross_entropy; or the --init-weights file's)")
    tr.add_argument("--loss", choices=list(LOSSES), default=None,
                    help="half_squared_error: ½Σ(y−z)², the Go package's; binary_cross_entropy: sigmoid "
                         "outputs read as probabilities; cross_entropy: one class of several, with a softmax "
                         "output (default: half_squared_error, or the --init-weights file's)")
    tr.add_argument("--epochs", type=_positive_int, default=1000, help="passes over the whole dataset (default: 1000)")
    tr.add_argument("--lr", type=_positive_float, default=0.1, help="learning rate η (default: 0.1)")
    tr.add_argument("--batch-size", type=_positive_int, default=1,
                    help="samples per weight update; 1 updates after every sample, as the Go package does "
                         "(default: 1)")
    init = tr.add_mutually_exclusive_group()
    init.add_argument("--seed", type=_seed, default=0,
                      help="seed of the random initial weights, uniform in [-1, 1] (default: 0)")
    init.add_argument("--init-weights", metavar="FILE", default=None,
                      help="start from the weights in this JSON file (mlpviz or Go format) "
                           "instead of random ones")
    tr.add_argument("--minmax", metavar="FILE", default=None,
                    help="use the min-max values in this JSON file (mlpviz or Go format) instead of "
                         "computing them from the data")
    tr.add_argument("--range", type=_feature_range, default=None, metavar="LO,HI", dest="feature_range",
                    help="min-max range of the scaled data: 0,1 or -1,1 (default: 0,1, or the --minmax file's)")
    tr.add_argument("--out-weights", required=True, metavar="FILE", help="where to write the trained weights")
    tr.add_argument("--out-minmax", required=True, metavar="FILE", help="where to write the min-max values")
    tr.add_argument("--format", choices=FORMATS, default="mlpviz",
                    help="file format of the two output files: mlpviz's (records activations and range) "
                         "or the Go mlp package's (needs a hidden layer; records neither) (default: mlpviz)")

    # ---- test / predict share the model flags
    def model_flags(p: argparse.ArgumentParser) -> None:
        p.add_argument("--weights", required=True, metavar="FILE",
                       help="trained weights JSON (mlpviz or Go format)")
        p.add_argument("--minmax", required=True, metavar="FILE",
                       help="min-max JSON written when training (mlpviz or Go format)")
        p.add_argument("--activation", type=_activations, default=None, metavar="NAME[,NAME...]",
                       help="activation for a Go weights file, which does not record it "
                            "(default: sigmoid; an mlpviz file's own activations are used)")
        p.add_argument("--range", type=_feature_range, default=None, metavar="LO,HI", dest="feature_range",
                       help="min-max range for a Go min-max file, which does not record it "
                            "(default: 0,1; an mlpviz file's own range is used)")

    te = sub.add_parser(
        "test", help="compare a trained network's predictions with the targets of a CSV dataset",
        description="Run a trained network over a CSV dataset with targets: print input, target, "
                    "prediction and error (prediction − target, original units) for every row, then "
                    "the loss ½Σ(y−z)² in scaled units (as in training) and in original units, and the "
                    "mean absolute error in original units. " + _SPLIT_RULE)
    te.add_argument("--data", required=True, metavar="CSV", help="test data: inputs and targets")
    model_flags(te)

    pr = sub.add_parser(
        "predict", help="predict the targets of a CSV of inputs with a trained network",
        description="Run a trained network over a CSV of inputs and print (or write) the inputs with the "
                    "predicted targets in original units, as CSV. Target columns in the file, if any, "
                    "are ignored. " + _SPLIT_RULE)
    pr.add_argument("--data", required=True, metavar="CSV", help="input data (header row, input columns)")
    model_flags(pr)
    pr.add_argument("--out", metavar="CSV", default=None,
                    help="write the predictions to this CSV file instead of printing them")
    return parser


def _join_negative_values(argv: list[str]) -> list[str]:
    """``--range -1,1`` → ``--range=-1,1``, ``--lr -1e-3`` → ``--lr=-1e-3``.

    argparse takes a value that starts with "-" and is not a plain number
    ("-1,1", "-1e-3", "-inf") for an unknown flag and says only "expected one
    argument"; joined to its flag, the value reaches the flag's own check,
    whose message says what is wrong with it. (Every ``--flag`` but --help
    takes a value; no flag of mlpviz is a single dash and a letter but -h.)
    """
    out: list[str] = []
    i = 0
    while i < len(argv):
        flag = argv[i]
        value = argv[i + 1] if i + 1 < len(argv) else ""
        if flag.startswith("--") and "=" not in flag and flag != "--help" and value.startswith("-") \
                and not value.startswith("--") and value != "-h":
            out.append(f"{flag}={value}")
            i += 2
        else:
            out.append(flag)
            i += 1
    return out


# ------------------------------------------------------------------ main
def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 bad input).

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name (default: ``sys.argv[1:]``).
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        try:
            args = parser.parse_args(_join_negative_values(argv))
        except SystemExit as exc:  # --help
            return int(exc.code or 0)
        if args.command is None:
            raise UsageError(f"choose a command: train, test or predict (see '{PROG} --help')")
        run = {"train": _train, "test": _test, "predict": _predict}[args.command]
        with np.errstate(all="ignore"):  # what overflows is found by checking the results, not by warnings
            return run(args, sys.stdout, sys.stderr)
    except (ValueError, OSError) as exc:
        return _error(str(exc))
    except MemoryError:
        return _error("out of memory: the data or the network is too large for this machine")
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130


def _error(message: str) -> int:
    """Print ``mlpviz: error: <message>`` as one line on stderr; the exit code 2."""
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)
    return 2


def _check_outputs(outputs: list[tuple[str, str]], inputs: list[tuple[str, str | None]]) -> None:
    """Refuse, before anything is read, an output file that cannot be written or is an input.

    Writing over an input would destroy it; two names of one file (through a
    symlink, a hard link or ``./``) count as the same file.
    """
    for k, (flag, path) in enumerate(outputs):
        try:
            _check_target(Path(path))
        except ValueError as exc:
            raise UsageError(f"{flag} {exc}") from None
        for in_flag, in_path in inputs:
            if in_path is not None and _same_file(Path(path), Path(in_path)):
                raise UsageError(f"{flag} {path} is the {in_flag} file {in_path}: writing it would destroy "
                                 f"that input; give another file name")
        for other_flag, other in outputs[:k]:
            if _same_file(Path(path), Path(other)):
                raise UsageError(f"{other_flag} and {flag} name the same file; give two different files")


# ------------------------------------------------------------------ train
class _Progress:
    """Epoch and loss on stderr: a bar redrawn with \\r on a terminal, else a line every ~10%."""

    def __init__(self, epochs: int, stream: TextIO, width: int = 30):
        self.epochs = epochs
        self.stream = stream
        self.width = width
        isatty = getattr(stream, "isatty", None)
        self.tty = bool(isatty and isatty())
        self._last = -1          # last bar length (tty) or tenth (lines) shown
        self._open = False       # a bar line is on screen without its newline

    def __call__(self, epoch: int, history: History) -> None:
        loss = history.epoch_loss[-1]
        if self.tty:
            filled = epoch * self.width // self.epochs
            every = max(1, self.epochs // 100)  # redraw at least every 1% for the numbers
            if filled == self._last and epoch != self.epochs and epoch % every:
                return
            self._last = filled
            bar = "#" * filled + "." * (self.width - filled)
            self.stream.write(f"\rtraining [{bar}] epoch {epoch:>{len(str(self.epochs))}}/{self.epochs}"
                              f"  loss {loss:.6g}   ")
            self._open = True
            if epoch == self.epochs:
                self.close()
            self.stream.flush()
        else:
            tenth = epoch * 10 // self.epochs
            if tenth != self._last:  # the first epoch of each tenth, and the last epoch
                self._last = tenth
                self.stream.write(f"epoch {epoch}/{self.epochs}  loss {loss:.6g}\n")
                self.stream.flush()

    def close(self) -> None:
        """End the bar's line (after the last epoch, or when training stops early)."""
        if self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False


def _train(args, out: TextIO, err: TextIO) -> int:
    _check_outputs([("--out-weights", args.out_weights), ("--out-minmax", args.out_minmax)],
                   [("--data", args.data), ("--init-weights", args.init_weights), ("--minmax", args.minmax)])
    data = load_csv(args.data)
    if data.Z is None:
        raise ValueError(f"{data.path}: no target columns; train needs inputs and targets "
                         f"(target column names start with z, e.g. i0,i1,z0)")

    # the network
    if args.init_weights is not None:
        if args.hidden is not None:
            raise UsageError("--hidden cannot be used with --init-weights: the weights file fixes the "
                             "layer sizes")
        net = load_network(args.init_weights, activation=args.activation)
        if args.loss is not None and args.loss != net.loss_function.name:
            raise UsageError(f"--loss {args.loss} differs from the loss {net.loss_function.name} that "
                             f"--init-weights {args.init_weights} was trained with")
        if args.layers is not None and args.layers != net.layer_sizes:
            raise UsageError(f"--layers {','.join(map(str, args.layers))} differs from the layer sizes "
                             f"{','.join(map(str, net.layer_sizes))} of --init-weights {args.init_weights}")
    else:
        if args.layers is not None:
            flag, sizes = "--layers", args.layers
        else:
            flag, sizes = "--hidden", [data.n_inputs] + (args.hidden or [3]) + [data.n_targets]
        loss = args.loss or "half_squared_error"
        activation = args.activation or (["sigmoid"] * (len(sizes) - 2) + ["softmax"] if loss == "cross_entropy"
                                         else "sigmoid")
        try:
            net = MLP(sizes, activation=activation, seed=args.seed, loss=loss)
        except ValueError as exc:  # activations that do not go with the loss; a network too big for memory
            text = str(exc)
            chosen = "--activation" if args.activation is not None else f"--loss {loss}"  # who chose the activation
            for arg, option in (("activation", chosen), ("loss", "--loss")):
                if text.startswith(arg):
                    raise UsageError(f"{option}{text.removeprefix(arg)}") from None
            raise UsageError(f"{flag}: {text.removeprefix('layer_sizes: ')}") from None
    data.check_network(net)
    if args.format == "go" and net.n_layers < 2:
        raise UsageError(f"--format go needs a hidden layer, but the network is "
                         f"{'-'.join(map(str, net.layer_sizes))}; use --format mlpviz")

    # the min-max scaling
    if args.minmax is not None:
        in_sc, out_sc = load_scaler(args.minmax, feature_range=args.feature_range)
        mismatch = _mismatch(net, in_sc, out_sc)
        if mismatch:
            raise ValueError(f"min-max file {args.minmax} has {mismatch[1]}")
    else:
        fr = args.feature_range or (0.0, 1.0)
        try:
            in_sc = MinMaxScaler(fr).fit(data.X, columns=data.input_names)
            out_sc = MinMaxScaler(fr).fit(data.Z, columns=data.target_names)
        except ValueError as exc:  # a column whose spread overflows
            raise ValueError(f"{data.path}: {exc}") from None
    lo, hi = out_sc.feature_range
    if net.loss_function.output_activation is not None and (lo, hi) != (0.0, 1.0):
        raise UsageError(f"--range: the targets are scaled to [{lo:g}, {hi:g}], but --loss "
                         f"{net.loss_function.name} compares probabilities from 0 to 1; use --range 0,1")
    model = Model(net, in_sc, out_sc)
    try:
        Xs, Zs = in_sc.transform(data.X), out_sc.transform(data.Z)
    except ValueError as exc:  # a value far outside the --minmax file's range
        raise ValueError(f"{data.path} scaled with the min-max values of {args.minmax}: {exc}") from None

    # training
    shape = "-".join(map(str, net.layer_sizes))
    acts = _activation_text(net)
    print(f"training a {shape} {acts} network on {data.n_samples} rows of {data.path}: "
          f"{args.epochs} epochs, lr {args.lr:g}, batch size {args.batch_size}", file=err)
    progress = _Progress(args.epochs, err)
    try:
        net.fit(Xs, Zs, epochs=args.epochs, lr=args.lr, batch_size=args.batch_size, callback=progress,
                record_steps=False, keep_epochs=100)  # memory flat: the progress shows the latest loss
    except TrainingDivergedError as exc:
        raise ValueError(f"{exc} Nothing was written.") from None
    finally:
        progress.close()
    final = net.loss(Xs, Zs)
    print(f"final loss {_loss_text(net)} (scaled units, mean over {data.n_samples} rows): {final:.6g}", file=out)

    # the files
    model.save(args.out_weights, args.out_minmax, format=args.format)  # both or neither
    if args.format == "go":
        if set(net.activation_names) != {"sigmoid"}:
            print(f"note: the Go weights format does not record activations; load it with "
                  f"--activation {_activation_text(net)}", file=err)
        if tuple(in_sc.feature_range) != (0.0, 1.0):
            lo, hi = in_sc.feature_range
            print(f"note: the Go min-max format does not record the range; load it with "
                  f"--range {lo:g},{hi:g}", file=err)
    print(f"wrote min-max values to {args.out_minmax}", file=out)
    print(f"wrote weights to {args.out_weights}", file=out)
    return 0


def _loss_text(net: MLP) -> str:
    """The network's loss as the output names it: ``½Σ(y−z)²`` for the default, else its name."""
    name = net.loss_function.name
    return "½Σ(y−z)²" if name == "half_squared_error" else name


def _activation_text(net: MLP) -> str:
    """``sigmoid`` when every layer has it, else ``relu,relu,sigmoid`` (the --activation syntax)."""
    names = net.activation_names
    return names[0] if len(set(names)) == 1 else ",".join(names)


# ------------------------------------------------------------------ test / predict
def _load_model(args) -> Model:
    return Model.load(args.weights, args.minmax, activation=args.activation, feature_range=args.feature_range)


def _fmt_csv(x: float) -> str:
    """A number for a CSV file: the shortest text that reads back exactly (70.0 → 70)."""
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[j]) for r in rows)) for j, h in enumerate(header)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(header, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.rjust(w) for c, w in zip(r, widths)) for r in rows]
    return "\n".join(lines)


def _predict_data(model: Model, data: Dataset, args) -> np.ndarray:
    """``model.predict(data.X)``; an overflow names the three files."""
    try:
        return model.predict(data.X)
    except ValueError as exc:
        raise ValueError(f"weights file {args.weights} (min-max file {args.minmax}) on {data.path}: {exc}") from None


def _check_finite(value, what: str, args) -> None:
    if not np.all(np.isfinite(value)):
        raise ValueError(f"weights file {args.weights} on {args.data}: {what} overflows floating point; "
                         f"the predictions are too far from the targets to measure")


def _test(args, out: TextIO, err: TextIO) -> int:
    model = _load_model(args)
    data = load_csv(args.data)
    if data.Z is None:
        raise ValueError(f"{data.path}: no target columns (names starting with z); test compares "
                         f"predictions with targets — use predict for a file of inputs only")
    data.check_network(model.net)
    Y = _predict_data(model, data, args)          # prediction in original units
    error = Y - data.Z
    _check_finite(error, "the error prediction − target", args)
    try:
        scaled_loss = model.loss(data.X, data.Z)
    except ValueError as exc:  # a target far outside the min-max file's range
        raise ValueError(f"{data.path} scaled with the min-max values of {args.minmax}: {exc}") from None
    loss, mae = mse_loss(Y, data.Z), np.mean(np.abs(error))
    for value, what in ((scaled_loss, "the loss in scaled units"), (loss, "the loss in original units"),
                        (mae, "the mean absolute error")):
        _check_finite(value, what, args)
    header = (data.input_names + data.target_names + [f"pred {n}" for n in data.target_names]
              + [f"error {n}" for n in data.target_names])
    rows = [[_fmt(v) for v in np.concatenate([data.X[r], data.Z[r], Y[r], error[r]])]
            for r in range(data.n_samples)]
    print(_table(header, rows), file=out)
    print(f"loss {_loss_text(model.net)} (scaled units, mean over {data.n_samples} rows): "
          f"{scaled_loss:.6g}", file=out)
    print(f"loss ½Σ(y−z)² (original units, mean over {data.n_samples} rows): "
          f"{loss:.6g}", file=out)
    print(f"mean absolute error (original units): {mae:.6g}", file=out)
    return 0


def _predict(args, out: TextIO, err: TextIO) -> int:
    if args.out is not None:
        _check_outputs([("--out", args.out)],
                       [("--data", args.data), ("--weights", args.weights), ("--minmax", args.minmax)])
    model = _load_model(args)
    data = load_csv(args.data)
    data.check_network(model.net, targets=False)
    Y = _predict_data(model, data, args)
    names = (data.target_names if data.n_targets == model.n_outputs
             else [f"z{k}" for k in range(model.n_outputs)])
    lines = [",".join(data.input_names + names)]
    lines += [",".join(_fmt_csv(v) for v in np.concatenate([data.X[r], Y[r]])) for r in range(data.n_samples)]
    text = "\n".join(lines) + "\n"
    if args.out is None:
        out.write(text)
    else:
        atomic_write_text(args.out, text)
        print(f"wrote {data.n_samples} predictions to {args.out}", file=out)
    return 0
