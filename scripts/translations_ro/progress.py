"""Romanian translations of the progress feature (merged by scripts/translate_ro.py)."""
TRANSLATIONS = {
}
