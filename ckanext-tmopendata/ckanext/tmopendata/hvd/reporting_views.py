"""The HVD reporting list as a page, CSV and JSON (thin: the action
``tmopendata_hvd_report`` does the work)."""
from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
from ckan.common import current_user
from flask import Blueprint, Response, request

from ckanext.tmopendata.hvd import reporting

hvd_report = Blueprint("tmopendata_hvd_report", __name__, url_prefix="/tmopendata/hvd-report")


def _report():
    context = {"user": current_user.name if current_user.is_authenticated else ""}
    return tk.get_action("tmopendata_hvd_report")(context, {"organization": request.args.get("organization", "")})


def page():
    try:
        report = _report()
    except tk.ValidationError as e:
        return tk.abort(400, " ".join(str(m) for msgs in e.error_dict.values() for m in msgs))
    return tk.render("tmopendata/hvd_report.html", {"report": report})


def download(fmt: str):
    try:
        report = _report()
    except tk.ValidationError as e:
        return tk.abort(400, " ".join(str(m) for msgs in e.error_dict.values() for m in msgs))
    if fmt == "csv":
        return Response(reporting.as_csv(report), content_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="hvd-report.csv"'})
    return Response(json.dumps(report, ensure_ascii=False, indent=2), mimetype="application/json")


hvd_report.add_url_rule("/", view_func=page, strict_slashes=False)
hvd_report.add_url_rule("/report.<any(csv, json):fmt>", view_func=download)
