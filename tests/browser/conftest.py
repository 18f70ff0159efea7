"""Browser fixtures: a real ``ckan run`` server on a free port, driven by
Debian's Chromium through Playwright for Python.

Playwright cannot download its own browser builds here: it drives
``/usr/bin/chromium`` (``apt-get install chromium``, done by
``scripts/setup.sh``) through ``executable_path``. axe-core comes from npm
(``scripts/setup.sh`` installs it under ``$TMOPENDATA_CACHE/npm``) and is
injected into pages by :func:`axe_violations`.

Environment:

* ``TMOPENDATA_BROWSER_HEADED=1``: show the browser window (needs a desktop
  or ``xvfb-run``); ``TMOPENDATA_BROWSER_SLOWMO=<ms>``: pause between
  actions (default 400 ms when headed, 0 otherwise).
* ``TMOPENDATA_CHROMIUM``: another Chromium executable.
* ``TMOPENDATA_SCREENSHOTS``: where journeys save their screenshots
  (default ``$TMOPENDATA_CACHE/run/screenshots``, one folder per journey).

Every page opened through :func:`browser_page` fails the test when it raises
an uncaught JavaScript error, and requests to any host but the live server
are aborted (the portal must not depend on outside resources).
"""
from __future__ import annotations

import json
import os
import re
import shutil

import pytest

from tests.live import serve

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CACHE = os.environ.get("TMOPENDATA_CACHE") or os.path.expanduser("~/.cache/ckanext-tmopendata")
SCREENSHOTS = os.environ.get("TMOPENDATA_SCREENSHOTS") or os.path.join(CACHE, "run", "screenshots")
AXE_JS = os.path.join(CACHE, "npm", "node_modules", "axe-core", "axe.min.js")
CHROMIUM = os.environ.get("TMOPENDATA_CHROMIUM") or "/usr/bin/chromium"
HEADED = os.environ.get("TMOPENDATA_BROWSER_HEADED", "") not in ("", "0", "false")
SLOW_MO = int(os.environ.get("TMOPENDATA_BROWSER_SLOWMO") or (400 if HEADED else 0))

#: Password of the users created by :func:`browser_user`.
PASSWORD = "Browser-Pass-2026"


def pytest_collection_modifyitems(config, items):
    """Every test of this folder is a ``browser`` test that needs the live
    server (``-m "not browser"`` leaves them out)."""
    here = os.path.dirname(os.path.abspath(__file__))
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.live_server)


@pytest.fixture(scope="session")
def live_server():
    """A real ``ckan run`` (test.ini, this worker's database, Solr site id
    and Redis db from the environment) on a free port, for the session
    (:func:`tests.live.serve`, single-threaded as before).

    Tests reset the database with ``clean_db`` as usual: the server reads
    the same database. ``ckan.site_url`` is the server's own address, so
    links the portal makes (e.g. download URLs of uploads) lead back to it.
    """
    with serve(threaded=False) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, launched once per session by Playwright."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} missing: scripts/setup.sh installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=not HEADED, slow_mo=SLOW_MO,
            args=["--no-sandbox", "--disable-dev-shm-usage"],
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(chromium, live_server):
    """Factory of pages, each in its own browser context (own cookies: one
    per person of a journey). ``browser_page()`` is an anonymous visitor;
    ``browser_page(user)`` logs ``user`` in through the real login form.

    Pages have ``base_url`` set to the live server (``page.goto("/dataset")``)
    and an English or Romanian UI (``locale``: the portal's prefix, ``/ro``
    or none). An uncaught JavaScript error on any page fails the test.
    """
    contexts = []
    js_errors: list[str] = []
    local = re.compile(r"^(?!https?://127\.0\.0\.1[:/]|data:|blob:|about:)")

    def factory(user: dict | None = None, *, width: int = 1280, height: int = 900):
        context = chromium.new_context(
            base_url=live_server, viewport={"width": width, "height": height},
            locale="en-GB",
        )
        context.set_default_timeout(30_000)
        context.route(local, lambda route: route.abort())
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc, page=page: js_errors.append(f"{page.url}: {exc}"))
        if user is not None:
            login(page, user["name"])
        return page

    yield factory
    for context in contexts:
        context.close()
    assert not js_errors, "JavaScript errors:\n" + "\n".join(js_errors)


def login(page, name: str, password: str = PASSWORD) -> None:
    """Log in through CKAN's login form (which carries its CSRF token)."""
    page.goto("/user/login")
    page.fill("#field-login", name)
    page.fill("#field-password", password)
    page.locator("form:has(#field-login) button[type=submit]").click()
    page.wait_for_load_state()
    # CKAN shows the login form again, with an error, when it fails.
    if page.locator("#field-login").count():
        raise AssertionError(f"login of {name} failed: {page.locator('.alert').all_inner_texts()}")


@pytest.fixture
def browser_user():
    """Factory of users who can log in through the form (password
    :data:`PASSWORD`; no outside avatar URL)."""
    from ckan.tests import factories

    def factory(**kwargs):
        kwargs.setdefault("password", PASSWORD)
        kwargs.setdefault("image_url", "")
        return factories.Sysadmin(**kwargs) if kwargs.pop("sysadmin", False) else factories.User(**kwargs)

    return factory


class Screenshots:
    """Numbered screenshots of one journey, in ``<SCREENSHOTS>/<journey>/``
    (emptied when the journey starts)."""

    def __init__(self, journey: str):
        self.folder = os.path.join(SCREENSHOTS, journey)
        shutil.rmtree(self.folder, ignore_errors=True)
        os.makedirs(self.folder, exist_ok=True)
        self.count = 0

    def __call__(self, page, name: str) -> str:
        self.count += 1
        page.wait_for_load_state("load")
        path = os.path.join(self.folder, f"{self.count:02d}-{name}.png")
        page.screenshot(path=path, full_page=True)
        return path


@pytest.fixture
def screenshots(request):
    """``screenshots(page, "name")`` saves a full-page PNG of the journey
    (folder named after the test, without ``test_``)."""
    return Screenshots(request.node.name.removeprefix("test_"))


def axe_violations(page, impacts=("critical", "serious")) -> list[dict]:
    """Run axe-core (from npm, see module docstring) on the page and return
    its violations of the given impacts, each as ``{id, impact, help,
    nodes: [target selectors...]}``."""
    if not os.path.exists(AXE_JS):
        pytest.fail(f"{AXE_JS} missing: scripts/setup.sh installs axe-core from npm")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE_JS)
    result = page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return r.violations; }"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [" ".join(map(str, n["target"])) + " :: " + n.get("failureSummary", "")[:200]
                   for n in v["nodes"]][:8]}
        for v in result if v["impact"] in impacts
    ]


def format_violations(violations) -> str:
    return json.dumps(violations, indent=1, ensure_ascii=False)
