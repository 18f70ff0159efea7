"""Romanian translations of the procedures feature (merged by scripts/translate_ro.py)."""
TRANSLATIONS = {
}
