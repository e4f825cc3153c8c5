"""AppTest of ui/workshop_decide.py through a small test page
(tests/apptest/workshop_decide_page.py): the discussion prompts of the divided and
the low rule, and the agreed-actions editor: add, a refusal that keeps the typed
text, change, remove only after a yes, undo, user text shown as text; in Dutch
and in English; a wrong secret changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from content.loader import default_content
from services.plans import PlanService
from services.workshop import Joined, WorkshopService
from storage import PlanStore, database_url
from storage.workshops import WorkshopStore
from workshop.group import statements
from workshop.phases import Phase

PAGE = Path(__file__).with_name("workshop_decide_page.py")


def _due() -> date:
    today = date.today()
    return date(today.year + 1, today.month, 1)


@pytest.fixture
def workshop() -> tuple[str, str, str, str]:
    """A workshop in the decide phase: the room split on one rule, low on another."""
    content = default_content()
    url = database_url()
    plans, wstore = PlanStore(url), WorkshopStore(url)
    svc = WorkshopService(wstore, PlanService(plans, content), content)
    rules = statements(content)
    split, low = list(rules)[:2]
    created = svc.create(language="nl", rule_ids=[split, low])
    wid, secret = created.workshop_id, created.control_secret
    tokens = []
    for i in range(6):
        joined = svc.join(created.code, f"10.2.0.{i}")
        assert isinstance(joined, Joined)
        tokens.append(joined.token)
    svc.advance(wid, secret, Phase.RATE)
    for i, token in enumerate(tokens):
        for sid in rules[split]:
            svc.vote(token, sid, 1 if i % 2 else 5)
        for sid in rules[low]:
            svc.vote(token, sid, 2)
    for phase in (Phase.REVEAL, Phase.DISCUSS, Phase.DECIDE):
        svc.advance(wid, secret, phase)
    plans.dispose()
    wstore.dispose()
    return wid, secret, split, low


def _page(wid: str, secret: str, lang: str = "nl", show: str = "prompts,actions") -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=30)
    at.query_params.update({"wid": wid, "secret": secret, "lang": lang, "show": show})
    at.run()
    assert not at.exception, at.exception
    return at


def _button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    found = [b for b in at.button if b.label == label]
    assert found, (label, [b.label for b in at.button])
    return found[0]


def _fill(at: AppTest, what: str, who: str, due: date | None) -> None:
    at.text_input(key=[k for k in _keys(at) if k.endswith(":what")][-1]).set_value(what)
    at.text_input(key=[k for k in _keys(at) if k.endswith(":who")][-1]).set_value(who)
    if due is not None:
        at.date_input[-1].set_value(due)


def _keys(at: AppTest) -> list[str]:
    return [w.key for w in at.text_input if w.key]


def _text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize(("lang", "divided", "low"), [
    ("nl", "De groep is verdeeld over deze regel", "De groep beoordeelt deze regel laag"),
    ("en", "The group is divided on this rule", "The group rates this rule low"),
])
def test_the_prompts_of_the_divided_and_the_low_rule(
        workshop: tuple[str, str, str, str], lang: str, divided: str, low: str) -> None:
    wid, secret, split, low_rule = workshop
    at = _page(wid, secret, lang, "prompts")
    text = _text(at)
    content = default_content()
    assert content.rule_label(split, lang) in text and content.rule_label(low_rule, lang) in text
    assert text.index(divided) < text.index(low)
    assert "−1" in text  # the agreement of a room split over the two ends
    source = content.section_heading(lang, "rule-1")
    assert any(source in c.value for c in at.caption)


def test_add_refuse_change_remove_and_undo_an_action(
        workshop: tuple[str, str, str, str]) -> None:
    wid, secret, _, _ = workshop
    at = _page(wid, secret, show="actions")
    assert "Nog geen acties afgesproken." in _text(at)
    _fill(at, "Data vastleggen", "", _due())
    _button(at, "Actie toevoegen").click().run()
    assert [e.value for e in at.error] == ["Vul ‘Wie (een rol)’ in."]
    assert at.text_input(key=f"wsd_field:add:{wid}:what").value == "Data vastleggen"  # kept
    _fill(at, "Data vastleggen", "<b>coördinator</b>", _due())
    _button(at, "Actie toevoegen").click().run()
    assert "Actie ‘Data vastleggen’ is toegevoegd." in [s.value for s in at.success]
    assert at.text_input(key=f"wsd_field:add:{wid}:what").value == ""  # the form is empty again
    line = next(m.value for m in at.markdown if "Data vastleggen" in m.value)
    assert "&lt;b&gt;coördinator&lt;/b&gt;" in line and "<b>" not in line  # shown as text

    _button(at, "Actie 1 wijzigen").click().run()
    edit_key = next(k for k in _keys(at) if k.endswith(":what") and "add:" not in k)
    assert at.text_input(key=edit_key).value == "Data vastleggen"
    at.text_input(key=edit_key).set_value("Data en zaal vastleggen")
    _button(at, "Opslaan").click().run()
    assert "Data en zaal vastleggen" in _text(at)

    _button(at, "Actie 1 verwijderen").click().run()
    assert "Data en zaal vastleggen" in _text(at)  # not before a yes
    assert any("verwijderen?" in w.value for w in at.warning)
    _button(at, "Annuleren").click().run()
    assert not at.warning and "Data en zaal vastleggen" in _text(at)
    _button(at, "Actie 1 verwijderen").click().run()
    _button(at, "Ja, verwijderen").click().run()
    assert "Nog geen acties afgesproken." in _text(at)
    assert "Actie ‘Data en zaal vastleggen’ is verwijderd." in [i.value for i in at.info]
    _button(at, "Ongedaan maken").click().run()
    assert "Data en zaal vastleggen" in _text(at) and not at.info


def test_a_date_outside_the_bounds_and_a_wrong_secret_change_nothing(
        workshop: tuple[str, str, str, str]) -> None:
    wid, secret, _, _ = workshop
    at = _page(wid, "not the secret", lang="en", show="actions")
    assert [e.value for e in at.error] == [
        "Only the facilitator, with this workshop's own link, can record actions."]
    assert not at.text_input  # no editor without the secret
    at = _page(wid, secret, lang="en", show="actions")
    _fill(at, "Invite", "coordinator", None)
    _button(at, "Add action").click().run()
    assert at.error and at.error[0].value.startswith("Choose a date from ")
    assert "No actions agreed yet." in _text(at)


@pytest.mark.parametrize(("lang", "labels"), [
    ("nl", ["Workshopverslag (PDF)", "Verdelingen (CSV)", "Verdelingen (Excel)"]),
    ("en", ["Workshop report (PDF)", "Distributions (CSV)", "Distributions (Excel)"]),
])
def test_the_three_downloads_are_offered(workshop: tuple[str, str, str, str], lang: str,
                                         labels: list[str]) -> None:
    wid, secret, _, _ = workshop
    at = _page(wid, secret, lang, "exports")
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == labels
