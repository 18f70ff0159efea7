#!/bin/bash
# Creates the CKAN role and database, the DataStore database (owned by the
# CKAN role, which writes it) and the DataStore's read-only role on the first
# start of the postgres volume. The DataStore permissions (what
# `ckan datastore set-permissions` prints) are applied by the ckan container
# at each start (docker-entrypoint.d/10-tmopendata.sh; idempotent).
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" <<SQL
CREATE ROLE "$CKAN_DB_USER" LOGIN PASSWORD '$CKAN_DB_PASSWORD';
CREATE DATABASE "$CKAN_DB" OWNER "$CKAN_DB_USER" ENCODING 'utf-8';
CREATE ROLE "$DATASTORE_READONLY_USER" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$DATASTORE_READONLY_PASSWORD';
CREATE DATABASE "$DATASTORE_DB" OWNER "$CKAN_DB_USER" ENCODING 'utf-8';
SQL
