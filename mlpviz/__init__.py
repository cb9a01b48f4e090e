"""mlpviz: the math of training a multi-layer perceptron, step by step.

The public API, re-exported here so notebooks can ``import mlpviz as mv``.
Importing mlpviz loads numpy only; ``mlpviz.symbolic`` (sympy),
``mlpviz.plots`` (matplotlib) and ``mlpviz.widgets`` (ipywidgets) are
imported on their own when needed.
"""
from .activations import ACTIVATIONS, Activation, get_activation
from .loss import mse_loss
from .network import MLP, Gradients, History, Trace, TrainingDivergedError
from .scaling import MinMaxScaler
from .data import Dataset, load_csv
from .io import (load_go_minmax, load_go_weights, load_network, load_scaler, save_go_minmax,
                 save_go_weights, save_model, save_network, save_scaler)
from .model import Model
from .descent import Descent, DescentPath, Function2D, gradient_descent
from .trainer import StepRecord, Trainer
from .presentation import presenter, presenting, smallest_text
from . import (batches, errata, examples, exercises, explain, format, gradcheck, lessons, notation, notebook,
               perceptron, tables)

__version__ = "0.1.0"
