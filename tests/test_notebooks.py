"""Structural checks over every stored notebook in notebooks/.

nbval (``make test``) re-runs each notebook in a fresh kernel and compares
the outputs; these tests check what nbval does not: that each notebook's
``.md`` text (its jupytext pair) and its ``.ipynb`` hold the same cells, that
the notebooks are stored executed and clean, that each one teaches with the
same skeleton (title, goals, recap, try-it prompts), and that no notebook
depends on a file another notebook (or the learner's disk) provides.
"""
from __future__ import annotations

import ast
import difflib
import json
import re
from pathlib import Path

import jupytext
import pytest
from jupytext.config import find_jupytext_configuration_file, load_jupytext_configuration_file

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(p for p in NOTEBOOK_DIR.glob("*.ipynb"))
STAGES = ["00_start_here", "01_initialization", "02_normalization", "03_forward_pass", "04_loss",
          "05_gradient_descent", "06_backpropagation", "07_update", "08_training_loop",
          "09_save_and_predict"]

# Outputs must not reveal the machine they were run on.
ABSOLUTE_PATH = re.compile(r"(?<![\w.])(/work/|/tmp/|/home/|/root/|/Users/|/var/folders/|[A-Za-z]:\\\\)")


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _cells(nb: dict, kind: str) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == kind]


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _output_texts(output: dict) -> list[str]:
    """Every piece of text an output stores (stream text, text/* mime bundles, tracebacks)."""
    texts = []
    if "text" in output:
        texts.append(_text(output["text"]))
    for mime, value in output.get("data", {}).items():
        if mime.startswith("text/"):
            texts.append(_text(value))
    if output.get("output_type") == "error":
        texts.extend(output.get("traceback", []))
    return texts


def _tags(cell: dict) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _markdown(nb: dict) -> str:
    return "\n".join(_text(c["source"]) for c in _cells(nb, "markdown"))


def _headings(nb: dict) -> list[str]:
    return [line.lstrip("#").strip().lower()
            for line in _markdown(nb).splitlines() if re.match(r"#{1,6}\s", line)]


params = pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])


def test_the_ten_stage_notebooks_exist():
    missing = [name for name in STAGES if not (NOTEBOOK_DIR / f"{name}.ipynb").exists()]
    assert not missing, f"notebooks/ is missing {missing}"


# ---------------------------------------------------------------- the .md / .ipynb pairs
def _pair_cells(nb) -> list[tuple[str, str, list[str]]]:
    """(type, source, tags) of every cell: what the .md and the .ipynb must agree on."""
    return [(c["cell_type"], _text(c["source"]), list(c.get("metadata", {}).get("tags", [])))
            for c in nb["cells"]]


def pair_disagreement(ipynb: Path) -> str | None:
    """None when ``ipynb`` and its ``.md`` (read by jupytext) hold the same cells, else what differs."""
    text = ipynb.with_suffix(".md")
    if not text.exists():
        return f"{ipynb.name} has no paired {text.name}"
    stored, written = _pair_cells(_load(ipynb)), _pair_cells(jupytext.read(text))
    for i, (a, b) in enumerate(zip(stored, written)):
        if a != b:
            k, what = next((k, name) for k, name in enumerate(("type", "source", "tags")) if a[k] != b[k])
            if what == "source":
                diff = difflib.unified_diff(a[1].splitlines(), b[1].splitlines(), ipynb.name, text.name,
                                            lineterm="", n=0)
                detail = "\n".join(list(diff)[:12])
            else:
                detail = f"{ipynb.name}: {a[k]!r}, {text.name}: {b[k]!r}"
            return f"{ipynb.name} and {text.name} differ in cell {i} ({what}):\n{detail}"
    if len(stored) != len(written):
        return f"{ipynb.name} has {len(stored)} cells, {text.name} has {len(written)}"
    return None


def test_jupytext_pairs_the_notebooks_with_myst_markdown():
    # JupyterLab (rooted at notebooks/) looks for the config from a notebook's folder up to its
    # root only, so it must be in notebooks/, not in the repository's pyproject.toml.
    config_file = find_jupytext_configuration_file(NOTEBOOK_DIR)
    assert config_file == str(NOTEBOOK_DIR / "jupytext.toml"), f"jupytext reads {config_file!r}"
    config = load_jupytext_configuration_file(config_file)
    assert config.default_formats(str(NOTEBOOKS[0])) == "ipynb,md:myst"


