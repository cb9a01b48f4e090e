"""Re-execute the suite's notebooks in place, each from a fresh kernel, in order.

Usage (from the repository root)::

    .venv/bin/python tools/run_notebooks.py              # every notebooks/*.ipynb, sorted by name
    .venv/bin/python tools/run_notebooks.py 03 05_gradient_descent notebooks/07_update.ipynb

A name may be a path, a file name, a stem, or a prefix such as ``03``. Each
notebook runs with ``notebooks/`` as its working directory on the
``python3`` kernel (the interpreter running this script), and is written back
only if every cell ran; the script prints one line per notebook and exits
with status 1 if any failed. Cell timings are not recorded, so a re-run that
changes nothing leaves the file unchanged apart from outputs that really
changed.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def find_notebooks(names: list[str]) -> list[Path]:
    """Resolve command-line names to notebook paths (all of notebooks/ when empty)."""
    every = sorted(p for p in NOTEBOOKS.glob("*.ipynb"))
    if not names:
        return every
    chosen = []
    for name in names:
        path = Path(name)
        if path.suffix == ".ipynb" and path.exists():
            chosen.append(path.resolve())
            continue
        stem = path.name.removesuffix(".ipynb")
        matches = [p for p in every if p.stem == stem] or [p for p in every if p.stem.startswith(stem)]
        if len(matches) != 1:
            found = ", ".join(p.name for p in matches) or "none"
            raise SystemExit(f"run_notebooks: {name!r} should name exactly one notebook in "
                             f"{NOTEBOOKS.relative_to(ROOT)}/ (matches: {found})")
        chosen.append(matches[0])
    return chosen


def run_one(path: Path, timeout: int) -> tuple[bool, str]:
    """Execute one notebook in place from a fresh kernel; return (ok, one-line summary)."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)  # no stale widget state: each widget stores its own picture
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            store_widget_state=False,  # widgets leave their static picture instead
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    try:
        client.execute(stderr=subprocess.DEVNULL)  # the kernel process's own log lines, not cell output
    except CellExecutionError as exc:
        plain = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))  # drop the traceback's terminal colours
        lines = [ln for ln in plain.splitlines() if ln.strip()]
        return False, f"FAILED ({lines[-1] if lines else 'cell error'})"
    except Exception as exc:  # kernel died, timeout, ...
        return False, f"FAILED ({type(exc).__name__}: {exc})"
    nbformat.write(nb, path)
    n_code = sum(1 for c in nb.cells if c.cell_type == "code")
    return True, f"ok ({n_code} code cells, {time.perf_counter() - start:.1f} s)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="notebooks to run (default: all, in name order)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell (default 600)")
    args = parser.parse_args(argv)

    # Before `pip install -e .` the kernel (started in notebooks/) cannot see the package;
    # point it at this checkout through the kernel's environment.
    if importlib.util.find_spec("mlpviz") is None:
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))

    failed = 0
    for path in find_notebooks(args.names):
        ok, summary = run_one(path, args.timeout)
        failed += not ok
        print(f"{path.name}: {summary}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
