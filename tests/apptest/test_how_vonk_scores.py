"""Issue 8, part 7: the page "Hoe Vonk scoort" is generated from content/, so a
changed threshold, range or blocker in the content changes the page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import ui.resources
from content.loader import default_content
from content.models import Content
from tests.apptest.conftest import ROOT
from tests.apptest.test_pages import texts


def _page(lang: str = "nl") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    if lang != "nl":
        at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/hoe_vonk_scoort.py").run()
    assert not at.exception, at.exception
    return at


def _tables(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown if m.value.startswith("|"))


def _changed(content: Content) -> Content:
    """Test content: the middle band starts at 61 instead of its own value, the group
    size's ideal range is 6–7, and the last blocker caps at the lowest band."""
    s = content.scoring
    bands = [b.model_copy(update={"min_score": 61.0}) if i == 1 else b
             for i, b in enumerate(s.bands)]
    rules = []
    for rule in content.rules:
        questions = [q.model_copy(update={"target": q.target.model_copy(
            update={"ideal": (6.0, 7.0)})}) if q.id == "group_size" and q.target else q
            for q in rule.structure.questions]
        blockers = [b.model_copy(update={"cap": s.bands[0].id}) for b in rule.structure.blockers]
        rules.append(rule.model_copy(update={"structure": rule.structure.model_copy(
            update={"questions": questions, "blockers": blockers})}))
    return content.model_copy(update={
        "scoring": s.model_copy(update={"bands": bands, "min_completeness_for_top": 0.9}),
        "rules": rules})


def test_the_page_shows_the_contents_numbers() -> None:
    content = default_content()
    at = _page()
    page, tables = texts(at), _tables(at)
    middle = content.scoring.bands[1]
    assert f"van {middle.min_score:g} tot" in tables
    assert f"{round(content.scoring.min_completeness_for_top * 100)}%" in page
    for rule in content.rules:
        for b in rule.structure.blockers:
            assert content.blocker_title("nl", b.id) in tables
        for q in rule.structure.questions:
            if q.target is not None:
                assert rule.texts["nl"].questions[q.id].label in tables
                if q.target.ideal[0] != q.target.ideal[1]:
                    assert f"{q.target.ideal[0]:g}–{q.target.ideal[1]:g}" in tables
            if q.kind == "multi" and q.scored and q.count_scores is not None:
                assert rule.texts["nl"].questions[q.id].label in tables
    for check in content.design_checks:
        assert content.check_text("nl", check.id).title in tables
    assert "Inschatting van Vonk" in page


def test_a_changed_threshold_changes_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    original = default_content()
    before = _tables(_page())
    monkeypatch.setattr(ui.resources, "default_content", lambda: _changed(original))
    after_at = _page()
    after = _tables(after_at)
    old_min = original.scoring.bands[1].min_score
    assert f"van {old_min:g} tot" in before and f"van {old_min:g} tot" not in after
    assert "van 61 tot" in after and "vanaf 61" not in before
    assert "6–7 (handreiking" in after and "6–7 (handreiking" not in before
    assert "90%" in texts(after_at)
    lowest = original.messages["nl"][f"band.{original.scoring.bands[0].id}"]
    blocker_rows = [line for line in after.splitlines()
                    if any(original.blocker_title("nl", b.id) in line
                           for r in original.rules for b in r.structure.blockers)]
    assert blocker_rows and all(line.rstrip(" |").endswith(lowest) for line in blocker_rows)


def test_the_page_in_english() -> None:
    at = _page("en")
    page = texts(at)
    assert "How Vonk scores" in page and "Vonk's judgement" in page
    assert "Inschatting" not in page
