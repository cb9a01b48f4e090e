"""Write student copies of the notebooks: every cell tagged ``solution`` removed.

Usage (from the repository root; ``make student`` runs this)::

    .venv/bin/python tools/make_student.py                 # notebooks/*.ipynb -> build/student/
    .venv/bin/python tools/make_student.py --out DIR 04 06  # some notebooks (stems or prefixes), elsewhere

The cells are removed by nbconvert's ``TagRemovePreprocessor``; everything else (the exercise cells,
with their "not answered yet" output, and the stored outputs of the lesson) stays as it is, so a
student copy runs top to bottom without errors before any exercise is answered.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nbconvert import NotebookExporter
from nbconvert.preprocessors import TagRemovePreprocessor

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SOLUTION_TAG = "solution"


def student_copy(source: Path, out_dir: Path) -> Path:
    """Write ``out_dir/<source name>`` without the cells tagged ``solution``; return its path."""
    exporter = NotebookExporter()
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={SOLUTION_TAG}, enabled=True),
                                   enabled=True)
    body, _ = exporter.from_filename(str(source))
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / source.name
    target.write_text(body, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="notebook stems or prefixes (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "student", help="output folder")
    args = parser.parse_args(argv)
    every = sorted(NOTEBOOKS.glob("*.ipynb"))
    chosen = [p for p in every if not args.names or any(p.stem.startswith(n) for n in args.names)]
    if not chosen:
        print(f"make_student: no notebook matches {args.names}", file=sys.stderr)
        return 1
    for path in chosen:
        print(f"{path.name} -> {student_copy(path, args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
