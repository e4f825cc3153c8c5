"""Score exported Vonk assessments without the UI.

    python -m scoring plan.json                 # a readable summary
    python -m scoring plan.json --json          # machine-readable
    python -m scoring plan.json --lang en       # texts in English
    python -m scoring plans/ --out table.xlsx   # a folder: one row per file (.csv or .xlsx)

Exit status: 0 all scored, 2 a file (or, for a folder, any file) could not be read or
is not a valid assessment; each such file gets an error line on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from content.loader import default_content
from content.models import LANGUAGES, Content
from exchange import describe, read_assessment
from reports.format import band_label, pct, score_text
from reports.table import header, score_files, to_csv, to_xlsx
from scoring.engine import Readiness, assess


def readiness_as_dict(content: Content, r: Readiness) -> dict[str, Any]:
    return {
        "overall": None if r.overall is None else round(r.overall, 1),
        "band": r.band,
        "band_by_score": r.band_by_score,
        "answered": r.answered,
        "total": r.total,
        "completeness": round(r.completeness, 3),
        "rules": [{"rule": rs.rule_id, "number": rs.number,
                   "score": None if rs.score is None else round(rs.score, 1),
                   "band": rs.band, "answered": rs.answered, "total": rs.total}
                  for rs in r.rules],
        "blockers": [{"rule": b.rule_id, "blocker": b.blocker_id, "cap": b.cap}
                     for b in r.blockers],
        "findings": [{"check": f.check_id, "severity": f.severity, "rules": list(f.rules)}
                     for f in r.findings],
    }


def readiness_as_text(content: Content, r: Readiness, lang: str) -> str:
    m = content.messages[lang]
    band = band_label(m, r.band)
    lines = [f"{m['result.overall']}: {score_text(r.overall)} — {band}",
             m["result.completeness"].format(answered=r.answered, total=r.total,
                                             pct=pct(r.completeness)), ""]
    width = max(len(rule.texts[lang].short) for rule in content.rules) + 4
    for rs in r.rules:
        short = content.rule(rs.rule_id).texts[lang].short
        rband = band_label(m, rs.band)
        lines.append(f"{rs.number:>2}. {short:<{width}} {score_text(rs.score):>3}  {rband}")
    if r.blockers:
        lines += ["", m["result.blockers"] + ":"]
        for b in r.blockers:
            lines.append(f"  - {content.rule(b.rule_id).texts[lang].blockers[b.blocker_id].title}")
    if r.findings:
        lines += ["", m["result.findings"] + ":"]
        for f in r.findings:
            text = content.design_check_texts[lang][f.check_id]
            lines.append(f"  - [{m[f'severity.{f.severity}']}] {text.title}")
    return "\n".join(lines)


def _batch(content: Content, folder: Path, out: Path | None, lang: str) -> int:
    files = [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".json"]
    rows, errors = score_files(content, files, lang)
    for line in errors:
        print(line, file=sys.stderr)
    head = header(content, lang)
    if out is None:
        sys.stdout.write(to_csv(head, rows))
    elif out.suffix.lower() == ".xlsx":
        to_xlsx(head, rows, out)
    elif out.suffix.lower() == ".csv":
        out.write_text(to_csv(head, rows), encoding="utf-8")
    else:
        print(f"{out}: use a .csv or .xlsx file name", file=sys.stderr)
        return 2
    if out is not None:
        print(f"{len(rows)} scored, {len(errors)} refused → {out}", file=sys.stderr)
    return 2 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scoring",
                                     description="Score a Vonk assessment file (JSON).")
    parser.add_argument("file", type=Path,
                        help="an assessment exported from Vonk, or a folder of them")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder mode: write the table to this .csv or .xlsx file "
                             "(default: CSV on standard output)")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language of the texts (default: the file's language)")
    args = parser.parse_args(argv)
    content = default_content()
    lang = args.lang or "nl"
    if args.file.is_dir():
        return _batch(content, args.file, args.out, lang)
    result = read_assessment(args.file, content)
    if not result.ok:
        for p in result.problems:
            print(f"{args.file}: {describe(p, content.messages[lang])}", file=sys.stderr)
        return 2
    lang = args.lang or result.language
    readiness = assess(content, result.answers)
    if args.json:
        print(json.dumps(readiness_as_dict(content, readiness), ensure_ascii=False, indent=2))
    else:
        print(readiness_as_text(content, readiness, lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
