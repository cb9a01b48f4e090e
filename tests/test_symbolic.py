"""mlpviz.symbolic: sympy-derived gradients agree with backprop; identities; safe parsing."""
from __future__ import annotations

import json

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import mlpviz.symbolic as symbolic
from mlpviz import MLP, get_activation
from mlpviz.examples import SEED_TARGET, SEED_X_000, SEED_X_001, seed_weights_path
from mlpviz.symbolic import SymbolicMLP, gradient_2d, gradients, prove_identity

NAMES = ["sigmoid", "tanh", "relu", "linear"]
S = sp.Symbol


def seed_network(activation: str) -> MLP:
    """The seeds' 2-3-1 network, read straight from the shipped Go-format file."""
    data = json.loads(seed_weights_path().read_text())
    return MLP.from_weights([data["hiddenWeights"][0], data["outputWeights"]],
                            [data["hiddenBias"][0], data["outputBias"]], activation)


def random_case(sizes, activation, seed):
    rng = np.random.default_rng(seed)
    net = MLP(sizes, activation, seed=seed)
    return net, rng.uniform(-1, 1, sizes[0]), rng.uniform(-1, 1, sizes[-1])


def assert_same_gradients(sym, grads):
    for l, (dW, db) in enumerate(zip(grads.dW, grads.db)):
        assert sym.dW[l].shape == dW.shape and sym.db[l].shape == db.shape
        np.testing.assert_allclose(sym.dW[l], dW, rtol=1e-10, atol=1e-13, err_msg=f"dW[{l}]")
        np.testing.assert_allclose(sym.db[l], db, rtol=1e-10, atol=1e-13, err_msg=f"db[{l}]")


# ------------------------------------------------------------------ naming
def test_seed_names_follow_the_cheat_sheet_layout():
    m = SymbolicMLP([2, 3, 1], "sigmoid")
    assert list(m.x) == [S("x_0"), S("x_1")] and list(m.z) == [S("z")]
    assert m.W[0][2, 1] == S("wh_2_1") and m.weight(0, 2, 1) == S("wh_2_1")
    assert m.b[0][1] == S("bh_1") and m.W[1][0, 2] == S("wo_2") and m.bias(1, 0) == S("bo")
    assert [str(p) for p in m.parameters] == [
        "wh_0_0", "wh_0_1", "wh_1_0", "wh_1_1", "wh_2_0", "wh_2_1",
        "bh_0", "bh_1", "bh_2", "wo_0", "wo_1", "wo_2", "bo"]
    assert m.latex(m.W[0][1, 0]) == r"w_{h[1][0]}"
    assert m.latex(m.a_symbols[-1][0]) == r"y_{o}"


def test_matrix_names_index_like_the_engine():
    m = SymbolicMLP([2, 4, 4, 1], "tanh", naming="matrix")
    assert m.W[2][0, 3] == S("W_2_0_3") and m.b[1][2] == S("b_1_2")
    assert m.latex(m.W[1][0, 2]) == r"W^{[1]}_{02}"
    assert m.latex(m.s_symbols[0][1]) == r"s^{[0]}_{1}"
    assert m.latex(m.a_symbols[2][3]) == r"a^{[2]}_{3}"


@pytest.mark.parametrize("naming", ["seed", "matrix"])
def test_symbols_map_to_net_weights_by_index(naming):
    # If W[l][j, k] were not net.weights[l][j, k], the outputs would differ.
    net, x, _ = random_case([3, 2, 4, 2], ["tanh", "sigmoid", "linear"], seed=3)
    m = SymbolicMLP.from_network(net, naming=naming)
    values = {sym: v for sym, v in zip(m.x, x)}
    for l in range(net.n_layers):
        values.update({m.weight(l, j, k): net.weights[l][j, k] for j, k in np.ndindex(net.weights[l].shape)})
        values.update({m.bias(l, j): net.biases[l][j] for j in range(net.biases[l].size)})
    y = [float(e.subs(values)) for e in m.y]
    np.testing.assert_allclose(y, net.predict(x), rtol=1e-13)


# --------------------------------------------- the full gradient vs backprop
@settings(max_examples=20, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
       activations=st.lists(st.sampled_from(NAMES), min_size=3, max_size=3),
       seed=st.integers(0, 2**32 - 1))
def test_symbolic_gradient_equals_backprop(sizes, activations, seed):
    # Continuous random weights and inputs: s = 0 exactly (ReLU's kink) has probability 0.
    net, x, z = random_case(sizes, activations[:len(sizes) - 1], seed)
    assert_same_gradients(gradients(net, x, z), net.backward(net.forward(x), z))


