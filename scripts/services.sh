#!/usr/bin/env bash
# Starts / stops the backing services: PostgreSQL 15 (Debian cluster),
# Redis and Apache Solr 9 (cores "ckan" for the portal, "ckan_test" for tests).
#   scripts/services.sh start|stop|status
source "$(dirname "$0")/env.sh"

pg_running() { pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; }
psql_su() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtA $*"; }

start_postgres() {
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$PG_VERSION $PG_CLUSTER"; then
    say "Creating PostgreSQL $PG_VERSION cluster $PG_CLUSTER"
    pg_createcluster "$PG_VERSION" "$PG_CLUSTER" >/dev/null
  fi
  if ! pg_running; then
    say "Starting PostgreSQL $PG_VERSION"
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
  fi
  # Connections: the portal (web, worker, DataStore roles) and a test run
  # (per xdist worker a pooled engine, the DataStore's, live servers, RQ
  # workers and their loads) take 60-70; Debian's 100 ran out when a second
  # suite ran beside (TMOPENDATA_TEST_SLOT, the two CKAN lines). Set once,
  # on the first start of a cluster below this figure (a restart).
  if [ "$(psql_su "-c 'SHOW max_connections'")" -lt 300 ]; then
    say "PostgreSQL: max_connections = 300 (restart)"
    psql_su "-c 'ALTER SYSTEM SET max_connections = 300'" >/dev/null
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart
  fi
  # Roles and databases, created only when missing.
  if [ "$(psql_su "-c \"SELECT 1 FROM pg_roles WHERE rolname='$DB_USER'\"")" != "1" ]; then
    psql_su "-c \"CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASS'\""
  fi
  # The DataStore's read-only role (scripts/env.sh): it only reads the
  # DataStore databases (permissions applied by serve.sh / test.sh with
  # `ckan datastore set-permissions`).
  if [ "$(psql_su "-c \"SELECT 1 FROM pg_roles WHERE rolname='$DS_RO_USER'\"")" != "1" ]; then
    psql_su "-c \"CREATE ROLE $DS_RO_USER LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$DS_RO_PASS'\""
  fi
  for main in ckan_default$LINE_SUFFIX ckan_test ${TMOPENDATA_EXTRA_DBS:-}; do
    for db in "$main" "$(ds_db "$main")"; do
      if [ "$(psql_su "-c \"SELECT 1 FROM pg_database WHERE datname='$db'\"")" != "1" ]; then
        say "Creating database $db"
        su postgres -c "createdb -O $DB_USER -E utf-8 -T template0 $db"
      fi
    done
  done
}

redis_ok() { redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }
start_redis() {
  redis_ok && return 0
  say "Starting Redis on port $REDIS_PORT"
  mkdir -p "$RUN/redis"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes \
    --dir "$RUN/redis" --pidfile "$RUN/redis.pid" --logfile "$LOGS/redis.log"
  for _ in $(seq 50); do redis_ok && return 0; sleep 0.2; done
  tail -20 "$LOGS/redis.log"; die "Redis did not start"
}

