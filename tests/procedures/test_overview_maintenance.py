"""The procedures overview and institution pages list the datasets overdue
for their update (maintenance, from the progress plugin) and flag the
procedures of those datasets."""
from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from freezegun import freeze_time

from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.lib.vocab import FREQUENCY_PREFIX
from tests.procedures.conftest import auth, ctx

pytestmark = [pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_procedures", "tmopendata_progress"), pytest.mark.usefixtures("clean_db", "clean_index")]



@pytest.fixture
def maintained(token_users):
    """``piete`` (public, weekly, with a procedure) and ``ciorna-interna``
    (private, weekly), data last changed on 1 February 2026, are overdue;
    ``cartiere`` (public, annual, with a procedure), changed today, is not.
    (Pages are read at the real date: API tokens issued now are refused at
    an earlier frozen date.)"""
    org, users = token_users
    with freeze_time("2026-02-01 10:00:00"):
        def dataset(name, frequency, private=False):
            return factories.Dataset(
                name=name, title=name.replace("-", " ").title(), owner_org=org["id"], private=private,
                update_frequency=FREQUENCY_PREFIX + frequency,
                resources=[{"name": "Date", "format": "CSV", "url": "https://example.org/d.csv"}])
        piete = dataset("piete", "WEEKLY")
        dataset("ciorna-interna", "WEEKLY", private=True)
        call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=piete["id"])
    cartiere = dataset("cartiere", "ANNUAL")
    call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=cartiere["id"])
    return org, users


def _page(app, url, user=None, **query):
    resp = app.get(url, query_string=query, headers=auth(user) if user else {})
    return BeautifulSoup(resp.body, "html.parser")


def test_overdue_dataset_shows_up_in_the_overview(app, maintained):
    org, users = maintained
    page = _page(app, "/tmopendata/procedures")
    section = page.select_one("section.tmopendata-overdue-datasets")
    assert section.find("h2").get_text(strip=True) == "Datasets overdue for an update"
    rows = {r["data-package"]: r for r in section.select("tr.tmopendata-overdue-row")}
    assert set(rows) == {"piete"}  # ciorna-interna is private; cartiere is up to date
    days_late = (datetime.datetime.utcnow().date() - datetime.date(2026, 2, 8)).days
    cells = [td.get_text(strip=True) for td in rows["piete"].find_all("td")]
    assert cells[-2:] == ["February 8, 2026", str(days_late)]  # as people read dates
    # the procedure of the overdue dataset is flagged, the other one is not
    procedures = {r["data-package"]: r for r in page.select("tr.tmopendata-procedure-row")}
    assert procedures["piete"].get("data-update-overdue") == "true"
    assert procedures["piete"].select_one(".tmopendata-update-overdue").get_text(strip=True) == "update overdue"
    assert procedures["cartiere"].get("data-update-overdue") is None
    # also with the "overdue" filter (which is about late steps)
    page = _page(app, "/tmopendata/procedures", overdue="true")
    assert [r["data-package"] for r in page.select("tr.tmopendata-overdue-row")] == ["piete"]
    # members of the institution also see its private overdue datasets
    page = _page(app, "/tmopendata/procedures", users["member"])
    assert {r["data-package"] for r in page.select("tr.tmopendata-overdue-row")} == {"piete", "ciorna-interna"}
    page = _page(app, "/tmopendata/procedures", users["outsider"])
    assert {r["data-package"] for r in page.select("tr.tmopendata-overdue-row")} == {"piete"}


def test_overdue_datasets_on_the_institution_page_and_in_romanian(app, maintained):
    org, users = maintained
    other = factories.Organization()
    page = _page(app, f"/organization/{org['name']}/procedures")
    assert [r["data-package"] for r in page.select("tr.tmopendata-overdue-row")] == ["piete"]
    page = _page(app, "/tmopendata/procedures", organization=other["name"])
    assert page.select("tr.tmopendata-overdue-row") == []
    assert "No dataset is overdue." in page.select_one("section.tmopendata-overdue-datasets").get_text()
    page = _page(app, "/ro/tmopendata/procedures")
    assert page.select_one("section.tmopendata-overdue-datasets h2").get_text(strip=True) == \
        "Seturi de date cu actualizarea restantă"
    assert page.select_one(".tmopendata-update-overdue").get_text(strip=True) == "actualizare restantă"

