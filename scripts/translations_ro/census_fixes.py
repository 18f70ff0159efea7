"""Romanian translations of the census fixes: campaign pages, restriction
category, publication checks, import by coordinators (merged by
scripts/translate_ro.py)."""
TRANSLATIONS = {
    # logic/auth.py
    "The dashboard is for census coordinators and members of institutions":
        "Panoul de control este pentru coordonatorii recensământului și membrii instituțiilor",
    "Only editors of the institution and census coordinators may import its entries":
        "Doar editorii instituției și coordonatorii recensământului pot importa înregistrările ei",
    "Only editors of an institution and census coordinators may import census entries":
        "Doar editorii unei instituții și coordonatorii recensământului pot importa înregistrări în recensământ",
    # logic/action.py: transitions
    'Choose the category of the restriction (not "none").':
        "Alegeți categoria restricției (alta decât „none”).",
    "Choose the legal category of the restriction ({allowed}).":
        "Alegeți categoria legală a restricției ({allowed}).",
    "The dataset \"{dataset}\" is not published by {institution}: link a dataset of the entry's institution.":
        "Setul de date „{dataset}” nu este publicat de {institution}: legați un set de date al instituției înregistrării.",
    'The dataset "{dataset}" is private: make it public before marking the entry as published.':
        "Setul de date „{dataset}” este privat: faceți-l public înainte de a marca înregistrarea ca publicată.",
    "Link the published dataset: give the id or name of an existing dataset.":
        "Legați setul de date publicat: indicați id-ul sau numele unui set de date existent.",
    # logic/validators.py
    "This name is used by the census pages; choose another one":
        "Acest nume este folosit de paginile recensământului; alegeți altul",
    # views.py
    "Only census coordinators may create campaigns.": "Doar coordonatorii recensământului pot crea campanii.",
    "Campaign created.": "Campania a fost creată.",
    "Only census coordinators may change this campaign.":
        "Doar coordonatorii recensământului pot modifica această campanie.",
    "Campaign saved.": "Campania a fost salvată.",
    # templates: campaign form, index, dashboard, entry page
    "URL name": "Nume în adresă (URL)",
    "Description": "Descriere",
    "End date": "Data de încheiere",
    "Methodology version": "Versiunea metodologiei",
    "Coordinators": "Coordonatori",
    "Public": "Public",
    "Campaign settings": "Setările campaniei",
    "New campaign": "Campanie nouă",
    "Edit campaign": "Modifică campania",
    "The campaign was not saved. Please correct:": "Campania nu a fost salvată. Corectați:",
    "lower-case letters, digits, - or _; the address of the campaign: /census/<name>":
        "litere mici, cifre, - sau _; adresa campaniei: /census/<nume>",
    "a closed campaign accepts no new entries": "o campanie închisă nu mai acceptă înregistrări noi",
    "user names, separated by commas; they manage this campaign and review its entries":
        "nume de utilizator, separate prin virgulă; aceștia administrează campania și analizează înregistrările ei",
    "Public: everybody sees the public inventory list of the approved entries":
        "Publică: oricine vede lista publică de inventar a înregistrărilor aprobate",
    "Start the publication procedure": "Pornește procedura de publicare",
    "Category of the restriction (needed to restrict)": "Categoria restricției (necesară pentru restricționare)",
}
