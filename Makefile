# One entry point for newcomers and CI. `make lab` opens the guide, `make test` runs every
# test; both create the virtual environment in .venv and install what is missing first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test lint bench clean notebooks

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

# Re-run every notebook top to bottom in a fresh kernel and save it with its outputs.
notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb
