"""Usage figures and the reuse summary the progress page shows."""
from __future__ import annotations

import datetime
from typing import Any, Optional


import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.lib.validation import validate_or_raise
from ckanext.tmopendata.reuse import usage
from ckanext.tmopendata.reuse.logic import schema
from ckanext.tmopendata.reuse.model import (
    APPROVED, Showcase, ShowcaseDataset,
)



from ckanext.tmopendata.reuse.logic.lookups import (
    PAGE, hvd_type, organization_or_404, user_context, visible_package,
)


def _tracking() -> bool:
    return p.plugin_loaded("tracking")


@tk.side_effect_free
def tmopendata_usage_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Page views and resource downloads of one dataset per month (from
    CKAN's tracking tables, as of the last ``ckan tracking update``).

    :param id: id or name of the dataset
    :returns: ``{dataset_id, tracking: bool (the tracking plugin records
        new visits), views, downloads, months: [{month, views, downloads}]}``
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.usage_show(), context)
    tk.check_access("tmopendata_usage_show", context, data)
    package = visible_package(context, data["id"])
    if package is None:
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    per_month = usage.monthly([package.id])[package.id]
    return dict(
        {"dataset_id": package.id, "tracking": _tracking()}, **usage.totals(per_month),
        months=[dict({"month": m}, **v) for m, v in sorted(per_month.items())],
    )



def _public_packages(context: Context, organization: Optional[model.Group]) -> list[dict[str, Any]]:
    """Published (public, active) datasets of any type the caller may see."""
    fq = "+state:active +capacity:public"
    if organization is not None:
        fq += f' +owner_org:"{organization.id}"'
    out: list[dict[str, Any]] = []
    start = 0
    while True:
        result = tk.get_action("package_search")(user_context(context), {
            "q": "*:*", "fq": fq, "rows": PAGE, "start": start, "include_private": False,
            "fl": "id,name,title,dataset_type,organization", "sort": "name asc",
        })
        out.extend(dict(r, type=r.get("dataset_type")) for r in result["results"])
        start += PAGE
        if start >= result["count"] or not result["results"]:
            return out


@tk.side_effect_free
def tmopendata_reuse_summary(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Reuse indicators of the programme over the published datasets:
    approved showcases (overall, using a high-value dataset, per HVD),
    partnerships against the target, usage (views, downloads) per dataset,
    institution and month, and the most reused datasets.

    :param organization: id or name of an institution (optional)
    :returns: ``{organization, showcases: {total, using_hvd, by_kind},
        hvd: [{id, name, title, organization, showcases}], partnerships:
        {count, counted, active, target, progress}, usage: {tracking,
        views, downloads, months: [{month, views, downloads}], datasets:
        [top datasets], institutions: [...]}, most_reused: [top datasets]}``
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.reuse_summary(), context)
    tk.check_access("tmopendata_reuse_summary", context, data)
    org = organization_or_404(data["organization"]) if data.get("organization") else None
    top = int(tk.config.get("ckanext.tmopendata.reuse.top"))
    packages = _public_packages(context, org)
    by_id = {pkg["id"]: pkg for pkg in packages}
    # (the index stores the institution's name, not its id)
    names = sorted({p_["organization"] for p_ in packages if p_.get("organization")})
    organizations = {
        g.name: g for g in model.Session.query(model.Group).filter(model.Group.name.in_(names))
    } if names else {}

    # approved showcases using the datasets in scope
    links = model.Session.query(ShowcaseDataset.showcase_id, ShowcaseDataset.package_id, Showcase.kind) \
        .join(Showcase, Showcase.id == ShowcaseDataset.showcase_id) \
        .filter(Showcase.state == APPROVED).all()
    showcases_of: dict[str, set[str]] = {}
    kind_of: dict[str, str] = {}
    for showcase_id, package_id, kind in links:
        if package_id in by_id:
            showcases_of.setdefault(package_id, set()).add(showcase_id)
            kind_of[showcase_id] = kind
    in_scope = set(kind_of)
    using_hvd = {s for pid, ss in showcases_of.items() if by_id[pid].get("type") == hvd_type() for s in ss}
    by_kind: dict[str, int] = {}
    for kind in kind_of.values():
        by_kind[kind] = by_kind.get(kind, 0) + 1

    def short(pkg: dict[str, Any]) -> dict[str, Any]:
        group = organizations.get(pkg.get("organization"))
        return {"id": pkg["id"], "name": pkg["name"], "title": pkg.get("title") or pkg["name"],
                "type": pkg.get("type"), "organization": group.name if group else None,
                "organization_title": (group.title or group.name) if group else None,
                "showcases": len(showcases_of.get(pkg["id"], ()))}

    hvd = [short(pkg) for pkg in packages if pkg.get("type") == hvd_type()]
    most_reused = sorted((short(by_id[pid]) for pid in showcases_of),
                         key=lambda d: (-d["showcases"], d["title"].lower()))[:top]

    # partnerships (those covering a dataset of the institution, for one)
    partnerships = tk.get_action("tmopendata_partnership_list")(user_context(context), {})
    rows = partnerships["results"]
    if org is not None:
        rows = [r for r in rows if any(d["id"] in by_id for d in r["datasets"])]
    today = datetime.date.today().isoformat()
    counted = sum(1 for r in rows if r["start_date"] <= today)
    target = partnerships["target"]

    # usage
    per_package = usage.monthly(by_id)
    months: dict[str, dict[str, int]] = {}
    institutions: dict[str, dict[str, Any]] = {}
    datasets = []
    for pid, per_month in per_package.items():
        for month, figures in per_month.items():
            row = months.setdefault(month, {"views": 0, "downloads": 0})
            row["views"] += figures["views"]
            row["downloads"] += figures["downloads"]
        totals = usage.totals(per_month)
        entry = dict(short(by_id[pid]), **totals)
        datasets.append(entry)
        owner = by_id[pid].get("organization")
        if owner in organizations:
            inst = institutions.setdefault(owner, {
                "id": organizations[owner].id, "name": owner,
                "title": organizations[owner].title or organizations[owner].name,
                "datasets": 0, "views": 0, "downloads": 0, "showcases": set()})
            inst["datasets"] += 1
            inst["views"] += totals["views"]
            inst["downloads"] += totals["downloads"]
            inst["showcases"] |= showcases_of.get(pid, set())
    for inst in institutions.values():
        inst["showcases"] = len(inst["showcases"])
    used = sorted((d for d in datasets if d["views"] or d["downloads"]),
                  key=lambda d: (-(d["views"] + d["downloads"]), d["title"].lower()))[:top]
    return {
        "organization": org.name if org is not None else None,
        "showcases": {"total": len(in_scope), "using_hvd": len(using_hvd), "by_kind": by_kind},
        "hvd": hvd,
        "partnerships": {
            "count": len(rows), "counted": counted,
            "active": sum(1 for r in rows if r["active"]), "target": target,
            "progress": min(100, round(100 * counted / target)) if target else None,
        },
        "usage": {
            "tracking": _tracking(),
            "views": sum(m["views"] for m in months.values()),
            "downloads": sum(m["downloads"] for m in months.values()),
            "months": [dict({"month": m}, **v) for m, v in sorted(months.items())],
            "datasets": used,
            "institutions": sorted(institutions.values(), key=lambda i: i["title"].lower()),
        },
        "most_reused": most_reused,
    }
