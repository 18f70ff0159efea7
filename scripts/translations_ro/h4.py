"""Romanian translations of the institution model (campaign institutions,
coordinators acting only where CKAN lets them), safe imports and the
procedure's census link (helper h4; merged by scripts/translate_ro.py)."""
TRANSLATIONS = {
    # census/logic/auth.py
    "Only the creator of the campaign and sysadmins may change its coordinators":
        "Doar cel care a creat campania și administratorii de sistem pot schimba coordonatorii ei",
    "This institution does not take part in this census campaign":
        "Această instituție nu participă la această campanie de recensământ",
    "You may not update the inventory dataset: ask an admin of its organisation to make you an editor":
        "Nu puteți actualiza setul de date al inventarului: cereți unui administrator al organizației "
        "sale să vă facă editor",
    "You may not publish datasets in the organisation owning the inventory: ask one of its admins to make "
    "you an editor":
        "Nu puteți publica seturi de date în organizația care deține inventarul: cereți unuia dintre "
        "administratorii ei să vă facă editor",
    # census/logic/action.py
    "Unknown organisations: {names}": "Organizații necunoscute: {names}",
    "These institutions have entries in the campaign and cannot be removed: {names}":
        "Aceste instituții au înregistrări în campanie și nu pot fi eliminate: {names}",
    '"{name}" does not take part in this census campaign.':
        "„{name}” nu participă la această campanie de recensământ.",
    # census/templates/tmopendata/census/campaign_form.html
    "the institutions taking part in the census: only their members see a private campaign and add entries":
        "instituțiile care participă la recensământ: doar membrii lor văd o campanie privată și adaugă "
        "înregistrări",
    # procedures/logic/action.py
    "The census entry is an asset of another institution: link an entry of the dataset's organisation":
        "Înregistrarea din recensământ este a altei instituții: legați o înregistrare a organizației "
        "setului de date",
}
