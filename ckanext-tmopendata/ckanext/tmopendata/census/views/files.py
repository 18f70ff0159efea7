"""The file pages of the census: import (with the kept file of a refused
attempt), exports, import templates, the list of institutions, the Table
Schemas, and the methodology."""
from __future__ import annotations

import base64
from typing import Any, Optional

from flask import Response, request

import ckan.plugins.toolkit as tk
from ckan.common import current_user

from ckanext.tmopendata.census import io, pending
from ckanext.tmopendata.census.views.common import MIME, all_organizations, campaign_or_404
from ckanext.tmopendata.lib.views import can, context, error_text
from ckanext.tmopendata.resources import census_dir


def import_page(campaign_id: str):
    campaign = campaign_or_404(campaign_id)
    data = {"campaign_id": campaign["id"]}
    if not can("tmopendata_census_entry_import", data):
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
                report = tk.get_action("tmopendata_census_entry_import")(context(), payload)
            except tk.NotAuthorized:
                return tk.abort(403, tk._("You may not import entries for this institution."))
            except tk.ValidationError as e:
                report = {"error": error_text(e)}
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
    if can("tmopendata_census_campaign_update", {"id": campaign["id"]}):
        orgs = all_organizations()
    else:
        orgs = tk.get_action("organization_list_for_user")(context(), {"permission": "create_dataset"})
    taking_part = set(campaign.get("organizations") or [])
    return sorted(({"name": o["name"], "title": o.get("display_name") or o.get("title") or o["name"]}
                   for o in orgs if o["name"] in taking_part), key=lambda o: o["title"].lower())


def export(campaign_id: str, fmt: str):
    campaign = campaign_or_404(campaign_id)
    lang = request.args.get("lang") or tk.h.tmopendata_census_lang()
    data = {"campaign_id": campaign["id"], "format": fmt, "lang": lang}
    for key in ("organization", "status"):
        if request.args.get(key):
            data[key] = request.args[key]
    try:
        result = tk.get_action("tmopendata_census_entry_export")(context(), data)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not export this census."))
    except tk.ValidationError as e:
        return tk.abort(400, error_text(e))
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
    return sorted(((o["name"], o.get("title") or o["name"]) for o in all_organizations()),
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
