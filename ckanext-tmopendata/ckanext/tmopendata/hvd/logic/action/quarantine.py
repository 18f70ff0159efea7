"""Actions on the quarantine of failing files (see
:mod:`~ckanext.tmopendata.hvd.quarantine`): list it, release a withheld
file."""
from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.hvd import quarantine
from ckanext.tmopendata.hvd.logic import schema
from ckanext.tmopendata.hvd.logic.action.validation import resource_or_404
from ckanext.tmopendata.hvd.model import ResourceRelease
from ckanext.tmopendata.lib.actions import commit, now
from ckanext.tmopendata.lib.validation import validate_or_raise

log = logging.getLogger(__name__)

__all__ = ["tmopendata_resource_release", "tmopendata_quarantine_list"]


def tmopendata_resource_release(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Let a withheld file be downloaded again: its latest validation found
    personal data, and a sysadmin judged it may be published anyway (e.g.
    the "personal data" are an institution's public phone numbers). The
    release, with its reason, is recorded for that failing report only: a
    new file that fails again is withheld again. Sysadmins only.

    :param resource_id: id of the withheld resource
    :type resource_id: string
    :param reason: why the file may be published (recorded)
    :type reason: string
    :returns: the release record: ``id``, ``resource_id``, ``package_id``,
        ``report_id``, ``reason``, ``user_name``, ``created``
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.resource_release(), context)
    tk.check_access("tmopendata_resource_release", context, data)
    resource = resource_or_404(data["resource_id"])
    # one release per report, even for two sysadmins at once
    model.Session.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                          {"key": "tmopendata_resource_release:" + resource.id})
    state = quarantine.withheld(resource.id)
    if state is None:
        raise tk.ValidationError({"resource_id": [tk._("This file is not withheld: there is nothing to release.")]})
    release = ResourceRelease(
        resource_id=resource.id, package_id=resource.package_id, report_id=state["report_id"],
        reason=data["reason"], user_name=context.get("user") or "", created=now(),
    )
    model.Session.add(release)
    model.Session.flush()
    result = release.dictize()
    commit(context)
    log.warning("Withheld file of resource %s released by %s: %s", resource.id, result["user_name"], data["reason"])
    return result


@tk.side_effect_free
def tmopendata_quarantine_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Public datasets with files that fail their latest validation (the
    quarantine): read by the procedures overview and the reminders. A file
    whose failing report found personal data is ``withheld`` (not
    downloadable) until a valid version replaces it or a sysadmin releases
    it.

    :param organization: id or name of an organisation (optional)
    :type organization: string
    :returns: ``count`` and ``datasets``: ``[{id, name, title, type,
        organization_id, organization_name, organization_title, withheld,
        resources: [{id, name, report_id, since, personal_data, withheld,
        release}]}]``
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.quarantine_list(), context)
    tk.check_access("tmopendata_quarantine_list", context, data)
    org_id = None
    if data.get("organization"):
        org = model.Group.get(data["organization"])
        if org is None or not org.is_organization or org.state != "active":
            raise tk.ObjectNotFound(tk._("Organization not found"))
        org_id = org.id
    datasets = quarantine.failing_public_datasets(org_id)
    return {"count": len(datasets), "datasets": datasets}
