"""Pages of the HVD plugin: validation report of a resource, the public
list of data standards. Thin: actions and check_access only."""
from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, request

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.hvd import bundle, publication, quarantine
from ckanext.tmopendata.lib.views import can, context, error_text

from ckanext.tmopendata.hvd.dcat_http import dcat_http
from ckanext.tmopendata.hvd.quality_views import quality
from ckanext.tmopendata.hvd.reporting_views import hvd_report

validation = Blueprint("tmopendata_validation", __name__)
standards = Blueprint("tmopendata_schemas", __name__, url_prefix="/tmopendata/schemas")

__all__ = ["validation", "standards", "dcat_http", "hvd_report", "quality"]


def _load(package_id: str, resource_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        pkg = tk.get_action("package_show")(context(), {"id": package_id})
        res = tk.get_action("resource_show")(context(), {"id": resource_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        # Like CKAN's dataset pages: a private dataset does not exist for outsiders.
        return tk.abort(404, tk._("Resource not found"))
    if res["package_id"] != pkg["id"]:
        return tk.abort(404, tk._("Resource not found"))
    return pkg, res


def report_page(package_id: str, resource_id: str):
    pkg, res = _load(package_id, resource_id)
    try:
        report = tk.get_action("tmopendata_validation_show")(context(), {"resource_id": res["id"]})
    except tk.ObjectNotFound:
        report = None
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this page"))
    history = tk.get_action("tmopendata_validation_list")(
        context(), {"resource_id": res["id"], "limit": 20}
    )
    can_run = can("tmopendata_validation_run", {"resource_id": res["id"]})
    grouped: dict[str, list[dict[str, Any]]] = {}
    for error in (report or {}).get("errors", []):
        grouped.setdefault(error["type"], []).append(error)
    problems = None
    if pkg.get("type") == publication.hvd_type():
        problems = publication.problems_for(pkg)
    return tk.render(
        "tmopendata/validation_report.html",
        {
            "pkg": pkg, "pkg_dict": pkg, "package": pkg, "res": res, "resource": res,
            "report": report, "history": history, "grouped": grouped,
            "can_run": can_run, "publication": problems,
        },
    )


def report_json(package_id: str, resource_id: str):
    pkg, res = _load(package_id, resource_id)
    try:
        report = tk.get_action("tmopendata_validation_show")(context(), {"resource_id": res["id"]})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("This resource has not been validated yet"))
    body = json.dumps(report, ensure_ascii=False, indent=2)
    return Response(
        body, mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="validation-{res["id"]}.json"'},
    )


def run(package_id: str, resource_id: str):
    pkg, res = _load(package_id, resource_id)
    try:
        report = tk.get_action("tmopendata_validation_run")(context(), {"resource_id": res["id"]})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not validate resources of this dataset"))
    except tk.ValidationError as e:
        tk.h.flash_error(error_text(e))
        return tk.redirect_to("tmopendata_validation.report_page", package_id=pkg["name"], resource_id=res["id"])
    if report["status"] in ("pending", "running"):
        tk.h.flash_notice(tk._("Validation queued: refresh this page in a moment."))
    else:
        tk.h.flash_success(tk._("Validation finished."))
    return tk.redirect_to("tmopendata_validation.report_page", package_id=pkg["name"], resource_id=res["id"])


validation.add_url_rule(
    "/dataset/<package_id>/resource/<resource_id>/validation", view_func=report_page
)
validation.add_url_rule(
    "/dataset/<package_id>/resource/<resource_id>/validation.json", view_func=report_json
)
validation.add_url_rule(
    "/dataset/<package_id>/resource/<resource_id>/validation/run",
    view_func=run, methods=["POST"],
)


def schema_index():
    items = tk.get_action("tmopendata_schema_list")(context(), {})
    return tk.render("tmopendata/schemas.html", {"standards": items})


def schema_download(name: str, version: str):
    try:
        shown = tk.get_action("tmopendata_schema_show")(context(), {"name": name, "version": version})
    except tk.ObjectNotFound as e:
        return tk.abort(404, str(e))
    body = json.dumps(shown["schema"], ensure_ascii=False, indent=2)
    return Response(
        body, mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}-{version}.schema.json"'},
    )


def bulk_publication_refused(error: tk.ValidationError):
    """The organisation's bulk "Make public" (CKAN's own view) refused by
    the HVD gate: say why on the same page instead of an error page. Any
    other ValidationError escaping a view is left to CKAN."""
    problems = (error.error_dict or {}).get("publication")
    if request.endpoint != "organization.bulk_process" or not problems:
        raise error
    tk.h.flash_error(tk._("Nothing was made public: some high-value datasets fail their publication checks. {problems}").format(
        problems=" ".join(problems)))
    return tk.redirect_to(request.url)


validation.app_errorhandler(tk.ValidationError)(bulk_publication_refused)


def withhold_download():
    """Before every request: CKAN's resource download routes (of every
    dataset type) answer 403, with the reason, for a withheld file (see
    ``quarantine``), unless the user may edit its dataset. No byte of the
    file is served."""
    endpoint = request.endpoint or ""
    if not (endpoint == "resource.download" or endpoint.endswith("_resource.download")):
        return None
    resource_id = (request.view_args or {}).get("resource_id")
    if not resource_id:
        return None
    if quarantine.withheld(resource_id) is None:
        return None
    try:
        tk.check_access("tmopendata_withheld_download", context(), {"id": resource_id})
        return None
    except tk.NotAuthorized:
        return tk.abort(403, tk._(
            "This file is withheld from download: its latest validation found personal data "
            "(personal identification numbers, e-mail addresses or phone numbers). It will be "
            "available again when the institution publishes a valid version or a sysadmin "
            "releases it."))


validation.before_app_request(withhold_download)


def release(package_id: str, resource_id: str):
    """A sysadmin releases a withheld file, with a reason (form on the
    resource page)."""
    pkg, res = _load(package_id, resource_id)
    reason = request.form.get("reason", "")
    try:
        tk.get_action("tmopendata_resource_release")(context(), {"resource_id": res["id"], "reason": reason})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only sysadmins may release a withheld file"))
    except tk.ValidationError as e:
        tk.h.flash_error(error_text(e))
    else:
        tk.h.flash_success(tk._("The file was released: it may be downloaded again."))
    return tk.redirect_to("resource.read", id=pkg["name"], resource_id=res["id"])


validation.add_url_rule(
    "/dataset/<package_id>/resource/<resource_id>/release", view_func=release, methods=["POST"],
)

def dataset_bundle(id: str):
    """The dataset's files with their data standards, one zip streamed as
    it is made (``tmopendata_dataset_bundle_show`` says what it holds)."""
    from flask import stream_with_context

    try:
        tk.check_access("tmopendata_dataset_bundle_show", context(), {"id": id})
        pkg = tk.get_action("package_show")(context(), {"id": id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        # Like CKAN's dataset pages: a private dataset does not exist for outsiders.
        return tk.abort(404, tk._("Dataset not found"))
    entries = bundle.plan(pkg, context())
    return Response(
        stream_with_context(bundle.stream(pkg, entries)), mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{bundle.file_name(pkg)}"',
                 "Cache-Control": "private, no-store" if pkg.get("private") else "public, max-age=300"},
    )


validation.add_url_rule("/dataset/<id>/files.zip", view_func=dataset_bundle, endpoint="dataset_bundle")

standards.add_url_rule("/", view_func=schema_index, strict_slashes=False)
standards.add_url_rule("/<name>/<version>/schema.json", view_func=schema_download)
