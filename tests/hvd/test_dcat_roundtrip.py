"""Round trip: the portal's own catalogue, read back with ckanext-dcat's
RDFParser (profiles ``euro_dcat_ap_3`` + ``tmopendata_hvd``, as a harvester
does), gives what package_show says."""
from __future__ import annotations

import json

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action
from ckanext.dcat.processors import RDFParser

from tests.hvd.test_dcat_profile import VALID_PARKING
from tests.hvd.test_gate import COMPLETE

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

DETAILED = "http://data.europa.eu/bna/c_4b74ea13"


def _parsed(app, name, dataset_type="hvd"):
    parser = RDFParser(profiles=["euro_dcat_ap_3", "tmopendata_hvd"], dataset_type=dataset_type)
    parser.parse(app.get("/catalog.ttl").body, _format="turtle")
    found = [d for d in parser.datasets() if d.get("name") == name]
    assert len(found) == 1, [d.get("name") for d in parser.datasets()]
    return found[0]


def _list(value):
    return json.loads(value) if isinstance(value, str) else value


def test_catalogue_reads_back_as_package_show(app, org_with_users, upload):
    org, users = org_with_users
    data = dict(COMPLETE, hvd_category=[COMPLETE["hvd_category"][0], DETAILED],
                tags=[{"name": "parcari"}, {"name": "mobilitate"}],
                temporal_start="2025-01-01", temporal_end="2025-12-31",
                spatial_coverage=[{"uri": "https://sws.geonames.org/665087/", "text": "Timișoara"}])
    ds = call_action("package_create", {"user": users["editor"]["name"]}, name="parcari-roundtrip",
                     owner_org=org["id"], private=True, **data)
    upload(users["editor"], ds["id"], VALID_PARKING, filename="parcari.csv",
           name="Parcări (CSV)", schema="tm-parcari@1.0")
    call_action("resource_create", {"user": users["editor"]["name"]}, package_id=ds["id"],
                name="API parcări", format="API", url="https://api.example.ro/parcari",
                access_services=[{"title": "API parcări", "endpoint_url": ["https://api.example.ro/parcari"],
                                  "endpoint_description": "https://api.example.ro/openapi.json",
                                  "documentation": "https://api.example.ro/docs"}])
    sysadmin = factories.Sysadmin()
    call_action("package_patch", {"user": sysadmin["name"]}, id=ds["id"], private=False,
                publication_override_reason="round trip")
    shown = call_action("package_show", id=ds["id"])

    got = _parsed(app, "parcari-roundtrip")
    for key in ("name", "title", "notes", "license_id", "update_frequency", "priority_theme",
                "temporal_start", "temporal_end"):
        assert got.get(key) == shown[key], (key, got.get(key), shown[key])
    assert shown["license_id"] == "cc-by"
    assert sorted(t["name"] for t in got["tags"]) == sorted(t["name"] for t in shown["tags"])
    assert sorted(_list(got["hvd_category"])) == sorted(shown["hvd_category"])
    assert _list(got["applicable_legislation"]) == shown["applicable_legislation"]
    assert [(c["name"], c["email"]) for c in got["contact"]] == [
        (c["name"], c["email"]) for c in shown["contact"]]
    assert [(s["uri"], s["text"]) for s in got["spatial_coverage"]] == [
        (s["uri"], s["text"]) for s in shown["spatial_coverage"]]

    def resources(items):
        return sorted((r.get("name"), (r.get("format") or "").upper(), r.get("url"), r.get("schema") or None)
                      for r in items)

    assert resources(got["resources"]) == resources(shown["resources"])
    assert ("Parcări (CSV)", "CSV", shown["resources"][0]["url"], "tm-parcari@1.0") in resources(got["resources"])
    (api,) = [r for r in got["resources"] if r["name"] == "API parcări"]
    (service,) = _list(api["access_services"])
    (expected,) = [r for r in shown["resources"] if r["name"] == "API parcări"][0]["access_services"]
    for key in ("title", "endpoint_url", "endpoint_description", "documentation"):
        assert service[key] == expected[key], key


def test_plain_dataset_reads_back(app):
    org = factories.Organization()
    ds = call_action("package_create", {"user": factories.Sysadmin()["name"]}, name="buget-roundtrip",
                     title="Bugetul local", notes="Execuția bugetului", owner_org=org["id"],
                     license_id="cc-zero", tags=[{"name": "buget"}],
                     resources=[{"url": "https://example.ro/buget.xlsx", "format": "XLSX", "name": "Buget"}])
    shown = call_action("package_show", id=ds["id"])
    got = _parsed(app, "buget-roundtrip", dataset_type="dataset")
    assert (got["title"], got["notes"], got["license_id"]) == (shown["title"], shown["notes"], "cc-zero")
    (res,) = got["resources"]
    assert (res["format"], res["url"], res["name"]) == ("XLSX", "https://example.ro/buget.xlsx", "Buget")
