"""Census pages: methodology, templates and schemas downloads, site header
link; campaign pages, entry form, view, workflow buttons, review queue,
import and public inventory with the permission matrix."""
from __future__ import annotations

import io as stdio
import zipfile

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
    from ckanext.tmopendata.census.views.entry import FORM_FIELDS

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


# --- pages on the census actions --------------------------------------------------------

from ckan.tests import factories  # noqa: E402
from ckan.tests.helpers import call_action  # noqa: E402


class Site:
    """An institution with users in every role (API tokens), a coordinator
    named in the configuration, a public open campaign and helpers."""

    def get(self, app, url, role=None, **kw):
        return app.get(url, headers=self.auth(role), **kw)

    def post(self, app, url, role=None, **kw):
        return app.post(url, headers=self.auth(role), **kw)

    def auth(self, role):
        return {"Authorization": self.users[role]["token"]} if role and role != "anonymous" else {}

    def ctx(self, role):
        return {"user": self.users[role]["name"] if role != "anonymous" else "", "ignore_auth": False}

    def entry(self, role="editor", **fields):
        fields.setdefault("title", "Registrul spațiilor verzi")
        fields.setdefault("organization", self.org["name"])
        return call_action("tmopendata_census_entry_create", self.ctx(role), campaign_id=self.campaign["id"], **fields)

    def move(self, entry_id, *states, **extra):
        for state in states:
            call_action("tmopendata_census_entry_transition", self.ctx("sysadmin"), id=entry_id, to_state=state, **extra)


@pytest.fixture
def site(world, ckan_config, monkeypatch):
    def build() -> dict:
        users = {role: factories.UserWithToken() for role in (
            "outsider", "member", "editor", "admin", "other_editor", "other_admin", "coordinator")}
        users["sysadmin"] = factories.SysadminWithToken()
        org = factories.Organization(
            title="Direcția de Mediu (test)",
            users=[{"name": users[r]["name"], "capacity": r} for r in ("admin", "editor", "member")],
        )
        # editor and admin of another institution
        other_org = factories.Organization(
            title="Altă direcție (test)",
            users=[{"name": users[f"other_{r}"]["name"], "capacity": r} for r in ("admin", "editor")],
        )
        monkeypatch.setitem(ckan_config, "ckanext.tmopendata.census.coordinators", [users["coordinator"]["name"]])
        campaign = call_action("tmopendata_census_campaign_create",
                               {"user": users["sysadmin"]["name"], "ignore_auth": False},
                               name="recensamant-test", title="Recensământ de test", public=True,
                               organizations=[org["name"]])
        return {"users": users, "org": org, "other_org": other_org, "campaign": campaign}

    s = Site()
    built = world("census-site", build)
    s.users, s.org, s.other_org, s.campaign = built["users"], built["org"], built["other_org"], built["campaign"]
    monkeypatch.setitem(ckan_config, "ckanext.tmopendata.census.coordinators", [s.users["coordinator"]["name"]])
    return s


def test_campaign_list_and_dashboard(app, site):
    site.entry(title="Calitatea aerului", hvd_category="http://data.europa.eu/bna/c_dd313021",
               priority_theme="environment", q_digital=True, effort="low")
    page = soup(site.get(app, "/census/", "anonymous"))
    assert [a.get_text() for a in page.select(".tmopendata-census-campaigns td a")][0] == "Recensământ de test"
    board = soup(site.get(app, "/census/recensamant-test", "editor"))
    row = board.select_one(f'.tmopendata-census-board tr[data-organization="{site.org["name"]}"]')
    assert row.select_one(".entries").get_text() == "1"
    assert row.select_one("td a").get_text() == "Direcția de Mediu (test)"
    top = board.select(".tmopendata-census-entries tbody tr")
    assert [t.select_one("td a").get_text() for t in top] == ["Calitatea aerului"]
    # value 40 + 30 + 0 = 70, feasibility 40 + 20 + 20 + 20 = 100 -> priority 70
    assert top[0].select_one(".tmopendata-census-priority").get_text() == "70"
    assert board.find("a", string="Add an entry") is not None
    # the public sees no draft and no "add" button
    public = soup(site.get(app, "/census/recensamant-test", "anonymous"))
    assert public.select(".tmopendata-census-entries tbody tr") == []
    assert public.find("a", string="Add an entry") is None
    ro = soup(site.get(app, "/ro/census/recensamant-test", "editor"))
    assert ro.find("h2", string="Priorități de top") is not None


def test_private_campaign_is_refused_to_outsiders(app, site):
    call_action("tmopendata_census_campaign_create", site.ctx("sysadmin"), name="intern", title="Intern",
                organizations=[site.org["name"]])
    site.get(app, "/census/intern", "anonymous", status=403)
    site.get(app, "/census/intern", "outsider", status=403)
    site.get(app, "/census/intern/inventory", "anonymous", status=403)
    site.get(app, "/census/intern", "coordinator", status=200)
    site.get(app, "/census/no-such-campaign", "sysadmin", status=404)
    site.get(app, "/census/entry/no-such-entry", "sysadmin", status=404)


