"""Pages of the procedure tracker: the procedure of a dataset (with the
forms to start it and to update, complete or skip its steps), the procedures
of an institution, and the overview with filters.

Thin: actions and ``tk.check_access`` only; 403 on NotAuthorized, 404 on
ObjectNotFound; forms are re-rendered with the errors and what was typed."""
from __future__ import annotations

from typing import Any, Optional

from flask import Blueprint, request

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.lib.views import context as _context

dataset = Blueprint("tmopendata_procedure", __name__)
overview = Blueprint("tmopendata_procedures", __name__, url_prefix="/tmopendata/procedures")

__all__ = ["dataset", "overview"]

ROLES = ("steward", "editor", "admin", "coordinator")


def _can(action: str, data_dict: dict[str, Any]) -> bool:
    try:
        tk.check_access(action, _context(), data_dict)
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def _package(package_id: str) -> dict[str, Any]:
    try:
        return tk.get_action("package_show")(_context(), {"id": package_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        # Like CKAN's dataset pages: a private dataset does not exist for outsiders.
        return tk.abort(404, tk._("Dataset not found"))


def _render(pkg: dict[str, Any], errors: Optional[dict[str, Any]] = None,
            form: Optional[dict[str, Any]] = None, form_step: Optional[str] = None,
            status: int = 200):
    try:
        procedure = tk.get_action("tmopendata_procedure_show")(_context(), {"id": pkg["id"]})
    except tk.ObjectNotFound:
        procedure = None
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this page"))
    steps = procedure["steps"] if procedure else []
    # keys that are not dict methods: in a template, ``d.update`` is the
    # method (always true), not the value
    allowed = {
        s["key"]: {
            "may_update": _can("tmopendata_procedure_step_update", {"id": procedure["id"], "step": s["key"]}),
            "may_complete": _can("tmopendata_procedure_step_complete", {"id": procedure["id"], "step": s["key"]}),
        }
        for s in steps
    }
    html = tk.render("tmopendata/procedure/dataset.html", {
        "pkg": pkg, "pkg_dict": pkg, "procedure": procedure, "allowed": allowed,
        "can_start": procedure is None and _can("tmopendata_procedure_create", {"package_id": pkg["id"]}),
        "can_delete": bool(procedure) and _can("tmopendata_procedure_delete", {"id": procedure["id"]}),
        "errors": errors or {}, "form": form or {}, "form_step": form_step, "roles": ROLES,
    })
    return (html, status) if status != 200 else html


def dataset_page(id: str):
    """The procedure page; ``?census_entry_id=<id>`` (the link from a census
    entry) fills in the census entry of the start form."""
    form = {}
    if request.args.get("census_entry_id"):
        form["census_entry_id"] = request.args["census_entry_id"].strip()
    return _render(_package(id), form=form)


def start(id: str):
    pkg = _package(id)
    form = dict(request.form)
    form.pop("_csrf_token", None)
    data: dict[str, Any] = {"package_id": pkg["id"]}
    if form.get("started"):
        data["started"] = form["started"]
    if form.get("census_entry_id"):
        data["census_entry_id"] = form["census_entry_id"]
    owners = {role: form[f"owner_{role}"] for role in ROLES if form.get(f"owner_{role}")}
    if owners:
        data["owners"] = owners
    try:
        tk.get_action("tmopendata_procedure_create")(_context(), data)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not start a procedure for this dataset"))
    except tk.ValidationError as e:
        return _render(pkg, e.error_dict, form, "__start__", status=400)
    tk.h.flash_success(tk._("The procedure has started."))
    return tk.redirect_to("tmopendata_procedure.dataset_page", id=pkg["name"])


def step(id: str, key: str):
    pkg = _package(id)
    form = dict(request.form)
    form.pop("_csrf_token", None)
    operation = form.get("operation", "update")
    data: dict[str, Any] = {"id": pkg["id"], "step": key}
    if operation == "complete":
        action = "tmopendata_procedure_step_complete"
        if form.get("evidence"):
            data["evidence"] = form["evidence"]
    elif operation == "skip":
        action = "tmopendata_procedure_step_skip"
        data["reason"] = form.get("reason", "")
    else:
        action = "tmopendata_procedure_step_update"
        for field in ("owner", "due", "evidence", "status"):
            if field in form:
                data[field] = form[field]
        if not data.get("status"):
            data.pop("status", None)
    try:
        tk.get_action(action)(_context(), data)
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Procedure not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not change this step"))
    except tk.ValidationError as e:
        return _render(pkg, e.error_dict, form, key, status=400)
    tk.h.flash_success(tk._("The step was saved."))
    return tk.redirect_to("tmopendata_procedure.dataset_page", id=pkg["name"])


def delete(id: str):
    pkg = _package(id)
    try:
        tk.get_action("tmopendata_procedure_delete")(_context(), {"id": pkg["id"]})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Procedure not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only an admin of the organisation may delete this procedure"))
    tk.h.flash_success(tk._("The procedure was deleted."))
    return tk.redirect_to("tmopendata_procedure.dataset_page", id=pkg["name"])


def _filters() -> dict[str, Any]:
    filters: dict[str, Any] = {}
    for key in ("organization", "step"):
        if request.args.get(key):
            filters[key] = request.args[key]
    if request.args.get("overdue"):
        # passed as typed: the action refuses anything but true/false
        filters["overdue"] = request.args["overdue"]
    return filters


def _list(filters: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    try:
        return tk.get_action("tmopendata_procedure_list")(
            _context(), {**filters, "limit": 1000}), {}
    except tk.ValidationError as e:
        return [], e.error_dict


def _overdue_datasets(organization: Optional[str] = None) -> Optional[list[dict[str, Any]]]:
    """Datasets overdue for their update (``tmopendata_overdue_list`` of the
    progress plugin, as the user may see them), or ``None`` without it."""
    try:
        action = tk.get_action("tmopendata_overdue_list")
    except KeyError:
        return None
    data: dict[str, Any] = {"overdue": True, "include_steps": False}
    if organization:
        data["organization"] = organization
    try:
        return action(_context(), data)["datasets"]
    except (tk.ValidationError, tk.NotAuthorized, tk.ObjectNotFound):
        return None


def _quarantined(organization: Optional[str] = None) -> Optional[list[dict[str, Any]]]:
    """Public datasets whose files failed their latest validation
    (``tmopendata_quarantine_list`` of the HVD plugin), or ``None``
    without it."""
    try:
        action = tk.get_action("tmopendata_quarantine_list")
    except KeyError:
        return None
    data: dict[str, Any] = {"organization": organization} if organization else {}
    try:
        return action(_context(), data)["datasets"]
    except (tk.ValidationError, tk.NotAuthorized, tk.ObjectNotFound):
        return None


def organization_page(id: str):
    try:
        org = tk.get_action("organization_show")(_context(), {"id": id, "include_datasets": False})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Organization not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this page"))
    filters = _filters()
    filters["organization"] = org["id"]
    procedures, errors = _list(filters)
    overdue = _overdue_datasets(org["id"])
    return tk.render("tmopendata/procedure/organization.html", {
        "organization": org, "group_dict": org, "procedures": procedures, "errors": errors,
        "filters": filters, "overdue_datasets": overdue,
        "quarantined": None if errors else _quarantined(org["id"]),
    }), (400 if errors else 200)


def index():
    filters = _filters()
    procedures, errors = _list(filters)
    organizations = tk.get_action("organization_list")(_context(), {"all_fields": True})
    overdue = None if errors else _overdue_datasets(filters.get("organization"))
    return tk.render("tmopendata/procedure/index.html", {
        "procedures": procedures, "errors": errors, "filters": filters,
        "organizations": organizations, "overdue_datasets": overdue,
        "quarantined": None if errors else _quarantined(filters.get("organization")),
    }), (400 if errors else 200)


dataset.add_url_rule("/dataset/<id>/procedure", view_func=dataset_page, methods=["GET"])
dataset.add_url_rule("/dataset/<id>/procedure/start", view_func=start, methods=["POST"])
dataset.add_url_rule("/dataset/<id>/procedure/step/<key>", view_func=step, methods=["POST"])
dataset.add_url_rule("/dataset/<id>/procedure/delete", view_func=delete, methods=["POST"])
dataset.add_url_rule("/organization/<id>/procedures", view_func=organization_page, methods=["GET"])
overview.add_url_rule("", view_func=index, methods=["GET"])
