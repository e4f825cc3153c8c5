"""The network plan's pure core and its documents: the schedule (rhythms, skipped
dates, summer time, a holiday removed), the fields and their prefill, the .ics
(parsed back with icalendar), and the documents read back from .docx, PDF and
Markdown; and the content's own checks."""

from __future__ import annotations

import io
import re
import shutil
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from docx import Document as read_docx
from icalendar import Calendar
from pypdf import PdfReader

from content.loader import CONTENT_DIR, ContentError
from content.models import Content
from content.netplan import Netplan, default_netplan, load_netplan
from evaluation import evaluate
from netplan import check_value, first_meeting, meeting_dates, mid_term_number, resolve
from netplan.fields import withdrawn_meetings
from netplan.schedule import build_schedule
from reports import to_markdown, to_pdf
from reports.calendar_ics import event_uid, to_ics
from reports.netplan import netplan_document
from reports.render_docx import to_docx
from tests.conftest import ready_plan

TODAY = date(2026, 12, 3)


@pytest.fixture(scope="module")
def netplan() -> Netplan:
    return default_netplan()


# ------------------------------------------------------------------ schedule
@pytest.mark.parametrize(("rhythm", "expected"), [
    ("weekly", [date(2027, 1, 12), date(2027, 1, 19), date(2027, 1, 26)]),
    ("fortnightly", [date(2027, 1, 12), date(2027, 1, 26), date(2027, 2, 9)]),
    ("six_weekly", [date(2027, 1, 12), date(2027, 2, 23), date(2027, 4, 6)]),
    # The 2nd Tuesday of every month.
    ("monthly", [date(2027, 1, 12), date(2027, 2, 9), date(2027, 3, 9)]),
])
def test_meeting_dates_follow_the_rhythm(netplan: Netplan, rhythm: str,
                                         expected: list[date]) -> None:
    held, skipped = meeting_dates(date(2027, 1, 12), netplan.rhythm(rhythm), 3)
    assert list(held) == expected and skipped == ()


def test_monthly_from_a_fifth_weekday_takes_the_last_one(netplan: Netplan) -> None:
    # 29 March 2027 is the fifth Monday; April's last Monday is the 26th.
    held, _ = meeting_dates(date(2027, 3, 29), netplan.rhythm("monthly"), 2)
    assert held == (date(2027, 3, 29), date(2027, 4, 26))


def test_a_skipped_date_is_made_up_for_at_the_end(netplan: Netplan) -> None:
    weekly = netplan.rhythm("weekly")
    held, skipped = meeting_dates(date(2027, 1, 12), weekly, 3,
                                  skipped=[date(2027, 1, 19), date(2027, 1, 20)])
    assert held == (date(2027, 1, 12), date(2027, 1, 26), date(2027, 2, 2))
    assert skipped == (date(2027, 1, 19),)  # 20 January is not on the rhythm: ignored


def test_a_meeting_on_a_holiday_the_user_removes(netplan: Netplan) -> None:
    """Weekly on Thursdays from 17 December: Christmas Eve and New Year's Eve are
    removed, the series keeps its four meetings."""
    before, _ = meeting_dates(date(2026, 12, 17), netplan.rhythm("weekly"), 4)
    assert date(2026, 12, 24) in before and date(2026, 12, 31) in before
    held, skipped = meeting_dates(date(2026, 12, 17), netplan.rhythm("weekly"), 4,
                                  skipped=[date(2026, 12, 24), date(2026, 12, 31)])
    assert held == (date(2026, 12, 17), date(2027, 1, 7), date(2027, 1, 14), date(2027, 1, 21))
    assert skipped == (date(2026, 12, 24), date(2026, 12, 31))


def _schedule(netplan: Netplan, **changes: object):  # type: ignore[no-untyped-def]
    args: dict[str, object] = dict(
        start=date(2026, 10, 20), start_time=time(15, 0), rhythm=netplan.rhythm("weekly"),
        count=3, hours=3.5, skipped=[], follow_up=None, follow_up_weeks=12, meal_minutes=60,
        checkin_minutes=30, zone="Europe/Amsterdam")
    args.update(changes)
    return build_schedule(**args)  # type: ignore[arg-type]


