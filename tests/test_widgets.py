"""The widgets, driven without a browser: click handlers, slider observers, Play ticks.

``button.click()`` runs the click handlers in ipywidgets 8 without a front-end;
a slider's observers run when ``.value`` is set.  The checks read the
trainer/descent state and the figure's artists (by gid), and compare them
with values computed here independently.
"""
from __future__ import annotations

import base64
import math
import os
import re

import numpy as np
import pytest
from matplotlib.colors import to_hex

from mlpviz import explain, io
from mlpviz.format import significant
from mlpviz.descent import FUNCTIONS
from mlpviz.plots import artists_by_gid
from mlpviz.plots.style import HIGHLIGHT, NEGATIVE, POSITIVE
from mlpviz.model import Model
from mlpviz.trainer import Trainer
from mlpviz.widgets.trainer import DEFAULT_SAVE_PATH, minmax_path_for
from mlpviz.widgets import DescentExplorer, StageStepper, StageWalk, TrainerWidget

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def loss_line(w):
    return artists_by_gid(w.ax_loss)["loss"]


def edges(w, ax=None):
    return artists_by_gid(ax if ax is not None else w.ax_net, "edge:")


# ============================================================ TrainerWidget
def test_trainer_widget_starts_at_epoch_0_with_a_picture():
    w = TrainerWidget()
    assert "epoch</b> 0" in w.readout.value and "step</b> 0" in w.readout.value
    assert w.views.png.startswith(PNG_MAGIC) and w.views.image.value == w.views.png
    assert len(loss_line(w).get_xdata()) == 0
    assert "No step yet" in w.formulas_text


def test_edges_show_sign_as_colour_and_magnitude_as_width():
    w = TrainerWidget()
    found = edges(w)
    assert len(found) == 2 * 3 + 3 * 1          # every weight of the 2-3-1 net is an edge
    widths = []
    for l, W in enumerate(w.trainer.net.weights):
        for j in range(W.shape[0]):
            for i in range(W.shape[1]):
                line = found[f"edge:{l}:{j}:{i}"]
                if W[j, i] > 0:
                    assert to_hex(line.get_color()) == to_hex(POSITIVE)
                elif W[j, i] < 0:
                    assert to_hex(line.get_color()) == to_hex(NEGATIVE)
                widths.append((abs(W[j, i]), line.get_linewidth()))
    widths.sort()
    assert all(a[1] <= b[1] for a, b in zip(widths, widths[1:]))   # wider for larger |w|


def test_step_sample_click_updates_state_readout_and_formulas():
    w = TrainerWidget()
    png0 = w.views.png
    w.step_sample_button.click()
    t = w.trainer
    assert (t.step, t.epoch) == (1, 0)
    assert "step</b> 1" in w.readout.value
    assert w.views.png != png0
    # the formula panel has the numbers of the sample just processed
    text = w.formulas_text
    assert "row 0" in text
    assert explain.number(t.last.loss) in text                      # L = … = value
    assert explain.number(t.last.grads.delta[-1][0]) in text        # δo
    assert explain.number(t.last.weights_after[1][0, 0]) in text    # an updated weight
    for title in ("forward pass", "loss L", "output error signal", "hidden error signals", "updates"):
        assert title in text
    # node values on the diagram are the forward pass of that sample: row 0 scales to (1, 1)
    vals = artists_by_gid(w.ax_net, "node-value:")
    assert vals["node-value:0:0"].get_text() == "1.00"
    y = t.last.trace.output[0]
    assert vals["node-value:2:0"].get_text() == f"{y:.2f}"


def test_step_epoch_click_adds_a_point_to_the_loss_curve():
    w = TrainerWidget()
    for k in range(1, 4):
        w.step_epoch_button.click()
        assert w.trainer.epoch == k
        assert f"epoch</b> {k} " in w.readout.value
        line = loss_line(w)
        assert list(line.get_xdata()) == list(range(1, k + 1))
    # the curve is the mean of each epoch's four step losses
    steps = np.array(w.trainer.history.step_loss).reshape(3, 4)
    np.testing.assert_allclose(loss_line(w).get_ydata(), steps.mean(axis=1))


