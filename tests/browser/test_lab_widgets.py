"""The trainer and the descent explorer in a real JupyterLab, clicked by headless Chromium.

Each widget is tested in the suite's notebook that shows it (08 for the
trainer, 05 for the descent explorer) and in a one-cell notebook of our own,
so the widget itself is covered even before the suite's notebook embeds it.
"""
from __future__ import annotations

import re

import pytest

import jupyter_servers as js

TRAINER = ".mlpviz-trainer"
DESCENT = ".mlpviz-descent"


def _notebook(which: str, suite_name: str, own_name: str, widget_class: str) -> str:
    if which == "own":
        return own_name
    path = js.ROOT / "notebooks" / suite_name
    if not path.exists() or widget_class not in path.read_text(encoding="utf-8"):
        pytest.skip(f"notebooks/{suite_name} does not display {widget_class} (yet)")
    return suite_name


def _epoch(page) -> int:
    text = js.text_of(page, f"{TRAINER} .mlpviz-readout")
    return int(re.search(r"epoch\s+(\d+)", text).group(1))


def _wait_src_change(page, selector: str, old: str) -> str:
    return js.wait_for(
        page, """([sel, old]) => { const el = document.querySelector(sel);
                                  const img = el && (el.tagName === 'IMG' ? el : el.querySelector('img'));
                                  const src = img && img.getAttribute('src');
                                  return src && src !== old && src; }""",
        [selector, old], what=f"a new picture in {selector}")


@pytest.mark.parametrize("which", ["suite", "own"])
def test_trainer_step_epoch_and_play_in_lab(lab, page, which, record_property):
    nb = _notebook(which, "08_training_loop.ipynb", "_browser_trainer.ipynb", "TrainerWidget")
    js.open_and_run_all(page, js.lab_notebook_url(lab, nb), ready=f"{TRAINER} .mlpviz-readout")
    readout = f"{TRAINER} .mlpviz-readout"
    views = f"{TRAINER} .mlpviz-trainer-views"
    js.wait_picture_drawn(page, views)
    start = _epoch(page)
    src = js.image_src(page, views)

    # Step epoch: the readout and the loss curve change
    ms = js.click_latency(page, f"{TRAINER} .mlpviz-step-epoch", readout, f"epoch {start + 1} ")
    record_property("click_to_readout_ms", ms)
    print(f"\n[{nb}] click Step epoch → readout updated in {ms:.0f} ms")
    assert _epoch(page) == start + 1
    src = _wait_src_change(page, views, src)

    # Play: epochs keep coming until Pause
    page.click(f"{TRAINER} .mlpviz-play")
    js.wait_for(page, """([sel, n]) => { const m = document.querySelector(sel).innerText.match(/epoch\\s+(\\d+)/);
                                        return m && Number(m[1]) >= n; }""",
                [readout, start + 4], what=f"epoch {start + 4} while playing")
    assert "playing" in js.text_of(page, readout)
    src = _wait_src_change(page, views, src)
    page.click(f"{TRAINER} .mlpviz-play")
    js.wait_for(page, "sel => document.querySelector(sel).innerText.includes('paused')", readout,
                what="the readout to say paused")
    paused_at = _epoch(page)
    page.wait_for_timeout(800)
    assert _epoch(page) == paused_at, "the trainer kept running after Pause"


@pytest.mark.parametrize("which", ["suite", "own"])
def test_descent_slider_and_click_redraw_the_path_in_lab(lab, page, which):
    nb = _notebook(which, "05_gradient_descent.ipynb", "_browser_descent.ipynb", "DescentExplorer")
    js.open_and_run_all(page, js.lab_notebook_url(lab, nb), ready=f"{DESCENT} .mlpviz-descent-message")
    views = f"{DESCENT} .mlpviz-descent-views"
    message = f"{DESCENT} .mlpviz-descent-message"
    table = f"{DESCENT} .mlpviz-descent-table"
    js.wait_picture_drawn(page, views)
    js.wait_kernel_idle(page, nb)  # the canvas' start-up messages (resize, refresh, draw) answered
    js.remember_picture(page, views)
    before = js.text_of(page, message)
    assert "η = 0.1" in before

    # type η = 1.1 into the slider's readout (what a learner can do too) and press Enter
    # (fill focuses the readout first: keys typed while the notebook has focus would edit cells)
    readout = page.locator(f"{DESCENT} .mlpviz-descent-lr .widget-readout").first
    readout.fill("1.1")
    readout.press("Enter")
    after = js.wait_text_change(page, message, before)
    assert "η = 1.1" in after and "diverging" in after
    js.wait_picture_change(page, views)
    rows = js.text_of(page, table)
    assert "-3.6000" in rows or "−3.6000" in rows      # x_new of step 0: 3 − 1.1·6

    # a click on the contour plot (left panel) moves the start point away from (3, 4)
    canvas = page.locator(f"{views} canvas").first
    if canvas.count() == 0:
        pytest.skip("the explorer shows a PNG (no ipympl canvas): start point by sliders only")
    js.remember_picture(page, views)
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + 0.25 * box["width"], box["y"] + 0.35 * box["height"])
    js.wait_text_change(page, table, rows)
    first_row = js.text_of(page, table).splitlines()[1]
    assert not first_row.split()[1].startswith("3.0000"), first_row
    js.wait_picture_change(page, views)
