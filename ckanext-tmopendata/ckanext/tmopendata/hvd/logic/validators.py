"""Validators of the HVD scheming schema."""
from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.lib.vocab import HVD_CONCEPT_PREFIX


def _as_list(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError:
                raise tk.Invalid(tk._("Not a valid JSON list"))
        else:
            value = [v.strip() for v in text.split(",")]
    if not isinstance(value, list):
        raise tk.Invalid(tk._("Expected a list of concept URIs"))
    return [str(v).strip() for v in value if str(v).strip()]


def tmopendata_hvd_category_uris(value: Any, context: Any) -> Any:
    """A list of EU HVD category concept URIs (top or more detailed
    concepts of http://data.europa.eu/bna/asd487ae75), stored as JSON."""
    if value is tk.missing or value in (None, "", []):
        return value
    uris = _as_list(value)
    bad = [u for u in uris if not u.startswith(HVD_CONCEPT_PREFIX)]
    if bad:
        raise tk.Invalid(
            tk._("Not a concept of the EU HVD category vocabulary: {uris}").format(uris=", ".join(bad))
        )
    return json.dumps(sorted(set(uris)))


def tmopendata_json_list_output(value: Any) -> list[str]:
    """Show a JSON-stored list as a list."""
    if isinstance(value, list):
        return value
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return [value] if value else []
    return parsed if isinstance(parsed, list) else [parsed]
