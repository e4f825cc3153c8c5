"""Turning scores, bands, money and answers into text, in the reader's language.
Used by every layer that shows a result (charts, comparison verdicts, reports, the
screen), so it lives with the content it reads."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from content.models import NONE_OF_THESE, UNKNOWN, Content, Question, QuestionText
from content.text import clean_text

AnswerLike = str | int | float | list[str]


def whole(value: float) -> int:
    """The one rounding of every figure Vonk shows (scores, hours, euros, the
    points in a verdict), so a screen, a verdict and a download never disagree."""
    return round(value)


def score_text(score: float | None) -> str:
    return "–" if score is None else f"{whole(score)}"


def message(messages: Mapping[str, str], key: str, **params: Any) -> str:
    """The catalogue's text for `key`, filled in. A count of one (``n=1``) takes the
    key's singular, ``<key>_one``, when the catalogue has one ("1 deelnemer in de
    zaal", not "1 deelnemers")."""
    if params.get("n") == 1 and f"{key}_one" in messages:
        key = f"{key}_one"
    text = messages[key]
    return text.format(**params) if params else text


def points_text(messages: dict[str, str], points: int) -> str:
    """"1 punt" / "2 punten", "1 point" / "2 points"."""
    key = "compare.points_one" if abs(points) == 1 else "compare.points_many"
    return messages[key].format(n=points)


def pct(fraction: float) -> str:
    return f"{round(fraction * 100)}%"


def money(value: float, lang: str) -> str:
    """Whole euros in the reader's convention: € 26.320 (nl), €26,320 (en)."""
    figure = f"{whole(value):,}"
    return f"€ {figure.replace(',', '.')}" if lang == "nl" else f"€{figure}"


def number(value: float, lang: str, *, decimals: int | None = None) -> str:
    """A number as the reader writes it: 3,5 and 1.250 (nl), 3.5 and 1,250 (en).
    Without `decimals`, as many as it has (at most 2), none for a whole number."""
    if decimals is None:
        rounded = round(float(value), 2)
        decimals = 0 if rounded.is_integer() else (1 if round(rounded, 1) == rounded else 2)
    text = f"{value:,.{decimals}f}"
    if lang == "nl":
        text = text.translate(str.maketrans(",.", ".,"))
    return text.replace("-", "−") if value < 0 else text


def megabytes(size_bytes: float, lang: str) -> str:
    """A file size in MB with one decimal: "52,4 MB" (nl), "52.4 MB" (en)."""
    return f"{number(size_bytes / 1e6, lang, decimals=1)} MB"


_NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}(?:[.,\s]\d{3})+)?(?:[.,](\d+))?$")


def parse_number(text: str, lang: str) -> float | None:
    """What a user typed as a number, in their convention: "1,5" is 1.5 in Dutch,
    and "1.5" is accepted too (a lone separator followed by other than three digits
    can only be the decimal mark). None when it is no number at all."""
    raw = text.strip().replace("\u2212", "-").replace("\u00a0", " ")
    if not raw or not _NUMBER.match(raw):
        return None
    decimal, group = (",", ".") if lang == "nl" else (".", ",")
    if raw.count(".") + raw.count(",") == 1 and group in raw:
        head, tail = raw.split(group)
        if len(tail) != 3 or not head.strip("+-"):
            decimal, group = group, decimal  # "1.5" in Dutch, "1,5" in English
    if decimal in raw and group in raw and raw.rfind(group) > raw.find(decimal):
        return None
    cleaned = raw.replace(" ", "").replace(group, "")
    if cleaned.count(decimal) > 1 or (decimal == "," and "." in cleaned) or \
            (decimal == "." and "," in cleaned):
        return None
    try:
        return float(cleaned.replace(decimal, "."))
    except ValueError:
        return None


def hours(value: float, lang: str) -> str:
    """Whole hours, as every table shows them, in the reader's convention (1.250 in
    Dutch, 1,250 in English)."""
    return number(whole(value), lang)


def date_text(day: date, messages: dict[str, str]) -> str:
    """A date as the reader writes it: "2 december 2026" / "2 December 2026"."""
    return f"{day.day} {messages[f'month.{day.month}']} {day.year}"


