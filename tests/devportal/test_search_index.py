"""HVD categories and data standards in the search index (real Solr):
``fq=hvd_category:"<URI>"`` finds the datasets of a category, the category
facet lists URIs (with labels), datasets are found by data standard."""
from __future__ import annotations

import json

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.lib.vocab import HVD_REGULATION_ELI

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

MOBILITY = "http://data.europa.eu/bna/c_b79e35eb"
GEOSPATIAL = "http://data.europa.eu/bna/c_ac64a52d"
STATISTICS = "http://data.europa.eu/bna/c_e1da4e07"


@pytest.fixture
def datasets(world):
    """Three private HVDs of one institution (built once per worker, then
    restored: see ``world`` in tests/conftest.py); returns the sysadmin."""
    def build():
        admin = factories.SysadminWithToken()
        org = factories.Organization()

        def hvd(name, categories, standard=None):
            dataset = call_action(
                "package_create", {"user": admin["name"]}, type="hvd", name=name, title=name, notes="x",
                owner_org=org["id"], private=True, hvd_category=categories,
                applicable_legislation=[HVD_REGULATION_ELI],
            )
            if standard:
                call_action("resource_create", {"user": admin["name"]}, package_id=dataset["id"], name="date",
                            format="JSON", url="https://example.org/date.json", schema=standard)
            return dataset

        hvd("parcari", [MOBILITY, GEOSPATIAL], "tm-parcari@1.0")
        hvd("statii", [MOBILITY], "tm-statii-transport@1.0")
        hvd("buget", [STATISTICS])
        return admin

    return world("devportal_search_datasets", build)


def search(admin, **params):
    return call_action("package_search", {"user": admin["name"]}, include_private=True, **params)


def names(result):
    return sorted(d["name"] for d in result["results"])


def test_filter_by_category_uri(datasets):
    assert names(search(datasets, fq=f'hvd_category:"{MOBILITY}"')) == ["parcari", "statii"]
    assert names(search(datasets, fq=f'hvd_category:"{GEOSPATIAL}"')) == ["parcari"]
    assert names(search(datasets, fq_list=[f'hvd_category:"{STATISTICS}"'])) == ["buget"]
    # the prefixed name works too, and a field merely ending the same way is not rewritten
    assert names(search(datasets, fq=f'vocab_hvd_category:"{STATISTICS}"')) == ["buget"]
    assert names(search(datasets, q=f'hvd_category:"{GEOSPATIAL}" OR name:buget')) == ["buget", "parcari"]


def test_filter_by_category_label(datasets):
    assert names(search(datasets, fq='hvd_category_label:"Mobility"')) == ["parcari", "statii"]
    assert names(search(datasets, fq='hvd_category_label:"Statistică"')) == ["buget"]


def test_category_facet_lists_uris(datasets):
    result = search(datasets, **{"facet.field": json.dumps(["hvd_category"])})
    items = {i["name"]: i["count"] for i in result["search_facets"]["vocab_hvd_category"]["items"]}
    assert items == {MOBILITY: 2, GEOSPATIAL: 1, STATISTICS: 1}


def test_find_by_data_standard(datasets):
    assert names(search(datasets, fq='data_standard:"tm-parcari@1.0"')) == ["parcari"]
    assert names(search(datasets, fq="data_standard_name:tm-statii-transport")) == ["statii"]
    result = search(datasets, **{"facet.field": json.dumps(["data_standard"])})
    items = {i["name"]: i["count"] for i in result["search_facets"]["vocab_data_standard"]["items"]}
    assert items == {"tm-parcari@1.0": 1, "tm-statii-transport@1.0": 1}


def test_changed_category_is_reindexed(datasets):
    call_action("package_patch", {"user": datasets["name"]}, id="buget", hvd_category=[GEOSPATIAL])
    assert names(search(datasets, fq=f'hvd_category:"{STATISTICS}"')) == []
    assert names(search(datasets, fq=f'hvd_category:"{GEOSPATIAL}"')) == ["buget", "parcari"]


def test_hvd_search_page_facet_and_filter(app, datasets):
    headers = {"Authorization": datasets["token"]}
    page = app.get("/en/hvd/", headers=headers).body
    assert "HVD category" in page and "Mobility" in page and "Data standard" in page
    filtered = app.get("/en/hvd/", query_string={"vocab_hvd_category": STATISTICS}, headers=headers).body
    assert "/hvd/buget" in filtered and "/hvd/parcari" not in filtered


def test_odd_filters_answer_400_not_500(app):
    for fq in ('hvd_category:"', "hvd_category:[a TO", "data_standard:(("):
        resp = app.get("/api/3/action/package_search", query_string={"fq": fq}, status=None)
        assert resp.status_code < 500, fq