@pytest.mark.parametrize("activation", NAMES)
def test_symbolic_gradient_of_a_batch_is_the_mean(activation):
    net = MLP([3, 4, 1], activation, seed=11)
    rng = np.random.default_rng(11)
    X, Z = rng.uniform(-1, 1, (5, 3)), rng.uniform(-1, 1, 5)
    assert_same_gradients(gradients(net, X, Z), net.backward(net.forward(X), Z))
    one = [gradients(net, X[i], Z[i:i + 1]) for i in range(5)]
    np.testing.assert_allclose(gradients(net, X, Z).dW[0], np.mean([g.dW[0] for g in one], axis=0))


def test_relu_derivative_at_zero_follows_the_engine():
    # s = 0: sympy's Heaviside(0) is 1/2; mlpviz (and the engine) use ReLU'(0) = 0.
    net = MLP.from_weights([[[0.0]]], [[0.0]], "relu")
    sym = gradients(net, [1.0], [1.0])
    engine = net.backward(net.forward([1.0]), [1.0])
    assert sym.dW[0][0, 0] == 0.0 == engine.dW[0][0, 0]
    rule = SymbolicMLP.from_network(net).derive("wo_0")
    assert rule.numeric(net, [1.0], [1.0]).value == 0.0


def test_derivation_is_cached_per_shape_and_reused_for_new_weights():
    before = symbolic._gradient_function.cache_info()
    net_a, x, z = random_case([2, 2, 1], "tanh", seed=5)
    net_b, _, _ = random_case([2, 2, 1], "tanh", seed=6)
    gradients(net_a, x, z)
    g = gradients(net_b, x, z)
    after = symbolic._gradient_function.cache_info()
    assert after.hits >= before.hits + 1
    assert_same_gradients(g, net_b.backward(net_b.forward(x), z))


# ------------------------------------------------------- chain rule (derive)
@pytest.mark.parametrize("sizes,activation", [([2, 3, 1], "sigmoid"), ([2, 3, 1], "tanh"),
                                              ([2, 3, 2, 2], "relu"), ([1, 2, 2], ["tanh", "linear"])])
def test_every_chain_rule_evaluates_to_backprop(sizes, activation):
    net, x, z = random_case(sizes, activation, seed=21)
    grads = net.backward(net.forward(x), z)
    m = SymbolicMLP.from_network(net)
    for l in range(net.n_layers):
        for j in range(sizes[l + 1]):
            for k in [*range(sizes[l]), None]:
                theta = m.bias(l, j) if k is None else m.weight(l, j, k)
                v = m.derive(theta).numeric(net, x, z)
                expected = grads.db[l][j] if k is None else grads.dW[l][j, k]
                assert v.value == pytest.approx(expected, rel=1e-10, abs=1e-13)
                assert v.direct == pytest.approx(expected, rel=1e-10, abs=1e-13)
                assert v.delta == pytest.approx(grads.delta[l][j], rel=1e-10, abs=1e-13)
                assert v.value == pytest.approx(np.prod(v.factors), rel=1e-12, abs=1e-15)


def test_output_weight_chain_rule_factors_are_the_seeds():
    m = SymbolicMLP([2, 3, 1], "sigmoid")
    rule = m.derive("wo_1")
    y, z, so, ah = S("yo"), S("z"), S("so"), S("ah_1")
    f1, f2, f3 = rule.factors
    assert f1.form == y - z                                   # ∂L/∂y = y − z
    assert sp.simplify(f2.derived - sp.exp(-so) / (1 + sp.exp(-so)) ** 2) == 0
    assert sp.expand(f2.form - y * (1 - y)) == 0               # σ' = y(1 − y)
    assert f3.form == ah                                      # ∂s/∂w = a_h
    assert rule.output and rule.delta == S("deltao")
    assert sp.expand(rule.delta_form - (y - z) * y * (1 - y)) == 0
    assert rule.error_signal == S("deltao") * ah              # δo · a
    assert sp.expand(rule.error_signal.subs(rule.delta, rule.delta_form) - rule.product) == 0
    assert m.derive("bo").error_signal == S("deltao")         # ∂L/∂bo = δo


def test_hidden_weight_chain_rule_factors_are_the_seeds():
    m = SymbolicMLP([2, 3, 1], "tanh")
    rule = m.derive(m.weight(0, 1, 0))
    ah, wo, do = S("ah_1"), S("wo_1"), S("deltao")
    f1, f2, f3 = rule.factors
    assert f1.form == wo * do                                 # ∂L/∂a_h = w_o · δo
    assert sp.expand(f2.form - (1 - ah**2)) == 0               # tanh' = 1 − a²
    assert f3.form == S("x_0")
    assert not rule.output
    assert sp.expand(rule.delta_form - (1 - ah**2) * wo * do) == 0   # δh = f'(s_h)·w_o·δo
    assert rule.error_signal == S("deltah_1") * S("x_0")


