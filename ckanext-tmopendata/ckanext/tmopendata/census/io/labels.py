"""Labels of the census files and pages: column headers (Romanian and
English) with their other accepted spellings, labels of coded values, and
the comparison key (:func:`norm`) the import uses to recognise them. Pure
data and functions, no database."""
from __future__ import annotations

from typing import Any, Optional

from ckanext.tmopendata.census import fields, workflow
from ckanext.tmopendata.census.values import norm
from ckanext.tmopendata.lib import vocab
from ckanext.tmopendata.lib.actions import lang as request_lang

#: Column headers: canonical field name -> (Romanian, English).
HEADERS: dict[str, tuple[str, str]] = {
    "id": ("ID", "ID"),
    "organization": ("Instituție", "Institution"),
    "organization_title": ("Denumire instituție", "Institution name"),
    "title": ("Denumire set de date", "Dataset title"),
    "description": ("Descriere", "Description"),
    "department": ("Compartiment", "Department"),
    "owner_name": ("Responsabil date", "Data owner"),
    "owner_email": ("E-mail responsabil", "Data owner e-mail"),
    "storage": ("Mod de stocare", "Storage"),
    "formats": ("Formate", "Formats"),
    "volume": ("Volum", "Volume"),
    "update_frequency": ("Frecvența actualizării", "Update frequency"),
    "legal_basis": ("Temei legal", "Legal basis"),
    "personal_data": ("Date cu caracter personal", "Personal data"),
    "personal_data_categories": ("Categorii de date personale", "Personal data categories"),
    "access_restriction": ("Restricție de acces", "Access restriction"),
    "restriction_reason": ("Motivul restricției", "Restriction reason"),
    "published_url": ("Publicat deja la (URL)", "Already published at (URL)"),
    "hvd_category": ("Categorie HVD", "HVD category"),
    "priority_theme": ("Temă prioritară", "Priority theme"),
    "information_requests": ("Cereri de informații pe an", "Information requests per year"),
    "q_exists": ("Există", "Exists"),
    "q_digital": ("În format digital", "Digital"),
    "q_public": ("Public", "Public"),
    "q_free": ("Gratuit", "Free of charge"),
    "q_online": ("Online fără înregistrare", "Online without registration"),
    "q_machine_readable": ("Format deschis prelucrabil automat", "Open machine-readable format"),
    "q_bulk": ("Descărcabil integral", "Downloadable at once"),
    "q_open_licence": ("Licență deschisă", "Open licence"),
    "q_up_to_date": ("Actualizat", "Up to date"),
    "effort": ("Efort de publicare", "Publication effort"),
    "planned_publication": ("Publicare planificată", "Planned publication"),
    "status": ("Stare", "Status"),
    "package_id": ("Set de date publicat (CKAN)", "Published dataset (CKAN)"),
    "openness_score": ("Scor deschidere", "Openness score"),
    "value_score": ("Scor valoare", "Value score"),
    "feasibility_score": ("Scor fezabilitate", "Feasibility score"),
    "priority": ("Prioritate", "Priority"),
}

#: Other accepted spellings of headers (compared normalised, see norm).
ALIASES: dict[str, str] = {
    "titlu": "title", "denumire": "title", "name": "title",
    "institutie": "organization", "organizatie": "organization", "organisation": "organization",
    "organization name": "organization",
    "format": "formats", "frecventa": "update_frequency", "frequency": "update_frequency",
    "email": "owner_email", "e-mail": "owner_email", "tema": "priority_theme",
    "theme": "priority_theme", "data publicarii": "planned_publication",
}

#: Columns of exports that imports ignore (computed or informative).
EXPORT_ONLY = ("organization_title", "campaign_id", "created", "modified", "score_explanation") + tuple(
    fields.SCORE_FIELDS
)

#: Columns an import file must have.
REQUIRED_COLUMNS = ("title",)

#: Types of the entry fields (``fields.ENTRY_FIELDS``).
TYPES = dict(fields.ENTRY_FIELDS)

