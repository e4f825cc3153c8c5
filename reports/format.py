"""Markdown helpers every Markdown view shares (the report, the screen)."""

from __future__ import annotations

import re
from collections.abc import Sequence

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~$])")
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Where GFM's autolink literals start (and Streamlit's Markdown, remark-gfm, turns
# the text into a link): "http://", "https://" (any "scheme://"), "www." and the
# "@" of an e-mail address (also "mailto:" and "xmpp:"). A WORD JOINER (U+2060,
# invisible, no line break) at each of these places leaves nothing to recognise.
WORD_JOINER = "\u2060"
_AUTOLINK_START = re.compile(r"(?=://)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)


def escape_markdown(text: str) -> str:
    """Make user text inert in Markdown: no links (not even a bare URL or e-mail
    address that GFM would make clickable), images, HTML or formatting. The words
    read the same; only an invisible word joiner is added where a link would begin."""
    flat = " ".join(text.split())  # no headings or lists from new lines
    flat = "".join(_HTML_SPECIAL.get(ch, ch) for ch in flat)
    flat = _MD_SPECIAL.sub(r"\\\1", flat)
    return _AUTOLINK_START.sub(WORD_JOINER, flat)


def markdown_table(head: Sequence[str], rows: Sequence[Sequence[object]],
                   right: Sequence[bool] | None = None) -> str:
    """A plain Markdown table: a real <table> with headers for screen readers,
    without the cost of a dataframe for a handful of rows. First column left; the
    others right unless `right` says per column."""
    align = list(right) if right is not None else [i > 0 for i in range(len(head))]
    lines = ["| " + " | ".join(str(h) for h in head) + " |",
             "|" + "".join("---:|" if r else "---|" for r in align)]
    lines += ["| " + " | ".join("" if c is None else str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
