"""What every mlpviz widget shares: a figure shown as a PNG, and a static picture.

Why PNG images and not ipympl
-----------------------------
A widget's views are matplotlib figures drawn off-screen (the Agg canvas)
and sent to the browser as a PNG in an :class:`ipywidgets.Image`; a redraw
replaces the image's ``value``, so the picture changes in place without
flicker.  This works the same in JupyterLab, in Voilà and in a notebook
executed by nbval or nbconvert, it needs no front-end extension beyond
ipywidgets itself, and it does not depend on the notebook's matplotlib
backend (``%matplotlib inline`` or ``widget``).  ipympl would add clicks on
the canvas but needs its own front-end and, inside one cell, only redraws when
the cell ends.

A redraw keeps the figure, its axes and their ticks, and only replaces what
the plot functions of :mod:`mlpviz.plots` put inside the axes
(:meth:`FigureImage.wipe`): clearing an axes (``ax.clear()``) would rebuild
its ticks every time and costs about twice as long.

Redrawing only what changed
---------------------------
:meth:`FigureImage.render_changed` draws the figure's unchanging parts
(axes frames, ticks, grid, axis labels, legends) once, keeps that picture,
and on each frame pastes it back and draws only the artists that change
(curves, edges, values, titles) over it — blitting, as matplotlib's
animations do.  The widget says, with a ``key``, when the unchanging parts
did change (new axis limits, say) and a full redraw is needed.  The PNG is
encoded from the canvas' pixels as RGB with zlib level 1: a third of the
default's time for a slightly larger file.

The static picture
------------------
A widget shown with ``display(w)`` (or as a cell's last value) offers three
representations: the live widget, a PNG of its current state and a short,
deterministic ``text/plain`` summary.  JupyterLab and Voilà with a kernel
show the live widget; an HTML export without saved widget state, GitHub and
other viewers without a kernel show the PNG; nbval compares the text.
"""
from __future__ import annotations

import base64
import io
import warnings

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import AutoLocator

from ..plots.style import plot_style
from ..validation import check_choice

__all__ = ["FigureImage", "CanvasView", "StaticPictureMixin", "static_bundle", "small_png", "control_groups",
           "group_row", "controls_box"]

#: Resolution of the PNGs (pixels per inch of the figure size).
DPI = 72


def ipympl_canvas():
    """ipympl's ``(Canvas, FigureManager)``, imported without touching the user's backend.

    Importing ipympl makes it matplotlib's backend (``matplotlib.use`` in its
    ``__init__``), so a notebook on ``%matplotlib inline`` would get clickable
    canvases from every later ``plt.figure()``; the backend in use before is put back.

    Raises
    ------
    ImportError
        If ipympl is not installed.
    """
    import matplotlib

    backend = matplotlib.get_backend()
    try:
        from ipympl.backend_nbagg import Canvas, FigureManager
    finally:
        if matplotlib.get_backend() != backend:
            matplotlib.use(backend)
    return Canvas, FigureManager


