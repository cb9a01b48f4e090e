"""``python -m mlpviz train|test|predict`` (see :mod:`mlpviz.cli`)."""
from .cli import main

raise SystemExit(main())
