# Marsad — two commands for a newcomer: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# File names without line numbers, so that a change of code elsewhere in a file leaves the
# catalogue alone.
CATALOGUE_FLAGS := --add-location file --no-obsolete

.PHONY: run test lint check messages catalogue migrate seed clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@PYBIN=$$(scripts/find-python) || exit 1; \
	  [ -x $(PY) ] || $$PYBIN -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

# Arabic catalogs are compiled from locale/*.po at build time (the .mo files are not committed).
messages: $(VENV)/.installed
	$(PY) scripts/compile_catalogs.py

# The Arabic and Kurdish catalogues locale/{ar,ckb}/LC_MESSAGES/django.po are the sources translators edit: this
# adds the messages new in the code (empty, to be translated) and drops the ones gone. The
# header's creation time is dropped: it changed on every run, and every branch with it.
catalogue: $(VENV)/.installed
	$(PY) manage.py makemessages -l ar -l ckb $(CATALOGUE_FLAGS)
	sed -i '/^"POT-Creation-Date: /d' locale/ar/LC_MESSAGES/django.po locale/ckb/LC_MESSAGES/django.po

migrate: messages
	$(PY) manage.py migrate --no-input

# A first run is a development run: DEBUG on (so no secret key is needed) unless told otherwise.
run: export DJANGO_DEBUG ?= true
run: migrate
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py runserver $(HOST):$(PORT)

# Tests run with production-like settings (DEBUG off), so they need a throwaway key.
test: export DJANGO_SECRET_KEY ?= insecure-key-for-tests-only
test: messages
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: messages
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-check-deploy-$$(date +%s)-a-long-random-looking-secret-value} \
	  DJANGO_ALLOWED_HOSTS=marsad.example $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) .pytest_cache
