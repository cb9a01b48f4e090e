"""Initialisations (uniform, Xavier, He), momentum and inverted dropout, each against a second computation."""
from __future__ import annotations

import numpy as np
import pytest

from mlpviz import MLP, examples as ex
from mlpviz.network import Trace


@pytest.mark.parametrize("init, var", [
    ("xavier", lambda n_in, n_out: 2.0 / (n_in + n_out)),     # U[−r, r]: r²/3 with r = √(6/(n_in+n_out))
    ("he", lambda n_in, n_out: 2.0 / n_in),                   # N(0, 2/n_in)
    ("uniform", lambda n_in, n_out: 1.0 / 3.0),               # U[−1, 1]
])
def test_init_scales_are_within_5_percent_of_theory_on_a_400x300_layer(init, var):
    net = MLP([400, 300, 1], init=init, seed=0)
    W = net.weights[0]
    assert W.shape == (300, 400)
    assert abs(W.var() / var(400, 300) - 1) < 0.05
    assert abs(W.mean()) < 0.05 * np.sqrt(var(400, 300))
    if init == "xavier":
        assert np.abs(W).max() <= np.sqrt(6 / 700)
    if init != "uniform":
        assert not net.biases[0].any()


def test_uniform_init_is_unchanged_and_init_is_checked():
    np.testing.assert_array_equal(MLP([2, 3, 1], seed=4).weights[0],
                                  np.random.default_rng(4).uniform(-1, 1, (3, 2)))
    with pytest.raises(ValueError, match=r"init: expected one of 'uniform', 'xavier', 'he', got 'glorot'"):
        MLP([2, 3, 1], init="glorot")


def test_momentum_is_the_heavy_ball_written_out():
    X, Z = ex.xor_dataset()
    mu, eta = 0.9, 0.3
    net = MLP([2, 3, 1], seed=1)
    by_hand = net.copy()
    net.fit(X, Z, epochs=3, lr=eta, batch_size=2, momentum=mu)
    v = [np.zeros_like(p) for p in by_hand.weights + by_hand.biases]
    for _ in range(3):
        for start in (0, 2):
            g = by_hand.backward(by_hand.forward(X[start:start + 2]), Z[start:start + 2])
            for i, (p, grad) in enumerate(zip(by_hand.weights + by_hand.biases, g.dW + g.db)):
                v[i] = mu * v[i] + grad
                p -= eta * v[i]
    for a, b in zip(net.weights + net.biases, by_hand.weights + by_hand.biases):
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-15)


def test_zero_momentum_and_keep_prob_one_are_plain_gradient_descent():
    X, Z = ex.xor_dataset()
    a, b = MLP([2, 3, 1], seed=1), MLP([2, 3, 1], seed=1)
    a.fit(X, Z, epochs=5, lr=0.5)
    b.fit(X, Z, epochs=5, lr=0.5, momentum=0.0, keep_prob=1.0)
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(p, q)


def _loss_with_mask(net, x, z, masks):
    trace = net._forward(np.asarray(x, float), masks=masks)
    return net.loss_function.fn(trace.output, z)


def test_dropout_gradient_is_the_derivative_of_the_masked_loss():
    net = MLP([3, 5, 4, 2], activation=["tanh", "sigmoid", "linear"], seed=3)
    x, z = np.array([0.2, -0.4, 0.9]), np.array([0.3, -0.1])
    record = next(net.copy().steps(x[None], z[None], 0.1, keep_prob=0.5, seed=7))
    masks = record.trace.masks
    assert masks[-1] is None and set(np.unique(np.concatenate(masks[:-1]))) <= {0.0, 2.0}
    h = 1e-6
    for l in range(net.n_layers):
        numeric = np.zeros_like(net.weights[l])
        for idx in np.ndindex(numeric.shape):
            plus, minus = net.copy(), net.copy()
            plus.weights[l][idx] += h
            minus.weights[l][idx] -= h
            numeric[idx] = (_loss_with_mask(plus, x, z, masks) - _loss_with_mask(minus, x, z, masks)) / (2 * h)
        np.testing.assert_allclose(record.grads.dW[l], numeric, atol=1e-8)


def test_inverted_dropout_keeps_the_expected_activation():
    net = MLP([4, 50, 1], seed=0)
    X = np.random.default_rng(0).uniform(-1, 1, (200, 4))
    plain = net.forward(X).a[1]
    gen = net.copy().steps(X, np.zeros((200, 1)), 1e-12, batch_size=200, keep_prob=0.8, seed=11)
    draws = np.stack([next(gen).trace.a[1] for _ in range(50)])       # 50 masks of 200×50 units
    kept = (draws != 0).mean()
    assert abs(kept - 0.8) < 0.01                                      # 500,000 Bernoulli(0.8) draws
    assert abs(draws.mean() / plain.mean() - 1) < 0.01                 # E[f(s)·m/p] = f(s)
    assert net.forward(X).masks is None                                # predicting never drops


@pytest.mark.parametrize("kwargs, match", [
    (dict(momentum=1.0), r"momentum: must be a number from 0 to below 1"),
    (dict(momentum=-0.1), r"momentum: must be a number from 0 to 1"),
    (dict(keep_prob=0.0), r"keep_prob: must be above 0"),
    (dict(keep_prob=1.5), r"keep_prob: must be a number from 0 to 1"),
])
def test_momentum_and_keep_prob_are_checked(kwargs, match):
    X, Z = ex.xor_dataset()
    with pytest.raises(ValueError, match=match):
        MLP([2, 3, 1], seed=0).fit(X, Z, epochs=1, lr=0.1, **kwargs)


def test_trace_without_masks_is_the_default():
    assert Trace(s=[], a=[]).masks is None
