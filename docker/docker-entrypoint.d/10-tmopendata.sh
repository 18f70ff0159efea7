#!/bin/bash
# Runs at container start (ckan-base entrypoint): database migrations of CKAN
# and of every enabled plugin (tables are never created at start-up by the
# plugins themselves), then the optional demo content.
set -e
ckan -c "$CKAN_INI" db upgrade
ckan -c "$CKAN_INI" db pending-migrations --apply
# DataStore permissions (idempotent: grants, the read-only role's default
# privileges, _table_metadata, the full-text trigger function), applied as
# the database superuser.
ckan -c "$CKAN_INI" datastore set-permissions \
  | PGPASSWORD="$POSTGRES_PASSWORD" psql -q -v ON_ERROR_STOP=1 -h db -U "$POSTGRES_USER" -d "${DATASTORE_DB:-datastore_default}" >/dev/null
# ckanext-xloader's API token (ckanext.xloader.api_token), a token of the
# site user: the configured one while valid, else a new one (without it every
# resource created or changed logs CRITICAL "api_token NOT_SET").
XLOADER_TOKEN="$(ckan -c "$CKAN_INI" tmopendata datastore xloader-token 2>/dev/null | tail -1)"
[ -n "$XLOADER_TOKEN" ] && ckan config-tool "$CKAN_INI" "ckanext.xloader.api_token = $XLOADER_TOKEN"
# The browser's message catalogs (/api/i18n/<lang>) from CKAN's and the
# suite's catalogs: the Romanian of CKAN's JavaScript modules (table preview,
# view filters) that CKAN's own catalog lacks is the suite's. `ckan run` does
# this at start; the image's uWSGI does not.
ckan -c "$CKAN_INI" translation js >/dev/null
if [ "${TMOPENDATA_LOAD_DEMO:-false}" = "true" ]; then
    ckan -c "$CKAN_INI" tmopendata demo
fi
