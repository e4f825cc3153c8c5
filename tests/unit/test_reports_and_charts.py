"""The report document in every format and the chart builders: same figures as the
scoring, text alternatives, no colour-only meaning, user text made inert."""

from __future__ import annotations

import io
import re

import plotly.graph_objects as go
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from charts import bar_figure, chart_alt_text, radar_figure
from charts.readiness import TONE_COLOURS, TONE_PATTERNS
from content.labels import band_label, score_text
from content.models import Content
from evaluation import evaluate
from reports import (
    Table,
    format_cell,
    rule_table,
    scenario_document,
    summary_document,
    to_markdown,
    to_pdf,
    to_text,
)
from reports.format import escape_markdown
from scoring import assess
from scoring.answers import Answers
from tests.conftest import ready_plan
from tests.unit.strategies import CONTENT, answer_sets


def md(content: Content, answers: Answers, title: str = "Plan", lang: str = "nl") -> str:
    return to_markdown(scenario_document(content, evaluate(content, answers, lang), title),
                       content)


def test_report_holds_the_scores(content: Content) -> None:
    answers = {**ready_plan(), "coordinator": "nobody", "group_size": 15, "hard_core": "no_core"}
    r = assess(content, answers)
    text = md(content, answers)
    assert f"**Nog niet klaar · totaalscore {score_text(r.overall)} van 100**" in text
    for rs in r.rules:
        assert f"| {score_text(rs.score)} |" in text
    assert "Er is geen coördinator" in text
    assert "Grote groep zonder harde kern" in text
    assert "## Uw eerste drie stappen" in text


def test_report_in_english(content: Content) -> None:
    text = md(content, ready_plan(), lang="en")
    assert "Ready to start" in text and "Score per rule" in text


def test_user_text_cannot_inject_markdown_or_html(content: Content) -> None:
    evil = "<img src=x onerror=alert(1)> [klik](javascript:alert(1)) ![t](http://x/t.png)"
    text = md(content, {**ready_plan(), "theme_text": evil}, title=evil)
    assert "<img" not in text and "](javascript" not in text and "![t](" not in text
    assert escape_markdown(evil) in text


def test_radar_has_all_rules_and_thresholds(content: Content) -> None:
    r = assess(content, ready_plan())
    fig = radar_figure(content, r, "nl")
    assert isinstance(fig, go.Figure)
    plan = fig.data[-1]
    assert len(plan.r) == 11 and plan.r[0] == plan.r[-1]  # closed polygon
    names = [t.name for t in fig.data]
    assert any("Bijna klaar" in n for n in names) and any("Klaar om te starten" in n for n in names)


def test_bars_carry_score_as_text_and_band_as_legend_and_pattern(content: Content) -> None:
    answers = {**ready_plan(), "coordinator": "nobody", "meeting_hours": 1}
    r = assess(content, answers)
    fig = bar_figure(content, r, "en")
    texts = [tx for trace in fig.data for tx in trace.text]
    # Only the score beside a bar (a long "score · band" was cut off on the right);
    # the band is the trace's name in the legend, with its own pattern.
    assert sorted(texts) == sorted(score_text(rs.score) for rs in r.rules)
    assert {trace.name for trace in fig.data} <= {
        band_label(content.messages["en"], b) for b in [*content.scoring.band_ids, None]}
    shapes = {trace.marker.pattern.shape for trace in fig.data}
    assert len(shapes) == len(fig.data)  # each band its own pattern, not colour alone


def test_alt_text_and_table_name_every_rule(content: Content) -> None:
    r = assess(content, ready_plan())
    alt = chart_alt_text(content, r, "en")
    for rule in content.rules:
        assert rule.texts["en"].short in alt
    table = rule_table(content, r, "nl")
    assert len(table.rows) == 10 and table.head == ["Regel", "Score", "Oordeel", "Beantwoord"]


def test_large_variant_for_projectors(content: Content) -> None:
    r = assess(content, ready_plan())
    small, large = bar_figure(content, r, "nl"), bar_figure(content, r, "nl", large=True)
    assert large.layout.font.size > small.layout.font.size


def test_bar_colours_and_patterns_follow_the_band_tone(content: Content) -> None:
    answers = {**ready_plan(), "coordinator": "nobody", "meeting_hours": 1}
    r = assess(content, answers)
    fig = bar_figure(content, r, "en")
    by_name = {band_label(content.messages["en"], b.id): b.tone for b in content.scoring.bands}
    bars = [t for t in fig.data if t.name in by_name]
    assert bars
    for trace in bars:
        assert trace.marker.color == TONE_COLOURS[by_name[trace.name]]
        assert trace.marker.pattern.shape == TONE_PATTERNS[by_name[trace.name]]


def test_summary_for_the_command_line(content: Content) -> None:
    answers = {**ready_plan(), "coordinator": "nobody", "group_size": 15, "hard_core": "no_core"}
    ev = evaluate(content, answers, "nl")
    text = to_text(summary_document(content, ev), content)
    assert f"Nog niet klaar · totaalscore {score_text(ev.readiness.overall)} van 100" in text
    assert "Blokkades:\n  - Er is geen coördinator" in text
    assert "] Grote groep zonder harde kern" in text
    for rs in ev.readiness.rules:
        assert re.search(rf"^{re.escape(content.rule_label(rs.rule_id, 'nl', short=True))}"
                         rf"\s+{re.escape(score_text(rs.score))}\s", text, re.M)


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(data)).pages)


