"""What the DataStore plugin does when other actions succeed (CKAN signals).

Every validation, synchronous or in the background, ends through the HVD
plugin's ``tmopendata_validation_run`` action (the background job calls it
with the queued report's id), so one subscription covers both: a final
status (success, failure, error) asks ``tmopendata_datastore_load`` to act
(a failure is recorded and the rows of the last valid version stay).

A success is loaded at once, in the process that validated: in the worker's
job for a background validation (large or linked files), in the request for
a synchronous one (uploads up to ``validation.sync_max_bytes``): the rows
follow their validation without a second job. Inside a caller that defers
its commit (``defer_commit``) the load is queued for the worker instead, so
that the caller's transaction is left alone: the job is queued when that
transaction commits (before, the worker would not see the report).
"""
from __future__ import annotations

import logging
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)

FINAL = ("success", "failure", "error")


def validation_finished(sender: str, **kwargs: Any) -> None:
    result = kwargs.get("result") or {}
    context = kwargs.get("context") or {}
    if not isinstance(result, dict) or result.get("status") not in FINAL or not result.get("resource_id"):
        return
    load_context: dict[str, Any] = {"ignore_auth": True, "user": context.get("user") or ""}
    deferred = bool(context.get("defer_commit"))
    if deferred:
        load_context["defer_commit"] = True
        # CKAN's session does not autoflush: the report the caller has not
        # committed yet must reach the database for the load to read it.
        model.Session.flush()
    try:
        tk.get_action("tmopendata_datastore_load")(
            load_context, {"resource_id": result["resource_id"], "sync": not deferred})
    except (tk.ObjectNotFound, tk.ValidationError) as e:
        log.info("Resource %s not loaded: %s", result["resource_id"], e)
    except Exception:
        log.exception("Could not start loading resource %s", result["resource_id"])


def get_subscriptions() -> dict[Any, list[Any]]:
    return {
        tk.signals.action_succeeded: [
            {"sender": "tmopendata_validation_run", "receiver": validation_finished},
        ],
    }