def test_edges_follow_the_weights_after_training():
    w = TrainerWidget(lr=5.0)
    before = {k: v.get_linewidth() for k, v in edges(w).items()}
    for _ in range(5):
        w.step_epoch_button.click()
    after = {k: v.get_linewidth() for k, v in edges(w).items()}
    assert before != after
    labels = artists_by_gid(w.ax_net, "weight-label:")
    W1 = w.trainer.net.weights[1]
    assert labels["weight-label:1:0:1"].get_text() == f"{W1[0, 1]:.2f}".replace("-", "−")


def _pixels(png: bytes) -> np.ndarray:
    from PIL import Image
    import io as _io

    return np.asarray(Image.open(_io.BytesIO(png)).convert("RGB"), dtype=float)


def test_redrawing_only_what_changed_gives_the_full_picture():
    """Frames drawn over the kept background equal a full redraw of the same state."""
    w = TrainerWidget(lr=3.0)
    full_draws = []
    original = w.views.render_changed

    def counting(changing, key):
        full_draws.append(key != w.views._background_key)
        return original(changing, key)

    w.views.render_changed = counting
    for _ in range(12):                      # crosses the loss axis' frames 5 → 10 → 20
        w.step_epoch_button.click()
        w.step_sample_button.click()
        fast = w.views.png
        w.views.render()                     # everything drawn again
        differ = (np.abs(_pixels(fast) - _pixels(w.views.png)).sum(axis=2) > 0).mean()
        assert differ < 1e-4, f"{differ:.2%} of the pixels differ at epoch {w.trainer.epoch}"
    assert any(full_draws) and not all(full_draws)     # the background was reused, and renewed
    # the new weights and node values really are in the picture: it differs from the initial one
    w.reset_button.click()
    assert w.views.png != fast


def test_loss_axis_grows_in_steps_and_keeps_the_last_point_inside():
    w = TrainerWidget()
    limits = []
    for _ in range(25):
        w.step_epoch_button.click()
        lo, hi = w.ax_loss.get_xlim()
        assert lo <= 1 and w.trainer.epoch < hi         # the newest point is never on the edge
        limits.append(hi)
    assert sorted(set(limits)) == [5, 10, 20, 50]       # a few frames, not one per epoch


def test_reset_click_restores_the_initial_picture():
    w = TrainerWidget()
    png0 = w.views.png
    widths0 = {k: v.get_linewidth() for k, v in edges(w).items()}
    w.lr_slider.value = 2.0
    for _ in range(3):
        w.step_epoch_button.click()
    w.reset_button.click()
    assert (w.trainer.epoch, w.trainer.step) == (0, 0)
    assert {k: v.get_linewidth() for k, v in edges(w).items()} == widths0
    assert w.views.png == png0
    assert len(loss_line(w).get_xdata()) == 0


def test_lr_slider_sets_the_learning_rate_of_the_next_step():
    w = TrainerWidget()
    w.lr_slider.value = 0.5
    assert w.trainer.lr == pytest.approx(0.5)
    w.step_sample_button.click()
    r = w.trainer.last
    np.testing.assert_allclose(r.dW[0], -0.5 * r.grads.dW[0])
    assert "η</b> 0.5" in w.readout.value
    assert w.lr_slider.min == -3 and w.lr_slider.max == 1     # 10^-3 … 10^1, a log scale


def test_play_runs_one_epoch_per_tick_and_pause_stops():
    w = TrainerWidget()
    w.play_button.value = True
    assert w.ticker.playing and w.play_button.description == "Pause"
    assert "playing" in w.readout.value
    w.tick(3)
    assert w.trainer.epoch == 3
    w.play_button.value = False
    assert not w.ticker.playing and w.play_button.description == "Play"
    assert w.trainer.stop_reason == "paused" and "paused" in w.readout.value
    w.tick(2)                          # ticks still in flight after Pause do nothing
    assert w.trainer.epoch == 3


