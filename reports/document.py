"""The report document: what a result says, before any format lays it out.

Builders (reports/scenario.py, reports/comparison.py, services/batch.py) turn an
``Evaluation`` or a ``Comparison`` into a ``Document`` of blocks, or a single
``Table`` of typed ``Cell``s. Renderers (Markdown, PDF, plain text, CSV/XLSX, the
screen) only lay that out: none of them looks up a score, a label or a rate.

Text comes in two kinds. Texts from content (messages, rule titles, advice) are
trusted and reach each format as they are. The users' own text (plan titles,
scenario names, free-text answers, file names) is wrapped in ``UserText`` and each
renderer makes it inert for its format (Markdown escaping, XML escaping for
reportlab, no control characters on a terminal, no formulas in a spreadsheet). A
sentence that mixes both is a ``Phrase`` (see ``phrase`` and ``inert_phrase``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from content.labels import band_label, hours, money, score_text, whole
from content.models import Content
from scoring.engine import Readiness


# --------------------------------------------------------------------------- text
@dataclass(frozen=True)
class UserText:
    """Text a user typed: never markup in any format."""

    text: str


@dataclass(frozen=True)
class Strong:
    text: str | UserText


@dataclass(frozen=True)
class Emphasis:
    text: str | UserText


@dataclass(frozen=True)
class Symbol:
    """A sign with a plain fallback for formats whose fonts lack it (PDF, CSV)."""

    text: str  # e.g. "▲"
    plain: str  # e.g. "+"


Inline = str | UserText | Strong | Emphasis | Symbol


@dataclass(frozen=True)
class Phrase:
    """One run of text made of trusted and user parts."""

    parts: tuple[Inline, ...]


Text = str | UserText | Phrase

_SLOT = re.compile("\ue000(\\d+)\ue001")


def _parts(text: Text | Inline) -> tuple[Inline, ...]:
    return text.parts if isinstance(text, Phrase) else (text,)


def inert_phrase(build: Callable[[Callable[[str], str]], str]) -> Phrase:
    """A Phrase from a function that takes an `inert` callback for the users' text
    (as comparison.verdict and comparison.differences do): each piece of user text
    becomes a UserText part instead of being escaped for one format."""
    users: list[UserText] = []

    def slot(text: str) -> str:
        users.append(UserText(text))
        return f"\ue000{len(users) - 1}\ue001"

    out: list[Inline] = []
    for i, piece in enumerate(_SLOT.split(build(slot))):
        if i % 2:
            out.append(users[int(piece)])
        elif piece:
            out.append(piece)
    return Phrase(tuple(out))


def phrase(template: str, **fields: Text | Inline) -> Phrase:
    """A content message formatted with fields; user text stays marked as such."""
    values: list[Text | Inline] = []

    def slot(value: Text | Inline) -> str:
        if isinstance(value, str):
            return value
        values.append(value)
        return f"\ue000{len(values) - 1}\ue001"

    filled = template.format(**{k: slot(v) for k, v in fields.items()})
    out: list[Inline] = []
    for i, piece in enumerate(_SLOT.split(filled)):
        if i % 2:
            out.extend(_parts(values[int(piece)]))
        elif piece:
            out.append(piece)
    return Phrase(tuple(out))


def join(*texts: Text | Inline) -> Phrase:
    """Texts one after the other, as one Phrase."""
    return Phrase(tuple(p for t in texts for p in _parts(t)))


def _same(text: str) -> str:
    return text


@dataclass(frozen=True)
class InlineFormat:
    """How one output format writes the parts of a text; the renderers differ only
    here. `words` writes content text (and figures), `user` the users' own text."""

    words: Callable[[str], str] = _same
    user: Callable[[str], str] = _same
    strong: Callable[[str], str] = _same
    emphasis: Callable[[str], str] = _same
    plain_symbols: bool = False  # "+" instead of "▲" (a font or file without it)


PLAIN = InlineFormat()


def layout_inline(text: Text | Inline, fmt: InlineFormat) -> str:
    """A text in one format: every renderer walks texts through this."""
    out = []
    for part in _parts(text):
        if isinstance(part, str):
            out.append(fmt.words(part))
        elif isinstance(part, UserText):
            out.append(fmt.user(part.text))
        elif isinstance(part, Strong):
            out.append(fmt.strong(layout_inline(part.text, fmt)))
        elif isinstance(part, Emphasis):
            out.append(fmt.emphasis(layout_inline(part.text, fmt)))
        else:
            out.append(fmt.words(part.plain if fmt.plain_symbols else part.text))
    return "".join(out)


def plain_text(text: Text | Inline, *, plain: bool = False) -> str:
    """The words without markup or escaping (for a spreadsheet cell or a title).
    `plain` uses the fallbacks of symbols."""
    return layout_inline(text, InlineFormat(plain_symbols=plain))


# --------------------------------------------------------------------------- cells
CellKind = Literal["text", "score", "delta", "money", "hours", "band", "count", "euro",
                   "number"]
CellValue = Text | float | int | tuple[int, int] | None


@dataclass(frozen=True)
class Cell:
    """One value of a table, with what it is. Raw values: text Text; score and
    delta float | None; money and hours float; band a band id | None; count
    (answered, total) or a str; euro (a rate, cents kept) and number (hours of a
    rate, decimals kept) float."""

    kind: CellKind
    value: CellValue
    # A score shown against the first column: "62 (▲ +5)"; spreadsheets keep the score.
    delta: Cell | None = None


