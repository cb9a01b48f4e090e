"""mlpviz.notation: one index scheme, and every view of a name points at the same engine entry.

The indices are read back out of each view's text with regular expressions written here, so a
view that named another entry (a swapped j and k, a layer off by one) would fail.
"""
from __future__ import annotations

import keyword
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlpviz as mv
from mlpviz import examples as ex
from mlpviz import explain
from mlpviz.activations import ACTIVATIONS
from mlpviz.notation import Name, Notation, node_label, node_names, parameter_names

sizes_strategy = st.lists(st.integers(1, 12), min_size=2, max_size=5)


def code_indices(code: str) -> tuple[str, tuple[int, ...]]:
    """``"W[0][2,1]"`` → ``("W", (0, 2, 1))``."""
    m = re.fullmatch(r"([A-Za-z]+)((?:\[[\d,]+\])+)", code)
    assert m, code
    return m.group(1), tuple(int(i) for i in re.findall(r"\d+", m.group(2)))


def matrix_indices(latex: str) -> tuple[str, tuple[int, ...]]:
    """``"W^{[0]}_{21}"`` → ``("W", (0, 2, 1))``; ``"W^{[0]}_{12,3}"`` → ``("W", (0, 12, 3))``."""
    m = re.fullmatch(r"(\\?[A-Za-z]+)\^\{\[(\d+)\]\}_\{([\d,]+)\}", latex)
    assert m, latex
    sub = m.group(3)
    rest = tuple(int(i) for i in sub.split(",")) if "," in sub else tuple(int(c) for c in sub)
    return m.group(1), (int(m.group(2)), *rest)


# ---------------------------------------------------------------------------------- the views
@settings(max_examples=60, deadline=None)
@given(sizes=sizes_strategy)
def test_code_and_matrix_views_name_the_same_entry(sizes):
    names = Notation(sizes, style="matrix")
    for l in range(len(sizes) - 1):
        for j in range(sizes[l + 1]):
            for k in range(sizes[l]):
                w = names.w(l, j, k)
                assert code_indices(w.code) == ("W", (l, j, k))
                if max(sizes) <= 10:   # one digit per index: W^{[l]}_{jk}
                    assert matrix_indices(w.matrix) == ("W", (l, j, k))
                else:
                    assert w.matrix == f"W^{{[{l}]}}_{{{j},{k}}}"
                assert w.latex == w.matrix and w.symbol == f"W_{l}_{j}_{k}"
            b, s, d = names.b(l, j), names.s(l, j), names.delta(l, j)
            assert code_indices(b.code) == ("b", (l, j)) and b.matrix == f"b^{{[{l}]}}_{{{j}}}"
            assert code_indices(s.code) == ("s", (l, j)) and s.matrix == f"s^{{[{l}]}}_{{{j}}}"
            assert code_indices(d.code) == ("delta", (l, j)) and d.matrix == rf"\delta^{{[{l}]}}_{{{j}}}"
            a = names.a(l + 1, j)           # the output of weight layer l is node layer l + 1
            assert code_indices(a.code) == ("a", (l + 1, j)) and a.matrix == f"a^{{[{l + 1}]}}_{{{j}}}"


@settings(max_examples=60, deadline=None)
@given(sizes=sizes_strategy)
def test_symbols_are_distinct_identifiers(sizes):
    names = Notation(sizes)
    every = names.parameters() + [names.x(k) for k in range(sizes[0])] + [names.z(j) for j in range(sizes[-1])]
    for l in range(len(sizes) - 1):
        every += [f(l, j) for f in (names.s, names.delta) for j in range(sizes[l + 1])]
        every += [names.a(l + 1, j) for j in range(sizes[l + 1])]
    symbols = [n.symbol for n in every]
    assert len(set(symbols)) == len(symbols)
    assert all(s.isidentifier() and not keyword.iskeyword(s) for s in symbols)
    assert len({n.latex for n in every}) == len(every)


