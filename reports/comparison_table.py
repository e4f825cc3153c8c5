"""The comparison of scenarios as one table (rows: rules, totals and investment;
a column per scenario): the same whole numbers as the screen shows, for CSV, XLSX
and PDF."""

from __future__ import annotations

from collections.abc import Sequence

from comparison import Comparison
from content.models import Content
from investment import Estimate
from investment.estimate import ROLES
from reports.format import band_label, money, score_text

Cell = str | float | int | None


def comparison_rows(content: Content, c: Comparison,
                    lang: str) -> tuple[list[str], list[list[Cell]]]:
    m = content.messages[lang]
    head = [m["table.rule"], *(s.name for s in c.scenarios)]
    rows: list[list[Cell]] = []
    for row in c.rows:
        rule = content.rule(row.rule_id)
        rows.append([f"{row.number}. {rule.texts[lang].short}",
                     *(None if x is None else round(x) for x in row.scores)])
    rows.append([m["result.overall"], *(None if s.readiness.overall is None
                                        else round(s.readiness.overall)
                                        for s in c.scenarios)])
    rows.append([m["table.band"], *(band_label(m, s.readiness.band) for s in c.scenarios)])
    rows.append([m["compare.participant_hours"],
                 *(round(s.estimate.participant_hours, 1) for s in c.scenarios)])
    rows.append([m["compare.role_hours"], *(round(s.estimate.role_hours, 1) for s in c.scenarios)])
    rows.append([m["compare.total_cost"], *(round(s.estimate.total_cost) for s in c.scenarios)])
    return head, rows


def delta_text(delta: float | None, lang_minus: str = "−") -> str:
    """Sign, arrow and number: never colour alone."""
    if delta is None:
        return ""
    rounded = round(delta)
    if rounded > 0:
        return f"▲ +{rounded}"
    if rounded < 0:
        return f"▼ {lang_minus}{abs(rounded)}"
    return "= 0"


def score_with_delta(score: float | None, delta: float | None, first: bool) -> str:
    return score_text(score) if first else f"{score_text(score)} ({delta_text(delta)})"


def investment_rows(content: Content, estimates: Sequence[Estimate], lang: str
                    ) -> list[list[str]]:
    """Hours per group and the total cost, one column per scenario (screen and PDF)."""
    m = content.messages[lang]
    rows = [[m["compare.participant_hours"], *(f"{e.participant_hours:.0f}" for e in estimates)]]
    for i, role in enumerate(ROLES):
        rows.append([m[f"compare.hours_{role}"], *(f"{e.roles[i].hours:.0f}" for e in estimates)])
    rows.append([m["compare.total_cost"], *(money(e.total_cost, lang) for e in estimates)])
    return rows
