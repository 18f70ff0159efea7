"""Point 3 of issue 10: quarantine instead of silent publication.

A failing file added to a PUBLIC dataset: the dataset shows a warning and
is listed by ``tmopendata_quarantine_list`` (procedures overview, reminders);
a failing file with personal data is withheld from download (403, no byte
served) for everyone but the dataset's editors, until a valid version
replaces it or a sysadmin releases it with a recorded reason."""
from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from werkzeug.datastructures import FileStorage

from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

import ckan.model as model
import ckan.plugins.toolkit as tk

from tests.hvd.conftest import INVALID_CSV, VALID_CSV, inline
from tests.hvd.test_linked import file_server  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

#: A CSV whose second row holds a valid CNP, an e-mail and a phone number.
PERSONAL_CSV = (
    "id,denumire,suprafata_mp\n"
    "SV01,Parcul Central,90000\n"
    "SV02,Ion Popescu 1800101221144 ion.popescu@gmail.com 0722 123 456,36000\n"
)
ROLES = ("anonymous", "registered", "other_editor", "other_admin", "editor", "admin", "sysadmin")
#: Who may still download a withheld file (to check and replace it).
MAY_DOWNLOAD = {"editor", "admin", "sysadmin"}


@pytest.fixture
def people(world):
    """An institution's editor and admin, those of another institution, a
    registered user and a sysadmin (built once per worker, then restored:
    see ``world`` in tests/conftest.py)."""
    def build():
        users = {role: factories.UserWithToken()
                 for role in ("registered", "other_editor", "other_admin", "editor", "admin")}
        users["sysadmin"] = factories.SysadminWithToken()
        org = factories.Organization(name="spatii-verzi", title="Spații Verzi", users=[
            {"name": users["editor"]["name"], "capacity": "editor"},
            {"name": users["admin"]["name"], "capacity": "admin"},
        ])
        factories.Organization(users=[
            {"name": users["other_editor"]["name"], "capacity": "editor"},
            {"name": users["other_admin"]["name"], "capacity": "admin"},
        ])
        return org, users

    return world("quarantine_people", build)


def _upload(user, package_id, data, resource_id=None):
    fields = {
        "url": "parcuri.csv", "format": "CSV", "name": "parcuri.csv", "schema": inline(),
        "upload": FileStorage(io.BytesIO(data.encode()), "parcuri.csv", content_type="text/csv"),
    }
    if resource_id:
        return call_action("resource_patch", {"user": user["name"]}, id=resource_id, **fields)
    return call_action("resource_create", {"user": user["name"]}, package_id=package_id, **fields)


def _headers(users, role):
    return {} if role == "anonymous" else {"Authorization": users[role]["token"]}


@pytest.fixture
def withheld(people, world):
    """A public dataset whose file (first valid) was replaced by one with
    personal data (built once per worker, then restored: see ``world``)."""
    org, users = people

    def build():
        dataset = factories.Dataset(owner_org=org["id"], name="parcuri", title="Parcuri", license_id="cc-by")
        res = _upload(users["editor"], dataset["id"], VALID_CSV)
        assert call_action("tmopendata_quarantine_list")["count"] == 0
        res = _upload(users["editor"], dataset["id"], PERSONAL_CSV, resource_id=res["id"])
        return dataset, res

    dataset, res = world("withheld", build)
    report = call_action("tmopendata_validation_show", resource_id=res["id"])
    assert report["status"] == "failure" and report["error_types"].get("tm-personal-data")
    return dataset, res, org, users


def _download_url(dataset, res):
    return f"/dataset/{dataset['id']}/resource/{res['id']}/download/parcuri.csv"


@pytest.mark.parametrize("role", ROLES)
def test_withheld_file_download_by_role(app, withheld, role):
    dataset, res, _org, users = withheld
    resp = app.get(_download_url(dataset, res), headers=_headers(users, role))
    if role in MAY_DOWNLOAD:
        assert resp.status_code == 200
        assert "1800101221144" in resp.get_data(as_text=True)
    else:
        assert resp.status_code == 403
        body = resp.get_data(as_text=True)
        assert "withheld from download" in body
        assert "1800101221144" not in body and "Parcul Central" not in body
    # the download route without a file name too
    short = app.get(f"/dataset/{dataset['name']}/resource/{res['id']}/download", headers=_headers(users, role),
                    follow_redirects=False)
    assert (short.status_code == 403) == (role not in MAY_DOWNLOAD)


