"""Validation schemas of the HVD plugin's actions."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
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


#: Most datasets ``tmopendata_validation_summary`` answers for at once.
SUMMARY_MAX_IDS = 1000


def _id_list(value: Any) -> Any:
    """A list of 1 to ``SUMMARY_MAX_IDS`` dataset ids or names (one text is
    taken as a list of one); duplicates are dropped."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise tk.Invalid(tk._("Give a list of dataset ids or names"))
    if len(value) > SUMMARY_MAX_IDS:
        raise tk.Invalid(tk._("At most {max} datasets at once").format(max=SUMMARY_MAX_IDS))
    ids = [ID(v) for v in value]
    if not all(ids):
        raise tk.Invalid(tk._("Give a list of dataset ids or names"))
    return list(dict.fromkeys(ids))


@validator_args
def validation_summary(not_empty: Validator) -> Schema:
    return {"ids": [not_empty, _id_list]}


@validator_args
def quality_show(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, ID]}


@validator_args
def quality_list(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {"organization": [ignore_missing, ID]}


@validator_args
def dataset_bundle_show(not_empty: Validator) -> Schema:
    return {"id": [not_empty, ID]}
