"""Import files kept for the confirmation step: after an import refused
because of bad rows, the page offers to import the valid rows without
choosing the file again. The file is kept on the server, under
``ckan.storage_path`` (or the system's temporary directory), in a directory
of the user who uploaded it, under a random token: only that user, for that
campaign, can use it, and only for a day.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import tempfile
import time
from pathlib import Path
from typing import Optional

import ckan.plugins.toolkit as tk

#: Seconds a kept file may be used.
MAX_AGE = 24 * 3600
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _root() -> Path:
    base = tk.config.get("ckan.storage_path") or tempfile.gettempdir()
    return Path(base) / "tmopendata_census_imports"


def _user_dir(user_id: str) -> Path:
    # the user's id, hashed: a fixed-length, path-safe directory name
    return _root() / hashlib.sha256(user_id.encode("utf-8")).hexdigest()[:32]


def _cleanup(directory: Path) -> None:
    now = time.time()
    for path in directory.glob("*"):
        try:
            if now - path.stat().st_mtime > MAX_AGE:
                path.unlink()
        except OSError:
            pass


def keep(user_id: str, campaign_id: str, filename: str, content: bytes) -> str:
    """Keep ``content`` for the user; returns the token naming it."""
    directory = _user_dir(user_id)
    directory.mkdir(parents=True, exist_ok=True)
    _cleanup(directory)
    token = secrets.token_hex(16)
    (directory / f"{token}.bin").write_bytes(content)
    (directory / f"{token}.json").write_text(json.dumps(
        {"campaign_id": campaign_id, "filename": os.path.basename(filename or "import.csv")}), encoding="utf-8")
    return token


def take(user_id: str, campaign_id: str, token: str) -> Optional[tuple[bytes, str]]:
    """The kept ``(content, filename)``, or ``None`` when the token is not
    one of this user's for this campaign, or is too old."""
    if not user_id or not isinstance(token, str) or not _TOKEN.match(token):
        return None
    directory = _user_dir(user_id)
    data, meta = directory / f"{token}.bin", directory / f"{token}.json"
    try:
        if time.time() - data.stat().st_mtime > MAX_AGE:
            return None
        info = json.loads(meta.read_text(encoding="utf-8"))
        if info.get("campaign_id") != campaign_id:
            return None
        return data.read_bytes(), info.get("filename") or "import.csv"
    except (OSError, ValueError):
        return None


def discard(user_id: str, token: str) -> None:
    if not user_id or not isinstance(token, str) or not _TOKEN.match(token):
        return
    directory = _user_dir(user_id)
    for suffix in (".bin", ".json"):
        try:
            (directory / f"{token}{suffix}").unlink()
        except OSError:
            pass
