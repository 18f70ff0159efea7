"""The real CKAN worker (``ckan jobs worker --burst``) for tests that run
queued jobs the way the portal does.

It reads the run's ini file (``test.ini``, or the plugin set's ini written by
``tests/conftest.py`` under ``TMOPENDATA_PLUGINS``), so it loads the same
plugins as the tests, and inherits the environment, hence the xdist worker's
own database, DataStore, Solr site id and Redis queue.

Speed-up (``worker_process`` in ``tests/conftest.py``'s ``SPEEDUPS``): a
``ckan`` command in a new process spends about 2.5 of its 3.5 seconds
starting Python and importing CKAN and the plugins. ``run_worker`` therefore
sends the very command line ``ckan -c <ini> jobs worker --burst`` to one
long-lived Python process per test process, which runs it with CKAN's own
command group (``ckan.cli.cli.ckan``, as CKAN's ``cli`` fixture does in the
test process): CKAN reads the ini file and builds the application again for
every call, and the jobs run in work horses forked by RQ as usual; only the
interpreter and the imports are reused. ``TMOPENDATA_PLAIN_FIXTURES=worker_process``
(or ``1``) starts a new ``ckan`` process for each call instead, as does a
call with ``env`` (CKAN options given as environment variables, e.g.
``CKAN_SMTP_SERVER``, which a process already started would not see).
"""
from __future__ import annotations

import atexit
import os
import subprocess
import sys
import tempfile
from typing import IO, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def command() -> list[str]:
    """The worker's command line (without the executable: ``ckan``)."""
    ini = os.environ.get("TMOPENDATA_TEST_INI") or os.path.join(ROOT, "test.ini")
    return ["-c", ini, "jobs", "worker", "--burst"]


def _ckan() -> str:
    return os.path.join(os.path.dirname(sys.executable), "ckan")


def _plain() -> bool:
    plain = os.environ.get("TMOPENDATA_PLAIN_FIXTURES", "").replace(",", " ").split()
    return "1" in plain or "worker_process" in plain


#: The long-lived process: reads a command line (JSON) per line on stdin,
#: runs it with CKAN's command group, answers its exit code on the pipe
#: whose descriptor it is given as its argument; its
#: output (and its work horses') goes to the log file it was given.
_SERVER = r"""
import json, os, sys, traceback
from ckan.cli.cli import ckan
answers = os.fdopen(int(sys.argv[1]), "w")
for line in sys.stdin:
    code = 0
    try:
        ckan.main(args=json.loads(line), prog_name="ckan", standalone_mode=False)
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:
        traceback.print_exc()
        code = 1
    sys.stdout.flush(); sys.stderr.flush()
    answers.write(f"{code}\n"); answers.flush()
"""


class _Process:
    """The long-lived process of this test process."""

    def __init__(self) -> None:
        self.log = tempfile.NamedTemporaryFile(prefix="tmopendata-worker-", suffix=".log", delete=False)
        read, write = os.pipe()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _SERVER, str(write)], stdin=subprocess.PIPE, stdout=self.log,
            stderr=subprocess.STDOUT, pass_fds=(write,), text=True)
        os.close(write)
        self.answers: IO[str] = os.fdopen(read, "r")
        atexit.register(self.close)

    def run(self, args: list[str]) -> tuple[int, str]:
        import json

        start = os.path.getsize(self.log.name)
        self.proc.stdin.write(json.dumps(args) + "\n")
        self.proc.stdin.flush()
        answer = self.answers.readline()
        with open(self.log.name, "rb") as f:
            f.seek(start)
            output = f.read().decode("utf-8", "replace")
        if not answer:
            raise AssertionError(f"the worker process ended (exit {self.proc.wait()}):\n{output[-3000:]}")
        return int(answer), output

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if os.path.exists(self.log.name):
            os.unlink(self.log.name)


_PROCESS: list[_Process] = []


def run_worker(env: Optional[dict[str, str]] = None) -> str:
    """Run the real worker until the queue is empty; its output."""
    if env or _plain():
        done = subprocess.run([_ckan()] + command(), capture_output=True, text=True, timeout=300,
                              env={**os.environ, **(env or {})})
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr
    if not _PROCESS or _PROCESS[0].proc.poll() is not None:
        _PROCESS[:] = [_Process()]
    code, output = _PROCESS[0].run(command())
    assert code == 0, output
    return output


def start_worker() -> subprocess.Popen:
    """The real worker started in a process group of its own (to be killed
    with its work horse); its output on ``stdout``."""
    return subprocess.Popen([_ckan()] + command(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
