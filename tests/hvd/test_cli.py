"""``ckan tmopendata validate`` and ``ckan tmopendata schemas``."""
from __future__ import annotations

import json

import pytest

from ckan.cli.cli import ckan as ckan_cli
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.hvd.conftest import INVALID_CSV, VALID_CSV, inline

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def test_validate_a_dataset_with_progress(cli, org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    good = upload(users["editor"], dataset["id"], VALID_CSV, schema=inline(), name="bun")
    upload(users["editor"], dataset["id"], INVALID_CSV, schema=inline(), name="rau")
    factories.Resource(package_id=dataset["id"], url="http://example.com/a.pdf", format="PDF")
    result = cli.invoke(ckan_cli, ["tmopendata", "validate", "--dataset", dataset["name"]])
    assert result.exit_code == 0, result.output
    assert "Validating" in result.output and "2/2" in result.output
    assert "1 failure, 1 success" in result.output
    assert call_action("tmopendata_validation_list", resource_id=good["id"])["count"] == 2


def test_validate_all_and_one(cli, org_with_users, upload):
    org, users = org_with_users
    for private in (False, True):
        dataset = factories.Dataset(owner_org=org["id"], private=private)
        res = upload(users["editor"], dataset["id"], VALID_CSV)
    result = cli.invoke(ckan_cli, ["tmopendata", "validate", "--all"])
    assert result.exit_code == 0, result.output
    assert "2 success" in result.output
    result = cli.invoke(ckan_cli, ["tmopendata", "validate", "--resource", res["id"]])
    assert "1 success" in result.output


def test_validate_reports_errors_with_exit_code(cli, org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    upload(users["editor"], dataset["id"], VALID_CSV, schema="tm-does-not-exist")
    result = cli.invoke(ckan_cli, ["tmopendata", "validate", "--dataset", dataset["id"]])
    assert result.exit_code == 1
    assert "1 error" in result.output


@pytest.mark.parametrize("args", [[], ["--all", "--dataset", "x"]])
def test_validate_usage_errors(cli, args):
    result = cli.invoke(ckan_cli, ["tmopendata", "validate", *args])
    assert result.exit_code == 2
    assert "exactly one of" in result.output


def test_validate_unknown_dataset(cli):
    result = cli.invoke(ckan_cli, ["tmopendata", "validate", "--dataset", "nu-exista"])
    assert result.exit_code == 1
    assert "Error" in result.output


def test_schemas_infer_from_a_file(cli, tmp_path):
    path = tmp_path / "parcuri.csv"
    path.write_text(VALID_CSV, encoding="utf-8")
    result = cli.invoke(ckan_cli, ["tmopendata", "schemas", "infer", str(path)])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output[result.output.index("{"):])
    assert [f["name"] for f in schema["fields"]] == ["id", "denumire", "suprafata_mp"]


def test_schemas_infer_refuses_bad_input(cli, tmp_path):
    path = tmp_path / "gol.csv"
    path.write_bytes(b"")
    result = cli.invoke(ckan_cli, ["tmopendata", "schemas", "infer", str(path)])
    assert result.exit_code == 1
    assert "empty" in result.output
    result = cli.invoke(ckan_cli, ["tmopendata", "schemas", "show", "tm-nu-exista"])
    assert result.exit_code == 1
    assert 'Unknown schema "tm-nu-exista"' in result.output
