"""Romanian translations of helper h2's strings (limits, strict values, CSRF-era errors)."""
TRANSLATIONS = {
    # lib/validators.py
    "Must be at most {max} characters long (this one has {length})":
        "Trebuie să aibă cel mult {max} caractere (acesta are {length})",
    "Must be a whole number from 0 to {max}": "Trebuie să fie un număr întreg de la 0 la {max}",
    "Must be true or false": "Trebuie să fie true sau false (da sau nu)",
    # census/logic/validators.py
    "Each item must be at most {max} characters long": "Fiecare element trebuie să aibă cel mult {max} caractere",
    "At most {max} items": "Cel mult {max} elemente",
    # procedures/logic/validators.py
    "Not a valid date (expected YYYY-MM-DD)": "Dată nevalidă (se așteaptă AAAA-LL-ZZ)",
    # hvd/logic/action.py (tmopendata_schema_infer)
    "The file could not be read: {reason}": "Fișierul nu a putut fi citit: {reason}",
    "The linked file could not be downloaded (the server cannot be reached or answered with an error).":
        "Fișierul legat nu a putut fi descărcat (serverul nu poate fi contactat sau a răspuns cu o eroare).",
    "The file cannot be read as a table.": "Fișierul nu poate fi citit ca tabel.",
}
