"""CORS for public read-only access (ckanext.tmopendata.cors.public_read)."""
from __future__ import annotations

import pytest

from ckan.tests import factories

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

ORIGIN = {"Origin": "https://app.example.org"}


def test_get_with_origin_is_allowed_without_credentials(app):
    resp = app.get("/api/3/action/package_search", headers=ORIGIN)
    assert resp.status_code == 200
    assert resp.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in resp.headers
    assert "POST" not in resp.headers["Access-Control-Allow-Methods"]
    assert "Authorization" not in resp.headers["Access-Control-Allow-Headers"]


def test_preflight(app):
    resp = app.options("/api/3/action/package_show", headers={
        **ORIGIN, "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "content-type"})
    assert resp.status_code in (200, 204)
    assert resp.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in resp.headers["Access-Control-Allow-Methods"]
    assert resp.headers["Access-Control-Max-Age"] == "86400"


def test_errors_and_dcat_carry_the_header_too(app):
    resp = app.get("/api/3/action/package_show", query_string={"id": "nu-exista"}, headers=ORIGIN)
    assert resp.status_code == 404 and resp.headers["Access-Control-Allow-Origin"] == "*"
    assert app.get("/catalog.ttl", headers=ORIGIN).headers["Access-Control-Allow-Origin"] == "*"
    assert app.get("/en/api/3/action/status_show", headers=ORIGIN).headers.get("Access-Control-Allow-Origin") == "*"


def test_writes_pages_and_no_origin_are_not_opened(app):
    user = factories.UserWithToken()
    resp = app.post("/api/3/action/package_create", json={"name": "x"},
                    headers={**ORIGIN, "Authorization": user["token"]}, status=None)
    assert "Access-Control-Allow-Origin" not in resp.headers
    assert "Access-Control-Allow-Origin" not in app.get("/dataset/", headers=ORIGIN).headers
    assert "Access-Control-Allow-Origin" not in app.get("/api/3/action/status_show").headers


@pytest.mark.ckan_config("ckanext.tmopendata.cors.public_read", "false")
def test_option_turns_it_off(app):
    assert "Access-Control-Allow-Origin" not in app.get("/api/3/action/status_show", headers=ORIGIN).headers
