"""Texts the portal writes itself are read in the visitor's language, not in
the language of whoever's request made them: the public inventory's title
and descriptions are written in both languages; the evidence of the steps
the portal completes is stored as a message id and shown translated."""
from __future__ import annotations

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.lib import i18n
from ckanext.tmopendata.procedures import auto
from tests.census.conftest import census  # noqa: F401  (fixture)
from tests.i18n.test_pages import visible_text

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def test_bilingual_does_not_depend_on_the_request_language(app):
    message = "Inventory of public data: {title}"
    expected = "Inventarul datelor publice: TM / Inventory of public data: TM"
    for lang in ("ro", "en"):
        with app.flask_app.test_request_context(f"/{lang}/"):
            assert i18n.bilingual(message, title="TM") == expected
    assert i18n.translate(message, "ro") == "Inventarul datelor publice: {title}"
    assert i18n.translate(message, "en") == message
    # a message without a Romanian translation is written once
    assert i18n.bilingual("no such message {x}", x=1) == "no such message 1"


def test_the_public_inventory_is_described_in_both_languages(app, census):
    # CKAN must let the coordinator publish there: an editor of the organisation
    coordinating = factories.Organization(
        users=[{"name": census.users["coordinator"]["name"], "capacity": "editor"}])
    entry = census.entry(title="Bugetul local")
    census.move(entry["id"], "submitted", "under_review", "approved")
    # published from an English page: the texts are still in both languages
    with app.flask_app.test_request_context("/en/"):
        result = call_action("tmopendata_census_publish", census.ctx("coordinator"),
                             campaign_id=census.campaign["id"], owner_org=coordinating["name"])
    dataset = call_action("package_show", id=result["package_id"])
    title = census.campaign["title"]
    assert dataset["title"] == f"Inventarul datelor publice: {title} / Inventory of public data: {title}"
    ro_notes, en_notes = dataset["notes"].split("\n\n")
    assert ro_notes.startswith("Lista de inventar a datelor deținute de instituții") and title in ro_notes
    assert en_notes.startswith("The inventory list of the data held by the institutions") and title in en_notes
    ro_desc, en_desc = dataset["resources"][0]["description"].split("\n\n")
    assert ro_desc == f"Lista publică de inventar pentru {title} (Legea 179/2022), 1 intrări."
    assert en_desc == f"Public inventory list of {title} (Law 179/2022), 1 entries."


def test_evidence_of_the_portal_is_shown_in_the_page_language(app, census):
    entry = census.entry(title="Registrul parcărilor")
    census.move(entry["id"], "submitted", "under_review", "approved")
    dataset = factories.Dataset(owner_org=census.org["id"], name="parcari-evidence")
    root = {"user": census.users["sysadmin"]["name"]}
    # started from a Romanian page
    with app.flask_app.test_request_context("/ro/"):
        call_action("tmopendata_procedure_create", root, package_id=dataset["id"],
                    census_entry_id=entry["id"])
    procedure = call_action("tmopendata_procedure_show", root, id=dataset["id"])
    identify = next(s for s in procedure["steps"] if s["key"] == "identify")
    assert identify["status"] == "done"
    assert identify["evidence"] == auto.EVIDENCE_CENSUS["approved"]  # stored as the message id
    token = factories.APIToken(user=census.users["sysadmin"]["name"])["token"]
    english = "Observed by the portal: the census entry is approved."
    romanian = "Constatat de portal: înregistrarea din inventar este aprobată."
    # (the step's form keeps the stored value in its evidence input)
    page = visible_text(app.get("/ro/dataset/parcari-evidence/procedure", headers={"Authorization": token}).body)
    assert romanian in page and english not in page
    page = visible_text(app.get("/en/dataset/parcari-evidence/procedure", headers={"Authorization": token}).body)
    assert english in page and romanian not in page


def test_evidence_people_typed_is_shown_as_typed():
    from ckanext.tmopendata.procedures.helpers import tmopendata_procedure_evidence_text

    assert tmopendata_procedure_evidence_text("Valid") == "Valid"  # a message id, but typed
    assert tmopendata_procedure_evidence_text("proces-verbal nr. 12") == "proces-verbal nr. 12"
    assert tmopendata_procedure_evidence_text(None) == ""


@pytest.mark.parametrize("lang, label", [("ro", "Eroare de validare"), ("en", "Validation error")])
def test_publication_problems_name_the_validation_status_by_its_label(app, lang, label):
    from ckanext.tmopendata.hvd.gate import publication_problems

    pkg = {"license_id": "cc-by", "resources": [
        {"name": "a.csv", "format": "CSV", "schema": "tm-parcari@1.0", "validation_status": "error"}]}
    with app.flask_app.test_request_context(f"/{lang}/", environ_overrides={"CKAN_LANG": lang}):
        problems = [p for p in publication_problems(pkg) if "a.csv" in p]
    assert len(problems) == 1 and label in problems[0], problems
    assert ": error)" not in problems[0]


def test_reminder_digests_are_written_in_both_languages(app):
    from ckanext.tmopendata.progress.reminders import Digest

    digest = Digest(email="ana@example.org", name="Ana")
    digest.add({"kind": "step", "package_id": "x", "package_name": "parcari", "title": "Parcări",
                "organization_title": "Direcția Mobilitate", "step": "legal_check",
                "step_title": "Verificare juridică",
                "step_titles": {"ro": "Verificare juridică", "en": "Legal check"},
                "due": "2026-02-10", "days_late": 20})
    # written by a job in an English request context: both languages anyway
    with app.flask_app.test_request_context("/en/", environ_overrides={"CKAN_LANG": "en"}):
        body = digest.body()
    romanian, english = body.split("\n-----\n")
    assert romanian.startswith("Bună ziua, Ana,") and "Primiți cel mult un astfel de mesaj pe zi." in romanian
    assert "„Verificare juridică”" in romanian and "Legal check" not in romanian
    assert english.strip().startswith("Hello Ana,") and "You get at most one such message a day." in english
    assert '"Legal check"' in english and "Verificare juridică" not in english
