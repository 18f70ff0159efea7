"""Procedure pages: dataset procedure (with forms), institution page and the
overview with filters; 200/403/404 and forms re-rendered with errors."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from freezegun import freeze_time

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.procedures.conftest import auth, ctx

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def datasets(token_users):
    org, users = token_users
    public = factories.Dataset(owner_org=org["id"], private=False, title="Parcuri publice")
    private = factories.Dataset(owner_org=org["id"], private=True, title="Registru intern")
    return org, users, public, private


def test_dataset_procedure_page_for_readers_and_editors(app, datasets):
    org, users, public, private = datasets
    url = f"/dataset/{public['name']}/procedure"
    body = app.get(url).body
    assert "No procedure has been started" in body
    assert "Start the procedure" not in body
    editor_body = app.get(url, headers=auth(users["editor"])).body
    assert "Start the procedure" in editor_body
    call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=public["id"],
                started="2026-01-05", owners={"steward": users["editor"]["name"]})
    body = app.get(url).body
    assert "Legal check (personal data, anonymisation, licence)" in body
    # identify due, written as the template writes dates (h.render_datetime, readable, not ISO)
    with app.flask_app.test_request_context("/"):
        due = tk.h.render_datetime("2026-01-19")
    assert due and due != "2026-01-19"
    row = BeautifulSoup(body, "html.parser").select_one('tr.tmopendata-step[data-step="identify"]')
    assert due in row.get_text()
    assert users["editor"]["name"] in body
    assert 'data-step="publish" data-status="done"' in body
    assert "Mark as done" not in body  # anonymous: read only
    editor_body = app.get(url, headers=auth(users["editor"])).body
    assert "Mark as done" in editor_body
    assert "Delete the procedure" not in editor_body
    assert "Delete the procedure" in app.get(url, headers=auth(users["admin"])).body
    # the dataset page shows the procedure
    page = app.get(f"/dataset/{public['name']}").body
    assert "Publication procedure" in page
    assert 'href="/dataset/{}/procedure"'.format(public["name"]) in page


def test_private_and_missing_datasets(app, datasets):
    org, users, public, private = datasets
    call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=private["id"])
    url = f"/dataset/{private['name']}/procedure"
    app.get(url, status=404)
    app.get(url, headers=auth(users["outsider"]), status=404)
    assert "Registru intern" in app.get(url, headers=auth(users["member"])).body
    app.get("/dataset/no-such-dataset/procedure", status=404)
    # never in the lists for outsiders
    assert "Registru intern" not in app.get("/tmopendata/procedures").body
    assert "Registru intern" not in app.get(f"/organization/{org['name']}/procedures").body
    assert "Registru intern" in app.get("/tmopendata/procedures", headers=auth(users["member"])).body


def test_start_from_the_page(app, datasets):
    org, users, public, private = datasets
    url = f"/dataset/{public['name']}/procedure/start"
    app.post(url, headers=auth(users["member"]), data={"started": "2026-02-01"}, status=403)
    # bad input: the form comes back with the error and what was typed
    resp = app.post(url, headers=auth(users["editor"]), status=400,
                    data={"started": "2026-02-30", "owner_steward": users["member"]["name"]})
    assert "Not a valid date" in resp.body
    assert 'value="2026-02-30"' in resp.body
    assert f'value="{users["member"]["name"]}"' in resp.body
    resp = app.post(url, headers=auth(users["editor"]), follow_redirects=False,
                    data={"started": "2026-02-01", "owner_steward": users["member"]["name"]})
    assert resp.status_code == 302
    proc = call_action("tmopendata_procedure_show", id=public["id"])
    assert proc["started"] == "2026-02-01"
    assert next(s for s in proc["steps"] if s["key"] == "legal_check")["owner"] == users["member"]["name"]


def test_step_forms(app, datasets):
    org, users, public, private = datasets
    call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=private["id"],
                started="2026-01-01")
    base = f"/dataset/{private['name']}/procedure/step"
    editor = auth(users["editor"])
    resp = app.post(f"{base}/legal_check", headers=editor, follow_redirects=False,
                    data={"operation": "complete", "evidence": "aviz juridic nr. 5"})
    assert resp.status_code == 302
    # skip without a reason: re-rendered with the error
    resp = app.post(f"{base}/standardise", headers=editor, status=400, data={"operation": "skip", "reason": ""})
    assert "Say why the step “Standardise the structure (schema assigned)” is skipped" in resp.body
    assert "Missing value" not in resp.body
    # update with a bad date: the typed value is kept
    resp = app.post(f"{base}/standardise", headers=editor, status=400,
                    data={"operation": "update", "due": "2026-99-01", "evidence": "schema v2"})
    assert "Not a valid date" in resp.body
    assert 'value="2026-99-01"' in resp.body and 'value="schema v2"' in resp.body
    # out of order
    resp = app.post(f"{base}/approve", headers=auth(users["admin"]), status=400, data={"operation": "complete"})
    assert "can be completed or skipped only after the earlier steps" in resp.body
    # editors may not approve, members may not touch steps, unknown step
    app.post(f"{base}/approve", headers=editor, status=403, data={"operation": "complete"})
    app.post(f"{base}/standardise", headers=auth(users["member"]), status=403, data={"operation": "complete"})
    app.post(f"{base}/standardise", headers=auth(users["outsider"]), status=404, data={"operation": "complete"})
    resp = app.post(f"{base}/dance", headers=editor, status=400, data={"operation": "complete"})
    assert "This procedure has no such step" in resp.body
    proc = call_action("tmopendata_procedure_show", id=private["id"])
    step = next(s for s in proc["steps"] if s["key"] == "legal_check")
    assert step["status"] == "done" and step["evidence"] == "aviz juridic nr. 5"
    # delete: admins only
    app.post(f"/dataset/{private['name']}/procedure/delete", headers=editor, status=403)
    app.post(f"/dataset/{private['name']}/procedure/delete", headers=auth(users["admin"]), follow_redirects=False)
    assert "No procedure has been started" in app.get(
        f"/dataset/{private['name']}/procedure", headers=editor).body


@pytest.mark.parametrize("role", ["other_editor", "other_admin"])
def test_another_institution_may_not_touch_the_procedure(app, datasets, role):
    """Editor and admin of another institution: read-only on a public
    dataset's procedure, 404 on a private one, every form refused."""
    org, users, public, private = datasets
    other = auth(users[role])
    app.post(f"/dataset/{public['name']}/procedure/start", headers=other, status=403,
             data={"started": "2026-02-01"})
    for dataset in (public, private):
        call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=dataset["id"],
                    started="2026-01-01")
    body = app.get(f"/dataset/{public['name']}/procedure", headers=other).body
    assert "Legal check" in body and "Mark as done" not in body and "Delete the procedure" not in body
    app.get(f"/dataset/{private['name']}/procedure", headers=other, status=404)
    for dataset, status in ((public, 403), (private, 404)):
        base = f"/dataset/{dataset['name']}/procedure"
        app.post(f"{base}/step/identify", headers=other, status=status, data={"operation": "complete"})
        app.post(f"{base}/step/identify", headers=other, status=status,
                 data={"operation": "skip", "reason": "x"})
        app.post(f"{base}/step/identify", headers=other, status=status,
                 data={"operation": "update", "evidence": "x"})
        app.post(f"{base}/delete", headers=other, status=status)
        proc = call_action("tmopendata_procedure_show", ctx(users["editor"]), id=dataset["id"])
        step = next(s for s in proc["steps"] if s["key"] == "identify")
        assert step["status"] == "todo" and not step.get("evidence")
    assert "Registru intern" not in app.get("/tmopendata/procedures", headers=other).body


