"""The content folder: complete, bilingual, consistent, and validated with errors
that name the file and the field."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from content.loader import CONTENT_DIR, ContentError, load_content
from content.models import LANGUAGES, MAX_QUESTIONS_PER_RULE, Content
from content.workshop import default_workshop_prompts


def test_ten_rules_numbered_one_to_ten(content: Content) -> None:
    assert [r.number for r in content.rules] == list(range(1, 11))


def test_every_rule_has_three_to_eight_questions_and_advice(content: Content) -> None:
    for rule in content.rules:
        assert 3 <= len(rule.structure.questions) <= MAX_QUESTIONS_PER_RULE == 8, rule.id
        assert rule.structure.advice, rule.id


def test_both_languages_have_the_same_ids(content: Content) -> None:
    for rule in content.rules:
        nl, en = rule.texts["nl"], rule.texts["en"]
        assert set(nl.questions) == set(en.questions) == {q.id for q in rule.structure.questions}
        assert set(nl.advice) == set(en.advice) == {a.id for a in rule.structure.advice}
        assert set(nl.blockers) == set(en.blockers)
        for q in rule.structure.questions:
            assert set(nl.questions[q.id].options) == set(en.questions[q.id].options) \
                == set(q.option_ids)
    assert set(content.messages["nl"]) == set(content.messages["en"])
    assert set(content.design_check_texts["nl"]) == set(content.design_check_texts["en"])
    assert set(content.tip_texts["nl"]) == set(content.tip_texts["en"])


def test_texts_differ_between_languages(content: Content) -> None:
    """A copy-paste of Dutch into the English file would pass the id check."""
    for rule in content.rules:
        assert rule.texts["nl"].title != rule.texts["en"].title
        for aid in rule.texts["nl"].advice:
            assert rule.texts["nl"].advice[aid].body != rule.texts["en"].advice[aid].body


def test_every_advice_check_and_tip_names_a_handreiking_section(content: Content) -> None:
    for rule in content.rules:
        for a in rule.structure.advice:
            assert a.source in content.sections
    for c in content.design_checks:
        assert c.source in content.sections
    for tip in content.tips:
        assert tip.source in content.sections


def test_interview_tips_are_included(content: Content) -> None:
    sources = {t.source for t in content.tips}
    assert {"interview-wachelder", "interview-vandermarkt"} <= sources


def test_plan_facts_the_issue_asks_for_are_asked(content: Content) -> None:
    ids = {q.id for r in content.rules for q in r.structure.questions}
    needed = {"group_size", "hard_core", "meeting_hours", "meeting_count", "rhythm",
              "dates_fixed", "meal", "location", "coordinator", "content_lead",
              "process_facilitator", "responsible", "recruitment", "theme_choice",
              "theme_concrete", "planned_end", "follow_up",
              # issue 8: how firmly each part is fixed; hours granted; one school or
              # several; to whom the call goes; commitment clear; a critical sounding board
              "fixed_size", "fixed_goals", "fixed_outcomes", "fixed_route",
              "participant_hours", "institutions", "call_audience", "commitment_clear",
              "sounding_board"}
    assert needed <= ids


def test_handreiking_numbers_are_used(content: Content) -> None:
    size = next(q for r in content.rules for q in r.structure.questions if q.id == "group_size")
    hours = next(q for r in content.rules for q in r.structure.questions
                 if q.id == "meeting_hours")
    # "maximaal 8 tot 10": an upper bound, so every smaller size lies within it
    assert size.target is not None and size.target.ideal == (2, 10)
    from scoring.engine import target_score
    assert [target_score(size.target, n) for n in (8, 9, 10)] == [100, 100, 100]
    assert target_score(size.target, 11) < 100 and target_score(size.target, 6) >= 95
    assert hours.target is not None and hours.target.ideal == (3, 4)


def _checkin_texts(lang: str) -> list[str]:
    """Every text of the check-ins (content/checkins.*.md) in one language."""
    from content.checkins import default_checkins

    ct = default_checkins().texts[lang]
    return [ct.explanation, *(m.title for m in ct.moments.values()),
            *(m.intro for m in ct.moments.values()),
            *(s.text for s in ct.statements.values()),
            *(t for s in ct.stories.values() for t in (s.prompt, s.help)),
            *(t for c in ct.cycles.values() for t in (c.name, c.explanation)),
            ct.learning_question.label, ct.learning_question.help, ct.learning_question.share,
            ct.decision.label, ct.decision.help, *ct.decision.options.values(),
            ct.decision.follow_up_label, ct.decision.follow_up_help]


def _words(text: str) -> list[str]:
    return re.sub(r"[^\w\s]", "", " ".join(text.lower().split())).split()


def test_no_sentence_copied_from_the_handreiking(content: Content) -> None:
    """Content is in our own words: no run of 8 words from the source text."""
    source = Path(__file__).resolve().parents[3] / "shared" / "source" / \
        "handreiking-lerende-netwerken.txt"
    if not source.exists():
        pytest.skip("handreiking source not beside the repo")
    n = 8
    words = _words(source.read_text(encoding="utf-8"))
    grams = {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}
    texts: list[str] = []
    for rule in content.rules:
        for lang in LANGUAGES:
            rt = rule.texts[lang]
            texts += [rt.explanation, rt.summary, *(a.body for a in rt.advice.values()),
                      *(q.why for q in rt.questions.values()),
                      *(q.label for q in rt.questions.values()),
                      *(b.fix for b in rt.blockers.values())]
    for lang in LANGUAGES:
        texts += [t.text for t in content.tip_texts[lang].values()]
        texts += [d.explanation for d in content.design_check_texts[lang].values()]
        texts += list(content.messages[lang].values())
        texts += [p.text(lang) for p in default_workshop_prompts()]  # workshop_prompts.yaml
        texts += _checkin_texts(lang)
    copied = []
    for text in texts:
        tw = _words(text)
        copied += [" ".join(tw[i:i + n]) for i in range(len(tw) - n + 1)
                   if " ".join(tw[i:i + n]) in grams]
    assert not copied


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as exc:
        load_content(root)
    return exc.value.problems


def test_copy_of_content_loads(content_copy: Path) -> None:
    assert len(load_content(content_copy).rules) == 10


def test_missing_field_names_file_and_field(content_copy: Path) -> None:
    path = content_copy / "rules" / "06-omvang-deelname.nl.md"
    path.write_text(path.read_text().replace("    why: De handreiking noemt kleinschaligheid",
                                             "    wy: De handreiking noemt kleinschaligheid"))
    problems = _problems(content_copy)
    assert any(p.startswith("content/rules/06-omvang-deelname.nl.md: questions.group_size.why")
               for p in problems), problems


def test_broken_yaml_names_the_file(content_copy: Path) -> None:
    (content_copy / "design_checks.yaml").write_text("- id: [unclosed\n")
    assert any(p.startswith("content/design_checks.yaml") for p in _problems(content_copy))


def test_unknown_question_in_condition_is_reported(content_copy: Path) -> None:
    path = content_copy / "design_checks.yaml"
    path.write_text(path.read_text().replace("{question: hard_core, in: [no_core]}",
                                             "{question: hard_kore, in: [no_core]}"))
    assert any("large_group_no_core.when: unknown question 'hard_kore'" in p
               for p in _problems(content_copy))


def test_id_missing_in_english_is_reported(content_copy: Path) -> None:
    path = content_copy / "rules" / "01-verantwoordelijk.en.md"
    text = path.read_text()
    start = text.index("  one_contact:")
    end = text.index("  make_time:")
    path.write_text(text[:start] + text[end:])
    assert any(p == "content/rules/01-verantwoordelijk.en.md: advice.one_contact: "
               "missing (defined in the structure file)" for p in _problems(content_copy))


def test_unquoted_no_gets_a_hint(content_copy: Path) -> None:
    path = content_copy / "rules" / "07-randvoorwaarden.en.md"
    path.write_text(path.read_text().replace('nothing: "No"', "nothing: No"))
    assert any("put the text in quotes" in p for p in _problems(content_copy))


def test_missing_ui_key_is_reported(content_copy: Path) -> None:
    path = content_copy / "ui" / "en.yaml"
    path.write_text("\n".join(line for line in path.read_text().splitlines()
                              if not line.startswith("scan.prev:")))
    assert "content/ui/en.yaml: scan.prev: missing (defined in ui/nl.yaml)" \
        in _problems(content_copy)


def test_investment_inputs_are_checked_against_the_questions(content_copy: Path) -> None:
    path = content_copy / "investment.yaml"
    text = path.read_text()
    path.write_text(text.replace("participants: group_size", "participants: group_sise")
                    .replace("meal_option: shared_meal", "meal_option: banquet")
                    .replace("meetings: meeting_count", "meetings: rhythm"))
    problems = _problems(content_copy)
    for expected in ["content/investment.yaml: inputs.participants: "
                     "unknown question 'group_sise'",
                     "content/investment.yaml: inputs.meal_option: 'banquet' is not an option "
                     "of 'meal'",
                     "content/investment.yaml: inputs.meetings: 'rhythm' is a choice question, "
                     "expected number"]:
        assert expected in problems, problems
    path.write_text(text.replace("hours_per_meeting: coordinator_hours_per_meeting",
                                 "hours_per_meeting: coffee"))
    assert any(p.startswith("content/investment.yaml: inputs.roles.0.hours_per_meeting")
               and "'coffee' is not a rate" in p for p in _problems(content_copy))


def test_a_band_needs_a_tone(content_copy: Path) -> None:
    path = content_copy / "scoring.yaml"
    path.write_text(path.read_text().replace("    tone: caution\n", "", 1))
    assert "content/scoring.yaml: bands.1.tone: Field required" in _problems(content_copy)


def test_guidance_counts_come_from_scoring_yaml(content_copy: Path) -> None:
    from guidance import build_guidance
    from scoring import assess

    path = content_copy / "scoring.yaml"
    path.write_text(path.read_text().replace("next_steps: 3", "next_steps: 1")
                    .replace("tips: 4", "tips: 2"))
    content = load_content(content_copy)
    answers = {"responsible": "nobody", "coordinator": "nobody", "group_size": 30}
    g = build_guidance(content, assess(content, answers), answers, "nl")
    assert len(g.next_steps) == 1 and len(g.tips) == 2


def test_the_number_of_rules_comes_from_the_content(content_copy: Path) -> None:
    """Nine rule files load as nine rules (no fixed count in code); a gap is refused."""
    rule_ten = sorted((content_copy / "rules").glob("10-*"))
    for path in rule_ten:
        path.unlink()
    for name in ("design_checks", "practice_tips"):  # cross-rule entries would name rule 10
        (content_copy / f"{name}.yaml").write_text("[]\n")
        for lang in LANGUAGES:
            (content_copy / f"{name}.{lang}.md").write_text("---\n---\n")
    assert len(load_content(content_copy).rules) == 9
    for path in sorted((content_copy / "rules").glob("05-*")):
        path.rename(path.with_name("11" + path.name[2:]))
    assert any("rule 5 must live in a file named 05-" in p or "without gaps" in p
               for p in _problems(content_copy))


def test_ui_key_missing_in_dutch_is_reported_against_nl_yaml(content_copy: Path) -> None:
    """Was: reported as an unknown id in en.yaml, as if English had one too many."""
    path = content_copy / "ui" / "nl.yaml"
    path.write_text("\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                              if not line.startswith("scan.prev:")), encoding="utf-8")
    problems = _problems(content_copy)
    assert problems == ["content/ui/nl.yaml: scan.prev: missing (defined in ui/en.yaml)"]


def test_every_ui_key_the_code_names_exists_in_every_language(content: Content) -> None:
    """Literal keys only: `t("plan.saved_at")`, `m["table.file"]` (keys made at run
    time, like f"problem.{code}", are checked by the loader against their sources)."""
    call = re.compile(r"""\bt\(\s*["']([A-Za-z0-9_]+\.[A-Za-z0-9_.]+)["']""")
    index = re.compile(r"""\b(?:m|msgs|messages(?:\[[^\]]+\])?)"""
                       r"""\[\s*["']([a-z_]+\.[A-Za-z0-9_.]+)["']\s*\]""")
    root = CONTENT_DIR.parent
    used: dict[str, str] = {}
    for folder in ("pages", "ui", "services", "reports", "cli", "exchange", "evaluation"):
        for path in sorted((root / folder).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            for key in call.findall(source) + index.findall(source):
                used.setdefault(key, str(path.relative_to(root)))
    assert len(used) > 100  # the pattern still finds the keys
    missing = [f"{key} (used in {where}) not in ui/{lang}.yaml"
               for key, where in sorted(used.items())
               for lang, messages in content.messages.items() if key not in messages]
    assert not missing


def _all_texts(content: Content, lang: str) -> list[str]:
    texts: list[str] = []
    for rule in content.rules:
        rt = rule.texts[lang]
        texts += [rt.title, rt.short, rt.summary, rt.explanation]
        for q in rt.questions.values():
            texts += [q.label, q.why, q.help or "", q.judgement or "", *q.options.values()]
        for a in rt.advice.values():
            texts += [a.title, a.body, a.step]
        for b in rt.blockers.values():
            texts += [b.title, b.fix]
    texts += [t for c in content.design_check_texts[lang].values()
              for t in (c.title, c.explanation, c.fix)]
    texts += [t.text for t in content.tip_texts[lang].values()]
    texts += _checkin_texts(lang)
    return texts


@pytest.mark.parametrize(("lang", "wrong"), [
    ("nl", "vaste kern"), ("nl", "inhoudelijk trekker"), ("nl", "vertrouwelijkheid"),
    ("en", "professional room"), ("en", "reunion"), ("en", "stable core"),
])
def test_one_term_for_one_thing(content: Content, lang: str, wrong: str) -> None:
    """harde kern; inhoudelijke trekker (the handreiking's own term, as in the interface);
    English: professional space, follow-up meeting."""
    assert not [t for t in _all_texts(content, lang) if wrong in t.lower()]


def test_dutch_content_addresses_the_reader_as_u(content: Content) -> None:
    informal = re.compile(r"\b(je|jij|jou|jouw|jullie)\b", re.IGNORECASE)
    assert not [t for t in _all_texts(content, "nl") if informal.search(t)]


def test_a_list_is_introduced_by_a_colon_not_a_semicolon(content: Content) -> None:
    """'vier dingen; een profiel' reads as a slip: a list after a count or 'twee
    stappen' follows a colon."""
    slip = re.compile(r"\b(dingen|stappen|volgorde|things|steps|order);", re.IGNORECASE)
    assert not [t for lang in LANGUAGES for t in _all_texts(content, lang) if slip.search(t)]
