"""Small helpers every plugin's views use: the caller's context, "may the
caller do this", and the messages of a ValidationError on one line."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user


def context() -> dict[str, Any]:
    """A fresh action context for the logged-in user (or anonymous)."""
    return {"user": current_user.name if current_user.is_authenticated else ""}


def can(action: str, data_dict: dict[str, Any]) -> bool:
    """Whether the current user passes ``action``'s auth function."""
    try:
        tk.check_access(action, context(), data_dict)
        return True
    except tk.NotAuthorized:
        return False


def error_messages(error: tk.ValidationError) -> dict[str, list[str]]:
    """A ValidationError's messages per field, each a list of strings."""
    out: dict[str, list[str]] = {}
    for field, messages in (error.error_dict or {}).items():
        if isinstance(messages, dict):
            messages = [f"{k}: {v}" for k, v in messages.items()]
        elif not isinstance(messages, list):
            messages = [messages]
        out[field] = [str(m) for m in messages]
    return out


def error_text(error: tk.ValidationError) -> str:
    """Every message of the error on one line (flash messages, 400 pages)."""
    return " ".join(m for msgs in error_messages(error).values() for m in msgs)
