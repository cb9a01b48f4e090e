import os

os.environ.setdefault("MPLBACKEND", "Agg")

# Hypothesis: no per-example deadline (a loaded CI machine must not turn slow into failing);
# individual @settings still choose their own max_examples.
from hypothesis import settings

settings.register_profile("mlpviz", deadline=None)
settings.load_profile("mlpviz")
