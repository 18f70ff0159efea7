"""Actions of the reuse plugin: showcases (proposed by anyone registered,
public once approved), partnerships, usage figures and the reuse summary
the progress page shows."""
from __future__ import annotations

import datetime
from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.lib import locks
from ckanext.tmopendata.lib.actions import commit, now
from ckanext.tmopendata.lib.validation import validate_or_raise
from ckanext.tmopendata.lib.validators import reference
from ckanext.tmopendata.reuse import usage
from ckanext.tmopendata.reuse.logic import auth, schema
from ckanext.tmopendata.reuse.model import (
    APPROVED, PENDING, REJECTED, Partnership, PartnershipDataset, Showcase, ShowcaseDataset,
)

#: Datasets read per package_search page.
PAGE = 1000
#: Dataset type of the high-value datasets.
HVD_TYPE = "hvd"


# --- helpers (private: not exported as actions) ---------------------------------

def _user_context(context: Context) -> Context:
    """A fresh context as the same user, never with ``ignore_auth``."""
    return {"user": context.get("user") or "", "ignore_auth": False}


def _visible_package(context: Context, ref: Any) -> Optional[model.Package]:
    """The active dataset ``ref`` (id or name) if the caller may see it."""
    package = model.Package.get(reference(ref))
    if package is None or package.state != "active":
        return None
    try:
        tk.check_access("package_show", _user_context(context), {"id": package.id})
    except tk.NotAuthorized:
        return None
    return package


def _resolve_datasets(context: Context, refs: list[str], field: str = "datasets") -> list[str]:
    """Ids of the datasets ``refs``, each of which the caller must see; a
    dataset the caller may not see is reported exactly like a missing one."""
    ids: list[str] = []
    missing: list[str] = []
    for ref in refs:
        package = _visible_package(context, ref)
        if package is None:
            missing.append(ref)
        elif package.id not in ids:
            ids.append(package.id)
    if missing:
        raise tk.ValidationError({field: [
            tk._("Dataset not found: {names}").format(names=", ".join(missing))]})
    return ids


def _dataset_dicts(context: Context, package_ids: list[str]) -> list[dict[str, Any]]:
    """Short dicts of the datasets the caller may see, in title order."""
    out = []
    for package_id in package_ids:
        package = _visible_package(context, package_id)
        if package is None:
            continue
        org = model.Group.get(package.owner_org) if package.owner_org else None
        out.append({
            "id": package.id, "name": package.name, "title": package.title or package.name,
            "type": package.type,
            "organization": org.name if org else None,
            "organization_title": (org.title or org.name) if org else None,
        })
    return sorted(out, key=lambda d: d["title"].lower())


def _showcase_dict(context: Context, showcase: Showcase) -> dict[str, Any]:
    out = showcase.dictize()
    out["datasets"] = _dataset_dicts(context, showcase.package_ids())
    reviewer = auth.can_review(context, showcase)
    user = model.User.get(context.get("user")) if context.get("user") else None
    mine = user is not None and showcase.creator_user_id == user.id
    out["can_review"] = reviewer
    if reviewer or mine:
        creator = model.User.get(showcase.creator_user_id) if showcase.creator_user_id else None
        out["proposed_by"] = creator.name if creator else None
        out["review_note"] = showcase.review_note
    return out


def _get_showcase(context: Context, ref: str) -> Showcase:
    showcase = Showcase.get(ref)
    if showcase is None or not auth.can_see(context, showcase):
        raise tk.ObjectNotFound(tk._("Showcase not found"))
    return showcase


def _organization(ref: str) -> model.Group:
    org = model.Group.get(reference(ref))
    if org is None or not org.is_organization or org.state != "active":
        raise tk.ValidationError({"organization": [tk._("Institution not found")]})
    return org


# --- showcases ------------------------------------------------------------------

