"""CSRF: every POST route of the suite's blueprints (taken from the
application's URL map, so a new route cannot be forgotten) refuses a
request of a logged-in browser session without a valid ``_csrf_token``,
also with a foreign ``Origin``; the token of the session's forms is
accepted. ``ckan.csrf_protection.ignore_extensions = false`` in test.ini,
config/portal.ini and docker/.env.example (CKAN's default exempts
extensions)."""
from __future__ import annotations

import re

import pytest

from ckan.tests import factories

from tests.security.conftest import suite_rules

PASSWORD = "CorrectHorse-Battery-9"


def _token(html: str) -> str:
    match = re.search(r'name="_csrf_token" (?:type="hidden" )?value="([^"]+)"', html) or \
        re.search(r'<meta name="_csrf_token" content="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


@pytest.fixture
def browser(app, clean_db):
    """A cookie session of a sysadmin logged in through the login form
    (no API token: CKAN exempts requests authenticated by header)."""
    user = factories.Sysadmin(password=PASSWORD)
    client = app.test_client()
    token = _token(client.get("/user/login").get_data(as_text=True))
    resp = client.post("/user/login", data={"login": user["name"], "password": PASSWORD, "_csrf_token": token})
    assert resp.status_code == 200
    assert user["name"] in client.get("/dashboard/datasets").get_data(as_text=True)
    return client


def _url(rule) -> str:
    url = rule.rule
    for arg in rule.arguments:
        url = url.replace(f"<{arg}>", "x")
    return url


def _refused(resp) -> bool:
    return resp.status_code == 400 and "CSRF" in resp.get_data(as_text=True)


def test_csrf_protection_covers_the_extensions():
    import ckan.plugins.toolkit as tk

    from ckanext.tmopendata.lib.compat import CKAN_LINE, csrf_covers_extensions

    assert tk.config.get("WTF_CSRF_ENABLED") is True
    if CKAN_LINE < (2, 12):  # CKAN 2.12 dropped the option (extensions always covered)
        assert tk.config.get("ckan.csrf_protection.ignore_extensions") is False
    assert csrf_covers_extensions()


def test_every_post_route_refuses_a_request_without_token(app, browser):
    rules = suite_rules(app, "POST")
    assert len(rules) >= 10, [r.rule for r in rules]
    accepted = []
    for rule in rules:
        url = _url(rule)
        for headers in ({}, {"Origin": "https://evil.example", "Referer": "https://evil.example/x"}):
            resp = browser.post(url, data={"title": "x", "to_state": "submitted"}, headers=headers,
                                follow_redirects=False)
            if not _refused(resp):
                accepted.append((rule.rule, headers, resp.status_code))
        resp = browser.post(url, data={"_csrf_token": "forged-token"}, follow_redirects=False)
        if not _refused(resp):
            accepted.append((rule.rule, "forged token", resp.status_code))
    assert not accepted, accepted


def test_the_session_token_is_accepted(app, browser, ckan_config, monkeypatch):
    """Positive control: with the token of the session, the same kind of
    POST goes through (a campaign is created)."""
    token = _token(browser.get("/census/campaign/new").get_data(as_text=True))
    resp = browser.post("/census/campaign/new", follow_redirects=False, data={
        "_csrf_token": token, "name": "csrf-ok", "title": "Cu jeton", "status": "open"})
    assert resp.status_code == 302, resp.status_code
    assert resp.headers["Location"].endswith("/census/csrf-ok")


def test_every_post_form_of_the_suite_carries_the_token():
    """Static check of the suite's templates: each ``<form method="post">``
    contains ``h.csrf_input()`` (else the form would be refused)."""
    import pathlib

    import ckanext.tmopendata as package

    root = pathlib.Path(package.__file__).parent
    missing, forms = [], 0
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<form\b[^>]*>(.*?)</form>", text, re.S | re.I):
            if not re.search(r'method=["\']post["\']', match.group(0)[:300], re.I):
                continue
            forms += 1
            if "csrf_input()" not in match.group(1):
                missing.append(str(path.relative_to(root)))
    assert forms >= 10
    assert not missing, missing


def test_a_request_with_a_token_does_not_open_the_form_to_csrf(app, browser):
    """CKAN 2.12.0 exempts a view from CSRF for the whole process after one
    request authenticated by an API token (2.11.6: that request only): a
    token holder could open any suite form to CSRF for every cookie session.
    ``lib/compat.keep_csrf_exemptions_per_request`` keeps it per request."""
    holder = factories.UserWithToken()
    url = "/census/campaign/new"
    app.post(url, data={"title": "x"}, headers={"Authorization": holder["token"]})  # refused: not a coordinator
    resp = browser.post(url, data={"title": "x"}, follow_redirects=False)
    assert _refused(resp), (resp.status_code, resp.get_data(as_text=True)[:200])
    resp = browser.post(url, data={"title": "x", "_csrf_token": "forged-token"}, follow_redirects=False)
    assert _refused(resp), resp.status_code
