"""The reuse indicators in the progress figures, page and exports."""
from __future__ import annotations


from tests.reuse.conftest import COORDINATOR, act, reuse_marks, showcase_data

pytestmark = reuse_marks()


def test_reuse_indicators_in_progress_show_page_and_exports(world, app):
    showcase = act("proposer", "tmopendata_showcase_create", **showcase_data())
    act(COORDINATOR, "tmopendata_partnership_create", partner="UVT", kind="academia",
        start_date="2025-01-01", datasets=["pub-a"])
    figures = act(None, "tmopendata_progress_show")
    assert figures["reuse"]["showcases"]["total"] == 0  # pending: not counted
    act("admin_a", "tmopendata_showcase_review", id=showcase["id"], decision="approve")
    figures = act(None, "tmopendata_progress_show")
    assert figures["reuse"]["showcases"]["total"] == 1
    assert (figures["reuse"]["partnerships"]["counted"], figures["reuse"]["partnerships"]["target"]) == (1, 2)
    assert act(None, "tmopendata_progress_show", organization="inst-b")["reuse"]["showcases"]["total"] == 0
    page = app.get("/tmopendata/progress").body
    assert 'id="reuse-showcases">1<' in page and 'id="reuse-partnerships">1 / 2<' in page
    csv_text = app.get("/tmopendata/progress.csv").body
    assert "reuse_showcases,1," in csv_text and "reuse_partnerships,1,2" in csv_text
    assert '"reuse"' in app.get("/tmopendata/progress.json").body
    # the monthly snapshot keeps them (the trend)
    snapshot = act("root", "tmopendata_progress_snapshot")
    assert snapshot["figures"]["reuse"]["showcases"]["total"] == 1
