#!/usr/bin/env bash
# One command for the whole test suite: installs what is missing, starts the
# real PostgreSQL, Redis and Solr and runs pytest with CKAN's pytest plugin,
# in parallel (pytest-xdist, TMOPENDATA_TEST_WORKERS, default 3): each worker
# has its own database (ckan_test_gw0, ...), Solr site id and SMTP port, all on
# the same real services (Solr core ckan_test, Redis db 1).
# Extra arguments go to pytest (e.g. scripts/test.sh -k status -x).
source "$(dirname "$0")/env.sh"
t0=$(now)
WORKERS="${TMOPENDATA_TEST_WORKERS:-3}"
DB_BASE=ckan_test
SITE_BASE=tmopendata-test
# Optional isolated slot, so that two suites can run at once on one machine
# (e.g. TMOPENDATA_TEST_SLOT=census make test): its own databases, Solr site
# ids and Redis db; CKAN reads these CKAN_* variables over test.ini.
if [ -n "${TMOPENDATA_TEST_SLOT:-}" ]; then
  slot="${TMOPENDATA_TEST_SLOT//[^a-z0-9_]/_}"
  DB_BASE="ckan_test_$slot"
  SITE_BASE="tmopendata-test-$slot"
  export CKAN_REDIS_URL="redis://localhost:$REDIS_PORT/$(( $(printf '%s' "$slot" | cksum | cut -d' ' -f1) % 12 + 3 ))"
  say "Test slot $slot: databases $DB_BASE*, site ids $SITE_BASE*, $CKAN_REDIS_URL"
fi
# The CKAN line's own databases and site ids (empty suffix for 2.11): a
# database migrated by CKAN 2.12 is not one CKAN 2.11 can use.
DB_BASE="$DB_BASE$LINE_SUFFIX"
SITE_BASE="$SITE_BASE${LINE_SUFFIX//_/-}"
[ -z "$LINE_SUFFIX" ] || say "CKAN $CKAN_VERSION ($VENV): databases $DB_BASE*, site ids $SITE_BASE*"
dbs="$DB_BASE"
if [ "$WORKERS" -gt 1 ]; then
  for i in $(seq 0 $(( WORKERS - 1 ))); do dbs="$dbs ${DB_BASE}_gw$i"; done
fi
export TMOPENDATA_EXTRA_DBS="$dbs"
export TMOPENDATA_TEST_DB_BASE="$DB_BASE" TMOPENDATA_TEST_SITE_BASE="$SITE_BASE"
export CKAN_SQLALCHEMY_URL="postgresql://$DB_USER:$DB_PASS@localhost/$DB_BASE"
# The DataStore twin of each test database (tests/conftest.py does the same
# per xdist worker).
export CKAN_DATASTORE_WRITE_URL="$(ds_write_url "$DB_BASE")" CKAN_DATASTORE_READ_URL="$(ds_read_url "$DB_BASE")"
export CKAN_SITE_ID="$SITE_BASE"

# The checkout's own code comes first on the path (the shared venv's editable
# install may point at another checkout of the project on this machine).
# PYTHONPATH alone is not enough: setuptools' editable finder maps
# ckanext.tmopendata to the installed checkout whatever PYTHONPATH says;
# scripts/pyboot/sitecustomize.py (run at start-up by every Python process
# of the run, live servers included) puts TMOPENDATA_SRC first.
export TMOPENDATA_SRC="$ROOT/ckanext-tmopendata"
export PYTHONPATH="$ROOT/scripts/pyboot:$ROOT/ckanext-tmopendata${PYTHONPATH:+:$PYTHONPATH}"
# TMOPENDATA_SKIP_SETUP=1: another run already installed everything (e.g. a
# second checkout testing beside the first); only the services are started.
[ "${TMOPENDATA_SKIP_SETUP:-}" = 1 ] || bash "$ROOT/scripts/setup.sh"
# Its package metadata (the plugins' entry points) beside its code, so that a
# plugin new in this checkout is found too.
(cd "$ROOT" && "$VENV/bin/python" setup.py -q egg_info >/dev/null 2>&1) || die "setup.py egg_info failed"
bash "$ROOT/scripts/services.sh" start
cd "$ROOT"
# Tables of CKAN and of every enabled plugin in each test database (tests that
# need a clean database empty it through the clean_db fixture).
# A database already migrated with exactly these migrations (CKAN's version,
# the suite's migration files, test.ini's plugins) carries their fingerprint
# as its PostgreSQL comment and is not migrated again (two `ckan` processes
# per database saved on a warm run). A database created anew has no comment.
migrations_sum=$(
  { cat "$VENV/.req-stamp" 2>/dev/null; grep -E '^ckan.plugins' test.ini;
    find "$ROOT/ckanext-tmopendata/ckanext/tmopendata/migration" -name '*.py' -not -path '*/__pycache__/*' \
      | sort | xargs cat; } | sha256sum | cut -c1-16)