@pytest.mark.parametrize("role,status", [
    ("anonymous", 403), ("outsider", 403), ("member", 403), ("editor", 200), ("admin", 200), ("sysadmin", 200),
    ("other_editor", 200), ("other_admin", 200),   # for their own institution, once it takes part
])
def test_new_entry_form_permissions(app, site, role, status):
    if role.startswith("other_"):
        # their institution does not take part in the campaign (yet): no form
        site.get(app, "/census/recensamant-test/new", role, status=403)
        call_action("tmopendata_census_campaign_patch", site.ctx("sysadmin"), id=site.campaign["id"],
                    organizations=[site.org["name"], site.other_org["name"]])
    site.get(app, "/census/recensamant-test/new", role, status=status)
    if role.startswith("other_"):
        # the form is for their own institution: they may not add an entry for another one
        site.post(app, "/census/recensamant-test/new", role, status=403,
                  data={"organization": site.org["name"], "title": "Intrusă"})
        resp = site.post(app, "/census/recensamant-test/new", role, follow_redirects=False,
                         data={"organization": site.other_org["name"], "title": "A noastră"})
        assert resp.status_code == 302
        listed = call_action("tmopendata_census_entry_list", site.ctx("sysadmin"), campaign_id=site.campaign["id"])
        assert [(e["organization"], e["title"]) for e in listed["results"]] == [(site.other_org["name"], "A noastră")]


def test_form_errors_are_re_rendered_with_everything_typed(app, site):
    form = {
        "organization": site.org["name"], "title": "Arbori în aliniamente", "description": "Specie, diametru",
        "owner_email": "not-an-email", "information_requests": "multe", "storage": "gis",
        "access_restriction": "classified", "q_online": "da", "formats": "SHP; GeoJSON",
    }
    resp = site.post(app, "/census/recensamant-test/new", "editor", data=form)
    assert resp.status_code == 200
    page = soup(resp)
    errors = {li["data-field"] for li in page.select(".tmopendata-census-errors li")}
    assert errors == {"owner_email", "information_requests", "restriction_reason"}
    assert page.select_one("#field-title")["value"] == "Arbori în aliniamente"
    assert page.select_one("#field-description").get_text() == "Specie, diametru"
    assert page.select_one("#field-owner_email")["value"] == "not-an-email"
    assert page.select_one("#field-information_requests")["value"] == "multe"
    assert page.select_one("#field-formats")["value"] == "SHP; GeoJSON"
    assert page.select_one("#field-storage option[selected]")["value"] == "gis"
    assert page.select_one("#field-q_online option[selected]")["value"] == "da"
    assert "is-invalid" in page.select_one("#field-owner_email")["class"]
    listed = call_action("tmopendata_census_entry_list", site.ctx("sysadmin"), campaign_id=site.campaign["id"])
    assert listed["count"] == 0  # nothing saved


def test_new_entry_saved_and_shown_with_scores_and_history(app, site):
    form = {"organization": site.org["name"], "title": "Spații verzi", "storage": "gis", "q_online": "da",
            "q_free": "da", "q_digital": "da", "priority_theme": "environment", "information_requests": "12",
            "effort": "low", "formats": "SHP; CSV", "planned_publication": "2026-09-30"}
    resp = site.post(app, "/census/recensamant-test/new", "editor", data=form, follow_redirects=False)
    assert resp.status_code == 302
    entry_url = resp.headers["Location"]
    entry = call_action("tmopendata_census_entry_list", site.ctx("sysadmin"),
                        campaign_id=site.campaign["id"])["results"][0]
    assert entry_url.endswith(f"/census/entry/{entry['id']}")
    assert entry["formats"] == ["SHP", "CSV"] and entry["information_requests"] == 12
    page = soup(site.get(app, f"/census/entry/{entry['id']}", "editor"))
    scores = {tr["data-score"]: tr.td.get_text() for tr in page.select(".tmopendata-census-scores tr")}
    assert scores == {"openness_score": "30", "value_score": "50", "feasibility_score": "100", "priority": "50"}
    formula = page.select_one(".tmopendata-census-formula").get_text()
    assert "15 (online without registration) + 15 (free)" in formula
    assert "30 (priority theme) + 20 (demand: 12 information requests/year)" in formula
    assert page.select_one('.tmopendata-census-history tr[data-action="create"]') is not None
    assert page.select_one('.tmopendata-census-details tr[data-field="storage"] td').get_text().strip() == "GIS"
    ro = soup(site.get(app, f"/ro/census/entry/{entry['id']}", "editor"))
    assert "(online fără înregistrare)" in ro.select_one(".tmopendata-census-formula").get_text()


def test_edit_form_prefilled_and_full_update(app, site):
    entry = site.entry(description="Vechi", formats=["PDF"], q_free=True)
    page = soup(site.get(app, f"/census/entry/{entry['id']}/edit", "editor"))
    assert page.select_one("#field-description").get_text() == "Vechi"
    assert page.select_one("#field-formats")["value"] == "PDF"
    assert page.select_one("#field-q_free option[selected]")["value"] == "da"
    site.get(app, f"/census/entry/{entry['id']}/edit", "member", status=403)
    site.get(app, f"/census/entry/{entry['id']}/edit", "outsider", status=403)
    form = {"organization": site.org["name"], "title": "Registrul spațiilor verzi", "description": "",
            "formats": "CSV; SHP", "q_free": ""}
    resp = site.post(app, f"/census/entry/{entry['id']}/edit", "editor", data=form, follow_redirects=False)
    assert resp.status_code == 302
    saved = call_action("tmopendata_census_entry_show", site.ctx("editor"), id=entry["id"])
    assert saved["formats"] == ["CSV", "SHP"]
    assert not saved["description"] and saved["q_free"] is None
    history = soup(site.get(app, f"/census/entry/{entry['id']}", "editor"))
    assert "Edited:" in history.select_one('.tmopendata-census-history tr[data-action="update"]').get_text()


