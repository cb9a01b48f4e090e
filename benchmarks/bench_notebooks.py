"""How long the notebook suite takes under nbval, against a trivial baseline.

Target (issue "stage notebooks"): the whole suite runs under nbval in at most
twice the time of the same number of notebooks that only ``import mlpviz``.
Both runs use the same command (pytest --nbval --nbval-current-env, one fresh
kernel per notebook), so kernel start-up, which dominates short notebooks,
counts the same on both sides.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_notebooks.py [--repeat 1]

Prints the seconds of each run (the fastest of ``--repeat`` runs) and the ratio.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SANITIZE = NOTEBOOKS / "sanitize.cfg"
TARGET = 2.0


def trivial_notebook() -> nbformat.NotebookNode:
    """A notebook with one code cell, ``import mlpviz``, stored executed (count 1, no output)."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("import mlpviz")
    cell.execution_count = 1
    nb.cells = [nbformat.v4.new_markdown_cell("# Baseline"), cell]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def nbval_seconds(paths: list[Path], sanitize: Path | None) -> float:
    """Wall-clock seconds of one ``pytest --nbval`` run over ``paths``; fails loudly if nbval fails."""
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env"]
    if sanitize is not None and sanitize.exists():
        cmd += ["--nbval-sanitize-with", str(sanitize)]
    cmd += [str(p) for p in paths]
    env = dict(os.environ)
    # Make the checkout importable from any kernel working directory, installed or not.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        tail = "\n".join(done.stdout.splitlines()[-15:])
        raise SystemExit(f"nbval failed ({' '.join(cmd[2:6])} ...):\n{tail}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each side; the fastest counts")
    args = parser.parse_args(argv)

    suite = sorted(p for p in NOTEBOOKS.glob("*.ipynb"))
    if not suite:
        print("bench_notebooks: no notebooks/*.ipynb to time")
        return 0
    with tempfile.TemporaryDirectory(prefix="mlpviz-bench-") as tmp:
        baseline = []
        for i in range(len(suite)):
            path = Path(tmp) / f"trivial_{i:02d}.ipynb"
            nbformat.write(trivial_notebook(), path)
            baseline.append(path)
        base = min(nbval_seconds(baseline, None) for _ in range(args.repeat))
        real = min(nbval_seconds(suite, SANITIZE) for _ in range(args.repeat))

    ratio = real / base
    print(f"notebooks: {len(suite)}")
    print(f"nbval, the suite:                         {real:7.1f} s")
    print(f"nbval, {len(suite)} notebooks that only import mlpviz: {base:7.1f} s")
    print(f"ratio: {ratio:.2f}x  (target <= {TARGET:.0f}x: {'met' if ratio <= TARGET else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
