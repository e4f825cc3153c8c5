"""How often the phone page goes to the database: a count of transactions and
statements (SQLAlchemy's `begin` and `before_cursor_execute` events on every
engine), not a time. On PostgreSQL each transaction is a round trip to another
process (bench/README.md, "A live workshop room": 26 per vote before this
count), so a vote's full run must stay at the vote's own write plus one read of
the workshop, and a poll that finds nothing new at one version read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from tests.apptest.test_workshop_pages import _create, _msg, _open, _phone_radios, _text
from ui.resources import get_workshop_service
from workshop.group import statements
from workshop.phases import Phase

# A vote's full run: the vote (one write transaction) and one read of everything the
# phone draws (the workshop, its rules, the room's count, the phone's own answers,
# "k of N answered"; after a reveal also the revealed answers).
VOTE_RUN_TRANSACTIONS = 2
OPEN_RUN_TRANSACTIONS = 1  # a phone's page opened again (a refresh): the one read


@dataclass
class Count:
    transactions: int = 0
    statements: int = 0


@contextmanager
def counted() -> Iterator[Count]:
    count = Count()

    def on_begin(_conn: Any) -> None:
        count.transactions += 1

    def on_statement(*_args: Any) -> None:
        count.statements += 1

    event.listen(Engine, "begin", on_begin)
    event.listen(Engine, "before_cursor_execute", on_statement)
    try:
        yield count
    finally:
        event.remove(Engine, "begin", on_begin)
        event.remove(Engine, "before_cursor_execute", on_statement)


def _room(rule_count: int = 3) -> tuple[str, str, str, str]:
    """A workshop of `rule_count` rules in round 1: (id, secret, code, a statement)."""
    rules = list(statements(get_workshop_service().content))[:rule_count]
    _control, workshop_id, secret = _create(rules)
    svc = get_workshop_service()
    svc.advance(workshop_id, secret, Phase.RATE)
    workshop = svc.workshop(workshop_id)
    assert workshop is not None
    return workshop_id, secret, workshop.code, workshop.state.rules[0].statements[0]


def test_a_vote_is_one_write_and_one_read_of_the_workshop() -> None:
    _workshop_id, _secret, code, first = _room()
    phone = _open("pages/doe_mee.py", code=code)
    radios = _phone_radios(phone)
    assert len(radios) > 3  # three rules' statements drawn from the one read
    with counted() as count:
        radios[first].set_value(4).run()  # type: ignore[attr-defined]
    assert not phone.exception, phone.exception
    assert _msg("workshop.phone.saved") in _text(phone)
    # One line for the room (its slowest open statement: the other rules' are not
    # answered yet), not a line per rule above the questions.
    assert (_msg("workshop.phone.in_room", n=1) + " · "
            + _msg("workshop.progress", answered=0, of=1)) in _text(phone)
    assert count.transactions == VOTE_RUN_TRANSACTIONS, count


def test_a_phone_opened_again_reads_the_workshop_once() -> None:
    _workshop_id, _secret, code, first = _room()
    phone = _open("pages/doe_mee.py", code=code)
    _phone_radios(phone)[first].set_value(2).run()  # type: ignore[attr-defined]
    with counted() as count:
        phone.run()
    assert not phone.exception, phone.exception
    assert _phone_radios(phone)[first].value == 2  # its own answer, from the same read
    assert count.transactions == OPEN_RUN_TRANSACTIONS, count


def test_after_a_reveal_the_phone_still_reads_once() -> None:
    workshop_id, secret, code, first = _room(rule_count=2)
    svc = get_workshop_service()
    phone = _open("pages/doe_mee.py", code=code)
    _phone_radios(phone)[first].set_value(5).run()  # type: ignore[attr-defined]
    workshop = svc.workshop(workshop_id)
    assert workshop is not None
    rule = workshop.state.rules[0].rule_id
    svc.lock_rule(workshop_id, secret, rule)
    svc.reveal_rule(workshop_id, secret, rule)
    svc.advance(workshop_id, secret, Phase.REVEAL)
    with counted() as count:
        phone.run()
    assert not phone.exception, phone.exception
    assert _msg("workshop.phone.results") in _text(phone)
    assert count.transactions == OPEN_RUN_TRANSACTIONS, count


def test_a_poll_that_finds_nothing_new_is_one_version_read() -> None:
    workshop_id, _secret, _code, _first = _room()
    svc = get_workshop_service()
    with counted() as count:
        svc.version(workshop_id)
    assert (count.transactions, count.statements) == (1, 1)