def test_local_time_stays_when_summer_time_ends(netplan: Netplan) -> None:
    """Summer time ends on 25 October 2026: 15:00 stays 15:00, the UTC offset moves."""
    s = _schedule(netplan)
    first, second = (e for e in s.events if e.kind == "meeting" and e.number in (1, 2))
    assert first.start.time() == second.start.time() == time(15, 0)
    assert first.start.utcoffset() == timedelta(hours=2)
    assert second.start.utcoffset() == timedelta(hours=1)
    assert first.start.astimezone(UTC).hour == 13 and second.start.astimezone(UTC).hour == 14


def test_events_check_ins_and_follow_up(netplan: Netplan) -> None:
    s = _schedule(netplan, count=5)
    kinds = [e.kind for e in s.events]
    assert kinds.count("meeting") == 5 and kinds.count("mid_term") == 1
    meeting = next(e for e in s.events if e.key == "meeting-1")
    assert meeting.end - meeting.start == timedelta(hours=4, minutes=30)  # 3.5 h + meal
    mid = next(e for e in s.events if e.kind == "mid_term")
    assert mid.number == 3 and mid.start.time() == time(18, 0) and mid.end.time() == time(18, 30)
    closing = next(e for e in s.events if e.kind == "closing")
    assert closing.start.date() == s.last
    back = next(e for e in s.events if e.kind == "follow_up")
    assert back.start.date() == s.last + timedelta(weeks=12)
    chosen = _schedule(netplan, follow_up=date(2027, 3, 1))
    assert next(e for e in chosen.events if e.kind == "follow_up").start.date() == \
        date(2027, 3, 1)
    assert [e.start for e in s.events] == sorted(e.start for e in s.events)


def test_mid_term_is_the_middle_meeting() -> None:
    assert [mid_term_number(n) for n in (1, 2, 3, 4, 5, 6)] == [None, 1, 2, 2, 3, 3]


# ------------------------------------------------------------------- fields
def test_fields_are_prefilled_from_the_answers(netplan: Netplan, content: Content) -> None:
    plan = resolve(netplan, content, ready_plan(), {}, "nl", TODAY)
    assert plan.number("participants") == 9 and plan.number("count") == 5
    assert plan.number("hours") == 3.5 and plan.text("rhythm") == "six_weekly"
    assert plan.text("theme") == "Inspirerend docentschap"
    assert plan.day("start_date") == TODAY + timedelta(weeks=6)
    assert "5 bijeenkomsten" in plan.text("call_asks") and "3,5 uur" in plan.text("call_asks")
    assert plan.text("coordinator") == "Iemand van de eigen organisatie"
    assert plan.text("coordinator_name") == ""
    assert "{" not in "".join(str(v) for v in plan.values.values())
    english = resolve(netplan, content, ready_plan(), {}, "en", TODAY)
    assert "3.5 hours" in english.text("call_asks")


def test_unanswered_and_irregular_fall_back_to_the_defaults(netplan: Netplan,
                                                            content: Content) -> None:
    plan = resolve(netplan, content, {"rhythm": "irregular"}, {}, "nl", TODAY)
    d = netplan.structure.defaults
    assert plan.text("rhythm") == d.rhythm and plan.number("count") == d.count
    assert plan.number("participants") == d.participants
    assert plan.text("theme").startswith("Nog te kiezen")
    assert "thema dat nog gekozen wordt" in plan.text("call_profile")


def test_stored_values_win_and_prefills_follow_them(netplan: Netplan,
                                                    content: Content) -> None:
    stored = {"count": 7, "coordinator_name": "Anna de Vries", "rhythm": "monthly",
              "aim": "Ons eigen doel"}
    plan = resolve(netplan, content, ready_plan(), stored, "nl", TODAY)
    assert plan.text("aim") == "Ons eigen doel" and plan.is_stored("aim")
    assert len(plan.schedule.meetings) == 7
    assert "7 bijeenkomsten" in plan.text("call_asks")  # not stored: follows the count
    assert plan.text("call_sign_up").startswith("Aanmelden kan bij Anna de Vries,")
    assert "elke maand" in plan.text("call_asks")


def test_stored_values_no_longer_valid_fall_back(netplan: Netplan, content: Content) -> None:
    plan = resolve(netplan, content, ready_plan(), {"count": 999, "rhythm": "yearly",
                                                    "gone": "x"}, "nl", TODAY)
    assert plan.number("count") == 5 and plan.text("rhythm") == "six_weekly"
    assert plan.stored == {}