def test_hidden_factor_sums_over_every_output():
    m = SymbolicMLP([2, 2, 3], "sigmoid")
    f1 = m.derive("bh_1").factors[0]
    assert sp.expand(f1.form - sum(S(f"wo_{i}_1") * S(f"deltao_{i}") for i in range(3))) == 0


def test_chain_rule_latex_is_readable_and_deterministic():
    text = SymbolicMLP([2, 3, 1], "sigmoid").derive("wh_1_0").to_latex()
    assert text == SymbolicMLP([2, 3, 1], "sigmoid").derive("wh[1][0]").to_latex()
    assert text.startswith(r"\begin{aligned}") and text.endswith(r"\end{aligned}")
    for piece in [r"\frac{\partial L}{\partial w_{h[1][0]}}",
                  r"\frac{\partial L}{\partial a_{h[1]}} = w_{o[1]} \cdot \delta_{o}",
                  r"a_{h[1]} \left(1 - a_{h[1]}\right)",
                  r"&= \delta_{h[1]} \cdot x_{[0]}"]:
        assert piece in text
    rule = SymbolicMLP([2, 3, 1], "relu").derive("bo")
    assert rule._repr_latex_() == "$$" + rule.to_latex() + "$$"


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_chain_rule_with_the_seed_numbers(activation):
    net = seed_network(activation)
    x, z = SEED_X_001, SEED_TARGET
    trace = net.forward(x)
    grads = net.backward(trace, z)
    shown = symbolic.chain_rule(net, x, z, "wo[0]")
    assert shown.rule.theta == S("wo_0")
    assert shown.values.value == pytest.approx(grads.dW[1][0, 0], rel=1e-12)
    y, a0 = trace.output[0], trace.a[1][0]
    text = shown.to_latex()
    # The seed-form line has the engine's y, z and a_h substituted (4 significant digits).
    a0_text = f"{a0:.4g}" if a0 >= 0 else rf"\left({a0:.4g}\right)"
    assert f"{y:.4g} - {z[0]:.4g}" in text and rf"\cdot {a0_text} \\" in text
    assert f"&= {grads.dW[1][0, 0]:.4g}" in text
    assert repr(shown).endswith(f"= {grads.dW[1][0, 0]:.4g}   (deltao = {grads.delta[1][0]:.4g})")
    hidden = symbolic.chain_rule(net, x, z, "wh[1][0]", digits=6)
    assert hidden.values.value == pytest.approx(grads.dW[0][1, 0], rel=1e-12)
    assert hidden.values.delta == pytest.approx(grads.delta[0][1], rel=1e-12)
    assert f"{grads.delta[0][1]:.6g}" in hidden._repr_latex_()
    with pytest.raises(ValueError, match="digits"):
        symbolic.chain_rule(net, x, z, "bo", digits=0)


def test_every_name_of_a_parameter_finds_it():
    m = SymbolicMLP([2, 3, 1])
    assert m.derive("wh[2][1]").theta == m.derive("wh_2_1").theta == m.derive("W[0][2, 1]").theta \
        == m.weight(0, 2, 1)
    assert m.derive("bo").theta == m.derive("b[1][0]").theta == m.bias(1, 0)
    with pytest.raises(ValueError, match="theta: 'wh\\[3\\]\\[0\\]'"):
        m.derive("wh[3][0]")


def test_network_equations_latex():
    text = SymbolicMLP([2, 3, 1], "sigmoid").to_latex()
    assert r"s_{h[2]} &= b_{h[2]} + w_{h[2][0]} x_{[0]} + w_{h[2][1]} x_{[1]}" in text
    assert r"y_{o} &= \sigma\left(s_{o}\right)" in text


# ---------------------------------------------------------- the seed 2-3-1
@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
@pytest.mark.parametrize("x", [SEED_X_001, SEED_X_000])
def test_seed_error_signals_equal_the_engine(activation, x):
    net = seed_network(activation)
    grads = net.backward(net.forward(x), SEED_TARGET)
    m = SymbolicMLP.from_network(net)
    deltas = m.deltas(net, x, SEED_TARGET)
    np.testing.assert_allclose(deltas[1], grads.delta[1], rtol=1e-12)   # δo
    np.testing.assert_allclose(deltas[0], grads.delta[0], rtol=1e-12, atol=1e-15)   # δh
    assert_same_gradients(gradients(net, x, SEED_TARGET), grads)


