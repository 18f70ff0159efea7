"""A real ``ckan run`` web server for tests that drive the portal over HTTP.

``serve()`` starts it on a free port with ``test.ini`` (or the plugin set's
ini file, see ``tests/conftest.py``) (threaded, as
``scripts/serve.sh`` serves the portal, so parallel requests really run in
parallel); it inherits the environment, hence the xdist worker's own
database and Solr site id (``CKAN_SQLALCHEMY_URL``, ``CKAN_SITE_ID``, set by
``tests/conftest.py``). The ``live_server`` fixture (in ``conftest.py``)
yields its base URL; ``post`` calls an action over HTTP.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from typing import Any, Iterator, Optional

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(threaded: bool = True, env: Optional[dict[str, str]] = None) -> Iterator[str]:
    """Run ``ckan run`` on a free port until the block ends; yield its URL.
    ``env``: extra environment variables (e.g. ``CKAN_SMTP_SERVER``).
    ``ckan.site_url`` is the server's own address, so links the portal
    makes (e.g. download URLs of uploads) lead back to it."""
    port = free_port()
    ckan_bin = shutil.which("ckan", path=os.path.dirname(sys.executable))
    # test.ini, or the ini file of the plugin set (TMOPENDATA_PLUGINS, written
    # by tests/conftest.py), so the server loads the same plugins as the tests.
    ini = os.environ.get("TMOPENDATA_TEST_INI") or os.path.join(ROOT, "test.ini")
    command = [ckan_bin, "-c", ini, "run",
               "-H", "127.0.0.1", "-p", str(port), "--disable-reloader"]
    if threaded:
        command.append("--threaded")
    # The server's log goes to a file: a pipe nobody reads fills up after
    # a few dozen requests and blocks the server.
    log = tempfile.TemporaryFile()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "CKAN_SITE_URL": url, **(env or {})})

    def tail() -> str:
        log.seek(0)
        return log.read().decode("utf-8", "replace")[-3000:]

    try:
        for _ in range(480):
            if proc.poll() is not None:
                pytest.fail("ckan run exited:\n" + tail())
            try:
                urllib.request.urlopen(url + "/api/3/action/status_show", timeout=2)
                break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("ckan run did not answer in 120 s:\n" + tail())
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def post(url: str, action: str, token: Optional[str] = None, data: Optional[dict[str, Any]] = None,
         files: Optional[dict[str, Any]] = None, timeout: float = 60) -> tuple[int, dict[str, Any]]:
    """POST an action to the server: ``(HTTP status, decoded JSON answer)``
    (``{"raw": text}`` when the answer is not JSON, e.g. a 500 page)."""
    import requests

    headers = {"Authorization": token} if token else {}
    if files:
        response = requests.post(f"{url}/api/3/action/{action}", data=data or {}, files=files,
                                 headers=headers, timeout=timeout)
    else:
        response = requests.post(f"{url}/api/3/action/{action}", json=data or {},
                                 headers=headers, timeout=timeout)
    try:
        body = response.json()
    except json.JSONDecodeError:
        body = {"raw": response.text[-2000:]}
    return response.status_code, body
