"""Import with a row-by-row report (nothing changed on errors unless the
valid rows are accepted), export csv/xlsx/datapackage with the round trip
into a new campaign, and publishing the public inventory dataset."""
from __future__ import annotations

import base64
import io as stdio
import json
import zipfile

import pytest
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.census import fields, io
from ckanext.tmopendata.resources import census_dir

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

HEADER = "Instituție,Denumire set de date,Mod de stocare,Date personale,Solicitări de informații"


def _csv(census, *lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


def _import(census, content: bytes, filename="inventar.csv", role="editor", **kw):
    return call_action(
        "tmopendata_census_entry_import", census.ctx(role), campaign_id=census.campaign["id"],
        upload=FileStorage(stdio.BytesIO(content), filename), **kw,
    )


def _count(census, role="sysadmin", campaign=None):
    return call_action("tmopendata_census_entry_list", census.ctx(role),
                       campaign_id=(campaign or census.campaign)["id"])["count"]


def _header():
    return ",".join(io.HEADERS[f][0] for f in ("organization", "title", "storage", "personal_data", "information_requests"))


def test_import_valid_file(census):
    org = census.org["name"]
    report = _import(census, _csv(census, f"{org},Registrul străzilor,bază de date,nu,12",
                                  f"{org},Autorizații de construire,hârtie,da,3", header=_header()))
    assert report["errors"] == [] and report["imported"] is True
    assert (report["rows"], report["created"], report["updated"]) == (2, 2, 0)
    listed = call_action("tmopendata_census_entry_list", census.ctx("editor"), sort="title")["results"]
    assert [e["title"] for e in listed] == ["Autorizații de construire", "Registrul străzilor"]
    assert listed[1]["storage"] == "database" and listed[1]["information_requests"] == 12
    assert listed[0]["personal_data"] is True and listed[0]["status"] == "draft"
    history = call_action("tmopendata_census_entry_show", census.ctx("editor"), id=listed[0]["id"])["history"]
    assert history[0]["action"] == "import"


def test_rows_with_errors_change_nothing_unless_accepted(census):
    org = census.org["name"]
    content = _csv(census, f"{org},Bun,bază de date,nu,1", f"{org},,bază de date,nu,1",
                   f"{org},Rău,nor,poate,-2", "nicio-institutie,Altul,hârtie,nu,0", header=_header())
    report = _import(census, content)
    assert report["imported"] is False and report["created"] == 0
    rows = {e["row"]: e["errors"] for e in report["errors"]}
    assert set(rows) == {3, 4, 5}
    assert "title" in rows[3]
    assert {"storage", "personal_data", "information_requests"} <= set(rows[4])
    assert "organization" in rows[5]
    assert _count(census) == 0
    accepted = _import(census, content, accept_valid=True)
    assert accepted["created"] == 1 and len(accepted["errors"]) == 3
    assert _count(census) == 1


def test_rows_of_other_institutions_refused(census):
    other = factories.Organization()
    report = _import(census, _csv(census, f"{other['name']},Străin,hârtie,nu,0", header=_header()))
    assert "organization" in report["errors"][0]["errors"]
    assert _count(census) == 0


def test_default_institution_and_reimport_updates_drafts(census):
    header = ",".join(io.HEADERS[f][1] for f in ("title", "effort"))
    first = _import(census, f"{header}\nParcări,high\n".encode(), organization=census.org["name"])
    assert first["created"] == 1
    again = _import(census, f"{header}\nParcări,high\n".encode(), organization=census.org["name"])
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 1)
    changed = _import(census, f"{header}\nParcări,low\n".encode(), organization=census.org["name"])
    assert changed["updated"] == 1
    (entry,) = call_action("tmopendata_census_entry_list", census.ctx("editor"))["results"]
    assert entry["effort"] == "low"
    census.move(entry["id"], "submitted", role="admin")
    locked = _import(census, f"{header}\nParcări,medium\n".encode(), organization=census.org["name"])
    assert locked["imported"] is False and "submitted" in locked["errors"][0]["errors"]["title"][0]


@pytest.mark.parametrize("content,filename,needle", [
    (b"", "gol.csv", "The file is empty: there is no header row and no data."),
    (b"%PDF-1.4 binary", "scan.pdf",
     "The file contains binary data: it is not a CSV file. Import a CSV or XLSX file made from the template."),
    (b"Culoare,Greutate\nrosu,3\n", "coloane.csv", '"Culoare"'),
])
def test_unreadable_files(census, content, filename, needle):
    with pytest.raises(tk.ValidationError) as e:
        _import(census, content, filename=filename)
    if needle.startswith('"'):
        assert needle in e.value.error_dict["upload"][0]
    else:
        assert e.value.error_dict["upload"] == [needle]
    assert _count(census) == 0


