"""Test fixtures of ckanext-tmopendata.

CKAN's own pytest plugin (``pytest --ckan-ini=test.ini``) provides
``clean_db``, ``clean_index``, ``with_plugins``, ``ckan_config``, ``app`` and
the factories; everything runs against the real PostgreSQL, Solr and Redis
started by ``scripts/services.sh``.
"""
from __future__ import annotations

import os
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


def _worker_index() -> int | None:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(worker[2:]) if worker.startswith("gw") else None


def pytest_configure(config):
    """Under pytest-xdist (``scripts/test.sh`` runs 2 workers), give each
    worker its own database and Solr site id before CKAN's pytest plugin
    loads test.ini at session start (CKAN reads ``CKAN_SQLALCHEMY_URL`` and
    ``CKAN_SITE_ID`` over the ini file); ``scripts/test.sh`` creates and
    migrates ``<db>_gw0``, ``<db>_gw1``..."""
    index = _worker_index()
    base = os.environ.get("TMOPENDATA_TEST_DB_BASE")
    if index is None or not base:
        return
    os.environ["CKAN_SQLALCHEMY_URL"] = (
        f"postgresql://ckan_default:pass@localhost/{base}_gw{index}"
    )
    os.environ["CKAN_SITE_ID"] = (
        f"{os.environ.get('TMOPENDATA_TEST_SITE_BASE', 'tmopendata-test')}-gw{index}"
    )


def _fast_add_served_directory(config_, relative_path, config_var):
    """CKAN's ``toolkit._add_served_directory`` with the caller's file taken
    from ``sys._getframe(2)`` instead of ``inspect.stack()[2]``: the same
    frame, without reading the source of every frame of the stack. Each
    plugin calls it on every (re)load, and ``with_plugins`` reloads all of
    them for every test: this alone took about a third of the suite's time.
    Behaviour is unchanged (same path, same config variable)."""
    import os
    import sys

    assert config_var in ("plugin_template_paths", "plugin_public_paths")
    filename = sys._getframe(2).f_code.co_filename
    absolute_path = os.path.join(os.path.dirname(filename), relative_path)
    if absolute_path not in config_.get(config_var, []):
        config_[config_var] = [absolute_path] + list(config_.get(config_var, []))
    return absolute_path


def _fast_add_resource(path, name):
    """CKAN's ``toolkit.add_resource``, with the same ``sys._getframe``
    shortcut for the caller's file (``inspect.stack()[1]``)."""
    import os
    import sys

    from ckan.lib.webassets_tools import create_library

    filename = sys._getframe(1).f_code.co_filename
    create_library(name, os.path.join(os.path.dirname(filename), path))


tk._add_served_directory = _fast_add_served_directory
tk.add_resource = _fast_add_resource


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session):
    """Fail at once, with a clear message, when Solr is not running."""
    url = tk.config.get("solr_url") + "/admin/ping?wt=json"
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            assert b'"OK"' in r.read()
    except Exception as e:  # pragma: no cover - environment problem
        pytest.exit(f"Solr is not answering at {url} ({e}); run `make test`", 2)
    # One SMTP port per xdist worker (tests start a real SMTP server on it).
    index = _worker_index()
    if index is not None:
        from ckan.tests.pytest_ckan import ckan_setup

        host, _, port = tk.config.get("smtp.test_server", "localhost:6675").partition(":")
        value = f"{host}:{int(port or 6675) + 10 + index}"
        tk.config["smtp.test_server"] = value
        ckan_setup._config["smtp.test_server"] = value


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
