"""A report document as Markdown: the download and every table on screen."""

from __future__ import annotations

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
from reports.format import escape_markdown, markdown_table

MARKDOWN = InlineFormat(user=escape_markdown, strong=lambda s: f"**{s}**",
                        emphasis=lambda s: f"*{s}*")


def inline_markdown(text: Text | Inline) -> str:
    """Text as Markdown: content as written, the users' own text made inert."""
    return layout_inline(text, MARKDOWN)


def table_markdown(table: Table, content: Content, lang: str) -> str:
    """The table as a pipe table (a real <table> for screen readers): the first
    and text columns left, figures right. The caption is not included (see
    to_markdown)."""
    return markdown_table([inline_markdown(h) for h in table.head],
                          [[layout_cell(c, content, lang, MARKDOWN) for c in row]
                           for row in table.rows], right_aligned(table))


def _block(block: Block, content: Content, lang: str) -> str | None:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {inline_markdown(block.text)}"
    if isinstance(block, Paragraph):
        return inline_markdown(block.text)
    if isinstance(block, Bullets):
        return "\n".join(f"{f'{i}.' if block.numbered else '-'} {inline_markdown(item)}"
                         for i, item in enumerate(block.items, 1))
    if isinstance(block, Callout):
        return f"- **{inline_markdown(block.title)}** — {inline_markdown(block.body)}"
    if isinstance(block, Table):
        out = table_markdown(block, content, lang)
        return out if block.caption is None else f"{out}\n\n{inline_markdown(block.caption)}"
    if isinstance(block, RadarChart):
        return None  # Markdown has no chart; the table beside it holds the same numbers
    raise TypeError(f"unknown block {block!r}")


def to_markdown(doc: Document, content: Content) -> str:
    parts: list[str] = []
    previous: Block | None = None
    for block in doc.blocks:
        text = _block(block, content, doc.lang)
        if text is None:
            continue
        if isinstance(block, Callout) and isinstance(previous, Callout):
            parts[-1] += "\n" + text  # one list of blockers or findings
        else:
            parts.append(text)
        previous = block
    return "\n\n".join(parts) + "\n"
