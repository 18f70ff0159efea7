"""Pages of the census (Romanian and English): campaigns, dashboard, entry
list, form, view with scores and history, workflow buttons, coordinator
review queue, import, exports, public inventory, methodology.

Thin: every page calls actions (``tk.get_action``) and ``tk.check_access``
only; 403 on NotAuthorized, 404 on ObjectNotFound; forms are re-rendered with
the errors and everything the user typed."""
from __future__ import annotations

import base64
from typing import Any, Optional

from flask import Blueprint, Response, request

import ckan.plugins.toolkit as tk
from ckan.common import current_user
from ckan.lib.pagination import Page

from ckanext.tmopendata.census import fields, io, pending
from ckanext.tmopendata.resources import census_dir

census = Blueprint("tmopendata_census", __name__, url_prefix="/census")

__all__ = ["census"]

PAGE_SIZE = 50
#: Entry fields a steward types in the form (the rest is set by the workflow).
FORM_FIELDS = [name for name, _t in fields.ENTRY_FIELDS if name not in ("id", "status", "package_id")]
MIME = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
    "datapackage": "application/zip",
}


def _context() -> dict[str, Any]:
    return {"user": current_user.name if current_user.is_authenticated else ""}


def _can(action: str, data_dict: dict[str, Any]) -> bool:
    try:
        tk.check_access(action, _context(), data_dict)
        return True
    except tk.NotAuthorized:
        return False


def _call(action: str, data_dict: dict[str, Any], not_found: Optional[str] = None) -> Any:
    """Call an action; 403 when refused, 404 when something does not
    exist, 400 with the messages when a parameter (filter, sort, page...)
    is not valid."""
    try:
        return tk.get_action(action)(_context(), data_dict)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You are not allowed to see this page."))
    except tk.ObjectNotFound:
        return tk.abort(404, not_found or tk._("Not found"))
    except tk.ValidationError as e:
        return tk.abort(400, _error_text(e))


def _results(listed: Any) -> tuple[list[dict[str, Any]], int]:
    """(results, total) of a list action (a list or ``{count, results}``)."""
    if isinstance(listed, dict):
        results = listed.get("results", [])
        return results, listed.get("count", len(results))
    return list(listed or []), len(listed or [])


def _campaign(campaign_id: str) -> dict[str, Any]:
    return _call("tmopendata_census_campaign_show", {"id": campaign_id}, tk._("Census campaign not found"))


def _entry(entry_id: str) -> dict[str, Any]:
    return _call("tmopendata_census_entry_show", {"id": entry_id}, tk._("Census entry not found"))


def _error_messages(error: tk.ValidationError) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for field, messages in (error.error_dict or {}).items():
        if isinstance(messages, dict):
            messages = [f"{k}: {v}" for k, v in messages.items()]
        elif not isinstance(messages, list):
            messages = [messages]
        out[field] = [str(m) for m in messages]
    return out


def _error_text(error: tk.ValidationError) -> str:
    """Every message of the error on one line (flash messages, 400 pages)."""
    return " ".join(m for msgs in _error_messages(error).values() for m in msgs)


# --- campaigns ----------------------------------------------------------------------

def index():
    campaigns, _total = _results(_call("tmopendata_census_campaign_list", {}))
    return tk.render("tmopendata/census/index.html", {
        "campaigns": campaigns,
        "can_create": _can("tmopendata_census_campaign_create", {}),
    })


