# The NTM Portal. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.DEFAULT_GOAL := help
.PHONY: help install run seed test lint format lock messages bench

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.lock
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

# axe-core, which the browser tests run in each page (from the npm registry, locked).
tests/browser/node_modules/.installed: tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.installed ## Create .venv and install the locked dependencies

run: install ## Migrate, load the seed data and serve on http://127.0.0.1:8000/ (SQLite)
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --no-input
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py seed
	@# A local admin (admin / admin) for the local SQLite database only, once.
	@[ -n "$$DATABASE_URL" ] || DEBUG=true DJANGO_SUPERUSER_PASSWORD=admin $(BIN)/python manage.py \
		createsuperuser --no-input --username admin --email admin@localhost >/dev/null 2>&1 || true
	@# The worker runs the background jobs (spreadsheet imports) beside the server, and stops with it.
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py db_worker & worker=$$!; \
		trap 'kill $$worker' EXIT; DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver $(HOST)

seed: install ## Load the administrative units and the seed facts and figures
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py seed

test: install tests/browser/node_modules/.installed ## Run the whole suite (SQLite unless DATABASE_URL is set)
	SECRET_KEY=$${SECRET_KEY:-test-only-secret} $(BIN)/python -m pytest $(PYTEST_ARGS)

messages: install ## Extract interface strings into locale/ and compile the catalogs
	SECRET_KEY=make-messages $(BIN)/python manage.py makemessages -l vi -l en --no-obsolete \
		--ignore=.venv --ignore=bench --ignore=tests --ignore=staticfiles
	SECRET_KEY=make-messages $(BIN)/python manage.py compilemessages --ignore=.venv

lint: install ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Format and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install ## Load-test the national volume under gunicorn (bench/README.md)
	$(BIN)/python bench/run.py

lock: ## Re-resolve pyproject.toml's dependencies into requirements.lock
	rm -rf /tmp/ntmportal-lock && $(PYTHON) -m venv /tmp/ntmportal-lock
	$(PYTHON) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\\n'.join(p['dependencies'] + p['optional-dependencies']['dev']))" > /tmp/ntmportal-lock/requirements.in
	/tmp/ntmportal-lock/bin/pip install --quiet -r /tmp/ntmportal-lock/requirements.in
	/tmp/ntmportal-lock/bin/pip freeze --exclude pip > requirements.lock
