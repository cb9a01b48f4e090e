# mlpviz: make lab | make test | make notebooks [NB=...] | make bench
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Jupyter refuses to start as root without --allow-root (containers, CI machines).
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
# Open the suite's first notebook: Lab's default page, so it opens also with --no-browser
# (the URL Jupyter prints, with its token, leads to it).
START_URL  := $(if $(wildcard notebooks/00_start_here.ipynb),--LabApp.default_url=/lab/tree/00_start_here.ipynb,)
# The project's JupyterLab settings (widget state saved with a notebook, no news toast): Lab reads
# them from overrides.json in the environment's share/jupyter/lab/settings.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
LAB_ARGS   ?=
PYTEST_ARGS ?=
NBVAL_ARGS := --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg

.PHONY: all venv install lab test notebooks student bench clean distclean

all: test

venv install: $(STAMP)

# Re-installs whenever pyproject.toml is newer than the stamp.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -e '.[dev]'
	touch $@

$(LAB_SETTINGS): lab/overrides.json $(STAMP)
	mkdir -p $(dir $@)
	cp lab/overrides.json $@

lab: $(STAMP) $(LAB_SETTINGS)
	@echo "make lab: JupyterLab opens notebooks/00_start_here.ipynb; open the URL printed below (with its token)"
	$(BIN)/jupyter lab $(ALLOW_ROOT) --ServerApp.root_dir=notebooks $(START_URL) $(LAB_ARGS)

# 1) unit/property/browser tests in tests/; 2) nbval over the stored notebook outputs.
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS) tests
	@if [ -n "$$(find notebooks -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' 2>/dev/null | head -n 1)" ]; then \
	  echo "$(BIN)/python -m pytest $(PYTEST_ARGS) $(NBVAL_ARGS) notebooks"; \
	  $(BIN)/python -m pytest $(PYTEST_ARGS) $(NBVAL_ARGS) notebooks; \
	else \
	  echo "make test: no .ipynb files under notebooks/, skipping nbval"; \
	fi

# Sync each notebook with its .md (jupytext: the newer file's text wins), then re-execute it in
# place from a fresh kernel that imports mlpviz from this checkout. All of notebooks/, or one or
# more given as paths, stems or prefixes: make notebooks NB=notebooks/05_gradient_descent.md
NB ?=
notebooks: $(STAMP)
	$(BIN)/python tools/run_notebooks.py $(NB)

# Student copies: every notebook without its cells tagged `solution` (nbconvert's TagRemovePreprocessor).
student: $(STAMP)
	$(BIN)/python tools/make_student.py --out build/student

bench: $(STAMP)
	@set -e; found=0; \
	for f in benchmarks/*.py; do \
	  [ -e "$$f" ] || continue; \
	  case "$$(basename "$$f")" in _*) continue;; esac; \
	  found=1; echo "== $$f"; $(BIN)/python "$$f"; \
	done; \
	[ "$$found" = 1 ] || echo "make bench: no benchmarks/*.py"

clean:
	rm -rf build dist *.egg-info .pytest_cache .hypothesis .ci/logs
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) -type d -print0 \
	  | xargs -0 rm -rf

distclean: clean
	rm -rf $(VENV)

# The trainer as a web app, without code cells: Voilà serves notebooks/app_trainer.ipynb
# (Voilà needs no --allow-root). Extra options go in APP_ARGS, e.g. APP_ARGS="--port=8867 --no-browser".
APP_ARGS ?=
.PHONY: app
app: $(STAMP)
	$(BIN)/voila notebooks/app_trainer.ipynb $(APP_ARGS)
