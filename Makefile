# The two commands: `make run` (try it out, embedded) and `make test` (the whole suite on PostgreSQL and Redis).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

DEMO_DATA ?= 1
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tum_portal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test install install-test install-mutation mutation messages chromium libreoffice services bench loadtest makemessages clean

# The set-up steps skip Django's system checks: runserver runs them once. The portal is served with a Celery
# worker (and beat) beside it, so that reports and imports run outside the request as in production; its
# messages are files in var/broker, so no Redis is needed. Ctrl-C stops both.
run: install messages
	@mkdir -p var
	$(MANAGE) migrate --noinput --skip-checks
	$(MANAGE) import_plan fixtures/kaunas/plan.yaml --skip-checks
	$(MANAGE) import_plan fixtures/pamiskis/plan.yaml --skip-checks
	$(MANAGE) create_demo_accounts --skip-checks
	@if [ "$(DEMO_DATA)" != "0" ]; then $(MANAGE) generate_demo_data --progress-for kaunas --seed 1 --skip-checks; fi
	@export CELERY_BROKER_URL=filesystem://localhost/; \
	nice $(BIN)/python -m celery -A tum_portal worker --beat --schedule var/celerybeat-schedule --concurrency 2 \
		--without-gossip --without-mingle --loglevel warning & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

test: install-test messages chromium libreoffice
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

install-mutation: $(VENV)/.installed-mutation

$(VENV)/.installed-mutation: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,mutation]'
	@touch $@

# Mutation testing (README, "Mutation testing"): slow, so never part of `make test`. Each module is mutated
# with only the tests that cover it; `make mutation MUTATE=money` runs one. Reports go to var/mutation/.
# mutmut changes the module in place while it runs: leave the working tree alone until it ends.
MUTATE ?= money execution rules workflow schema
MUTATE_money := core/money.py
TESTS_money := tests/test_money.py
MUTATE_execution := budget/execution.py
TESTS_execution := tests/test_execution_edges.py tests/test_budget.py::test_execution_by_month
MUTATE_rules := accounts/rules.py
TESTS_rules := tests/test_rules_predicates.py tests/test_access.py
MUTATE_workflow := reporting/workflow.py
TESTS_workflow := tests/test_self_approval.py tests/test_reporting.py
MUTATE_schema := planfile/schema.py
# The plan-import tests need the database and about two minutes a run; the schema's own tests need neither.
# Its message texts are not mutated: 478 of its 815 mutants would only reword a message.
TESTS_schema := tests/test_plan_v2.py tests/test_plan_import_safety.py
OPTIONS_schema := --disable-mutation-types=string,fstring
MUTATION_SCORE := import sqlite3, sys; rows = dict(sqlite3.connect(".mutmut-cache").execute("select status, count(*) \
	from Mutant group by status")); print(sys.argv[1], {k: rows.get(k, 0) for k in ("ok_killed", "bad_survived", \
	"bad_timeout", "ok_suspicious", "skipped", "untested")})

mutation: install-mutation messages
	@DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(BIN)/python bin/check_services.py
	@mkdir -p var/mutation
	$(foreach m,$(MUTATE),$(if $(MUTATE_$(m)),,$(error MUTATE: "$(m)" is none of money execution rules workflow schema)))
	$(foreach m,$(MUTATE),$(call mutate,$(m)))

define mutate
	rm -f .mutmut-cache
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(BIN)/mutmut run --CI --no-progress --simple-output --paths-to-mutate $(MUTATE_$(1)) $(OPTIONS_$(1)) \
		--runner "$(BIN)/python -m pytest -x -q -p no:cacheprovider --reuse-db $(TESTS_$(1))"
	$(BIN)/mutmut show all > var/mutation/$(1).txt
	$(BIN)/python -c '$(MUTATION_SCORE)' $(MUTATE_$(1)) | tee -a var/mutation/$(1).txt
	rm -f .mutmut-cache

endef

# Translations: .po files are in the repository, .mo files are built from them.
messages: install
	@command -v msgfmt >/dev/null || { echo "Installing gettext (msgfmt)…"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }
	@$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

makemessages: install
	$(MANAGE) makemessages --locale=lt --locale=en --ignore=.venv --ignore=staticfiles --no-obsolete

# Browser tests drive Debian's chromium through Playwright.
chromium:
	@command -v chromium >/dev/null || { echo "Installing chromium for the browser tests…"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Excel report tests recalculate and print workbooks with LibreOffice (pdftotext reads the pages back).
libreoffice:
	@command -v soffice >/dev/null && command -v pdftotext >/dev/null || { echo "Installing LibreOffice Calc for the Excel report tests…"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui poppler-utils >/dev/null; }

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
