"""Score exported Vonk assessments without the UI.

    python -m scoring plan.json                 # a readable summary
    python -m scoring plan.json --json          # machine-readable
    python -m scoring plan.json --lang en       # texts in English
    python -m scoring plans/ --out table.xlsx   # a folder: one row per file (.csv or .xlsx)

Exit status: 0 all scored, 2 a file (or, for a folder, any file) could not be read or
is not a valid assessment, the output could not be written, or Vonk's own content
files are broken; each problem gets one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from content.loader import ContentError, default_content
from content.models import LANGUAGES, Content
from evaluation import evaluate
from exchange import describe, read_assessment
from reports import readiness_as_dict, summary_document, to_csv, to_text, to_xlsx_bytes


def _batch(content: Content, folder: Path, out: Path | None, lang: str) -> int:
    # Imported here: scoring one file needs none of the services layer.
    from services.batch import score_files

    if out is not None and out.suffix.lower() not in (".csv", ".xlsx"):
        print(f"{out}: use a .csv or .xlsx file name", file=sys.stderr)
        return 2
    files = [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".json"]
    table, errors = score_files(content, files, lang)
    for line in errors:
        print(line, file=sys.stderr)
    if out is None:
        sys.stdout.write(to_csv(table, content, lang))
    elif out.suffix.lower() == ".xlsx":
        out.write_bytes(to_xlsx_bytes(table, content, lang))
    else:
        out.write_text(to_csv(table, content, lang), encoding="utf-8")
    if out is not None:
        print(f"{len(table.rows)} scored, {len(errors)} refused → {out}", file=sys.stderr)
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
    try:
        return _run(args)
    except ContentError as exc:
        print("\n".join(exc.lines()), file=sys.stderr)
        return 2
    except OSError as exc:  # a folder that cannot be listed, an output not writable
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"{where}{exc.strerror or exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    content = default_content()
    lang = args.lang or "nl"
    if args.file.is_dir():
        return _batch(content, args.file, args.out, lang)
    result = read_assessment(args.file, content)
    if not result.ok:
        for p in result.problems:
            print(f"{args.file}: {describe(p, content.messages[lang])}", file=sys.stderr)
        return 2
    evaluation = evaluate(content, result.answers, args.lang or result.language)
    if args.json:
        print(json.dumps(readiness_as_dict(content, evaluation.readiness), ensure_ascii=False,
                         indent=2))
    else:
        sys.stdout.write(to_text(summary_document(content, evaluation), content))
    return 0
