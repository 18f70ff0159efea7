"""``ckan tmopendata reuse demo``: demo showcases and partnership, labelled
demo, loaded once however often it runs."""
from __future__ import annotations

from ckan.tests import factories

from tests.reuse.conftest import COORDINATOR, act, reuse_marks

pytestmark = reuse_marks()


def test_demo_is_idempotent_and_labelled(world, cli):
    from ckanext.tmopendata.reuse.cli import reuse

    org = world["orgs"]["a"]
    for name in ("demo-statii-transport-public", "demo-calitate-aer", "demo-executie-buget-local-2025"):
        factories.Dataset(name=name, owner_org=org["id"])
    for _ in range(2):
        result = cli.invoke(reuse, ["demo"])
        assert result.exit_code == 0, result.output
    showcases = act(COORDINATOR, "tmopendata_showcase_list", state="all")["results"]
    assert len(showcases) == 3 and all(s["demo"] for s in showcases)
    assert sorted(s["state"] for s in showcases) == ["approved", "approved", "pending"]
    # a missing demo dataset is skipped, not an error
    approved = act(None, "tmopendata_showcase_list")["results"]
    assert {d["name"] for s in approved for d in s["datasets"]} == {
        "demo-statii-transport-public", "demo-calitate-aer"}
    partnerships = act(None, "tmopendata_partnership_list")
    assert partnerships["count"] == 1 and partnerships["results"][0]["demo"]
    assert partnerships["counted"] == 1 and partnerships["active"] == 1
    assert "already there" in result.output
