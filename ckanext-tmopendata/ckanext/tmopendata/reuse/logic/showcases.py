"""Showcases: proposed by anyone registered, public once approved."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.lib import locks
from ckanext.tmopendata.lib.actions import commit, now
from ckanext.tmopendata.lib.validation import validate_or_raise
from ckanext.tmopendata.reuse.logic import auth, schema
from ckanext.tmopendata.reuse.model import (
    APPROVED, PENDING, REJECTED, Showcase, ShowcaseDataset,
)



from ckanext.tmopendata.reuse.logic.lookups import (
    dataset_dicts, organization_or_404, resolve_datasets, visible_package,
)


def _showcase_dict(context: Context, showcase: Showcase) -> dict[str, Any]:
    out = showcase.dictize()
    out["datasets"] = dataset_dicts(context, showcase.package_ids())
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
    package_ids = resolve_datasets(context, data["datasets"])
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
        package = visible_package(context, data["package_id"])
        if package is None:
            raise tk.ValidationError({"package_id": [tk._("Dataset not found")]})
        query = query.filter(sa.exists().where(
            ShowcaseDataset.showcase_id == Showcase.id, ShowcaseDataset.package_id == package.id))
    if data.get("organization"):
        org = organization_or_404(data["organization"])
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
