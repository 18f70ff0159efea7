#!/usr/bin/env bash
# One command: install, start every service, initialise the database, load the
# demo content and run CKAN (web on http://127.0.0.1:5000 + background worker).
# Safe to run again: nothing is duplicated, the CKAN processes are restarted.
source "$(dirname "$0")/env.sh"
t0=$(now)
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/services.sh" start
CKAN="$VENV/bin/ckan"

# --- configuration -----------------------------------------------------------
# One portal at a time on port $CKAN_PORT, on the CKAN line CKAN_VERSION
# (default 2.11; `CKAN_VERSION=2.12 make serve` serves 2.12 instead, restarting
# the web and worker processes): each line has its own config file, database,
# site id and storage, so switching back and forth keeps both portals' data.
if [ ! -f "$CKAN_INI" ]; then
  say "Generating $CKAN_INI"
  "$CKAN" generate config "$CKAN_INI" >/dev/null
fi
mkdir -p "$RUN/storage$LINE_SUFFIX"
"$CKAN" config-tool "$CKAN_INI" -f "$ROOT/config/portal.ini" >/dev/null
"$CKAN" config-tool "$CKAN_INI" \
  "sqlalchemy.url = postgresql://$DB_USER:$DB_PASS@localhost/ckan_default$LINE_SUFFIX" \
  "solr_url = http://127.0.0.1:$SOLR_PORT/solr/ckan" \
  "ckan.redis.url = redis://localhost:$REDIS_PORT/0" \
  "ckan.site_url = http://127.0.0.1:$CKAN_PORT" \
  "ckan.site_id = tmopendata${LINE_SUFFIX//_/-}" \
  "ckan.storage_path = $RUN/storage$LINE_SUFFIX" \
  "ckan.datastore.write_url = $(ds_write_url ckan_default$LINE_SUFFIX)" \
  "ckan.datastore.read_url = $(ds_read_url ckan_default$LINE_SUFFIX)" \
  "ckanext.xloader.jobs_db.uri = sqlite:///$RUN/xloader_jobs$LINE_SUFFIX.db" >/dev/null
# Extensions log at INFO (CKAN's generated config says DEBUG for ckanext,
# which floods the demo loader's progress lines).
"$CKAN" config-tool "$CKAN_INI" -s logger_ckanext "level = INFO" >/dev/null
export CKAN_INI

# --- database, plugin migrations, search index ---------------------------------
say "Database: ckan db init + plugin migrations"
"$CKAN" db init 2>&1 | { grep -v "^$" || true; } | tail -2
"$CKAN" db pending-migrations --apply 2>&1 | tail -3 || true
# DataStore (datastore_default): `ckan datastore set-permissions` applied as
# the PostgreSQL superuser (idempotent).
datastore_permissions "$CKAN_INI" ckan_default$LINE_SUFFIX || die "ckan datastore set-permissions failed"
# The index follows the database: add what is missing, drop what no longer
# exists (e.g. after the database was recreated).
"$CKAN" search-index rebuild --only-missing -q 2>&1 | tail -2 || true
"$CKAN" search-index clear-orphans 2>&1 | grep -v "INFO\|WARNI" | tail -2 || true

# --- sysadmin ------------------------------------------------------------------
ADMIN=admin
PWFILE="$RUN/admin-password"
new_pw=0
if [ ! -s "$PWFILE" ]; then
  "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(12))' >"$PWFILE"
  new_pw=1
fi
ADMIN_PW="$(cat "$PWFILE")"
if ! "$CKAN" user show "$ADMIN" 2>/dev/null | grep -q "name=$ADMIN"; then
  say "Creating sysadmin '$ADMIN'"
  "$CKAN" user add "$ADMIN" email=admin@tmopendata.local password="$ADMIN_PW" fullname="Administrator portal" >/dev/null
elif [ "$new_pw" = 1 ]; then
  # The database kept the user but the password file was lost: the printed
  # password must be the one that works.
  say "Setting a new password for '$ADMIN'"
  "$VENV/bin/ckanapi" action user_patch -c "$CKAN_INI" id="$ADMIN" password="$ADMIN_PW" >/dev/null
fi
"$CKAN" sysadmin add "$ADMIN" >/dev/null 2>&1 || true

