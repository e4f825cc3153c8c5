"""Expert cases (tests/cases/*.yaml): plans from the handreiking's text and its
interviews, each naming the passage it rests on, with the band, blockers, weak
rules, findings and advice an expert reading the handreiking would expect."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, Field

from content.models import Content
from evaluation import evaluate
from scoring import clean_answers
from tests.conftest import ready_plan

CASES = Path(__file__).resolve().parents[1] / "cases"


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")
    band: str | None
    blockers: list[str]
    weak_rules: list[str]
    findings: list[str]
    advice: list[str] = Field(default_factory=list)
    no_advice: list[str] = Field(default_factory=list)


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    source: str
    passage: str = Field(min_length=40)
    base: Literal["ready", "empty"]
    answers: dict[str, Any]
    expect: Expect


def _load(path: Path) -> Case:
    return Case.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


FILES = sorted(CASES.glob("*.yaml"))


def test_at_least_twelve_cases_each_naming_its_passage(content: Content) -> None:
    assert len(FILES) >= 12
    for path in FILES:
        case = _load(path)
        assert case.id == path.stem
        assert case.source in content.sections, path.name


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_expert_case(content: Content, path: Path) -> None:
    case = _load(path)
    raw = {**(ready_plan() if case.base == "ready" else {}), **case.answers}
    raw = {k: v for k, v in raw.items() if v is not None}
    answers, problems = clean_answers(content, raw)
    assert not problems, problems  # the case uses today's question ids
    ev = evaluate(content, answers, "nl")
    r = ev.readiness
    top = content.scoring.bands[-1].id
    got = {
        "band": r.band,
        "blockers": sorted(b.blocker_id for b in r.blockers),
        "weak_rules": sorted(rs.rule_id for rs in r.rules if rs.band != top),
        "findings": sorted(f.check_id for f in r.findings),
    }
    want = {"band": case.expect.band, "blockers": sorted(case.expect.blockers),
            "weak_rules": sorted(case.expect.weak_rules),
            "findings": sorted(case.expect.findings)}
    given = {a.advice_id for a in ev.guidance.all_advice()}
    assert got == want, f"{case.id} ({case.source})"
    assert set(case.expect.advice) <= given, f"{case.id}: missing advice"
    assert not set(case.expect.no_advice) & given, f"{case.id}: unexpected advice"
