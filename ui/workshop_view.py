"""Drawing pieces of the live workshop's pages (shared screen, phones, the
facilitator's controls): the light frame, the QR code, the "k of N answered"
line and the revealed result of a statement. They take what the workshop service
returns and lay it out; nothing here reads an answer. Text from the content and
the catalogues is escaped before it goes into HTML.

Polling: each page's `st.fragment(run_every=...)` compares the workshop's version
(`changed_since`) and recomputes only when it moved; what it computed is kept in
the session under that version (`remember`/`remembered`), so a tick with nothing
new redraws from memory without a query beyond the version read.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import segno
import streamlit as st

from content.checkins import UNRULED_BLOCK, default_checkins
from content.labels import number
from content.models import LANGUAGES, SCALE, UNKNOWN
from services.plans import public_base_url
from services.workshop import Progress, RulePrompts, RuleResult, StatementResult
from ui.i18n import lang, t
from ui.resources import get_content, get_workshop_service
from ui.session import LANG as LANG_KEY
from ui.session import WORKSHOP_CACHE
from workshop.aggregate import Shift, Summary, TooFew, Unanimous, View
from workshop.codes import normalise_code

T = TypeVar("T")
V = TypeVar("V")

CSS = (Path(__file__).resolve().parent / "workshop.css").read_text(encoding="utf-8")
JOIN_PAGE = "doe-mee"
JOIN_ROUTE = "J"  # /J/K7M2NP: uppercase, so the QR code stays in alphanumeric mode
_CACHE = WORKSHOP_CACHE


def frame(language: str | None, *, wide: bool) -> None:
    """The light frame of a workshop page: the workshop's language (else ?lang=,
    else Dutch), the layout, the style and <html lang>. No plan, no menu."""
    from ui.shell import draw_head

    if language not in LANGUAGES:
        wanted = (st.query_params.get(LANG_KEY) or "").lower()
        language = wanted if wanted in LANGUAGES else LANGUAGES[0]
    st.session_state[LANG_KEY] = language
    st.set_page_config(page_title=t("workshop.page_title"),
                       page_icon=":material/local_fire_department:",
                       layout="wide" if wide else "centered", initial_sidebar_state="collapsed")
    draw_head()
    st.html(f"<style>{CSS}</style>")


# ----------------------------------------------------------------- polling
def changed_since(name: str, version: object) -> bool:
    """True when this view has not yet drawn `version` (a new one, or the first)."""
    seen = st.session_state.get(_CACHE + name)
    return not (isinstance(seen, tuple) and seen[0] == version)


def remember(name: str, version: object, value: T) -> T:
    st.session_state[_CACHE + name] = (version, value)
    return value


def remembered(name: str, version: object, compute: Callable[[], T]) -> T:
    """`compute()` once per version of the workshop; the kept value otherwise."""
    seen = st.session_state.get(_CACHE + name)
    if isinstance(seen, tuple) and seen[0] == version:
        return seen[1]
    return remember(name, version, compute())


def kept(name: str) -> tuple[object, object] | None:
    """(version, value) this view last remembered, whatever the version; None."""
    seen = st.session_state.get(_CACHE + name)
    return seen if isinstance(seen, tuple) else None


def forget(name: str) -> None:
    st.session_state.pop(_CACHE + name, None)


def hand_over(name: str, version: object, value: object) -> None:
    """A full run that has just read the workshop (and drawn from it) keeps what it
    read for its fragment: the fragment's call in that same run then compares this
    version without reading it again (`version_now`)."""
    remember(name, version, value)
    st.session_state[_CACHE + name + ":handed"] = True


def version_now(name: str, read: Callable[[], V]) -> V:
    """The version a fragment call compares: the one its full run handed over
    (once), else `read()` (a tick: one version read)."""
    seen = st.session_state.get(_CACHE + name)
    if st.session_state.pop(_CACHE + name + ":handed", False) and isinstance(seen, tuple):
        return seen[0]
    return read()


def refresh_button(key: str) -> None:
    """The visible fallback when a browser's timer was lost (the notes on Streamlit's
    timers): a full run re-arms it."""
    st.button(t("workshop.refresh"), key=key, icon=":material/refresh:", type="tertiary",
              help=t("workshop.refresh_help"))


# ----------------------------------------------------------------- links
def base_url() -> str:
    try:
        seen = st.context.url
    except (AttributeError, RuntimeError):
        seen = None
    return public_base_url(seen)


def join_url(code: str) -> str:
    """The QR code's address: /J/K7M2NP with the scheme and host in capitals (both
    are case-insensitive), so the whole address fits QR's alphanumeric mode and
    the code gets bigger modules (version 2 against 4 for a lowercase ?code=)."""
    stored = normalise_code(code) or ""
    parts = urlsplit(base_url())
    head = f"{parts.scheme}://{parts.netloc}".upper()
    return f"{head}{parts.path.rstrip('/')}/{JOIN_ROUTE}/{stored}"


def join_page_url() -> str:
    """Where a participant types the code (shown beside the QR)."""
    parts = urlsplit(base_url())
    return f"{parts.netloc}{parts.path.rstrip('/')}/{JOIN_PAGE}"


def page_link(page: str, **params: str) -> str:
    from urllib.parse import urlencode

    return f"{base_url().rstrip('/')}/{page}?{urlencode(params)}"


def qr_svg(url: str, alt: str) -> str:
    """The QR code as an SVG document (segno) with a <title> saying what it is and
    the address it opens, as a data: URI. No image from elsewhere."""
    qr = segno.make(url, error="m")
    uri: str = qr.svg_data_uri(scale=1, border=2, omitsize=True, title=alt, dark="#000000",
                               light="#FFFFFF")
    return uri


def qr_html(url: str, alt: str) -> str:
    """The QR code for the page: the SVG in an <img> (Streamlit's HTML sanitiser
    drops inline <svg>), with the same text as its alt text."""
    return f'<img class="ws-qr" src="{esc(qr_svg(url, alt))}" alt="{esc(alt)}">'


# ----------------------------------------------------------------- text
def esc(text: str) -> str:
    return html.escape(text, quote=True)


def statement_label(statement_id: str, language: str | None = None) -> str:
    """A statement's words: a scan question's, else a check-in statement's (a
    moment's workshop rates those)."""
    language = language or lang()
    content = get_content()
    for rule in content.rules:
        texts = rule.texts[language].questions
        if statement_id in texts:
            return texts[statement_id].label
    own = default_checkins().texts[language].statements.get(statement_id)
    return own.text if own is not None else statement_id


