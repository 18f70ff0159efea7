"""The demo catalogue against SEMIC's SHACL shapes, when they are at hand.

SEMIC's shape files are not shipped (licence and size): set
``TMOPENDATA_SHACL_SHAPES`` to a directory holding ``shapes.ttl`` (DCAT-AP
3.0.1) and ``hvd-SHACL-base.ttl`` + ``hvd-SHACL-usagenotes.ttl`` (DCAT-AP
HVD 3.0.0) to run this test; ``TMOPENDATA_DCAT_DUMP`` (a file path) keeps the
generated catalogue. The suite's own tests (test_dcat*.py) assert each
property without them."""
from __future__ import annotations

import os
import sys

import pytest
import rdflib

from ckan.cli.cli import ckan as ckan_cli

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHAPES = os.environ.get("TMOPENDATA_SHACL_SHAPES")


def test_demo_catalogue_conforms(app, cli):
    if not SHAPES:
        pytest.skip("TMOPENDATA_SHACL_SHAPES is not set (SEMIC's shapes are not shipped)")
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import shacl_check

    result = cli.invoke(ckan_cli, ["tmopendata", "demo"])
    assert result.exit_code == 0, result.output
    body = app.get("/catalog.ttl").body
    if os.environ.get("TMOPENDATA_DCAT_DUMP"):
        with open(os.environ["TMOPENDATA_DCAT_DUMP"], "w", encoding="utf-8") as f:
            f.write(body)
    graph = rdflib.Graph().parse(data=body, format="turtle")
    results = shacl_check.check(graph, SHAPES)
    violations = {name: [r for r in rs if r["severity"] == "Violation"] for name, rs in results.items()}
    assert violations == {"dcat-ap-3.0.1": [], "hvd-3.0.0": []}


SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<urn:shape:{name}> a sh:NodeShape ; sh:targetClass dcat:Dataset ;
  sh:property [ sh:path dct:{path} ; sh:minCount 1 ] .
"""
CATALOGUE = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix dcatap: <http://data.europa.eu/r5r/> .
<urn:cat> a dcat:Catalog ; dcat:dataset <urn:hvd>, <urn:plain> .
<urn:hvd> a dcat:Dataset ; dct:title "HVD" ; dct:description "d" ;
  dcatap:applicableLegislation <http://data.europa.eu/eli/reg_impl/2023/138/oj> .
<urn:plain> a dcat:Dataset ; dct:title "Plain" .
"""


def test_shacl_check_script(tmp_path, capsys):
    """The checker itself (with tiny shapes of our own): the base shapes see
    every dataset, the HVD shapes the HVDs only; exit 1 on a violation."""
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import shacl_check

    (tmp_path / "shapes.ttl").write_text(SHAPE.format(name="base", path="title"))
    (tmp_path / "hvd-SHACL-base.ttl").write_text(SHAPE.format(name="hvd", path="description"))
    (tmp_path / "hvd-SHACL-usagenotes.ttl").write_text("")
    catalogue = tmp_path / "catalog.ttl"
    catalogue.write_text(CATALOGUE)
    # every dataset has a title; only the HVD needs a description
    assert shacl_check.main([str(tmp_path), str(catalogue)]) == 0
    assert "hvd-3.0.0: 0 violations" in capsys.readouterr().out
    sub = shacl_check.hvd_subgraph(rdflib.Graph().parse(data=CATALOGUE, format="turtle"))
    assert (rdflib.URIRef("urn:plain"), None, None) not in sub
    assert (rdflib.URIRef("urn:cat"), rdflib.URIRef("http://www.w3.org/ns/dcat#dataset"),
            rdflib.URIRef("urn:plain")) not in sub
    # a violation is printed and fails the check
    catalogue.write_text(CATALOGUE.replace('dct:description "d" ;', ""))
    assert shacl_check.main([str(tmp_path), str(catalogue)]) == 1
    out = capsys.readouterr().out
    assert "urn:hvd" in out and "hvd-3.0.0: 1 violations" in out and "dcat-ap-3.0.1: 0 violations" in out


@pytest.mark.live_server
def test_served_catalogue_conforms(cli, live_server, capsys):
    """The same, on the catalogue a real server serves (as an operator runs
    scripts/shacl_check.py against the portal)."""
    if not SHAPES:
        pytest.skip("TMOPENDATA_SHACL_SHAPES is not set (SEMIC's shapes are not shipped)")
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import shacl_check

    result = cli.invoke(ckan_cli, ["tmopendata", "demo"])
    assert result.exit_code == 0, result.output
    assert shacl_check.main([SHAPES, f"{live_server}/catalog.ttl", "--quiet"]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "6 datasets" in out or "7 datasets" in out, out
