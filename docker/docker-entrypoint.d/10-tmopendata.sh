#!/bin/bash
# Runs at container start (ckan-base entrypoint): database migrations of CKAN
# and of every enabled plugin (tables are never created at start-up by the
# plugins themselves), then the optional demo content.
set -e
ckan -c "$CKAN_INI" db upgrade
ckan -c "$CKAN_INI" db pending-migrations --apply
if [ "${TMOPENDATA_LOAD_DEMO:-false}" = "true" ]; then
    ckan -c "$CKAN_INI" tmopendata demo
fi
