"""Fixtures for the browser tests: one JupyterLab (and one Voilà) per session, headless Chromium.

Every test here is marked ``browser``.  Without Chromium at /usr/bin/chromium
or the playwright package, the tests are skipped with the reason — except in
CI (``CI=true``), where a missing browser is a failure: CI must run them.
The servers work on a temporary copy of notebooks/ (JupyterLab autosaves),
with two small notebooks of our own that display the trainer and the descent
explorer for when the suite's notebooks do not show them (yet).

Bounded and explained: each test has :data:`TEST_LIMIT_S` seconds (the waits
inside have their own, shorter bounds); a Lab test shuts its kernels down when
it ends; a failed test's report shows the page's dialogs, notifications and
kernel, the server's log, and the path of a screenshot under ``test-results/``.
"""
from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

import jupyter_servers as js

HERE = Path(__file__).resolve().parent
#: The most one browser test may take (seconds), on a loaded machine; about 15 s unloaded.
TEST_LIMIT_S = 180


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
def lab_server(workdir):
    root, home = workdir
    server = js.start_lab(root, home)
    yield server
    server.stop()


@pytest.fixture
def lab(lab_server):
    """The session's JupyterLab; the kernels a test started are shut down after it."""
    yield lab_server
    js.shut_down_kernels(lab_server)


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
    context.set_default_timeout(js.WIDGET_MS)
    context.set_default_navigation_timeout(js.PAGE_LOAD_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _time_limit(request):
    """Fail a browser test that runs past TEST_LIMIT_S (a last resort: every wait has its own bound)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum, frame):
        raise TimeoutError(f"{request.node.nodeid} ran for more than {TEST_LIMIT_S} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(TEST_LIMIT_S)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failure, add what the browser showed (dialogs, kernel, server log) and save a screenshot."""
    report = yield
    page = item.funcargs.get("page") if report.failed and report.when == "call" else None
    if page is not None:
        shot = js.save_screenshot(page, item.nodeid)
        lines = [js.page_state(page), f"screenshot: {shot or '(none could be taken)'}"]
        for name in ("lab", "voila"):
            server = item.funcargs.get(name)
            if server is not None:
                lines += [f"--- end of the {name} server's log ---", server.log_text()[-1500:]]
        text = "\n".join(lines)
        if hasattr(report.longrepr, "addsection"):
            report.longrepr.addsection("what the browser showed", text)
        else:
            report.sections.append(("what the browser showed", text))
    return report
