#!/usr/bin/env bash
# Translation workflow of the suite's single catalog "ckanext-tmopendata".
# The Romanian catalog i18n/ro/LC_MESSAGES/ckanext-tmopendata.po is the
# source translators edit (with Poedit, Weblate or a text editor).
#   scripts/i18n.sh extract        - refresh the .pot from the code and merge it
#                                    into every .po (new messages come in
#                                    untranslated, translations are kept)
#   scripts/i18n.sh merge FILE...  - take the translations of gettext fragment
#                                    files (msgid/msgstr pairs) for messages of
#                                    the catalog that have none yet
#   scripts/i18n.sh check          - list untranslated and fuzzy messages
#                                    (exit 1 when there are any)
#   scripts/i18n.sh compile        - compile every .po into .mo (run by setup.sh)
source "$(dirname "$0")/env.sh"
I18N="$ROOT/ckanext-tmopendata/ckanext/tmopendata/i18n"
DOMAIN=ckanext-tmopendata
BABEL="$VENV/bin/pybabel"
RO_PO="$I18N/ro/LC_MESSAGES/$DOMAIN.po"
case "${1:-}" in
  extract)
    "$BABEL" extract -F "$ROOT/babel.cfg" -k _ -k ungettext:1,2 -k N_ \
      --project=ckanext-tmopendata --copyright-holder="Municipiul Timișoara" \
      --sort-by-file -o "$I18N/$DOMAIN.pot" "$ROOT"
    for po in "$I18N"/*/LC_MESSAGES/$DOMAIN.po; do
      "$BABEL" update -N -D "$DOMAIN" -i "$I18N/$DOMAIN.pot" -o "$po" -l "$(basename "$(dirname "$(dirname "$po")")")"
    done
    ;;
  merge)
    shift
    [ "$#" -gt 0 ] || exit 0
    "$VENV/bin/python" "$ROOT/scripts/po_merge.py" "$RO_PO" "$@"
    ;;
  check)
    "$VENV/bin/python" "$ROOT/scripts/po_merge.py" --check "$RO_PO"
    ;;
  compile)
    for po in "$I18N"/*/LC_MESSAGES/$DOMAIN.po; do
      "$BABEL" compile -D "$DOMAIN" -i "$po" -o "${po%.po}.mo" --statistics
    done
    ;;
  *) echo "usage: $0 extract|merge FILE...|check|compile" >&2; exit 2 ;;
esac
