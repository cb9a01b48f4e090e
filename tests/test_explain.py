"""mlpviz.explain: the LaTeX derivations carry the engine's numbers, formatted with fixed decimals,
and the final value of every line parses back to the engine's (and the hand derivation's) value."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import hand_seed as H
import mlpviz as mv
from mlpviz import examples as ex
from mlpviz import explain as xp

NUM = r"-?\d+\.\d+"


def final_values(latex: str) -> dict[str, float]:
    """{symbol: the last number of its derivation} from an aligned block (or one line)."""
    body = latex.replace("\\begin{aligned}", "").replace("\\end{aligned}", "")
    out: dict[str, float] = {}
    current = None
    for line in body.split("\\\\\n"):
        line = line.strip()
        if not line:
            continue
        lhs, sep, _ = line.partition("&=") if "&=" in line else line.partition(" = ")
        if lhs.strip():
            current = lhs.strip()
        m = re.search(rf"= ({NUM})$", line)
        if m:
            out[current] = float(m.group(1))
    return out


def balanced(latex: str) -> bool:
    depth = 0
    for ch in latex:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0 and latex.count("\\begin{aligned}") == latex.count("\\end{aligned}") and \
        latex.count("\\left(") == latex.count("\\right)")


def fmt(v, d=4):
    return xp.number(v, d)


@pytest.fixture(params=["sigmoid", "tanh"])
def seed(request):
    act = request.param
    net = ex.seed_network(act)
    trace = net.forward(ex.SEED_X_001)
    grads = net.backward(trace, ex.SEED_TARGET)
    return act, net, trace, grads


def test_number_format():
    assert xp.number(-0.25) == "-0.2500"
    assert xp.number(-1e-9) == "0.0000"  # never -0.0000
    assert xp.number(0.524094, 3) == "0.524"
    assert xp.number(2) == "2.0000"


def test_forward_uses_the_seed_names_and_numbers(seed):
    act, net, trace, _ = seed
    tex = xp.forward_latex(net, trace)
    assert isinstance(tex, str) and isinstance(tex, xp.LatexMath) and balanced(tex)
    for name in ["x_{[0]}", "x_{[1]}", "w_{h[0][1]}", "b_{h[0]}", "s_{h[2]}", "a_{h[0]}", "s_{o}", "y_{o}",
                 "w_{o[0]}", "b_{o}"]:
        assert name in tex
    # the substituted line of hidden node 0: x·w terms and bias from the engine's trace and weights
    assert (f"&= {fmt(trace.a[0][0])} \\cdot ({fmt(net.weights[0][0, 0])}) + {fmt(trace.a[0][1])} \\cdot "
            f"({fmt(net.weights[0][0, 1])}) + {fmt(net.biases[0][0])}") in tex
    fn = {"sigmoid": r"\sigma", "tanh": r"\tanh"}[act]
    assert f"a_{{h[0]}} &= {fn}(s_{{h[0]}}) = {fn}({fmt(trace.s[0][0])}) = {fmt(trace.a[1][0])}" in tex
    vals = final_values(tex)
    hand = H.forward(0.5, 0.5, act)
    for j in range(3):
        assert vals[f"s_{{h[{j}]}}"] == float(fmt(trace.s[0][j]))
        assert vals[f"a_{{h[{j}]}}"] == float(fmt(trace.a[1][j]))
        assert vals[f"a_{{h[{j}]}}"] == pytest.approx(hand["a_h"][j], abs=0.5e-4)
    assert vals["s_{o}"] == float(fmt(trace.s[1][0])) == pytest.approx(hand["s_o"], abs=0.5e-4)
    assert vals["y_{o}"] == float(fmt(trace.output[0])) == pytest.approx(hand["y_o"], abs=0.5e-4)
    assert len(vals) == 8


def test_forward_one_layer_and_digits():
    net = ex.seed_network()
    trace = net.forward(ex.SEED_X_000)
    tex = xp.forward_latex(net, trace, layer=1, digits=6)
    assert "s_{h[0]}" not in tex and "a_{h[0]} w_{o[0]}" in tex
    assert final_values(tex) == {"s_{o}": float(fmt(trace.s[1][0], 6)), "y_{o}": float(fmt(trace.output[0], 6))}
    assert re.findall(NUM, tex) and all(len(n.split(".")[1]) == 6 for n in re.findall(NUM, tex))
    with pytest.raises(ValueError, match="layer"):
        xp.forward_latex(net, trace, layer=2)


def test_loss(seed):
    act, net, trace, grads = seed
    tex = xp.loss_latex(trace.output, 0.91)
    assert balanced(tex)
    assert f"\\left({fmt(trace.output[0])} - 0.9100\\right)^2" in tex
    value = float(re.search(rf"= ({NUM})$", tex).group(1))
    assert value == float(fmt(grads.loss))
    y = H.forward(0.5, 0.5, act)["y_o"]
    assert value == pytest.approx(0.5 * (y - 0.91) ** 2, abs=0.5e-4)


def test_loss_several_outputs():
    tex = xp.loss_latex(np.array([0.2, 0.9]), np.array([0.0, 1.0]))
    assert r"\sum_{k}" in tex and balanced(tex)
    assert tex.endswith(f"= {fmt(0.5 * (0.2 ** 2 + 0.1 ** 2))}")
    with pytest.raises(ValueError, match="z"):
        xp.loss_latex(np.array([0.2, 0.9]), np.array([0.0]))


def test_output_delta(seed):
    act, net, trace, grads = seed
    tex = xp.output_delta_latex(net, trace, ex.SEED_TARGET)
    assert balanced(tex)
    assert r"\delta_{o}" in tex
    assert {"sigmoid": r"y_{o}\,(1 - y_{o})", "tanh": r"(1 - {y_{o}}^2)"}[act] in tex
    hand = H.one_step(0.5, 0.5, act)
    val = final_values(tex)[r"\delta_{o}"]
    assert val == float(fmt(grads.delta[1][0])) == pytest.approx(hand["d_o"], abs=0.5e-4)
    assert f"({fmt(trace.output[0] - 0.91)})" in tex  # y_o − z
    six = xp.output_delta_latex(net, trace, ex.SEED_TARGET, digits=6)
    assert final_values(six)[r"\delta_{o}"] == float(fmt(grads.delta[1][0], 6))


def test_hidden_deltas(seed):
    act, net, trace, grads = seed
    tex = xp.hidden_delta_latex(net, trace, grads)
    assert balanced(tex)
    vals = final_values(tex)
    hand = H.one_step(0.5, 0.5, act)
    assert set(vals) == {r"\delta_{h[0]}", r"\delta_{h[1]}", r"\delta_{h[2]}"}
    for j in range(3):
        assert vals[rf"\delta_{{h[{j}]}}"] == float(fmt(grads.delta[0][j]))
        assert vals[rf"\delta_{{h[{j}]}}"] == pytest.approx(hand["d_h"][j], abs=0.5e-4)
    assert f"w_{{o[1]}}\\,\\delta_{{o}}" in tex
    # δh[1] = f'(s_h[1]) · w_o[1] · δo with the engine's numbers
    assert f"\\cdot ({fmt(net.weights[1][0, 1])}) \\cdot ({fmt(grads.delta[1][0])})" in tex


def test_update_with_trace_reads_like_the_seed():
    net = ex.seed_network()
    trace = net.forward(ex.SEED_X_001)
    grads = net.backward(trace, ex.SEED_TARGET)
    before = net.get_params()
    tex = xp.update_latex(net, grads, 0.1, trace=trace)
    # the network is not changed
    for a, b in zip(before[0] + before[1], net.weights + net.biases):
        np.testing.assert_array_equal(a, b)
    assert balanced(tex)
    line = (f"{{w_{{o[1]}}}}^{{new}} &= w_{{o[1]}} - \\eta\\,\\delta_{{o}}\\,a_{{h[1]}} = -1.0000 - 0.1000 \\cdot "
            f"({fmt(grads.delta[1][0])}) \\cdot {fmt(trace.a[1][1])} = ")
    assert line in tex
    after = net.copy()
    after.update(grads, 0.1)
    hand = H.one_step(0.5, 0.5, "sigmoid")
    vals = final_values(tex)
    assert len(vals) == 13
    for i in range(3):
        v = vals[f"{{w_{{o[{i}]}}}}^{{new}}"]
        assert v == float(fmt(after.weights[1][0, i])) == pytest.approx(hand["wo_new"][i], abs=0.5e-4)
    assert vals["{b_{o}}^{new}"] == pytest.approx(hand["bo_new"], abs=0.5e-4)
    for j in range(3):
        for k in range(2):
            v = vals[f"{{w_{{h[{j}][{k}]}}}}^{{new}}"]
            assert v == float(fmt(after.weights[0][j, k])) == pytest.approx(hand["wh_new"][j][k], abs=0.5e-4)
        assert vals[f"{{b_{{h[{j}]}}}}^{{new}}"] == pytest.approx(hand["bh_new"][j], abs=0.5e-4)
    # the output layer comes first, as in the seed
    assert tex.index("w_{o[0]}") < tex.index("w_{h[0][0]}")


def test_update_without_trace_uses_the_gradient():
    net = ex.seed_network("tanh")
    trace = net.forward(ex.SEED_X_001)
    grads = net.backward(trace, ex.SEED_TARGET)
    tex = xp.update_latex(net, grads, 0.1, layer=1)
    assert r"\frac{\partial L}{\partial w_{o[2]}}" in tex and "w_{h" not in tex
    after = net.copy()
    after.update(grads, 0.1)
    assert final_values(tex)["{w_{o[2]}}^{new}"] == float(fmt(after.weights[1][0, 2]))
    assert f"0.0000 - 0.1000 \\cdot ({fmt(grads.dW[1][0, 2])})" in tex


def test_deeper_network_general_names_and_a_batch():
    net = mv.MLP([3, 4, 4, 2], activation=["relu", "tanh", "linear"], seed=3)
    X = np.random.default_rng(0).uniform(-1, 1, size=(5, 3))
    Z = np.random.default_rng(1).uniform(-1, 1, size=(5, 2))
    trace = net.forward(X)
    grads = net.backward(trace, Z)
    tex = xp.forward_latex(net, trace, sample=2)
    assert "W^{[1]}_{20}" in tex and "s^{[2]}_{1}" in tex and "a^{[1]}_{3}" in tex and balanced(tex)
    vals = final_values(tex)
    for l in range(3):
        for j in range(net.layer_sizes[l + 1]):
            assert vals[f"s^{{[{l}]}}_{{{j}}}"] == float(fmt(trace.s[l][2, j]))
            assert vals[f"a^{{[{l + 1}]}}_{{{j}}}"] == float(fmt(trace.a[l + 1][2, j]))
    dtex = xp.hidden_delta_latex(net, trace, grads, sample=2)
    dvals = final_values(dtex)
    assert len(dvals) == 8
    for l in range(2):
        for j in range(4):
            assert dvals[f"\\delta^{{[{l}]}}_{{{j}}}"] == float(fmt(grads.delta[l][2, j]))
    otex = xp.output_delta_latex(net, trace, Z, sample=2)
    for j in range(2):
        assert final_values(otex)[f"\\delta^{{[2]}}_{{{j}}}"] == float(fmt(grads.delta[2][2, j]))
    utex = xp.update_latex(net, grads, 0.5, trace=trace)  # a batch: the gradient form
    assert r"\frac{\partial L}" in utex and balanced(utex)
    after = net.copy()
    after.update(grads, 0.5)
    assert final_values(utex)["{W^{[0]}_{12}}^{new}"] == float(fmt(after.weights[0][1, 2]))
    with pytest.raises(ValueError, match="sample"):
        xp.forward_latex(net, trace, sample=5)


def test_deterministic_and_renders_in_jupyter(seed):
    act, net, trace, grads = seed
    a = xp.forward_latex(net, trace)
    b = xp.forward_latex(net.copy(), net.forward(ex.SEED_X_001))
    assert a == b
    assert a._repr_latex_().startswith("$$") and a._repr_latex_().endswith("$$")


def test_module_imports_no_ipython_sympy_or_matplotlib():
    code = ("import sys, mlpviz.explain, mlpviz.errata; "
            "print(sorted(m for m in ('IPython', 'sympy', 'matplotlib') if m in sys.modules))")
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.strip() == "[]"


def test_every_step_formula_can_be_written_from_a_step_record_alone():
    import mlpviz as mv

    net = mv.examples.seed_network()
    record = net.preview_step([0.5, 0.5], [0.91], 0.1)
    trace = net.forward([0.5, 0.5])
    grads = net.backward(trace, [0.91])
    assert xp.output_delta_latex(record) == xp.output_delta_latex(net, trace, [0.91])
    assert xp.hidden_delta_latex(record) == xp.hidden_delta_latex(net, trace, grads)
    assert xp.update_latex(record) == xp.update_latex(net, grads, 0.1, trace=trace)
    # the new weight written out is the record's, i.e. the engine's update
    assert xp.number(record.weights_after[1][0, 0]) in xp.update_latex(record)


# ---------------------------------------------------------------- losses other than ½(y − z)²
def test_loss_and_output_delta_of_binary_cross_entropy():
    net = mv.MLP.from_weights(ex.seed_network().weights, ex.seed_network().biases, "sigmoid",
                              "binary_cross_entropy")
    record = net.preview_step(ex.SEED_X_001, [1.0], 0.1)
    y = H.forward(0.5, 0.5, "sigmoid")["y_o"]                 # the hand derivation's output
    tex = xp.loss_latex(record)
    assert r"\log" in tex and r"\frac{1}{2}" not in tex and balanced(tex)
    assert float(re.search(rf"= ({NUM})$", tex).group(1)) == pytest.approx(-np.log(y), abs=0.5e-4)
    assert tex == xp.loss_latex(record.trace.output, [1.0], loss="binary_cross_entropy")
    delta = xp.output_delta_latex(record)
    assert r"\sigma'(s_{o}) \cdot" not in delta and balanced(delta)
    assert final_values(delta)[r"\delta_{o}"] == pytest.approx(y - 1.0, abs=0.5e-4)
    assert final_values(delta)[r"\delta_{o}"] == float(fmt(record.grads.delta[1][0]))


def test_loss_and_deltas_of_a_softmax_output_with_cross_entropy():
    net = mv.MLP([2, 3, 3], ["tanh", "softmax"], seed=4, loss="cross_entropy")
    x, z = np.array([0.2, 0.7]), np.array([0.0, 1.0, 0.0])
    record = net.preview_step(x, z, 0.1)
    a_h = np.tanh(net.weights[0] @ x + net.biases[0])         # the forward pass by hand
    s_o = net.weights[1] @ a_h + net.biases[1]
    y = np.exp(s_o) / np.exp(s_o).sum()
    fwd = final_values(xp.forward_latex(net, record.trace, layer=1))
    for j in range(3):
        assert fwd[f"y_{{o[{j}]}}"] == pytest.approx(y[j], abs=0.5e-4)
    tex = xp.loss_latex(record)
    assert float(re.search(rf"= ({NUM})$", tex).group(1)) == pytest.approx(-np.log(y[1]), abs=0.5e-4)
    delta = final_values(xp.output_delta_latex(record))
    for j in range(3):
        assert delta[f"\\delta_{{o[{j}]}}"] == pytest.approx(y[j] - z[j], abs=0.5e-4)
