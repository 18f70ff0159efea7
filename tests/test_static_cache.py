"""Browser caching of static files (``core/static_cache.py``): webassets
bundles a year, other public files ``ckanext.tmopendata.static_max_age``;
pages, API answers and uploaded files keep CKAN's headers."""
from __future__ import annotations

import io
import re

import pytest
from werkzeug.datastructures import FileStorage

from ckan.tests import factories
from ckan.tests.helpers import call_action

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def _bundles(app, headers=None) -> list[str]:
    page = app.get("/dataset", headers=headers or {}).get_data(as_text=True)
    urls = re.findall(r'(?:src|href)="(/webassets/[^"]+)"', page)
    assert len(urls) >= 5, urls
    return urls


def _cache(resp) -> dict:
    return {k.strip().split("=")[0]: (k.split("=")[1] if "=" in k else True)
            for k in resp.headers.get("Cache-Control", "").split(",") if k.strip()}


def test_webassets_bundles_are_kept_a_year_unchanged(app):
    for url in _bundles(app):
        resp = app.get(url)
        assert resp.status_code == 200, url
        cache = _cache(resp)
        assert cache.get("max-age") == "31536000" and cache.get("immutable") and cache.get("public"), (url, cache)
        assert "no-cache" not in cache and "must-revalidate" not in cache and "private" not in cache


def test_public_files_are_kept_a_day_and_the_option_sets_it(app, ckan_config, monkeypatch):
    for url in ("/base/images/bg.png", "/tmopendata/logo.svg"):
        resp = app.get(url)
        assert resp.status_code == 200, url
        assert _cache(resp).get("max-age") == "86400" and _cache(resp).get("public"), url
    monkeypatch.setitem(ckan_config, "ckanext.tmopendata.static_max_age", 600)
    assert _cache(app.get("/base/images/bg.png")).get("max-age") == "600"
    # 0: CKAN's own headers (asked again every time)
    monkeypatch.setitem(ckan_config, "ckanext.tmopendata.static_max_age", 0)
    cache = _cache(app.get("/base/images/bg.png"))
    assert cache.get("max-age") == "0" and cache.get("must-revalidate") and "immutable" not in cache
    # the bundles, named after their content, stay a year
    assert _cache(app.get(_bundles(app)[0])).get("max-age") == "31536000"


def test_a_logged_in_user_gets_the_same_cacheable_files(app):
    user = factories.UserWithToken()
    headers = {"Authorization": user["token"]}
    url = _bundles(app, headers)[0]
    assert _cache(app.get(url, headers=headers)).get("max-age") == "31536000"
    assert _cache(app.get("/base/images/bg.png", headers=headers)).get("max-age") == "86400"


def test_pages_api_answers_and_uploaded_files_keep_ckans_headers(app):
    sysadmin = factories.Sysadmin()
    org = factories.Organization()
    dataset = factories.Dataset(owner_org=org["id"])
    res = call_action("resource_create", {"user": sysadmin["name"]}, package_id=dataset["id"],
                      url="date.csv", format="CSV", name="date.csv",
                      upload=FileStorage(io.BytesIO(b"a,b\n1,2\n"), "date.csv", content_type="text/csv"))
    for url in ("/", "/dataset", f"/dataset/{dataset['name']}", "/api/3/action/status_show",
                "/api/i18n/ro", "/catalog.ttl",
                f"/dataset/{dataset['id']}/resource/{res['id']}/download/date.csv"):
        resp = app.get(url)
        assert resp.status_code == 200, url
        cache = _cache(resp)
        assert cache.get("max-age") in (None, "0") and "immutable" not in cache, (url, cache)
    # a webassets path that is not a bundle named after its content
    resp = app.get("/webassets/vendor/does-not-exist.js")
    assert "immutable" not in _cache(resp)
