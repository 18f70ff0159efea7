"""End-to-end journeys (a) and (b) of issue 10, in Chromium against a live
``ckan run`` server (fixtures in ``conftest.py``); screenshots in
``<TMOPENDATA_SCREENSHOTS>/census_inventory`` and ``.../census_to_procedure``.

(a) A steward imports a spreadsheet with bad rows, imports the valid rows
    (without choosing the file again), fixes the bad one, scores an entry
    and submits them in bulk; a coordinator approves one and restricts one
    (a refused attempt keeps what was typed); the inventory is published and
    an anonymous visitor sees it, without the restricted entry.
(b) From an approved entry a steward creates the draft dataset and its
    publication procedure in one step, completes a step with evidence and
    skips one with a reason (a refusal names the step by its title).
"""
from __future__ import annotations

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

HEADER = "Instituție,Denumire set de date,Mod de stocare,E-mail responsabil,Cereri de informații pe an\n"
BAD = (HEADER
       + "directia de mediu,Spații verzi,GIS,spatii@example.org,3\n"
       + "directia de mediu,Arbori,nor,x,multe\n"
       + "Direcția de Mediu,Zgomot,hârtie,,0\n")
FIXED = BAD.replace("Arbori,nor,x,multe", "Arbori,bază de date,arbori@example.org,5")


@pytest.fixture
def people(browser_user):
    steward, coordinator = browser_user(), browser_user()
    org = factories.Organization(name="directia-mediu", title="Direcția de Mediu",
                                 users=[{"name": steward["name"], "capacity": "admin"}])
    # publishes the inventory: the coordinator must be allowed to create datasets there
    factories.Organization(name="primaria-timisoara", title="Primăria Timișoara",
                           users=[{"name": coordinator["name"], "capacity": "editor"}])
    # the institution takes part in the campaign (only named institutions do)
    campaign = call_action("tmopendata_census_campaign_create", {"user": factories.Sysadmin()["name"]},
                           name="recensamant-2026", title="Recensământ 2026",
                           coordinators=[coordinator["name"]], organizations=[org["name"]])
    return steward, coordinator, org, campaign


def flash(page) -> str:
    return " ".join(page.locator(".flash-messages .alert").all_inner_texts())


def entry_ids(campaign, user):
    listed = call_action("tmopendata_census_entry_list", {"user": user["name"]}, campaign_id=campaign["id"])
    return {e["title"]: e for e in listed["results"]}


