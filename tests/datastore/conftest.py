"""Fixtures of the DataStore tests: real PostgreSQL (CKAN and DataStore
databases), Redis and the real worker."""
from __future__ import annotations

import io
import json
import os

import pytest
from werkzeug.datastructures import FileStorage

from ckan.tests import factories
from ckan.tests.helpers import call_action

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

#: Every Table Schema type the city's standards use, and more.
TYPED_SCHEMA = {
    "fields": [
        {"name": "cod", "type": "string", "title": "Cod", "title_en": "Code",
         "description": "Codul locului / Place code", "constraints": {"required": True}},
        {"name": "locuri", "type": "integer", "title": "Locuri", "title_en": "Spaces",
         "description": "Numărul de locuri / Number of spaces"},
        {"name": "tarif", "type": "number", "title": "Tarif", "title_en": "Fee"},
        {"name": "deschis", "type": "boolean", "title": "Deschis", "title_en": "Open"},
        {"name": "data_inventar", "type": "date", "title": "Data inventarului"},
        {"name": "actualizat", "type": "datetime"},
        {"name": "an", "type": "year"},
        {"name": "pozitie", "type": "geopoint"},
        {"name": "site", "type": "string", "format": "uri"},
    ],
}
TYPED_CSV = (
    "cod,locuri,tarif,deschis,data_inventar,actualizat,an,pozitie,site\n"
    "P01,120,2.5,true,2024-03-01,2024-03-01T10:30:00,2024,\"21.2257, 45.7537\",https://example.org/p01\n"
    "P02,80,3,false,2024-03-02,2024-03-02T08:00:00Z,2023,\"21.23, 45.76\",\n"
)

SCHEMA = {
    "fields": [
        {"name": "id", "type": "string", "title": "Identificator", "title_en": "Identifier",
         "description": "Codul spațiului / Space code", "constraints": {"required": True}},
        {"name": "denumire", "type": "string", "title": "Denumire", "title_en": "Name"},
        {"name": "suprafata_mp", "type": "number", "title": "Suprafață (m²)", "title_en": "Area (m²)",
         "constraints": {"minimum": 0}},
    ],
}
VALID_CSV = "id,denumire,suprafata_mp\nSV01,Parcul Central,90000\nSV02,Parcul Rozelor,36000.5\n"
VALID_CSV_2 = "id,denumire,suprafata_mp\nSV01,Parcul Central,90000\nSV02,Parcul Rozelor,36000.5\nSV03,Parcul Botanic,80000\n"
INVALID_CSV = "id,denumire,suprafata_mp\nSV01,Parcul Central,-5\nSV01,,abc\n"


def served_records(resource_id):
    """The rows the DataStore serves for the resource, in load order."""
    return call_action("datastore_search", resource_id=resource_id, sort="_id")["records"]


def load_state(dataset_id, resource_id):
    """The resource's entry of ``tmopendata_datastore_status`` (read in a
    fresh session: the worker wrote it in another process)."""
    import ckan.model as model

    model.Session.remove()
    status = call_action("tmopendata_datastore_status", id=dataset_id)
    return next(r for r in status["resources"] if r["id"] == resource_id)


def inline(schema=SCHEMA) -> str:
    return json.dumps(schema)


@pytest.fixture
def org_with_users():
    """An institution with an editor, an outsider, an editor of another
    institution and a sysadmin, each with an API token."""
    users = {role: factories.UserWithToken() for role in ("editor", "outsider", "other_editor")}
    users["sysadmin"] = factories.SysadminWithToken()
    org = factories.Organization(users=[{"name": users["editor"]["name"], "capacity": "editor"}])
    factories.Organization(users=[{"name": users["other_editor"]["name"], "capacity": "editor"}])
    return org, users


def _file(data, filename, content_type="text/csv"):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return FileStorage(io.BytesIO(data), filename, content_type=content_type)


@pytest.fixture
def upload():
    """Create a resource with an uploaded file, as ``user``."""

    def factory(user, package_id, data, filename="data.csv", **fields):
        fields.setdefault("format", "CSV")
        fields.setdefault("name", filename)
        return call_action("resource_create", {"user": user["name"]}, package_id=package_id,
                           url=filename, upload=_file(data, filename), **fields)

    return factory


@pytest.fixture
def reupload():
    """Replace a resource's file, as ``user``."""

    def factory(user, resource_id, data, filename="data.csv", **fields):
        return call_action("resource_patch", {"user": user["name"]}, id=resource_id,
                           url=filename, upload=_file(data, filename), **fields)

    return factory

