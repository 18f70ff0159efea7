"""Publication of the public inventory list of a campaign as a CKAN
dataset (CSV with its Table Schema, validated by the HVD plugin when it is
loaded)."""
from __future__ import annotations

import io
import json
import re
from typing import Any

from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.census import workflow
from ckanext.tmopendata.census.io import writer
from ckanext.tmopendata.census.logic import schema
from ckanext.tmopendata.census.logic.dictize import Orgs, entry_dict
from ckanext.tmopendata.census.logic.lookups import campaign_or_404, organization
from ckanext.tmopendata.census.model import Campaign, Entry
from ckanext.tmopendata.lib import locks
from ckanext.tmopendata.lib.actions import commit, now
from ckanext.tmopendata.lib.context_keys import SKIP_VALIDATION
from ckanext.tmopendata.lib.i18n import N_, bilingual
from ckanext.tmopendata.lib.validation import validate_or_raise


def _public_entries(campaign: Campaign) -> list[dict[str, Any]]:
    query = (
        model.Session.query(Entry)
        .filter(Entry.campaign_id == campaign.id, Entry.status.in_(workflow.PUBLIC_STATES))
    )
    orgs = Orgs()
    entries = [entry_dict(e, orgs, details=False) for e in query.all()]
    entries.sort(key=lambda e: (e["organization"], e["title"].lower()))
    return entries


