"""Chart builders: pure functions from a scored plan to plotly figures."""

from charts.readiness import (
    CHART_CONFIG,
    bar_figure,
    chart_alt_text,
    comparison_radar,
    radar_figure,
)

__all__ = ["CHART_CONFIG", "bar_figure", "chart_alt_text", "comparison_radar", "radar_figure"]
