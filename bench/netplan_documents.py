"""Time the network plan's builds (measured, never asserted): resolving the fields
and the schedule, and each download, for a complete plan. The page builds the
downloads only when one is clicked; `resolve` and the call text run on every rerun.

    .venv/bin/python bench/netplan_documents.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.conftest's plan

from content.loader import default_content
from content.netplan import default_netplan
from evaluation import evaluate
from netplan import NetworkPlan, resolve
from reports import to_markdown, to_pdf, to_text
from reports.calendar_ics import to_ics
from reports.netplan import call_document, netplan_document
from reports.render_docx import to_docx
from tests.conftest import ready_plan


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    repeat = parser.parse_args().repeat
    content, netplan, answers = default_content(), default_netplan(), ready_plan()
    evaluation = evaluate(content, answers, "nl")
    stored = {"coordinator_name": "Anna de Vries", "skipped": ["2027-02-25"]}

    def plan() -> NetworkPlan:
        return resolve(netplan, content, answers, stored, "nl", date(2026, 12, 3))

    p = plan()
    doc = netplan_document(content, netplan, p, evaluation, "Inspirerend docentschap")
    cases: dict[str, Callable[[], object]] = {
        "resolve (fields + schedule)": plan,
        "call text": lambda: to_text(call_document(content, p), content),
        "document": lambda: netplan_document(content, netplan, p, evaluation, "A"),
        "markdown": lambda: to_markdown(doc, content),
        "docx": lambda: to_docx(doc, content),
        "pdf": lambda: to_pdf(doc, content),
        "ics": lambda: to_ics(netplan, p, plan_key="k", sequence=1, now=datetime.now(UTC)),
    }
    for name, build in cases.items():
        build()  # warm up (imports, fonts)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            build()
            times.append((time.perf_counter() - start) * 1000)
        print(f"{name:28s} median {statistics.median(times):7.2f} ms   "
              f"max {max(times):7.2f} ms")


if __name__ == "__main__":
    main()
