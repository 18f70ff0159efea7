"""Romanian translations of the census feature (merged by scripts/translate_ro.py)."""
TRANSLATIONS = {
    # logic/action.py
    "Census campaign not found": "Campania de recensământ nu a fost găsită",
    "Census entry not found": "Intrarea din recensământ nu a fost găsită",
    "Upload a CSV or XLSX file": "Încărcați un fișier CSV sau XLSX",
    "The institution is missing.": "Lipsește instituția.",
    "Public inventory list of {title} (Law 179/2022), {count} entries.":
        "Lista publică de inventar pentru {title} (Legea 179/2022), {count} intrări.",
    "A restricted data asset needs the legal reason of the restriction.":
        "Un set de date cu acces restricționat are nevoie de temeiul legal al restricției.",
    "The campaign is closed: entries can no longer be added or imported":
        "Campania este închisă: nu se mai pot adăuga sau importa intrări",
    "The end date is before the start date": "Data de încheiere este înaintea datei de început",
    "A campaign with this name already exists": "Există deja o campanie cu acest nume",
    "Institution (organisation) not found": "Instituția (organizația) nu a fost găsită",
    "Missing value": "Lipsește valoarea",
    "An entry in state {current} cannot go to {target}; allowed: {allowed}.":
        "O intrare în starea {current} nu poate trece în {target}; permise: {allowed}.",
    "An entry in state {current} cannot change state any more.":
        "O intrare în starea {current} nu își mai poate schimba starea.",
    "The same title appears twice for this institution in the file.":
        "Aceeași denumire apare de două ori pentru această instituție în fișier.",
    "The institution of an entry cannot be changed; create the entry in the other institution":
        "Instituția unei intrări nu poate fi schimbată; creați intrarea la cealaltă instituție",
    "Give the legal reason of the restriction.": "Indicați temeiul legal al restricției.",
    "Link the published dataset: give the id or name of an existing dataset.":
        "Legați setul de date publicat: indicați id-ul sau numele unui set de date existent.",
    "Inventory of public data: {title}": "Inventarul datelor publice: {title}",
    "The inventory list of the data held by the institutions, from the census campaign {title} "
    "(Law 179/2022): title, institution, status and planned publication of each data asset.":
        "Lista de inventar a datelor deținute de instituții, din campania de recensământ {title} "
        "(Legea 179/2022): denumirea, instituția, starea și data planificată de publicare a fiecărui set de date.",
    "Unknown users: {names}": "Utilizatori necunoscuți: {names}",
    "The campaign has {count} entries; delete them first (their history is kept)":
        "Campania are {count} intrări; ștergeți-le mai întâi (istoricul lor se păstrează)",
    'Unknown institution "{name}".': 'Instituție necunoscută „{name}”.',
    'The coordinating organisation "{name}" does not exist; set '
    'ckanext.tmopendata.census.publish_organization.':
        'Organizația coordonatoare „{name}” nu există; setați '
        'ckanext.tmopendata.census.publish_organization.',
    "Unknown state {value!r}; allowed: {allowed}": "Stare necunoscută {value!r}; permise: {allowed}",
    'You may not add entries for "{name}".': 'Nu puteți adăuga intrări pentru „{name}”.',
    "This entry already exists and is {state}: only drafts can be changed by an import.":
        "Această intrare există deja și este în starea {state}: un import poate modifica doar ciorne.",
    # logic/auth.py
    "Only census coordinators may create campaigns": "Doar coordonatorii recensământului pot crea campanii",
    "Only census coordinators may manage this campaign":
        "Doar coordonatorii recensământului pot administra această campanie",
    "This census campaign is not public": "Această campanie de recensământ nu este publică",
    "Only editors of the institution may add its census entries":
        "Doar editorii instituției pot adăuga intrări în recensământul ei",
    "You may not see this census entry": "Nu puteți vedea această intrare din recensământ",
    "You may not see the details of this census entry":
        "Nu puteți vedea detaliile acestei intrări din recensământ",
    "Only editors of the institution may edit its census entries":
        "Doar editorii instituției pot modifica intrările ei din recensământ",
    "Only editors of the institution may delete its census entries":
        "Doar editorii instituției pot șterge intrările ei din recensământ",
    "Only census coordinators may review and decide on entries":
        "Doar coordonatorii recensământului pot evalua intrările și decide asupra lor",
    "Only coordinators and members of institutions may export census entries":
        "Doar coordonatorii și membrii instituțiilor pot exporta intrările din recensământ",
    "Only census coordinators may publish the inventory": "Doar coordonatorii recensământului pot publica inventarul",
    "You may not add census entries": "Nu puteți adăuga intrări în recensământ",
    "You may not change the state of this census entry": "Nu puteți schimba starea acestei intrări din recensământ",
    "Only editors of the institution or coordinators may do this":
        "Doar editorii instituției sau coordonatorii pot face acest lucru",
    "Only admins of the institution may submit its census entries":
        "Doar administratorii instituției pot trimite intrările ei din recensământ",
    "Only drafts may be changed; this entry is {state} (a coordinator can send it back to draft)":
        "Doar ciornele pot fi modificate; această intrare este în starea {state} "
        "(un coordonator o poate retrimite în ciornă)",
    # logic/validators.py
    "Must be yes or no (true/false)": "Trebuie să fie da sau nu (true/false)",
    "Must be text": "Trebuie să fie text",
    "Must be a whole number (0 or more)": "Trebuie să fie un număr întreg (0 sau mai mare)",
    "Must be an e-mail address": "Trebuie să fie o adresă de e-mail",
    "Must be a web address starting with http:// or https://":
        "Trebuie să fie o adresă web care începe cu http:// sau https://",
    "Must be 2-100 lower-case letters, digits, - or _":
        "Trebuie să aibă 2-100 litere mici, cifre, - sau _",
    "Must be a list of texts": "Trebuie să fie o listă de texte",
    "Must be a date written as YYYY-MM-DD": "Trebuie să fie o dată scrisă ca AAAA-LL-ZZ",
    "Must be an HVD category URI, one of: {allowed}":
        "Trebuie să fie URI-ul unei categorii HVD, una dintre: {allowed}",
    "Unknown value {value!r}; allowed: {allowed}": "Valoare necunoscută {value!r}; permise: {allowed}",
}