db_comment() { su postgres -c "psql -qtA -c \"SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname='$1'\""; }
# The DataStore permissions (`ckan datastore set-permissions`) of each test
# database's twin, applied when the twin has not got them yet (marked by its
# comment, as the migrations below).
# Test databases do not wait for each commit to reach the disk
# (synchronous_commit = off, per database: the portal's database and the
# cluster keep the default). A crash of the machine may lose the last
# transactions of a test run, never corrupt a database; the tests see the
# same data (about 3 ms saved per commit measured here, thousands of commits
# per run).
sync_off=""
for db in $dbs; do sync_off="$sync_off ALTER DATABASE $db SET synchronous_commit = off; ALTER DATABASE $(ds_db "$db") SET synchronous_commit = off;"; done
su postgres -c "psql -qtA -c \"$sync_off\"" >/dev/null || die "could not configure the test databases"
pids=()
for db in $dbs; do
  if [ "$(db_comment "$(ds_db "$db")")" != "tmopendata-datastore-permissions" ]; then
    datastore_permissions test.ini "$db" || die "ckan datastore set-permissions failed for $(ds_db "$db")"
    su postgres -c "psql -qtA -c \"COMMENT ON DATABASE $(ds_db "$db") IS 'tmopendata-datastore-permissions'\"" >/dev/null
  fi
  if [ "$(db_comment "$db")" = "tmopendata-migrations:$migrations_sum" ]; then
    continue
  fi
  (
    export CKAN_SQLALCHEMY_URL="postgresql://$DB_USER:$DB_PASS@localhost/$db"
    export CKAN_DATASTORE_WRITE_URL="$(ds_write_url "$db")" CKAN_DATASTORE_READ_URL="$(ds_read_url "$db")"
    log="$LOGS/test-db-$db.log"
    "$VENV/bin/ckan" -c test.ini db upgrade >"$log" 2>&1 &&
      "$VENV/bin/ckan" -c test.ini db pending-migrations --apply >>"$log" 2>&1 ||
      { tail -20 "$log"; exit 1; }
    su postgres -c "psql -qtA -c \"COMMENT ON DATABASE $db IS 'tmopendata-migrations:$migrations_sum'\"" >/dev/null
  ) &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || die "ckan db upgrade (test.ini) failed"; done
if [ "$#" -eq 0 ]; then
  # The whole suite also means a clean lint (ruff, configured in pyproject.toml).
  say "ruff (make lint)"
  "$VENV/bin/ruff" check "$ROOT" || die "ruff found problems (fix them or run: make lint)"
fi
say "Running the test suite ($WORKERS workers)"
xdist=()
# Tests (not whole files) are spread over the workers: every test sets up
# its own state (clean_db, per-worker database, site id, queues, SMTP port),
# and the last files no longer run alone at the end (-20 s).
# One test at a time (--maxschedchunk 1): pytest-xdist otherwise starts
# each worker on a chunk of a quarter of its share of consecutive tests, so
# the long tests (sorted first, see tests/conftest.py) all went to ONE
# worker, which was still running them minutes after the others had
# finished (seen with TMOPENDATA_TIMELINE, scripts/timeline.py).
[ "$WORKERS" -gt 1 ] && xdist=(-n "$WORKERS" --dist load --maxschedchunk 1)
set +e
"$VENV/bin/python" -m pytest "${xdist[@]}" "$@"
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
  # A failed run may have left a database half-migrated (tests run the
  # migrations down and up): migrate them all again next time.
  for db in $dbs; do
    su postgres -c "psql -qtA -c \"COMMENT ON DATABASE $db IS NULL\"" >/dev/null 2>&1 || true
  done
fi
say "Tests finished in $(( $(now) - t0 ))s (setup included), pytest exit code $rc"
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure of the suite, not a pass." >&2
  exit 1
fi
exit "$rc"
