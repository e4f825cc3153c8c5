"""Score exported Vonk assessments without the UI.

    python -m scoring plan.json                 # a readable summary
    python -m scoring plan.json --json          # machine-readable
    python -m scoring plan.json --lang en       # texts in English
    python -m scoring plans/ --out table.xlsx   # a folder: one row per file (.csv or .xlsx)
    python -m scoring --template [--lang en]    # a blank assessment to fill in by hand

The summary (text and --json) holds the verdict, the scores per rule, the blockers
and findings, the first steps, the advice, the practice tips and the questions not
yet answered.

Exit status: 0 all scored, 2 a file (or, for a folder, any file) could not be read or
is not a valid assessment, the output could not be written, or Vonk's own content
files are broken; each problem gets one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from content.labels import number
from content.loader import ContentError, default_content
from content.models import LANGUAGES, NONE_OF_THESE, SCALE, UNKNOWN, Content, Question
from evaluation import Evaluation, evaluate
from exchange import FORMAT, VERSION, describe, read_assessment
from reports import readiness_as_dict, summary_document, to_csv, to_text, to_xlsx_bytes
from reports.document import Block, Bullets, Document, Heading


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
    parser.add_argument("file", type=Path, nargs="?",
                        help="an assessment exported from Vonk, or a folder of them")
    parser.add_argument("--template", action="store_true",
                        help="print a blank assessment listing every question, its type "
                             "and its valid answers (fill it in and score or import it)")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder mode: write the table to this .csv or .xlsx file "
                             "(default: CSV on standard output)")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language of the texts (default: the file's language)")
    args = parser.parse_args(argv)
    if args.template == (args.file is not None):
        parser.error("give an assessment file or folder, or --template")
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
    if args.template:
        print(json.dumps(template(content, lang), ensure_ascii=False, indent=2))
        return 0
    if args.file.is_dir():
        return _batch(content, args.file, args.out, lang)
    result = read_assessment(args.file, content)
    if not result.ok:
        for line in dict.fromkeys(describe(p, content, lang) for p in result.problems):
            print(f"{args.file}: {line}", file=sys.stderr)
        return 2
    evaluation = evaluate(content, result.answers, args.lang or result.language)
    if args.json:
        print(json.dumps(story_as_dict(content, evaluation), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(to_text(summary_document(content, evaluation), content))
        sys.stdout.write(to_text(story_document(content, evaluation), content))
    return 0


def _unanswered(content: Content, evaluation: Evaluation) -> list[tuple[str, Question, str]]:
    """(rule id, question, its text) of every question without an answer, in order."""
    lang = evaluation.lang
    return [(rule.id, q, rule.texts[lang].questions[q.id].label)
            for rule in content.rules for q in rule.structure.questions
            if q.id not in evaluation.answers]


def story_document(content: Content, evaluation: Evaluation) -> Document:
    """What the summary leaves out: the first steps, the advice per rule, the tips
    and the questions still open, as the results page shows them."""
    lang, g = evaluation.lang, evaluation.guidance
    m = content.messages[lang]
    blocks: list[Block] = []
    if g.next_steps:
        blocks += [Heading(2, m["result.next_steps"]),
                   Bullets([step.text for step in g.next_steps], numbered=True)]
    advice = g.all_advice()
    if advice:
        blocks += [Heading(2, m["result.advice"]),
                   Bullets([f"{content.rule_label(a.rule_id, lang, short=True)}: {a.title}. "
                            f"{m['advice.step']}: {a.step}" for a in advice])]
    if g.tips:
        blocks += [Heading(2, m["result.tips"]), Bullets([tip.text for tip in g.tips])]
    open_questions = _unanswered(content, evaluation)
    if open_questions:
        blocks += [Heading(2, m["result.unanswered"]),
                   Bullets([f"{content.rule_label(rid, lang, short=True)}: {label} ({q.id})"
                            for rid, q, label in open_questions])]
    return Document(title=m["report.heading"], blocks=blocks, lang=lang)


def story_as_dict(content: Content, evaluation: Evaluation) -> dict[str, Any]:
    """The scores (reports.readiness_as_dict) and the same story as the text."""
    g = evaluation.guidance
    return {
        **readiness_as_dict(content, evaluation.readiness),
        "language": evaluation.lang,
        "next_steps": [{"kind": s.kind, "ref": s.ref, "rules": list(s.rule_ids), "text": s.text}
                       for s in g.next_steps],
        "advice": [{"rule": a.rule_id, "advice": a.advice_id, "priority": a.priority,
                    "source": a.source, "title": a.title, "body": a.body, "step": a.step}
                   for a in g.all_advice()],
        "tips": [{"tip": tip.tip_id, "source": tip.source, "rules": list(tip.rule_ids),
                  "text": tip.text} for tip in g.tips],
        "unanswered": [{"question": q.id, "rule": rid, "text": label, "scored": q.scored}
                       for rid, q, label in _unanswered(content, evaluation)],
    }


def _valid_answers(content: Content, q: Question, lang: str) -> dict[str, Any]:
    """What a question takes, for someone writing the file by hand."""
    m = content.messages[lang]
    texts = next(r.texts[lang].questions[q.id] for r in content.rules
                 if q.id in r.texts[lang].questions)
    unknown = {UNKNOWN: m["answer.unknown"]} if q.allow_unknown else {}
    if q.kind == "scale":
        return {"answers": {str(v): m[f"scale.{v}"] for v in SCALE} | unknown}
    if q.kind == "choice":
        return {"options": dict(texts.options) | unknown}
    if q.kind == "multi":
        return {"options": dict(texts.options), "list": True,
                "also": {NONE_OF_THESE: m["answer.none_of_these"]} | unknown}
    if q.kind == "number":
        assert q.minimum is not None and q.maximum is not None
        return {"range": [q.minimum, q.maximum], "step": q.step,
                "shown": f"{number(q.minimum, lang)}–{number(q.maximum, lang)}"} | (
            {"also": unknown} if unknown else {})
    return {"max_length": q.max_length}


def template(content: Content, lang: str) -> dict[str, Any]:
    """A blank assessment: every question id with null (not answered), and a guide to
    each question. It imports as a plan with no answers; fill in what you know."""
    questions = [(rule, q) for rule in content.rules for q in rule.structure.questions]
    return {
        "format": FORMAT, "version": VERSION,
        "title": content.messages[lang]["plan.default_title"], "language": lang,
        "answers": {q.id: None for _, q in questions},
        "questions": {q.id: {"rule": content.rule_label(rule.id, lang),
                             "text": rule.texts[lang].questions[q.id].label,
                             "type": q.kind, **_valid_answers(content, q, lang)}
                      for rule, q in questions},
    }
