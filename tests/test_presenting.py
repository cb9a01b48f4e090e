"""Presenting in class: the presenter switch, control groups, Play's pace, in-place redraws, the
decision-boundary view and legible diverged diagrams (no browser; tests/browser measures the page)."""
from __future__ import annotations

import json
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pytest

import mlpviz as mv
from mlpviz.format import MINUS, short_label
from mlpviz.plots import artists_by_gid, draw_network, plot_descent_contour
from mlpviz.plots.style import PRESENTER_STYLE, plot_style, scaled
from mlpviz.widgets import DescentExplorer, StageStepper, TrainerWidget


@pytest.fixture
def presenting():
    mv.presenter(True)
    yield
    mv.presenter(False)


def test_presenter_switches_rcparams_and_restores_them():
    before = {k: mpl.rcParams[k] for k in ("font.size", "xtick.labelsize", "lines.linewidth")}
    mv.presenter()
    assert mv.presenting()
    sheet = mpl.rc_params_from_file(str(PRESENTER_STYLE), use_default_template=False)
    assert mpl.rcParams["font.size"] == sheet["font.size"] == 17
    with plot_style():
        assert mpl.rcParams["xtick.labelsize"] == 17 and scaled(13) == pytest.approx(17)
    mv.presenter(False)
    assert not mv.presenting()
    assert {k: mpl.rcParams[k] for k in before} == before
    with plot_style():
        assert scaled(12) == 12
    with pytest.raises(ValueError, match="on"):
        mv.presenter("yes")


def test_presenter_grows_the_smallest_text_of_every_view(presenting):
    # classroom sizes first (measured with presenter off), then presenter sizes
    mv.presenter(False)
    small = TrainerWidget()
    mv.presenter(True)
    big = TrainerWidget()
    fig_s, fig_b = small.views.figure, big.views.figure
    px = {name: mv.smallest_text(f) / (f.get_figwidth() * f.dpi) for name, f in (("s", fig_s), ("b", fig_b))}
    assert px["b"] > 1.4 * px["s"]        # text relative to the picture's width: what survives scaling
    # a column of 560 CSS px at 150 % zoom: the smallest text is at least 14 device pixels
    for view in (big.views, DescentExplorer(click=False).views, StageStepper().views):
        fig = view.figure
        shown = min(1.0, 560 / (fig.get_figwidth() * fig.dpi))
        assert mv.smallest_text(fig) * shown * 1.5 >= 14, view


def test_controls_show_only_the_named_groups():
    w = TrainerWidget(controls=("step", "play", "lr"))
    shown = [c for row in w.controls.children for c in row.children]
    assert shown == [w.step_sample_button, w.step_epoch_button, w.play_button, w.lr_slider]
    assert w.ticker in w.ui.children          # the Play clock is still there
    d = DescentExplorer(click=False, controls=["lr"])
    assert [c for row in d.controls.children for c in row.children] == [d.lr_slider]
    s = StageStepper(controls="navigate")
    assert [c for row in s.controls.children for c in row.children] == [s.back_button, s.next_button]
    with pytest.raises(ValueError, match="controls"):
        TrainerWidget(controls=["step", "playback"])
    with pytest.raises(ValueError, match="controls"):
        StageStepper(controls=[3])


def test_play_with_auto_frames_reaches_epoch_1000_in_32_frames_one_epoch_at_a_time_first():
    w = TrainerWidget()
    w.play_button.value = True
    seen = []
    for _ in range(32):
        w.tick()
        seen.append(w.trainer.epoch)
    assert seen[:8] == [1, 2, 3, 4, 5, 6, 7, 8]            # the first epochs one by one
    assert seen[-1] >= 1000
    # the same losses as one run of that many epochs: frames only decide what is drawn
    ref = mv.Trainer()
    ref.run(epochs=seen[-1])
    np.testing.assert_allclose(w.trainer.history.epoch_loss, ref.history.epoch_loss, rtol=0, atol=0)
    # the loss axis follows the curve: logarithmic, whole decades around it
    lo, hi = w.ax_loss.get_ylim()
    losses = np.array(w.trainer.history.epoch_loss)
    assert w.ax_loss.get_yscale() == "log" and lo <= losses.min() and losses.max() <= hi and hi / lo <= 1000


