"""BLAS threads and a busy machine: should mlpviz limit OpenBLAS to one thread?

Each workload is timed four ways: alone or beside a CPU burner (a child
process spinning in pure Python, started and stopped here, never longer than
``BURN_SECONDS``), and with OpenBLAS's default threads or with each ``fit``
call wrapped in a one-thread BLAS limit (threadpoolctl, a cached
``ThreadpoolController().limit(limits=1, user_api="blas")``). Rounds
alternate alone and busy, and interleave default and limited, so all four
see the same machine; the shared machine's own load is printed too.

Workloads: full-batch epochs of a 64-32-10 sigmoid net on 256, 1,797 (the
digits data set's shape) and 8,192 random rows, a mini-batch-32 epoch of it,
and per-sample steps of the seed 2-3-1 net in ``fit``. Then what it costs to
enter a limit, ``threadpool_limits(...)`` (which looks up the loaded
libraries every time) and a cached controller's ``limit(...)``, beside one
per-sample step; and the CPU the process burns after one product while its
OpenBLAS workers spin, waiting for more work, before they sleep.

OpenBLAS threads a product only above a size that depends on its build
(m·n·k ≥ 2^19 with numpy 2.4's OpenBLAS 0.3.31 here, the last lines show
it): the 2-3-1 net and mini-batches of 32 never reach it, whatever the setting.

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/bench_threads.py``
"""
from __future__ import annotations

import multiprocessing as mp
import statistics
import time
from contextlib import contextmanager

import numpy as np

from _timing import blas_info, load_line, median_times
from mlpviz import MinMaxScaler, MLP, examples

BURN_SECONDS = 60.0   # the burner stops by itself after this, whatever happens here


def _burn(spin, stop, cpu, seconds: float) -> None:
    """Spin in pure Python while ``spin`` is set, adding the CPU seconds spent to ``cpu``."""
    deadline = time.monotonic() + seconds
    while not stop.is_set() and time.monotonic() < deadline:
        if spin.wait(0.05):
            t0 = time.process_time()
            for _ in range(100_000):
                pass
            with cpu.get_lock():
                cpu.value += time.process_time() - t0


@contextmanager
def cpu_burner():
    """A child process, idle until told to spin; yields ``busy(on)`` and how much CPU it used.

    ``busy(True)`` makes the child keep one core busy, ``busy(False)`` lets it
    block again; both wait a little for the scheduler to follow.
    """
    ctx = mp.get_context("spawn")
    spin, stop, cpu = ctx.Event(), ctx.Event(), ctx.Value("d", 0.0)
    child = ctx.Process(target=_burn, args=(spin, stop, cpu, BURN_SECONDS), daemon=True)
    child.start()

    def busy(on: bool) -> None:
        spin.set() if on else spin.clear()
        time.sleep(0.03)

    try:
        yield busy, cpu
    finally:
        stop.set()
        child.join(5)
        if child.is_alive():
            child.terminate()
            child.join()


def cpu_after(product, seconds: float = 0.3) -> float:
    """CPU seconds this process uses while it sleeps ``seconds`` right after ``product()``."""
    time.sleep(0.15)                          # let workers of earlier products fall asleep
    product()
    c0 = time.process_time()
    time.sleep(seconds)
    return time.process_time() - c0


def workloads() -> list[tuple[str, object, float, str]]:
    """(label, function, units per call, unit) for every workload; each call starts from the same weights."""
    rng = np.random.default_rng(1797)
    X = rng.uniform(0.0, 1.0, size=(8192, 64))
    Z = np.eye(10)[rng.integers(0, 10, size=8192)]
    big = MLP([64, 32, 10], activation="sigmoid", seed=0)
    big_start = big.get_params()
    seed = examples.seed_network()
    seed_start = seed.get_params()
    X_raw, Z_raw = examples.seed_dataset()
    Xs, Zs = MinMaxScaler().fit_transform(X_raw), MinMaxScaler().fit_transform(Z_raw)

    def fit_big(rows: int, epochs: int, batch_size: int):
        def fit():
            big.set_params(*big_start)
            big.fit(X[:rows], Z[:rows], epochs=epochs, lr=0.01, batch_size=batch_size)
        return fit

    def fit_seed():
        seed.set_params(*seed_start)
        seed.fit(Xs, Zs, epochs=250, lr=0.1)

    return [("64-32-10 full batch, 256 rows", fit_big(256, 20, 256), 20, "ms/epoch"),
            ("64-32-10 full batch, 1797 rows", fit_big(1797, 10, 1797), 10, "ms/epoch"),
            ("64-32-10 full batch, 8192 rows", fit_big(8192, 2, 8192), 2, "ms/epoch"),
            ("64-32-10 mini-batch 32, 1797 rows", fit_big(1797, 1, 32), 1, "ms/epoch"),
            ("2-3-1 per-sample fit, seed set", fit_seed, 1000, "µs/step")]


