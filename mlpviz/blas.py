"""One BLAS thread for the engine's matrix products (threadpoolctl).

numpy's matrix products run in OpenBLAS, which splits a big product over all
cores. On a student's 2-core laptop that is a bad bargain: the split saves
about a quarter of an idle full-batch epoch, but when anything else is busy
(the browser drawing a plot, another kernel) the same epoch runs 2 to 37
times slower, and after each split product OpenBLAS's worker thread spins for
about 0.1 s of CPU that the browser wanted. Measured by
``benchmarks/bench_threads.py``; the figures are in issue 9's closing note.

So the engine asks for one BLAS thread while it trains on products big enough
to be split (OpenBLAS splits from about 2^19 multiply-adds; the threshold here
leaves a margin). Only the engine's own work is limited, and only while it
runs: the user's numpy code elsewhere keeps the default.
"""
from __future__ import annotations

from contextlib import nullcontext

__all__ = ["SPLIT_SIZE", "one_thread"]

#: Products of at least this many multiply-adds (rows × n_in × n_out) are run on one BLAS thread.
SPLIT_SIZE = 2 ** 18

_controller = None


def one_thread(rows: int, layer_sizes: list[int]):
    """A context in which BLAS uses one thread, if the largest product is big enough to matter.

    Parameters
    ----------
    rows : int
        Samples per product (the batch size).
    layer_sizes : list of int
        The network's layer sizes.

    Returns
    -------
    context manager
        threadpoolctl's limit (about 6 µs to enter once the controller exists),
        or a no-op for small products.
    """
    global _controller
    largest = rows * max(n_in * n_out for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]))
    if largest < SPLIT_SIZE:
        return nullcontext()
    if _controller is None:                    # ~1 ms: it looks at every loaded library once
        from threadpoolctl import ThreadpoolController

        _controller = ThreadpoolController()
    return _controller.limit(limits=1, user_api="blas")
