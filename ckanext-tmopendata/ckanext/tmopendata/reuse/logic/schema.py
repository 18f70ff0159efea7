"""Validation schemas of the reuse plugin's actions."""
from __future__ import annotations

import datetime
import re
from typing import Any
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk
from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

from ckanext.tmopendata.lib import validators as lv
from ckanext.tmopendata.reuse.model import PARTNER_KINDS, SHOWCASE_KINDS

ID = lv.tmopendata_text(lv.ID_LENGTH)
CODE = lv.tmopendata_text(lv.CODE_LENGTH)
TITLE = lv.tmopendata_text(lv.TITLE_LENGTH)
TEXT = lv.tmopendata_text(lv.TEXT_LENGTH)
URL = lv.tmopendata_text(lv.URL_LENGTH)
BOOL = lv.tmopendata_strict_bool
#: Most datasets one showcase or partnership may name.
MAX_DATASETS = 50


def not_blank(value: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        raise tk.Invalid(tk._("Missing value"))
    return value.strip()


def web_address(value: Any) -> Any:
    """An http(s) address with a host."""
    if not isinstance(value, str):
        raise tk.Invalid(tk._("Must be a web address starting with http:// or https://"))
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if not parts or parts.scheme not in ("http", "https") or not parts.hostname:
        raise tk.Invalid(tk._("Must be a web address starting with http:// or https://"))
    return value


def one_of(choices: tuple[str, ...]):
    def validator(value: Any) -> Any:
        if value not in choices:
            raise tk.Invalid(tk._("Must be one of: {choices}").format(choices=", ".join(choices)))
        return value
    return validator


def iso_date(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise tk.Invalid(tk._("Must be a date (YYYY-MM-DD)"))


def dataset_references(value: Any) -> Any:
    """A list of dataset ids or names (a list, or text separated by commas,
    spaces or new lines); 1 to MAX_DATASETS, no duplicates kept."""
    if isinstance(value, str):
        value = [v for v in re.split(r"[\s,]+", value) if v]
    if not isinstance(value, (list, tuple)):
        raise tk.Invalid(tk._("Must be a list of datasets"))
    out: list[str] = []
    for item in value:
        if not isinstance(item, str) or not 0 < len(item.strip()) <= lv.ID_LENGTH:
            raise tk.Invalid(tk._("Must be a list of datasets"))
        if item.strip() not in out:
            out.append(item.strip())
    if len(out) > MAX_DATASETS:
        raise tk.Invalid(tk._("At most {max} datasets").format(max=MAX_DATASETS))
    return out


@validator_args
def showcase_create(ignore_empty: Validator, not_empty: Validator) -> Schema:
    return {
        "title": [not_empty, TITLE, not_blank],
        "description": [ignore_empty, TEXT],
        "url": [not_empty, URL, web_address],
        "author": [not_empty, TITLE, not_blank],
        "image_url": [ignore_empty, URL, web_address],
        "kind": [not_empty, CODE, one_of(SHOWCASE_KINDS)],
        "date": [ignore_empty, ID, iso_date],
        "datasets": [not_empty, dataset_references],
        "demo": [ignore_empty, BOOL],
    }


@validator_args
def showcase_ref(not_empty: Validator) -> Schema:
    return {"id": [not_empty, ID]}


@validator_args
def showcase_review(not_empty: Validator, ignore_empty: Validator) -> Schema:
    return {
        "id": [not_empty, ID],
        "decision": [not_empty, CODE, one_of(("approve", "reject"))],
        "note": [ignore_empty, TEXT],
    }


@validator_args
def showcase_list(ignore_empty: Validator) -> Schema:
    return {
        "q": [ignore_empty, TITLE],
        "kind": [ignore_empty, CODE, one_of(SHOWCASE_KINDS)],
        "state": [ignore_empty, CODE, one_of(("approved", "pending", "rejected", "all"))],
        "package_id": [ignore_empty, ID],
        "organization": [ignore_empty, ID],
        "limit": [ignore_empty, lv.tmopendata_natural(1000)],
        "offset": [ignore_empty, lv.tmopendata_natural()],
    }


@validator_args
def partnership_create(ignore_empty: Validator, not_empty: Validator) -> Schema:
    return {
        "partner": [not_empty, TITLE, not_blank],
        "kind": [not_empty, CODE, one_of(PARTNER_KINDS)],
        "scope": [ignore_empty, TEXT],
        "start_date": [not_empty, ID, iso_date],
        "end_date": [ignore_empty, ID, iso_date],
        "agreement_url": [ignore_empty, URL, web_address],
        "datasets": [ignore_empty, dataset_references],
        "demo": [ignore_empty, BOOL],
    }


@validator_args
def partnership_ref(not_empty: Validator) -> Schema:
    return {"id": [not_empty, ID]}


@validator_args
def partnership_list(ignore_empty: Validator) -> Schema:
    return {
        "kind": [ignore_empty, CODE, one_of(PARTNER_KINDS)],
        "package_id": [ignore_empty, ID],
    }


@validator_args
def usage_show(not_empty: Validator) -> Schema:
    return {"id": [not_empty, ID]}


@validator_args
def reuse_summary(ignore_empty: Validator) -> Schema:
    return {"organization": [ignore_empty, ID]}
