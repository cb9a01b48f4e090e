"""pyproject.toml (runtime deps + `dev` extra) and environment.yml list the same packages."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# conda-forge name -> PyPI name, where they differ.
CONDA_TO_PYPI = {
    "playwright-python": "playwright",
}
# Conda entries that are the toolchain, not project dependencies.
CONDA_IGNORED = {"python", "pip"}


def normalize(requirement: str) -> str:
    """Package name of a requirement: lowercase, '_'/'.' as '-', no extras/markers/version."""
    name = re.split(r"[\s\[;<>=!~@]", requirement.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_names(text: str) -> set[str]:
    project = tomllib.loads(text)["project"]
    reqs = list(project.get("dependencies", []))
    reqs += project.get("optional-dependencies", {}).get("dev", [])
    return {normalize(r) for r in reqs}


def conda_names(text: str) -> set[str]:
    """Top-level `dependencies:` list items of an environment.yml (not the nested pip list).

    A deliberately tiny parser for the simple layout environment.yml uses: a
    `dependencies:` key at column 0 followed by `- item` lines at one indent.
    """
    names: set[str] = set()
    in_deps = False
    item_indent = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if indent == 0:
            in_deps = line.strip() == "dependencies:"
            continue
        if not in_deps:
            continue
        stripped = line.strip()
        if not stripped.startswith("- "):
            continue  # e.g. items of the nested pip list
        if item_indent is None:
            item_indent = indent
        if indent != item_indent:
            continue  # deeper list, e.g. `- pip:` items
        item = stripped[2:].strip().strip("'\"")
        if item.endswith(":"):
            continue  # `- pip:` introduces the pip sub-list
        # conda match specs: "name>=1.0", "name 1.0.*", "channel::name"
        item = item.split("::")[-1]
        name = normalize(item)
        name = CONDA_TO_PYPI.get(name, name)
        if name not in CONDA_IGNORED:
            names.add(name)
    return names


def drift_message(pyproject: set[str], conda: set[str]) -> str | None:
    """None when the sets agree, else a message naming what each side lacks."""
    missing_in_conda = sorted(pyproject - conda)
    missing_in_pyproject = sorted(conda - pyproject)
    if not missing_in_conda and not missing_in_pyproject:
        return None
    return (
        "pyproject.toml and environment.yml disagree:\n"
        f"  missing from environment.yml: {missing_in_conda or 'nothing'}\n"
        f"  missing from pyproject.toml:  {missing_in_pyproject or 'nothing'}"
    )


def test_pyproject_and_environment_yml_list_same_packages():
    py = pyproject_names((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    conda = conda_names((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert py, "no dependencies parsed from pyproject.toml"
    assert conda, "no dependencies parsed from environment.yml"
    message = drift_message(py, conda)
    assert message is None, message


@pytest.mark.parametrize(
    ("requirement", "expected"),
    [
        ("numpy>=2.0", "numpy"),
        ("Jupyter_Server >= 2", "jupyter-server"),
        ("nbval", "nbval"),
        ("pkg[extra]>=1; python_version<'3.12'", "pkg"),
        ("zope.interface~=5.0", "zope-interface"),
        ("ipympl 0.9.*", "ipympl"),
    ],
)
def test_normalize(requirement, expected):
    assert normalize(requirement) == expected


DRIFTED_PYPROJECT = """
[project]
name = "x"
dependencies = ["numpy>=2", "Some_Pkg"]
[project.optional-dependencies]
dev = ["pytest>=8", "playwright"]
"""

DRIFTED_ENV = """
name: x
channels:
  - conda-forge
dependencies:
  - python>=3.10
  - pip
  - numpy>=2   # comment
  - some-pkg
  - playwright-python
  - sympy
  - pip:
      - -e .[dev]
      - not-a-conda-dep
"""


def test_parsers_on_sample():
    assert pyproject_names(DRIFTED_PYPROJECT) == {"numpy", "some-pkg", "pytest", "playwright"}
    assert conda_names(DRIFTED_ENV) == {"numpy", "some-pkg", "playwright", "sympy"}


def test_drift_is_reported_on_both_sides():
    message = drift_message(pyproject_names(DRIFTED_PYPROJECT), conda_names(DRIFTED_ENV))
    assert message is not None
    assert "missing from environment.yml: ['pytest']" in message
    assert "missing from pyproject.toml:  ['sympy']" in message


def test_no_drift_gives_no_message():
    assert drift_message({"a", "b"}, {"b", "a"}) is None
