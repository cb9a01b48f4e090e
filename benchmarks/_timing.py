"""Timing helpers shared by the benchmark scripts (``make bench`` skips files named ``_*``).

The scripts import it as a sibling module: ``python benchmarks/bench_x.py``
puts ``benchmarks/`` first on ``sys.path``.
"""
from __future__ import annotations

import os
import statistics
import time
from typing import Callable

import numpy as np


def median_times(cases: dict[str, Callable[[], object]], repeats: int, number: int,
                 warm_up: bool = True) -> dict[str, float]:
    """Median over ``repeats`` rounds of the mean time of ``number`` calls of each case, in seconds.

    The cases are interleaved (one timing of each per round), so a machine
    that gets busier or quieter during the run slows them alike and their
    ratio stays fair. Each case is called once first to warm up, unless ``warm_up`` is False.
    """
    for fn in cases.values() if warm_up else ():
        fn()
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(repeats):
        for name, fn in cases.items():
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            times[name].append((time.perf_counter() - t0) / number)
    return {name: statistics.median(t) for name, t in times.items()}


def median_time(fn: Callable[[], object], repeats: int, number: int) -> float:
    """Median over ``repeats`` runs of the mean time of ``number`` calls, in seconds."""
    return median_times({"fn": fn}, repeats, number)["fn"]


def load_line() -> str:
    """The 1-minute load average and the core count: how busy the machine was."""
    return f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"


def blas_info() -> str:
    """numpy's version, the OpenBLAS environment variables and the BLAS thread pools, one per line."""
    lines = [f"numpy {np.__version__}"]
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        lines.append(f"{var}={os.environ.get(var, '(unset)')}")
    try:
        from threadpoolctl import threadpool_info

        for pool in threadpool_info():
            lines.append(f"threadpool: {pool.get('internal_api')} {pool.get('version')} "
                         f"core={pool.get('architecture')} threads={pool.get('num_threads')}")
    except ImportError:
        try:
            cfg = np.show_config(mode="dicts")
            blas = cfg.get("Build Dependencies", {}).get("blas", {})
            lines.append(f"blas: {blas.get('name')} {blas.get('version')} (threadpoolctl not installed)")
        except Exception:  # pragma: no cover - show_config's format varies across numpy versions
            pass
    return "\n".join(lines)
