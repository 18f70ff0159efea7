"""The list of high-value datasets for national reporting (Regulation (EU)
2023/138, art. 5): every public HVD with its categories, licence, bulk
downloads, API endpoints and contact points (action
``tmopendata_hvd_report``; page and CSV/JSON in ``hvd/reporting_views.py``)."""
from __future__ import annotations

import csv
import io
import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.logic.schema import validator_args
from ckan.types import Context, DataDict, Schema, Validator

from ckanext.tmopendata.lib.values import json_list
from ckanext.tmopendata.lib import actions, vocab
from ckanext.tmopendata.lib.validation import validate_or_raise

PAGE = 1000
#: An institution's name or id.
ORG_REF = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
#: Columns of the CSV file (one line per HVD; lists joined by " | ").
CSV_COLUMNS = ["name", "title", "url", "organization", "hvd_categories", "hvd_category_labels",
               "licence", "licence_uri", "bulk_downloads", "api_endpoints", "contacts",
               "update_frequency", "metadata_modified", "quality_score", "quality_band"]


@validator_args
def hvd_report_schema(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {"organization": [ignore_missing, unicode_safe]}


def _row(pkg: dict[str, Any]) -> dict[str, Any]:
    concepts = vocab.hvd_category_concepts()
    ro = actions.lang() == "ro"
    categories = []
    for uri in json_list(pkg.get("hvd_category")):
        concept = concepts.get(uri) or {}
        label = (concept.get("ro") if ro else None) or concept.get("en") or uri
        categories.append({"uri": uri, "label": label})
    bulk, apis = [], []
    for res in pkg.get("resources", []):
        url = res.get("url") or ""
        if (res.get("format") or "").strip().lower() in vocab.API_FORMATS:
            if url:
                apis.append(url)
        elif url:
            bulk.append(url)
        for service in json_list(res.get("access_services")):
            if isinstance(service, dict):
                apis += [u for u in json_list(service.get("endpoint_url")) if u]
    licence_id = pkg.get("license_id") or ""
    code = vocab.LICENCES.get(licence_id, (None, None))[0]
    return {
        "id": pkg["id"],
        "name": pkg["name"],
        "title": pkg.get("title") or pkg["name"],
        "url": tk.url_for("dataset.read", id=pkg["name"], _external=True),
        "organization": (pkg.get("organization") or {}).get("title") or "",
        "hvd_categories": categories,
        "licence": {"id": licence_id, "title": pkg.get("license_title") or licence_id,
                    "uri": vocab.LICENCE_PREFIX + code if code else pkg.get("license_url") or ""},
        "bulk_downloads": bulk,
        "api_endpoints": list(dict.fromkeys(apis)),
        "contacts": [{"name": c.get("name") or "", "email": c.get("email") or ""}
                     for c in json_list(pkg.get("contact")) if isinstance(c, dict)],
        "update_frequency": pkg.get("update_frequency") or "",
        "metadata_modified": pkg.get("metadata_modified") or "",
        "quality": _quality(pkg),
    }


def _quality(pkg: dict[str, Any]) -> dict[str, Any]:
    """The dataset's metadata quality score (MQA method, on its published DCAT)."""
    from ckanext.tmopendata.hvd import quality

    score = quality.score_dataset(pkg)
    return {"total": score["total"], "max_points": score["max_points"], "band": score["band"]}


@tk.side_effect_free
def tmopendata_hvd_report(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Every public high-value dataset, for the national HVD report.

    :param organization: name or id of an institution (optional): only its HVDs
    :returns: ``count`` and ``datasets``: each with ``id``, ``name``,
        ``title``, ``url`` (page), ``organization`` (title),
        ``hvd_categories`` (``uri``, ``label``), ``licence`` (``id``,
        ``title``, ``uri``: EU licence IRI), ``bulk_downloads`` (file URLs),
        ``api_endpoints`` (URLs of the API resources and of the API services
        described on resources), ``contacts`` (``name``, ``email``),
        ``update_frequency``, ``metadata_modified``
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, hvd_report_schema(), context)
    tk.check_access("tmopendata_hvd_report", context, data_dict)
    dataset_type = tk.config.get("ckanext.tmopendata.hvd.dataset_type") or "hvd"
    fq = f'+dataset_type:"{dataset_type}"'
    if data.get("organization"):
        if not ORG_REF.match(data["organization"]):
            raise tk.ValidationError({"organization": [tk._("Unknown institution.")]})
        try:
            org = tk.get_action("organization_show")(
                {"user": context.get("user")}, {"id": data["organization"], "include_datasets": False})
        except (tk.ObjectNotFound, tk.NotAuthorized):
            raise tk.ValidationError({"organization": [tk._("Unknown institution.")]})
        fq += f' +owner_org:"{org["id"]}"'
    rows, start = [], 0
    while True:
        found = tk.get_action("package_search")(
            {"user": context.get("user")},
            {"fq": fq, "rows": PAGE, "start": start, "sort": "title_string asc", "include_private": False},
        )
        rows += [_row(pkg) for pkg in found["results"]]
        start += PAGE
        if start >= found["count"] or not found["results"]:
            break
    return {"count": len(rows), "datasets": rows}


def as_csv(report: dict[str, Any]) -> str:
    """The report as CSV (UTF-8 text; lists joined by " | ")."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in report["datasets"]:
        writer.writerow([
            row["name"], row["title"], row["url"], row["organization"],
            " | ".join(c["uri"] for c in row["hvd_categories"]),
            " | ".join(c["label"] for c in row["hvd_categories"]),
            row["licence"]["title"], row["licence"]["uri"],
            " | ".join(row["bulk_downloads"]), " | ".join(row["api_endpoints"]),
            " | ".join(f'{c["name"]} <{c["email"]}>' if c["email"] else c["name"] for c in row["contacts"]),
            row["update_frequency"], row["metadata_modified"],
            row["quality"]["total"], row["quality"]["band"],
        ])
    return out.getvalue()
