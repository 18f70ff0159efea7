"""The bulk metadata dump: every public dataset's ``package_show``, one
JSON object a line, gzipped, in one file served at a stable URL
(``/tmopendata/dump/datasets.jsonl.gz``), so that the whole catalogue
costs one download instead of one call per dataset.

- Built by ``tmopendata_dump_create`` (sysadmins; ``ckan tmopendata dump``
  runs it, e.g. from cron; ``background`` queues it for the worker).
- Read as an anonymous visitor: a private, draft or deleted dataset is
  never in it (``package_show`` with no user, which refuses them), and
  withheld links are left out as they are for visitors.
- Older than ``ckanext.tmopendata.dump.max_age`` seconds when someone asks
  for it: a rebuild is queued (the current file is still served).
- A dataset made private or deleted removes the file at once, so it is
  never downloadable from the dump afterwards; the next request for the
  dump queues the rebuild.
- Written to a temporary file and renamed, so a download never sees half a
  dump.
"""
from __future__ import annotations

import datetime
import gzip
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)

FILE_NAME = "datasets.jsonl.gz"
JOB_ID = "tmopendata-metadata-dump"


def folder() -> Optional[Path]:
    """Where the dump lives: ``ckanext.tmopendata.dump.path``, else
    ``<ckan.storage_path>/tmopendata/dump``; ``None`` without either."""
    configured = tk.config.get("ckanext.tmopendata.dump.path")
    if configured:
        return Path(configured)
    storage = tk.config.get("ckan.storage_path")
    return Path(storage) / "tmopendata" / "dump" if storage else None


def path() -> Optional[Path]:
    base = folder()
    return base / FILE_NAME if base else None


def public_dataset_ids() -> list[str]:
    rows = (
        model.Session.query(model.Package.id)
        .filter(model.Package.state == "active")
        .filter(model.Package.private == False)  # noqa: E712
        .order_by(model.Package.name)
        .all()
    )
    return [r[0] for r in rows]


def build() -> dict[str, Any]:
    """Write the dump; returns what ``tmopendata_dump_show`` says of it."""
    target = path()
    if target is None:
        raise tk.ValidationError({"path": [tk._(
            "Neither ckanext.tmopendata.dump.path nor ckan.storage_path is set")]})
    target.parent.mkdir(parents=True, exist_ok=True)
    show = tk.get_action("package_show")
    count = 0
    fd, tmp = tempfile.mkstemp(prefix=".dump-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", filename="datasets.jsonl") as out:
            for dataset_id in public_dataset_ids():
                try:
                    # an anonymous visitor's view: private datasets refused
                    data = show({"user": "", "ignore_auth": False}, {"id": dataset_id})
                except (tk.NotAuthorized, tk.ObjectNotFound):
                    continue
                if data.get("private") or data.get("state") != "active":
                    continue
                out.write(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n")
                count += 1
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    log.info("Metadata dump: %s datasets in %s", count, target)
    _write_meta(target, count)
    return info()


def _meta_path(target: Path) -> Path:
    return target.with_name(FILE_NAME + ".meta.json")


def _write_meta(target: Path, count: int) -> None:
    meta = {"datasets": count,
            "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}
    _meta_path(target).write_text(json.dumps(meta), encoding="utf-8")


def info() -> Optional[dict[str, Any]]:
    """The dump's figures, or ``None`` when there is none."""
    target = path()
    if target is None or not target.is_file():
        return None
    try:
        meta = json.loads(_meta_path(target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = {}
    stat = target.stat()
    return {
        "url": tk.url_for("tmopendata_dump.download", _external=True),
        "generated": meta.get("generated") or datetime.datetime.fromtimestamp(
            stat.st_mtime, datetime.timezone.utc).isoformat(timespec="seconds"),
        "datasets": meta.get("datasets"),
        "bytes": stat.st_size,
        "format": "application/jsonl+gzip",
    }


def age_seconds() -> Optional[float]:
    target = path()
    if target is None or not target.is_file():
        return None
    return datetime.datetime.now().timestamp() - target.stat().st_mtime


def invalidate() -> None:
    """A dataset left the public catalogue: remove the dump now, so it is
    not served with that dataset. The next request for it queues the
    rebuild (nothing is queued from inside a dataset's update)."""
    target = path()
    if target is None or not target.is_file():
        return
    target.unlink(missing_ok=True)


def refresh_job() -> dict[str, Any]:
    """Background job: rebuild the dump."""
    return build()


def enqueue() -> None:
    """Queue a rebuild, unless one is already waiting."""
    from ckan.lib import jobs

    try:
        queue = jobs.get_queue()
        if JOB_ID in queue.job_ids:
            return
        tk.enqueue_job(refresh_job, title="tmopendata: metadata dump", rq_kwargs={"job_id": JOB_ID})
    except Exception:
        log.exception("Could not queue the metadata dump")
