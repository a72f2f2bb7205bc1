# One entry point for newcomers and CI. `make lab` opens the guide, `make test` runs every
# test; both create the virtual environment in .venv and install what is missing first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test lint bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/01_start_here.ipynb

lint: $(STAMP)
	$(BIN)/ruff check guide tests notebooks

test: $(STAMP) lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m guide.bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
