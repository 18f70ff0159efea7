"""The steward's path through the web forms: create an HVD, upload a CSV,
read why it cannot be published, fix it, publish it."""
from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup

from ckan.tests.helpers import call_action

from tests.hvd.conftest import VALID_CSV

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def form_fields(html: str, form_id: str) -> dict:
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    fields = {}
    for el in form.find_all(["input", "textarea", "select"]):
        name = el.get("name")
        if not name or el.get("type") in ("submit", "file"):
            continue
        if el.name == "select":
            opt = el.find("option", selected=True)
            fields[name] = opt.get("value", "") if opt else ""
        elif el.get("type") in ("checkbox", "radio"):  # what a browser sends: the checked ones
            if el.has_attr("checked"):
                fields[name] = el.get("value", "on")
        else:
            fields[name] = el.get("value") or el.text or ""
    return fields


@pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_datastore")
def test_steward_creates_validates_and_publishes_an_hvd(app, org_with_users, ckan_config):
    org, users = org_with_users
    headers = {"Authorization": users["editor"]["token"]}

    # 1. the HVD form, stage 1
    page = app.get("/hvd/new", headers=headers)
    assert "HVD category" in page.body and "Applicable legislation" in page.body
    data = form_fields(page.body, "dataset-edit")
    data.update({
        "title": "Stații de transport public", "name": "statii-hvd", "notes": "Stațiile STPT",
        "owner_org": org["id"], "license_id": "cc-by", "private": "False",
        "hvd_category": "http://data.europa.eu/bna/c_b79e35eb",
        "applicable_legislation": "http://data.europa.eu/eli/reg_impl/2023/138/oj",
        "contact-0-name": "STPT", "contact-0-email": "date@stpt.ro",
        "save": "continue",
    })
    resp = app.post("/hvd/new", data=data, headers=headers, follow_redirects=False)
    assert resp.status_code == 302, resp.body
    assert "/hvd/statii-hvd/resource/new" in resp.headers["Location"]

    # 2. upload a CSV without standard and finish: the dataset is kept
    #    private (not lost, not public) and the steward is told why
    page = app.get("/hvd/statii-hvd/resource/new", headers=headers)
    data = form_fields(page.body, "resource-edit")
    data.update({"name": "Stații CSV", "format": "CSV", "save": "go-metadata", "url": ""})
    data["upload"] = (io.BytesIO(VALID_CSV.encode()), "statii.csv")
    resp = app.post("/hvd/statii-hvd/resource/new", data=data, headers=headers)
    assert resp.status_code == 200
    flash = BeautifulSoup(resp.body, "html.parser").select_one(".flash-messages")
    assert flash is not None, resp.body[:3000]
    text = flash.get_text()
    assert "saved as private" in text
    assert "no data standard (schema) assigned" in text
    # the valid table's rows went to the DataStore at once: that is API access
    assert "API access" not in text
    pkg = call_action("package_show", id="statii-hvd")
    assert pkg["state"] == "active" and pkg["private"] is True
    (res,) = pkg["resources"]
    assert res["url_type"] == "upload" and res["validation_status"] == "success"
    # the dataset page lists what is missing
    page = BeautifulSoup(app.get("/hvd/statii-hvd", headers=headers).body, "html.parser")
    listed = [li.get_text() for li in page.select(".tmopendata-publication-problems li")]
    assert any("no data standard" in p for p in listed) and not any("API access" in p for p in listed)

    # 3. the report page explains the same to the steward
    report = app.get(f"/dataset/statii-hvd/resource/{res['id']}/validation", headers=headers).body
    assert "no data standard (schema) assigned" in report

    # 4. making it public in the edit form is refused, with every missing
    #    item, and nothing typed is lost
    page = app.get("/hvd/edit/statii-hvd", headers=headers)
    data = form_fields(page.body, "dataset-edit")
    data.update({"private": "False", "notes": "Stațiile STPT, actualizat", "save": ""})
    resp = app.post("/hvd/edit/statii-hvd", data=data, headers=headers)
    assert resp.status_code == 200
    page = BeautifulSoup(resp.body, "html.parser")
    listed = [li.get_text(" ", strip=True) for li in page.select(".error-explanation .tmopendata-publication-errors li")]
    assert len(listed) == 1, listed
    assert "no data standard (schema) assigned" in listed[0]
    assert page.find("textarea", attrs={"name": "notes"}).get_text() == "Stațiile STPT, actualizat"
    assert call_action("package_show", id="statii-hvd")["private"] is True

    # 5. fix in the browser: assign a standard (inline Table Schema) in the
    #    resource form, add the API as a resource, then publish
    page = app.get(f"/hvd/statii-hvd/resource/{res['id']}/edit", headers=headers)
    data = form_fields(page.body, "resource-edit")
    data.update({"save": "",
                 "schema": '{"fields": [{"name": "id"}, {"name": "denumire"}, {"name": "suprafata_mp", "type": "number"}]}'})
    resp = app.post(f"/hvd/statii-hvd/resource/{res['id']}/edit", data=data, headers=headers,
                    follow_redirects=False)
    assert resp.status_code == 302, resp.body[:3000]
    fixed = call_action("resource_show", id=res["id"])
    assert fixed["schema"].startswith("{") and fixed["validation_status"] == "success"
    page = app.get("/hvd/statii-hvd/resource/new", headers=headers)
    data = form_fields(page.body, "resource-edit")
    # the API is described as a service (endpoint and documentation): a bare
    # "API" format is not API access
    assert "access_services-0-endpoint_url" in data and "access_services-0-endpoint_description" in data
    data.update({"name": "API", "format": "API", "url": "https://api.stpt.ro/stops", "save": "again",
                 "access_services-0-endpoint_url": "https://api.stpt.ro/stops",
                 "access_services-0-endpoint_description": "https://api.stpt.ro/docs"})
    resp = app.post("/hvd/statii-hvd/resource/new", data=data, headers=headers, follow_redirects=False)
    assert resp.status_code == 302, resp.body[:3000]
    page = app.get("/hvd/edit/statii-hvd", headers=headers)
    data = form_fields(page.body, "dataset-edit")
    data.update({"private": "False", "save": ""})
    resp = app.post("/hvd/edit/statii-hvd", data=data, headers=headers, follow_redirects=False)
    assert resp.status_code == 302, resp.body[:3000]
    published = call_action("package_show", id="statii-hvd")
    assert published["private"] is False and published["state"] == "active"
    assert [r["format"] for r in published["resources"]] == ["CSV", "API"]
    assert published["resources"][1]["access_services"][0]["endpoint_url"] == ["https://api.stpt.ro/stops"]
    # and the public finds it
    assert app.get("/hvd/statii-hvd").status_code == 200
