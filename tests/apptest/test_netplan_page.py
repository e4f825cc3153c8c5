"""AppTest for the network plan page: prefilled from the scan, a change is saved and
is still there after a reload (a new session on the personal link), a text that
cannot be saved stays in its field and the user is told, the downloads are there, and Resultaat
links to the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from storage import NetplanStore, PlanStore, StorageUnavailable, database_url
from tests.apptest.conftest import ROOT
from tests.apptest.test_pages import texts
from tests.conftest import ready_plan

PAGE = "pages/netwerkplan.py"


def plan_token(title: str = "Inspirerend docentschap") -> str:
    store = PlanStore(database_url())
    try:
        return store.create(title=title, answers=ready_plan()).token
    finally:
        store.dispose()


def open_page(token: str, lang: str | None = None) -> AppTest:
    """A new browser session on the personal link (a reload is one too)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["plan"] = token
    if lang:
        at.query_params["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def key(token: str, field_id: str) -> str:
    return f"netplan:{token}:{field_id}"


def stored(token: str) -> dict[str, object]:
    store = NetplanStore(database_url())
    try:
        return store.fields(token)
    finally:
        store.dispose()


def test_without_a_plan_the_page_points_to_the_scan(app: AppTest) -> None:
    app.switch_page(PAGE).run()
    assert "nog geen antwoorden" in texts(app)


def test_fields_are_prefilled_from_the_scan(isolated_store: Path) -> None:
    token = plan_token()
    at = open_page(token)
    assert at.text_input(key=key(token, "theme")).value == "Inspirerend docentschap"
    assert at.number_input(key=key(token, "participants")).value == 9
    assert at.number_input(key=key(token, "count")).value == 5
    assert at.selectbox(key=key(token, "hours")).value == 3.5
    assert at.selectbox(key=key(token, "rhythm")).value == "six_weekly"
    assert "Voor wie: Docenten" in at.code[0].value  # the call, ready to paste
    table = next(m.value for m in at.markdown if m.value.startswith("| Wat | Datum | Tijd |"))
    assert table.count("Bijeenkomst") == 5 and "Terugkommoment" in table
    assert stored(token) == {}


def test_an_edit_is_saved_and_still_there_after_a_reload(isolated_store: Path) -> None:
    token = plan_token()
    at = open_page(token)
    at.text_area(key=key(token, "aim")).set_value("Samen leren feedback te geven.").run()
    at.text_input(key=key(token, "coordinator_name")).set_value("Anna de Vries").run()
    at.number_input(key=key(token, "count")).set_value(6).run()
    assert not at.exception
    assert stored(token) == {"aim": "Samen leren feedback te geven.",
                             "coordinator_name": "Anna de Vries", "count": 6}
    again = open_page(token)
    assert again.text_area(key=key(token, "aim")).value == "Samen leren feedback te geven."
    assert again.text_input(key=key(token, "coordinator_name")).value == "Anna de Vries"
    assert again.number_input(key=key(token, "count")).value == 6
    # The call's prefilled text follows the new count; the stored aim is in it.
    call = again.code[0].value
    assert "6 bijeenkomsten" in call and "Samen leren feedback te geven." in call


def test_skipping_a_date_moves_the_series_on(isolated_store: Path) -> None:
    token = plan_token()
    at = open_page(token)
    skip = at.multiselect(key=key(token, "skipped"))
    second = skip.options[1]
    skip.select(second).run()
    assert not at.exception
    dates = stored(token)["skipped"]
    assert isinstance(dates, list) and len(dates) == 1
    table = next(m.value for m in at.markdown if m.value.startswith("| Wat | Datum | Tijd |"))
    assert table.count("Bijeenkomst") == 5 and second not in table


def test_an_unsaved_text_is_kept_and_the_user_told(isolated_store: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    token = plan_token()
    at = open_page(token)

    def down(*_args: object, **_kwargs: object) -> None:
        raise StorageUnavailable("OperationalError")

    monkeypatch.setattr(NetplanStore, "save_field", down)
    at.text_area(key=key(token, "take_and_give")).set_value("Ieder brengt een casus").run()
    assert not at.exception
    assert "Opslaan lukt nu niet" in texts(at)
    assert at.text_area(key=key(token, "take_and_give")).value == "Ieder brengt een casus"


def test_user_text_is_shown_as_text(isolated_store: Path) -> None:
    token = plan_token()
    at = open_page(token)
    at.text_input(key=key(token, "theme")).set_value("<script>alert(1)</script> **vet**").run()
    assert not at.exception
    call = at.code[0].value  # a code block shows text as it is
    assert "<script>alert(1)</script> **vet**" in call
    assert not any("<script>" in m.value for m in at.markdown)


def test_back_to_the_prefilled_text(isolated_store: Path) -> None:
    token = plan_token()
    at = open_page(token)
    at.text_area(key=key(token, "hard_core")).set_value("Eigen tekst").run()
    at.button(key=f"reset:{key(token, 'hard_core')}").click().run()
    assert not at.exception and stored(token) == {}
    assert at.text_area(key=key(token, "hard_core")).value.startswith("Er is een harde kern")


def test_the_downloads_are_there(isolated_store: Path) -> None:
    token = plan_token()
    at = open_page(token)
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["Word (.docx)", "PDF", "Markdown",
                                                "Kalender (.ics)"]


def test_in_english(isolated_store: Path) -> None:
    token = plan_token()
    at = open_page(token, lang="en")
    assert "From plan to network" in at.title[0].value
    assert "Who for: Teachers" in at.code[0].value
    assert any(m.value.startswith("| What | Date | Time |") for m in at.markdown)


def test_resultaat_links_to_the_network_plan(isolated_store: Path) -> None:
    token = plan_token()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["plan"] = token
    at.run()
    at.switch_page("pages/resultaat.py").run()
    assert not at.exception
    assert "Van plan naar netwerk" in texts(at)
    links = [e for e in at.get("page_link") if "netwerkplan" in e.proto.page]
    assert links and links[0].proto.label == "Naar het netwerkplan"


def test_a_follow_up_before_the_last_meeting_is_pointed_out(isolated_store: Path) -> None:
    token = plan_token()
    at = open_page(token)
    assert "Het terugkommoment valt niet na" not in texts(at)
    first = at.date_input(key=key(token, "start_date")).value
    at.date_input(key=key(token, "follow_up_date")).set_value(first).run()
    assert not at.exception and stored(token) == {"follow_up_date": first.isoformat()}
    assert "Het terugkommoment valt niet na de laatste bijeenkomst" in texts(at)
