"""Vonk's guidance: advice, next steps and practice tips for a scored plan."""

from guidance.advice import AdviceItem, Guidance, NextStep, TipItem, build_guidance

__all__ = ["AdviceItem", "Guidance", "NextStep", "TipItem", "build_guidance"]
