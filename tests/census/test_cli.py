"""``ckan tmopendata census import|export|publish|demo``."""
from __future__ import annotations

import pytest

from ckan.cli.cli import ckan as ckan_cli
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.census import io

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

DEMO_ORGS = ("primaria-timisoara", "consiliul-local-timisoara", "stpt", "politia-locala-timisoara",
             "isj-timis", "directia-mediu-timisoara")


def _header():
    return ",".join(io.HEADERS[f][0] for f in ("organization", "title", "storage"))


@pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_census")
def test_import_export_publish(cli, census, tmp_path):
    org = census.org["name"]
    bad = tmp_path / "rau.csv"
    bad.write_text(f"{_header()}\n{org},Bun,hârtie\n{org},Rău,nor\n", encoding="utf-8")
    result = cli.invoke(ckan_cli, ["tmopendata", "census", "import", census.campaign["name"], str(bad)])
    assert result.exit_code == 1
    assert "row 3, storage" in result.output and "Nothing was imported" in result.output
    result = cli.invoke(ckan_cli, ["tmopendata", "census", "import", census.campaign["name"], str(bad), "--accept-valid"])
    assert "created: 1" in result.output
    good = tmp_path / "bun.csv"
    good.write_text(f"{_header()}\n{org},Altul,bază de date\n", encoding="utf-8")
    result = cli.invoke(ckan_cli, ["tmopendata", "census", "import", census.campaign["name"], str(good)])
    assert result.exit_code == 0, result.output
    assert "created: 1" in result.output and "Importing" in result.output

    out = tmp_path / "export.xlsx"
    result = cli.invoke(ckan_cli, ["tmopendata", "census", "export", census.campaign["name"],
                                   "--format", "xlsx", "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows, _ = io.read_table(out.read_bytes(), "export.xlsx")
    assert sorted(r["title"] for r in rows) == ["Altul", "Bun"]

    (entry,) = [e for e in call_action("tmopendata_census_entry_list", census.ctx("sysadmin"))["results"]
                if e["title"] == "Altul"]
    census.move(entry["id"], "submitted", "under_review", "approved")
    result = cli.invoke(ckan_cli, ["tmopendata", "census", "publish", census.campaign["name"],
                                   "--owner-org", org])
    assert result.exit_code == 0, result.output
    assert "Created dataset inventar-date-census-2026: 1 public entries (validation: success)" in result.output


def test_unknown_campaign_is_a_clear_error(cli, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Denumire set de date\nX\n", encoding="utf-8")
    result = cli.invoke(ckan_cli, ["tmopendata", "census", "import", "no-such-campaign", str(path)])
    assert result.exit_code != 0
    assert "campaign" in result.output.lower()


def test_demo_is_idempotent(cli):
    for name in DEMO_ORGS:
        factories.Organization(name=name)
    result = cli.invoke(ckan_cli, ["tmopendata", "census", "demo"])
    assert result.exit_code == 0, result.output
    assert "created: 40" in result.output
    ctx = {"user": factories.Sysadmin()["name"], "ignore_auth": False}
    listed = call_action("tmopendata_census_entry_list", ctx, campaign_id="recensamant-2026-demo", limit=100)
    states = {e["status"] for e in listed["results"]}
    assert listed["count"] == 40
    assert {"draft", "submitted", "under_review", "approved", "in_publication", "restricted"} <= states
    campaign = call_action("tmopendata_census_campaign_show", ctx, id="recensamant-2026-demo")
    assert campaign["title"] == "Recensământ 2026 (demo)" and campaign["package_id"]
    # the demo campaign names its institutions: the demo organisations
    assert sorted(campaign["organizations"]) == sorted(DEMO_ORGS)
    before = sorted((e["id"], e["status"]) for e in listed["results"])

    again = cli.invoke(ckan_cli, ["tmopendata", "census", "demo"])
    assert again.exit_code == 0, again.output
    assert "created: 0" in again.output and "unchanged: 40" in again.output
    assert "Workflow: 0 demo entries moved" in again.output
    listed = call_action("tmopendata_census_entry_list", ctx, campaign_id="recensamant-2026-demo", limit=100)
    assert sorted((e["id"], e["status"]) for e in listed["results"]) == before
    # the public sees the approved ones, never the restricted
    public = call_action("tmopendata_census_entry_list", {"user": ""}, campaign_id="recensamant-2026-demo", limit=100)
    assert public["count"] > 0 and all(e["status"] in ("approved", "in_publication", "published")
                                       for e in public["results"])


def test_campaign_create(cli):
    user = factories.User()
    result = cli.invoke(ckan_cli, ["tmopendata", "census", "campaign-create", "recensamant-2027", "Recensământ 2027",
                                   "--start", "2027-01-15", "--end", "2027-06-30", "--methodology-version", "1.1",
                                   "--coordinator", user["name"], "--public", "--description", "Al doilea",
                                   "--organization", factories.Organization(name="stpt-cli")["name"]])
    assert result.exit_code == 0, result.output
    assert "Created campaign recensamant-2027 (Recensământ 2027), open, public: /census/recensamant-2027" in result.output
    ctx = {"user": factories.Sysadmin()["name"], "ignore_auth": False}
    campaign = call_action("tmopendata_census_campaign_show", ctx, id="recensamant-2027")
    assert campaign["organizations"] == ["stpt-cli"]
    assert {k: campaign[k] for k in ("title", "start_date", "end_date", "methodology_version", "coordinators",
                                     "public", "status", "description")} == {
        "title": "Recensământ 2027", "start_date": "2027-01-15", "end_date": "2027-06-30",
        "methodology_version": "1.1", "coordinators": [user["name"]], "public": True, "status": "open",
        "description": "Al doilea"}
    # the action's checks, all at once, as a clear error
    again = cli.invoke(ckan_cli, ["tmopendata", "census", "campaign-create", "recensamant-2027", "X", "--closed",
                                  "--coordinator", "nimeni", "--start", "2027-02-01", "--end", "2027-01-01"])
    assert again.exit_code != 0
    for message in ("name: A campaign with this name already exists", "coordinators: Unknown users: nimeni",
                    "end_date: The end date is before the start date"):
        assert message in again.output
