"""Small helpers around CKAN's navl validation, shared by every action."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, Schema


def validate_or_raise(
    data_dict: dict[str, Any], schema: Schema, context: Context
) -> dict[str, Any]:
    """Validate ``data_dict`` against ``schema``; raise ``ValidationError``
    with CKAN's usual ``{field: [messages]}`` errors, or return clean data."""
    data, errors = tk.navl_validate(data_dict, schema, context)
    if errors:
        raise tk.ValidationError(errors)
    return data
