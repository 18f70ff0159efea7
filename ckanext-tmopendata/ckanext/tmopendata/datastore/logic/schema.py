"""Schemas of the DataStore actions."""
from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

from ckanext.tmopendata.lib import validators as lv

ID = lv.tmopendata_text(lv.ID_LENGTH)


@validator_args
def datastore_load(not_empty: Validator, ignore_missing: Validator) -> Schema:
    return {
        "resource_id": [not_empty, ID],
        "sync": [ignore_missing, lv.tmopendata_strict_bool],
    }


@validator_args
def datastore_status(not_empty: Validator) -> Schema:
    return {"id": [not_empty, ID]}


@validator_args
def datastore_remove(not_empty: Validator) -> Schema:
    return {"resource_id": [not_empty, ID]}
