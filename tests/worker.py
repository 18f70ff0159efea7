"""The real CKAN worker (``ckan jobs worker --burst``) for tests that run
queued jobs the way the portal does.

It reads the run's ini file (``test.ini``, or the plugin set's ini written by
``tests/conftest.py`` under ``TMOPENDATA_PLUGINS``), so it loads the same
plugins as the tests, and inherits the environment, hence the xdist worker's
own database, DataStore, Solr site id and Redis queue. ``env`` adds CKAN
options as environment variables (e.g. ``CKAN_SMTP_SERVER``).

Each call starts a new ``ckan`` process, as cron or an operator would
(a long-lived process running the same command was tried: docs/tests.md).
"""
from __future__ import annotations

import os
import subprocess
import sys
from typing import Optional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def command() -> list[str]:
    ini = os.environ.get("TMOPENDATA_TEST_INI") or os.path.join(ROOT, "test.ini")
    return [os.path.join(os.path.dirname(sys.executable), "ckan"), "-c", ini,
            "jobs", "worker", "--burst"]


def run_worker(env: Optional[dict[str, str]] = None) -> str:
    """Run the real worker until the queue is empty; its output."""
    done = subprocess.run(command(), capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})
    assert done.returncode == 0, done.stdout + done.stderr
    _assert_queue_emptied(done.stdout + done.stderr)
    return done.stdout + done.stderr


def _assert_queue_emptied(output: str) -> None:
    """A burst worker ends when its queue is empty: jobs still queued for
    this test process mean the worker and the tests do not share a queue
    (site id, Redis database), or something else consumes or fills it."""
    import ckan.plugins.toolkit as tk
    from ckan.lib import jobs

    queue = jobs.get_queue()
    if not queue.count:
        return
    connection = queue.connection
    queues = {key.decode(): connection.llen(key) for key in connection.keys("rq:queue:*")}
    raise AssertionError(
        f"the burst worker left {queue.count} job(s) in {queue.name} "
        f"(site id {tk.config.get('ckan.site_id')!r}, CKAN_SITE_ID {os.environ.get('CKAN_SITE_ID')!r}, "
        f"Redis {tk.config.get('ckan.redis.url')!r}, CKAN_REDIS_URL {os.environ.get('CKAN_REDIS_URL')!r}); "
        f"jobs: {[(j.id, j.description, j.get_status()) for j in queue.jobs][:10]}; "
        f"queues in Redis: {queues}; worker output: {output[-2000:]!r}")


def start_worker() -> subprocess.Popen:
    """The real worker started in a process group of its own (to be killed
    with its work horse); its output on ``stdout``."""
    return subprocess.Popen(command(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
