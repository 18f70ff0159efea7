"""The progress plugin without the reuse plugin: no reuse figures, no
error (the summary action is looked up, KeyError means "not available")."""
from __future__ import annotations

import pytest

from ckan.tests import factories

from tests.reuse.conftest import act

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "activity tmopendata tmopendata_hvd tmopendata_census "
                            "tmopendata_procedures tmopendata_progress scheming_datasets dcat"),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]


def test_progress_without_the_reuse_plugin(app):
    factories.Dataset(name="plain")
    assert act(None, "tmopendata_progress_show")["reuse"] is None
    assert "tmopendata-reuse-progress" not in app.get("/tmopendata/progress").body
    assert "reuse_showcases" not in app.get("/tmopendata/progress.csv").body
