# Shared settings for the project's scripts (sourced, not run).
# Everything heavy (virtualenv, Solr jars, service data) lives in a cache
# folder outside the checkout, so a second run or a fresh clone on the same
# machine reuses it; a fresh machine builds it from scratch.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${TMOPENDATA_CACHE:-$HOME/.cache/ckanext-tmopendata}"
# The CKAN line (CKAN_VERSION=2.11 or 2.12; default 2.11): each line has its
# own pinned requirements file and its own virtualenv; what a line keeps in
# the shared services (databases, Solr core, site ids) carries LINE_SUFFIX
# (empty for 2.11, so its names stay what they were), so both lines run one
# after the other on one machine without clobbering each other.
CKAN_VERSION="${CKAN_VERSION:-2.11}"
case "$CKAN_VERSION" in
  2.11) VENV="$CACHE/venv"; REQUIREMENTS="$ROOT/requirements.txt"; LINE_SUFFIX="" ;;
  2.12) VENV="$CACHE/venv-2.12"; REQUIREMENTS="$ROOT/requirements-ckan2.12.txt"; LINE_SUFFIX="_ckan212" ;;
  *) printf 'ERROR: CKAN_VERSION=%s is not supported (2.11 or 2.12)\n' "$CKAN_VERSION" >&2; exit 2 ;;
esac
export CKAN_VERSION
RUN="$CACHE/run"
LOGS="$RUN/logs"
SOLR_LIB="$CACHE/solr-lib"
SOLR_CLASSES="$CACHE/solr-classes"
SOLR_HOME="$RUN/solr-home"
SOLR_PORT="${SOLR_PORT:-8983}"
REDIS_PORT="${REDIS_PORT:-6379}"
PG_VERSION="${PG_VERSION:-15}"
PG_CLUSTER="${PG_CLUSTER:-main}"
CKAN_PORT="${CKAN_PORT:-5000}"
CKAN_INI="$RUN/ckan${LINE_SUFFIX}.ini"
DB_USER=ckan_default
DB_PASS=pass
# DataStore (ckanext-datastore): each CKAN database <ckan_x> has its DataStore
# twin <datastore_x>, owned by the write user ($DB_USER) and read through the
# read-only role below (datastore_search_sql runs as that role).
DS_RO_USER=datastore_ro
DS_RO_PASS=pass
export PIP_DISABLE_PIP_VERSION_CHECK=1

mkdir -p "$CACHE" "$RUN" "$LOGS"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
now() { date +%s; }

# DataStore database of a CKAN database: ckan_default -> datastore_default,
# ckan_test_<slot>_gw0 -> datastore_test_<slot>_gw0.
ds_db() { printf 'datastore%s' "${1#ckan}"; }
ds_write_url() { printf 'postgresql://%s:%s@localhost/%s' "$DB_USER" "$DB_PASS" "$(ds_db "$1")"; }
ds_read_url() { printf 'postgresql://%s:%s@localhost/%s' "$DS_RO_USER" "$DS_RO_PASS" "$(ds_db "$1")"; }
# Applies `ckan datastore set-permissions` (idempotent SQL: grants, default
# privileges of the write user's tables for the read-only role, the
# _table_metadata view, the full-text trigger function) to the DataStore twin
# of CKAN database $2, with CKAN configuration $1.
datastore_permissions() {
  local ini="$1" db="$2"
  CKAN_SQLALCHEMY_URL="postgresql://$DB_USER:$DB_PASS@localhost/$db" \
  CKAN_DATASTORE_WRITE_URL="$(ds_write_url "$db")" CKAN_DATASTORE_READ_URL="$(ds_read_url "$db")" \
    "$VENV/bin/ckan" -c "$ini" datastore set-permissions 2>/dev/null \
    | su postgres -c "psql -q -v ON_ERROR_STOP=1 -d $(ds_db "$db")" >/dev/null
}