def test_play_stops_at_the_chosen_epoch():
    w = TrainerWidget(stop_epoch=25, epochs_per_frame=10)
    w.play_button.value = True
    w.tick(10)
    assert w.trainer.epoch == 25
    assert not w.playing and not w.ticker.playing
    assert w.trainer.stop_reason == "epochs reached"
    assert "stopped: epochs reached" in w.readout.value


def test_play_stops_at_the_loss_target():
    probe = Trainer(lr=2.0)
    probe.run(epochs=30)
    target = probe.loss            # the loss after 30 epochs, so play must stop by epoch 30
    w = TrainerWidget(lr=2.0, stop_loss=target, epochs_per_frame=100)
    w.play_button.value = True
    w.tick(5)
    assert not w.playing
    assert w.trainer.stop_reason == "loss target reached"
    assert w.trainer.loss <= target and w.trainer.epoch <= 30


def test_divergence_pauses_play_with_a_message_and_never_raises():
    w = TrainerWidget(activation=("sigmoid", "linear"), lr=10, epochs_per_frame=100)
    w.play_button.value = True
    w.tick(20)
    t = w.trainer
    assert t.diverged and not w.playing
    assert "stopped: diverged: loss became" in w.readout.value
    assert "diverged" in w.message.value and "lr=10" in w.message.value
    assert w.views.png.startswith(PNG_MAGIC)
    assert "not applied" in w.formulas_text
    w.step_epoch_button.click()      # still no exception
    w.reset_button.click()
    assert not w.trainer.diverged


def test_lr_7_on_tanh_warns_about_the_growing_loss():
    w = TrainerWidget(activation="tanh")
    w.lr_slider.value = 7
    w.stop_epoch.value = 100
    w.epochs_per_frame.value = 100
    w.play_button.value = True
    w.tick()
    assert "loss is growing" in w.message.value


def test_lr_10_on_tanh_stops_play_at_the_run_away_naming_lr():
    w = TrainerWidget(activation="tanh")
    w.lr_slider.value = 10
    w.epochs_per_frame.value = 100
    w.play_button.value = True
    w.tick()
    assert not w.playing and w.trainer.diverged and w.trainer.epoch < 100
    assert "saturated" in w.message.value and "lr=10" in w.message.value


def test_dataset_activation_batch_and_seed_controls_rebuild_the_trainer():
    w = TrainerWidget()
    w.dataset.value = "xor"
    assert w.trainer.dataset_name == "xor"
    np.testing.assert_array_equal(w.trainer.Z[:, 0], [0, 1, 1, 0])
    w.hidden_activation.value = "tanh"
    w.output_activation.value = "sigmoid"
    assert w.trainer.net.activation_names == ["tanh", "sigmoid"]
    w.batch_size.value = 2
    w.step_sample_button.click()
    assert w.trainer.last.rows.tolist() == [0, 1]
    assert "a batch of 2 rows" in w.formulas_text
    w.init.value = "random"
    w.seed.value = 5
    W = w.trainer.net.weights[0]
    rng = np.random.default_rng(5)              # MLP's documented draw: uniform [-1, 1], W then b
    np.testing.assert_allclose(W, rng.uniform(-1, 1, size=(3, 2)))


