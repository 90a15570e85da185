# Fabriques de territoire — the two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installe
CHROMIUM ?= /usr/bin/chromium
PYTEST_ARGS ?=

.PHONY: demo test install navigateur migrate lint check-deploy worker beat clean bench bench-installer

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP) ## Create the virtual environment and install the pinned dependencies

# Browser tests drive the system Chromium (never `playwright install`, which downloads).
navigateur:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Installation de Chromium (tests dans le navigateur)…"; \
	  if [ "$$(id -u)" = 0 ]; then (apt-get update -qq || true) && apt-get install -y -qq chromium poppler-utils; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium poppler-utils; fi; \
	fi

migrate: install
	$(PY) manage.py migrate --noinput

# The address the demo is served on: e-mails link to it (SITE_URL), allauth's Site carries it.
DEMO_ADRESSE ?= 127.0.0.1:8000
# The demo runs as in production — the portal's French 403/404/500 pages, never Django's debug page
# listing its routes — unless `make demo DJANGO_DEBUG=1` is asked. Without DEBUG, runserver serves
# the static files only with --insecure (a production server has whitenoise and collectstatic).
DJANGO_DEBUG ?= 0
DEMO_ENV := SITE_URL=http://$(DEMO_ADRESSE) DJANGO_DEBUG=$(DJANGO_DEBUG)

demo: install ## Run the portal with demo data on http://127.0.0.1:8000
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py charger_demo
	@echo "Portail : http://$(DEMO_ADRESSE)  (Ctrl+C pour arrêter)"
	$(DEMO_ENV) $(PY) manage.py runserver --insecure $(DEMO_ADRESSE)

# The suite runs on every core (at most 4: each process drives its own Chromium); JOBS=0 runs it in one process.
JOBS ?= auto

test: install navigateur ## Run the whole test suite (SQLite by default; DATABASE_URL for PostgreSQL)
	$(PY) -m pytest -q $(if $(filter 0,$(JOBS)),,-n $(JOBS) --maxprocesses 4) $(PYTEST_ARGS)

bench-installer: install ## The benchmarks' own tools (Locust for the deadline rush)
	$(PY) -m pip install --quiet -r requirements-bench.txt

bench: bench-installer ## Performance figures of the README (PostgreSQL; recreates fabriques_bench and fabriques_bench_petit)
	bench/reproduire.sh $(DOSSIERS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	  DJANGO_ALLOWED_HOSTS=fabriques.example.gouv.fr $(PY) manage.py check --deploy --fail-level WARNING

worker: install
	$(VENV)/bin/celery -A config worker --loglevel=INFO --pool=solo

beat: install
	$(VENV)/bin/celery -A config beat --loglevel=INFO --schedule var/celerybeat-schedule

clean:
	rm -rf $(VENV) var staticfiles
