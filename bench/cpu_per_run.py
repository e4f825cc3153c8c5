"""Server CPU time per script run of each bench scenario: a measure that holds up on
a machine shared with other work (latencies there do not).

    .venv/bin/python bench/cpu_per_run.py                  # 10 sessions, 20 s per scenario
    .venv/bin/python bench/cpu_per_run.py --sessions 20 --duration 30 --repeat 2

Same server settings and scenarios as bench/run_bench.py; the server's CPU seconds
(from /proc, sampled by stload) are divided by the runs it completed in that time
(initial loads and interactions). Few enough sessions that the server is not
saturated, so the figure is the work of one run, not queueing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run_bench import SCENARIOS, SETTINGS, STLOAD, bench_database, scenario, scenarios  # noqa: E402


def per_run(result: dict[str, Any]) -> float:
    runs = result["reruns"]["initial"] + result["reruns"]["interaction"]
    cpu = (result.get("server") or {}).get("cpu_s", 0.0)
    return 1000 * cpu / runs if runs else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--duration", type=float, default=20)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--only", choices=SCENARIOS,
                    action="append")
    args = ap.parse_args()
    if not STLOAD.exists():
        print(f"stload not found at {STLOAD} (set STLOAD=...)", file=sys.stderr)
        return 2

    flags = SETTINGS["vonk"]
    wanted = args.only or SCENARIOS
    print(f"{args.sessions} sessions, {args.duration:g} s per scenario, think 1.0 s\n")
    print("| scenario | run | runs | server CPU s | CPU ms per run | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        token = bench_database(data)
        cases = scenarios(token)
        for attempt in range(1, args.repeat + 1):
            for key in wanted:
                name, script, path, query, actions = cases[key]
                [r] = scenario(name, script, path, query, flags, data, args.sessions,
                               args.duration, actions)
                lat = r["latency_ms"]["interaction"]
                runs = r["reruns"]["initial"] + r["reruns"]["interaction"]
                print(f"| {name} | {attempt} | {runs} | {r['server']['cpu_s']:.1f} | "
                      f"{per_run(r):.1f} | {lat.get('p50', 0):.1f} | {lat.get('p95', 0):.1f} |",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