def test_csv_dataset_with_three_inputs_falls_back_to_random_weights(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("a,b,c,z0\n1,2,3,4\n2,3,1,5\n0,1,1,1\n")
    w = TrainerWidget()
    w.dataset.value = "csv"
    assert w.trainer.dataset_name == "seed"          # no path yet: nothing changes
    assert "CSV" in w.message.value
    w.csv_path.value = str(p)
    assert w.trainer.net.layer_sizes == [3, 3, 1]
    assert w.init.value == "random" and "random weights" in w.message.value


def test_a_bad_csv_path_keeps_the_old_trainer_with_a_message(tmp_path):
    w = TrainerWidget()
    old = w.trainer
    w.dataset.value = "csv"
    w.csv_path.value = str(tmp_path / "missing.csv")
    assert w.trainer is old
    assert "⚠" in w.message.value and "missing.csv" in w.message.value


def test_save_button_writes_the_pair_that_loads_back_and_never_overwrites_silently(tmp_path):
    w = TrainerWidget()
    w.step_epoch_button.click()
    w.save_path.value = str(tmp_path / "w.json")
    w.save_button.click()
    model = Model.load(tmp_path / "w.json", tmp_path / "w-minmax.json")
    for A, B in zip(model.net.weights, w.trainer.net.weights):
        np.testing.assert_array_equal(A, B)
    raw = w.trainer.X_raw[1]                       # predicts in original units, like the trainer's own
    assert model.predict(raw)[0] == pytest.approx(w.trainer.z_scaler.inverse_transform(
        w.trainer.net.predict(w.trainer.X[1])[None])[0, 0], rel=1e-12)
    assert "saved" in w.message.value and "w-minmax.json" in w.message.value
    before = (tmp_path / "w.json").read_bytes()
    w.step_epoch_button.click()
    w.save_button.click()                           # both files exist: refused, nothing replaced
    assert "⚠" in w.message.value and "already exists" in w.message.value and "overwrite" in w.message.value
    assert (tmp_path / "w.json").read_bytes() == before
    w.overwrite.value = True
    w.save_button.click()
    assert (tmp_path / "w.json").read_bytes() != before and "⚠" not in w.message.value
    w.save_path.value = str(tmp_path / "no-such-folder" / "w.json")
    w.save_button.click()
    assert "⚠" in w.message.value


def test_save_defaults_to_the_ignored_saved_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    w = TrainerWidget()
    assert w.save_path.value == DEFAULT_SAVE_PATH == os.path.join("saved", "weights.json")
    w.save_button.click()
    assert (tmp_path / "saved" / "weights.json").is_file() and (tmp_path / "saved" / "minmax.json").is_file()
    assert "saved/weights.json" in w.message.value and "saved/minmax.json" in w.message.value
    assert minmax_path_for("a/run1.json") == os.path.join("a", "run1-minmax.json")


def test_static_picture_and_deterministic_text():
    w = TrainerWidget()
    w.step_epoch_button.click()
    bundle = w._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    from PIL import Image
    import io as _io

    stored = Image.open(_io.BytesIO(base64.b64decode(bundle["image/png"])))
    live = Image.open(_io.BytesIO(w.views.png))
    assert stored.size == live.size                  # the same picture, in 256 colours
    diff = np.abs(np.asarray(stored.convert("RGB"), float) - np.asarray(live.convert("RGB"), float))
    assert diff.mean() < 3
    assert bundle["text/plain"] == ("TrainerWidget: 2-3-1 sigmoid on seed, lr=0.1, batch 1: epoch 1, step 4, "
                                    f"loss {w.trainer.loss:.4g}")
    again = TrainerWidget()
    again.step_epoch_button.click()
    assert again._repr_mimebundle_()["text/plain"] == bundle["text/plain"]


# ============================================================ DescentExplorer
def test_descent_explorer_draws_the_seed_path():
    w = DescentExplorer()
    path = artists_by_gid(w.ax_contour)["path"]
    # x ← x − η·2x = 0.8x from (3, 4)
    k = np.arange(11)
    np.testing.assert_allclose(path.get_xdata(), 3 * 0.8 ** k)
    np.testing.assert_allclose(path.get_ydata(), 4 * 0.8 ** k)
    z = artists_by_gid(w.ax_surface)["path3d"].get_data_3d()[2]
    np.testing.assert_allclose(z, 25 * 0.64 ** k)
    assert w.table.value.count("<tr>") == 1 + 10
    assert "2.4000" in w.table.value and "(6.0000, 8.0000)" in w.table.value   # x_new and ∇f of step 0


def test_descent_lr_slider_changes_the_picture_and_shows_divergence():
    w = DescentExplorer()
    png0 = w.views.png
    w.lr_slider.value = 1.1
    assert w.views.png != png0
    x = artists_by_gid(w.ax_contour)["path"].get_xdata()
    np.testing.assert_allclose(x, 3 * (1 - 2.2) ** np.arange(11))
    assert "diverging" in w.message.value and "#D55E00" in w.message.value
    w.lr_slider.value = 1.0
    x = artists_by_gid(w.ax_contour)["path"].get_xdata()
    np.testing.assert_allclose(x, 3 * (-1.0) ** np.arange(11))
    assert "bounces" in w.message.value


def test_descent_steps_start_and_function_controls():
    w = DescentExplorer()
    w.steps_slider.value = 3
    assert w.descent.n_steps == 3 and w.table.value.count("<tr>") == 4
    w.step_button.click()
    assert w.descent.n_steps == 4 and w.steps_slider.value == 4
    w.x_slider.value = -2.0
    assert w.descent.start == (-2.0, 4.0)
    w.on_click(1.0, -1.5)
    assert w.descent.start == (1.0, -1.5)
    assert artists_by_gid(w.ax_contour)["start"].get_xdata()[0] == 1.0
    w.function.value = "two_minima"
    fn = FUNCTIONS["two_minima"]
    assert (w.x_slider.min, w.x_slider.max) == fn.xlim
    assert fn.xlim[0] <= w.descent.start[0] <= fn.xlim[1]
    w.function.value = "stretched"
    assert w.descent.function.name == "stretched"


def test_descent_click_on_the_contour_plot_sets_the_start():
    from matplotlib.backend_bases import MouseEvent

    w = DescentExplorer()                      # click=True: an ipympl canvas
    canvas = w.views.canvas
    px, py = w.ax_contour.transData.transform((-1.04, 2.23))
    canvas.callbacks.process("button_press_event", MouseEvent("button_press_event", canvas, px, py, button=1))
    assert w.descent.start == (-1.0, 2.2)      # rounded to the sliders' step
    assert (w.x_slider.value, w.y_slider.value) == (-1.0, 2.2)
    np.testing.assert_allclose(artists_by_gid(w.ax_contour)["path"].get_xdata()[:2], [-1.0, -0.8])
    # a click on the 3-D panel does nothing
    px, py = w.ax_surface.transAxes.transform((0.5, 0.5))
    canvas.callbacks.process("button_press_event", MouseEvent("button_press_event", canvas, px, py, button=1))
    assert w.descent.start == (-1.0, 2.2)
    assert DescentExplorer(click=False).views.image.format == "png"


def test_descent_explorer_takes_a_custom_function():
    from mlpviz.descent import Descent, Function2D

    fn = Function2D.from_callables("shifted", lambda x, y: (x - 1) ** 2 + y ** 2,
                                   lambda x, y: (2 * (x - 1), 2 * y), xlim=(-4, 4), ylim=(-4, 4))
    w = DescentExplorer(Descent(fn, start=(3, 2), lr=0.25), click=False)
    x = artists_by_gid(w.ax_contour)["path"].get_xdata()
    np.testing.assert_allclose(x[:3], [3, 2, 1.5])          # x ← x − 0.25·2(x − 1)
    w.function.value = "bowl"
    w.function.value = "shifted"
    assert w.descent.function is fn


def test_descent_static_text():
    w = DescentExplorer()
    b = w._repr_mimebundle_()
    assert b["text/plain"] == ("DescentExplorer: bowl, start (3, 4), η=0.1, 10 steps, now at (0.3221, 0.4295), "
                               "f = 0.2882")
    assert base64.b64decode(b["image/png"]).startswith(PNG_MAGIC)


# ============================================================ StageStepper
def test_stage_walk_numbers_come_from_one_engine_step():
    walk = StageWalk(row=2)
    scaled = Trainer()
    # a second method: a trainer on the already-scaled row 2 alone, one step
    t = Trainer((scaled.X[[2]], scaled.Z[[2]]), scale=False)
    r = t.step_sample()
    np.testing.assert_allclose(walk.trace.output, r.trace.output)
    np.testing.assert_allclose(walk.grads.delta[-1], r.grads.delta[-1])
    for A, B in zip(walk.net_after.weights, r.weights_after):
        np.testing.assert_allclose(A, B)


def test_stage_stepper_walks_all_stages_with_highlights():
    s = StageStepper()
    assert s.walk.name == "init" and s.back_button.disabled
    seen = [s.walk.name]
    for _ in range(5):
        s.next_button.click()
        seen.append(s.walk.name)
    assert seen == ["init", "normalize", "forward", "loss", "backprop", "update"]
    assert s.next_button.disabled
    s.back_button.click()
    s.back_button.click()
    s.back_button.click()
    assert s.walk.name == "forward"
    s.stage_bar.value = "loss"
    assert s.walk.name == "loss"
    nodes = artists_by_gid(s.ax, "node:")
    assert to_hex(nodes["node:2:0"].get_facecolor()) == to_hex(HIGHLIGHT)      # the output node
    assert to_hex(nodes["node:0:0"].get_facecolor()) != to_hex(HIGHLIGHT)
    s.stage_bar.value = "normalize"
    nodes = artists_by_gid(s.ax, "node:")
    assert to_hex(nodes["node:0:1"].get_facecolor()) == to_hex(HIGHLIGHT)      # the inputs


def test_stage_stepper_shows_the_numbers():
    s = StageStepper()
    s.stage_bar.value = "normalize"
    # row 0 is (70, 98 → 91); the columns' min and max are (25, 67, 68) and (70, 98, 91)
    assert r"\frac{70 - 25}{70 - 25}" in s.formulas.value
    assert r"\frac{98 - 67}{98 - 67}" in s.formulas.value
    s.row.value = 1
    assert r"\frac{50 - 25}{70 - 25}" in s.formulas.value
    assert "= 0.5556" in s.formulas.value                                 # 25/45
    s.stage_bar.value = "update"
    labels = artists_by_gid(s.ax, "weight-label:")
    W = s.walk.net_after.weights[0]
    assert labels["weight-label:0:0:0"].get_text() == f"{W[0, 0]:.2f}".replace("-", "−")
    assert "updates" in s.formulas.value
    assert s.summary() == ("StageStepper: row 1, stage 6 of 6 (update): "
                           "Update: every weight takes a step against its gradient")


def test_stage_walk_rejects_bad_rows_and_stages():
    walk = StageWalk()
    with pytest.raises(ValueError, match="row"):
        walk.set_row(4)
    with pytest.raises(ValueError, match="stage"):
        walk.go("dance")


# ------------------------------------------------------------- one η, held by the trainer
@pytest.mark.parametrize("lr", [1e-4, 0.001, 0.1, 10.0, 50.0, 1e3])
def test_the_slider_shows_and_trains_at_the_trainers_lr(lr):
    w = TrainerWidget(Trainer(lr=lr))
    assert w.lr_slider.value == pytest.approx(lr, rel=1e-12) and w.trainer.lr == lr
    w.seed.value = 3                              # a rebuild keeps the η in use
    assert w.trainer.lr == pytest.approx(lr, rel=1e-12)
    assert w.lr_slider.value == pytest.approx(w.trainer.lr, rel=1e-12)
    assert w.lr_slider.min <= np.log10(lr) <= w.lr_slider.max


def test_lr_set_in_code_moves_the_slider_and_the_slider_sets_the_trainer():
    w = TrainerWidget()
    w.trainer.lr = 2e-5                           # beyond the slider's first range: it widens
    assert w.lr_slider.value == pytest.approx(2e-5) and w.lr_slider.min <= np.log10(2e-5)
    w.lr_slider.value = 0.5
    assert w.trainer.lr == pytest.approx(0.5)
    with pytest.raises(ValueError, match=r"lr: must be a positive finite number"):
        w.trainer.lr = -1
    assert w.trainer.lr == pytest.approx(0.5) and w.lr_slider.value == pytest.approx(0.5)
    r = w.trainer.step_sample()
    assert r.lr == pytest.approx(0.5)             # the step used the value shown


def test_widget_settings_are_refused_not_clamped():
    with pytest.raises(ValueError, match="stop_epoch"):
        TrainerWidget(stop_epoch=-1)
    with pytest.raises(ValueError, match="epochs_per_frame"):
        TrainerWidget(epochs_per_frame=7)
    w = TrainerWidget(stop_epoch=10**9)
    assert w.stop_epoch.value == 10**9


# ------------------------------------------------------- the explorer keeps what it was given
def test_descent_explorer_never_clamps_or_changes_what_the_teacher_asked_for():
    from mlpviz.descent import Descent
    from mlpviz.widgets import DescentExplorer

    w = DescentExplorer(lr=2.0, start=(10, 10), surface=False, click=False)
    assert w.lr_slider.value == 2.0 and w.descent.lr == 2.0            # was silently 1.2
    assert (w.x_slider.value, w.y_slider.value) == (10.0, 10.0) and w.descent.start == (10.0, 10.0)
    assert w.lr_slider.max >= 2.0 and w.x_slider.max >= 10.0
    given = Descent("bowl", start=(3, 4), lr=0.1)
    before = (given.start, given.lr, given.n_steps, given.position)
    w = DescentExplorer(given, surface=False, click=False)
    w.lr_slider.value = 0.5
    w.x_slider.value = -2.0
    assert (given.start, given.lr, given.n_steps, given.position) == before
    assert w.descent is not given and w.descent.lr == 0.5
    with pytest.raises(ValueError, match="descent: expected a mlpviz.descent.Descent"):
        DescentExplorer("bowl")


# ------------------------------------------------------- the formula panel follows the loss in use
NUM = r"-?\d+\.\d+"


def _cell_tex(w, title: str) -> str:
    """The LaTeX of the formula cell whose title starts with ``title``."""
    for cell in w.formula_cells:
        if cell.value.startswith(f"<b>{title}"):
            return cell.value.split("$$")[1].strip()
    raise AssertionError(f"no formula cell titled {title!r}: {w.formulas_text}")


def _finals(tex: str) -> list[float]:
    """The last number of each derivation in an aligned block (the line after which a new symbol starts)."""
    lines = [ln.strip() for ln in tex.replace("\\begin{aligned}", "").replace("\\end{aligned}", "").split("\\\\")]
    lines = [ln for ln in lines if ln]
    ends = [i for i, ln in enumerate(lines) if i + 1 == len(lines) or not lines[i + 1].startswith("&=")]
    return [float(re.findall(rf"= ({NUM})$", lines[i])[-1]) for i in ends]


def test_the_formula_panel_and_loss_axis_show_binary_cross_entropy():
    w = TrainerWidget(dataset="moons", loss="binary_cross_entropy", init="random")
    w.step_epoch_button.click()
    r = w.trainer.last
    y, z = float(r.trace.output[0]), float(r.z[0])
    loss_tex = _cell_tex(w, "loss L")
    assert r"\log" in loss_tex and r"\frac{1}{2}" not in loss_tex
    by_hand = -(z * math.log(y) + (1 - z) * math.log(1 - y))         # −[z log y + (1 − z) log(1 − y)]
    assert float(re.findall(rf"= ({NUM})$", loss_tex)[-1]) == pytest.approx(by_hand, abs=0.51e-4)
    # δo = y − z: the sigmoid's slope cancels, so no σ'(s) factor and no false product
    delta_tex = _cell_tex(w, "output error signal")
    assert r"\sigma'(s_{o}) \cdot" not in delta_tex and r"y_{o} - z" in delta_tex
    assert _finals(delta_tex) == [pytest.approx(y - z, abs=0.51e-4)]
    assert f"{explain.number(y)} - {explain.number(z)}" in delta_tex
    # the loss axis names the loss in use
    assert w.ax_loss.get_ylabel() == "loss L: binary cross-entropy"
    # and the half squared error keeps its own forms
    w.loss.value = "half_squared_error"
    w.step_sample_button.click()
    assert r"\frac{1}{2}" in _cell_tex(w, "loss L") and r"\sigma'(s_{o})" in _cell_tex(w, "output error signal")
    assert r"\frac{1}{2}" in w.ax_loss.get_ylabel()


def test_the_formula_panel_shows_a_softmax_output_with_cross_entropy():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Z = np.array([[1.0, 0, 0], [0, 1, 0], [0, 1, 0], [0, 0, 1]])
    t = Trainer((X, Z), activation=("sigmoid", "softmax"), loss="cross_entropy", init="random", seed=2)
    w = TrainerWidget(t)
    assert w.output_activation.value == "softmax"
    w.step_sample_button.click()
    r = t.last
    s, y, z = r.trace.s[-1], r.trace.output, r.z
    # forward: y_j = e^{s_j} / Σ_k e^{s_k}, from the sums written above it
    e = [math.exp(v) for v in s]
    assert _finals(_cell_tex(w, "forward pass"))[-6:][1::2] == [pytest.approx(v / sum(e), abs=0.51e-4) for v in e]
    # loss: −Σ z log y
    loss_tex = _cell_tex(w, "loss L")
    assert r"\log" in loss_tex and r"\frac{1}{2}" not in loss_tex
    by_hand = -sum(zk * math.log(yk) for yk, zk in zip(y, z))
    assert float(re.findall(rf"= ({NUM})$", loss_tex)[-1]) == pytest.approx(by_hand, abs=0.51e-4)
    # δo_j = y_j − z_j
    assert _finals(_cell_tex(w, "output error signal")) == [pytest.approx(a - b, abs=0.51e-4) for a, b in zip(y, z)]
    assert w.ax_loss.get_ylabel() == "loss L: cross-entropy"


# ------------------------------------------------------- a new dataset is drawn in full
def test_changing_the_dataset_redraws_the_samples_of_the_new_data():
    w = TrainerWidget(dataset="xor")
    assert len(w._boundary_samples.get_offsets()) == 4
    w.dataset.value = "circles"
    assert w.trainer.n_samples == 200
    np.testing.assert_array_equal(w._boundary_samples.get_offsets(), w.trainer.X)
    np.testing.assert_array_equal(w._boundary_samples.get_array(), w.trainer.Z[:, 0])
    fresh = TrainerWidget(dataset="circles")
    assert (_pixels(w.views.png) == _pixels(fresh.views.png)).all()     # the same picture as a fresh widget


# ------------------------------------------------------- a message says which η and which loss
def test_the_growing_loss_warning_keeps_the_lr_it_grew_with():
    w = TrainerWidget(activation="tanh")
    w.lr_slider.value = 7
    w.trainer.run(epochs=200)
    w.refresh()
    assert "loss is growing" in w.message.value and "lr=7" in w.message.value
    w.lr_slider.value = 0.001
    assert "lr=7" in w.message.value and "lr=0.001" not in w.message.value
    assert "lr is now 0.001" in w.message.value and "smaller" not in w.message.value


def test_the_readout_and_the_loss_plot_say_which_loss_they_show():
    w = TrainerWidget(dataset="xor", lr=2.0)
    for _ in range(3):
        w.step_epoch_button.click()
    t = w.trainer
    # the readout: every row with the current weights
    assert f"<b>loss now</b> (all 4 rows) {significant(t.net.loss(t.X, t.Z))}" in w.readout.value
    # the plot: each epoch's mean step loss, as labelled
    assert w.ax_loss.get_title() == "mean loss during each epoch"
    steps = np.array(t.history.step_loss).reshape(3, 4)
    assert artists_by_gid(w.ax_loss)["loss-last-label"].get_text() == f"{steps[-1].mean():.4g}"


def test_the_clickable_canvas_leaves_the_users_matplotlib_backend_alone():
    # importing ipympl makes it matplotlib's backend; a %matplotlib inline notebook must keep its own
    import matplotlib
    import matplotlib.pyplot as plt

    before = matplotlib.get_backend()
    DescentExplorer()                          # click=True: an ipympl canvas
    assert matplotlib.get_backend() == before
    fig = plt.figure()
    assert "ipympl" not in type(fig.canvas).__module__
    plt.close(fig)
