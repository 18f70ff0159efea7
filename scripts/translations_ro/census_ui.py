"""Romanian translations of the census_ui feature (merged by scripts/translate_ro.py)."""
TRANSLATIONS = {
}
