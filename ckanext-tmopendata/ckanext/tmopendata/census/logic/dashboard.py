"""The campaign dashboard: figures per institution and the top
priorities, over the entries the caller sees."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.census import visibility, workflow
from ckanext.tmopendata.census.logic import schema
from ckanext.tmopendata.census.logic.dictize import Orgs, campaign_dict, entry_dict
from ckanext.tmopendata.census.logic.lookups import campaign_or_404
from ckanext.tmopendata.census.model import Entry
from ckanext.tmopendata.lib.validation import validate_or_raise


@tk.side_effect_free
def tmopendata_census_dashboard(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Figures of a campaign per institution and its top priorities, over
    the entries the user may see.

    :param campaign_id: id or name of the campaign
    :type campaign_id: string
    :param top: length of the top-priority list (default 10)
    :type top: int
    :returns: ``{"campaign": ..., "organizations": [{organization,
        organization_title, entries, submitted (submitted or under review),
        approved (approved or in publication), published, restricted,
        rejected, by_status: {state: count}}], "totals": {...},
        "top": [entry dicts by priority]}``
    :rtype: dictionary
    """
    tk.check_access("tmopendata_census_dashboard", context, data_dict)
    data = validate_or_raise(data_dict, schema.dashboard(), context)
    campaign = campaign_or_404(data["campaign_id"])
    query, viewer = visibility.entries(context, campaign)
    counts = (
        query.with_entities(Entry.organization_id, Entry.status, sa.func.count(Entry.id))
        .group_by(Entry.organization_id, Entry.status).all()
    )
    orgs = Orgs()
    per_org: dict[str, dict[str, Any]] = {}
    groups = workflow.DASHBOARD_GROUPS
    totals: dict[str, Any] = {"entries": 0, **dict.fromkeys(groups, 0)}
    for org_id, status, count in counts:
        name, title = orgs(org_id)
        row = per_org.setdefault(org_id, {
            "organization": name, "organization_title": title, "entries": 0,
            **dict.fromkeys(groups, 0), "by_status": {},
        })
        row["entries"] += count
        totals["entries"] += count
        row["by_status"][status] = count
        for key, states in groups.items():
            if status in states:
                row[key] += count
                totals[key] += count
    top_n = data.get("top", 10)
    top = query.order_by(Entry.priority.desc(), Entry.title).limit(top_n).all()
    return {
        "campaign": campaign_dict(context, campaign),
        "organizations": sorted(per_org.values(), key=lambda r: r["organization_title"].lower()),
        "totals": totals,
        "top": [entry_dict(e, orgs, details=viewer.sees_details(e, c)) for e, c in top],
    }