def test_seed_output_delta_is_y_minus_z_times_the_derivative():
    m = SymbolicMLP([2, 3, 1], "sigmoid")
    so, z = S("so"), S("z")
    sigma = 1 / (1 + sp.exp(-so))
    assert sp.simplify(m.delta(1)[0] - (sigma - z) * sigma * (1 - sigma)) == 0
    # ... and the same number as the seeds' form (y − z)·y(1 − y) at the seed's inputs.
    net = seed_network("sigmoid")
    rule = m.derive("wo_0")
    vals = m.values(net, SEED_X_001, SEED_TARGET)
    y = vals[S("yo")]
    assert m.evaluate(rule.delta_form, net, SEED_X_001, SEED_TARGET) == pytest.approx(
        (y - SEED_TARGET[0]) * y * (1 - y), rel=1e-14)


# ---------------------------------------------------------------- identities
@pytest.mark.parametrize("name", NAMES)
def test_identities_simplify_to_zero(name):
    identity = prove_identity(name)
    assert identity.holds
    assert all(d == 0 for _, d in identity.cases) and identity.difference == 0
    assert identity.latex.startswith(r"\begin{aligned}") and identity._repr_latex_().startswith("$$")


@pytest.mark.parametrize("name", NAMES)
def test_identity_lhs_is_the_true_derivative(name):
    # Independent check of what sympy differentiated: central differences of the numpy f.
    identity, f = prove_identity(name), get_activation(name)
    for s0 in (-1.3, -0.2, 0.4, 2.0):
        h = 1e-6
        numeric = (f(s0 + h) - f(s0 - h)) / (2 * h)
        lhs = float(symbolic._step_zero_at_zero(identity.lhs).subs(S("s"), s0))
        rhs = float(identity.rhs.subs(S("s"), s0))
        assert lhs == pytest.approx(numeric, abs=1e-8) and rhs == pytest.approx(numeric, abs=1e-8)


def test_relu_identity_is_proved_case_by_case():
    identity = prove_identity("relu")
    assert [cond for cond, _ in identity.cases] == ["s > 0", "s < 0"]
    s = S("s")
    assert identity.lhs == sp.Heaviside(s)


def test_a_wrong_identity_does_not_simplify_to_zero():
    # The check can fail: σ' is not σ(1 + σ), and tanh' is not 1 + tanh².
    s = S("s")
    sigma = prove_identity("sigmoid")
    assert sp.simplify(sigma.lhs - (1 / (1 + sp.exp(-s))) * (1 + 1 / (1 + sp.exp(-s)))) != 0
    t = sp.tanh(s).rewrite(sp.exp)
    assert sp.simplify(prove_identity("tanh").lhs - (1 + t**2)) != 0


def test_unknown_activation_is_named():
    with pytest.raises(ValueError, match="softplus"):
        prove_identity("softplus")


# ---------------------------------------------------------- gradient_2d
def test_gradient_of_the_seeds_function():
    g = gradient_2d("x^2 + y^2")
    x, y = sp.symbols("x y", real=True)
    assert g.expr == x**2 + y**2 and g.grad == (2 * x, 2 * y)
    np.testing.assert_array_equal(g.numeric(3.0, 4.0), [6.0, 8.0])
    assert g.value(3.0, 4.0) == 25.0
    assert r"\nabla f &= \left(2 x, 2 y\right)" in g.latex
    assert gradient_2d().grad == g.grad and gradient_2d("x**2+y**2").grad == g.grad


@pytest.mark.parametrize("text", ["sin(x)*y^2 + exp(x y)/3", "sqrt(x^2 + y^2 + 1)", "abs(x) + 2x - 0.5y",
                                  "log(1 + x^2) tanh(y)", "pi x + E^y", "(x - 1)(y + 2)", "cos(2x)^2"])
def test_gradient_2d_matches_finite_differences(text):
    g = gradient_2d(text)
    h = 1e-6
    for p in [(0.3, -0.7), (1.2, 0.4)]:
        fd = [(g.value(p[0] + h, p[1]) - g.value(p[0] - h, p[1])) / (2 * h),
              (g.value(p[0], p[1] + h) - g.value(p[0], p[1] - h)) / (2 * h)]
        np.testing.assert_allclose(g.numeric(*p), fd, rtol=1e-6, atol=1e-8)


