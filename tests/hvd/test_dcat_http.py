"""ckanext-dcat's endpoints over HTTP: content negotiation, Turtle in UTF-8
(said so), and the paged catalogue with any search text."""
from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import DCAT, RDF

from ckan.tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _dataset():
    org = factories.Organization(title="Primăria Municipiului Timișoara")
    return factories.Dataset(owner_org=org["id"], name="strazi-timisoara", title="Străzi și piețe din Timișoara",
                             notes="Nomenclatorul străzilor")


def test_accept_turtle_gets_rdf(app):
    ds = _dataset()
    response = app.get(f"/dataset/{ds['name']}", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=response.body, format="turtle")
    assert (rdflib.URIRef(f"http://test.ckan.net/dataset/{ds['id']}"), RDF.type, DCAT.Dataset) in g
    # the catalogue at the portal's root
    response = app.get("/", headers={"Accept": "text/turtle"})
    assert response.headers["Content-Type"].startswith("text/turtle")
    assert list(rdflib.Graph().parse(data=response.body, format="turtle").subjects(RDF.type, DCAT.Catalog))
    # browsers still get the pages
    page = app.get(f"/dataset/{ds['name']}", headers={"Accept": "text/html,application/xhtml+xml"})
    assert page.headers["Content-Type"].startswith("text/html")
    assert "Străzi și piețe din Timișoara" in page.body


@pytest.mark.parametrize("url", ["/catalog.ttl", "/dataset/strazi-timisoara.ttl",
                                 "/catalog.rdf", "/catalog.n3"])
def test_text_rdf_says_utf8(app, url):
    _dataset()
    response = app.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"].endswith("; charset=utf-8"), response.headers["Content-Type"]
    assert "Timișoara".encode() in response.data


@pytest.mark.parametrize("q", ["străzi timișoara", "a b", 'title:"Străzi și"', "<>{}|\\^`", "100%"])
def test_catalogue_search_with_any_text(app, ckan_config, monkeypatch, q):
    monkeypatch.setitem(ckan_config, "ckanext.dcat.datasets_per_page", 1)
    _dataset()
    factories.Dataset(name="alt-set", title="Străzi noi", notes="Timișoara")
    for fmt in ("ttl", "jsonld", "rdf"):
        response = app.get(f"/catalog.{fmt}", query_string={"q": q}, status=None)
        assert response.status_code == 200, (fmt, q, response.status_code)
    # the paging links of a search carry the search, escaped
    response = app.get("/catalog.ttl", query_string={"q": "Timișoara OR străzi"})
    g = rdflib.Graph().parse(data=response.body, format="turtle")
    hydra = rdflib.Namespace("http://www.w3.org/ns/hydra/core#")
    (nxt,) = g.objects(None, hydra.next)
    assert " " not in str(nxt) and "q=Timi%C8%99oara%20OR%20str%C4%83zi" in str(nxt) and "page=2" in str(nxt)
    assert app.get(str(nxt).replace("http://test.ckan.net", "")).status_code == 200
