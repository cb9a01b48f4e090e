"""Start JupyterLab or Voilà on a free port and drive them with Playwright's Chromium.

Used by the browser tests (``tests/browser/``) and by
``benchmarks/bench_widgets.py``.  Facts this relies on (see the project's
notes on Jupyter testing): Debian's ``/usr/bin/chromium`` with Playwright
(never ``playwright install``), ``--allow-root`` for Lab when running as
root, a token for Lab, a temporary copy of the notebooks (Lab autosaves),
the news toast silenced through a user-settings folder.
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
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("MLPVIZ_CHROMIUM", "/usr/bin/chromium"))
BIN = Path(sys.executable).parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "mlpviz-browser-test"

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
    settings = home / "lab-user-settings"
    notif = settings / "@jupyterlab" / "apputils-extension"
    notif.mkdir(parents=True, exist_ok=True)
    (notif / "notification.jupyterlab-settings").write_text(json.dumps(
        {"fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True}))
    env["JUPYTERLAB_SETTINGS_DIR"] = str(settings)
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(home / "lab-workspaces")
    env["JUPYTER_RUNTIME_DIR"] = str(home / "runtime")
    env["MPLBACKEND"] = "Agg"
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


def start_lab(root: Path, home: Path, timeout: float = 60) -> Server:
    """JupyterLab serving ``root`` on a free port with :data:`TOKEN`."""
    port = free_port()
    cmd = [_tool("jupyter-lab"), "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={root}",
           "--ServerApp.open_browser=False", "--LabApp.news_url=", "--ServerApp.disable_check_xsrf=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = home / f"lab-{port}.log"
    fh = open(log, "w")
    proc = subprocess.Popen(cmd, cwd=root, env=_env(home), stdout=fh, stderr=subprocess.STDOUT)
    server = Server(proc, f"http://127.0.0.1:{port}", root, log)
    _wait_http(f"{server.url}/api/status?token={TOKEN}", server, timeout)
    return server


def start_voila(notebook: Path, home: Path, timeout: float = 60) -> Server:
    """Voilà serving one notebook on a free port (no code cells shown)."""
    port = free_port()
    cmd = [_tool("voila"), str(notebook), "--no-browser", f"--port={port}",
           "--Voila.ip=127.0.0.1", "--VoilaConfiguration.file_allowlist=['.*']"]
    log = home / f"voila-{port}.log"
    fh = open(log, "w")
    proc = subprocess.Popen(cmd, cwd=notebook.parent, env=_env(home), stdout=fh, stderr=subprocess.STDOUT)
    server = Server(proc, f"http://127.0.0.1:{port}", notebook.parent, log)
    _wait_http(f"{server.url}/", server, timeout)
    return server


def lab_notebook_url(server: Server, relpath: str) -> str:
    return f"{server.url}/lab/tree/{relpath}?token={TOKEN}&reset"


def launch_chromium(playwright):
    """Headless Debian Chromium."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


def open_and_run_all(page, url: str, ready: str, timeout_ms: int = 90_000) -> None:
    """Open a notebook in Lab, wait for an idle kernel, Run ▸ Run All Cells, wait for ``ready``.

    If ``ready`` (a CSS selector) has not appeared 30 s after Run All — a
    kernel that was not quite connected yet — Run All is clicked once more.
    """
    page.goto(url, timeout=timeout_ms)
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=timeout_ms)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=timeout_ms)
    for attempt in (1, 2):
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator("li[data-command='runmenu:run-all']").click()
        try:
            page.wait_for_selector(ready, timeout=30_000 if attempt == 1 else timeout_ms)
            return
        except Exception:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")


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


def remember_picture(page, selector: str) -> None:
    """Remember the picture of a view (an ``img`` src, or an ipympl canvas's pixels)."""
    page.evaluate(f"sel => {{ window.__mlpviz_pic = window.__mlpviz_pic || {{}};"
                  f" window.__mlpviz_pic[sel] = ({_PICTURE_JS})(sel); }}", selector)


def wait_picture_change(page, selector: str, timeout_ms: int = 30_000) -> None:
    """Wait until the view's picture differs from the one :func:`remember_picture` saw."""
    page.wait_for_function(
        f"sel => {{ const now = ({_PICTURE_JS})(sel); return now && now !== window.__mlpviz_pic[sel]; }}",
        arg=selector, timeout=timeout_ms)


def wait_text_change(page, selector: str, old: str, timeout_ms: int = 30_000) -> str:
    """Wait until the element's text differs from ``old``; return the new text."""
    page.wait_for_function(
        "([sel, old]) => { const el = document.querySelector(sel); return el && el.innerText !== old; }",
        arg=[selector, old], timeout=timeout_ms, polling="raf")
    return text_of(page, selector)


def click_latency(page, button: str, readout: str, contains: str, timeout_ms: int = 30_000) -> float:
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
