"""ckanext-xloader's API token (``ckanext.xloader.api_token``): a token of the
site user made by ``ckan tmopendata datastore xloader-token`` (what
``scripts/serve.sh`` and the Docker entrypoint write into ckan.ini). Without
it ckanext-xloader 2.6 logs CRITICAL "api_token NOT_SET" for every resource
created or changed."""
from __future__ import annotations

import logging

import pytest

from ckan.cli.cli import ckan as ckan_cli
from ckan.lib.api_token import get_user_from_token
from ckan.tests import factories
from ckan.tests.helpers import call_action

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")


def _token(cli) -> str:
    result = cli.invoke(ckan_cli, ["tmopendata", "datastore", "xloader-token"])
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def _site_user() -> str:
    return call_action("get_site_user", {"ignore_auth": True})["name"]


def _xloader_tokens() -> list[str]:
    return [t["id"] for t in call_action("api_token_list", {"ignore_auth": True}, user_id=_site_user())
            if t["name"] == "xloader"]


def test_the_token_is_the_site_users_and_kept_while_valid(cli, ckan_config, monkeypatch):
    token = _token(cli)
    assert get_user_from_token(token, update_access_time=False).name == _site_user()
    monkeypatch.setitem(ckan_config, "ckanext.xloader.api_token", token)
    assert _token(cli) == token
    assert len(_xloader_tokens()) == 1


def test_a_token_of_someone_else_or_revoked_is_replaced(cli, ckan_config, monkeypatch):
    other = factories.UserWithToken()
    monkeypatch.setitem(ckan_config, "ckanext.xloader.api_token", other["token"])
    first = _token(cli)
    assert first != other["token"]
    assert get_user_from_token(first, update_access_time=False).name == _site_user()
    # the configured token was revoked (or the database emptied): a new one,
    # and the site user keeps a single "xloader" token
    monkeypatch.setitem(ckan_config, "ckanext.xloader.api_token", first)
    call_action("api_token_revoke", {"ignore_auth": True}, token=first)
    second = _token(cli)
    assert second != first
    assert get_user_from_token(second, update_access_time=False).name == _site_user()
    assert len(_xloader_tokens()) == 1


@pytest.mark.parametrize("configured", [True, False], ids=["token", "not-set"])
def test_xloader_is_quiet_with_the_token(cli, ckan_config, monkeypatch, caplog, configured):
    if configured:
        monkeypatch.setitem(ckan_config, "ckanext.xloader.api_token", _token(cli))
    org = factories.Organization()
    dataset = factories.Dataset(owner_org=org["id"])
    # CKAN's logging configuration (fileConfig) may have disabled loggers
    # made before it and keep ckanext's records from the root logger
    # (propagate = 0): listen on xloader's logger itself
    xloader_log = logging.getLogger("ckanext.xloader.plugin")
    monkeypatch.setattr(xloader_log, "disabled", False)
    monkeypatch.setattr(xloader_log, "handlers", [*xloader_log.handlers, caplog.handler])
    with caplog.at_level(logging.INFO, logger="ckanext.xloader.plugin"):
        call_action("resource_create", {"ignore_auth": True, "user": _site_user()}, package_id=dataset["id"],
                    name="data.csv", format="CSV", url="https://example.org/data.csv")
    critical = [r.getMessage() for r in caplog.records if r.levelno >= logging.CRITICAL]
    if configured:
        assert not critical
    else:  # what every resource logged before
        assert any("NOT_SET" in m for m in critical), critical
