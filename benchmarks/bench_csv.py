"""load_csv on 2 million rows: time and peak memory, against numpy's bare C reader.

Run (with mlpviz installed, as ``make bench`` does; from a bare checkout prefix
``PYTHONPATH=.``)::

    .venv/bin/python benchmarks/bench_csv.py [ROWS]

Two files of ROWS rows (default 2,000,000) of 3 columns: a clean one, which
numpy's C parser reads (:func:`numpy.loadtxt`), and the same with a last line
of blanks, which numpy refuses so that the csv module reads it line by line
(as every file numpy refuses is read). Each is read in a fresh process, for
its peak resident memory (``VmHWM``, Linux); times are the best of 3.

Targets: the clean file within 2× numpy's bare loadtxt; the resident
memory that reading adds under 16 bytes a cell on both paths (the table
itself is 8 bytes a cell, float64).

Seen on the 2-core development machine, under a load of 4–8: the bare
loadtxt 0.23–0.45 s; load_csv 0.43–1.0 s on the clean file (1.8–3×) and
3.9–6.5 s on the csv-module path; 54–59 MiB more resident on both (9–10
bytes a cell). The reader before (a Python str and float per cell, the whole
text in memory) took 14 s and 1.1 GB resident on the clean file.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

CHILD = """
import sys, time
import numpy as np
from mlpviz import load_csv

def peak_kib():  # the resident high-water mark of this process (ru_maxrss would count the parent's, from fork)
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))

base = peak_kib()
best = float("inf")
for _ in range(3):
    t0 = time.perf_counter()
    if sys.argv[2] == "bare":
        np.loadtxt(sys.argv[1], delimiter=",", skiprows=1, ndmin=2)
    else:
        load_csv(sys.argv[1])
    best = min(best, time.perf_counter() - t0)
print(best, peak_kib() - base)
"""


def run(path: Path, how: str) -> tuple[float, float]:
    """Best time (s) and resident memory grown (bytes) of reading ``path`` in a fresh process."""
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), how], capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[0]), float(out[1]) * 1024


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
    with tempfile.TemporaryDirectory() as folder:
        clean, blanks = Path(folder) / "clean.csv", Path(folder) / "blanks.csv"
        table = np.random.default_rng(0).uniform(0, 100, size=(rows, 3))
        np.savetxt(clean, table, delimiter=",", header="i0,i1,z0", comments="", fmt="%.6g")
        blanks.write_text(clean.read_text() + "   \n")
        bare, _ = run(clean, "bare")
        print(f"{rows:,} rows × 3 columns, {clean.stat().st_size / 2**20:.0f} MiB of text; "
              f"bare np.loadtxt {bare:.2f} s")
        for name, path in (("numpy's reader", clean), ("the csv module", blanks)):
            seconds, grown = run(path, "load_csv")
            print(f"load_csv through {name:>15}: {seconds:5.2f} s ({seconds / bare:.1f}× bare), "
                  f"{grown / 2**20:5.0f} MiB resident, {grown / table.size:4.1f} bytes a cell")


if __name__ == "__main__":
    main()
