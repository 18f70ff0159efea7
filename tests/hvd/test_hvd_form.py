"""Point 5 of issue 10: the HVD form is easy to find and fill. "Add
dataset" offers an ordinary or a high-value dataset; the UI names the type
("Create high-value dataset", never "Hvd"); the data standard is a select of
the city's standards (the API still takes a URL or JSON); the regulation's
ELI is filled in and its input has a label."""
from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.hvd.conftest import PARKS_SCHEMA

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

ELI = "http://data.europa.eu/eli/reg_impl/2023/138/oj"


@pytest.fixture
def editor():
    user = factories.UserWithToken()
    org = factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    return user, org


def _page(app, url, user):
    resp = app.get(url, headers={"Authorization": user["token"]})
    assert resp.status_code == 200, url
    return BeautifulSoup(resp.body, "html.parser")


def test_add_dataset_offers_ordinary_or_high_value(app, editor):
    user, org = editor
    for url in ("/dataset/", f"/organization/{org['name']}"):
        page = _page(app, url, user)
        links = {a.get_text(strip=True): a["href"] for a in page.select(".tmopendata-add-dataset a")}
        assert "/dataset/new" in links.get("Add dataset", ""), (url, links)
        assert "/hvd/new" in links.get("Add high-value dataset", ""), (url, links)
    # the HVD search page: its own type only, named in words
    page = _page(app, "/hvd/", user)
    assert [a.get_text(strip=True) for a in page.select(".tmopendata-add-dataset a")] == ["Add high-value dataset"]
    assert "Hvd" not in page.get_text(" ")


def test_hvd_form_names_the_type_and_prefills_the_labelled_eli(app, editor):
    user, org = editor
    page = _page(app, "/hvd/new", user)
    text = page.get_text(" ")
    assert "Hvd" not in text
    assert "Create high-value dataset" in text
    field = page.select_one("input#field-applicable_legislation")
    assert field is not None and field["value"] == ELI
    label = page.select_one('label[for="field-applicable_legislation"]')
    assert label is not None and "Applicable legislation" in label.get_text()
    # a dataset saved with another act keeps it (no second default)
    hvd = call_action("package_create", {"user": user["name"]}, type="hvd", name="parcari-hvd", title="Parcări",
                      notes="x", owner_org=org["id"], private=True, applicable_legislation=["http://example.org/eli/1"])
    page = _page(app, "/hvd/edit/parcari-hvd", user)
    assert [i["value"] for i in page.select('input[name="applicable_legislation"]')] == ["http://example.org/eli/1"]
    text = page.get_text(" ")
    assert "Hvd" not in text and "Update high-value dataset" in text
    assert hvd["type"] == "hvd"
    assert "Hvd" not in _page(app, "/hvd/parcari-hvd", user).get_text(" ")


def test_data_standard_is_a_select_of_the_city_standards(app, editor):
    user, org = editor
    dataset = factories.Dataset(owner_org=org["id"], name="parcuri")
    page = _page(app, "/dataset/parcuri/resource/new", user)
    select = page.select_one("select#field-schema")
    assert select is not None
    options = {o["value"]: o.get_text(strip=True) for o in select.select("option")}
    refs = {s["ref"] for s in call_action("tmopendata_schema_list")}
    assert refs and refs <= set(options)
    assert options["tm-spatii-verzi@1.0"] == "Parks and green spaces (tm-spatii-verzi@1.0)"
    assert options[""]  # no standard: structural checks only
    # the API still accepts a Table Schema as JSON; the form keeps it selected
    inline = json.dumps(PARKS_SCHEMA)
    res = call_action("resource_create", {"user": user["name"]}, package_id=dataset["id"],
                      url="http://example.org/p.csv", format="CSV", schema=inline,
                      tmopendata_skip_validation=True)
    page = _page(app, f"/dataset/parcuri/resource/{res['id']}/edit", user)
    selected = page.select_one("select#field-schema option[selected]")
    assert selected is not None and json.loads(selected["value"]) == PARKS_SCHEMA
