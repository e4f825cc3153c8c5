"""Turning scores, bands, money and answers into text, in the reader's language.
Used by every layer that shows a result (charts, comparison verdicts, reports, the
screen), so it lives with the content it reads."""

from __future__ import annotations

from content.models import NONE_OF_THESE, UNKNOWN, Content, Question, QuestionText

AnswerLike = str | int | float | list[str]


def whole(value: float) -> int:
    """The one rounding of every figure Vonk shows (scores, hours, euros, the
    points in a verdict), so a screen, a verdict and a download never disagree."""
    return round(value)


def score_text(score: float | None) -> str:
    return "–" if score is None else f"{whole(score)}"


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


def hours(value: float) -> str:
    """Whole hours, as every table shows them."""
    return f"{whole(value)}"


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
    if q.kind == "number":
        return f"{value:g}" if isinstance(value, float) else str(value)
    return str(value)
