"""The census actions, collected for ``tk.blanket.actions`` (the plugin
registers the names of ``__all__``). Each action lives in the module of its
concept:

- :mod:`.campaigns`: campaign create/show/list/update/patch/delete;
- :mod:`.entries`: entry create/show/list/update/patch/delete;
- :mod:`.transitions`: the workflow (``entry_transition``);
- :mod:`.dashboard`: figures of a campaign;
- :mod:`.importer` and :mod:`.export`: spreadsheets in and out;
- :mod:`.publish`: the public inventory as a CKAN dataset;
- :mod:`.handoff`: an approved entry's draft dataset and procedure.

How results look is :mod:`.dictize`'s; who sees what is
:mod:`ckanext.tmopendata.census.visibility`'s.
"""
from __future__ import annotations

from ckanext.tmopendata.census.logic.campaigns import (
    tmopendata_census_campaign_create, tmopendata_census_campaign_delete, tmopendata_census_campaign_list,
    tmopendata_census_campaign_patch, tmopendata_census_campaign_show, tmopendata_census_campaign_update,
)
from ckanext.tmopendata.census.logic.dashboard import tmopendata_census_dashboard
from ckanext.tmopendata.census.logic.entries import (
    tmopendata_census_entry_create, tmopendata_census_entry_delete, tmopendata_census_entry_list,
    tmopendata_census_entry_patch, tmopendata_census_entry_show, tmopendata_census_entry_update,
)
from ckanext.tmopendata.census.logic.export import tmopendata_census_entry_export
from ckanext.tmopendata.census.logic.handoff import tmopendata_census_entry_create_dataset
from ckanext.tmopendata.census.logic.importer import tmopendata_census_entry_import
from ckanext.tmopendata.census.logic.publish import tmopendata_census_publish
from ckanext.tmopendata.census.logic.transitions import tmopendata_census_entry_transition

__all__ = [
    "tmopendata_census_campaign_create", "tmopendata_census_campaign_show",
    "tmopendata_census_campaign_list", "tmopendata_census_campaign_update",
    "tmopendata_census_campaign_patch", "tmopendata_census_campaign_delete",
    "tmopendata_census_entry_create", "tmopendata_census_entry_show",
    "tmopendata_census_entry_list", "tmopendata_census_entry_update",
    "tmopendata_census_entry_patch", "tmopendata_census_entry_delete",
    "tmopendata_census_entry_transition", "tmopendata_census_entry_import",
    "tmopendata_census_entry_export", "tmopendata_census_publish",
    "tmopendata_census_dashboard", "tmopendata_census_entry_create_dataset",
]
