"""The DataStore plugin's one page action: load a resource's rows again
(the retry button of the resource page). Thin: it calls the action."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.tmopendata.lib.views import context, error_text

datastore = Blueprint("tmopendata_datastore", __name__)


def load(package_id: str, resource_id: str) -> Any:
    """Queue a new load of the resource (editors of the dataset)."""
    try:
        pkg = tk.get_action("package_show")(context(), {"id": package_id})
        res = tk.get_action("resource_show")(context(), {"id": resource_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Resource not found"))
    if res["package_id"] != pkg["id"]:
        return tk.abort(404, tk._("Resource not found"))
    try:
        result = tk.get_action("tmopendata_datastore_load")(context(), {"resource_id": res["id"]})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only editors of the dataset may load its rows"))
    except tk.ValidationError as e:
        tk.h.flash_error(error_text(e))
    else:
        if result.get("status") == "failed":
            tk.h.flash_error(result.get("message") or "")
        else:
            tk.h.flash_success(tk._("The rows are being loaded into the API."))
    return tk.redirect_to("resource.read", id=pkg["name"], resource_id=res["id"])


datastore.add_url_rule("/dataset/<package_id>/resource/<resource_id>/datastore-load",
                       view_func=load, methods=["POST"])


def get_blueprints() -> list[Blueprint]:
    return [datastore]
