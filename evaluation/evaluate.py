"""The one evaluation of a plan's answers: the readiness scores, the guidance, the
investment estimate and how complete the plan is. Every view and every report
(screen, Markdown, PDF, text, CSV/XLSX, the CLI and the comparison) starts from
an ``Evaluation`` made by ``evaluate``; none of them scores on its own."""

from __future__ import annotations

from dataclasses import dataclass

from content.models import Content, InvestmentRates
from evaluation.explain import cap_reasons
from guidance import Guidance, build_guidance
from investment import Estimate, estimate
from scoring.answers import Answers
from scoring.engine import Readiness, assess


@dataclass(frozen=True)
class Evaluation:
    answers: Answers
    readiness: Readiness
    guidance: Guidance  # texts in `lang`
    estimate: Estimate
    rates: InvestmentRates  # the rates the estimate used
    lang: str
    # Why the band is lower than the average's (one line per cap that bites, in
    # `lang`); the caps themselves are readiness.caps.
    cap_reasons: tuple[str, ...] = ()

    @property
    def completeness(self) -> float:
        """Share of the scored questions answered ("weet ik niet" not counted)."""
        return self.readiness.completeness


def evaluate(content: Content, answers: Answers, lang: str,
             rates: InvestmentRates | None = None) -> Evaluation:
    """Score, advise and estimate one plan; `rates` default to content/investment.yaml."""
    used_rates = rates or content.investment.rates
    readiness = assess(content, answers)
    return Evaluation(answers=dict(answers), readiness=readiness,
                      guidance=build_guidance(content, readiness, answers, lang),
                      estimate=estimate(answers, used_rates, content.investment.inputs),
                      rates=used_rates, lang=lang,
                      cap_reasons=cap_reasons(content, readiness, lang))
