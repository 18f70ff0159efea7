"""Romanian translations of the census feature (merged by scripts/translate_ro.py)."""
TRANSLATIONS = {
}