def test_readout_and_formula_panel_number_a_step_alike():
    w = TrainerWidget()
    w.step_sample_button.click()
    r = w.trainer.last
    assert (r.epoch, r.step) == (1, 1)
    assert "<b>epoch</b> 1 · <b>step</b> 1" in w.readout.value
    assert "<b>epoch</b> 1 · <b>step</b> 1" in w.formulas_text


def test_in_place_frames_equal_a_fresh_drawing():
    w = TrainerWidget(lr=2.0)
    for _ in range(7):
        w.step_epoch_button.click()
    w.step_sample_button.click()
    fresh = draw_network(w.trainer.net, w.trainer.last.trace)
    for gid, artist in artists_by_gid(fresh, "weight-label:").items():
        assert w._net_artists[gid].get_text() == artist.get_text()
    for gid, artist in artists_by_gid(fresh, "edge:").items():
        assert w._net_artists[gid].get_linewidth() == pytest.approx(artist.get_linewidth())
        assert w._net_artists[gid].get_color() == artist.get_color()


def test_circles_show_a_decision_boundary_and_accuracy():
    w = TrainerWidget()
    assert w.ax_boundary is None                  # the seed's data are not classes
    w.init.value = "random"
    w.dataset.value = "circles"
    assert w.trainer.dataset_name == "circles" and w.ax_boundary is not None
    image = artists_by_gid(w.ax_boundary)["boundary-output"]
    before = np.array(image.get_array())
    w.lr_slider.value = 2.0
    w.step_epoch_button.click()
    after = np.array(image.get_array())
    assert not np.allclose(before, after)          # redrawn as it trains
    # the image is the network's output on the grid, computed here again
    t = w.trainer
    x0 = np.linspace(*image.get_extent()[:2], after.shape[1])
    x1 = np.linspace(*image.get_extent()[2:], after.shape[0])
    corner = t.net.predict(np.array([[x0[0], x1[0]], [x0[-1], x1[-1]]]))[:, 0]
    np.testing.assert_allclose([after[0, 0], after[-1, -1]], corner, rtol=1e-12)
    acc = float(np.mean((t.net.predict(t.X)[:, 0] >= 0.5) == (t.Z[:, 0] >= 0.5)))
    assert f"<b>accuracy</b> {acc:.2f}" in w.readout.value


def test_loss_dropdown_rebuilds_the_trainer_with_that_loss():
    w = TrainerWidget()
    w.dataset.value = "xor"
    w.loss.value = "binary_cross_entropy"
    assert w.trainer.net.loss_function.name == "binary_cross_entropy" and w.trainer.dataset_name == "xor"


def test_diverged_labels_are_short_and_inside_the_figure():
    assert short_label(-18883.44) == f"{MINUS}1.9e4" and short_label(-8.36e154) == f"{MINUS}8.4e154"
    assert short_label(-157.99) == f"{MINUS}158" and short_label(0.5) == "0.50"
    w = TrainerWidget(activation=("sigmoid", "linear"), lr=10, epochs_per_frame=100)
    w.play_button.value = True
    w.tick(3)
    fig = w.views.figure
    renderer = fig.canvas.get_renderer()
    boxes = []
    for gid, text in artists_by_gid(w.ax_net).items():
        if gid.startswith(("weight-label", "bias-label", "node-value")):
            assert len(text.get_text()) <= 12, text.get_text()
            box = text.get_window_extent(renderer)
            assert box.x0 >= 0 and box.x1 <= fig.bbox.x1 and box.y0 >= 0 and box.y1 <= fig.bbox.y1, gid
            boxes.append(box)


