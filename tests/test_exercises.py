"""mlpviz.exercises: the catalog, the checks and their diagnoses; the exercise cells of the notebooks;
student copies without solutions that run top to bottom."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import mlpviz as mv
from mlpviz import exercises
from mlpviz.exercises import Exercise, Feedback, catalog, check

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
STAGES = ["00_start_here", "01_initialization", "02_normalization", "03_forward_pass", "04_loss",
          "05_gradient_descent", "06_backpropagation", "07_update", "08_training_loop",
          "09_save_and_predict", "10_matrix_form_and_deeper_networks", "11_perceptron",
          "12_nonlinearity_and_classification", "13_pitfalls", "14_generalisation", "15_errata"]
CATALOG = catalog()
IDS = sorted(CATALOG)


def _answer(ex: Exercise, value):
    """How a learner would type ``value``: formulas as text (sympy's spelling), the rest as is."""
    return str(value) if ex.kind == "formula" else value


def _digits(value: float) -> list[str]:
    """The digit strings a message must not contain to keep the answer hidden (4 decimals, 4 significant)."""
    out = {f"{abs(value):.4f}".lstrip("0").lstrip("."), f"{abs(value):.4g}".lstrip("0").lstrip(".")}
    return [d for d in out if len(d.replace(".", "")) >= 2 and d.strip("0.") != ""]


# ---------------------------------------------------------------- the catalog
def test_catalog_size_kinds_and_notebooks():
    assert len(CATALOG) >= 20
    assert sum(ex.kind == "formula" for ex in CATALOG.values()) >= 3
    for ex_id, ex in CATALOG.items():
        assert ex.id == ex_id and ex.kind in exercises.KINDS and ex.prompt
        assert ex.notebook in STAGES and ex_id.startswith(ex.notebook[:2])
        assert (NOTEBOOKS / f"{ex.notebook}.md").exists()
    for stage in STAGES:
        assert sum(ex.notebook == stage for ex in CATALOG.values()) >= 2, stage


def test_catalog_returns_a_new_dict():
    catalog().clear()
    assert len(catalog()) == len(CATALOG)


@pytest.mark.parametrize("ex_id", IDS)
def test_every_solution_passes_its_own_check(ex_id):
    ex = CATALOG[ex_id]
    feedback = check(ex_id, _answer(ex, ex.solution()))
    assert feedback == Feedback(True, feedback.message) and "right" in feedback.message


# ---------------------------------------------------------------- independently computed solutions
def test_number_solutions_against_hand_computed_values():
    X, Z = mv.examples.seed_dataset()
    # the seed numbers by hand: hidden sums for x = (0.5, 0.5) with wh = [[-.5, -1], [-.5, .5], [1, 0]], bh = .5
    s_h = np.array([-0.5 * 0.5 - 1 * 0.5 + 0.5, -0.5 * 0.5 + 0.5 * 0.5 + 0.5, 1 * 0.5 + 0.5])
    a_h = 1 / (1 + np.exp(-s_h))
    s_o = 0.5 * a_h[0] - 1 * a_h[1] + 0 * a_h[2] + 0.5
    y = 1 / (1 + np.exp(-s_o))
    d_o = (y - 0.91) * y * (1 - y)
    expected = {
        "00_weighted_sum": -0.5 - 1 + 0.5,
        "00_output_at_zero": 1 / (1 + np.exp(-0.5)),
        "02_scale_i1": (80 - 67) / (98 - 67),
        "03_hidden_sum": 0.5 + 0.5,
        "04_loss_half": 0.5 * (y - 0.5) ** 2,
        "05_one_step": 3 - 0.1 * 2 * 3,
        "06_delta_o": d_o,
        "06_grad_wh10": -1 * d_o * a_h[1] * (1 - a_h[1]) * 0.5,
        "07_new_wo0": 0.5 - 0.1 * d_o * a_h[0],
        "07_change_wh10": -1.0 * (-1 * d_o * a_h[1] * (1 - a_h[1])) * 0.5,
        "08_iterations": 4000,
        "09_scale_outside": (100 - 25) / (70 - 25),
    }
    for ex_id, value in expected.items():
        assert CATALOG[ex_id].solution() == pytest.approx(value, rel=1e-12, abs=1e-15), ex_id
    assert X[:, 1].min() == 67 and X[:, 1].max() == 98


def test_choice_solutions():
    assert CATALOG["01_equal_stay_equal"].solution() == "yes"
    assert CATALOG["05_eta_08"].solution() == "zig-zags in"          # 1 − 2·0.8 = −0.6
    assert CATALOG["06_delta_h1_sign"].solution() == "positive"      # σ' > 0, w_o[1] = −1, δo < 0
    assert CATALOG["07_loss_falls"].solution() == "yes"
    assert CATALOG["09_leave_range"].solution() == "no"


def test_epoch1_loss_is_the_mean_of_the_first_four_step_losses():
    X, Z = mv.examples.seed_dataset()
    Xs, Zs = mv.MinMaxScaler().fit_transform(X), mv.MinMaxScaler().fit_transform(Z)
    net = mv.examples.seed_network()
    losses = []
    for x, z in zip(Xs, Zs):                       # by hand: loss before each per-sample update
        losses.append(net.loss(x, z))
        net.step(x, z, 0.1)
    assert CATALOG["08_epoch1_loss"].solution() == pytest.approx(np.mean(losses), rel=1e-12)


# ---------------------------------------------------------------- diagnoses
MISTAKES = [(ex_id, k) for ex_id in IDS if CATALOG[ex_id].kind != "choice"
            for k in range(len(CATALOG[ex_id].mistakes()))]


@pytest.mark.parametrize("ex_id,k", MISTAKES, ids=[f"{i}-{k}" for i, k in MISTAKES])
def test_typical_mistake_gets_its_diagnosis_without_the_answer(ex_id, k):
    ex = CATALOG[ex_id]
    wrong, why = ex.mistakes()[k]
    feedback = check(ex_id, _answer(ex, wrong))
    assert not feedback.correct
    assert why in feedback.message
    if ex.kind == "number":
        for digits in _digits(ex.solution()):
            assert digits not in feedback.message, (ex_id, digits)
    else:
        assert str(ex.solution()).replace(" ", "") not in feedback.message.replace(" ", "")


@pytest.mark.parametrize("ex_id,wrong,words", [
    ("06_delta_o", "y - z", "f′(s) is missing"),
    ("06_grad_wh10", "no f'", "f′(s) is missing"),
    ("07_change_wh10", "late", "updated w_o[1]"),
    ("05_one_step", 3.6, "uphill"),
    ("04_dL_dy", "z - y", "sign"),
    ("04_dL_dy", "2*(y - z)", "½"),
])
def test_named_diagnoses(ex_id, wrong, words):
    """The issue's three: a sign, a missing f′(s), an old/updated weight; numbers computed here by hand."""
    a_h = 1 / (1 + np.exp(-np.array([-0.25, 0.5, 1.0])))   # hidden sums for x = (0.5, 0.5), by hand
    a1 = a_h[1]
    y = 1 / (1 + np.exp(-(0.5 * a_h[0] - a_h[1] + 0.5)))
    d_o = (y - 0.91) * y * (1 - y)
    if wrong == "y - z":
        wrong = y - 0.91
    elif wrong == "no f'":
        wrong = -1 * d_o * 0.5
    elif wrong == "late":
        new_wo1 = -1 - 1.0 * d_o * a1               # w_o[1] after the update with η = 1
        wrong = -1.0 * a1 * (1 - a1) * new_wo1 * d_o * 0.5
    feedback = check(ex_id, wrong)
    assert not feedback.correct and words in feedback.message, feedback.message


def test_sign_flip_of_any_number_is_named():
    ex = CATALOG["06_delta_o"]
    feedback = check("06_delta_o", -ex.solution())
    assert not feedback.correct and "sign" in feedback.message


def test_unrecognised_wrong_number_gets_the_hint():
    feedback = check("05_one_step", 123.0)
    assert not feedback.correct and CATALOG["05_one_step"].hint in feedback.message


def test_rounded_answers_are_right_and_near_misses_wrong():
    value = CATALOG["06_delta_o"].solution()
    assert check("06_delta_o", round(value, 4)).correct
    assert check("06_delta_o", np.array([value])).correct          # a one-element array, as numpy gives
    assert not check("06_delta_o", round(value, 2)).correct


# ---------------------------------------------------------------- formulas
@pytest.mark.parametrize("ex_id,right", [
    ("03_sigmoid_slope", ["a*(1-a)", "a - a**2", "a - a^2", "-(a - 1)*a", "a*(1 - a)*1"]),
    ("04_dL_dy", ["y - z", "-z + y", "(2*y - 2*z)/2", "-(z - y)"]),
    ("05_step_factor", ["1 - 2*eta", "1 - eta - eta", "-(2*eta - 1)"]),
    ("02_minmax_11", ["2*(x - lo)/(hi - lo) - 1", "(2*x - lo - hi)/(hi - lo)", "(x - lo)/(hi - lo)*2 - 1"]),
    ("01_std_of_sum", ["sqrt(n)/3", "(n/9)^(1/2)", "sqrt(n/9)", "n^0.5/3"]),
])
def test_equivalent_spellings_are_right(ex_id, right):
    for text in right:
        assert check(ex_id, text).correct, text


@pytest.mark.parametrize("ex_id,wrong", [
    ("03_sigmoid_slope", ["a*(1+a)", "1 - a^2", "a", "a*(1-a)^2"]),
    ("04_dL_dy", ["z - y", "2*(y - z)", "y + z", "(y - z)^2"]),
    ("05_step_factor", ["1 + 2*eta", "1 - eta", "2*eta"]),
    ("01_std_of_sum", ["n/9", "sqrt(n)", "sqrt(n)/9"]),
])
def test_wrong_formulas_are_wrong(ex_id, wrong):
    for text in wrong:
        assert not check(ex_id, text).correct, text


def test_s_times_one_minus_s_is_the_sigmoid_slope_in_its_own_variable():
    """The issue's example: s*(1-s) and s - s**2 are the same formula (here with the output named a)."""
    assert check("03_sigmoid_slope", "a*(1-a)").correct and check("03_sigmoid_slope", "a - a**2").correct


@pytest.mark.parametrize("text", [
    "__import__('os').system('echo hacked')",
    "a.__class__",
    "lambda: 1",
    "open('x')",
    "9^9^9^9",
    "a" + "+a" * 50000,
    "(" * 5000 + "a" + ")" * 5000,
    "b*(1-b)",
])
def test_hostile_or_foreign_formula_text_is_refused_quickly(text):
    start = time.perf_counter()
    feedback = check("03_sigmoid_slope", text)
    assert time.perf_counter() - start < 2.0
    assert not feedback.correct and "hacked" not in feedback.message


def test_formula_answer_must_be_text():
    feedback = check("04_dL_dy", 0.5)
    assert not feedback.correct and "text" in feedback.message


# ---------------------------------------------------------------- placeholders and bad input
@pytest.mark.parametrize("placeholder", [None, ..., "", "   ", "..."])
@pytest.mark.parametrize("ex_id", ["00_weighted_sum", "04_dL_dy", "05_eta_08"])
def test_placeholder_says_not_answered_yet_and_what_to_type(ex_id, placeholder):
    feedback = check(ex_id, placeholder)
    assert not feedback.correct and feedback.message.startswith("not answered yet")
    assert "replace ..." in feedback.message


def test_unknown_exercise_names_the_argument():
    with pytest.raises(ValueError, match="exercise_id"):
        check("99_nope", 1.0)


def test_bad_number_and_choice_answers_say_what_is_expected():
    assert "expected a number" in check("05_one_step", "2.4").message
    assert "one number" in check("05_one_step", [1.0, 2.0]).message
    assert "finite" in check("05_one_step", float("nan")).message
    feedback = check("05_eta_08", "explodes")
    assert not feedback.correct and "answer" in feedback.message and "diverges" in feedback.message
    assert check("05_eta_08", "  Zig-Zags In ").correct


def test_check_does_not_change_the_answer():
    answer = np.array([0.5])
    check("05_one_step", answer)
    assert answer.tolist() == [0.5]


def test_feedback_renders_as_one_escaped_html_line():
    html = Feedback(False, "a <b> & c")._repr_html_()
    assert html.startswith("<p") and "&lt;b&gt; &amp; c" in html and "<b>" not in html
    assert str(Feedback(True, "right!")) == "✔ right!"


# ---------------------------------------------------------------- the notebooks' exercise cells
def _cells(stem: str) -> list[dict]:
    return json.loads((NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


CHECK_CALL = re.compile(r"""exercises\.check\(\s*["'](\w+)["']""")


@pytest.mark.parametrize("stem", STAGES)
def test_each_stage_notebook_has_exercises_with_hidden_solutions(stem):
    cells = _cells(stem)
    ex_cells = [c for c in cells if "exercise" in _tags(c)]
    solutions = [c for c in cells if "solution" in _tags(c)]
    assert len(ex_cells) >= 2 and len(solutions) >= len(ex_cells)
    used = set()
    for cell in ex_cells:
        source = "".join(cell["source"])
        ids = CHECK_CALL.findall(source)
        assert ids and all(i in CATALOG for i in ids), source
        assert re.search(r"^answer = \.\.\.", source, re.M), "an exercise cell starts unanswered"
        assert "not answered yet" in json.dumps(cell["outputs"])
        used.update(ids)
    assert used == {i for i, ex in CATALOG.items() if ex.notebook == stem}
    for cell in solutions:
        assert cell["metadata"].get("jupyter", {}).get("source_hidden") is True
        if cell["cell_type"] == "code":
            assert "✘" not in json.dumps(cell["outputs"], ensure_ascii=False)   # a solution passes its check


def test_every_notebook_but_the_app_is_a_stage_with_exercises():
    """A notebook added later needs its own exercises (issue 12); the Voilà app is exempt."""
    every = {p.stem for p in NOTEBOOKS.glob("*.md") if not p.stem.startswith("app_")}
    assert every <= set(STAGES), f"notebooks without exercises in the catalog: {sorted(every - set(STAGES))}"


def test_source_hidden_survives_the_jupytext_round_trip():
    import jupytext
    nb = jupytext.read(NOTEBOOKS / "04_loss.md")
    hidden = [c for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    assert hidden and all(c.metadata["jupyter"]["source_hidden"] for c in hidden)


# ---------------------------------------------------------------- student copies
def test_student_copy_has_no_solutions_and_runs_top_to_bottom(tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    done = subprocess.run([sys.executable, str(ROOT / "tools" / "make_student.py"), "--out", str(tmp_path), "04"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    copy = tmp_path / "04_loss.ipynb"
    nb = nbformat.read(copy, as_version=4)
    assert not [c for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    assert [c for c in nb.cells if "exercise" in c.metadata.get("tags", [])]
    # the kernel imports mlpviz from this checkout
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    NotebookClient(nb, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = json.dumps([c.get("outputs", []) for c in nb.cells if "exercise" in c.metadata.get("tags", [])])
    assert "not answered yet" in outputs and '"error"' not in outputs
