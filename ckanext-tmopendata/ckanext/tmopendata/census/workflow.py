"""The census workflow, in one place: the states of an entry, their labels
and colours, the allowed transitions, who moves each one, what the pages'
bulk buttons do, how the dashboard groups the states, which states the
public sees, and the side rules of the transitions that need more than a
new state (``restricted``, ``published``).

To add or change a state: its constant and :data:`STATES`,
:data:`STATE_LABELS` (Romanian, English), :data:`STATE_CSS`,
:data:`TRANSITIONS` (and :data:`INSTITUTION_TRANSITIONS` when an
institution moves it, else only coordinators do), :data:`PUBLIC_STATES`,
:data:`DASHBOARD_GROUPS`, and, when going to it needs more than the new
state, a function in :data:`SIDE_RULES`. Outside this module only the
``status`` enum of the Table Schemas (``resources/census/*-schema.json``,
checked by the tests) and the Romanian translation of new messages follow.

The permission decision itself is made in ``logic/auth.py``
(``tmopendata_census_entry_transition``) from :func:`movers`; the action
(``logic/transitions.py``) applies :data:`TRANSITIONS` and
:data:`SIDE_RULES`.
"""
from __future__ import annotations

from typing import Any, Callable, NamedTuple, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.tmopendata.census.model import Entry

#: Workflow states.
DRAFT, SUBMITTED, UNDER_REVIEW = "draft", "submitted", "under_review"
APPROVED, RESTRICTED, REJECTED, DUPLICATE = "approved", "restricted", "rejected", "duplicate"
IN_PUBLICATION, PUBLISHED = "in_publication", "published"
STATES = (
    DRAFT, SUBMITTED, UNDER_REVIEW, APPROVED, RESTRICTED, REJECTED,
    DUPLICATE, IN_PUBLICATION, PUBLISHED,
)

#: Labels of the states: state -> (Romanian, English).
STATE_LABELS: dict[str, tuple[str, str]] = {
    DRAFT: ("ciornă", "draft"), SUBMITTED: ("trimisă", "submitted"),
    UNDER_REVIEW: ("în analiză", "under review"),
    APPROVED: ("aprobată pentru publicare", "approved for publication"),
    RESTRICTED: ("restricționată", "restricted"), REJECTED: ("respinsă", "rejected"),
    DUPLICATE: ("duplicat", "duplicate"), IN_PUBLICATION: ("în curs de publicare", "in publication"),
    PUBLISHED: ("publicată", "published"),
}

#: Bootstrap colour of each state's badge.
STATE_CSS: dict[str, str] = {
    DRAFT: "secondary", SUBMITTED: "info", UNDER_REVIEW: "primary",
    APPROVED: "success", RESTRICTED: "warning", REJECTED: "danger",
    DUPLICATE: "dark", IN_PUBLICATION: "info", PUBLISHED: "success",
}

#: Allowed transitions: from -> to states. Anything else is refused with a
#: message naming the allowed ones.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    DRAFT: (SUBMITTED,),
    SUBMITTED: (UNDER_REVIEW, DRAFT),          # coordinator takes it / sends back
    UNDER_REVIEW: (APPROVED, RESTRICTED, REJECTED, DUPLICATE, DRAFT),
    APPROVED: (IN_PUBLICATION, UNDER_REVIEW),
    RESTRICTED: (UNDER_REVIEW,),
    REJECTED: (UNDER_REVIEW,),
    DUPLICATE: (UNDER_REVIEW,),
    IN_PUBLICATION: (PUBLISHED, APPROVED),
    PUBLISHED: (),
}

#: Roles of an institution's organisation that edit its entries.
EDITING_ROLES = ("admin", "editor")

#: Transitions made by the institution: (from, to) -> roles of the entry's
#: organisation that move it. All other transitions are the coordinators'
#: (review and decision).
INSTITUTION_TRANSITIONS: dict[tuple[str, str], tuple[str, ...]] = {
    (DRAFT, SUBMITTED): ("admin",),
    (APPROVED, IN_PUBLICATION): EDITING_ROLES,
    (IN_PUBLICATION, PUBLISHED): EDITING_ROLES,
    (IN_PUBLICATION, APPROVED): EDITING_ROLES,
}

#: Institution transitions coordinators may not make in its place.
INSTITUTION_ONLY = ((DRAFT, SUBMITTED),)

#: States in which an entry appears in the public inventory (of a campaign
#: marked public): approved for publication, being published, published.
#: Drafts and entries under review are not yet validated by a coordinator;
#: restricted, rejected and duplicate entries never appear.
PUBLIC_STATES = (APPROVED, IN_PUBLICATION, PUBLISHED)

#: States from which an entry creates its dataset (approved; in
#: publication while no dataset is linked yet), see ``logic/handoff.py``.
HANDOFF_STATES = (APPROVED, IN_PUBLICATION)

#: Columns of the dashboard: name -> the states counted in it.
DASHBOARD_GROUPS: dict[str, tuple[str, ...]] = {
    "submitted": (SUBMITTED, UNDER_REVIEW),
    "approved": (APPROVED, IN_PUBLICATION),
    "published": (PUBLISHED,),
    "restricted": (RESTRICTED,),
    "rejected": (REJECTED, DUPLICATE),
}

