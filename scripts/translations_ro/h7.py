"""Romanian translations of helper h7's strings (issue 10, points 4, 6-9)."""
TRANSLATIONS = {
    # census → dataset hand-off
    "Data asset \"{title}\" identified in the census campaign {campaign}.":
        "Set de date „{title}” identificat în campania de recensământ {campaign}.",
    "This entry already has a dataset.": "Această intrare are deja un set de date.",
    "Only an approved entry can create its dataset; this one is “{state}”.":
        "Doar o intrare aprobată își poate crea setul de date; aceasta este „{state}”.",
    "Only editors of the institution may create the dataset of its census entries":
        "Doar editorii instituției pot crea setul de date al intrărilor ei din recensământ",
    "Only editors of the institution may create the dataset of this entry.":
        "Doar editorii instituției pot crea setul de date al acestei intrări.",
    "The draft dataset was created (private) and its publication procedure started.":
        "Setul de date în lucru a fost creat (privat) și procedura lui de publicare a pornit.",
    "The draft dataset was created (private).": "Setul de date în lucru a fost creat (privat).",
    "Create the draft dataset and start the publication procedure":
        "Creează setul de date în lucru și pornește procedura de publicare",
    "See the census entry": "Vezi intrarea din recensământ",
    "Census entry": "Intrare în recensământ",
}
