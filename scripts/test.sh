#!/usr/bin/env bash
# One command for the whole test suite: installs what is missing, starts the
# real PostgreSQL, Redis and Solr (test database ckan_test, Solr core
# ckan_test, Redis db 1) and runs pytest with CKAN's pytest plugin.
# Extra arguments go to pytest (e.g. scripts/test.sh -k status -x).
source "$(dirname "$0")/env.sh"
t0=$(now)
# Optional isolated slot, so that two suites can run at once on one machine
# (e.g. TMOPENDATA_TEST_SLOT=census make test): its own database, Solr site
# id and Redis db; CKAN reads these CKAN_* variables over test.ini.
if [ -n "${TMOPENDATA_TEST_SLOT:-}" ]; then
  slot="${TMOPENDATA_TEST_SLOT//[^a-z0-9_]/_}"
  export TMOPENDATA_EXTRA_DBS="ckan_test_$slot"
  export CKAN_SQLALCHEMY_URL="postgresql://$DB_USER:$DB_PASS@localhost/ckan_test_$slot"
  export CKAN_SITE_ID="tmopendata-test-$slot"
  export CKAN_REDIS_URL="redis://localhost:$REDIS_PORT/$(( $(printf '%s' "$slot" | cksum | cut -d' ' -f1) % 12 + 3 ))"
  say "Test slot $slot: database ckan_test_$slot, site id $CKAN_SITE_ID, $CKAN_REDIS_URL"
fi
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/services.sh" start
cd "$ROOT"
# Tables of CKAN and of every enabled plugin in the test database (tests that
# need a clean database rebuild it through the clean_db fixture).
"$VENV/bin/ckan" -c test.ini db upgrade >"$LOGS/test-db.log" 2>&1 || { tail -20 "$LOGS/test-db.log"; die "ckan db upgrade (test.ini) failed"; }
"$VENV/bin/ckan" -c test.ini db pending-migrations --apply >>"$LOGS/test-db.log" 2>&1 || { tail -20 "$LOGS/test-db.log"; die "plugin migrations (test.ini) failed"; }
say "Running the test suite"
set +e
"$VENV/bin/python" -m pytest "$@"
rc=$?
set -e
say "Tests finished in $(( $(now) - t0 ))s (setup included), pytest exit code $rc"
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure of the suite, not a pass." >&2
  exit 1
fi
exit "$rc"
