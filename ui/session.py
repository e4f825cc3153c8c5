"""This browser session's state, behind typed accessors: every session-state key
Vonk uses is named here and nowhere else.

What a user must not lose lives in the database (services/); the session only
holds which plan is open, where the user is, and widget state.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from services.plans import Plan

FlashKind = Literal["error", "warning", "success", "info"]

_TOKEN = "plan_token"
_WORKSPACE = "workspace"
_PLAN = "plan_this_run"  # the plan as read from the store at the start of this run
_RULE_IDX = "rule_idx"
_SAVED_AT = "saved_at"
_FLASH = "flash"
_NOTE = "note"  # + ":" + a widget key: a message shown under that widget
_CONFIRM_DELETE = "confirm_delete"
_DELETED_HERE = "deleted_here"  # restorable until the user leaves the scenarios page
_IMPORT_SEEN = "import_file_seen"
_RERUN = "rerun_requested"
_FLASHES_SHOWN = "flashes_shown"  # the last full run showed messages at the top
_PART_FRAME = "part_frame:"  # + a page part's name: what its page drew around it
_FOCUS = "focus_pending"  # the heading anchor to move to on the next run (ui/focus.py)
_FOCUS_COUNT = "focus_count"
_EDIT_PREFIX = "edit:"
_EDIT_TARGET_PREFIX = "edit_target:"
_NETPLAN_PREFIX = "netplan:"
_SEEN = "seen"  # widget key -> the stored value it was last seeded with

# Widget keys (also used by the tests to find widgets).
TITLE_INPUT = "title_input"
LANG = "lang"
_QUESTION_PREFIX = "q:"
_JUMP_MENU_PREFIX = "rule_pick_"


def question_key(question_id: str) -> str:
    return f"{_QUESTION_PREFIX}{question_id}"


def _seen() -> dict[str, Any]:
    """Per tracked widget key, the stored value it was last seeded with. One entry
    in session state for all of them: Streamlit copies the whole session state
    for every text input it draws, so its size costs on every run."""
    value = st.session_state.get(_SEEN)
    if not isinstance(value, dict):
        value = {}
        st.session_state[_SEEN] = value
    return value


def jump_menu_key(lang: str) -> str:
    """One menu per language: its labels differ, so it is a different widget."""
    return f"{_JUMP_MENU_PREFIX}{lang}"


def scenario_name_key(token: str) -> str:
    return f"name:{token}"


def scenario_note_key(token: str) -> str:
    return f"note:{token}"


def compare_pick_key(workspace: str) -> str:
    return f"compare_pick:{workspace}"


def rates_open_key(workspace: str) -> str:
    """The rate inputs' expander (open or closed; its inputs are drawn when open)."""
    return f"rates_open:{workspace}"


def rate_key(workspace: str, field: str) -> str:
    """One input per workspace: its stored rates seed it (see seed_tracked)."""
    return f"rate:{workspace}:{field}"


def edit_question_key(token: str, question_id: str) -> str:
    """A question of the scenario edited in the scenarios page's overview."""
    return f"{_EDIT_PREFIX}{token}:{question_id}"


def edit_target_key(workspace: str) -> str:
    """The scenarios page's choice of the scenario to edit."""
    return f"{_EDIT_TARGET_PREFIX}{workspace}"


def netplan_field_key(token: str, field_id: str) -> str:
    """A field of the network plan page, per scenario (its stored value seeds it)."""
    return f"{_NETPLAN_PREFIX}{token}:{field_id}"


def seed(key: str, value: Any) -> None:
    """A widget's first value, set before the widget is created (kept afterwards)."""
    st.session_state.setdefault(key, value)


def seed_tracked(key: str, stored: Any, shown: Any = None) -> None:
    """Before a widget of a stored value is created: show the stored value (as
    `shown`, the widget's own form, if given) when the widget is new or the stored
    value changed since it was last seeded. `seen(key)` is then what the user saw."""
    ss, seen_values = st.session_state, _seen()
    if key in ss and key in seen_values and seen_values[key] == stored:
        return
    ss[key] = stored if shown is None else shown
    seen_values[key] = stored


def set_widget(key: str, value: Any) -> None:
    """Choose a widget's value before it is created in this run (or in a callback)."""
    st.session_state[key] = value


def mark_seen(key: str, stored: Any) -> None:
    _seen()[key] = stored


def is_seeded(key: str) -> bool:
    """False after `forget_widget`: the widget will be seeded from the store again."""
    return key in _seen()


