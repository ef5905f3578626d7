# Civic: the few commands people type. `make run` and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
export DJANGO_SETTINGS_MODULE ?= config.settings.dev
# Links in mails and certificates point at the site `make run` serves (set it to the real address elsewhere).
export PUBLIC_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test install assets messages makemessages migrate seed lint format check system-deps bench bench-exam mutation clean

run: install assets messages migrate seed ## the site with demo content on SQLite at http://127.0.0.1:$(PORT)
	@echo "Civic is at http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# In parallel (one test database per worker, files kept together); transactional tests restore what the
# migrations made for the tests after them (tests/conftest.py), on SQLite and PostgreSQL alike.
PYTEST_ARGS ?= -n auto --dist loadfile
test: install assets messages system-deps ## the whole test suite (PYTEST_ARGS="-k quiz" to narrow it)
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest $(PYTEST_ARGS)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

assets: ## front-end packages (h5p-standalone) copied into our static files
	@if [ -f frontend/package.json ]; then \
	  command -v npm >/dev/null || { echo "npm is missing: installing Node.js"; $(MAKE) --no-print-directory _apt PKGS="nodejs npm"; }; \
	  $(BIN)/python scripts/build_assets.py; \
	fi

messages: install ## compile the ky, ru and en catalogues
	$(BIN)/python scripts/compile_messages.py

makemessages: install ## collect new strings into locale/ (needs GNU gettext)
	$(MANAGE) makemessages -l ky -l ru -l en --no-obsolete --ignore=".venv/*" --ignore="frontend/node_modules/*" --ignore="var/*" --ignore="tests/*" --ignore="bench/*"
	$(MANAGE) makemessages -d djangojs -l ky -l ru -l en --no-obsolete --ignore=".venv/*" --ignore="frontend/node_modules/*" --ignore="var/*" --ignore="frontend/static/vendor/*"

migrate: install
	$(MANAGE) migrate --noinput

seed: install
	$(MANAGE) seed_demo

# Debian packages the suite needs (Chromium for end-to-end tests, redis-server for the task-queue tests, which
# start their own); installed when missing and we are root.
system-deps:
	@command -v chromium >/dev/null || $(MAKE) --no-print-directory _apt PKGS="chromium"
	@command -v redis-server >/dev/null || $(MAKE) --no-print-directory _apt PKGS="redis-server"

_apt:
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PKGS) >/dev/null; \
	else echo "Please install: $(PKGS)"; exit 1; fi

lint: install ## ruff, and the import contracts of pyproject.toml (docs/architecture.md)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check

bench: install assets messages
	$(BIN)/python bench/run.py

# The exam-week load benchmark (locust, PostgreSQL, Redis; not part of `make test` nor `make bench`): the `bench`
# extra's packages (not a reinstall of the project, so the venv's editable install stays where it is), then the
# search for the largest number of learners served. BENCH_EXAM_ARGS="--scale 0.1" for a quick run.
BENCH_EXAM_ARGS ?=
bench-exam: install assets messages
	$(BIN)/python -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['optional-dependencies']['bench'])" | xargs $(BIN)/python -m pip install --quiet
	$(BIN)/python bench/exam_week.py $(BENCH_EXAM_ARGS)

# Mutation testing, not part of `make test` (slow): mutmut mutates the rule modules listed in [tool.mutmut]
# (pyproject.toml), runs the tests that reach each change, and the score per module is printed.
# MUTANTS="courses.scoring*" narrows it to one module; results are kept in mutants/ for the next run.
MUTANTS ?=
# Each mutant is a new pytest session: its in-memory test database is copied from a template that the first
# session (mutmut's clean run) makes by migrating, instead of migrating again (tests/conftest.py).
MUTATION_DB := $(CURDIR)/var/mutation-db.sqlite3
MUTMUT_ARGS ?=
mutation: install messages ## mutation score of the rule modules (MUTANTS="courses.scoring*" for one, MUTMUT_ARGS="--max-children 1" to leave cores free)
	rm -f $(MUTATION_DB) $(MUTATION_DB).json
	CIVIC_TEST_DB_TEMPLATE=$(MUTATION_DB) DJANGO_SETTINGS_MODULE=config.settings.test \
		$(BIN)/mutmut run $(MUTMUT_ARGS) $(foreach m,$(MUTANTS),'$(m)')
	$(BIN)/python scripts/mutation_score.py

clean:
	rm -rf $(VENV) var db.sqlite3 frontend/node_modules
