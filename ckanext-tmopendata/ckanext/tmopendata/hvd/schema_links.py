"""A resource's data standard as a link: ``package_show`` /
``resource_show`` add ``schema_url`` beside ``schema`` (``tm-parcari@1.0``
-> the absolute URL of that standard's Table Schema in the schema store;
``tm-parcari`` -> its latest version; a Table Schema given by URL -> that
URL). An unknown standard or an inline Table Schema has no ``schema_url``.
The resource page shows the standard as a link to it
(``tmopendata_schema_link.html``)."""
from __future__ import annotations

import re
from typing import Any, Optional

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.hvd import schema_store

_REF = re.compile(r"^([\w\-]+)(?:@(\w[\w.\-]*))?$")
_MAX_URL = 2000


def _latest(name: str) -> Optional[str]:
    folder = schema_store.tables_dir() / name
    if not folder.is_dir():
        return None
    found = [p.name for p in folder.iterdir() if (p / "schema.json").is_file()]
    return max(found, key=schema_store._version_key) if found else None


def schema_url(ref: Any) -> Optional[str]:
    """Where the standard ``ref`` names can be read, or ``None``."""
    if not isinstance(ref, str):
        return None
    ref = ref.strip()
    if ref.startswith(("https://", "http://")):
        return ref if len(ref) <= _MAX_URL and not any(c.isspace() for c in ref) else None
    match = _REF.match(ref)
    if not match:
        return None
    name, version = match.groups()
    version = version or _latest(name)
    if not version or not (schema_store.tables_dir() / name / version / "schema.json").is_file():
        return None
    try:
        return tk.url_for("tmopendata_schemas.schema_download", name=name, version=version,
                          _external=True)
    except Exception:
        site = (tk.config.get("ckan.site_url") or "").rstrip("/")
        return f"{site}/tmopendata/schemas/{name}/{version}/schema.json"


def add_schema_urls(pkg_dict: dict[str, Any]) -> None:
    """after_dataset_show: ``schema_url`` on every resource with a standard."""
    for res in pkg_dict.get("resources") or []:
        if not isinstance(res, dict):
            continue
        url = schema_url(res.get("schema"))
        if url:
            res["schema_url"] = url
        else:
            res.pop("schema_url", None)
