"""Test fixtures of ckanext-tmopendata.

CKAN's own pytest plugin (``pytest --ckan-ini=test.ini``) provides
``clean_db``, ``clean_index``, ``with_plugins``, ``ckan_config``, ``app`` and
the factories; everything runs against the real PostgreSQL, Solr and Redis
started by ``scripts/services.sh``.
"""
from __future__ import annotations

import urllib.request

import pytest

import ckan.plugins as p
import ckan.plugins.toolkit as tk

#: Plugins whose alembic migrations must run after CKAN's own tables are
#: rebuilt (``ckan db upgrade -p <plugin>``).
MIGRATED_PLUGINS = ["activity", "tmopendata_hvd"]


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session):
    """Fail at once, with a clear message, when Solr is not running."""
    url = tk.config.get("solr_url") + "/admin/ping?wt=json"
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            assert b'"OK"' in r.read()
    except Exception as e:  # pragma: no cover - environment problem
        pytest.exit(f"Solr is not answering at {url} ({e}); run `make test`", 2)


@pytest.fixture
def clean_db(with_plugins, reset_db, migrate_db_for):
    """CKAN's clean_db, plus the migrations of the suite's plugins (which
    must be loaded for ``ckan db upgrade -p`` to find them)."""
    reset_db()
    for plugin in MIGRATED_PLUGINS:
        if p.plugin_loaded(plugin):
            migrate_db_for(plugin)
