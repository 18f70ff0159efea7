"""Every error of the API and of the suite's machine-readable endpoints is
CKAN's JSON error object::

    {"help": "...", "success": false,
     "error": {"__type": "Not Found Error", "message": "Not found: ..."}}

- CKAN's Action API answers a bad request (unknown action, body that is not
  JSON) with a bare JSON string (``"Bad request - JSON Error: ..."``):
  ``after_request`` wraps it into the error object (same status, the
  message kept).
- An HTTP error (``tk.abort``, unknown route, wrong method) under ``/api/``
  or of a suite JSON endpoint (``…/validation.json``, a standard's
  ``schema.json``, ``/tmopendata/progress.json``, the census schemas) is
  answered by CKAN's error page (HTML): here it is the JSON error object,
  with the abort's message. Other pages keep CKAN's HTML error page.
"""
from __future__ import annotations

import json
import re
from typing import Any, Callable

import ckan.plugins.toolkit as tk
from flask import Response, request
from werkzeug.exceptions import HTTPException, default_exceptions

#: Paths whose errors are JSON (after the locale prefix, if any).
JSON_PATHS = re.compile(
    r"^(/[a-z]{2}(_[A-Z]{2})?)?("
    r"/api/.*"
    r"|/dataset/[^/]+/resource/[^/]+/validation\.json"
    r"|/tmopendata/.*\.json"
    r"|/tmopendata/dump/.*"
    r"|/census/.*\.json"
    r")$"
)

#: ``__type`` of an HTTP status, as CKAN's Action API names them.
TYPES = {400: "Bad Request", 403: "Authorization Error", 404: "Not Found Error",
         409: "Validation Error"}


def _help() -> str:
    try:
        return tk.url_for("api.action", logic_function="help_show", ver=3, _external=True)
    except Exception:
        return ""


def error_object(status: int, message: str) -> dict[str, Any]:
    return {
        "help": _help(),
        "success": False,
        "error": {"__type": TYPES.get(status, "Error"), "message": message},
    }


def _json_response(status: int, message: str) -> Response:
    return Response(json.dumps(error_object(status, message)), status=status,
                    mimetype="application/json")


def wrap_bare_strings(response: Response) -> Response:
    """after_request: an API error whose body is a bare JSON string."""
    if response.status_code < 400 or not (request.path or "").startswith("/api/"):
        return response
    if response.is_streamed or not (response.mimetype or "").endswith("json"):
        return response
    try:
        body = json.loads(response.get_data(as_text=True))
    except ValueError:
        return response
    if isinstance(body, str):
        response.set_data(json.dumps(error_object(response.status_code, body)))
    return response


def install(app: Any) -> None:
    """Wrap CKAN's HTTP error handlers: JSON for the paths above."""
    spec = getattr(app, "error_handler_spec", {}).get(None, {})
    for code in default_exceptions:
        previous: dict[type, Callable[..., Any]] = dict(spec.get(code) or {})
        ckan_handler = next(iter(previous.values()), None)
        if ckan_handler is None:
            continue
        app.register_error_handler(code, _handler(ckan_handler))


def _handler(ckan_handler: Callable[..., Any]) -> Callable[..., Any]:
    def handler(error: HTTPException):
        if JSON_PATHS.match(request.path or ""):
            status = error.code or 500
            message = error.description or error.name
            if status == 404 and (request.path or "").startswith("/api/"):
                message = tk._("Not found") + ": " + message
            return _json_response(status, str(message))
        return ckan_handler(error)

    return handler
