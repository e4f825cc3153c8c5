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
# Labels: at least 14 px and dark on screen (18 px on a projector).
TEXT_COLOUR = "#1A1A1A"
FONT_SIZE, LARGE_FONT_SIZE = 14, 18
# Each band threshold on the radar its own dash and width, not only its own grey.
THRESHOLD_LINES = [{"dash": "dot", "width": 2}, {"dash": "dash", "width": 3},
                   {"dash": "dashdot", "width": 3}]
THRESHOLD_COLOUR = "#4D4D4D"
# A rule's label on the radar breaks into lines of at most this many characters,
# so the labels at both sides fit a phone's width (390 px).
RADAR_LABEL_WRAP = 12
RADAR_SIDE_MARGIN = 110  # px
# Passed to st.plotly_chart: no toolbar (it covered the chart on phones), no logo,
# the width of the page.
CHART_CONFIG: dict[str, object] = {"displayModeBar": False, "displaylogo": False,
                                   "responsive": True}


def _labels(content: Content, lang: str) -> list[str]:
    return [content.rule_label(r.id, lang, short=True) for r in content.rules]


def _wrapped(label: str, width: int = RADAR_LABEL_WRAP) -> str:
    """A label broken into short lines (plotly's <br>); words are never split."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def _colour(content: Content, band_id: str | None) -> str:
    tone = content.scoring.tone(band_id)
    return NO_SCORE_COLOUR if tone is None else TONE_COLOURS[tone]


def _pattern(content: Content, band_id: str | None) -> str:
    tone = content.scoring.tone(band_id)
    return NO_SCORE_PATTERN if tone is None else TONE_PATTERNS[tone]


def _polar_layout(fig: go.Figure, labels: list[str], *, large: bool,
                  height: int) -> go.Figure:
    """The layout both radars share; `large` is for projectors. The rules' labels
    are wrapped and the side margins leave them room on a phone."""
    size = LARGE_FONT_SIZE if large else FONT_SIZE
    dark = {"size": size, "color": TEXT_COLOUR}
    fig.update_layout(
        polar={"radialaxis": {"range": [0, 100], "tickvals": [0, 25, 50, 75, 100],
                              # between spokes 1 and 2, so the numbers cross no line
                              "angle": 72, "tickangle": 0, "tickfont": dark},
               "angularaxis": {"tickfont": dark, "direction": "clockwise",
                               "tickvals": labels,
                               "ticktext": [_wrapped(label) for label in labels]}},
        showlegend=True, legend={"orientation": "h", "y": -0.16, "font": dark},
        # Side margins hold the longest wrapped label (about 15 characters at 14 px).
        margin={"l": RADAR_SIDE_MARGIN, "r": RADAR_SIDE_MARGIN, "t": 60, "b": 70},
        font={"family": FONT, "size": size, "color": TEXT_COLOUR},
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
    for band, line in zip(content.scoring.bands[1:], THRESHOLD_LINES, strict=False):
        fig.add_trace(go.Scatterpolar(
            r=[band.min_score] * (len(labels) + 1), theta=[*labels, labels[0]],
            mode="lines", line={"color": THRESHOLD_COLOUR, **line},
            name=f"{m['chart.threshold']}: {band_label(m, band.id)} ({band.min_score:g})",
            hoverinfo="skip"))
    fig.add_trace(go.Scatterpolar(
        r=[*scores, scores[0]], theta=[*labels, labels[0]], fill="toself",
        name=m["chart.your_plan"], line={"color": "#1F4E79", "width": 3},
        fillcolor="rgba(31, 78, 121, 0.25)", marker={"size": 8, "symbol": "circle"},
        text=[*hover, hover[0]], hoverinfo="text"))
    return _polar_layout(fig, labels, large=large, height=500)


# The bar chart's x axis runs a little past 100, so a value label beside a full
# bar stays inside the plot.
BAR_AXIS_END = 105
BAND_LABEL_ROW = 20  # px between the stacked band labels above the bars


def bar_figure(content: Content, readiness: Readiness, lang: str,
               *, large: bool = False) -> go.Figure:
    """Bars per rule on the bands' backgrounds. Each bar: a solid fill in its band's
    tone with a dark outline (visible however short), the band's pattern in white
    and its score beside it; the band names sit above the plot, each on its own
    line, so none covers a bar."""
    m = content.messages[lang]
    labels = _labels(content, lang)
    bands = content.scoring.bands
    size = LARGE_FONT_SIZE if large else FONT_SIZE
    dark = {"size": size, "color": TEXT_COLOUR}
    fig = go.Figure()
    for i, band in enumerate(bands):
        upper = bands[i + 1].min_score if i + 1 < len(bands) else 100
        fig.add_vrect(x0=band.min_score, x1=upper, fillcolor=_colour(content, band.id),
                      opacity=0.08, line_width=0, layer="below")
        # The lowest band's name starts at 0, every other ends where its band ends:
        # each on its own row, so a narrow band's long name covers nothing.
        first = i == 0
        fig.add_annotation(
            x=band.min_score if first else upper, xref="x", xanchor="left" if first else "right",
            y=1, yref="paper", yanchor="bottom", yshift=(len(bands) - 1 - i) * BAND_LABEL_ROW,
            text=band_label(m, band.id), showarrow=False, font=dark)
    for band_id in [*content.scoring.band_ids, None]:
        idx = [i for i, rs in enumerate(readiness.rules) if rs.band == band_id]
        if not idx:
            continue
        name = band_label(m, band_id)
        colour = _colour(content, band_id)
        fig.add_trace(go.Bar(
            orientation="h", name=name,
            y=[labels[i] for i in idx],
            x=[readiness.rules[i].score or 0 for i in idx],
            text=[score_text(readiness.rules[i].score) for i in idx],
            textposition="outside", cliponaxis=False, textfont=dark,
            marker={"color": colour, "line": {"color": TEXT_COLOUR, "width": 1.5},
                    "pattern": {"shape": _pattern(content, band_id),
                                "fgcolor": "white", "fgopacity": 0.6, "solidity": 0.15,
                                # the pattern on top of the band's colour, not instead
                                "fillmode": "overlay"}},
            hovertemplate="%{y}: %{x:.0f}<extra>" + name + "</extra>"))
    fig.update_layout(
        barmode="overlay",
        # Ticks at the band thresholds, so each band's extent can be read off.
        xaxis={"range": [0, BAR_AXIS_END], "tickfont": dark,
               "tickvals": sorted({0, *(b.min_score for b in bands), 100}),
               "title": {"text": m["chart.score_axis"], "font": dark}},
        yaxis={"categoryorder": "array", "categoryarray": list(reversed(labels)),
               "tickfont": dark, "automargin": True},
        legend={"orientation": "h", "y": -0.2, "font": dark},
        # The right margin holds a full bar's "100" wherever the axis ends on a phone.
        margin={"l": 10, "r": 36, "t": 20 + len(bands) * BAND_LABEL_ROW, "b": 40},
        font={"family": FONT, "size": size, "color": TEXT_COLOUR},
        height=(600 if large else 500))
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
    return _polar_layout(fig, labels, large=large, height=520)
