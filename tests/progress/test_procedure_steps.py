"""Progress indicator "procedures by current step" with procedures at
different steps: exact counts in tmopendata_progress_show, on the page (table
and chart) and in the CSV export; private procedures only for members."""
from __future__ import annotations

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

from ckan.tests import factories
from ckan.tests.helpers import call_action

pytestmark = [pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_procedures", "tmopendata_progress"), pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

STEPS = ["identify", "legal_check", "standardise", "prepare_validate", "approve", "publish",
         "harvestable", "maintain", "yearly_review", "completed"]


@pytest.fixture
def at_steps():
    """Procedures of institution ``directia-test``:

    - ``a`` (public, started 2025-01-01, overdue): at identify;
    - ``b`` (public): identify skipped, legal check done: at standardise;
    - ``c`` (public): four steps done: at approve;
    - ``d`` (public): every step done: completed;
    - ``e`` (private): at identify, seen by members only.
    """
    admin = factories.User(name="admin_t")
    member = factories.User(name="member_t")
    factories.User(name="outsider_t")
    org = factories.Organization(name="directia-test", users=[
        {"name": "admin_t", "capacity": "admin"}, {"name": "member_t", "capacity": "member"}])
    ctx = {"user": admin["name"]}

    def start(name, private=False, **extra):
        pkg = factories.Dataset(name=name, owner_org=org["id"], private=private)
        return call_action("tmopendata_procedure_create", dict(ctx), package_id=pkg["id"], **extra)

    def complete(proc, *keys):
        for key in keys:
            call_action("tmopendata_procedure_step_complete", dict(ctx), id=proc["id"], step=key)

    start("ds-a", started="2025-01-01")
    b = start("ds-b")
    call_action("tmopendata_procedure_step_skip", dict(ctx), id=b["id"], step="identify", reason="test")
    complete(b, "legal_check")
    complete(start("ds-c"), "identify", "legal_check", "standardise", "prepare_validate")
    d = start("ds-d")
    complete(d, *[s["key"] for s in d["steps"] if s["status"] == "todo"])
    start("ds-e", private=True)
    return {"admin": admin, "member": member}


def _expected(**counts):
    return {key: counts.get(key, 0) for key in STEPS}


def test_progress_show_counts_procedures_by_step(at_steps):
    public = call_action("tmopendata_progress_show", {"user": ""})["procedures"]
    assert public["total"] == 4 and public["overdue"] == 1
    assert public["by_step"] == _expected(identify=1, standardise=1, approve=1, completed=1)
    assert list(public["by_step"]) == STEPS  # in the template's order, "completed" last
    assert [(s["key"], s["count"]) for s in public["steps"]] == list(public["by_step"].items())
    member = call_action("tmopendata_progress_show", {"user": "member_t"})["procedures"]
    assert member["total"] == 5
    assert member["by_step"] == _expected(identify=2, standardise=1, approve=1, completed=1)
    assert call_action("tmopendata_progress_show", {"user": "outsider_t"})["procedures"]["by_step"] == \
        public["by_step"]
    rows = {r["name"]: r for r in call_action("tmopendata_progress_show", {"user": ""})["institutions"]}
    assert rows["directia-test"]["procedures"] == 4 and rows["directia-test"]["procedures_overdue"] == 1


def test_page_and_csv_show_procedures_by_step(app, at_steps):
    page = BeautifulSoup(app.get("/tmopendata/progress").body, "html.parser")
    table = [(tr.th.get_text(strip=True), int(tr.td.get_text(strip=True)))
             for tr in page.select("table.tmopendata-steps tr")]
    assert table[0] == ("Identify and prioritise (census approved)", 1)
    assert [count for _, count in table] == [1, 0, 1, 0, 1, 0, 0, 0, 0, 1]
    assert table[-1] == ("Completed", 1)
    chart = json.loads(page.select_one("#chart-procedures")["data-chart"])
    assert chart["datasets"][0]["data"] == [1, 0, 1, 0, 1, 0, 0, 0, 0, 1]
    assert chart["labels"] == [title for title, _ in table]
    assert "4 procedures, 1 with a step past its due date." in page.get_text(" ", strip=True)
    ro = BeautifulSoup(app.get("/ro/tmopendata/progress").body, "html.parser")
    assert [tr.th.get_text(strip=True) for tr in ro.select("table.tmopendata-steps tr")][-1] == "Finalizate"
    rows = list(csv.DictReader(io.StringIO(app.get("/tmopendata/progress.csv").get_data(as_text=True)
                                           .lstrip("\ufeff"))))
    overall = {r["indicator"]: r["value"] for r in rows if not r["institution"]}
    assert overall["procedures"] == "4" and overall["procedures_overdue"] == "1"
    assert {k.split(":", 1)[1]: int(v) for k, v in overall.items() if k.startswith("procedures_at_step:")} \
        == _expected(identify=1, standardise=1, approve=1, completed=1)
    institution = {r["indicator"]: r["value"] for r in rows if r["institution"] == "directia-test"}
    assert institution["procedures"] == "4" and institution["procedures_overdue"] == "1"
