"""Point 2 of issue 10: the resource form offers "Upload" (uploads are on
in test.ini, config/portal.ini and docker/.env.example) and an uploaded
file is served back by the portal."""
from __future__ import annotations

import pytest

from ckan.tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

CSV = "id,denumire\n1,Parcul Central\n"


def test_steward_uploads_a_file_through_the_resource_form(browser_page, browser_user, tmp_path):
    steward = browser_user()
    org = factories.Organization(users=[{"name": steward["name"], "capacity": "editor"}])
    dataset = factories.Dataset(owner_org=org["id"], name="parcuri-upload", license_id="cc-by")
    path = tmp_path / "parcuri.csv"
    path.write_text(CSV, encoding="utf-8")

    page = browser_page(steward)
    page.goto(f"/dataset/{dataset['name']}/resource/new")
    upload = page.locator("#resource-upload-button")
    assert upload.is_visible(), "the resource form offers no Upload button"
    with page.expect_file_chooser() as chooser:
        upload.click()
    chooser.value.set_files(str(path))
    page.locator("form#resource-edit button[name=save].btn-primary").click()
    page.wait_for_url(f"**/dataset/{dataset['name']}**")

    from ckan.tests.helpers import call_action

    res = call_action("package_show", id=dataset["id"])["resources"][0]
    assert res["url_type"] == "upload"
    assert res["url"].endswith("/parcuri.csv")
    visitor = browser_page()
    got = visitor.request.get(res["url"])
    assert got.status == 200
    assert got.text() == CSV
