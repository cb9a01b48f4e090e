"""mlpviz.blas: one BLAS thread for big training products, nothing for small ones, nothing outside."""
from __future__ import annotations

from contextlib import nullcontext

import numpy as np
from threadpoolctl import threadpool_info

from mlpviz import MLP
from mlpviz.blas import SPLIT_SIZE, one_thread


def blas_threads() -> list[int]:
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_small_products_are_left_alone():
    assert isinstance(one_thread(1, [2, 3, 1]), nullcontext)
    assert isinstance(one_thread(32, [64, 32, 10]), nullcontext)        # 32·64·32 = 65,536 < 2^18
    assert 1797 * 64 * 32 >= SPLIT_SIZE


def test_big_products_run_on_one_thread_and_the_default_comes_back():
    before = blas_threads()
    assert before, "numpy's BLAS is not visible to threadpoolctl"
    with one_thread(1797, [64, 32, 10]):
        assert all(n == 1 for n in blas_threads())
    assert blas_threads() == before


def test_fit_limits_blas_only_while_it_runs():
    before = blas_threads()
    assert before, "numpy's BLAS is not visible to threadpoolctl"
    seen = []
    X = np.random.default_rng(0).uniform(size=(1797, 64))
    Z = np.random.default_rng(1).uniform(size=(1797, 10))
    MLP([64, 32, 10], seed=0).fit(X, Z, epochs=2, lr=0.1, batch_size=1797,
                                  callback=lambda epoch, history: seen.append(blas_threads()))
    assert seen and all(n == 1 for threads in seen for n in threads)
    assert blas_threads() == before
