"""The network's check-ins over time as a PDF and Markdown for the network itself:
per statement the view at each moment and the change in words, the stories beside
them, with the screen's anonymity thresholds; read back with pypdf, in NL and EN."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from content.checkins import default_checkins
from content.models import Content
from content.workshop import default_workshop_settings
from services.checkins import CheckinService
from services.plans import PlanService
from storage import PlanStore
from storage.checkins import NetworkStore
from storage.migrate import upgrade_database

CHECKINS = default_checkins()
MIN = default_workshop_settings().anonymity.min_figure


@pytest.fixture
def service(tmp_path: Path, content: Content) -> Iterator[CheckinService]:
    url = f"sqlite:///{tmp_path / 'v.sqlite3'}"
    upgrade_database(url)
    plans, networks = PlanStore(url), NetworkStore(url)
    yield CheckinService(networks, PlanService(plans, content), content,
                         clock=lambda: datetime(2026, 9, 1, 9, 0, tzinfo=UTC))
    plans.dispose()
    networks.dispose()


def _network(service: CheckinService, *, people: int) -> tuple[str, str]:
    """A network with `people` at the start and the middle; at the middle the group
    splits on safety, and each writes a story (one with markup)."""
    plan = service.plans.create(title="Netwerk <b>feedback</b>", language="nl")
    n = service.start_network(plan.token, language="nl")
    tokens = [service.join(n.id).token for _ in range(people)]
    for i, tok in enumerate(tokens):
        service.answer(tok, "start", "pulse_safe", 4)
        service.set_learning_question(tok, f"Leervraag {i}", shared=True)
    service.open_moment(n.id, plan.token, "mid")
    for i, tok in enumerate(tokens):
        service.answer(tok, "mid", "pulse_safe", 1 if i % 2 else 5)
        service.save_story(tok, "mid", "brought_so_far", f"Verhaal {i} <script>x</script>")
    service.open_moment(n.id, plan.token, "end")
    service.record_decision(n.id, plan.token, "renew", date(2026, 12, 1))
    return plan.token, n.id


def _pdf_text(data: bytes) -> str:
    return " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_pdf_shows_each_statements_change_and_the_stories(service: CheckinService,
                                                              content: Content,
                                                              lang: str) -> None:
    plan_token, network_id = _network(service, people=MIN + 1)
    m = content.messages[lang]
    text = " ".join(_pdf_text(service.pdf(network_id, lang, plan_token=plan_token)).split())
    statement = CHECKINS.statement_text("pulse_safe", lang, content)
    assert " ".join(statement.split())[:40] in text
    # the start: everyone 4; the middle: split in two extremes; the change in words
    assert m["checkin.cell_unanimous"].format(value=4, answered=MIN + 1) in text
    assert m["checkin.label_opposed"] in text
    assert m["checkin.trend_now_opposed"] in text
    assert m["checkin.doc.change"] in text
    assert "Verhaal 0 <script>x</script>" in text  # a story stays text
    assert "Leervraag 1" in text
    assert CHECKINS.texts[lang].decision.options["renew"] in text
    assert m["checkin.doc.thresholds"].format(minimum=MIN)[:30] in text
    assert "Netwerk <b>feedback</b>" in text  # the title is the user's text, not markup
    reader = PdfReader(io.BytesIO(service.pdf(network_id, lang, plan_token=plan_token)))
    assert reader.metadata is not None and "feedback" in str(reader.metadata.title)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_participants_copy_has_no_plan_title(service: CheckinService, content: Content,
                                               lang: str) -> None:
    """The plan's title is the initiator's own words (a scenario's name): the copy
    anyone with the network's link downloads has the same figures without it."""
    plan_token, network_id = _network(service, people=MIN + 1)
    m = content.messages[lang]
    for data in (service.pdf(network_id, lang), service.pdf(network_id, lang,
                                                            plan_token="x" * 24)):
        text = " ".join(_pdf_text(data).split())
        assert "feedback" not in text
        assert m["checkin.doc.title_plain"] in text and m["checkin.trend_now_opposed"] in text
        meta = PdfReader(io.BytesIO(data)).metadata
        assert meta is not None and str(meta.title) == m["checkin.doc.title_plain"]
    md = service.markdown(network_id, lang)
    assert md.startswith(f"# {m['checkin.doc.title_plain']}\n") and "feedback" not in md
    assert "feedback" in service.markdown(network_id, lang, plan_token=plan_token)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_too_few_participants_show_as_on_screen(service: CheckinService, content: Content,
                                                lang: str) -> None:
    _, network_id = _network(service, people=MIN - 1)
    m = content.messages[lang]
    view = service.view(network_id)
    text = " ".join(_pdf_text(service.pdf(network_id, lang)).split())
    assert m["checkin.cell_too_few"].format(answered=MIN - 1, minimum=MIN) in text
    assert "Verhaal" not in text and "Leervraag" not in text
    mid = CHECKINS.texts[lang].moments["mid"].title
    hidden = m["checkin.stories_hidden"].format(moment=mid, minimum=MIN, count=MIN - 1)
    assert " ".join(hidden.split()) in text
    assert m["checkin.no_figures"].format(minimum=MIN) in text
    assert view.learning_questions is None


def test_the_markdown_has_the_same_content_escaped(service: CheckinService,
                                                   content: Content) -> None:
    _, network_id = _network(service, people=MIN + 1)
    md = service.markdown(network_id, "en")
    m = content.messages["en"]
    assert md.startswith("# ")
    assert m["checkin.trend_now_opposed"] in md
    assert "<script>" not in md and "Verhaal 0" in md
    assert "Renew" in md or CHECKINS.texts["en"].decision.options["renew"] in md