solr_ping() { curl -fsS "http://127.0.0.1:$SOLR_PORT/solr/$1/admin/ping?wt=json" 2>/dev/null | grep -q '"status":"OK"'; }
solr_home() {
  # Solr home: solr.xml + one core per CKAN config, CKAN's own schema.
  # CKAN 2.11's and 2.12's schema.xml are the same but for their name
  # ("ckan-2.11"/"ckan-2.12", both version 1.6), which CKAN checks: 2.12
  # accepts a "ckan-2.11" schema, 2.11 refuses a "ckan-2.12" one. The cores
  # get the schema named "ckan-2.11", so that both lines share them whichever
  # line's venv starts Solr (their documents differ by site id).
  local schema
  schema="$("$VENV/bin/python" -c 'import ckan, os; print(os.path.join(os.path.dirname(ckan.__file__), "config", "solr", "schema.xml"))')"
  mkdir -p "$SOLR_HOME"
  cp "$ROOT/solr/conf/solr.xml" "$SOLR_HOME/solr.xml"
  for core in ckan ckan_test; do
    mkdir -p "$SOLR_HOME/$core/conf"
    # The test core turns CKAN's commits into soft commits (see the /update
    # handler of solr/conf/solrconfig.xml); the portal's core does not.
    { printf 'name=%s\n' "$core"
      [ "$core" = ckan_test ] && printf 'tmopendata.softCommit=true\n'; } >"$SOLR_HOME/$core/core.properties"
    cp "$ROOT/solr/conf/solrconfig.xml" "$ROOT/solr/conf/synonyms.txt" "$ROOT/solr/conf/protwords.txt" "$SOLR_HOME/$core/conf/"
    sed -E 's/<schema name="ckan-2\.[0-9]+"/<schema name="ckan-2.11"/' "$schema" >"$SOLR_HOME/$core/conf/managed-schema.xml"
  done
}
# The cores' configuration as this checkout would write it, for the running
# Solr: when it differs (e.g. a pull changed solrconfig.xml), write it and
# reload the cores (no restart: other runs using Solr are not interrupted).
solr_config_sum() {
  cat "$ROOT/solr/conf/solrconfig.xml" "$ROOT/solr/conf/synonyms.txt" "$ROOT/solr/conf/protwords.txt" "$ROOT/scripts/services.sh" | sha256sum | cut -c1-16
}
start_solr() {
  # One start at a time (two runs starting at once both saw no Solr and
  # the second one's start closed the first one's cores).
  mkdir -p "$RUN"; exec 9>"$RUN/solr.lock"; flock -w 600 9 || die "another start of Solr holds $RUN/solr.lock"
  if solr_ping ckan && solr_ping ckan_test; then
    if [ "$(cat "$SOLR_HOME/.config-sum" 2>/dev/null)" != "$(solr_config_sum)" ]; then
      say "Solr configuration changed: reloading the cores"
      solr_home
      for core in ckan ckan_test; do
        curl -fsS "http://127.0.0.1:$SOLR_PORT/solr/admin/cores?action=RELOAD&core=$core" >/dev/null ||
          die "Solr could not reload the core $core (log: $LOGS/solr.log)"
      done
      solr_config_sum >"$SOLR_HOME/.config-sum"
    fi
    return 0
  fi
  if [ -f "$RUN/solr.pid" ] && kill -0 "$(cat "$RUN/solr.pid")" 2>/dev/null; then
    kill "$(cat "$RUN/solr.pid")" 2>/dev/null || true; sleep 2
  fi
  say "Starting Apache Solr on port $SOLR_PORT"
  solr_home
  solr_config_sum >"$SOLR_HOME/.config-sum"
  # In a session of its own: stopping a test run (its process group) must
  # not stop the Solr that other runs and the portal share.
  setsid nohup java -Xms128m -Xmx512m -Dlog4j.configurationFile="$ROOT/solr/conf/log4j2.xml" \
    -Dsolr.log.dir="$LOGS" \
    -cp "$SOLR_CLASSES:$SOLR_LIB/*" ro.timisoara.opendata.SolrLauncher "$SOLR_HOME" "$SOLR_PORT" \
    >"$LOGS/solr.log" 2>&1 9>&- &
  echo $! >"$RUN/solr.pid"
  for _ in $(seq 240); do
    if solr_ping ckan && solr_ping ckan_test; then say "Solr ready"; return 0; fi
    kill -0 "$(cat "$RUN/solr.pid")" 2>/dev/null || break
    sleep 0.5
  done
  tail -40 "$LOGS/solr.log"; die "Solr did not start (log: $LOGS/solr.log)"
}

stop_pidfile() {
  local f="$RUN/$1.pid"
  if [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; then
    say "Stopping $1"
    kill "$(cat "$f")" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$(cat "$f")" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$(cat "$f")" 2>/dev/null || true
  fi
  rm -f "$f"
}

case "${1:-}" in
  start)
    start_postgres
    start_redis
    start_solr
    ;;
  stop)
    stop_pidfile ckan-web
    stop_pidfile ckan-worker
    stop_pidfile solr
    if [ -f "$RUN/redis.pid" ]; then redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; rm -f "$RUN/redis.pid"; fi
    if pg_running; then say "Stopping PostgreSQL"; pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop; fi
    ;;
  status)
    pg_running && echo "postgresql: running" || echo "postgresql: stopped"
    redis_ok && echo "redis: running" || echo "redis: stopped"
    solr_ping ckan && echo "solr: running" || echo "solr: stopped"
    curl -fsS "http://127.0.0.1:$CKAN_PORT/api/3/action/status_show" >/dev/null 2>&1 && echo "ckan: running on http://127.0.0.1:$CKAN_PORT" || echo "ckan: stopped"
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
