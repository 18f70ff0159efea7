"""Maintenance overview and progress indicators on a known fixture (see
conftest.portal), with the permission matrix and bad input."""
from __future__ import annotations

import pytest
from freezegun import freeze_time

import ckan.plugins.toolkit as tk
from ckan.tests.helpers import call_action, call_auth

from tests.progress.conftest import TODAY

pytestmark = [pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_census", "tmopendata_progress"), pytest.mark.usefixtures("with_plugins")]


def anon(action, **data):
    return call_action(action, {"user": ""}, **data)


def by_name(result):
    return {d["name"]: d for d in result["datasets"]}


@freeze_time(TODAY)
def test_overdue_list_for_visitors_public_only(portal):
    result = anon("tmopendata_overdue_list")
    datasets = by_name(result)
    assert set(datasets) == {"parcari", "statii", "buget"}       # harta: no frequency; ciorna: private
    assert result["today"] == "2026-03-02" and result["grace_days"] == 7
    parcari = datasets["parcari"]
    assert parcari["frequency"] == "MONTHLY"
    assert parcari["last_change"].startswith("2026-01-10")
    assert parcari["next_update_due"] == "2026-02-10"
    assert parcari["overdue"] is True and parcari["days_overdue"] == 20
    assert parcari["maintainer"] == {"name": "Serviciul Parcări", "email": "parcari@primariatm.ro"}
    assert datasets["statii"]["next_update_due"] == "2027-01-10" and not datasets["statii"]["overdue"]
    assert datasets["buget"]["next_update_due"] is None and not datasets["buget"]["overdue"]
    assert datasets["buget"]["scheduled"] is False
    assert result["overdue_count"] == 1
    assert [d["name"] for d in result["datasets"]][0] == "parcari"       # overdue first
    only = anon("tmopendata_overdue_list", overdue=True)
    assert [d["name"] for d in only["datasets"]] == ["parcari"]


@freeze_time(TODAY)
def test_private_datasets_only_for_members(portal):
    member = by_name(call_action("tmopendata_overdue_list", {"user": "editor_a"}))
    assert member["ciorna"]["overdue"] is True and member["ciorna"]["private"] is True
    assert "ciorna" not in by_name(call_action("tmopendata_overdue_list", {"user": "outsider"}))
    # editor and admin of another institution: not even when filtering by A
    for other in ("editor_b", "admin_b"):
        assert "ciorna" not in by_name(call_action("tmopendata_overdue_list", {"user": other}))
        assert "ciorna" not in by_name(call_action("tmopendata_overdue_list", {"user": other},
                                                   organization="directia-mobilitate"))
    assert "ciorna" in by_name(call_action("tmopendata_overdue_list", {"user": "root"}))


@freeze_time("2026-02-17 08:00:00")
def test_grace_days_from_config(portal, ckan_config, monkeypatch):
    # 17 February: 7 days after the due date (10 February): not yet overdue.
    assert not by_name(anon("tmopendata_overdue_list"))["parcari"]["overdue"]
    monkeypatch.setitem(ckan_config, "ckanext.tmopendata.progress.grace_days", 2)
    parcari = by_name(anon("tmopendata_overdue_list"))["parcari"]
    assert parcari["overdue"] is True and parcari["days_overdue"] == 7


@freeze_time(TODAY)
def test_overdue_list_by_institution_and_bad_input(portal):
    result = anon("tmopendata_overdue_list", organization="directia-economica")
    assert [d["name"] for d in result["datasets"]] == ["buget"]
    with pytest.raises(tk.ValidationError) as e:
        anon("tmopendata_overdue_list", organization="no-such-institution")
    assert "organization" in e.value.error_dict


@freeze_time(TODAY)
def test_progress_indicators_for_visitors(portal, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.tmopendata.progress.baseline_datasets", 1)
    data = anon("tmopendata_progress_show")
    f = data["figures"]
    assert f["datasets_published"] == 4 and f["datasets_private"] == 0
    assert f["datasets_new"] == 3
    assert f["hvd_published"] == 3
    assert f["hvd_standardised"] == 1                     # parcari only
    assert (f["resources_tabular"], f["resources_valid"]) == (2, 1)
    assert f["resources_valid_share"] == 50.0
    assert (f["datasets_scheduled"], f["datasets_overdue"], f["datasets_up_to_date"]) == (2, 1, 1)
    assert f["datasets_up_to_date_share"] == 50.0
    assert data["targets"] == {"hvd_standardised": 10, "baseline_datasets": 1, "datasets_new": 20,
                               "datasets_published": 21}
    assert data["progress"] == {"hvd_standardised": 10.0, "datasets_new": 15.0}
    rows = {r["name"]: r for r in data["institutions"]}
    assert rows["directia-mobilitate"]["datasets_published"] == 2
    assert rows["directia-mobilitate"]["datasets_overdue"] == 1
    assert rows["directia-economica"]["hvd_published"] == 1
    assert rows["directia-economica"]["datasets_scheduled"] == 0
    assert data["procedures"] == {"total": 0, "overdue": 0, "by_step": {"completed": 0},
                                  "steps": [{"key": "completed", "position": 1, "title_en": "Completed",
                                             "title_ro": "Finalizate", "count": 0}]}


@freeze_time(TODAY)
def test_progress_for_members_counts_their_private_datasets(portal):
    data = call_action("tmopendata_progress_show", {"user": "editor_a"})
    assert data["figures"]["datasets_published"] == 4       # published = public only
    assert data["figures"]["datasets_private"] == 1
    assert anon("tmopendata_progress_show")["figures"]["datasets_private"] == 0
    for other in ("editor_b", "admin_b"):      # another institution's editor and admin
        for data in ({}, {"organization": "directia-mobilitate"}):
            assert call_action("tmopendata_progress_show", {"user": other}, **data)["figures"]["datasets_private"] == 0
    assert call_action("tmopendata_progress_show", {"user": "editor_a"},
                       organization="directia-mobilitate")["figures"]["datasets_private"] == 1
    one = anon("tmopendata_progress_show", organization="directia-mobilitate")
    assert one["figures"]["datasets_published"] == 2
    assert [r["name"] for r in one["institutions"]] == ["directia-mobilitate"]
    with pytest.raises(tk.ValidationError):
        anon("tmopendata_progress_show", organization="nope")


def test_snapshot_idempotent_per_month_and_history(portal):
    root = {"user": "root"}
    with freeze_time("2026-02-03"):
        first = call_action("tmopendata_progress_snapshot", dict(root))
        assert first["created"] is True and first["month"] == "2026-02"
        again = call_action("tmopendata_progress_snapshot", dict(root))
        assert again["created"] is False
    with freeze_time("2026-03-03"):
        call_action("package_delete", dict(root), id="harta")
        march = call_action("tmopendata_progress_snapshot", dict(root))
    history = anon("tmopendata_progress_history")
    assert [s["month"] for s in history] == ["2026-02", "2026-03"]
    assert history[0]["figures"]["figures"]["datasets_published"] == 4
    assert history[1]["figures"]["figures"]["datasets_published"] == 3 == march["figures"]["figures"]["datasets_published"]
    # Snapshots hold public figures only, whoever takes them.
    assert history[0]["figures"]["figures"]["datasets_private"] == 0
    assert [s["month"] for s in anon("tmopendata_progress_history", since="2026-03")] == ["2026-03"]
    with pytest.raises(tk.ValidationError) as e:
        anon("tmopendata_progress_history", since="2026-13")
    assert "since" in e.value.error_dict
    with pytest.raises(tk.ValidationError):
        anon("tmopendata_progress_history", since="2026-05", until="2026-01")


@pytest.mark.parametrize("user, allowed", [
    ("", False), ("outsider", False), ("editor_a", False), ("admin_a", False),
    ("editor_b", False), ("admin_b", False), ("root", True),
])
def test_permission_matrix(portal, user, allowed):
    for action in ("tmopendata_progress_snapshot", "tmopendata_reminders_send", "tmopendata_reminder_list"):
        if allowed:
            assert call_auth(action, {"user": user})
        else:
            with pytest.raises(tk.NotAuthorized):
                call_auth(action, {"user": user})
    for action in ("tmopendata_overdue_list", "tmopendata_progress_show", "tmopendata_progress_history"):
        assert call_auth(action, {"user": user})


def test_census_entries_by_status_for_whoever_may_see_them(portal):
    campaign = call_action("tmopendata_census_campaign_create", {"user": "root"},
                           name="rec-2026", title="Recensământ 2026", public=True,
                           organizations=["directia-mobilitate", "directia-economica"])
    for title in ("Parcări rezidențiale", "Piețe"):
        call_action("tmopendata_census_entry_create", {"user": "root"}, campaign_id=campaign["id"],
                    organization="directia-mobilitate", title=title)
    mine = call_action("tmopendata_progress_show", {"user": "root"})["census"]
    assert mine["by_status"]["draft"] == 2 and mine["total"] == 2
    assert set(mine["by_status"]) >= {"draft", "submitted", "approved", "published"}
    # Drafts are not public: visitors count none of them.
    assert anon("tmopendata_progress_show")["census"]["total"] == 0
    other = call_action("tmopendata_progress_show", {"user": "root"}, organization="directia-economica")
    assert other["census"]["total"] == 0