@pytest.mark.parametrize("start", [(3, 4), (-3, 4), (-3, -4), (3, -4), (-4.5, 4.5), (0.5, 4.8)])
def test_descent_legend_never_covers_the_start(start):
    d = mv.Descent("bowl", start=start, lr=0.1)
    d.run(10)
    fig = plot_descent_contour(d)
    ax = fig.axes[0]
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    sx, sy = ax.transData.transform(d.start)
    assert not (legend.x0 <= sx <= legend.x1 and legend.y0 <= sy <= legend.y1)


def test_the_descent_explorer_keeps_its_contours_when_only_eta_changes():
    d = DescentExplorer(click=False)
    contours = artists_by_gid(d.ax_contour)["contours"]
    d.lr_slider.value = 0.3
    assert artists_by_gid(d.ax_contour)["contours"] is contours
    path = artists_by_gid(d.ax_contour)["path"]
    np.testing.assert_allclose(path.get_xydata()[1], [3 - 0.3 * 6, 4 - 0.3 * 8])
    fast = d.views.png
    d.views.render()
    from PIL import Image
    import io
    a = np.asarray(Image.open(io.BytesIO(fast)).convert("RGB"), dtype=float)
    b = np.asarray(Image.open(io.BytesIO(d.views.png)).convert("RGB"), dtype=float)
    assert (np.abs(a - b).sum(axis=2) > 0).mean() < 1e-3


ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SLIDES_ONLY = 'class="mlpviz-slides-only" hidden'


