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
    # bulk submit / approve, admins submit
    "Choose what to do with the selected entries.": "Alegeți ce să se facă cu intrările selectate.",
    "Tick the entries first.": "Bifați mai întâi intrările.",
    "An entry was not found.": "O intrare nu a fost găsită.",
    "“{title}”: not an entry of this campaign.": "„{title}”: nu este o intrare a acestei campanii.",
    "“{title}”: you may not make this change.": "„{title}”: nu aveți dreptul să faceți această schimbare.",
    "“{title}”: {problem}": "„{title}”: {problem}",
    "“{title}”: status changed to {state}.": "„{title}”: starea a devenit {state}.",
    "Select": "Selectează",
    "Comment (optional, kept in the history of each entry)":
        "Comentariu (opțional, păstrat în istoricul fiecărei intrări)",
    "Take the selected entries for review": "Preia spre analiză intrările selectate",
    "Approve the selected entries": "Aprobă intrările selectate",
    "Restricting, rejecting or marking as duplicate needs a reason: do it on the entry's page.":
        "Restricționarea, respingerea sau marcarea ca duplicat cer un motiv: faceți-o pe pagina intrării.",
    "Only admins of the institution submit entries for review: when your drafts are ready, ask an admin of your institution to submit them.":
        "Doar administratorii instituției trimit intrările spre analiză: când ciornele sunt gata, rugați un administrator al instituției să le trimită.",
    "Only admins of the institution submit entries for review: when this draft is ready, ask an admin of your institution to submit it.":
        "Doar administratorii instituției trimit intrările spre analiză: când această ciornă este gata, rugați un administrator al instituției să o trimită.",
    "Submit the selected drafts for review": "Trimite spre analiză ciornele selectate",
    # import: institutions by name or title, kept file
    "Unknown institution \"{name}\": write its name in the portal or its title, as in the list of institutions of the import page and of the templates.":
        "Instituție necunoscută „{name}”: scrieți numele ei în portal sau denumirea ei, ca în lista de instituții de pe pagina de import și din șabloane.",
    "Institutions (the institution column takes the name in the portal or the title; the XLSX templates list them too)":
        "Instituții (coloana instituției primește numele din portal sau denumirea; șabloanele XLSX le conțin și ele)",
    "The file of the previous attempt is no longer kept: choose it again.":
        "Fișierul încercării anterioare nu mai este păstrat: alegeți-l din nou.",
    "The file {name} is kept for you (for a day): you can import its {count} valid rows now without choosing it again; the rows with errors are left out.":
        "Fișierul {name} este păstrat pentru dumneavoastră (o zi): puteți importa acum cele {count} rânduri valide fără să-l alegeți din nou; rândurile cu erori sunt lăsate deoparte.",
    "Import the {count} valid rows": "Importă cele {count} rânduri valide",
    # refused decision
    "Not moved to: {state}.": "Nu s-a trecut în starea: {state}.",
    # procedure steps named by title, clear words
    "This procedure has no such step; its steps are: {steps}":
        "Această procedură nu are un astfel de pas; pașii ei sunt: {steps}",
    "The step {step} can be completed or skipped only after the earlier steps are done or skipped; still open: {pending}.":
        "Pasul {step} poate fi finalizat sau omis doar după ce pașii anteriori sunt finalizați sau omiși; încă deschiși: {pending}.",
    "Give the due date of the step {step} (YYYY-MM-DD).": "Dați termenul pasului {step} (AAAA-LL-ZZ).",
    "The step {step} is already done.": "Pasul {step} este deja finalizat.",
    "The step {step} is already done or skipped.": "Pasul {step} este deja finalizat sau omis.",
    "Say why the step {step} is skipped (e.g. \"no personal data: legal check not needed\").":
        "Spuneți de ce este omis pasul {step} (ex. „fără date personale: verificarea juridică nu e necesară”).",
    "See the publication procedure": "Vezi procedura de publicare",
}
