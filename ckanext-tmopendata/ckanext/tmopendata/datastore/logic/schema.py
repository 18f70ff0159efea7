"""Schemas of the DataStore actions."""
from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def datastore_load(not_empty: Validator, unicode_safe: Validator, ignore_missing: Validator,
                   boolean_validator: Validator) -> Schema:
    return {
        "resource_id": [not_empty, unicode_safe],
        "sync": [ignore_missing, boolean_validator],
        "report_id": [ignore_missing, unicode_safe],
    }


@validator_args
def datastore_status(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def datastore_remove(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"resource_id": [not_empty, unicode_safe]}
