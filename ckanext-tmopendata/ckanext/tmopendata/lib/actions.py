"""Small helpers every plugin's actions use: the time, the commit rule, the
language of the request."""
from __future__ import annotations

import datetime

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context


def now() -> datetime.datetime:
    """The current time, naive UTC (as CKAN stores its timestamps)."""
    return datetime.datetime.utcnow()


def commit(context: Context) -> None:
    """Commit the session unless the caller asked to defer it (CKAN's
    ``defer_commit`` convention): only actions commit."""
    if not context.get("defer_commit"):
        model.repo.commit()


def lang() -> str:
    """The language of the current request, or the portal's default one
    outside a request (jobs, CLI)."""
    try:
        from ckan.lib.i18n import get_lang

        return get_lang() or tk.config.get("ckan.locale_default") or "en"
    except Exception:
        return tk.config.get("ckan.locale_default") or "en"
