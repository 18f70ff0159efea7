"""A resource's data standard as a link: ``schema_url`` in the API result
and a link on the resource page."""
from __future__ import annotations

import json

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

SITE = "http://test.ckan.net"


@pytest.fixture
def dataset(world):
    """A dataset with one resource per kind of schema reference (built once
    per worker, then restored: see ``world`` in tests/conftest.py)."""
    def build():
        admin = factories.Sysadmin()
        org = factories.Organization()
        dataset = call_action("package_create", {"user": admin["name"]}, name="standarde", title="Standarde",
                              notes="x", owner_org=org["id"])
        values = {
            "versioned": "tm-parcari@1.0",
            "latest": "tm-parcari",
            "unknown": "tm-nu-exista@1.0",
            "bad_version": "tm-parcari@9.9",
            "traversal": "tm-parcari@..",
            "url": "https://example.org/schema.json",
            "inline": json.dumps({"fields": [{"name": "id", "type": "string"}]}),
        }
        ids = {}
        for key, value in values.items():
            res = call_action("resource_create", {"user": admin["name"]}, package_id=dataset["id"], name=key,
                              format="JSON", url=f"https://example.org/{key}.json", schema=value)
            ids[key] = res["id"]
        return dataset, ids

    return world("devportal_schema_links", build)


def test_schema_url_in_the_api(dataset):
    pkg, ids = dataset
    shown = {r["name"]: r for r in call_action("package_show", id=pkg["id"])["resources"]}
    assert shown["versioned"]["schema"] == "tm-parcari@1.0"
    assert shown["versioned"]["schema_url"] == f"{SITE}/tmopendata/schemas/tm-parcari/1.0/schema.json"
    assert shown["latest"]["schema_url"].startswith(f"{SITE}/tmopendata/schemas/tm-parcari/")
    assert shown["url"]["schema_url"] == "https://example.org/schema.json"
    for name in ("unknown", "bad_version", "traversal", "inline"):
        assert "schema_url" not in shown[name], name
    res = call_action("resource_show", id=ids["versioned"])
    assert res["schema_url"] == f"{SITE}/tmopendata/schemas/tm-parcari/1.0/schema.json"


def test_schema_url_over_http_and_it_works(app, dataset):
    pkg, ids = dataset
    res = app.get("/api/3/action/resource_show", query_string={"id": ids["versioned"]}).json["result"]
    path = res["schema_url"].replace(SITE, "")
    got = app.get(path)
    assert got.status_code == 200
    assert any(f["name"] for f in json.loads(got.body)["fields"])


def test_resource_page_links_the_standard(app, dataset):
    pkg, ids = dataset
    page = app.get(f"/dataset/{pkg['name']}/resource/{ids['versioned']}").body
    assert f'href="{SITE}/tmopendata/schemas/tm-parcari/1.0/schema.json"' in page or \
        'href="/tmopendata/schemas/tm-parcari/1.0/schema.json"' in page.replace(SITE, "")
    assert ">tm-parcari@1.0</a>" in page
    unknown = app.get(f"/dataset/{pkg['name']}/resource/{ids['unknown']}").body
    assert "tm-nu-exista@1.0" in unknown and ">tm-nu-exista@1.0</a>" not in unknown
