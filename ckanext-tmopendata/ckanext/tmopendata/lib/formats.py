"""One definition of the tabular formats the suite validates (and loads)."""
from __future__ import annotations

import os
from typing import Any, Optional

#: Resource format (lower case; CKAN format or media type) -> the format the
#: validation engine reads.
TABULAR = {
    "csv": "csv", "text/csv": "csv",
    "tsv": "tsv", "text/tab-separated-values": "tsv",
    "xlsx": "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}

#: The formats the validation engine reads.
ENGINE_FORMATS = ("csv", "tsv", "xlsx")


def tabular_format(resource: dict[str, Any]) -> Optional[str]:
    """``csv``, ``tsv`` or ``xlsx`` for a resource (dict with ``format`` and
    ``url``) the suite validates, else ``None``. Without a format, the URL's
    extension decides."""
    fmt = (resource.get("format") or "").strip().lower()
    if fmt:
        return TABULAR.get(fmt)
    ext = os.path.splitext((resource.get("url") or "").split("?")[0])[1].lower().lstrip(".")
    return TABULAR.get(ext)


def is_tabular(resource: dict[str, Any]) -> bool:
    """Whether the suite validates ``resource``."""
    return tabular_format(resource) is not None
