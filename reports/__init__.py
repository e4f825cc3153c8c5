"""Reports made from a scored plan (Markdown now; PDF and spreadsheets later)."""

from reports.markdown import results_markdown

__all__ = ["results_markdown"]
