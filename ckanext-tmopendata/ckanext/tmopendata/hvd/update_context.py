"""What one dataset update carries from the chained ``package_update``
(:mod:`.publication`) and the resource actions to the dataset hook
(:mod:`.hooks`): which resources existed before the update, and whether the
update is the one a ``resource_create``/``resource_update`` makes.

Own module so that the chained action and the hooks both read it without
importing each other.
"""
from __future__ import annotations

import contextvars
from typing import Any, Optional

from ckan.types import Context

#: Context key set by ``package_update``: ids of the dataset's resources
#: before the update, so that the hook validates the new ones.
RESOURCES_BEFORE = "tmopendata_resources_before"

#: Set on the context by resource_create/resource_update (before they call
#: package_update) so that the dataset hook leaves those resources to the
#: resource hook.
RESOURCE_ACTION = "tmopendata_resource_action"

#: The dataset whose resource ``resource_create``/``resource_update`` is
#: writing, for the same purpose: CKAN 2.12's ``resource_update`` hands
#: ``package_update`` a copy of its context taken before
#: ``before_resource_update``, so :data:`RESOURCE_ACTION` does not reach
#: ``package_update`` there. Claimed (read and cleared) at the start of that
#: dataset's ``package_update`` (:func:`claim_resource_action`), cleared when
#: the resource action ends.
_resource_action_dataset: contextvars.ContextVar[Optional[str]] = contextvars.ContextVar(
    "tmopendata_resource_action_dataset", default=None)


def resource_action_started(context: Context, package_id: Optional[str] = None) -> None:
    """before_resource_create / before_resource_update."""
    context[RESOURCE_ACTION] = True  # type: ignore[literal-required]
    _resource_action_dataset.set(package_id)


def claim_resource_action(context: Context, package_id: str) -> None:
    """Start of ``package_update`` of ``package_id``: if a resource action
    of that dataset is under way, this update is its own: mark its context
    as CKAN 2.11 passes it."""
    if package_id and _resource_action_dataset.get() == package_id:
        _resource_action_dataset.set(None)
        context[RESOURCE_ACTION] = True  # type: ignore[literal-required]


def resource_action_ended(context: Context) -> None:
    """after_resource_create / after_resource_update."""
    context.pop(RESOURCE_ACTION, None)  # type: ignore[misc]
    _resource_action_dataset.set(None)


def remember_resources(context: Context, existing: Optional[dict[str, Any]]) -> None:
    """``package_update``: the ids of the dataset's resources before it."""
    context[RESOURCES_BEFORE] = [r["id"] for r in (existing or {}).get("resources", [])]  # type: ignore[literal-required]


def resources_before(context: Context) -> set[str]:
    """The hook's side of :func:`remember_resources` (read once)."""
    return set(context.pop(RESOURCES_BEFORE, None) or [])  # type: ignore[misc]
