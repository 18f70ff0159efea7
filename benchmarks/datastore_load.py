"""Benchmark: loading a typed city-standard table into the DataStore through
our two paths vs ckanext-xloader's COPY of the same file without a schema
(every column text):

* ``ours (COPY, typed)``: an upload, the very file validated: PostgreSQL
  reads it (COPY into text, one INSERT ... SELECT with the casts of the
  Table Schema), no Python per row (``datastore/copy_load.py``);
* ``ours, linked (COPY)``: a linked file: downloaded once through the
  suite's fetcher (``lib/fetch.py``, from a local HTTP server here) as the
  validation does, kept as the validated copy (``lib/validated_copies.py``)
  and loaded from it through the same COPY path (rows/s: the load; the
  download's seconds are printed apart, as the validation pays them);
* ``ours (frictionless)``: a linked file whose validated copy is gone
  (downloaded again, so re-checked row by row while read with
  frictionless), or a schema PostgreSQL cannot read exactly (custom date
  formats...): typed values from frictionless.

    cd <checkout> && CKAN_SQLALCHEMY_URL=... CKAN_DATASTORE_WRITE_URL=... CKAN_DATASTORE_READ_URL=... \\
      ~/.cache/ckanext-tmopendata/venv/bin/python benchmarks/datastore_load.py --ini test.ini --rows 200000

Each run is in its own process (peak memory = max RSS of that process).
It creates a throw-away dataset ``bench-datastore`` in the configured CKAN
database (use a test database, never the portal's) and purges it at the
end. Not a test: it prints figures. Files go to benchmarks/out/.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource as rlimit
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "out")
sys.path.insert(0, HERE)
from validation_benchmark import SCHEMA  # noqa: E402  (the same city standard)


def make_file(rows: int) -> str:
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, f"datastore-{rows}.csv")
    if os.path.exists(path):
        return path
    rnd = random.Random(7)
    with open(path, "w", encoding="utf-8") as f:
        f.write(",".join(fl["name"] for fl in SCHEMA["fields"]) + "\n")
        for i in range(rows):
            f.write(f"P{i},Parcare {i},{rnd.choice(['supraterana', 'subterana', 'etajata'])},"
                    f"{rnd.randint(0, 900)},{rnd.randint(0, 80) / 10},2024-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d},"
                    f"{45.6 + rnd.random() * 0.3:.6f},{21.0 + rnd.random() * 0.45:.6f}\n")
    return path


def child(ini: str, mode: str, path: str, resource_id: str) -> None:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(ini))
    with app._wsgi_app.test_request_context():
        started = time.monotonic()
        fetch_seconds = None
        if mode == "linked":
            fetch_seconds, rows = _linked(path, resource_id)
        elif mode in ("copy", "frictionless"):
            from ckanext.tmopendata.datastore import loader

            out = loader.load_file(path, "csv", resource_id, schema=SCHEMA, encoding="utf-8",
                                   verbatim=(mode == "copy"))
            assert out["path"] == mode, out
            rows = out["rows"]
        else:
            import logging

            from ckanext.xloader import loader as xl

            xl.load_csv(path, resource_id=resource_id, mimetype="text/csv", logger=logging.getLogger("bench"))
            # xloader's job also indexes the columns (create_column_indexes):
            # left out, as our loader creates no column index either
            import ckan.plugins.toolkit as tk

            rows = tk.get_action("datastore_search")({"ignore_auth": True}, {"resource_id": resource_id, "limit": 0})["total"]
        seconds = time.monotonic() - started - (fetch_seconds or 0)
    peak = rlimit.getrusage(rlimit.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"mode": mode, "rows": rows, "seconds": round(seconds, 2), "peak_mb": round(peak, 1),
                      "fetch_seconds": None if fetch_seconds is None else round(fetch_seconds, 2)}))


def _linked(path: str, resource_id: str) -> tuple[float, int]:
    """The linked-file path: one download through the suite's fetcher (as
    the validation makes it), the copy kept, the load from that copy.
    Returns (seconds of the download, rows)."""
    import functools
    import http.server
    import tempfile
    import threading

    import ckan.plugins.toolkit as tk

    from ckanext.tmopendata.datastore import loader
    from ckanext.tmopendata.lib import fetch, validated_copies

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=os.path.dirname(path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        started = time.monotonic()
        fd, tmp = tempfile.mkstemp(prefix="tmopendata-bench-", suffix=".csv")
        policy = fetch.Policy.from_config(max_bytes=tk.config.get("ckanext.tmopendata.validation.max_bytes"))
        with os.fdopen(fd, "wb") as out:
            fetch.fetch(f"http://127.0.0.1:{server.server_port}/{os.path.basename(path)}", out, policy, expect="csv")
        assert validated_copies.keep(resource_id, "bench", tmp)
        fetched = time.monotonic() - started
    finally:
        server.shutdown()
    kept = validated_copies.find(resource_id, "bench")
    out = loader.load_file(kept, "csv", resource_id, schema=SCHEMA, encoding="utf-8", verbatim=True)
    validated_copies.discard(resource_id, "bench")
    assert out["path"] == "copy", out
    return fetched, out["rows"]


def setup(ini: str) -> str:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    import ckan.plugins.toolkit as tk

    app = make_app(load_config(ini))
    with app._wsgi_app.test_request_context():
        ctx = {"ignore_auth": True, "user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]}
        try:
            tk.get_action("dataset_purge")(ctx, {"id": "bench-datastore"})
        except tk.ObjectNotFound:
            pass
        pkg = tk.get_action("package_create")(
            dict(ctx, tmopendata_skip_validation=True),
            {"name": "bench-datastore", "title": "bench", "notes": "Benchmark of the DataStore loader.", "resources": [
                {"url": "http://example.org/a.csv", "format": "CSV", "name": "ours"},
                {"url": "http://example.org/c.csv", "format": "CSV", "name": "ours-frictionless"},
                {"url": "http://example.org/b.csv", "format": "CSV", "name": "xloader"},
                {"url": "http://example.org/d.csv", "format": "CSV", "name": "ours-linked"}]})
        return json.dumps([r["id"] for r in pkg["resources"]])


def teardown(ini: str, ids: list[str]) -> None:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    import ckan.plugins.toolkit as tk

    app = make_app(load_config(ini))
    with app._wsgi_app.test_request_context():
        ctx = {"ignore_auth": True}
        for rid in ids:
            try:
                tk.get_action("datastore_delete")(ctx, {"resource_id": rid, "force": True})
            except tk.ObjectNotFound:
                pass
        tk.get_action("dataset_purge")(ctx, {"id": "bench-datastore"})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ini", default="test.ini")
    parser.add_argument("--rows", type=int, nargs="+", default=[200000])
    parser.add_argument("--skip", nargs="*", default=[], choices=["copy", "linked", "frictionless", "xloader"],
                        help="paths not to run (e.g. --skip frictionless at 2M rows)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--teardown", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.ini, *args.child)
        return
    if args.setup:
        print(setup(args.ini))
        return
    if args.teardown:
        teardown(args.ini, json.loads(args.teardown))
        return
    py = sys.executable
    ids = json.loads(subprocess.run([py, __file__, "--ini", args.ini, "--setup"], check=True,
                                    capture_output=True, text=True).stdout.strip().splitlines()[-1])
    try:
        print(f"{'rows':>9} {'path':<22} {'seconds':>8} {'rows/s':>9} {'peak MB':>8}", flush=True)
        for rows in args.rows:
            path = make_file(rows)
            runs = (("copy", ids[0], "ours, upload (COPY)"), ("linked", ids[3], "ours, linked (COPY)"),
                    ("frictionless", ids[1], "ours (frictionless)"), ("xloader", ids[2], "xloader (no schema)"))
            for mode, rid, label in runs:
                if mode in args.skip:
                    continue
                done = subprocess.run([py, __file__, "--ini", args.ini, "--child", mode, path, rid],
                                      capture_output=True, text=True)
                if done.returncode:
                    print(done.stderr[-2000:])
                    continue
                r = json.loads(done.stdout.strip().splitlines()[-1])
                print(f"{rows:>9} {label:<22} {r['seconds']:>8} {int(r['rows'] / max(r['seconds'], 1e-9)):>9} "
                      f"{r['peak_mb']:>8}" + (f"   (+ {r['fetch_seconds']} s download, paid by the validation)"
                                              if r.get("fetch_seconds") is not None else ""), flush=True)
    finally:
        subprocess.run([py, __file__, "--ini", args.ini, "--teardown", json.dumps(ids)], capture_output=True)


if __name__ == "__main__":
    main()
