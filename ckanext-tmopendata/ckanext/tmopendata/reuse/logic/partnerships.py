"""Partnerships with the tech community, academia, business and NGOs."""
from __future__ import annotations

import datetime
from typing import Any

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.lib.actions import commit, now
from ckanext.tmopendata.lib.validation import validate_or_raise
from ckanext.tmopendata.reuse.logic import schema
from ckanext.tmopendata.reuse.model import (
    Partnership, PartnershipDataset,
)



from ckanext.tmopendata.reuse.logic.lookups import (
    dataset_dicts, resolve_datasets, visible_package,
)


def _partnership_dict(context: Context, partnership: Partnership) -> dict[str, Any]:
    out = partnership.dictize()
    out["active"] = partnership.active_on(datetime.date.today())
    out["datasets"] = dataset_dicts(context, partnership.package_ids())
    return out


def tmopendata_partnership_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Record a partnership for using the open data. Coordinators only.

    :param partner: name of the partner
    :param kind: ``tech_community``, ``academia``, ``business`` or ``ngo``
    :param scope: what it covers (optional)
    :param start_date: YYYY-MM-DD
    :param end_date: YYYY-MM-DD, not before the start (optional)
    :param agreement_url: address of the agreement (optional)
    :param datasets: ids or names of the datasets it covers (optional)
    :returns: the partnership
    :rtype: dictionary
    """
    tk.check_access("tmopendata_partnership_create", context, data_dict)
    data = validate_or_raise(data_dict, schema.partnership_create(), context)
    if data.get("end_date") and data["end_date"] < data["start_date"]:
        raise tk.ValidationError({"end_date": [tk._("The end date is before the start date")]})
    package_ids = resolve_datasets(context, data.get("datasets") or [])
    user = model.User.get(context["user"])
    partnership = Partnership(
        partner=data["partner"], kind=data["kind"], scope=data.get("scope") or "",
        start_date=data["start_date"], end_date=data.get("end_date"),
        agreement_url=data.get("agreement_url"), demo=bool(data.get("demo")),
        creator_user_id=user.id if user else None, created=now(),
    )
    model.Session.add(partnership)
    model.Session.flush()
    for package_id in package_ids:
        model.Session.add(PartnershipDataset(partnership_id=partnership.id, package_id=package_id))
    commit(context)
    return _partnership_dict(context, partnership)


@tk.side_effect_free
def tmopendata_partnership_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """One partnership (public).

    :param id: id of the partnership
    """
    data = validate_or_raise(data_dict, schema.partnership_ref(), context)
    tk.check_access("tmopendata_partnership_show", context, data)
    partnership = Partnership.get(data["id"])
    if partnership is None:
        raise tk.ObjectNotFound(tk._("Partnership not found"))
    return _partnership_dict(context, partnership)


def _target() -> int:
    return int(tk.config.get("ckanext.tmopendata.reuse.target_partnerships"))


@tk.side_effect_free
def tmopendata_partnership_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Partnerships, newest first, with the action plan's target.

    :param kind: only this kind of partner (optional)
    :param package_id: only those covering this dataset (optional)
    :returns: ``{count, counted, active, target, results}``; ``counted`` is
        the number started by today (ended ones included), which is what
        counts toward the target
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.partnership_list(), context)
    tk.check_access("tmopendata_partnership_list", context, data)
    query = model.Session.query(Partnership)
    if data.get("kind"):
        query = query.filter(Partnership.kind == data["kind"])
    if data.get("package_id"):
        package = visible_package(context, data["package_id"])
        if package is None:
            raise tk.ValidationError({"package_id": [tk._("Dataset not found")]})
        query = query.filter(sa.exists().where(
            PartnershipDataset.partnership_id == Partnership.id,
            PartnershipDataset.package_id == package.id))
    rows = query.order_by(Partnership.start_date.desc(), Partnership.created.desc()).all()
    today = datetime.date.today()
    return {
        "count": len(rows),
        "counted": sum(1 for r in rows if r.start_date <= today),
        "active": sum(1 for r in rows if r.active_on(today)),
        "target": _target(),
        "results": [_partnership_dict(context, r) for r in rows],
    }


def tmopendata_partnership_delete(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Delete a partnership. Coordinators only.

    :param id: id of the partnership
    """
    data = validate_or_raise(data_dict, schema.partnership_ref(), context)
    tk.check_access("tmopendata_partnership_delete", context, data)
    partnership = Partnership.get(data["id"])
    if partnership is None:
        raise tk.ObjectNotFound(tk._("Partnership not found"))
    model.Session.delete(partnership)
    commit(context)
    return {"id": data["id"], "deleted": True}
