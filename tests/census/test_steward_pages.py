"""What stewards and coordinators type is never lost, and fewer clicks:
a refused restriction keeps the comment and reason (labels, not codes);
the valid rows of a refused import are imported without choosing the file
again; institutions named by name or title (and listed in the templates);
bulk submit and approve; editors told that admins submit."""
from __future__ import annotations

import io as stdio

import openpyxl
import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.census import io
from tests.census.test_views import BAD_FILE, site, soup, upload  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("with_plugins")

IMPORT = "/census/recensamant-test/import"


def _session_client(app, name):
    """A test client logged in as ``name`` with a browser session, and the
    environ to send: CKAN 2.11 logs in the request's ``REMOTE_USER``; CKAN
    2.12 dropped that: the user goes into the flask-login session, as its
    test client's ``user=`` does, but for the site's host (the requests go
    to ``ckan.site_url``, not to the test client's default ``localhost``)."""
    import inspect

    import ckan.model as model
    import ckan.plugins.toolkit as tk

    client = app.test_client()
    if "user" not in inspect.signature(app.test_client).parameters:  # CKAN 2.11
        return client, {"REMOTE_USER": name}
    with client.session_transaction(base_url=tk.config["ckan.site_url"]) as session:
        session["_user_id"] = model.User.get(name).id
        session["_fresh"] = True
    return client, {}


def bulk(app, site, role, **data):
    """Post the bulk form in a browser session (CKAN's test login through
    ``REMOTE_USER``: flash messages survive the redirect only with a
    session, not with an API token); the flash messages shown after it.
    One client for both requests: the CSRF token is bound to the session
    cookie set by the first page (``app.get``/``app.post`` each start a new
    client without cookies)."""
    client, environ = _session_client(app, site.users[role]["name"])
    token = soup(client.get("/census/", environ_base=environ)).select_one("input[name=_csrf_token]")["value"]
    resp = client.post("/census/recensamant-test/bulk", environ_base=environ, data=dict(data, _csrf_token=token))
    return soup(resp).select_one(".flash-messages")


def entries(site, role="sysadmin"):
    return call_action("tmopendata_census_entry_list", site.ctx(role), campaign_id=site.campaign["id"])["results"]


# --- point 6: a refused restriction keeps what was typed ------------------------------------

def test_a_refused_restriction_keeps_the_comment_and_reason_and_names_labels(app, site):
    entry = site.entry()
    site.move(entry["id"], "submitted", "under_review")
    url = f"/census/entry/{entry['id']}"
    resp = site.post(app, f"{url}/transition", "coordinator", status=400, data={
        "to_state": "restricted", "comment": "Verificat cu juristul", "reason": "Art. 12 din contract"})
    page = soup(resp)
    assert page.select_one("#field-comment")["value"] == "Verificat cu juristul"
    assert page.select_one("#field-reason")["value"] == "Art. 12 din contract"
    errors = page.select_one(".tmopendata-census-transition-errors").get_text()
    assert "third-party rights" in errors and "third_party_rights" not in errors
    ro = soup(site.post(app, f"/ro{url}/transition", "coordinator", status=400, data={
        "to_state": "restricted", "reason": "Art. 12"}))
    text = ro.select_one(".tmopendata-census-transition-errors").get_text()
    assert "third_party_rights" not in text and "restricționată" in text
    # the category typed is kept too when the reason is missing
    page = soup(site.post(app, f"{url}/transition", "coordinator", status=400, data={
        "to_state": "restricted", "comment": "x", "access_restriction": "classified"}))
    assert page.select_one("#field-access_restriction option[selected]")["value"] == "classified"
    assert call_action("tmopendata_census_entry_show", site.ctx("admin"), id=entry["id"])["status"] == "under_review"


# --- point 6: the valid rows without choosing the file again --------------------------------

