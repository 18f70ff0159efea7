"""Validation schemas of the progress plugin's actions."""
from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

from ckanext.tmopendata.lib import validators as lv

ID = lv.tmopendata_text(lv.ID_LENGTH)
NUMBER = lv.tmopendata_natural()
BOOL = lv.tmopendata_strict_bool


@validator_args
def overdue_list(
    ignore_missing: Validator, unicode_safe: Validator, boolean_validator: Validator,
    tmopendata_progress_organization: Validator,
) -> Schema:
    return {
        "organization": [ignore_missing, ID, tmopendata_progress_organization],
        "overdue": [ignore_missing, BOOL],
        "include_steps": [ignore_missing, BOOL],
    }


@validator_args
def progress_show(
    ignore_missing: Validator, unicode_safe: Validator, tmopendata_progress_organization: Validator,
) -> Schema:
    return {"organization": [ignore_missing, ID, tmopendata_progress_organization]}


@validator_args
def progress_history(ignore_missing: Validator, tmopendata_progress_month: Validator) -> Schema:
    return {
        "since": [ignore_missing, ID, tmopendata_progress_month],
        "until": [ignore_missing, ID, tmopendata_progress_month],
    }


@validator_args
def progress_snapshot(ignore_missing: Validator) -> Schema:
    return {"__extras": [ignore_missing]}


@validator_args
def reminders_send(ignore_missing: Validator, boolean_validator: Validator) -> Schema:
    return {
        "dry_run": [ignore_missing, BOOL],
    }


@validator_args
def reminder_list(
    ignore_missing: Validator, int_validator: Validator, natural_number_validator: Validator,
) -> Schema:
    return {
        "limit": [ignore_missing, NUMBER],
        "offset": [ignore_missing, NUMBER],
    }
