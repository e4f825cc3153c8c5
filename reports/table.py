"""One table of many plans: a row per plan, a column per rule, the band, blockers
and findings; written as CSV or XLSX with the same data in both."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from content.models import Content
from exchange import describe, read_assessment
from reports.format import band_label
from scoring.engine import assess

Row = dict[str, str | float | int | None]


def header(content: Content, lang: str) -> list[str]:
    m = content.messages[lang]
    return [m["table.file"], m["table.title"], m["result.overall"], m["table.band"],
            *(f"{r.number}. {r.texts[lang].short}" for r in content.rules),
            m["result.blockers"], m["result.findings"], m["table.answered"]]


def score_files(content: Content, files: Iterable[Path], lang: str
                ) -> tuple[list[list[str | float | int | None]], list[str]]:
    """Score every file; a bad file gives an error line and the rest is still scored."""
    m = content.messages[lang]
    rows: list[list[str | float | int | None]] = []
    errors: list[str] = []
    for path in sorted(files):
        result = read_assessment(path, content)
        if not result.ok:
            errors.extend(f"{path.name}: {describe(p, m)}" for p in result.problems)
            continue
        r = assess(content, result.answers)
        blockers = [content.rule(b.rule_id).texts[lang].blockers[b.blocker_id].title
                    for b in r.blockers]
        findings = [content.design_check_texts[lang][f.check_id].title for f in r.findings]
        rows.append([path.name, result.title,
                     None if r.overall is None else round(r.overall, 1),
                     band_label(m, r.band),
                     *(None if rs.score is None else round(rs.score, 1) for rs in r.rules),
                     "; ".join(blockers), "; ".join(findings), f"{r.answered}/{r.total}"])
    return rows, errors


def _safe(value: str | float | int | None) -> str | float | int | None:
    """Text that starts like a spreadsheet formula stays text (no formula injection)."""
    return f"'{value}" if isinstance(value, str) and value[:1] in "=+-@" else value


def to_csv(head: list[str], rows: list[list[str | float | int | None]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(head)
    writer.writerows([["" if v is None else _safe(v) for v in row] for row in rows])
    return out.getvalue()


def to_xlsx(head: list[str], rows: list[list[str | float | int | None]], path: Path) -> None:
    path.write_bytes(to_xlsx_bytes(head, rows))


def to_xlsx_bytes(head: list[str], rows: list[list[str | float | int | None]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Vonk"
    ws.append(head)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_safe(v) for v in row])
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
