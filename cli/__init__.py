"""Vonk's command line: score exported assessments without the UI (see cli.score)."""
