"""The entry pages: form (new, edit; the same conversions and messages as
the import), the entry with its scores, history and workflow buttons,
transitions, deletion, and the hand-off to a dataset."""
from __future__ import annotations

from typing import Any, Optional

from flask import request

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.census import fields, io, workflow
from ckanext.tmopendata.census.views.common import campaign_or_404, entry_or_404, save
from ckanext.tmopendata.lib.views import can, context, error_messages, error_text

#: Entry fields a steward types in the form (the rest is set by the workflow).
FORM_FIELDS = [name for name, _t in fields.ENTRY_FIELDS if name not in ("id", "status", "package_id")]


def _form_data() -> dict[str, str]:
    """What the user typed, as it was typed (for re-rendering)."""
    return {name: request.form.get(name, "").strip() for name in FORM_FIELDS}


def _typed(raw: dict[str, str]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Form strings to typed values, with the same conversions and messages
    as the import (empty fields are left out)."""
    return io.row_to_entry(raw)


def new(campaign_id: str):
    campaign = campaign_or_404(campaign_id)
    data = {"campaign_id": campaign["id"]}
    if not can("tmopendata_census_entry_create", data):
        return tk.abort(403, tk._("You may not add entries to this census."))
    form: dict[str, Any] = {"organization": request.args.get("organization", "")}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = _form_data()
        entry, errors = _typed(form)
        if not errors:
            done, errors = save(
                "tmopendata_census_entry_create", dict(entry, campaign_id=campaign["id"]),
                refused=tk._("You may not add entries for this institution."), saved=tk._("Entry saved as a draft."),
                then=lambda created: tk.redirect_to("tmopendata_census.read", entry_id=created["id"]))
            if done is not None:
                return done
    return tk.render("tmopendata/census/entry_form.html", {
        "campaign": campaign, "data": form, "errors": errors, "entry": None,
    })


def edit(entry_id: str):
    entry = entry_or_404(entry_id)
    if not entry.get("campaign_id") or not can("tmopendata_census_entry_update", {"id": entry["id"]}):
        return tk.abort(403, tk._("You may not edit this entry."))
    campaign = campaign_or_404(entry["campaign_id"])
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = _form_data()
        typed, errors = _typed(form)
        if not errors:
            # A full update: the fields the user emptied are emptied.
            done, errors = save(
                "tmopendata_census_entry_update", dict(typed, id=entry["id"]),
                refused=tk._("You may not edit this entry."), saved=tk._("Entry saved."),
                then=lambda _saved: tk.redirect_to("tmopendata_census.read", entry_id=entry["id"]))
            if done is not None:
                return done
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
    return _render_read(entry_or_404(entry_id))


def _render_read(entry: dict[str, Any], typed: Optional[dict[str, str]] = None,
                 errors: Optional[dict[str, list[str]]] = None):
    """The entry page; after a refused change, with what was typed in the
    workflow form (``typed``) and why it was refused (``errors``)."""
    # The public gets the public fields only (no campaign id, scores, history).
    campaign = campaign_or_404(entry["campaign_id"]) if entry.get("campaign_id") else None
    transitions = [
        state for state in workflow.TRANSITIONS.get(entry.get("status") or workflow.DRAFT, ())
        if can("tmopendata_census_entry_transition", {"id": entry["id"], "to_state": state})
    ]
    return tk.render("tmopendata/census/entry_read.html", {
        "campaign": campaign, "entry": entry, "transitions": transitions,
        "has_procedure": _has_procedure(entry),
        "can_start_procedure": not _has_procedure(entry) and _may_start_procedure(entry),
        "can_create_dataset": _may_create_dataset(entry),
        "can_edit": can("tmopendata_census_entry_update", {"id": entry["id"]}),
        "can_delete": can("tmopendata_census_entry_delete", {"id": entry["id"]}),
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
    return can("tmopendata_procedure_create", {"package_id": entry["package_id"]})


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
        show(context(), {"id": entry["package_id"]})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return False
    return True


def _may_create_dataset(entry: dict[str, Any]) -> bool:
    """The entry is approved (or in publication) without a dataset and the
    user may create its dataset."""
    if entry.get("package_id") or entry.get("status") not in workflow.HANDOFF_STATES:
        return False
    return can("tmopendata_census_entry_create_dataset", {"id": entry["id"]})


def create_dataset(entry_id: str):
    """Create the entry's draft dataset and start its procedure, then go to
    the procedure (or the dataset without the procedures plugin)."""
    entry = entry_or_404(entry_id)
    try:
        result = tk.get_action("tmopendata_census_entry_create_dataset")(context(), {"id": entry["id"]})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only editors of the institution may create the dataset of this entry."))
    except tk.ValidationError as e:
        tk.h.flash_error(error_text(e))
        return tk.redirect_to("tmopendata_census.read", entry_id=entry["id"])
    if result.get("procedure_id"):
        tk.h.flash_success(tk._(
            "The draft dataset was created (private) and its publication procedure started."))
        return tk.redirect_to("tmopendata_procedure.dataset_page", id=result["name"])
    tk.h.flash_success(tk._("The draft dataset was created (private)."))
    return tk.redirect_to("dataset.read", id=result["name"])


def transition(entry_id: str):
    entry = entry_or_404(entry_id)
    data = {
        "id": entry["id"],
        "to_state": request.form.get("to_state", ""),
        "comment": request.form.get("comment", "").strip(),
    }
    for optional in ("reason", "access_restriction", "package_id", "from_state"):
        if request.form.get(optional, "").strip():
            data[optional] = request.form[optional].strip()
    try:
        tk.get_action("tmopendata_census_entry_transition")(context(), data)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not make this change."))
    except tk.ValidationError as e:
        # the page again, with everything typed and the reasons
        typed = {k: request.form.get(k, "").strip()
                 for k in ("comment", "reason", "access_restriction", "package_id", "to_state")}
        return _render_read(entry, typed, error_messages(e))
    else:
        tk.h.flash_success(tk._("Status changed to: {state}").format(
            state=tk.h.tmopendata_census_label("status", data["to_state"])))
    return tk.redirect_to("tmopendata_census.read", entry_id=entry["id"])


def delete(entry_id: str):
    entry = entry_or_404(entry_id)
    if not entry.get("campaign_id"):
        return tk.abort(403, tk._("You may not delete this entry."))
    campaign = campaign_or_404(entry["campaign_id"])
    try:
        tk.get_action("tmopendata_census_entry_delete")(context(), {"id": entry["id"]})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not delete this entry."))
    tk.h.flash_success(tk._("Entry deleted."))
    return tk.redirect_to("tmopendata_census.dashboard", campaign_id=campaign["name"])
