"""Validation schemas of the HVD plugin's actions."""
from __future__ import annotations

from typing import Any

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

from ckanext.tmopendata.lib import validators as lv

ID = lv.tmopendata_text(lv.ID_LENGTH)
NUMBER = lv.tmopendata_natural()


@validator_args
def validation_run(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
    boolean_validator: Validator,
) -> Schema:
    return {
        "resource_id": [not_empty, ID],
        "sync": [ignore_missing, lv.tmopendata_strict_bool],
        "report_id": [ignore_missing, ID],
    }


@validator_args
def validation_show(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
) -> Schema:
    return {
        "resource_id": [not_empty, ID],
        "report_id": [ignore_missing, ID],
    }


@validator_args
def validation_list(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
    natural_number_validator: Validator, int_validator: Validator,
) -> Schema:
    return {
        "resource_id": [not_empty, ID],
        "limit": [ignore_missing, NUMBER],
        "offset": [ignore_missing, NUMBER],
    }


@validator_args
def validation_delete(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"resource_id": [not_empty, ID]}


@validator_args
def validation_expire(ignore_empty: Validator) -> Schema:
    return {"__extras": [ignore_empty]}


@validator_args
def schema_list(ignore_empty: Validator) -> Schema:
    return {"__extras": [ignore_empty]}


@validator_args
def schema_show(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
) -> Schema:
    return {
        "name": [not_empty, ID],
        "version": [ignore_missing, ID],
    }


@validator_args
def schema_infer(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
) -> Schema:
    return {"resource_id": [not_empty, ID]}


def _strip(value: Any) -> Any:
    """Trim text; anything else was already refused (CKAN's ``strip_value``
    would fail on it: validators after a refusal still run)."""
    return value.strip() if isinstance(value, str) else value


@validator_args
def resource_release(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {
        "resource_id": [not_empty, ID],
        "reason": [not_empty, lv.tmopendata_text(lv.TEXT_LENGTH), _strip, not_empty],
    }


@validator_args
def quarantine_list(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {"organization": [ignore_missing, ID]}
