"""Side-by-side comparison of scenarios (pure Python)."""

from comparison.compare import Comparison, PairDiff, RuleRow, ScenarioResult, compare, verdict

__all__ = ["Comparison", "PairDiff", "RuleRow", "ScenarioResult", "compare", "verdict"]