def seen(key: str) -> Any:
    """The stored value the widget with this key was last seeded with."""
    return _seen().get(key)


def forget_widget(key: str) -> None:
    """Let a tracked widget be seeded again from the store on the next run."""
    st.session_state.pop(key, None)
    _seen().pop(key, None)


def widget_value(key: str) -> Any:
    """What the user entered in the widget with this key (None before it exists)."""
    return st.session_state.get(key)


# ------------------------------------------------------------------ the open plan
def token() -> str | None:
    value = st.session_state.get(_TOKEN)
    return value if isinstance(value, str) else None


def workspace() -> str | None:
    value = st.session_state.get(_WORKSPACE)
    return value if isinstance(value, str) else None


def plan() -> Plan | None:
    value = st.session_state.get(_PLAN)
    return value if isinstance(value, Plan) else None


def set_plan(opened: Plan | None) -> None:
    """The plan as just read from the store (None: no plan open)."""
    st.session_state[_PLAN] = opened


def open_plan(opened: Plan) -> None:
    """Make `opened` this session's plan: forget every widget of the previous one."""
    ss = st.session_state
    widgets = (_QUESTION_PREFIX, _JUMP_MENU_PREFIX)
    stale = [k for k in ss if isinstance(k, str) and k.startswith(widgets)]
    for key in stale:
        del ss[key]
    seen_values = _seen()
    for key in [k for k in seen_values if k.startswith(widgets)]:
        del seen_values[key]
    forget_widget(TITLE_INPUT)
    ss[_TOKEN] = opened.token
    ss[_WORKSPACE] = opened.workspace or opened.token
    ss[_RULE_IDX] = opened.current_rule
    ss[_PLAN] = opened


def forget_question_widget(question_id: str) -> None:
    forget_widget(question_key(question_id))


def rule_index(count: int) -> int:
    value = st.session_state.get(_RULE_IDX, 0)
    index = value if isinstance(value, int) else 0
    return min(max(index, 0), count - 1)


def set_rule_index(index: int, lang: str) -> None:
    st.session_state[_RULE_IDX] = index
    st.session_state[jump_menu_key(lang)] = index


# Vonk's users are in the Netherlands: the clock of "saved at" when the browser
# does not tell its own time zone (or sends one that does not exist).
_DEFAULT_ZONE = "Europe/Amsterdam"


def _local_zone() -> ZoneInfo:
    name = st.context.timezone or _DEFAULT_ZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(_DEFAULT_ZONE)


def mark_saved() -> None:
    """Remember when the last change was saved, on the user's own clock (the
    browser's time zone), not the server's."""
    st.session_state[_SAVED_AT] = datetime.now(_local_zone()).strftime("%H:%M:%S")


def mark_not_saved() -> None:
    """A change was refused: no "saved at" line may suggest otherwise."""
    st.session_state.pop(_SAVED_AT, None)


def saved_at() -> str | None:
    value = st.session_state.get(_SAVED_AT)
    return value if isinstance(value, str) else None


# ---------------------------------------------------------------- messages
def flash(kind: FlashKind, text: str) -> None:
    """A message shown at the top of the page after this run (callbacks included)."""
    st.session_state.setdefault(_FLASH, []).append((kind, text))


def note_at(widget_key: str, kind: FlashKind, text: str) -> None:
    """A message shown right under the widget `widget_key` on its next draw: what
    became of the value just entered there, where the user is looking."""
    st.session_state[f"{_NOTE}:{widget_key}"] = (kind, text)


def take_note(widget_key: str) -> tuple[FlashKind, str] | None:
    """The message waiting for this widget, if any (shown once)."""
    note: tuple[FlashKind, str] | None = st.session_state.pop(f"{_NOTE}:{widget_key}", None)
    return note


def flash_once(kind: FlashKind, text: str) -> None:
    """`flash`, unless the same message is waiting already."""
    if (kind, text) not in st.session_state.get(_FLASH, []):
        flash(kind, text)


def request_rerun() -> None:
    """Ask for one more run once the page is drawn (see ui/shell.run_app)."""
    st.session_state[_RERUN] = True


def take_rerun_request() -> bool:
    return bool(st.session_state.pop(_RERUN, False))


def request_focus(anchor: str) -> None:
    st.session_state[_FOCUS] = anchor


def take_focus_request(anchor: str) -> int | None:
    """If a move to this heading was requested: a new number for it, else None."""
    if st.session_state.get(_FOCUS) != anchor:
        return None
    del st.session_state[_FOCUS]
    count = int(st.session_state.get(_FOCUS_COUNT, 0)) + 1
    st.session_state[_FOCUS_COUNT] = count
    return count


