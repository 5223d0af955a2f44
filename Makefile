# site_lak — the two commands a new user needs are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# make serve: the editors' own gunicorn (nginx sends /admin/ there, docs/deploy.md) and the visitors' pool's niceness.
ADMIN_PORT ?= 8001
ADMIN_WORKERS ?= 2
WEB_NICE ?= 10

.PHONY: run test install messages check lint services services-stop serve worker bench clean

# The virtualenv is rebuilt only when the requirements change.
$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# axe-core (accessibility checks in the browser tests) comes from npm; package-lock.json pins it.
node_modules/.installed: package.json package-lock.json
	npm ci --silent
	touch $@

install: $(BIN)/.installed

# Development settings whatever the target exports (make serve's production settings need a SECRET_KEY, made later).
messages: install
	DJANGO_SETTINGS_MODULE=site_lak.settings.dev $(MANAGE) compilemessages --ignore=.venv --verbosity 0

## make run: install, migrate, bootstrap with demo content, and serve on the embedded defaults, with the
## background worker (scheduled publishing and expiry) beside the development server.
run: messages
	$(MANAGE) migrate --no-input --verbosity 0
	$(MANAGE) bootstrap_site --demo
	@echo "Site:  http://$(HOST):$(PORT)/vi/    Admin: http://$(HOST):$(PORT)/admin/"
	@$(MANAGE) run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

## make test: the whole suite (services and browser tests run when DATABASE_URL/SEARCH_URL/Chromium are there),
## in TEST_WORKERS processes, each given whole test files (docs/testing.md).
# Two by default (this machine's two CPUs); TEST_WORKERS=1 runs one process, e.g. to read a failure's log in order.
TEST_WORKERS ?= 2
test: messages node_modules/.installed
	$(MANAGE) makemigrations --check --dry-run --verbosity 1
	$(BIN)/ruff check .
	$(BIN)/pytest $(if $(filter-out 1,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadfile)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## make serve: production settings under gunicorn plus the background worker (queued tasks in the database, scheduled
## publishing: docs/background-tasks.md; restarted if it dies, scripts/supervise.sh), static files collected and
## compressed first. Uses PostgreSQL and the engine when their variables are set (eval "$$(scripts/services.sh env)"),
## else the embedded defaults. Plain HTTP on $(HOST):$(PORT); a real server puts nginx with TLS in front (docs/deploy.md).
serve: export DJANGO_SETTINGS_MODULE := site_lak.settings.production
serve: export ALLOWED_HOSTS ?= $(HOST),localhost
serve: export SECURE_SSL_REDIRECT ?= 0
serve: export SERVE_MEDIA ?= 1
serve: export TRUSTED_PROXY_COUNT ?= 0
serve: export BIND ?= $(HOST):$(PORT)
serve: messages
	@mkdir -p var && (test -s var/secret_key || $(PY) -c "import secrets; print(secrets.token_urlsafe(64))" > var/secret_key)
	@set -e; export SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}"; \
	$(MANAGE) collectstatic --no-input --verbosity 0; \
	$(MANAGE) migrate --no-input --verbosity 0; \
	$(MANAGE) bootstrap_site; \
	scripts/supervise.sh $(MANAGE) run_worker & worker=$$!; \
	BIND=$(HOST):$(ADMIN_PORT) WEB_CONCURRENCY=$(ADMIN_WORKERS) $(BIN)/gunicorn --config site_lak/gunicorn.conf.py & admin=$$!; \
	trap 'kill $$worker $$admin 2>/dev/null' EXIT INT TERM; \
	echo "Site: http://$(HOST):$(PORT)/vi/  (production settings: gunicorn, whitenoise, worker supervisor pid $$worker)"; \
	echo "Admin: http://$(HOST):$(ADMIN_PORT)/admin/  (the editors' own workers; visitors' run at nice $(WEB_NICE))"; \
	nice -n $(WEB_NICE) $(BIN)/gunicorn --config site_lak/gunicorn.conf.py

## make services: PostgreSQL and OpenSearch for development, as CI runs them. Then: eval "$$(scripts/services.sh env)"
services:
	scripts/services.sh start

services-stop:
	scripts/services.sh stop

clean:
	rm -rf $(VENV) static_collected test-artifacts .pytest_cache .ruff_cache