@params
def test_ipynb_and_md_hold_the_same_cells(path):
    message = pair_disagreement(path)
    assert message is None, (f"{message}\n`make notebooks NB=notebooks/{path.name}` syncs the pair with "
                             f"jupytext (the newer file's text wins) and re-executes it")


def test_every_md_has_its_executed_ipynb():
    orphans = [p.name for p in NOTEBOOK_DIR.glob("*.md") if not p.with_suffix(".ipynb").exists()]
    assert not orphans, (f"{orphans} have no .ipynb next to them; `make notebooks NB=notebooks/{orphans[0]}` "
                         f"creates and executes it")


def test_pair_check_sees_an_edited_cell(tmp_path):
    ipynb = NOTEBOOKS[0]
    copy = tmp_path / ipynb.name
    copy.write_bytes(ipynb.read_bytes())
    text = ipynb.with_suffix(".md").read_text(encoding="utf-8")
    copy.with_suffix(".md").write_text(text, encoding="utf-8")
    assert pair_disagreement(copy) is None
    copy.with_suffix(".md").write_text(text.replace("\n# ", "\n# Edited: ", 1), encoding="utf-8")
    assert "differ in cell 0 (source)" in pair_disagreement(copy)
    opening = "```{code-cell} ipython3\n"
    if text.startswith("---\n", text.index(opening) + len(opening)):   # options (slide metadata): one more
        tagged = text.replace(opening + "---\n", opening + "---\ntags: [raises-exception]\n", 1)
    else:
        tagged = text.replace(opening, opening + ":tags: [raises-exception]\n\n", 1)
    copy.with_suffix(".md").write_text(tagged, encoding="utf-8")
    first_code = next(i for i, c in enumerate(_load(ipynb)["cells"]) if c["cell_type"] == "code")
    assert pair_disagreement(copy).startswith(
        f"{ipynb.name} and {ipynb.stem}.md differ in cell {first_code} (tags):\n{ipynb.name}: [], ")
    copy.with_suffix(".md").unlink()
    assert pair_disagreement(copy) == f"{ipynb.name} has no paired {ipynb.stem}.md"


@params
def test_stored_executed_with_counts_1_to_n(path):
    code = _cells(_load(path), "code")
    assert code, f"{path.name}: has no code cells"
    counts = [c.get("execution_count") for c in code]
    assert counts == list(range(1, len(code) + 1)), (
        f"{path.name}: execution counts {counts}; run it top to bottom from a fresh kernel "
        f"(make notebooks NB=notebooks/{path.name}) and store it executed")


@params
def test_no_empty_code_cells(path):
    empty = [i for i, c in enumerate(_load(path)["cells"])
             if c["cell_type"] == "code" and not _text(c["source"]).strip()]
    assert not empty, f"{path.name}: empty code cells at positions {empty}"


@params
def test_errors_only_where_tagged_raises_exception(path):
    for i, cell in enumerate(_load(path)["cells"]):
        if cell["cell_type"] != "code":
            continue
        errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
        tagged = "raises-exception" in _tags(cell)
        if tagged:
            assert errors, f"{path.name}: cell {i} is tagged raises-exception but stores no error"
        else:
            assert not errors, f"{path.name}: cell {i} stores an error: {errors[0].get('ename')}"


@params
def test_no_stderr_output(path):
    for i, cell in enumerate(_cells(_load(path), "code")):
        for out in cell.get("outputs", []):
            if out["output_type"] == "stream" and out.get("name") == "stderr":
                pytest.fail(f"{path.name}: code cell {i + 1} writes to stderr: {_text(out['text'])[:200]!r}")


@params
def test_no_figure_repr_text(path):
    for i, cell in enumerate(_cells(_load(path), "code")):
        for out in cell.get("outputs", []):
            for text in _output_texts(out):
                assert "<Figure size" not in text, (
                    f"{path.name}: code cell {i + 1} stores a '<Figure size ...>' repr; end the cell "
                    f"with ';' or plt.show()")


@params
def test_no_absolute_paths_in_outputs(path):
    for i, cell in enumerate(_cells(_load(path), "code")):
        for out in cell.get("outputs", []):
            for text in _output_texts(out):
                found = ABSOLUTE_PATH.search(text)
                assert not found, (f"{path.name}: code cell {i + 1} shows an absolute path "
                                   f"({text[max(0, found.start() - 30):found.end() + 30]!r})")


