# ckanext-tmopendata - the two commands (see README.md)
# The CKAN line: `CKAN_VERSION=2.12 make test` (or `make test CKAN_VERSION=2.12`);
# 2.11 by default. Each line has its own requirements file and cached venv.
CKAN_VERSION ?= 2.11
export CKAN_VERSION

.PHONY: serve stop status test test-matrix demo i18n lint help

help:
	@echo "make serve   - install everything, start PostgreSQL, Redis, Solr, CKAN (web + worker) with demo content"
	@echo "make stop    - stop everything make serve started"
	@echo "make status  - show which services are running"
	@echo "make test    - install, start the services for tests and run the whole test suite"
	@echo "               (CKAN_VERSION=2.12 make test / make serve: the CKAN 2.12 line; 2.11 by default)"
	@echo "make test-matrix - run each plugin's tests with the plugin alone and in the allowed combinations"
	@echo "make lint    - ruff (configured in pyproject.toml) over the package, tests, scripts and benchmarks"
	@echo "make i18n    - extract messages into the catalog, take i18n-new/*.po fragments, compile, check"

serve:
	bash scripts/serve.sh

stop:
	bash scripts/services.sh stop

status:
	bash scripts/services.sh status

test:
	bash scripts/test.sh $(PYTEST_ARGS)

test-matrix:
	bash scripts/test-matrix.sh $(PYTEST_ARGS)

i18n:
	flock /tmp/ckanext-tmopendata-i18n.lock sh -c 'bash scripts/i18n.sh extract && bash scripts/i18n.sh merge $$(ls i18n-new/*.po 2>/dev/null) && bash scripts/i18n.sh compile && bash scripts/i18n.sh check'

lint:
	$${TMOPENDATA_CACHE:-$$HOME/.cache/ckanext-tmopendata}/venv/bin/ruff check .
