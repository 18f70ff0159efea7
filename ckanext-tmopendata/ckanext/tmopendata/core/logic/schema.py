"""Validation schemas of the core plugin's actions."""
from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def status_show(ignore_empty: Validator, unicode_safe: Validator) -> Schema:
    """``tmopendata_status_show`` takes no required parameter."""
    return {"__extras": [ignore_empty]}


@validator_args
def dump_create(ignore_missing: Validator, tmopendata_strict_bool: Validator, ignore_empty: Validator) -> Schema:
    """``tmopendata_dump_create``: ``background`` (optional bool)."""
    return {"background": [ignore_missing, tmopendata_strict_bool], "__extras": [ignore_empty]}