@pytest.mark.parametrize("role", ["coordinator", "sysadmin", "editor", "admin"])
def test_who_imports_for_the_institution(census, role):
    """Coordinators (not members of the institution) import for it, like
    its editors and admins."""
    header = ",".join(io.HEADERS[f][1] for f in ("organization", "title"))
    report = _import(census, f"{header}\n{census.org['name']},Parcări\n".encode(), role=role)
    assert (report["created"], report["errors"]) == (1, [])
    (entry,) = call_action("tmopendata_census_entry_list", census.ctx("sysadmin"))["results"]
    assert entry["organization"] == census.org["name"]
    shown = call_action("tmopendata_census_entry_show", census.ctx("sysadmin"), id=entry["id"])
    assert [(h["action"], h["user"]) for h in shown["history"]] == [("import", census.users[role]["name"])]


@pytest.mark.parametrize("role", ["other_editor", "other_admin"])
def test_another_institution_cannot_import_over_this_ones_entries(census, role):
    """An editor or admin of another institution: rows of this institution
    are refused, and naming an entry of this institution by its ID does not
    change it (the row goes to their own institution)."""
    entry = census.entry(title="Parcări", description="Original")
    header = ",".join(io.HEADERS[f][1] for f in ("id", "organization", "title", "description"))
    mine = f"{header}\n{entry['id']},{census.org['name']},Parcări,Hijacked\n".encode()
    report = _import(census, mine, role=role)
    assert report["imported"] is False and [e["row"] for e in report["errors"]] == [2]
    with pytest.raises(tk.NotAuthorized):
        _import(census, mine, role=role, organization=census.org["name"])
    theirs = f"{header}\n{entry['id']},{census.other_org['name']},Parcări,Hijacked\n".encode()
    report = _import(census, theirs, role=role)
    assert (report["created"], report["updated"]) == (1, 0)
    shown = call_action("tmopendata_census_entry_show", census.ctx("sysadmin"), id=entry["id"])
    assert (shown["organization"], shown["description"]) == (census.org["name"], "Original")


@pytest.mark.parametrize("role", ["anonymous", "outsider", "member"])
def test_people_without_a_role_may_not_import(census, role):
    header = ",".join(io.HEADERS[f][1] for f in ("organization", "title"))
    with pytest.raises(tk.NotAuthorized):
        _import(census, f"{header}\n{census.org['name']},Parcări\n".encode(), role=role)
    with pytest.raises(tk.NotAuthorized):
        _import(census, f"{header}\n{census.org['name']},Parcări\n".encode(), role=role,
                organization=census.org["name"])
    assert _count(census) == 0


def test_editors_import_only_for_their_institution(census):
    other = factories.Organization(title="Altă instituție")
    census.join(other)
    header = ",".join(io.HEADERS[f][1] for f in ("organization", "title"))
    content = f"{header}\n{census.org['name']},Parcări\n{other['name']},Străzi\n".encode()
    report = _import(census, content, role="editor")
    assert report["imported"] is False
    assert report["errors"] == [{"row": 3, "errors": {"organization": ['You may not add entries for "Altă instituție".']}}]
    with pytest.raises(tk.NotAuthorized):
        _import(census, content, role="editor", organization=other["name"])
    # a coordinator imports both
    report = _import(census, content, role="coordinator")
    assert (report["created"], report["errors"]) == (2, [])


def test_windows_1250_file(census):
    # Windows-1250 has the cedilla forms ş ţ (not the comma-below ș ț)
    # (English headers: the Romanian ones have comma-below letters)
    header = ",".join(io.HEADERS[f][1] for f in ("organization", "title", "storage", "personal_data"))
    text = f"{header}\n{census.org['name']},Străzi şi pieţe în Timişoara,paper,no\n"
    report = _import(census, text.encode("cp1250"))
    # for these letters Windows-1250 and ISO-8859-2 use the same bytes
    assert report["created"] == 1
    assert report["encoding"].lower().replace("-", "") in ("cp1250", "windows1250", "iso88592")
    (entry,) = call_action("tmopendata_census_entry_list", census.ctx("editor"))["results"]
    assert entry["title"] == "Străzi şi pieţe în Timişoara"


def test_import_into_closed_campaign_refused(census):
    call_action("tmopendata_census_campaign_patch", census.ctx("sysadmin"), id=census.campaign["id"], status="closed")
    with pytest.raises(tk.ValidationError):
        _import(census, _csv(census, f"{census.org['name']},X,hârtie,nu,0", header=_header()))


