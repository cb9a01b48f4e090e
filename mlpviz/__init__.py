"""mlpviz: the math of training a multi-layer perceptron, step by step.

The public API, re-exported here so notebooks can ``import mlpviz as mv``.
"""
from .activations import ACTIVATIONS, Activation, get_activation
from .loss import mse_loss
from .network import MLP, Gradients, History, Trace, TrainingDivergedError
from .scaling import MinMaxScaler
from . import examples
# -- more re-exports below (one line per module) --
from .io import load_network, save_network, load_scaler, save_scaler, load_go_weights, save_go_weights, load_go_minmax, save_go_minmax
from .data import Dataset, load_csv
from .descent import Descent, DescentPath, Function2D, gradient_descent
from . import lessons
from . import errata
from . import explain
from .trainer import StepRecord, Trainer

__version__ = "0.1.0"
