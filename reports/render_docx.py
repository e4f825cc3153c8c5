"""A report document as Word (.docx, python-docx), so an HR department can take
the plan into its own house style: real headings (Heading 1-3), lists with Word's
list styles, tables with a header row. The users' own text is added as plain runs
(never interpreted); control characters XML cannot hold are dropped."""

from __future__ import annotations

import io
import re

from docx import Document as WordDocument
from docx.document import Document as WordFile
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph as WordParagraph

from content.models import Content
from reports.document import PLAIN as PLAIN_FORMAT
from reports.document import (
    Block,
    Bullets,
    Callout,
    Document,
    Emphasis,
    Heading,
    Inline,
    Paragraph,
    Phrase,
    RadarChart,
    Strong,
    Table,
    Text,
    layout_cell,
    plain_text,
)

WORD_LANGUAGE = {"nl": "nl-NL", "en": "en-GB"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub(" ", text)


def _runs(paragraph: WordParagraph, text: Text | Inline, *, bold: bool = False,
          italic: bool = False) -> None:
    """Add a text as runs: bold and italics as Word's own, everything else plain."""
    parts = text.parts if isinstance(text, Phrase) else (text,)
    for part in parts:
        if isinstance(part, Strong):
            _runs(paragraph, part.text, bold=True, italic=italic)
        elif isinstance(part, Emphasis):
            _runs(paragraph, part.text, bold=bold, italic=True)
        else:
            words = part if isinstance(part, str) else part.text  # UserText, Symbol
            run = paragraph.add_run(_clean(words))
            run.bold, run.italic = bold or None, italic or None


def _block(doc: WordFile, block: Block, content: Content, lang: str) -> None:
    if isinstance(block, Heading):
        # The document's title is Word's Title; its sections Heading 1, their parts
        # Heading 2 (Word's outline and navigation pane follow them).
        paragraph = doc.add_heading(level=min(block.level - 1, 3))
        _runs(paragraph, block.text)
    elif isinstance(block, Paragraph):
        paragraph = doc.add_paragraph()
        _runs(paragraph, block.text)
        if block.style == "small":
            for run in paragraph.runs:
                run.font.size = Pt(9)
    elif isinstance(block, Bullets):
        style = "List Number" if block.numbered else "List Bullet"
        for item in block.items:
            _runs(doc.add_paragraph(style=style), item)
    elif isinstance(block, Callout):
        paragraph = doc.add_paragraph(style="List Bullet")
        _runs(paragraph, block.title, bold=True)
        paragraph.add_run(" — ")
        _runs(paragraph, block.body)
    elif isinstance(block, Table):
        table = doc.add_table(rows=1, cols=len(block.head))
        table.style = "Table Grid"
        for cell, head in zip(table.rows[0].cells, block.head, strict=True):
            _runs(cell.paragraphs[0], head, bold=True)
        for row in block.rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.paragraphs[0].add_run(_clean(layout_cell(value, content, lang,
                                                              PLAIN_FORMAT)))
        if block.caption is not None:
            _runs(doc.add_paragraph(), block.caption)
    elif isinstance(block, RadarChart):
        return  # no chart in Word; the table beside it holds the same numbers
    else:
        raise TypeError(f"unknown block {block!r}")


def to_docx(doc: Document, content: Content) -> bytes:
    """The document as a .docx file; its title and language in the file's properties."""
    word = WordDocument()
    word.core_properties.title = _clean(plain_text(doc.title))
    word.core_properties.author = "Vonk"
    word.core_properties.language = doc.lang
    # The text's language for Word's spelling check and for screen readers.
    marker = OxmlElement("w:lang")
    marker.set(qn("w:val"), WORD_LANGUAGE.get(doc.lang, doc.lang))
    word.styles["Normal"].element.get_or_add_rPr().append(marker)
    for block in doc.blocks:
        _block(word, block, content, doc.lang)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
