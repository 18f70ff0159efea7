"""`ckan tmopendata demo` loads the demo institutions and datasets, and a
second run duplicates nothing."""
from __future__ import annotations

import pytest

from ckan.cli.cli import ckan as ckan_cli
from ckan.tests.helpers import call_action

from ckanext.tmopendata.core.demo import content

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def test_demo_loads_once_and_is_idempotent(cli):
    spec = content()
    result = cli.invoke(ckan_cli, ["tmopendata", "demo"])
    assert result.exit_code == 0, result.output
    total = len(spec["organizations"]) + len(spec["datasets"])
    assert f"Demo content: {total} created, 0 updated." in result.output
    assert f"[{total}/{total}]" in result.output  # progress is shown

    orgs = call_action("organization_list")
    assert sorted(orgs) == sorted(o["name"] for o in spec["organizations"])
    found = call_action("package_search", q="tags:demo", rows=100)
    assert found["count"] == len(spec["datasets"])
    for ds in found["results"]:
        assert len(ds["resources"]) == 1
        assert ds["resources"][0]["url_type"] == "upload"

    result = cli.invoke(ckan_cli, ["tmopendata", "demo"])
    assert result.exit_code == 0, result.output
    assert f"Demo content: 0 created, {total} updated." in result.output
    again = call_action("package_search", q="tags:demo", rows=100)
    assert again["count"] == len(spec["datasets"])
    assert all(len(ds["resources"]) == 1 for ds in again["results"])
    assert len(call_action("organization_list")) == len(spec["organizations"])


def test_demo_datasets_are_labelled_demo():
    for ds in content()["datasets"]:
        assert "demo" in ds["tags"]
        assert "(demo)" in ds["title"]
