"""The rule in focus through the pages (revision 0013): set on the facilitator's
control view (N/B, the list, the discuss list), stored with the workshop, so the
shared screen shows it under "Nu in gesprek" with its result and questions, and a
second control view (a reload, another tab) starts from the same rule. Nothing
private and nothing unrevealed on the screen."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from content.loader import default_content
from services.workshop import Joined, WorkshopService
from tests.apptest.test_workshop_pages import _click, _msg, _open, _text
from ui.resources import get_workshop_service
from workshop.group import statements
from workshop.phases import Phase

CALM, SPLIT, LOW = "r01", "r04", "r06"


def _room(svc: WorkshopService, lang: str) -> tuple[str, str, list[str]]:
    """Six phones rated: split on r04, low on r06, agreeing on r01; revealed."""
    rules = statements(default_content())
    created = svc.create(language=lang, rule_ids=[CALM, SPLIT, LOW])
    wid, secret = created.workshop_id, created.control_secret
    tokens = []
    for i in range(6):
        joined = svc.join(created.code, f"10.7.0.{i}")
        assert isinstance(joined, Joined)
        tokens.append(joined.token)
    svc.advance(wid, secret, Phase.RATE)
    for i, token in enumerate(tokens):
        for sid in rules[SPLIT]:
            svc.vote(token, sid, 1 if i % 2 else 5)
        for sid in rules[LOW]:
            svc.vote(token, sid, 2)
        for sid in rules[CALM]:
            svc.vote(token, sid, 4)
    return wid, secret, tokens


def _band(screen: AppTest) -> str:
    """The screen's band for the rule in focus ("" when there is none)."""
    bodies = [e.proto.body for e in screen.get("html") if 'class="ws-focus"' in e.proto.body]
    assert len(bodies) <= 1
    return bodies[0] if bodies else ""


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_focus_set_on_the_control_view_is_on_the_shared_screen(lang: str) -> None:
    svc = get_workshop_service()
    content = default_content()
    wid, secret, tokens = _room(svc, lang)
    control = _open("pages/workshop_leiden.py", ws=wid, key=secret)
    screen = _open("pages/workshop_scherm.py", ws=wid)
    assert _band(screen) == ""  # rating: no rule is discussed yet
    # N/B in the rate phase are stored too (a second tab acts on the same rule) but
    # the screen shows no focus while the room rates blind.
    _click(control, "focus_next")
    assert svc.results(wid).focus == SPLIT
    _click(control, "rule_lock")  # L acts on the rule N moved to
    workshop = svc.workshop(wid)
    assert workshop is not None and workshop.state.rule(SPLIT).locked
    assert not workshop.state.rule(CALM).locked
    screen.run()
    assert _band(screen) == ""
    assert _msg("workshop.control.focus_on_screen", lang) not in _text(control)

    _click(control, "phase_reveal")  # the most divided rule comes into focus
    assert svc.results(wid).focus == SPLIT
    assert control.selectbox(key="workshop_focus").value == SPLIT
    assert _msg("workshop.control.focus_on_screen", lang) in _text(control)
    screen.run()
    band = _band(screen)
    assert _msg(f"workshop.screen.focus_{Phase.REVEAL.value}", lang) in band
    assert content.rule_label(SPLIT, lang) in band
    assert 'class="ws-dist"' in band  # its distribution, big, in the band
    assert _msg("workshop.screen.others", lang) in _text(screen)
    assert content.rule_label(CALM, lang) not in band  # the others below, not in the band

    # B moves it back for everyone: the screen follows on its next run.
    version = svc.version(wid)
    _click(control, "focus_back")
    assert svc.results(wid).focus == CALM and svc.version(wid) == (version or 0) + 1
    screen.run()
    assert content.rule_label(CALM, lang) in _band(screen)
    # A second control view (a reload, another tab) starts from the stored focus.
    other = _open("pages/workshop_leiden.py", ws=wid, key=secret)
    assert other.selectbox(key="workshop_focus").value == CALM
    # Choosing in the list there stores it; the first view draws it on its next run.
    other.selectbox(key="workshop_focus").set_value(LOW).run()
    assert not other.exception and svc.results(wid).focus == LOW
    control.run()
    assert control.selectbox(key="workshop_focus").value == LOW
    # The keys stay on the buttons (N next, B back).
    assert control.button(key="focus_next").proto.shortcut.upper() == "N"
    assert control.button(key="focus_back").proto.shortcut.upper() == "B"

    # Discuss: Vonk's first pick (the split rule) in focus, its questions on screen.
    _click(control, "phase_discuss")
    picked = svc.discussion_prompts(wid)
    assert picked[0].rule_id == SPLIT and svc.results(wid).focus == SPLIT
    screen.run()
    band = _band(screen)
    assert _msg(f"workshop.screen.focus_{Phase.DISCUSS.value}", lang) in band
    assert all(p.text(lang) in band for p in picked[0].prompts)
    # The discuss list's button puts the low rule in focus, with its own questions.
    _click(control, f"wsd_focus:{LOW}")
    screen.run()
    band = _band(screen)
    assert content.rule_label(LOW, lang) in band
    assert all(p.text(lang) in band for p in picked[1].prompts)
    assert not any(p.text(lang) in band for p in picked[0].prompts)

    # Nothing private on the screen: no control link, no secret, no phone's token.
    shown = _text(screen)
    assert secret not in shown and "key=" not in shown
    assert not any(token in shown for token in tokens)

    # Round 2 on the low rule: its new round stays blind on the screen's band.
    _click(control, "rule_discuss")
    _click(control, "phase_rerate")
    assert svc.results(wid).focus == LOW
    screen.run()
    band = _band(screen)
    assert _msg(f"workshop.screen.focus_{Phase.RERATE.value}", lang) in band
    assert _msg("workshop.progress", lang, answered=0, of=6) in band
    assert _msg("workshop.round", lang, n=2) in band
    assert "ws-shift" not in band  # no shift before round 2 is revealed
    _click(control, "phase_decide")
    assert svc.results(wid).focus is None
    screen.run()
    assert _band(screen) == ""  # deciding: no rule is discussed


def test_a_refused_focus_leaves_the_screen_as_it_was() -> None:
    """A rule not in the workshop is refused by the service; the screen still shows
    the rule in focus it had."""
    svc = get_workshop_service()
    wid, secret, _ = _room(svc, "nl")
    svc.advance(wid, secret, Phase.REVEAL)
    screen = _open("pages/workshop_scherm.py", ws=wid)
    before = _band(screen)
    from services.workshop import ActionRefused

    with pytest.raises(ActionRefused):
        svc.set_focus(wid, secret, "r99")
    screen.run()
    assert _band(screen) == before and default_content().rule_label(SPLIT, "nl") in before
