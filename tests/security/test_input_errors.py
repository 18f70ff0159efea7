"""Inputs that used to give HTTP 500 now answer a clear ValidationError:
unreadable files for ``tmopendata_schema_infer``, a workbook whose XML does
not parse in the census import, bounds and filters, length limits naming
the limit."""
from __future__ import annotations

import io
import os
import zipfile

from ckan.tests import factories

HUGE = 2 ** 63


def _api(app, world, action, role="sysadmin", status=409, **data):
    resp = app.post(f"/api/3/action/{action}", json=data, headers=world.headers(role), status=status)
    return resp.json


def _linked(world, url):
    dataset = factories.Dataset(owner_org=world.org["id"])
    return factories.Resource(package_id=dataset["id"], url=url, format="CSV", name="date.csv")


def test_schema_infer_on_unreachable_non_http_and_missing_files(app, world):
    for url in ("http://127.0.0.1:1/date.csv", "ftp://example.com/date.csv", "file:///etc/passwd"):
        res = _linked(world, url)
        body = _api(app, world, "tmopendata_schema_infer", resource_id=res["id"])
        assert body["error"]["__type"] == "Validation Error"
        # refused by the fetch policy (the link: ``url``) or unreadable (``resource_id``)
        assert body["error"].get("url") or body["error"].get("resource_id"), body
    # an uploaded file missing from the storage
    from ckan.lib import uploader

    path = uploader.get_resource_uploader(world.resource).get_path(world.resource["id"])
    os.remove(path)
    body = _api(app, world, "tmopendata_schema_infer", resource_id=world.resource["id"])
    assert body["error"]["resource_id"]


def _broken_xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["organization", "title"])
    book.active.append(["directia-mediu", "Registru"])
    good = io.BytesIO()
    book.save(good)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut in the middle of an element
            dst.writestr(info, data)
    return out.getvalue()


def test_census_import_of_a_workbook_whose_xml_does_not_parse(app, world):
    resp = app.post(
        "/api/3/action/tmopendata_census_entry_import", headers=world.headers("sysadmin"),
        data={"campaign_id": world.campaign["id"], "organization": world.org["name"],
              "upload": (io.BytesIO(_broken_xlsx()), "inventar.xlsx")},
        content_type="multipart/form-data", status=409)
    assert "XLSX" in resp.json["error"]["upload"][0]


def test_bounds_and_filters_are_validation_errors(app, world):
    for action, data, field in (
        ("tmopendata_census_entry_list", {"offset": HUGE}, "offset"),
        ("tmopendata_census_entry_list", {"limit": -1}, "limit"),
        ("tmopendata_census_campaign_list", {"offset": str(HUGE)}, "offset"),
        ("tmopendata_census_dashboard", {"campaign_id": world.campaign["id"], "top": HUGE}, "top"),
        ("tmopendata_validation_list", {"resource_id": world.resource["id"], "offset": HUGE}, "offset"),
        ("tmopendata_procedure_list", {"offset": HUGE}, "offset"),
        ("tmopendata_reminder_list", {"limit": HUGE}, "limit"),
        ("tmopendata_procedure_list", {"overdue": "maybe"}, "overdue"),
        ("tmopendata_overdue_list", {"include_steps": "maybe"}, "include_steps"),
        ("tmopendata_census_entry_list", {"sort": "foo"}, "sort"),
        ("tmopendata_census_entry_list", {"priority_theme": "foo"}, "priority_theme"),
        ("tmopendata_census_entry_transition", {"id": world.entry["id"], "to_state": "foo"}, "to_state"),
    ):
        body = _api(app, world, action, **data)
        assert field in body["error"], (action, data, body)
    _api(app, world, "tmopendata_census_campaign_show", status=404, id="no-such-campaign")
    _api(app, world, "tmopendata_procedure_show", status=404, id="no-such-procedure")


def test_text_limits_are_named_in_the_error(app, world):
    body = _api(app, world, "tmopendata_census_entry_create", campaign_id=world.campaign["id"],
                organization=world.org["name"], title="x" * 1_000_000)
    assert "at most 500 characters" in body["error"]["title"][0]
    body = _api(app, world, "tmopendata_census_campaign_patch", id=world.campaign["id"],
                description="x" * 10_001)
    assert "at most 10000 characters" in body["error"]["description"][0]
    body = _api(app, world, "tmopendata_procedure_step_skip", id=world.procedure["id"], step=world.step,
                reason="x" * 10_001)
    assert "at most 10000 characters" in body["error"]["reason"][0]
    body = _api(app, world, "tmopendata_census_entry_transition", id=world.entry["id"], to_state="submitted",
                comment="x" * 10_001)
    assert "at most 10000 characters" in body["error"]["comment"][0]
    # the scheming fields of the dataset schemas too
    body = _api(app, world, "package_create", name="prea-lung", title="x" * 1_000_000, notes="n" * 10_001,
                owner_org=world.org["id"])
    assert "at most 500 characters" in body["error"]["title"][0]
    assert "at most 10000 characters" in body["error"]["notes"][0]
    # and a text just at the limit is accepted
    _api(app, world, "tmopendata_census_entry_patch", status=200, id=world.entry["id"], title="y" * 500)