@pytest.mark.parametrize("role", ["other_editor", "other_admin"])
def test_another_institution_cannot_edit_submit_or_delete_in_the_browser(app, site, role):
    entry = site.entry(description="Original")
    url = f"/census/entry/{entry['id']}"
    site.get(app, f"{url}/edit", role, status=403)
    site.post(app, f"{url}/edit", role, status=403,
              data={"organization": site.org["name"], "title": "Hijacked", "description": "x"})
    site.post(app, f"{url}/edit", role, status=403,
              data={"organization": site.other_org["name"], "title": "Hijacked", "description": "x"})
    site.post(app, f"{url}/transition", role, data={"to_state": "submitted"}, status=403)
    site.post(app, f"{url}/delete", role, status=403)
    site.post(app, "/census/recensamant-test/new", role, status=403,
              data={"organization": site.org["name"], "title": "Intrusă"})
    shown = call_action("tmopendata_census_entry_show", site.ctx("editor"), id=entry["id"])
    assert (shown["title"], shown["description"], shown["status"], shown["organization"]) == (
        entry["title"], "Original", "draft", site.org["name"])
    listed = call_action("tmopendata_census_entry_list", site.ctx("sysadmin"), campaign_id=site.campaign["id"])
    assert listed["count"] == 1
    # the entry page shows them no buttons and no details of a draft
    site.get(app, url, role, status=403)


def test_transition_buttons_follow_the_user_rights(app, site):
    entry = site.entry()
    url = f"/census/entry/{entry['id']}"

    def buttons(role):
        return [b["value"] for b in soup(site.get(app, url, role)).select(".tmopendata-census-to")]

    assert buttons("editor") == []          # editors do not submit
    assert buttons("admin") == ["submitted"]
    assert buttons("coordinator") == []     # coordinators do not submit for institutions
    site.post(app, f"{url}/transition", "editor", data={"to_state": "submitted"}, status=403)
    resp = site.post(app, f"{url}/transition", "admin", data={"to_state": "submitted", "comment": "gata"},
                     follow_redirects=False)
    assert resp.status_code == 302
    assert call_action("tmopendata_census_entry_show", site.ctx("admin"), id=entry["id"])["status"] == "submitted"
    assert buttons("coordinator") == ["under_review", "draft"]
    site.move(entry["id"], "under_review")
    assert buttons("coordinator") == ["approved", "restricted", "rejected", "duplicate", "draft"]
    # restricting without a reason is refused with the action's message, nothing changes
    resp = site.post(app, f"{url}/transition", "coordinator", data={"to_state": "restricted"})
    assert "legal reason" in resp.body
    assert call_action("tmopendata_census_entry_show", site.ctx("admin"), id=entry["id"])["status"] == "under_review"
    site.post(app, f"{url}/transition", "coordinator",
              data={"to_state": "restricted", "reason": "Legea 182/2002", "access_restriction": "classified"})
    page = soup(site.get(app, url, "admin"))
    assert page.select_one("h1 .tmopendata-census-state")["data-state"] == "restricted"
    changes = [tr.get_text(" ", strip=True) for tr in page.select('.tmopendata-census-history tr[data-action="transition"]')]
    assert any("draft → submitted" in c and "gata" in c for c in changes)


def test_review_queue_for_coordinators_only(app, site):
    waiting = site.entry(title="De analizat")
    site.move(waiting["id"], "submitted")
    site.entry(title="Încă ciornă")
    for role in ("anonymous", "outsider", "member", "editor", "admin", "other_editor", "other_admin"):
        site.get(app, "/census/recensamant-test/review", role, status=403)
    page = soup(site.get(app, "/census/recensamant-test/review", "coordinator"))
    titles = [a.get_text() for a in page.select(".tmopendata-census-entries td a")]
    assert titles == ["De analizat"]


def test_public_inventory_never_shows_restricted_or_unapproved_entries(app, site):
    approved = site.entry(title="Aprobată", description="Detaliu intern", planned_publication="2026-10-01")
    site.move(approved["id"], "submitted", "under_review", "approved")
    restricted = site.entry(title="Camere video", description="Secret")
    site.move(restricted["id"], "submitted", "under_review")
    site.move(restricted["id"], "restricted", reason="Legea 333/2003", access_restriction="classified")
    site.entry(title="Ciornă")
    for role in ("anonymous", "outsider", "coordinator"):
        page = soup(site.get(app, "/census/recensamant-test/inventory", role))
        rows = page.select(".tmopendata-census-inventory tbody tr")
        assert [r.td.get_text() for r in rows] == ["Aprobată"]
        text = page.get_text()
        assert "Camere video" not in text and "Detaliu intern" not in text and "Ciornă" not in text
        assert "2026-10-01" in text
    # the entry page of an approved entry shows the public fields only to the public
    public = soup(site.get(app, f"/census/entry/{approved['id']}", "anonymous"))
    assert public.select_one("h1").get_text().startswith("Aprobată")
    assert "Detaliu intern" not in public.get_text()
    assert public.select(".tmopendata-census-scores") == [] and public.select(".tmopendata-census-history") == []
    site.get(app, f"/census/entry/{restricted['id']}", "anonymous", status=403)
    site.get(app, f"/census/entry/{restricted['id']}", "outsider", status=403)
    assert "Secret" in site.get(app, f"/census/entry/{restricted['id']}", "member").body


BAD_FILE = (
    "Denumire set de date,Mod de stocare,E-mail responsabil,Cereri de informații pe an\n"
    "Spații verzi,GIS,spatii@example.org,3\n"
    "Arbori,nor,x,multe\n"
    "Zgomot,hârtie,,0\n"
)


def upload(text, name="inventar.csv", encoding="utf-8"):
    from werkzeug.datastructures import FileStorage  # noqa: F401 (what the page receives)

    return (stdio.BytesIO(text.encode(encoding) if isinstance(text, str) else text), name)