def _rule_table(content: Content, tables: list[Table], lang: str) -> Table:
    return next(t for t in tables if t.head[0] == content.messages[lang]["table.rule"])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answer_sets(), lang=st.sampled_from(["nl", "en"]))
def test_every_format_shows_the_same_score_per_rule(answers: Answers, lang: str) -> None:
    content = CONTENT
    ev = evaluate(content, answers, lang)
    doc = scenario_document(content, ev, "Plan")
    table = _rule_table(content, doc.tables(), lang)
    markdown, text = to_markdown(doc, content), to_text(doc, content)
    pdf = _pdf_text(to_pdf(doc, content))
    for rs, row in zip(ev.readiness.rules, table.rows, strict=True):
        score = score_text(rs.score)
        label, band = content.rule_label(rs.rule_id, lang), band_label(content.messages[lang],
                                                                       rs.band)
        assert format_cell(row[1], content, lang) == score
        assert f"| {label} | {score} | {band} | {rs.answered}/{rs.total} |" in markdown
        assert re.search(rf"^{re.escape(label)}\s+{re.escape(score)}\s+{re.escape(band)}\s",
                         text, re.M)
        assert f"{label} {score} {band} {rs.answered}/{rs.total}" in pdf


# ---------------------------------------------------------------- issue 7, item 4
# The autolink literals of Streamlit's Markdown (remark-gfm; mdast-util-gfm-autolink-
# literal, as bundled in streamlit/static/.../StreamlitMarkdown.*.js), in Python. JS's
# \w is ASCII; the e-mail pattern's look-behind is left out, which only finds more.
GFM_AUTOLINKS = [re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.I | re.A),
                 re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.A)]
URLS = ["http://evil.example/track.png", "https://a.example", "HTTPS://A.EXAMPLE/x",
        "www.evil.example", "WWW.EVIL.EXAMPLE", "mail me@evil.example", "mailto:a@b.example",
        "xmpp:a@b.example", "ftp://x.example", "(see http://x.example)", "<http://x.example>"]


def autolinks(markdown: str) -> list[str]:
    return [m.group(0) for pattern in GFM_AUTOLINKS for m in pattern.finditer(markdown)]


def test_urls_in_user_text_are_never_autolinked(content: Content) -> None:
    """Was: a URL in a name or answer became a clickable link on screen."""
    for url in URLS:
        assert autolinks(url) or "ftp" in url  # the pattern does find the raw text
        shown = escape_markdown(url)
        assert autolinks(shown) == [], (url, shown)
        assert shown.replace("\u2060", "").replace("\\", "") == \
            url.replace("<", "&lt;").replace(">", "&gt;")  # the same words
    text = md(content, {**ready_plan(), "theme_text": " ".join(URLS)}, title=" ".join(URLS))
    assert "http://" not in text and "www." not in text.lower() and "@evil" not in text


def test_an_image_in_user_text_stays_inert(content: Content) -> None:
    """`![t](http://…/track.png)` in a scenario name must not make the browser fetch it."""
    evil = "![t](http://evil.example/track.png) ![](//evil.example/x.png)"
    shown = escape_markdown(evil)
    assert "![" not in shown and "](" not in shown and autolinks(shown) == []
    assert shown.startswith("\\!\\[t\\]\\(")
    text = md(content, ready_plan(), title=evil)
    assert "![" not in text and "](" not in text and shown in text


def test_reports_show_no_score_and_no_all_clear_with_too_few_answers(content: Content) -> None:
    """The screen shows no score and no "no clashes" while too little is answered;
    the report and the command line's summary say the same (issue 8.3)."""
    answers: Answers = {"group_size": 9, "meeting_hours": 3.5}
    ev = evaluate(content, answers, "nl")
    assert not ev.readiness.enough_answered
    m = content.messages["nl"]
    for doc in (scenario_document(content, ev, "Plan"), summary_document(content, ev)):
        text = to_text(doc, content)
        assert "van 100" not in text
        assert band_label(m, None) in text.splitlines()[0:8]
        assert m["result.no_findings"] not in text
    report = to_text(scenario_document(content, ev, "Plan"), content)
    assert m["result.findings_incomplete"] in report


def test_reports_keep_open_points_apart_from_blockers(content: Content) -> None:
    """An unanswered owner is an open critical point, not a blocker, in every report."""
    answers = ready_plan()
    del answers["responsible"]
    ev = evaluate(content, answers, "nl")
    assert ev.readiness.open_points and not ev.readiness.verdict_blockers
    m = content.messages["nl"]
    for doc in (scenario_document(content, ev, "Plan"), summary_document(content, ev)):
        text = to_text(doc, content)
        assert m["result.open_points"] in text and m["result.blockers"] not in text
    report = to_text(scenario_document(content, ev, "Plan"), content)
    assert all(line in report for line in ev.cap_reasons)
