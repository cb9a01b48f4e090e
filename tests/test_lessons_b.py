"""Tests of the notebook helpers for notebooks 05-09 (bottom half of mlpviz/lessons.py)."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlpviz import MLP
from mlpviz.gradcheck import finite_difference_gradients
from mlpviz.lessons import gradient_table, step_loss_table, update_table


def one_weight_net(w=0.5, b=0.1):
    """y = w·x + b: L = ½(wx + b − z)², so ∂L/∂w = (y − z)·x and ∂L/∂b = y − z by hand."""
    return MLP.from_weights([[[w]]], [[b]], "linear")


def seed_net(activation="sigmoid"):
    return MLP.from_weights([[[-0.5, -1.0], [-0.5, 0.5], [1.0, 0.0]], [[0.5, -1.0, 0.0]]],
                            [[0.5, 0.5, 0.5], [0.5]], activation)


# ------------------------------------------------------- finite_difference_gradients
def test_finite_differences_of_a_single_linear_neuron_match_the_hand_derivation():
    net = one_weight_net(w=0.5, b=0.1)
    dW, db = finite_difference_gradients(net, [2.0], [1.0])
    # y = 0.5·2 + 0.1 = 1.1, y − z = 0.1: ∂L/∂w = 0.1·2 = 0.2, ∂L/∂b = 0.1
    assert dW[0].shape == (1, 1) and db[0].shape == (1,)
    assert dW[0][0, 0] == pytest.approx(0.2, abs=1e-8)
    assert db[0][0] == pytest.approx(0.1, abs=1e-8)


def test_finite_differences_of_a_sigmoid_neuron_match_the_hand_derivation():
    net = MLP.from_weights([[[0.3, -0.2]]], [[0.1]], "sigmoid")
    x, z = np.array([1.0, 2.0]), 0.8
    s = 0.3 * 1.0 - 0.2 * 2.0 + 0.1
    y = 1 / (1 + np.exp(-s))
    delta = (y - z) * y * (1 - y)  # chain rule: ∂L/∂y · ∂y/∂s
    dW, db = finite_difference_gradients(net, x, [z])
    np.testing.assert_allclose(dW[0], [[delta * 1.0, delta * 2.0]], atol=1e-9)
    np.testing.assert_allclose(db[0], [delta], atol=1e-9)


def test_finite_differences_leave_the_network_unchanged():
    net = seed_net()
    W, b = net.get_params()
    finite_difference_gradients(net, [0.5, 0.5], [0.91])
    for l in range(net.n_layers):
        np.testing.assert_array_equal(net.weights[l], W[l])
        np.testing.assert_array_equal(net.biases[l], b[l])


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), activation=st.sampled_from(["sigmoid", "tanh"]),
       x=st.lists(st.floats(-1, 1), min_size=2, max_size=2), z=st.floats(-1, 1))
def test_finite_differences_agree_with_backpropagation(seed, activation, x, z):
    net = MLP([2, 3, 1], activation=activation, seed=seed)
    grads = net.backward(net.forward(x), [z])
    dW, db = finite_difference_gradients(net, x, [z])
    for l in range(net.n_layers):
        np.testing.assert_allclose(dW[l], grads.dW[l], atol=1e-7)
        np.testing.assert_allclose(db[l], grads.db[l], atol=1e-7)


@pytest.mark.parametrize("h", [0, -1e-6, float("nan"), "small", True])
def test_finite_differences_reject_a_bad_step(h):
    with pytest.raises(ValueError, match="h: (must be|expected) a positive finite number"):
        finite_difference_gradients(one_weight_net(), [1.0], [0.0], h=h)


# ------------------------------------------------------------------ gradient_table
def test_gradient_table_lists_every_parameter_in_seed_names_with_backprop_values():
    net = seed_net()
    x, z = [0.5, 0.5], [0.91]
    table = gradient_table(net, x, z, {"finite differences": finite_difference_gradients(net, x, z)})
    assert table.columns == ["parameter", "backprop", "finite differences", "all within 1e-08"]
    names = [row[0] for row in table.rows]
    assert names == ["wh[0][0]", "wh[0][1]", "wh[1][0]", "wh[1][1]", "wh[2][0]", "wh[2][1]",
                     "bh[0]", "bh[1]", "bh[2]", "wo[0]", "wo[1]", "wo[2]", "bo"]
    # bo's gradient is δo = (y − z)·y(1 − y), computed here from the forward pass by hand
    y = net.predict(x)[0]
    assert table.rows[-1][1] == pytest.approx((y - 0.91) * y * (1 - y), rel=1e-12)
    assert [row[-1] for row in table.rows] == ["yes"] * 13


def test_gradient_table_says_no_where_another_method_disagrees():
    net = one_weight_net()
    wrong = ([np.array([[0.2 + 1e-3]])], [np.array([0.1])])
    table = gradient_table(net, [2.0], [1.0], {"wrong": wrong})
    assert [row[0] for row in table.rows] == ["wo[0]", "bo"]   # no hidden layer: the output's seed names
    assert [row[-1] for row in table.rows] == ["NO", "yes"]


def test_gradient_table_rejects_misshaped_gradients():
    with pytest.raises(ValueError, match=r"others\['bad'\]"):
        gradient_table(seed_net(), [0.5, 0.5], [0.91], {"bad": ([np.zeros((1, 1))], [np.zeros(1)])})
    with pytest.raises(ValueError, match="others: expected at least one"):
        gradient_table(seed_net(), [0.5, 0.5], [0.91], {})


# -------------------------------------------------------------------- update_table
def test_update_table_shows_old_gradient_change_and_new():
    before = one_weight_net(w=0.5, b=0.1)
    after = before.copy()
    grads = after.step([2.0], [1.0], lr=0.5)
    table = update_table(before, after, grads, lr=0.5)
    assert table.columns == ["parameter", "old", "∂L/∂θ", "change = −0.5·∂L/∂θ", "new"]
    # by hand: ∂L/∂w = 0.2, ∂L/∂b = 0.1; w: 0.5 − 0.5·0.2 = 0.4, b: 0.1 − 0.5·0.1 = 0.05
    (w_row, b_row) = table.rows
    np.testing.assert_allclose(w_row[1:], [0.5, 0.2, -0.1, 0.4], atol=1e-12)
    np.testing.assert_allclose(b_row[1:], [0.1, 0.1, -0.05, 0.05], atol=1e-12)
    assert "0.40000" in repr(table) and "0.05000" in repr(table)


def test_update_table_rejects_networks_of_different_shapes():
    with pytest.raises(ValueError, match="after: layer sizes"):
        net = seed_net()
        update_table(net, MLP([2, 2, 1], seed=0), net.backward(net.forward([0.5, 0.5]), [0.91]), lr=0.1)


# ----------------------------------------------------------------- step_loss_table
def test_step_loss_table_picks_the_iterations_asked_for():
    losses = [0.5 * 0.8 ** (2 * i) for i in range(12)]
    table = step_loss_table(losses, [0, 1, 10], digits=4)
    assert [row[0] for row in table.rows] == [0, 1, 10]
    assert [row[1] for row in table.rows] == pytest.approx([0.5, 0.32, 0.5 * 0.8 ** 20])
    assert repr(table).splitlines()[-1].split() == ["10", f"{losses[10]:.4f}"]


def test_step_loss_table_rejects_iterations_that_were_not_recorded():
    with pytest.raises(ValueError, match=r"iterations: \[3\] are outside the 3 recorded steps \(0 to 2\)"):
        step_loss_table([1.0, 0.5, 0.25], [0, 3])


# ------------------------------------------------------------------------ epoch_table
def test_epoch_table_numbers_iterations_rows_and_epoch_means():
    from mlpviz import History
    from mlpviz.lessons import epoch_table

    h = History(epoch_loss=[2.5, 6.5], step_loss=[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0])
    table = epoch_table(h, n_samples=4, epochs=2)
    assert [r[:3] for r in table.rows] == [[1, 0, 0], [1, 1, 1], [1, 2, 2], [1, 3, 3],
                                           [2, 4, 0], [2, 5, 1], [2, 6, 2], [2, 7, 3]]
    assert [r[3] for r in table.rows] == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
    assert [r[4] for r in table.rows] == ["", "", "", 2.5, "", "", "", 6.5]


def test_epoch_table_of_a_real_run_shows_fits_own_epoch_means():
    from mlpviz.lessons import epoch_table

    net = MLP([2, 3, 1], seed=1)
    X = np.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]])
    Z = np.array([[1.0], [0.0], [0.5]])
    h = net.fit(X, Z, epochs=3, lr=0.5)
    table = epoch_table(h, n_samples=3, epochs=3)
    means = [r[4] for r in table.rows if r[4] != ""]
    # each epoch's mean, recomputed here from the step losses
    np.testing.assert_allclose(means, [np.mean(h.step_loss[3 * e:3 * e + 3]) for e in range(3)])


def test_epoch_table_rejects_a_history_that_does_not_fit():
    from mlpviz import History
    from mlpviz.lessons import epoch_table

    h = History(epoch_loss=[1.0], step_loss=[1.0, 1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="n_samples: the history has 4 iterations in 1 epochs"):
        epoch_table(h, n_samples=3)
    with pytest.raises(ValueError, match="epochs: must be a whole number from 1 to 1"):
        epoch_table(h, n_samples=4, epochs=2)


# --------------------------------------------------------------------- same_parameters
def test_same_parameters_is_exact():
    from mlpviz.lessons import same_parameters

    net = seed_net()
    assert same_parameters(net, net.copy())
    nudged = net.copy()
    nudged.biases[1][0] += 1e-15
    assert not same_parameters(net, nudged)
    assert not same_parameters(net, seed_net("tanh"))
    assert not same_parameters(net, MLP([2, 2, 1], seed=0))


# ------------------------------------------------------------------------------ setup
class _Printer:
    def __init__(self):
        self.out = []

    def text(self, s):
        self.out.append(s)


class _FakeShell:
    """Just enough of IPython's shell: a text/plain formatter with ``for_type``."""

    def __init__(self):
        self.registered = {}
        formatter = type("F", (), {"for_type": lambda _, typ, fn: self.registered.__setitem__(typ, fn)})()
        self.display_formatter = type("D", (), {"formatters": {"text/plain": formatter}})()


