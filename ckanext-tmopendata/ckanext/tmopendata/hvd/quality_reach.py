"""Reachability of a dataset's linked URLs for the quality score: checked in
a background job through the suite's outbound policy (:mod:`lib.fetch`, a
GET that stops after the first bytes) and cached in Redis (no table): key
``tmopendata:quality:reach:<sha1 of the URL>`` -> JSON ``{"ok", "reason",
"checked"}``, kept ``ckanext.tmopendata.quality.reach_ttl`` seconds."""
from __future__ import annotations

import hashlib
import json
import logging
from typing import Any, Optional

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.lib import fetch
from ckanext.tmopendata.lib.actions import now

log = logging.getLogger(__name__)
PREFIX = "tmopendata:quality:reach:"
DEFAULT_TTL = 7 * 24 * 3600
FIRST_BYTES = 1024


class _Reached(Exception):
    """The server started sending the body: the URL answers 200."""


class _FirstBytes:
    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size >= FIRST_BYTES:
            raise _Reached()
        return len(data)


def _key(url: str) -> str:
    return PREFIX + hashlib.sha1(url.encode("utf-8")).hexdigest()


def _redis() -> Any:
    from ckan.lib.redis import connect_to_redis

    return connect_to_redis()


def cached(url: str) -> Optional[dict[str, Any]]:
    """The cached answer for ``url`` or None (never checked, expired, or
    Redis unavailable)."""
    try:
        raw = _redis().get(_key(url))
    except Exception:
        return None
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def store(url: str, ok: bool, reason: str = "") -> dict[str, Any]:
    answer = {"ok": ok, "reason": reason, "checked": now().isoformat()}
    ttl = tk.asint(tk.config.get("ckanext.tmopendata.quality.reach_ttl") or DEFAULT_TTL)
    _redis().set(_key(url), json.dumps(answer), ex=max(60, ttl))
    return answer


def check(url: str) -> dict[str, Any]:
    """GET ``url`` under the outbound policy and stop after the first bytes;
    cache and return the answer."""
    try:
        # the size limit is never reached: the first bytes stop the GET
        fetch.fetch(url, _FirstBytes(), fetch.Policy.from_config())  # type: ignore[arg-type]
        return store(url, True)
    except _Reached:
        return store(url, True)
    except fetch.FetchError as e:
        return store(url, False, str(e))


def linked_urls(dataset_dict: dict[str, Any]) -> list[str]:
    """The dataset's URLs that are not files uploaded to the portal."""
    return list(dict.fromkeys(
        r["url"] for r in dataset_dict.get("resources", [])
        if r.get("url") and r.get("url_type") != "upload" and str(r["url"]).startswith(("http://", "https://"))))


def check_dataset(dataset_id: str) -> None:
    """Background job: check every linked URL of a dataset."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    try:
        pkg = tk.get_action("package_show")({"user": site_user["name"]}, {"id": dataset_id})
    except tk.ObjectNotFound:
        return
    for url in linked_urls(pkg):
        answer = check(url)
        log.info("Quality: %s reachable=%s %s", url, answer["ok"], answer["reason"])
