"""The trainer app (notebooks/app_trainer.ipynb) served by Voilà: no code, buttons work."""
from __future__ import annotations

import re

import pytest

import jupyter_servers as js


@pytest.fixture(scope="module")
def voila(workdir):
    root, home = workdir
    server = js.start_voila(root / "app_trainer.ipynb", home)
    yield server
    server.stop()


def test_voila_trainer_app_steps(voila, page, record_property):
    # Voilà starts a kernel and runs the notebook while it sends the page: wait for the answer
    # to begin, then (bounded by the time to run every cell) for the trainer to show
    page.goto(voila.url + "/", wait_until="commit", timeout=js.PAGE_LOAD_MS)
    readout = ".mlpviz-trainer .mlpviz-readout"
    js.wait_for(page, "sel => !!document.querySelector(sel)", readout, what="the trainer in the Voilà page",
                timeout_ms=js.RUN_ALL_MS)
    assert re.search(r"epoch\s+0\b", js.text_of(page, readout))
    # an app: the page shows the widget and the text, not the code
    body = page.locator("body").inner_text()
    assert "Train a network, live" in body
    assert "from mlpviz.widgets import" not in body

    ms = js.click_latency(page, ".mlpviz-trainer .mlpviz-step-epoch", readout, "epoch 1 ")
    record_property("click_to_readout_ms", ms)
    print(f"\n[voila] click Step epoch → readout updated in {ms:.0f} ms")
    assert "step 4" in js.text_of(page, readout)
    page.click(".mlpviz-trainer .mlpviz-step-sample")
    js.wait_for(page, "sel => document.querySelector(sel).innerText.includes('step 5')", readout,
                what="step 5 after Step sample")
    page.click(".mlpviz-trainer .mlpviz-reset")
    js.wait_for(page, "sel => /epoch\\s+0\\b/.test(document.querySelector(sel).innerText)", readout,
                what="epoch 0 after Reset")
