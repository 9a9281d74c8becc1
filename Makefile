# planner: `make run` to try it, `make test` to run every test. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app planner
VENDOR := planner/static/vendor/designsystemet
CATALOGUES := $(wildcard planner/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: setup setup-test run serve test test-fast check lint typecheck layers format translations-extract translations-update demo clean

## setup: virtual environment, Python package, front-end assets, compiled translations
setup: $(VENV)/.installed $(VENDOR)/designsystemet.css $(COMPILED)

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

$(VENDOR)/designsystemet.css: node_modules/.installed package.json
	mkdir -p $(VENDOR)
	cp node_modules/@digdir/designsystemet-css/dist/src/index.css $(VENDOR)/designsystemet.css
	cp node_modules/@digdir/designsystemet-css/dist/theme/designsystemet.css $(VENDOR)/theme.css
	cp node_modules/@digdir/designsystemet-css/LICENSE $(VENDOR)/LICENSE
	mkdir -p planner/static/vendor/inter
	cp -r node_modules/@fontsource-variable/inter/index.css node_modules/@fontsource-variable/inter/files node_modules/@fontsource-variable/inter/LICENSE planner/static/vendor/inter/

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

## run: set up, migrate the SQLite database in instance/, load the demo if empty, serve on :5000
## with a background worker beside the server (Ctrl-C stops both)
run: setup
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty
	@echo "Serving on http://$(HOST):$(PORT)/, with a background worker"
	HOST=$(HOST) PORT=$(PORT) scripts/run-with-worker.sh $(FLASK)

## serve: production server (gunicorn); needs SECRET_KEY and, for PostgreSQL, DATABASE_URL
serve: setup
	PLANNER_ENV=production $(FLASK) db upgrade
	PLANNER_ENV=production $(BIN)/gunicorn -c gunicorn.conf.py 'planner:create_app()'

## test: set up with test tools and the browser, check the code, then run the whole suite
test: setup $(VENV)/.installed-test check
	scripts/require-system-packages.sh
	$(BIN)/pytest $(PYTEST_ARGS)

## test-fast: the checks and everything but the browser suite
test-fast: setup $(VENV)/.installed-test check
	scripts/require-system-packages.sh
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

## check: lint, format, types and the layer contract; fails on any finding
check: lint typecheck layers

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

## layers: a package never imports one above it (import-linter, contract in pyproject.toml)
layers: $(VENV)/.installed-test
	$(BIN)/lint-imports

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

translations-extract: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -o planner/translations/messages.pot --width 100 --sort-output --project planner --ignore-dirs ".* node_modules __pycache__" .

translations-update: translations-extract
	$(BIN)/pybabel update -i planner/translations/messages.pot -d planner/translations --no-fuzzy-matching --ignore-obsolete --width 100
	$(BIN)/python scripts/fill_english_catalogue.py

clean:
	rm -rf $(VENV) node_modules planner/static/vendor $(COMPILED)
