"""The campaign pages: list of campaigns, dashboard, campaign form, entry
list with bulk submission, coordinators' review queue and bulk moves, the
public inventory list, publication of the inventory."""
from __future__ import annotations

from typing import Any, Optional

from flask import request

import ckan.plugins.toolkit as tk
from ckan.lib.pagination import Page

from ckanext.tmopendata.census import fields, io, workflow
from ckanext.tmopendata.census.views.common import all_organizations, call, campaign_or_404, list_results, save
from ckanext.tmopendata.lib.views import can, context, error_messages, error_text

PAGE_SIZE = 50


def index():
    campaigns, _total = list_results(call("tmopendata_census_campaign_list", {}))
    return tk.render("tmopendata/census/index.html", {
        "campaigns": campaigns,
        "can_create": can("tmopendata_census_campaign_create", {}),
    })


def dashboard(campaign_id: str):
    campaign = campaign_or_404(campaign_id)
    data = {"campaign_id": campaign["id"]}
    if not can("tmopendata_census_dashboard_full", data):
        # Outsiders and anonymous visitors of a public campaign are sent to
        # its public inventory list (a private one was refused above).
        return tk.redirect_to("tmopendata_census.inventory", campaign_id=campaign["name"])
    board = call("tmopendata_census_dashboard", data)
    return tk.render("tmopendata/census/dashboard.html", {
        "campaign": campaign, "board": board,
        "can_create": can("tmopendata_census_entry_create", data),
        "can_review": can("tmopendata_census_campaign_update", {"id": campaign["id"]}),
        "can_edit_campaign": can("tmopendata_census_campaign_patch", {"id": campaign["id"]}),
        "can_import": can("tmopendata_census_entry_import", data),
        "can_export": can("tmopendata_census_entry_export", data),
        "can_publish": can("tmopendata_census_publish", data),
    })


#: Campaign fields typed in the campaign form (``public`` is a checkbox).
CAMPAIGN_FIELDS = ("name", "title", "description", "start_date", "end_date", "status",
                   "methodology_version", "coordinators")


def _campaign_form_data() -> dict[str, Any]:
    """The campaign form as typed; an unticked ``public`` box is ``False``."""
    form: dict[str, Any] = {name: request.form.get(name, "").strip() for name in CAMPAIGN_FIELDS}
    form["public"] = bool(request.form.get("public"))
    form["organizations"] = [o for o in request.form.getlist("organizations") if o.strip()]
    return form


def _render_campaign_form(campaign: Optional[dict[str, Any]], form: dict[str, Any],
                          errors: dict[str, list[str]], coordinators_locked: bool = False) -> str:
    organizations = all_organizations()
    return tk.render("tmopendata/census/campaign_form.html", {
        "campaign": campaign, "data": form, "errors": errors,
        "statuses": fields.CAMPAIGN_STATUSES,
        "organizations": sorted(organizations, key=lambda o: (o.get("title") or o["name"]).lower()),
        "coordinators_locked": coordinators_locked,
    })


def campaign_new():
    if not can("tmopendata_census_campaign_create", {}):
        return tk.abort(403, tk._("Only census coordinators may create campaigns."))
    form: dict[str, Any] = {"status": "open", "public": False}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = _campaign_form_data()
        done, errors = save(
            "tmopendata_census_campaign_create", dict(form),
            refused=tk._("Only census coordinators may create campaigns."), saved=tk._("Campaign created."),
            then=lambda created: tk.redirect_to("tmopendata_census.dashboard", campaign_id=created["name"]))
        if done is not None:
            return done
    return _render_campaign_form(None, form, errors)


def campaign_edit(campaign_id: str):
    campaign = campaign_or_404(campaign_id)
    if not can("tmopendata_census_campaign_patch", {"id": campaign["id"]}):
        return tk.abort(403, tk._("Only census coordinators may change this campaign."))
    errors: dict[str, list[str]] = {}
    # only the campaign's creator and sysadmins change its coordinators: the
    # others see the field read-only and their form leaves them as they are
    coordinators_locked = not can("tmopendata_census_campaign_coordinators", {"id": campaign["id"]})
    if request.method == "POST":
        form = _campaign_form_data()
        if coordinators_locked:
            form["coordinators"] = ", ".join(campaign.get("coordinators") or [])
        data = dict(form, id=campaign["id"])
        if coordinators_locked:
            data.pop("coordinators")
        done, errors = save(
            "tmopendata_census_campaign_patch", data,
            refused=tk._("Only census coordinators may change this campaign."), saved=tk._("Campaign saved."),
            then=lambda saved: tk.redirect_to("tmopendata_census.dashboard", campaign_id=saved["name"]))
        if done is not None:
            return done
    else:
        form = {name: campaign.get(name) or "" for name in CAMPAIGN_FIELDS}
        form["coordinators"] = ", ".join(campaign.get("coordinators") or [])
        form["public"] = bool(campaign.get("public"))
        form["organizations"] = list(campaign.get("organizations") or [])
    return _render_campaign_form(campaign, form, errors, coordinators_locked)


