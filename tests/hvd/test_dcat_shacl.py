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
