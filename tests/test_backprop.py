"""Backpropagation equals central finite differences of the loss, for random networks.

For every weight and bias θ: ∂L/∂θ ≈ (L(θ + h) − L(θ − h)) / 2h with h = 1e-6 in float64
(truncation error O(h²) ≈ 1e-12, rounding error ≈ 1e-16·|L|/h ≈ 1e-10), so a relative tolerance of
1e-6 (plus a small absolute floor) leaves a wide margin while catching any wrong factor.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mlpviz import MLP
from mlpviz.loss import mse_loss

ACTS = ["sigmoid", "tanh", "relu", "linear"]
H = 1e-6


@st.composite
def problems(draw):
    depth = draw(st.integers(1, 6))                                  # weight layers
    sizes = [draw(st.integers(1, 5)) for _ in range(depth + 1)]
    if draw(st.booleans()):
        acts = draw(st.sampled_from(ACTS))                           # one for all layers
    else:
        acts = [draw(st.sampled_from(ACTS)) for _ in range(depth)]   # mixed per layer
    seed = draw(st.integers(0, 2**32 - 1))
    batch = draw(st.sampled_from([None, 1, 2, 5]))                   # None: a single 1-D sample
    rng = np.random.default_rng(seed)
    shape_x = (sizes[0],) if batch is None else (batch, sizes[0])
    shape_z = (sizes[-1],) if batch is None else (batch, sizes[-1])
    X = rng.uniform(-2, 2, size=shape_x)
    Z = rng.uniform(-1, 1, size=shape_z)
    return MLP(sizes, activation=acts, seed=seed), X, Z


def loss_of(net, X, Z) -> float:
    return mse_loss(net.forward(X).output, Z)


def finite_differences(net, X, Z):
    dW = [np.zeros_like(W) for W in net.weights]
    db = [np.zeros_like(b) for b in net.biases]
    for params, grads in ((net.weights, dW), (net.biases, db)):
        for p, g in zip(params, grads):
            for idx in np.ndindex(p.shape):
                old = p[idx]
                p[idx] = old + H
                up = loss_of(net, X, Z)
                p[idx] = old - H
                down = loss_of(net, X, Z)
                p[idx] = old
                g[idx] = (up - down) / (2 * H)
    return dW, db


def assert_close(bp, fd):
    scale = max(1.0, float(np.max(np.abs(fd))) if fd.size else 1.0)
    np.testing.assert_allclose(bp, fd, rtol=1e-6, atol=1e-7 * scale)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_backprop_equals_finite_differences(problem):
    net, X, Z = problem
    trace = net.forward(X)
    if "relu" in net.activation_names:
        # stay away from the kink: h must not move any s across 0
        assume(all(np.all(np.abs(s) >= 1e-4) for s in trace.s))
    grads = net.backward(trace, Z)
    assert grads.loss == pytest.approx(loss_of(net, X, Z), rel=1e-15)
    dW, db = finite_differences(net, X, Z)
    for l in range(net.n_layers):
        assert grads.dW[l].shape == net.weights[l].shape and grads.db[l].shape == net.biases[l].shape
        assert_close(grads.dW[l], dW[l])
        assert_close(grads.db[l], db[l])


@settings(max_examples=30, deadline=None)
@given(problems())
def test_delta_is_dL_ds(problem):
    """δ[l] = ∂L/∂s[l]: for one sample it is the bias gradient; for a batch, the bias gradient is its mean."""
    net, X, Z = problem
    g = net.backward(net.forward(X), Z)
    for l in range(net.n_layers):
        if np.ndim(X) == 1:
            np.testing.assert_array_equal(g.db[l], g.delta[l])
            np.testing.assert_allclose(g.dW[l], np.outer(g.delta[l], net.forward(X).a[l]), rtol=1e-15)
        else:
            # two summation orders (a product 1ᵀδ/n and numpy's pairwise mean) agree to rounding, which is
            # relative to the size of the terms summed, not of a sum that may cancel to near 0
            scale = np.abs(g.delta[l]).mean(axis=0)
            np.testing.assert_allclose(g.db[l], g.delta[l].mean(axis=0), rtol=1e-13, atol=1e-13 * scale.max())


def test_finite_differences_catch_a_wrong_gradient():
    """The check above can fail: a gradient off by a factor 1.001 is rejected."""
    net = MLP([2, 3, 1], seed=0)
    X, Z = np.array([0.3, -0.4]), np.array([0.5])
    g = net.backward(net.forward(X), Z)
    dW, _ = finite_differences(net, X, Z)
    assert_close(g.dW[0], dW[0])
    with pytest.raises(AssertionError):
        assert_close(g.dW[0] * 1.001, dW[0])
