# EvalCenter — `make run` serves the platform with demo data, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
export EVALCENTER_ENV ?= development
TRANSLATIONS := evalcenter/translations
TOOLS  := tools

.PHONY: run test setup test-setup sysdeps sysdeps-test lint format translations \
        translations-compile test-postgres bench clean

# Links made outside a request (the demo's certificates' QR codes, e-mails) point at the
# served address.
run: export EVALCENTER_BASE_URL ?= http://$(HOST):$(PORT)
run: setup
	$(BIN)/evalcenter db upgrade
	$(BIN)/evalcenter seed-demo --full
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C stops)"
	$(BIN)/evalcenter run --host $(HOST) --port $(PORT) --no-reload

test: test-setup
	$(BIN)/ruff check .
	EVALCENTER_ENV=testing $(BIN)/pytest

setup: sysdeps $(VENV)/.installed translations-compile
test-setup: sysdeps-test $(VENV)/.installed translations-compile $(TOOLS)/node_modules/.installed

sysdeps:
	@bash scripts/system-packages.sh run
sysdeps-test:
	@bash scripts/system-packages.sh test

$(VENV)/.installed: setup.cfg pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  (echo "Python 3.11 or newer is needed (set PYTHON=...)" >&2; exit 1)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# The page checkers of the browser tests (axe-core, the Nu Html Checker), pinned in
# tools/package-lock.json; never loaded by the app. Their install scripts are not run: the
# checker runs on the machine's Java (scripts/system-packages.sh test installs it).
$(TOOLS)/node_modules/.installed: $(TOOLS)/package.json $(TOOLS)/package-lock.json
	npm ci --prefix $(TOOLS) --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

translations-compile: $(VENV)/.installed
	@$(BIN)/pybabel compile --use-fuzzy -d $(TRANSLATIONS) -D messages >/dev/null

# Re-extract messages after changing user-facing text, then translate the new entries in
# evalcenter/translations/zh_Hans_CN/LC_MESSAGES/messages.po.
translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location --sort-output \
	  --project EvalCenter -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-wrap \
	  --no-fuzzy-matching

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The whole suite again against a throwaway PostgreSQL database (local server, trust auth).
PG_ADMIN_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
test-postgres: test-setup
	$(BIN)/python scripts/with_postgres.py "$(PG_ADMIN_URL)" $(BIN)/pytest

bench: $(VENV)/.installed translations-compile
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	$(BIN)/python bench/score_bench.py
	$(BIN)/python bench/form_bench.py
	$(BIN)/python bench/list_bench.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
