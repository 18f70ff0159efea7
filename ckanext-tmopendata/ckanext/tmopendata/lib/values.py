"""Reading field values as scheming stores them."""
from __future__ import annotations

import json
from typing import Any


def json_list(value: Any) -> list[Any]:
    """A multi-valued field as a list: a list as it is, a JSON list string
    (how scheming keeps ``multiple_*`` fields) parsed, another non-empty
    string as one item, anything else as no item."""
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.strip():
        try:
            loaded = json.loads(value)
        except ValueError:
            return [value]
        return loaded if isinstance(loaded, list) else [loaded]
    return []
