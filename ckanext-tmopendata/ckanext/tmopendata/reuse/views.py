"""Pages of the reuse plugin: showcases (``/reuse``), proposing one
(``/reuse/new``), reviewing, and partnerships (``/reuse/partnerships``).

Thin: actions only; forms are re-rendered with what was typed and the
errors."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, request

import ckan.plugins.toolkit as tk
from ckan.common import current_user

from ckanext.tmopendata.lib.views import can, context, error_messages, error_text

reuse = Blueprint("tmopendata_reuse", __name__, url_prefix="/reuse")

__all__ = ["reuse"]

SHOWCASE_FIELDS = ("title", "description", "url", "author", "image_url", "kind", "date", "datasets")
PARTNERSHIP_FIELDS = ("partner", "kind", "scope", "start_date", "end_date", "agreement_url", "datasets")


def _form(fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: request.form.get(f, "") for f in fields}


def _login() -> Any:
    return tk.redirect_to("user.login", came_from=request.full_path)


def index():
    filters = {k: request.args.get(k) for k in ("q", "kind", "organization") if request.args.get(k)}
    try:
        showcases = tk.get_action("tmopendata_showcase_list")(context(), dict(filters, limit=200))
    except tk.ValidationError as e:
        return tk.abort(400, error_text(e))
    pending = None
    if current_user.is_authenticated:
        pending = tk.get_action("tmopendata_showcase_list")(context(), {"state": "pending", "limit": 200})
    organizations = tk.get_action("organization_list")(context(), {"all_fields": True})
    return tk.render("tmopendata/reuse/index.html", {
        "showcases": showcases, "pending": pending, "filters": filters,
        "organizations": organizations,
    })


def new():
    if not current_user.is_authenticated:
        return _login()
    data: dict[str, Any] = {"datasets": request.args.get("dataset", "")}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data = _form(SHOWCASE_FIELDS)
        try:
            showcase = tk.get_action("tmopendata_showcase_create")(context(), dict(data))
        except tk.ValidationError as e:
            errors = error_messages(e)
        except tk.NotAuthorized:
            return tk.abort(403, tk._("Not authorized to propose a showcase"))
        else:
            tk.h.flash_success(tk._(
                "Thank you: the showcase was proposed and will be public once approved."))
            return tk.redirect_to("tmopendata_reuse.read", id=showcase["id"])
    return tk.render("tmopendata/reuse/form.html", {"data": data, "errors": errors})


def read(id: str):
    try:
        showcase = tk.get_action("tmopendata_showcase_show")(context(), {"id": id})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return tk.abort(404, tk._("Showcase not found"))
    return tk.render("tmopendata/reuse/read.html", {
        "showcase": showcase, "can_delete": can("tmopendata_showcase_delete", {"id": id}),
    })


def review(id: str):
    data = {"id": id, "decision": request.form.get("decision", ""), "note": request.form.get("note", "")}
    try:
        tk.get_action("tmopendata_showcase_review")(context(), data)
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Showcase not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to review this showcase"))
    except tk.ValidationError as e:
        tk.h.flash_error(error_text(e))
    else:
        tk.h.flash_success(tk._("The showcase was approved.") if data["decision"] == "approve"
                           else tk._("The showcase was rejected."))
    return tk.redirect_to("tmopendata_reuse.read", id=id)


def delete(id: str):
    try:
        tk.get_action("tmopendata_showcase_delete")(context(), {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Showcase not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to delete this showcase"))
    tk.h.flash_success(tk._("The showcase was deleted."))
    return tk.redirect_to("tmopendata_reuse.index")


def partnerships():
    result = tk.get_action("tmopendata_partnership_list")(context(), {})
    return tk.render("tmopendata/reuse/partnerships.html", {
        "partnerships": result, "can_create": can("tmopendata_partnership_create", {}),
    })


def partnership_new():
    if not current_user.is_authenticated:
        return _login()
    if not can("tmopendata_partnership_create", {}):
        return tk.abort(403, tk._("Only coordinators may record partnerships"))
    data: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data = _form(PARTNERSHIP_FIELDS)
        try:
            tk.get_action("tmopendata_partnership_create")(context(), dict(data))
        except tk.ValidationError as e:
            errors = error_messages(e)
        else:
            tk.h.flash_success(tk._("The partnership was recorded."))
            return tk.redirect_to("tmopendata_reuse.partnerships")
    return tk.render("tmopendata/reuse/partnership_form.html", {"data": data, "errors": errors})


def partnership_delete(id: str):
    try:
        tk.get_action("tmopendata_partnership_delete")(context(), {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Partnership not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only coordinators may delete partnerships"))
    except tk.ValidationError as e:
        return tk.abort(400, error_text(e))
    tk.h.flash_success(tk._("The partnership was deleted."))
    return tk.redirect_to("tmopendata_reuse.partnerships")


reuse.add_url_rule("", view_func=index, methods=["GET"])
reuse.add_url_rule("/new", view_func=new, methods=["GET", "POST"])
reuse.add_url_rule("/partnerships", view_func=partnerships, methods=["GET"])
reuse.add_url_rule("/partnerships/new", view_func=partnership_new, methods=["GET", "POST"])
reuse.add_url_rule("/partnerships/<id>/delete", view_func=partnership_delete, methods=["POST"])
reuse.add_url_rule("/<id>", view_func=read, methods=["GET"])
reuse.add_url_rule("/<id>/review", view_func=review, methods=["POST"])
reuse.add_url_rule("/<id>/delete", view_func=delete, methods=["POST"])
