# The two commands a newcomer needs:  make demo   and   make test
# Both create .venv and install the project into it when pyproject.toml changes.

PORT ?= 8000
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: demo test lint bench loadtest system-deps clean

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[demo,pdf,postgres,server,test,worker]"
	touch $@

## Set up and serve the demo portal on SQLite with demo data: http://127.0.0.1:$(PORT)/
demo: $(INSTALLED)
	DJANGO_SETTINGS_MODULE=portal_site.settings.dev $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=portal_site.settings.dev $(PY) manage.py load_demo
	DJANGO_SETTINGS_MODULE=portal_site.settings.dev $(PY) manage.py runserver 127.0.0.1:$(PORT)

## Set up and run the whole test suite (SQLite unless DATABASE_URL says otherwise):
## the core tests on a minimal Wagtail site (tests/testapp), then the demo portal's.
test: $(INSTALLED) system-deps
	$(PY) -m pytest tests/core --ds=tests.testapp.settings
	$(PY) -m pytest tests/portal

## OS packages the tests need: headless Chromium (driven by Playwright), Pango and a
## CJK font for the review-form PDF, poppler-utils to read PDFs back. Fast when present.
system-deps:
	@scripts/install-system-packages

## Benchmarks of the ledger and the serve-time check (ratios within one run): make bench [BENCH_ARGS=--quick]
bench: $(INSTALLED)
	$(PY) benchmarks/run.py $(BENCH_ARGS)

## The portal under load through gunicorn on PostgreSQL, serve check on vs off: make loadtest [LOADTEST_ARGS="--rounds 2"]
loadtest: $(INSTALLED)
	$(PY) benchmarks/loadtest.py $(LOADTEST_ARGS)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 var media static_collected