#: Labels of coded values: field kind -> {code: (Romanian, English)}.
_STORAGE = {
    "paper": ("hârtie", "paper"), "office_files": ("fișiere de birou", "office files"),
    "database": ("bază de date", "database"), "gis": ("GIS", "GIS"),
    "other_system": ("alt sistem informatic", "other system"),
}
_RESTRICTIONS = {
    "none": ("fără", "none"), "personal_data": ("date cu caracter personal", "personal data"),
    "classified": ("informații clasificate", "classified information"),
    "third_party_rights": ("drepturi ale terților", "third-party rights"),
    "commercial_confidentiality": ("confidențialitate comercială", "commercial confidentiality"),
}
_EFFORT = {"low": ("redus", "low"), "medium": ("mediu", "medium"), "high": ("ridicat", "high")}
VALUE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "STORAGE": _STORAGE,
    "RESTRICTIONS": _RESTRICTIONS,
    "EFFORT": _EFFORT,
    "STATES": workflow.STATE_LABELS,
    "FREQUENCY": {code: (ro, en) for code, en, ro in vocab.FREQUENCIES},
    "THEME": {key: (ro, en) for key, en, ro in vocab.PRIORITY_THEMES},
    "HVD": {uri: (ro, en) for uri, en, ro in vocab.HVD_CATEGORIES},
}
assert set(_STORAGE) == set(fields.STORAGE)
assert set(_RESTRICTIONS) == set(fields.RESTRICTIONS)
assert set(_EFFORT) == set(fields.EFFORT)
assert set(workflow.STATE_LABELS) == set(workflow.STATES)


def current_lang() -> str:
    """``ro`` or ``en``: the language of labels on the current page (the
    portal's default language outside a request)."""
    return "ro" if request_lang().startswith("ro") else "en"


def lang_index(lang: str) -> int:
    """0 for Romanian, 1 for English (the index in the label pairs)."""
    if lang not in ("ro", "en"):
        raise ValueError(f"lang must be 'ro' or 'en', not {lang!r}")
    return 0 if lang == "ro" else 1


def label(field: str, value: Any, lang: str = "ro") -> str:
    """The human label of a coded value (``storage``, ``status``...) in
    ``lang``; the value itself when it has no label."""
    value_kind = kind(field)
    if value_kind and value in VALUE_LABELS[value_kind]:
        return VALUE_LABELS[value_kind][value][lang_index(lang)]
    return "" if value is None else str(value)


def kind(field: str) -> Optional[str]:
    """The kind of coded values of a field (a key of :data:`VALUE_LABELS`),
    ``None`` for fields without coded values."""
    if field == "hvd_category":
        return "HVD"
    ftype = TYPES.get(field, "")
    return ftype[5:] if ftype.startswith("enum:") else None


def _header_map() -> dict[str, str]:
    mapping = {}
    for name, (ro, en) in HEADERS.items():
        mapping[norm(name)] = name
        mapping[norm(ro)] = name
        mapping[norm(en)] = name
    for alias, name in ALIASES.items():
        mapping.setdefault(norm(alias), name)
    for name in EXPORT_ONLY:
        mapping.setdefault(norm(name), name)
    return mapping


#: Accepted column headers: norm(text) -> canonical field name.
HEADER_MAP = _header_map()


def _value_map(value_kind: str) -> dict[str, str]:
    mapping = {}
    for code, (ro, en) in VALUE_LABELS[value_kind].items():
        for text in (code, ro, en):
            mapping[norm(text)] = code
    if value_kind == "FREQUENCY":
        for code in VALUE_LABELS[value_kind]:
            mapping[norm(vocab.FREQUENCY_PREFIX + code)] = code
    return mapping


#: Other accepted spellings of coded values (compared normalised).
VALUE_ALIASES: dict[str, dict[str, str]] = {
    "RESTRICTIONS": {"date personale": "personal_data", "gdpr": "personal_data", "clasificat": "classified",
                     "clasificate": "classified", "nu": "none", "niciuna": "none", "no": "none"},
    "STORAGE": {"excel": "office_files", "fisiere": "office_files", "office": "office_files",
                "baza de date": "database", "sig": "gis", "arhiva": "paper"},
    "STATES": {"ciorna": "draft", "aprobata": "approved", "publicata": "published"},
}

#: Accepted spellings of coded values: kind -> {norm(text): code}.
VALUE_MAPS = {value_kind: _value_map(value_kind) for value_kind in VALUE_LABELS}
for _kind_name, _aliases in VALUE_ALIASES.items():
    for _alias, _code in _aliases.items():
        VALUE_MAPS[_kind_name].setdefault(norm(_alias), _code)