class FigureImage:
    """A matplotlib Figure rendered to PNG into an :class:`ipywidgets.Image`.

    Parameters
    ----------
    figsize : (float, float)
        Inches; the PNG is ``figsize × dpi`` pixels.
    dpi : int, default 72
    css_class : str, optional
        Added to the Image widget (the browser tests find the picture by it).

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        Draw into its axes; created inside :func:`mlpviz.plots.plot_style`.
    image : ipywidgets.Image
        The widget showing the last :meth:`render`.
    png : bytes
        The last PNG rendered.
    """

    def __init__(self, figsize=(13, 4.8), dpi: int = DPI, css_class: str | None = None):
        with plot_style():
            self.figure = Figure(figsize=figsize, dpi=dpi)
        FigureCanvasAgg(self.figure)
        self.dpi = dpi
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="auto", max_width="100%"))
        if css_class:
            self.image.add_class(css_class)
        self.png = b""
        self._background = self._background_key = None

    def subplots(self, *args, **kwargs):
        """``figure.subplots`` inside the mlpviz style (fonts and lines set at creation)."""
        with plot_style():
            return self.figure.subplots(*args, **kwargs)

    def add_subplot(self, *args, **kwargs):
        """``figure.add_subplot`` inside the mlpviz style."""
        with plot_style():
            return self.figure.add_subplot(*args, **kwargs)

    @staticmethod
    def wipe(ax) -> None:
        """Remove what was drawn inside ``ax`` (lines, patches, texts, collections, legend).

        The axes keeps its ticks, labels and limits' machinery, so the next
        plot into it is cheap and the figure keeps its size and layout.
        """
        for artist in [*ax.lines, *ax.patches, *ax.texts, *ax.collections, *ax.images, *ax.artists]:
            artist.remove()
        if ax.legend_ is not None:
            ax.legend_.remove()
        ax.set_title("")
        # a plot may have fixed the ticks (set_xticks); let the next one choose again
        for axis in (ax.xaxis, ax.yaxis):
            if axis.get_scale() == "linear":
                axis.set_major_locator(AutoLocator())

    @staticmethod
    def clear(ax) -> None:
        """``ax.clear()`` inside the mlpviz style (labels keep the large fonts); for 3-D axes."""
        with plot_style():
            ax.clear()

    def render(self) -> bytes:
        """Draw the whole figure, store the PNG and show it in :attr:`image`."""
        self._background = self._background_key = None
        with plot_style():
            self.figure.canvas.draw()
        return self._publish()

    def render_changed(self, changing, key) -> bytes:
        """Redraw only the ``changing`` artists over a kept picture of the rest; store and show the PNG.

        Parameters
        ----------
        changing : iterable of Artist
            What this frame changes (drawn in the order :meth:`Axes.draw` uses:
            by zorder, then in the order given).  They are marked ``animated``,
            so a full draw leaves them out of the kept picture.
        key : hashable
            Describes everything else (axis limits, ticks, legend texts, …).
            While it stays equal, the kept picture is reused; when it changes,
            the figure is drawn in full once more.

        Returns
        -------
        bytes
            The PNG, the same picture as :meth:`render` would give.
        """
        canvas = self.figure.canvas
        changing = list(changing)
        for artist in changing:
            artist.set_animated(True)
        with plot_style():
            if self._background is None or key != self._background_key:
                canvas.draw()              # everything but the animated artists
                self._background = canvas.copy_from_bbox(self.figure.bbox)
                self._background_key = key
            else:
                canvas.restore_region(self._background)
            renderer = canvas.get_renderer()
            for artist in sorted(changing, key=lambda a: a.get_zorder()):
                if artist.get_visible():
                    artist.draw(renderer)
        for artist in changing:            # a later full draw (render, savefig) shows them again
            artist.set_animated(False)
        return self._publish()

    def _publish(self) -> bytes:
        """Encode the canvas' pixels as PNG (RGB, zlib level 1) into :attr:`png` and :attr:`image`."""
        from PIL import Image

        pixels = self.figure.canvas.buffer_rgba()
        height, width = memoryview(pixels).shape[:2]
        rgba = Image.frombuffer("RGBA", (width, height), pixels, "raw", "RGBA", 0, 1)
        buf = io.BytesIO()
        rgba.convert("RGB").save(buf, format="png", compress_level=1)
        self.png = buf.getvalue()
        self.image.value = self.png
        return self.png


