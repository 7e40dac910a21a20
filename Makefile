# Kompas – set-up and test commands. Both targets are idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install install-prod lint check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Production packages only (what docs/deploy.md installs); `make run` needs no more.
$(VENV)/.installed-prod: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# Production plus the test and development tools (pytest, Playwright, ruff, import-linter, ...).
$(VENV)/.installed: $(VENV)/.installed-prod requirements-dev.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

install-prod: $(VENV)/.installed-prod node_modules/.installed

run: install-prod
	$(BIN)/kompas migrate --noinput
	$(BIN)/kompas regio laad
	$(BIN)/kompas kennisbank laad
	$(BIN)/kompas demo
	$(BIN)/kompas start --adres 127.0.0.1:8000

# Two pytest-xdist workers (the machine's two cores); the browser tests run together in one of them.
PYTEST_WORKERS ?= 2
test: install
	DJANGO_SETTINGS_MODULE=kompas.conf.test $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) node_modules var .pytest_cache
