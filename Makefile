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

.PHONY: help demo test lint bench migrate status check schema postgres server-stop clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

postgres: $(STAMP) ## find the PostgreSQL server binaries; as root, install them if missing
	@if ! $(BIN)/python -c 'from runner.localpg import find_bindir; find_bindir()' 2>/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing PostgreSQL with apt-get"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	  else \
	    echo "PostgreSQL server binaries not found: install PostgreSQL 15+ or set GAMEDB_PG_BINDIR" >&2; exit 1; \
	  fi; \
	fi
	@$(BIN)/python -c 'from runner.localpg import find_bindir; print("PostgreSQL binaries:", find_bindir())'

demo: postgres ## migrate, load the demo data and run a few queries (local server unless DATABASE_URL)
	$(GAMEDB) migrate
	$(GAMEDB) load-demo
	$(GAMEDB) query run settings_list
	$(GAMEDB) query run game_stats
	$(GAMEDB) query run pending_rewards
	$(GAMEDB) query run issue_certificates
	$(GAMEDB) query run nudge_inactive_users
	$(GAMEDB) query run challenge_leaderboard -p challenge_id=1
	$(GAMEDB) query run marketplace_browse
	$(GAMEDB) query run refresh_vote_graph
	$(GAMEDB) query run detect_abuse
	$(GAMEDB) query run recompute_trust_scores
	$(GAMEDB) query run run_award_rules
	$(GAMEDB) query run xp_leaderboard -p period=all
	$(GAMEDB) query run abuse_flags_pending -p max_rows=10
	$(GAMEDB) check

test: postgres lint ## lint the SQL and run the whole test suite against a throwaway PostgreSQL
	$(BIN)/pytest

lint: $(STAMP) ## sqlfluff on all SQL; squawk on migrations (unsafe DDL)
	$(BIN)/sqlfluff lint $(SQL_DIRS)
	@# squawk cannot read yoyo's `-- transactional: false`: lint those files
	@# as running outside a transaction, the others as inside one.
	$(BIN)/squawk --config .squawk.toml $$(grep -L '^-- transactional: false' $(FORWARD_MIGRATIONS))
	$(BIN)/squawk --config .squawk.toml --no-assume-in-transaction \
	  $$(grep -l '^-- transactional: false' $(FORWARD_MIGRATIONS))

BENCH_STAMP := $(VENV)/.bench-stamp

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	touch $@

bench: postgres $(BENCH_STAMP) ## production-size benchmark on the local server (SCALE=1: 1M users); writes bench/out/
	$(BIN)/python -m bench.run

migrate: $(STAMP) ## apply pending migrations to $$DATABASE_URL (for deploy pipelines)
	@if [ -z "$${DATABASE_URL:-}" ]; then echo "make migrate: DATABASE_URL is not set" >&2; exit 2; fi
	$(GAMEDB) migrate

status: $(STAMP) ## applied and pending migrations
	$(GAMEDB) status

check: $(STAMP) ## run the invariant checks
	$(GAMEDB) check

schema: postgres ## rebuild sql/schema.sql from the migrations (commit it with them)
	$(BIN)/python -m tests.rebuild_schema

server-stop: $(STAMP) ## stop the project's local PostgreSQL
	$(GAMEDB) server stop

clean: ## remove the virtualenv and the local server's data
	-$(GAMEDB) server destroy
	rm -rf $(VENV)
