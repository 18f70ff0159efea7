#!/usr/bin/env bash
# The plugin matrix: each of the suite's plugins loaded alone (with the
# foundation plugin `tmopendata`, whose validators the scheming schemas use,
# and CKAN's and other extensions' plugins of test.ini) and in the
# combinations the README allows, each set running the tests of its plugins
# only. The full set (every plugin) is `make test`.
#
# A set is chosen with TMOPENDATA_PLUGINS (see tests/conftest.py: CKAN loads
# a generated ini file using test.ini with only those suite plugins; the tests
# a set runs are those whose plugins are all loaded: by folder, or by a
# `@pytest.mark.plugins(...)` mark).
#
#   make test-matrix                       # every set below
#   TMOPENDATA_MATRIX_SETS="tmopendata tmopendata_census,tmopendata" make test-matrix
#                                          # only these sets (comma-separated)
#   make test-matrix PYTEST_ARGS="-x"      # extra pytest arguments, every set
#
# Runs every set even when one fails; prints one line per set; exits 1 when
# any set failed.
source "$(dirname "$0")/env.sh"
t0=$(now)

SETS=(
  # each plugin alone
  "tmopendata"
  "tmopendata tmopendata_hvd"
  "tmopendata tmopendata_census"
  "tmopendata tmopendata_procedures"
  "tmopendata tmopendata_progress"
  "tmopendata tmopendata_reuse"
  "tmopendata tmopendata_hvd tmopendata_datastore"
  # combinations the README allows (those whose plugins meet through actions
  # and signals): census hands approved entries over to procedures; procedures
  # observe validation and publication (hvd); progress counts procedures and
  # validation
  "tmopendata tmopendata_census tmopendata_procedures"
  "tmopendata tmopendata_hvd tmopendata_procedures tmopendata_progress"
)

# Each test once (the default, what CI runs): a set runs only the tests
# whose plugins no smaller set of the matrix holds (tests/conftest.py,
# matrix_sets), so over the whole matrix every test that does not need
# every plugin runs once, with as few plugins as it allows; `make test`
# runs them all again with every plugin. TMOPENDATA_MATRIX_ALL=1: every
# set runs all the tests its plugins allow (several times the time).
if [ "${TMOPENDATA_MATRIX_ALL:-}" != 1 ]; then
  all_sets=""
  for set in "${SETS[@]}"; do all_sets="$all_sets$set;"; done
  export TMOPENDATA_MATRIX_ONCE="$all_sets"
fi

filter="${TMOPENDATA_MATRIX_SETS:-}"
results=()
failed=0
first=1
for set in "${SETS[@]}"; do
  if [ -n "$filter" ]; then
    match=0
    IFS=, read -ra wanted <<<"$filter"
    for w in "${wanted[@]}"; do
      [ "$(echo $w)" = "$set" ] && match=1
    done
    [ "$match" = 1 ] || continue
  fi
  say "Plugin set: $set"
  s0=$(now)
  rc=0
  # Install once (unless the caller already did); later sets only start the
  # services (already running) and reuse the migrated databases.
  skip="${TMOPENDATA_SKIP_SETUP:-}"
  [ "$first" = 1 ] || skip=1
  first=0
  TMOPENDATA_SKIP_SETUP="$skip" TMOPENDATA_PLUGINS="$set" \
    bash "$ROOT/scripts/test.sh" "$@" || rc=$?
  results+=("$(printf '%-4s %4ss  %s' "$([ "$rc" = 0 ] && echo ok || echo FAIL)" "$(( $(now) - s0 ))" "$set")")
  [ "$rc" = 0 ] || failed=1
done
say "Plugin matrix finished in $(( $(now) - t0 ))s"
printf '  %s\n' "${results[@]}"
exit "$failed"
