"""The descent explorer: gradient descent on x² + y² and friends, one slider away.

A thin ipywidgets shell over :class:`mlpviz.descent.Descent`: the controls
set the function, the start point, the learning rate η and the number of
steps; every change restarts the descent, runs it, and redraws

* the contour plot with the path (left) and the 3-D surface with the path (right),
* the table of steps (x, y, ∇f, x_new, y_new, f), beside the pictures,
* the message: what this η does (for the bowls: the factor 1 − η·h per
  step, and divergence for η ≥ 1 on x² + y²).

The start point is set with the sliders, or — with ``click=True``, on an
ipympl canvas — by clicking on the contour plot (:meth:`DescentExplorer.on_click`).
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from ..descent import FUNCTIONS, Descent
from ..plots.descent import (plot_descent_contour, plot_descent_surface, update_descent_contour,
                             update_descent_surface)
from ..plots.style import presenting
from ..validation import check_count
from ._figure import (CanvasView, FigureImage, StaticPictureMixin, control_groups, controls_box, group_row,
                      ipympl_canvas)

__all__ = ["DescentExplorer", "CONTROL_GROUPS"]

#: The groups of controls, in the order shown; ``DescentExplorer(controls=...)`` names the ones to show.
CONTROL_GROUPS = ("function", "lr", "steps", "start")

_FUNCTION_LABELS = {
    "bowl": "x² + y²",
    "stretched": "x² + 10y² (stretched bowl)",
    "two_minima": "(x² − 1)² + y² (two minima)",
}
_MAX_TABLE_ROWS = 25


def _has_ipympl() -> bool:
    try:
        ipympl_canvas()
    except ImportError:
        return False
    return True


class DescentExplorer(StaticPictureMixin):
    """Sliders and pictures over a :class:`~mlpviz.descent.Descent`.

    Parameters
    ----------
    descent : Descent, optional
        The descent to start from; by default ``Descent(f, start, lr)``. The
        explorer drives its own copy (:attr:`descent`): the one handed in is
        never changed.
    f : str, default "bowl"
        ``"bowl"`` (x² + y²), ``"stretched"`` (x² + 10y²) or ``"two_minima"``.
    start : (float, float), default (3, 4)
    lr : float, default 0.1
    steps : int, default 10
        Steps taken after every change.
    surface : bool, default True
        Also draw the 3-D surface.
    click : bool, default True
        Show the pictures on an ipympl canvas, so that a click on the contour
        plot sets the start point (ipympl's front-end, ``jupyter-matplotlib``,
        comes with the ipympl package).  ``False`` (or no ipympl) shows them as
        a PNG image: the sliders still set the start point.
    controls : sequence of str, optional
        The groups of controls to show, from :data:`CONTROL_GROUPS`:
        "function", "lr" (η), "steps" (the steps slider and One more step),
        "start" (the start sliders).  Default: all.

    Raises
    ------
    ValueError
        If ``steps`` or ``controls`` is not one of the values described.

    Attributes
    ----------
    descent : Descent
    ui : ipywidgets.VBox
    views : FigureImage
        ``ax_contour`` (and ``ax_surface``) drawn as one PNG.
    table, message : ipywidgets.HTML

    Examples
    --------
    >>> w = DescentExplorer()
    >>> w.lr_slider.value = 1.1          # what a learner's drag does
    >>> "diverging" in w.message.value
    True
    """

    def __init__(self, descent: Descent | None = None, *, f: str = "bowl", start=(3.0, 4.0),
                 lr: float = 0.1, steps: int = 10, surface: bool = True, click: bool = True,
                 controls=None):
        steps = check_count(steps, "steps", low=0, high=60)
        if descent is None:
            descent = Descent(f, start=start, lr=lr)
        elif not isinstance(descent, Descent):
            raise ValueError(f"descent: expected a mlpviz.descent.Descent, got {type(descent).__name__}")
        # a copy: the sliders restart and rerun it, and what the teacher handed in stays as it was
        self.descent = Descent(descent.function, start=descent.start, lr=descent.lr, limit=descent._limit_arg,
                               momentum=descent.momentum)
        d = self.descent
        self.control_groups = control_groups(controls, CONTROL_GROUPS)
        self._quiet = False
        names = [n for n in FUNCTIONS if n in _FUNCTION_LABELS] + \
                [n for n in FUNCTIONS if n not in _FUNCTION_LABELS]
        options = [(_FUNCTION_LABELS.get(n, n), n) for n in names]
        self._functions = dict(FUNCTIONS)
        if d.function.name not in names:                 # a custom Function2D
            options.append((d.function.name, d.function.name))
            self._functions[d.function.name] = d.function
        self.function = widgets.Dropdown(options=options, value=d.function.name, description="f(x, y)",
                                         layout=widgets.Layout(width="320px"))
        x0, y0 = d.start
        (x_lo, x_hi), (y_lo, y_hi) = self._box(d.function)
        xlim, ylim = (min(x_lo, x0), max(x_hi, x0)), (min(y_lo, y0), max(y_hi, y0))   # never clamp the start
        self.x_slider = widgets.FloatSlider(value=x0, min=xlim[0], max=xlim[1], step=0.1, description="start x",
                                            continuous_update=False, readout_format=".2f")
        self.y_slider = widgets.FloatSlider(value=y0, min=ylim[0], max=ylim[1], step=0.1, description="start y",
                                            continuous_update=False, readout_format=".2f")
        self.lr_slider = widgets.FloatSlider(value=d.lr, min=min(0.01, d.lr), max=max(1.2, d.lr), step=0.01,
                                             description="η",
                                             continuous_update=False, readout_format=".3g")
        self.lr_slider.add_class("mlpviz-descent-lr")
        self.steps_slider = widgets.IntSlider(value=steps, min=0, max=60, description="steps",
                                              continuous_update=False)
        self.step_button = widgets.Button(description="One more step", icon="step-forward",
                                          layout=widgets.Layout(width="auto"))
        self.message = widgets.HTML()
        self.message.add_class("mlpviz-descent-message")
        self.table = widgets.HTML(layout=widgets.Layout(max_height="430px", overflow="auto",
                                                        min_width="430px"))
        self.table.add_class("mlpviz-descent-table")
        self.surface = bool(surface)
        view = CanvasView if click and _has_ipympl() else FigureImage
        click = view is CanvasView
        if presenting():   # a projector's narrow column (about 560 CSS px): an ipympl canvas is not
            figsize = (7.6, 4.2) if surface else (5.6, 5.0)   # scaled down to fit, so it must fit
        else:
            figsize = (10.5, 4.8) if surface else (5.6, 5.0)
        self.views = view(figsize=figsize, css_class="mlpviz-descent-views")
        self._scene = None          # (function, surface box) the pictures were drawn for
        if surface:
            self.ax_contour = self.views.add_subplot(1, 2, 1)
            self.ax_surface = self.views.add_subplot(1, 2, 2, projection="3d")
            if presenting():
                # room for the y label left of the contours and the 3-D "f(x, y)" label on the right
                self.views.figure.subplots_adjust(left=0.14, right=0.88, bottom=0.15, top=0.88, wspace=0.22)
            else:
                self.views.figure.subplots_adjust(left=0.07, right=0.97, bottom=0.1, top=0.9, wspace=0.12)
        else:
            self.ax_contour = self.views.add_subplot(1, 1, 1)
            self.ax_surface = None
            self.views.figure.subplots_adjust(left=0.14, right=0.97, bottom=0.1, top=0.9)

        self.function.observe(self.on_function, names="value")
        for s in (self.x_slider, self.y_slider, self.lr_slider, self.steps_slider):
            s.observe(self.on_change, names="value")
        self.step_button.on_click(self.on_step)
        if click:
            self.views.on_click(lambda ax, x, y: self.on_click(x, y) if ax is self.ax_contour else None)

        groups = {"function": group_row(self.function), "lr": group_row(self.lr_slider),
                  "steps": group_row(self.steps_slider, self.step_button),
                  "start": group_row(self.x_slider, self.y_slider)}
        self.controls = controls_box([groups[g] for g in self.control_groups])
        self.ui = widgets.VBox([
            self.controls,
            self.message,
            widgets.HBox([self.views.image, self.table], layout=widgets.Layout(flex_flow="row wrap",
                                                                              align_items="flex-start")),
        ])
        self.ui.add_class("mlpviz-descent")
        self.run()

    # ------------------------------------------------------------------ display
    def summary(self) -> str:
        """Deterministic one-line text of the current state."""
        d = self.descent
        x, y = d.position
        x0, y0 = d.start
        state = ", diverged" if d.diverged else ""
        return (f"DescentExplorer: {d.function.name}, start ({x0:.4g}, {y0:.4g}), η={d.lr:g}, "
                f"{d.n_steps} steps, now at ({x:.4g}, {y:.4g}), f = {d.value:.4g}{state}")

    def __repr__(self) -> str:
        return self.summary()

    # ------------------------------------------------------------------ state → views
    @staticmethod
    def _box(fn):
        """The slider ranges: the function's default view box."""
        return fn.xlim, fn.ylim

    def run(self) -> None:
        """Restart the descent from the controls' values, take the steps, redraw."""
        d = self.descent
        if d.function.name != self.function.value:
            d.function = self._functions[self.function.value]
        d.lr = float(self.lr_slider.value)          # each setter restarts the path
        d.set_start(float(self.x_slider.value), float(self.y_slider.value))
        d.run(int(self.steps_slider.value))
        self.refresh()

    def refresh(self) -> None:
        """Redraw the pictures, the table and the message from the descent's state."""
        d = self.descent
        color = "#D55E00" if d.diverged or "diverg" in d.message else "#333333"
        self.message.value = f"<span style='color:{color}; font-size:1.05em'>{html.escape(d.message)}</span>"
        self.table.value = self._table_html()
        # the same function in the same box (another η, more steps): move the path, keep the
        # contours and the surface, and draw only the path over a kept picture of the rest
        scene = (d.function.name, self.ax_surface is not None)
        changing = None
        if scene == self._scene:
            changing = update_descent_contour(self.ax_contour, d, title=self._contour_title())
            if changing is not None and self.ax_surface is not None:
                on_surface = update_descent_surface(self.ax_surface, d)
                changing = None if on_surface is None else changing + on_surface
        if changing is None:
            FigureImage.wipe(self.ax_contour)
            plot_descent_contour(d, ax=self.ax_contour, title=self._contour_title())
            if self.ax_surface is not None:
                FigureImage.clear(self.ax_surface)   # 3-D limits follow the data; clearing resets them
                plot_descent_surface(d, ax=self.ax_surface,
                                 title="surface f(x, y)" if presenting() else "surface f(x, y) and the path")
            self._scene = scene
            self._drawn = getattr(self, "_drawn", 0) + 1     # a new background for render_changed
            self.views.render()
        else:
            self.views.render_changed(changing, (scene, self._drawn))

    def _contour_title(self) -> str | None:
        """The contour plot's title: the default (formula, η, steps), or while presenting only η and
        the steps (the formula is in the dropdown above), so the title fits a projector's column."""
        if not presenting():
            return None
        d = self.descent
        return f"η = {d.lr:g},  {d.n_steps} steps" + (", diverged" if d.diverged else "")

    def _table_html(self) -> str:
        table = self.descent.path.to_table(digits=4)
        n = len(table.rows)
        table.rows = table.rows[:_MAX_TABLE_ROWS]
        more = f"<p><i>… and {n - _MAX_TABLE_ROWS} more steps</i></p>" if n > _MAX_TABLE_ROWS else ""
        if not n:
            more = "<p><i>no steps yet: move the steps slider</i></p>"
        style = ("<style>.mlpviz-descent-table table{border-collapse:collapse;font-size:0.95em}"
                 ".mlpviz-descent-table td,.mlpviz-descent-table th{padding:1px 8px}</style>")
        return f"{style}{table._repr_html_()}{more}"

    # ------------------------------------------------------------------ callbacks
    def on_change(self, change=None) -> None:
        """A slider moved: run the descent again."""
        if not self._quiet:
            self.run()

    def on_function(self, change) -> None:
        """Another function: fit the start sliders to its box (keeping the start if it fits)."""
        fn = self._functions[change["new"]]
        (x_lo, x_hi), (y_lo, y_hi) = self._box(fn)
        x = float(np.clip(self.x_slider.value, 0.8 * x_lo, 0.8 * x_hi))
        y = float(np.clip(self.y_slider.value, 0.8 * y_lo, 0.8 * y_hi))
        self._quiet = True
        try:
            for s, lo, hi, v in ((self.x_slider, x_lo, x_hi, x), (self.y_slider, y_lo, y_hi, y)):
                # widen first, so that min ≤ value ≤ max holds at every moment
                s.min, s.max = min(s.min, lo), max(s.max, hi)
                s.value = v
                s.min, s.max = lo, hi
        finally:
            self._quiet = False
        self.run()

    def on_step(self, _button=None) -> None:
        """One more step (the steps slider follows)."""
        if self.steps_slider.value < self.steps_slider.max:
            self.steps_slider.value += 1       # observer reruns
        else:
            self.descent.step()
            self.refresh()

    def on_click(self, x: float, y: float) -> None:
        """Start the descent at a clicked point ``(x, y)`` (data coordinates).

        The point is rounded to the sliders' step (0.1) and clipped to their range.
        """
        self._quiet = True
        try:
            for s, v in ((self.x_slider, x), (self.y_slider, y)):
                v = round(round(float(v) / s.step) * s.step, 10)
                s.value = float(np.clip(v, s.min, s.max))
        finally:
            self._quiet = False
        self.run()
