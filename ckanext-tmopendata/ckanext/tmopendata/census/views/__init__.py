"""Pages of the census (Romanian and English), one blueprint: campaigns,
dashboard, entry list, form, view with scores and history, workflow
buttons, coordinator review queue, import, exports, public inventory,
methodology (:mod:`.campaign`, :mod:`.entry`, :mod:`.files`; shared
helpers in :mod:`.common`).

Thin: every page calls actions (``tk.get_action``) and ``tk.check_access``
only; 403 on NotAuthorized, 404 on ObjectNotFound; forms are re-rendered with
the errors and everything the user typed."""
from __future__ import annotations

from flask import Blueprint

from ckanext.tmopendata.census.views.campaign import (
    bulk, campaign_edit, campaign_new, dashboard, entries, index, inventory, publish, review,
)
from ckanext.tmopendata.census.views.entry import create_dataset, delete, edit, new, read, transition
from ckanext.tmopendata.census.views.files import (
    export, import_page, institutions_download, methodology, schema_download, template_download,
)

census = Blueprint("tmopendata_census", __name__, url_prefix="/census")

__all__ = ["census"]

census.add_url_rule("/", view_func=index, strict_slashes=False)
census.add_url_rule("/campaign/new", view_func=campaign_new, methods=["GET", "POST"])
census.add_url_rule("/<campaign_id>/settings", view_func=campaign_edit, methods=["GET", "POST"])
census.add_url_rule("/methodology", view_func=methodology)
census.add_url_rule("/template/<lang>/<fmt>", view_func=template_download)
census.add_url_rule("/institutions/<lang>.csv", view_func=institutions_download)
census.add_url_rule("/schema/<name>.json", view_func=schema_download)
census.add_url_rule("/entry/<entry_id>", view_func=read)
census.add_url_rule("/entry/<entry_id>/edit", view_func=edit, methods=["GET", "POST"])
census.add_url_rule("/entry/<entry_id>/transition", view_func=transition, methods=["POST"])
census.add_url_rule("/entry/<entry_id>/delete", view_func=delete, methods=["POST"])
census.add_url_rule("/entry/<entry_id>/dataset", view_func=create_dataset, methods=["POST"])
census.add_url_rule("/<campaign_id>", view_func=dashboard)
census.add_url_rule("/<campaign_id>/entries", view_func=entries)
census.add_url_rule("/<campaign_id>/new", view_func=new, methods=["GET", "POST"])
census.add_url_rule("/<campaign_id>/review", view_func=review)
census.add_url_rule("/<campaign_id>/bulk", view_func=bulk, methods=["POST"])
census.add_url_rule("/<campaign_id>/import", view_func=import_page, methods=["GET", "POST"])
census.add_url_rule("/<campaign_id>/inventory", view_func=inventory)
census.add_url_rule("/<campaign_id>/export.<fmt>", view_func=export)
census.add_url_rule("/<campaign_id>/publish", view_func=publish, methods=["POST"])
