# One entry point for newcomers and CI. `make lab` opens the guide, `make test` runs every
# test; both create the virtual environment in .venv and install what is missing first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab present test lint bench clean notebooks app room room-load constraints browser-deps bench-browser \
	hub hub-deps hub-load \
	parameters mutation

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c constraints.txt -e '.[test]'
	@touch $(STAMP)

# Record the versions now installed as the ones to reproduce.
constraints: $(STAMP)
	@{ head -n 3 constraints.txt; $(BIN)/python -m pip freeze --exclude-editable \
		| grep -v '^attend-or-cancel'; } > constraints.txt.new && mv constraints.txt.new constraints.txt

# JupyterLab refuses to run as root without --allow-root (containers, CI machines).
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

# JupyterLab's news and update pop-ups are off in this environment (they cover the page on
# a projector and ask the network).
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_SETTINGS): $(STAMP)
	@mkdir -p $(dir $@)
	@printf '%s\n' '{"@jupyterlab/apputils-extension:notification":' \
		' {"fetchNews": "false", "checkForUpdates": false}}' > $@

lab: $(STAMP) $(LAB_SETTINGS)
	$(BIN)/jupyter lab notebooks/01_start_here.ipynb $(ROOT_FLAG)

# A workshop: JupyterLab on a fresh copy of notebooks/ and data/ (under
# ~/attend-or-cancel/presenting/, or GUIDE_PRESENT_DIR), so presenting never rewrites the
# checkout's notebooks; it opens the facilitator's notebook.
present: $(STAMP) $(LAB_SETTINGS)
	$(BIN)/python -m guide.workshop.present $(ROOT_FLAG)

lint: $(STAMP)
	$(BIN)/ruff check guide tests notebooks

test: $(STAMP) lint browser-deps hub-deps
	$(BIN)/python -m pytest

# Debian's chromium for the browser tests (Playwright cannot download browsers here).
browser-deps:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Browser tests need Debian's chromium: run 'sudo apt-get install chromium'."; \
		echo "Without it they are skipped."; \
	fi

# The hub's proxy (configurable-http-proxy, from the npm registry) for the JupyterHub
# tests and `make hub`, installed into .tools/ when missing.
CHP := .tools/node_modules/.bin/configurable-http-proxy
hub-deps: $(CHP)
$(CHP):
	@if command -v npm >/dev/null; then \
		echo "Installing configurable-http-proxy (npm) for the JupyterHub tests..."; \
		npm install --silent --no-audit --no-fund --prefix .tools configurable-http-proxy@4 >/dev/null; \
	else \
		echo "The JupyterHub tests need npm (Node.js) to install configurable-http-proxy;"; \
		echo "without it they are skipped."; \
	fi

# A try-out of the course hub on this machine (README, "A class of 30 to 300"):
# deploy/jupyterhub_config.py at http://127.0.0.1:8000, any user name with the password it
# prints (HUB_PASSWORD sets one), every server as this account; "fac" facilitates.
HUB_HOMES ?= $(HOME)/attend-or-cancel/hub-tryout
hub: $(STAMP) hub-deps
	@mkdir -p "$(HUB_HOMES)"
	@PW="$${HUB_PASSWORD:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(9))')}"; \
	echo "JupyterHub at http://127.0.0.1:8000: any user name, password $$PW ('fac' facilitates)"; \
	PATH="$(CURDIR)/.tools/node_modules/.bin:$(CURDIR)/$(BIN):$$PATH" GUIDE_HUB_TRYOUT=1 \
		GUIDE_HUB_PASSWORD="$$PW" GUIDE_HUB_HOMES="$(HUB_HOMES)" \
		GUIDE_FACILITATORS="$${GUIDE_FACILITATORS:-fac}" GUIDE_PYTHON="$(CURDIR)/$(BIN)/python" \
		$(BIN)/jupyterhub -f deploy/jupyterhub_config.py

bench: $(STAMP)
	$(BIN)/python -m guide.bench

bench-browser: $(STAMP) browser-deps
	$(BIN)/python -m tests.browser.latency

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis

# Re-run every notebook top to bottom in a fresh kernel and save it with its outputs (on
# the guide's defaults: a remembered scenario or presentation styling is ignored).
notebooks: $(STAMP)
	GUIDE_SESSION_FILE= $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.record_timing=False notebooks/*.ipynb notebooks/workshop/*.ipynb

# The decision panel and the class poll as an app with no code visible (Voila), on
# loopback. GUIDE_POLL_DIR and GUIDE_PRESET choose the poll folder and
# the scenario; APP_PORT the port.
APP_PORT ?= 8866
app: $(STAMP)
	JUPYTER_PATH=guide/workshop/jupyter $(BIN)/voila notebooks/app.ipynb --no-browser \
		--port=$(APP_PORT) --Voila.ip=127.0.0.1 --strip_sources=True --template=guide-app

# The app for a room: phones on this network join with a link and a QR code, behind a
# random token (README, "Running a session"). ROOM_IP (default: this machine's LAN
# address), ROOM_PORT (8866) and ROOM_SIZE (30 participants) change it.
room: $(STAMP)
	$(BIN)/python -m guide.workshop.room

# Load test of room mode: ROOM_PARTICIPANTS (30) simulated phones for two minutes; prints
# the figures README quotes. Not part of make test (it takes about five minutes).
ROOM_PARTICIPANTS ?= 30
room-load: $(STAMP)
	$(BIN)/python -m tests.room_load --participants $(ROOM_PARTICIPANTS)

# Mutation testing of the model and decision code (tests/mutation.py): a sample of small
# changes, each run against the model's tests; prints the kill rate README quotes. Not part
# of make test (about fifteen minutes on two cores). MUTANTS sets the sample size.
MUTANTS ?= 60
mutation: $(STAMP)
	$(BIN)/python -m tests.mutation --sample $(MUTANTS) --json mutation.json

# data/parameters.csv is generated from the parameter specs in guide/_params.py.
parameters: $(STAMP)
	$(BIN)/python -m guide.model.params > data/parameters.csv.new && mv data/parameters.csv.new data/parameters.csv

# Load run of the guide on JupyterHub (tests/hub_load.py): HUB_USERS (20) users, each with
# the app, every fourth also running notebook 2; prints per-user memory and CPU (README).
HUB_USERS ?= 20
hub-load: $(STAMP) hub-deps
	$(BIN)/python -m tests.hub_load --users $(HUB_USERS)
