"""Validators of the census schemas (plain functions used in
``logic/schema.py``; messages through ``tk._``). The rules of the values
(yes/no words, e-mail and web addresses) are those of
:mod:`ckanext.tmopendata.census.values`, which the entry form and the
spreadsheet import apply too."""
from __future__ import annotations

import datetime
import re
from typing import Any, Callable

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.census import fields, workflow
from ckanext.tmopendata.census.values import is_email, is_url, yes_no
from ckanext.tmopendata.lib import vocab
from ckanext.tmopendata.lib import validators as lv

CHOICES: dict[str, tuple[str, ...]] = {
    "STORAGE": fields.STORAGE,
    "RESTRICTIONS": fields.RESTRICTIONS,
    "EFFORT": fields.EFFORT,
    "STATES": workflow.STATES,
    "FREQUENCY": tuple(code for code, _en, _ro in vocab.FREQUENCIES),
    "THEME": tuple(key for key, _en, _ro in vocab.PRIORITY_THEMES),
    "CAMPAIGN": fields.CAMPAIGN_STATUSES,
    "SORT": ("priority", "title", "modified"),
    "FORMAT": ("csv", "xlsx", "datapackage"),
    "LANG": ("ro", "en"),
}


def census_text(value: Any) -> Any:
    """Strings stripped; empty becomes ``None``."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise tk.Invalid(tk._("Must be text"))
    value = value.strip()
    return value or None


#: At most this many items in a list field, each of at most TITLE_LENGTH characters.
MAX_ITEMS = 200


def census_list(value: Any) -> list[str]:
    """A list of strings, or a string split on ``;`` (at most ``MAX_ITEMS``
    items of at most ``TITLE_LENGTH`` characters)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        items = value.split(";")
    elif isinstance(value, (list, tuple)):
        items = value
    else:
        raise tk.Invalid(tk._("Must be a list of texts"))
    out = []
    for item in items:
        if not isinstance(item, str):
            raise tk.Invalid(tk._("Must be a list of texts"))
        if len(item) > lv.TITLE_LENGTH:
            raise tk.Invalid(tk._("Each item must be at most {max} characters long").format(max=lv.TITLE_LENGTH))
        if item.strip():
            out.append(item.strip())
    if len(out) > MAX_ITEMS:
        raise tk.Invalid(tk._("At most {max} items").format(max=MAX_ITEMS))
    return out


def census_bool(value: Any) -> Any:
    """``True``/``False``/``None`` from booleans or the yes/no words of
    ``values.YES``/``values.NO``."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (list, dict)) or len(str(value)) > 10:
        raise tk.Invalid(tk._("Must be yes or no (true/false)"))
    answer = yes_no(str(value))
    if answer is None:
        raise tk.Invalid(tk._("Must be yes or no (true/false)"))
    return answer


def census_count(value: Any) -> Any:
    """A whole number, from 0 to ``lib.validators.MAX_OFFSET``."""
    if value is None or value == "":
        return None
    if isinstance(value, (bool, list, dict, float)):
        raise tk.Invalid(tk._("Must be a whole number (0 or more)"))
    text = str(value).strip()
    if len(text) > 20:
        raise tk.Invalid(tk._("Must be a whole number from 0 to {max}").format(max=lv.MAX_OFFSET))
    try:
        number = int(text)
    except ValueError:
        raise tk.Invalid(tk._("Must be a whole number (0 or more)"))
    if number < 0:
        raise tk.Invalid(tk._("Must be a whole number (0 or more)"))
    if number > lv.MAX_OFFSET:
        raise tk.Invalid(tk._("Must be a whole number from 0 to {max}").format(max=lv.MAX_OFFSET))
    return number


def census_date(value: Any) -> Any:
    """An ISO date ``YYYY-MM-DD`` (stored as text)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()[:10]
    if not isinstance(value, (str, int)):
        raise tk.Invalid(tk._("Must be a date written as YYYY-MM-DD"))
    try:
        return datetime.date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
        raise tk.Invalid(tk._("Must be a date written as YYYY-MM-DD"))


def census_email(value: Any) -> Any:
    value = census_text(value)
    if value and not is_email(value):
        raise tk.Invalid(tk._("Must be an e-mail address"))
    return value


def census_url(value: Any) -> Any:
    value = census_text(value)
    if value and not is_url(value):
        raise tk.Invalid(tk._("Must be a web address starting with http:// or https://"))
    return value


def census_hvd_category(value: Any) -> Any:
    """A URI of the EU HVD category vocabulary."""
    value = census_text(value)
    if value and not value.startswith(vocab.HVD_CONCEPT_PREFIX):
        allowed = ", ".join(uri for uri, _en, _ro in vocab.HVD_CATEGORIES)
        raise tk.Invalid(tk._("Must be an HVD category URI, one of: {allowed}").format(allowed=allowed))
    return value


def census_choice(kind: str) -> Callable[[Any], Any]:
    """One of the codes of ``CHOICES[kind]``."""
    allowed = CHOICES[kind]

    def validator(value: Any) -> Any:
        value = census_text(value)
        if value is not None and value not in allowed:
            shown = value if len(value) <= 50 else value[:50] + "…"
            raise tk.Invalid(tk._("Unknown value {value!r}; allowed: {allowed}").format(
                value=shown, allowed=", ".join(allowed)))
        return value

    return validator


#: Campaign names that are paths of the census pages (``/census/<name>``).
RESERVED_NAMES = ("campaign", "entry", "methodology", "template", "schema", "new", "institutions")


def census_name(value: Any) -> Any:
    """A URL-friendly campaign name (not one of ``RESERVED_NAMES``)."""
    value = census_text(value)
    if value and not re.match(r"^[a-z0-9_-]{2,100}$", value):
        raise tk.Invalid(tk._("Must be 2-100 lower-case letters, digits, - or _"))
    if value in RESERVED_NAMES:
        raise tk.Invalid(tk._("This name is used by the census pages; choose another one"))
    return value


def census_user_names(value: Any) -> list[str]:
    """User names: a list, or a text separated by ``;``, ``,`` or spaces."""
    if isinstance(value, str):
        value = [name for name in re.split(r"[;,\s]+", value) if name]
    return census_list(value)
