"""The Markdown report and the chart builders: same figures as the scoring, text
alternatives, no colour-only meaning, user text made inert."""

from __future__ import annotations

import plotly.graph_objects as go

from charts import bar_figure, chart_alt_text, radar_figure, rule_table
from content.models import Content
from guidance import build_guidance
from reports import results_markdown
from reports.format import escape_markdown, score_text
from scoring import assess
from scoring.answers import Answers
from tests.conftest import ready_plan


def md(content: Content, answers: Answers, title: str = "Plan", lang: str = "nl") -> str:
    r = assess(content, answers)
    return results_markdown(content, r, build_guidance(content, r, answers, lang), answers,
                            title, lang)


def test_report_holds_the_scores(content: Content) -> None:
    answers = {**ready_plan(), "coordinator": "nobody", "group_size": 15, "hard_core": "no_core"}
    r = assess(content, answers)
    text = md(content, answers)
    assert f"**Totaal:** {score_text(r.overall)} — Nog niet klaar" in text
    for rs in r.rules:
        assert f"| {score_text(rs.score)} |" in text
    assert "Er is geen coördinator" in text
    assert "Grote groep zonder vaste kern" in text
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


def test_bars_carry_score_and_band_as_text_and_pattern(content: Content) -> None:
    answers = {**ready_plan(), "coordinator": "nobody", "meeting_hours": 1}
    r = assess(content, answers)
    fig = bar_figure(content, r, "en")
    texts = [tx for trace in fig.data for tx in trace.text]
    assert len(texts) == 10
    assert all("·" in tx for tx in texts)  # "<score> · <band>"
    shapes = {trace.marker.pattern.shape for trace in fig.data}
    assert len(shapes) == len(fig.data)  # each band its own pattern, not colour alone


def test_alt_text_and_table_name_every_rule(content: Content) -> None:
    r = assess(content, ready_plan())
    alt = chart_alt_text(content, r, "en")
    for rule in content.rules:
        assert rule.texts["en"].short in alt
    rows = rule_table(content, r, "nl")
    assert len(rows) == 10 and set(rows[0]) == {"Regel", "Score", "Oordeel", "Beantwoord"}


def test_large_variant_for_projectors(content: Content) -> None:
    r = assess(content, ready_plan())
    small, large = bar_figure(content, r, "nl"), bar_figure(content, r, "nl", large=True)
    assert large.layout.font.size > small.layout.font.size
