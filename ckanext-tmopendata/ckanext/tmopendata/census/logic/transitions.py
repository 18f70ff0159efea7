"""The workflow action: move an entry from one state to another, with the
rules of :mod:`ckanext.tmopendata.census.workflow` (allowed transitions,
side rules) and a line in its audit trail."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.census import workflow
from ckanext.tmopendata.census.logic import schema
from ckanext.tmopendata.census.logic.dictize import Orgs, entry_dict
from ckanext.tmopendata.census.logic.entries import apply_data, changed_fields, record
from ckanext.tmopendata.census.logic.lookups import entry_or_404, lock_entry
from ckanext.tmopendata.lib.actions import commit, now
from ckanext.tmopendata.lib.validation import validate_or_raise


def tmopendata_census_entry_transition(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Move an entry through the workflow (``workflow.TRANSITIONS``; side
    rules ``workflow.SIDE_RULES``) and record it in its audit trail::

        draft → submitted → under_review → approved | restricted | rejected
        | duplicate; approved → in_publication → published

    (and back: submitted/under_review → draft, decisions → under_review,
    approved ↔ in_publication). Institution admins submit; coordinators
    review and decide; editors, admins and coordinators move approved
    entries through publication. A transition the workflow does not allow
    is refused with a ``ValidationError`` naming the allowed ones.

    :param id: id of the entry
    :type id: string
    :param to_state: the new state
    :type to_state: string
    :param comment: a comment kept in the history (optional)
    :type comment: string
    :param access_restriction: the legal category of the restriction,
        ``personal_data``, ``classified``, ``third_party_rights`` or
        ``commercial_confidentiality`` (required to go to ``restricted``
        unless the entry already has one; stored as the entry's
        ``access_restriction``)
    :type access_restriction: string
    :param reason: the legal reason (required to go to ``restricted``
        unless the entry already has one; stored as the entry's
        ``restriction_reason``)
    :type reason: string
    :param package_id: id or name of the published CKAN dataset (required
        to go to ``published``): an active, public dataset of the entry's
        institution (``owner_org``)
    :type package_id: string
    :param from_state: the state the caller saw (optional): if the entry is
        no longer in it, nothing changes and a ``ValidationError`` says
        which state it is in now
    :type from_state: string
    :returns: the entry (with its history)
    :rtype: dictionary

    Parallel transitions of one entry are served one after the other (the
    entry's row is locked): of two decisions sent at once, one wins and the
    other is refused with a ``ValidationError`` (HTTP 409) naming the state
    the entry is now in; the last line of the audit trail is always the
    entry's current state.
    """
    tk.check_access("tmopendata_census_entry_transition", context, data_dict)
    data = validate_or_raise(data_dict, schema.entry_transition(), context)
    entry = lock_entry(entry_or_404(data["id"]), data.get("from_state"))
    current, target = entry.status, data["to_state"]
    if not workflow.allowed(current, target):
        raise tk.ValidationError({"to_state": [workflow.refusal(current, target)]})
    comment = data.get("comment")
    changes: dict[str, Any] = {}
    rule = workflow.SIDE_RULES.get(target)
    if rule is not None:
        effect = rule(context, entry, data)
        stored = dict(entry.data or {})
        updated = dict(stored, **effect.updates)
        changes = changed_fields(stored, updated)
        if changes:
            apply_data(entry, updated)
        if effect.package_id:
            entry.package_id = effect.package_id
        if effect.comment:
            comment = "; ".join(x for x in (comment, effect.comment) if x)
    entry.status = target
    entry.modified = now()
    record(context, entry, "transition", from_state=current, to_state=target, comment=comment,
           changes=changes or None)
    commit(context)
    return entry_dict(entry, Orgs(), details=True, history=True)
