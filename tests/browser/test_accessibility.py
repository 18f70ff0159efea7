"""axe-core (from npm) on the main pages of the suite, in Chromium against
the live server: no critical and no serious violation."""
from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.browser.conftest import axe_violations, format_violations

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

VALID = "id,denumire,suprafata_mp\nSV01,Parcul Central,90000\n"
INVALID = "id,denumire,suprafata_mp\nSV01,Parcul Central,-5\nSV01,,abc\n"
PERSONAL = "id,contact\n1,ion.popescu@gmail.com 0722 123 456\n"


@pytest.fixture
def portal(browser_user):
    root = browser_user(sysadmin=True)
    org = factories.Organization(name="spatii-verzi", title="Spații Verzi")
    ctx = {"user": root["name"]}
    parcuri = call_action("package_create", dict(ctx), name="parcuri", title="Parcuri",
                          notes="Parcurile orașului", owner_org=org["id"], license_id="cc-by")
    # a public dataset with a file holding personal data: warning, withheld file
    withheld = call_action("resource_create", dict(ctx), package_id=parcuri["id"], url="parcuri.csv",
                           format="CSV", name="parcuri.csv",
                           upload=FileStorage(io.BytesIO(PERSONAL.encode()), "parcuri.csv", content_type="text/csv"))
    hvd = call_action("package_create", dict(ctx), type="hvd", name="parcari-hvd", title="Parcări",
                      notes="Parcările publice", owner_org=org["id"], license_id="cc-by", private=True,
                      hvd_category=["http://data.europa.eu/bna/c_b79e35eb"],
                      applicable_legislation=["http://data.europa.eu/eli/reg_impl/2023/138/oj"],
                      contact=[{"name": "Parcări", "email": "date@primariatm.ro"}])
    res = call_action("resource_create", dict(ctx), package_id=hvd["id"], url="parcari.csv", format="CSV",
                      name="parcari.csv", schema='{"fields": [{"name": "id"}, {"name": "denumire"}, '
                      '{"name": "suprafata_mp", "type": "number", "constraints": {"minimum": 0}}]}',
                      upload=FileStorage(io.BytesIO(INVALID.encode()), "parcari.csv", content_type="text/csv"))
    campaign = call_action("tmopendata_census_campaign_create", dict(ctx), name="census-2026",
                           title="Recensământ 2026", organizations=[org["name"]])
    call_action("tmopendata_census_entry_create", dict(ctx), campaign_id=campaign["id"],
                title="Registrul spațiilor verzi", organization=org["name"])
    return {"root": root, "hvd": hvd, "res": res, "campaign": campaign, "withheld": withheld}


#: The main pages, as a sysadmin sees them (every button and form shown).
PAGES = {
    "home": "/",
    "dataset (quarantine warning)": "/dataset/parcuri",
    "withheld resource": "/dataset/parcuri/resource/{withheld}",
    "hvd dataset": "/hvd/parcari-hvd",
    "hvd form": "/hvd/new",
    "validation report": "/dataset/parcari-hvd/resource/{res}/validation",
    "census dashboard": "/census/census-2026",
    "procedures overview": "/tmopendata/procedures",
    "progress": "/tmopendata/progress",
}
#: Public pages, as an anonymous visitor sees them, in Romanian.
PUBLIC = ["/ro/", "/ro/dataset/parcuri", "/ro/dataset/parcuri/resource/{withheld}",
          "/ro/tmopendata/procedures", "/ro/tmopendata/progress", "/ro/hvd/"]


def _check(page, url, found, **ids):
    response = page.goto(url.format(**ids))
    assert response.status == 200, (url, response.status)
    page.wait_for_load_state("load")
    violations = axe_violations(page)
    if violations:
        found[page.url] = violations


def test_main_pages_have_no_serious_accessibility_violation(browser_page, portal):
    ids = {"res": portal["res"]["id"], "withheld": portal["withheld"]["id"]}
    found: dict = {}
    page = browser_page(portal["root"])
    for url in PAGES.values():
        _check(page, url, found, **ids)
    visitor = browser_page()
    for url in PUBLIC:
        _check(visitor, url, found, **ids)
    assert not found, format_violations(found)