@pytest.mark.parametrize("role,status", [
    ("anonymous", 403), ("outsider", 403), ("member", 403), ("editor", 200), ("sysadmin", 200),
])
def test_import_page_permissions(app, site, role, status):
    site.get(app, "/census/recensamant-test/import", role, status=status)


def test_import_with_bad_rows_changes_nothing_and_reports_each_row(app, site):
    resp = site.post(app, "/census/recensamant-test/import", "editor",
                     data={"organization": site.org["name"], "upload": upload(BAD_FILE)})
    page = soup(resp)
    summary = page.select_one(".tmopendata-census-import-summary")
    assert summary["data-imported"] == "false"
    assert "Nothing was imported" in summary.get_text()
    rows = [(tr["data-row"], tr.select("td")[1].get_text()) for tr in page.select(".tmopendata-census-import-errors tr[data-row]")]
    assert {r for r, _c in rows} == {"3"}
    assert {c for _r, c in rows} == {"Storage", "Data owner e-mail", "Information requests per year"}
    assert call_action("tmopendata_census_entry_list", site.ctx("sysadmin"),
                       campaign_id=site.campaign["id"])["count"] == 0
    # the choices made are kept
    assert page.select_one('#field-organization option[selected]')["value"] == site.org["name"]


def test_import_accepting_valid_rows(app, site):
    resp = site.post(app, "/census/recensamant-test/import", "editor",
                     data={"organization": site.org["name"], "accept_valid": "1",
                           # Windows-1250 holds the cedilla forms ş ţ
                           "upload": upload(BAD_FILE.replace("ț", "ţ").encode("windows-1250"), "inventar.csv")})
    page = soup(resp)
    summary = page.select_one(".tmopendata-census-import-summary")
    assert summary["data-imported"] == "true"
    assert "Entries created: 2" in summary.get_text()
    titles = sorted(e["title"] for e in call_action(
        "tmopendata_census_entry_list", site.ctx("sysadmin"), campaign_id=site.campaign["id"])["results"])
    assert titles == ["Spaţii verzi", "Zgomot"]


def test_import_of_an_unreadable_file_says_why_in_romanian(app, site):
    resp = site.post(app, "/ro/census/recensamant-test/import", "editor",
                     data={"organization": site.org["name"], "upload": upload("Culoare,Mărime\nroșu,M\n")})
    error = soup(resp).select_one(".tmopendata-census-import-error").get_text()
    assert "Coloane necunoscute" in error and '"Culoare"' in error
    resp = site.post(app, "/census/recensamant-test/import", "editor", data={"organization": site.org["name"]})
    assert "Choose a CSV or XLSX file" in soup(resp).select_one(".tmopendata-census-import-error").get_text()


@pytest.mark.parametrize("fmt,kind", [("csv", "text/csv"), ("xlsx", "spreadsheetml"), ("datapackage", "zip")])
def test_exports(app, site, fmt, kind):
    site.entry(title="Spații verzi", storage="gis")
    resp = site.get(app, f"/census/recensamant-test/export.{fmt}", "editor")
    assert kind in resp.headers["Content-Type"]
    assert resp.headers["Content-Disposition"].startswith('attachment; filename="recensamant-test.')
    if fmt == "datapackage":
        assert zipfile.is_zipfile(stdio.BytesIO(resp.data))
    else:
        rows, _ = io.read_table(resp.data, f"x.{fmt}")
        assert [(r["title"], r["storage"]) for r in rows] == [("Spații verzi", "GIS")]
    english = site.get(app, "/census/recensamant-test/export.csv?lang=en", "editor")
    assert english.data.decode("utf-8-sig").startswith("ID,Institution,Institution name,Dataset title")
    site.get(app, f"/census/recensamant-test/export.{fmt}", "outsider", status=403)
    site.get(app, f"/census/recensamant-test/export.{fmt}", "anonymous", status=403)


