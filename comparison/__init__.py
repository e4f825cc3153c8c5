"""Side-by-side comparison of scenarios (pure Python)."""

from comparison.compare import (
    MAX_SCENARIOS,
    Comparison,
    PairDiff,
    RuleRow,
    ScenarioResult,
    compare,
    differences,
    verdict,
)

__all__ = ["MAX_SCENARIOS", "Comparison", "PairDiff", "RuleRow", "ScenarioResult", "compare",
           "differences", "verdict"]