# --- ckanext-xloader's API token -------------------------------------------------
# ckanext-xloader 2.6 needs an API token (ckanext.xloader.api_token; it has no
# site-user fallback and logs CRITICAL "api_token NOT_SET" for every resource
# created or changed without one): a token of the site user, kept while it is
# valid, made anew when the database lost it.
XLOADER_TOKEN="$("$CKAN" tmopendata datastore xloader-token 2>/dev/null | tail -1)"
[ -n "$XLOADER_TOKEN" ] || die "ckan tmopendata datastore xloader-token failed"
"$CKAN" config-tool "$CKAN_INI" "ckanext.xloader.api_token = $XLOADER_TOKEN" >/dev/null

# --- demo content --------------------------------------------------------------
say "Loading demo content"
"$CKAN" tmopendata demo
"$CKAN" tmopendata census demo
# The demo HVDs' valid tables into the DataStore (failing files are not loaded).
"$CKAN" tmopendata datastore load --all 2>&1 | tail -3 || true
"$CKAN" tmopendata procedure demo
"$CKAN" tmopendata reuse demo
# Page views and downloads recorded by CKAN's tracking plugin, summed per
# dataset (cron runs it daily in production: docs/notes-reuse.md).
# Without a date, CKAN's command starts two days before the last summarised
# day or, on a portal with no summary yet, on 2011-01-01 (one pass per day
# since: minutes); the first time, start on the day of the first visit
# (today when there is none yet).
first_visit=$(su postgres -c "psql -qtA -d ckan_default$LINE_SUFFIX -c \"SELECT CASE WHEN EXISTS (SELECT 1 FROM tracking_summary) THEN '' ELSE coalesce(min(access_timestamp)::date, current_date)::text END FROM tracking_raw\"" 2>/dev/null || true)
"$CKAN" tracking update $first_visit >/dev/null 2>&1 || true
# This month's figures of the progress page (the monthly history chart);
# cron or the scheduled job keep it going (docs/progress.md).
"$CKAN" tmopendata progress-snapshot

# --- CKAN processes ------------------------------------------------------------
for p in ckan-web ckan-worker; do
  if [ -f "$RUN/$p.pid" ] && kill -0 "$(cat "$RUN/$p.pid")" 2>/dev/null; then
    kill "$(cat "$RUN/$p.pid")" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$(cat "$RUN/$p.pid")" 2>/dev/null || break; sleep 0.2; done
  fi
done
say "Starting CKAN background worker"
nohup "$CKAN" -c "$CKAN_INI" jobs worker >"$LOGS/ckan-worker.log" 2>&1 &
echo $! >"$RUN/ckan-worker.pid"
say "Starting CKAN web server"
nohup "$CKAN" -c "$CKAN_INI" run -H 127.0.0.1 -p "$CKAN_PORT" --disable-reloader --threaded >"$LOGS/ckan-web.log" 2>&1 &
echo $! >"$RUN/ckan-web.pid"
for _ in $(seq 120); do
  curl -fsS "http://127.0.0.1:$CKAN_PORT/api/3/action/status_show" >/dev/null 2>&1 && break
  kill -0 "$(cat "$RUN/ckan-web.pid")" 2>/dev/null || { tail -30 "$LOGS/ckan-web.log"; die "CKAN web server exited"; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$CKAN_PORT/api/3/action/status_show" >/dev/null || { tail -30 "$LOGS/ckan-web.log"; die "CKAN did not answer"; }
count=$(curl -fsS "http://127.0.0.1:$CKAN_PORT/api/3/action/package_search?rows=0" | "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["result"]["count"])')

cat <<MSG

  Portal ready in $(( $(now) - t0 ))s: http://127.0.0.1:$CKAN_PORT   ($count datasets in Solr, CKAN $CKAN_VERSION)
  Sysadmin:  $ADMIN / $ADMIN_PW
  API:       http://127.0.0.1:$CKAN_PORT/api/3/action/package_search
             http://127.0.0.1:$CKAN_PORT/api/3/action/tmopendata_status_show
  DataStore: http://127.0.0.1:$CKAN_PORT/api/3/action/datastore_search?resource_id=<id>&limit=3
             ckan -c $CKAN_INI tmopendata datastore status
  DCAT:      http://127.0.0.1:$CKAN_PORT/catalog.ttl
  Solr:      http://127.0.0.1:$SOLR_PORT/solr/ckan/admin/ping
  Config:    $CKAN_INI
  Logs:      $LOGS/ (ckan-web.log, ckan-worker.log, solr.log, redis.log)
  Stop with: make stop

MSG
