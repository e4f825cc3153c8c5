"""Time recording a room into a check-in moment (measured, never asserted): a pulse
workshop of N phones, each with an answer to every statement, revealed and
decided; then `MomentWorkshopService.record` (read the room per participant, one
transaction into the check-in store, mark the moment) the first time and again
(nothing changes), and `for_network` (what the check-in page reads on every run).
On SQLite in a temporary folder, or on `--url`.

    .venv/bin/python bench/moment_record.py [--phones 30 150] [--url postgresql+psycopg://…]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from content.loader import default_content
from services.checkins import CheckinService
from services.moment_workshop import MomentWorkshopService
from services.plans import PlanService
from services.workshop import Created, WorkshopService
from storage import PlanStore
from storage.checkins import NetworkStore
from storage.migrate import upgrade_database
from storage.workshops import WorkshopStore
from workshop.phases import Phase


def _ms(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def run(url: str, phones: int, repeat: int) -> None:
    upgrade_database(url)
    content = default_content()
    stores = PlanStore(url), NetworkStore(url), WorkshopStore(url)
    plans = PlanService(stores[0], content)
    workshops = WorkshopService(stores[2], plans, content)
    checkins = CheckinService(stores[1], plans, content)
    moments = MomentWorkshopService(workshops, checkins)
    plan = plans.create(title="Bench", language="nl")
    network = checkins.start_network(plan.token, language="nl")
    created = moments.start(network.id, plan.token, "mid")
    assert isinstance(created, Created)
    wid, secret = created.workshop_id, created.control_secret
    workshops.settings = workshops.settings.model_copy(update={"max_participants": phones})
    tokens = [workshops.store.join(wid, max_participants=phones).token for _ in range(phones)]
    workshops.advance(wid, secret, Phase.RATE)
    statements = [s for r in workshops.workshop(wid).state.rules for s in r.statements]  # type: ignore[union-attr]
    for i, token in enumerate(tokens):
        for sid in statements:
            workshops.vote(token, sid, 1 + (i % 5))
    for phase in (Phase.REVEAL, Phase.DISCUSS, Phase.DECIDE):
        workshops.advance(wid, secret, phase)
    first = time.perf_counter()
    moments.record(wid, secret)
    first_ms = (time.perf_counter() - first) * 1000
    again = _ms(lambda: moments.record(wid, secret), repeat)
    listing = _ms(lambda: moments.for_network(checkins.network(network.id)), repeat)  # type: ignore[arg-type]
    print(f"| {phones} phones × {len(statements)} statements | {first_ms:.0f} | "
          f"{again[0]:.0f} / {again[1]:.0f} | {listing[0]:.1f} / {listing[1]:.1f} |")
    for store in stores:
        store.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", type=int, nargs="+", default=[30, 150])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--url")
    args = parser.parse_args()
    print("| room | record, first (ms) | record again, median / max (ms) | "
          "for_network, median / max (ms) |\n|---|---:|---:|---:|")
    for phones in args.phones:
        if args.url:
            run(args.url, phones, args.repeat)
        else:
            with tempfile.TemporaryDirectory() as folder:
                run(f"sqlite:///{folder}/bench.sqlite3", phones, args.repeat)


if __name__ == "__main__":
    main()
