"""The stage stepper: one sample through one training step, stage by stage.

:class:`StageWalk` (plain Python, no widgets) computes, for one row of the
dataset, the six stages of a training step with the engine::

    init → normalize → forward → loss → backprop → update

and, for each, the part of the network it touches (a ``highlight`` for
:func:`mlpviz.plots.draw_network`) and its formulas with the numbers
substituted (:mod:`mlpviz.explain`).  :class:`StageStepper` is the thin
ipywidgets shell: Back / Next buttons (or a click on a stage's name) move
through the stages and redraw the diagram and the formulas.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import ipywidgets as widgets
import numpy as np

from ..validation import check_choice, check_index

from .. import explain
from ..format import aligned, number, pmatrix
from ..network import MLP, Trace
from ..notation import Notation
from ..plots.network import STAGES, draw_network, stage_highlight
from ..trainer import Trainer
from ..plots.style import presenting
from ._figure import FigureImage, StaticPictureMixin, control_groups, controls_box, group_row
from .trainer import PRESENTER_MATH_SIZE

__all__ = ["Stage", "StageWalk", "StageStepper", "STAGES", "CONTROL_GROUPS"]

#: The groups of controls, in the order shown; ``StageStepper(controls=...)`` names the ones to show.
CONTROL_GROUPS = ("navigate", "stages", "sample")

_TITLES = {
    "init": "Initialize: the weights and biases",
    "normalize": "Normalize: min-max scale the sample",
    "forward": "Forward pass: weighted sums s and activations a",
    "loss": "Loss: how far the output is from the target",
    "backprop": "Backpropagation: the error signals δ",
    "update": "Update: every weight takes a step against its gradient",
}
_TEXTS = {
    "init": "Every weight W[l][j, k] is an edge (blue positive, orange negative, width |w|); "
            "every bias b sits under its node.",
    "normalize": "Each column is scaled to [0, 1] with its minimum and maximum over the dataset: "
                 "x' = (x − min) / (max − min).",
    "forward": "Each neuron adds its weighted inputs and its bias (s), then applies its activation (a); "
               "the output node's a is the prediction y.",
    "loss": "The loss is half the squared difference between the output y and the target z.",
    "backprop": "The output's error signal δo comes from the loss; each hidden δh is the δ of the next "
                "layer sent back through the weights, times the slope of the activation.",
    "update": "Each weight moves by −η·δ·(its input), each bias by −η·δ: the diagram now shows the new "
              "weights.",
}


@dataclass
class Stage:
    """One stage of a training step, ready to show.

    Attributes
    ----------
    name : str
        One of :data:`STAGES`.
    title, text : str
        A heading and a sentence of explanation.
    formulas : list of (str, str)
        ``(caption, LaTeX)`` pairs with the numbers substituted.
    highlight : dict
        For :func:`mlpviz.plots.draw_network`.
    net : MLP
        The network to draw (the updated one at the ``update`` stage).
    trace : Trace or None
        Node values to show (from the forward stage on).
    """

    name: str
    title: str
    text: str
    formulas: list = field(default_factory=list)
    highlight: dict = field(default_factory=dict)
    net: MLP | None = None
    trace: Trace | None = None


class StageWalk:
    """The stages of one training step on one row of a :class:`~mlpviz.trainer.Trainer`'s data.

    Parameters
    ----------
    trainer : Trainer, optional
        Gives the network (its current weights), the dataset, its scaling
        and η; by default ``Trainer(**kwargs)`` (the seed's network and data).
    row : int, default 0
        The dataset row to walk through.
    **kwargs
        Passed to :class:`Trainer` when ``trainer`` is None.

    Examples
    --------
    >>> walk = StageWalk()
    >>> walk.stage.name, walk.next().name, walk.next().name
    ('init', 'normalize', 'forward')
    """

    def __init__(self, trainer: Trainer | None = None, row: int = 0, **kwargs):
        self.trainer = trainer if trainer is not None else Trainer(**kwargs)
        self.index = 0
        self.set_row(row)

    # -------------------------------------------------------------- navigation
    @property
    def stage(self) -> Stage:
        """The current stage."""
        return self.stages[self.index]

    @property
    def name(self) -> str:
        """The current stage's name."""
        return STAGES[self.index]

    def next(self) -> Stage:
        """Move to the next stage (stays at the last) and return it."""
        self.index = min(self.index + 1, len(STAGES) - 1)
        return self.stage

    def back(self) -> Stage:
        """Move to the previous stage (stays at the first) and return it."""
        self.index = max(self.index - 1, 0)
        return self.stage

    def go(self, stage: int | str) -> Stage:
        """Jump to a stage by index or name.

        Raises
        ------
        ValueError
            If ``stage`` is neither a stage's name nor its index.
        """
        if isinstance(stage, str):
            stage = STAGES.index(check_choice(stage, "stage", STAGES))
        self.index = check_index(stage, "stage", len(STAGES), what="a stage's index (or name)")
        return self.stage

    def set_row(self, row: int) -> None:
        """Walk another row of the dataset (the stage stays where it is).

        Raises
        ------
        ValueError
            If ``row`` is not a row of the trainer's dataset.
        """
        self.row = check_index(row, "row", self.trainer.n_samples, what="a row of the dataset")
        self.stages = self._compute()

    # -------------------------------------------------------------- the math (engine)
    def _compute(self) -> list[Stage]:
        t = self.trainer
        with np.errstate(all="ignore"):
            record = t.net.preview_step(t.X[self.row], t.Z[self.row], t.lr)   # the engine's step, on a copy
        self.record = record
        x, z, trace, grads = record.x, record.z, record.trace, record.grads
        net, after = record.net_before, record.net_after
        self.x, self.z, self.trace, self.grads, self.net_before, self.net_after = x, z, trace, grads, net, after

        out = []
        for name in STAGES:
            st = Stage(name, _TITLES[name], _TEXTS[name], highlight=stage_highlight(name, net), net=net)
            if name == "init":
                names = Notation(net.layer_sizes)
                for l in range(net.n_layers):
                    st.formulas.append((f"weight layer {l} ({net.activation_names[l]})",
                                        rf"{names.weights(l).latex} = {pmatrix(net.weights[l])}, \quad "
                                        rf"{names.biases(l).latex} = {pmatrix(net.biases[l][:, None])}"))
            elif name == "normalize":
                st.formulas.append(("inputs and target of row " + str(self.row), self._normalize_latex()))
            else:
                st.trace = trace
                if name == "forward":
                    st.formulas.append(("forward pass", explain.forward_latex(net, trace)))
                elif name == "loss":
                    st.formulas.append(("loss", explain.loss_latex(record)))
                elif name == "backprop":
                    st.formulas.append(("output error signal δo", explain.output_delta_latex(record)))
                    if net.n_layers > 1:
                        st.formulas.append(("hidden error signals δh",
                                            explain.hidden_delta_latex(record)))
                elif name == "update":
                    st.net = after
                    st.formulas.append((f"updates with η = {t.lr:g}", explain.update_latex(record)))
            out.append(st)
        return out

    def _normalize_latex(self) -> str:
        """Each input and target of the row scaled, as :func:`mlpviz.explain.minmax_latex` writes it."""
        t = self.trainer
        names = Notation(t.net.layer_sizes)
        columns = [(names.x(i).latex, t.x_scaler, i, t.X_raw[self.row, i], t.X[self.row, i])
                   for i in range(t.X.shape[1])]
        columns += [(names.z(k).latex, t.z_scaler, k, t.Z_raw[self.row, k], t.Z[self.row, k])
                    for k in range(t.Z.shape[1])]
        if t.x_scaler is None:
            return r"\text{no scaling: } " + ", ".join(f"{n} = {number(v)}" for n, _, _, _, v in columns)
        return aligned(["&" + explain.minmax_latex(scaler, column, raw, name)
                        for name, scaler, column, raw, _ in columns])


class StageStepper(StaticPictureMixin):
    """Back / Next through the stages of one training step, with the diagram highlighted.

    Parameters
    ----------
    walk : StageWalk, optional
        By default ``StageWalk(**kwargs)``.
    controls : sequence of str, optional
        The groups of controls to show, from :data:`CONTROL_GROUPS`: "navigate"
        (Back, Next), "stages" (a button per stage), "sample" (the row).  Default: all.
    **kwargs
        ``trainer``, ``row`` or Trainer arguments, passed to :class:`StageWalk`.

    Raises
    ------
    ValueError
        If ``controls`` names no group of :data:`CONTROL_GROUPS`.

    Attributes
    ----------
    walk : StageWalk
    ui : ipywidgets.VBox
    views : FigureImage
        The network diagram (``ax``).
    """

    def __init__(self, walk: StageWalk | None = None, *, controls=None, **kwargs):
        self.control_groups = control_groups(controls, CONTROL_GROUPS)
        self.walk = walk if walk is not None else StageWalk(**kwargs)
        w = self.walk
        self._quiet = False
        self.back_button = widgets.Button(description="Back", icon="arrow-left", layout=widgets.Layout(width="auto"))
        self.next_button = widgets.Button(description="Next", icon="arrow-right", layout=widgets.Layout(width="auto"))
        self.back_button.add_class("mlpviz-back")
        self.next_button.add_class("mlpviz-next")
        self.stage_bar = widgets.ToggleButtons(options=list(STAGES), value=w.name,
                                               style={"button_width": "auto"})
        t = w.trainer
        cols = t.columns or [f"c{i}" for i in range(t.X_raw.shape[1] + t.Z_raw.shape[1])]
        row_options = []
        for r in range(t.n_samples):
            vals = ", ".join(f"{c}={v:g}" for c, v in zip(cols, np.concatenate([t.X_raw[r], t.Z_raw[r]])))
            row_options.append((f"row {r}: {vals}", r))
        self.row = widgets.Dropdown(options=row_options, value=w.row, description="sample",
                                    layout=widgets.Layout(width="340px"))
        self.title = widgets.HTML()
        self.title.add_class("mlpviz-stage-title")
        self.views = FigureImage(figsize=(7.5, 4.6) if presenting() else (8, 4.8), css_class="mlpviz-stepper-views")
        self.ax = self.views.add_subplot(1, 1, 1)
        # the diagram's legend hangs below the axes: room for it at either size
        self.views.figure.subplots_adjust(left=0.01, right=0.99, bottom=0.14 if presenting() else 0.1, top=0.9)
        self.ax.set_title("", y=1.0)   # a fixed title place: no search for it on every frame
        self.formulas = widgets.HTMLMath(layout=widgets.Layout(max_height="480px", overflow="auto",
                                                               min_width="0" if presenting() else "360px",
                                                               flex="1 1 100%" if presenting() else "1 1 360px"),
                                         style={"font_size": PRESENTER_MATH_SIZE} if presenting() else {})
        self.formulas.add_class("mlpviz-stage-formulas")

        self.back_button.on_click(self.on_back)
        self.next_button.on_click(self.on_next)
        self.stage_bar.observe(self.on_stage, names="value")
        self.row.observe(self.on_row, names="value")

        groups = {"navigate": group_row(self.back_button, self.next_button),
                  "stages": group_row(self.stage_bar), "sample": group_row(self.row)}
        self.controls = controls_box([groups[g] for g in self.control_groups])
        self.ui = widgets.VBox([
            self.controls,
            self.title,
            widgets.HBox([self.views.image, self.formulas], layout=widgets.Layout(flex_flow="row wrap",
                                                                                 align_items="flex-start")),
        ])
        self.ui.add_class("mlpviz-stepper")
        self.refresh()

    def summary(self) -> str:
        """Deterministic one-line text of the current state."""
        w = self.walk
        return (f"StageStepper: row {w.row}, stage {w.index + 1} of {len(STAGES)} ({w.name}): "
                f"{_TITLES[w.name]}")

    def __repr__(self) -> str:
        return self.summary()

    def refresh(self) -> None:
        """Redraw the title, the highlighted diagram and the formulas of the current stage."""
        st = self.walk.stage
        i = self.walk.index
        self.back_button.disabled = i == 0
        self.next_button.disabled = i == len(STAGES) - 1
        if self.stage_bar.value != st.name:
            self._quiet = True
            try:
                self.stage_bar.value = st.name
            finally:
                self._quiet = False
        self.title.value = (f"<span style='font-size:1.2em'><b>{i + 1}/{len(STAGES)} · "
                            f"{html.escape(st.title)}</b></span><br>{html.escape(st.text)}")
        self.formulas.value = "".join(f"<div><b>{html.escape(cap)}</b>$$\n{tex}\n$$</div>"
                                      for cap, tex in st.formulas)
        FigureImage.wipe(self.ax)
        draw_network(st.net, st.trace, ax=self.ax, highlight=st.highlight, digits=2,
                     title=f"{st.name}" + (" (new weights)" if st.name == "update" else ""))
        self.views.render()

    def on_next(self, _button=None) -> None:
        """Next stage."""
        self.walk.next()
        self.refresh()

    def on_back(self, _button=None) -> None:
        """Previous stage."""
        self.walk.back()
        self.refresh()

    def on_stage(self, change) -> None:
        """A stage's name was clicked."""
        if not self._quiet:
            self.walk.go(change["new"])
            self.refresh()

    def on_row(self, change) -> None:
        """Another sample."""
        self.walk.set_row(int(change["new"]))
        self.refresh()
