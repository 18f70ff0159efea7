"""Every public demo dataset reaches "Excellent" (>= 351 / 405) in the
metadata quality score, measured on the DCAT the portal publishes."""
from __future__ import annotations

import pytest

from ckan.cli.cli import ckan as ckan_cli
from ckan.tests.helpers import call_action

from ckanext.tmopendata.core.demo import content

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def test_every_public_demo_dataset_is_excellent(cli):
    result = cli.invoke(ckan_cli, ["tmopendata", "demo"])
    assert result.exit_code == 0, result.output
    scores = call_action("tmopendata_quality_list", {"user": "", "ignore_auth": False})
    names = {d["name"] for d in content()["datasets"]}
    public = {d["name"]: d for d in scores["datasets"] if d["name"] in names}
    assert len(public) >= 6
    print({name: d["total"] for name, d in sorted(public.items())})
    for name in sorted(public):
        detail = call_action("tmopendata_quality_show", id=name)
        assert detail["total"] >= 351 and detail["band"] == "excellent", (name, detail["total"], detail["fix"])
    assert scores["portal"]["band"] == "excellent"
