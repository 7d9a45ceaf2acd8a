# The two commands: `make run` (try it out, embedded) and `make test` (the whole suite on PostgreSQL and Redis).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

DEMO_DATA ?= 1
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tum_portal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test install install-test messages chromium services bench loadtest makemessages clean

run: install messages
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) import_plan fixtures/kaunas/plan.yaml
	$(MANAGE) create_demo_accounts
	@if [ "$(DEMO_DATA)" != "0" ]; then $(MANAGE) generate_demo_data --progress-for kaunas --seed 1; fi
	$(MANAGE) runserver 127.0.0.1:8000

test: install-test messages chromium
	@DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(BIN)/python bin/check_services.py
	$(BIN)/lint-imports
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $@

# Translations: .po files are in the repository, .mo files are built from them.
messages: install
	@command -v msgfmt >/dev/null || { echo "Installing gettext (msgfmt)…"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }
	@$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

makemessages: install
	$(MANAGE) makemessages --locale=lt --locale=en --ignore=.venv --ignore=staticfiles --no-obsolete

# Browser tests drive Debian's chromium through Playwright.
chromium:
	@command -v chromium >/dev/null || { echo "Installing chromium for the browser tests…"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The benchmark (README, "Benchmark"): PostgreSQL and Redis must be running; writes bench/results.md.
bench: install-test messages
	@DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(BIN)/python bin/check_services.py
	REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} $(BIN)/python -m bench.run

# 50 concurrent users mixing dashboard reads and coordinator submissions for 60 s (README, "Load test").
loadtest: install-test messages
	@DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(BIN)/python bin/check_services.py
	REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} $(BIN)/python -m bench.loadtest

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
