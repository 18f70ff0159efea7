"""The developer page (/developers): generated from CKAN's action registry
at request time, so a new action's docstring shows and an action that is
not registered does not."""
from __future__ import annotations

import html

import pytest

import ckan.plugins.toolkit as tk
from ckan import logic

pytestmark = pytest.mark.usefixtures("with_plugins")


def _page(app, url="/developers"):
    resp = app.get(url)
    assert resp.status_code == 200
    return html.unescape(resp.body)


@pytest.fixture
def new_action():
    """An action registered in CKAN's action registry after start-up, as a
    plugin's IActions would add it (removed afterwards)."""

    @tk.side_effect_free
    def tmopendata_devportal_probe(context, data_dict):
        """Probe of the developer page: counts the zebras.

        :param stripes: how many stripes each zebra has
        :type stripes: int
        :param herd: the herd's name (optional)
        :type herd: string
        :returns: the number of zebras
        :rtype: int
        """
        return 0

    tk.get_action("status_show")  # the registry is filled
    logic._actions["tmopendata_devportal_probe"] = tmopendata_devportal_probe
    yield "tmopendata_devportal_probe"
    logic._actions.pop("tmopendata_devportal_probe", None)


class TestDeveloperPage:
    def test_lists_core_suite_dcat_and_standards(self, app):
        body = _page(app)
        for name in ("package_search", "package_show", "organization_list",
                     "tmopendata_status_show", "tmopendata_schema_list",
                     "tmopendata_census_entry_list" if "tmopendata_census_entry_list" in logic._actions
                     else "tmopendata_status_show"):
            assert f'id="action-{name}"' in body, name
        # every suite action of the registry, none missing
        for name in logic._actions:
            if name.startswith("tmopendata_"):
                assert f'id="action-{name}"' in body, name
        assert "/catalog.ttl" in body and "/catalog.jsonld" in body and "/dataset/<id>.ttl" in body
        assert "tm-parcari@1.0" in body  # a data standard of the schema store
        assert 'href="/tmopendata/dump/datasets.jsonl.gz"' in body
        # a curl and a ckanapi example, parameters from the docstring
        assert "curl 'http://test.ckan.net/api/3/action/package_show?id=<id>'" in body
        assert "ckanapi action package_show id=<id> -r http://test.ckan.net" in body
        assert "curl -X POST 'http://test.ckan.net/api/3/action/package_create'" in body

    def test_new_action_docstring_appears(self, app, new_action):
        body = _page(app)
        assert f'id="action-{new_action}"' in body
        assert "Probe of the developer page: counts the zebras." in body
        assert "how many stripes each zebra has" in body
        assert f"curl 'http://test.ckan.net/api/3/action/{new_action}?stripes=<stripes>'" in body
        assert "herd=" not in body  # optional parameters stay out of the example

    @pytest.mark.ckan_config("ckan.plugins", "tmopendata scheming_datasets")
    def test_actions_of_plugins_not_loaded_do_not_appear(self, app):
        body = _page(app)
        assert 'id="action-tmopendata_status_show"' in body
        for name in ("tmopendata_schema_list", "tmopendata_validation_show", "package_activity_list"):
            assert f'id="action-{name}"' not in body, name
        assert "/catalog.ttl" not in body  # dcat not loaded
        assert 'id="standards"' not in body  # hvd not loaded
        assert 'id="datastore"' not in body

    def test_linked_in_header_and_bilingual(self, app):
        home = app.get("/").body
        assert 'href="/developers"' in home
        # (the Romanian is in i18n-new/devportal.po until the catalog is merged)
        en = app.get("/en/developers").body
        assert ">Developers<" in en and 'href="/en/developers"' in en

    def test_api_docs_redirects(self, app):
        resp = app.get("/api-docs", follow_redirects=False)
        assert resp.status_code in (301, 302)
        assert resp.headers["Location"].endswith("/developers")

    def test_bad_input_no_5xx(self, app):
        for url in ("/developers?x=%00", "/developers/", "/api-docs?<script>=1"):
            assert app.get(url).status_code < 500, url