@pytest.mark.parametrize(("field_id", "raw", "code"), [
    ("nope", "x", "unknown_field"), ("aim", 3, "not_text"), ("theme", "x" * 201, "too_long"),
    ("count", "5", "not_a_number"), ("count", 0, "out_of_range"), ("count", 2.5, "not_whole"),
    ("count", True, "not_a_number"), ("hours", 3.25, "off_step"),
    ("start_date", "31-12-2026", "not_a_date"), ("start_time", "25:00", "not_a_time"),
    ("rhythm", "yearly", "unknown_rhythm"), ("skipped", ["2027-01-01", "x"], "not_a_date"),
    ("skipped", [f"2027-01-{d:02d}" for d in range(1, 32)] +
     [f"2027-03-{d:02d}" for d in range(1, 31)], "too_many_dates"),
])
def test_bad_values_are_refused_with_a_reason(netplan: Netplan, content: Content,
                                              field_id: str, raw: object, code: str) -> None:
    value, problem = check_value(netplan, content, field_id, raw)
    assert value is None and problem is not None and problem.code == code
    # every refusal has words in both languages
    for lang in ("nl", "en"):
        assert f"netplan.problem.{code}" in content.messages[lang]


def test_good_values_are_normalised(netplan: Netplan, content: Content) -> None:
    assert check_value(netplan, content, "count", 6.0) == (6, None)
    assert check_value(netplan, content, "hours", 4) == (4.0, None)
    assert check_value(netplan, content, "start_date", date(2027, 1, 5)) == ("2027-01-05", None)
    assert check_value(netplan, content, "start_time", time(9, 30)) == ("09:30", None)
    assert check_value(netplan, content, "start_time", "9:05") == ("09:05", None)
    assert check_value(netplan, content, "skipped", ["2027-01-05", "2027-01-05",
                                                     "2026-12-24"]) == (
        ["2026-12-24", "2027-01-05"], None)
    assert check_value(netplan, content, "aim", "  twee\nregels\x00 ") == ("twee\nregels", None)
    assert check_value(netplan, content, "theme", None) == (None, None)


# ------------------------------------------------------------------- agenda
def test_agenda_fits_the_meeting_and_ends_with_the_meal(netplan: Netplan) -> None:
    agenda = first_meeting(netplan, time(15, 0), 3.5, 9)
    ids = [i.block_id for i in agenda.items]
    assert ids[0] == "welcome" and ids[-1] == "meal" and "open_podium" in ids
    assert "take_and_give" in ids
    podium = next(i for i in agenda.items if i.block_id == "open_podium")
    assert podium.minutes == 9 * 10  # ten minutes each (interview-wachelder)
    meeting = [i for i in agenda.items if not i.after_meeting]
    assert sum(i.minutes for i in meeting) == 210 and agenda.over_by == 0
    assert meeting[-1].end == time(18, 30) and agenda.items[-1].start == time(18, 30)


def test_agenda_says_when_it_does_not_fit(netplan: Netplan) -> None:
    agenda = first_meeting(netplan, time(15, 0), 2, 12)
    assert agenda.over_by == 20 + 120 + 15 + 30 + 15 - 120
    assert "theme" not in [i.block_id for i in agenda.items]


# ---------------------------------------------------------------------- .ics
def _ics(netplan: Netplan, content: Content, stored: dict[str, object] | None = None,
         *, key: str = "plan-token-A", sequence: int = 0,
         now: datetime = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)) -> Calendar:
    plan = resolve(netplan, content, ready_plan(),
                   {"start_date": "2026-10-20", "rhythm": "weekly", **(stored or {})}, "nl",
                   TODAY)
    return Calendar.from_ical(to_ics(netplan, plan, plan_key=key, sequence=sequence, now=now))


def test_the_calendar_parses_back_with_local_times(netplan: Netplan, content: Content) -> None:
    cal = _ics(netplan, content)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 5 + 2 + 1  # meetings, mid-term and closing, follow-up
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    starts = [e.decoded("DTSTART") for e in events if "Bijeenkomst" in str(e["SUMMARY"])]
    assert all(s.hour == 15 and s.minute == 0 for s in starts)
    assert all(str(s.tzinfo) == "Europe/Amsterdam" for s in starts)
    assert starts[0].utcoffset() == timedelta(hours=2) and starts[1].utcoffset() == \
        timedelta(hours=1)
    raw = cal.to_ical().decode()
    assert "DTSTART;TZID=Europe/Amsterdam:20261020T150000" in raw
    for event in events:
        assert event.decoded("DTSTAMP") == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
        assert event["UID"].endswith("@vonk.netwerkplan")


