"""Score a folder of exported plans into one table (the command line's folder mode):
a row per file, a column per rule, the band, blockers and findings. A file that
cannot be read gives an error line in the user's language; the rest is still scored,
whatever a bad file holds: a file that makes reading or scoring fail in any way is
reported as refused (and logged), never the end of the batch."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from content.models import Content
from content.text import clean_text
from evaluation import evaluate
from exchange import ImportProblem, describe, read_assessment
from reports.document import Cell, Table, UserText

log = logging.getLogger(__name__)
NAME_MAX = 255  # a file name is at most 255 bytes on common file systems


def batch_head(content: Content, lang: str) -> list[str]:
    m = content.messages[lang]
    return [m["table.file"], m["table.title"], m["result.overall"], m["table.band"],
            *(content.rule_label(r.id, lang, short=True) for r in content.rules),
            m["result.blockers"], m["result.findings"], m["table.answered"]]


def _row(content: Content, path: Path, lang: str, name: str) -> tuple[list[Cell], list[str]]:
    """The file's row, or no row and its error lines when it was refused."""
    result = read_assessment(path, content)
    if not result.ok:
        return [], list(dict.fromkeys(f"{name}: {describe(p, content, lang)}"
                                      for p in result.problems))
    r = evaluate(content, result.answers, lang).readiness
    blockers = "; ".join(content.blocker_title(lang, b.blocker_id) for b in r.blockers)
    findings = "; ".join(content.check_text(lang, f.check_id).title for f in r.findings)
    return [Cell("text", UserText(name)), Cell("text", UserText(result.title)),
            Cell("score", r.overall), Cell("band", r.band),
            *(Cell("score", rs.score) for rs in r.rules),
            Cell("text", blockers), Cell("text", findings),
            Cell("count", (r.answered, r.total))], []


def score_files(content: Content, paths: Iterable[Path], lang: str) -> tuple[Table, list[str]]:
    """Every file scored like the app does; returns the table and an error line per
    problem of the files that could not be read or scored."""
    rows: list[list[Cell]] = []
    errors: list[str] = []
    for path in sorted(paths):
        # A name the file system could not decode holds lone surrogates: cleaned.
        name = clean_text(path.name, max_length=NAME_MAX) or "?"
        try:
            row, refused = _row(content, path, lang, name)
        except Exception:  # one bad file never ends the batch
            log.exception("batch: %s could not be scored", name)
            errors.append(f"{name}: {describe(ImportProblem('failed'), content, lang)}")
            continue
        errors.extend(refused)
        if row:
            rows.append(row)
    # Scores keep one decimal here: the table is for analysis across many plans.
    return Table(head=list(batch_head(content, lang)), rows=rows, score_digits=1), errors
