"""The live workshop's pure core: join codes, agreement measures with their
hand-computed cases, the anonymity rules, phases and the group's answers."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.loader import ContentError, default_content
from content.models import UNKNOWN
from content.workshop import (
    AgreementCutoffs,
    Anonymity,
    default_workshop_settings,
    load_workshop_settings,
)
from scoring.engine import assess
from workshop import phases
from workshop.aggregate import (
    TooFew,
    Unanimous,
    aggregate,
    agreement,
    by_disagreement,
    consensus,
    shift,
)
from workshop.codes import ALPHABET, format_code, is_valid_code, new_code, normalise_code
from workshop.group import group_answer, group_answers, statements
from workshop.phases import Phase, PhaseError

SETTINGS = default_workshop_settings()
CONTENT = Path(__file__).resolve().parents[2] / "content"
ANON = SETTINGS.anonymity
CUT = SETTINGS.agreement


# ------------------------------------------------------------------------ codes
def test_codes_use_crockford_without_look_alikes() -> None:
    assert len(ALPHABET) == 32 and not set("ILOU") & set(ALPHABET)
    for _ in range(200):
        code = new_code()
        assert is_valid_code(code) and len(code) == 6
    assert format_code("K7M2NP") == "K7M-2NP"


@pytest.mark.parametrize(("typed", "code"), [
    ("K7M-2NP", "K7M2NP"), ("k7m 2np", "K7M2NP"), (" k7m-2np ", "K7M2NP"),
    ("OIL-ABC", "011ABC"), ("o1l abc", "011ABC"), ("K7M–2NP", "K7M2NP"),
])
def test_normalise_code_forgives_case_look_alikes_spaces_and_hyphens(typed: str, code: str) -> None:
    assert normalise_code(typed) == code


@pytest.mark.parametrize("typed", ["", "K7M2N", "K7M2NPQ", "K7M-2NU", "K7M#2NP", "x" * 200])
def test_normalise_code_refuses_what_cannot_be_a_code(typed: str) -> None:
    assert normalise_code(typed) is None


@given(st.text(alphabet=ALPHABET, min_size=6, max_size=6))
def test_a_shown_code_reads_back_as_itself(code: str) -> None:
    assert normalise_code(format_code(code)) == code
    assert normalise_code(format_code(code).lower()) == code


# -------------------------------------------------------------- agreement A, Cns
def test_agreement_hand_computed_cases() -> None:
    assert agreement([0, 0, 10, 0, 0]) == 1.0  # all 3s
    assert agreement([5, 0, 0, 0, 5]) == pytest.approx(-1.0)  # half 1s, half 5s
    assert agreement([4, 4, 4, 4, 4]) == pytest.approx(0.0)  # uniform
    assert agreement([0, 7, 0, 0, 0]) == 1.0  # a single category
    # Two neighbours, one layer 11000: TU = 3, TDU = 0, U = 1, A = 1 - 1/4.
    assert agreement([3, 3, 0, 0, 0]) == pytest.approx(0.75)
    # 01010: TU = 2 (011, 110), TDU = 1 (101): U = (3·2 − 4·1)/(3·3) = 2/9, A = 2/9 · 3/4.
    assert agreement([0, 2, 0, 2, 0]) == pytest.approx(1 / 6)
    # [1, 0, 2, 0, 0] peels into 10100 (depth 1, 2 of 3 answers) and 00100 (1 of 3).
    # 10100: TDU = 1 (101), TU = 2 (110 twice): U = 2/9, A = 2/9 · 3/4 = 1/6; 00100: A = 1.
    assert agreement([1, 0, 2, 0, 0]) == pytest.approx(2 / 3 * 1 / 6 + 1 / 3)


def test_consensus_hand_computed_cases() -> None:
    assert consensus({1: 0, 2: 0, 3: 10, 4: 0, 5: 0}) == 1.0
    assert consensus({1: 5, 2: 0, 3: 0, 4: 0, 5: 5}) == pytest.approx(0.0)
    uniform = 1 + 0.2 * (2 * math.log2(0.5) + 2 * math.log2(0.75))
    assert consensus({1: 1, 2: 1, 3: 1, 4: 1, 5: 1}) == pytest.approx(uniform)


counts5 = st.lists(st.integers(0, 40), min_size=5, max_size=5).filter(lambda c: sum(c) > 0)


@given(counts5)
def test_agreement_lies_between_minus_one_and_one(counts: list[int]) -> None:
    assert -1.0 <= agreement(counts) <= 1.0


@given(counts5, st.integers(2, 9))
def test_scaling_the_counts_leaves_agreement_unchanged(counts: list[int], factor: int) -> None:
    assert agreement([c * factor for c in counts]) == pytest.approx(agreement(counts), abs=1e-9)


@given(st.lists(st.sampled_from([1, 2, 3, 4, 5, UNKNOWN]), min_size=0, max_size=30),
       st.randoms())
def test_a_view_does_not_depend_on_the_order_of_the_answers(votes: list, rnd) -> None:
    shuffled = list(votes)
    rnd.shuffle(shuffled)
    assert aggregate(votes, ANON, CUT) == aggregate(shuffled, ANON, CUT)


# --------------------------------------------------------------------- anonymity
@given(st.lists(st.sampled_from([1, 2, 3, 4, 5, UNKNOWN]), max_size=12),
       st.integers(3, 6), st.integers(0, 4))
def test_no_view_shows_more_than_the_thresholds_allow(votes: list, figure: int,
                                                      extra: int) -> None:
    anonymity = Anonymity(min_figure=figure, min_distribution=figure + extra)
    view = aggregate(votes, anonymity, CUT)
    rated = sum(1 for v in votes if v != UNKNOWN)
    if len(votes) < figure:
        assert isinstance(view, TooFew)
    if isinstance(view, Unanimous):
        assert len(set(votes)) == 1
    elif not isinstance(view, TooFew):
        assert rated >= figure
        assert (view.counts is None) == (len(votes) < anonymity.min_distribution)
        assert (view.unknown is None) == (view.counts is None)


def test_below_the_figure_threshold_only_the_number_answered() -> None:
    view = aggregate([1, 5], ANON, CUT)
    assert view == TooFew(answered=2, minimum=3)
    assert not hasattr(view, "counts") and not hasattr(view, "median")


def test_from_three_figures_but_no_distribution_below_five() -> None:
    view = aggregate([1, 3, 5, 5], ANON, CUT)
    assert not isinstance(view, TooFew | Unanimous)
    assert view.median == 4.0 and view.counts is None and view.unknown is None


def test_from_five_the_distribution() -> None:
    view = aggregate([1, 1, 5, 5, UNKNOWN], ANON, CUT)
    assert not isinstance(view, TooFew | Unanimous)
    assert dict(view.counts or ()) == {1: 2, 2: 0, 3: 0, 4: 0, 5: 2} and view.unknown == 1
    assert view.label == "opposed" and view.small_group


def test_a_unanimous_room_is_everyone_agrees_never_counts() -> None:
    view = aggregate([4] * 6, ANON, CUT)
    assert view == Unanimous(answered=6, value=4, small_group=True)
    assert view.label == "agree" and view.median == 4.0
    assert aggregate([UNKNOWN] * 3, ANON, CUT) == Unanimous(3, UNKNOWN, True)


def test_too_few_rated_among_enough_answers_shows_no_figure() -> None:
    assert isinstance(aggregate([2, UNKNOWN, UNKNOWN, UNKNOWN], ANON, CUT), TooFew)


def test_per_workshop_thresholds_within_bounds() -> None:
    strict = Anonymity(min_figure=5, min_distribution=8)
    assert isinstance(aggregate([1, 2, 3, 4], strict, CUT), TooFew)
    assert aggregate([1, 2, 3, 4, 5, 5], strict, CUT).counts is None  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        Anonymity(min_figure=2, min_distribution=5)
    with pytest.raises(ValueError):
        Anonymity(min_figure=5, min_distribution=4)


def test_labels_from_the_cutoffs_in_content() -> None:
    assert aggregate([3, 3, 3, 4, 4, 3, 3, 4, 3], ANON, CUT).label == "agree"  # type: ignore[union-attr]
    assert aggregate([1, 2, 3, 4, 5, 1, 2, 3, 4, 5], ANON, CUT).label == "divided"  # type: ignore[union-attr]
    other = AgreementCutoffs(agree_from=0.9, opposed_below=-0.5, small_group_below=3)
    assert aggregate([3, 3, 3, 4, 4, 3, 3, 4, 3], ANON, other).label == "divided"  # type: ignore[union-attr]


def test_rules_sorted_by_disagreement_and_the_shift() -> None:
    calm = [aggregate([4, 4, 4, 5, 4, 4], ANON, CUT)]
    split = [aggregate([1, 1, 1, 5, 5, 5], ANON, CUT), aggregate([4] * 6, ANON, CUT)]
    hidden = [aggregate([3], ANON, CUT)]
    assert by_disagreement({"r1": hidden, "r2": calm, "r3": split}) == ["r3", "r2", "r1"]
    moved = shift(split[0], aggregate([4, 4, 5, 4, 3, 4], ANON, CUT))
    assert moved is not None and moved.label_before == "opposed" and moved.label_after == "agree"
    assert moved.median_change == 1.0 and moved.agreement_change > 1
    assert shift(hidden[0], calm[0]) is None


# ---------------------------------------------------------------- content file
def test_workshop_settings_errors_name_file_and_field(tmp_path: Path) -> None:
    text = (CONTENT / "workshop.yaml").read_text(encoding="utf-8")
    (tmp_path / "workshop.yaml").write_text(text.replace("min_figure: 3", "min_figure: 1"),
                                            encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_workshop_settings(tmp_path)
    assert any(p.startswith("content/workshop.yaml: anonymity.min_figure:")
               for p in err.value.problems), err.value.problems
    with pytest.raises(ContentError, match="file is missing"):
        load_workshop_settings(tmp_path / "nowhere")


def test_workshop_settings_are_in_vonks_own_words() -> None:
    source = Path(__file__).resolve().parents[3] / "shared" / "source" / \
        "handreiking-lerende-netwerken.txt"
    if not source.exists():
        pytest.skip("handreiking source not beside the repo")

    def words(text: str) -> list[str]:
        return re.sub(r"[^\w\s]", "", " ".join(text.lower().split())).split()

    src = words(source.read_text(encoding="utf-8"))
    grams = {" ".join(src[i:i + 8]) for i in range(len(src) - 7)}
    ours = words((CONTENT / "workshop.yaml").read_text(encoding="utf-8"))
    assert not [i for i in range(len(ours) - 7) if " ".join(ours[i:i + 8]) in grams]


# ------------------------------------------------------------------------ phases
def _state() -> phases.State:
    return phases.new_state({"r01": ("a", "b"), "r02": ("c",)})


def test_the_phases_in_order_and_no_skipping() -> None:
    s = _state()
    with pytest.raises(PhaseError):
        phases.advance(s, Phase.REVEAL)
    s = phases.advance(s, Phase.RATE)
    assert phases.can_vote(s, "a", 1) and not phases.can_vote(s, "a", 2)
    s = phases.advance(s, Phase.REVEAL)
    assert all(r.revealed == 1 for r in s.rules)
    assert phases.vote_refusal(s, "a", 1) == "not_voting"
    s = phases.advance(s, Phase.DISCUSS)
    with pytest.raises(PhaseError, match="no_discussed_rules"):
        phases.advance(s, Phase.RERATE)
    s = phases.advance(phases.mark_discussed(s, "r02"), Phase.RERATE)
    assert phases.can_vote(s, "c", 2)
    assert phases.vote_refusal(s, "a", 2) == "not_discussed"
    assert phases.vote_refusal(s, "c", 1) == "wrong_round"
    assert not phases.results_shown(s, "r02", 2)
    s = phases.advance(s, Phase.DECIDE)
    assert phases.results_shown(s, "r02", 2) and not phases.results_shown(s, "r01", 2)
    s = phases.advance(s, Phase.CLOSE)
    assert phases.TRANSITIONS[s.phase] == frozenset()


def test_the_focus_moves_with_the_phase() -> None:
    """Shown in reveal, discuss and rate again; none in the other phases. Into reveal
    or discuss the rule asked for (the most divided, Vonk's first pick), else the
    focus before, else the first rule; into rate again a discussed rule only."""
    s = phases.advance(_state(), Phase.RATE)
    assert phases.refocus(s, "r02") is None
    s = phases.advance(s, Phase.REVEAL)
    assert phases.refocus(s, "r02", wanted="r01") == "r01"
    assert phases.refocus(s, "r02") == "r02" and phases.refocus(s, None) == "r01"
    assert phases.refocus(s, "gone", wanted="also gone") == "r01"
    s = phases.advance(s, Phase.DISCUSS)
    assert phases.refocus(s, "r01", wanted="r02") == "r02"
    s = phases.advance(phases.mark_discussed(s, "r02"), Phase.RERATE)
    assert phases.refocus(s, "r01", wanted="r01") == "r02"  # r01 is not voted again
    assert phases.refocus(s, "r02", wanted="r01") == "r02"
    s = phases.advance(s, Phase.DECIDE)
    assert phases.refocus(s, "r02", wanted="r02") is None
    assert {Phase.REVEAL, Phase.DISCUSS, Phase.RERATE} == phases.FOCUS_SHOWN


def test_votes_only_while_a_rule_is_open_and_not_locked_and_lock_at_reveal() -> None:
    s = phases.advance(_state(), Phase.RATE)
    s = phases.lock(s, "r01")
    assert phases.vote_refusal(s, "a", 1) == "rule_locked"
    s = phases.set_open(s, "r01", True)
    assert phases.can_vote(s, "a", 1)
    s = phases.set_open(s, "r01", False)
    assert phases.vote_refusal(s, "b", 1) == "rule_closed"
    s = phases.reveal(s, "r02")
    assert phases.vote_refusal(s, "c", 1) == "revealed" and phases.results_shown(s, "r02", 1)
    with pytest.raises(PhaseError, match="revealed"):
        phases.set_open(s, "r02", True)
    with pytest.raises(PhaseError, match="revealed"):
        phases.reset(s, "r02")
    reset, round_ = phases.reset(s, "r01")
    assert round_ == 1 and phases.can_vote(reset, "a", 1)
    assert phases.vote_refusal(s, "zz", 1) == "unknown_rule"


def test_discussing_only_in_the_discuss_phase() -> None:
    with pytest.raises(PhaseError):
        phases.mark_discussed(phases.advance(_state(), Phase.RATE), "r01")


# ------------------------------------------------------------- group answers
def test_group_answers_are_the_medians_and_the_engine_scores_them() -> None:
    content = default_content()
    by_rule = statements(content)
    assert len(by_rule) == len(content.rules)
    qid = by_rule[content.rules[0].id][0]
    answers = group_answers(content, {"group_size": 9},
                            {qid: [1, 2, 4, 5], by_rule[content.rules[1].id][0]: [5]}, ANON)
    assert answers[qid] == 2  # the lower of the middle two: 2 and 4
    assert by_rule[content.rules[1].id][0] not in answers  # too few answered
    assert answers["group_size"] == 9
    # The engine scores the group as one person who gave the room's middle answers.
    assert assess(content, answers) == assess(content, {"group_size": 9, qid: 2})


def test_group_answer_of_a_reversed_statement_is_the_less_favourable_middle() -> None:
    content = default_content()
    question = next(q for r in content.rules for q in r.structure.questions
                    if q.kind == "scale")
    flipped = question.model_copy(update={"reverse": True})
    assert group_answer(question, [2, 4, 4, 2], ANON) == 2
    assert group_answer(flipped, [2, 4, 4, 2], ANON) == 4
    assert group_answer(question, [UNKNOWN, UNKNOWN, 3], ANON) == UNKNOWN


def test_a_broken_workshop_yaml_stops_the_server_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    from services import startup

    def broken() -> None:
        raise ContentError(["content/workshop.yaml: anonymity.min_figure: too low"])

    monkeypatch.setattr(startup, "default_workshop_settings", broken)
    with pytest.raises(startup.StartupFailed) as failed:
        startup.check_content()
    assert "content/workshop.yaml: anonymity.min_figure: too low" in "\n".join(failed.value.lines)