def test_seed_names_of_the_231_network_are_the_cheat_sheets():
    names = Notation([2, 3, 1])
    for j in range(3):
        for k in range(2):
            w = names.w(0, j, k)            # W[0][j, k] is the cheat sheet's wh[node j][input k]
            assert (w.code, w.seed, w.latex, w.symbol) == (f"W[0][{j},{k}]", f"wh[{j}][{k}]",
                                                          f"w_{{h[{j}][{k}]}}", f"wh_{j}_{k}")
        assert names.b(0, j).seed == f"bh[{j}]" and names.a(1, j).seed == f"ah[{j}]"
        assert names.s(0, j).latex == f"s_{{h[{j}]}}" and names.delta(0, j).latex == rf"\delta_{{h[{j}]}}"
        w = names.w(1, 0, j)                # W[1][0, j] is wo[hidden node j]
        assert (w.code, w.seed, w.latex) == (f"W[1][0,{j}]", f"wo[{j}]", f"w_{{o[{j}]}}")
    assert (names.b(1, 0).seed, names.s(1, 0).seed, names.a(2, 0).seed, names.delta(1, 0).seed) == \
        ("bo", "so", "yo", "δo")
    assert (names.a(2, 0).latex, names.delta(1, 0).symbol) == ("y_{o}", "deltao")
    assert (names.x(1).seed, names.x(1).latex, names.a(0, 1)) == ("x[1]", "x_{[1]}", names.x(1))
    assert (names.z(0).seed, names.z(0).latex, names.z(0).code) == ("z", "z", "z[0]")
    assert str(names.w(0, 2, 1)) == "w_{h[2][1]}"      # a Name drops into a formula as its LaTeX
    grad = names.grad(names.w(0, 2, 1))
    assert (grad.code, grad.seed, grad.latex) == ("dW[0][2,1]", "∂L/∂wh[2][1]", r"\frac{\partial L}{\partial w_{h[2][1]}}")


def test_several_outputs_put_the_output_index_first():
    names = Notation([2, 2, 3])
    assert names.w(1, 2, 1).seed == "wo[2][1]" and names.b(1, 2).seed == "bo[2]"
    assert names.a(2, 2).latex == "y_{o[2]}" and names.z(2).latex == "z_{[2]}"
    assert names.delta(1, 2).symbol == "deltao_2"


def test_deep_networks_have_no_seed_names_and_style_matrix_uses_none():
    deep = Notation([2, 2, 2, 1])
    assert not deep.has_seed_names
    assert all(n.seed == "" and n.latex == n.matrix for n in deep.parameters())
    matrix = Notation([2, 3, 1], style="matrix")
    w = matrix.w(0, 2, 1)
    assert (w.seed, w.latex, w.symbol) == ("wh[2][1]", "W^{[0]}_{21}", "W_0_2_1")   # the seed name is still known


def test_parameter_names_follow_the_engine_order():
    # each W[l] row by row, then b[l]: the order flat_parameters and the tables use
    order = [code for code, _ in parameter_names([3, 4, 2])]
    assert order[:12] == [f"W[0][{j},{k}]" for j in range(4) for k in range(3)]
    assert order[12:16] == [f"b[0][{j}]" for j in range(4)]
    assert order[16:] == [f"W[1][{j},{k}]" for j in range(2) for k in range(4)] + ["b[1][0]", "b[1][1]"]


def test_notation_checks_its_arguments():
    with pytest.raises(ValueError, match="layer_sizes"):
        Notation([3])
    with pytest.raises(ValueError, match=r"layer_sizes\[1\]"):
        Notation([2, 0, 1])
    with pytest.raises(ValueError, match="style"):
        Notation([2, 1], style="greek")
    names = Notation([2, 3, 1])
    with pytest.raises(ValueError, match="l: expected a weight layer from 0 to 1"):
        names.w(2, 0, 0)
    with pytest.raises(ValueError, match="k: expected a node of layer 0 from 0 to 1"):
        names.w(0, 0, 2)
    with pytest.raises(ValueError, match="j"):
        names.a(1, 3)


def test_the_card_table_shows_both_views():
    table = Notation([2, 3, 1]).table()
    rows = {r[0]: r[1:] for r in table.rows}
    assert rows["hidden weight"] == ["W[0][2,1]", "wh[2][1]", "$w_{h[2][1]}$", "$W^{[0]}_{21}$"]
    assert rows["output (prediction)"][1] == "yo" and rows["target"][1] == "z"


# --------------------------------------------------------------------------- every user
def test_explain_update_latex_uses_exactly_the_notation_names():
    net = ex.seed_network()
    record = net.preview_step(ex.SEED_X_001, ex.SEED_TARGET, ex.SEED_LR)
    tex = explain.update_latex(record)
    names = Notation(net.layer_sizes)
    updated = set(re.findall(r"^\{(.+?)\}\^\{new\} &=", tex, flags=re.M))
    assert updated == {n.latex for n in names.parameters()}
    # every symbol on the right-hand sides is a notation name: w, b, δ and the inputs a / x
    used = set(re.findall(r"(?:[wbays]_\{[^{}]*(?:\{[^{}]*\})?[^{}]*\}|\\delta_\{[^{}]*\}|x_\{\[\d\]\})", tex))
    known = {n.latex for n in names.parameters()} | {names.delta(l, j).latex for l in range(2)
                                                    for j in range(net.layer_sizes[l + 1])}
    known |= {names.a(l, j).latex for l in range(3) for j in range(net.layer_sizes[l])}
    assert used and used <= known, used - known


