"""The users' own text at the boundary: one set of rules for every way text enters
Vonk (an imported file, the screen, the command line), so what is stored can be
shown, stored and exported everywhere afterwards.

``clean_text(text, max_length=..., multiline=False)`` applies these rules, in order:

1. **Surrogates.** A valid pair of surrogate code points (as some sources hand
   them over) is joined into the one character it stands for; a lone surrogate
   (``"\\ud800"``) is dropped. No UTF-8 encoder, database or page can hold one.
2. **Control and noncharacters dropped.** Control characters (Unicode category
   Cc: C0 ``U+0000``–``U+001F``, DEL ``U+007F``, C1 ``U+0080``–``U+009F``) that
   are not white space are dropped, NUL included (PostgreSQL refuses it, XLSX
   cannot hold most of them, a terminal obeys them). So are the Unicode
   noncharacters (``U+FDD0``–``U+FDEF`` and the last two code points of every
   plane, e.g. ``U+FFFE``).
3. **White space.** Single-line text (a title, a name, a short answer): every run
   of white space, line breaks and tabs included (``str.split``: also no-break and
   other Unicode spaces, ``U+2028``/``U+2029``, the white-space controls), becomes
   one space. Multi-line text (a note): every line break (``\\r\\n``, ``\\r``,
   ``\\v``, ``\\f``, ``U+001C``–``U+001E``, ``U+0085``, ``U+2028``, ``U+2029``)
   becomes ``\\n``; tabs stay; any other white-space control becomes a space; each
   line loses its trailing white space.
4. **NFC.** The text is normalised to Unicode NFC, so ``"e\\u0301"`` and ``"é"``
   are the same title.
5. **Trimmed** of white space at both ends.
6. **Cut** to at most ``max_length`` characters (code points, counted after all of
   the above; white space the cut leaves at the end is trimmed too).

Format characters (category Cf: zero-width joiner in emoji, bidirectional marks
in Arabic or Hebrew), private-use and not yet assigned characters are kept: they
are text, and each output format makes the users' text inert in its own way
(reports/). The rules are idempotent: cleaning clean text changes nothing.

``normalise_text`` applies rules 1-5 without the cut, for a caller that refuses
text that is too long rather than cutting it (an imported file, an answer).
``remove_unsafe`` applies only rule 1 and the dropping of rule 2, for text on its
way out (a spreadsheet cell) that may predate these rules.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_text", "normalise_text", "remove_unsafe"]


def _noncharacters() -> str:
    """U+FDD0-U+FDEF and the last two code points of each of the 17 planes."""
    return "\ufdd0-\ufdef" + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF)
                                       for plane in range(17))


# Control characters that are not white space (\t \n \v \f \r, \x1c-\x1f and \x85 are),
# and the noncharacters.
_DROP = re.compile(f"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f{_noncharacters()}]")
# For text going out: every control character but tab, line feed and carriage return.
_UNSAFE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_noncharacters()}]")
# White-space controls that are not line breaks for str.splitlines (tab is kept).
_OTHER_SPACE_CONTROLS = re.compile("[\x1f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(text: str) -> str:
    if not _SURROGATE.search(text):
        return text
    # UTF-16 joins a valid pair into its character and reports a lone one, dropped.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")


def remove_unsafe(text: str) -> str:
    """Drop what no output format can hold (lone surrogates, noncharacters, control
    characters other than tab, line feed and carriage return); change nothing else."""
    return _UNSAFE.sub("", _without_lone_surrogates(text))


def normalise_text(text: str, *, multiline: bool = False) -> str:
    """Rules 1-5 of this module (surrogates, control and noncharacters, white space,
    NFC, trimmed), without a length limit."""
    text = _DROP.sub("", _without_lone_surrogates(text))
    if multiline:
        text = "\n".join(_OTHER_SPACE_CONTROLS.sub(" ", line).rstrip()
                         for line in text.splitlines())
    else:
        text = " ".join(text.split())
    return unicodedata.normalize("NFC", text).strip()


def clean_text(text: str, *, max_length: int, multiline: bool = False) -> str:
    """The user's text as Vonk keeps it: every rule of this module, cut to
    ``max_length`` characters. Pass the bound of the field (``content.models.max_length``)."""
    if max_length < 0:
        raise ValueError("max_length must not be negative")
    cleaned = normalise_text(text, multiline=multiline)
    if len(cleaned) <= max_length:
        return cleaned
    return cleaned[:max_length].rstrip()
