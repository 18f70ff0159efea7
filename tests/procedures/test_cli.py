"""``ckan tmopendata procedure start`` and ``ckan tmopendata procedure demo``."""
from __future__ import annotations

import pytest

from ckan.cli.cli import ckan as ckan_cli
from ckan.tests import factories
from ckan.tests.helpers import call_action

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def test_start_prints_steps_and_due_dates(cli, org_with_users):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"], private=True)
    result = cli.invoke(ckan_cli, ["tmopendata", "procedure", "start", "--dataset", dataset["name"],
                                   "--started", "2026-03-01", "--owner", f"steward={users['editor']['name']}"])
    assert result.exit_code == 0, result.output
    assert "2026-03-15  todo        identify" in result.output
    assert users["editor"]["name"] in result.output
    proc = call_action("tmopendata_procedure_show", id=dataset["id"])
    assert proc["started"] == "2026-03-01"


def test_start_bad_input(cli, org_with_users):
    org, _ = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    result = cli.invoke(ckan_cli, ["tmopendata", "procedure", "start", "--dataset", dataset["name"],
                                   "--started", "someday"])
    assert result.exit_code != 0
    assert "Not a valid date" in result.output
    result = cli.invoke(ckan_cli, ["tmopendata", "procedure", "start", "--dataset", "no-such-dataset"])
    assert result.exit_code != 0
    result = cli.invoke(ckan_cli, ["tmopendata", "procedure", "start", "--dataset", dataset["name"],
                                   "--owner", "steward"])
    assert result.exit_code != 0 and "ROLE=USER" in result.output


def test_demo_is_idempotent(cli):
    org = factories.Organization()
    factories.Dataset(name="demo-spatii-verzi", owner_org=org["id"])
    factories.Dataset(name="demo-calitate-aer", owner_org=org["id"], private=True)
    result = cli.invoke(ckan_cli, ["tmopendata", "procedure", "demo"])
    assert result.exit_code == 0, result.output
    assert "[1/5] demo-spatii-verzi: started" in result.output
    assert "demo-parcari-publice: dataset missing" in result.output
    assert "Demo procedures: 2 started." in result.output
    late = call_action("tmopendata_procedure_show", id="demo-calitate-aer")
    assert late["overdue"] is True
    steps = {s["key"]: s for s in late["steps"]}
    assert steps["identify"]["status"] == "skipped" and steps["standardise"]["status"] == "done"
    result = cli.invoke(ckan_cli, ["tmopendata", "procedure", "demo"])
    assert result.exit_code == 0, result.output
    assert "demo-spatii-verzi: already has a procedure" in result.output
    assert "Demo procedures: 0 started." in result.output
