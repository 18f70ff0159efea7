"""Fill untranslated entries of the Romanian catalog from TRANSLATIONS.

Maintainers add new strings here (or edit the .po directly), then run
`make i18n`. Run: venv/bin/python scripts/translate_ro.py
"""
import pathlib
import sys

from babel.messages import pofile

PO = pathlib.Path(__file__).resolve().parent.parent / "ckanext-tmopendata/ckanext/tmopendata/i18n/ro/LC_MESSAGES/ckanext-tmopendata.po"

TRANSLATIONS = {
    'Licence: HVDs need CC BY 4.0 or a less restrictive licence ({allowed}); this dataset has "{licence}".':
        'Licență: seturile HVD au nevoie de CC BY 4.0 sau de o licență mai puțin restrictivă ({allowed}); acest set are „{licence}”.',
    'Resource "{name}": no data standard (schema) assigned.': 'Resursa „{name}”: nu are atribuit un standard de date (schemă).',
    'Resource "{name}": not valid (validation status: {status}).': 'Resursa „{name}”: nu este validă (stare validare: {status}).',
    'not validated': 'nevalidată',
    'Bulk download: add at least one downloadable file (e.g. CSV).': 'Descărcare integrală: adăugați cel puțin un fișier descărcabil (ex. CSV).',
    'API access: add a resource in the CKAN DataStore or an API resource (format API, WMS, WFS...).':
        'Acces API: adăugați o resursă în DataStore-ul CKAN sau o resursă API (format API, WMS, WFS...).',
    'Contact point: give a name and an e-mail address.': 'Persoană de contact: indicați un nume și o adresă de e-mail.',
    'HVD category: choose at least one category of the EU vocabulary.': 'Categorie HVD: alegeți cel puțin o categorie din vocabularul UE.',
    'Applicable legislation: must include {eli}.': 'Legislație aplicabilă: trebuie să includă {eli}.',
    'Valid': 'Valid',
    'Invalid': 'Invalid',
    'Validation error': 'Eroare de validare',
    'Validation pending': 'Validare în așteptare',
    'Validating': 'Se validează',
    'Resource not found': 'Resursa nu a fost găsită',
    'Not authorized to see this page': 'Nu aveți dreptul să vedeți această pagină',
    'This resource has not been validated yet': 'Această resursă nu a fost încă validată',
    'You may not validate resources of this dataset': 'Nu aveți dreptul să validați resursele acestui set de date',
    'Validation queued: refresh this page in a moment.': 'Validarea a fost pusă în coadă: reîncărcați pagina în câteva momente.',
    'Validation finished.': 'Validarea s-a încheiat.',
    'The validation did not finish in time (was the worker stopped?). Run it again.':
        'Validarea nu s-a încheiat la timp (a fost oprit procesul de lucru?). Rulați-o din nou.',
    'The uploaded file is missing from storage.': 'Fișierul încărcat lipsește din spațiul de stocare.',
    'The resource has no file and no http(s) URL to validate.': 'Resursa nu are nici fișier, nici URL http(s) de validat.',
    'The linked file is larger than {max} bytes.': 'Fișierul legat are mai mult de {max} octeți.',
    'Validation could not run: {reason}': 'Validarea nu a putut rula: {reason}',
    'Only CSV, TSV and XLSX resources are validated (this one is "{fmt}").': 'Se validează doar resurse CSV, TSV și XLSX (aceasta este „{fmt}”).',
    'Validation report not found': 'Raportul de validare nu a fost găsit',
    'The validation could not be queued: {reason}': 'Validarea nu a putut fi pusă în coadă: {reason}',
    'Only CSV, TSV and XLSX resources can be described.': 'Doar resursele CSV, TSV și XLSX pot fi descrise.',
    'Only sysadmins may publish an HVD that fails its checks.': 'Doar administratorii de sistem pot publica un set HVD care nu trece verificările.',
    'You may not delete validation reports of this dataset': 'Nu aveți dreptul să ștergeți rapoartele de validare ale acestui set de date',
    'You may not see this resource': 'Nu aveți dreptul să vedeți această resursă',
    'Log in to infer a schema': 'Autentificați-vă pentru a deduce o schemă',
    'Not a valid JSON list': 'Nu este o listă JSON validă',
    'Expected a list of concept URIs': 'Se aștepta o listă de URI-uri de concepte',
    'Not a concept of the EU HVD category vocabulary: {uris}': 'Nu este un concept din vocabularul UE al categoriilor HVD: {uris}',
    'Data validation:': 'Validarea datelor:',
    'Validation report': 'Raport de validare',
    'Data standards': 'Standarde de date',
    'Data standards of the city': 'Standardele de date ale orașului',
    "Frictionless Table Schemas of the city's high-value datasets. Assign one to a resource by its reference (e.g. tm-parcari@1.0); outside the portal, validate a file with: frictionless validate --schema SCHEMA.json DATA.csv":
        'Scheme Frictionless Table Schema ale seturilor de date cu valoare ridicată ale orașului. Atribuiți una unei resurse prin referința ei (ex. tm-parcari@1.0); în afara portalului, validați un fișier cu: frictionless validate --schema SCHEMA.json DATE.csv',
    'No data standard is installed.': 'Nu este instalat niciun standard de date.',
    'Reference': 'Referință',
    'Title': 'Titlu',
    'Fields': 'Câmpuri',
    'Download': 'Descărcare',
    'Datasets': 'Seturi de date',
    'Validation': 'Validare',
    'This resource has not been validated yet.': 'Această resursă nu a fost încă validată.',
    'The file matches its data standard.': 'Fișierul respectă standardul său de date.',
    'The file is structurally sound (no data standard assigned).': 'Fișierul este corect structural (nu are standard de date atribuit).',
    'The file has {n} error(s).': 'Fișierul are {n} erori.',
    'The validation could not run:': 'Validarea nu a putut rula:',
    'The validation is queued or running; refresh this page in a moment.': 'Validarea este în coadă sau rulează; reîncărcați pagina în câteva momente.',
    'Data standard': 'Standard de date',
    'none (structural checks only)': 'niciunul (doar verificări structurale)',
    'Rows': 'Rânduri',
    'Errors': 'Erori',
    'Encoding': 'Codificare',
    'Mode': 'Mod',
    'Validated at': 'Validat la',
    'Download the full report (JSON)': 'Descărcați raportul complet (JSON)',
    'Errors by type': 'Erori pe tipuri',
    'Row': 'Rând',
    'Column': 'Coloană',
    'Message': 'Mesaj',
    '{n} more in the JSON report.': 'Încă {n} în raportul JSON.',
    'HVD publication checks': 'Verificări pentru publicarea HVD',
    'Every publication check passes: this HVD may be made public.': 'Toate verificările trec: acest set HVD poate fi făcut public.',
    'Validate again': 'Validează din nou',
    'History': 'Istoric',
    'When': 'Când',
    'Status': 'Stare',
    'About validation': 'Despre validare',
    'Every CSV, TSV and XLSX file is checked with Frictionless against its data standard, plus checks for Romanian fiscal codes and personal data (CNP, e-mail, phone), whose values are never shown in full.':
        'Fiecare fișier CSV, TSV și XLSX este verificat cu Frictionless față de standardul său de date, plus verificări pentru coduri fiscale românești și date personale (CNP, e-mail, telefon), ale căror valori nu sunt afișate niciodată integral.',
    "The city's data standards": 'Standardele de date ale orașului',
    'The dataset was saved as private: it cannot be public yet. Missing: {problems}':
        'Setul de date a fost salvat ca privat: nu poate fi încă public. Lipsesc: {problems}',
    'This high-value dataset cannot be public yet. Missing:': 'Acest set de date cu valoare ridicată nu poate fi încă public. Lipsesc:',
}


# Each feature may keep its strings in scripts/translations_ro/<feature>.py
# (a TRANSLATIONS dict), so that parallel work does not edit one file.
for _extra in sorted((pathlib.Path(__file__).resolve().parent / "translations_ro").glob("*.py")):
    _ns: dict = {}
    exec(compile(_extra.read_text(encoding="utf-8"), str(_extra), "exec"), _ns)
    TRANSLATIONS.update(_ns.get("TRANSLATIONS", {}))


def main() -> int:
    with open(PO, "rb") as f:
        catalog = pofile.read_po(f)
    filled = 0
    for message in catalog:
        if message.id and not message.string and message.id in TRANSLATIONS:
            message.string = TRANSLATIONS[message.id]
            filled += 1
        if message.id and message.fuzzy and message.id in TRANSLATIONS:
            message.string = TRANSLATIONS[message.id]
            message.flags.discard("fuzzy")
    with open(PO, "wb") as f:
        pofile.write_po(f, catalog, width=76)
    missing = [m.id for m in catalog if m.id and not m.string]
    print(f"filled {filled}; still untranslated: {len(missing)}")
    for m in missing:
        print("  ", repr(m))
    return 0


if __name__ == "__main__":
    sys.exit(main())
