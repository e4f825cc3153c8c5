"""A report document as plain text, for a terminal (``python -m scoring FILE.json``)."""

from __future__ import annotations

import unicodedata

from content.models import Content
from reports.document import (
    Block,
    Bullets,
    Callout,
    Document,
    Heading,
    Inline,
    InlineFormat,
    Paragraph,
    RadarChart,
    Table,
    Text,
    layout_cell,
    layout_inline,
    right_aligned,
)


def _no_controls(text: str) -> str:
    """The users' own text without control characters (no terminal escapes)."""
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)


TEXT = InlineFormat(user=_no_controls)


def inline_text(text: Text | Inline) -> str:
    return layout_inline(text, TEXT)


def table_text(table: Table, content: Content, lang: str) -> list[str]:
    """Columns padded to line up: the first and text columns left, figures right."""
    head = [inline_text(h) for h in table.head]
    rows = [[layout_cell(c, content, lang, TEXT) for c in row] for row in table.rows]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    right = right_aligned(table)

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if r else c.ljust(w)
                         for c, w, r in zip(cells, widths, right, strict=True)).rstrip()

    out = [line(head), *(line(r) for r in rows)]
    if table.caption is not None:
        out.append(inline_text(table.caption))
    return out


def _block(block: Block, content: Content, lang: str) -> list[str]:
    if isinstance(block, Heading):
        text = inline_text(block.text)
        return [text, "=" * len(text)] if block.level == 1 else [f"{text}:"]
    if isinstance(block, Paragraph):
        return [inline_text(block.text)]
    if isinstance(block, Bullets):
        return [f"  {f'{i}.' if block.numbered else '-'} {inline_text(item)}"
                for i, item in enumerate(block.items, 1)]
    if isinstance(block, Callout):
        return [f"  - {inline_text(block.title)} — {inline_text(block.body)}"]
    if isinstance(block, Table):
        return table_text(block, content, lang)
    if isinstance(block, RadarChart):
        return []  # the table beside it holds the same numbers
    raise TypeError(f"unknown block {block!r}")


def to_text(doc: Document, content: Content) -> str:
    """Blocks separated by an empty line; a section's heading sits on its first
    line, and the lines of a list (or of consecutive callouts) stay together."""
    lines: list[str] = []
    previous: Block | None = None
    for block in doc.blocks:
        out = _block(block, content, doc.lang)
        if not out:
            continue
        together = (isinstance(previous, Heading) and previous.level > 1) or (
            isinstance(block, Callout) and isinstance(previous, Callout))
        if lines and not together:
            lines.append("")
        lines += out
        previous = block
    return "\n".join(lines) + "\n"
