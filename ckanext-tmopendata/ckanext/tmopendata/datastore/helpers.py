"""Template helpers of the DataStore plugin."""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk

__all__ = ["tmopendata_datastore_resource_state", "tmopendata_datastore_api_calls"]


def tmopendata_datastore_resource_state(resource: dict[str, Any], package_id: str) -> Optional[dict[str, Any]]:
    """The resource's entry of ``tmopendata_datastore_status`` (as the
    current user), or ``None``."""
    try:
        status = tk.get_action("tmopendata_datastore_status")({}, {"id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound, KeyError):
        return None
    for entry in status["resources"]:
        if entry["id"] == resource.get("id"):
            return entry
    return None


def tmopendata_datastore_api_calls(resource_id: str) -> dict[str, str]:
    """The calls a developer would use to read the rows."""
    base = tk.config.get("ckan.site_url").rstrip("/") + (tk.config.get("ckan.root_path") or "").replace("/{{LANG}}", "")
    search = f"{base}/api/3/action/datastore_search?resource_id={resource_id}&limit=5"
    sql = f'SELECT * FROM "{resource_id}" LIMIT 5'
    return {
        "url": search,
        "curl": f"curl '{search}'",
        "ckanapi": f"ckanapi action datastore_search -r {base} resource_id={resource_id} limit=5",
        "sql_curl": f"curl -G '{base}/api/3/action/datastore_search_sql' --data-urlencode 'sql={sql}'",
    }