NUMERIC_KINDS: frozenset[str] = frozenset({"score", "delta", "money", "hours", "count", "euro",
                                          "number"})


def right_aligned(table: Table) -> list[bool]:
    """Per column: aligned right when it holds figures only (never the first
    column, which names the row); text columns stay left. Every renderer uses it."""
    return [i > 0 and bool(table.rows) and all(row[i].kind in NUMERIC_KINDS
                                               for row in table.rows)
            for i in range(len(table.head))]


def _exact(value: float, lang: str, digits: int) -> str:
    """A rate as the user set it, in the reader's decimal sign: 1,5 / 1.5."""
    text = f"{value:,.{digits}f}" if digits else f"{value:,.0f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".") if lang == "nl" \
        else text


def _delta_text(delta: float | None, plain: bool) -> str:
    """Sign, arrow and number: never colour alone."""
    if delta is None:
        return "–"
    rounded = whole(delta)
    if rounded > 0:
        return f"+{rounded}" if plain else f"▲ +{rounded}"
    if rounded < 0:
        return f"-{-rounded}" if plain else f"▼ −{-rounded}"
    return "= 0"


def _number(value: CellValue) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    raise TypeError(f"expected a number, got {value!r}")


def format_cell(cell: Cell, content: Content, lang: str, *, plain: bool = False) -> str:
    """A cell as words, the same in every format: whole scores, hours and euros,
    deltas with sign (and arrow unless `plain`), "–" for nothing.

    Text cells give their plain words; renderers that need user text escaped lay
    out text cells themselves (their own inline rendering) and use this for the rest."""
    kind, value = cell.kind, cell.value
    if kind == "text":
        assert isinstance(value, str | UserText | Phrase)
        return plain_text(value, plain=plain)
    if kind == "score":
        text = score_text(_number(value))
        if cell.delta is not None:
            text += f" ({format_cell(cell.delta, content, lang, plain=plain)})"
        return text
    if kind == "delta":
        return _delta_text(_number(value), plain)
    if kind == "money":
        number = _number(value)
        return "–" if number is None else money(number, lang)
    if kind == "hours":
        number = _number(value)
        return "–" if number is None else hours(number, lang)
    if kind in ("euro", "number"):
        number = _number(value)
        if number is None:
            return "–"
        if kind == "euro":
            if number == int(number):
                return money(number, lang)
            return ("€ " if lang == "nl" else "€") + _exact(number, lang, 2)
        return _exact(number, lang, 0 if number == int(number) else
                      len(f"{number:g}".partition(".")[2]))
    if kind == "band":
        assert value is None or isinstance(value, str)
        return band_label(content.messages[lang], value)
    if kind == "count":
        if isinstance(value, tuple):
            return f"{value[0]}/{value[1]}"
        return "–" if value is None else str(value)
    raise ValueError(f"unknown cell kind {kind!r}")


def layout_cell(cell: Cell, content: Content, lang: str, fmt: InlineFormat) -> str:
    """A cell in one format: text as the format writes it, figures as format_cell."""
    if cell.kind == "text":
        assert isinstance(cell.value, str | UserText | Phrase)
        return layout_inline(cell.value, fmt)
    return fmt.words(format_cell(cell, content, lang, plain=fmt.plain_symbols))


def cell_value(cell: Cell, content: Content, lang: str, *,
               score_digits: int = 0) -> str | int | float | None:
    """A cell for a spreadsheet: numbers stay numbers, rounded as the screen shows
    them (whole scores, hours and euros: one set of numbers everywhere; rates as
    set); None when empty."""
    kind = cell.kind
    if kind in ("score", "delta"):
        number = _number(cell.value)
        if number is None:
            return None
        return whole(number) if kind == "delta" or score_digits == 0 else \
            round(number, score_digits)
    if kind == "money":
        number = _number(cell.value)
        return None if number is None else whole(number)
    if kind == "hours":
        number = _number(cell.value)
        return None if number is None else whole(number)
    if kind in ("euro", "number"):
        number = _number(cell.value)
        return int(number) if number is not None and number == int(number) else number
    return format_cell(cell, content, lang, plain=True)


# --------------------------------------------------------------------------- blocks
ParagraphStyle = Literal["body", "small", "lead"]
CalloutTone = Literal["negative", "caution", "positive", "neutral"]


@dataclass(frozen=True)
class Heading:
    level: int  # 1 the document's title, 2 a section, 3 a part of a section
    text: Text


@dataclass(frozen=True)
class Paragraph:
    text: Text
    style: ParagraphStyle = "body"


@dataclass(frozen=True)
class Bullets:
    items: list[Text]
    numbered: bool = False


@dataclass(frozen=True)
class Callout:
    """A blocker or a finding: a title and what to do, with a tone (never colour
    alone: the title carries the meaning)."""

    tone: CalloutTone
    title: Text
    body: Text


@dataclass(frozen=True)
class Table:
    """Rows of cells under a head; the first column names the row."""

    head: list[Text]
    rows: list[list[Cell]]
    caption: Text | None = None
    # Decimals scores keep in a spreadsheet: 0 like the screen; the batch table of
    # many files keeps 1 for analysis.
    score_digits: int = 0


@dataclass(frozen=True)
class RadarChart:
    """Scores per rule of one or more plans on one radar (names are user text)."""

    series: list[tuple[UserText, Readiness]]


Block = Heading | Paragraph | Bullets | Callout | Table | RadarChart


@dataclass(frozen=True)
class Document:
    title: Text  # for the file's metadata; the first heading shows it to readers
    blocks: list[Block]
    lang: str

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
