# ckanext-tmopendata - the two commands (see README.md)
.PHONY: serve stop status test test-matrix demo i18n help

help:
	@echo "make serve   - install everything, start PostgreSQL, Redis, Solr, CKAN (web + worker) with demo content"
	@echo "make stop    - stop everything make serve started"
	@echo "make status  - show which services are running"
	@echo "make test    - install, start the services for tests and run the whole test suite"
	@echo "make test-matrix - run each plugin's tests with the plugin alone and in the allowed combinations"
	@echo "make i18n    - extract messages and update the Romanian catalog"

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
	flock /tmp/ckanext-tmopendata-i18n.lock sh -c 'bash scripts/i18n.sh extract && $${TMOPENDATA_CACHE:-$$HOME/.cache/ckanext-tmopendata}/venv/bin/python scripts/translate_ro.py && bash scripts/i18n.sh compile'
