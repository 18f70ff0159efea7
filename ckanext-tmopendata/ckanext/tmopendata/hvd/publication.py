"""Publication of high-value datasets: the gate applied to CKAN's own
``package_create``, ``package_update`` and ``bulk_update_public`` (chained
actions), with the statuses of the validation reports
(:mod:`~ckanext.tmopendata.hvd.reports`) and the checks of
:mod:`~ckanext.tmopendata.hvd.gate`.

The gate applies to datasets of the configured HVD type
(``ckanext.tmopendata.hvd.dataset_type``) that would become public and
active; a sysadmin may override it with ``publication_override_reason``
(recorded in ``publication_override``).
"""
from __future__ import annotations

import json
import logging
from typing import Any, Optional

from flask import has_request_context

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan import authz
from ckan.types import Context, DataDict

from ckanext.tmopendata.hvd import reports, update_context
from ckanext.tmopendata.hvd.gate import publication_problems
from ckanext.tmopendata.lib.actions import now

log = logging.getLogger(__name__)

#: The action of ``tmopendata_datastore`` (another plugin, optional) saying
#: whether a dataset's tables are in the DataStore.
DATASTORE_STATUS = "tmopendata_datastore_status"


def hvd_type() -> str:
    """The scheming dataset type of high-value datasets."""
    return tk.config.get("ckanext.tmopendata.hvd.dataset_type")


def datastore_status(package_id: Optional[str]) -> Optional[dict[str, Any]]:
    """``tmopendata_datastore_status`` of a dataset, or ``None`` when that
    action is not available (plugin not loaded) or cannot answer."""
    if not package_id:
        return None
    try:
        action = tk.get_action(DATASTORE_STATUS)
    except KeyError:
        return None
    try:
        return action({"ignore_auth": True}, {"id": package_id})
    except (tk.ObjectNotFound, tk.ValidationError):
        return None


def problems_for(pkg: dict[str, Any]) -> list[str]:
    """What stops a stored dataset (a ``package_show`` dict) from being
    published as an HVD, judged on its validation reports (not on what the
    dict says) and the DataStore."""
    return publication_problems(reports.authoritative_statuses(pkg), datastore_status(pkg.get("id")))


def _changed_in_request(res: dict[str, Any], before: Optional[dict[str, Any]]) -> bool:
    """Whether a resource dict sent to package_update replaces what the
    stored resource ``before`` was validated with (file, URL, schema...)."""
    if before is None:
        return True
    if res.get("upload"):  # a new file (FileStorage is true when it has one)
        return True
    for key in ("schema", "format", "encoding"):
        if (res.get(key) or "") != (before.get(key) or ""):
            return True
    url, old = res.get("url") or "", before.get("url") or ""
    if before.get("url_type") == "upload" and res.get("url_type", "upload") == "upload":
        # package_show gives uploads a full download URL; clients may send the file name
        url, old = url.rsplit("/", 1)[-1], old.rsplit("/", 1)[-1]
    return url != old


def _tell_web_user(problems: list[str]) -> None:
    if has_request_context():
        tk.h.flash_error(
            tk._("The dataset was saved as private: it cannot be public yet. Missing: {problems}").format(
                problems=" ".join(problems)
            )
        )


def apply_gate(context: Context, data_dict: DataDict, existing: Optional[dict[str, Any]]) -> None:
    """Check (and adjust) a ``package_create`` / ``package_update`` request
    before CKAN runs it: client-sent ``publication_override`` and
    validation statuses are replaced by the stored ones; an HVD that would
    become public and fails a check is refused (``ValidationError``
    ``{"publication": [...]}``), kept private (the web form's last step),
    or published with a sysadmin's recorded override."""
    reason = data_dict.pop("publication_override_reason", None)
    # Only the override path below writes publication_override: whatever a
    # client sends is replaced by the stored record (or dropped).
    stored_override = (existing or {}).get("publication_override")
    if stored_override:
        data_dict["publication_override"] = stored_override
    else:
        data_dict.pop("publication_override", None)
    # Validation statuses come from the report table, never from the client.
    reports.apply_report_statuses(data_dict.get("resources"))
    pkg_type = data_dict.get("type") or (existing or {}).get("type")
    if pkg_type != hvd_type():
        return
    private = tk.asbool(data_dict.get("private", (existing or {}).get("private", False)))
    state = data_dict.get("state") or (existing or {}).get("state") or "active"
    if private or state != "active":
        return
    was_public = bool(existing) and not existing.get("private") and existing.get("state") == "active"
    if was_public:
        return
    merged = dict(existing or {})
    merged.update(data_dict)
    if "resources" not in data_dict and existing:
        merged["resources"] = existing.get("resources", [])
    checked = reports.authoritative_statuses(merged)
    # A file, URL or schema replaced in this very request has not been
    # validated yet: its previous report does not count.
    before = {r.get("id"): r for r in (existing or {}).get("resources", [])}
    for res in checked.get("resources", []):
        if _changed_in_request(res, before.get(res.get("id"))):
            res["validation_status"] = None
    problems = publication_problems(checked, datastore_status((existing or {}).get("id")))
    if not problems:
        return
    if reason:
        if not authz.is_sysadmin(context.get("user")):
            raise tk.ValidationError({"publication_override_reason": [
                tk._("Only sysadmins may publish an HVD that fails its checks.")]})
        data_dict["publication_override"] = json.dumps({
            "reason": reason, "user": context.get("user"),
            "at": now().isoformat(), "problems": problems,
        }, ensure_ascii=False)
        log.warning("HVD %s published by %s despite: %s", merged.get("name"), context.get("user"), problems)
        return
    if existing and existing.get("state") == "draft":
        # The last step of the web form (draft -> active): keep the new
        # dataset private instead of failing the request, and say why.
        data_dict["private"] = True
        _tell_web_user(problems)
        return
    raise tk.ValidationError({"publication": problems})


