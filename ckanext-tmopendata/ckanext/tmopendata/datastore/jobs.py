"""Background loads (run by ``ckan jobs worker``, on the queue
ckanext-xloader's jobs use)."""
from __future__ import annotations

import datetime
import logging
from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)

JOB_TITLE = "tmopendata datastore load of resource {}"


def _queue() -> str:
    names = (tk.config.get("ckanext.xloader.queue_names") or "default").split()
    return names[0] if names else "default"


def job_id(resource_id: str, requested: datetime.datetime) -> str:
    """The RQ job id of the load of ``resource_id`` asked for at
    ``requested`` (the state's time): the status can look the job up."""
    return f"tmopendata-datastore-load-{resource_id}-{requested:%Y%m%dT%H%M%S%f}"


def enqueue(resource_id: str, requested: Optional[datetime.datetime] = None) -> Any:
    rq_kwargs: dict[str, Any] = {"timeout": int(tk.config.get("ckanext.tmopendata.datastore.job_timeout"))}
    if requested is not None:
        rq_kwargs["job_id"] = job_id(resource_id, requested)
    return tk.enqueue_job(
        load_in_background, [resource_id], title=JOB_TITLE.format(resource_id), queue=_queue(),
        rq_kwargs=rq_kwargs,
    )


def job_gone(resource_id: str, requested: datetime.datetime) -> bool:
    """Whether the queued load job is gone without having run the load:
    no longer in Redis (flushed, expired) or ended (failed, stopped,
    cancelled: e.g. its work horse killed before the load began). ``False``
    when Redis cannot be asked (nothing is known)."""
    from ckan.lib.redis import connect_to_redis
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    try:
        job = Job.fetch(job_id(resource_id, requested), connection=connect_to_redis())
        status = job.get_status(refresh=False)
    except NoSuchJobError:
        return True
    except Exception:
        log.warning("Could not ask Redis about the load job of resource %s", resource_id, exc_info=True)
        return False
    return str(getattr(status, "value", status)) in ("finished", "failed", "stopped", "canceled")


def enqueue_after_commit(resource_id: str, requested: Optional[datetime.datetime] = None) -> None:
    """Queue the load when the current transaction commits (a caller that
    deferred its commit: the worker must see what it wrote, e.g. the
    validation report). Rolled back, nothing is queued until that session
    commits something else; the job loads only what is valid anyway."""
    from sqlalchemy import event

    def committed(_session: Any) -> None:
        try:
            enqueue(resource_id, requested)
        except Exception:
            log.exception("Could not queue the load of resource %s", resource_id)

    event.listen(model.Session(), "after_commit", committed, once=True)


def load_in_background(resource_id: str) -> None:
    """Load through ``tmopendata_datastore_load`` (sync). Whatever happens,
    the state ends final: a crash of the action (or the job's timeout)
    is recorded as ``failed`` with the reason."""
    from ckanext.tmopendata.datastore.model import FAILED, UNFINISHED, DatastoreLoad

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    try:
        tk.get_action("tmopendata_datastore_load")(
            {"user": site_user["name"]}, {"resource_id": resource_id, "sync": True})
    except BaseException as e:
        model.Session.rollback()
        state = DatastoreLoad.get(resource_id)
        if state is not None and state.status in UNFINISHED:
            state.status = FAILED
            state.message = tk._("The load could not run: {reason}").format(reason=f"{type(e).__name__}: {e}")
            model.repo.commit()
        if isinstance(e, (tk.ObjectNotFound, tk.ValidationError)):
            log.info("Resource %s not loaded: %s", resource_id, e)
            return
        raise
