"""Sync each notebook with its Markdown text, then re-execute it in place from a fresh kernel.

Usage (from the repository root; ``make notebooks [NB=...]`` runs this)::

    .venv/bin/python tools/run_notebooks.py              # every notebook in notebooks/, by name
    .venv/bin/python tools/run_notebooks.py 03 05_gradient_descent notebooks/07_update.md

A name may be a path (``.ipynb`` or ``.md``), a file name, a stem, or a prefix such as ``03``.

Each notebook is a jupytext pair (``notebooks/jupytext.toml``): ``NN_name.md`` is the text
people edit and review, ``NN_name.ipynb`` the executed notebook that nbval checks. For each
one the script first runs jupytext's own sync (``jupytext --sync``): the more recently
modified file of the pair gives the text of every cell, and the other file is rewritten to
match (a ``.md`` without an ``.ipynb`` creates it; an ``.ipynb`` without a ``.md`` writes it).
Then it runs the notebook top to bottom on the ``python3`` kernel (the interpreter running
this script), with ``notebooks/`` as its working directory and this checkout first on the
kernel's ``PYTHONPATH``, so the notebook imports the ``mlpviz`` next to this script whatever
else is installed. The ``.ipynb`` is written back only if every cell ran (after a failure it
holds the synced text with its old outputs). Cell timings and widget state are not stored, so
a re-run that changes nothing leaves the file unchanged. A notebook with slide metadata (a
slideshow) also gets the suite's RISE settings, :data:`RISE`, as its ``rise`` metadata: the
``.md`` does not hold notebook metadata, so they are set here, the same for every notebook.
The script prints one line per notebook and exits with status 1 if any failed.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from jupytext.cli import jupytext
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TEXT = ".md"  # the paired text format's extension (md:myst, see notebooks/jupytext.toml)

#: The settings of every slideshow (jupyterlab-rise reads a notebook's ``rise`` metadata over its
#: own defaults; reveal.js takes width, height, margin and scroll). Slides fill the window, whatever
#: its size, instead of a fixed 1024×768 page that a 720-pixel-high projector cuts off (RISE never
#: scales a slide down: its minScale is 1); no margin, so the whole height is the slide's; a slide
#: taller than the window scrolls (RISE makes it a scroll box 95 % of the window high).
RISE = {"width": "100%", "height": "100%", "margin": 0, "scroll": True, "theme": "simple",
        "enable_chalkboard": False}


def find_notebooks(names: list[str]) -> list[Path]:
    """Resolve command-line names to ``.ipynb`` paths in notebooks/ (all of them when empty).

    A notebook that exists only as its ``.md`` is included; its ``.ipynb`` path may not exist yet.
    """
    every = sorted({p.with_suffix(".ipynb") for pattern in ("*.ipynb", f"*{TEXT}")
                    for p in NOTEBOOKS.glob(pattern)})
    if not names:
        return every
    chosen = []
    for name in names:
        path = Path(name)
        if path.suffix in (".ipynb", TEXT) and path.exists():
            if path.resolve().parent != NOTEBOOKS:
                raise SystemExit(f"run_notebooks: {name!r} is not in this checkout's notebooks/ ({NOTEBOOKS})")
            chosen.append(path.resolve().with_suffix(".ipynb"))
            continue
        stem = path.name.removesuffix(".ipynb").removesuffix(TEXT)
        matches = [p for p in every if p.stem == stem] or [p for p in every if p.stem.startswith(stem)]
        if len(matches) != 1:
            found = ", ".join(p.name for p in matches) or "none"
            raise SystemExit(f"run_notebooks: {name!r} should name exactly one notebook in "
                             f"{NOTEBOOKS.relative_to(ROOT)}/ (matches: {found})")
        chosen.append(matches[0])
    return chosen


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def sync_pair(path: Path) -> str:
    """Bring ``path`` (an ``.ipynb``) and its ``.md`` into agreement with ``jupytext --sync``.

    Returns which way the text went. Raises RuntimeError if jupytext fails (for example on a
    ``.md`` it cannot read).
    """
    text = path.with_suffix(TEXT)
    before = _digest(path), _digest(text)
    source = path if path.exists() else text
    pair = f"jupytext --sync of {path.name} and {text.name}"
    try:
        status = jupytext(["--sync", "--quiet", str(source)])
    except Exception as exc:  # jupytext reports unreadable text as exceptions
        raise RuntimeError(f"{pair}: {type(exc).__name__}: {exc}") from exc
    if status:
        raise RuntimeError(f"{pair} exited with status {status}")
    ipynb_changed, text_changed = (a != b for a, b in zip(before, (_digest(path), _digest(text))))
    if ipynb_changed:
        return f"text from {text.name}"
    if text_changed:
        return f"wrote {text.name} from {path.name}"
    return "pair in sync"


def run_one(path: Path, timeout: int) -> tuple[bool, str]:
    """Execute one notebook in place from a fresh kernel; return (ok, one-line summary)."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)  # no stale widget state: each widget stores its own picture
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    if any("slideshow" in cell.metadata for cell in nb.cells):
        nb.metadata["rise"] = dict(RISE)
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

    # The kernel (started in notebooks/) imports mlpviz from this checkout, not from whichever
    # copy an editable install or site-packages points at: PYTHONPATH precedes both.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))

    failed = 0
    for path in find_notebooks(args.names):
        try:
            synced = sync_pair(path)
        except RuntimeError as exc:
            ok, summary = False, f"FAILED ({exc})"
        else:
            ok, summary = run_one(path, args.timeout)
            summary = f"{synced}; {summary}"
        failed += not ok
        print(f"{path.name}: {summary}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