#: What the pages' bulk buttons do: target state -> {current state: the
#: states an entry passes through to get there} (one transition per step;
#: an entry in another state is sent to the target directly).
BULK_PATHS: dict[str, dict[str, tuple[str, ...]]] = {
    SUBMITTED: {DRAFT: (SUBMITTED,)},
    UNDER_REVIEW: {SUBMITTED: (UNDER_REVIEW,)},
    APPROVED: {SUBMITTED: (UNDER_REVIEW, APPROVED), UNDER_REVIEW: (APPROVED,)},
}


class Movers(NamedTuple):
    """Who moves a transition: roles of the entry's organisation, and
    whether coordinators may."""

    roles: tuple[str, ...]
    coordinators: bool


def allowed(current: str, target: Optional[str]) -> bool:
    """Whether the workflow lets an entry go from ``current`` to ``target``."""
    return target in TRANSITIONS.get(current, ())


def movers(current: str, target: str) -> Movers:
    """Who moves the (allowed) transition ``current`` -> ``target``."""
    key = (current, target)
    if key in INSTITUTION_TRANSITIONS:
        return Movers(INSTITUTION_TRANSITIONS[key], key not in INSTITUTION_ONLY)
    return Movers((), True)


def state_named(state: str) -> str:
    """A state by its label in the page's language, and its code for the
    API: ``“aprobată pentru publicare” (approved)``."""
    return f"“{tk.h.tmopendata_census_label('status', state)}” ({state})"


def refusal(current: str, target: str) -> str:
    """Why the workflow refuses ``current`` -> ``target``: the allowed
    transitions from ``current``."""
    targets = TRANSITIONS.get(current, ())
    if targets:
        return tk._("An entry in state {current} cannot go to {target}; allowed: {allowed}.").format(
            current=state_named(current), target=state_named(target),
            allowed=", ".join(state_named(state) for state in targets))
    return tk._("An entry in state {current} cannot change state any more.").format(
        current=state_named(current))


# --- side rules ---------------------------------------------------------------------

class SideEffect(NamedTuple):
    """What a transition changes besides the state: data fields
    (``updates``, over the stored ones), text added to the history
    comment, the dataset linked to the entry."""

    updates: dict[str, Any]
    comment: Optional[str] = None
    package_id: Optional[str] = None


def _to_restricted(context: Context, entry: Entry, data: dict[str, Any]) -> SideEffect:
    """Going to ``restricted`` needs the legal category of the restriction
    (not ``none``) and its legal reason, given now or already stored; they
    are stored as the entry's ``access_restriction`` and
    ``restriction_reason``, and a reason given now is added to the
    comment."""
    stored = entry.data or {}
    category = data.get("access_restriction")
    if category == "none":
        raise tk.ValidationError({"access_restriction": [
            tk._("Choose the category of the restriction (not \"none\").")]})
    category = category or (stored.get("access_restriction") if stored.get("access_restriction") != "none" else None)
    reason = data.get("reason") or stored.get("restriction_reason")
    missing: dict[str, list[str]] = {}
    if not category:
        shown = ", ".join(choice["label"] for choice in tk.h.tmopendata_census_choices("access_restriction")
                          if choice["value"] != "none")
        missing["access_restriction"] = [tk._(
            "Choose the legal category of the restriction ({allowed}).").format(allowed=shown)]
    if not reason:
        missing["reason"] = [tk._("Give the legal reason of the restriction.")]
    if missing:
        raise tk.ValidationError(missing)
    return SideEffect({"access_restriction": category, "restriction_reason": reason}, data.get("reason"))


def _may_see_package(context: Context, package: model.Package) -> bool:
    if context.get("ignore_auth"):
        return True
    try:
        tk.check_access("package_show", {"user": context.get("user") or ""}, {"id": package.id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def _to_published(context: Context, entry: Entry, data: dict[str, Any]) -> SideEffect:
    """Going to ``published`` needs the published dataset (``package_id``,
    or the one already linked): an active, public dataset of the entry's
    institution, which the caller may see. It is linked to the entry, and
    its page becomes the entry's ``published_url`` when that is empty."""
    reference = data.get("package_id") or entry.package_id
    package = model.Package.get(reference) if reference else None
    if package is not None and not _may_see_package(context, package):
        package = None  # never name a dataset the caller cannot see
    if package is None or package.state != "active":
        raise tk.ValidationError({"package_id": [
            tk._("Link the published dataset: give the id or name of an existing dataset.")]})
    if package.owner_org != entry.organization_id:
        group = model.Group.get(entry.organization_id)
        institution = (group.title or group.name) if group else entry.organization_id
        raise tk.ValidationError({"package_id": [tk._(
            "The dataset \"{dataset}\" is not published by {institution}: link a dataset of the "
            "entry's institution.").format(dataset=package.name, institution=institution)]})
    if package.private:
        raise tk.ValidationError({"package_id": [tk._(
            "The dataset \"{dataset}\" is private: make it public before marking the entry as "
            "published.").format(dataset=package.name)]})
    updates = {}
    if not (entry.data or {}).get("published_url"):
        updates["published_url"] = tk.url_for("dataset.read", id=package.name, qualified=True)
    return SideEffect(updates, package_id=package.id)


#: Side rules: target state -> what going to it needs and changes (raises
#: ``ValidationError`` when something is missing).
SIDE_RULES: dict[str, Callable[[Context, Entry, dict[str, Any]], SideEffect]] = {
    RESTRICTED: _to_restricted,
    PUBLISHED: _to_published,
}