def test_a_new_download_keeps_the_uids(netplan: Netplan, content: Content) -> None:
    first = _ics(netplan, content)
    again = _ics(netplan, content, {"skipped": ["2026-10-27"]}, sequence=3,
                 now=datetime(2027, 1, 1, tzinfo=UTC))
    uids = {str(e["SUMMARY"]): str(e["UID"]) for e in first.walk("VEVENT")}
    moved = {str(e["SUMMARY"]): e for e in again.walk("VEVENT")}
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == set(uids.values())
    second = moved[next(s for s in moved if s.startswith("Bijeenkomst 2 "))]
    assert str(second["UID"]) == uids[next(s for s in uids if s.startswith("Bijeenkomst 2 "))]
    assert second.decoded("DTSTART").date() == date(2026, 11, 3)  # 27 Oct skipped
    assert int(second["SEQUENCE"]) == 3
    other = _ics(netplan, content, key="plan-token-B")
    assert not {str(e["UID"]) for e in other.walk("VEVENT")} & set(uids.values())


def test_meetings_no_longer_planned_are_sent_as_cancelled(netplan: Netplan,
                                                         content: Content) -> None:
    longer = resolve(netplan, content, ready_plan(), {"start_date": "2026-10-20", "count": 7},
                     "nl", TODAY)
    shorter = resolve(netplan, content, ready_plan(), {"start_date": "2026-10-20", "count": 5},
                      "nl", TODAY)
    gone = withdrawn_meetings(netplan, shorter, 7)
    assert [e.key for e in gone] == ["meeting-6", "meeting-7"]
    assert [e.start for e in gone] == [e.start for e in longer.schedule.events
                                       if e.key in ("meeting-6", "meeting-7")]
    assert withdrawn_meetings(netplan, shorter, 5) == ()
    now = datetime(2026, 12, 3, tzinfo=UTC)
    before = Calendar.from_ical(to_ics(netplan, longer, plan_key="k", sequence=1, now=now))
    after = Calendar.from_ical(to_ics(netplan, shorter, plan_key="k", sequence=2, now=now,
                                      withdrawn=gone))
    uid = {str(e["UID"]): e for e in after.walk("VEVENT")}
    assert set(uid) == {str(e["UID"]) for e in before.walk("VEVENT")}
    cancelled = [e for e in after.walk("VEVENT") if e.get("STATUS") == "CANCELLED"]
    assert len(cancelled) == 2 and all("Vervallen" in str(e["SUMMARY"]) for e in cancelled)
    assert {str(e["UID"]) for e in cancelled} == {event_uid("k", "meeting-6"),
                                                  event_uid("k", "meeting-7")}


def test_the_token_is_not_in_the_calendar(netplan: Netplan, content: Content) -> None:
    token = "T3oySv3i9JbEjQUeSgU9w_cP"
    cal = _ics(netplan, content, key=token)
    assert token not in cal.to_ical().decode()
    assert event_uid(token, "meeting-1") == event_uid(token, "meeting-1")
    assert event_uid(token, "meeting-1") != event_uid(token, "meeting-2")


# ---------------------------------------------------------------- documents
def _documents(netplan: Netplan, content: Content, lang: str) -> tuple[str, str, str]:
    stored = {"coordinator_name": "Anna de Vries", "process_facilitator_name": "<b>Bram</b>",
              "participants": 9, "count": 6, "hours": 4.0}
    plan = resolve(netplan, content, ready_plan(), stored, lang, TODAY)
    doc = netplan_document(content, netplan, plan, evaluate(content, ready_plan(), lang),
                           "Netwerk *A*", made_on=TODAY)
    word = read_docx(io.BytesIO(to_docx(doc, content)))
    assert word.core_properties.language == lang
    assert word.styles["Normal"].element.xml.count(f'w:val="{lang}-') == 1
    assert [p.style.name for p in word.paragraphs][:1] == ["Title"]
    assert {"Heading 1", "Heading 2", "List Bullet"} <= {p.style.name for p in word.paragraphs}
    docx_text = "\n".join([p.text for p in word.paragraphs] +
                          [c.text for t in word.tables for r in t.rows for c in r.cells])
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(to_pdf(doc, content)))
                         .pages)
    return to_markdown(doc, content), docx_text, " ".join(pdf_text.split())


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_documents_hold_the_plans_numbers_and_roles(netplan: Netplan, content: Content,
                                                    lang: str) -> None:
    markdown, docx_text, pdf_text = _documents(netplan, content, lang)
    m = content.messages[lang]
    meetings = "6 bijeenkomsten van 4 uur" if lang == "nl" else "6 meetings of 4 hours"
    for text in (markdown, docx_text, pdf_text):
        flat = " ".join(text.replace("\\", "").replace("**", "").split())
        assert "Anna de Vries" in flat and meetings in flat
        for role in ("coordinator", "content_lead", "process_facilitator", "responsible"):
            assert m[f"netplan.field.{role}"] in flat
        assert m["netplan.section.call"] in flat and m["netplan.section.agenda"] in flat
        assert netplan.texts[lang].agenda["open_podium"].title in flat
        assert netplan.texts[lang].agenda["meal"].title in flat
        assert m["netplan.field.participants"] + ": 9" in flat
        assert "90 min" in flat  # the open podium: 9 × 10 minutes
        assert len(re.findall(r"15:00", flat)) >= 6
    assert "\\<b\\>Bram\\</b\\>" in markdown or "&lt;b&gt;" in markdown
    assert "<b>Bram</b>" in docx_text  # plain text in Word, never markup
    assert "Netwerk \\*A\\*" in markdown


