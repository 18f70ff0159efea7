"""The catalogue's DCAT-AP 3 / DCAT-AP HVD properties (profile
``tmopendata_hvd`` after ckanext-dcat's ``euro_dcat_ap_3``): each property
the SEMIC shapes and the harvesters need, asserted on the served RDF."""
from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS

from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.lib.vocab import HVD_REGULATION_ELI, HVD_SCHEME
from tests.hvd.test_gate import COMPLETE, MOBILITY

DCATAP = rdflib.Namespace("http://data.europa.eu/r5r/")
EU = "http://publications.europa.eu/resource/authority/"
VALID_PARKING = "id,denumire,adresa,locuri,tarif_ora_lei,lat,lon\nP1,Parcare Centru,Str. Mărășești 1,120,5,45.75,21.22\n"
pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _public_hvd(org, users, upload, name="parcari-dcat", **extra):
    data = dict(COMPLETE, **extra)
    ds = call_action("package_create", {"user": users["editor"]["name"]}, name=name,
                     owner_org=org["id"], private=True, **data)
    csv = upload(users["editor"], ds["id"], VALID_PARKING, filename="parcari.csv",
                 name="Parcări (CSV)", schema="tm-parcari@1.0")
    api = call_action("resource_create", {"user": users["editor"]["name"]}, package_id=ds["id"],
                      name="API parcări", format="API", url="https://api.example.ro/parcari")
    sysadmin = factories.Sysadmin()
    call_action("package_patch", {"user": sysadmin["name"]}, id=ds["id"], private=False,
                publication_override_reason="DCAT test")
    return call_action("package_show", id=ds["id"]), csv, api


def _graph(app, url):
    return rdflib.Graph().parse(data=app.get(url).body, format="turtle")


def _dist(g, dataset, resource_id):
    (dist,) = [d for d in g.objects(dataset, DCAT.distribution) if str(d).endswith(resource_id)]
    return dist


def test_distributions_use_eu_vocabularies(app, org_with_users, upload):
    org, users = org_with_users
    ds, csv, api = _public_hvd(org, users, upload)
    g = _graph(app, f"/dataset/{ds['name']}.ttl")
    (dataset,) = g.subjects(RDF.type, DCAT.Dataset)
    dist = _dist(g, dataset, csv["id"])

    csv_type = rdflib.URIRef(EU + "file-type/CSV")
    assert set(g.objects(dist, DCTERMS["format"])) == {csv_type}
    assert (csv_type, RDF.type, DCTERMS.MediaTypeOrExtent) in g
    media = rdflib.URIRef("http://www.iana.org/assignments/media-types/text/csv")
    assert set(g.objects(dist, DCAT.mediaType)) == {media}
    assert (media, RDF.type, DCTERMS.MediaType) in g

    licence = rdflib.URIRef(EU + "licence/CC_BY_4_0")
    assert set(g.objects(dist, DCTERMS.license)) == {licence}
    assert (licence, RDF.type, DCTERMS.LicenseDocument) in g
    assert str(g.value(licence, DCTERMS.title)) == ds["license_title"]

    download = csv["url"]
    assert download.startswith("http") and download.endswith("parcari.csv")
    assert set(g.objects(dist, DCAT.downloadURL)) == {rdflib.URIRef(download)}
    # the data standard's public URL in the schema store
    standard = rdflib.URIRef("http://test.ckan.net/tmopendata/schemas/tm-parcari/1.0/schema.json")
    assert set(g.objects(dist, DCTERMS.conformsTo)) == {standard}
    assert app.get("/tmopendata/schemas/tm-parcari/1.0/schema.json").status_code == 200
    assert (dist, DCATAP.applicableLegislation, rdflib.URIRef(HVD_REGULATION_ELI)) in g
    # an API is no file: no download URL, no file type
    api_dist = _dist(g, dataset, api["id"])
    assert not list(g.objects(api_dist, DCAT.downloadURL))
    assert not list(g.objects(api_dist, DCTERMS["format"]))