def test_import_the_valid_rows_without_choosing_the_file_again(app, site):
    page = soup(site.post(app, IMPORT, "editor",
                          data={"organization": site.org["name"], "upload": upload(BAD_FILE)}))
    assert entries(site) == []
    form = page.select_one(".tmopendata-census-import-pending")
    assert "2 valid rows" in form.get_text()
    token = form.select_one("input[name=pending]")["value"]
    # another user cannot use the kept file
    other = soup(site.post(app, IMPORT, "sysadmin", data={"pending": token, "accept_valid": "1",
                                                            "organization": site.org["name"]}))
    assert "no longer kept" in other.select_one(".tmopendata-census-import-error").get_text()
    assert entries(site) == []
    # nor a made-up token
    made_up = soup(site.post(app, IMPORT, "editor", data={"pending": "../../etc/passwd", "accept_valid": "1"}))
    assert "no longer kept" in made_up.select_one(".tmopendata-census-import-error").get_text()
    data = {i["name"]: i.get("value", "") for i in form.select("input[name]") if i["name"] != "_csrf_token"}
    done = soup(site.post(app, IMPORT, "editor", data=data))
    summary = done.select_one(".tmopendata-census-import-summary")
    assert summary["data-imported"] == "true" and "Entries created: 2" in summary.get_text()
    assert sorted(e["title"] for e in entries(site)) == ["Spații verzi", "Zgomot"]
    # used once: the kept file is gone
    again = soup(site.post(app, IMPORT, "editor", data=data))
    assert "no longer kept" in again.select_one(".tmopendata-census-import-error").get_text()


# --- point 8: institutions by name or title, listed in the templates ------------------------

@pytest.mark.parametrize("written", [
    "Direcția de Mediu (test)", "direcţia de mediu (TEST)", "Directia de Mediu (test)", "  DIRECTIA  de mediu (test) ",
])
def test_import_accepts_the_institution_title(app, site, written):
    text = f"Instituție,Denumire set de date\n\"{written}\",Calitatea aerului\n"
    result = call_action("tmopendata_census_entry_import", site.ctx("editor"), campaign_id=site.campaign["id"],
                         upload=text.encode("utf-8"), filename="i.csv")
    assert (result["created"], result["errors"]) == (1, [])
    assert entries(site)[0]["organization"] == site.org["name"]


def test_import_refuses_a_partial_or_ambiguous_title(app, site):
    factories.Organization(title="Direcția Fiscală")
    factories.Organization(title="Directia Fiscala")
    text = "Instituție,Denumire set de date\nDirecția de Mediu,A\nDirecția Fiscală,B\n"
    result = call_action("tmopendata_census_entry_import", site.ctx("sysadmin"), campaign_id=site.campaign["id"],
                         upload=text.encode("utf-8"), filename="i.csv")
    assert [e["row"] for e in result["errors"]] == [2, 3]
    assert "Unknown institution" in result["errors"][0]["errors"]["organization"][0]
    assert entries(site) == []


