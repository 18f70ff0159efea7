"""The schema store: actions, public page, download, and how a resource's
``schema`` field is resolved (name, name@version, URL, inline JSON)."""
from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from ckan.tests.helpers import call_action, call_auth

from ckanext.tmopendata.hvd import schema_store
from tests.hvd.test_linked import file_server  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("with_plugins")


def test_schema_list_and_show():
    listed = call_action("tmopendata_schema_list")
    assert len(listed) == 10
    parcari = next(s for s in listed if s["name"] == "tm-parcari")
    assert parcari["ref"] == "tm-parcari@1.0"
    assert parcari["title_en"] == "Public car parks and capacity"
    assert "valid.csv" in parcari["samples"]
    shown = call_action("tmopendata_schema_show", name="tm-parcari")
    assert shown["version"] == "1.0" and shown["versions"] == ["1.0"]
    assert shown["schema"]["primaryKey"] == ["id_parcare"]
    assert call_action("tmopendata_schema_show", name="tm-parcari@1.0")["ref"] == "tm-parcari@1.0"
    assert call_auth("tmopendata_schema_list", {"user": ""})


@pytest.mark.parametrize("name", ["tm-nu-exista", "tm-parcari@9.9"])
def test_unknown_standard_is_404(name):
    with pytest.raises(tk.ObjectNotFound):
        call_action("tmopendata_schema_show", name=name)
    with pytest.raises(tk.ValidationError):
        call_action("tmopendata_schema_show")


def test_public_page_and_download(app):
    page = BeautifulSoup(app.get("/tmopendata/schemas").body, "html.parser")
    refs = [c.get_text() for c in page.select(".tmopendata-standards code")]
    assert len(refs) == 10 and "tm-statii-transport@1.0" in refs
    link = page.select_one('a[href$="/tm-parcari/1.0/schema.json"]')
    resp = app.get(link["href"])
    assert resp.headers["Content-Disposition"] == 'attachment; filename="tm-parcari-1.0.schema.json"'
    assert json.loads(resp.body)["name"] == "tm-parcari"
    app.get("/tmopendata/schemas/tm-parcari/7.0/schema.json", status=404)
    assert "Standardele de date ale orașului" in app.get("/ro/tmopendata/schemas").body


def test_resolve_forms():
    descriptor, ref = schema_store.resolve("tm-parcari")
    assert ref == "tm-parcari@1.0" and descriptor["name"] == "tm-parcari"
    assert schema_store.resolve("") == (None, None)
    inline = {"fields": [{"name": "a", "type": "integer"}]}
    assert schema_store.resolve(json.dumps(inline)) == (inline, "inline")
    assert schema_store.resolve(inline) == (inline, "inline")


def test_resolve_url(file_server):
    descriptor, ref = schema_store.resolve(f"{file_server}/schema.json")
    assert ref.endswith("/schema.json") and descriptor["fields"]


def test_resolve_errors(file_server):
    with pytest.raises(schema_store.SchemaError, match="could not be downloaded"):
        schema_store.resolve(f"{file_server}/lipsa.json")
    with pytest.raises(schema_store.SchemaError, match="not valid JSON"):
        schema_store.resolve(f"{file_server}/parcuri.csv")
    with pytest.raises(schema_store.SchemaError, match="line 1"):
        schema_store.resolve('{"fields": [}')
