# firsttouch: `make run` to try it, `make test` for the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
export FIRSTTOUCH_DATA_DIR ?= $(CURDIR)/data
# Test processes (pytest-xdist): one per core, an idle one takes work from a busy one;
# `make test PYTEST_WORKERS=0` runs serially.
PYTEST_WORKERS ?= auto

RUN_STAMP  := $(VENV)/.run-installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: run test lint bench bench-stats install demo clean openapi messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(RUN_STAMP)

install: $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/firsttouch migrate --noinput -v 0
	$(BIN)/firsttouch check_content
	@echo "firsttouch: open http://$(HOST):$(PORT) (Ctrl+C to stop)"
	$(BIN)/firsttouch serve --host $(HOST) --port $(PORT)

demo: $(RUN_STAMP)
	$(BIN)/firsttouch migrate --noinput -v 0
	$(BIN)/firsttouch demo --host $(HOST) --port $(PORT)

test: $(TEST_STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check firsttouch tests bench conftest.py
	$(BIN)/ruff format --check firsttouch tests bench conftest.py
	$(BIN)/mypy firsttouch
	$(BIN)/lint-imports --no-logo
	$(BIN)/python scripts/check_translatable.py

# Translations (docs/translations.md): each app with a locale/ folder gets its own catalogue,
# extracted from that app's folder only, then every catalogue is compiled (.mo files are
# committed: installing needs no gettext). Needs gettext's msgfmt (apt-get install gettext).
# Start a new app's catalogue with `mkdir firsttouch/<app>/locale`.
LOCALES ?= es fr
messages: $(RUN_STAMP)
	@for dir in firsttouch/*/locale; do \
	  app=$${dir%/locale}; echo "$$app"; \
	  (cd $$app && $(CURDIR)/$(BIN)/firsttouch makemessages $(foreach l,$(LOCALES),-l $(l)) --no-location -v 0) || exit 1; \
	  (cd $$app && $(CURDIR)/$(BIN)/firsttouch compilemessages -v 0) || exit 1; \
	done

# After changing the API: write docs/openapi.json again (a test compares it with the served one).
openapi: $(RUN_STAMP)
	$(BIN)/firsttouch openapi

# The four scenarios of bench/run.py, then firsttouch against a bare Django + ninja app in the
# same run (bench/ceiling.py). Needs wrk (apt-get install wrk). Figures: bench/README.md.
bench: $(TEST_STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/ceiling.py

# Do the insights' 95 % intervals hold it? 2,000 simulated logs per scenario (a few minutes).
bench-stats: $(TEST_STAMP)
	$(BIN)/python bench/insights_null.py

clean:
	rm -rf $(VENV) .pytest_cache
