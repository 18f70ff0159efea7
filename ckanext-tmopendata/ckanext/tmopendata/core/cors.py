"""CORS for public, read-only access: a browser application on any site may
read the portal's API and catalogue anonymously.

``GET``/``HEAD`` answers (and ``OPTIONS`` preflights) of the Action API
(``/api/…``), the DCAT endpoints (``/catalog.*``, ``/dataset/<id>.ttl``…)
and the bulk metadata dump carry ``Access-Control-Allow-Origin: *``.
Credentials are never allowed (no ``Access-Control-Allow-Credentials``, no
``Authorization`` or API-token header in a preflight), so a foreign page
reads only what an anonymous visitor may read, and nothing that writes
(``POST``) is opened. Option ``ckanext.tmopendata.cors.public_read``
(default true) turns it off; CKAN's own ``ckan.cors.*`` options (every
method, token header allowed) still apply when set.
"""
from __future__ import annotations

import re

import ckan.plugins.toolkit as tk
from flask import Response, request

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
#: Paths opened to other origins (after the locale prefix, if any).
PUBLIC_PATHS = re.compile(
    r"^(/[a-z]{2}(_[A-Z]{2})?)?("
    r"/api(/.*)?"
    r"|/catalog\.[a-z]+"
    r"|/dataset/[^/]+\.(ttl|jsonld|rdf|xml|n3|nt)"
    r"|/tmopendata/dump/.*"
    r"|/tmopendata/schemas/.*"
    r")$"
)


def add_headers(response: Response) -> Response:
    """after_request of the web application."""
    if not tk.config.get("ckanext.tmopendata.cors.public_read"):
        return response
    if not request.headers.get("Origin") or request.method not in READ_METHODS:
        return response
    if not PUBLIC_PATHS.match(request.path or ""):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    response.headers.pop("Access-Control-Allow-Credentials", None)
    if request.method == "OPTIONS":
        response.headers["Access-Control-Max-Age"] = "86400"
    return response
