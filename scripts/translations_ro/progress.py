"""Romanian translations of the progress feature (merged by scripts/translate_ro.py)."""
TRANSLATIONS = {
    "- {title} ({institution}): update due {due}, {days} days late - {url}":
        "- {title} ({institution}): actualizare scadentă la {due}, întârziere {days} zile - {url}",
    "- {title}: step \"{step}\" due {due}, {days} days late - {url}":
        "- {title}: pasul „{step}” scadent la {due}, întârziere {days} zile - {url}",
    "A dataset is overdue when its next update (from its update frequency and the last change of its data) "
    "is more than {days} days late.":
        "Un set de date este restant când următoarea actualizare (după frecvența de actualizare și ultima "
        "modificare a datelor) întârzie mai mult de {days} zile.",
    "Achieved": "Realizat",
    "Data census entries by status": "Înregistrările din inventarul datelor, după stare",
    "Datasets not yet published (visible to you)": "Seturi de date încă nepublicate (vizibile pentru dvs.)",
    "Datasets published": "Seturi de date publicate",
    "Datasets published, month by month": "Seturi de date publicate, lună de lună",
    "Datasets up to date": "Seturi de date actualizate la zi",
    "Datasets whose update is overdue": "Seturi de date cu actualizarea restantă",
    "Datasets whose update is overdue:": "Seturi de date cu actualizarea restantă:",
    "Days late": "Zile de întârziere",
    "Download CSV": "Descarcă CSV",
    "Download JSON": "Descarcă JSON",
    "Figures of the action plan, computed from the datasets published on the portal on {date}.":
        "Indicatorii planului de acțiune, calculați din seturile de date publicate pe portal la {date}.",
    "Give a month as YYYY-MM (e.g. 2026-11).": "Indicați luna în forma AAAA-LL (de ex. 2026-11).",
    "HVDs": "Seturi de mare valoare",
    "HVDs standardised": "Seturi de mare valoare standardizate",
    "Hello {name},": "Bună ziua, {name},",
    "High-value datasets published": "Seturi de date de mare valoare publicate",
    "High-value datasets standardised": "Seturi de date de mare valoare standardizate",
    "Indicators": "Indicatori",
    "Institution not found: {name}": "Instituția nu a fost găsită: {name}",
    "Last change": "Ultima modificare",
    "New datasets over the baseline": "Seturi de date noi față de nivelul de referință",
    "No dataset is overdue.": "Niciun set de date nu este restant.",
    "Not authorized to see this page": "Nu aveți dreptul să vedeți această pagină",
    "Only system administrators may read the reminder log":
        "Doar administratorii de sistem pot citi jurnalul mementourilor",
    "Only system administrators may send reminders": "Doar administratorii de sistem pot trimite mementouri",
    "Only system administrators may store progress snapshots":
        "Doar administratorii de sistem pot salva instantanee ale progresului",
    "Open data programme progress": "Progresul programului de date deschise",
    "Overview: {url}": "Situația generală: {url}",
    "Procedure steps past their due date": "Pași de procedură depășiți",
    "Procedures": "Proceduri",
    "Publication procedure steps past their due date:": "Pași ai procedurii de publicare cu termenul depășit:",
    "Publication procedures by current step": "Procedurile de publicare după pasul curent",
    "Resources valid": "Resurse valide",
    "Show": "Afișează",
    "Tabular resources valid": "Resurse tabelare valide",
    "Target": "Țintă",
    "Targets of the action plan": "Țintele planului de acțiune",
    "The last month is before the first one.": "Ultima lună este înaintea primei luni.",
    "Up to date": "La zi",
    "Update due": "Actualizare scadentă",
    "Update frequency": "Frecvența actualizării",
    "You get at most one such message a day.": "Primiți cel mult un astfel de mesaj pe zi.",
    "baseline {baseline}, target {target}": "nivel de referință {baseline}, țintă {target}",
    "due {date}": "scadent la {date}",
    "not set": "nestabilită",
    "target {target}": "țintă {target}",
    "{n} overdue": "{n} restante",
    "{total} procedures, {overdue} with a step past its due date.":
        "{total} proceduri, {overdue} cu un pas depășit.",
}
