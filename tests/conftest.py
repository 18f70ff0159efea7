"""Test fixtures of ckanext-tmopendata (the ONE place for fixtures shared by
several test folders; a folder's ``conftest.py`` holds only its own).

CKAN's own pytest plugin (``pytest --ckan-ini=test.ini``) provides
``clean_db``, ``clean_index``, ``with_plugins``, ``ckan_config``, ``app`` and
the factories; everything runs against the real PostgreSQL, Solr and Redis
started by ``scripts/services.sh``.

Speed-ups. Some of CKAN's fixtures and internals are replaced below by
faster equivalents (each one says what CKAN does, what is done instead and
why it is equivalent). They rely on CKAN's internals, so they are applied
only on the CKAN versions they were written for and checked on
(:data:`FAST_FOR_CKAN`); on any other version, or with
``TMOPENDATA_PLAIN_FIXTURES=1``, CKAN's own fixtures and behaviour are used
(slower, same results). ``TMOPENDATA_FIXTURE_TIMES=1`` prints the time spent
in each fixture's set-up at the end of the run.

Plugin sets. ``TMOPENDATA_PLUGINS="tmopendata tmopendata_census"`` runs the
tests with only these of the suite's plugins loaded (see
:func:`pytest_configure`) and only the tests those plugins can run (see
:func:`pytest_collection_modifyitems`); ``make test-matrix`` runs every set
of ``scripts/test-matrix.sh``.
"""
from __future__ import annotations

import collections
import hashlib
import os
import tempfile
import time
import urllib.request

import pytest

import ckan
import ckan.plugins as p
import ckan.plugins.toolkit as tk

#: CKAN versions whose internals the speed-ups were written against and run
#: on (the whole suite passes with and without them on these). 2.12.0:
#: every internal replaced below compared with 2.11.6's source
#: (docs/ckan-2.12.md, "Fast fixtures on 2.12"); the two differences are
#: met where they occur (plugins unloaded with ``unload_all``, sessions
#: closed with ``close_all_sessions``).
FAST_FOR_CKAN = ("2.11.6", "2.12.0")

_PLAIN = os.environ.get("TMOPENDATA_PLAIN_FIXTURES", "").replace(",", " ").split()

#: True: the speed-ups are applied (all but those named in
#: ``TMOPENDATA_PLAIN_FIXTURES``); False: CKAN's own fixtures and internals
#: (``TMOPENDATA_PLAIN_FIXTURES=1``, or a CKAN version not listed above).
FAST = ckan.__version__ in FAST_FOR_CKAN and "1" not in _PLAIN

#: The speed-ups, by name. ``TMOPENDATA_PLAIN_FIXTURES="reset_db make_app"``
#: leaves out only those (to compare timings, or to find a faulty one).
SPEEDUPS = ("served_directories", "entry_points", "config_declaration", "password_hashes",
            "pooled_engine", "reset_db", "reset_index", "with_plugins", "make_app", "worlds")


def _fast(name: str) -> bool:
    """Whether the speed-up ``name`` is applied."""
    assert name in SPEEDUPS, name
    return FAST and name not in _PLAIN

#: Plugins with alembic migrations (``ckan db upgrade -p <plugin>``).
MIGRATED_PLUGINS = [
    "activity", "tmopendata_hvd", "tmopendata_census", "tmopendata_procedures",
    "tmopendata_progress", "tmopendata_reuse", "tmopendata_datastore", "tracking",
]

# ---------------------------------------------------------------------------
# Plugin sets (TMOPENDATA_PLUGINS) and which tests each set runs
# ---------------------------------------------------------------------------

#: The suite's plugins (entry points of setup.py). ``tmopendata`` is the
#: foundation (templates, shared validators used by the scheming schemas):
#: every plugin set of the matrix includes it.
SUITE_PLUGINS = ("tmopendata", "tmopendata_hvd", "tmopendata_census",
                 "tmopendata_procedures", "tmopendata_progress", "tmopendata_reuse",
                 "tmopendata_datastore")

#: The suite's plugins a test needs, by where the test lives (the first
#: matching prefix wins; a ``@pytest.mark.plugins(...)`` mark on the test,
#: class or module overrides it). Anything else needs every plugin: it runs
#: only in the full set (``make test``).
PLUGINS_BY_PATH = (
    ("tests/hvd/", ("tmopendata", "tmopendata_hvd")),
    ("tests/census/", ("tmopendata", "tmopendata_census")),
    ("tests/procedures/", ("tmopendata", "tmopendata_procedures")),
    ("tests/progress/", ("tmopendata", "tmopendata_progress")),
    ("tests/reuse/", ("tmopendata", "tmopendata_reuse")),
    # the loader loads what the HVD plugin's validation passed
    ("tests/datastore/", ("tmopendata", "tmopendata_hvd", "tmopendata_datastore")),
    ("tests/lib/", ("tmopendata",)),
    ("tests/test_foundation.py", ("tmopendata",)),
)

#: Options of test.ini that name a plugin's own parts, dropped when that
#: plugin is not loaded (as a portal without it would be configured).
PLUGIN_OPTION_VALUES = {
    "tmopendata_hvd": {
        "scheming.dataset_schemas": "ckanext.tmopendata:resources/schemas/scheming/tm_hvd.yaml",
        "ckanext.dcat.rdf.profiles": "tmopendata_hvd",
    },
}

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def selected_plugins() -> tuple[str, ...] | None:
    """The suite's plugins chosen by ``TMOPENDATA_PLUGINS`` (None: all of
    test.ini's). Unknown names are refused."""
    value = os.environ.get("TMOPENDATA_PLUGINS", "").split()
    if not value:
        return None
    unknown = [name for name in value if name not in SUITE_PLUGINS]
    if unknown:
        raise pytest.UsageError(f"TMOPENDATA_PLUGINS: unknown plugins {unknown}; known: {SUITE_PLUGINS}")
    return tuple(value)


