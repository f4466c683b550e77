# 联创 Lianchuang — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1
DATABASE_URL ?= sqlite+aiosqlite:///$(CURDIR)/var/lianchuang.db
export DATABASE_URL

.PHONY: run test lint test-python test-postgres test-databases test-pwa test-e2e pwa venv bench schema clean help system-fonts system-browser system-wrk

help:
	@echo "make run    — install, build the PWA, migrate, load the demo county, serve on http://$(HOST):$(PORT)"
	@echo "make test   — every test: Python on SQLite (and PostgreSQL when TEST_DATABASE_URL is set), PWA unit, e2e in Chromium"
	@echo "make lint   — ruff, mypy and vue-tsc (also run by make test)"
	@echo "make bench  — generate a dataset and measure the case list (see README)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Reinstalled whenever pyproject.toml changes.
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

venv: $(VENV)/.installed

# Debian packages the product needs outside Python and npm: a Chinese font embedded in PDF
# exports, Chromium for the browser tests, wrk for the benchmark. Installed when missing and apt-get can (root).
define apt_install
	@if ! dpkg -s $(1) >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			echo "installing Debian's $(1)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
		else echo "warning: Debian's $(1) is missing (apt-get install $(1))"; fi; \
	fi
endef

system-fonts:
	$(call apt_install,fonts-wqy-microhei)

system-browser:
	$(call apt_install,chromium)

system-wrk:
	$(call apt_install,wrk)

pwa/node_modules/.package-lock.json: pwa/package.json pwa/package-lock.json
	cd pwa && npm ci --no-audit --no-fund

pwa: pwa/node_modules/.package-lock.json
	cd pwa && npm run build

run: venv pwa system-fonts
	$(BIN)/lianchuang migrate
	$(BIN)/lianchuang load-demo
	@$(BIN)/lianchuang demo-users
	@echo "Serving on http://$(HOST):$(PORT)"
	$(BIN)/lianchuang serve --host $(HOST) --port $(PORT)

test: lint test-databases test-pwa test-e2e

# Static checks (configured in pyproject.toml and pwa/package.json): ruff (lint, import order),
# mypy over server/ and schema/, vue-tsc over the PWA. Any finding fails `make test`.
lint: venv pwa/node_modules/.package-lock.json
	$(BIN)/ruff check .
	$(BIN)/mypy
	cd pwa && npm run typecheck

test-python: venv system-fonts
	$(BIN)/lianchuang export-schema --check
	$(BIN)/pytest -q

# The same API and database tests against PostgreSQL (each run creates and drops its own database).
test-postgres: venv system-fonts
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		LC_TEST_BACKEND=postgresql $(BIN)/pytest -q tests/api tests/db; \
	else echo "TEST_DATABASE_URL not set: PostgreSQL tests not run"; fi

# Both at once (what `make test` runs): the SQLite run is one Python process on one core, the
# PostgreSQL run waits on the database much of its time, so together they take about as long as the
# longer one (two cores; CI stays inside its 30 minutes). Nothing is shared between them: each
# creates its own databases and temporary directories. The PostgreSQL output is printed after.
test-databases: venv system-fonts
	$(BIN)/lianchuang export-schema --check
	@mkdir -p var
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		LC_TEST_BACKEND=postgresql $(BIN)/pytest -q -p no:cacheprovider tests/api tests/db > var/test-postgres.log 2>&1 & \
		postgres=$$!; \
		$(BIN)/pytest -q; sqlite=$$?; \
		wait $$postgres; pg=$$?; \
		echo "--- PostgreSQL (tests/api tests/db) ---"; cat var/test-postgres.log; \
		[ $$sqlite -eq 0 ] && [ $$pg -eq 0 ]; \
	else $(BIN)/pytest -q; echo "TEST_DATABASE_URL not set: PostgreSQL tests not run"; fi

test-pwa: pwa
	cd pwa && npm test

test-e2e: venv pwa system-fonts system-browser
	bash tests/e2e/run.sh

schema: venv
	$(BIN)/lianchuang export-schema

bench: venv system-wrk
	$(BIN)/lianchuang bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) pwa/node_modules pwa/dist var