def take_flashes() -> list[tuple[FlashKind, str]]:
    """The messages to show now (once); remembered is whether there were any."""
    value: Any = st.session_state.pop(_FLASH, [])
    taken = list(value) if isinstance(value, list) else []
    st.session_state[_FLASHES_SHOWN] = bool(taken)
    return taken


def flashes_waiting() -> bool:
    return bool(st.session_state.get(_FLASH))


def flashes_shown() -> bool:
    """The page's last full run showed messages at the top (they stay on screen
    until the next full run)."""
    return bool(st.session_state.get(_FLASHES_SHOWN, False))


# ------------------------------------------------ parts of a page that rerun alone
def set_part_frame(name: str, value: Any) -> None:
    """What the page drew around the part `name` (ui/fragments.py), on a full run."""
    st.session_state[_PART_FRAME + name] = value


def part_frame(name: str) -> Any:
    return st.session_state.get(_PART_FRAME + name)


# ---------------------------------------------------------------- scenarios page
def confirming_delete() -> str | None:
    value = st.session_state.get(_CONFIRM_DELETE)
    return value if isinstance(value, str) else None


def ask_delete(plan_token: str | None) -> None:
    if plan_token is None:
        st.session_state.pop(_CONFIRM_DELETE, None)
    else:
        st.session_state[_CONFIRM_DELETE] = plan_token


def deleted_here() -> list[str]:
    value = st.session_state.get(_DELETED_HERE, [])
    return [x for x in value if isinstance(x, str)] if isinstance(value, list) else []


def set_deleted_here(tokens: list[str]) -> None:
    st.session_state[_DELETED_HERE] = tokens


def forget_deleted_here() -> None:
    st.session_state.pop(_DELETED_HERE, None)


# ---------------------------------------------------------------- start page
def import_seen(file_id: str) -> bool:
    """True when this uploaded file was handled already (so it is handled once)."""
    if st.session_state.get(_IMPORT_SEEN) == file_id:
        return True
    st.session_state[_IMPORT_SEEN] = file_id
    return False


# ---------------------------------------------------------------- workshop: decide
# ui/workshop_decide.py: the agreed-actions editor of one workshop (the page that
# draws it passes the workshop's id). Widget keys carry the workshop or action id.
_WS_EDITING = "wsd_editing:"  # + workshop id: the action being edited
_WS_CONFIRM = "wsd_confirm:"  # + workshop id: the action whose removal awaits a yes
_WS_UNDO = "wsd_undo:"  # + workshop id: the action just removed (for undo)


def action_field_key(scope: str, field: str) -> str:
    """An action form's input: `scope` is "add:<workshop id>" or the action's id."""
    return f"wsd_field:{scope}:{field}"


def action_editing(workshop_id: str) -> str | None:
    value = st.session_state.get(_WS_EDITING + workshop_id)
    return value if isinstance(value, str) else None


def set_action_editing(workshop_id: str, action_id: str | None) -> None:
    if action_id is None:
        st.session_state.pop(_WS_EDITING + workshop_id, None)
    else:
        st.session_state[_WS_EDITING + workshop_id] = action_id


def action_confirming(workshop_id: str) -> str | None:
    value = st.session_state.get(_WS_CONFIRM + workshop_id)
    return value if isinstance(value, str) else None


def set_action_confirming(workshop_id: str, action_id: str | None) -> None:
    if action_id is None:
        st.session_state.pop(_WS_CONFIRM + workshop_id, None)
    else:
        st.session_state[_WS_CONFIRM + workshop_id] = action_id


def removed_action(workshop_id: str) -> Any:
    """The agreed action last removed here (storage.workshops.AgreedAction), or None."""
    return st.session_state.get(_WS_UNDO + workshop_id)


def set_removed_action(workshop_id: str, action: Any) -> None:
    if action is None:
        st.session_state.pop(_WS_UNDO + workshop_id, None)
    else:
        st.session_state[_WS_UNDO + workshop_id] = action


# ------------------------------------------------------- check-ins (pages/checkin.py)
_CHECKIN_RESPONDENT = "checkin_respondent:"  # + network id: this browser's respondent token
CHECKIN_NETWORK_PARAM = "network"  # URL: the network a participant's link opens
CHECKIN_RESPONDENT_PARAM = "r"  # URL: the respondent's own token (a refresh keeps it)


