"""`ckan tmopendata demo` loads the demo institutions and datasets (HVDs
among them, valid and invalid), and a second run duplicates nothing."""
from __future__ import annotations

import pytest

from ckan.cli.cli import ckan as ckan_cli
from ckan.tests.helpers import call_action

from ckanext.tmopendata.core.demo import content

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

KEPT_PRIVATE = {"demo-calitate-aer", "demo-autorizatii-construire-2025"}


def _state():
    result = {}
    for ds in content()["datasets"]:
        pkg = call_action("package_show", id=ds["name"])
        result[ds["name"]] = (
            pkg["type"], pkg["private"],
            sorted((r["name"], r.get("validation_status")) for r in pkg["resources"]),
        )
    return result


def test_demo_loads_once_and_is_idempotent(cli):
    spec = content()
    result = cli.invoke(ckan_cli, ["tmopendata", "demo"])
    assert result.exit_code == 0, result.output
    total = len(spec["organizations"]) + len(spec["datasets"])
    assert f"Demo content: {total} created, 0 updated." in result.output
    assert f"[{total}/{total}]" in result.output  # progress is shown
    assert "demo-calitate-aer (kept private:" in result.output

    assert sorted(call_action("organization_list")) == sorted(o["name"] for o in spec["organizations"])
    state = _state()
    hvds = {name for name, (type_, _, _) in state.items() if type_ == "hvd"}
    assert len(hvds) >= 4
    for name, (_type, private, resources) in state.items():
        assert private is (name in KEPT_PRIVATE), name
        for res_name, status in resources:
            if "(CSV" in res_name:
                expected = "failure" if ("erori" in res_name or name == "demo-autorizatii-construire-2025") else "success"
                assert status == expected, (name, res_name, status)
    public = call_action("package_search", q="tags:demo", rows=100)
    assert public["count"] == len(spec["datasets"]) - len(KEPT_PRIVATE)
    permits = call_action("package_show", id="demo-autorizatii-construire-2025")["resources"][0]
    report = call_action("tmopendata_validation_show", resource_id=permits["id"])
    assert report["error_types"] == {"tm-personal-data": 1}
    # One weekly dataset was last changed six weeks ago: overdue (the others
    # were just created).
    overdue = call_action("tmopendata_overdue_list", overdue=True)["datasets"]
    assert [d["name"] for d in overdue] == ["demo-statii-transport-public"]
    assert overdue[0]["days_overdue"] == 42 - 7             # weekly: due 35 days ago (grace 7)

    result = cli.invoke(ckan_cli, ["tmopendata", "demo"])
    assert result.exit_code == 0, result.output
    assert f"Demo content: 0 created, {total} updated." in result.output
    assert _state() == state
    again = call_action("tmopendata_overdue_list", overdue=True)["datasets"]
    assert [(d["name"], d["last_change"]) for d in again] == [(d["name"], d["last_change"]) for d in overdue]
    assert len(call_action("organization_list")) == len(spec["organizations"])


def test_demo_datasets_are_labelled_demo():
    for ds in content()["datasets"]:
        assert "demo" in ds["tags"]
        assert "(demo)" in ds["title"]
