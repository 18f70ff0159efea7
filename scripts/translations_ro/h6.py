"""Romanian translations of helper h6's strings (issue 10: uploads, HVD form,
quarantine of failing files, accessibility), merged by scripts/translate_ro.py."""
TRANSLATIONS = {
    # hvd/helpers.py: the HVD dataset type in CKAN's labels
    "Add high-value dataset": "Adaugă set de date cu valoare ridicată",
    "Add dataset": "Adaugă set de date",
    "High-value datasets": "Seturi de date cu valoare ridicată",
    "Create high-value dataset": "Creează set de date cu valoare ridicată",
    "Are you sure you want to delete this high-value dataset?":
        "Sigur doriți să ștergeți acest set de date cu valoare ridicată?",
    "Edit high-value dataset": "Editează setul de date cu valoare ridicată",
    "High-value dataset form": "Formular pentru set de date cu valoare ridicată",
    "My high-value datasets": "Seturile mele de date cu valoare ridicată",
    "View high-value dataset": "Vezi setul de date cu valoare ridicată",
    "My high-value dataset": "Setul meu de date cu valoare ridicată",
    "There are currently no high-value datasets for this site":
        "Momentan nu există seturi de date cu valoare ridicată pe acest portal",
    "No high-value dataset": "Niciun set de date cu valoare ridicată",
    "Save high-value dataset": "Salvează setul de date cu valoare ridicată",
    "Search high-value datasets...": "Căutați seturi de date cu valoare ridicată...",
    "Update high-value dataset": "Actualizează setul de date cu valoare ridicată",
    # data standard select
    "No standard (structural checks only)": "Fără standard (doar verificări de structură)",
    "Other: {value}": "Altul: {value}",
    # quarantine (hvd/logic, views, templates; procedures, progress)
    "This file is not withheld: there is nothing to release.":
        "Acest fișier nu este reținut: nu este nimic de eliberat.",
    "Only sysadmins may release a withheld file":
        "Doar administratorii de sistem pot elibera un fișier reținut",
    "This file is withheld from download": "Acest fișier nu poate fi descărcat",
    "This file is withheld from download: its latest validation found personal data (personal identification numbers, e-mail addresses or phone numbers). It will be available again when the institution publishes a valid version or a sysadmin releases it.":
        "Acest fișier nu poate fi descărcat: ultima validare a găsit date personale (coduri numerice personale, adrese de e-mail sau numere de telefon). Va fi din nou disponibil când instituția publică o versiune validă sau un administrator de sistem îl eliberează.",
    "The file was released: it may be downloaded again.":
        "Fișierul a fost eliberat: poate fi descărcat din nou.",
    "Warning: some files of this dataset failed their latest validation.":
        "Atenție: unele fișiere ale acestui set de date nu au trecut ultima validare.",
    "withheld from download: the file seems to hold personal data.":
        "reținut de la descărcare: fișierul pare să conțină date personale.",
    "personal data found; released by a sysadmin.":
        "date personale găsite; eliberat de un administrator de sistem.",
    "invalid, see the validation report.": "invalid, vedeți raportul de validare.",
    "Withheld": "Reținut",
    "withheld": "reținut",
    "This file is withheld from download.": "Acest fișier nu poate fi descărcat.",
    "Its latest validation found personal data (personal identification numbers, e-mail addresses or phone numbers). It will be available again when the institution publishes a valid version or a sysadmin releases it.":
        "Ultima validare a găsit date personale (coduri numerice personale, adrese de e-mail sau numere de telefon). Va fi din nou disponibil când instituția publică o versiune validă sau un administrator de sistem îl eliberează.",
    "Reason for releasing the file (recorded)": "Motivul eliberării fișierului (se înregistrează)",
    "Release the file": "Eliberează fișierul",
    "Personal data were found in this file; a sysadmin released it: {reason}":
        "În acest fișier au fost găsite date personale; un administrator de sistem l-a eliberat: {reason}",
    "This file failed its latest validation: see the validation report.":
        "Acest fișier nu a trecut ultima validare: vedeți raportul de validare.",
    "Public datasets with files that failed validation":
        "Seturi de date publice cu fișiere care nu au trecut validarea",
    "Public datasets with files that failed validation:":
        "Seturi de date publice cu fișiere care nu au trecut validarea:",
    "A file with personal data is withheld from download until a valid version replaces it or a sysadmin releases it.":
        "Un fișier cu date personale nu poate fi descărcat până când o versiune validă îl înlocuiește sau un administrator de sistem îl eliberează.",
    "Failing files": "Fișiere invalide",
    "- {title} ({institution}): {files} - {url}": "- {title} ({institution}): {files} - {url}",
    # CKAN core strings of the templates copied from CKAN (add_dataset,
    # package/base.html, the legislation form snippet)
    "Add": "Adaugă",
    "Add Dataset": "Adaugă set de date",
    "Create Dataset": "Creează set de date",
    "Remove": "Elimină",
    "This field is required": "Acest câmp este obligatoriu",
}
