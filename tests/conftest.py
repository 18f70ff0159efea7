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

import ckan
import ckan.plugins as p
import ckan.plugins.toolkit as tk

#: The speed-ups below (served directories, entry points, config declaration,
#: password hashes, pooled engine, with_plugins, make_app) replace CKAN
#: internals as CKAN 2.11.6 has them: on any other CKAN (2.12...), CKAN's own
#: fixtures and behaviour are used (slower, same results).
FAST_FOR_CKAN = ("2.11.6",)
FAST = ckan.__version__ in FAST_FOR_CKAN

#: Plugins with alembic migrations (``ckan db upgrade -p <plugin>``).
MIGRATED_PLUGINS = [
    "activity", "tmopendata_hvd", "tmopendata_census", "tmopendata_procedures",
    "tmopendata_progress", "tmopendata_reuse",
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


if FAST:
    tk._add_served_directory = _fast_add_served_directory
    tk.add_resource = _fast_add_resource


def _cache_plugin_entry_points() -> None:
    """``with_plugins`` loads every plugin by its entry point name, and CKAN
    looks each one up with ``importlib.metadata.entry_points(group, name)``,
    which reads the metadata of every installed distribution again (about
    0.1 s per plugin, per load, per test). The installed distributions do
    not change during a test session: read their entry points once and
    select from that. Same entry points, same plugins."""
    import importlib.metadata

    import ckan.plugins.core as core

    every = importlib.metadata.entry_points()

    def entry_points(**params):
        return every.select(**params)

    core.entry_points = entry_points


def _cache_core_config_declaration() -> None:
    """Each plugin (re)load rebuilds the config declaration, parsing CKAN's
    own ``config_declaration.yaml`` (1,000 lines of YAML) again. The file
    does not change during a session: parse it once; each load still gets
    its own copy of the parsed data."""
    import copy
    import types

    import msgspec

    from ckan.config.declaration import load

    parsed: dict[bytes, object] = {}

    def decode(data: bytes):
        if data not in parsed:
            parsed[data] = msgspec.yaml.decode(data)
        return copy.deepcopy(parsed[data])

    load.msgspec = types.SimpleNamespace(yaml=types.SimpleNamespace(decode=decode))


def _cheap_password_hashes() -> None:
    """Test users get passwords hashed with 1,000 PBKDF2 rounds instead of
    CKAN's 25,000 (50 ms per factory user). The rounds are stored in the
    hash, so verification is unchanged; the portal itself is not affected."""
    from passlib.hash import pbkdf2_sha512

    import ckan.model.user as user_model

    user_model.pbkdf2_sha512 = pbkdf2_sha512.using(rounds=1000)


if FAST:
    _cache_plugin_entry_points()
    _cache_core_config_declaration()
    _cheap_password_hashes()


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
def live_server():
    """A real ``ckan run`` server (threaded) on a free port, for this test;
    yields its base URL (see ``tests/live.py``)."""
    from tests.live import serve

    with serve() as url:
        yield url


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
    if FAST:
        _bind_pooled_engine()


#: One pooled engine per database URL for the session (see below).
_ENGINES: dict = {}


def _bind_pooled_engine() -> None:
    """Bind CKAN's model to a pooled engine again after a database reset.

    CKAN's alembic ``env.py`` (run by ``reset_db`` through ``init_db``) calls
    ``init_model`` with its own ``NullPool`` engine, so every later
    transaction of the test opened a new PostgreSQL connection (35 ms with
    SCRAM authentication; 60 connections for one dataset fixture). The
    portal itself uses the pooled engine ``load_environment`` creates; this
    puts one like it back (same URL and options)."""
    from sqlalchemy import engine_from_config

    import ckan.model as model

    url = tk.config.get("sqlalchemy.url")
    if url not in _ENGINES:
        _ENGINES[url] = engine_from_config(dict(tk.config), pool_pre_ping=True)
    if model.meta.engine is not _ENGINES[url]:
        model.init_model(_ENGINES[url])


@pytest.fixture(scope="session")
def reset_queues():
    """CKAN's ``reset_queues`` empties every RQ queue in the Redis database,
    including those of the other xdist workers (which share Redis but not the
    site id): a job one worker has just queued could vanish under it. This
    one empties only the queues of this worker's site id
    (``ckan:<site_id>:*``)."""
    from ckan.lib import jobs

    def _empty_own_queues() -> None:
        for queue in jobs.get_all_queues():
            queue.empty()
            queue.delete()

    return _empty_own_queues


#: The config before and after the last full plugin load, and the plugins it
#: loaded (see ``with_plugins`` below).
_LOADED: dict = {"before": None, "after": None, "plugins": None}


@pytest.fixture
def with_plugins(ckan_config):
    """CKAN's ``with_plugins`` (load every plugin of ``ckan.plugins`` for the
    test), without reloading them when nothing changed.

    CKAN's fixture unloads every plugin after each test and loads them all
    again for the next one: about 1.5 s per test with this suite's eleven
    plugins, most of the suite's time. Here, when the config a test starts
    with is exactly the one of the last full load (same ``ckan.plugins``, no
    ``ckan_config`` mark or patch that differs) and the same plugins are
    still loaded, the loaded plugins are kept and the config they produced
    is put back; otherwise the plugins are reloaded as CKAN does. After the
    test, ``ckan_config`` restores the config as always; the plugins stay
    loaded for the next test (they are unloaded at the end of the session).
    """
    import copy

    from ckan.plugins import core

    before = dict(tk.config)
    if (
        _LOADED["before"] is not None
        and before == _LOADED["before"]
        and list(core._PLUGINS) == _LOADED["plugins"]
    ):
        tk.config.clear()
        tk.config.update(copy.deepcopy(_LOADED["after"]))
    else:
        if os.environ.get("TMOPENDATA_DEBUG_PLUGINS") and _LOADED["before"] is not None:
            diff = {k for k in set(before) | set(_LOADED["before"])
                    if before.get(k) != _LOADED["before"].get(k)}
            print("reload:", sorted(diff)[:10], list(core._PLUGINS) == _LOADED["plugins"])
        _LOADED["before"] = None
        before = copy.deepcopy(before)
        p.load_all()
        _LOADED.update(before=before, after=copy.deepcopy(dict(tk.config)),
                       plugins=list(core._PLUGINS))
    yield


#: The web application built by the last full ``make_app`` (see below).
_APP: dict = {"before": None, "after": None, "plugins": None, "wsgi": None}


def _plugin_names() -> list[str]:
    from ckan.plugins import core

    return list(core._PLUGINS)


@pytest.fixture
def make_app(ckan_config):
    """CKAN's ``make_app`` (factory of the ``app`` fixture's test client),
    without building the whole web application again when nothing changed.

    CKAN's factory runs ``make_app`` for every test: ``load_environment``,
    every plugin unloaded and loaded again, blueprints, middleware, about a
    second per page test. Here, when the config a test starts with is exactly
    the one the last application was built from and the same plugins are
    loaded, that application is reused (with a new test client, so no cookie
    is shared) and the config it produced is put back; otherwise it is built
    as CKAN does. ``app_globals`` are reset from the config either way, as
    CKAN's factory does.
    """
    import copy

    from ckan.lib import app_globals
    from ckan.tests import helpers as test_helpers

    app_globals._CONFIG_CACHE.clear()

    def factory():
        before = dict(tk.config)
        if (
            _APP["wsgi"] is not None
            and before == _APP["before"]
            and _plugin_names() == _APP["plugins"]
        ):
            tk.config.clear()
            tk.config.update(copy.deepcopy(_APP["after"]))
            app_globals.reset()
            return test_helpers.CKANTestApp(_APP["wsgi"])
        _APP["wsgi"] = None
        before = copy.deepcopy(before)
        test_app = test_helpers._get_test_app()
        _APP.update(before=before, after=copy.deepcopy(dict(tk.config)),
                    plugins=_plugin_names(), wsgi=test_app.app)
        return test_app

    return factory


@pytest.fixture
def app(make_app):
    """CKAN's ``app`` fixture, on the ``make_app`` above."""
    return make_app()


@pytest.fixture(scope="session", autouse=True)
def _unload_plugins_at_the_end():
    yield
    _LOADED["before"] = None
    p.unload_non_system_plugins()


if not FAST:  # CKAN's own with_plugins, make_app and app (see FAST_FOR_CKAN)
    del with_plugins, make_app, app, _unload_plugins_at_the_end
