"""Ordinary (default-type) datasets may declare an update frequency and are
then tracked for maintenance like high-value datasets."""
from __future__ import annotations

import pytest
from freezegun import freeze_time

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.lib.vocab import FREQUENCY_PREFIX

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def _dataset(name, frequency=None, **extra):
    fields = {"notes": "x", "owner_org": "directia-urbanism", "private": False,
              "resources": [{"name": "Date", "format": "CSV", "url": "https://example.org/d.csv"}]}
    if frequency:
        fields["update_frequency"] = FREQUENCY_PREFIX + frequency
    fields.update(extra)
    return call_action("package_create", {"user": "admin_u"}, name=name, title=name.title(), **fields)


@pytest.fixture
def ordinary():
    """Ordinary datasets, data last changed on 1 February 2026: ``piete``
    weekly (overdue on 2 March), ``cartiere`` annual (up to date),
    ``istoric`` without frequency (not tracked)."""
    factories.User(name="admin_u", email="admin_u@example.org")
    with freeze_time("2026-02-01 10:00:00"):
        factories.Organization(name="directia-urbanism", users=[{"name": "admin_u", "capacity": "admin"}])
        piete = _dataset("piete", "WEEKLY")
        _dataset("cartiere", "ANNUAL")
        _dataset("istoric")
    return piete


@freeze_time("2026-03-02 08:00:00")
def test_ordinary_weekly_dataset_is_overdue(ordinary):
    assert ordinary["type"] == "dataset"
    assert ordinary["update_frequency"] == FREQUENCY_PREFIX + "WEEKLY"
    result = call_action("tmopendata_overdue_list", {"user": ""})
    datasets = {d["name"]: d for d in result["datasets"]}
    assert set(datasets) == {"piete", "cartiere"}  # istoric: no frequency
    piete = datasets["piete"]
    assert piete["type"] == "dataset" and piete["frequency"] == "WEEKLY"
    assert piete["next_update_due"] == "2026-02-08"
    assert piete["overdue"] is True and piete["days_overdue"] == 22
    assert datasets["cartiere"]["overdue"] is False
    assert [d["name"] for d in call_action("tmopendata_overdue_list", {"user": ""}, overdue=True)["datasets"]] \
        == ["piete"]
    figures = call_action("tmopendata_progress_show", {"user": ""})["figures"]
    assert figures["datasets_scheduled"] == 2
    assert figures["datasets_overdue"] == 1
    assert figures["datasets_up_to_date"] == 1
    assert figures["datasets_up_to_date_share"] == 50


def test_update_frequency_is_optional_and_checked():
    factories.User(name="admin_u")
    factories.Organization(name="directia-urbanism", users=[{"name": "admin_u", "capacity": "admin"}])
    assert not _dataset("fara-frecventa").get("update_frequency")
    with pytest.raises(tk.ValidationError) as err:
        _dataset("frecventa-gresita", "EVERY_FULL_MOON")
    assert "update_frequency" in err.value.error_dict


def test_dataset_form_offers_the_frequency(app):
    user = factories.UserWithToken()
    factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    body = app.get("/dataset/new", headers={"Authorization": user["token"]}).body
    assert 'name="update_frequency"' in body
    assert FREQUENCY_PREFIX + "WEEKLY" in body and "Weekly" in body
    ro = app.get("/ro/dataset/new", headers={"Authorization": user["token"]}).body
    assert "Frecvența actualizării" in ro
