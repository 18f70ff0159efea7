"""Census pages: methodology, templates and schemas downloads, site header
link; campaign pages, entry form, view, workflow buttons, review queue,
import and public inventory with the permission matrix."""
from __future__ import annotations

import io as stdio

import openpyxl
import pytest
from bs4 import BeautifulSoup

from ckanext.tmopendata.census import io

pytestmark = pytest.mark.usefixtures("with_plugins")


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.body, "html.parser")


@pytest.mark.parametrize("url,text", [
    ("/census/methodology", "Openness questionnaire"),
    ("/ro/census/methodology", "Chestionarul de deschidere"),
])
def test_methodology_in_both_languages(app, url, text):
    page = soup(app.get(url))
    assert text in page.select_one(".tmopendata-census-methodology").get_text()


@pytest.mark.parametrize("lang,fmt,name", [
    ("ro", "csv", "inventar-sablon.csv"), ("ro", "xlsx", "inventar-sablon.xlsx"),
    ("en", "csv", "inventory-template.csv"), ("en", "xlsx", "inventory-template.xlsx"),
])
def test_template_downloads(app, lang, fmt, name):
    resp = app.get(f"/census/template/{lang}/{fmt}")
    assert resp.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    rows, _ = io.read_table(resp.data, name)
    assert rows == []
    if fmt == "xlsx":
        header = [c.value for c in openpyxl.load_workbook(stdio.BytesIO(resp.data)).active[1]]
        assert header[1] == ("Denumire set de date" if lang == "ro" else "Dataset title")


def test_unknown_template_or_schema_is_404(app):
    app.get("/census/template/fr/csv", status=404)
    app.get("/census/template/ro/ods", status=404)
    app.get("/census/schema/secret.json", status=404)


def test_schema_downloads(app):
    resp = app.get("/census/schema/public-inventory.json")
    assert [f["name"] for f in resp.json["fields"]] == io.PUBLIC_COLUMNS
    assert app.get("/census/schema/inventory.json").json["name"] == "tm-census-inventory"


def test_site_header_links_to_the_census(app):
    page = soup(app.get("/dataset/"))
    link = page.select_one(".tmopendata-census-nav a")
    assert link["href"] == "/census/"
    assert link.get_text() == "Census"
    ro = soup(app.get("/ro/dataset/"))
    assert ro.select_one(".tmopendata-census-nav a").get_text() == "Recensământ"


def test_import_messages_follow_the_page_language(app):
    """io.py translates at call time: in a Romanian request the row errors
    are in Romanian."""
    rows, _ = io.read_table("Denumire set de date,Există\n,poate\n".encode(), "x.csv")
    with app.flask_app.test_request_context("/census/", environ_base={"CKAN_LANG": "ro"}):
        _entry, errors = io.row_to_entry(rows[0])
    assert errors["title"] == ["Denumirea este obligatorie."]
    assert errors["q_exists"] == ["„poate” nu este da/nu: scrieți da sau nu."]


@pytest.mark.parametrize("lang,expected", [
    ("ro", {"storage": "bază de date", "status": "aprobată pentru publicare", "bool": "da", "header": "Mod de stocare"}),
    ("en", {"storage": "database", "status": "approved for publication", "bool": "yes", "header": "Storage"}),
])
def test_helpers_speak_the_page_language(app, lang, expected):
    from ckanext.tmopendata.census import helpers

    with app.flask_app.test_request_context("/census/", environ_base={"CKAN_LANG": lang}):
        assert helpers.tmopendata_census_lang() == lang
        assert helpers.tmopendata_census_label("storage", "database") == expected["storage"]
        assert helpers.tmopendata_census_label("status", "approved") == expected["status"]
        assert helpers.tmopendata_census_label("q_free", True) == expected["bool"]
        assert helpers.tmopendata_census_label("formats", ["CSV", "XLSX"]) == "CSV; XLSX"
        assert helpers.tmopendata_census_header("storage") == expected["header"]
        choices = helpers.tmopendata_census_choices("access_restriction")
        assert [c["value"] for c in choices] == ["none", "personal_data", "classified", "third_party_rights",
                                                  "commercial_confidentiality"]
        layout = helpers.tmopendata_census_form_fields()
    names = [f["name"] for section in layout for f in section["fields"]]
    # the form covers every field a steward types, once
    from ckanext.tmopendata.census.views import FORM_FIELDS

    assert sorted(names) == sorted(FORM_FIELDS)


def test_score_explanations_are_translated(app):
    from ckanext.tmopendata.census import helpers

    text = ("15 (online without registration) + 0 (free) = 15 / 100 | 40 (HVD category) + 20 "
            "(demand: 12 information requests/year) | 10 (effort: not assessed) + 0 (effort: high)")
    with app.flask_app.test_request_context("/census/", environ_base={"CKAN_LANG": "en"}):
        assert helpers.tmopendata_census_explain(text) == text
    with app.flask_app.test_request_context("/census/", environ_base={"CKAN_LANG": "ro"}):
        assert helpers.tmopendata_census_explain(text) == (
            "15 (online fără înregistrare) + 0 (gratuit) = 15 / 100 | 40 (categorie HVD) + 20 "
            "(cerere: 12 cereri de informații/an) | 10 (efort: neevaluat) + 0 (efort: ridicat)")
