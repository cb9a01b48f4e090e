"""mlpviz pictures (matplotlib), one module per picture.

Every function returns the :class:`matplotlib.figure.Figure` it drew on and
never calls ``plt.show()``; pass ``ax=`` (or ``fig=`` for multi-panel
pictures) to draw into an existing figure, e.g. an ipympl canvas in a widget.
New figures are pyplot-managed, so ``%matplotlib inline`` and
``%matplotlib widget`` display them.  End a notebook cell with ``;`` to avoid
showing a figure twice.
"""
from .activations import plot_activations
from .boundary import plot_decision_boundaries, plot_decision_boundary
from .confusion import plot_confusion_matrix
from .descent import plot_descent, plot_descent_contour, plot_descent_surface
from .images import plot_images
from .layers import plot_activation_histograms, plot_layer_values
from .loss import plot_half_squared_error, plot_loss, plot_losses
from .network import (STAGES, artists_by_gid, draw_backward, draw_network, draw_network_diff, node_names,
                      stage_highlight)
from .scaling import plot_scaling
from .style import COLORS, NEGATIVE, POSITIVE, plot_style

__all__ = [
    "draw_network", "draw_network_diff", "draw_backward", "node_names", "stage_highlight", "artists_by_gid", "STAGES",
    "plot_loss", "plot_losses", "plot_half_squared_error",
    "plot_descent_contour", "plot_descent_surface", "plot_descent",
    "plot_activations", "plot_scaling", "plot_decision_boundary",
    "plot_decision_boundaries", "plot_confusion_matrix", "plot_images", "plot_layer_values",
    "plot_activation_histograms",
    "plot_style", "COLORS", "POSITIVE", "NEGATIVE",
]
