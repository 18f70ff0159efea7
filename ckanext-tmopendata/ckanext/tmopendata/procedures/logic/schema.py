"""Validation schemas of the ``tmopendata_procedures`` plugin's actions."""
from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def procedure_create(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
    tmopendata_procedure_date: Validator, tmopendata_procedure_owners: Validator,
) -> Schema:
    return {
        "package_id": [not_empty, unicode_safe],
        "census_entry_id": [ignore_missing, unicode_safe],
        "started": [ignore_missing, tmopendata_procedure_date],
        "owners": [ignore_missing, tmopendata_procedure_owners],
    }


@validator_args
def procedure_show(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def procedure_list(
    ignore_missing: Validator, unicode_safe: Validator, boolean_validator: Validator,
    int_validator: Validator, natural_number_validator: Validator,
) -> Schema:
    return {
        "organization": [ignore_missing, unicode_safe],
        "step": [ignore_missing, unicode_safe],
        "overdue": [ignore_missing, boolean_validator],
        "limit": [ignore_missing, int_validator, natural_number_validator],
        "offset": [ignore_missing, int_validator, natural_number_validator],
    }


@validator_args
def step_update(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
    tmopendata_procedure_date: Validator, tmopendata_procedure_user: Validator,
    one_of: Validator,
) -> Schema:
    return {
        "id": [not_empty, unicode_safe],
        "step": [not_empty, unicode_safe],
        "owner": [ignore_missing, tmopendata_procedure_user],
        "due": [ignore_missing, tmopendata_procedure_date],
        "evidence": [ignore_missing, unicode_safe],
        "status": [ignore_missing, one_of(["todo", "in_progress"])],
    }


@validator_args
def step_complete(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
) -> Schema:
    return {
        "id": [not_empty, unicode_safe],
        "step": [not_empty, unicode_safe],
        "evidence": [ignore_missing, unicode_safe],
    }


@validator_args
def step_skip(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    # a missing reason is reported by the action, naming the step
    return {
        "id": [not_empty, unicode_safe],
        "step": [not_empty, unicode_safe],
        "reason": [ignore_missing, unicode_safe],
    }


@validator_args
def procedure_delete(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def procedure_observe(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [ignore_missing, unicode_safe]}
