# The two commands a newcomer needs: `make run` and `make test`.
# Everything else here is what those two are made of.

VENV := .venv
BIN := $(VENV)/bin
# Python 3.12 from PATH, or from pyenv when its shim is not active.
PYTHON ?= $(shell for candidate in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3.12 python3; do \
	$$candidate -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null && echo $$candidate && break; done)
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install node-tools run test test-slow test-sqlite test-postgres lint format demo demo-reset serve bench audit clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "Python 3.12 est requis (python3.12 introuvable)."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $(STAMP)

# Test-only tools from npm: axe-core (accessibility) and vnu.jar (HTML validity, run by Java).
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; the machine's Java is used.
NODE_STAMP := node_modules/.installed
node-tools: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE_STAMP)

run: install
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

demo: install
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_demo

demo-reset: install
	rm -f var/db.sqlite3
	$(MAKE) demo

# Everything but the tests marked slow (servers in subprocesses, the admin sweep in
# Chromium); CI runs those too, with `make test-slow`. docs/testing.md.
test: install node-tools lint
	$(BIN)/pytest -m "not slow"

test-slow: install node-tools
	$(BIN)/pytest -m slow

lint: install audit
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Known vulnerabilities in the installed packages fail; an unreachable service only warns.
audit: install
	$(BIN)/python scripts/audit.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The production profile (DEBUG off, gunicorn, whitenoise) on http://127.0.0.1:8001.
serve: install
	PORT=$(or $(SERVE_PORT),8001) scripts/serve.sh

# HTTP throughput and latency through gunicorn, and page weight: docs/benchmarks.md.
bench: install
	$(BIN)/python scripts/http_bench.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
