"""Discussion prompts: the content (every rule, both languages, a known section,
errors naming file and field), the pure choice of the most divided and the lowest
rules (hand-made cases), and the service giving them only after a reveal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from content.loader import CONTENT_DIR, ContentError
from content.models import UNKNOWN, Content
from content.workshop import (
    PromptSettings,
    default_workshop_prompts,
    default_workshop_settings,
    load_workshop_prompts,
)
from services.plans import PlanService
from services.workshop import Joined, WorkshopService
from storage import PlanStore
from storage.workshops import WorkshopStore
from workshop.aggregate import View, Vote, aggregate
from workshop.group import statements
from workshop.phases import Phase
from workshop.prompts import pick_prompts, rule_level

SETTINGS = default_workshop_settings()
CUT = SETTINGS.agreement
ANON = SETTINGS.anonymity


def _views(*rooms: list[Vote]) -> list[View]:
    return [aggregate(votes, ANON, CUT) for votes in rooms]


def test_every_rule_has_a_prompt_for_divided_and_for_low_in_both_languages(
        content: Content) -> None:
    prompts = default_workshop_prompts()
    for rule in content.rules:
        for when in ("divided", "low"):
            mine = [p for p in prompts if p.rule == rule.id and p.when == when]
            assert mine, (rule.id, when)
            for p in mine:
                assert p.source in content.sections and p.nl != p.en
                assert p.nl.endswith("?") and p.en.endswith("?")  # questions, not verdicts


@pytest.fixture
def prompts_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    target.mkdir()
    shutil.copy(CONTENT_DIR / "workshop_prompts.yaml", target / "workshop_prompts.yaml")
    return target


def _rewrite(root: Path, change) -> None:  # type: ignore[no-untyped-def]
    path = root / "workshop_prompts.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _problems(root: Path, content: Content) -> list[str]:
    with pytest.raises(ContentError) as exc:
        load_workshop_prompts([r.id for r in content.rules], content.sections, root)
    return exc.value.problems


def test_a_bad_prompt_is_named_by_file_and_field(prompts_copy: Path, content: Content) -> None:
    def break_it(data: list[dict]) -> None:  # type: ignore[type-arg]
        data[0]["source"] = "rule-99"
        data[1]["when"] = "sometimes"
        del data[2]["en"]
        data[3]["rule"] = "r42"
    _rewrite(prompts_copy, break_it)
    problems = _problems(prompts_copy, content)
    assert "content/workshop_prompts.yaml: r01_divided.source: 'rule-99' is not a section " \
        "of sections.yaml" in problems
    assert any(p.startswith("content/workshop_prompts.yaml: r01_low.when:") for p in problems)
    assert any(p.startswith("content/workshop_prompts.yaml: r02_divided.en:") for p in problems)
    assert "content/workshop_prompts.yaml: r02_low.rule: 'r42' is not a rule id" in problems


def test_a_rule_without_a_low_prompt_is_reported(prompts_copy: Path, content: Content) -> None:
    _rewrite(prompts_copy, lambda data: data.remove(
        next(p for p in data if p["id"] == "r07_low")))
    assert _problems(prompts_copy, content) == [
        "content/workshop_prompts.yaml: r07: no prompt for when: low"]


def test_the_same_text_in_both_languages_is_refused(prompts_copy: Path, content: Content) -> None:
    def same(data: list[dict]) -> None:  # type: ignore[type-arg]
        data[0]["en"] = data[0]["nl"]
    _rewrite(prompts_copy, same)
    assert _problems(prompts_copy, content) == [
        "content/workshop_prompts.yaml: r01_divided.en: the same text as nl: translate it"]


# ------------------------------------------------------------- the choice
PROMPTS = default_workshop_prompts()
TWO_TWO = PromptSettings(most_divided=2, lowest=2, low_median_below=3.0)


def test_the_most_divided_first_then_the_lowest_each_rule_once() -> None:
    rules = {
        "r01": _views([4, 4, 4, 4, 5, 5]),                 # agree, high
        "r02": _views([1, 1, 1, 5, 5, 5]),                 # opposed: A = -1
        "r03": _views([1, 2, 2, 2, 2, 2], [4, 4, 4, 4]),   # agree, low (median 2)
        "r04": _views([1, 1, 1, 1, 1]),                    # unanimous 1: lowest
        "r05": _views([1, 2, 3, 4, 5, 3]),                 # divided, median 3
        "r06": _views([2, 2, 2, 2, 3, 3]),                 # agree, median 2
    }
    picked = pick_prompts(rules, PROMPTS, TWO_TWO, CUT)
    assert [(p.rule_id, p.reason) for p in picked] == [
        ("r02", "divided"), ("r05", "divided"), ("r04", "low"), ("r03", "low")]
    assert picked[0].figure == pytest.approx(-1.0)
    assert picked[2].figure == 1.0 and picked[3].figure == 2.0
    assert [p.id for p in picked[0].prompts] == ["r02_divided"]
    assert [p.id for p in picked[2].prompts] == ["r04_low"]


def test_a_divided_and_low_rule_is_chosen_once_and_counts_come_from_the_settings() -> None:
    rules = {"r01": _views([1, 1, 1, 1, 5, 5]), "r02": _views([2, 2, 2, 2, 2, 1])}
    picked = pick_prompts(rules, PROMPTS, TWO_TWO, CUT)
    assert [(p.rule_id, p.reason) for p in picked] == [("r01", "divided"), ("r02", "low")]
    none = PromptSettings(most_divided=0, lowest=1, low_median_below=3.0)
    assert [(p.rule_id, p.reason) for p in pick_prompts(rules, PROMPTS, none, CUT)] == [
        ("r01", "low")]  # median 1 is the lowest


def test_rules_without_figures_are_never_chosen() -> None:
    rules = {"r01": _views([1, 5]),                      # too few answers
             "r02": _views([UNKNOWN] * 6),               # everyone "weet ik niet"
             "r03": _views([4, 4, 4, 4, 4])}             # agree, not low
    assert pick_prompts(rules, PROMPTS, TWO_TWO, CUT) == []
    assert rule_level(rules["r02"]) is None and rule_level(rules["r03"]) == 4.0


# -------------------------------------------------------------- the service
def test_the_service_gives_prompts_only_for_revealed_rules(store: PlanStore,
                                                          content: Content) -> None:
    wstore = WorkshopStore(store.engine.url.render_as_string(hide_password=False))
    svc = WorkshopService(wstore, PlanService(store, content), content, SETTINGS)
    rules = statements(content)
    split, calm = list(rules)[:2]
    created = svc.create(language="en", rule_ids=[split, calm])
    wid, secret = created.workshop_id, created.control_secret
    tokens = []
    for i in range(6):
        joined = svc.join(created.code, f"10.1.0.{i}")
        assert isinstance(joined, Joined)
        tokens.append(joined.token)
    svc.advance(wid, secret, Phase.RATE)
    for i, token in enumerate(tokens):
        for sid in rules[split]:
            svc.vote(token, sid, 1 if i % 2 else 5)
        for sid in rules[calm]:
            svc.vote(token, sid, 2)
    assert svc.discussion_prompts(wid) == []  # blind: nothing picked before the reveal
    svc.advance(wid, secret, Phase.REVEAL)
    picked = svc.discussion_prompts(wid)
    assert [(p.rule_id, p.reason) for p in picked] == [(split, "divided"), (calm, "low")]
    assert picked[0].prompts[0].text("en").endswith("?")
    assert svc.discussion_prompts(wid, svc.results(wid)) == picked
    wstore.dispose()
