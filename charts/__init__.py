"""Chart builders: pure functions from a scored plan (or a network over time) to
plotly figures."""

from charts.over_time import (
    change_text,
    over_time_alt_text,
    over_time_figure,
    over_time_table,
)
from charts.readiness import (
    CHART_CONFIG,
    bar_figure,
    chart_alt_text,
    comparison_radar,
    radar_figure,
)

__all__ = ["CHART_CONFIG", "bar_figure", "change_text", "chart_alt_text", "comparison_radar",
           "over_time_alt_text", "over_time_figure", "over_time_table", "radar_figure"]
