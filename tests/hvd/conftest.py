"""Fixtures of the HVD tests."""
from __future__ import annotations

import io
import json

import pytest
from werkzeug.datastructures import FileStorage

from ckan.tests.helpers import call_action

PARKS_SCHEMA = {
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
        {"name": "denumire", "type": "string", "constraints": {"required": True}},
        {"name": "suprafata_mp", "type": "number", "constraints": {"minimum": 0}},
    ],
    "primaryKey": ["id"],
}
VALID_CSV = "id,denumire,suprafata_mp\nSV01,Parcul Central,90000\nSV02,Parcul Rozelor,36000\n"
INVALID_CSV = "id,denumire,suprafata_mp\nSV01,Parcul Central,-5\nSV01,,abc\n"


@pytest.fixture
def org_with_users(token_users):
    """``token_users`` of tests/conftest.py (an institution with an admin,
    an editor and a plain member, an outsider, an editor and an admin of
    another institution, each with an API token)."""
    return token_users


@pytest.fixture
def upload():
    """Create a resource with an uploaded file, as ``user``."""

    def factory(user, package_id, data, filename="data.csv", **fields):
        if isinstance(data, str):
            data = data.encode("utf-8")
        fields.setdefault("format", "CSV")
        fields.setdefault("name", filename)
        return call_action(
            "resource_create",
            {"user": user["name"]},
            package_id=package_id,
            url=filename,
            upload=FileStorage(io.BytesIO(data), filename, content_type="text/csv"),
            **fields,
        )

    return factory


def inline(schema=PARKS_SCHEMA) -> str:
    return json.dumps(schema)
