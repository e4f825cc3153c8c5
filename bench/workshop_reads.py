"""What a phone's full run costs in the database, in process (no Streamlit): the
reads the phone page made per run before the one-read change (the calls of main at
fe7e227: rejoin, the fragment's version check, rejoin and results again, the
workshop for the rules) against `WorkshopStore.phone` (one transaction). Counts
transactions and statements (SQLAlchemy events) and times each path (median and
p95 of --runs, after a warm-up). Measured, never asserted.

    .venv/bin/python bench/workshop_reads.py                          # SQLite in a temp dir
    VONK_DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/workshop_reads.py

A workshop of all ten rules in round 1 with --phones participants who each
answered every statement; the phone measured is one of them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from storage.workshops import WorkshopStore  # noqa: E402


def old_reads(store: WorkshopStore, token: str, workshop_id: str) -> None:
    """The phone page's reads per full run before: rejoin (participant, workshop,
    own votes), the fragment's version, rejoin again, results (workshop, answered
    per round), the workshop for the rules."""
    for _ in range(2):
        store.participant(token)
        store.get(workshop_id)
        store.own_votes(token)
    store.version(workshop_id)
    store.get(workshop_id)
    store.answered(workshop_id, 1)
    store.answered(workshop_id, 2)
    store.get(workshop_id)


def new_reads(store: WorkshopStore, token: str, workshop_id: str) -> None:
    store.phone(token)


def measure(store: WorkshopStore, path: Callable[[WorkshopStore, str, str], None], token: str,
            workshop_id: str, runs: int) -> dict[str, Any]:
    counts = {"transactions": 0, "statements": 0}

    def on_begin(_conn: Any) -> None:
        counts["transactions"] += 1

    def on_statement(*_args: Any) -> None:
        counts["statements"] += 1

    for _ in range(20):
        path(store, token, workshop_id)
    event.listen(store.engine, "begin", on_begin)
    event.listen(store.engine, "before_cursor_execute", on_statement)
    path(store, token, workshop_id)
    event.remove(store.engine, "begin", on_begin)
    event.remove(store.engine, "before_cursor_execute", on_statement)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        path(store, token, workshop_id)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {**counts, "p50": statistics.median(times),
            "p95": times[min(len(times) - 1, int(0.95 * len(times)))]}


def main() -> None:
    from content.loader import default_content
    from services.plans import PlanService
    from services.workshop import WorkshopService
    from storage import PlanStore
    from storage.migrate import upgrade_database
    from workshop.phases import Phase

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=150)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    url = os.environ.get("VONK_DATABASE_URL") or \
        f"sqlite:///{Path(tempfile.mkdtemp(prefix='vonk-reads-')) / 'vonk.sqlite3'}"
    upgrade_database(url)
    content = default_content()
    plans, store = PlanStore(url), WorkshopStore(url)
    svc = WorkshopService(store, PlanService(plans, content), content)
    created = svc.create(language="nl")
    svc.advance(created.workshop_id, created.control_secret, Phase.RATE)
    token = ""
    for i in range(args.phones):
        token = store.join(created.workshop_id, max_participants=10_000).token
        for rule in store.get(created.workshop_id).state.rules:  # type: ignore[union-attr]
            for sid in rule.statements:
                store.vote(token, sid, 1 + (i % 5), 1)
    kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(f"{kind}, {args.phones} participants, every statement answered, {args.runs} runs")
    print("path | transactions | statements | p50 ms | p95 ms")
    for name, path in (("before (the page's reads at fe7e227)", old_reads),
                       ("after (WorkshopStore.phone)", new_reads)):
        m = measure(store, path, token, created.workshop_id, args.runs)
        print(f"{name} | {m['transactions']} | {m['statements']} | {m['p50']:.2f} | "
              f"{m['p95']:.2f}")
    store.dispose()
    plans.dispose()


if __name__ == "__main__":
    main()
