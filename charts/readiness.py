"""Pure chart builders: a scored plan in, a plotly figure out (no Streamlit).

Colour is never the only carrier of meaning: bars carry their score and band as
text and a band-specific fill pattern; the radar marks band thresholds as labelled
rings. Each chart has a text alternative (``chart_alt_text``); the table of the
same numbers is ``reports.rule_table``. Colours and patterns follow a band's tone
(content/scoring.yaml), never its id.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from content.labels import band_label, score_text
from content.models import Content, Tone
from scoring.engine import Readiness

# Okabe-Ito-derived, distinguishable with common colour-vision deficiencies,
# all with >= 3:1 contrast against white.
TONE_COLOURS: dict[Tone, str] = {"negative": "#B2182B", "caution": "#8A6100",
                                 "positive": "#1B7837"}
TONE_PATTERNS: dict[Tone, str] = {"negative": "x", "caution": "/", "positive": ""}
NO_SCORE_COLOUR = "#6B6B6B"
NO_SCORE_PATTERN = "."
FONT = "Source Sans Pro, Arial, sans-serif"


def _labels(content: Content, lang: str) -> list[str]:
    return [content.rule_label(r.id, lang, short=True) for r in content.rules]


def _colour(content: Content, band_id: str | None) -> str:
    tone = content.scoring.tone(band_id)
    return NO_SCORE_COLOUR if tone is None else TONE_COLOURS[tone]


def _pattern(content: Content, band_id: str | None) -> str:
    tone = content.scoring.tone(band_id)
    return NO_SCORE_PATTERN if tone is None else TONE_PATTERNS[tone]


def _polar_layout(fig: go.Figure, *, large: bool, height: int) -> go.Figure:
    """The layout both radars share; `large` is for projectors."""
    size = 18 if large else 13
    fig.update_layout(
        polar={"radialaxis": {"range": [0, 100], "tickvals": [0, 25, 50, 75, 100],
                              # between spokes 1 and 2, so the numbers cross no line
                              "angle": 72, "tickangle": 0,
                              "tickfont": {"size": size - 3, "color": "#444444"}},
               "angularaxis": {"tickfont": {"size": size}, "direction": "clockwise"}},
        showlegend=True, legend={"orientation": "h", "y": -0.12, "font": {"size": size}},
        margin={"l": 60, "r": 60, "t": 30, "b": 40}, font={"family": FONT, "size": size},
        height=560 if large else height)
    return fig


def radar_figure(content: Content, readiness: Readiness, lang: str,
                 *, large: bool = False) -> go.Figure:
    m = content.messages[lang]
    labels = _labels(content, lang)
    scores = [rs.score if rs.score is not None else 0 for rs in readiness.rules]
    hover = [f"{lab}: {score_text(rs.score)}" for lab, rs in zip(labels, readiness.rules,
                                                                  strict=True)]
    fig = go.Figure()
    for band in content.scoring.bands[1:]:
        fig.add_trace(go.Scatterpolar(
            r=[band.min_score] * (len(labels) + 1), theta=[*labels, labels[0]],
            mode="lines", line={"color": "#767676", "dash": "dot", "width": 1},
            name=f"{m['chart.threshold']}: {band_label(m, band.id)} ({band.min_score:g})",
            hoverinfo="skip"))
    fig.add_trace(go.Scatterpolar(
        r=[*scores, scores[0]], theta=[*labels, labels[0]], fill="toself",
        name=m["chart.your_plan"], line={"color": "#1F4E79", "width": 3},
        fillcolor="rgba(31, 78, 121, 0.25)", marker={"size": 8, "symbol": "circle"},
        text=[*hover, hover[0]], hoverinfo="text"))
    return _polar_layout(fig, large=large, height=460)


def bar_figure(content: Content, readiness: Readiness, lang: str,
               *, large: bool = False) -> go.Figure:
    m = content.messages[lang]
    labels = _labels(content, lang)
    bands = content.scoring.bands
    fig = go.Figure()
    for i, band in enumerate(bands):
        upper = bands[i + 1].min_score if i + 1 < len(bands) else 100
        fig.add_vrect(x0=band.min_score, x1=upper, fillcolor=_colour(content, band.id),
                      opacity=0.08, line_width=0, layer="below",
                      annotation_text=band_label(m, band.id), annotation_position="top left",
                      annotation_font={"size": 12 if not large else 16})
    for band_id in [*content.scoring.band_ids, None]:
        idx = [i for i, rs in enumerate(readiness.rules) if rs.band == band_id]
        if not idx:
            continue
        name = band_label(m, band_id)
        fig.add_trace(go.Bar(
            orientation="h", name=name,
            y=[labels[i] for i in idx],
            x=[readiness.rules[i].score or 0 for i in idx],
            text=[f"{score_text(readiness.rules[i].score)} · {name}" for i in idx],
            textposition="outside", cliponaxis=False,
            marker={"color": _colour(content, band_id),
                    "pattern": {"shape": _pattern(content, band_id),
                                "fgcolor": "white", "solidity": 0.3}},
            hovertemplate="%{y}: %{x:.0f}<extra>" + name + "</extra>"))
    size = 18 if large else 13
    fig.update_layout(
        barmode="overlay", xaxis={"range": [0, 118], "tickvals": [0, 25, 50, 75, 100],
                                  "title": m["chart.score_axis"]},
        yaxis={"categoryorder": "array", "categoryarray": list(reversed(labels)),
               "tickfont": {"size": size}},
        legend={"orientation": "h", "y": -0.18, "font": {"size": size}},
        margin={"l": 10, "r": 10, "t": 30, "b": 40}, font={"family": FONT, "size": size},
        height=(560 if large else 440))
    return fig


def chart_alt_text(content: Content, readiness: Readiness, lang: str) -> str:
    """One sentence a screen reader can read instead of the charts."""
    m = content.messages[lang]
    parts = []
    for rs in readiness.rules:
        band = band_label(m, rs.band)
        parts.append(f"{content.rule_label(rs.rule_id, lang, short=True)} "
                     f"{score_text(rs.score)} ({band})")
    return m["chart.alt"].format(scores="; ".join(parts))


COMPARE_STYLES = [("#1F4E79", "solid", "circle"), ("#B35806", "dash", "square"),
                  ("#1B7837", "dot", "diamond"), ("#762A83", "dashdot", "triangle-up")]


def comparison_radar(content: Content, named: list[tuple[str, Readiness]], lang: str,
                     *, large: bool = False) -> go.Figure:
    """2-4 scenarios on one radar; told apart by line style and marker, not colour alone."""
    labels = _labels(content, lang)
    fig = go.Figure()
    for (name, readiness), (colour, dash, symbol) in zip(named, COMPARE_STYLES, strict=False):
        scores = [rs.score if rs.score is not None else 0 for rs in readiness.rules]
        fig.add_trace(go.Scatterpolar(
            # plotly reads names as pseudo-HTML: the users' own text is escaped.
            r=[*scores, scores[0]], theta=[*labels, labels[0]], name=html.escape(name),
            mode="lines+markers",
            line={"color": colour, "dash": dash, "width": 3},
            marker={"symbol": symbol, "size": 9}))
    return _polar_layout(fig, large=large, height=480)