def test_setup_stores_figures_without_their_text_repr_and_sets_numpy_printing():
    from matplotlib.figure import Figure

    from mlpviz.lessons import setup

    saved = np.get_printoptions()
    try:
        shell = _FakeShell()
        setup(shell)
        assert np.get_printoptions()["precision"] == 4 and np.get_printoptions()["suppress"]
        printer = _Printer()
        shell.registered[Figure](Figure(), printer, False)
        assert printer.out == [""]
    finally:
        np.set_printoptions(**saved)


# ------------------------------------------------------------------ chain_rule_numbers
@pytest.mark.parametrize("theta, latex, layer, node, inp", [("wo_1", "w_{o[1]}", 1, 0, 1),
                                                           ("wh_1_0", "w_{h[1][0]}", 0, 1, 0),
                                                           ("bh_0", "b_{h[0]}", 0, 0, None)])
def test_chain_rule_numbers_show_the_gradient_and_delta_that_backprop_finds(theta, latex, layer, node, inp):
    symbolic = pytest.importorskip("mlpviz.symbolic")
    from mlpviz.explain import number
    from mlpviz.lessons import chain_rule_numbers

    net = seed_net()
    x, z = [0.5, 0.5], [0.91]
    rule = symbolic.SymbolicMLP.from_network(net).derive(theta)
    text = chain_rule_numbers(rule, net, x, z, digits=6)
    grads = net.backward(net.forward(x), z)  # the engine: a method independent of sympy
    gradient = grads.dW[layer][node, inp] if inp is not None else grads.db[layer][node]
    lines = text.splitlines()
    product_line = next(ln for ln in lines if "&=" in ln and r"\cdot" in ln and ln.startswith(r"\frac{\partial L}{\partial " + latex))
    assert product_line.rstrip(" \\").endswith(f"= {number(gradient, 6)}")
    assert any(ln.startswith(r"\delta") and ln.rstrip(" \\").endswith(number(grads.delta[layer][node], 6))
               for ln in lines)
    assert lines[-2].rstrip(" \\").endswith(number(gradient, 6))  # sympy's direct diff(L, θ)
    assert lines[0] == r"\begin{aligned}" and lines[-1] == r"\end{aligned}"
    assert text._repr_latex_().startswith("$$")
