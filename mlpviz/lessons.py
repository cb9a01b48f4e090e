"""The helpers the notebooks call, by the names they had when they lived here.

Each now lives with its topic; this module re-exports them so that
``mv.lessons.X(...)`` keeps working:

* tables of parameters, updates and losses: :mod:`mlpviz.tables`;
* the table type: :class:`mlpviz.format.Table`;
* names of the parameters: :func:`mlpviz.notation.parameter_names`;
* formulas with numbers (min-max scaling, the chain rule): :mod:`mlpviz.explain`;
* backprop beside other gradients: :func:`mlpviz.gradcheck.gradient_table`;
* the seeds' slips on a topic: :func:`mlpviz.errata.errata_notes`;
* display options: :func:`mlpviz.notebook.setup`.
"""
from __future__ import annotations

from .errata import errata_notes
from .explain import chain_rule_numbers, minmax_latex
from .format import Table
from .gradcheck import gradient_table
from .notation import parameter_names
from .notebook import setup
from .tables import epoch_table, loss_table, parameter_table, same_parameters, step_loss_table, update_table

__all__ = ["Table", "parameter_names", "parameter_table", "loss_table", "minmax_latex", "errata_notes",
           "gradient_table", "update_table", "step_loss_table", "epoch_table", "same_parameters", "setup",
           "chain_rule_numbers"]
