"""How fast the widgets answer a click.

1. In-process, each including its picture (one PNG):
   * ``TrainerWidget.step_epoch_button.click()`` on the seed's 2-3-1 network —
     one epoch of training plus the redraw of the readout, the loss curve, the
     network diagram and the formula panel.  Target ≤ 30 ms;
   * the same on a 2-8-8-1 network (random weights).  Target ≤ 50 ms;
   * ``DescentExplorer`` (PNG view): a new η — the descent run again, the path
     redrawn over the kept contours and surface, the table.  Target ≤ 50 ms.
2. In the browser: Voilà serves notebooks/app_trainer.ipynb, headless
   Chromium clicks "Step epoch", and the page measures the time from the
   click until the readout shows the new epoch (and until the new picture
   arrives).  Target ≤ 250 ms.  Skipped, with the reason, when Chromium or
   Playwright is missing.

Run: ``.venv/bin/python benchmarks/bench_widgets.py [--repeat 50] [--clicks 15] [--no-browser]``
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_IN_PROCESS_MS = {"2-3-1": 30.0, "2-8-8-1": 50.0, "descent η": 50.0}
TARGET_BROWSER_MS = 250.0


def _stats(ms: list[float]) -> str:
    ms = sorted(ms)
    p90 = ms[min(len(ms) - 1, int(round(0.9 * (len(ms) - 1))))]
    return f"median {statistics.median(ms):6.1f} ms   min {ms[0]:6.1f} ms   p90 {p90:6.1f} ms   (n={len(ms)})"


def _time(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def bench_in_process(repeat: int) -> dict[str, float]:
    """Median milliseconds of each in-process case (and the parts of the 2-3-1 click)."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    from mlpviz.widgets import DescentExplorer, TrainerWidget

    small = TrainerWidget()
    deep = TrainerWidget(hidden=(8, 8), init="random", seed=1)
    explorer = DescentExplorer(click=False)
    rates = iter([0.05, 0.1, 0.2, 0.3] * (repeat + 10))

    def new_lr():
        explorer.lr_slider.value = next(rates)

    for _ in range(5):                        # warm up: fonts, mathtext, caches
        small.step_epoch_button.click()
        deep.step_epoch_button.click()
        new_lr()
    cases = {"2-3-1": small.step_epoch_button.click, "2-8-8-1": deep.step_epoch_button.click,
             "descent η": new_lr}
    medians = {}
    for name, fn in cases.items():
        times = _time(fn, repeat)
        medians[name] = statistics.median(times)
        label = {"2-3-1": "2-3-1 step epoch + redraw (click)", "2-8-8-1": "2-8-8-1 step epoch + redraw (click)",
                 "descent η": "descent explorer: new η + redraw"}[name]
        print(f"{label:44s} {_stats(times)}")
    parts = {"  2-3-1 of which: one epoch, no redraw": small.trainer.step_epoch,
             "  2-3-1 of which: pictures + PNG": small._draw,
             "  2-3-1 of which: formula panel (LaTeX)": small._formula_sections}
    for name, fn in parts.items():
        print(f"{name:44s} {_stats(_time(fn, repeat))}")
    return medians


def bench_browser(clicks: int) -> float | None:
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    import jupyter_servers as js

    reason = js.missing_requirements()
    if reason:
        print(f"browser: skipped — {reason}")
        return None
    from playwright.sync_api import sync_playwright

    home = Path(tempfile.mkdtemp(prefix="mlpviz-bench-"))
    try:
        shutil.copy(ROOT / "notebooks" / "app_trainer.ipynb", home / "app_trainer.ipynb")
        t0 = time.perf_counter()
        server = js.start_voila(home / "app_trainer.ipynb", home)
        try:
            with sync_playwright() as p:
                browser = js.launch_chromium(p)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(server.url + "/", timeout=90_000)
                readout = ".mlpviz-trainer .mlpviz-readout"
                page.wait_for_selector(readout, timeout=90_000)
                print(f"browser: Voilà page with the trainer ready after {time.perf_counter() - t0:.1f} s")
                button = ".mlpviz-trainer .mlpviz-step-epoch"
                to_readout, to_picture = [], []
                for k in range(1, clicks + 1):
                    src = js.image_src(page, ".mlpviz-trainer-views")
                    to_readout.append(js.click_latency(page, button, readout, f"epoch {k} "))
                    to_picture.append(_picture_latency(page, src))
                browser.close()
        finally:
            server.stop()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(f"{'click → readout shows the new epoch':44s} {_stats(to_readout)}")
    print(f"{'click → new picture in the page':44s} {_stats(to_picture)}")
    return statistics.median(to_readout)


def _picture_latency(page, old_src: str) -> float:
    """Milliseconds from the last click (window.__mlpviz_t0) until the picture's src changed."""
    return float(page.evaluate(
        """(old) => new Promise((resolve, reject) => {
            const img = document.querySelector('.mlpviz-trainer-views');
            const done = () => resolve(performance.now() - window.__mlpviz_t0);
            if (img.getAttribute('src') !== old) { done(); return; }
            const obs = new MutationObserver(() => {
                if (img.getAttribute('src') !== old) { obs.disconnect(); done(); } });
            obs.observe(img, {attributes: true, attributeFilter: ['src']});
            setTimeout(() => reject(new Error('picture never changed')), 30000);
        })""", old_src))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50, help="in-process clicks to time (default 50)")
    parser.add_argument("--clicks", type=int, default=15, help="browser clicks to time (default 15)")
    parser.add_argument("--no-browser", action="store_true", help="only the in-process figures")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"bench_widgets: Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.2f}")
    medians = bench_in_process(args.repeat)
    for name, ms in medians.items():
        target = TARGET_IN_PROCESS_MS[name]
        print(f"in-process {name}: {ms:.1f} ms (target ≤ {target:.0f} ms), {ms / target:.2f}× the target "
              f"{'OK' if ms <= target else 'OVER TARGET'}")
    if not args.no_browser:
        bms = bench_browser(args.clicks)
        if bms is not None:
            print(f"browser click → readout: {bms:.1f} ms (target ≤ {TARGET_BROWSER_MS:.0f} ms) "
                  f"{'OK' if bms <= TARGET_BROWSER_MS else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
