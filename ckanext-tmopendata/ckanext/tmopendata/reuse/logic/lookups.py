"""What the reuse actions share: the caller's context for nested calls,
datasets the caller may see, institutions."""
from __future__ import annotations

from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.tmopendata.lib.validators import reference

#: Datasets read per package_search page.
PAGE = 1000


def hvd_type() -> str:
    """The dataset type of high-value datasets (the HVD plugin's option)."""
    return tk.config.get("ckanext.tmopendata.hvd.dataset_type") or "hvd"


def user_context(context: Context) -> Context:
    """A fresh context as the same user, never with ``ignore_auth``."""
    return {"user": context.get("user") or "", "ignore_auth": False}


def visible_package(context: Context, ref: Any) -> Optional[model.Package]:
    """The active dataset ``ref`` (id or name) if the caller may see it."""
    package = model.Package.get(reference(ref))
    if package is None or package.state != "active":
        return None
    try:
        tk.check_access("package_show", user_context(context), {"id": package.id})
    except tk.NotAuthorized:
        return None
    return package


def resolve_datasets(context: Context, refs: list[str], field: str = "datasets") -> list[str]:
    """Ids of the datasets ``refs``, each of which the caller must see; a
    dataset the caller may not see is reported exactly like a missing one."""
    ids: list[str] = []
    missing: list[str] = []
    for ref in refs:
        package = visible_package(context, ref)
        if package is None:
            missing.append(ref)
        elif package.id not in ids:
            ids.append(package.id)
    if missing:
        raise tk.ValidationError({field: [
            tk._("Dataset not found: {names}").format(names=", ".join(missing))]})
    return ids


def dataset_dicts(context: Context, package_ids: list[str]) -> list[dict[str, Any]]:
    """Short dicts of the datasets the caller may see, in title order."""
    out = []
    for package_id in package_ids:
        package = visible_package(context, package_id)
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


def organization_or_404(ref: str) -> model.Group:
    org = model.Group.get(reference(ref))
    if org is None or not org.is_organization or org.state != "active":
        raise tk.ValidationError({"organization": [tk._("Institution not found")]})
    return org
