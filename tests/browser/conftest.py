"""Fixtures for the browser tests: one JupyterLab (and one Voilà) per session, headless Chromium.

Every test here is marked ``browser``.  Without Chromium at /usr/bin/chromium
or the playwright package, the tests are skipped with the reason — except in
CI (``CI=true``), where a missing browser is a failure: CI must run them.
The servers work on a temporary copy of notebooks/ (JupyterLab autosaves),
with two small notebooks of our own that display the trainer and the descent
explorer for when the suite's notebooks do not show them (yet).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import jupyter_servers as js

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).resolve().parent == HERE:
            item.add_marker(pytest.mark.browser)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def browser_ready():
    """Skip (locally) or fail (in CI) when the browser tests cannot run."""
    reason = js.missing_requirements()
    if reason:
        if _in_ci():
            pytest.fail(f"CI=true but the browser tests cannot run: {reason}", pytrace=False)
        pytest.skip(f"browser tests need Chromium and Playwright: {reason}")
    return True


@pytest.fixture(scope="session")
def workdir(tmp_path_factory, browser_ready):
    """A temporary copy of notebooks/ plus our fallback notebooks; returns (root, home)."""
    home = tmp_path_factory.mktemp("browser")
    root = home / "notebooks"
    root.mkdir()
    for nb in (js.ROOT / "notebooks").glob("*.ipynb"):
        shutil.copy(nb, root / nb.name)
    js.write_notebook(root / "_browser_trainer.ipynb", [js.TRAINER_CELL])
    js.write_notebook(root / "_browser_descent.ipynb", [js.DESCENT_CELL])
    return root, home


@pytest.fixture(scope="session")
def lab(workdir):
    root, home = workdir
    server = js.start_lab(root, home)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium(browser_ready):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = js.launch_chromium(p)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()
