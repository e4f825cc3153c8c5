"""A network over time: per statement the median and the agreement at each moment
(lifecycle.OverTime in, a plotly figure out; no Streamlit).

Two panels, one above the other, with the statements as rows: the median (1–5)
and van der Eijk's agreement A (−1..1, with the cut-offs of "eens" and
"tegengesteld" as lines named in the legend). Each moment has its own colour *and*
marker shape, and one grey line per
statement joins its moments, so the movement reads without colour. Only figures
the anonymity rules allow are drawn (a moment with too few answers has no point).
The same figures, with the too-few and unanimous cases in words, are the table
`over_time_table`; `over_time_alt_text` is the sentence for a screen reader.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import get_args

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.readiness import FONT, FONT_SIZE, TEXT_COLOUR, THRESHOLD_COLOUR
from content.checkins import Checkins, Moment
from content.labels import number
from content.models import Content
from content.workshop import AgreementCutoffs
from lifecycle import AgreementTrend, Change, ItemOverTime, OverTime, view_text
from lifecycle import change_text as words_change_text
from workshop.aggregate import TooFew, View

# Moment styles: colour, shape and size all differ (>= 3:1 against white); the start
# is an open ring drawn larger, so a later point on the same spot stays visible in it.
MOMENT_STYLES: dict[Moment, tuple[str, str, int]] = {
    "start": ("#1F4E79", "circle-open", 20), "mid": ("#B35806", "triangle-up", 11),
    "end": ("#1B7837", "square", 9)}
LINK_COLOUR = "#8C8C8C"
LABEL_WRAP = 28  # characters per line of a statement's label
LINE_HEIGHT, ROW_PADDING = 18, 16  # px per line of a statement's label, and around it
LEGEND_ROOM = 120  # px
PANEL_GAP, MARGIN_TOP, MARGIN_BOTTOM = 110, 80, 20  # px


def _wrapped(text: str, width: int = LABEL_WRAP) -> str:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(html.escape(line) for line in lines)


def _label(content: Content, checkins: Checkins, item: ItemOverTime, lang: str) -> str:
    return checkins.statement_text(item.item_id, lang, content)


def _moment(checkins: Checkins, moment: Moment, lang: str) -> str:
    return checkins.texts[lang].moments[moment].title


def _has_figures(view: View) -> bool:
    return not isinstance(view, TooFew) and view.median is not None


def over_time_figure(content: Content, checkins: Checkins, view: OverTime, lang: str,
                     cutoffs: AgreementCutoffs) -> go.Figure:
    """Both panels, one above the other (each the page's full width, so the labels
    fit a phone), for the statements that have a figure at some moment."""
    m = content.messages[lang]
    items = [it for it in view.items if it.has_figures]
    labels = {it.item_id: _wrapped(_label(content, checkins, it, lang)) for it in items}
    order = [labels[it.item_id] for it in items]
    lines = max((labels[i].count("<br>") + 1 for i in labels), default=1)
    row_height = LINE_HEIGHT * lines + ROW_PADDING
    # The legend may stack to four lines on a phone: room for it beyond the panels.
    height = LEGEND_ROOM + MARGIN_TOP + 2 * row_height * max(1, len(items)) + PANEL_GAP
    # Room between the panels for the upper one's ticks and axis title, in pixels.
    gap = min(0.4, PANEL_GAP / (height - MARGIN_TOP - MARGIN_BOTTOM))
    fig = make_subplots(rows=2, cols=1, vertical_spacing=gap)
    for row, attr in ((1, "median"), (2, "agreement")):
        for it in items:
            points = [getattr(v, attr) for _, v in it.views if _has_figures(v)]
            if len(points) > 1:
                fig.add_trace(go.Scatter(
                    x=points, y=[labels[it.item_id]] * len(points), mode="lines",
                    line={"color": LINK_COLOUR, "width": 2}, hoverinfo="skip",
                    showlegend=False), row=row, col=1)
        for moment in view.moments:
            colour, symbol, size = MOMENT_STYLES[moment]
            xs, ys, texts = [], [], []
            for it in items:
                v = it.view_at(moment)
                if v is None or not _has_figures(v):
                    continue
                xs.append(getattr(v, attr))
                ys.append(labels[it.item_id])
                texts.append(_cell(m, v, lang))
            fig.add_trace(go.Scatter(
                x=xs, y=ys, mode="markers", name=html.escape(_moment(checkins, moment, lang)),
                legendgroup=moment, showlegend=(row == 1),
                marker={"color": colour, "symbol": symbol, "size": size,
                        "line": {"color": colour, "width": 3}},
                text=texts, hovertemplate="%{text}<extra>%{fullData.name}</extra>"),
                row=row, col=1)
    for value, key, dash in ((cutoffs.agree_from, "checkin.chart_agree_line", "dash"),
                             (cutoffs.opposed_below, "checkin.chart_opposed_line", "dot")):
        line = {"color": THRESHOLD_COLOUR, "dash": dash, "width": 2}
        fig.add_vline(x=value, line=line, row=2, col=1)
        # The cut-offs named in the legend, beside the moments (no label to overlap).
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line=line,
                                 name=m[key].format(value=number(value, lang)),
                                 hoverinfo="skip"), row=2, col=1)
    dark = {"size": FONT_SIZE, "color": TEXT_COLOUR}
    fig.update_xaxes(range=[0.7, 5.3], tickvals=[1, 2, 3, 4, 5], tickfont=dark,
                     title={"text": m["checkin.chart_title_median"], "font": dark},
                     row=1, col=1)
    fig.update_xaxes(range=[-1.05, 1.05], tickfont=dark,
                     tickvals=[-1, cutoffs.opposed_below, cutoffs.agree_from, 1],
                     title={"text": m["checkin.chart_title_agreement"], "font": dark},
                     row=2, col=1)
    for row in (1, 2):
        fig.update_yaxes(categoryorder="array", categoryarray=order, autorange="reversed",
                         tickfont=dark, row=row, col=1)
    fig.update_layout(
        font={"family": FONT, "size": FONT_SIZE, "color": TEXT_COLOUR},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "font": dark},
        margin={"l": 10, "r": 20, "t": MARGIN_TOP, "b": MARGIN_BOTTOM},
        height=height, plot_bgcolor="#FFFFFF")
    return fig


def _cell(m: dict[str, str], view: View, lang: str) -> str:
    return view_text(m, view, lang)


def change_text(content: Content, checkins: Checkins, change: Change, lang: str) -> str:
    """"meer eens, hoger (Startcheck → Oogst)"."""
    return words_change_text(content.messages[lang], checkins, change, lang)


def over_time_table(content: Content, checkins: Checkins, view: OverTime, lang: str
                    ) -> tuple[list[str], list[list[str]]]:
    """The chart's figures as rows of text: the statement, its rule, one cell per
    moment (in words when there are too few answers or all agree), the latest
    change. Plain text (the caller escapes it for its format)."""
    m = content.messages[lang]
    headers = [m["checkin.table_statement"], m["checkin.table_rule"],
               *(_moment(checkins, mo, lang) for mo in view.moments),
               m["checkin.table_change"]]
    rows: list[list[str]] = []
    for it in view.items:
        rule = content.rule_label(it.rule_id, lang, short=True) if it.rule_id else ""
        cells = []
        for mo in view.moments:
            v = it.view_at(mo)
            cells.append(m["checkin.cell_not_asked"] if v is None else _cell(m, v, lang))
        last = it.last_change
        rows.append([_label(content, checkins, it, lang), rule, *cells,
                     m["checkin.cell_not_asked"] if last is None
                     else change_text(content, checkins, last, lang)])
    return headers, rows


def over_time_alt_text(content: Content, checkins: Checkins, view: OverTime,
                       lang: str) -> str:
    """One paragraph a screen reader reads instead of the chart."""
    m = content.messages[lang]
    shown = sum(1 for it in view.items if it.has_figures)
    trends: Counter[str] = Counter(it.last_change.agreement for it in view.items
                                   if it.last_change)
    order = get_args(AgreementTrend)
    changes = ", ".join(f"{trends[t]} × {m[f'checkin.trend_{t}']}" for t in order
                        if trends[t]) or m["checkin.chart_alt_no_change"]
    return m["checkin.chart_alt"].format(
        moments=", ".join(_moment(checkins, mo, lang) for mo in view.moments),
        shown=shown, total=len(view.items), changes=changes)