def test_dataset_rights_language_themes_spatial_and_hvd_concepts(app, org_with_users, upload):
    org, users = org_with_users
    detailed = "http://data.europa.eu/bna/c_4b74ea13"   # Transport networks (under Mobility)
    ds, csv, _api = _public_hvd(org, users, upload, hvd_category=[MOBILITY, detailed])
    g = _graph(app, f"/dataset/{ds['name']}.ttl")
    (dataset,) = g.subjects(RDF.type, DCAT.Dataset)

    assert set(g.objects(dataset, DCTERMS.accessRights)) == {rdflib.URIRef(EU + "access-right/PUBLIC")}
    assert set(g.objects(dataset, DCTERMS.language)) == {rdflib.URIRef(EU + "language/ENG")}  # test.ini: en
    assert set(g.objects(dataset, DCTERMS.identifier)) == {rdflib.Literal(ds["id"])}
    assert set(g.objects(dataset, DCAT.landingPage)) == {rdflib.URIRef(f"http://test.ckan.net/dataset/{ds['name']}")}
    themes = set(g.objects(dataset, DCAT.theme))
    assert rdflib.URIRef(EU + "data-theme/TRAN") in themes   # priority theme transport, HVD mobility
    local = rdflib.URIRef("http://test.ckan.net/tmopendata/priority-themes/transport")
    assert local in themes
    for theme in themes:
        assert (theme, RDF.type, SKOS.Concept) in g and g.value(theme, SKOS.prefLabel) is not None
    spatial = rdflib.URIRef("https://sws.geonames.org/665087/")
    assert set(g.objects(dataset, DCTERMS.spatial)) == {spatial}
    assert (spatial, RDF.type, DCTERMS.Location) in g

    assert set(g.objects(dataset, DCATAP.hvdCategory)) == {rdflib.URIRef(MOBILITY), rdflib.URIRef(detailed)}
    for concept, label in ((MOBILITY, "Mobility"), (detailed, "Transport networks")):
        ref = rdflib.URIRef(concept)
        assert (ref, RDF.type, SKOS.Concept) in g
        assert (ref, SKOS.inScheme, rdflib.URIRef(HVD_SCHEME)) in g
        assert rdflib.Literal(label, lang="en") in set(g.objects(ref, SKOS.prefLabel))
    assert (rdflib.URIRef(detailed), SKOS.broader, rdflib.URIRef(MOBILITY)) in g


def test_modified_is_the_data_change(app, org_with_users, upload):
    org, users = org_with_users
    ds, csv, _api = _public_hvd(org, users, upload)
    sysadmin = factories.Sysadmin()
    call_action("resource_patch", {"user": sysadmin["name"], "tmopendata_skip_validation": True},
                id=csv["id"], last_modified="2024-05-01T10:00:00")
    call_action("resource_patch", {"user": sysadmin["name"], "tmopendata_skip_validation": True},
                id=_api["id"], last_modified="2024-04-01T10:00:00")
    call_action("package_patch", {"user": sysadmin["name"]}, id=ds["id"], notes="Metadata only changed")
    g = _graph(app, f"/dataset/{ds['name']}.ttl")
    (dataset,) = g.subjects(RDF.type, DCAT.Dataset)
    assert [str(v) for v in g.objects(dataset, DCTERMS.modified)] == ["2024-05-01T10:00:00"]
    assert [str(v) for v in g.objects(_dist(g, dataset, csv["id"]), DCTERMS.modified)] == ["2024-05-01T10:00:00"]


def test_api_resource_is_a_data_service(app, org_with_users, upload):
    org, users = org_with_users
    ds, _csv, api = _public_hvd(org, users, upload)
    g = _graph(app, "/catalog.ttl")
    dataset = rdflib.URIRef(f"http://test.ckan.net/dataset/{ds['id']}")
    (service,) = g.objects(_dist(g, dataset, api["id"]), DCAT.accessService)
    assert (service, RDF.type, DCAT.DataService) in g
    assert set(g.objects(service, DCAT.endpointURL)) == {rdflib.URIRef("https://api.example.ro/parcari")}
    assert set(g.objects(service, DCAT.servesDataset)) == {dataset}
    assert set(g.objects(service, DCTERMS.license)) == {rdflib.URIRef(EU + "licence/CC_BY_4_0")}
    assert set(g.objects(service, DATAPATH_LEG)) == {rdflib.URIRef(HVD_REGULATION_ELI)}
    assert set(g.objects(service, DCATAP.hvdCategory)) == {rdflib.URIRef(MOBILITY)}
    assert g.value(service, DCAT.endpointDescription) is not None
    assert g.value(service, FOAF.page) is not None
    (contact,) = g.objects(service, DCAT.contactPoint)
    assert str(g.value(contact, rdflib.URIRef("http://www.w3.org/2006/vcard/ns#hasEmail"))) == "mailto:parcari@primariatm.ro"
    # the catalogue lists it
    (catalog,) = g.subjects(RDF.type, DCAT.Catalog)
    assert (catalog, DCAT.service, service) in g


DATAPATH_LEG = DCATAP.applicableLegislation


