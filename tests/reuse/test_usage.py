"""Usage figures: page views and downloads recorded by CKAN's tracking
plugin (its real ``/_tracking`` endpoint), summarised by ``ckan tracking
update``, read per dataset, month and institution."""
from __future__ import annotations

import datetime

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories

from tests.reuse.conftest import COORDINATOR, act, reuse_marks, showcase_data

pytestmark = reuse_marks()


def _visit(app, url: str, kind: str, agent: str) -> None:
    app.post("/_tracking", data={"url": url, "type": kind},
             headers={"User-Agent": agent}, environ_overrides={"REMOTE_ADDR": "10.0.0.1"})


def _tracking_update(cli) -> None:
    """``ckan tracking update <yesterday>``: the plugin's own click command
    (the ``ckan`` entry point of the test runner reads test.ini's plugins,
    without ``tracking``). With no summary yet and no date, CKAN's command
    would summarise every day since 2011-01-01 (minutes); ``make serve``
    passes the day of the first visit the same way."""
    from ckanext.tracking.cli.tracking import tracking

    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    result = cli.invoke(tracking, ["update", yesterday])
    assert result.exit_code == 0, result.output


def test_views_and_downloads_move_after_tracking_update(world, app, cli):
    org = world["orgs"]["a"]
    resource = factories.Resource(package_id=world["datasets"]["pub-a"]["id"],
                                  url="https://example.org/file.csv", format="CSV")
    before = act(None, "tmopendata_usage_show", id="pub-a")
    assert (before["views"], before["downloads"], before["tracking"]) == (0, 0, True)
    for agent in ("browser-1", "browser-2", "browser-3"):
        _visit(app, "/dataset/pub-a", "page", agent)
    _visit(app, "/ro/dataset/pub-a", "page", "browser-4")
    _visit(app, "/dataset/pub-a", "page", "browser-1")  # the same visitor again: not counted twice
    _visit(app, "/dataset/pub-b", "page", "browser-1")
    _visit(app, resource["url"], "resource", "browser-1")
    _visit(app, f"http://test.ckan.net/dataset/{resource['package_id']}/resource/{resource['id']}/download/x.csv",
           "resource", "browser-2")
    # nothing moves before the summary job runs
    assert act(None, "tmopendata_usage_show", id="pub-a")["views"] == 0
    _tracking_update(cli)
    usage = act(None, "tmopendata_usage_show", id="pub-a")
    month = datetime.date.today().strftime("%Y-%m")
    assert (usage["views"], usage["downloads"]) == (4, 2)
    assert usage["months"] == [{"month": month, "views": 4, "downloads": 2}]
    assert act(None, "tmopendata_usage_show", id="pub-b")["views"] == 1
    summary = act(None, "tmopendata_reuse_summary")["usage"]
    assert (summary["views"], summary["downloads"]) == (5, 2)
    assert summary["months"] == [{"month": month, "views": 5, "downloads": 2}]
    assert [d["name"] for d in summary["datasets"]] == ["pub-a", "pub-b"]
    inst = {i["name"]: (i["views"], i["downloads"]) for i in summary["institutions"]}
    assert inst == {"inst-a": (4, 2), "inst-b": (1, 0)}
    only_a = act(None, "tmopendata_reuse_summary", organization=org["name"])["usage"]
    assert (only_a["views"], only_a["downloads"]) == (4, 2)
    assert "Page views: 4; downloads: 2" in app.get("/dataset/pub-a").body
    progress = app.get("/tmopendata/progress").body
    assert 'id="reuse-views">5<' in progress and "chart-reuse-months" in progress
    assert f"reuse_views_month:{month},5" in app.get("/tmopendata/progress.csv").body


def test_usage_of_a_private_dataset_is_not_for_outsiders(world):
    for user in (None, "registered", "admin_b"):
        with pytest.raises((tk.NotAuthorized, tk.ObjectNotFound)):
            act(user, "tmopendata_usage_show", id="priv-a")
    assert act("editor_a", "tmopendata_usage_show", id="priv-a")["views"] == 0
    for bad in ("", ["x"], "x" * 3000, "missing"):
        with pytest.raises((tk.ValidationError, tk.ObjectNotFound)):
            act(None, "tmopendata_usage_show", id=bad)


def test_summary_counts_showcases_per_hvd_and_most_reused(world):
    """An HVD is a dataset of type ``hvd`` (its own plugin's rules for
    publishing one are not this test's subject: the type is set directly
    and the dataset indexed again)."""
    import ckan.model as model
    from ckan.lib.search import rebuild

    hvd = factories.Dataset(name="hvd-a", title="HVD A", owner_org=world["orgs"]["a"]["id"])
    model.Package.get(hvd["id"]).type = "hvd"
    model.repo.commit()
    rebuild(hvd["id"])
    first = act("proposer", "tmopendata_showcase_create", **showcase_data(datasets=["hvd-a", "pub-a"]))
    second = act("proposer", "tmopendata_showcase_create", **showcase_data(title="Alta", datasets=["pub-a"]))
    pending = act("proposer", "tmopendata_showcase_create", **showcase_data(title="Pending", datasets=["hvd-a"]))
    summary = act(None, "tmopendata_reuse_summary")
    assert summary["showcases"]["total"] == 0  # none approved yet
    act("admin_a", "tmopendata_showcase_review", id=first["id"], decision="approve")
    act(COORDINATOR, "tmopendata_showcase_review", id=second["id"], decision="approve")
    summary = act(None, "tmopendata_reuse_summary")
    assert summary["showcases"] == {"total": 2, "using_hvd": 1, "by_kind": {"application": 2}}
    assert [(d["name"], d["showcases"]) for d in summary["hvd"]] == [("hvd-a", 1)]
    assert [(d["name"], d["showcases"]) for d in summary["most_reused"]] == [("pub-a", 2), ("hvd-a", 1)]
    assert act(None, "tmopendata_reuse_summary", organization="inst-b")["showcases"]["total"] == 0
    with pytest.raises(tk.ValidationError):
        act(None, "tmopendata_reuse_summary", organization="nope")
    assert pending["state"] == "pending"
