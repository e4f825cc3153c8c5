"""CPU time and elements of one script run of the wizard and the results page, in
process (AppTest), with an optional cProfile of those runs.

    .venv/bin/python bench/profile_run.py                    # both pages, 5 x 60 runs each
    .venv/bin/python bench/profile_run.py --page results --blocks 1 --profile 25
    .venv/bin/python bench/profile_run.py --calls            # + Python calls per run

Each run is timed with the script thread's own CPU clock (time.thread_time), from
the start of Streamlit's ScriptRunner._run_script (widget callbacks included) to its
end: the work a server does per interaction before handing the deltas to its event
loop, not disturbed by other processes. "elements" counts the deltas one run sends.
The wizard alternates answers to a question and moves between rules, the results
page switches the language, as the bench's sessions do. AppTest always runs the
whole script, so the wizard's figure is a full run; in a browser (and under stload)
an answer or a move reruns only the scan's rule (ui/fragments.py): measure that
with bench/cpu_per_run.py. `--calls` counts Python function calls per run, a
figure a busy machine does not change (C work such as hashing is not in it).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--page", choices=["wizard", "results", "phone", "both"], default="both",
                    help="both: wizard and results; phone: a live workshop's phone voting "
                    "on a workshop of all ten rules (as bench/workshop_room.py)")
    ap.add_argument("--runs", type=int, default=60, help="runs per block")
    ap.add_argument("--blocks", type=int, default=5,
                    help="blocks of runs; the lowest block median is the least disturbed "
                    "by other work on the machine")
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="cProfile: print the N functions with the most cumulative time")
    ap.add_argument("--calls", action="store_true",
                    help="also count Python function calls per run (cProfile, one more "
                    "block): the same on a busy machine as on a quiet one")
    ap.add_argument("--pyinstrument", action="store_true",
                    help="a pyinstrument call tree of the measured runs (pip install "
                    "pyinstrument; not one of Vonk's dependencies)")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp()
    os.environ["VONK_DATA_DIR"] = tmp
    os.environ.pop("VONK_DATABASE_URL", None)
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import AppTest, app_test, local_script_runner

    # A server compiles each script once; AppTest would compile it on every run.
    shared_cache = ScriptCache()
    app_test.ScriptCache = lambda: shared_cache  # type: ignore[assignment,misc]
    local_script_runner.ScriptCache = lambda: shared_cache  # type: ignore[assignment,misc]

    from storage import PlanStore, database_url
    from storage.migrate import upgrade_database
    from tests.conftest import ready_plan
    from ui import legacy_pages

    legacy_pages.keep_off_after_reset(lambda obj, name, value: setattr(obj, name, value))
    upgrade_database(database_url())
    store = PlanStore(database_url())
    token = store.create(title="bench", answers={**ready_plan(), "coordinator": "nobody"}).token
    store.dispose()

    timings: list[float] = []
    profile = cProfile.Profile()
    sampler: Any = None
    if args.pyinstrument:
        from pyinstrument import Profiler

        sampler = Profiler(interval=0.0005, async_mode="disabled")
    measuring = {"on": False}
    counting: dict[str, cProfile.Profile | None] = {"profile": None}
    original: Callable[..., Any] = script_runner.ScriptRunner._run_script

    def timed(self: Any, rerun_data: Any) -> None:
        if not measuring["on"]:
            return original(self, rerun_data)
        counter = counting["profile"]
        if counter is not None:  # the script's own thread: cProfile sees this thread only
            counter.enable()
        elif args.profile:
            profile.enable()
        if sampler is not None:
            sampler.start()
        start = time.thread_time()
        try:
            return original(self, rerun_data)
        finally:
            timings.append(1000 * (time.thread_time() - start))
            if sampler is not None:
                sampler.stop()
            if counter is not None:
                counter.disable()
            elif args.profile:
                profile.disable()

    script_runner.ScriptRunner._run_script = timed  # type: ignore[method-assign]

    def report(name: str, at: AppTest, actions: list[Callable[[], None]]) -> None:
        for action in actions[:10]:  # warm-up: imports, caches, first seeds
            action()
        medians = []
        for _block in range(args.blocks):
            timings.clear()
            measuring["on"] = True
            for i in range(args.runs):
                actions[i % len(actions)]()
            measuring["on"] = False
            medians.append(statistics.median(timings))
        calls = ""
        if args.calls:
            counter = cProfile.Profile()
            counting["profile"] = counter
            measuring["on"] = True
            for i in range(args.runs):
                actions[i % len(actions)]()
            measuring["on"] = False
            counting["profile"] = None
            total = pstats.Stats(counter).total_calls  # type: ignore[attr-defined]
            calls = f", Python calls per run {total / args.runs:.0f}"
        assert not at.exception, at.exception
        elements = sum(1 for _ in _walk(at._tree))
        print(f"{name}: {args.blocks} x {args.runs} runs, CPU ms per run: lowest block "
              f"median {min(medians):.2f} (block medians "
              f"{' '.join(f'{m:.2f}' for m in medians)}), elements in the page {elements}"
              f"{calls}")

    if args.page in ("wizard", "both"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        at.switch_page("pages/scan.py")
        at.run()

        from content.loader import default_content

        scale_keys = {f"q:{q.id}" for r in default_content().rules
                      for q in r.structure.questions if q.kind == "scale"}

        def answer(value: int) -> Callable[[], None]:
            def act() -> None:
                radios = [w for w in at.radio if str(getattr(w, "key", "")) in scale_keys]
                radios[0].set_value(value).run()
            return act

        def move(key: str) -> Callable[[], None]:
            def act() -> None:
                at.button(key=key).click().run()
            return act

        report("wizard (scan)", at, [answer(3), answer(4), move("next_rule"), answer(2),
                                     move("prev_rule"), answer(5)])
    if args.page in ("results", "both"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        at.query_params["plan"] = token
        at.switch_page("pages/resultaat.py")
        at.run()

        def language(value: str) -> Callable[[], None]:
            def act() -> None:
                at.segmented_control(key="lang").set_value(value).run()
            return act

        report("results", at, [language("en"), language("nl")])
    if args.page == "phone":
        from ui.resources import get_workshop_service
        from workshop.phases import Phase

        svc = get_workshop_service()
        created = svc.create(language="nl")
        svc.advance(created.workshop_id, created.control_secret, Phase.RATE)
        workshop = svc.workshop(created.workshop_id)
        assert workshop is not None
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        at.run()
        at.query_params["code"] = workshop.code  # the QR's link: joins on opening
        at.switch_page("pages/doe_mee.py")
        at.run()
        votes = [w for w in at.radio if str(getattr(w, "key", "")).startswith("wsvote:")]
        keys = [str(w.key) for w in votes[:4]]

        def vote(key: str, value: int) -> Callable[[], None]:
            def act() -> None:
                at.radio(key=key).set_value(value).run()
            return act

        print(f"phone: {len(votes)} statements on the page")
        report("phone vote", at, [vote(k, v) for v in (2, 4) for k in keys])
    if sampler is not None:
        print(sampler.output_text(unicode=False, color=False, show_all=False))
    if args.profile:
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(args.profile)
        stats.sort_stats("tottime").print_stats(args.profile)
    return 0


def _walk(node: Any) -> Any:
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield child
            yield from _walk(child)


if __name__ == "__main__":
    sys.exit(main())
