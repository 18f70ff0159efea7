"""Bad files uploaded through the Action API (real multipart requests to the
WSGI app): the resource and its file are kept, and the report names the
problem with the engine's own error type."""
from __future__ import annotations

import io
import zipfile

import pytest

from ckan.lib import uploader
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.hvd.conftest import inline

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def zip_bomb() -> bytes:
    """A tiny XLSX-looking archive that expands to 20 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))
    return buffer.getvalue()


BAD_FILES = {
    "tm-empty-file": ("gol.csv", "CSV", b""),
    "tm-binary-file": ("date.csv", "CSV", b"PK\x03\x04\x14\x00\x00\x00\x08\x00binary\x00\xff\xfe stuff"),
    "tm-zip-bomb": ("bomba.xlsx", "XLSX", zip_bomb()),
}


@pytest.mark.parametrize("error_type", sorted(BAD_FILES))
def test_bad_upload_is_kept_and_reported(app, org_with_users, error_type):
    org, users = org_with_users
    filename, fmt, data = BAD_FILES[error_type]
    dataset = factories.Dataset(owner_org=org["id"])
    resp = app.post(
        "/api/action/resource_create",
        headers={"Authorization": users["editor"]["token"]},
        data={"package_id": dataset["id"], "name": filename, "format": fmt, "schema": inline(),
              "upload": (io.BytesIO(data), filename)},
    )
    assert resp.status_code == 200, resp.body
    res = resp.json["result"]

    # nothing is lost: the resource and its file, byte for byte
    shown = call_action("resource_show", id=res["id"])
    assert shown["url_type"] == "upload" and shown["url"].endswith(filename)
    with open(uploader.get_resource_uploader(shown).get_path(res["id"]), "rb") as f:
        assert f.read() == data
    # the report says exactly what is wrong
    assert shown["validation_status"] == "failure"
    report = app.get(f"/api/action/tmopendata_validation_show?resource_id={res['id']}").json["result"]
    assert report["status"] == "failure"
    assert report["error_types"] == {error_type: 1}
    assert report["errors"][0]["type"] == error_type and report["errors"][0]["message"]
