"""A live workshop room under load: phones that join by code, vote and keep polling,
and a shared screen polling, driven with ../shared/tools/stload over Streamlit's
websocket (127.0.0.1 only). Measured, never asserted.

    # one server (started here, SQLite in a temp dir; --postgres: a new database on the
    # local PostgreSQL; or the database of VONK_DATABASE_URL)
    .venv/bin/python bench/workshop_room.py --servers one --phones 150 --duration 90
    # two servers behind nginx (scripts/run_two_servers.sh), phones split over both
    .venv/bin/python bench/workshop_room.py --servers two --phones 300 --duration 90

The workshop is created through WorkshopService in the servers' database and put in
the rating phase; each phone opens /doe-mee, types the code, submits, then answers
statements (think time between), and its page polls (its `run_every`); the screen
(/workshop-scherm?ws=…) polls too. Each stload run writes its JSON to bench/results/
(and its samples as CSV beside it, not kept in git); "vote" in the table is every
phone interaction but its first (the join's submit), from those samples.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
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

from bench.run_bench import free_port  # noqa: E402


def wait_healthy(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} not healthy in {timeout} s")


def new_postgres() -> str:
    """A new database on the local PostgreSQL of scripts/postgres_for_tests.sh (two
    servers need one database they share)."""
    import secrets

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = subprocess.run(["bash", "scripts/postgres_for_tests.sh"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.strip()
    name = f"vonk_bench_{secrets.token_hex(4)}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def drop_postgres(database_url: str) -> None:
    """Drop the database `new_postgres` made (the run's figures are in bench/results)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    engine.dispose()


def create_workshop(database_url: str) -> tuple[str, str]:
    """A workshop of every rule, in the rating phase: (workshop id, code as shown)."""
    from content.loader import default_content
    from services.plans import PlanService
    from services.workshop import WorkshopService
    from storage import PlanStore
    from storage.workshops import WorkshopStore
    from workshop.phases import Phase

    content = default_content()
    plans, wstore = PlanStore(database_url), WorkshopStore(database_url)
    svc = WorkshopService(wstore, PlanService(plans, content), content)
    created = svc.create(language="nl")
    svc.advance(created.workshop_id, created.control_secret, Phase.RATE)
    plans.dispose()
    wstore.dispose()
    return created.workshop_id, created.code


def phone_script(code: str, votes: int) -> dict[str, Any]:
    """Join by code, then answer `votes` statements (random answers), then keep the
    page open (its timer polls)."""
    from content.loader import default_content
    from ui import session

    m = default_content().messages["nl"]
    join_input = getattr(session, "WORKSHOP_JOIN_INPUT", None)  # from the room's pages
    if join_input is None or "workshop.join.button" not in m:
        raise SystemExit("bench/workshop_room.py needs the workshop pages (pages/doe_mee.py)")
    steps: list[dict[str, Any]] = [
        {"action": "sleep", "seconds": 1},
        {"action": "set", "widget": {"key": join_input}, "value": code,
         "rerun": False},
        {"action": "click", "widget": {"label": m["workshop.join.button"]}},
    ]
    steps += [{"action": "set", "widget": {"type": "radio", "index": i}, "value": "random"}
              for i in range(votes)]
    return {"loop": False, "steps": steps}


def pg_transactions(database_url: str) -> int | None:
    """Transactions PostgreSQL counted in this database so far (committed and rolled
    back: a read ends in a rollback), or None on SQLite."""
    if not database_url.startswith("postgresql"):
        return None
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_stat_clear_snapshot()"))
            row = conn.execute(text(
                "SELECT xact_commit, xact_rollback FROM pg_stat_database "
                "WHERE datname = current_database()")).one()
    finally:
        engine.dispose()
    return int(row[0]) + int(row[1])


def run_stload(url: str, phones: int, screens: int, script: Path, workshop_id: str,
               args: argparse.Namespace, out: Path, pid: str) -> subprocess.Popen[bytes]:
    mix = f"/doe-mee={phones}:{script}"
    if screens:
        mix += f",/workshop-scherm={screens}:idle"
    cmd = [sys.executable, str(STLOAD), "--url", f"{url}?ws={workshop_id}",
           "--path-mix", mix, "--duration", str(args.duration), "--ramp", str(args.ramp),
           "--think", str(args.think), "--seed", "7", "--pid", pid, "--json-out", str(out),
           "--samples-out", str(out.with_suffix(".csv"))]
    return subprocess.Popen(cmd, cwd=ROOT)


def vote_latency(samples: Path) -> tuple[int, float, float]:
    """Votes only: every phone's interactions but its first (the join's submit),
    from stload's samples; (count, p50, p95) in ms."""
    import csv

    seen: set[str] = set()
    votes: list[float] = []
    with samples.open() as f:
        for row in csv.DictReader(f):
            if row["kind"] != "interaction" or "doe-mee" not in row["path"]:
                continue
            if row["session"] not in seen:
                seen.add(row["session"])  # the join
                continue
            votes.append(float(row["latency_ms"]))
    if not votes:
        return 0, float("nan"), float("nan")
    votes.sort()

    def at(q: float) -> float:
        return votes[min(len(votes) - 1, int(q * len(votes)))]
    return len(votes), at(0.50), at(0.95)


def summary(path: Path) -> str:
    data = json.loads(path.read_text())
    n_votes, vote_p50, vote_p95 = vote_latency(path.with_suffix(".csv"))
    lat = data["latency_ms"]
    by = data.get("by_path") or {}

    def p(d: dict[str, Any] | None, key: str) -> str:
        return "–" if not d or not d.get("n") else f"{d[key]:.0f}"

    screen = next((v for k, v in by.items() if "scherm" in k), None)
    phone = next((v for k, v in by.items() if "doe-mee" in k), None)
    srv = data.get("server") or {}
    return " | ".join([
        path.stem, str(data["initial_loaded"]),
        p(lat.get("initial"), "p50"), p(lat.get("initial"), "p95"),
        p(phone and phone["latency_ms"].get("interaction"), "p95"),
        str(n_votes), f"{vote_p50:.0f}", f"{vote_p95:.0f}",
        p(phone and phone["latency_ms"].get("fragment_poll"), "p95"),
        p(screen and screen["latency_ms"].get("fragment_poll"), "p95"),
        str(data["errors"]["count"]), str(data["fragment_timers"].get("timers_lost", "–")),
        f"{srv.get('cpu_util_pct', 0):.0f}%" if srv else "–",
        f"{srv.get('rss_peak_sampled_mb', 0):.0f}" if srv else "–"])


def _interactions(path: Path) -> int:
    """Every timed request of one stload run (first loads, interactions, polls)."""
    lat = json.loads(path.read_text())["latency_ms"]
    return sum(int((lat.get(k) or {}).get("n", 0))
               for k in ("initial", "interaction", "navigation", "fragment_poll"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--servers", choices=["one", "two"], default="one")
    parser.add_argument("--postgres", action="store_true",
                        help="one server on a new database of the local PostgreSQL "
                        "(scripts/postgres_for_tests.sh) instead of SQLite; two servers "
                        "always use one")
    parser.add_argument("--phones", type=int, default=150)
    parser.add_argument("--duration", type=float, default=90)
    parser.add_argument("--ramp", type=float, default=30)
    parser.add_argument("--think", type=float, default=3.0)
    parser.add_argument("--votes", type=int, default=4, help="statements each phone answers")
    parser.add_argument("--ports", default="",
                        help="ports to use (one: SERVER; two: PROXY,A,B); default: free ones")
    args = parser.parse_args()
    wanted = [int(p) for p in args.ports.split(",") if p.strip()]
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="vonk-room-"))
    created_database = not os.environ.get("VONK_DATABASE_URL") and (
        args.servers == "two" or args.postgres)
    database_url = os.environ.get("VONK_DATABASE_URL") or (
        new_postgres() if created_database else f"sqlite:///{tmp / 'vonk.sqlite3'}")
    env = {**os.environ, "VONK_DATABASE_URL": database_url}
    procs: list[subprocess.Popen[bytes]] = []
    try:
        if args.servers == "one":
            port = wanted[0] if wanted else free_port()
            subprocess.run([sys.executable, "-m", "storage.migrate"], cwd=ROOT, env=env,
                           check=True)
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless",
                 "true", "--server.address", "127.0.0.1", "--server.port", str(port)],
                cwd=ROOT, env=env, stdout=open(tmp / "server.log", "wb"),  # noqa: SIM115
                stderr=subprocess.STDOUT))
            urls = [f"http://127.0.0.1:{port}"]
        else:
            ports = wanted if len(wanted) == 3 else [free_port() for _ in range(3)]
            procs.append(subprocess.Popen(
                ["bash", "scripts/run_two_servers.sh"], cwd=ROOT, start_new_session=True,
                env={**env, "VONK_PROXY_PORT": str(ports[0]), "VONK_PORT_A": str(ports[1]),
                     "VONK_PORT_B": str(ports[2]), "VONK_RUN_DIR": str(tmp)},
                stdout=open(tmp / "script.log", "wb"), stderr=subprocess.STDOUT))  # noqa: SIM115
            urls = [f"http://127.0.0.1:{p}" for p in ports[1:]]
        for url in urls:
            wait_healthy(url)
        workshop_id, code = create_workshop(database_url)
        script = tmp / "phone.json"
        script.write_text(json.dumps(phone_script(code, args.votes)))
        share = args.phones // len(urls)
        transactions_before = pg_transactions(database_url)
        runs, outs = [], []
        for i, url in enumerate(urls):
            kind = "sqlite" if database_url.startswith("sqlite") else "postgres"
            out = results / f"room-{args.servers}-{args.phones}-{kind}-{i + 1}.json"
            outs.append(out)
            runs.append(run_stload(url, share, 1 if i == len(urls) - 1 else 0, script,
                                   workshop_id, args, out, "auto"))
        for run in runs:
            run.wait()
        time.sleep(2)  # PostgreSQL's statistics are flushed about once a second
        transactions_after = pg_transactions(database_url)
        print("run | loaded | initial p50 | initial p95 | join+vote p95 | votes | vote p50 | "
              "vote p95 | phone poll p95 | screen poll p95 | errors | timers lost | "
              "server CPU | RSS MB")
        for out in outs:
            print(summary(out))
        if transactions_before is not None and transactions_after is not None:
            runs_done = sum(_interactions(out) for out in outs)
            spent = transactions_after - transactions_before
            print(f"PostgreSQL transactions during the run: {spent} "
                  f"({runs_done} runs and polls: {spent / max(runs_done, 1):.1f} a run)")
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        if created_database:
            drop_postgres(database_url)


if __name__ == "__main__":
    main()