def test_publish_the_inventory(app, site, ckan_config, monkeypatch):
    coordinating = factories.Organization(name="primaria-test")
    monkeypatch.setitem(ckan_config, "ckanext.tmopendata.census.publish_organization", coordinating["name"])
    approved = site.entry(title="Aprobată")
    site.move(approved["id"], "submitted", "under_review", "approved")
    # a coordinator who may not create datasets in the organisation: no button, 403
    board = soup(site.get(app, "/census/recensamant-test", "coordinator"))
    assert board.find("button", string="Publish the inventory") is None
    site.post(app, "/census/recensamant-test/publish", "coordinator", status=403)
    call_action("member_create", {"ignore_auth": True}, id=coordinating["id"],
                object=site.users["coordinator"]["name"], object_type="user", capacity="editor")
    board = soup(site.get(app, "/census/recensamant-test", "coordinator"))
    assert board.find("button", string="Publish the inventory") is not None
    assert soup(site.get(app, "/census/recensamant-test", "editor")).find("button", string="Publish the inventory") is None
    site.post(app, "/census/recensamant-test/publish", "editor", status=403)
    resp = site.post(app, "/census/recensamant-test/publish", "coordinator", follow_redirects=False)
    assert resp.status_code == 302
    package = call_action("package_show", {"user": site.users["sysadmin"]["name"]},
                          id=resp.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert package["owner_org"] == coordinating["id"]


def test_entry_list_filters_and_sorting(app, site):
    site.entry(title="Buget", priority_theme="budget", hvd_category="http://data.europa.eu/bna/c_e1da4e07")
    site.entry(title="Arhivă", storage="paper")
    site.entry(title="Mobilitate", hvd_category="http://data.europa.eu/bna/c_b79e35eb", priority_theme="transport",
               information_requests=60)

    def titles(query, role="editor"):
        page = soup(site.get(app, f"/census/recensamant-test/entries{query}", role))
        return [a.get_text() for a in page.select(".tmopendata-census-entries td a")]

    assert titles("") == ["Mobilitate", "Buget", "Arhivă"]          # by priority
    assert titles("?sort=title") == ["Arhivă", "Buget", "Mobilitate"]
    assert titles("?priority_theme=budget") == ["Buget"]
    assert titles("?hvd_category=http://data.europa.eu/bna/c_b79e35eb") == ["Mobilitate"]
    assert titles("?status=submitted") == []
    assert titles("", "anonymous") == []                              # drafts are not public


def test_delete_a_draft(app, site):
    entry = site.entry()
    site.post(app, f"/census/entry/{entry['id']}/delete", "member", status=403)
    resp = site.post(app, f"/census/entry/{entry['id']}/delete", "editor", follow_redirects=False)
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/census/recensamant-test")
    site.get(app, f"/census/entry/{entry['id']}", "editor", status=404)


def test_entry_list_pages(app, site):
    for number in range(52):
        site.entry(title=f"Set {number:02d}")
    first = soup(site.get(app, "/census/recensamant-test/entries?sort=title", "editor"))
    assert len(first.select(".tmopendata-census-entries tbody tr")) == 50
    link = first.select_one('.pagination a[href*="page=2"]')
    assert "sort=title" in link["href"]
    second = soup(site.get(app, link["href"], "editor"))
    assert [a.get_text() for a in second.select(".tmopendata-census-entries td a")] == ["Set 50", "Set 51"]


# --- campaign pages -------------------------------------------------------------------

@pytest.mark.parametrize("role,status", [
    ("anonymous", 403), ("outsider", 403), ("member", 403), ("editor", 403), ("admin", 403),
    ("other_editor", 403), ("other_admin", 403), ("coordinator", 200), ("sysadmin", 200),
])
def test_campaign_pages_permissions(app, site, role, status):
    site.get(app, "/census/campaign/new", role, status=status)
    site.get(app, "/census/recensamant-test/settings", role, status=status)
    site.post(app, "/census/campaign/new", role, data={"name": "x-" + role, "title": "X"},
              status=302 if status == 200 else 403, follow_redirects=False)
    site.post(app, "/census/recensamant-test/settings", role, data={"name": "recensamant-test", "title": "Y"},
              status=302 if status == 200 else 403, follow_redirects=False)
    listed = call_action("tmopendata_census_campaign_list", site.ctx("sysadmin"))["results"]
    assert ("x-" + role in [c["name"] for c in listed]) == (status == 200)


def test_buttons_to_create_and_edit_campaigns(app, site):
    def links(url, role, css):
        return [a["href"] for a in soup(site.get(app, url, role)).select(css)]

    assert links("/census/", "coordinator", ".tmopendata-census-new-campaign") == ["/census/campaign/new"]
    assert links("/census/", "sysadmin", ".tmopendata-census-new-campaign") == ["/census/campaign/new"]
    for role in ("anonymous", "editor", "admin"):
        assert links("/census/", role, ".tmopendata-census-new-campaign") == []
    edit = ".tmopendata-census-edit-campaign"
    assert links("/census/recensamant-test", "coordinator", edit) == ["/census/recensamant-test/settings"]
    for role in ("member", "editor", "admin"):
        assert links("/census/recensamant-test", role, edit) == []
    assert soup(site.get(app, "/ro/census/", "coordinator")).select_one(
        ".tmopendata-census-new-campaign").get_text() == "Campanie nouă"


def test_create_a_campaign_in_the_browser(app, site):
    form = {"name": "recensamant-2027", "title": "Recensământ 2027", "description": "Al doilea",
            "start_date": "2027-01-10", "end_date": "2027-06-30", "status": "open",
            "methodology_version": "1.1",
            "coordinators": f"{site.users['editor']['name']}, {site.users['admin']['name']}", "public": "true",
            "organizations": site.org["name"]}
    page = soup(site.get(app, "/census/campaign/new", "coordinator"))
    boxes = page.select('.tmopendata-census-campaign-organizations input[name="organizations"]')
    assert site.org["name"] in [b["value"] for b in boxes] and not [b for b in boxes if b.has_attr("checked")]
    resp = site.post(app, "/census/campaign/new", "coordinator", data=form, follow_redirects=False)
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/census/recensamant-2027")
    saved = call_action("tmopendata_census_campaign_show", site.ctx("sysadmin"), id="recensamant-2027")
    assert {k: saved[k] for k in ("title", "description", "start_date", "end_date", "status",
                                  "methodology_version", "coordinators", "public", "organizations")} == {
        "title": "Recensământ 2027", "description": "Al doilea", "start_date": "2027-01-10",
        "end_date": "2027-06-30", "status": "open", "methodology_version": "1.1",
        "coordinators": [site.users["editor"]["name"], site.users["admin"]["name"]], "public": True,
        "organizations": [site.org["name"]]}
    assert saved["creator_user_id"] == site.users["coordinator"]["id"]
    # without the box ticked the campaign is not public
    site.post(app, "/census/campaign/new", "coordinator", data={"name": "intern-2027", "title": "Intern"})
    assert call_action("tmopendata_census_campaign_show", site.ctx("sysadmin"), id="intern-2027")["public"] is False


@pytest.mark.parametrize("change,field,message", [
    ({"name": "recensamant-test"}, "name", "A campaign with this name already exists"),
    ({"coordinators": "nimeni-nu-exista"}, "coordinators", "Unknown users: nimeni-nu-exista"),
    ({"start_date": "2027-06-30", "end_date": "2027-01-10"}, "end_date", "The end date is before the start date"),
    ({"name": "Cu Spații"}, "name", "Must be 2-100 lower-case letters, digits, - or _"),
    ({"title": ""}, "title", "Missing value"),
    ({"start_date": "30.06.2027"}, "start_date", "Must be a date written as YYYY-MM-DD"),
])
def test_campaign_form_errors_are_re_rendered_with_everything_typed(app, site, change, field, message):
    form = {"name": "recensamant-2027", "title": "Recensământ 2027", "description": "Al doilea",
            "start_date": "2027-01-10", "end_date": "2027-06-30", "status": "closed",
            "methodology_version": "1.1", "coordinators": site.users["editor"]["name"], "public": "true"}
    form.update(change)
    resp = site.post(app, "/census/campaign/new", "coordinator", data=form)
    assert resp.status_code == 200
    page = soup(resp)
    errors = {li["data-field"]: li.get_text() for li in page.select(".tmopendata-census-errors li")}
    assert list(errors) == [field] and message in errors[field]
    assert "is-invalid" in page.select_one(f"#field-{field}")["class"]
    for name in ("name", "title", "start_date", "end_date", "methodology_version", "coordinators"):
        assert page.select_one(f"#field-{name}")["value"] == form[name]
    assert page.select_one("#field-description").get_text() == "Al doilea"
    assert page.select_one("#field-status option[selected]")["value"] == "closed"
    assert page.select_one("#field-public").has_attr("checked")
    names = [c["name"] for c in call_action("tmopendata_census_campaign_list", site.ctx("sysadmin"))["results"]]
    assert names == ["recensamant-test"]  # nothing saved


def test_every_campaign_error_at_once_in_romanian(app, site):
    resp = site.post(app, "/ro/census/campaign/new", "coordinator", data={
        "name": "recensamant-test", "title": "X", "coordinators": "nimeni", "start_date": "2027-06-30",
        "end_date": "2027-01-10"})
    page = soup(resp)
    assert page.select_one("h1").get_text() == "Campanie nouă"
    assert page.select_one('label[for="field-start_date"]').get_text() == "Data de început"
    errors = {li["data-field"]: li.get_text() for li in page.select(".tmopendata-census-errors li")}
    assert set(errors) == {"name", "coordinators", "end_date"}
    assert "Există deja o campanie cu acest nume" in errors["name"]
    assert "Utilizatori necunoscuți: nimeni" in errors["coordinators"]
    assert "Data de încheiere este înaintea datei de început" in errors["end_date"]
    assert "Campania nu a fost salvată" in page.select_one(".tmopendata-census-errors").get_text()


def test_edit_a_campaign_in_the_browser(app, site):
    page = soup(site.get(app, "/census/recensamant-test/settings", "coordinator"))
    assert page.select_one("#field-title")["value"] == "Recensământ de test"
    assert page.select_one("#field-public").has_attr("checked")
    assert page.select_one("#field-status option[selected]")["value"] == "open"
    ticked = page.select('.tmopendata-census-campaign-organizations input[name="organizations"][checked]')
    assert [b["value"] for b in ticked] == [site.org["name"]]
    # the campaign was created by the sysadmin: the coordinator may not change its coordinators
    assert page.select_one("#field-coordinators").has_attr("readonly")
    assert page.select_one(".tmopendata-census-coordinators-locked") is not None
    form = {"name": "recensamant-test", "title": "Recensământ de test (închis)", "status": "closed",
            "description": "", "start_date": "2026-01-01", "end_date": "", "methodology_version": "",
            "coordinators": site.users["editor"]["name"], "organizations": site.org["name"]}
    # the box is not ticked: the campaign stops being public
    resp = site.post(app, "/census/recensamant-test/settings", "coordinator", data=form, follow_redirects=False)
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/census/recensamant-test")
    saved = call_action("tmopendata_census_campaign_show", site.ctx("sysadmin"), id=site.campaign["id"])
    assert (saved["title"], saved["status"], saved["public"], saved["start_date"], saved["coordinators"]) == (
        "Recensământ de test (închis)", "closed", False, "2026-01-01", [])
    assert saved["organizations"] == [site.org["name"]]
    # the sysadmin may change them in the same form
    site.post(app, "/census/recensamant-test/settings", "sysadmin", data=form, follow_redirects=False)
    assert call_action("tmopendata_census_campaign_show", site.ctx("sysadmin"), id=site.campaign["id"])[
        "coordinators"] == [site.users["editor"]["name"]]
    # errors keep what was typed and change nothing
    bad = dict(form, title="Alt titlu", end_date="2025-01-01", public="true")
    page = soup(site.post(app, "/census/recensamant-test/settings", "coordinator", data=bad))
    assert [li["data-field"] for li in page.select(".tmopendata-census-errors li")] == ["end_date"]
    assert page.select_one("#field-title")["value"] == "Alt titlu"
    assert page.select_one("#field-public").has_attr("checked")
    assert call_action("tmopendata_census_campaign_show", site.ctx("sysadmin"),
                       id=site.campaign["id"])["title"] == "Recensământ de test (închis)"
    # renaming moves the campaign's pages
    resp = site.post(app, "/census/recensamant-test/settings", "coordinator",
                     data=dict(form, name="recensamant-nou"), follow_redirects=False)
    assert resp.headers["Location"].endswith("/census/recensamant-nou")


def test_a_campaign_coordinator_edits_the_campaign(app, site):
    own = factories.UserWithToken()
    call_action("tmopendata_census_campaign_patch", site.ctx("sysadmin"), id=site.campaign["id"],
                coordinators=[own["name"]], public=False)
    headers = {"Authorization": own["token"]}
    board = soup(app.get("/census/recensamant-test", headers=headers))
    assert board.select_one(".tmopendata-census-edit-campaign")["href"] == "/census/recensamant-test/settings"
    page = soup(app.get("/census/recensamant-test/settings", headers=headers))
    assert page.select_one("#field-coordinators")["value"] == own["name"]
    resp = app.post("/census/recensamant-test/settings", headers=headers, follow_redirects=False, data={
        "name": "recensamant-test", "title": "Redenumit", "status": "open", "coordinators": own["name"],
        "organizations": site.org["name"]})
    assert resp.status_code == 302
    assert call_action("tmopendata_census_campaign_show", site.ctx("sysadmin"),
                       id=site.campaign["id"])["title"] == "Redenumit"
    # but creates no campaign
    app.get("/census/campaign/new", headers=headers, status=403)


def test_reserved_campaign_names_are_refused(app, site):
    resp = site.post(app, "/census/campaign/new", "coordinator", data={"name": "campaign", "title": "X"})
    errors = {li["data-field"]: li.get_text() for li in soup(resp).select(".tmopendata-census-errors li")}
    assert "used by the census pages" in errors["name"]


# --- the public of a public campaign ------------------------------------------------------

@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_the_public_is_sent_to_the_public_inventory(app, site, role):
    resp = site.get(app, "/census/recensamant-test", role, follow_redirects=False)
    assert resp.status_code == 302
    assert resp.headers["Location"].endswith("/census/recensamant-test/inventory")
    page = soup(site.get(app, "/census/recensamant-test", role))
    assert page.select_one("h1").get_text().startswith("Inventory of data held")
    assert page.select_one(".tmopendata-census-board") is None


def test_insiders_get_the_dashboard(app, site):
    stranger = factories.UserWithToken()
    factories.Organization(users=[{"name": stranger["name"], "capacity": "member"}])
    for role in ("member", "editor", "admin", "coordinator", "sysadmin"):
        resp = site.get(app, "/census/recensamant-test", role, follow_redirects=False)
        assert resp.status_code == 200, role
    # a member of an organisation outside the campaign is sent to the public inventory
    resp = app.get("/census/recensamant-test", headers={"Authorization": stranger["token"]}, follow_redirects=False)
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/census/recensamant-test/inventory")
    # a member of another institution of the campaign gets the dashboard (with the figures the public sees)
    other = factories.Organization(users=[{"name": stranger["name"], "capacity": "member"}])
    call_action("tmopendata_census_campaign_patch", site.ctx("sysadmin"), id=site.campaign["id"],
                organizations=[site.org["name"], other["name"]])
    resp = app.get("/census/recensamant-test", headers={"Authorization": stranger["token"]}, follow_redirects=False)
    assert resp.status_code == 200


def test_the_public_sees_no_coordinator_names(app, site):
    call_action("tmopendata_census_campaign_patch", site.ctx("sysadmin"), id=site.campaign["id"],
                coordinators=[site.users["editor"]["name"]])
    resp = app.get("/api/3/action/tmopendata_census_campaign_show?id=recensamant-test")
    assert "coordinators" not in resp.json["result"] and "creator_user_id" not in resp.json["result"]
    resp = app.get("/api/3/action/tmopendata_census_campaign_list")
    assert "coordinators" not in resp.json["result"]["results"][0]
    resp = app.get("/api/3/action/tmopendata_census_campaign_show?id=recensamant-test",
                   headers=site.auth("coordinator"))
    assert resp.json["result"]["coordinators"] == [site.users["editor"]["name"]]


# --- import page: coordinators import for any institution ----------------------------------

@pytest.mark.parametrize("role,status", [
    ("anonymous", 403), ("outsider", 403), ("member", 403),
    ("editor", 200), ("admin", 200), ("coordinator", 200), ("sysadmin", 200),
])
def test_import_page_for_every_role(app, site, role, status):
    factories.Organization(name="alta-institutie", title="Altă instituție")
    factories.Organization(name="in-afara-campaniei", title="În afara campaniei")
    call_action("tmopendata_census_campaign_patch", site.ctx("sysadmin"), id=site.campaign["id"],
                organizations=[site.org["name"], "alta-institutie"])
    resp = site.get(app, "/census/recensamant-test/import", role, status=status)
    if status != 200:
        return
    choices = [o["value"] for o in soup(resp).select("#field-organization option") if o["value"]]
    if role in ("coordinator", "sysadmin"):
        # the institutions of the campaign only
        assert sorted(choices) == sorted([site.org["name"], "alta-institutie"])
    else:
        assert choices == [site.org["name"]]
    resp = site.post(app, "/census/recensamant-test/import", role,
                     data={"organization": site.org["name"], "upload": upload(f"Denumire set de date\nParcări {role}\n")})
    summary = soup(resp).select_one(".tmopendata-census-import-summary")
    assert summary["data-imported"] == "true" and "Entries created: 1" in summary.get_text()


# --- entry page: restricting, publishing, starting the procedure ----------------------------

def test_restricting_in_the_browser_asks_for_the_category(app, site):
    entry = site.entry(personal_data=True)
    site.move(entry["id"], "submitted", "under_review")
    url = f"/census/entry/{entry['id']}"
    page = soup(site.get(app, url, "coordinator"))
    options = [o["value"] for o in page.select("#field-access_restriction option") if o["value"]]
    assert options == ["personal_data", "classified", "third_party_rights", "commercial_confidentiality"]
    resp = site.post(app, f"{url}/transition", "coordinator", data={"to_state": "restricted", "reason": "Contract"})
    assert "Choose the legal category of the restriction" in resp.body
    assert call_action("tmopendata_census_entry_show", site.ctx("admin"), id=entry["id"])["status"] == "under_review"
    site.post(app, f"{url}/transition", "coordinator",
              data={"to_state": "restricted", "reason": "Contract", "access_restriction": "commercial_confidentiality"})
    shown = call_action("tmopendata_census_entry_show", site.ctx("admin"), id=entry["id"])
    assert (shown["status"], shown["access_restriction"]) == ("restricted", "commercial_confidentiality")
    # back under review, the form shows the recorded category and reason
    site.move(entry["id"], "under_review")
    page = soup(site.get(app, url, "coordinator"))
    assert page.select_one("#field-access_restriction option[selected]")["value"] == "commercial_confidentiality"
    assert page.select_one("#field-reason")["value"] == "Contract"
    ro = site.post(app, f"/ro{url}/transition", "coordinator", data={"to_state": "restricted", "access_restriction": "none"})
    assert "Alegeți categoria restricției" in ro.body


def test_publishing_in_the_browser_needs_a_public_dataset_of_the_institution(app, site):
    entry = site.entry()
    site.move(entry["id"], "submitted", "under_review", "approved", "in_publication")
    foreign = factories.Dataset(owner_org=factories.Organization()["id"])
    url = f"/census/entry/{entry['id']}"
    resp = site.post(app, f"{url}/transition", "editor", data={"to_state": "published", "package_id": foreign["name"]})
    assert f'The dataset "{foreign["name"]}" is not published by Direcția de Mediu (test)' in soup(resp).get_text()
    private = factories.Dataset(owner_org=site.org["id"], private=True)
    resp = site.post(app, f"{url}/transition", "editor", data={"to_state": "published", "package_id": private["name"]})
    assert f'The dataset "{private["name"]}" is private: make it public' in soup(resp).get_text()
    assert call_action("tmopendata_census_entry_show", site.ctx("admin"), id=entry["id"])["status"] == "in_publication"


@pytest.mark.plugins("tmopendata", "tmopendata_census", "tmopendata_procedures")
def test_link_to_start_the_publication_procedure(app, site):
    dataset = factories.Dataset(owner_org=site.org["id"])
    entry = site.entry()
    site.move(entry["id"], "submitted", "under_review", "approved", "in_publication")
    url = f"/census/entry/{entry['id']}"
    assert soup(site.get(app, url, "editor")).select(".tmopendata-census-procedure") == []   # no dataset yet
    site.move(entry["id"], "published", package_id=dataset["id"])
    for role in ("editor", "admin", "sysadmin"):
        link = soup(site.get(app, url, role)).select_one(".tmopendata-census-procedure")
        assert link["href"] == f"/dataset/{dataset['id']}/procedure?census_entry_id={entry['id']}", role
        assert link.get_text() == "Start the publication procedure"
    for role in ("member", "coordinator"):  # they may not start procedures of the institution's datasets
        assert soup(site.get(app, url, role)).select(".tmopendata-census-procedure") == [], role
    ro = soup(site.get(app, f"/ro{url}", "editor")).select_one(".tmopendata-census-procedure")
    assert ro.get_text() == "Pornește procedura de publicare"
    # the link leads to the procedure page of the dataset
    site.get(app, ro["href"], "editor", status=200)


@pytest.mark.ckan_config("ckan.plugins", "activity tmopendata tmopendata_hvd tmopendata_census scheming_datasets dcat")
def test_no_procedure_link_without_the_procedures_plugin(app, site):
    dataset = factories.Dataset(owner_org=site.org["id"])
    entry = site.entry()
    site.move(entry["id"], "submitted", "under_review", "approved", "in_publication")
    site.move(entry["id"], "published", package_id=dataset["id"])
    page = soup(site.get(app, f"/census/entry/{entry['id']}", "editor"))
    assert page.select_one("h1 .tmopendata-census-state")["data-state"] == "published"
    assert page.select(".tmopendata-census-procedure") == []


def test_entry_form_offers_only_the_institutions_of_the_campaign(app, site):
    factories.Organization(name="in-afara", users=[{"name": site.users["editor"]["name"], "capacity": "editor"}])
    page = soup(site.get(app, "/census/recensamant-test/new", "editor"))
    choices = [o["value"] for o in page.select("#field-organization option") if o["value"]]
    assert choices == [site.org["name"]]


def test_a_decision_from_a_stale_page_is_refused(app, site):
    """The transition form sends the state the page showed: a coordinator
    deciding on a page opened before another one decided is told what the
    entry is now, and nothing changes."""
    entry = site.entry()
    site.move(entry["id"], "submitted", "under_review")
    url = f"/census/entry/{entry['id']}"
    form = soup(site.get(app, url, "coordinator")).select_one("form.tmopendata-census-transition")
    assert form.select_one('input[name="from_state"]')["value"] == "under_review"
    site.move(entry["id"], "approved")  # another coordinator, meanwhile
    resp = site.post(app, f"{url}/transition", "coordinator",
                     data={"to_state": "rejected", "from_state": "under_review"})
    assert "The entry changed meanwhile: it is now" in resp.body
    shown = call_action("tmopendata_census_entry_show", site.ctx("sysadmin"), id=entry["id"])
    assert shown["status"] == "approved" and shown["history"][-1]["to_state"] == "approved"
