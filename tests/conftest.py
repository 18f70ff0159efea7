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

#: Plugins with alembic migrations (``ckan db upgrade -p <plugin>``).
MIGRATED_PLUGINS = [
    "activity", "tmopendata_hvd", "tmopendata_census", "tmopendata_procedures",
    "tmopendata_progress",
]


def _applied(plugin: str) -> bool:
    """True when the plugin's alembic version table records a revision."""
    import sqlalchemy as sa

    import ckan.model as model

    table = f"{plugin}_alembic_version"
    bind = model.Session.get_bind()
    if not sa.inspect(bind).has_table(table):
        return False
    with bind.connect() as conn:
        return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() > 0


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
    # CKAN's reset empties the tables it knows (ours included) but keeps
    # them and the alembic version tables; so a plugin's migrations run when
    # its version table is missing or empty (first run, after a full rebuild,
    # or after a test ran them down). tests/test_migrations.py runs them
    # down and up explicitly.
    for plugin in MIGRATED_PLUGINS:
        if p.plugin_loaded(plugin) and not _applied(plugin):
            migrate_db_for(plugin)
