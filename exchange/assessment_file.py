"""The assessment file: a versioned JSON export of a plan, and its safe import.

Format (version 2), described by ``schemas/assessment-v2.schema.json``, which
``json_schema`` generates from the content (question ids and their allowed values)::

    {"format": "vonk-assessment", "version": 2, "title": "...", "language": "nl",
     "answers": {"group_size": 9, "meal": "shared_meal", ...},
     "exported_at": "2026-11-25T10:00:00Z"}

Import is all-or-nothing: a file with any problem is refused whole, with every
problem listed, so nothing already entered is touched. It never raises on a bad
file, and what it accepts is safe everywhere afterwards: the title and text answers
are cleaned by the rules of ``content/text.py`` (their length counted after
cleaning), an integer of more than ``MAX_INT_DIGITS`` digits refuses the file, and
a value quoted in a problem is cleaned too, so every message can be shown.

Older versions still import: their answers are converted to today's questions by
``content.answer_history`` (version 1: the question set before issue 8) before
they are checked, and the file is then treated as the current version.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from content.answer_history import current_version, upgrade_answers
from content.labels import problem_text
from content.models import NONE_OF_THESE, SCALE, UNKNOWN, Content, PlanFields, Question, max_length
from content.text import clean_text, normalise_text
from scoring.answers import AnswerProblem, Answers, clean_answers

FORMAT = "vonk-assessment"
VERSION = current_version()  # the version of the question set this file format carries
SUPPORTED_VERSIONS = tuple(range(1, VERSION + 1))
SCHEMA_ID = f"https://vonk.example/schemas/assessment-v{VERSION}.schema.json"
MAX_IMPORT_BYTES = 1_000_000  # a full plan is about 2 kB; 1 MB leaves ample room
TITLE_MAX = max_length(PlanFields, "title")
# No answer needs more digits than a 64-bit integer has; a longer literal is refused
# before it is turned into an int (Python's own limit, 4300 digits, would raise).
MAX_INT_DIGITS = 20


class AssessmentFile(BaseModel):
    """The exported assessment (any supported version; older answers are converted)."""

    model_config = ConfigDict(extra="forbid", title=f"Vonk assessment (version {VERSION})")

    format: Literal["vonk-assessment"] = Field(description="Always 'vonk-assessment'.")
    version: int = Field(ge=1, le=VERSION, description="Format version.")
    title: str = Field(default="", max_length=TITLE_MAX, description="Name of the plan.")
    language: Literal["nl", "en"] = Field(default="nl", description="Language of the plan.")
    answers: dict[str, int | float | str | list[str] | None] = Field(
        description="Answer per question id: 1-5 for statements, an option id for choices, "
                    "a list of option ids (or ['none']) for multiple choice, a number, "
                    "free text, 'unknown' for 'weet ik niet / n.v.t.', or null for not "
                    "answered (as in a blank template).")
    questions: dict[str, dict[str, Any]] | None = Field(
        default=None, description="Ignored on import: a guide to every question (its text, "
                                  "type and valid answers), as `python -m scoring --template` "
                                  "writes it for filling in by hand.")
    exported_at: datetime | None = Field(default=None, description="When it was exported.")


def _answer_schema(q: Question) -> dict[str, Any]:
    """The values one question accepts, as ``scoring.answers.check_answer`` does."""
    unknown = q.allow_unknown and q.kind in ("scale", "choice", "multi", "number")
    if q.kind == "scale":
        schema: dict[str, Any] = {"enum": [*SCALE, *([UNKNOWN] if unknown else [])]}
    elif q.kind == "choice":
        schema = {"enum": [*q.option_ids, *([UNKNOWN] if unknown else [])]}
    elif q.kind == "multi":
        schema = {"anyOf": [
            {"type": "array", "items": {"enum": q.option_ids}, "uniqueItems": True},
            {"type": "array", "items": {"enum": [NONE_OF_THESE, *([UNKNOWN] if unknown else [])]},
             "minItems": 1, "maxItems": 1}]}
    elif q.kind == "number":
        schema = {"type": "number", "minimum": q.minimum, "maximum": q.maximum}
        if unknown:
            schema = {"anyOf": [schema, {"const": UNKNOWN}]}
    else:
        schema = {"type": "string", "maxLength": q.max_length}
    # null: not answered (a blank template from `python -m scoring --template`).
    return {"description": f"{q.kind}", "anyOf": [schema, {"type": "null"}]}


def json_schema(content: Content) -> dict[str, Any]:
    """The JSON Schema of the current version, with every question id and the values
    it accepts, generated from the content (``schemas/`` holds the committed copy;
    ``python -m exchange.schema`` writes it)."""
    schema = AssessmentFile.model_json_schema()
    schema["properties"]["version"] = {
        "const": VERSION, "description": "Format version. Older versions still import "
        "(their answers are converted); this schema describes the current one.",
        "title": "Version", "type": "integer"}
    answers = schema["properties"]["answers"]
    answers.pop("additionalProperties", None)
    answers["properties"] = {q.id: _answer_schema(q) for r in content.rules
                             for q in r.structure.questions}
    answers["additionalProperties"] = False
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    return schema


def export_json(title: str, language: str, answers: Answers,
                now: datetime | None = None) -> bytes:
    # Cleaned again on the way out: a plan stored before text was cleaned at the
    # boundary still exports (a lone surrogate cannot be written as UTF-8).
    doc = AssessmentFile.model_validate({
        "format": FORMAT, "version": VERSION, "title": clean_text(title, max_length=TITLE_MAX),
        "language": language if language in ("nl", "en") else "nl",
        "answers": {qid: normalise_text(v) if isinstance(v, str) else v
                    for qid, v in answers.items()},
        "exported_at": now or datetime.now(UTC)})
    return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2).encode("utf-8")


@dataclass(frozen=True)
class ImportProblem:
    """``code`` keys a message in the UI catalogue; ``detail`` fills it in."""

    code: str  # unreadable | too_large | not_utf8 | not_json | huge_number | not_object
    #            | wrong_format | wrong_version | invalid_field
    #            | answer (with an AnswerProblem) | failed (services.batch: anything else)
    detail: dict[str, Any] = field(default_factory=dict)
    answer_problem: AnswerProblem | None = None


@dataclass(frozen=True)
class ImportResult:
    title: str = ""
    language: str = "nl"
    answers: Answers = field(default_factory=dict)
    problems: tuple[ImportProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def _fail(*problems: ImportProblem) -> ImportResult:
    return ImportResult(problems=tuple(problems))


def size_problem(size: int) -> ImportProblem | None:
    """Check the size before reading a file at all."""
    if size <= MAX_IMPORT_BYTES:
        return None
    # Two decimals: a file just over the limit must not read as "1 MB; at most 1 MB".
    return ImportProblem("too_large", {"size_mb": round(size / 1e6, 2),
                                       "max_mb": round(MAX_IMPORT_BYTES / 1e6, 1)})


class _HugeNumber(Exception):
    pass


def _parse_int(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_INT_DIGITS:
        raise _HugeNumber
    return int(literal)


def _quoted(value: object, length: int) -> str:
    """A value from the file as a problem may quote it (short, clean, never markup
    that the caller's ``inert`` does not handle)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return "?"
    return clean_text(str(value), max_length=length) or "?"


def _field_context(ctx: dict[str, Any] | None) -> dict[str, Any]:
    """The parts of a pydantic error a message may quote (limits, allowed values)."""
    ctx = ctx or {}
    out: dict[str, Any] = {}
    if isinstance(ctx.get("max_length"), int):
        out["max_length"] = ctx["max_length"]
    if isinstance(ctx.get("expected"), str):
        out["expected"] = clean_text(ctx["expected"], max_length=80)
    return out


def import_json(data: bytes, content: Content) -> ImportResult:
    """Parse and check an uploaded assessment file; never raises on bad input."""
    too_big = size_problem(len(data))
    if too_big is not None:
        return _fail(too_big)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _fail(ImportProblem("not_utf8"))
    try:
        raw = json.loads(text, parse_int=_parse_int)
    except _HugeNumber:
        return _fail(ImportProblem("huge_number", {"max_digits": MAX_INT_DIGITS}))
    except (ValueError, RecursionError) as exc:  # json.JSONDecodeError is a ValueError
        line = getattr(exc, "lineno", None)
        return _fail(ImportProblem("not_json", {"line": line or "?"}))
    if not isinstance(raw, dict):
        return _fail(ImportProblem("not_object"))
    if raw.get("format") != FORMAT:
        return _fail(ImportProblem("wrong_format"))
    version = raw.get("version")
    if isinstance(version, bool) or version not in SUPPORTED_VERSIONS:
        return _fail(ImportProblem("wrong_version", {
            "found": _quoted(version, 20), "supported": VERSION}))
    if isinstance(raw.get("title"), str):  # its length is checked once it is clean
        raw = {**raw, "title": normalise_text(raw["title"])}
    try:
        doc = AssessmentFile.model_validate(raw)
    except ValidationError as exc:
        return _fail(*(ImportProblem("invalid_field", {
            "field": clean_text(".".join(str(p) for p in err["loc"]), max_length=80),
            "message": clean_text(err["msg"], max_length=200),
            # what went wrong, for a message in the user's language (content/labels.py)
            "kind": err["type"], **_field_context(err.get("ctx"))})
            for err in exc.errors()[:20]))
    # Check the answers as they were in the file: pydantic's lax mode would turn
    # `true` into 1, and a boolean is not a valid answer anywhere.
    answers, answer_problems = clean_answers(content, upgrade_answers(raw["answers"], version))
    if answer_problems:
        return _fail(*(ImportProblem("answer", {"question": p.question_id}, p)
                       for p in answer_problems[:30]))
    return ImportResult(title=doc.title, language=doc.language, answers=answers)


def describe(problem: ImportProblem, content: Content, lang: str,
             inert: Callable[[str], str] = lambda s: s) -> str:
    """The problem in the user's language, naming a question by its text
    (content.labels.problem_text); ``inert`` neutralises values that came from the
    file itself before they are shown (e.g. Markdown escaping)."""
    if problem.answer_problem is not None:
        ap = problem.answer_problem
        return problem_text(content, lang, ap.code, ap.question_id, ap.detail, inert)
    return problem_text(content, lang, problem.code, None, problem.detail, inert)


def read_assessment(path: Path, content: Content) -> ImportResult:
    """Read and check an assessment file on disk; never raises on a bad or missing
    file (the size is checked before anything is read)."""
    try:
        too_big = size_problem(path.stat().st_size)
        if too_big is not None:
            return _fail(too_big)
        data = path.read_bytes()
    except OSError as exc:
        return _fail(ImportProblem("unreadable", {"reason": exc.strerror or str(exc)}))
    return import_json(data, content)
