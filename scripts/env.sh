# Shared settings for the project's scripts (sourced, not run).
# Everything heavy (virtualenv, Solr jars, service data) lives in a cache
# folder outside the checkout, so a second run or a fresh clone on the same
# machine reuses it; a fresh machine builds it from scratch.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${TMOPENDATA_CACHE:-$HOME/.cache/ckanext-tmopendata}"
VENV="$CACHE/venv"
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
CKAN_INI="$RUN/ckan.ini"
DB_USER=ckan_default
DB_PASS=pass
export PIP_DISABLE_PIP_VERSION_CHECK=1

mkdir -p "$CACHE" "$RUN" "$LOGS"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
now() { date +%s; }
