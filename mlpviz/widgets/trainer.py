"""The trainer widget: step through training and watch the network learn.

A thin ipywidgets shell over :class:`mlpviz.trainer.Trainer`: every button
and control calls the trainer, then :meth:`TrainerWidget.refresh` redraws
the views from the trainer's state.  Nothing here computes the math.

Layout (each group of controls stays on one row; ``controls=`` shows only the named groups)::

    [Step sample] [Step epoch]  [▶ Play]  [Reset]  [Save] [weights: saved/weights.json] [overwrite]
    η (log slider)   hidden f  output f   dataset  CSV path  loss   batch  seed  weights
    stop at epoch   stop at loss   epochs/frame
    epoch 3 · step 12 · loss now (all 4 rows) 0.06249 · accuracy 0.75 · …   (the readout)
    message (divergence, growing loss, saved file, bad input)
    [ loss curve (log scale) | network diagram | decision boundary ]   (one PNG, redrawn in place)
    the formulas of the sample just processed, numbers substituted, in the forms of the loss in use

The readout's loss is that of every row with the current weights; the curve's points are each
epoch's mean step loss (each taken before its step's update), as its title says.

The decision boundary (the input plane coloured by the network's output)
is shown for data of two inputs and class targets (XOR, circles, moons).

Play runs one frame per tick of a (hidden) :class:`ipywidgets.Play`: the
browser sends a tick every ``interval`` ms (50: up to 20 frames a second),
the kernel runs ``epochs/frame`` epochs and redraws, and is free in between,
so the Pause button can be clicked while playing.  With "auto" a frame runs
one epoch at first, then about a quarter of the epochs so far (so epoch 1000
comes within 31 frames, under 2 s), at most about 2000 updates a frame.  Play
stops by itself at the chosen epoch, at the loss target, or when the loss
stops being a finite number.

Redrawing is cheap: the axes, the nodes, the samples and the legend are drawn
once; a frame changes the curve, the edges, the labels and the boundary's
colours in place and draws only them (:meth:`FigureImage.render_changed`).
"""
from __future__ import annotations

import html
import os

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator, NullFormatter

from .. import explain
from ..activations import ELEMENTWISE
from ..format import number, significant
from ..plots.boundary import output_grid
from ..plots.loss import plot_loss
from ..plots.network import artists_by_gid, draw_network, update_network
from ..plots.style import COLORS, presenting
from ..trainer import Trainer
from ..validation import check_choice, check_count, check_number
from ._figure import FigureImage, StaticPictureMixin, control_groups, controls_box, group_row

__all__ = ["TrainerWidget", "minmax_path_for", "DEFAULT_SAVE_PATH", "CONTROL_GROUPS", "PRESENTER_CONTROLS"]

#: Where Save writes by default (relative to the notebook's folder; ``saved/`` is git-ignored).
DEFAULT_SAVE_PATH = os.path.join("saved", "weights.json")


def minmax_path_for(weights_path: str) -> str:
    """The min-max file saved beside a weights file: ``saved/weights.json`` → ``saved/minmax.json``,
    ``run1.json`` → ``run1-minmax.json``."""
    folder, name = os.path.split(weights_path)
    stem = os.path.splitext(name)[0]
    return os.path.join(folder, "minmax.json" if stem == "weights" else f"{stem}-minmax.json")

_DATASET_OPTIONS = [("seed (4 rows)", "seed"), ("XOR", "xor"), ("circles", "circles"), ("moons", "moons"),
                    ("CSV file…", "csv")]
_LOSS_OPTIONS = [("½(y − z)²", "half_squared_error"), ("binary cross-entropy", "binary_cross_entropy")]
_INIT_OPTIONS = [("seed weights", "seed"), ("random (seed)", "random")]
_FRAME_OPTIONS = ["auto", 1, 10, 100]
_MAX_FORMULA_PARAMS = 60     # bigger networks: formulas for the output layer only
_MAX_FRAME_UPDATES = 2000    # "auto" runs at most about this many updates a frame
_BOUNDARY_RESOLUTION = 60    # grid points per side of the decision-boundary picture

#: The formulas' font size while presenting: the longest line of a step of the 2-3-1 network fits a
#: projector's column (1024×768 at 150 % zoom) without scrolling sideways.
PRESENTER_MATH_SIZE = "85%"

#: The loss plot's title: each point is an epoch's mean step loss (each step's loss taken before its
#: update), which differs from the readout's loss of every row with the current weights.
LOSS_TITLE = "mean loss during each epoch"

#: The groups of controls, in the order shown; ``TrainerWidget(controls=...)`` names the ones to show.
CONTROL_GROUPS = ("step", "play", "reset", "save", "lr", "activation", "data", "training", "stop")
#: The groups shown by default while presenting: the picture comes within the first screen.
PRESENTER_CONTROLS = ("step", "play", "reset", "lr", "data")