class CanvasView(FigureImage):
    """Like :class:`FigureImage`, but shown on an ipympl canvas, which reports mouse clicks.

    Needs ipympl in the kernel and its front-end (``jupyter-matplotlib``) in
    JupyterLab or Voilà.  :meth:`on_click` registers ``callback(ax, x, y)``
    for a left click inside an axes, in data coordinates.  :attr:`png` is
    still rendered (off-screen) for the static picture.
    """

    def __init__(self, figsize=(13, 4.8), dpi: int = DPI, css_class: str | None = None):
        Canvas, FigureManager = ipympl_canvas()
        with plot_style():
            self.figure = Figure(figsize=figsize, dpi=dpi)
        with warnings.catch_warnings():
            # ipympl's toolbar trips a traitlets DeprecationWarning that is not ours to fix
            warnings.simplefilter("ignore", DeprecationWarning)
            self.canvas = Canvas(self.figure)
            self.manager = FigureManager(self.canvas, 0)
        self.canvas.header_visible = False
        self.canvas.footer_visible = False
        self.canvas.toolbar_visible = False
        self.canvas.resizable = False
        self.canvas._closed = False
        if css_class:
            self.canvas.add_class(css_class)
        self.dpi = dpi
        self.image = self.canvas          # the widget to put in a layout
        self._png = b""
        self._png_stale = True

    def on_click(self, callback) -> None:
        """Call ``callback(ax, x, y)`` on a left click inside an axes (data coordinates)."""
        def handler(event):
            if event.inaxes is not None and event.button == 1 and event.xdata is not None:
                callback(event.inaxes, float(event.xdata), float(event.ydata))
        self.canvas.mpl_connect("button_press_event", handler)

    @property
    def png(self) -> bytes:
        """A PNG of the current picture (rendered off-screen when first asked for)."""
        if self._png_stale:
            buf = io.BytesIO()
            with plot_style():
                self.figure.canvas.print_png(buf, pil_kwargs={"compress_level": 1})
            self._png, self._png_stale = buf.getvalue(), False
        return self._png

    def render(self) -> None:
        """Ask the canvas to redraw (the browser gets the new picture)."""
        self._png_stale = True
        self.canvas.draw_idle()

    def render_changed(self, changing, key) -> None:
        """Ask the canvas to redraw: ipympl draws the whole figure itself (no kept picture here)."""
        self.render()


def small_png(png: bytes) -> bytes:
    """The same picture as a 256-colour PNG: about a third of the size, for stored notebooks."""
    from PIL import Image

    if not png:
        return png
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    buf = io.BytesIO()
    image.save(buf, format="png", optimize=True)
    return buf.getvalue()


def static_bundle(widget, png: bytes, text: str, **kwargs) -> dict:
    """The mime bundle of a widget plus a PNG and a deterministic text summary.

    Parameters
    ----------
    widget : ipywidgets.Widget
        The live widget (its ``application/vnd.jupyter.widget-view+json``).
    png : bytes
        A picture of the current state, for viewers without a kernel (stored
        as a 256-colour PNG, see :func:`small_png`).
    text : str
        The ``text/plain`` representation (nbval compares it: no addresses, no timings).
    """
    data = dict(widget._repr_mimebundle_(**kwargs) or {})
    if png:
        data["image/png"] = base64.b64encode(small_png(png)).decode("ascii")
    data["text/plain"] = text
    return data


class StaticPictureMixin:
    """Display for a widget shell: the live ``ui``, plus a picture and a text for viewers without a kernel.

    A class using it has ``ui`` (the ipywidgets box), ``views`` (a
    :class:`FigureImage` with the current ``png``) and ``summary()`` (one
    deterministic line of text, which nbval compares).
    """

    def _repr_mimebundle_(self, **kwargs):
        return static_bundle(self.ui, self.views.png, self.summary(), **kwargs)

    def display(self) -> None:
        """Show the widget (same as ending a cell with it)."""
        from IPython.display import display

        display(self)


# ------------------------------------------------------------------ control groups
def control_groups(controls, groups) -> tuple[str, ...]:
    """The groups of controls to show: all for None, else the names given (checked against ``groups``)."""
    if controls is None:
        return tuple(groups)
    if isinstance(controls, str):
        controls = [controls]
    try:
        names = [check_choice(c, "controls", groups) for c in controls]
    except TypeError:
        raise ValueError(f"controls: expected None or a list of names from {', '.join(groups)}, "
                         f"got {controls!r}") from None
    return tuple(g for g in groups if g in names)


def group_row(*children) -> widgets.HBox:
    """One group of controls: a row that never wraps (the groups themselves wrap as wholes)."""
    box = widgets.HBox(list(children), layout=widgets.Layout(flex_flow="row nowrap", align_items="center",
                                                             margin="0 14px 2px 0"))
    box.add_class("mlpviz-control-group")
    return box


def controls_box(rows) -> widgets.Box:
    """The groups side by side, wrapping group by group onto further rows as the page narrows."""
    box = widgets.Box(list(rows), layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
    box.add_class("mlpviz-controls")
    return box
