"""Template helpers of the census pages: labels of coded values in the
page's language, form choices, state badges."""
from __future__ import annotations

import re
from typing import Any

import markdown
from ckan.lib.helpers import MARKDOWN_ATTRIBUTES, MARKDOWN_TAGS, literal

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.census import fields, workflow
from ckanext.tmopendata.lib.compat import sanitize_html
from ckanext.tmopendata.census.io import labels

__all__ = [
    "tmopendata_census_label", "tmopendata_census_header", "tmopendata_census_choices",
    "tmopendata_census_state_css", "tmopendata_census_form_fields", "tmopendata_census_lang",
    "tmopendata_census_explain", "tmopendata_census_number",
]


def tmopendata_census_lang() -> str:
    """``ro`` or ``en``: the language of labels on the current page."""
    return labels.current_lang()


def tmopendata_census_label(field: str, value: Any) -> str:
    """Label of a coded value (``storage``, ``status``, ``hvd_category``...),
    yes/no for booleans, lists joined with ``; ``."""
    lang = tmopendata_census_lang()
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return tk._("yes") if value else tk._("no")
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return labels.label(field, value, lang)


def tmopendata_census_header(field: str) -> str:
    """Column header / form label of an entry field in the page's language."""
    ro, en = labels.HEADERS.get(field, (field, field))
    return ro if tmopendata_census_lang() == "ro" else en


def tmopendata_census_choices(field: str) -> list[dict[str, str]]:
    """Options of a coded field for a ``<select>`` (value = code)."""
    kind = labels.kind(field)
    if not kind:
        return []
    index = 0 if tmopendata_census_lang() == "ro" else 1
    return [{"value": code, "label": pair[index]} for code, pair in labels.VALUE_LABELS[kind].items()]


def tmopendata_census_state_css(state: str) -> str:
    """Bootstrap colour of a workflow state badge."""
    return workflow.STATE_CSS.get(state, "secondary")


def _sections() -> list[tuple[str, list[str]]]:
    """Form layout: (translated section title, fields)."""
    return [
        (tk._("The data asset"), ["organization", "title", "description", "department", "owner_name", "owner_email"]),
        (tk._("Where and how it is kept"), ["storage", "formats", "volume", "update_frequency", "legal_basis"]),
        (tk._("Personal data and access"), ["personal_data", "personal_data_categories", "access_restriction",
                                           "restriction_reason", "published_url"]),
        (tk._("Value"), ["hvd_category", "priority_theme", "information_requests"]),
        (tk._("Openness questionnaire"), list(fields.QUESTIONS)),
        (tk._("Publication"), ["effort", "planned_publication"]),
    ]


def tmopendata_census_form_fields() -> list[dict[str, Any]]:
    """The entry form, section by section: ``[{title, fields: [{name,
    widget, label}]}]``; widget is one of text, textarea, select, yesno,
    list, number, date, email, url."""
    types = dict(fields.ENTRY_FIELDS)
    widgets = {"text": "textarea", "bool": "yesno", "list": "list", "int": "number", "date": "date", "uri": "url"}
    sections = []
    for title, names in _sections():
        items = []
        for name in names:
            ftype = types[name]
            widget = "select" if (ftype.startswith("enum:") or name == "hvd_category") else widgets.get(ftype, "text")
            if name == "owner_email":
                widget = "email"
            if name == "organization":
                widget = "organization"
            items.append({"name": name, "widget": widget, "label": tmopendata_census_header(name)})
        sections.append({"title": title, "fields": items})
    return sections


def _term(text: str) -> str:
    """Translate one term of a score explanation (the words between
    parentheses in census/scores.py's formulas)."""
    terms = {
        "online without registration": tk._("online without registration"),
        "free": tk._("free"),
        "downloadable at once": tk._("downloadable at once"),
        "up to date": tk._("up to date"),
        "open licence": tk._("open licence"),
        "open machine-readable format": tk._("open machine-readable format"),
        "HVD category": tk._("HVD category"),
        "priority theme": tk._("priority theme"),
        "demand": tk._("demand"),
        "digital": tk._("digital"),
        "no personal data": tk._("no personal data"),
        "no access restriction": tk._("no access restriction"),
        "effort": tk._("effort"),
        "not assessed": tk._("not assessed"),
        "value": tk._("value"),
        "feasibility": tk._("feasibility"),
    }
    if text in terms:
        return terms[text]
    name, sep, rest = text.partition(": ")
    if sep and name in terms:
        requests = re.fullmatch(r"(\d+) information requests/year", rest)
        if requests:
            rest = tk._("{count} information requests/year").format(count=requests.group(1))
        elif name == "effort":
            rest = terms.get(rest) or labels.label("effort", rest, tmopendata_census_lang())
        return f"{terms[name]}: {rest}"
    return text


def tmopendata_census_explain(text: str) -> str:
    """A score explanation (``15 (free) + 0 (open licence) ... = 30 / 100``)
    with its terms in the page's language."""
    return re.sub(r"\(([^()]*)\)", lambda m: "(" + _term(m.group(1)) + ")", text or "")


def tmopendata_census_number(value: Any) -> str:
    """A score as shown: ``70`` for 70.0, ``42.5`` for 42.5, empty for none."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return str(int(number)) if number.is_integer() else f"{number:.1f}"


#: HTML allowed in the rendered methodology: CKAN's Markdown tags and tables.
TABLE_TAGS = {"table", "thead", "tbody", "tr", "th", "td"}


def tmopendata_census_markdown(text: str) -> Any:
    """Markdown with tables (the methodology), sanitised like CKAN's
    ``h.render_markdown``: CKAN's allowed tags plus table tags (and their
    ``align`` attribute), everything else stripped."""
    html = markdown.markdown(text or "", extensions=["tables"])
    attributes = dict(MARKDOWN_ATTRIBUTES)
    for tag in ("th", "td"):
        attributes[tag] = ["align"]
    clean = sanitize_html(html, set(MARKDOWN_TAGS) | TABLE_TAGS, attributes)
    # the portal's table style (added after cleaning: the text cannot set classes)
    return literal(clean.replace("<table>", '<table class="table table-sm table-bordered">'))


__all__ += ["tmopendata_census_markdown"]