def _demo_like(census) -> bytes:
    """The demo inventory with its institutions replaced by the test one."""
    text = (census_dir() / "demo-inventory.csv").read_text(encoding="utf-8-sig")
    for org in ("primaria-timisoara", "consiliul-local-timisoara", "stpt", "politia-locala-timisoara",
                "isj-timis", "directia-mediu-timisoara"):
        text = text.replace(f",{org},", f",{census.org['name']},")
    return text.encode("utf-8")


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "datapackage"])
def test_export_then_import_into_a_new_campaign_gives_the_same_entries(census, fmt):
    report = _import(census, _demo_like(census), filename="demo-inventory.csv", role="sysadmin")
    assert report["errors"] == [] and report["created"] == 40
    exported = call_action("tmopendata_census_entry_export", census.ctx("coordinator"),
                           campaign_id=census.campaign["id"], format=fmt, lang="en")
    assert exported["count"] == 40
    if fmt == "csv":
        content, name = exported["content"].encode("utf-8"), "export.csv"
    else:
        content = base64.b64decode(exported["content"])
        name = "export.xlsx"
        if fmt == "datapackage":
            package = zipfile.ZipFile(stdio.BytesIO(content))
            descriptor = json.loads(package.read("datapackage.json"))
            assert descriptor["resources"][0]["schema"]["name"] == "tm-census-inventory"
            content, name = package.read("entries.csv"), "entries.csv"
    new = call_action("tmopendata_census_campaign_create", census.ctx("coordinator"), name="copie", title="Copie",
                      organizations=[census.org["name"]])
    again = call_action("tmopendata_census_entry_import", census.ctx("sysadmin"), campaign_id=new["id"],
                        upload=FileStorage(stdio.BytesIO(content), name))
    assert again["errors"] == [] and again["created"] == 40

    def entries(campaign_id):
        results = call_action("tmopendata_census_entry_list", census.ctx("coordinator"),
                              campaign_id=campaign_id, limit=100, sort="title")["results"]
        keep = [n for n, _t in fields.ENTRY_FIELDS if n not in ("id",)] + list(fields.SCORE_FIELDS)
        return [{k: e[k] for k in keep} for e in results]

    assert entries(new["id"]) == entries(census.campaign["id"])


def test_member_exports_only_own_institution(census):
    census.entry(title="Al nostru")
    other = factories.Organization()
    census.join(other)
    census.entry(role="sysadmin", title="Al lor", organization=other["name"])
    mine = call_action("tmopendata_census_entry_export", census.ctx("member"), campaign_id=census.campaign["id"])
    assert mine["count"] == 1 and "Al nostru" in mine["content"] and "Al lor" not in mine["content"]
    everything = call_action("tmopendata_census_entry_export", census.ctx("coordinator"),
                             campaign_id=census.campaign["id"], format="csv", lang="ro")
    assert everything["count"] == 2 and everything["content"].startswith("\ufeffID,Instituție")


@pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_census")
def test_publish_creates_then_updates_the_public_inventory(census):
    coordinating = factories.Organization(users=[{"name": census.users["coordinator"]["name"], "capacity": "editor"}])
    approved = census.entry(title="Bugetul local", planned_publication="2026-06-30")
    census.move(approved["id"], "submitted", "under_review", "approved")
    restricted = census.entry(title="Registrul cazierelor")
    census.move(restricted["id"], "submitted", "under_review")
    census.move(restricted["id"], "restricted", reason="Legea 190/2018", access_restriction="personal_data")
    census.entry(title="Ciornă")
    with pytest.raises(tk.ValidationError) as e:
        call_action("tmopendata_census_publish", census.ctx("coordinator"), campaign_id=census.campaign["id"],
                    owner_org="no-such-org")
    assert "owner_org" in e.value.error_dict
    result = call_action("tmopendata_census_publish", census.ctx("coordinator"),
                         campaign_id=census.campaign["id"], owner_org=coordinating["name"])
    assert result["created"] is True and result["count"] == 1
    assert result["validation_status"] == "success"
    dataset = call_action("package_show", census.ctx("anonymous"), id=result["package_id"])
    assert dataset["owner_org"] == coordinating["id"] and dataset["private"] is False
    (resource,) = dataset["resources"]
    assert json.loads(resource["schema"])["primaryKey"] == ["id"]
    assert call_action("tmopendata_census_campaign_show", census.ctx("anonymous"),
                       id=census.campaign["id"])["public"] is True
    body = _resource_body(resource)
    rows, _enc = io.read_table(body, "inventar.csv")
    assert "Bugetul local" in body.decode("utf-8")
    assert "Registrul cazierelor" not in body.decode("utf-8") and "Ciornă" not in body.decode("utf-8")
    # validated by the HVD pipeline against its Table Schema
    report = call_action("tmopendata_validation_show", census.ctx("sysadmin"), resource_id=resource["id"])
    assert report["status"] == "success", report
    # publishing again updates the same dataset
    other = census.entry(title="Parcări")
    census.move(other["id"], "submitted", "under_review", "approved")
    again = call_action("tmopendata_census_publish", census.ctx("coordinator"),
                        campaign_id=census.campaign["id"], owner_org=coordinating["name"])
    assert again["package_id"] == result["package_id"] and again["created"] is False and again["count"] == 2
    dataset = call_action("package_show", census.ctx("anonymous"), id=result["package_id"])
    assert len(dataset["resources"]) == 1
    assert "Parcări" in _resource_body(dataset["resources"][0]).decode("utf-8")


def _resource_body(resource) -> bytes:
    from ckan.lib import uploader

    path = uploader.get_resource_uploader(resource).get_path(resource["id"])
    with open(path, "rb") as f:
        return f.read()
