"""Small, shared ways of turning scores and answers into text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from content.models import NONE_OF_THESE, UNKNOWN, Content, Question, QuestionText
from scoring.answers import AnswerValue

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~$])")
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape_markdown(text: str) -> str:
    """Make user text inert in Markdown: no links, images, HTML or formatting."""
    flat = " ".join(text.split())  # no headings or lists from new lines
    flat = "".join(_HTML_SPECIAL.get(ch, ch) for ch in flat)
    return _MD_SPECIAL.sub(r"\\\1", flat)


def score_text(score: float | None) -> str:
    return "–" if score is None else f"{round(score)}"


def pct(fraction: float) -> str:
    return f"{round(fraction * 100)}%"


def answer_label(content: Content, q: Question, qt: QuestionText,
                 value: AnswerValue | None, lang: str) -> str:
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
    if q.kind == "number":
        return f"{value:g}" if isinstance(value, float) else str(value)
    return str(value)


def money(value: float, lang: str) -> str:
    """Whole euros in the reader's convention: € 26.320 (nl), €26,320 (en)."""
    whole = f"{round(value):,}"
    return f"€ {whole.replace(',', '.')}" if lang == "nl" else f"€{whole}"


def band_label(messages: dict[str, str], band: str | None) -> str:
    """The name of a band, or "no verdict yet" when there is none."""
    return messages[f"band.{band}"] if band else messages["band.none"]


def markdown_table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain Markdown table: a real <table> with headers for screen readers,
    without the cost of a dataframe for a handful of rows. First column left."""
    lines = ["| " + " | ".join(str(h) for h in head) + " |",
             "|---|" + "---:|" * (len(head) - 1)]
    lines += ["| " + " | ".join("" if c is None else str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
