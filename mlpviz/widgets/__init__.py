"""Interactive widgets (ipywidgets), each a thin shell over a stateful object.

* :class:`TrainerWidget` over :class:`mlpviz.trainer.Trainer` — step through training;
* :class:`DescentExplorer` over :class:`mlpviz.descent.Descent` — gradient descent on x²+y² and friends;
* :class:`StageStepper` over :class:`StageWalk` — one sample through init → … → update.

Importing this package imports ipywidgets and matplotlib; ``import mlpviz``
does not import it.  In a notebook::

    from mlpviz.widgets import TrainerWidget
    TrainerWidget()

Views are matplotlib figures rendered to PNG in an :class:`ipywidgets.Image`
(see :mod:`mlpviz.widgets._figure` for why), and each widget also leaves a
static PNG and a deterministic text summary in the notebook's stored output.
"""
from .descent import DescentExplorer
from .stepper import StageStepper, StageWalk
from .trainer import TrainerWidget

__all__ = ["TrainerWidget", "DescentExplorer", "StageStepper", "StageWalk"]
