"""The loader checks the scoring and guidance mechanisms of the content: the
{missing} placeholder and its multi question, the advice a blocker replaces, the
checks a design check supersedes, and the bands of the overall caps, each problem
named by file and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from content.loader import CONTENT_DIR, ContentError, load_content


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as exc:
        load_content(root)
    return exc.value.problems


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_missing_of_must_name_a_multi_question_of_the_rule(root: Path) -> None:
    replace(root / "rules" / "04-werving.yaml", "missing_of: call_contents", "missing_of: drive")
    assert "content/rules/04-werving.yaml: advice.complete_call.missing_of: 'drive' is not a " \
           "multi question of this rule" in problems(root)


def test_the_placeholder_needs_missing_of(root: Path) -> None:
    replace(root / "rules" / "04-werving.yaml", "    missing_of: call_contents\n", "")
    assert any(p.startswith("content/rules/04-werving.nl.md: advice.complete_call: {missing} "
                            "needs 'missing_of'") for p in problems(root))


def test_missing_of_needs_the_placeholder_in_every_language(root: Path) -> None:
    replace(root / "rules" / "04-werving.en.md", "step: Add {missing} to the call.",
            "step: Add what is missing to the call.")
    assert any(p.startswith("content/rules/04-werving.en.md: advice.complete_call.step: must "
                            "name what is missing") for p in problems(root))


def test_replaced_advice_must_exist_in_the_rule(root: Path) -> None:
    replace(root / "rules" / "01-verantwoordelijk.yaml", "replaces_advice: [appoint_owner]",
            "replaces_advice: [appoint_coordinator]")
    assert any("01-verantwoordelijk.yaml: blockers.no_responsible.replaces_advice: unknown "
               "advice 'appoint_coordinator'" in p for p in problems(root))


def test_a_blocker_needs_a_step_of_its_own(root: Path) -> None:
    replace(root / "rules" / "08-rolverdeling.en.md",
            '    step: "Who coordinates? Settle this first and fill it in at rule 8."\n', "")
    assert any(p.startswith("content/rules/08-rolverdeling.en.md: blockers.open_coordinator.step")
               for p in problems(root))


def test_superseded_check_must_exist(root: Path) -> None:
    replace(root / "design_checks.yaml", "supersedes: [initiated_without_room]",
            "supersedes: [initiated_without_rom]")
    assert any("design_checks.yaml: top_down.supersedes: unknown design check "
               "'initiated_without_rom'" in p for p in problems(root))


def test_overall_cap_bands_are_checked(root: Path) -> None:
    replace(root / "scoring.yaml", "    rule_bands: [not_ready]", "    rule_bands: [not_redy]")
    assert any(p.startswith("content/scoring.yaml") and "overall_caps.weak_rule.rule_bands: "
               "'not_redy' is not a band id" in p for p in problems(root))
