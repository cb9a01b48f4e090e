"""Start JupyterLab or Voilà on a free port and drive them with Playwright's Chromium.

Used by the browser tests (``tests/browser/``) and by
``benchmarks/bench_widgets.py``.  Facts this relies on (see the project's
notes on Jupyter testing): Debian's ``/usr/bin/chromium`` with Playwright
(never ``playwright install``), ``--allow-root`` for Lab when running as
root, a token for Lab, a temporary copy of the notebooks (Lab autosaves).

Deterministic under load: every step waits for Lab's own state, never for a
fixed time.  Lab runs with ``window.jupyterapp`` exposed, so a test waits
until its notebook's kernel is connected and idle and then runs every cell
through Lab's command registry (``notebook:run-all-cells``) and awaits the
result, instead of clicking menus that a dialog could cover.  Each wait also
watches for a JupyterLab dialog and fails at once with the dialog's text.
Lab's settings are the project's own, ``lab/overrides.json`` (what ``make lab``
installs: no news toast, widget state saved with a notebook), plus a few for the
tests (:data:`TEST_SETTINGS`): no autosave (so no "File changed" dialog), every
cell attached to the page (windowing mode ``none``, so widgets far down are
laid out), the notebook's kernel started without asking.  Every wait is bounded (the ``*_MS`` constants below): a hung step
fails, it never hangs.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("MLPVIZ_CHROMIUM", "/usr/bin/chromium"))
BIN = Path(sys.executable).parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "mlpviz-browser-test"
#: The project's JupyterLab settings, in the format of Lab's overrides.json (plugin id -> settings).
LAB_SETTINGS = ROOT / "lab" / "overrides.json"
#: Settings only the tests add to them (merged per plugin over LAB_SETTINGS).
TEST_SETTINGS = {
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none", "autoStartDefaultKernel": True},
}


def lab_settings() -> dict:
    """The settings a test's Lab runs with: the project's, then the tests' own."""
    settings = json.loads(LAB_SETTINGS.read_text(encoding="utf-8"))
    for plugin, values in TEST_SETTINGS.items():
        settings[plugin] = {**settings.get(plugin, {}), **values}
    return settings
#: Screenshots of failed tests (git-ignored).
RESULTS = ROOT / "test-results"

# Bounds of each wait, in milliseconds: generous for a busy 2-core machine (the normal
# times are a tenth of these), finite so that a hung step fails.
PAGE_LOAD_MS = 60_000       # a page loaded and JupyterLab started in it
KERNEL_READY_MS = 90_000    # the notebook's kernel started, connected and idle
RUN_ALL_MS = 120_000        # every cell of a notebook executed
WIDGET_MS = 30_000          # a widget view rendered, a click or a key answered
REPORT_MS = 10_000          # reading the page's state or taking a screenshot for a failure report
# Waits poll on a timer, not on animation frames: a starved renderer may not paint for a while.
POLL_MS = 100

#: What a notebook cell does to show each widget (the test notebooks use these lines).
TRAINER_CELL = "from mlpviz.widgets import TrainerWidget\ntrainer = TrainerWidget()\ntrainer"
DESCENT_CELL = "from mlpviz.widgets import DescentExplorer\nexplorer = DescentExplorer()\nexplorer"


def missing_requirements() -> str | None:
    """Why the browser tests cannot run here, or None if they can."""
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install playwright)"
    for tool in ("jupyter-lab", "voila"):
        if not (BIN / tool).exists() and shutil.which(tool) is None:
            return f"{tool} not found next to {sys.executable}"
    return None


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tool(name: str) -> str:
    exe = BIN / name
    return str(exe) if exe.exists() else (shutil.which(name) or name)


def write_notebook(path: Path, cells: list[str]) -> Path:
    """A minimal notebook of code cells (not executed)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@dataclass
class Server:
    """A running Jupyter or Voilà server."""

    process: subprocess.Popen
    url: str
    root: Path
    log: Path

    def stop(self) -> None:
        """Stop the server (and its kernels) by its PID."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-4000:]
        except OSError:
            return ""


def _env(home: Path) -> dict:
    env = dict(os.environ)
    # the kernel must import mlpviz from this checkout even without `pip install -e .`
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    # Lab reads overrides.json only from inside sys.prefix, which a test must not touch:
    # the same settings go to a temporary user-settings folder, one file per plugin.
    settings = home / "lab-user-settings"
    for plugin, values in lab_settings().items():
        package, name = plugin.rsplit(":", 1)
        folder = settings / package
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.jupyterlab-settings").write_text(json.dumps(values, indent=2))
    env["JUPYTERLAB_SETTINGS_DIR"] = str(settings)
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(home / "lab-workspaces")
    env["JUPYTER_RUNTIME_DIR"] = str(home / "runtime")
    # what a kernel uses in Lab by default (not the tests' Agg): figures show under their cells
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    env.pop("JUPYTER_TOKEN", None)
    return env


