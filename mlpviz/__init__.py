"""mlpviz: the math of training a multi-layer perceptron, step by step.

The public API, re-exported here so notebooks can ``import mlpviz as mv``.
"""
from .activations import ACTIVATIONS, Activation, get_activation
from .loss import mse_loss
from .network import MLP, Gradients, History, Trace, TrainingDivergedError
from .scaling import MinMaxScaler
from . import examples
# -- more re-exports below (one line per module) --

__version__ = "0.1.0"
