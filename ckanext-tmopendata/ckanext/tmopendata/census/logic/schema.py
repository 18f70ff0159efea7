"""Validation schemas of the census actions."""
from __future__ import annotations

from typing import Any

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

from ckanext.tmopendata.census import fields
from ckanext.tmopendata.census.logic import validators as v
from ckanext.tmopendata.lib import validators as lv

#: ids and names of campaigns, entries, institutions, datasets
ID = lv.tmopendata_text(lv.ID_LENGTH)
TITLE = lv.tmopendata_max_length(lv.TITLE_LENGTH)
TEXT = lv.tmopendata_max_length(lv.TEXT_LENGTH)
NUMBER = lv.tmopendata_natural()
BOOL = lv.tmopendata_strict_bool

#: Default and largest page of the list actions.
DEFAULT_LIMIT, MAX_LIMIT = 50, 1000

#: Fields the workflow owns (changed only by ``entry_transition``).
WORKFLOW_FIELDS = ("id", "status", "package_id")


def _field_validators(ftype: str, name: str) -> list[Any]:
    # every text has a length limit (checked before it is stripped and parsed)
    if name == "owner_email":
        return [TITLE, v.census_email]
    if name == "hvd_category":
        return [lv.tmopendata_max_length(lv.URL_LENGTH), v.census_hvd_category]
    if ftype.startswith("enum:"):
        return [v.census_choice(ftype[5:])]
    return {
        "str": [TITLE, v.census_text], "text": [TEXT, v.census_text], "int": [v.census_count],
        "bool": [v.census_bool], "date": [v.census_date], "list": [v.census_list],
        "uri": [lv.tmopendata_max_length(lv.URL_LENGTH), v.census_url],
    }[ftype]


def _entry_fields(ignore_missing: Validator) -> Schema:
    return {
        name: [ignore_missing] + _field_validators(ftype, name)
        for name, ftype in fields.ENTRY_FIELDS if name not in WORKFLOW_FIELDS
    }


@validator_args
def entry_create(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    schema = _entry_fields(ignore_missing)
    schema["campaign_id"] = [not_empty, ID]
    schema["organization"] = [not_empty, ID]
    schema["title"] = [not_empty, TITLE, v.census_text]
    return schema


@validator_args
def entry_update(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    schema = _entry_fields(ignore_missing)
    schema["id"] = [not_empty, ID]
    schema["organization"] = [ignore_missing, ID]
    schema["title"] = [not_empty, TITLE, v.census_text]
    return schema


@validator_args
def entry_patch(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    schema = _entry_fields(ignore_missing)
    schema["id"] = [not_empty, ID]
    schema["organization"] = [ignore_missing, ID]
    return schema


@validator_args
def entry_id(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, ID]}


@validator_args
def entry_transition(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
) -> Schema:
    return {
        "id": [not_empty, ID],
        "to_state": [not_empty, ID],  # the action names the states allowed from the current one
        "comment": [ignore_missing, TEXT, v.census_text],
        "reason": [ignore_missing, TEXT, v.census_text],
        "access_restriction": [ignore_missing, v.census_choice("RESTRICTIONS")],
        "package_id": [ignore_missing, ID, v.census_text],
        "from_state": [ignore_missing, v.census_choice("STATES")],
    }


@validator_args
def entry_list(
    ignore_missing: Validator, unicode_safe: Validator, int_validator: Validator,
    natural_number_validator: Validator, boolean_validator: Validator,
) -> Schema:
    return {
        "campaign_id": [ignore_missing, ID],
        "organization": [ignore_missing, ID],
        "status": [ignore_missing, v.census_list],
        "hvd_category": [ignore_missing, lv.tmopendata_text(lv.URL_LENGTH)],
        "priority_theme": [ignore_missing, v.census_choice("THEME")],
        "q": [ignore_missing, lv.tmopendata_text(lv.TITLE_LENGTH)],
        "sort": [ignore_missing, v.census_choice("SORT")],
        "limit": [ignore_missing, NUMBER],
        "offset": [ignore_missing, NUMBER],
    }


@validator_args
def campaign_create(
    not_empty: Validator, ignore_missing: Validator, boolean_validator: Validator,
) -> Schema:
    return {
        "name": [not_empty, ID, v.census_name],
        "title": [not_empty, TITLE, v.census_text],
        "description": [ignore_missing, TEXT, v.census_text],
        "start_date": [ignore_missing, v.census_date],
        "end_date": [ignore_missing, v.census_date],
        "status": [ignore_missing, v.census_choice("CAMPAIGN")],
        "methodology_version": [ignore_missing, TITLE, v.census_text],
        "coordinators": [ignore_missing, v.census_user_names],
        "organizations": [ignore_missing, v.census_user_names],
        "public": [ignore_missing, BOOL],
    }


@validator_args
def campaign_update(not_empty: Validator, unicode_safe: Validator) -> Schema:
    schema = campaign_create()
    schema["id"] = [not_empty, ID]
    return schema


@validator_args
def campaign_patch(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    schema = campaign_create()
    # given, they may not be emptied
    schema["name"] = [ignore_missing, not_empty, ID, v.census_name]
    schema["title"] = [ignore_missing, not_empty, TITLE, v.census_text]
    schema["id"] = [not_empty, ID]
    return schema


@validator_args
def campaign_id(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, ID]}


@validator_args
def campaign_list(
    ignore_missing: Validator, int_validator: Validator, natural_number_validator: Validator,
) -> Schema:
    return {
        "limit": [ignore_missing, NUMBER],
        "offset": [ignore_missing, NUMBER],
    }


@validator_args
def dashboard(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
              int_validator: Validator, natural_number_validator: Validator) -> Schema:
    return {
        "campaign_id": [not_empty, ID],
        "top": [ignore_missing, NUMBER],
    }


@validator_args
def entry_import(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
    boolean_validator: Validator,
) -> Schema:
    return {
        "campaign_id": [not_empty, ID],
        "upload": [not_empty],
        "filename": [ignore_missing, ID],
        "organization": [ignore_missing, ID],
        "accept_valid": [ignore_missing, BOOL],
    }


@validator_args
def entry_export(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {
        "campaign_id": [not_empty, ID],
        "format": [ignore_missing, v.census_choice("FORMAT")],
        "lang": [ignore_missing, v.census_choice("LANG")],
        "organization": [ignore_missing, ID],
    }


@validator_args
def publish(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"campaign_id": [not_empty, ID]}