def band_label(messages: dict[str, str], band: str | None) -> str:
    """The name of a band, or "no verdict yet" when there is none."""
    return messages[f"band.{band}"] if band else messages["band.none"]


def answer_label(content: Content, q: Question, qt: QuestionText,
                 value: AnswerLike | None, lang: str) -> str:
    """The answer as the user saw it, in their language."""
    m = content.messages[lang]
    if value is None:
        return m["answer.none"]
    if value == UNKNOWN or value == [UNKNOWN]:
        return m["answer.unknown"]
    if q.kind == "scale":
        return f"{value} — {m[f'scale.{value}']}"
    if q.kind == "choice":
        return qt.options.get(str(value), str(value))
    if q.kind == "multi":
        assert isinstance(value, list)
        if value == [NONE_OF_THESE]:
            return m["answer.none_of_these"]
        return ", ".join(qt.options.get(v, v) for v in value)
    if q.kind == "number" and isinstance(value, int | float):
        return number(value, lang)
    return str(value)


def question_text(content: Content, question_id: str, lang: str) -> str:
    """A question as the user sees it (its label); the id itself when no question
    has it (e.g. a misspelt id in a file)."""
    for rule in content.rules:
        qt = rule.texts[lang].questions.get(question_id)
        if qt is not None:
            return qt.label
    return question_id


def problem_text(content: Content, lang: str, code: str, question_id: str | None,
                 detail: Mapping[str, Any], inert: Callable[[str], str] = lambda s: s) -> str:
    """Why an answer or a file was refused, in the user's language: the question as
    the user sees it (its text, never its id, unless no question has that id),
    numbers in the reader's convention, and what would have been valid. ``inert``
    neutralises values that came from outside (a file, a form) before they are shown."""
    m = content.messages[lang]
    fields: dict[str, Any] = {}
    for k, v in detail.items():
        if isinstance(v, bool):
            fields[k] = str(v)
        elif isinstance(v, int | float):
            fields[k] = number(v, lang)
        elif isinstance(v, list):
            fields[k] = ", ".join(inert(clean_text(str(x), max_length=60)) for x in v)
        elif isinstance(v, str):
            fields[k] = inert(clean_text(v, max_length=200))
        else:
            fields[k] = v
    if question_id is not None:
        known = question_text(content, question_id, lang)
        fields["question"] = inert(clean_text(question_id, max_length=60)) \
            if known == question_id else known
    if "suggestion" in detail:
        fields["suggestion_question"] = question_text(content, str(detail["suggestion"]), lang)
    if code == "invalid_field":
        return _field_text(content, lang, detail, fields)
    if code == "wrong_type" and "expected" in detail:
        fields["expected"] = m[f"problem.expected.{detail['expected']}"].format(**fields)
    return m[f"problem.{code}"].format(**fields)


_FIELD_KINDS = {"string_too_long": "too_long", "string_type": "not_text", "literal_error": "one_of",
                "extra_forbidden": "extra", "dict_type": "not_object", "missing": "missing",
                "datetime_from_date_parsing": "not_datetime", "datetime_parsing": "not_datetime",
                "datetime_type": "not_datetime"}


def _field_text(content: Content, lang: str, detail: Mapping[str, Any],
                fields: dict[str, Any]) -> str:
    """A field of the file that is wrong, in the user's language (never pydantic's
    English): an answer by its question's text, any other field by its name."""
    m = content.messages[lang]
    field = str(detail.get("field", ""))
    parts = field.split(".")
    if len(parts) >= 2 and parts[0] == "answers":
        label = question_text(content, parts[1], lang)
        return m["problem.answer_form"].format(question=label if label != parts[1]
                                               else fields.get("field", "?").split(".")[1])
    kind = _FIELD_KINDS.get(str(detail.get("kind", "")), "other")
    if "expected" in fields:  # pydantic's "'nl' or 'en'": the values, without its English
        fields = {**fields, "expected": ", ".join(
            v for v in re.split(r",\s*|\s+or\s+", str(fields["expected"])) if v)}
    return m[f"problem.field.{kind}"].format(**fields)