def epoch_text(epoch: int, step: int) -> str:
    """How the readout and the formula panel both number a step: ``epoch 2 · step 7``.

    ``epoch`` is the pass over the data the latest step belongs to (1 for the
    first pass; 0 before any step), as in :attr:`StepRecord.epoch`.
    """
    return f"<b>epoch</b> {epoch} · <b>step</b> {step}"


def _nice_ceiling(x: float) -> float:
    """The smallest of 5, 10, 20, 50, 100, 200, … that is at least ``x``."""
    top = 5.0
    while top < x:
        top = top * 2.5 if str(int(top))[0] == "2" else top * 2
    return top


class TrainerWidget(StaticPictureMixin):
    """Buttons, controls and live views over a :class:`~mlpviz.trainer.Trainer`.

    Parameters
    ----------
    trainer : Trainer, optional
        The session to drive; by default ``Trainer(**kwargs)`` (the seed's
        2-3-1 network on the seed's data).
    stop_epoch : int, default 0
        Play stops when this epoch is reached (0: never).
    stop_loss : float, default 0
        Play stops when the loss is at most this (0: never).
    epochs_per_frame : {"auto", 1, 10, 100}, default "auto"
        Epochs run per tick while playing; "auto" starts with one and grows
        with the epochs so far (a quarter of them, at most about 2000 updates).
    interval : int, default 50
        Milliseconds between ticks while playing (50: up to 20 frames a second).
    controls : sequence of str, optional
        The groups of controls to show, from :data:`CONTROL_GROUPS`: "step"
        (Step sample, Step epoch), "play", "reset", "save" (Save, file,
        overwrite), "lr" (η), "activation" (hidden f, output f), "data"
        (dataset, CSV path, loss), "training" (batch size, seed, initial
        weights), "stop" (stop at epoch, stop at loss, epochs/frame).  Default:
        all (while presenting, :data:`PRESENTER_CONTROLS`: step, play, reset, η
        and data, so the picture shows on the first screen).  E.g.
        ``controls=("step", "play", "lr")`` for a first demo.
        Hidden controls still exist (as attributes) and keep their values.
    **kwargs
        Passed to :class:`~mlpviz.trainer.Trainer` when ``trainer`` is None.

    Raises
    ------
    ValueError
        If ``stop_epoch``, ``stop_loss``, ``epochs_per_frame``, ``interval`` or
        ``controls`` is not one of the values described, or a Trainer argument is invalid.

    Attributes
    ----------
    trainer : Trainer
        The current session (replaced when the dataset, activations, batch
        size, seed or initial weights change).
    ui : ipywidgets.VBox
        The whole widget (put it in your own layout if you like).
    views : FigureImage
        The loss curve (``ax_loss``, a logarithmic loss axis), the network
        diagram (``ax_net``) and, for 2-D class data, the decision boundary
        (``ax_boundary``, else None).
    readout, message, formulas : ipywidgets.HTML / HTMLMath

    Examples
    --------
    >>> w = TrainerWidget(lr=0.5)         # in a notebook cell: w  (or display(w))
    >>> w.step_epoch_button.click()
    >>> w.trainer.epoch
    1
    """

    def __init__(self, trainer: Trainer | None = None, *, stop_epoch: int = 0, stop_loss: float = 0.0,
                 epochs_per_frame="auto", interval: int = 50, controls=None, **kwargs):
        self.trainer = trainer if trainer is not None else Trainer(**kwargs)
        t = self.trainer
        self._quiet = False      # True while the widget sets its own controls
        self._keep_reason = False  # True while Play is turned off by a stop condition
        self._formulas_stale = True

        # --- buttons
        self.step_sample_button = widgets.Button(description="Step sample", icon="step-forward",
                                                 tooltip="one update on the next sample")
        self.step_epoch_button = widgets.Button(description="Step epoch", icon="fast-forward",
                                                tooltip="the rest of the current pass over the data")
        self.play_button = widgets.ToggleButton(description="Play", icon="play", value=False,
                                                tooltip="run epochs until paused or a stop condition")
        self.reset_button = widgets.Button(description="Reset", icon="undo", tooltip="back to the initial weights")
        self.save_button = widgets.Button(description="Save", icon="save",
                                          tooltip="write the weights and the min-max values as a pair of JSON "
                                                  "files (to predict later in original units)")
        self.save_path = widgets.Text(value=DEFAULT_SAVE_PATH, description="weights",
                                      tooltip="the weights file; the min-max file goes beside it",
                                      layout=widgets.Layout(width="260px"))
        self.overwrite = widgets.Checkbox(value=False, description="overwrite", indent=False,
                                          layout=widgets.Layout(width="100px"))
        for b in (self.step_sample_button, self.step_epoch_button, self.play_button, self.reset_button,
                  self.save_button):
            b.layout.width = "auto"
        self.step_sample_button.add_class("mlpviz-step-sample")
        self.step_epoch_button.add_class("mlpviz-step-epoch")
        self.play_button.add_class("mlpviz-play")
        self.reset_button.add_class("mlpviz-reset")
        self.save_button.add_class("mlpviz-save")

        # --- controls
        names = list(ELEMENTWISE)          # the softmax needs cross-entropy, which the trainer does not train yet
        acts = t.net.activation_names
        self.lr_slider = widgets.FloatLogSlider(value=0.1, base=10, min=-3, max=1, step=0.05,
                                                description="η", readout_format=".3g",
                                                continuous_update=False)
        self.lr_slider.add_class("mlpviz-lr")
        self.hidden_activation = widgets.Dropdown(options=names, value=acts[0], description="hidden f",
                                                  layout=widgets.Layout(width="190px"))
        self.output_activation = widgets.Dropdown(options=names + [acts[-1]] * (acts[-1] not in names),
                                                  value=acts[-1], description="output f",
                                                  layout=widgets.Layout(width="190px"))
        dataset = t.dataset_name if t.dataset_name in ("seed", "xor", "circles", "moons") else "csv"
        self.dataset = widgets.Dropdown(options=_DATASET_OPTIONS, value=dataset, description="dataset",
                                        layout=widgets.Layout(width="230px"))
        loss_options = list(_LOSS_OPTIONS)
        if t.net.loss_function.name not in dict(map(reversed, loss_options)):
            loss_options.append((t.net.loss_function.name, t.net.loss_function.name))
        self.loss = widgets.Dropdown(options=loss_options, value=t.net.loss_function.name, description="loss",
                                     layout=widgets.Layout(width="250px"))
        self.loss.add_class("mlpviz-loss")
        self.csv_path = widgets.Text(value=t.dataset_name if dataset == "csv" else "",
                                     placeholder="path/to/data.csv (Enter)", continuous_update=False,
                                     layout=widgets.Layout(width="240px"))
        self.batch_size = widgets.BoundedIntText(value=t.batch_size, min=1, max=max(10_000, t.batch_size),
                                                 description="batch", layout=widgets.Layout(width="140px"))
        self.seed = widgets.BoundedIntText(value=t.seed, min=0, max=max(2**31 - 1, t.seed), description="seed",
                                           layout=widgets.Layout(width="140px"))
        self.init = widgets.Dropdown(options=_INIT_OPTIONS, value=t.init, description="weights",
                                     layout=widgets.Layout(width="210px"))
        stop_epoch = check_count(stop_epoch, "stop_epoch", low=0)
        stop_loss = check_number(stop_loss, "stop_loss", low=0.0)
        epochs_per_frame = check_choice(epochs_per_frame, "epochs_per_frame", _FRAME_OPTIONS)
        interval = check_count(interval, "interval", low=10)
        if controls is None and presenting():
            controls = PRESENTER_CONTROLS
        self.control_groups = control_groups(controls, CONTROL_GROUPS)
        self.stop_epoch = widgets.BoundedIntText(value=stop_epoch, min=0, max=max(10**8, stop_epoch),
                                                 description="stop at epoch",
                                                 style={"description_width": "initial"},
                                                 layout=widgets.Layout(width="180px"))
        self.stop_loss = widgets.BoundedFloatText(value=stop_loss, min=0.0, max=max(1e12, stop_loss), step=0.001,
                                                  description="stop at loss", style={"description_width": "initial"},
                                                  layout=widgets.Layout(width="180px"))
        self.epochs_per_frame = widgets.Dropdown(options=_FRAME_OPTIONS, value=epochs_per_frame,
                                                 description="epochs/frame", style={"description_width": "initial"},
                                                 layout=widgets.Layout(width="170px"))
        # the clock of Play: hidden; its view runs the timer in the browser
        self.ticker = widgets.Play(value=0, min=0, max=10**9, step=1, interval=interval, show_repeat=False,
                                   layout=widgets.Layout(display="none"))

        # --- readouts and views
        self.readout = widgets.HTML()
        self.readout.add_class("mlpviz-readout")
        self.message = widgets.HTML()
        self.message.add_class("mlpviz-message")
        self.views = FigureImage(figsize=(13, 4.8), css_class="mlpviz-trainer-views")
        self.ax_loss = self.ax_net = self.ax_boundary = None
        self._layout = None           # what the figure's axes are laid out for (see _lay_out)
        self._drawn_for = None        # the trainer the pictures show (see _lay_out)
        self._drawings = 0            # how many times the pictures were drawn anew
        # the formula panel: a heading and one math cell per stage, wrapping side by side
        # (one a row when presenting: a projector has room for one formula's width)
        self.formula_head = widgets.HTML()
        basis = "100%" if presenting() else "380px"
        self.formula_cells = [widgets.HTMLMath(layout=widgets.Layout(flex=f"1 1 {basis}", margin="0 12px 0 0",
                                                                     min_width="0", overflow="auto"),
                                               style={"font_size": PRESENTER_MATH_SIZE} if presenting() else {})
                              for _ in range(5)]
        self.formulas = widgets.VBox([
            self.formula_head,
            widgets.Box(self.formula_cells, layout=widgets.Layout(flex_flow="row wrap",
                                                                  align_items="flex-start")),
        ], layout=widgets.Layout(max_height="560px", overflow="auto"))
        self.formulas.add_class("mlpviz-formulas")

        # --- wiring
        self.step_sample_button.on_click(self.on_step_sample)
        self.step_epoch_button.on_click(self.on_step_epoch)
        self.reset_button.on_click(self.on_reset)
        self.save_button.on_click(self.on_save)
        self.play_button.observe(self.on_play_toggle, names="value")
        self.ticker.observe(self.on_tick, names="value")
        self.lr_slider.observe(self.on_lr, names="value")
        self._link_lr(None, t)
        for control in (self.hidden_activation, self.output_activation, self.dataset, self.csv_path,
                        self.loss, self.batch_size, self.seed, self.init):
            control.observe(self.on_setting, names="value")

        groups = {
            "step": group_row(self.step_sample_button, self.step_epoch_button),
            "play": group_row(self.play_button),
            "reset": group_row(self.reset_button),
            "save": group_row(self.save_button, self.save_path, self.overwrite),
            "lr": group_row(self.lr_slider),
            "activation": group_row(self.hidden_activation, self.output_activation),
            "data": [group_row(self.dataset, self.loss), group_row(self.csv_path)],
            "training": group_row(self.batch_size, self.seed, self.init),
            "stop": group_row(self.stop_epoch, self.stop_loss, self.epochs_per_frame),
        }
        rows = [groups[g] for g in self.control_groups]
        self.controls = controls_box([r for row in rows for r in (row if isinstance(row, list) else [row])])
        self.ui = widgets.VBox([
            self.controls,
            self.ticker,
            self.readout,
            self.message,
            self.views.image,
            widgets.HTML("<b>The last step, with its numbers</b> (updated after each step; paused while playing)"),
            self.formulas,
        ])
        self.ui.add_class("mlpviz-trainer")
        self.csv_path.layout.display = None if self.dataset.value == "csv" else "none"
        self._note = ""
        self.refresh()

    # ------------------------------------------------------------------ display
    def summary(self) -> str:
        """Deterministic one-line text: the widget's state (the notebook's stored text)."""
        return f"TrainerWidget: {self.trainer.summary()}"

    def __repr__(self) -> str:
        return self.summary()

    # ------------------------------------------------------------------ views
    @property
    def playing(self) -> bool:
        """True while Play runs."""
        return bool(self.play_button.value)

    def refresh(self, formulas: bool = True) -> None:
        """Redraw the readout, the message, the loss curve and the network diagram.

        Parameters
        ----------
        formulas : bool, default True
            Also rewrite the formula panel (skipped while playing).
        """
        self._update_text()
        self._draw()
        if formulas:
            head, sections = self._formula_sections()
            self.formula_head.value = head
            for i, cell in enumerate(self.formula_cells):
                if i < len(sections):
                    title, tex = sections[i]
                    cell.value = f"<b>{html.escape(title)}</b>$$\n{tex}\n$$"
                    cell.layout.display = None
                else:
                    cell.value = ""
                    cell.layout.display = "none"
            self._formulas_stale = False
        else:
            self._formulas_stale = True

    def _update_text(self) -> None:
        """The readout and the message line (cheap: no drawing)."""
        t = self.trainer
        self.readout.value = self._readout_html()
        note = self._note or t.message
        is_bad = t.diverged or bool(t.message) or self._note.startswith("⚠")
        color = "#D55E00" if is_bad else "#333333"
        self.message.value = (f"<span style='color:{color}; font-size:1.05em'>{html.escape(note)}</span>"
                              if note else "")

    def _readout_html(self) -> str:
        t = self.trainer
        if self.playing:
            state = "playing"
        elif t.stop_reason:
            state = ("stopped: " + t.stop_reason) if t.stop_reason != "paused" else "paused"
        else:
            state = "ready"
        epoch = t.last.epoch if t.last is not None else t.epoch
        accuracy = t.accuracy if t.dataset_name != "seed" else None
        acc = f" · <b>accuracy</b> {accuracy:.2f}" if accuracy is not None else ""
        return (f"<span style='font-size:1.2em'>{epoch_text(epoch, t.step)} · "
                f"<b>loss now</b> (all {t.n_samples} rows) {significant(t.loss)}{acc} · "
                f"<b>η</b> {significant(t.lr, 3)} · "
                f"{html.escape(state)}</span>")

    # ------------------------------------------------------------------ the pictures
    def _boundary_shown(self) -> bool:
        """True when the data has two inputs and class targets: the plane can be coloured by the output."""
        t = self.trainer
        return t.X.shape[1] == 2 and t.is_classification and t.dataset_name != "seed"

    def _lay_out(self) -> None:
        """Make the axes for the current trainer: loss | diagram (| boundary), at the current sizes.

        The axes are kept while the layout stays the same; a new trainer (another
        dataset, loss, activation, seed…) has its samples, curve and diagram drawn anew in them.
        """
        boundary = self._boundary_shown()
        layout = (boundary, tuple(self.trainer.net.layer_sizes))
        if self._drawn_for is not self.trainer:
            self._drawn_for = self.trainer
            self._drawings += 1
            self._net_artists = None
            self._boundary_image = None
            if self.ax_loss is not None:
                FigureImage.wipe(self.ax_loss)
        if layout == self._layout:
            return
        fig = self.views.figure
        fig.clear()
        if presenting():   # a projector's narrow column: fewer inches, so the text stays large
            size = (12, 4.6) if boundary else (11, 4.6)
        else:
            size = (15.5, 4.8) if boundary else (13, 4.8)
        fig.set_size_inches(*size)
        ratios = [1, 1.25, 0.95] if boundary else [1, 1.25]
        axes = self.views.subplots(1, len(ratios), width_ratios=ratios)
        self.ax_loss, self.ax_net = axes[0], axes[1]
        self.ax_boundary = axes[2] if boundary else None
        bottom = 0.17 if presenting() else 0.14
        fig.subplots_adjust(left=0.1 if presenting() else 0.075, right=0.99, bottom=bottom, top=0.88,
                            wspace=0.12 if boundary else 0.06)
        for ax in axes:
            ax.set_title("", y=1.0)   # a fixed title place: no search for it on every frame
        self._layout = layout
        self._net_artists = None      # the diagram is drawn anew into the new axes
        self._boundary_image = None

    def _draw(self) -> None:
        """Redraw the pictures: the first time in full, then only what a step changes, in place."""
        self._lay_out()
        changing = self._draw_loss() + self._draw_net()
        if self.ax_boundary is not None:
            changing += self._draw_boundary()
        ax = self.ax_loss
        key = (self._layout, self._drawings, tuple(ax.get_xlim()), tuple(ax.get_ylim()), ax.get_yscale(),
               self._net_artists is not None and id(self._net_artists), id(self._boundary_image))
        self.views.render_changed(changing, key)

    def _plot_loss(self) -> None:
        """Draw the loss curve anew (its axis names the loss in use)."""
        t = self.trainer
        plot_loss(t.history, ax=self.ax_loss, title=LOSS_TITLE, log=True, loss=t.net.loss_function)

    def _draw_loss(self) -> list:
        """The loss per epoch on a logarithmic axis whose frame grows in steps; the changing artists."""
        t = self.trainer
        ax = self.ax_loss
        losses = np.asarray(t.history.epoch_loss, dtype=float)
        n = len(losses)
        artists = artists_by_gid(ax, "loss")
        line = artists.get("loss")
        if line is None or not np.isfinite(losses).all():
            FigureImage.wipe(ax)
            self._plot_loss()
            artists = artists_by_gid(ax, "loss")
            line = artists["loss"]
        x = np.arange(1, n + 1)
        line.set_data(x, losses)
        line.set_marker("o" if n <= 30 else "None")
        line.set_linewidth(2.5 if n <= 100 else 1.5)
        marker, label = artists.get("loss-last"), artists.get("loss-last-label")
        finite = losses[np.isfinite(losses) & (losses > 0)]
        if n and marker is None:        # the first point: let plot_loss add its marker and label
            FigureImage.wipe(ax)
            self._plot_loss()
            artists = artists_by_gid(ax, "loss")
            line, marker, label = artists["loss"], artists.get("loss-last"), artists.get("loss-last-label")
        if marker is not None and n:
            k = int(np.flatnonzero(np.isfinite(losses))[-1]) if np.isfinite(losses).any() else n - 1
            marker.set_data([x[k]], [losses[k]])
            label.xy = (x[k], losses[k])
            label.set_text(f"{losses[k]:.4g}")
        elif n == 0 and marker is not None:
            FigureImage.wipe(ax)
            self._plot_loss()
            artists = artists_by_gid(ax, "loss")
            line, marker, label = artists["loss"], None, None
        # a frame that grows in steps (10, 20, 50, 100, …) rather than with every epoch: the curve
        # grows to the right, and the axes (ticks, grid) stay the same picture for many frames
        ax.set_xlim(0, _nice_ceiling(n + max(1.0, 0.03 * n)))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5 if presenting() else 6, integer=True))
        ax.yaxis.set_minor_formatter(NullFormatter())      # decades only: 10⁻², 10⁻¹
        # the loss axis follows the curve: whole decades around it (the fall stays visible)
        if finite.size:
            low = np.clip(np.floor(np.log10(finite.min())), -200, 199)   # a log locator overflows past 1e300
            high = np.clip(np.ceil(np.log10(finite.max()) + 0.18), low + 1, 200)   # room for the label
            ax.set_ylim(10.0 ** low, 10.0 ** high)
        else:
            ax.set_ylim(0.01, 1.0)
        return [a for a in (line, marker, label) if a is not None]

    def _draw_net(self) -> list:
        """The network diagram: drawn once, then its edges and labels changed in place."""
        t = self.trainer
        trace = None
        if t.last is not None and np.ndim(t.last.x) == 1:
            trace = t.last.trace
        digits = 2 if sum(W.size for W in t.net.weights) <= 20 else 1
        title = self._net_title()
        ax = self.ax_net
        if self._net_artists is None or update_network(ax, t.net, trace, digits=digits, title=title,
                                                       artists=self._net_artists) is None:
            FigureImage.wipe(ax)
            draw_network(t.net, trace, ax=ax, digits=digits, title=title)
            ax.apply_aspect()
            self._net_artists = artists_by_gid(ax)
            kept = {ax.patch, ax.legend_, *ax.spines.values(), ax.xaxis, ax.yaxis}
            # the nodes and their names are redrawn too: they lie over the edges
            self._net_changing = [a for a in ax.get_children() if a not in kept]
        return self._net_changing

    def _draw_boundary(self) -> list:
        """The input plane coloured by the network's output (an image whose pixels change in place)."""
        t = self.trainer
        ax = self.ax_boundary
        xs, ys, Y = output_grid(t.net, t.X, _BOUNDARY_RESOLUTION)
        if self._boundary_image is None:
            FigureImage.wipe(ax)
            extent = (xs[0], xs[-1], ys[0], ys[-1])
            self._boundary_image = ax.imshow(Y, origin="lower", extent=extent, cmap="cividis", vmin=0.0,
                                             vmax=1.0, interpolation="bilinear", aspect="auto",
                                             gid="boundary-output")
            z = t.Z[:, 0]
            size = 140 if len(z) <= 30 else 22
            self._boundary_samples = ax.scatter(t.X[:, 0], t.X[:, 1], c=z, cmap="cividis", vmin=0.0, vmax=1.0,
                                                s=size, edgecolors="white", linewidths=0.8, zorder=4,
                                                gid="boundary-samples")
            ax.set_xlim(xs[0], xs[-1])
            ax.set_ylim(ys[0], ys[-1])
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_xlabel("x0")
            ax.set_ylabel("x1")
            ax.set_title("output over the inputs")
        with np.errstate(all="ignore"):
            self._boundary_image.set_data(np.where(np.isfinite(Y), Y, 0.5))
        return [self._boundary_image, self._boundary_samples]   # the samples lie over the image

    def _net_title(self) -> str:
        t = self.trainer
        sizes = "-".join(str(n) for n in t.net.layer_sizes)
        if t.last is None:
            return f"{sizes} network, initial weights"
        r = t.last
        rows = ", ".join(str(int(i)) for i in r.rows)
        return f"{sizes} network, step {t.step}: row {rows}"

    @property
    def formulas_text(self) -> str:
        """The formula panel's content as one string (heading, then each cell)."""
        return "\n".join([self.formula_head.value] + [c.value for c in self.formula_cells if c.value])

    def _formula_sections(self) -> tuple[str, list[tuple[str, str]]]:
        """``(heading HTML, [(title, LaTeX), ...])`` for the last step (from :mod:`mlpviz.explain`)."""
        t = self.trainer
        r = t.last
        if r is None:
            return ("<i>No step yet: click <b>Step sample</b> to see the forward pass, the loss, the "
                    "error signals and the updates of one sample with its numbers.</i>", [])
        net = r.net_before
        x = np.atleast_2d(r.x)[0]
        z = np.atleast_2d(r.z)[0]
        head = (f"{epoch_text(r.epoch, r.step)} · <b>row {int(r.rows[0])}</b>: "
                f"x = ({', '.join(number(v) for v in x)}), z = ({', '.join(number(v) for v in z)}), "
                f"η = {r.lr:g}")
        if len(r.rows) > 1:
            head += (f" — a batch of {len(r.rows)} rows ({', '.join(str(int(i)) for i in r.rows)}): "
                     f"the formulas show its first row; the update uses the batch mean of ∂L/∂w")
        big = sum(W.size + b.size for W, b in zip(net.weights, net.biases)) > _MAX_FORMULA_PARAMS
        layer = net.n_layers - 1 if big else None
        sections = []
        try:
            with np.errstate(all="ignore"):
                sections.append(("forward pass: s, a, y", explain.forward_latex(net, r.trace, layer=layer)))
                sections.append(("loss L", explain.loss_latex(r)))
                sections.append(("output error signal δo", explain.output_delta_latex(r)))
                if net.n_layers > 1 and not big:
                    sections.append(("hidden error signals δh",
                                     explain.hidden_delta_latex(r)))
                if r.applied:
                    sections.append(("updates w ← w − η ∂L/∂w", explain.update_latex(r, layer=layer)))
        except (ValueError, OverflowError) as exc:   # e.g. numbers too large to write out
            sections.append(("", f"\\text{{(cannot write this step out: {html.escape(str(exc))})}}"))
        if not r.applied:
            head += " — <span style='color:#D55E00'>not applied: the loss was not a finite number</span>"
        if big:
            head += " — a large network: only the output layer is written out"
        return f"<div>{head}</div>", sections

    # ------------------------------------------------------------------ callbacks
    def _run_safely(self, action) -> None:
        """Run a trainer action; a ValueError becomes a message, never a traceback in the page."""
        self._note = ""
        try:
            action()
        except ValueError as exc:
            self._note = f"⚠ {exc}"

    def on_step_sample(self, _button=None) -> None:
        """Step sample: one update on the next sample (or batch)."""
        self._stop_playing()
        self._run_safely(self.trainer.step_sample)
        self.refresh()

    def on_step_epoch(self, _button=None) -> None:
        """Step epoch: the rest of the current epoch."""
        self._stop_playing()
        self._run_safely(self.trainer.step_epoch)
        self.refresh()

    def on_reset(self, _button=None) -> None:
        """Reset: back to the initial weights, history cleared."""
        self._stop_playing()
        self.trainer.reset()
        self._note = ""
        self.refresh()

    def on_save(self, _button=None) -> None:
        """Save: write the weights and the min-max values as a pair through :meth:`Model.save`.

        The min-max file goes beside the weights file (:func:`minmax_path_for`); the
        default folder ``saved/`` is created when first needed (git ignores it). An
        existing file is replaced only when *overwrite* is ticked.
        """
        path = self.save_path.value.strip()
        if not path:
            self._note = f"⚠ weights: type a file name to save to, e.g. {DEFAULT_SAVE_PATH}"
            self._update_text()
            return
        path = os.path.expanduser(path)
        minmax = minmax_path_for(path)
        try:
            folder = os.path.dirname(path)
            if folder and os.path.normpath(folder) == os.path.dirname(DEFAULT_SAVE_PATH):
                os.makedirs(folder, exist_ok=True)
            if self.trainer.x_scaler is None:
                self.trainer.save(path, overwrite=self.overwrite.value)
                self._note = (f"saved the weights of epoch {self.trainer.epoch} to {path} (no min-max file: "
                              f"this trainer does not scale its data)")
            else:
                self.trainer.save(path, minmax, overwrite=self.overwrite.value)
                self._note = (f"saved the weights of epoch {self.trainer.epoch} to {path} and the min-max "
                              f"values to {minmax}")
        except (ValueError, OSError) as exc:
            self._note = f"⚠ {exc}"
            if "already exists" in str(exc):
                self._note += " (tick overwrite to replace it)"
        self._update_text()

    def on_lr(self, change) -> None:
        """η slider: the new learning rate applies from the next step."""
        if self._quiet:
            return
        self._run_safely(lambda: setattr(self.trainer, "lr", float(change["new"])))
        self._update_text()          # the pictures do not change until the next step

    def _show_lr(self, change=None) -> None:
        """The trainer's η changed (here or in code): show it, widening the slider's range to hold it."""
        lr = self.trainer.lr
        exponent = np.log10(lr)
        slider = self.lr_slider
        low, high = min(slider.min, np.floor(exponent)), max(slider.max, np.ceil(exponent))
        self._quiet = True
        try:
            if (low, high) != (slider.min, slider.max):
                with slider.hold_trait_notifications():
                    slider.min, slider.max = float(low), float(high)
            slider.value = lr
        finally:
            self._quiet = False
        if change is not None:
            self._update_text()

    def _link_lr(self, old: Trainer | None, new: Trainer) -> None:
        """The slider follows the trainer's η (a traitlets observer), and sets it when moved."""
        if old is not None:
            old.unobserve(self._show_lr, names="lr")
        new.observe(self._show_lr, names="lr")
        self._show_lr()

    def on_setting(self, change=None) -> None:
        """Dataset, activations, batch size, seed or initial weights changed: start a new session."""
        if self._quiet:
            return
        self.csv_path.layout.display = None if self.dataset.value == "csv" else "none"
        if self.dataset.value == "csv" and not self.csv_path.value.strip():
            self._note = "type the path of a CSV file (inputs, then target columns) and press Enter"
            self._update_text()
            return
        self._stop_playing()
        self.rebuild()

    def rebuild(self) -> None:
        """Make a new :class:`Trainer` from the controls (keeps the old one if they are invalid)."""
        old = self.trainer
        dataset = self.csv_path.value.strip() if self.dataset.value == "csv" else self.dataset.value
        kwargs = dict(dataset=os.path.expanduser(dataset), hidden=old.hidden,
                      activation=(self.hidden_activation.value, self.output_activation.value),
                      lr=self.lr_slider.value, batch_size=int(self.batch_size.value), seed=int(self.seed.value),
                      init=self.init.value, scale=old.scale, shuffle=old.shuffle, loss=self.loss.value)
        self._note = ""
        try:
            try:
                self.trainer = Trainer(**kwargs)
                self._link_lr(old, self.trainer)
            except ValueError as exc:
                if kwargs["init"] != "seed" or not str(exc).startswith("init:"):
                    raise
                self.trainer = Trainer(**{**kwargs, "init": "random"})
                self._link_lr(old, self.trainer)
                self._set_quietly(self.init, "random")
                self._note = ("the seed's weights fit only the 2-3-1 network: using random weights "
                              f"(seed {self.trainer.seed})")
        except ValueError as exc:
            self.trainer = old
            self._note = f"⚠ {exc}"
        self.refresh()

    def _set_quietly(self, control, value) -> None:
        self._quiet = True
        try:
            control.value = value
        finally:
            self._quiet = False

    # ------------------------------------------------------------------ play
    def on_play_toggle(self, change) -> None:
        """Play/Pause toggled (by a click or by :meth:`_stop_playing`)."""
        if change["new"]:
            self.play_button.description, self.play_button.icon = "Pause", "pause"
            self._note = ""
            self.trainer.stop_reason = None
            if self._stop_condition():          # already there: nothing to play
                self._stop_playing(keep_reason=True)
                return
            self.ticker.playing = True
            self.readout.value = self._readout_html()
        else:
            self.play_button.description, self.play_button.icon = "Play", "play"
            self.ticker.playing = False
            if not self._keep_reason and not self.trainer.stop_reason:
                self.trainer.pause()
            self.refresh(formulas=self._formulas_stale)

    def on_tick(self, change=None) -> None:
        """One frame of Play: ``epochs/frame`` epochs (fewer at a stop condition), then redraw."""
        if not self.playing:
            return                                # a tick that arrived after Pause
        t = self.trainer
        n = self.frame_epochs()
        if self.stop_epoch.value > 0:
            n = min(n, int(self.stop_epoch.value) - t.epoch)
        if n > 0:
            target = float(self.stop_loss.value) or None
            t.run(epochs=n, until_loss=target)
            t.stop_reason = None if not t.diverged else t.stop_reason
            self._formulas_stale = True
        if self._stop_condition():
            self._stop_playing(keep_reason=True)
        else:
            self.refresh(formulas=False)

    def frame_epochs(self) -> int:
        """Epochs the next frame of Play runs: the chosen number, or for "auto" one at first, then a
        quarter of the epochs so far (at most about 2000 updates a frame)."""
        if self.epochs_per_frame.value != "auto":
            return int(self.epochs_per_frame.value)
        t = self.trainer
        updates_per_epoch = -(-t.n_samples // t.batch_size)
        return max(1, min(t.epoch // 4, _MAX_FRAME_UPDATES // updates_per_epoch))

    def tick(self, n: int = 1) -> None:
        """Advance the Play clock ``n`` ticks from Python (what the browser does while playing)."""
        for _ in range(n):
            self.ticker.value = self.ticker.value + 1

    def _stop_condition(self) -> str | None:
        t = self.trainer
        if t.diverged:
            return t.stop_reason
        max_epoch = int(self.stop_epoch.value) or None
        return t.check_stop(max_epoch=max_epoch, until_loss=float(self.stop_loss.value) or None)

    def _stop_playing(self, keep_reason: bool = False) -> None:
        """Turn Play off (a stop condition keeps its reason; a click elsewhere pauses)."""
        if not self.playing:
            self.ticker.playing = False
            return
        self._keep_reason = keep_reason
        try:
            self.play_button.value = False
        finally:
            self._keep_reason = False
