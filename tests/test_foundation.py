"""Foundation: the suite's plugin on a real CKAN 2.11 with real PostgreSQL,
Solr and Redis."""
from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest
import rdflib
from rdflib.namespace import DCAT, RDF

import ckan
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

import ckanext.tmopendata as suite

pytestmark = pytest.mark.usefixtures("with_plugins")


def _solr_select(query: str) -> dict:
    """Ask Solr itself (not CKAN) for documents matching ``query``."""
    url = tk.config.get("solr_url") + "/select?" + urllib.parse.urlencode(
        {"q": query, "wt": "json", "fl": "name,site_id"}
    )
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.load(r)["response"]


@pytest.mark.usefixtures("clean_db")
class TestPlugin:
    def test_plugins_loaded(self):
        for name in ("tmopendata", "scheming_datasets", "dcat", "activity"):
            assert p.plugin_loaded(name), name

    def test_status_show_action(self):
        status = call_action("tmopendata_status_show")
        assert status["name"] == "ckanext-tmopendata"
        assert status["version"] == suite.__version__
        assert status["ckan_version"] == ckan.__version__
        assert status["ckan_version"].startswith(("2.11.", "2.12."))
        assert status["city"] == "Timișoara"
        assert status["features"]["core"] is True
        assert status["features"]["dcat"] is True
        assert status["features"]["scheming"] is True
        assert status["locales_offered"] == ["ro", "en"]

    @pytest.mark.ckan_config("ckan.plugins", "tmopendata")
    def test_status_show_reports_disabled_features(self):
        status = call_action("tmopendata_status_show")
        assert status["features"]["core"] is True
        assert status["features"]["dcat"] is False
        assert status["features"]["scheming"] is False

    @pytest.mark.ckan_config("ckanext.tmopendata.city_name", "Lugoj")
    def test_status_show_uses_configured_city(self):
        assert call_action("tmopendata_status_show")["city"] == "Lugoj"

    def test_status_show_is_public(self):
        assert call_auth("tmopendata_status_show", {"user": None}) is True

    def test_status_show_ignores_unknown_parameters(self):
        status = call_action("tmopendata_status_show", foo="bar")
        assert status["name"] == "ckanext-tmopendata"

    def test_status_show_over_http(self, app):
        resp = app.get("/api/3/action/tmopendata_status_show")
        assert resp.status_code == 200
        body = resp.json
        assert body["success"] is True
        assert body["result"]["version"] == suite.__version__

    def test_misspelt_action_is_a_clear_400(self, app):
        resp = app.get("/api/3/action/tmopendata_status_shw", status=400)
        assert "Action name not known: tmopendata_status_shw" in resp.body


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestEndToEnd:
    def test_create_search_delete_through_action_api(self, app):
        sysadmin = factories.SysadminWithToken()
        headers = {"Authorization": sysadmin["token"]}

        resp = app.post(
            "/api/3/action/organization_create",
            json={"name": "primaria-test", "title": "Primăria Test"},
            headers=headers,
        )
        assert resp.status_code == 200, resp.body
        org = resp.json["result"]

        resp = app.post(
            "/api/3/action/package_create",
            json={
                "name": "statii-tramvai-test",
                "title": "Stații de tramvai",
                "notes": "Stațiile de tramvai din Timișoara",
                "owner_org": org["id"],
                "license_id": "cc-by",
            },
            headers=headers,
        )
        assert resp.status_code == 200, resp.body

        # CKAN's package_search is answered by the real Solr core...
        result = app.get(
            "/api/3/action/package_search", query_string={"q": "tramvai"}
        ).json["result"]
        assert [d["name"] for d in result["results"]] == ["statii-tramvai-test"]
        # ...which holds the document itself.
        site_id = tk.config["ckan.site_id"]
        docs = _solr_select(f'name:statii-tramvai-test AND site_id:"{site_id}"')
        assert docs["numFound"] == 1
        assert docs["docs"][0]["site_id"] == site_id

        resp = app.post(
            "/api/3/action/package_delete",
            json={"id": "statii-tramvai-test"},
            headers=headers,
        )
        assert resp.status_code == 200, resp.body
        result = app.get(
            "/api/3/action/package_search", query_string={"q": "tramvai"}
        ).json["result"]
        assert result["count"] == 0
        assert _solr_select(f'name:statii-tramvai-test AND site_id:"{site_id}"')["numFound"] == 0

    def test_invalid_dataset_is_refused_and_not_indexed(self, app):
        sysadmin = factories.SysadminWithToken()
        resp = app.post(
            "/api/3/action/package_create",
            json={"name": "Not A Valid Name!", "title": "x"},
            headers={"Authorization": sysadmin["token"]},
            status=409,
        )
        assert resp.json["success"] is False
        assert "name" in resp.json["error"]
        site_id = tk.config["ckan.site_id"]
        assert _solr_select(f'title:x AND site_id:"{site_id}"')["numFound"] == 0

    def test_anonymous_cannot_create_dataset(self, app):
        resp = app.post(
            "/api/3/action/package_create",
            json={"name": "anon-dataset", "title": "Anon"},
            status=403,
        )
        assert resp.json["success"] is False


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestWebUI:
    def test_home_page(self, app):
        resp = app.get("/")
        assert resp.status_code == 200
        assert "Open data of Timișoara" in resp.body

    def test_home_page_in_romanian(self, app):
        resp = app.get("/ro/")
        assert resp.status_code == 200
        assert "Date deschise ale municipiului Timișoara" in resp.body
        assert "Explorează seturile de date" in resp.body

    def test_dataset_search_page(self, app):
        org = factories.Organization()
        factories.Dataset(owner_org=org["id"], title="Parcări publice", notes="Parcări")
        resp = app.get("/dataset/")
        assert resp.status_code == 200
        assert "Parcări publice" in resp.body


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestDcat:
    def test_catalog_ttl_parses_and_lists_datasets(self, app):
        org = factories.Organization()
        dataset = factories.Dataset(
            owner_org=org["id"], title="Spații verzi", notes="Parcuri"
        )
        resp = app.get("/catalog.ttl")
        assert resp.status_code == 200
        assert "text/turtle" in resp.headers["Content-Type"]
        graph = rdflib.Graph().parse(data=resp.body, format="turtle")
        datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
        assert len(datasets) == 1
        titles = {str(t) for t in graph.objects(datasets[0], rdflib.DCTERMS.title)}
        assert titles == {"Spații verzi"}
        assert dataset["id"] in str(datasets[0])
