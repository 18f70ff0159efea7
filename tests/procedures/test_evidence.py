"""Evidence: the "Mark as done" form takes it, and http(s) evidence is
shown as a link (anything else as text)."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.procedures.helpers import tmopendata_procedure_evidence_url
from tests.procedures.conftest import auth, ctx

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _step_cell(body: str, key: str):
    return BeautifulSoup(body, "html.parser").select_one(f'tr.tmopendata-step[data-step="{key}"]')


def test_mark_as_done_with_evidence(app, token_users):
    org, users = token_users
    pkg = factories.Dataset(owner_org=org["id"], private=False)
    call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=pkg["id"])
    page = BeautifulSoup(app.get(f"/dataset/{pkg['name']}/procedure", headers=auth(users["editor"])).body,
                         "html.parser")
    form = page.select_one('details[data-step="legal_check"] form:has(input[name="operation"][value="complete"])')
    assert form.select_one('input[name="evidence"]') is not None
    assert form.select_one("button").get_text(strip=True) == "Mark as done"
    url = "https://registratura.primariatm.ro/aviz/123?an=2026&tip=juridic"
    resp = app.post(f"/dataset/{pkg['name']}/procedure/step/legal_check", headers=auth(users["editor"]),
                    data={"operation": "complete", "evidence": url}, follow_redirects=False)
    assert resp.status_code == 302
    step = call_action("tmopendata_procedure_show", id=pkg["id"])["steps"][1]
    assert step["status"] == "done" and step["evidence"] == url
    cell = _step_cell(app.get(f"/dataset/{pkg['name']}/procedure").body, "legal_check")
    link = cell.select_one(".tmopendata-evidence a")
    assert link["href"] == url and link.get_text(strip=True) == url
    assert "nofollow" in link["rel"]
    # a note, or a URL of another scheme, is text
    app.post(f"/dataset/{pkg['name']}/procedure/step/standardise", headers=auth(users["editor"]),
             data={"operation": "complete", "evidence": "javascript:alert(1)"})
    app.post(f"/dataset/{pkg['name']}/procedure/step/identify", headers=auth(users["admin"]),
             data={"operation": "complete", "evidence": "Aviz nr. 12 https://x.example/a"})
    body = app.get(f"/dataset/{pkg['name']}/procedure").body
    for key, text in (("standardise", "javascript:alert(1)"), ("identify", "Aviz nr. 12 https://x.example/a")):
        cell = _step_cell(body, key)
        assert cell.select_one(".tmopendata-evidence a") is None
        assert text in cell.select_one(".tmopendata-evidence").get_text()


def test_mark_as_done_refused_keeps_the_evidence_typed(app, token_users):
    org, users = token_users
    pkg = factories.Dataset(owner_org=org["id"], private=False)
    call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=pkg["id"])
    # "approve" needs the earlier steps first
    resp = app.post(f"/dataset/{pkg['name']}/procedure/step/approve", headers=auth(users["admin"]),
                    data={"operation": "complete", "evidence": "https://x.example/decizie"}, status=400)
    page = BeautifulSoup(resp.body, "html.parser")
    assert "can be completed or skipped only after the earlier steps" in page.select_one(".tmopendata-errors").get_text()
    assert page.select_one("#complete-evidence-approve")["value"] == "https://x.example/decizie"


@pytest.mark.parametrize("value,url", [
    ("https://x.example/a", "https://x.example/a"),
    ("  http://x.example/a?b=1  ", "http://x.example/a?b=1"),
    ("HTTPS://X.example", "HTTPS://X.example"),
    ("ftp://x.example/a", None),
    ("javascript:alert(1)", None),
    ("https://", None),
    ("see https://x.example", None),
    ("", None),
    (None, None),
])
def test_evidence_url(value, url):
    assert tmopendata_procedure_evidence_url(value) == url