@pytest.mark.parametrize("role", ROLES)
def test_only_sysadmins_release_a_withheld_file(withheld, role):
    _dataset, res, _org, users = withheld
    context = {"user": users[role]["name"] if role != "anonymous" else "", "ignore_auth": False}
    data = {"resource_id": res["id"], "reason": "Public phone numbers of the parks office"}
    if role != "sysadmin":
        with pytest.raises(tk.NotAuthorized):
            call_auth("tmopendata_resource_release", dict(context, model=model), **data)
        with pytest.raises(tk.NotAuthorized):
            call_action("tmopendata_resource_release", dict(context), **data)
        assert call_action("tmopendata_quarantine_list")["datasets"][0]["withheld"] is True
        return
    release = call_action("tmopendata_resource_release", dict(context), **data)
    assert release["reason"] == data["reason"] and release["user_name"] == users["sysadmin"]["name"]
    listed = call_action("tmopendata_quarantine_list")["datasets"][0]["resources"][0]
    assert listed["withheld"] is False and listed["release"]["reason"] == data["reason"]
    # nothing left to release
    with pytest.raises(tk.ValidationError):
        call_action("tmopendata_resource_release", dict(context), **data)


def test_release_needs_a_reason_and_an_existing_resource(withheld):
    _dataset, res, _org, users = withheld
    root = {"user": users["sysadmin"]["name"]}
    with pytest.raises(tk.ValidationError) as e:
        call_action("tmopendata_resource_release", dict(root), resource_id=res["id"], reason="  ")
    assert "reason" in e.value.error_dict
    with pytest.raises(tk.ObjectNotFound):
        call_action("tmopendata_resource_release", dict(root), resource_id="nope", reason="x")


def test_released_file_is_served_and_a_new_failing_file_is_withheld_again(app, withheld):
    dataset, res, _org, users = withheld
    call_action("tmopendata_resource_release", {"user": users["sysadmin"]["name"]},
                resource_id=res["id"], reason="Checked: test data")
    assert app.get(_download_url(dataset, res)).status_code == 200
    page = app.get(f"/dataset/{dataset['name']}/resource/{res['id']}").get_data(as_text=True)
    assert "Checked: test data" in page
    # another file with personal data: the release was for the previous one
    _upload(users["editor"], dataset["id"], PERSONAL_CSV.replace("SV01", "SV09"), resource_id=res["id"])
    assert app.get(_download_url(dataset, res)).status_code == 403


def test_a_valid_version_ends_the_quarantine(app, withheld):
    dataset, res, _org, users = withheld
    _upload(users["editor"], dataset["id"], VALID_CSV, resource_id=res["id"])
    assert call_action("tmopendata_quarantine_list")["count"] == 0
    assert app.get(_download_url(dataset, res)).status_code == 200
    page = BeautifulSoup(app.get(f"/dataset/{dataset['name']}").body, "html.parser")
    assert page.select_one(".tmopendata-quarantine") is None


def test_pages_warn_and_hide_the_withheld_file(app, withheld):
    dataset, res, _org, users = withheld
    download = _download_url(dataset, res)
    page = BeautifulSoup(app.get(f"/dataset/{dataset['name']}").body, "html.parser")
    warning = page.select_one(".tmopendata-quarantine")
    assert warning is not None and "withheld from download" in warning.get_text()
    assert page.select_one(".tmopendata-withheld") is not None
    assert not page.select(f'a[href$="{download}"]')
    page = BeautifulSoup(app.get(f"/dataset/{dataset['name']}/resource/{res['id']}").body, "html.parser")
    assert "This file is withheld from download." in page.select_one(".tmopendata-withheld-notice").get_text()
    assert not [a for a in page.select("a[href]") if "/download" in a["href"]]
    # no release form for visitors; a sysadmin gets one
    assert page.select_one(".tmopendata-release-form") is None
    root = {"Authorization": users["sysadmin"]["token"]}
    page = BeautifulSoup(app.get(f"/dataset/{dataset['name']}/resource/{res['id']}", headers=root).body, "html.parser")
    assert page.select_one(".tmopendata-release-form textarea[name=reason]") is not None