def _wait_http(url: str, server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited with code {server.process.returncode}:\n{server.log_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status < 500:
                    return
        except urllib.error.HTTPError as e:
            if e.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"the server did not answer {url} within {timeout:.0f} s:\n{server.log_text()}")


def start_lab(root: Path, home: Path, timeout: float = 90) -> Server:
    """JupyterLab serving ``root`` on a free port with :data:`TOKEN` and ``window.jupyterapp``."""
    port = free_port()
    cmd = [_tool("jupyter-lab"), "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={root}",
           "--ServerApp.open_browser=False", "--LabApp.news_url=", "--ServerApp.disable_check_xsrf=True",
           "--LabApp.expose_app_in_browser=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = home / f"lab-{port}.log"
    with open(log, "w") as fh:  # the server keeps its own handle
        proc = subprocess.Popen(cmd, cwd=root, env=_env(home), stdout=fh, stderr=subprocess.STDOUT)
    server = Server(proc, f"http://127.0.0.1:{port}", root, log)
    _wait_http(f"{server.url}/api/status?token={TOKEN}", server, timeout)
    return server


def start_voila(notebook: Path, home: Path, timeout: float = 90) -> Server:
    """Voilà serving one notebook on a free port (no code cells shown)."""
    port = free_port()
    cmd = [_tool("voila"), str(notebook), "--no-browser", f"--port={port}",
           "--Voila.ip=127.0.0.1", "--VoilaConfiguration.file_allowlist=['.*']"]
    log = home / f"voila-{port}.log"
    with open(log, "w") as fh:  # the server keeps its own handle
        proc = subprocess.Popen(cmd, cwd=notebook.parent, env=_env(home), stdout=fh, stderr=subprocess.STDOUT)
    server = Server(proc, f"http://127.0.0.1:{port}", notebook.parent, log)
    # a static file: a request for the page itself would start a kernel running the notebook
    _wait_http(f"{server.url}/voila/static/voila.js", server, timeout)
    return server


def lab_notebook_url(server: Server, relpath: str) -> str:
    return f"{server.url}/lab/tree/{relpath}?token={TOKEN}&reset"


def launch_chromium(playwright):
    """Headless Debian Chromium."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


class PageError(AssertionError):
    """The page did not reach the state a test step waited for (the message says what it showed)."""


# The text of the JupyterLab dialog on the page, or null.
_DIALOG_JS = """() => { const d = document.querySelector('.jp-Dialog');
                       return d ? ((d.innerText || '').trim() || '(a dialog without text)') : null; }"""


def wait_for(page, condition: str, arg=None, *, what: str, timeout_ms: int = WIDGET_MS):
    """Wait until the JavaScript function ``condition(arg)`` returns a truthy value; return that value.

    ``condition`` must return something JSON can carry (a boolean, a number, a string, an object).
    Raises :class:`PageError` naming ``what`` (what was awaited) at once if a JupyterLab
    dialog opens meanwhile, with the dialog's text, or after ``timeout_ms`` milliseconds.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    watch = f"""(arg) => {{ const dialog = ({_DIALOG_JS})();
                            if (dialog !== null) return {{dialog}};
                            const value = ({condition})(arg);
                            return value ? {{value}} : null; }}"""
    try:
        result = page.wait_for_function(watch, arg=arg, timeout=timeout_ms, polling=POLL_MS).json_value()
    except PlaywrightTimeout:
        raise PageError(f"waited {timeout_ms / 1000:.0f} s for {what}; the page shows:\n"
                        f"{page_state(page)}") from None
    if "dialog" in result:
        raise PageError(f"while waiting for {what}, a JupyterLab dialog opened:\n{result['dialog']}")
    return result["value"]


# True when the current Lab tab is the notebook ``path``, loaded, with its kernel connected and idle.
_KERNEL_IDLE_JS = """(path) => { const app = window.jupyterapp;
    const panel = app && app.shell.currentWidget;
    if (!panel || !panel.context || panel.context.path !== path || !panel.context.isReady) return false;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle'
           && !!document.querySelector('.jp-NotebookPanel .jp-Cell'); }"""

# Run every cell of the current notebook through Lab's commands; the outcome lands in a global.
_RUN_ALL_JS = """() => { window.__mlpviz_run_all = null;
    window.jupyterapp.commands.execute('notebook:run-all-cells').then(
        ok => { window.__mlpviz_run_all = {ok: ok === true}; },
        err => { window.__mlpviz_run_all = {ok: false, error: String(err)}; }); }"""

# The errors shown in the current notebook's outputs: "cell N: Name: value".
_CELL_ERRORS_JS = """() => { const panel = window.jupyterapp.shell.currentWidget; const found = [];
    panel.content.widgets.forEach((cell, i) => {
        if (cell.model.type !== 'code') return;
        for (const out of cell.model.outputs.toJSON())
            if (out.output_type === 'error') found.push(`cell ${i + 1}: ${out.ename}: ${out.evalue}`); });
    return found; }"""


def open_notebook(page, url: str, timeout_ms: int = KERNEL_READY_MS) -> str:
    """Open a notebook in Lab (``url`` from :func:`lab_notebook_url`) and wait for its kernel to be idle.

    Returns the notebook's path relative to the server's root.
    """
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path.split("/lab/tree/", 1)[1])
    page.goto(url, timeout=PAGE_LOAD_MS)
    wait_for(page, "() => !!window.jupyterapp", what="JupyterLab to start", timeout_ms=PAGE_LOAD_MS)
    wait_kernel_idle(page, path, timeout_ms)
    return path


def wait_kernel_idle(page, path: str, timeout_ms: int = WIDGET_MS) -> None:
    """Wait until the notebook ``path`` is Lab's current tab and its kernel is connected and idle.

    After Run All, idle means the kernel has answered the widgets' messages so far.
    """
    wait_for(page, _KERNEL_IDLE_JS, path, what=f"{path} open with its kernel connected and idle",
             timeout_ms=timeout_ms)


def run_all(page, path: str, timeout_ms: int = RUN_ALL_MS) -> None:
    """Run every cell of the open notebook (Lab's ``notebook:run-all-cells``) and wait until all ran.

    Raises :class:`PageError` if a cell raised (with its error), a dialog opened, or the
    cells did not finish within ``timeout_ms``.
    """
    page.evaluate(_RUN_ALL_JS)
    outcome = wait_for(page, "() => window.__mlpviz_run_all", what=f"every cell of {path} to run",
                       timeout_ms=timeout_ms)
    if not outcome["ok"]:
        errors = "\n".join(page.evaluate(_CELL_ERRORS_JS)) or outcome.get("error") or "no error output"
        raise PageError(f"Run All stopped in {path}:\n{errors}")


def open_and_run_all(page, url: str, ready: str, timeout_ms: int = RUN_ALL_MS) -> None:
    """Open a notebook in Lab, wait for an idle kernel, run every cell, wait for ``ready`` (a CSS selector).

    ``ready`` is scrolled into view, ready for clicks.
    """
    path = open_notebook(page, url)
    run_all(page, path, timeout_ms)
    wait_for(page, "sel => !!document.querySelector(sel)", ready, what=f"{ready} to show in {path}")
    page.locator(ready).first.scroll_into_view_if_needed(timeout=WIDGET_MS)


def shut_down_kernels(server: Server) -> None:
    """Shut down every kernel session of a Lab server (its REST API), so the next test starts alone."""
    def call(method: str, path: str):
        request = urllib.request.Request(f"{server.url}{path}", method=method,
                                         headers={"Authorization": f"token {TOKEN}"})
        with urllib.request.urlopen(request, timeout=30) as r:
            return json.loads(r.read() or b"null")

    for session in call("GET", "/api/sessions"):
        call("DELETE", f"/api/sessions/{session['id']}")


# What a failure report shows of the page: dialogs, toasts, the open notebook and its kernel,
# whether the page still paints (an animation frame within 2 s).
_STATE_JS = """async () => { const texts = sel => Array.from(document.querySelectorAll(sel))
                                              .map(e => (e.innerText || '').trim()).filter(t => t);
    const app = window.jupyterapp, panel = app && app.shell.currentWidget;
    const sc = panel && panel.sessionContext, kernel = sc && sc.session && sc.session.kernel;
    const frames = await new Promise(done => { requestAnimationFrame(() => done('painting'));
                                               setTimeout(() => done('no animation frame in 2 s'), 2000); });
    return {url: location.href, frames, dialogs: texts('.jp-Dialog'), toasts: texts('.Toastify__toast'),
            notebook: panel && panel.context ? panel.context.path : null,
            kernel: kernel ? `${kernel.name}: ${kernel.connectionStatus}, ${kernel.status}`
                           : (sc ? `none (${sc.kernelDisplayStatus})` : null)}; }"""


def page_state(page) -> str:
    """A few lines on what the page shows: its URL, any dialog's or toast's text, Lab's kernel."""
    try:  # (wait_for_function, unlike evaluate, has a time limit; the state is always truthy)
        state = page.wait_for_function(_STATE_JS, timeout=REPORT_MS, polling=POLL_MS).json_value()
    except Exception as e:  # a closed, crashed or frozen page still gets a report
        return f"(the page could not be read: {e})"
    lines = [f"url: {state['url']} ({state['frames']})"]
    lines += [f"JupyterLab dialog: {text}" for text in state["dialogs"]]
    lines += [f"notification: {text}" for text in state["toasts"]]
    if state["notebook"] is not None:
        lines.append(f"notebook: {state['notebook']}, kernel {state['kernel']}")
    return "\n".join(lines)


def save_screenshot(page, name: str) -> Path | None:
    """A full-page screenshot under :data:`RESULTS`; its path, or None if the page cannot be shot."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name).strip("_")
    path = RESULTS / f"{safe}.png"
    try:
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(path), full_page=True, timeout=REPORT_MS)
    except Exception:
        return None
    return path


def text_of(page, selector: str) -> str:
    return page.locator(selector).first.inner_text()


def image_src(page, selector: str) -> str:
    """The ``src`` of the first ``img`` of a widget with this CSS class (a blob: URL per PNG)."""
    return page.locator(f"{selector}").first.evaluate(
        "el => (el.tagName === 'IMG' ? el : el.querySelector('img')).getAttribute('src') || ''")


_PICTURE_JS = """sel => { const el = document.querySelector(sel);
    if (!el) return '';
    const img = el.tagName === 'IMG' ? el : el.querySelector('img');
    if (img) return img.getAttribute('src') || '';
    const canvas = el.tagName === 'CANVAS' ? el : el.querySelector('canvas');
    return canvas ? canvas.toDataURL() : ''; }"""


# True once a view shows a picture: an ``img`` loaded, or an ipympl canvas with opaque pixels
# (a canvas is transparent until the kernel's first image arrives; the figures are opaque).
_DRAWN_JS = """sel => { const el = document.querySelector(sel);
    if (!el) return false;
    const img = el.tagName === 'IMG' ? el : el.querySelector('img');
    if (img) return !!img.getAttribute('src') && img.complete && img.naturalWidth > 0;
    const c = el.tagName === 'CANVAS' ? el : el.querySelector('canvas');
    if (!c || !c.width || !c.height) return false;
    const px = c.getContext('2d').getImageData(c.width >> 1, c.height >> 1, 1, 1).data;
    return px[3] === 255; }"""


def wait_picture_drawn(page, selector: str, timeout_ms: int = WIDGET_MS) -> None:
    """Wait until the view ``selector`` shows its first picture (not an empty canvas)."""
    wait_for(page, _DRAWN_JS, selector, what=f"the first picture in {selector}", timeout_ms=timeout_ms)


def remember_picture(page, selector: str) -> None:
    """Remember the picture of a view (an ``img`` src, or an ipympl canvas's pixels)."""
    page.evaluate(f"sel => {{ window.__mlpviz_pic = window.__mlpviz_pic || {{}};"
                  f" window.__mlpviz_pic[sel] = ({_PICTURE_JS})(sel); }}", selector)


def wait_picture_change(page, selector: str, timeout_ms: int = WIDGET_MS) -> None:
    """Wait until the view's picture differs from the one :func:`remember_picture` saw."""
    wait_for(page, f"sel => {{ const now = ({_PICTURE_JS})(sel); return now && now !== window.__mlpviz_pic[sel]; }}",
             selector, what=f"the picture of {selector} to change", timeout_ms=timeout_ms)


def wait_text_change(page, selector: str, old: str, timeout_ms: int = WIDGET_MS) -> str:
    """Wait until the element's text differs from ``old``; return the new text."""
    return wait_for(page, "([sel, old]) => { const el = document.querySelector(sel);"
                          " return el && el.innerText !== old && el.innerText; }",
                    [selector, old], what=f"the text of {selector} to change from {old!r}", timeout_ms=timeout_ms)


def click_latency(page, button: str, readout: str, contains: str, timeout_ms: int = WIDGET_MS) -> float:
    """Milliseconds from a click on ``button`` until ``readout``'s text contains ``contains``.

    Measured inside the page (``performance.now()`` at the click and in a
    MutationObserver on the readout), so Playwright's own round trips are not counted.
    """
    page.evaluate(
        """([readout, contains, timeout]) => {
            window.__mlpviz_done = new Promise((resolve, reject) => {
                const el = document.querySelector(readout);
                const obs = new MutationObserver(() => {
                    if (el.innerText.includes(contains)) {
                        obs.disconnect();
                        resolve(performance.now() - window.__mlpviz_t0);
                    }
                });
                obs.observe(el, {subtree: true, childList: true, characterData: true});
                setTimeout(() => reject(new Error('readout never showed ' + contains)), timeout);
            });
        }""", [readout, contains, timeout_ms])
    page.evaluate("""(button) => { const b = document.querySelector(button);
                                   window.__mlpviz_t0 = performance.now(); b.click(); }""", button)
    return float(page.evaluate("() => window.__mlpviz_done"))
