"""The HVD reporting list (action tmopendata_hvd_report, page, CSV, JSON):
every public HVD with categories, licence, bulk downloads, APIs, contact;
nothing private, nothing that is not an HVD."""
from __future__ import annotations

import csv
import io

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.hvd.test_dcat_profile import _public_hvd
from tests.hvd.test_gate import COMPLETE, MOBILITY

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def test_report_lists_public_hvds_only(app, org_with_users, upload):
    org, users = org_with_users
    ds, csv_res, api = _public_hvd(org, users, upload, title="Parcări publice")
    call_action("resource_patch", {"user": users["editor"]["name"], "tmopendata_skip_validation": True},
                id=csv_res["id"], access_services=[{"title": "WFS", "endpoint_url": ["https://geo.example.ro/wfs"]}])
    call_action("package_create", {"user": users["editor"]["name"]}, name="hvd-privat",
                owner_org=org["id"], private=True, **dict(COMPLETE, title="HVD privat"))
    factories.Dataset(owner_org=org["id"], name="nu-e-hvd", title="Nu e HVD")

    report = call_action("tmopendata_hvd_report", {"user": ""})
    assert report["count"] == 1
    (row,) = report["datasets"]
    assert row["name"] == ds["name"] and row["title"] == "Parcări publice"
    assert row["hvd_categories"] == [{"uri": MOBILITY, "label": "Mobility"}]
    assert row["licence"]["uri"] == "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"
    assert row["bulk_downloads"] == [csv_res["url"]]
    assert sorted(row["api_endpoints"]) == ["https://api.example.ro/parcari", "https://geo.example.ro/wfs"]
    assert row["contacts"] == [{"name": "Serviciul Parcări", "email": "parcari@primariatm.ro"}]
    # even the institution's editor gets public HVDs only (a public report)
    assert call_action("tmopendata_hvd_report", {"user": users["editor"]["name"]})["count"] == 1
    assert call_action("tmopendata_hvd_report", {"user": ""}, organization=org["name"])["count"] == 1
    with pytest.raises(tk.ValidationError):
        call_action("tmopendata_hvd_report", {"user": ""}, organization="no-such-org")

    page = app.get("/tmopendata/hvd-report")
    assert "Parcări publice" in page.body and "HVD privat" not in page.body and "Nu e HVD" not in page.body
    got = app.get("/tmopendata/hvd-report/report.csv")
    assert got.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(got.body)))
    assert [r["name"] for r in rows] == [ds["name"]]
    assert sorted(rows[0]["api_endpoints"].split(" | ")) == ["https://api.example.ro/parcari", "https://geo.example.ro/wfs"]
    data = app.get("/tmopendata/hvd-report/report.json").json
    assert data["datasets"][0]["name"] == ds["name"]
    assert app.get("/tmopendata/hvd-report?organization=%00x", status=400).status_code == 400
    assert app.get("/tmopendata/hvd-report/report.xml", status=404).status_code == 404
