"""The progress plugin alone and with the census plugin only: it loads, its
figures come from the other plugins' public actions (never their modules),
and the census state names it counts (``lib/census_states.py``) are exactly
the census workflow's."""
from __future__ import annotations

import re

import pytest

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.lib import census_states
from tests.census.conftest import census  # noqa: F401 - fixture

ALONE = "tmopendata tmopendata_progress"
WITH_CENSUS = "activity tmopendata tmopendata_census tmopendata_progress"

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.mark.ckan_config("ckan.plugins", ALONE)
def test_alone_progress_has_no_census_procedures_or_validation():
    assert not any(p.plugin_loaded(name) for name in
                   ("tmopendata_census", "tmopendata_procedures", "tmopendata_hvd"))
    org = factories.Organization()
    factories.Dataset(owner_org=org["id"], private=False, resources=[
        {"name": "data", "format": "CSV", "url": "https://example.org/data.csv"},
        {"name": "page", "format": "HTML", "url": "https://example.org/"}])
    shown = call_action("tmopendata_progress_show", {"user": ""})
    assert shown["census"] is None and "procedures" not in shown
    figures = shown["figures"]
    # the tabular formats are lib/formats.py's; nothing is validated without the HVD plugin
    assert figures["datasets_published"] == 1
    assert figures["resources_tabular"] == 1 and figures["resources_valid"] == 0
    assert call_action("tmopendata_overdue_list", {"user": ""})["late_steps"] is None


@pytest.mark.ckan_config("ckan.plugins", WITH_CENSUS)
def test_with_census_entries_are_counted_by_state(census):
    assert not p.plugin_loaded("tmopendata_procedures")
    first = census.entry(title="Registrul parcărilor")
    census.entry(title="Registrul arborilor")
    census.move(first["id"], "submitted", "under_review", "approved")
    counted = call_action("tmopendata_progress_show", census.ctx("sysadmin"))["census"]
    assert list(counted["by_status"]) == list(census_states.STATES)
    assert counted["by_status"]["draft"] == 1 and counted["by_status"]["approved"] == 1
    assert counted["total"] == 2
    # what the public may see of the census, not more
    public = call_action("tmopendata_progress_show", census.ctx("anonymous"))["census"]
    assert public["total"] == 0


@pytest.mark.ckan_config("ckan.plugins", WITH_CENSUS)
def test_census_state_names_of_the_kernel_are_the_census_workflows(census):
    """``lib.census_states.STATES`` is what ``tmopendata_census_entry_list``
    accepts, no state more or less (its error names the allowed states)."""
    with pytest.raises(tk.ValidationError) as e:
        call_action("tmopendata_census_entry_list", census.ctx("sysadmin"), status="no-such-state")
    message = " ".join(e.value.error_dict["status"])
    allowed = re.search(r"allowed: (.*)$", message)
    assert allowed, message
    assert [s.strip() for s in allowed.group(1).split(",")] == list(census_states.STATES)