def matrix_sets() -> list[frozenset[str]]:
    """``TMOPENDATA_MATRIX_ONCE``: every set of the plugin matrix
    (``;``-separated, as ``scripts/test-matrix.sh`` passes them). Then a set
    runs each test only if it is the first smallest set of the matrix that
    holds the test's plugins (:func:`smallest_set`): over the whole matrix,
    every test runs once, with as few plugins loaded as it allows."""
    value = os.environ.get("TMOPENDATA_MATRIX_ONCE", "")
    return [frozenset(part.split()) for part in value.split(";") if part.strip()]


def smallest_set(needed: set[str], sets: list[frozenset[str]]) -> frozenset[str] | None:
    """The first of the smallest ``sets`` holding ``needed`` (None: no set
    holds it; such a test runs in ``make test`` only)."""
    holding = [s for s in sets if needed <= s]
    if not holding:
        return None
    size = min(len(s) for s in holding)
    return next(s for s in holding if len(s) == size)


def _plugin_set_ini(ini: str, chosen: tuple[str, ...]) -> str:
    """Write (once per content) an ini file that uses ``ini`` with
    ``ckan.plugins`` keeping CKAN's and other extensions' plugins of
    ``ini`` and only the ``chosen`` suite plugins; options naming a left-out
    plugin's parts are trimmed (:data:`PLUGIN_OPTION_VALUES`)."""
    from configparser import RawConfigParser

    parser = RawConfigParser()
    parser.read(ini)
    main = dict(parser.items("app:main"))
    overrides = {"ckan.plugins": " ".join(
        name for name in main["ckan.plugins"].split()
        if name not in SUITE_PLUGINS or name in chosen)}
    for plugin, options in PLUGIN_OPTION_VALUES.items():
        if plugin in chosen:
            continue
        for option, value in options.items():
            overrides[option] = " ".join(v for v in main.get(option, "").split() if v != value)
    text = "[app:main]\nuse = config:{}\n{}\n".format(
        os.path.abspath(ini), "".join(f"{k} = {v}\n" for k, v in overrides.items()))
    # CKAN configures logging from the file it is given (not its chain):
    # copy test.ini's logging sections.
    for section in parser.sections():
        if section != "app:main":
            text += f"[{section}]\n" + "".join(
                f"{k} = {v}\n" for k, v in parser.items(section, raw=True)
                if k not in parser.defaults()) + "\n"
    name = "tmopendata-plugins-" + hashlib.sha256(text.encode()).hexdigest()[:12] + ".ini"
    path = os.path.join(tempfile.gettempdir(), name)
    if not os.path.exists(path):
        tmp = f"{path}.{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    return path


def test_ini() -> str:
    """The ini file of this run (test.ini, or the plugin set's): the live
    servers of ``tests/live.py`` read the same one."""
    return os.environ.get("TMOPENDATA_TEST_INI") or os.path.join(ROOT, "test.ini")


def needed_plugins(item) -> tuple[str, ...]:
    """The suite's plugins ``item`` needs (its ``plugins`` mark, else
    :data:`PLUGINS_BY_PATH`, else all of them)."""
    mark = item.get_closest_marker("plugins")
    if mark is not None:
        return tuple(mark.args)
    path = os.path.relpath(str(item.fspath), ROOT).replace(os.sep, "/")
    for prefix, plugins in PLUGINS_BY_PATH:
        if path.startswith(prefix):
            return plugins
    return SUITE_PLUGINS


#: Marks of tests that take long (a real browser, a live server, a whole
#: walk of the pages or actions): they are started first.
_LONG_MARKS = ("slow", "browser", "live_server")

#: Tests (node id prefixes) measured to take 20 s or more on the 2-core
#: machine (``--durations``): marked ``slow`` here, in one place.
LONG_TESTS = (
    "tests/security/test_actions_fuzz.py::test_every_action",
    "tests/security/test_pages_no_5xx.py::test_every_get_page",
    "tests/security/test_pages_no_5xx.py::test_malformed_query",
    "tests/security/test_input_errors.py",
    "tests/test_demo.py",
    "tests/i18n/test_pages.py",
    "tests/hvd/test_quality_demo.py",
    "tests/hvd/test_background.py",
    "tests/hvd/test_linked.py",
    "tests/hvd/test_fastpath.py::test_fast_path_agrees",
    "tests/hvd/test_quality.py::test_background",
    "tests/datastore/test_failures.py",
    "tests/datastore/test_page_and_demo.py",
    "tests/datastore/test_load.py",
    "tests/datastore/test_linked_and_alone.py",
    "tests/progress/test_cli.py",
    "tests/census/test_cli.py",
)