def tmopendata_showcase_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Propose a showcase (reuse item). It is *pending* until a coordinator
    or an admin of an institution whose dataset it uses approves it.

    :param title: title
    :param description: what it is and does (optional)
    :param url: its web address (http/https)
    :param author: author or organisation who built it
    :param image_url: address of an image (optional)
    :param kind: ``application``, ``visualisation``, ``research``,
        ``article`` or ``service``
    :param date: date it was published, YYYY-MM-DD (optional)
    :param datasets: ids or names of the datasets it uses (1 to 50), each
        visible to the proposer
    :returns: the showcase
    :rtype: dictionary
    """
    tk.check_access("tmopendata_showcase_create", context, data_dict)
    data = validate_or_raise(data_dict, schema.showcase_create(), context)
    package_ids = _resolve_datasets(context, data["datasets"])
    user = model.User.get(context["user"])
    showcase = Showcase(
        title=data["title"], description=data.get("description") or "", url=data["url"],
        author=data["author"], image_url=data.get("image_url"), kind=data["kind"],
        date=data.get("date"), state=PENDING, demo=bool(data.get("demo")),
        creator_user_id=user.id if user else None, created=now(),
    )
    model.Session.add(showcase)
    model.Session.flush()
    for package_id in package_ids:
        model.Session.add(ShowcaseDataset(showcase_id=showcase.id, package_id=package_id))
    commit(context)
    return _showcase_dict(context, showcase)


@tk.side_effect_free
def tmopendata_showcase_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """One showcase. Pending and rejected ones exist only for their
    proposer and their reviewers (others get "not found").

    :param id: id of the showcase
    :returns: the showcase with the datasets it uses that the caller may see
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.showcase_ref(), context)
    # "not found" first: a showcase one may not see does not exist for them
    showcase = _get_showcase(context, data["id"])
    tk.check_access("tmopendata_showcase_show", context, data)
    return _showcase_dict(context, showcase)


@tk.side_effect_free
def tmopendata_showcase_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Showcases, newest first. Approved ones by default; ``state``
    ``pending``/``rejected``/``all`` adds only those the caller proposed or
    may review.

    :param q: words of the title, description or author (optional)
    :param kind: kind of reuse item (optional)
    :param state: ``approved`` (default), ``pending``, ``rejected`` or ``all``
    :param package_id: only those using this dataset (id or name)
    :param organization: only those using a dataset of this institution
    :param limit: at most this many (default 100, at most 1000)
    :param offset: skip this many
    :returns: ``{count, results: [showcase]}``
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.showcase_list(), context)
    tk.check_access("tmopendata_showcase_list", context, data)
    query = model.Session.query(Showcase)
    state = data.get("state") or APPROVED
    if state != "all":
        query = query.filter(Showcase.state == state)
    if state != APPROVED and not auth.is_coordinator(context):
        user = model.User.get(context.get("user")) if context.get("user") else None
        admin_of = auth.admin_organization_ids(context)
        mine = Showcase.creator_user_id == (user.id if user else "")
        reviewable = sa.exists().where(
            ShowcaseDataset.showcase_id == Showcase.id,
            ShowcaseDataset.package_id == model.Package.id,
            model.Package.owner_org.in_(admin_of or [""]),
        )
        query = query.filter(sa.or_(Showcase.state == APPROVED, mine, reviewable))
    if data.get("package_id"):
        package = _visible_package(context, data["package_id"])
        if package is None:
            raise tk.ValidationError({"package_id": [tk._("Dataset not found")]})
        query = query.filter(sa.exists().where(
            ShowcaseDataset.showcase_id == Showcase.id, ShowcaseDataset.package_id == package.id))
    if data.get("organization"):
        org = _organization(data["organization"])
        query = query.filter(sa.exists().where(
            ShowcaseDataset.showcase_id == Showcase.id,
            ShowcaseDataset.package_id == model.Package.id,
            model.Package.owner_org == org.id, model.Package.state == "active",
            model.Package.private.is_(False)))
    if data.get("kind"):
        query = query.filter(Showcase.kind == data["kind"])
    if data.get("q"):
        like = "%" + data["q"].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.filter(sa.or_(Showcase.title.ilike(like), Showcase.description.ilike(like),
                                    Showcase.author.ilike(like)))
    count = query.count()
    rows = (query.order_by(Showcase.date.desc().nullslast(), Showcase.created.desc())
            .limit(data.get("limit", 100)).offset(data.get("offset", 0)).all())
    return {"count": count, "results": [_showcase_dict(context, s) for s in rows]}