def _rise_settings() -> dict:
    """tools/run_notebooks.py's RISE: what it writes into every notebook with slide metadata."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("run_notebooks", ROOT / "tools" / "run_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.RISE


def test_rise_settings_fit_a_small_window_and_scroll():
    rise = _rise_settings()
    assert rise["width"] == rise["height"] == "100%"      # the window's size, not a fixed page
    assert rise["scroll"] is True and rise["margin"] == 0
    # RISE loads notebooks/rise.css in every slideshow of the folder: it shows the slides-only notes
    css = (ROOT / "notebooks" / "rise.css").read_text(encoding="utf-8")
    assert ".mlpviz-slides-only[hidden]" in css and "display: block" in css


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_is_a_deck_of_slides(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    types = [c.get("metadata", {}).get("slideshow", {}).get("slide_type", "-") for c in cells]
    tags = [set(c.get("metadata", {}).get("tags", [])) for c in cells]
    assert types[0] == "slide" and types.count("slide") >= 3, types
    assert set(types) <= {"slide", "subslide", "fragment", "skip", "-"}
    first_code = next(i for i, c in enumerate(cells) if c["cell_type"] == "code")
    assert types[first_code] == "skip"                     # the set-up cell runs but is not shown
    # every heading of a section starts a slide: one idea per slide
    for cell, kind in zip(cells, types):
        if cell["cell_type"] == "markdown" and "".join(cell["source"]).lstrip().startswith(("# ", "## ")):
            assert kind == "slide", "".join(cell["source"])[:60]
    for i, (cell, kind) in enumerate(zip(cells, types)):
        # a solution is never shown in the slides; any other figure shows with the cell that draws it
        assert (kind == "skip") == ("solution" in tags[i] or i == first_code), (i, kind, tags[i])
        if "exercise" in tags[i]:
            # what follows an exercise (past its solution) may give the answer: it waits for a click
            after = next(j for j in range(i + 1, len(cells)) if "solution" not in tags[j])
            assert types[after] in {"fragment", "subslide", "slide"}, (i, after, types[after])
        if any(WIDGET_VIEW in out.get("data", {}) for out in cell.get("outputs", [])):
            # widgets do not run in RISE: the slide says so (a note hidden in Lab, shown by rise.css)
            start = max(j for j in range(i + 1) if types[j] in {"slide", "subslide"})
            notes = [j for j in range(start, i) if SLIDES_ONLY in "".join(cells[j]["source"])]
            assert notes, f"cell {i} shows a widget, but its slide has no slides-only note"
    assert nb["metadata"]["rise"] == _rise_settings()


def test_presenting_trainer_shows_fewer_controls_by_default(presenting):
    from mlpviz.widgets.trainer import PRESENTER_CONTROLS

    w = TrainerWidget()
    assert w.control_groups == PRESENTER_CONTROLS
    assert TrainerWidget(controls=["stop"]).control_groups == ("stop",)


# ------------------------------------------------------------------ pictures that fit (measured)
def _extents(fig, artists):
    renderer = fig.canvas.get_renderer()
    return [a.get_window_extent(renderer) for a in artists]


def _inside(fig, artist) -> bool:
    box, = _extents(fig, [artist])
    page = fig.bbox
    return page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1


def _overlap(a, b, slack: float = 0.5) -> bool:
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > slack) and (min(a.y1, b.y1) - max(a.y0, b.y0) > slack)


def test_descent_explorer_labels_fit_and_the_legend_leaves_the_path_free(presenting):
    d = DescentExplorer(click=False)
    fig = d.views.figure
    fig.canvas.draw()
    for label in (d.ax_contour.yaxis.label, d.ax_contour.xaxis.label, d.ax_surface.zaxis.label):
        assert _inside(fig, label), label.get_text()
    legend, = _extents(fig, [d.ax_contour.legend_])
    path = artists_by_gid(d.ax_contour)["path"]
    points = d.ax_contour.transData.transform(path.get_xydata())
    assert not any(legend.contains(*p) for p in points)
    d.lr_slider.value = 0.3                      # the in-place redraw places the legend the same way
    legend, = _extents(fig, [d.ax_contour.legend_])
    points = d.ax_contour.transData.transform(artists_by_gid(d.ax_contour)["path"].get_xydata())
    assert not any(legend.contains(*p) for p in points)


@pytest.mark.parametrize("on", [False, True])
def test_stage_stepper_legend_is_inside_the_figure(on):
    mv.presenter(on)
    try:
        s = StageStepper()
    finally:
        mv.presenter(False)
    assert _inside(s.views.figure, s.ax.legend_)


def test_trainer_empty_loss_note_stays_inside_its_axes(presenting):
    w = TrainerWidget()
    fig = w.views.figure
    note, frame = _extents(fig, [artists_by_gid(w.ax_loss)["loss-empty"], w.ax_loss])
    assert frame.x0 < note.x0 and note.x1 < frame.x1 and frame.y0 < note.y0 and note.y1 < frame.y1


@pytest.mark.parametrize("sizes", [[2, 8, 8, 1], [3, 4, 1], [2, 3, 1], "trainer", "stepper"])
def test_crowded_diagram_labels_cover_no_node(presenting, sizes):
    if sizes == "trainer":            # the seed's 2-3-1 net in a widget's small axes
        fig = TrainerWidget().views.figure
    elif sizes == "stepper":
        fig = StageStepper().views.figure
    else:
        fig = draw_network(mv.MLP(sizes, seed=0))
    fig.canvas.draw()
    found = artists_by_gid(fig)
    circles = _extents(fig, [a for g, a in found.items() if g.startswith("node:")])
    names = [a for g, a in found.items() if g.startswith("node-name:")]

    def on_circle(box, c) -> bool:     # the box reaches inside the round node (not only its square)
        cx, cy, radius = (c.x0 + c.x1) / 2, (c.y0 + c.y1) / 2, c.width / 2
        nx, ny = np.clip(cx, box.x0, box.x1), np.clip(cy, box.y0, box.y1)
        return np.hypot(nx - cx, ny - cy) < radius - 0.5

    labels = [a for g, a in found.items() if g.startswith(("bias-label:", "weight-label:"))]
    assert labels
    for label, box in zip(labels, _extents(fig, labels)):
        assert not any(on_circle(box, c) for c in circles), (label.get_gid(), label.get_text())
        assert not any(_overlap(box, n) for n in _extents(fig, names)), (label.get_gid(), label.get_text())
    for name, box in zip(names, _extents(fig, names)):       # a name never sits on another node
        assert not any(on_circle(box, c) for c in circles), name.get_gid()
