"""DCAT-AP HVD output of a high-value dataset (ckanext-dcat + our profile)."""
from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, RDF

from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.lib.vocab import HVD_REGULATION_ELI
from tests.hvd.test_gate import COMPLETE, MOBILITY

DCATAP = rdflib.Namespace("http://data.europa.eu/r5r/")
pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def test_hvd_properties_in_dcat(app, org_with_users, upload):
    org, users = org_with_users
    ds = call_action("package_create", {"user": users["editor"]["name"]}, name="parcari-dcat",
                     owner_org=org["id"], private=True, **COMPLETE)
    upload(users["editor"], ds["id"], "id\n1\n", name="CSV")
    sysadmin = factories.Sysadmin()
    call_action("package_patch", {"user": sysadmin["name"]}, id=ds["id"], private=False,
                publication_override_reason="DCAT test")

    g = rdflib.Graph().parse(data=app.get("/dataset/parcari-dcat.ttl").body, format="turtle")
    (dataset,) = list(g.subjects(RDF.type, DCAT.Dataset))
    assert set(g.objects(dataset, DCATAP.hvdCategory)) == {rdflib.URIRef(MOBILITY)}
    assert set(g.objects(dataset, DCATAP.applicableLegislation)) == {rdflib.URIRef(HVD_REGULATION_ELI)}
    assert set(g.objects(dataset, DCTERMS.accrualPeriodicity)) == {
        rdflib.URIRef("http://publications.europa.eu/resource/authority/frequency/MONTHLY")
    }
    (distribution,) = list(g.objects(dataset, DCAT.distribution))
    assert (distribution, DCATAP.applicableLegislation, rdflib.URIRef(HVD_REGULATION_ELI)) in g
    # and it is in the catalogue developers harvest
    catalog = rdflib.Graph().parse(data=app.get("/catalog.ttl").body, format="turtle")
    assert (dataset, DCATAP.hvdCategory, rdflib.URIRef(MOBILITY)) in catalog
