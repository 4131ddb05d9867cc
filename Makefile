# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make app    -> creates .venv, installs requirements.txt, runs the dashboard
#   make test   -> creates .venv, installs requirements-dev.txt and Debian's chromium, runs every test
# Both install the Debian fonts the map image draws its text with (scripts/ensure-fonts, as root).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
# Localhost only by default; serving on a network is explicit: `make app ADDRESS=0.0.0.0` (see README).
ADDRESS ?= 127.0.0.1

.PHONY: app editor test lint bench clean vendor basemap catalogs messages lock mutation fuzz

app: $(VENV)/.runtime-installed catalogs
	scripts/ensure-fonts
	$(BIN)/streamlit run serve.py --server.address $(ADDRESS) --server.port $(PORT)

# The editor's desk page: 127.0.0.1 only (on another address it refuses to run unless STATIONMAP_EDITOR_TOKEN is
# set; see README "Editing the data"). Never part of the public app or the published site.
EDITOR_PORT ?= 8502
editor: $(VENV)/.runtime-installed catalogs
	$(BIN)/streamlit run editor.py --server.address 127.0.0.1 --server.port $(EDITOR_PORT)

test: $(VENV)/.dev-installed catalogs
	scripts/ensure-chromium
	scripts/ensure-fonts
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .

# The loader's property test with 10,000 malformed data folders (make test runs a few hundred).
fuzz: $(VENV)/.dev-installed
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/unit/test_fuzz_loading.py -q

# Mutation testing of the core rules (configuration in pyproject.toml); prints the survivors.
# (mutmut pins textual, whose markdown-it-py[linkify] extra cannot go in the hash-checked lock: installed here.)
mutation: $(VENV)/.dev-installed
	$(BIN)/python -m pip install --quiet mutmut==3.8.1
	rm -rf mutants && $(BIN)/mutmut run; $(BIN)/mutmut results

bench: $(VENV)/.dev-installed
	$(BIN)/python -m scripts.bench_geocoding
	$(BIN)/python -m scripts.bench_map

# Compile the reviewed translation catalogs (.po -> .mo); both README commands run this.
catalogs: $(VENV)/.runtime-installed
	$(BIN)/pybabel compile -d stationmap/locales -D messages

# After changing interface text: extract it, merge it into the catalogs, derive Traditional from Simplified.
messages: $(VENV)/.dev-installed
	$(BIN)/pybabel extract -F babel.cfg -k tr -k words -k N_ --no-location --sort-output --width=100 --project=stationmap \
		-o stationmap/locales/messages.pot stationmap app_pages app.py
	$(BIN)/pybabel update -i stationmap/locales/messages.pot -d stationmap/locales -D messages --no-fuzzy-matching --width=100
	$(BIN)/python -m scripts.derive_traditional

# Refresh the vendored browser libraries from npm (pinned in scripts/vendor_assets.py) and the city labels.
vendor: $(VENV)/.dev-installed
	$(BIN)/python -m scripts.vendor_assets

basemap: $(VENV)/.dev-installed
	$(BIN)/python -m scripts.build_basemap

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs come from the lock files (every package pinned, with hashes): the same set on every machine.
$(VENV)/.runtime-installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements.lock requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(VENV)/.runtime-installed $@

# After editing requirements*.txt: re-resolve the lock files (needs uv, from the dev lock).
lock: $(VENV)/.dev-installed
	$(BIN)/uv pip compile -q --generate-hashes --python-version 3.11 --universal -o requirements.lock requirements.txt
	$(BIN)/uv pip compile -q --generate-hashes --python-version 3.11 --universal -o requirements-dev.lock \
		requirements-dev.txt

clean:
	rm -rf $(VENV) .cache .pytest_cache .ruff_cache
