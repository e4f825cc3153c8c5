"""Server-side latency of Vonk's wizard step and results page under concurrent
sessions, beside an almost empty Streamlit page under the same server settings.

    .venv/bin/python bench/run_bench.py                  # 20 sessions, 30 s per scenario
    .venv/bin/python bench/run_bench.py --sessions 50 --duration 60
    .venv/bin/python bench/run_bench.py --settings defaults   # Streamlit's own defaults
    .venv/bin/python bench/run_bench.py --sessions 50 --servers 2  # two server processes

With `--servers N` every scenario starts N server processes on the same SQLite
database and drives sessions/N sessions against each at the same time (the spread a
proxy with sticky sessions gives, deploy/nginx/vonk.conf, without the proxy's own
hop); each server gets its own row.

Drives sessions with ../shared/tools/stload (Streamlit's websocket protocol, 127.0.0.1
only), prints a Markdown table and writes bench/results/<settings>-<sessions>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
STLOAD = Path(os.environ.get("STLOAD", ROOT.parent / "shared" / "tools" / "stload" / "stload.py"))

# "vonk": what .streamlit/config.toml sets; "defaults": Streamlit's own defaults.
SETTINGS = {
    "vonk": ["--runner.postScriptGC", "false", "--server.fileWatcherType", "none"],
    "defaults": ["--runner.postScriptGC", "true", "--server.fileWatcherType", "auto"],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(script: str, data_dir: Path, flags: list[str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "VONK_DATA_DIR": str(data_dir)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--browser.gatherUsageStats", "false", *flags],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                return proc, url
        except OSError:
            time.sleep(0.25)
    proc.kill()
    raise RuntimeError(f"{script} did not start")


def stload(url: str, path: str, sessions: int, duration: float, pid: int,
           extra: list[str]) -> dict[str, Any]:
    cmd = [sys.executable, str(STLOAD), "--url", url, "--sessions", str(sessions),
           "--duration", str(duration), "--think", "1.0", "--seed", "42",
           "--pid", str(pid), "--settle", "1", "--nav-prob", "0", *extra]
    if path:
        cmd += ["--path", path]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def warm_up(url: str, path: str, pid: int) -> None:
    stload(url, path, sessions=2, duration=3, pid=pid, extra=[])


def scenario(name: str, script: str, path: str, query: str, flags: list[str], data_dir: Path,
             sessions: int, duration: float, actions: str = "", servers: int = 1
             ) -> list[dict[str, Any]]:
    """`actions`: a stload action script (bench/*.json) instead of random interactions.
    One result per server process (`servers` of them, sessions split evenly)."""
    from concurrent.futures import ThreadPoolExecutor

    started = [start(script, data_dir, flags) for _ in range(servers)]
    try:
        fulls = [f"{url}?{query}" if query else url for _proc, url in started]
        for full, (proc, _url) in zip(fulls, started, strict=True):
            warm_up(full, path, proc.pid)
        extra = ["--script", str(ROOT / actions)] if actions else []
        with ThreadPoolExecutor(max_workers=servers) as pool:
            results = list(pool.map(
                lambda pair: stload(pair[0], path, sessions // servers, duration,
                                    pair[1][0].pid, extra),
                zip(fulls, started, strict=True)))
    finally:
        for proc, _url in started:
            proc.terminate()
            proc.wait(timeout=15)
    for i, result in enumerate(results):
        result["scenario"] = name if servers == 1 else f"{name}, server {i + 1} of {servers}"
    return results


SCENARIOS = ["empty", "wizard", "results", "language"]


def scenarios(token: str) -> dict[str, tuple[str, str, str, str, str]]:
    """Each bench scenario: (name, script, page path, query, stload action script).
    Wizard: every session starts without a plan; its first answer creates one, then
    it keeps answering, paging and jumping at random on the scan page. "language":
    the results page with every interaction a language switch (a full run of the
    whole page), whatever widgets the page shows: comparable across versions."""
    return {"empty": ("empty page (baseline)", "bench/empty_app.py", "", "", ""),
            "wizard": ("wizard step (scan)", "app.py", "/scan", "", ""),
            "results": ("results page", "app.py", "/resultaat", f"plan={token}", ""),
            "language": ("results page, language switch", "app.py", "/resultaat",
                         f"plan={token}", "bench/results_language.json")}


def bench_database(data: Path) -> str:
    """A migrated SQLite database in `data` (the servers' VONK_DATA_DIR) with one
    complete plan for the results scenarios; returns the plan's token."""
    from storage import PlanStore
    from storage.migrate import upgrade_database
    from tests.conftest import ready_plan

    url = f"sqlite:///{data / 'vonk.sqlite3'}"
    upgrade_database(url)
    store = PlanStore(url)
    try:
        return store.create(title="bench", answers={**ready_plan(), "coordinator": "nobody"}
                            ).token
    finally:
        store.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--duration", type=float, default=30)
    ap.add_argument("--settings", choices=sorted(SETTINGS), default="vonk")
    ap.add_argument("--servers", type=int, default=1,
                    help="server processes per scenario, sessions split over them")
    ap.add_argument("--only", choices=SCENARIOS,
                    action="append", help="run only these scenarios (default: all four)")
    args = ap.parse_args()
    if not STLOAD.exists():
        print(f"stload not found at {STLOAD} (set STLOAD=...)", file=sys.stderr)
        return 2

    flags = SETTINGS[args.settings]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        token = bench_database(data)
        n = args.servers
        cases = scenarios(token)
        for key in args.only or SCENARIOS:
            name, script, path, query, actions = cases[key]
            rows += scenario(name, script, path, query, flags, data, args.sessions,
                             args.duration, actions=actions, servers=n)

    print(f"\n{args.sessions} sessions, {args.duration:g} s each, think 1.0 s, "
          f"settings: {args.settings} ({' '.join(flags)})\n")
    print("| scenario | interactions | p50 ms | p95 ms | p99 ms | initial p95 ms | "
          "errors | server CPU | RSS peak MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        lat = r["latency_ms"]["interaction"]
        init = r["latency_ms"]["initial"]
        srv = r.get("server") or {}
        print(f"| {r['scenario']} | {lat.get('n', 0)} | {lat.get('p50', 0):.1f} | "
              f"{lat.get('p95', 0):.1f} | {lat.get('p99', 0):.1f} | {init.get('p95', 0):.0f} | "
              f"{r['errors']['count']} | {srv.get('cpu_util_pct', 0):.0f}% | "
              f"{srv.get('rss_peak_sampled_mb', 0):.0f} |")
    suffix = f"-{args.servers}-servers" if args.servers > 1 else ""
    out = ROOT / "bench" / "results" / f"{args.settings}-{args.sessions}{suffix}.json"
    out.write_text(json.dumps(rows, indent=2))
    print(f"\nraw results: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
