"""Romanian of the messages written while merging the parallel work of this turn."""
TRANSLATIONS = {
    "The step {step} was skipped; re-open it (status todo) before completing it.":
        "Pasul {step} a fost omis; redeschideți-l (stare „de făcut”) înainte de a-l finaliza.",
}
