"""Partnerships: recorded by coordinators, public, counted against the
action plan's target."""
from __future__ import annotations

import datetime

import pytest

import ckan.plugins.toolkit as tk

from tests.reuse.conftest import COORDINATOR, act, reuse_marks

pytestmark = reuse_marks()


def _data(**extra):
    today = datetime.date.today()
    data = {"partner": "Universitatea de Vest", "kind": "academia", "scope": "Studii",
            "start_date": (today - datetime.timedelta(days=10)).isoformat(),
            "end_date": (today + datetime.timedelta(days=300)).isoformat(),
            "agreement_url": "https://example.org/acord.pdf", "datasets": ["pub-a"]}
    data.update(extra)
    return data


@pytest.mark.parametrize("user,allowed", [
    (None, False), ("registered", False), ("editor_a", False), ("admin_a", False),
    ("admin_b", False), (COORDINATOR, True), ("root", True),
])
def test_who_records_partnerships(world, user, allowed):
    if allowed:
        assert act(user, "tmopendata_partnership_create", **_data())["active"] is True
        assert act(None, "tmopendata_partnership_list")["count"] == 1
    else:
        with pytest.raises(tk.NotAuthorized):
            act(user, "tmopendata_partnership_create", **_data())
        assert act(None, "tmopendata_partnership_list")["count"] == 0


def test_partnerships_count_against_the_target(world, app):
    listing = act(None, "tmopendata_partnership_list")
    assert (listing["counted"], listing["target"]) == (0, 2)
    act(COORDINATOR, "tmopendata_partnership_create", **_data())
    ended = _data(partner="Code for Timișoara", kind="tech_community",
                  start_date="2024-01-01", end_date="2024-12-31", datasets="")
    act(COORDINATOR, "tmopendata_partnership_create", **ended)
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    act(COORDINATOR, "tmopendata_partnership_create", **_data(partner="Firma", kind="business",
                                                              start_date=future, end_date=""))
    listing = act(None, "tmopendata_partnership_list")
    # an ended partnership counts, one not started yet does not
    assert (listing["count"], listing["counted"], listing["active"]) == (3, 2, 1)
    summary = act(None, "tmopendata_reuse_summary")["partnerships"]
    assert (summary["counted"], summary["target"], summary["progress"]) == (2, 2, 100)
    page = app.get("/reuse/partnerships").body
    assert "Universitatea de Vest" in page and "Code for Timișoara" in page
    assert act(None, "tmopendata_partnership_list", kind="academia")["count"] == 1
    assert act(None, "tmopendata_partnership_list", package_id="pub-a")["count"] == 2


@pytest.mark.ckan_config("ckanext.tmopendata.reuse.target_partnerships", "5")
def test_target_is_an_option(world):
    act(COORDINATOR, "tmopendata_partnership_create", **_data())
    summary = act(None, "tmopendata_reuse_summary")["partnerships"]
    assert (summary["counted"], summary["target"], summary["progress"]) == (1, 5, 20)


def test_private_dataset_is_hidden_and_bad_input_refused(world):
    with pytest.raises(tk.ValidationError):  # the coordinator does not see priv-a
        act(COORDINATOR, "tmopendata_partnership_create", **_data(datasets=["priv-a"]))
    made = act("root", "tmopendata_partnership_create", **_data(datasets=["priv-a", "pub-a"]))
    assert [d["name"] for d in act(None, "tmopendata_partnership_show", id=made["id"])["datasets"]] == ["pub-a"]
    for field, value in [("partner", ""), ("kind", "friends"), ("start_date", "soon"),
                         ("end_date", "2000-01-01"), ("agreement_url", "file:///etc/passwd"),
                         ("datasets", {"x": 1}), ("scope", ["x"])]:
        with pytest.raises(tk.ValidationError) as e:
            act(COORDINATOR, "tmopendata_partnership_create", **_data(**{field: value}))
        assert field in e.value.error_dict, field
    with pytest.raises(tk.ObjectNotFound):
        act(None, "tmopendata_partnership_show", id="missing")
    with pytest.raises(tk.NotAuthorized):
        act("admin_a", "tmopendata_partnership_delete", id=made["id"])
    act(COORDINATOR, "tmopendata_partnership_delete", id=made["id"])
    assert act(None, "tmopendata_partnership_list")["count"] == 0


def test_partnership_pages(world, app):
    def token(user):
        return {"Authorization": tk.get_action("api_token_create")(
            {"ignore_auth": True, "user": user}, {"user": user, "name": "t"})["token"]}

    coordinator, admin = token(COORDINATOR), token("admin_a")
    assert app.get("/reuse/partnerships/new", headers=admin).status_code == 403
    assert app.post("/reuse/partnerships/new", headers=admin,
                    data=_data(datasets="pub-a")).status_code == 403
    assert "Record a partnership" not in app.get("/reuse/partnerships", headers=admin).body
    form = _data(datasets="pub-a", end_date="2000-01-01", partner="Asociația X")
    page = app.post("/reuse/partnerships/new", headers=coordinator, data=form)
    assert page.status_code == 200 and "tmopendata-reuse-errors" in page.body
    assert 'value="Asociația X"' in page.body
    form["end_date"] = ""
    assert app.post("/reuse/partnerships/new", headers=coordinator, data=form,
                    follow_redirects=False).status_code == 302
    listing = app.get("/ro/reuse/partnerships").body
    assert "Asociația X" in listing and "Public A" in listing
    made = act(None, "tmopendata_partnership_list")["results"][0]
    assert app.post(f"/reuse/partnerships/{made['id']}/delete", headers=admin).status_code == 403
    assert app.post(f"/reuse/partnerships/{made['id']}/delete", headers=coordinator,
                    follow_redirects=False).status_code == 302
    assert app.post("/reuse/partnerships/missing/delete", headers=coordinator).status_code == 404
