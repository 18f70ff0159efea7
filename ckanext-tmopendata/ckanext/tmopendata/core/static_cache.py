"""Browser caching of the portal's static files.

CKAN answers every file it serves with ``Cache-Control: public, max-age=
<ckan.cache_expires>, must-revalidate`` (0 by default): a browser asks again
for each of the ~20 style sheets, scripts, fonts and images of every page it
shows, and each of these requests goes through the whole of CKAN's request
handling (user, site settings from the database). Here, after CKAN:

- the bundles of webassets (``/webassets/<bundle>/<hash>_<name>``), whose
  names change with their content, may be kept a year, unchanged
  (``immutable``);
- the other files of the public directories (images, fonts, the city's
  logo) may be kept ``ckanext.tmopendata.static_max_age`` seconds (default a
  day; 0: CKAN's headers are left as they are).

Pages, API answers and downloads of uploaded files keep CKAN's headers.
"""
from __future__ import annotations

import re

import ckan.plugins.toolkit as tk
from flask import Response, request

#: A year: the longest lifetime HTTP caches are asked to honour.
IMMUTABLE_MAX_AGE = 365 * 24 * 3600
#: A webassets bundle: ``<bundle>/<8+ hex digits of its content>_<name>``.
HASHED_BUNDLE = re.compile(r"^[^/]+/[0-9a-f]{8,}_[^/]+$")


def _cacheable(response: Response, max_age: int, immutable: bool) -> None:
    cache = response.cache_control
    cache.no_cache = None
    cache.private = None
    cache.must_revalidate = False
    cache.public = True
    cache.max_age = max_age
    if immutable:
        cache.immutable = True


def set_headers(response: Response) -> Response:
    """after_request of the web application, run after CKAN's own."""
    if request.method not in ("GET", "HEAD") or response.status_code not in (200, 304):
        return response
    if request.endpoint == "webassets.index" and HASHED_BUNDLE.match((request.view_args or {}).get("path", "")):
        _cacheable(response, IMMUTABLE_MAX_AGE, immutable=True)
    elif request.endpoint == "static":
        max_age = tk.config.get("ckanext.tmopendata.static_max_age")
        if max_age and max_age > 0:
            _cacheable(response, max_age, immutable=False)
    return response


def install(app) -> None:
    """Run :func:`set_headers` after every other after_request function of
    the application (Flask runs them in the reverse order of registration:
    the first registered runs last), so after CKAN's cache headers."""
    app.after_request_funcs.setdefault(None, []).insert(0, set_headers)
