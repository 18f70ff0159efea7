"""What the census pages share: calling an action or answering 403/404/400,
saving a form through an action, the results of a list action, every
organisation, the file types."""
from __future__ import annotations

from typing import Any, Callable, Optional

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.lib.views import context, error_messages, error_text

MIME = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
    "datapackage": "application/zip",
}


def call(action: str, data_dict: dict[str, Any], not_found: Optional[str] = None) -> Any:
    """Call an action; 403 when refused, 404 when something does not
    exist, 400 with the messages when a parameter (filter, sort, page...)
    is not valid."""
    try:
        return tk.get_action(action)(context(), data_dict)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You are not allowed to see this page."))
    except tk.ObjectNotFound:
        return tk.abort(404, not_found or tk._("Not found"))
    except tk.ValidationError as e:
        return tk.abort(400, error_text(e))


def save(action: str, data_dict: dict[str, Any], *, refused: str, saved: str,
         then: Callable[[Any], Any]) -> tuple[Any, dict[str, list[str]]]:
    """Save a form through ``action``: ``(response, errors)``. Refused: a 403
    page with ``refused``; saved: ``saved`` flashed and the response of
    ``then(result)`` (a redirect); not valid: no response and the errors by
    field, to render the form again with what was typed."""
    try:
        result = tk.get_action(action)(context(), data_dict)
    except tk.NotAuthorized:
        return tk.abort(403, refused), {}
    except tk.ValidationError as e:
        return None, error_messages(e)
    tk.h.flash_success(saved)
    return then(result), {}


def list_results(listed: Any) -> tuple[list[dict[str, Any]], int]:
    """(results, total) of a list action (a list or ``{count, results}``)."""
    if isinstance(listed, dict):
        rows = listed.get("results", [])
        return rows, listed.get("count", len(rows))
    return list(listed or []), len(listed or [])


def campaign_or_404(campaign_id: str) -> dict[str, Any]:
    return call("tmopendata_census_campaign_show", {"id": campaign_id}, tk._("Census campaign not found"))


def entry_or_404(entry_id: str) -> dict[str, Any]:
    return call("tmopendata_census_entry_show", {"id": entry_id}, tk._("Census entry not found"))


def all_organizations() -> list[dict[str, Any]]:
    """Every organisation (``organization_list`` page by page: CKAN caps
    lists with all fields)."""
    page_size = tk.config.get("ckan.group_and_organization_list_all_fields_max") or 25
    orgs: list[dict[str, Any]] = []
    while True:
        page = tk.get_action("organization_list")(context(), {
            "all_fields": True, "include_dataset_count": False, "limit": page_size, "offset": len(orgs),
        })
        orgs.extend(page)
        if len(page) < page_size:
            break
    return orgs
