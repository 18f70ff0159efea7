"""The dataset page's "check the links now" button (thin: the action
``tmopendata_quality_check`` queues the background check)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.tmopendata.lib.views import context

quality = Blueprint("tmopendata_quality", __name__)


def check(id: str):
    try:
        result = tk.get_action("tmopendata_quality_check")(context(), {"id": id})
    except (tk.ObjectNotFound, tk.ValidationError):
        return tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this page"))
    if result["urls"]:
        tk.h.flash_success(tk._("The links of this dataset will be checked in the background; "
                                "the score counts them once checked."))
    else:
        tk.h.flash_notice(tk._("This dataset has no linked URL to check (uploaded files count as reachable)."))
    return tk.redirect_to("dataset.read", id=result["id"])


quality.add_url_rule("/dataset/<id>/quality/check", view_func=check, methods=["POST"])
