#!/usr/bin/env python3
"""Sum up a test run's timeline (``TMOPENDATA_TIMELINE=<file> make test``):
per worker, when it started and finished and how busy it was; the slowest
test files (summed over their tests) and tests; what ran during the last
minutes of the run.

    python3 scripts/timeline.py /tmp/timeline.jsonl [--tail SECONDS]
"""
import argparse
import collections
import json


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--tail", type=float, default=240, help="seconds before the end to list")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    phases, events = [], []
    with open(args.path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            (events if "event" in row else phases).append(row)
    phases = [p for p in phases if p.get("start")]
    t0 = min([p["start"] for p in phases] + [e["time"] for e in events if e["event"] == "sessionstart"])
    end = max([p["stop"] for p in phases] + [e["time"] for e in events])
    print(f"run: {end - t0:.0f} s from the first session start to the last event; {len(phases)} phases")
    for e in sorted(events, key=lambda e: e["time"]):
        print(f"  {e['time'] - t0:7.1f}s {e['worker']:>10} {e['event']}")
    by_worker = collections.defaultdict(list)
    for p in phases:
        by_worker[p["worker"]].append(p)
    for worker, rows in sorted(by_worker.items(), key=lambda kv: str(kv[0])):
        busy = sum(p["stop"] - p["start"] for p in rows)
        first = min(p["start"] for p in rows) - t0
        last = max(p["stop"] for p in rows) - t0
        print(f"worker {worker}: {first:6.1f}s → {last:6.1f}s, busy {busy:7.1f}s, "
              f"{sum(1 for p in rows if p['when'] == 'call')} tests")
    per_test = collections.Counter()
    per_file = collections.Counter()
    per_phase = collections.Counter()
    for p in phases:
        d = p["stop"] - p["start"]
        per_test[p["nodeid"]] += d
        per_file[p["nodeid"].split("::")[0]] += d
        per_phase[p["when"]] += d
    print("time by phase: " + ", ".join(f"{k} {v:.0f}s" for k, v in per_phase.items()))
    total = sum(per_file.values())
    print(f"\nslowest files (setup+call+teardown, summed; total {total:.0f}s):")
    for name, d in per_file.most_common(args.top):
        print(f"  {d:7.1f}s {100 * d / total:5.1f}%  {name}")
    print("\nslowest tests:")
    for name, d in per_test.most_common(args.top):
        print(f"  {d:7.1f}s  {name}")
    print(f"\nphases still running in the last {args.tail:.0f} s:")
    for p in sorted(phases, key=lambda p: p["start"]):
        if p["stop"] > end - args.tail and p["stop"] - p["start"] > 1:
            print(f"  {p['start'] - t0:7.1f}→{p['stop'] - t0:7.1f}s {p['worker']} {p['when']:8} {p['nodeid']}")


if __name__ == "__main__":
    main()