def test_gradient_2d_broadcasts_over_grids_and_other_variables():
    g = gradient_2d("x^2", variables=("x", "y"))
    X, Y = np.meshgrid(np.linspace(-1, 1, 3), np.linspace(0, 1, 2))
    grad = g.numeric(X, Y)
    assert grad.shape == (2, 2, 3)
    np.testing.assert_allclose(grad[0], 2 * X) and np.testing.assert_allclose(grad[1], 0 * X)
    u, v = sp.symbols("u v", real=True)
    assert gradient_2d("u^2 v", variables=("u", "v")).grad == (2 * u * v, u**2)
    assert gradient_2d("0.5 x^2").grad[0] == S("x", real=True)   # decimals become exact fractions
    assert gradient_2d("abs(x) + y").grad == (sp.sign(S("x", real=True)), 1)


MALICIOUS = [
    "__import__('os').system('x')",
    "x.__class__",
    "x.__class__.__bases__[0].__subclasses__()",
    "lambda: 1",
    "(lambda: 1)()",
    "x[0]",
    "exec('1')",
    "eval",
    "globals()",
    "'a' + x",
    "x; y",
    "x if y else 1",
    "x = 1",
    "foo(x)",
    "xy",
    "1j",
    "0x1f",
    "1_000",
    "x @ y",
    "x:y",
    "sin(x, y)",
]


@pytest.mark.parametrize("text", MALICIOUS)
def test_parser_rejects_anything_but_formulas_before_sympy_sees_it(text, monkeypatch):
    import sympy.parsing.sympy_parser as parser

    def never(*args, **kwargs):
        raise AssertionError(f"parse_expr was reached with {text!r}")

    monkeypatch.setattr(parser, "parse_expr", never)
    with pytest.raises(ValueError, match="expression: "):
        gradient_2d(text)


def test_rejection_names_the_bad_token_and_column():
    with pytest.raises(ValueError, match=r"'_' at column 1"):
        gradient_2d("__import__('os')")
    with pytest.raises(ValueError, match=r"'\.' at column 2"):
        gradient_2d("x.real")
    with pytest.raises(ValueError, match=r"unknown name 'lambda' at column 1"):
        gradient_2d("lambda: 1")
    with pytest.raises(ValueError, match=r"unknown name 'z' at column 5"):
        gradient_2d("x + z")


def test_nothing_typed_runs(tmp_path):
    target = tmp_path / "ran"
    for text in [f"__import__('pathlib').Path('{target}').write_text('x')",
                 f"open('{target}', 'w')",
                 f"x + __builtins__['open']('{target}', 'w')"]:
        with pytest.raises(ValueError):
            gradient_2d(text)
    assert not target.exists()


@pytest.mark.parametrize("text,message", [("9^9^9^9", "too large"), ("x^(9^9^9)", "too large"),
                                          ("1/0", "too large"), ("", "expected a formula"),
                                          ("x +", "cannot read"), ("x" * 201, "too long")])
def test_parser_refuses_broken_or_explosive_formulas(text, message):
    with pytest.raises(ValueError, match=message):
        gradient_2d(text)


@pytest.mark.parametrize("variables", [("x", "x"), ("sin", "y"), ("_x", "y"), ("x.y",), ()])
def test_bad_variable_names_are_refused(variables):
    with pytest.raises(ValueError, match="variables"):
        gradient_2d("x", variables=variables)


# ------------------------------------------------------------- bad input
def test_errors_name_the_argument():
    m = SymbolicMLP([2, 3, 1])
    with pytest.raises(ValueError, match="theta: 'w_9'.*wh_0_0"):
        m.derive("w_9")
    with pytest.raises(ValueError, match="layer"):
        m.weight(2, 0, 0)
    with pytest.raises(ValueError, match="input"):
        m.weight(0, 0, 5)
    with pytest.raises(ValueError, match="layer_sizes"):
        SymbolicMLP([2])
    with pytest.raises(ValueError, match="layer_sizes.*small networks"):
        SymbolicMLP([20, 20, 1])
    with pytest.raises(ValueError, match="naming"):
        SymbolicMLP([2, 1], naming="greek")
    with pytest.raises(ValueError, match="net: .*does not match"):
        m.values(MLP([2, 3, 1], "tanh", seed=0), [0.5, 0.5], [0.9])
    net = MLP([2, 3, 1], seed=0)
    with pytest.raises(ValueError, match=r"x: expected one sample of 2"):
        m.values(net, [0.5, 0.5, 0.5], [0.9])
    with pytest.raises(ValueError, match=r"x: the network takes 2 inputs"):
        gradients(net, [1.0, 2.0, 3.0], [0.5])
    with pytest.raises(ValueError, match=r"z: expected targets of shape \(1,\)"):
        gradients(net, [1.0, 2.0], [0.5, 0.1])
