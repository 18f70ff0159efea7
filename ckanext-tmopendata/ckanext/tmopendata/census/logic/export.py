"""The export of a campaign's entries (CSV, XLSX, Data Package) that the
caller sees in full."""
from __future__ import annotations

import base64
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.census import visibility
from ckanext.tmopendata.census.io import writer
from ckanext.tmopendata.census.logic import schema
from ckanext.tmopendata.census.logic.dictize import Orgs, entry_dict
from ckanext.tmopendata.census.logic.lookups import campaign_or_404, organization
from ckanext.tmopendata.census.model import Campaign, Entry
from ckanext.tmopendata.lib.validation import validate_or_raise


def _detail_entries(context: Context, campaign: Campaign, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The campaign's entries the user sees in full (by institution, title)."""
    query, viewer = visibility.entries(context, campaign)
    if data.get("organization"):
        org = organization(data["organization"])
        query = query.filter(Entry.organization_id == (org.id if org else data["organization"]))
    if data.get("status"):
        query = query.filter(Entry.status.in_(data["status"]))
    orgs = Orgs()
    rows = [(e, c) for e, c in query.order_by(Entry.title, Entry.id).all() if viewer.sees_details(e, c)]
    entries = [entry_dict(e, orgs, details=True) for e, _c in rows]
    entries.sort(key=lambda e: (e["organization"], e["title"].lower()))
    return entries


def tmopendata_census_entry_export(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Export the entries of a campaign the user sees in full (coordinators:
    all; members of institutions: their own), with their scores.

    :param campaign_id: id or name of the campaign
    :type campaign_id: string
    :param format: ``csv`` (default; UTF-8 with BOM, for spreadsheets),
        ``xlsx`` or ``datapackage`` (Frictionless Data Package, ZIP with
        ``datapackage.json`` and ``entries.csv``, Table Schema
        ``census/inventory-schema.json``)
    :type format: string
    :param lang: ``ro`` (default) or ``en``: headers and labels of csv/xlsx
    :type lang: string
    :param organization: only this institution (optional)
    :type organization: string
    :param status: only these states (optional)
    :type status: string or list
    :returns: ``{"filename", "format", "mimetype", "count", "encoding":
        "text" (csv) or "base64" (xlsx, datapackage), "content"}``
    :rtype: dictionary
    """
    tk.check_access("tmopendata_census_entry_export", context, data_dict)
    data = validate_or_raise(data_dict, {**schema.entry_export(), "status": schema.entry_list()["status"]}, context)
    campaign = campaign_or_404(data["campaign_id"])
    fmt, lang = data.get("format") or "csv", data.get("lang") or "ro"
    entries = _detail_entries(context, campaign, data)
    if fmt == "csv":
        content: Any = writer.write_csv(entries, lang).decode("utf-8")
        encoding, mimetype, ext = "text", "text/csv", "csv"
    elif fmt == "xlsx":
        content = base64.b64encode(writer.write_xlsx(entries, lang)).decode("ascii")
        encoding, ext = "base64", "xlsx"
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = base64.b64encode(writer.write_datapackage(entries, campaign.dictize())).decode("ascii")
        encoding, mimetype, ext = "base64", "application/zip", "zip"
    return {
        "filename": f"{campaign.name}.{ext}", "format": fmt, "mimetype": mimetype,
        "count": len(entries), "encoding": encoding, "content": content,
    }