def rule_label(rule_id: str) -> str:
    """A block's heading: the golden rule's label; a moment's block of statements
    without a rule has a heading of its own."""
    if rule_id == UNRULED_BLOCK:
        return t("wspulse.block_other")
    return get_content().rule_label(rule_id, lang())


def value_label(value: Any) -> str:
    if value == UNKNOWN:
        return t("answer.unknown")
    return f"{value} · {t(f'scale.{value}')}"


def clock_text(seconds: int) -> str:
    """Seconds as a countdown shows them: 2:05, 0:09."""
    return f"{seconds // 60}:{seconds % 60:02d}"


def timer_html(left: int | None) -> str:
    """The facilitator's timer for the shared screen (role "timer": read out when
    asked, not every second), or nothing when none runs."""
    if left is None:
        return ""
    text = t("workshop.screen.timer_done") if left == 0 else \
        t("workshop.screen.timer_left", time=clock_text(left))
    done = " ws-timer-done" if left == 0 else ""
    return (f'<p class="ws-timer{done}" role="timer" '
            f'aria-label="{esc(t("workshop.screen.timer_aria"))}">{esc(text)}</p>')


def progress_text(progress: Progress) -> str:
    return t("workshop.progress", answered=progress.answered, of=progress.of)


def median_text(median: float) -> str:
    return number(median, lang(), decimals=None if median % 1 else 0)


def agreement_label(label: str | None) -> str:
    return t(f"workshop.label.{label}") if label else t("workshop.label.none")


def _distribution(view: Summary) -> str:
    """Counts per answer as a table (the text alternative is the table itself): one
    column per answer, a bar that only repeats the count (aria-hidden), the count
    under it. Compact enough for a projector's height."""
    assert view.counts is not None and view.unknown is not None
    cells = [*((str(x), value_label(x), c) for x, c in view.counts),
             ("?", t("answer.unknown"), view.unknown)]
    top = max(c for _, _, c in cells) or 1
    head = "".join(f'<th scope="col"><span aria-hidden="true">{esc(short)}</span>'
                   f'<span class="ws-sr">{esc(label)}</span></th>' for short, label, _ in cells)
    bars = "".join(f'<td class="ws-bar-cell" aria-hidden="true"><span class="ws-bar" '
                   f'style="height:{round(100 * c / top)}%"></span></td>' for _, _, c in cells)
    counts = "".join(f'<td class="ws-count">{c}</td>' for _, _, c in cells)
    return (f'<table class="ws-dist"><caption class="ws-sr">{esc(t("workshop.distribution"))}'
            f'</caption><thead><tr>{head}</tr></thead><tbody>'
            f'<tr class="ws-bars" aria-hidden="true">{bars}</tr>'
            f'<tr>{counts}</tr></tbody></table>'
            f'<p class="ws-legend">{esc(t("workshop.legend"))}</p>')