@pytest.mark.parametrize("sizes", [[2, 3, 1], [3, 4, 4, 2], [2, 2]])
def test_explain_forward_latex_names_every_sum_and_activation_by_notation(sizes):
    net = mv.MLP(sizes, seed=1)
    tex = explain.forward_latex(net, net.forward(np.linspace(0.1, 0.9, sizes[0])))
    names = Notation(sizes)
    lhs = re.findall(r"^(\S+) &=", tex, flags=re.M)
    expected = []
    for l in range(len(sizes) - 1):
        for j in range(sizes[l + 1]):
            expected += [names.s(l, j).latex, names.a(l + 1, j).latex]
    assert lhs == expected


def test_symbolic_prints_every_symbol_with_the_notation_latex():
    sp = pytest.importorskip("sympy")
    from mlpviz.symbolic import SymbolicMLP

    for naming in ("seed", "matrix"):
        model = SymbolicMLP([2, 3, 1], "tanh", naming=naming)
        names = Notation([2, 3, 1], style=naming)
        for sym, name in zip(model.parameters, names.parameters()):
            assert sym == sp.Symbol(name.symbol) and model.latex(sym) == name.latex
        assert model.latex(model.delta_symbols[0][2]) == names.delta(0, 2).latex
        assert model.latex(model.a_symbols[2][0]) == names.a(2, 0).latex
        assert model.latex(model.x[1]) == names.x(1).latex


def test_the_diagram_names_its_nodes_with_node_names():
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    from mlpviz.plots import artists_by_gid, draw_network

    net = mv.MLP([3, 2, 2, 2], seed=0)
    fig = draw_network(net)
    labels = {g: a.get_text() for g, a in artists_by_gid(fig, "node-name:").items()}
    for layer, row in enumerate(node_names(net.layer_sizes)):
        for j, name in enumerate(row):
            assert labels[f"node-name:{layer}:{j}"] == node_label(name)
    plt.close(fig)
    assert node_label("h1_2") == "$h^{(1)}_{2}$" and node_label("y") == "$y$"


def test_errata_name_quantities_by_their_seed_names():
    from mlpviz.errata import errata

    seed_names = {n.seed for n in Notation([2, 3, 1]).parameters()}
    updates = [e.quantity.split()[0] for e in errata() if "after one update" in e.quantity]
    assert updates and set(updates) <= seed_names


def test_tables_name_parameters_like_the_notation():
    from mlpviz.tables import parameter_table, update_table

    net = ex.seed_network()
    table = parameter_table(net)
    assert [(r[0], r[1]) for r in table.rows] == parameter_names(net.layer_sizes)
    after = net.copy()
    grads = after.step(ex.SEED_X_001, ex.SEED_TARGET, 0.1)
    assert [r[0] for r in update_table(net, after, grads, 0.1).rows] == \
        [n.text for n in Notation(net.layer_sizes).parameters()]


# ------------------------------------------------------------------------- activations
@pytest.mark.parametrize("name", [n for n in ACTIVATIONS if ACTIVATIONS[n].elementwise])
def test_each_activation_owns_its_symbol_and_derivative_forms(name):
    sp = pytest.importorskip("sympy")
    act = ACTIVATIONS[name]
    assert act.latex.startswith(act.symbol + "(s)") and act.derivative_latex.startswith(act.symbol + "'(s)")
    # the seed form in a = f(s), evaluated at a = f(s), is the derivative the engine computes
    s = np.array([-1.3, -0.2, 0.4, 2.0])
    a = act.f(s)
    s_sym, a_sym = sp.Symbol("s"), sp.Symbol("a")
    form = sp.lambdify((s_sym, a_sym), act.slope_sympy(s_sym, a_sym).replace(
        lambda e: isinstance(e, sp.Heaviside), lambda e: sp.Heaviside(e.args[0], 0)), "numpy")
    np.testing.assert_allclose(np.broadcast_to(form(s, a), s.shape), act.df(s, a), rtol=1e-12)


def test_slope_latex_takes_symbols_and_numbers():
    sigmoid, tanh, relu = ACTIVATIONS["sigmoid"], ACTIVATIONS["tanh"], ACTIVATIONS["relu"]
    assert sigmoid.slope("s_{o}", "y_{o}") == r"y_{o}\,(1 - y_{o})"
    assert tanh.slope("s_{o}", "y_{o}") == r"(1 - {y_{o}}^2)"             # a symbol is braced before ^2
    assert tanh.slope("-0.0846", "(-0.0844)") == r"(1 - (-0.0844)^2)"    # a number is not
    assert tanh.slope("s", "a^{[1]}_{0}") == r"(1 - {a^{[1]}_{0}}^2)"
    assert relu.slope("s_{h[0]}", "a_{h[0]}") == r"\mathrm{ReLU}'(s_{h[0]})"
    assert ACTIVATIONS["linear"].slope("s", "a") == "1"
    assert isinstance(Notation([2, 1]).w(0, 0, 1), Name)
