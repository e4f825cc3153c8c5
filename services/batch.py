"""Score a folder of exported plans into one table (the command line's folder mode):
a row per file, a column per rule, the band, blockers and findings. A file that
cannot be read gives an error line in the user's language; the rest is still scored."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from content.models import Content
from evaluation import evaluate
from exchange import describe, read_assessment
from reports.document import Cell, Table, UserText


def batch_head(content: Content, lang: str) -> list[str]:
    m = content.messages[lang]
    return [m["table.file"], m["table.title"], m["result.overall"], m["table.band"],
            *(content.rule_label(r.id, lang, short=True) for r in content.rules),
            m["result.blockers"], m["result.findings"], m["table.answered"]]


def score_files(content: Content, paths: Iterable[Path], lang: str) -> tuple[Table, list[str]]:
    """Every file scored like the app does; returns the table and an error line per
    problem of the files that could not be read."""
    m = content.messages[lang]
    rows: list[list[Cell]] = []
    errors: list[str] = []
    for path in sorted(paths):
        result = read_assessment(path, content)
        if not result.ok:
            errors.extend(f"{path.name}: {describe(p, m)}" for p in result.problems)
            continue
        r = evaluate(content, result.answers, lang).readiness
        blockers = "; ".join(content.blocker_title(lang, b.blocker_id) for b in r.blockers)
        findings = "; ".join(content.check_text(lang, f.check_id).title for f in r.findings)
        rows.append([Cell("text", UserText(path.name)), Cell("text", UserText(result.title)),
                     Cell("score", r.overall), Cell("band", r.band),
                     *(Cell("score", rs.score) for rs in r.rules),
                     Cell("text", blockers), Cell("text", findings),
                     Cell("count", (r.answered, r.total))])
    # Scores keep one decimal here: the table is for analysis across many plans.
    return Table(head=list(batch_head(content, lang)), rows=rows, score_digits=1), errors
