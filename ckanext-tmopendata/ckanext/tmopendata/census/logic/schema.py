"""Validation schemas of the census actions."""
from __future__ import annotations

from typing import Any

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

from ckanext.tmopendata.census import fields
from ckanext.tmopendata.census.logic import validators as v

#: Fields the workflow owns (changed only by ``entry_transition``).
WORKFLOW_FIELDS = ("id", "status", "package_id")


def _field_validators(ftype: str, name: str) -> list[Any]:
    if name == "owner_email":
        return [v.census_email]
    if name == "hvd_category":
        return [v.census_hvd_category]
    if ftype.startswith("enum:"):
        return [v.census_choice(ftype[5:])]
    return {
        "str": [v.census_text], "text": [v.census_text], "int": [v.census_count],
        "bool": [v.census_bool], "date": [v.census_date], "list": [v.census_list],
        "uri": [v.census_url],
    }[ftype]


def _entry_fields(ignore_missing: Validator) -> Schema:
    return {
        name: [ignore_missing] + _field_validators(ftype, name)
        for name, ftype in fields.ENTRY_FIELDS if name not in WORKFLOW_FIELDS
    }


@validator_args
def entry_create(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    schema = _entry_fields(ignore_missing)
    schema["campaign_id"] = [not_empty, unicode_safe]
    schema["organization"] = [not_empty, unicode_safe]
    schema["title"] = [not_empty, v.census_text]
    return schema


@validator_args
def entry_update(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    schema = _entry_fields(ignore_missing)
    schema["id"] = [not_empty, unicode_safe]
    schema["organization"] = [ignore_missing, unicode_safe]
    schema["title"] = [not_empty, v.census_text]
    return schema


@validator_args
def entry_patch(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    schema = _entry_fields(ignore_missing)
    schema["id"] = [not_empty, unicode_safe]
    schema["organization"] = [ignore_missing, unicode_safe]
    return schema


@validator_args
def entry_id(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def entry_transition(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
) -> Schema:
    return {
        "id": [not_empty, unicode_safe],
        "to_state": [not_empty, unicode_safe],
        "comment": [ignore_missing, v.census_text],
        "reason": [ignore_missing, v.census_text],
        "access_restriction": [ignore_missing, v.census_choice("RESTRICTIONS")],
        "package_id": [ignore_missing, v.census_text],
        "from_state": [ignore_missing, v.census_choice("STATES")],
    }


@validator_args
def entry_list(
    ignore_missing: Validator, unicode_safe: Validator, int_validator: Validator,
    natural_number_validator: Validator, boolean_validator: Validator,
) -> Schema:
    return {
        "campaign_id": [ignore_missing, unicode_safe],
        "organization": [ignore_missing, unicode_safe],
        "status": [ignore_missing, v.census_list],
        "hvd_category": [ignore_missing, unicode_safe],
        "priority_theme": [ignore_missing, unicode_safe],
        "q": [ignore_missing, unicode_safe],
        "sort": [ignore_missing, v.census_choice("SORT")],
        "limit": [ignore_missing, int_validator, natural_number_validator],
        "offset": [ignore_missing, int_validator, natural_number_validator],
    }


@validator_args
def campaign_create(
    not_empty: Validator, ignore_missing: Validator, boolean_validator: Validator,
) -> Schema:
    return {
        "name": [not_empty, v.census_name],
        "title": [not_empty, v.census_text],
        "description": [ignore_missing, v.census_text],
        "start_date": [ignore_missing, v.census_date],
        "end_date": [ignore_missing, v.census_date],
        "status": [ignore_missing, v.census_choice("CAMPAIGN")],
        "methodology_version": [ignore_missing, v.census_text],
        "coordinators": [ignore_missing, v.census_user_names],
        "organizations": [ignore_missing, v.census_user_names],
        "public": [ignore_missing, boolean_validator],
    }


@validator_args
def campaign_update(not_empty: Validator, unicode_safe: Validator) -> Schema:
    schema = campaign_create()
    schema["id"] = [not_empty, unicode_safe]
    return schema


@validator_args
def campaign_patch(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    schema = campaign_create()
    schema["name"] = [ignore_missing, v.census_name]
    schema["title"] = [ignore_missing, v.census_text]
    schema["id"] = [not_empty, unicode_safe]
    return schema


@validator_args
def campaign_id(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def campaign_list(
    ignore_missing: Validator, int_validator: Validator, natural_number_validator: Validator,
) -> Schema:
    return {
        "limit": [ignore_missing, int_validator, natural_number_validator],
        "offset": [ignore_missing, int_validator, natural_number_validator],
    }


@validator_args
def dashboard(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
              int_validator: Validator, natural_number_validator: Validator) -> Schema:
    return {
        "campaign_id": [not_empty, unicode_safe],
        "top": [ignore_missing, int_validator, natural_number_validator],
    }


@validator_args
def entry_import(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
    boolean_validator: Validator,
) -> Schema:
    return {
        "campaign_id": [not_empty, unicode_safe],
        "upload": [not_empty],
        "filename": [ignore_missing, unicode_safe],
        "organization": [ignore_missing, unicode_safe],
        "accept_valid": [ignore_missing, boolean_validator],
    }


@validator_args
def entry_export(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {
        "campaign_id": [not_empty, unicode_safe],
        "format": [ignore_missing, v.census_choice("FORMAT")],
        "lang": [ignore_missing, v.census_choice("LANG")],
        "organization": [ignore_missing, unicode_safe],
    }


@validator_args
def publish(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"campaign_id": [not_empty, unicode_safe]}
