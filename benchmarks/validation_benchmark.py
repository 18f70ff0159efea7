"""Benchmark: the fast path, the frictionless-based engine and
``frictionless validate --schema``, side by side.

Generates CSV files for a city standard (valid, and with ~0.1 % bad rows),
runs the three validators on the same files, each in its own process, and
prints rows/s, peak memory (max RSS), the fast path's speed ratio to the
``frictionless`` CLI and whether the verdicts and error counts agree.

    ~/.cache/ckanext-tmopendata/venv/bin/python benchmarks/validation_benchmark.py --rows 200000 2000000

Not a test: it prints figures. Files go to benchmarks/out/ (git-ignored).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "out")
ROOT = os.path.dirname(HERE)
#: The checkout's own code first on the path (as scripts/test.sh does).
ENV = dict(os.environ, TMOPENDATA_SRC=os.path.join(ROOT, "ckanext-tmopendata"),
           PYTHONPATH=os.pathsep.join([os.path.join(ROOT, "scripts", "pyboot"),
                                       os.path.join(ROOT, "ckanext-tmopendata")]))

SCHEMA = {
    "name": "tm-bench-parcari",
    "fields": [
        {"name": "id_parcare", "type": "string", "constraints": {"required": True, "unique": True, "pattern": "^P[0-9]+$"}},
        {"name": "denumire", "type": "string", "constraints": {"required": True}},
        {"name": "tip", "type": "string", "constraints": {"enum": ["supraterana", "subterana", "etajata"]}},
        {"name": "numar_locuri", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "tarif_ora_ron", "type": "number", "constraints": {"minimum": 0}},
        {"name": "data_inventar", "type": "date"},
        {"name": "latitudine", "type": "number", "constraints": {"minimum": 45.6, "maximum": 45.9}},
        {"name": "longitudine", "type": "number", "constraints": {"minimum": 21.0, "maximum": 21.45}},
    ],
    "primaryKey": ["id_parcare"],
    "missingValues": ["", "NA"],
}

OURS = """
import json, sys
from ckanext.tmopendata.hvd.validation import Limits, validate_file
o = validate_file(sys.argv[1], "csv", json.load(open(sys.argv[2])), limits=Limits(engine=sys.argv[3]))
print(json.dumps({"valid": o.status == "success", "rows": o.row_count, "errors": o.error_count}))
"""


def generate(path: str, rows: int, error_rate: float) -> None:
    rnd = random.Random(rows)
    streets = ["Piața 700", "Bulevardul Take Ionescu", "Strada Mărășești", "Calea Șagului", "Piața Unirii"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(fl["name"] for fl in SCHEMA["fields"]) + "\n")
        for i in range(rows):
            lat, lon = 45.70 + rnd.random() * 0.1, 21.15 + rnd.random() * 0.15
            row = [f"P{i}", f"Parcare {rnd.choice(streets)} {i}", rnd.choice(["supraterana", "subterana", "etajata"]),
                   str(rnd.randint(10, 900)), f"{rnd.choice([0, 1.5, 2, 3]):.2f}", "2026-03-01",
                   f"{lat:.5f}", f"{lon:.5f}"]
            if error_rate and rnd.random() < error_rate:
                row[rnd.choice([3, 4, 6])] = rnd.choice(["-5", "abc", "99.9"])
            f.write(",".join(row) + "\n")


def run(cmd: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (KiB) and stdout of one child process (run in
    the output folder: frictionless refuses absolute paths as unsafe).
    Output goes to a file: a large JSON report would fill a pipe and block."""
    out_path, err_path = os.path.join(OUT, "stdout.json"), os.path.join(OUT, "stderr.txt")
    start = time.monotonic()
    with open(out_path, "w") as out, open(err_path, "w") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=OUT, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    with open(out_path) as f:
        text = f.read()
    if not text.strip():
        with open(err_path) as f:
            raise SystemExit(f"{cmd[0]} gave no output:\n{f.read()[-2000:]}")
    return seconds, usage.ru_maxrss, text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[200_000, 2_000_000])
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)
    schema_path = os.path.join(OUT, "schema.json")
    with open(schema_path, "w") as f:
        json.dump(SCHEMA, f)
    frictionless = os.path.join(os.path.dirname(sys.executable), "frictionless")
    print(f"{'file':28} {'rows':>9} | {'fast r/s':>9} {'MiB':>5} | {'engine r/s':>10} {'MiB':>5} | "
          f"{'cli r/s':>8} {'MiB':>5} | {'fast/cli':>8} verdicts")
    for rows in args.rows:
        for label, rate in (("valid", 0.0), ("errors", 0.001)):
            path = os.path.join(OUT, f"parcari-{rows}-{label}.csv")
            if not os.path.exists(path):
                generate(path, rows, rate)
            results = {}
            for engine in ("fast", "frictionless"):
                seconds, rss, out = run([sys.executable, "-c", OURS, path, schema_path, engine])
                results[engine] = (seconds, rss, json.loads(out))
            fl_s, fl_rss, fl_out = run([frictionless, "validate", "--json", "--schema", "schema.json",
                                        os.path.basename(path)])
            fl = json.loads(fl_out)
            verdicts = {name: (r[2]["valid"], r[2]["errors"]) for name, r in results.items()}
            verdicts["cli"] = (fl["valid"], fl["stats"]["errors"])
            agree = "same" if len(set(verdicts.values())) == 1 else f"DIFFER {verdicts}"
            fast_s, fast_rss, _ = results["fast"]
            eng_s, eng_rss, _ = results["frictionless"]
            print(f"{os.path.basename(path):28} {rows:9d} | {rows / fast_s:9.0f} {fast_rss / 1024:5.0f} | "
                  f"{rows / eng_s:10.0f} {eng_rss / 1024:5.0f} | {rows / fl_s:8.0f} {fl_rss / 1024:5.0f} | "
                  f"{fl_s / fast_s:8.2f} {agree}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
