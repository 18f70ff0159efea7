"""Failures of the servers during a load, caused for real: the DataStore
connection ended mid-load (``pg_terminate_backend`` on the loading
backend while its COPY/INSERT runs), the real worker killed with
``kill -9`` mid-load, and the DataStore's disk full (a tablespace on a
2 MB tmpfs). Each ends in ``failed`` with a clear message (no host names,
no paths), the rows served before stay, and the load can be retried.

Real PostgreSQL, Redis and ``ckan jobs worker``; nothing is mocked.
"""
from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
import uuid
from urllib.parse import urlparse

import psycopg2
import pytest

import ckan.plugins.toolkit as tk
from ckan.cli.cli import ckan as ckan_cli
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.worker import start_worker
from tests.datastore.conftest import inline, load_state, served_records

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "clean_queues")

SCHEMA = {"fields": [
    {"name": "cod", "type": "string"},
    {"name": "numar", "type": "integer"},
    {"name": "valoare", "type": "number"},
    {"name": "zi", "type": "date"},
    {"name": "nota", "type": "string"},
]}
SMALL = "cod,numar,valoare,zi,nota\nA,1,1.5,2024-01-01,prima\nB,2,2.5,2024-01-02,a doua\n"


def _big(rows: int) -> str:
    """A valid file large enough to be validated by the worker (over
    ``validation.sync_max_bytes``) and to load for a few seconds."""
    lines = ["cod,numar,valoare,zi,nota"]
    lines += [f"C{i:07d},{i},{i % 9973}.25,2024-{i % 12 + 1:02d}-{i % 28 + 1:02d},rândul {i} din fișier"
              for i in range(rows)]
    return "\n".join(lines) + "\n"


def _datastore_connection():
    conn = psycopg2.connect(tk.config["ckan.datastore.write_url"])
    conn.autocommit = True
    return conn



def _wait_for_load_statement(conn, resource_id, worker, timeout=240):
    """The pid of the DataStore backend running the load's COPY or INSERT
    for ``resource_id`` (the load caught mid-way)."""
    deadline = time.monotonic() + timeout
    with conn.cursor() as cur:
        while time.monotonic() < deadline:
            cur.execute(
                "SELECT pid, left(query, 60) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND state = 'active' AND usename = current_user "
                "AND (query LIKE 'COPY pg_temp.tmopendata_copy_raw%%' OR query LIKE %s)",
                (f'INSERT INTO "{resource_id}__tmopendata_new"%',))
            found = cur.fetchone()
            if found:
                return found[0]
            if worker.poll() is not None:
                pytest.fail("the worker ended before the load started:\n" + worker.stdout.read())
            time.sleep(0.02)
    pytest.fail("the load's statement never showed in pg_stat_activity")


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:  # a kernel without CONFIG_PROC_CHILDREN: the parent pid of each process
        found = []
        for entry in os.listdir("/proc"):
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
        return found


def _loaded_big_version(users, upload, reupload, rows):
    """A resource serving SMALL, then a newer valid file of ``rows`` rows
    queued for the worker (validation, then load)."""
    org, users = users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], SMALL, schema=inline(SCHEMA))
    assert load_state(dataset["id"], res["id"])["status"] == "loaded"
    reupload(users["editor"], res["id"], _big(rows))
    assert call_action("tmopendata_validation_show", resource_id=res["id"])["status"] in ("pending", "running")
    return dataset, res, users


def _count(resource_id):
    """The table's rows, counted (CKAN 2.12's ``datastore_search`` may give
    an estimated ``total`` for a table just replaced)."""
    sql = f'SELECT count(*) AS n FROM "{resource_id}"'
    return int(call_action("datastore_search_sql", sql=sql)["records"][0]["n"])


def _assert_previous_rows_served(resource_id):
    assert [(r["cod"], r["numar"]) for r in served_records(resource_id)] == [("A", 1), ("B", 2)]


def _assert_no_server_details(message):
    for detail in ("localhost", "127.0.0.1", "5432", "/", "pg_tblspc", "terminating", "could not extend"):
        assert detail not in message, (detail, message)


# --- the connection lost during a load -------------------------------------------

def test_the_connection_ended_during_a_load_is_a_clear_failure_and_the_rows_stay(
        org_with_users, upload, reupload, cli):
    rows = 150_000
    dataset, res, users = _loaded_big_version(org_with_users, upload, reupload, rows)
    conn = _datastore_connection()
    worker = start_worker()
    try:
        pid = _wait_for_load_statement(conn, res["id"], worker)
        with conn.cursor() as cur:
            cur.execute("SELECT pg_terminate_backend(%s)", (pid,))
            assert cur.fetchone()[0] is True
        out, _ = worker.communicate(timeout=300)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        conn.close()
    assert worker.returncode == 0, out
    state = load_state(dataset["id"], res["id"])
    assert state["status"] == "failed", (state, out)
    assert "connection to the DataStore database was lost" in state["message"]
    _assert_no_server_details(state["message"])
    _assert_previous_rows_served(res["id"])
    assert state["rows"] == 2

    # retried from the command line: the same validated file loads
    result = cli.invoke(ckan_cli, ["tmopendata", "datastore", "load", "--resource", res["id"]])
    assert result.exit_code == 0, result.output
    assert f"loaded  {rows} rows" in result.output
    assert _count(res["id"]) == rows


# --- the worker killed with kill -9 ----------------------------------------------