def view_html(view: Progress | View, *, compact: bool = False) -> str:
    """One statement's result as the anonymity rules allow it: the words in one
    block, the counts per answer (when shown) in a second one beside it."""
    if isinstance(view, Progress):
        return f'<div class="ws-text"><p class="ws-progress">{esc(progress_text(view))}</p></div>'
    if isinstance(view, TooFew):
        text = t("workshop.too_few", answered=view.answered, minimum=view.minimum)
        return f'<div class="ws-text"><p class="ws-note">{esc(text)}</p></div>'
    parts: list[str] = []
    figure = ""
    if isinstance(view, Unanimous):
        text = (t("workshop.all_unknown") if view.value == UNKNOWN
                else t("workshop.unanimous", answer=value_label(view.value)))
        parts.append(f'<p class="ws-label ws-agree">{esc(text)}</p>')
        parts.append(f'<p class="ws-meta">{esc(t("workshop.answered", n=view.answered))}</p>')
    else:
        parts.append(f'<p class="ws-label ws-{view.label}">{esc(agreement_label(view.label))}'
                     f'<span class="ws-median"> · {esc(t("workshop.median"))} '
                     f'{esc(median_text(view.median))}</span></p>')
        parts.append(f'<p class="ws-meta">{esc(t("workshop.answered", n=view.answered))}</p>')
        if view.counts is not None and not compact:
            figure = f'<div class="ws-fig">{_distribution(view)}</div>'
        elif view.counts is None:
            parts.append(f'<p class="ws-note">{esc(t("workshop.no_distribution"))}</p>')
    return f'<div class="ws-text">{"".join(parts)}</div>{figure}'


def shift_text(moved: Shift) -> str:
    return t("workshop.shift", before=median_text(moved.median_before),
             after=median_text(moved.median_after),
             label_before=agreement_label(moved.label_before),
             label_after=agreement_label(moved.label_after))


def statement_html(item: StatementResult, *, compact: bool = False) -> str:
    """A statement with its result. In round 2: while it is voted, round 1 (in
    words) and "k of N answered"; once revealed, the shift first, then round 2 in
    full (round 1 in words only when there is no shift to sum it up)."""
    out = [f'<p class="ws-statement">{esc(statement_label(item.statement_id))}</p>']
    if item.round2 is None:
        out.append(view_html(item.round1, compact=compact))
    elif item.shift is not None:
        out.append(f'<p class="ws-shift">{esc(shift_text(item.shift))}</p>')
        out.append(f'<p class="ws-round">{esc(t("workshop.round", n=2))}</p>')
        out.append(view_html(item.round2, compact=compact))
    else:
        out.append(f'<p class="ws-round">{esc(t("workshop.round", n=1))}</p>')
        out.append(view_html(item.round1, compact=True))
        out.append(f'<p class="ws-round">{esc(t("workshop.round", n=2))}</p>')
        out.append(view_html(item.round2, compact=compact))
    return f'<div class="ws-item">{"".join(out)}</div>'


def _small_group(item: StatementResult) -> bool:
    return any(isinstance(view, Unanimous | Summary) and view.small_group
               for view in (item.round1, item.round2))


def statements_html(items: Sequence[StatementResult], *, compact: bool = False) -> str:
    """A rule's statements with their results, then, once for all of them, the note
    that one answer can move a small room's figures (not under each statement: a
    rule of four would say it four times, on a projector's precious height)."""
    out = [statement_html(item, compact=compact) for item in items]
    if any(_small_group(item) for item in items):
        below = get_workshop_service().settings.agreement.small_group_below
        note = t("workshop.small_group", n=below)
        out.append(f'<p class="ws-note">{esc(note)}</p>')
    return "".join(out)


def focus_html(heading: str, rule: RuleResult, prompts: RulePrompts | None) -> str:
    """The shared screen's band for the rule in focus: `heading` ("Now discussing"),
    the rule's name, its statements with their results as the service gives them
    (nothing unrevealed: "k of N answered") and, when given, its questions for the
    room with the handreiking section they rest on."""
    name = rule_label(rule.rule_id)
    out = [f'<p class="ws-focus-head">{esc(heading)}</p>',
           f'<p class="ws-focus-rule">{esc(name)}</p>',
           statements_html(rule.statements)]
    if prompts is not None and prompts.prompts:
        language, content = lang(), get_content()
        items = "".join(f"<li>{esc(p.text(language))}</li>" for p in prompts.prompts)
        sources = dict.fromkeys(content.section_heading(language, p.source)
                                for p in prompts.prompts)
        source = t("workshop_decide.prompt_source", section="; ".join(sources))
        out += [f'<p class="ws-prompts-head">{esc(t("wsdecide.prompts_heading"))}</p>',
                f'<ul class="ws-prompts">{items}</ul>',
                f'<p class="ws-source">{esc(source)}</p>']
    label = esc(f"{heading}: {name}")
    return f'<div class="ws-focus" role="region" aria-label="{label}">{"".join(out)}</div>'


def scale_options() -> list[Any]:
    return [*SCALE, UNKNOWN]
