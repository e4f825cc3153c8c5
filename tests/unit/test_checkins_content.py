"""The check-in content (content/checkins.*): complete in both languages, sources
named, the limits the issue sets, and load errors that name the file and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from content.checkins import CYCLES, MAX_PULSE_STATEMENTS, MOMENTS, Checkins, load_checkins
from content.loader import CONTENT_DIR, ContentError, load_content
from content.models import LANGUAGES, Content


@pytest.fixture(scope="module")
def checkins(content: Content) -> Checkins:
    return load_checkins(CONTENT_DIR, content)


def test_the_pulse_has_at_most_ten_statements(checkins: Checkins) -> None:
    assert 1 <= len(checkins.statements_at("mid")) <= checkins.limits.max_pulse_statements \
        <= MAX_PULSE_STATEMENTS == 10


def test_the_pulse_covers_safety_relevance_give_and_take_room_and_roles(
        checkins: Checkins) -> None:
    rules = {checkins.rule_of(s) for s in checkins.statements_at("mid")}
    assert {"r06", "r05", "r09", "r08"} <= rules
    sources = {s.source for s in checkins.structure.statements}
    assert "interview-wachelder" in sources  # halen en brengen


def test_the_start_check_holds_the_scan_and_the_harvest_every_cycle(
        checkins: Checkins, content: Content) -> None:
    scan = [q.id for r in content.rules for q in r.structure.questions if q.kind == "scale"]
    start = checkins.statements_at("start")
    assert list(start[:len(scan)]) == scan
    end_cycles = [s.cycle for s in checkins.structure.stories if "end" in s.moments and s.cycle]
    assert end_cycles == list(CYCLES)
    assert "brought_so_far" in checkins.stories_at("mid")


def test_the_same_statements_are_asked_at_every_moment(checkins: Checkins) -> None:
    """Change over time needs the same words: the pulse's statements come back at
    the start and in the harvest."""
    mid = set(checkins.statements_at("mid"))
    assert mid <= set(checkins.statements_at("start"))
    assert mid <= set(checkins.statements_at("end"))


def test_every_source_is_named(checkins: Checkins, content: Content) -> None:
    s = checkins.structure
    sources = [st.source for st in s.statements] + [st.source for st in s.stories] + \
        [s.decision.source, s.decision.follow_up_source, s.start.learning_question.source]
    for source in sources:
        assert source in content.sections or source in s.references
    cycle_sources = {st.source for st in s.stories if st.cycle is not None}
    assert cycle_sources == {"wenger-trayner-delaat-2011"}
    assert "Wenger" in checkins.source_text("wenger-trayner-delaat-2011", "nl", content)
    assert s.decision.source == "rule-10"


def test_both_languages_have_every_text_and_differ(checkins: Checkins,
                                                   content: Content) -> None:
    nl, en = checkins.texts["nl"], checkins.texts["en"]
    assert set(nl.statements) == set(en.statements) == {s.id for s in
                                                        checkins.structure.statements}
    assert set(nl.stories) == set(en.stories)
    assert set(nl.moments) == set(en.moments) == set(MOMENTS)
    for sid in nl.statements:
        assert nl.statements[sid].text != en.statements[sid].text
    for lang in LANGUAGES:
        for item in checkins.statements_at("start"):
            assert checkins.statement_text(item, lang, content)


# ------------------------------------------------------------------ load errors
@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as exc:
        load_checkins(root, load_content(root))
    return exc.value.problems


def test_an_eleventh_pulse_statement_is_refused(content_copy: Path) -> None:
    path = content_copy / "checkins.yaml"
    extra = "".join(f"  - id: extra_{i}\n    rule: r06\n    source: rule-6\n"
                    f"    moments: [mid]\n" for i in range(2))
    path.write_text(path.read_text(encoding="utf-8").replace(
        "\n# Open questions", extra + "\n# Open questions"), encoding="utf-8")
    problems = _problems(content_copy)
    assert any(p.startswith("content/checkins.yaml: (file): ") and "at most 10" in p
               for p in problems), problems


def test_a_missing_text_names_the_file_and_the_id(content_copy: Path) -> None:
    path = content_copy / "checkins.en.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("  pulse_take:")
    end = text.index("  pulse_room:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert "content/checkins.en.md: statements.pulse_take: missing (defined in " \
        "checkins.yaml)" in _problems(content_copy)


def test_an_unknown_source_or_rule_is_named(content_copy: Path) -> None:
    path = content_copy / "checkins.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    rule: r05\n    source: rule-5\n",
                                 "    rule: r55\n    source: rule-55\n"), encoding="utf-8")
    problems = _problems(content_copy)
    assert "content/checkins.yaml: statements.1.rule: unknown rule 'r55'" in problems
    assert any(p.startswith("content/checkins.yaml: statements.1.source: unknown source "
                            "'rule-55'") for p in problems), problems


def test_limits_are_bounded_by_the_model(content_copy: Path) -> None:
    path = content_copy / "checkins.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "story_max_chars: 1200", "story_max_chars: 5").replace(
        "max_pulse_statements: 10", "max_pulse_statements: 11"), encoding="utf-8")
    problems = _problems(content_copy)
    assert any(p.startswith("content/checkins.yaml: limits.story_max_chars: ")
               for p in problems), problems
    assert any(p.startswith("content/checkins.yaml: limits.max_pulse_statements: ")
               for p in problems), problems


def test_a_missing_cycle_story_and_a_missing_decision_option(content_copy: Path) -> None:
    path = content_copy / "checkins.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    cycle: reframing\n", ""), encoding="utf-8")
    md = content_copy / "checkins.nl.md"
    md.write_text(md.read_text(encoding="utf-8").replace("    renew: Vernieuwen", "    renw: X"),
                  encoding="utf-8")
    problems = _problems(content_copy)
    assert any("missing: reframing" in p and p.startswith("content/checkins.yaml")
               for p in problems), problems
    assert any(p.startswith("content/checkins.nl.md: decision.options") for p in problems), \
        problems


def test_a_statement_id_may_not_clash_with_the_scan(content_copy: Path) -> None:
    for name in ("checkins.yaml", "checkins.nl.md", "checkins.en.md"):
        path = content_copy / name
        path.write_text(path.read_text(encoding="utf-8").replace("pulse_energy", "experiment"),
                        encoding="utf-8")
    assert "content/checkins.yaml: statements.8.id: 'experiment' is also a question of " \
        "the scan" in _problems(content_copy)