def entries(campaign_id: str):
    campaign = campaign_or_404(campaign_id)
    filters = {
        key: request.args[key]
        for key in ("organization", "status", "hvd_category", "priority_theme", "q")
        if request.args.get(key)
    }
    sort = request.args.get("sort") or "priority"
    page = max(1, tk.h.get_page_number(request.args))
    listed = call("tmopendata_census_entry_list", dict(
        filters, campaign_id=campaign["id"], sort=sort, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
    ))
    results, total = list_results(listed)
    submittable = [
        e["id"] for e in results if e.get("status") == workflow.DRAFT
        and can("tmopendata_census_entry_transition", {"id": e["id"], "to_state": workflow.SUBMITTED})
    ]
    return tk.render("tmopendata/census/entries.html", {
        "selectable": submittable,
        "drafts_waiting": not submittable and any(e.get("status") == workflow.DRAFT for e in results),
        "campaign": campaign, "entries": results, "total": total, "filters": filters, "sort": sort,
        "page": Page(
            collection=results, page=page, item_count=total, items_per_page=PAGE_SIZE, presliced_list=True,
            url=lambda q=None, page=None: tk.h.url_for(
                "tmopendata_census.entries", campaign_id=campaign["name"], page=page, sort=sort, **filters),
        ),
        "can_create": can("tmopendata_census_entry_create", {"campaign_id": campaign["id"]}),
    })


def review(campaign_id: str):
    campaign = campaign_or_404(campaign_id)
    if not can("tmopendata_census_campaign_update", {"id": campaign["id"]}):
        return tk.abort(403, tk._("Only census coordinators review entries."))
    queue = []
    for state in (workflow.SUBMITTED, workflow.UNDER_REVIEW):
        results, _total = list_results(call("tmopendata_census_entry_list", {
            "campaign_id": campaign["id"], "status": state, "sort": "priority", "limit": 500,
        }))
        queue.append((state, results))
    return tk.render("tmopendata/census/review.html", {
        "campaign": campaign, "queue": queue,
        "selectable": [e["id"] for _state, results in queue for e in results],
    })


def bulk(campaign_id: str):
    """Move the ticked entries (``entry_id``, several) to ``to_state``:
    one transition action call per entry (and step), one message per entry;
    then back to the review queue or the entry list (``back``)."""
    campaign = campaign_or_404(campaign_id)
    target = request.form.get("to_state", "")
    ids = request.form.getlist("entry_id")
    comment = request.form.get("comment", "").strip()
    back = "tmopendata_census.review" if request.form.get("back") == "review" else "tmopendata_census.entries"
    if target not in workflow.BULK_PATHS:
        tk.h.flash_error(tk._("Choose what to do with the selected entries."))
    elif not ids:
        tk.h.flash_error(tk._("Tick the entries first."))
    for entry_id in ids if target in workflow.BULK_PATHS else ():
        try:
            entry = tk.get_action("tmopendata_census_entry_show")(context(), {"id": entry_id})
        except (tk.NotAuthorized, tk.ObjectNotFound):
            tk.h.flash_error(tk._("An entry was not found."))
            continue
        title = entry.get("title") or entry_id
        if entry.get("campaign_id") != campaign["id"]:
            tk.h.flash_error(tk._("“{title}”: not an entry of this campaign.").format(title=title))
            continue
        steps = workflow.BULK_PATHS[target].get(entry.get("status"), (target,))
        try:
            for state in steps:
                data = {"id": entry_id, "to_state": state}
                if comment:
                    data["comment"] = comment
                tk.get_action("tmopendata_census_entry_transition")(context(), data)
        except tk.NotAuthorized:
            tk.h.flash_error(tk._("“{title}”: you may not make this change.").format(title=title))
        except (tk.ValidationError, tk.ObjectNotFound) as e:
            messages = error_messages(e) if isinstance(e, tk.ValidationError) else {"id": [tk._("Not found")]}
            tk.h.flash_error(tk._("“{title}”: {problem}").format(
                title=title, problem=" ".join(m for msgs in messages.values() for m in msgs)))
        else:
            tk.h.flash_success(tk._("“{title}”: status changed to {state}.").format(
                title=title, state=tk.h.tmopendata_census_label("status", target)))
    return tk.redirect_to(back, campaign_id=campaign["name"])


def inventory(campaign_id: str):
    """The public inventory list: only the public fields, never restricted
    entries (the action decides what each user may see)."""
    campaign = campaign_or_404(campaign_id)
    # What an anonymous visitor gets from the API, whoever looks at the page.
    try:
        listed = tk.get_action("tmopendata_census_entry_list")(
            {"user": ""}, {"campaign_id": campaign["id"], "sort": "title", "limit": 1000}
        )
    except tk.NotAuthorized:
        listed = []
    results, _total = list_results(listed)
    results = [{k: e.get(k) for k in io.PUBLIC_COLUMNS} for e in results]
    return tk.render("tmopendata/census/inventory.html", {
        "campaign": campaign, "entries": results, "total": len(results),
    })


def publish(campaign_id: str):
    campaign = campaign_or_404(campaign_id)
    try:
        result = tk.get_action("tmopendata_census_publish")(context(), {"campaign_id": campaign["id"]})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only census coordinators publish the inventory."))
    except tk.ValidationError as e:
        tk.h.flash_error(error_text(e))
        return tk.redirect_to("tmopendata_census.dashboard", campaign_id=campaign["name"])
    tk.h.flash_success(tk._("The public inventory was published."))
    package = (result or {}).get("package_id") or (result or {}).get("name") or (result or {}).get("id")
    if package:
        return tk.redirect_to("dataset.read", id=package)
    return tk.redirect_to("tmopendata_census.dashboard", campaign_id=campaign["name"])