def tmopendata_showcase_review(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Approve (make public) or reject a showcase. Coordinators, and admins
    of an institution whose dataset it uses.

    :param id: id of the showcase
    :param decision: ``approve`` or ``reject``
    :param note: a note for the proposer (optional)
    :returns: the showcase
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.showcase_review(), context)
    _get_showcase(context, data["id"])
    tk.check_access("tmopendata_showcase_review", context, data)
    showcase = locks.lock_rows(
        model.Session.query(Showcase).filter(Showcase.id == data["id"])).one()
    user = model.User.get(context["user"])
    showcase.state = APPROVED if data["decision"] == "approve" else REJECTED
    showcase.reviewer_user_id = user.id if user else None
    showcase.reviewed = now()
    showcase.review_note = data.get("note")
    commit(context)
    return _showcase_dict(context, showcase)


def tmopendata_showcase_delete(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Delete a showcase: its reviewers, or its proposer until approved.

    :param id: id of the showcase
    :returns: ``{id, deleted: true}``
    """
    data = validate_or_raise(data_dict, schema.showcase_ref(), context)
    showcase = _get_showcase(context, data["id"])
    tk.check_access("tmopendata_showcase_delete", context, data)
    model.Session.delete(showcase)
    commit(context)
    return {"id": data["id"], "deleted": True}


# --- partnerships ---------------------------------------------------------------

def _partnership_dict(context: Context, partnership: Partnership) -> dict[str, Any]:
    out = partnership.dictize()
    out["active"] = partnership.active_on(datetime.date.today())
    out["datasets"] = _dataset_dicts(context, partnership.package_ids())
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
    package_ids = _resolve_datasets(context, data.get("datasets") or [])
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
        package = _visible_package(context, data["package_id"])
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


# --- usage ----------------------------------------------------------------------

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
    package = _visible_package(context, data["id"])
    if package is None:
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    per_month = usage.monthly([package.id])[package.id]
    return dict(
        {"dataset_id": package.id, "tracking": _tracking()}, **usage.totals(per_month),
        months=[dict({"month": m}, **v) for m, v in sorted(per_month.items())],
    )


# --- summary --------------------------------------------------------------------

def _public_packages(context: Context, organization: Optional[model.Group]) -> list[dict[str, Any]]:
    """Published (public, active) datasets of any type the caller may see."""
    fq = "+state:active +capacity:public"
    if organization is not None:
        fq += f' +owner_org:"{organization.id}"'
    out: list[dict[str, Any]] = []
    start = 0
    while True:
        result = tk.get_action("package_search")(_user_context(context), {
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
    org = _organization(data["organization"]) if data.get("organization") else None
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
    using_hvd = {s for pid, ss in showcases_of.items() if by_id[pid].get("type") == HVD_TYPE for s in ss}
    by_kind: dict[str, int] = {}
    for kind in kind_of.values():
        by_kind[kind] = by_kind.get(kind, 0) + 1

    def short(pkg: dict[str, Any]) -> dict[str, Any]:
        group = organizations.get(pkg.get("organization"))
        return {"id": pkg["id"], "name": pkg["name"], "title": pkg.get("title") or pkg["name"],
                "type": pkg.get("type"), "organization": group.name if group else None,
                "organization_title": (group.title or group.name) if group else None,
                "showcases": len(showcases_of.get(pkg["id"], ()))}

    hvd = [short(pkg) for pkg in packages if pkg.get("type") == HVD_TYPE]
    most_reused = sorted((short(by_id[pid]) for pid in showcases_of),
                         key=lambda d: (-d["showcases"], d["title"].lower()))[:top]

    # partnerships (those covering a dataset of the institution, for one)
    partnerships = tk.get_action("tmopendata_partnership_list")(_user_context(context), {})
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
