"""The public progress page ``/tmopendata/progress`` and its CSV/JSON
exports (``/tmopendata/progress.csv``, ``/tmopendata/progress.json``).

Thin: actions only; figures are those the visitor may see (public datasets
for anonymous visitors)."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from flask import Blueprint, Response, request

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.lib.spreadsheet import csv_row
from ckanext.tmopendata.lib.views import context as _context

progress = Blueprint("tmopendata_progress", __name__, url_prefix="/tmopendata")

__all__ = ["progress"]

#: Indicators of the CSV export, in order: (key in figures, key in targets).
CSV_FIGURES = [
    ("datasets_published", "datasets_published"), ("datasets_new", "datasets_new"),
    ("hvd_published", None), ("hvd_standardised", "hvd_standardised"),
    ("resources_tabular", None), ("resources_valid", None), ("resources_valid_share", None),
    ("datasets_scheduled", None), ("datasets_up_to_date", None), ("datasets_overdue", None),
    ("datasets_up_to_date_share", None),
]
INSTITUTION_FIGURES = [
    "datasets_published", "hvd_published", "hvd_standardised", "resources_tabular",
    "resources_valid", "datasets_scheduled", "datasets_up_to_date", "datasets_overdue",
    "procedures", "procedures_overdue",
]


def _data(organization: str | None = None) -> dict[str, Any]:
    data_dict = {"organization": organization} if organization else {}
    try:
        return tk.get_action("tmopendata_progress_show")(_context(), data_dict)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this page"))
    except tk.ValidationError as e:
        return tk.abort(404, "; ".join(m for ms in e.error_dict.values() for m in ms))


def page():
    organization = request.args.get("organization") or None
    data = _data(organization)
    context = _context()
    history = tk.get_action("tmopendata_progress_history")(context, {})
    overdue = tk.get_action("tmopendata_overdue_list")(
        context, dict({"overdue": True}, **({"organization": organization} if organization else {})))
    return tk.render("tmopendata/progress/index.html", {
        "data": data, "history": history, "overdue": overdue, "organization": organization,
    })


def export_json():
    data = _data(request.args.get("organization") or None)
    data["history"] = tk.get_action("tmopendata_progress_history")(_context(), {})
    return Response(json.dumps(data, ensure_ascii=False, indent=2),
                    mimetype="application/json",
                    headers={"Content-Disposition": "attachment; filename=progress.json"})


def export_csv():
    """Long format: one row per (institution, indicator); the portal-wide
    figures have an empty institution."""
    data = _data(request.args.get("organization") or None)
    out = io.StringIO()
    writer = _SafeWriter(csv.writer(out))
    writer.writerow(["generated", "institution", "institution_title", "indicator", "value", "target"])
    for key, target in CSV_FIGURES:
        writer.writerow([data["generated"], "", "", key, _value(data["figures"].get(key)),
                         data["targets"].get(target, "") if target else ""])
    if data.get("procedures"):
        writer.writerow([data["generated"], "", "", "procedures", data["procedures"]["total"], ""])
        writer.writerow([data["generated"], "", "", "procedures_overdue", data["procedures"]["overdue"], ""])
        for step, count in data["procedures"]["by_step"].items():
            writer.writerow([data["generated"], "", "", f"procedures_at_step:{step}", count, ""])
    if data.get("census"):
        for state, count in data["census"]["by_status"].items():
            writer.writerow([data["generated"], "", "", f"census_entries:{state}", count, ""])
    if data.get("reuse"):  # the reuse plugin's indicators (its own rows)
        for key, value, target in _reuse_rows(data["reuse"]):
            writer.writerow([data["generated"], "", "", key, value, target])
        for row in data["reuse"]["usage"]["institutions"]:
            for key in ("views", "downloads", "showcases"):
                writer.writerow([data["generated"], row["name"], row["title"], f"reuse_{key}", row[key], ""])
    if data.get("quality"):  # the hvd plugin's metadata quality averages
        for row in [dict(data["quality"]["portal"], name="", title="")] + data["quality"]["organizations"]:
            writer.writerow([data["generated"], row["name"], row["title"], "quality_average",
                             _value(row["average"]), ""])
            for band, count in row["bands"].items():
                writer.writerow([data["generated"], row["name"], row["title"], f"quality_band:{band}", count, ""])
    for row in data["institutions"]:
        for key in INSTITUTION_FIGURES:
            if key in row:
                writer.writerow([data["generated"], row["name"], row["title"], key, _value(row[key]), ""])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=progress.csv"})


def _reuse_rows(reuse: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(indicator, value, target) rows of the reuse summary."""
    rows = [
        ("reuse_showcases", reuse["showcases"]["total"], ""),
        ("reuse_showcases_using_hvd", reuse["showcases"]["using_hvd"], ""),
        ("reuse_partnerships", reuse["partnerships"]["counted"], reuse["partnerships"]["target"]),
        ("reuse_partnerships_active", reuse["partnerships"]["active"], ""),
        ("reuse_views", reuse["usage"]["views"], ""),
        ("reuse_downloads", reuse["usage"]["downloads"], ""),
    ]
    rows += [(f"reuse_showcases_of_hvd:{d['name']}", d["showcases"], "") for d in reuse["hvd"]]
    rows += [(f"reuse_views_month:{m['month']}", m["views"], "") for m in reuse["usage"]["months"]]
    rows += [(f"reuse_downloads_month:{m['month']}", m["downloads"], "") for m in reuse["usage"]["months"]]
    return rows


class _SafeWriter:
    """A csv writer following the suite's policy against formula injection
    (``lib.spreadsheet``: a ``'`` before texts starting with = + - @)."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: list[Any]) -> None:
        self._writer.writerow(csv_row(row))


def _value(value: Any) -> Any:
    return "" if value is None else value


progress.add_url_rule("/progress", view_func=page, methods=["GET"])
progress.add_url_rule("/progress.json", view_func=export_json, methods=["GET"])
progress.add_url_rule("/progress.csv", view_func=export_csv, methods=["GET"])