@params
def test_kernelspec_is_python3(path):
    spec = _load(path)["metadata"].get("kernelspec", {})
    assert spec.get("name") == "python3", f"{path.name}: kernelspec {spec!r}, expected name 'python3'"


@params
def test_opens_with_a_title(path):
    first = _load(path)["cells"][0]
    assert first["cell_type"] == "markdown" and _text(first["source"]).lstrip().startswith("# "), (
        f"{path.name}: the first cell should be Markdown starting with a '# ' title")


@params
def test_teaching_skeleton(path):
    nb = _load(path)
    headings = _headings(nb)
    assert any("what you will be able to do" in h for h in headings), (
        f"{path.name}: no 'What you will be able to do' heading (headings: {headings})")
    assert any("recap" in h for h in headings), f"{path.name}: no recap heading"
    assert any("try it" in h for h in headings), f"{path.name}: no 'Try it' heading"


# ---------------------------------------------------------------- no hidden state
READ_NAMES = re.compile(r"^(open|load\w*|read\w*|genfromtxt|loadtxt|imread|from_file|from_json)$")
WRITE_NAMES = re.compile(r"^(save\w*|write\w*|dump\w*|to_csv|to_json|imsave)$")


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _is_literal_path(node: ast.AST) -> bool:
    """A string constant, or ``Path("...")`` of one: a fixed place on disk."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.Call) and _call_name(node) in {"Path", "PurePath"} and node.args:
        return all(isinstance(a, ast.Constant) for a in node.args)
    return False


def _file_calls(source: str):
    """(kind, name, line) for every call that reads or writes a fixed literal path."""
    # IPython magics and shell escapes are not Python; %run and %store share state between notebooks.
    lines = []
    for line in source.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%run", "%store", "!")):
            yield "magic", stripped.split()[0], len(lines) + 1
        lines.append("" if stripped.startswith(("%", "!")) else line)
    tree = ast.parse("\n".join(lines))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        args = list(node.args) + [k.value for k in node.keywords if k.arg in {"path", "file", "fname", "filename"}]
        if not args:
            continue
        if READ_NAMES.match(name) and _is_literal_path(args[0]):
            yield "read", name, node.lineno
        elif WRITE_NAMES.match(name) and any(_is_literal_path(a) for a in args):
            yield "write", name, node.lineno


@params
def test_no_hidden_state_between_notebooks(path):
    """No notebook reads or writes a fixed file path, and writes only into a temporary directory.

    Package data is reached through mlpviz functions (``examples.seed_weights_path()``), never a
    literal path, so a literal path in a read or write call is a file some other notebook or the
    learner's disk would have to provide, or one this notebook leaves behind for others.
    """
    nb = _load(path)
    sources = [_text(c["source"]) for c in _cells(nb, "code")]
    for i, source in enumerate(sources):
        found = list(_file_calls(source))
        assert not found, (f"{path.name}: code cell {i + 1} uses a fixed file path or shared-state magic "
                           f"{found}; write into a tempfile.TemporaryDirectory and read package data "
                           f"through mlpviz")
    every = "\n".join(sources)
    writes = re.search(r"\.(save\w*|write\w*|dump\w*|savefig)\(|\bsave\w*\(|open\([^)]*['\"][wax]b?['\"]", every)
    if writes:
        assert "TemporaryDirectory" in every, (
            f"{path.name}: writes files ({writes.group(0)!r}) but not into a tempfile.TemporaryDirectory")


def test_file_call_scanner_flags_what_it_should():
    flagged = lambda src: [kind for kind, _, _ in _file_calls(src)]  # noqa: E731
    assert flagged('net = load_weights("weights.json")') == ["read"]
    assert flagged("data = open(Path('out/minmax.json')).read()") == ["read"]
    assert flagged('io.save_weights(net, "trained.json")') == ["write"]
    assert flagged("%store -r net") == ["magic"]
    assert flagged("with tempfile.TemporaryDirectory() as d:\n    io.save_weights(net, Path(d) / 'w.json')") == []
    assert flagged("net = mv.examples.seed_network()") == []
    assert flagged("%matplotlib inline\nx = 1") == []