def test_census_inventory(browser_page, people, screenshots, tmp_path):
    steward, coordinator, org, campaign = people
    bad, fixed = tmp_path / "inventar.csv", tmp_path / "inventar-corectat.csv"
    bad.write_text(BAD, encoding="utf-8")
    fixed.write_text(FIXED, encoding="utf-8")
    base = f"/census/{campaign['name']}"

    # 1. the steward imports a file with a bad row: nothing is imported, row 3 is explained
    page = browser_page(steward)
    page.goto(f"{base}/import")
    page.set_input_files("#field-upload", str(bad))
    page.locator("form.tmopendata-census-import-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".tmopendata-census-import-summary").get_attribute("data-imported") == "false"
    assert page.locator(".tmopendata-census-import-errors tr[data-row='3']").count() >= 2
    screenshots(page, "import-refused")

    # 2. the valid rows, without choosing the file again
    page.locator(".tmopendata-census-import-pending button[type=submit]").click()
    page.wait_for_load_state()
    assert "Entries created: 2" in page.locator(".tmopendata-census-import-summary").inner_text()
    screenshots(page, "valid-rows-imported")

    # 3. the corrected file: the fixed row is created, the others are unchanged
    page.set_input_files("#field-upload", str(fixed))
    page.locator("form.tmopendata-census-import-form button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator(".tmopendata-census-import-summary").inner_text()
    assert "Entries created: 1" in summary and "Unchanged: 2" in summary, summary
    entries = entry_ids(campaign, steward)
    assert set(entries) == {"Spații verzi", "Arbori", "Zgomot"}
    assert entries["Arbori"]["organization"] == "directia-mediu"  # named by its title in the file

    # 4. scoring: the openness questionnaire of one entry
    green = entries["Spații verzi"]
    page.goto(f"/census/entry/{green['id']}/edit")
    for question in ("q_exists", "q_digital", "q_public", "q_free", "q_online", "q_machine_readable"):
        page.select_option(f"#field-{question}", "da")
    page.locator("form button[name=save]").click()
    page.wait_for_url(f"**/census/entry/{green['id']}")
    score = page.locator(".tmopendata-census-scores tr[data-score='openness_score'] td").inner_text()
    assert float(score) > 0
    screenshots(page, "scored")

    # 5. bulk submit of the drafts
    page.goto(f"{base}/entries")
    boxes = page.locator("input.tmopendata-census-select")
    assert boxes.count() == 3
    for i in range(boxes.count()):
        boxes.nth(i).check()
    screenshots(page, "drafts-selected")
    page.locator(".tmopendata-census-bulk button[value=submitted]").click()
    page.wait_for_load_state()
    assert flash(page).count("status changed to submitted") == 3, flash(page)
    screenshots(page, "submitted")

    # 6. the coordinator approves one in the review queue (bulk, one entry)
    boss = browser_page(coordinator)
    boss.goto(f"{base}/review")
    boss.locator(f"input.tmopendata-census-select[value='{green['id']}']").check()
    boss.locator(".tmopendata-census-bulk button[value=approved]").click()
    boss.wait_for_load_state()
    assert "“Spații verzi”: status changed to approved for publication." in flash(boss), flash(boss)
    screenshots(boss, "approved")

    # 7. ... and restricts another: without a category it is refused, what was typed stays
    trees = entries["Arbori"]
    boss.goto(f"/census/entry/{trees['id']}")
    boss.locator("button.tmopendata-census-to[value=under_review]").click()
    boss.wait_for_load_state()
    boss.fill("#field-comment", "Conține adresele proprietarilor")
    boss.fill("#field-reason", "Legea 190/2018, art. 4")
    boss.locator("button.tmopendata-census-to[value=restricted]").click()
    boss.wait_for_load_state()
    errors = boss.locator(".tmopendata-census-transition-errors").inner_text()
    assert "personal data" in errors and "personal_data" not in errors, errors
    assert boss.input_value("#field-comment") == "Conține adresele proprietarilor"
    assert boss.input_value("#field-reason") == "Legea 190/2018, art. 4"
    screenshots(boss, "restriction-refused-typed-kept")
    boss.select_option("#field-access_restriction", "personal_data")
    boss.locator("button.tmopendata-census-to[value=restricted]").click()
    boss.wait_for_load_state()
    assert boss.locator("h1 .tmopendata-census-state").get_attribute("data-state") == "restricted"
    screenshots(boss, "restricted")

    # 8. the inventory is published
    boss.goto(base)
    boss.locator(f"form[action$='{base}/publish'] button[type=submit]").click()
    boss.wait_for_load_state()
    assert "The public inventory was published." in flash(boss), flash(boss)
    screenshots(boss, "inventory-dataset")

    # 9. an anonymous visitor sees the approved entry, never the restricted one
    visitor = browser_page()
    visitor.goto(f"{base}/inventory")
    text = visitor.locator(".tmopendata-census").inner_text()
    assert "Spații verzi" in text and "Arbori" not in text
    screenshots(visitor, "public-inventory")


def test_census_to_procedure(browser_page, people, screenshots):
    steward, _coordinator, org, campaign = people
    entry = call_action("tmopendata_census_entry_create", {"user": steward["name"]}, campaign_id=campaign["id"],
                        organization=org["name"], title="Registrul spațiilor verzi",
                        description="Suprafețele verzi, pe parcele.", update_frequency="ANNUAL")
    for state in ("submitted", "under_review", "approved"):
        call_action("tmopendata_census_entry_transition", {"user": factories.Sysadmin()["name"]},
                    id=entry["id"], to_state=state)

    # 1. one click on the approved entry: the draft dataset and its procedure
    page = browser_page(steward)
    page.goto(f"/census/entry/{entry['id']}")
    screenshots(page, "approved-entry")
    page.locator(".tmopendata-census-create-dataset button[type=submit]").click()
    page.wait_for_url("**/dataset/registrul-spatiilor-verzi/procedure")
    assert "publication procedure started" in flash(page), flash(page)
    assert page.locator("tr.tmopendata-step[data-step='identify']").get_attribute("data-status") == "done"
    screenshots(page, "procedure-started")

    # 2. complete a step with evidence
    step = page.locator("details.tmopendata-step-forms[data-step='standardise']")
    step.locator("summary").click()
    step.locator("#complete-evidence-standardise").fill("https://date.example.ro/standarde/spatii-verzi@1.0")
    step.locator("form:has(input[value=complete]) button[type=submit]").click()
    page.wait_for_load_state()
    done = page.locator("tr.tmopendata-step[data-step='standardise']")
    assert done.get_attribute("data-status") == "done"
    assert "spatii-verzi@1.0" in done.inner_text()
    screenshots(page, "step-done-with-evidence")

    # 3. skip one: without a reason the refusal names the step by its title
    step = page.locator("details.tmopendata-step-forms[data-step='legal_check']")
    step.locator("summary").click()
    step.locator("form:has(input[value=skip]) button[type=submit]").click()
    page.wait_for_load_state()
    message = page.locator(".tmopendata-errors").inner_text()
    assert "Legal check (personal data, anonymisation, licence)" in message and "Missing value" not in message
    step = page.locator("details.tmopendata-step-forms[data-step='legal_check']")
    step.locator("#reason-legal_check").fill("Fără date personale: parcele publice")
    step.locator("form:has(input[value=skip]) button[type=submit]").click()
    page.wait_for_load_state()
    skipped = page.locator("tr.tmopendata-step[data-step='legal_check']")
    assert skipped.get_attribute("data-status") == "skipped"
    assert "Fără date personale" in skipped.inner_text()
    screenshots(page, "step-skipped")

    # 4. the draft dataset is private, prefilled and links back to the entry
    page.goto("/dataset/registrul-spatiilor-verzi")
    assert page.locator(".tmopendata-census-entry-link").get_attribute("href").endswith(f"/census/entry/{entry['id']}")
    screenshots(page, "draft-dataset")
    visitor = browser_page()
    assert visitor.goto("/dataset/registrul-spatiilor-verzi").status == 404
