"""Pages of the HVD plugin: validation report, JSON download, re-run,
data standards list; permissions and 404s."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.hvd.conftest import INVALID_CSV, VALID_CSV, inline

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def auth(user) -> dict:
    return {"Authorization": user["token"]}


def test_report_page_shows_verdict_counts_and_grouped_errors(app, org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], INVALID_CSV, schema=inline())
    url = f"/dataset/{dataset['name']}/resource/{res['id']}/validation"
    page = BeautifulSoup(app.get(url).body, "html.parser")
    assert page.select_one(".tmopendata-verdict .badge")["data-status"] == "failure"
    types = [h["data-type"] for h in page.select(".tmopendata-error-type")]
    assert sorted(types) == ["constraint-error", "primary-key", "type-error", "unique-error"]
    assert "The file has 5 error(s)." in page.get_text()
    # anonymous visitors see the report but not the button to re-run it
    assert page.find("button", string="Validate again") is None
    editor_page = app.get(url, headers=auth(users["editor"])).body
    assert "Validate again" in editor_page


def test_report_page_in_romanian(app, org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV, schema=inline())
    page = BeautifulSoup(
        app.get(f"/ro/dataset/{dataset['name']}/resource/{res['id']}/validation").body, "html.parser")
    assert page.select_one("h1.page-heading").get_text().startswith("Raport de validare")
    verdict = page.select_one(".tmopendata-verdict")
    badge = verdict.select_one(".badge")
    assert (badge["data-status"], badge.get_text(strip=True)) == ("success", "Valid")
    assert "Fișierul respectă standardul său de date." in verdict.get_text()


def test_json_report_download(app, org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], INVALID_CSV, schema=inline())
    resp = app.get(f"/dataset/{dataset['name']}/resource/{res['id']}/validation.json")
    assert resp.headers["Content-Disposition"].startswith("attachment;")
    assert resp.json["status"] == "failure"
    assert resp.json["report"]["error_count"] == 5


def test_badges_on_dataset_and_resource_pages(app, org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV, schema=inline())
    body = app.get(f"/dataset/{dataset['name']}").body
    page = BeautifulSoup(body, "html.parser")
    assert page.select_one(".tmopendata-dataset-validation .badge")["data-status"] == "success"
    resource_page = BeautifulSoup(app.get(f"/dataset/{dataset['name']}/resource/{res['id']}").body, "html.parser")
    assert resource_page.select_one(".tmopendata-badge")["data-status"] == "success"


def test_rerun_button_needs_editor_rights(app, org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV)
    url = f"/dataset/{dataset['name']}/resource/{res['id']}/validation/run"
    for role in ("member", "outsider", "other_editor", "other_admin"):
        app.post(url, headers=auth(users[role]), status=403)
    assert call_action("tmopendata_validation_list", resource_id=res["id"])["count"] == 1
    resp = app.post(url, headers=auth(users["editor"]), follow_redirects=False)
    assert resp.status_code == 302
    assert resp.headers["Location"].endswith(f"/resource/{res['id']}/validation")


def test_private_report_is_hidden(app, org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"], private=True)
    res = upload(users["editor"], dataset["id"], VALID_CSV)
    url = f"/dataset/{dataset['name']}/resource/{res['id']}/validation"
    app.get(url, status=404)  # CKAN hides private datasets from outsiders
    for role in ("outsider", "other_editor", "other_admin"):
        app.get(url, headers=auth(users[role]), status=404)
        app.get(url + ".json", headers=auth(users[role]), status=404)
    assert app.get(url, headers=auth(users["member"])).status_code == 200


def test_unknown_resource_is_404(app, org_with_users):
    org, _ = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    app.get(f"/dataset/{dataset['name']}/resource/nope/validation", status=404)
    other = factories.Resource(package_id=factories.Dataset(owner_org=org["id"])["id"])
    app.get(f"/dataset/{dataset['name']}/resource/{other['id']}/validation", status=404)


def test_hvd_report_lists_publication_checks(app, org_with_users, upload):
    org, users = org_with_users
    from ckan.tests.helpers import call_action

    dataset = call_action("package_create", {"user": users["editor"]["name"]}, type="hvd", name="hvd-x",
                          title="HVD", notes="x", owner_org=org["id"], private=True)
    res = upload(users["editor"], dataset["id"], VALID_CSV)
    body = app.get(f"/dataset/hvd-x/resource/{res['id']}/validation", headers=auth(users["editor"])).body
    page = BeautifulSoup(body, "html.parser")
    problems = [li.get_text() for li in page.select(".tmopendata-publication-problems li")]
    assert any("no data standard" in p for p in problems)
    assert any("Contact point" in p for p in problems)


def test_validation_status_facet_on_the_search_page(app, org_with_users, upload):
    org, users = org_with_users
    good = factories.Dataset(owner_org=org["id"])
    upload(users["editor"], good["id"], VALID_CSV, schema=inline())
    bad = factories.Dataset(owner_org=org["id"])
    upload(users["editor"], bad["id"], INVALID_CSV, schema=inline())
    group = factories.Group(packages=[{"id": good["id"]}, {"id": bad["id"]}])
    for path, title, labels in (
        ("/dataset/", "Data validation", {"Valid", "Invalid"}),
        ("/ro/dataset/", "Validarea datelor", {"Valid", "Invalid"}),
        (f"/organization/{org['name']}", "Data validation", {"Valid", "Invalid"}),
        (f"/group/{group['name']}", "Data validation", {"Valid", "Invalid"}),
    ):
        # the facet's values are shown with the badges' (translated) labels
        page = BeautifulSoup(app.get(path).body, "html.parser")
        facet = next((s for s in page.select("section.module-narrow")
                      if s.select_one("h2") and s.select_one("h2").get_text(strip=True) == title), None)
        assert facet is not None, (path, [h.get_text(strip=True) for h in page.select("section h2")])
        items = {a.get("href", "").split("validation_status=")[-1]: a for a in facet.select("a[href*='validation_status=']")}
        assert set(items) == {"success", "failure"}, (path, list(items))
        assert {a.select_one(".item-label").get_text(strip=True) for a in items.values()} == labels
    # following the facet filters the datasets
    page = BeautifulSoup(app.get("/dataset/?validation_status=failure").body, "html.parser")
    assert [a["href"].rstrip("/").split("/")[-1] for a in page.select(".dataset-heading a")] == [bad["name"]]
