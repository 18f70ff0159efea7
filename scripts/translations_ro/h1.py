"""Romanian translations of the outbound fetch policy (lib/fetch.py, schema
URLs, linked files) — merged by scripts/translate_ro.py."""
TRANSLATIONS = {
    # lib/fetch.py: refusals
    "The address {host} is not a public internet address ({kind}): the portal does not download from it.":
        "Adresa {host} nu este o adresă publică de internet ({kind}): portalul nu descarcă de la ea.",
    "The host {host} is not on the public internet: the portal does not download from it.":
        "Gazda {host} nu este pe internetul public: portalul nu descarcă de la ea.",
    "loopback": "buclă locală (loopback)",
    "private network": "rețea privată",
    "link-local": "link-local",
    "multicast": "multicast",
    "unspecified": "nespecificată",
    "reserved": "rezervată",
    'Only http and https addresses are downloaded (not "{scheme}").':
        'Se descarcă doar adrese http și https (nu „{scheme}”).',
    "Addresses with a user name or password are not downloaded.":
        "Adresele care conțin un nume de utilizator sau o parolă nu se descarcă.",
    "The address has no host name.": "Adresa nu are nume de gazdă.",
    "The address is not a valid URL.": "Adresa nu este un URL valid.",
    "The host {host} could not be found.": "Gazda {host} nu a fost găsită.",
    # lib/fetch.py: failures
    "The server {host} could not be reached ({reason}).": "Serverul {host} nu a putut fi contactat ({reason}).",
    "its TLS certificate is not valid": "certificatul său TLS nu este valid",
    "TLS error": "eroare TLS",
    "connection refused": "conexiune refuzată",
    "timed out": "timpul a expirat",
    "network error": "eroare de rețea",
    "The server answered a redirect without a target.": "Serverul a răspuns cu o redirecționare fără destinație.",
    "Too many redirects (more than {max}).": "Prea multe redirecționări (mai mult de {max}).",
    "The server answered HTTP {status}.": "Serverul a răspuns HTTP {status}.",
    "The download did not finish within {seconds} seconds; it was stopped.":
        "Descărcarea nu s-a încheiat în {seconds} secunde; a fost oprită.",
    "The server gave an invalid HTTP answer.": "Serverul a dat un răspuns HTTP invalid.",
    "The download failed ({reason}).": "Descărcarea a eșuat ({reason}).",
    "The file is larger than {max} bytes; it was not downloaded.":
        "Fișierul are mai mult de {max} octeți; nu a fost descărcat.",
    # lib/fetch.py: content checks
    "The address gave a web page, not a JSON document.": "Adresa a dat o pagină web, nu un document JSON.",
    "The address did not give an Excel (XLSX) workbook.": "Adresa nu a dat un registru Excel (XLSX).",
    "The address did not give a CSV/TSV file (the answer looks like {kind}); it was not read.":
        "Adresa nu a dat un fișier CSV/TSV (răspunsul pare {kind}); nu a fost citit.",
    # hvd/logic/action.py
    "The linked file could not be downloaded: {reason}": "Fișierul legat nu a putut fi descărcat: {reason}",
    # hvd/schema_store.py
    "The schema could not be downloaded from {url}: {reason}": "Schema nu a putut fi descărcată de la {url}: {reason}",
    "The document at {url} is not valid JSON.": "Documentul de la {url} nu este JSON valid.",
    "The document at {url} is not a Table Schema.": "Documentul de la {url} nu este o schemă de tabel (Table Schema).",
    "The document at {url} is not a valid Table Schema.":
        "Documentul de la {url} nu este o schemă de tabel (Table Schema) validă.",
    'Each of the schema\'s "fields" must be an object with a "name".':
        'Fiecare element din „fields” al schemei trebuie să fie un obiect cu „name”.',
}
