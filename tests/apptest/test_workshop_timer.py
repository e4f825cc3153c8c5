"""The facilitator's timer on the shared screen: started and stopped on the control
view, stored with the workshop, so the screen (another session, on any server)
counts down with it."""

from __future__ import annotations

import re

from tests.apptest.test_workshop_pages import _click, _create, _msg, _open, _text
from ui.resources import get_workshop_service
from workshop.group import statements


def test_the_control_view_starts_a_timer_the_screen_counts_down() -> None:
    rules = list(statements(get_workshop_service().content))[:1]
    control, workshop_id, _secret = _create(rules)
    screen = _open("pages/workshop_scherm.py", ws=workshop_id)
    assert 'role="timer"' not in _text(screen)  # no timer yet

    control.number_input(key="timer_minutes").set_value(2).run()
    _click(control, "timer_start")
    assert _msg("workshop.control.timer_left", time="2:00") in _text(control) or \
        _msg("workshop.control.timer_left", time="1:59") in _text(control)
    screen.run()
    shown = _text(screen)
    assert any(_msg("workshop.screen.timer_left", time=f"{m}:{s:02d}") in shown
               for m, s in ((2, 0), (1, 59), (1, 58))), shown
    assert 'role="timer"' in shown

    _click(control, "timer_stop")
    screen.run()
    assert 'role="timer"' not in _text(screen)
    assert not re.search(r"Nog \d+:\d\d", _text(screen))