def main(rounds: int = 25, budget: float = 20.0) -> None:
    """Time up to ``rounds`` rounds (at least 3), stopping after ``budget`` seconds of them."""
    try:
        from threadpoolctl import ThreadpoolController, threadpool_limits
    except ImportError:
        print("skipped: threadpoolctl not installed (pip install threadpoolctl)")
        return
    print(blas_info())
    print(load_line())
    controller = ThreadpoolController()

    def limit():
        return controller.limit(limits=1, user_api="blas")

    cases = {}
    for label, fn, units, unit in workloads():
        def limited(fn=fn):
            with limit():
                fn()
        scale = (1e3 if unit.startswith("ms") else 1e6) / units
        cases[label, unit, "default"] = fn, scale
        cases[label, unit, "one"] = limited, scale
    fns = {key: fn for key, (fn, _) in cases.items()}
    samples = {(load, key): [] for load in ("alone", "busy") for key in cases}
    busy_seconds = 0.0
    with cpu_burner() as (busy, burner_cpu):
        median_times(fns, repeats=1, number=1)            # warm up
        stop_at = time.monotonic() + budget
        for done in range(rounds):                        # alone and busy alternate, so both see the same machine
            if done >= 3 and time.monotonic() > stop_at:
                break
            for load in ("alone", "busy"):
                busy(load == "busy")
                t0 = time.perf_counter()
                times = median_times(fns, repeats=1, number=1, warm_up=False)
                busy_seconds += (time.perf_counter() - t0) if load == "busy" else 0.0
                for key, seconds in times.items():
                    samples[load, key].append(seconds * cases[key][1])
        busy(False)
    med = {key: statistics.median(v) for key, v in samples.items()}
    done = len(next(iter(samples.values())))

    print(f"\nmedian of {done} rounds; '1 thread' wraps each fit call in controller.limit(limits=1, "
          f"user_api='blas'); the burner used {burner_cpu.value / busy_seconds:.0%} of a core while busy")
    print(f"{'':35s} {'':9s} {'alone':>17s}   {'beside a CPU burner':>19s}   {'busy / alone':>12s}")
    print(f"{'':35s} {'unit':9s} {'default':>8s} {'1 thread':>8s}   {'default':>9s} {'1 thread':>9s}   "
          f"{'default':>7s} {'1 thr':>5s}")
    for label, unit, mode in cases:
        if mode != "default":
            continue
        a_def, a_one = med["alone", (label, unit, "default")], med["alone", (label, unit, "one")]
        b_def, b_one = med["busy", (label, unit, "default")], med["busy", (label, unit, "one")]
        print(f"{label:35s} {unit:9s} {a_def:8.3f} {a_one:8.3f}   {b_def:9.3f} {b_one:9.3f}   "
              f"{b_def / a_def:6.1f}x {b_one / a_one:4.1f}x")

    step_net, x, z = examples.seed_network(), np.array([0.5, 0.5]), np.array([0.9])

    def enter_limits():
        with threadpool_limits(1, user_api="blas"):
            pass

    def enter_cached():
        with limit():
            pass

    t = median_times({"limits": enter_limits, "cached": enter_cached,
                      "step": lambda: step_net.step(x, z, 0.1)}, repeats=11, number=200)
    print()
    print("cost of entering and leaving a one-thread BLAS limit (median):")
    print(f"    with threadpool_limits(1, user_api='blas')     {t['limits'] * 1e6:8.1f} µs")
    print(f"    with ThreadpoolController().limit(...) cached  {t['cached'] * 1e6:8.1f} µs")
    print(f"    one per-sample 2-3-1 net.step, for scale       {t['step'] * 1e6:8.1f} µs")

    print()
    print("CPU the process uses in the 0.3 s after one product (rows x 64) @ (64 x 32), its workers spinning:")
    W = np.random.default_rng(0).uniform(size=(64, 32))
    for rows in (128, 256, 1797):
        A = np.ones((rows, 64))
        spent = [cpu_after(lambda: A @ W)]
        with limit():
            spent.append(cpu_after(lambda: A @ W))
        print(f"    {rows:5d} rows (m·n·k = {rows * 64 * 32:>9,d})   default {spent[0] * 1e3:5.0f} ms   "
              f"1 thread {spent[1] * 1e3:5.0f} ms")
    print(load_line())


if __name__ == "__main__":
    main()