def test_documents_name_the_open_points_of_the_scan(netplan: Netplan,
                                                    content: Content) -> None:
    answers = {**ready_plan(), "coordinator": "nobody", "hard_core": "no_core"}
    evaluation = evaluate(content, answers, "nl")
    plan = resolve(netplan, content, answers, {}, "nl", TODAY)
    markdown = to_markdown(netplan_document(content, netplan, plan, evaluation, "B"), content)
    hits = [*evaluation.readiness.verdict_blockers, *evaluation.readiness.open_points]
    assert hits
    for hit in hits:
        assert content.blocker_title("nl", hit.blocker_id) in markdown
    for step in evaluation.guidance.next_steps:
        assert step.text.split()[0] in markdown
    assert plan.text("coordinator") == "Nog niemand"


# ------------------------------------------------------------------ content
def test_netplan_content_names_file_and_field(tmp_path: Path, content: Content) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    structure = root / "netplan.yaml"
    structure.write_text(structure.read_text(encoding="utf-8")
                         .replace("question: group_size", "question: group_sise")
                         .replace("source: rule-7}", "source: rule-77}", 1)
                         .replace("rhythm: six_weekly", "rhythm: yearly"), encoding="utf-8")
    english = root / "netplan.en.yaml"
    english.write_text(english.read_text(encoding="utf-8")
                       .replace("on {first_date}", "on {frist_date}"), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_netplan(root, content)
    problems = "\n".join(err.value.problems)
    assert "content/netplan.yaml: (file): " in problems or "content/netplan.yaml" in problems
    assert "yearly" in problems
    structure.write_text(structure.read_text(encoding="utf-8")
                         .replace("rhythm: yearly", "rhythm: six_weekly"), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_netplan(root, content)
    problems = "\n".join(err.value.problems)
    assert "content/netplan.yaml: fields.3.question: 'group_sise' is not a question id" in problems
    assert "agenda.2.source: 'rule-77'" in problems
    assert "content/netplan.en.yaml: prefill.call_sign_up.template: unknown placeholder" \
        "{frist_date}" in problems.replace(" {", "{")


def test_netplan_texts_are_in_vonks_own_words() -> None:
    source = Path(__file__).resolve().parents[3] / "shared" / "source" / \
        "handreiking-lerende-netwerken.txt"
    if not source.exists():
        pytest.skip("handreiking source not beside the repo")

    def words(text: str) -> list[str]:
        return re.sub(r"[^\w\s]", "", " ".join(text.lower().split())).split()

    src = words(source.read_text(encoding="utf-8"))
    grams = {" ".join(src[i:i + 8]) for i in range(len(src) - 7)}
    for name in ("netplan.yaml", "netplan.nl.yaml", "netplan.en.yaml"):
        ours = words((CONTENT_DIR / name).read_text(encoding="utf-8"))
        copied = [" ".join(ours[i:i + 8]) for i in range(len(ours) - 7)
                  if " ".join(ours[i:i + 8]) in grams]
        assert not copied, (name, copied)


def test_every_agenda_block_names_its_section_and_why(netplan: Netplan,
                                                      content: Content) -> None:
    for block in netplan.structure.agenda:
        assert block.source in content.sections
        for lang in ("nl", "en"):
            assert netplan.texts[lang].agenda[block.id].judgement
