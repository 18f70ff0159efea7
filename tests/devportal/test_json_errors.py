"""Every API error of the suite is CKAN's JSON error object: the suite's
actions (over GET and POST, anonymous, with junk) and its machine-readable
endpoints (validation report JSON, data standard JSON, progress JSON)."""
from __future__ import annotations

import json

import pytest

from ckan import logic
import ckan.plugins.toolkit as tk

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

JUNK = [
    {},
    {"id": "nu-exista", "resource_id": "nu-exista", "name": "nu-exista", "package_id": "nu-exista"},
    {"id": ["a", "b"], "ids": "x" * 5000, "limit": "-1", "offset": "abc"},
]


def _suite_actions():
    tk.get_action("status_show")
    return sorted(n for n in logic._actions if n.startswith("tmopendata_"))


def assert_json_error(resp, where):
    assert resp.status_code < 500, (where, resp.status_code)
    assert resp.headers["Content-Type"].startswith("application/json"), (where, resp.headers["Content-Type"], resp.body[:200])
    body = json.loads(resp.body)
    assert body["success"] is False, where
    assert isinstance(body["error"], dict) and body["error"].get("__type"), (where, body)


def test_actions_answer_json_errors(app):
    checked = 0
    for name in _suite_actions():
        for data in JUNK:
            resp = app.post(f"/api/3/action/{name}", json=data, status=None)
            if resp.status_code == 200:
                continue
            assert_json_error(resp, (name, data))
            checked += 1
        resp = app.post(f"/api/3/action/{name}", data="{not json", content_type="application/json", status=None)
        assert_json_error(resp, (name, "bad json"))
    assert checked > 10


@pytest.mark.parametrize("path", [
    "/dataset/nu-exista/resource/nu-exista/validation.json",
    "/tmopendata/schemas/nu-exista/1.0/schema.json",
    "/tmopendata/schemas/tm-parcari/9.9/schema.json",
    "/api/3/action/tmopendata_status_shw",
    "/api/3/nothing-here",
    "/census/schema/nu-exista.json",
])
def test_json_endpoints_answer_json_errors(app, path):
    assert_json_error(app.get(path, status=None), path)


def test_abort_message_is_kept(app):
    resp = app.get("/tmopendata/schemas/tm-parcari/9.9/schema.json", status=None)
    assert resp.status_code == 404
    assert "9.9" in json.loads(resp.body)["error"]["message"]


def test_bad_json_body_is_an_error_object(app):
    resp = app.post("/api/3/action/tmopendata_status_show", data="{nu", content_type="application/json", status=None)
    assert resp.status_code == 400
    assert "JSON Error" in json.loads(resp.body)["error"]["message"]


def test_pages_keep_html_errors(app):
    resp = app.get("/tmopendata/schemas/nu-exista/1.0/", status=None)
    assert resp.status_code == 404 and resp.headers["Content-Type"].startswith("text/html")
