"""What differs between the CKAN lines the suite runs on (2.11 and 2.12),
in one place. The rest of the code base calls these and never tests the
CKAN version itself.

- :data:`CKAN_LINE`: the running CKAN's ``(major, minor)``.
- :func:`sanitize_html`: CKAN 2.11 cleans HTML with ``bleach``, 2.12 with
  ``nh3`` (bleach is no longer installed): the same allow-list on both.
- :func:`reindex_dataset`: CKAN 2.11 re-indexes a dataset on commit, 2.12
  only in its actions.
- :func:`set_datastore_active`: CKAN 2.12 removed the DataStore's
  ``set_datastore_active_flag``.
- :func:`csrf_covers_extensions`: CKAN 2.11 exempts extensions' blueprints
  from CSRF protection unless ``ckan.csrf_protection.ignore_extensions`` is
  false; 2.12 dropped the option and always protects them.
- :func:`inside_core_savepoint`: CKAN 2.12's ``package_update`` runs the
  plugins' ``after_dataset_update`` inside a SAVEPOINT it commits after
  them; 2.11 opens none.
"""
from __future__ import annotations

import logging
import re
from typing import Iterable, Mapping

import ckan

log = logging.getLogger(__name__)

CKAN_LINE: tuple[int, int] = tuple(int(part) for part in re.findall(r"\d+", ckan.__version__)[:2])  # type: ignore[assignment]


def sanitize_html(html: str, tags: Iterable[str], attributes: Mapping[str, Iterable[str]]) -> str:
    """``html`` with only ``tags`` and, on each tag, only its
    ``attributes`` left; other tags are stripped (their text kept), comments
    dropped. Uses nh3 when installed (CKAN 2.12), bleach otherwise (2.11)."""
    try:
        import nh3
    except ImportError:  # CKAN 2.11: bleach, as CKAN 2.11 itself
        import bleach

        return bleach.clean(html, tags=set(tags), attributes={k: list(v) for k, v in attributes.items()},
                            strip=True, strip_comments=True)
    return nh3.clean(html, tags=set(tags), attributes={k: set(v) for k, v in attributes.items()})


def csrf_covers_extensions() -> bool:
    """True when CKAN's CSRF protection applies to the extensions' views."""
    import ckan.plugins.toolkit as tk

    if CKAN_LINE >= (2, 12):
        return bool(tk.config.get("WTF_CSRF_ENABLED"))
    return bool(tk.config.get("WTF_CSRF_ENABLED")) and tk.config.get("ckan.csrf_protection.ignore_extensions") is False


def keep_csrf_exemptions_per_request(app) -> None:
    """CKAN 2.12.0 exempts a view from CSRF protection for the rest of the
    process after ONE request to it authenticated by the ``Authorization``
    header (``csrf.exempt(view)`` in ``ckan_before_request``; CKAN 2.11.6
    exempts that request only, ``csrf.exempt_this_request()``). Anyone with
    an API token could thus open a form to CSRF for every cookie session.
    Here: the views exempted while a request ran are exempt no longer once
    it ends (the views CKAN exempts by design at start-up are kept). A no-op
    on 2.11, or when Flask-WTF's registry is not where it was checked."""
    if CKAN_LINE < (2, 12):
        return
    from ckan.config.middleware.flask_app import csrf

    views = getattr(csrf, "_exempt_views", None)
    if not isinstance(views, set):
        log.warning("CSRF exemptions not found: CKAN 2.12's per-view exemptions stay for the process")
        return
    baseline = set(views)

    def forget(_exc=None) -> None:
        extra = views - baseline
        if extra:
            views.difference_update(extra)

    app.teardown_request(forget)


def reindex_dataset(package_id: str) -> None:
    """Bring the search index up to date with a dataset changed directly in
    the model (not through package_update), after the change is committed.

    CKAN 2.11 re-indexes a dataset whenever a change of it is committed
    (domain object notifications): nothing to do. CKAN 2.12 indexes only in
    its actions (``ckan.logic.index_update_package``): do what they do."""
    if CKAN_LINE < (2, 12):
        return
    from ckan.logic import index_update_package

    index_update_package({"ignore_auth": True}, package_id)


def set_datastore_active(resource_id: str, active: bool) -> None:
    """``datastore_active`` on a resource, as CKAN's DataStore actions set it:
    CKAN 2.11 with ``set_datastore_active_flag`` (one SQL statement and the
    index), CKAN 2.12 (which removed it) with ``resource_patch``, as a
    sysadmin. Raises what they raise; the caller commits/rolls back."""
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    from ckanext.datastore.logic import action as datastore_action

    legacy = getattr(datastore_action, "set_datastore_active_flag", None)
    if legacy is not None:
        legacy({"model": model, "ignore_auth": True, "user": ""},  # type: ignore[typeddict-unknown-key]
               {"resource_id": resource_id}, active)
        return
    from ckanext.tmopendata.lib.context_keys import SKIP_VALIDATION

    resource = model.Resource.get(resource_id)
    if resource is None or tk.asbool((resource.extras or {}).get("datastore_active")) == active:
        return  # as 2.12's datastore_create: no update when the flag is already so
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    # Only the flag changes, not the file: the update is not validated again
    # (else the validation would load the rows again, which sets the flag...).
    context = {"ignore_auth": True, "user": site_user["name"], SKIP_VALIDATION: True}
    if inside_core_savepoint():  # called from a hook of package_update
        context["defer_commit"] = True
    tk.get_action("resource_patch")(context, {"id": resource_id, "datastore_active": active})


def inside_core_savepoint() -> bool:
    """Whether the session is inside a SAVEPOINT a CKAN action opened around
    the plugins' hooks and commits after them.

    CKAN 2.12's ``package_update`` (hence ``resource_update``/``_patch``,
    ``package_patch``/``_revise``) calls ``IPackageController.edit`` and
    ``after_dataset_update`` inside ``Session.begin_nested()``: a hook that
    commits or rolls back the session there ends CKAN's transaction under
    it (``ResourceClosedError: This transaction is closed`` when CKAN then
    commits its savepoint). Hooks then act as for a caller that defers its
    commit (``defer_commit``): CKAN commits their work with the dataset's.
    CKAN 2.11 opens no savepoint around hooks: False there (the suite's own
    savepoints, ``lib/locks.py`` and procedures, never run hooks)."""
    import ckan.model as model

    return bool(model.Session().in_nested_transaction())
