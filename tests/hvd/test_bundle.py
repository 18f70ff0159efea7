"""The download of a dataset's files with their data standards: one zip
(streamed) with the uploaded files, the Table Schema each was validated
against and a README/manifest with checksums; linked files listed as links;
private datasets and withheld files never reach those who may not see or
download them."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from urllib.parse import urlparse

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.hvd.conftest import PARKS_SCHEMA as SCHEMA, VALID_CSV
from tests.hvd.test_quarantine import PERSONAL_CSV, _upload, people, withheld  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

ROLES = ("anonymous", "registered", "other_editor", "other_admin", "editor", "admin", "sysadmin")


def _headers(users, role):
    return {} if role == "anonymous" else {"Authorization": users[role]["token"]}


def _context(users, role):
    return {"user": "" if role == "anonymous" else users[role]["name"], "ignore_auth": False}


@pytest.fixture
def private_dataset(people, world):
    """A private dataset: an uploaded CSV validated against its schema and a
    linked file (built once per worker, then restored: see ``world``)."""
    org, users = people

    def build():
        dataset = factories.Dataset(owner_org=org["id"], name="parcuri-private", title="Parcuri", private=True)
        res = _upload(users["editor"], dataset["id"], VALID_CSV)
        call_action("resource_create", {"user": users["editor"]["name"]}, package_id=dataset["id"],
                    name="Hartă", format="HTML", url="https://example.org/harta")
        return dataset, res

    dataset, res = world("bundle_private_dataset", build)
    return dataset, res, users


def _zip(resp) -> zipfile.ZipFile:
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    assert resp.headers["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(resp.get_data()))


def test_the_zip_holds_the_files_their_schemas_and_checksums(app, private_dataset):
    dataset, res, users = private_dataset
    shown = call_action("tmopendata_dataset_bundle_show", _context(users, "editor"), id=dataset["name"])
    by_name = {r["name"]: r for r in shown["resources"]}
    assert by_name["parcuri.csv"]["status"] == "included"
    assert by_name["parcuri.csv"]["file"] == "files/parcuri.csv"
    assert by_name["parcuri.csv"]["schema_file"] == "schemas/parcuri.schema.json"
    assert by_name["parcuri.csv"]["validation_status"] == "success"
    assert by_name["Hartă"]["status"] == "link" and by_name["Hartă"]["url"] == "https://example.org/harta"
    assert by_name["Hartă"]["file"] is None
    assert not any("_path" in r for r in shown["resources"])  # no storage path in the API
    assert urlparse(shown["url"]).path == f"/dataset/{dataset['name']}/files.zip"
    archive = _zip(app.get(urlparse(shown["url"]).path, headers=_headers(users, "editor")))
    assert sorted(archive.namelist()) == ["README.txt", "files/parcuri.csv", "manifest.json",
                                          "schemas/parcuri.schema.json"]
    assert archive.read("files/parcuri.csv").decode() == VALID_CSV
    assert json.loads(archive.read("schemas/parcuri.schema.json"))["fields"] == SCHEMA["fields"]
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["dataset"]["name"] == "parcuri-private"
    entry = next(r for r in manifest["resources"] if r["file"] == "files/parcuri.csv")
    assert entry["sha256"] == hashlib.sha256(VALID_CSV.encode()).hexdigest()
    assert entry["bytes"] == len(VALID_CSV.encode())
    assert entry["schema_sha256"] == hashlib.sha256(archive.read("schemas/parcuri.schema.json")).hexdigest()
    readme = archive.read("README.txt").decode()
    assert entry["sha256"] in readme and "https://example.org/harta" in readme


@pytest.mark.parametrize("role", ROLES)
def test_a_private_dataset_is_bundled_only_for_who_may_see_it(app, private_dataset, role):
    dataset, _res, users = private_dataset
    may_see = role in ("editor", "admin", "sysadmin")
    resp = app.get(f"/dataset/{dataset['name']}/files.zip", headers=_headers(users, role))
    if may_see:
        assert "files/parcuri.csv" in _zip(resp).namelist()
        assert call_action("tmopendata_dataset_bundle_show", _context(users, role), id=dataset["id"])["resources"]
    else:
        assert resp.status_code == 404
        body = resp.get_data()
        assert b"Parcul Central" not in body and b"parcuri.csv" not in body
        with pytest.raises(tk.NotAuthorized):
            call_action("tmopendata_dataset_bundle_show", _context(users, role), id=dataset["id"])
    api = app.get(f"/api/3/action/tmopendata_dataset_bundle_show?id={dataset['id']}", headers=_headers(users, role))
    assert api.status_code == (200 if may_see else 403)
    if not may_see:
        assert "parcuri" not in api.get_data(as_text=True).replace("parcuri-private", "")


@pytest.mark.parametrize("role", ROLES)
def test_a_withheld_file_stays_out_for_who_may_not_download_it(app, withheld, role):
    dataset, res, _org, users = withheld
    archive = _zip(app.get(f"/dataset/{dataset['name']}/files.zip", headers=_headers(users, role)))
    manifest = json.loads(archive.read("manifest.json"))
    entry = next(r for r in manifest["resources"] if r["resource_id"] == res["id"])
    if role in ("editor", "admin", "sysadmin"):
        assert entry["status"] == "included"
        assert "1800101221144" in archive.read(entry["file"]).decode()
    else:
        assert entry["status"] == "withheld" and entry["file"] is None
        assert not any(name.startswith("files/") for name in archive.namelist())
        assert all(b"1800101221144" not in archive.read(name) for name in archive.namelist())


def test_unknown_dataset_and_bad_input_are_clear_errors(app, private_dataset):
    _dataset, _res, users = private_dataset
    assert app.get("/dataset/nu-exista/files.zip").status_code == 404
    resp = app.get("/api/3/action/tmopendata_dataset_bundle_show?id=nu-exista",
                   headers=_headers(users, "sysadmin"))
    assert resp.status_code == 404 and resp.json["success"] is False
    resp = app.get("/api/3/action/tmopendata_dataset_bundle_show", headers=_headers(users, "sysadmin"))
    assert resp.status_code == 409 and "id" in resp.json["error"]


def test_the_dataset_page_links_the_zip(app, private_dataset):
    dataset, _res, users = private_dataset
    page = app.get(f"/dataset/{dataset['name']}", headers=_headers(users, "editor")).get_data(as_text=True)
    assert f"/dataset/{dataset['name']}/files.zip" in page


def _letters(i: int) -> str:
    """Text that compresses little and holds no digits (no phone number nor
    personal identification number for the personal-data guard to find)."""
    return hashlib.sha256(str(i).encode()).hexdigest().translate(str.maketrans("0123456789", "ghijklmnop"))


def test_a_large_file_is_streamed_in_chunks(app, people, monkeypatch):
    """The zip is handed out while it is made: a file of several chunks
    comes in several pieces (never the whole archive in memory)."""
    from ckanext.tmopendata.hvd import bundle

    monkeypatch.setattr(bundle, "CHUNK", 4096)
    org, users = people
    dataset = factories.Dataset(owner_org=org["id"], name="mare")
    big = "id,denumire,suprafata_mp\n" + "".join(
        f"S{i:06d},{_letters(i)},{i}\n" for i in range(20000))
    _upload(users["editor"], dataset["id"], big)
    pkg = call_action("package_show", id=dataset["id"])
    entries = bundle.plan(pkg, {"user": ""})
    assert [e["status"] for e in entries] == ["included"], bundle.public(entries)
    pieces = list(bundle.stream(pkg, entries))
    assert len(pieces) > 10 and max(len(p) for p in pieces) < 64 * 1024
    archive = zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
    assert archive.read("files/parcuri.csv").decode() == big