def dashboard(campaign_id: str):
    campaign = _campaign(campaign_id)
    data = {"campaign_id": campaign["id"]}
    if not _can("tmopendata_census_dashboard_full", data):
        # Outsiders and anonymous visitors of a public campaign are sent to
        # its public inventory list (a private one was refused above).
        return tk.redirect_to("tmopendata_census.inventory", campaign_id=campaign["name"])
    board = _call("tmopendata_census_dashboard", data)
    return tk.render("tmopendata/census/dashboard.html", {
        "campaign": campaign, "board": board,
        "can_create": _can("tmopendata_census_entry_create", data),
        "can_review": _can("tmopendata_census_campaign_update", {"id": campaign["id"]}),
        "can_edit_campaign": _can("tmopendata_census_campaign_patch", {"id": campaign["id"]}),
        "can_import": _can("tmopendata_census_entry_import", data),
        "can_export": _can("tmopendata_census_entry_export", data),
        "can_publish": _can("tmopendata_census_publish", data),
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
    organizations = _all_organizations()
    return tk.render("tmopendata/census/campaign_form.html", {
        "campaign": campaign, "data": form, "errors": errors,
        "statuses": fields.CAMPAIGN_STATUSES,
        "organizations": sorted(organizations, key=lambda o: (o.get("title") or o["name"]).lower()),
        "coordinators_locked": coordinators_locked,
    })


def campaign_new():
    if not _can("tmopendata_census_campaign_create", {}):
        return tk.abort(403, tk._("Only census coordinators may create campaigns."))
    form: dict[str, Any] = {"status": "open", "public": False}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = _campaign_form_data()
        try:
            created = tk.get_action("tmopendata_census_campaign_create")(_context(), dict(form))
        except tk.NotAuthorized:
            return tk.abort(403, tk._("Only census coordinators may create campaigns."))
        except tk.ValidationError as e:
            errors = _error_messages(e)
        else:
            tk.h.flash_success(tk._("Campaign created."))
            return tk.redirect_to("tmopendata_census.dashboard", campaign_id=created["name"])
    return _render_campaign_form(None, form, errors)


def campaign_edit(campaign_id: str):
    campaign = _campaign(campaign_id)
    if not _can("tmopendata_census_campaign_patch", {"id": campaign["id"]}):
        return tk.abort(403, tk._("Only census coordinators may change this campaign."))
    errors: dict[str, list[str]] = {}
    # only the campaign's creator and sysadmins change its coordinators: the
    # others see the field read-only and their form leaves them as they are
    coordinators_locked = not _can("tmopendata_census_campaign_coordinators", {"id": campaign["id"]})
    if request.method == "POST":
        form = _campaign_form_data()
        if coordinators_locked:
            form["coordinators"] = ", ".join(campaign.get("coordinators") or [])
        try:
            data = dict(form, id=campaign["id"])
            if coordinators_locked:
                data.pop("coordinators")
            saved = tk.get_action("tmopendata_census_campaign_patch")(_context(), data)
        except tk.NotAuthorized:
            return tk.abort(403, tk._("Only census coordinators may change this campaign."))
        except tk.ValidationError as e:
            errors = _error_messages(e)
        else:
            tk.h.flash_success(tk._("Campaign saved."))
            return tk.redirect_to("tmopendata_census.dashboard", campaign_id=saved["name"])
    else:
        form = {name: campaign.get(name) or "" for name in CAMPAIGN_FIELDS}
        form["coordinators"] = ", ".join(campaign.get("coordinators") or [])
        form["public"] = bool(campaign.get("public"))
        form["organizations"] = list(campaign.get("organizations") or [])
    return _render_campaign_form(campaign, form, errors, coordinators_locked)


def entries(campaign_id: str):
    campaign = _campaign(campaign_id)
    filters = {
        key: request.args[key]
        for key in ("organization", "status", "hvd_category", "priority_theme", "q")
        if request.args.get(key)
    }
    sort = request.args.get("sort") or "priority"
    page = max(1, tk.h.get_page_number(request.args))
    listed = _call("tmopendata_census_entry_list", dict(
        filters, campaign_id=campaign["id"], sort=sort, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
    ))
    results, total = _results(listed)
    submittable = [
        e["id"] for e in results if e.get("status") == fields.DRAFT
        and _can("tmopendata_census_entry_transition", {"id": e["id"], "to_state": fields.SUBMITTED})
    ]
    return tk.render("tmopendata/census/entries.html", {
        "selectable": submittable,
        "drafts_waiting": not submittable and any(e.get("status") == fields.DRAFT for e in results),
        "campaign": campaign, "entries": results, "total": total, "filters": filters, "sort": sort,
        "page": Page(
            collection=results, page=page, item_count=total, items_per_page=PAGE_SIZE, presliced_list=True,
            url=lambda q=None, page=None: tk.h.url_for(
                "tmopendata_census.entries", campaign_id=campaign["name"], page=page, sort=sort, **filters),
        ),
        "can_create": _can("tmopendata_census_entry_create", {"campaign_id": campaign["id"]}),
    })


def review(campaign_id: str):
    campaign = _campaign(campaign_id)
    if not _can("tmopendata_census_campaign_update", {"id": campaign["id"]}):
        return tk.abort(403, tk._("Only census coordinators review entries."))
    queue = []
    for state in (fields.SUBMITTED, fields.UNDER_REVIEW):
        results, _total = _results(_call("tmopendata_census_entry_list", {
            "campaign_id": campaign["id"], "status": state, "sort": "priority", "limit": 500,
        }))
        queue.append((state, results))
    return tk.render("tmopendata/census/review.html", {
        "campaign": campaign, "queue": queue,
        "selectable": [e["id"] for _state, results in queue for e in results],
    })


#: What the bulk buttons do: target state -> the states an entry passes
#: through to get there (one action call per state and entry).
BULK_PATHS = {
    fields.SUBMITTED: {fields.DRAFT: (fields.SUBMITTED,)},
    fields.UNDER_REVIEW: {fields.SUBMITTED: (fields.UNDER_REVIEW,)},
    fields.APPROVED: {fields.SUBMITTED: (fields.UNDER_REVIEW, fields.APPROVED),
                      fields.UNDER_REVIEW: (fields.APPROVED,)},
}


def bulk(campaign_id: str):
    """Move the ticked entries (``entry_id``, several) to ``to_state``:
    one transition action call per entry (and step), one message per entry;
    then back to the review queue or the entry list (``back``)."""
    campaign = _campaign(campaign_id)
    target = request.form.get("to_state", "")
    ids = request.form.getlist("entry_id")
    comment = request.form.get("comment", "").strip()
    back = "tmopendata_census.review" if request.form.get("back") == "review" else "tmopendata_census.entries"
    if target not in BULK_PATHS:
        tk.h.flash_error(tk._("Choose what to do with the selected entries."))
    elif not ids:
        tk.h.flash_error(tk._("Tick the entries first."))
    for entry_id in ids if target in BULK_PATHS else ():
        try:
            entry = tk.get_action("tmopendata_census_entry_show")(_context(), {"id": entry_id})
        except (tk.NotAuthorized, tk.ObjectNotFound):
            tk.h.flash_error(tk._("An entry was not found."))
            continue
        title = entry.get("title") or entry_id
        if entry.get("campaign_id") != campaign["id"]:
            tk.h.flash_error(tk._("“{title}”: not an entry of this campaign.").format(title=title))
            continue
        steps = BULK_PATHS[target].get(entry.get("status"), (target,))
        try:
            for state in steps:
                data = {"id": entry_id, "to_state": state}
                if comment:
                    data["comment"] = comment
                tk.get_action("tmopendata_census_entry_transition")(_context(), data)
        except tk.NotAuthorized:
            tk.h.flash_error(tk._("“{title}”: you may not make this change.").format(title=title))
        except (tk.ValidationError, tk.ObjectNotFound) as e:
            messages = _error_messages(e) if isinstance(e, tk.ValidationError) else {"id": [tk._("Not found")]}
            tk.h.flash_error(tk._("“{title}”: {problem}").format(
                title=title, problem=" ".join(m for msgs in messages.values() for m in msgs)))
        else:
            tk.h.flash_success(tk._("“{title}”: status changed to {state}.").format(
                title=title, state=tk.h.tmopendata_census_label("status", target)))
    return tk.redirect_to(back, campaign_id=campaign["name"])


def inventory(campaign_id: str):
    """The public inventory list: only the public fields, never restricted
    entries (the action decides what each user may see)."""
    campaign = _campaign(campaign_id)
    # What an anonymous visitor gets from the API, whoever looks at the page.
    try:
        listed = tk.get_action("tmopendata_census_entry_list")(
            {"user": ""}, {"campaign_id": campaign["id"], "sort": "title", "limit": 1000}
        )
    except tk.NotAuthorized:
        listed = []
    results, _total = _results(listed)
    results = [{k: e.get(k) for k in io.PUBLIC_COLUMNS} for e in results
               if e.get("status") != fields.RESTRICTED]
    return tk.render("tmopendata/census/inventory.html", {
        "campaign": campaign, "entries": results, "total": len(results),
    })


# --- entries ------------------------------------------------------------------------

def _form_data() -> dict[str, str]:
    """What the user typed, as it was typed (for re-rendering)."""
    return {name: request.form.get(name, "").strip() for name in FORM_FIELDS}


def _typed(raw: dict[str, str]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Form strings to typed values, with the same conversions and messages
    as the import (empty fields are left out)."""
    return io.row_to_entry(raw)


def new(campaign_id: str):
    campaign = _campaign(campaign_id)
    data = {"campaign_id": campaign["id"]}
    if not _can("tmopendata_census_entry_create", data):
        return tk.abort(403, tk._("You may not add entries to this census."))
    form: dict[str, Any] = {"organization": request.args.get("organization", "")}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = _form_data()
        entry, errors = _typed(form)
        if not errors:
            try:
                created = tk.get_action("tmopendata_census_entry_create")(
                    _context(), dict(entry, campaign_id=campaign["id"])
                )
            except tk.NotAuthorized:
                return tk.abort(403, tk._("You may not add entries for this institution."))
            except tk.ValidationError as e:
                errors = _error_messages(e)
            else:
                tk.h.flash_success(tk._("Entry saved as a draft."))
                return tk.redirect_to("tmopendata_census.read", entry_id=created["id"])
    return tk.render("tmopendata/census/entry_form.html", {
        "campaign": campaign, "data": form, "errors": errors, "entry": None,
    })


def edit(entry_id: str):
    entry = _entry(entry_id)
    if not entry.get("campaign_id") or not _can("tmopendata_census_entry_update", {"id": entry["id"]}):
        return tk.abort(403, tk._("You may not edit this entry."))
    campaign = _campaign(entry["campaign_id"])
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = _form_data()
        typed, errors = _typed(form)
        if not errors:
            try:
                # A full update: the fields the user emptied are emptied.
                tk.get_action("tmopendata_census_entry_update")(_context(), dict(typed, id=entry["id"]))
            except tk.NotAuthorized:
                return tk.abort(403, tk._("You may not edit this entry."))
            except tk.ValidationError as e:
                errors = _error_messages(e)
            else:
                tk.h.flash_success(tk._("Entry saved."))
                return tk.redirect_to("tmopendata_census.read", entry_id=entry["id"])
    else:
        form = {name: _as_text(name, entry.get(name)) for name in FORM_FIELDS}
    return tk.render("tmopendata/census/entry_form.html", {
        "campaign": campaign, "data": form, "errors": errors, "entry": entry,
    })


def _as_text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "da" if value else "nu"
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)


def read(entry_id: str):
    return _render_read(_entry(entry_id))


def _render_read(entry: dict[str, Any], typed: Optional[dict[str, str]] = None,
                 errors: Optional[dict[str, list[str]]] = None):
    """The entry page; after a refused change, with what was typed in the
    workflow form (``typed``) and why it was refused (``errors``)."""
    # The public gets the public fields only (no campaign id, scores, history).
    campaign = _campaign(entry["campaign_id"]) if entry.get("campaign_id") else None
    transitions = [
        state for state in fields.TRANSITIONS.get(entry.get("status") or fields.DRAFT, ())
        if _can("tmopendata_census_entry_transition", {"id": entry["id"], "to_state": state})
    ]
    return tk.render("tmopendata/census/entry_read.html", {
        "campaign": campaign, "entry": entry, "transitions": transitions,
        "has_procedure": _has_procedure(entry),
        "can_start_procedure": not _has_procedure(entry) and _may_start_procedure(entry),
        "can_create_dataset": _may_create_dataset(entry),
        "can_edit": _can("tmopendata_census_entry_update", {"id": entry["id"]}),
        "can_delete": _can("tmopendata_census_entry_delete", {"id": entry["id"]}),
        "typed": typed or {}, "errors": errors or {},
    }), (400 if errors else 200)


def _may_start_procedure(entry: dict[str, Any]) -> bool:
    """The entry has a linked dataset and the user may start its publication
    procedure (False when the procedures plugin is not loaded)."""
    if not entry.get("package_id"):
        return False
    try:
        tk.get_action("tmopendata_procedure_create")
    except KeyError:  # the tmopendata_procedures plugin is not loaded
        return False
    return _can("tmopendata_procedure_create", {"package_id": entry["package_id"]})


def _has_procedure(entry: dict[str, Any]) -> bool:
    """The entry's dataset has a procedure the user may see (False without
    the procedures plugin)."""
    if not entry.get("package_id"):
        return False
    try:
        show = tk.get_action("tmopendata_procedure_show")
    except KeyError:
        return False
    try:
        show(_context(), {"id": entry["package_id"]})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return False
    return True


def _may_create_dataset(entry: dict[str, Any]) -> bool:
    """The entry is approved (or in publication) without a dataset and the
    user may create its dataset."""
    if entry.get("package_id") or entry.get("status") not in (fields.APPROVED, fields.IN_PUBLICATION):
        return False
    return _can("tmopendata_census_entry_create_dataset", {"id": entry["id"]})


def create_dataset(entry_id: str):
    """Create the entry's draft dataset and start its procedure, then go to
    the procedure (or the dataset without the procedures plugin)."""
    entry = _entry(entry_id)
    try:
        result = tk.get_action("tmopendata_census_entry_create_dataset")(_context(), {"id": entry["id"]})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only editors of the institution may create the dataset of this entry."))
    except tk.ValidationError as e:
        tk.h.flash_error(_error_text(e))
        return tk.redirect_to("tmopendata_census.read", entry_id=entry["id"])
    if result.get("procedure_id"):
        tk.h.flash_success(tk._(
            "The draft dataset was created (private) and its publication procedure started."))
        return tk.redirect_to("tmopendata_procedure.dataset_page", id=result["name"])
    tk.h.flash_success(tk._("The draft dataset was created (private)."))
    return tk.redirect_to("dataset.read", id=result["name"])


def transition(entry_id: str):
    entry = _entry(entry_id)
    data = {
        "id": entry["id"],
        "to_state": request.form.get("to_state", ""),
        "comment": request.form.get("comment", "").strip(),
    }
    for optional in ("reason", "access_restriction", "package_id", "from_state"):
        if request.form.get(optional, "").strip():
            data[optional] = request.form[optional].strip()
    try:
        tk.get_action("tmopendata_census_entry_transition")(_context(), data)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not make this change."))
    except tk.ValidationError as e:
        # the page again, with everything typed and the reasons
        typed = {k: request.form.get(k, "").strip()
                 for k in ("comment", "reason", "access_restriction", "package_id", "to_state")}
        return _render_read(entry, typed, _error_messages(e))
    else:
        tk.h.flash_success(tk._("Status changed to: {state}").format(
            state=tk.h.tmopendata_census_label("status", data["to_state"])))
    return tk.redirect_to("tmopendata_census.read", entry_id=entry["id"])


def delete(entry_id: str):
    entry = _entry(entry_id)
    if not entry.get("campaign_id"):
        return tk.abort(403, tk._("You may not delete this entry."))
    campaign = _campaign(entry["campaign_id"])
    try:
        tk.get_action("tmopendata_census_entry_delete")(_context(), {"id": entry["id"]})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not delete this entry."))
    tk.h.flash_success(tk._("Entry deleted."))
    return tk.redirect_to("tmopendata_census.dashboard", campaign_id=campaign["name"])


def publish(campaign_id: str):
    campaign = _campaign(campaign_id)
    try:
        result = tk.get_action("tmopendata_census_publish")(_context(), {"campaign_id": campaign["id"]})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only census coordinators publish the inventory."))
    except tk.ValidationError as e:
        tk.h.flash_error(_error_text(e))
        return tk.redirect_to("tmopendata_census.dashboard", campaign_id=campaign["name"])
    tk.h.flash_success(tk._("The public inventory was published."))
    package = (result or {}).get("package_id") or (result or {}).get("name") or (result or {}).get("id")
    if package:
        return tk.redirect_to("dataset.read", id=package)
    return tk.redirect_to("tmopendata_census.dashboard", campaign_id=campaign["name"])


# --- import, export, templates, methodology ------------------------------------------

def import_page(campaign_id: str):
    campaign = _campaign(campaign_id)
    data = {"campaign_id": campaign["id"]}
    if not _can("tmopendata_census_entry_import", data):
        return tk.abort(403, tk._("You may not import entries into this census."))
    report = None
    form = {"organization": request.values.get("organization", ""),
            "accept_valid": bool(request.form.get("accept_valid"))}
    if request.method == "POST":
        upload = request.files.get("upload")
        token = request.form.get("pending", "")
        content: Optional[tuple[bytes, str]] = None
        if upload and upload.filename:
            content = (upload.stream.read(), upload.filename)
            token = ""
        elif token:
            # the file kept after the previous attempt ("import the valid rows")
            content = pending.take(current_user.id, campaign["id"], token)
            if content is None:
                report = {"error": tk._("The file of the previous attempt is no longer kept: choose it again.")}
        else:
            report = {"error": tk._("Choose a CSV or XLSX file to import.")}
        if content is not None:
            payload = dict(data, upload=content[0], filename=content[1], accept_valid=form["accept_valid"])
            if form["organization"]:
                payload["organization"] = form["organization"]
            try:
                report = tk.get_action("tmopendata_census_entry_import")(_context(), payload)
            except tk.NotAuthorized:
                return tk.abort(403, tk._("You may not import entries for this institution."))
            except tk.ValidationError as e:
                report = {"error": _error_text(e)}
            else:
                if report.get("errors") and not report.get("imported"):
                    report["pending"] = token or pending.keep(
                        current_user.id, campaign["id"], content[1], content[0])
                    report["filename"] = content[1]
                elif token:
                    pending.discard(current_user.id, token)
    return tk.render("tmopendata/census/import.html", {
        "campaign": campaign, "report": report, "form": form,
        "organizations": _import_organizations(campaign),
    })


def _import_organizations(campaign: dict[str, Any]) -> list[dict[str, str]]:
    """Institutions of the campaign the user imports for: all of them for
    coordinators, those where the user is an editor or admin for the
    others."""
    if _can("tmopendata_census_campaign_update", {"id": campaign["id"]}):
        orgs = _all_organizations()
    else:
        orgs = tk.get_action("organization_list_for_user")(_context(), {"permission": "create_dataset"})
    taking_part = set(campaign.get("organizations") or [])
    return sorted(({"name": o["name"], "title": o.get("display_name") or o.get("title") or o["name"]}
                   for o in orgs if o["name"] in taking_part), key=lambda o: o["title"].lower())


def _all_organizations() -> list[dict[str, Any]]:
    """Every organisation (``organization_list`` page by page: CKAN caps
    lists with all fields)."""
    page_size = tk.config.get("ckan.group_and_organization_list_all_fields_max") or 25
    orgs: list[dict[str, Any]] = []
    while True:
        page = tk.get_action("organization_list")(_context(), {
            "all_fields": True, "include_dataset_count": False, "limit": page_size, "offset": len(orgs),
        })
        orgs.extend(page)
        if len(page) < page_size:
            break
    return orgs


def export(campaign_id: str, fmt: str):
    campaign = _campaign(campaign_id)
    lang = request.args.get("lang") or tk.h.tmopendata_census_lang()
    data = {"campaign_id": campaign["id"], "format": fmt, "lang": lang}
    for key in ("organization", "status"):
        if request.args.get(key):
            data[key] = request.args[key]
    try:
        result = tk.get_action("tmopendata_census_entry_export")(_context(), data)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not export this census."))
    except tk.ValidationError as e:
        return tk.abort(400, _error_text(e))
    body = result.get("content")
    if result.get("encoding") == "base64" or isinstance(body, str) and fmt != "csv":
        body = base64.b64decode(body)
    elif isinstance(body, str):
        body = body.encode("utf-8")
    extension = "zip" if fmt == "datapackage" else fmt
    filename = result.get("filename") or f"{campaign['name']}.{extension}"
    return Response(body, mimetype=MIME.get(fmt, "application/octet-stream"),
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


TEMPLATE_FILES = {
    ("csv", "ro"): "inventar-sablon.csv", ("xlsx", "ro"): "inventar-sablon.xlsx",
    ("csv", "en"): "inventory-template.csv", ("xlsx", "en"): "inventory-template.xlsx",
}


def _institutions() -> list[tuple[str, str]]:
    """(name, title) of every institution (organisation), by title."""
    return sorted(((o["name"], o.get("title") or o["name"]) for o in _all_organizations()),
                  key=lambda o: o[1].lower())


def template_download(lang: str, fmt: str):
    """The import templates; the XLSX ones list the institutions (a sheet
    and a drop-down), the CSV ones are headers only (see
    :func:`institutions_download`)."""
    name = TEMPLATE_FILES.get((fmt, lang))
    if not name:
        return tk.abort(404, tk._("No such template"))
    if fmt == "xlsx":
        body = io.template(fmt, lang, institutions=_institutions())
    else:
        body = (census_dir() / "templates" / name).read_bytes()
    return Response(body, mimetype=MIME[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})


def institutions_download(lang: str):
    """The institutions an import may name (CSV: name in the portal, title)."""
    if lang not in ("ro", "en"):
        return tk.abort(404, tk._("No such template"))
    name = "institutii.csv" if lang == "ro" else "institutions.csv"
    return Response(io.institutions_csv(_institutions(), lang), mimetype=MIME["csv"],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def schema_download(name: str):
    files = {"inventory": "inventory-schema.json", "public-inventory": "public-inventory-schema.json"}
    if name not in files:
        return tk.abort(404, tk._("No such schema"))
    body = (census_dir() / files[name]).read_bytes()
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{files[name]}"'})


def methodology():
    lang = tk.h.tmopendata_census_lang()
    text = (census_dir() / f"methodology.{lang}.md").read_text(encoding="utf-8")
    return tk.render("tmopendata/census/methodology.html", {"text": text})


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
