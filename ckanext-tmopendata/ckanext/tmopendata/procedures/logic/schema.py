"""Validation schemas of the ``tmopendata_procedures`` plugin's actions."""
from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

from ckanext.tmopendata.lib import validators as lv

ID = lv.tmopendata_text(lv.ID_LENGTH)
TEXT = lv.tmopendata_text(lv.TEXT_LENGTH)
NUMBER = lv.tmopendata_natural()


@validator_args
def procedure_create(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
    tmopendata_procedure_date: Validator, tmopendata_procedure_owners: Validator,
) -> Schema:
    return {
        "package_id": [not_empty, ID],
        "census_entry_id": [ignore_missing, ID],
        "started": [ignore_missing, tmopendata_procedure_date],
        "owners": [ignore_missing, tmopendata_procedure_owners],
    }


@validator_args
def procedure_show(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, ID]}


@validator_args
def procedure_list(
    ignore_missing: Validator, unicode_safe: Validator, boolean_validator: Validator,
    int_validator: Validator, natural_number_validator: Validator,
) -> Schema:
    return {
        "organization": [ignore_missing, ID],
        "step": [ignore_missing, ID],
        "overdue": [ignore_missing, lv.tmopendata_strict_bool],
        "limit": [ignore_missing, NUMBER],
        "offset": [ignore_missing, NUMBER],
    }


@validator_args
def step_update(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
    tmopendata_procedure_date: Validator, tmopendata_procedure_user: Validator,
    one_of: Validator,
) -> Schema:
    return {
        "id": [not_empty, ID],
        "step": [not_empty, ID],
        "owner": [ignore_missing, ID, tmopendata_procedure_user],
        "due": [ignore_missing, tmopendata_procedure_date],
        "evidence": [ignore_missing, TEXT],
        "status": [ignore_missing, one_of(["todo", "in_progress"])],
    }


@validator_args
def step_complete(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
) -> Schema:
    return {
        "id": [not_empty, ID],
        "step": [not_empty, ID],
        "evidence": [ignore_missing, TEXT],
    }


@validator_args
def step_skip(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    # a missing reason is reported by the action, naming the step
    return {
        "id": [not_empty, ID],
        "step": [not_empty, ID],
        "reason": [ignore_missing, TEXT],
    }


@validator_args
def procedure_delete(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, ID]}


@validator_args
def procedure_observe(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [ignore_missing, ID]}