def test_the_worker_killed_during_a_load_is_reported_failed_at_once_and_can_be_retried(
        org_with_users, upload, reupload):
    rows = 150_000
    dataset, res, users = _loaded_big_version(org_with_users, upload, reupload, rows)
    conn = _datastore_connection()
    worker = start_worker()
    try:
        _wait_for_load_statement(conn, res["id"], worker)
        # while the loader lives, the load is in progress (not a failure)
        assert load_state(dataset["id"], res["id"])["status"] == "pending"
        # kill -9 of the worker and of its work horse (RQ forks one per job,
        # in a session of its own): as the OOM killer or a container stop
        horses = _children(worker.pid)
        assert horses, "no work horse under the worker"
        for pid in [worker.pid] + horses:
            os.kill(pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        conn.close()
    # the status turns to failed as soon as PostgreSQL sees the dead
    # process's connection closed, well before any job timeout
    deadline = time.monotonic() + 30
    state = load_state(dataset["id"], res["id"])
    while state["status"] != "failed" and time.monotonic() < deadline:
        time.sleep(0.2)
        state = load_state(dataset["id"], res["id"])
    assert state["status"] == "failed", state
    assert "loader stopped before the end" in state["message"]
    _assert_previous_rows_served(res["id"])

    result = call_action("tmopendata_datastore_load", {"user": users["editor"]["name"]},
                         resource_id=res["id"], sync=True)
    assert result["status"] == "loaded" and result["rows"] == rows, result
    assert load_state(dataset["id"], res["id"])["status"] == "loaded"


# --- disk full --------------------------------------------------------------------

def _superuser_sql(database: str, sql: str) -> str:
    done = subprocess.run(["su", "postgres", "-c", f"psql -qtA -v ON_ERROR_STOP=1 -d {database}"],
                          input=sql, capture_output=True, text=True, timeout=120)
    if done.returncode:
        raise RuntimeError(done.stderr)
    return done.stdout


def _dispose_datastore_engines():
    """New connections for this process's DataStore engines (they read the
    database's ``default_tablespace`` when they connect)."""
    from ckanext.datastore.backend.postgres import get_read_engine, get_write_engine

    get_write_engine().dispose()
    get_read_engine().dispose()


@pytest.fixture
def small_disk():
    """A 2 MB filesystem (tmpfs) as the default tablespace of the test's
    DataStore database; yields ``(mountpoint, grow)``: ``grow()`` makes it
    64 MB (space freed)."""
    database = urlparse(tk.config["ckan.datastore.write_url"]).path.lstrip("/")
    role = urlparse(tk.config["ckan.datastore.write_url"]).username
    # under /tmp itself: PostgreSQL's user must reach it (pytest's own
    # temporary folders are private to root)
    mountpoint = tempfile.mkdtemp(prefix="tmopendata-small-disk-", dir="/tmp")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", mountpoint],
                             capture_output=True, text=True)
    if mounted.returncode:
        os.rmdir(mountpoint)
        pytest.skip(f"cannot mount a small filesystem here: {mounted.stderr.strip()}")
    tablespace = f"tmopendata_small_{uuid.uuid4().hex[:8]}"
    try:
        subprocess.run(["chown", "postgres:postgres", mountpoint], check=True)
        _superuser_sql(database, f"CREATE TABLESPACE {tablespace} OWNER {role} LOCATION '{mountpoint}';")
        _superuser_sql(database, f"ALTER DATABASE {database} SET default_tablespace = {tablespace};")
        _dispose_datastore_engines()

        def grow():
            subprocess.run(["mount", "-o", "remount,size=64m", mountpoint], check=True)

        yield mountpoint, grow
    finally:
        try:
            _superuser_sql(database, f"ALTER DATABASE {database} RESET default_tablespace;")
            _dispose_datastore_engines()
            _superuser_sql(database, f"""
                DO $$ DECLARE t record; BEGIN
                  FOR t IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_tablespace s
                           ON s.oid = c.reltablespace WHERE s.spcname = '{tablespace}' AND c.relkind = 'r'
                  LOOP EXECUTE 'DROP TABLE ' || t.name || ' CASCADE'; END LOOP; END $$;""")
            _superuser_sql(database, f"DROP TABLESPACE IF EXISTS {tablespace};")
        finally:
            subprocess.run(["umount", mountpoint], check=False)
            os.rmdir(mountpoint)


def test_the_datastore_disk_full_is_a_clear_failure_the_rows_stay_and_a_retry_loads(
        app, org_with_users, upload, reupload, small_disk, cli):
    _mountpoint, grow = small_disk
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    # the first version fits (a few kB)
    res = upload(users["editor"], dataset["id"], SMALL, schema=inline(SCHEMA))
    assert load_state(dataset["id"], res["id"])["status"] == "loaded"
    # the newer one (validated in the request, about 1.5 MB) does not fit on 2 MB
    # with its full-text column and index: PostgreSQL's "No space left on device"
    rows = 20_000
    reupload(users["editor"], res["id"], _big(rows))
    assert call_action("tmopendata_validation_show", resource_id=res["id"])["status"] == "success"
    state = load_state(dataset["id"], res["id"])
    assert state["status"] == "failed", state
    assert "ran out of disk space" in state["message"]
    _assert_no_server_details(state["message"])
    _assert_previous_rows_served(res["id"])
    page = app.get(f"/dataset/{dataset['name']}/resource/{res['id']}",
                   headers={"Authorization": users["editor"]["token"]}).body
    assert "ran out of disk space" in page and "tmopendata-datastore-retry" in page

    # the same retry before space is freed fails the same way
    again = call_action("tmopendata_datastore_load", {"user": users["editor"]["name"]},
                        resource_id=res["id"], sync=True)
    assert again["status"] == "failed" and "ran out of disk space" in again["message"]
    _assert_previous_rows_served(res["id"])

    # space freed: the retry from the command line loads
    grow()
    result = cli.invoke(ckan_cli, ["tmopendata", "datastore", "load", "--resource", res["id"]])
    assert result.exit_code == 0, result.output
    assert f"loaded  {rows} rows" in result.output
    assert _count(res["id"]) == rows