def test_overview_and_institution_pages_with_filters(app, datasets):
    org, users, public, private = datasets
    other = factories.Organization(title="Direcția de Mediu")
    green = factories.Dataset(owner_org=other["id"], title="Spatii verzi")
    with freeze_time("2025-01-01"):
        call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=public["id"])
    call_action("tmopendata_procedure_create", {"user": factories.Sysadmin()["name"]}, package_id=green["id"])
    body = app.get("/tmopendata/procedures").body
    assert "Parcuri publice" in body and "Spatii verzi" in body
    body = app.get("/tmopendata/procedures", query_string={"overdue": "true"}).body
    assert "Parcuri publice" in body and "Spatii verzi" not in body
    body = app.get("/tmopendata/procedures", query_string={"organization": other["name"]}).body
    assert "Parcuri publice" not in body and "Spatii verzi" in body
    body = app.get("/tmopendata/procedures", query_string={"step": "legal_check"}).body
    assert "No procedures match" in body
    resp = app.get("/tmopendata/procedures", query_string={"step": "dance"}, status=400)
    assert "Unknown step" in resp.body
    body = app.get(f"/organization/{org['name']}/procedures").body
    assert "Parcuri publice" in body and "Spatii verzi" not in body
    app.get("/organization/no-such-org/procedures", status=404)


def test_pages_in_romanian(app, datasets):
    org, users, public, private = datasets
    call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=public["id"])
    body = app.get(f"/ro/dataset/{public['name']}/procedure").body
    assert "Procedura de publicare" in body
    assert "Verificare juridică (date personale, anonimizare, licență)" in body
    assert "Finalizat" in body  # publish, observed
    body = app.get("/ro/tmopendata/procedures").body
    assert "Proceduri de publicare" in body and "Pasul curent" in body
