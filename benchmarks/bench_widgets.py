"""How fast the trainer widget answers a click.

1. In-process: ``TrainerWidget.step_epoch_button.click()`` on the seed's 2-3-1
   network — one epoch of training plus the redraw of the readout, the loss
   curve, the network diagram (one PNG) and the formula panel.  Target ≤ 50 ms.
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
TARGET_IN_PROCESS_MS = 50.0
TARGET_BROWSER_MS = 250.0


def _stats(ms: list[float]) -> str:
    ms = sorted(ms)
    p90 = ms[min(len(ms) - 1, int(round(0.9 * (len(ms) - 1))))]
    return f"median {statistics.median(ms):6.1f} ms   min {ms[0]:6.1f} ms   p90 {p90:6.1f} ms   (n={len(ms)})"


def bench_in_process(repeat: int) -> float:
    os.environ.setdefault("MPLBACKEND", "Agg")
    from mlpviz.widgets import TrainerWidget

    w = TrainerWidget()
    for _ in range(5):                        # warm up: fonts, mathtext, caches
        w.step_epoch_button.click()
    parts = {"step epoch + redraw (click)": w.step_epoch_button.click,
             "  of which: one epoch, no redraw": w.trainer.step_epoch,
             "  of which: loss curve + diagram + PNG": w._draw,
             "  of which: formula panel (LaTeX strings)": w._formula_sections}
    medians = {}
    for name, fn in parts.items():
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
        medians[name] = statistics.median(times)
        print(f"{name:44s} {_stats(times)}")
    return medians["step epoch + redraw (click)"]


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
    ms = bench_in_process(args.repeat)
    print(f"in-process step epoch + redraw: {ms:.1f} ms (target ≤ {TARGET_IN_PROCESS_MS:.0f} ms) "
          f"{'OK' if ms <= TARGET_IN_PROCESS_MS else 'OVER TARGET'}")
    if not args.no_browser:
        bms = bench_browser(args.clicks)
        if bms is not None:
            print(f"browser click → readout: {bms:.1f} ms (target ≤ {TARGET_BROWSER_MS:.0f} ms) "
                  f"{'OK' if bms <= TARGET_BROWSER_MS else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