def test_service_described_by_the_steward(app, org_with_users, upload):
    org, users = org_with_users
    ds, csv, _api = _public_hvd(org, users, upload)
    call_action("resource_patch", {"user": users["editor"]["name"], "tmopendata_skip_validation": True},
                id=csv["id"], access_services=[{
                    "title": "WFS parcări",
                    "endpoint_url": ["https://geo.example.ro/wfs"],
                    "endpoint_description": "https://geo.example.ro/wfs?request=GetCapabilities",
                    "documentation": "https://geo.example.ro/docs",
                }])
    shown = call_action("package_show", id=ds["id"])
    (res,) = [r for r in shown["resources"] if r["id"] == csv["id"]]
    assert res["access_services"][0]["documentation"] == "https://geo.example.ro/docs"
    g = _graph(app, f"/dataset/{ds['name']}.ttl")
    (dataset,) = g.subjects(RDF.type, DCAT.Dataset)
    (service,) = g.objects(_dist(g, dataset, csv["id"]), DCAT.accessService)
    assert str(g.value(service, DCTERMS.title)) == "WFS parcări"
    assert set(g.objects(service, DCAT.endpointURL)) == {rdflib.URIRef("https://geo.example.ro/wfs")}
    assert set(g.objects(service, DCAT.endpointDescription)) == {
        rdflib.URIRef("https://geo.example.ro/wfs?request=GetCapabilities")}
    assert rdflib.URIRef("https://geo.example.ro/docs") in set(g.objects(service, FOAF.page))
    assert set(g.objects(service, DCAT.servesDataset)) == {dataset}
    assert (service, DATAPATH_LEG, rdflib.URIRef(HVD_REGULATION_ELI)) in g
    assert (service, DCATAP.hvdCategory, rdflib.URIRef(MOBILITY)) in g
    assert g.value(service, DCAT.contactPoint) is not None


def test_catalogue_publisher_language_and_spatial(app, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.tmopendata.dcat.publisher_name", "Primăria Test")
    monkeypatch.setitem(ckan_config, "ckanext.tmopendata.dcat.publisher_uri", "https://publisher.example.ro")
    g = _graph(app, "/catalog.ttl")
    (catalog,) = g.subjects(RDF.type, DCAT.Catalog)
    publisher = g.value(catalog, DCTERMS.publisher)
    assert publisher == rdflib.URIRef("https://publisher.example.ro")
    assert str(g.value(publisher, FOAF.name)) == "Primăria Test"
    assert (publisher, RDF.type, FOAF.Agent) in g
    assert g.value(publisher, DCTERMS.type) == rdflib.URIRef("http://purl.org/adms/publishertype/LocalAuthority")
    assert set(g.objects(catalog, DCTERMS.language)) == {
        rdflib.URIRef(EU + "language/ENG"), rdflib.URIRef(EU + "language/RON")}
    assert g.value(catalog, FOAF.homepage) is not None
    assert g.value(catalog, DCTERMS.description) is not None
    assert set(g.objects(catalog, DCTERMS.spatial)) == {rdflib.URIRef("https://sws.geonames.org/665087/")}


def test_private_dataset_rdf_is_not_public(app, org_with_users):
    org, users = org_with_users
    ds = call_action("package_create", {"user": users["editor"]["name"]}, name="privat-dcat",
                     owner_org=org["id"], private=True, **COMPLETE)
    app.get(f"/dataset/{ds['name']}.ttl", status=403)
    g = _graph(app, "/catalog.ttl")
    assert not list(g.subjects(RDF.type, DCAT.Dataset))


def test_steward_describes_an_api_service_in_the_resource_form(app, org_with_users):
    from tests.hvd.test_steward_form import form_fields

    org, users = org_with_users
    headers = {"Authorization": users["editor"]["token"]}
    call_action("package_create", {"user": users["editor"]["name"]}, name="api-form",
                owner_org=org["id"], private=True, **COMPLETE)
    page = app.get("/hvd/api-form/resource/new", headers=headers)
    assert "API services" in page.body and "Documentation page" in page.body
    data = form_fields(page.body, "resource-edit")
    data.update({
        "name": "API GTFS", "format": "API", "url": "https://api.example.ro/gtfs", "save": "go-metadata",
        "access_services-0-title": "GTFS API",
        "access_services-0-endpoint_url": "https://api.example.ro/gtfs",
        "access_services-0-endpoint_description": "https://api.example.ro/gtfs/openapi.json",
        "access_services-0-documentation": "https://api.example.ro/gtfs/docs",
    })
    resp = app.post("/hvd/api-form/resource/new", data=data, headers=headers)
    assert resp.status_code == 200
    (res,) = call_action("package_show", id="api-form")["resources"]
    (service,) = res["access_services"]
    assert service["title"] == "GTFS API"
    assert service["endpoint_url"] == ["https://api.example.ro/gtfs"]
    assert service["endpoint_description"] == "https://api.example.ro/gtfs/openapi.json"
    assert service["documentation"] == "https://api.example.ro/gtfs/docs"
