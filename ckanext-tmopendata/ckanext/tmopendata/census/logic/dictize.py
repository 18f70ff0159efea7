"""Census objects as the API returns them.

Entry dicts carry every field of ``fields.ENTRY_FIELDS``, the scores of
``fields.SCORE_FIELDS`` with ``score_explanation`` (one line per score: the
formula with the numbers, see :mod:`ckanext.tmopendata.census.scores`),
``campaign_id``, ``organization`` (name), ``organization_title``,
``created`` and ``modified``; ``tmopendata_census_entry_show`` adds
``history``. Users who may not see an entry's details (the public,
outsiders; see :mod:`ckanext.tmopendata.census.visibility`) get only
``fields.PUBLIC_FIELDS`` plus ``organization_title``, and only for public
entries: the others are absent from their results.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.tmopendata.census import fields, scores
from ckanext.tmopendata.census.logic.schema import WORKFLOW_FIELDS
from ckanext.tmopendata.census.model import Campaign, Entry, EntryHistory

#: Names of the data fields (stored in ``Entry.data``).
DATA_FIELDS = [n for n, _t in fields.ENTRY_FIELDS if n not in WORKFLOW_FIELDS and n != "organization"]

#: Campaign fields only the people who manage the campaign see.
MANAGER_FIELDS = ("coordinators", "creator_user_id")


class Orgs:
    """Organisation names and titles by id, looked up once per call."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[str, str]] = {}

    def __call__(self, org_id: str) -> tuple[str, str]:
        if org_id not in self._cache:
            group = model.Group.get(org_id)
            self._cache[org_id] = (group.name, group.title or group.name) if group else (org_id, org_id)
        return self._cache[org_id]


def entry_dict(entry: Entry, orgs: Orgs, details: bool, history: bool = False) -> dict[str, Any]:
    name, title = orgs(entry.organization_id)
    if not details:
        public = {
            "id": entry.id, "organization": name, "title": entry.title, "status": entry.status,
            "planned_publication": (entry.data or {}).get("planned_publication"),
        }
        data = {f: public[f] for f in fields.PUBLIC_FIELDS}
        data["organization_title"] = title
        return data
    stored = entry.data or {}
    data = {f: stored.get(f) for f in DATA_FIELDS}
    data.update({
        "id": entry.id, "organization": name, "organization_title": title,
        "title": entry.title, "status": entry.status, "package_id": entry.package_id,
        "campaign_id": entry.campaign_id,
        "openness_score": entry.openness_score, "value_score": entry.value_score,
        "feasibility_score": entry.feasibility_score, "priority": entry.priority,
        "score_explanation": scores.compute(stored)["score_explanation"],
        "created": entry.created.isoformat() if entry.created else None,
        "modified": entry.modified.isoformat() if entry.modified else None,
    })
    for field in ("formats", "personal_data_categories"):
        data[field] = data.get(field) or []
    if history:
        data["history"] = [h.dictize() for h in EntryHistory.for_entry(entry.id)]
    return data


def campaign_dict(context: Context, campaign: Campaign) -> dict[str, Any]:
    """The campaign as the user may see it: who coordinates and created it
    only for those who may manage it (``campaign_update``)."""
    data = campaign.dictize()
    try:
        tk.check_access("tmopendata_census_campaign_update", dict(context), {"id": campaign.id})
    except tk.NotAuthorized:
        for field in MANAGER_FIELDS:
            data.pop(field, None)
    return data