def checkin_respondent(network_id: str) -> str | None:
    value = st.session_state.get(_CHECKIN_RESPONDENT + network_id)
    return value if isinstance(value, str) else None


def set_checkin_respondent(network_id: str, respondent_token: str) -> None:
    st.session_state[_CHECKIN_RESPONDENT + network_id] = respondent_token


def checkin_answer_key(network_id: str, moment: str, item_id: str) -> str:
    return f"checkin:{network_id}:{moment}:{item_id}"


def checkin_story_key(network_id: str, moment: str, story_id: str) -> str:
    return f"checkin_story:{network_id}:{moment}:{story_id}"


def checkin_learning_key(network_id: str) -> str:
    return f"checkin_learning:{network_id}"


def checkin_share_key(network_id: str) -> str:
    return f"checkin_share:{network_id}"


def checkin_moment_key(network_id: str) -> str:
    return f"checkin_moment:{network_id}"


def checkin_decision_key(network_id: str) -> str:
    return f"checkin_decision:{network_id}"


def checkin_follow_up_key(network_id: str) -> str:
    return f"checkin_follow_up:{network_id}"


# ---------------------------------------------------------------- live workshop
# (pages/doe_mee.py, workshop_scherm.py, workshop_leiden.py, workshop.py)
WORKSHOP_CACHE = "workshop_cache:"  # + a view's name: (version, value) it last drew
WORKSHOP_DRAWN = "workshop_drawn:"  # + a view's name: what its last full run drew
WORKSHOP_JOIN_INPUT = "workshop_join_code"  # widget: the code a participant types
WORKSHOP_NOTE = "workshop_note"  # a phone's or facilitator's last outcome, shown once
WORKSHOP_FOCUS = "workshop_focus"  # widget: the rule in focus on the control view
WORKSHOP_SEAT = "remove_seat"  # widget: the seat to remove (read by its button)
WORKSHOP_SIMULATE = "simulate_count"  # widget: how many to simulate (read by its button)
WORKSHOP_AUTOJOINED = "workshop_autojoined"  # the ?code= this session tried already
_WORKSHOP_SEAT_SENT = "workshop_seat_sent"  # the token whose seat cookie this session asked for
_WORKSHOP_SEAT_BACK = "workshop_seat_back"  # the token of a seat just given back (told once)


def workshop_vote_key(token: str, round_: int, statement_id: str) -> str:
    """A phone's answer widget: one per participant, round and statement."""
    return f"wsvote:{token[:12]}:{round_}:{statement_id}"


def set_drawn(name: str, value: Any) -> None:
    st.session_state[WORKSHOP_DRAWN + name] = value


def drawn(name: str) -> Any:
    return st.session_state.get(WORKSHOP_DRAWN + name)


def workshop_note(kind: FlashKind, text: str) -> None:
    st.session_state[WORKSHOP_NOTE] = (kind, text)


def take_workshop_note() -> tuple[FlashKind, str] | None:
    note: tuple[FlashKind, str] | None = st.session_state.pop(WORKSHOP_NOTE, None)
    return note


def seat_remembered() -> str | None:
    """The token whose seat cookie this session has asked the server for (ui/seat_cookie.py)."""
    value = st.session_state.get(_WORKSHOP_SEAT_SENT)
    return value if isinstance(value, str) else None


def set_seat_remembered(token: str) -> None:
    st.session_state[_WORKSHOP_SEAT_SENT] = token


def seat_given_back(token: str) -> None:
    """A join gave this browser its own seat back: say so on the phone's next run
    (in the workshop's language, which is known only there)."""
    st.session_state[_WORKSHOP_SEAT_BACK] = token


def take_seat_given_back(token: str) -> bool:
    """True once after `seat_given_back(token)`."""
    return st.session_state.pop(_WORKSHOP_SEAT_BACK, None) == token


# ------------------------------------------ check-ins: deleting a network (ui/checkin_delete.py)
_CHECKIN_CONFIRM_DELETE = "checkin_confirm_delete"  # the network whose deletion awaits a yes


def checkin_confirming_delete() -> str | None:
    value = st.session_state.get(_CHECKIN_CONFIRM_DELETE)
    return value if isinstance(value, str) else None


def ask_checkin_delete(network_id: str | None) -> None:
    if network_id is None:
        st.session_state.pop(_CHECKIN_CONFIRM_DELETE, None)
    else:
        st.session_state[_CHECKIN_CONFIRM_DELETE] = network_id
