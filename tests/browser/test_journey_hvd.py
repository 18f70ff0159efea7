"""Journey (c) of issue 10, in Chromium against a live ``ckan run``: a
steward creates a high-value dataset through the forms, uploads an invalid
CSV, reads the validation report, is refused publication, uploads a fixed
file and publishes; an anonymous visitor then sees the dataset, its report
and the progress figures. Screenshots: ``<screenshots>/journey_hvd/``
(see tests/browser/conftest.py)."""
from __future__ import annotations

import os

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = os.path.join(ROOT, "schemas", "tables", "tm-spatii-verzi", "1.0", "samples")
STANDARD = "tm-spatii-verzi@1.0"
ENVIRONMENT = "http://data.europa.eu/bna/c_dd313021"
#: The dataset edit form's "Update Dataset" button (the submit button without
#: a value). CKAN 2.12 puts an "Unpublish" button (``value=
#: "go-metadata-unpublish"``: the dataset back to draft) before it, with the
#: same name: the locator is strict, so it fails if it matches both.
UPDATE_DATASET = 'form#dataset-edit button[type="submit"][name="save"]:not([value])'


def _choose_file(page, path: str, control: str = "#resource-upload-button") -> None:
    """The resource form's "Upload" button (or, after "Clear Upload", the
    file input itself) opens the file chooser."""
    with page.expect_file_chooser() as chooser:
        page.click(control)
    chooser.value.set_files(path)


def _set_format(page, value: str) -> None:
    """The format field is CKAN's autocomplete (select2: 3.5 on CKAN 2.11,
    4.1 on CKAN 2.12, each with its own markup): open it, type and pick."""
    page.locator("#s2id_field-format a, #s2id_field-format, "
                 "#field-format + .select2-container .select2-selection").first.click()
    page.keyboard.type(value)
    page.locator(".select2-result-label, .select2-results__option", has_text=value).first.click()