@pytest.mark.parametrize("lang", ["ro", "en"])
def test_templates_list_the_institutions(app, site, lang):
    book = openpyxl.load_workbook(stdio.BytesIO(app.get(f"/census/template/{lang}/xlsx").data))
    sheet = book["Instituții" if lang == "ro" else "Institutions"]
    listed = {(r[0], r[1]) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert (site.org["name"], "Direcția de Mediu (test)") in listed
    assert io.read_table(app.get(f"/census/template/{lang}/xlsx").data, "t.xlsx")[0] == []  # still empty
    rows = app.get(f"/census/institutions/{lang}.csv").data.decode("utf-8-sig").splitlines()
    assert f"{site.org['name']},Direcția de Mediu (test)" in rows
    link = soup(site.get(app, f"/{lang}/census/recensamant-test/import" if lang == "ro" else IMPORT, "editor"))
    assert link.select_one(".tmopendata-census-institutions")["href"].endswith(f"/census/institutions/{lang}.csv")


# --- point 8: bulk submit and approve; editors told that admins submit ----------------------

def test_bulk_approve_in_the_review_queue(app, site):
    a, b = site.entry(title="A"), site.entry(title="B")
    c = site.entry(title="C")
    site.move(a["id"], "submitted")
    site.move(b["id"], "submitted", "under_review")
    site.move(c["id"], "submitted")
    page = soup(site.get(app, "/census/recensamant-test/review", "coordinator"))
    boxes = {i["value"] for i in page.select(".tmopendata-census-bulk input[name=entry_id]")}
    assert boxes == {a["id"], b["id"], c["id"]}
    text = bulk(app, site, "coordinator", to_state="approved", entry_id=[a["id"], b["id"]], back="review",
                comment="lot 1").get_text()
    assert "“A”: status changed to approved for publication." in text and "“B”: status changed to approved for publication." in text
    states = {e["title"]: e["status"] for e in entries(site)}
    assert states == {"A": "approved", "B": "approved", "C": "submitted"}
    history = call_action("tmopendata_census_entry_show", site.ctx("coordinator"), id=a["id"])["history"]
    assert [h["to_state"] for h in history[-2:]] == ["under_review", "approved"]
    assert history[-1]["comment"] == "lot 1"


@pytest.mark.parametrize("role", ["member", "editor", "outsider"])
def test_bulk_approve_refused_entry_by_entry(app, site, role):
    a = site.entry(title="A")
    site.move(a["id"], "submitted")
    text = bulk(app, site, role, to_state="approved", entry_id=[a["id"]]).get_text()
    # outsiders do not even see the entry: it is not named
    assert ("An entry was not found." if role == "outsider" else "“A”: you may not make this change.") in text
    assert entries(site)[0]["status"] == "submitted"


def test_bulk_submit_for_admins_and_editors_told_admins_submit(app, site):
    a, b = site.entry(title="A"), site.entry(title="B")
    url = "/census/recensamant-test/entries"
    editor = soup(site.get(app, url, "editor"))
    assert editor.select(".tmopendata-census-bulk") == []
    assert "Only admins of the institution submit" in editor.select_one(".tmopendata-census-admins-submit").get_text()
    assert soup(site.get(app, f"/census/entry/{a['id']}", "editor")).select_one(".tmopendata-census-admins-submit")
    assert not soup(site.get(app, f"/census/entry/{a['id']}", "admin")).select_one(".tmopendata-census-admins-submit")
    admin = soup(site.get(app, url, "admin"))
    assert {i["value"] for i in admin.select(".tmopendata-census-bulk input[name=entry_id]")} == {a["id"], b["id"]}
    text = bulk(app, site, "admin", to_state="submitted", entry_id=[a["id"], b["id"]], back="entries").get_text()
    assert "“A”: status changed to submitted." in text and "“B”: status changed to submitted." in text
    assert {e["status"] for e in entries(site)} == {"submitted"}
    # an editor's bulk submit is refused entry by entry
    c = site.entry(title="C")
    text = bulk(app, site, "editor", to_state="submitted", entry_id=[c["id"]]).get_text()
    assert "“C”: you may not make this change." in text
    assert entries(site, "editor")[0]["status"] in ("submitted", "draft")
    assert {e["title"]: e["status"] for e in entries(site)}["C"] == "draft"


def test_bulk_without_a_choice_or_entries_says_so(app, site):
    assert "Tick the entries first." in bulk(app, site, "coordinator", to_state="approved").get_text()
    assert "Choose what to do" in bulk(app, site, "coordinator", to_state="published", entry_id="x").get_text()
    assert "An entry was not found." in bulk(app, site, "coordinator", to_state="approved", entry_id="nope").get_text()


# --- point 9: the methodology's tables ----------------------------------------------------

@pytest.mark.parametrize("url", ["/census/methodology", "/ro/census/methodology"])
def test_methodology_tables_are_tables(app, url):
    page = soup(app.get(url)).select_one(".tmopendata-census-methodology")
    assert page.select("table tbody tr"), "no table rendered"
    text = page.get_text()
    assert "| ---" not in text and " | " not in text  # no raw table rows left


def test_methodology_markdown_is_sanitised(app):
    from ckanext.tmopendata.census.helpers import tmopendata_census_markdown

    html = str(tmopendata_census_markdown(
        "| a | b |\n| --- | --- |\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |\n\n"
        "<iframe src='https://evil'></iframe>[x](javascript:alert(1))"))
    assert "<table" in html and "<td>" in html
    assert "<script" not in html and "onerror" not in html and "<iframe" not in html and "javascript:" not in html
