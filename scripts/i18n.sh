#!/usr/bin/env bash
# Translation workflow of the suite's single catalog "ckanext-tmopendata".
#   scripts/i18n.sh extract   - refresh the .pot and merge it into ro.po
#   scripts/i18n.sh compile   - compile every .po into .mo (run by setup.sh)
source "$(dirname "$0")/env.sh"
I18N="$ROOT/ckanext-tmopendata/ckanext/tmopendata/i18n"
DOMAIN=ckanext-tmopendata
BABEL="$VENV/bin/pybabel"
case "${1:-}" in
  extract)
    "$BABEL" extract -F "$ROOT/babel.cfg" -k _ -k ungettext:1,2 -k N_ \
      --project=ckanext-tmopendata --copyright-holder="Municipiul Timișoara" \
      -o "$I18N/$DOMAIN.pot" "$ROOT"
    for po in "$I18N"/*/LC_MESSAGES/$DOMAIN.po; do
      "$BABEL" update -N -D "$DOMAIN" -i "$I18N/$DOMAIN.pot" -o "$po" -l "$(basename "$(dirname "$(dirname "$po")")")"
    done
    ;;
  compile)
    for po in "$I18N"/*/LC_MESSAGES/$DOMAIN.po; do
      "$BABEL" compile -D "$DOMAIN" -i "$po" -o "${po%.po}.mo" --statistics
    done
    ;;
  *) echo "usage: $0 extract|compile" >&2; exit 2 ;;
esac