def test_release_form_records_the_reason(app, withheld):
    dataset, res, _org, users = withheld
    url = f"/dataset/{dataset['name']}/resource/{res['id']}/release"
    app.post(url, data={"reason": "x"}, headers={"Authorization": users["admin"]["token"]}, status=403)
    app.post(url, data={"reason": "Office phone numbers"}, headers={"Authorization": users["sysadmin"]["token"]})
    listed = call_action("tmopendata_quarantine_list")["datasets"][0]["resources"][0]
    assert listed["release"]["reason"] == "Office phone numbers"


def test_failing_file_without_personal_data_is_listed_but_served(app, people):
    org, users = people
    dataset = factories.Dataset(owner_org=org["id"], name="parcuri", license_id="cc-by")
    res = _upload(users["editor"], dataset["id"], INVALID_CSV)
    listed = call_action("tmopendata_quarantine_list", organization="spatii-verzi")
    assert [d["name"] for d in listed["datasets"]] == ["parcuri"]
    assert listed["datasets"][0]["resources"][0]["withheld"] is False
    assert app.get(_download_url(dataset, res)).status_code == 200
    page = BeautifulSoup(app.get("/dataset/parcuri").body, "html.parser")
    assert "invalid, see the validation report" in page.select_one(".tmopendata-quarantine").get_text()


def test_private_datasets_are_not_in_the_quarantine_list(people):
    org, users = people
    dataset = factories.Dataset(owner_org=org["id"], private=True, license_id="cc-by")
    _upload(users["editor"], dataset["id"], PERSONAL_CSV)
    assert call_action("tmopendata_quarantine_list")["count"] == 0
    with pytest.raises(tk.ObjectNotFound):
        call_action("tmopendata_quarantine_list", organization="no-such-org")


@pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_procedures", "tmopendata_progress")
def test_procedures_overview_and_reminders_list_the_quarantined_dataset(app, withheld):
    dataset, _res, org, users = withheld
    page = BeautifulSoup(app.get("/tmopendata/procedures").body, "html.parser")
    row = page.select_one('.tmopendata-quarantine-list tr[data-dataset="parcuri"]')
    assert row is not None and "Withheld" in row.get_text()
    page = BeautifulSoup(app.get(f"/organization/{org['name']}/procedures").body, "html.parser")
    assert page.select_one('.tmopendata-quarantine-list tr[data-dataset="parcuri"]') is not None
    outcome = call_action("tmopendata_reminders_send", {"user": users["sysadmin"]["name"]}, dry_run=True)
    assert outcome["datasets_quarantined"] == 1
    admin_email = model.User.by_name(users["admin"]["name"]).email
    assert admin_email in [r["email"] for r in outcome["recipients"]]
    from ckanext.tmopendata.progress import reminders

    quarantined = call_action("tmopendata_quarantine_list")["datasets"]
    digest = [d for d in reminders.build_digests([], [], quarantined) if d.email == admin_email.lower()][0]
    assert "Parcuri" in digest.body() and "parcuri.csv (withheld)" in digest.body()


@pytest.mark.parametrize("role", ROLES)
def test_withheld_linked_file_url_left_out_of_the_api(app, people, file_server, tmp_path, role):
    """A linked (not uploaded) file with personal data: the portal serves no
    copy, and the API (package_show, resource_show, package_search) leaves
    its URL out for those who may not download it."""
    org, users = people
    dataset = factories.Dataset(owner_org=org["id"], name="parcuri-link", license_id="cc-by")
    (tmp_path / "personal.csv").write_text(PERSONAL_CSV, encoding="utf-8")  # served by file_server
    url = f"{file_server}/personal.csv"
    res = call_action("resource_create", {"user": users["editor"]["name"]}, package_id=dataset["id"],
                      url=url, format="CSV", schema=inline())
    report = call_action("tmopendata_validation_run", {"user": users["editor"]["name"]},
                         resource_id=res["id"], sync=True)
    assert report["status"] == "failure" and report["error_types"].get("tm-personal-data")
    expected = url if role in MAY_DOWNLOAD else ""
    headers = _headers(users, role)
    shown = app.get("/api/3/action/package_show", query_string={"id": dataset["id"]}, headers=headers).json
    assert shown["result"]["resources"][0]["url"] == expected
    one = app.get("/api/3/action/resource_show", query_string={"id": res["id"]}, headers=headers).json
    assert one["result"]["url"] == expected
    found = app.get("/api/3/action/package_search", query_string={"q": "name:parcuri-link"}, headers=headers).json
    assert [r["url"] for d in found["result"]["results"] for r in d["resources"]] == [expected]
