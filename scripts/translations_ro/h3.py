"""Romanian translations of the messages added when closing the races
(issue 9, point 3; merged by scripts/translate_ro.py)."""
TRANSLATIONS = {
    # census/logic/action.py
    "The entry changed meanwhile: it is now {state}. Reload it and try again.":
        "Intrarea s-a modificat între timp: acum este {state}. Reîncărcați-o și încercați din nou.",
    # procedures/logic/action.py
    "This step was skipped; re-open it (status todo) before completing it":
        "Acest pas a fost omis; redeschideți-l (starea „de făcut”) înainte de a-l finaliza",
}
