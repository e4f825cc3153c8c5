"""Markdown helpers every Markdown view shares (the report, the screen)."""

from __future__ import annotations

import re
from collections.abc import Sequence

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~$])")
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape_markdown(text: str) -> str:
    """Make user text inert in Markdown: no links, images, HTML or formatting."""
    flat = " ".join(text.split())  # no headings or lists from new lines
    flat = "".join(_HTML_SPECIAL.get(ch, ch) for ch in flat)
    return _MD_SPECIAL.sub(r"\\\1", flat)


def markdown_table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain Markdown table: a real <table> with headers for screen readers,
    without the cost of a dataframe for a handful of rows. First column left."""
    lines = ["| " + " | ".join(str(h) for h in head) + " |",
             "|---|" + "---:|" * (len(head) - 1)]
    lines += ["| " + " | ".join("" if c is None else str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
