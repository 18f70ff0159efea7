"""Copies of linked files kept after their validation succeeded.

A linked resource's file is downloaded once, through the suite's fetcher
(:mod:`~ckanext.tmopendata.lib.fetch`), to be validated. When that
validation succeeds, the copy is kept here under the validation report's
id, so that whatever uses the validated file next (the DataStore loader,
which runs right after the validation in the same worker job) reads the
very bytes that were validated instead of downloading the URL a second
time: no second, unchecked download, and no window for the file to change
between its validation and its use.

One copy per resource (a newer validation's copy replaces the older), each
named ``<resource id>__<report id>.<format>`` in
``<ckan.storage_path>/tmopendata/validated`` (the system's temporary folder
without a storage path). A copy is removed by its user when done, replaced
by a newer validation, or pruned after :data:`MAX_AGE` seconds; a user that
finds no copy (pruned, another machine) must fetch the URL again and check
what it reads against the validation.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
from typing import Optional

log = logging.getLogger(__name__)

#: seconds a copy is kept when nobody used it
MAX_AGE = 24 * 3600
_SAFE = re.compile(r"^[A-Za-z0-9-]+$")


def directory() -> str:
    import ckan.plugins.toolkit as tk

    base = tk.config.get("ckan.storage_path") or tempfile.gettempdir()
    return os.path.join(base, "tmopendata", "validated")


def _name(resource_id: str, report_id: str, suffix: str) -> Optional[str]:
    if not (_SAFE.match(resource_id or "") and _SAFE.match(report_id or "")):
        return None
    suffix = suffix if re.match(r"^\.[A-Za-z0-9]{1,8}$", suffix or "") else ".dat"
    return f"{resource_id}__{report_id}{suffix.lower()}"


def _copies_of(folder: str, resource_id: str) -> list[str]:
    if not _SAFE.match(resource_id or ""):
        return []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [n for n in names if n.startswith(resource_id + "__")]


def prune(max_age: int = MAX_AGE) -> None:
    """Remove the copies older than ``max_age`` seconds."""
    folder = directory()
    limit = time.time() - max_age
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_file() and entry.stat().st_mtime < limit:
                os.unlink(entry.path)
        except OSError:
            pass


def keep(resource_id: str, report_id: str, path: str) -> bool:
    """Keep the validated copy at ``path`` (a temporary file, moved here)
    as the copy validated by report ``report_id``; other copies of the
    resource go. ``False`` if it could not be kept (the caller then
    removes its temporary file)."""
    name = _name(resource_id, report_id, os.path.splitext(path)[1])
    if name is None:
        return False
    folder = directory()
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        for old in _copies_of(folder, resource_id):
            if old != name:
                os.unlink(os.path.join(folder, old))
        target = os.path.join(folder, name)
        partial = target + ".partial"
        shutil.move(path, partial)
        os.replace(partial, target)
        os.utime(target)
    except OSError:
        log.warning("Could not keep the validated copy of resource %s", resource_id, exc_info=True)
        return False
    prune()
    return True


def find(resource_id: str, report_id: Optional[str]) -> Optional[str]:
    """The path of the copy validated by report ``report_id``, or ``None``."""
    if not report_id:
        return None
    folder = directory()
    for name in _copies_of(folder, resource_id):
        stem = os.path.splitext(name)[0]
        if stem == f"{resource_id}__{report_id}" and not name.endswith(".partial"):
            return os.path.join(folder, name)
    return None


def discard(resource_id: str, report_id: Optional[str] = None) -> None:
    """Remove the resource's copy validated by ``report_id`` (used), or
    all its copies (the resource gone)."""
    folder = directory()
    for name in _copies_of(folder, resource_id):
        if report_id and os.path.splitext(name)[0] != f"{resource_id}__{report_id}":
            continue
        try:
            os.unlink(os.path.join(folder, name))
        except OSError:
            pass
