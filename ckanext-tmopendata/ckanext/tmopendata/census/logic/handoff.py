"""The census → publication hand-off: an approved entry creates its draft
dataset (private, in the entry's institution, prefilled from the entry,
linked both ways) and starts its publication procedure, in one step.

The procedure is started through the ``tmopendata_procedure_create`` action
when the ``tmopendata_procedures`` plugin is loaded (no module of that plugin
is imported here); without it the dataset is created all the same.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.census import workflow
from ckanext.tmopendata.census.logic import schema
from ckanext.tmopendata.census.logic.dictize import Orgs, entry_dict
from ckanext.tmopendata.census.logic.entries import record
from ckanext.tmopendata.census.logic.lookups import entry_or_404
from ckanext.tmopendata.census.model import Campaign
from ckanext.tmopendata.lib import vocab
from ckanext.tmopendata.lib.actions import commit, now
from ckanext.tmopendata.lib.validation import validate_or_raise

#: Name of the dataset field (scheming ``tm_dataset.yaml``) linking a dataset
#: to its census entry.
ENTRY_FIELD = "census_entry_id"


def _slug(title: str) -> str:
    text = unicodedata.normalize("NFKD", title.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:90] or "set-de-date"
    name, suffix = text, 1
    while model.Package.get(name) is not None:
        suffix += 1
        name = f"{text}-{suffix}"
    return name


def dataset_dict(entry: dict[str, Any], organization_id: str, campaign_title: str) -> dict[str, Any]:
    """The draft dataset prefilled from an entry (as ``dictize.entry_dict`` gives it)."""
    notes = (entry.get("description") or "").strip() or tk._(
        "Data asset \"{title}\" identified in the census campaign {campaign}.").format(
        title=entry["title"], campaign=campaign_title)
    data: dict[str, Any] = {
        "name": _slug(entry["title"]),
        "title": entry["title"],
        "notes": notes,
        "owner_org": organization_id,
        "private": True,
        "license_id": "cc-by",
        ENTRY_FIELD: entry["id"],
    }
    if entry.get("update_frequency"):
        data["update_frequency"] = vocab.FREQUENCY_PREFIX + entry["update_frequency"]
    if entry.get("owner_name") or entry.get("owner_email"):
        data["contact"] = [{"name": entry.get("owner_name") or "", "email": entry.get("owner_email") or ""}]
    return data


def _procedure_action() -> Optional[Any]:
    try:
        return tk.get_action("tmopendata_procedure_create")
    except KeyError:  # the tmopendata_procedures plugin is not loaded
        return None


def tmopendata_census_entry_create_dataset(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Create the draft dataset of an approved entry and start its
    publication procedure, in one step (editors and admins of the entry's
    institution).

    The dataset is private, owned by the entry's institution and prefilled
    from the entry (title, description, update frequency, contact point);
    its ``census_entry_id`` field names the entry and the entry's
    ``package_id`` the dataset. The entry moves from approved to in
    publication (recorded in its history). With the ``tmopendata_procedures``
    plugin the dataset's publication procedure is started (its "identify"
    step is then done). All or nothing: when any part fails nothing is kept.

    :param id: id of the entry (approved, or in publication without a
        linked dataset)
    :type id: string
    :returns: ``{"entry": the entry, "package_id", "name", "procedure_id":
        id of the procedure or ``None`` without the procedures plugin}``
    :rtype: dictionary
    """
    tk.check_access("tmopendata_census_entry_create_dataset", context, data_dict)
    data = validate_or_raise(data_dict, schema.entry_id(), context)
    entry = entry_or_404(data["id"])
    if entry.package_id and model.Package.get(entry.package_id) is not None \
            and model.Package.get(entry.package_id).state == "active":
        raise tk.ValidationError({"id": [tk._("This entry already has a dataset.")]})
    if entry.status not in workflow.HANDOFF_STATES:
        raise tk.ValidationError({"id": [tk._(
            "Only an approved entry can create its dataset; this one is “{state}”.").format(
            state=tk.h.tmopendata_census_label("status", entry.status))]})
    campaign = Campaign.get(entry.campaign_id)
    shown = entry_dict(entry, Orgs(), details=True)
    user = context.get("user")
    nested: Context = {"user": user, "defer_commit": True}
    try:
        pkg = tk.get_action("package_create")(
            dict(nested), dataset_dict(shown, entry.organization_id, campaign.title if campaign else ""))
        entry.package_id = pkg["id"]
        current = entry.status
        entry.status = workflow.IN_PUBLICATION
        entry.modified = now()
        record(context, entry, "create_dataset", from_state=current,
                              to_state=entry.status, comment=pkg["name"])
        model.Session.flush()
        create_procedure = _procedure_action()
        if create_procedure is not None:
            create_procedure(dict(nested), {"package_id": pkg["id"], "census_entry_id": entry.id})
    except Exception:
        model.Session.rollback()
        raise
    commit(context)
    procedure_id = None
    if create_procedure is not None:
        # ids are given when the rows are written: read it back
        procedure_id = tk.get_action("tmopendata_procedure_show")(
            {"user": user, "ignore_auth": True}, {"id": pkg["id"]})["id"]
    return {
        "entry": entry_dict(entry, Orgs(), details=True, history=True),
        "package_id": pkg["id"], "name": pkg["name"], "procedure_id": procedure_id,
    }


__all__ = ["tmopendata_census_entry_create_dataset"]
