"""One evaluation of a plan: everything Vonk concludes from its answers (pure Python)."""

from evaluation.evaluate import Evaluation, evaluate

__all__ = ["Evaluation", "evaluate"]