def tmopendata_census_publish(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Publish the inventory: create or update a public CKAN dataset holding
    the public inventory list of the campaign as CSV (``fields.PUBLIC_FIELDS``
    and the institution's title of the entries in ``workflow.PUBLIC_STATES``;
    never restricted entries), with its Table Schema
    (``census/public-inventory-schema.json``) on the resource so the HVD
    validation pipeline validates it. The campaign becomes public.
    Coordinators only.

    :param campaign_id: id or name of the campaign
    :type campaign_id: string
    :param owner_org: organisation owning the dataset (default: config
        option ``ckanext.tmopendata.census.publish_organization``)
    :type owner_org: string
    :returns: ``{"package_id", "name", "resource_id", "count", "created":
        whether the dataset was created now, "validation_status": status of
        the validation of the CSV against its schema (``None`` without the
        HVD plugin)}``
    :rtype: dictionary

    Parallel publications of one campaign are served one after the other:
    the second finds the dataset the first created and updates it (one
    dataset per campaign).
    """
    tk.check_access("tmopendata_census_publish", context, data_dict)
    data = validate_or_raise(data_dict, {**schema.publish(), "owner_org": schema.entry_list()["organization"]}, context)
    campaign = campaign_or_404(data["campaign_id"])
    # package_create and resource_create commit on their own: the lock is
    # held across those commits, until the campaign records its dataset.
    with locks.advisory_mutex("tmopendata_census_publish", campaign.id):
        # read again: a publication that ran meanwhile may have created it
        campaign = model.Session.query(Campaign).filter(
            Campaign.id == campaign.id).populate_existing().one_or_none()
        if campaign is None:  # deleted meanwhile
            raise tk.ObjectNotFound(tk._("Census campaign not found"))
        return _publish(context, data, campaign)


def _publish(context: Context, data: dict[str, Any], campaign: Campaign) -> dict[str, Any]:
    """The publication itself, the campaign's lock held."""
    owner_ref = data.get("owner_org") or tk.config.get("ckanext.tmopendata.census.publish_organization")
    owner = organization(owner_ref or "")
    if owner is None:
        raise tk.ValidationError({"owner_org": [tk._(
            'The coordinating organisation "{name}" does not exist; set '
            'ckanext.tmopendata.census.publish_organization.').format(name=owner_ref or "")]})
    entries = _public_entries(campaign)
    body = writer.public_inventory_csv(entries)
    package = model.Package.get(campaign.package_id) if campaign.package_id else None
    if package is not None and package.state != "active":
        package = None
    # CKAN's own permission to write the dataset (package_create in its
    # organisation, package_update on it) was checked above
    # (auth.tmopendata_census_publish); the nested calls skip the HVD
    # validation hook and run the validation once at the end.
    nested: Context = {"user": context.get("user"), "ignore_auth": True,
                       SKIP_VALIDATION: True}
    schema_json = json.dumps(writer.public_inventory_schema(), ensure_ascii=False)
    resource_fields = {
        "name": "inventar.csv", "format": "CSV", "schema": schema_json, "encoding": "utf-8",
        # Generated texts in both languages, whoever publishes.
        "description": bilingual(N_("Public inventory list of {title} (Law 179/2022), {count} entries."),
                                 separator="\n\n", title=campaign.title, count=len(entries)),
    }

    def upload() -> FileStorage:
        return FileStorage(io.BytesIO(body), "inventar.csv", content_type="text/csv")

    created = package is None
    # what a harvester looks for besides title and description (the metadata
    # quality score): the theme, the campaign's period, who to ask
    described = _description_fields(campaign, context)
    if created:
        name = re.sub(r"[^a-z0-9_-]+", "-", f"inventar-date-{campaign.name}".lower())[:100]
        suffix = 1
        while model.Package.get(name) is not None:
            suffix += 1
            name = f"inventar-date-{campaign.name}-{suffix}"[:100]
        pkg = tk.get_action("package_create")(dict(nested), {
            "name": name,
            "title": bilingual(N_("Inventory of public data: {title}"), title=campaign.title),
            "notes": bilingual(N_(
                "The inventory list of the data held by the institutions, from the census "
                "campaign {title} (Law 179/2022): title, institution, status and planned "
                "publication of each data asset."
            ), separator="\n\n", title=campaign.title),
            "owner_org": owner.id, "private": False, "license_id": "cc-by",
            "tags": [{"name": "inventar"}, {"name": "recensamant"}],
            "resources": [],
            **described,
        })
        resource = tk.get_action("resource_create")(
            dict(nested), {"package_id": pkg["id"], "url": "inventar.csv", "upload": upload(), **resource_fields})
        campaign.package_id = pkg["id"]
    else:
        pkg = tk.get_action("package_show")(dict(nested), {"id": package.id})
        missing = {key: value for key, value in described.items() if not pkg.get(key)}
        if missing:
            pkg = tk.get_action("package_patch")(dict(nested), {"id": package.id, **missing})
        existing = [r for r in pkg.get("resources", []) if r.get("name") == "inventar.csv"]
        if existing:
            resource = tk.get_action("resource_patch")(dict(nested), {
                "id": existing[0]["id"], "url": "inventar.csv", "upload": upload(), **resource_fields})
        else:
            resource = tk.get_action("resource_create")(
                dict(nested), {"package_id": pkg["id"], "url": "inventar.csv", "upload": upload(), **resource_fields})
    campaign.public = True
    campaign.modified = now()
    commit(context)
    validation_status = None
    try:
        run = tk.get_action("tmopendata_validation_run")
    except KeyError:  # the HVD plugin is not loaded
        run = None
    if run is not None:
        report = run({"user": context.get("user"), "ignore_auth": True},
                     {"resource_id": resource["id"], "sync": True})
        validation_status = report.get("status")
    return {"package_id": pkg["id"], "name": pkg["name"], "resource_id": resource["id"],
            "count": len(entries), "created": created, "validation_status": validation_status}


def _description_fields(campaign: Campaign, context: Context) -> dict[str, Any]:
    """Theme, temporal coverage (the campaign's dates) and contact point (the
    coordinator who publishes, when they have an e-mail address) of the
    public inventory dataset."""
    if not p.plugin_loaded("scheming_datasets"):
        return {}  # CKAN's own dataset schema has none of these fields
    fields: dict[str, Any] = {"priority_theme": "other"}
    if campaign.start_date:
        fields["temporal_start"] = campaign.start_date.isoformat()
    if campaign.end_date:
        fields["temporal_end"] = campaign.end_date.isoformat()
    user = model.User.get(context.get("user") or "")
    if user is not None and user.email:
        fields["contact"] = [{"name": user.fullname or user.name, "email": user.email}]
    return fields