def bulk_publication_problems(data_dict: DataDict) -> dict[str, list[str]]:
    """For ``bulk_update_public``: the HVDs of the list that would become
    public and fail a publication check, by name, with what they miss."""
    ids = data_dict.get("datasets") or []
    if isinstance(ids, str):
        ids = [ids]
    candidates = (
        model.Session.query(model.Package)
        .filter(model.Package.id.in_([str(i) for i in ids]))
        .filter(model.Package.owner_org == data_dict.get("org_id"))
        .filter(model.Package.type == hvd_type())
        .filter(model.Package.state == "active")
        .filter(model.Package.private.is_(True))
        .order_by(model.Package.name)
        .all()
    )
    failing: dict[str, list[str]] = {}
    for pkg in candidates:
        shown = tk.get_action("package_show")({"ignore_auth": True, "use_cache": False}, {"id": pkg.id})
        shown["private"] = False
        problems = problems_for(shown)
        if problems:
            failing[pkg.name] = problems
    return failing


# --- chained core actions ----------------------------------------------------------

@tk.chained_action
def package_create(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    """Core ``package_create``, refusing a public HVD that fails its checks.

    ``publication_override`` and the resources' ``validation_status`` /
    ``validation_timestamp`` sent by the client are dropped (only the gate
    and the validation reports write them).
    """
    # Rights first (as core does before anything else): someone who may not
    # create the dataset learns nothing from the gate; and a refusal by the
    # gate comes after CKAN's auth audit saw the check.
    tk.check_access("package_create", context, data_dict)
    apply_gate(context, data_dict, None)
    return up_func(context, data_dict)


@tk.chained_action
def package_update(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    """Core ``package_update``, refusing to make an HVD public while any
    publication check fails (sysadmins may override with
    ``publication_override_reason``, which is recorded).

    ``publication_override`` keeps its stored value whatever the client
    sends, and each resource's ``validation_status`` /
    ``validation_timestamp`` are those of its latest validation report. After
    the update, resources whose URL, file, schema, format or encoding changed
    (and new ones) are validated again (see ``hooks.dataset_updated``).
    """
    existing = None
    ref = data_dict.get("id") or data_dict.get("name")
    if ref:
        pkg = model.Package.get(ref)
        if pkg is not None:
            # Rights first, as core package_update does: someone who may not
            # edit the dataset gets NotAuthorized, never the gate's list of
            # what it misses (which names its resources). It also keeps
            # CKAN's auth audit right when the gate refuses (the audit entry
            # of this call is removed by this check, not left in the context).
            context["package"] = pkg
            tk.check_access("package_update", context, data_dict)
            existing = tk.get_action("package_show")(
                {"ignore_auth": True, "use_cache": False}, {"id": pkg.id}
            )
    # for after_dataset_update: which resources are new in this update
    update_context.remember_resources(context, existing)
    if existing:
        update_context.claim_resource_action(context, existing["id"])
    apply_gate(context, data_dict, existing)
    return up_func(context, data_dict)


@tk.chained_action
def bulk_update_public(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    """Core ``bulk_update_public`` (the organisation's bulk "Make public"),
    refusing the whole request if any HVD of the list fails its publication
    checks; nothing is changed then.

    The error (``{"publication": [...]}``) names each refused dataset with
    what it misses. There is no override here, for sysadmins either: publish
    such a dataset on its own with ``package_patch`` and
    ``publication_override_reason`` (sysadmins only, recorded).
    """
    tk.check_access("bulk_update_public", context, data_dict)
    failing = bulk_publication_problems(data_dict)
    if failing:
        raise tk.ValidationError({"publication": [
            tk._('Dataset "{name}": {problem}').format(name=name, problem=problem)
            for name, problems in failing.items() for problem in problems
        ]})
    return up_func(context, data_dict)