def test_journey_hvd(browser_page, browser_user, screenshots, tmp_path):
    steward = browser_user(fullname="Ioana Steward", email="ioana@spatiiverzi.ro")
    factories.Organization(name="spatii-verzi", title="Spații Verzi Timișoara",
                           users=[{"name": steward["name"], "capacity": "editor"}])
    invalid = os.path.join(SAMPLES, "invalid-zero-area.csv")
    valid = tmp_path / "spatii-verzi.csv"  # the fixed file, another name than the first
    with open(os.path.join(SAMPLES, "valid.csv"), encoding="utf-8") as f:
        valid.write_text(f.read(), encoding="utf-8")

    page = browser_page(steward)

    # 1. "Add dataset" offers a high-value dataset; its form, stage 1
    page.goto("/dataset/")
    page.get_by_role("link", name="Add high-value dataset").click()
    page.wait_for_url("**/hvd/new")
    assert page.locator("h1, .breadcrumb").first.is_visible()
    # as a person does, type the title once the page's scripts are running:
    # CKAN's slug-preview module then writes the URL name from the title
    # (typed before it starts, the name stays empty and the form is refused)
    page.wait_for_load_state("networkidle")
    page.fill("#field-title", "Parcuri și spații verzi")
    page.wait_for_function("document.querySelector('#field-name').value.startsWith('parcuri')",
                           timeout=10_000)
    page.fill("#field-notes", "Parcurile, scuarurile și grădinile orașului.")
    page.select_option("#field-organizations", label="Spații Verzi Timișoara", force=True)
    page.check(f'input[name="hvd_category"][value="{ENVIRONMENT}"]')
    assert page.input_value("#field-applicable_legislation") == "http://data.europa.eu/eli/reg_impl/2023/138/oj"
    page.select_option("#field-license_id", "cc-by")
    page.fill("#field-contact-0-name", "Spații Verzi")
    page.fill("#field-contact-0-email", "date@spatiiverzi.ro")
    screenshots(page, "hvd-form")
    page.get_by_role("button", name="Next: Add Data").click()
    page.wait_for_url("**/resource/new")
    name = page.url.split("/hvd/")[1].split("/")[0]
    assert name.startswith("parcuri")

    # 2. upload the invalid CSV with the city's standard and finish
    _choose_file(page, invalid)
    page.select_option("#field-schema", STANDARD)
    screenshots(page, "resource-form")
    page.click('button[name="save"][value="go-metadata"]')
    page.wait_for_url(f"**/hvd/{name}")
    screenshots(page, "saved-private")
    # kept private, and the page says why
    assert page.locator(".dataset-private, .badge:has-text('Private')").count()
    missing = page.locator(".tmopendata-publication-problems").inner_text()
    assert "not valid" in missing and "API access" in missing

    # 3. the report, from the resource's badge
    page.locator("a.tmopendata-badge[data-status=failure]").first.click()
    page.wait_for_url("**/validation")
    report = page.locator("main, [role=main]").first.inner_text()
    assert "suprafata_mp" in report
    screenshots(page, "report-invalid")

    # 4. making it public is refused, with what is missing
    page.goto(f"/hvd/edit/{name}")
    page.select_option("#field-private", "False")
    page.locator(UPDATE_DATASET).click()
    errors = page.locator(".error-explanation").inner_text()
    assert "not valid" in errors and "API access" in errors
    screenshots(page, "publication-refused")
    assert call_action("package_show", id=name)["private"] is True

    # 5. a fixed file replaces the invalid one, and the API is added
    res_id = call_action("package_show", id=name)["resources"][0]["id"]
    page.goto(f"/hvd/{name}/resource/{res_id}/edit")
    page.get_by_role("button", name="Clear Upload").click()
    _choose_file(page, str(valid), "#field-resource-upload")
    page.click('form#resource-edit button[name="save"]')
    page.wait_for_url(f"**/hvd/{name}/resource/{res_id}")
    page.goto(f"/hvd/{name}/resource/new")
    page.click("#resource-link-button")
    page.fill("#field-resource-url", "https://api.primariatm.ro/spatii-verzi")
    page.fill("#field-name", "API spații verzi")
    _set_format(page, "API")
    # described as an API service (endpoint and documentation), as the gate asks
    page.locator('input[name="access_services-0-endpoint_url"]').first.fill("https://api.primariatm.ro/spatii-verzi")
    page.fill('[name="access_services-0-endpoint_description"]', "https://api.primariatm.ro/docs")
    page.click('button[name="save"][value="go-dataset-complete"]')
    page.wait_for_url(f"**/hvd/{name}")
    assert page.locator("a.tmopendata-badge[data-status=success]").count() == 1
    screenshots(page, "fixed")

    # 6. publish
    page.goto(f"/hvd/edit/{name}")
    page.select_option("#field-private", "False")
    page.locator(UPDATE_DATASET).click()
    page.wait_for_url(f"**/hvd/{name}")
    assert call_action("package_show", id=name)["private"] is False
    screenshots(page, "published")

    # 7. an anonymous visitor sees it, its report and the progress figures
    visitor = browser_page()
    visitor.goto("/hvd/")
    visitor.get_by_role("link", name="Parcuri și spații verzi").first.click()
    visitor.wait_for_url(f"**/{name}")
    assert "Parcurile, scuarurile" in visitor.content()
    screenshots(visitor, "visitor-dataset")
    visitor.locator("a.tmopendata-badge[data-status=success]").first.click()
    visitor.wait_for_url("**/validation")
    assert visitor.locator(".tmopendata-verdict .badge[data-status=success]").count() == 1
    screenshots(visitor, "visitor-report")
    visitor.goto("/tmopendata/progress")
    assert visitor.inner_text("#ind-hvd_published") == "1"
    assert visitor.inner_text("#ind-hvd_standardised") == "1"
    assert visitor.inner_text("#ind-resources_valid").replace(" ", "") == "1/1"
    screenshots(visitor, "visitor-progress")
