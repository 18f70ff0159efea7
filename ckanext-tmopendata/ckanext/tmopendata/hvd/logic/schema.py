"""Validation schemas of the HVD plugin's actions."""
from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def validation_run(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
    boolean_validator: Validator,
) -> Schema:
    return {
        "resource_id": [not_empty, unicode_safe],
        "sync": [ignore_missing, boolean_validator],
        "report_id": [ignore_missing, unicode_safe],
    }


@validator_args
def validation_show(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
) -> Schema:
    return {
        "resource_id": [not_empty, unicode_safe],
        "report_id": [ignore_missing, unicode_safe],
    }


@validator_args
def validation_list(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
    natural_number_validator: Validator, int_validator: Validator,
) -> Schema:
    return {
        "resource_id": [not_empty, unicode_safe],
        "limit": [ignore_missing, int_validator, natural_number_validator],
        "offset": [ignore_missing, int_validator, natural_number_validator],
    }


@validator_args
def validation_delete(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"resource_id": [not_empty, unicode_safe]}


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
        "name": [not_empty, unicode_safe],
        "version": [ignore_missing, unicode_safe],
    }


@validator_args
def schema_infer(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
) -> Schema:
    return {"resource_id": [not_empty, unicode_safe]}


@validator_args
def resource_release(not_empty: Validator, unicode_safe: Validator, strip_value: Validator) -> Schema:
    return {
        "resource_id": [not_empty, unicode_safe],
        "reason": [not_empty, unicode_safe, strip_value, not_empty],
    }


@validator_args
def quarantine_list(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {"organization": [ignore_missing, unicode_safe]}
