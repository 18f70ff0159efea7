#!/usr/bin/env bash
# Installs everything the portal and the tests need. Idempotent: each step is
# skipped when its inputs have not changed since the last run.
source "$(dirname "$0")/env.sh"
# Serialise with other runs on this machine (two suites at once must not
# install into the shared venv at the same time).
exec 9>"$CACHE/.setup.lock"; flock 9
t0=$(now)

# 1. System packages (Debian): PostgreSQL, Redis, a JDK and Maven for Solr,
#    and the headers psycopg2 builds against.
need=()
command -v pg_ctlcluster >/dev/null || need+=(postgresql postgresql-contrib)
command -v redis-server >/dev/null || need+=(redis-server)
command -v javac >/dev/null || need+=(default-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
command -v pg_config >/dev/null || need+=(libpq-dev)
command -v gcc >/dev/null || need+=(build-essential)
command -v curl >/dev/null || need+=(curl)
# Compose 1.29 checks docker/docker-compose.yml (`config` needs no engine).
command -v docker-compose >/dev/null || need+=(docker-compose)
# The browser tests (tests/browser): Debian's Chromium, driven by Playwright
# (which cannot download its own browsers here), and npm for axe-core.
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v npm >/dev/null || need+=(npm)
# A stock Debian python3 lacks the venv module (ensurepip) and the headers
# psycopg2 builds against: bring them when the interpreter misses them.
PY="${PYTHON:-python3}"
"$PY" -c 'import ensurepip' 2>/dev/null || need+=(python3-venv)
"$PY" -c 'import os, sysconfig; raise SystemExit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' 2>/dev/null || need+=(python3-dev)
if [ ${#need[@]} -gt 0 ]; then
  say "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >"$LOGS/apt.log" 2>&1 || { tail -20 "$LOGS/apt.log"; die "apt-get install failed"; }
fi

# 2. Python virtualenv with pinned CKAN, extensions and test tools: one per
#    CKAN line (CKAN_VERSION, scripts/env.sh), each from its requirements
#    file (requirements.txt for 2.11, requirements-ckan2.12.txt for 2.12);
#    ckanext-xloader the same way on both lines (requirements-xloader.txt).
req_sum=$(cat "$REQUIREMENTS" "$ROOT/requirements-dev.txt" "$ROOT/requirements-xloader.txt" | sha256sum | cut -c1-16)
if [ ! -x "$VENV/bin/python" ] || [ ! -x "$VENV/bin/pip" ]; then
  # (a half-made venv from an interrupted or failed run is made again)
  say "Creating virtualenv $VENV"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV" || die "python3 -m venv failed (is python3-venv installed?)"
fi
if [ "$(cat "$VENV/.req-stamp" 2>/dev/null)" != "$req_sum" ]; then
  say "Installing Python requirements (CKAN $CKAN_VERSION, scheming, dcat, frictionless...) into $VENV"
  "$VENV/bin/pip" install -q -U pip wheel "setuptools<81"
  "$VENV/bin/pip" install -q -r "$REQUIREMENTS" -r "$ROOT/requirements-dev.txt"
  # ckanext-xloader without its dependencies (they conflict with CKAN's pins:
  # requirements-xloader.txt says why)
  "$VENV/bin/pip" install -q -r "$ROOT/requirements-xloader.txt"
  "$VENV/bin/pip" install -q --no-deps "ckanext-xloader==2.6.0"
  echo "$req_sum" >"$VENV/.req-stamp"
fi
# The extension itself, editable, from this checkout (fast: no dependencies).
"$VENV/bin/pip" install -q --no-deps --no-build-isolation -e "$ROOT" >"$LOGS/pip-e.log" 2>&1 || { cat "$LOGS/pip-e.log"; die "pip install -e failed"; }

# Compile the gettext catalog (the .mo is also committed for sdist installs).
bash "$ROOT/scripts/i18n.sh" compile >"$LOGS/i18n.log" 2>&1 || { cat "$LOGS/i18n.log"; die "catalog compilation failed"; }

# axe-core (accessibility checks of the browser tests), pinned, from npm.
AXE_VERSION=4.11.0
if [ "$(cat "$CACHE/npm/.axe-stamp" 2>/dev/null)" != "$AXE_VERSION" ]; then
  say "Installing axe-core $AXE_VERSION from npm"
  mkdir -p "$CACHE/npm"
  npm install --silent --no-audit --no-fund --prefix "$CACHE/npm" "axe-core@$AXE_VERSION" \
      >"$LOGS/npm.log" 2>&1 || { tail -20 "$LOGS/npm.log"; die "npm install axe-core failed"; }
  echo "$AXE_VERSION" >"$CACHE/npm/.axe-stamp"
fi

# 3. Apache Solr 9 from Maven Central, plus our tiny launcher.
pom_sum=$(cat "$ROOT/solr/pom.xml" "$ROOT/solr/src/main/java/ro/timisoara/opendata/SolrLauncher.java" | sha256sum | cut -c1-16)
if [ "$(cat "$CACHE/.solr-stamp" 2>/dev/null)" != "$pom_sum" ]; then
  say "Fetching Apache Solr jars from Maven Central"
  rm -rf "$SOLR_LIB" "$SOLR_CLASSES"
  (cd "$ROOT/solr" && mvn -q -B dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$SOLR_LIB") >"$LOGS/maven.log" 2>&1 || { tail -30 "$LOGS/maven.log"; die "maven failed"; }
  mkdir -p "$SOLR_CLASSES"
  javac -nowarn -d "$SOLR_CLASSES" -cp "$SOLR_LIB/*" \
      "$ROOT/solr/src/main/java/ro/timisoara/opendata/SolrLauncher.java"
  echo "$pom_sum" >"$CACHE/.solr-stamp"
fi
say "Setup done in $(( $(now) - t0 ))s"