def _long_first(items) -> None:
    """The long tests first, the others in their order (a stable sort):
    pytest-xdist hands tests to its workers in this order, so no worker is
    left with a minute-long test while the others have finished."""
    for item in items:
        if item.nodeid.startswith(LONG_TESTS):
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: not any(item.get_closest_marker(m) for m in _LONG_MARKS))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The long tests first (:func:`_long_first`); with
    ``TMOPENDATA_PLUGINS``, keep only the tests whose plugins are all loaded
    (the others are deselected, as ``-m`` does)."""
    _long_first(items)
    chosen = selected_plugins()
    if chosen is None:
        return
    sets = matrix_sets()
    keep, drop = [], []
    for item in items:
        needed = set(needed_plugins(item))
        if sets:
            ok = smallest_set(needed, sets) == frozenset(chosen)
        else:
            ok = needed <= set(chosen)
        (keep if ok else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _unapplied(plugins: list[str]) -> list[str]:
    """Those of ``plugins`` whose alembic version table is missing or
    records no revision (two queries for all of them)."""
    import sqlalchemy as sa

    import ckan.model as model

    tables = {f"{plugin}_alembic_version": plugin for plugin in plugins}
    with model.Session.get_bind().connect() as conn:
        existing = [row[0] for row in conn.execute(sa.text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname = ANY(:names)"),
            {"names": list(tables)})]
        applied = set()
        if existing:
            applied = {row[0] for row in conn.execute(sa.text(" UNION ALL ".join(
                f"SELECT '{table}' WHERE EXISTS (SELECT 1 FROM \"{table}\")" for table in existing)))}
    return [plugin for table, plugin in tables.items() if table not in applied]


def _worker_index() -> int | None:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(worker[2:]) if worker.startswith("gw") else None


def pytest_configure(config):
    """Before CKAN's pytest plugin loads the ini file at session start:

    - ``TMOPENDATA_PLUGINS``: CKAN loads a generated ini file using test.ini
      with only the chosen suite plugins (``TMOPENDATA_TEST_INI`` names it
      for the live servers);
    - under pytest-xdist (``scripts/test.sh`` runs several workers), each
      worker gets its own database and Solr site id (CKAN reads
      ``CKAN_SQLALCHEMY_URL`` and ``CKAN_SITE_ID`` over the ini file);
      ``scripts/test.sh`` creates and migrates ``<db>_gw0``, ``<db>_gw1``...
    """
    unknown = [name for name in _PLAIN if name not in SPEEDUPS + ("0", "1")]
    if unknown:
        raise pytest.UsageError(f"TMOPENDATA_PLAIN_FIXTURES: unknown {unknown}; 1 or some of {SPEEDUPS}")
    chosen = selected_plugins()
    if chosen is not None and getattr(config.option, "ckan_ini", None):
        # (xdist workers get the controller's options: already the set's ini)
        ini = config.option.ckan_ini
        if not os.path.basename(ini).startswith("tmopendata-plugins-"):
            ini = _plugin_set_ini(ini, chosen)
        config.option.ckan_ini = ini
        os.environ["TMOPENDATA_TEST_INI"] = ini
    index = _worker_index()
    base = os.environ.get("TMOPENDATA_TEST_DB_BASE")
    if index is None or not base:
        return
    os.environ["CKAN_SQLALCHEMY_URL"] = (
        f"postgresql://ckan_default:pass@localhost/{base}_gw{index}"
    )
    # the DataStore twin of the worker's database (scripts/env.sh ds_db)
    for var, user in (("CKAN_DATASTORE_WRITE_URL", "ckan_default"), ("CKAN_DATASTORE_READ_URL", "datastore_ro")):
        os.environ[var] = f"postgresql://{user}:pass@localhost/datastore{base[len('ckan'):]}_gw{index}"
    os.environ["CKAN_SITE_ID"] = (
        f"{os.environ.get('TMOPENDATA_TEST_SITE_BASE', 'tmopendata-test')}-gw{index}"
    )


def pytest_report_header(config):
    chosen = selected_plugins()
    return [
        f"ckanext-tmopendata: CKAN {ckan.__version__}, "
        + (("fast fixtures (tests/conftest.py)" + (f" except {' '.join(_PLAIN)}" if _PLAIN else ""))
           if FAST else "CKAN's own fixtures (plain)")
        + (f", plugins: {' '.join(chosen)}" if chosen else ", all plugins of test.ini")
    ]


# ---------------------------------------------------------------------------
# Speed-ups of CKAN internals (only when FAST; see the module docstring)
# ---------------------------------------------------------------------------


def _fast_add_served_directory(config_, relative_path, config_var):
    """CKAN does: ``toolkit._add_served_directory`` finds the calling
    plugin's file with ``inspect.stack()[2]``, which reads the source of
    every frame of the stack. Each plugin calls it on every (re)load, and
    ``with_plugins`` reloads them all for every test: about a third of the
    suite's time.
    We do: take the same frame with ``sys._getframe(2)``.
    Equivalent: same frame, hence same file, same path, same config
    variable, same order (the body below is CKAN 2.11.6's, unchanged in
    2.12.0)."""
    import sys

    assert config_var in ("plugin_template_paths", "plugin_public_paths")
    filename = sys._getframe(2).f_code.co_filename
    absolute_path = os.path.join(os.path.dirname(filename), relative_path)
    if absolute_path not in config_.get(config_var, []):
        config_[config_var] = [absolute_path] + list(config_.get(config_var, []))
    return absolute_path


def _fast_add_resource(path, name):
    """CKAN does: ``toolkit.add_resource`` finds the caller's file with
    ``inspect.stack()[1]``.
    We do: ``sys._getframe(1)``, the same frame (body otherwise CKAN
    2.11.6's and 2.12.0's: ``create_library(name, <caller's folder>/path)``)."""
    import sys

    from ckan.lib.webassets_tools import create_library

    filename = sys._getframe(1).f_code.co_filename
    create_library(name, os.path.join(os.path.dirname(filename), path))


def _fast_served_directories() -> None:
    """Install the two ``sys._getframe`` shortcuts above."""
    tk._add_served_directory = _fast_add_served_directory
    tk.add_resource = _fast_add_resource


def _cache_plugin_entry_points() -> None:
    """CKAN does: ``with_plugins`` loads every plugin by its entry point
    name, and ``ckan.plugins.core`` looks each one up with
    ``importlib.metadata.entry_points(group=..., name=...)``, which reads the
    metadata of every installed distribution again (about 0.1 s per plugin,
    per load, per test).
    We do: read all entry points once per session and ``select`` from them.
    Equivalent: the installed distributions do not change during a test
    session, so the same entry points (same plugins) are found."""
    import importlib.metadata

    import ckan.plugins.core as core

    every = importlib.metadata.entry_points()

    def entry_points(**params):
        return every.select(**params)

    core.entry_points = entry_points


def _cache_core_config_declaration() -> None:
    """CKAN does: each plugin (re)load rebuilds the config declaration,
    parsing CKAN's own ``config_declaration.yaml`` (1,000 lines of YAML)
    with ``msgspec.yaml.decode`` each time.
    We do: parse each distinct file content once and hand out a deep copy.
    Equivalent: same bytes give the same data, and each load still gets its
    own copy to mutate."""
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
    """CKAN does: hashes user passwords with ``pbkdf2_sha512`` at 25,000
    rounds (50 ms per factory user).
    We do: 1,000 rounds for users created in tests.
    Equivalent for the tests: the number of rounds is stored in the hash, so
    verification (``User.validate_password``) is unchanged; the served
    portal (``ckan run`` in live-server tests) is not affected."""
    from passlib.hash import pbkdf2_sha512

    import ckan.model.user as user_model

    user_model.pbkdf2_sha512 = pbkdf2_sha512.using(rounds=1000)


def _internals_as_expected() -> list[str]:
    """What of CKAN's internals the speed-ups replace is missing (empty:
    all there). Checked even on a listed version, so that a speed-up is
    never applied blindly."""
    import ckan.plugins.core as core
    import ckan.model.user as user_model
    from ckan.config.declaration import load

    import ckan.model as model
    from ckan.lib import search
    from ckan.lib.search import common as search_common

    missing = []
    for owner, name in ((tk, "_add_served_directory"), (tk, "add_resource"),
                        (core, "entry_points"), (load, "msgspec"),
                        (user_model, "pbkdf2_sha512"), (core, "_PLUGINS"),
                        (model.repo, "tables_created_and_initialised"),
                        (model.repo, "metadata"), (model.repo, "init_db"),
                        (search, "clear_all"), (search_common, "make_connection"),
                        (p, "unload_all")):
        if not hasattr(owner, name):
            missing.append(f"{owner.__name__}.{name}")
    return missing


if any(_fast(name) for name in SPEEDUPS):
    _MISSING = _internals_as_expected()
    if _MISSING:  # a CKAN build that differs from the listed version
        FAST = False
        import warnings

        warnings.warn(f"tests/conftest.py: CKAN internals missing ({_MISSING}); "
                      "using CKAN's own fixtures", stacklevel=1)
if _fast("served_directories"):
    _fast_served_directories()
if _fast("entry_points"):
    _cache_plugin_entry_points()
if _fast("config_declaration"):
    _cache_core_config_declaration()
if _fast("password_hashes"):
    _cheap_password_hashes()


# ---------------------------------------------------------------------------
# Session start, fixture timings
# ---------------------------------------------------------------------------

_FIXTURE_TIMES: dict = collections.defaultdict(lambda: [0, 0.0, 0.0, 0])
#: SQL statements sent so far (counted with TMOPENDATA_FIXTURE_TIMES=1).
_SQL = [0]


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """``TMOPENDATA_FIXTURE_TIMES=1``: add up, per fixture, the set-ups, the
    wall-clock and CPU time of its set-up and the SQL statements it sent
    (printed at the end; wall-clock time depends on the machine's load,
    statements and CPU much less)."""
    if not os.environ.get("TMOPENDATA_FIXTURE_TIMES"):
        yield
        return
    if not _SQL[0]:
        import sqlalchemy as sa

        def count(*args, **kwargs):
            _SQL[0] += 1

        sa.event.listen(sa.engine.Engine, "before_cursor_execute", count)
        _SQL[0] = 1
    start, cpu, sql = time.perf_counter(), time.process_time(), _SQL[0]
    yield
    entry = _FIXTURE_TIMES[fixturedef.argname]
    entry[0] += 1
    entry[1] += time.perf_counter() - start
    entry[2] += time.process_time() - cpu
    entry[3] += _SQL[0] - sql


def pytest_terminal_summary(terminalreporter):
    if not _FIXTURE_TIMES:
        return
    terminalreporter.write_sep("=", "fixture set-ups (inclusive of the fixtures they use)")
    terminalreporter.write_line("    wall      cpu    SQL  count  fixture")
    for name, (count, wall, cpu, sql) in sorted(_FIXTURE_TIMES.items(), key=lambda kv: -kv[1][1])[:25]:
        terminalreporter.write_line(f"{wall:7.2f}s {cpu:7.2f}s {sql:6d} {count:5d}x  {name}")
    terminalreporter.write_line(f"SQL statements in total: {_SQL[0] - 1}; "
                                f"process CPU time: {time.process_time():.1f}s")
    if _WORLD_IMPURE:
        terminalreporter.write_line("worlds built for every test (not copied): "
                                    + "; ".join(sorted(set(_WORLD_IMPURE)))[:2000])


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session):
    """Fail at once, with a clear message, when Solr is not running."""
    _timeline_event("sessionstart")
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


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------


@pytest.fixture
def live_server():
    """A real ``ckan run`` server (threaded) on a free port, for this test;
    yields its base URL (see ``tests/live.py``)."""
    from tests.live import serve

    with serve() as url:
        yield url


@pytest.fixture
def token_users(world):
    """An institution with an admin, an editor and a plain member, plus an
    outsider and an editor and an admin of another institution
    (``other_editor``, ``other_admin``), each with an API token:
    ``(organization, {role: user})`` (used by the hvd and procedure tests;
    built once per worker, then restored: see ``world``)."""
    from ckan.tests import factories

    def build() -> dict:
        users = {role: factories.UserWithToken() for role in (
            "admin", "editor", "member", "outsider", "other_editor", "other_admin")}
        org = factories.Organization(
            users=[{"name": users[r]["name"], "capacity": r} for r in ("admin", "editor", "member")]
        )
        factories.Organization(
            users=[{"name": users[f"other_{r}"]["name"], "capacity": r} for r in ("admin", "editor")]
        )
        return {"org": org, "users": users}

    built = world("token_users", build)
    return built["org"], built["users"]


@pytest.fixture
def clean_db(with_plugins, reset_db, migrate_db_for):
    """CKAN's ``clean_db`` (``reset_db()``), plus the migrations of the
    suite's plugins (which must be loaded for ``ckan db upgrade -p`` to find
    them). Not a speed-up: applied with and without the fast fixtures."""
    reset_db()
    # CKAN's reset empties the tables it knows (ours included) but keeps
    # them and the alembic version tables; so a plugin's migrations run when
    # its version table is missing or empty (first run, after a full rebuild,
    # or after a test ran them down). tests/test_migrations.py runs them
    # down and up explicitly.
    for plugin in _unapplied([name for name in MIGRATED_PLUGINS if p.plugin_loaded(name)]):
        migrate_db_for(plugin)
    if _fast("pooled_engine"):
        _bind_pooled_engine()


# ---------------------------------------------------------------------------
# Worlds: the users, institutions, campaigns and datasets many tests start from
# ---------------------------------------------------------------------------


class _World:
    """A world as built: the schema holding the copy of its tables, what
    ``build()`` returned, the config and the worlds under it when it was
    built, and what it left outside the database's tables (Solr documents
    to index again, uploaded files, DataStore tables)."""

    def __init__(self, **fields):
        self.__dict__.update(fields)


#: Per key: the worlds built (one per config and set of worlds under it).
_WORLDS: dict[str, list] = {}
#: Why a world could not be copied (for the message of tests/test_worlds.py).
_WORLD_IMPURE: list = []
_GENERATION = [0]
#: The DataStore database's engine, per URL.
_DATASTORE_ENGINES: dict = {}


def _world_schema(key: str, n: int = 0) -> str:
    return "tmopendata_world_" + "".join(c if c.isalnum() else "_" for c in key) + (f"_{n}" if n else "")


def _world_tables() -> list[str]:
    import ckan.model as model

    return [t.name for t in model.repo.metadata.sorted_tables if t.name != "alembic_version"]


def _datastore_engine():
    """The DataStore database (None when the DataStore is not loaded)."""
    url = tk.config.get("ckan.datastore.write_url")
    if not url or not p.plugin_loaded("datastore"):
        return None
    if url not in _DATASTORE_ENGINES:
        import sqlalchemy as sa

        _DATASTORE_ENGINES[url] = sa.create_engine(url, pool_size=1, max_overflow=1, pool_pre_ping=True)
    return _DATASTORE_ENGINES[url]


def _datastore_tables() -> set:
    engine = _datastore_engine()
    if engine is None:
        return set()
    with engine.connect() as connection:
        return {r[0] for r in connection.exec_driver_sql(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"
            " AND relkind IN ('r', 'v', 'm', 'p')")}


def _datastore_fingerprint(names) -> dict:
    """Per DataStore table or view: an md5 of its columns (name, type,
    comment: the DataStore keeps the fields' info there), its comment and
    its rows; None when it is gone."""
    engine = _datastore_engine()
    prints = {}
    if engine is None or not names:
        return dict.fromkeys(names)
    with engine.connect() as connection:
        for name in sorted(names):
            ident = '"{}"'.format(name.replace('"', '""'))
            oid = connection.exec_driver_sql("SELECT to_regclass(%s)::oid", (f"public.{ident}",)).scalar()
            if oid is None:
                prints[name] = None
                continue
            columns = connection.exec_driver_sql(
                "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod) || ' '"
                " || coalesce(col_description(attrelid, attnum), ''), E'\\n' ORDER BY attnum)"
                " || coalesce(obj_description(%s, 'pg_class'), '')"
                " FROM pg_attribute WHERE attrelid = %s AND attnum > 0 AND NOT attisdropped",
                (oid, oid)).scalar()
            rows = connection.exec_driver_sql(
                f"SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM public.{ident} t"
            ).scalar()
            prints[name] = f"{columns}|{rows}"
    return prints


def _storage_root() -> str | None:
    return tk.config.get("ckan.storage_path")


def _storage_listing() -> dict:
    """Files of the storage directory besides the resources' uploads (and
    CKAN's own webassets and compiled translations): path -> size, mtime."""
    root = _storage_root()
    listing = {}
    if not root or not os.path.isdir(root):
        return listing
    for name in os.listdir(root):
        if name in ("resources", "webassets", "i18n"):
            continue
        for folder, _dirs, files in os.walk(os.path.join(root, name)):
            for f in files:
                path = os.path.join(folder, f)
                stat = os.stat(path)
                listing[path] = (stat.st_size, stat.st_mtime_ns)
    return listing


def _upload_path(resource_id: str) -> str:
    from ckan.lib import uploader

    return uploader.get_resource_uploader({"id": resource_id, "url_type": "upload"}).get_path(resource_id)


def _world_outside() -> dict:
    """What a world could leave outside this database's tables, that a
    copy of them would miss: the Solr documents of this site (id -> version),
    the jobs in this site's queues, the DataStore's tables and the files of
    the storage directory (besides resources' uploads, handled per
    resource)."""
    from ckan.lib import jobs
    from ckan.lib.search.common import make_connection

    query = '+site_id:"{}"'.format(tk.config.get("ckan.site_id"))
    docs = {d["id"]: d.get("_version_") for d in make_connection().search(
        q=query, rows=10000, fl="id,_version_")}
    queued = sorted(job.id for queue in jobs.get_all_queues() for job in queue.jobs)
    return {"solr": docs, "queued": queued, "datastore": _datastore_tables(), "storage": _storage_listing()}


def _world_impure(before: dict, after: dict, base) -> str | tuple:
    """``(solr ids, DataStore tables)`` the world owns outside the
    database, or why it cannot be copied (a string)."""
    import ckan.model as model

    if base is not None and base.generation is None:
        return f"built on {base.key}, which could not be copied"
    if after["queued"] != before["queued"]:
        return f"jobs queued: {sorted(set(after['queued']) - set(before['queued']))}"
    if after["storage"] != before["storage"]:
        changed = {k for k in set(after["storage"]) | set(before["storage"])
                   if after["storage"].get(k) != before["storage"].get(k)}
        return f"files of the storage directory changed: {sorted(changed)}"
    if before["datastore"] - after["datastore"]:
        return f"DataStore tables dropped: {sorted(before['datastore'] - after['datastore'])}"
    gone = set(before["solr"]) - set(after["solr"])
    if gone:
        return f"Solr documents removed: {sorted(gone)}"
    solr = {i for i, v in after["solr"].items() if before["solr"].get(i) != v}
    solr |= set(base.solr) if base else set()
    packages = {r[0] for r in model.Session.query(model.Package.id)}
    model.Session.remove()
    if solr - packages:
        return f"Solr documents of no dataset of the world: {sorted(solr - packages)}"
    datastore = (after["datastore"] - before["datastore"]) | (set(base.datastore) if base else set())
    return sorted(solr), sorted(datastore)


def _world_snapshot(schema: str) -> list:
    """Copy every non-empty table of the model into ``schema`` (one round
    trip for the copies, one for the list of columns)."""
    import ckan.model as model

    statements = [f'DROP SCHEMA IF EXISTS "{schema}" CASCADE; CREATE SCHEMA "{schema}";']
    for name in _world_tables():
        literal = f'"{name}"'.replace("'", "''")
        statements.append(
            # nested: PL/pgSQL plans the EXISTS only when the table is
            # there (a plugin set without a plugin has no tables of it)
            f"IF to_regclass('{literal}') IS NOT NULL THEN IF EXISTS (SELECT 1 FROM \"{name}\") THEN "
            f"CREATE TABLE \"{schema}\".\"{name}\" AS SELECT * FROM \"{name}\"; END IF; END IF;")
    connection = model.repo.session.connection()
    connection.exec_driver_sql("DO $tmopendata$ BEGIN " + " ".join(statements) + " END $tmopendata$")
    rows = connection.exec_driver_sql(
        "SELECT table_name, string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)"
        " FROM information_schema.columns WHERE table_schema = %s GROUP BY table_name", (schema,)).fetchall()
    model.repo.session.commit()
    columns = dict(rows)
    return [(name, columns[name]) for name in _world_tables() if name in columns]


def _world_files() -> dict:
    """The uploaded file of every resource of the database: id -> bytes
    (None: no file)."""
    import ckan.model as model

    files = {}
    for (resource_id,) in model.Session.query(model.Resource.id).filter(model.Resource.url_type == "upload"):
        path = _upload_path(resource_id)
        if os.path.exists(path):
            with open(path, "rb") as f:
                files[resource_id] = f.read()
        else:
            files[resource_id] = None
    model.Session.remove()
    return files


def _world_mark() -> int:
    """A transaction id after everything written so far."""
    import ckan.model as model

    session = model.repo.session
    mark = session.connection().exec_driver_sql("SELECT txid_current()").scalar()
    session.commit()
    session.remove()
    return mark


def _world_restore(world: _World, under) -> bool:
    """Put the copied rows back (parents first), in one round trip; False
    (nothing changed) when a table no longer matches its copy (e.g. a
    migration test rebuilt it), or when the worlds under this one were
    changed since they were put in place (``under``: the last of them;
    then its rows, which this copy includes, are deleted first)."""
    import sqlalchemy as sa

    import ckan.model as model

    body = []
    if under is not None:
        # Nothing written since ``under`` was put in place: no row newer
        # than its mark, as many rows as its copy.
        copied = dict(under.tables)
        xid = f"'{under.mark % 4294967296}'::xid"
        for name in _world_tables():
            literal = f'"{name}"'.replace("'", "''")
            check = f'EXISTS (SELECT 1 FROM "{name}" WHERE age(xmin) < age({xid}))'
            if name in copied:
                check += f' OR (SELECT count(*) FROM "{name}") <> (SELECT count(*) FROM "{under.schema}"."{name}")'
            body.append(f"IF to_regclass('{literal}') IS NOT NULL THEN IF {check} THEN "
                        f"RAISE EXCEPTION 'changed since the world under it: {literal}'; END IF; "
                        f"DELETE FROM \"{name}\"; END IF;")
        body.reverse()  # the deletes children first, as reset_db's
    body += [f'INSERT INTO "{name}" ({cols}) SELECT {cols} FROM "{world.schema}"."{name}";'
             for name, cols in world.tables]
    session = model.repo.session
    try:
        session.connection().exec_driver_sql("DO $tmopendata$ BEGIN " + " ".join(body) + " END $tmopendata$")
        session.commit()
    except sa.exc.DBAPIError:
        session.rollback()
        return False
    finally:
        session.remove()
    return True


def _world_put_back_outside(world: _World) -> None:
    """The uploaded files as built (a test may have replaced or removed
    one), then the world's datasets indexed again by CKAN's own indexer;
    Solr must then hold them."""
    from ckan.lib import search
    from ckan.lib.search.common import make_connection

    for resource_id, content in world.files.items():
        path = _upload_path(resource_id)
        if content is None:
            if os.path.exists(path):
                os.remove(path)
            continue
        try:
            with open(path, "rb") as f:
                same = f.read() == content
        except FileNotFoundError:
            same = False
        if not same:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(content)
    if world.solr:
        search.rebuild(package_ids=world.solr, quiet=True)
        search.commit()
        query = '+site_id:"{}"'.format(tk.config.get("ckan.site_id"))
        held = {d["id"] for d in make_connection().search(q=query, rows=10000, fl="id")}
        missing = set(world.solr) - held
        assert not missing, f"world {world.key}: Solr lacks {sorted(missing)} after indexing them again"


@pytest.fixture
def world(clean_db):
    """``world(key, build)``: the data ``build()`` returns, with the
    database as ``build`` left it, for a test that starts from a clean
    database (it uses ``clean_db``).

    Speed-up ("worlds", FAST only). Building a world (a dozen users,
    institutions with members, a campaign: about 15 actions; a dataset with
    a validated upload: seconds) took 1–7 s per test, before each of several
    hundred tests. CKAN does: nothing of the kind (each test builds its
    data through the actions). We do: build it the first time in this
    worker's session, copy the tables it filled into a schema of its own
    (``tmopendata_world_<key>``), and for the next tests copy them back
    after ``clean_db`` (one SQL statement); ``build``'s result is kept and a
    deep copy handed out. What building left outside the tables is put back
    too: the files uploaded to the world's resources (written again as
    built), and its datasets indexed again by CKAN's own indexer
    (``ckan.lib.search.rebuild``, then Solr must hold them).
    Equivalent: the same rows (same ids, tokens, hashes) in the same
    tables, the same files, the datasets indexed from those rows. Used only
    when building left nothing else behind (:func:`_world_outside`: no
    queued job, no other file of the storage directory, no Solr document
    but the world's datasets), with the same config and the same worlds
    under it (a world asked for after another one, e.g. a dataset of
    ``token_users``' institution, is copied with it; restoring it first
    checks that nothing was written since the world under it was put in
    place); its DataStore tables (not emptied between tests) are checked
    unchanged, else it is built again, as it is when a table no longer
    matches its copy. ``tests/test_worlds.py`` compares restored worlds
    with built ones."""
    import copy

    active: list = []

    def get(key: str, build):
        if not _fast("worlds"):
            return build()
        config = dict(tk.config)
        under = active[-1] if active else None
        signature = tuple((w.key, w.generation) for w in active)
        variants = _WORLDS.setdefault(key, [])
        for known in list(variants):
            if known.config != config or known.base != signature:
                continue
            if (_datastore_fingerprint(known.datastore) == known.datastore_print
                    and _world_restore(known, under)):
                _world_put_back_outside(known)
                known.mark = _world_mark()
                active.append(known)
                return copy.deepcopy(known.data)
            variants.remove(known)
        before = _world_outside()
        data = build()
        owned = _world_impure(before, _world_outside(), under)
        _GENERATION[0] += 1
        if isinstance(owned, str):
            _WORLD_IMPURE.append(f"{key}: {owned}")
            active.append(_World(key=key, generation=None))
            return data
        schema = _world_schema(key, _GENERATION[0])
        solr, datastore = owned
        built = _World(key=key, generation=_GENERATION[0], schema=schema, tables=_world_snapshot(schema),
                       data=copy.deepcopy(data), config=config, base=signature, solr=solr,
                       datastore=datastore, datastore_print=_datastore_fingerprint(datastore),
                       files=_world_files())
        built.mark = _world_mark()
        variants.append(built)
        active.append(built)
        return data

    return get


#: One pooled engine per database URL for the session (see below).
_ENGINES: dict = {}


def _bind_pooled_engine() -> None:
    """Speed-up (FAST only). CKAN does: its alembic ``env.py`` (run by
    ``reset_db`` through ``init_db``) calls ``init_model`` with its own
    ``NullPool`` engine and leaves it bound, so every later transaction of
    the test opens a new PostgreSQL connection (35 ms with SCRAM
    authentication; 60 connections for one dataset fixture).
    We do: bind the model to one pooled engine per database URL again.
    Equivalent: the portal itself runs on the pooled engine
    ``load_environment`` creates from the same URL and options."""
    from sqlalchemy import engine_from_config

    import ckan.model as model

    url = tk.config.get("sqlalchemy.url")
    if url not in _ENGINES:
        _ENGINES[url] = engine_from_config(dict(tk.config), pool_pre_ping=True)
    if model.meta.engine is not _ENGINES[url]:
        model.init_model(_ENGINES[url])


@pytest.fixture(scope="session")
def reset_queues():
    """Not a speed-up, a fix for parallel runs (applied always). CKAN's
    ``reset_queues`` empties every RQ queue of the Redis database, including
    those of the other xdist workers (which share Redis but not the site
    id): a job one worker has just queued could vanish under it. This one
    empties only the queues of this worker's site id (``ckan:<site_id>:*``,
    through the public ``ckan.lib.jobs.get_all_queues``)."""
    from ckan.lib import jobs

    def _empty_own_queues() -> None:
        for queue in jobs.get_all_queues():
            queue.empty()
            queue.delete()

    return _empty_own_queues


#: The config before and after the last full plugin load, and the plugins it
#: loaded (see ``with_plugins`` below).
_LOADED: dict = {"before": None, "after": None, "plugins": None}

#: The web application built by the last full ``make_app`` (see below).
_APP: dict = {"before": None, "after": None, "plugins": None, "wsgi": None}


def _plugin_names() -> list[str]:
    from ckan.plugins import core

    return list(core._PLUGINS)


def _fast_reset_db() -> None:
    """Speed-up of CKAN's ``reset_db`` (FAST only).

    CKAN does (``ckan.tests.helpers.reset_db``): close every session, then
    ``model.repo.rebuild_db()``: once tables exist, ``delete_all()`` asks
    the database whether each table of the model's metadata exists and
    deletes its rows (two round trips per table: about 120 for CKAN's and the
    suite's tables), then ``init_db()`` (a rollback; migrations only the
    first time).
    We do: the first reset of a session as CKAN does; later ones send the
    same deletes, in the same order (reversed ``metadata.sorted_tables``,
    ``alembic_version`` kept, missing tables skipped), as one PL/pgSQL block:
    one round trip.
    Equivalent: the same rows of the same tables are deleted in the same
    transaction order; the alembic version tables are kept as CKAN keeps
    them."""
    from sqlalchemy.orm import close_all_sessions

    import ckan.model as model
    from ckan.tests import helpers as test_helpers

    repo = model.repo
    if not repo.tables_created_and_initialised:
        test_helpers.reset_db()
        return
    # CKAN 2.11 calls model.Session.close_all() here, 2.12 (SQLAlchemy 2.0,
    # where that is deprecated) close_all_sessions(): the same in both.
    close_all_sessions()
    repo.session.remove()
    deletes = []
    for table in reversed(repo.metadata.sorted_tables):
        if table.name == "alembic_version":
            continue
        name = table.name.replace('"', '""')
        literal = f'"{name}"'.replace("'", "''")
        deletes.append(f"IF to_regclass('{literal}') IS NOT NULL THEN DELETE FROM \"{name}\"; END IF;")
    connection = repo.session.connection()
    connection.exec_driver_sql("DO $tmopendata$ BEGIN " + " ".join(deletes) + " END $tmopendata$")
    repo.session.commit()
    repo.session.remove()
    repo.init_db()


def _fast_clear_index() -> None:
    """Speed-up of CKAN's ``reset_index`` (FAST only).

    CKAN does (``ckan.lib.search.clear_all``): a Solr delete by query of
    this site id's documents and a hard commit (a new searcher) every time,
    even when the test indexed nothing.
    We do: ask Solr (``rows=0``) whether any document of this site id is
    there, and clear as CKAN does only then.
    Equivalent: with ``ckan.search.solr_commit`` on (the default, and
    test.ini's), every document CKAN indexes is committed, hence visible
    to the query; when none is, the delete would remove nothing. With
    commits off, CKAN's clear is always used."""
    from ckan.lib import search
    from ckan.lib.search.common import make_connection

    if tk.asbool(tk.config.get("ckan.search.solr_commit", True)):
        query = '+site_id:"{}"'.format(tk.config.get("ckan.site_id"))
        if make_connection().search(q=query, rows=0).hits == 0:
            return
    search.clear_all()


if _fast("reset_db"):

    @pytest.fixture(scope="session")
    def reset_db():
        """CKAN's ``reset_db`` fixture (same body: Faker's unique values
        cleared once), returning :func:`_fast_reset_db`."""
        from ckan.tests import factories

        factories.fake.unique.clear()
        return _fast_reset_db


if _fast("reset_index"):

    @pytest.fixture(scope="session")
    def reset_index():
        """CKAN's ``reset_index`` fixture, returning :func:`_fast_clear_index`."""
        return _fast_clear_index


if _fast("with_plugins"):

    @pytest.fixture
    def with_plugins(ckan_config):
        """Speed-up of CKAN's ``with_plugins`` (FAST only).

        CKAN does: ``load_all()`` before each test (every plugin of
        ``ckan.plugins``), ``unload_non_system_plugins()`` after it: about
        1.5 s per test with this suite's eleven plugins.
        We do: when the config a test starts with is exactly the one of the
        last full load (same ``ckan.plugins``, no ``ckan_config`` mark or
        patch that differs) and the same plugins are still loaded, keep them
        and put back the config their load produced; otherwise
        ``load_all()`` as CKAN does. After the test ``ckan_config`` restores
        the config as always; plugins are unloaded at the end of the session.
        Equivalent: loading the same plugins from the same config gives the
        same plugins and the same config; plugins keep no per-test state
        (the database, index and queues are reset by their own fixtures).
        """
        import copy

        before = dict(tk.config)
        if (
            _LOADED["before"] is not None
            and before == _LOADED["before"]
            and _plugin_names() == _LOADED["plugins"]
        ):
            tk.config.clear()
            tk.config.update(copy.deepcopy(_LOADED["after"]))
        else:
            if os.environ.get("TMOPENDATA_DEBUG_PLUGINS") and _LOADED["before"] is not None:
                diff = {k for k in set(before) | set(_LOADED["before"])
                        if before.get(k) != _LOADED["before"].get(k)}
                print("reload:", sorted(diff)[:10], _plugin_names() == _LOADED["plugins"])
            _LOADED["before"] = None
            before = copy.deepcopy(before)
            p.load_all()
            _LOADED.update(before=before, after=copy.deepcopy(dict(tk.config)),
                           plugins=_plugin_names())
        yield

    @pytest.fixture(scope="session", autouse=True)
    def _unload_plugins_at_the_end():
        """The fast ``with_plugins`` keeps plugins loaded between tests:
        unload them when the session ends, as CKAN's does after each test
        (2.11: ``unload_non_system_plugins``; 2.12, which has no system
        plugins any more: ``unload_all``)."""
        yield
        _LOADED["before"] = None
        getattr(p, "unload_non_system_plugins", p.unload_all)()


if _fast("make_app"):

    @pytest.fixture
    def make_app(ckan_config):
        """Speed-up of CKAN's ``make_app`` (factory behind ``app``; FAST
        only).

        CKAN does: clear ``app_globals``' config cache and build the whole
        web application for every test (``load_environment``, every plugin
        unloaded and loaded again, blueprints, middleware): about a second
        per page test.
        We do: when the config a test starts with is exactly the one the
        last application was built from and the same plugins are loaded,
        reuse that application (with a new test client, so no cookie is
        shared), put back the config it produced and reset ``app_globals``
        from it; otherwise build it as CKAN does.
        Equivalent: the same config and plugins build the same application;
        the per-request state lives in the client and the request context.
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
        """CKAN's ``app`` fixture (the same body), on the ``make_app`` above:
        pytest would otherwise use CKAN's ``app`` with our ``make_app``
        anyway; kept here so the pair is visible in one place."""
        return make_app()


def pytest_runtest_logreport(report):
    """``TMOPENDATA_TIMELINE=<file>``: one JSON line per test phase (worker,
    node id, phase, start, stop, outcome), written by the controller: where a
    run's wall-clock time goes (``scripts/timeline.py`` sums it up)."""
    path = os.environ.get("TMOPENDATA_TIMELINE")
    if not path or os.environ.get("PYTEST_XDIST_WORKER"):
        return
    import json

    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps({
            "worker": getattr(getattr(report, "node", None), "gateway", None) and report.node.gateway.id,
            "nodeid": report.nodeid, "when": report.when,
            "start": getattr(report, "start", None), "stop": getattr(report, "stop", None),
            "outcome": report.outcome}) + "\n")


def pytest_sessionfinish(session, exitstatus):
    _timeline_event("sessionfinish")


def _timeline_event(event: str) -> None:
    path = os.environ.get("TMOPENDATA_TIMELINE")
    if path:
        import json

        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps({"worker": os.environ.get("PYTEST_XDIST_WORKER", "controller"),
                                "event": event, "time": time.time()}) + "\n")
