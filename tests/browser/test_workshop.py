"""The live workshop in a real browser, on a freshly started server: a facilitator,
the shared screen and five phones (390 px) through a whole session, including a
phone refreshed mid-round and a late joiner, the discussion prompt of the most
divided rule, three agreed actions typed with the keyboard and the report
downloaded and read back; what the server sends before the reveal (websocket
frames and the page's DOM) holds no aggregate; axe on the join, phone and
shared-screen pages and on the control view in discuss and decide; screenshots
of the screen at 1280×720 and a phone at 390 px (test-artifacts/)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, WebSocket, expect
from pypdf import PdfReader

from content.labels import message
from content.loader import default_content
from services.plans import PlanService
from services.workshop import Created, WorkshopService
from storage import PlanStore
from storage.workshops import WorkshopStore
from tests.browser.conftest import ARTIFACTS, Server, wait_idle

AXE = Axe()
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}
MESSAGES = default_content().messages
RULES = ["r04", "r06"]  # one statement each: drive, size_fits_aim
# What only a revealed result draws (ui/workshop_view.py): the median, the label, the
# counts per option. None of it may reach a browser before the reveal.
# (As they stand in the HTML sent; the style sheet names the classes too.)
RESULT_MARKERS = ('class="ws-median"', 'class="ws-label', 'class="ws-dist"', 'class="ws-count"')
POLL_WAIT = 15_000  # ms: a few polling ticks of the slowest page (a phone: 3 s)


def _msg(key: str, **params: object) -> str:
    return message(MESSAGES["nl"], key, **params)


@dataclass
class Frames:
    """Every websocket frame a page received, as text (protobuf bytes decoded
    leniently: the strings Streamlit sends stand in them as UTF-8)."""

    texts: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        def on_socket(ws: WebSocket) -> None:
            ws.on("framereceived", lambda payload: self.texts.append(
                payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload))
        page.on("websocket", on_socket)

    def seen(self, marker: str) -> bool:
        return any(marker in text for text in self.texts)


@pytest.fixture
def service(fresh_server: Server) -> Iterator[WorkshopService]:
    url = f"sqlite:///{fresh_server.data_dir / 'vonk.sqlite3'}"
    content = default_content()
    plans = PlanStore(url)
    store = WorkshopStore(url)
    yield WorkshopService(store, PlanService(plans, content), content)
    store.dispose()
    plans.dispose()


def _context(browser: Browser, *, phone: bool) -> BrowserContext:
    if phone:
        return browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                   has_touch=True, locale="nl-NL")
    return browser.new_context(viewport={"width": 1280, "height": 720}, locale="nl-NL")


def _page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def _answer(phone: Page, value_label: str, index: int = 0) -> None:
    """Tap an answer of the statement at `index` and wait for the server's run."""
    radios = phone.locator('[data-testid="stRadio"]')
    radios.nth(index).get_by_text(value_label, exact=True).click()
    wait_idle(phone)
    expect(phone.get_by_text(_msg("workshop.phone.saved"))).to_be_visible()


def _axe(page: Page) -> None:
    results = AXE.run(page, options=WCAG_AA)
    assert not results.response["violations"], results.generate_report()


def _add_action_by_keyboard(control: Page, what: str, who: str, due: date) -> None:
    """Type one agreed action as a keyboard user: the three fields, then Enter."""
    box = control.get_by_label(_msg("workshop_decide.field_what")).last
    box.focus()
    control.keyboard.type(what)
    control.keyboard.press("Tab")  # the help button of "Wie" comes first
    control.keyboard.press("Tab")
    control.keyboard.type(who)
    control.keyboard.press("Tab")  # the date: day, month and year as typed
    control.keyboard.type(due.strftime("%d%m%Y"))
    box.focus()
    control.keyboard.press("Enter")  # Enter in a form's field submits the form
    wait_idle(control)
    expect(control.get_by_text(_msg("workshop_decide.added", what=what))).to_be_visible()


def _no_result_in_dom(page: Page) -> None:
    html = page.content()
    for marker in RESULT_MARKERS:
        assert marker not in html, marker


def test_a_whole_workshop_in_the_browser(browser: Browser, fresh_server: Server,
                                         service: WorkshopService) -> None:
    created: Created = service.create(language="nl", rule_ids=RULES)
    base = fresh_server.url
    contexts: list[BrowserContext] = []
    try:
        # The shared screen first, by a deep link on a freshly started server.
        contexts.append(_context(browser, phone=False))
        screen = _page(contexts[-1])
        screen_frames = Frames()
        screen_frames.attach(screen)
        screen.goto(f"{base}/workshop-scherm?ws={created.workshop_id}")
        wait_idle(screen)
        expect(screen.locator(".ws-code")).to_contain_text(created.code)
        qr = screen.locator("img.ws-qr")
        expect(qr).to_be_visible()
        assert "/J/" in (qr.get_attribute("alt") or "")
        assert screen.evaluate("document.documentElement.lang") == "nl"
        assert created.control_secret not in screen.content()
        assert not screen.locator('[data-testid="stTopNavLink"]').count()  # no scan menu
        _axe(screen)
        ARTIFACTS.mkdir(exist_ok=True)
        screen.screenshot(path=str(ARTIFACTS / "workshop-screen-lobby-1280x720.png"))

        contexts.append(_context(browser, phone=False))
        control = _page(contexts[-1])
        control.goto(f"{base}/workshop-leiden?ws={created.workshop_id}&key={created.control_secret}")
        wait_idle(control)
        title = _msg("workshop.control.title", code=created.code)
        expect(control.get_by_text(title)).to_be_visible()

        # Four phones join: two by the QR's route, two by typing the code.
        phones: list[Page] = []
        frames: list[Frames] = []
        for i in range(4):
            contexts.append(_context(browser, phone=True))
            phone = _page(contexts[-1])
            phone_frames = Frames()
            phone_frames.attach(phone)
            if i < 2:
                phone.goto(f"{base}/J/{created.code.replace('-', '')}")
            else:
                phone.goto(f"{base}/doe-mee")
                wait_idle(phone)
                if i == 2:
                    _axe(phone)  # the join page
                phone.get_by_role("textbox", name=_msg("workshop.join.code_label")).fill(
                    created.code.lower().replace("-", " "))
                phone.get_by_role("button", name=_msg("workshop.join.button")).click()
            wait_idle(phone)
            expect(phone.get_by_text(_msg("workshop.phone.lobby_title"))).to_be_visible()
            assert "p=" in phone.url
            phones.append(phone)
            frames.append(phone_frames)
        expect(screen.get_by_text(_msg("workshop.screen.joined", n=4))).to_be_visible(
            timeout=POLL_WAIT)

        # The facilitator starts round 1 with the keyboard (F: the next phase).
        control.locator("body").press("f")
        wait_idle(control)
        for phone, value in zip(phones, ["1 · Helemaal oneens", "5 · Helemaal eens",
                                         "1 · Helemaal oneens", "5 · Helemaal eens"],
                                strict=True):
            expect(phone.locator('[data-testid="stRadio"]')).to_have_count(2, timeout=POLL_WAIT)
            _answer(phone, value, 0)
            _answer(phone, "4 · Eens", 1)
        _axe(phones[0])  # the phone's rating page

        # A phone refreshed mid-round rejoins with its answers.
        phones[1].reload()
        wait_idle(phones[1])
        expect(phones[1].locator('[data-testid="stRadio"]')).to_have_count(2)
        expect(phones[1].locator('[data-testid="stRadio"]').nth(0)
               .locator("input[type=radio]:checked")).to_have_count(1)
        assert phones[1].locator('[data-testid="stRadio"]').nth(0).locator(
            "label:has(input:checked)").inner_text().strip().startswith("5")

        # A late joiner lands in round 1.
        contexts.append(_context(browser, phone=True))
        late = _page(contexts[-1])
        late_frames = Frames()
        late_frames.attach(late)
        late.goto(f"{base}/J/{created.code.replace('-', '')}")
        wait_idle(late)
        expect(late.locator('[data-testid="stRadio"]')).to_have_count(2)
        _answer(late, "3 · Neutraal", 0)
        _answer(late, "4 · Eens", 1)
        phones.append(late)
        frames.append(late_frames)

        # Blind: the screen shows "k of N answered"; nothing of a result has reached
        # any browser, neither in the frames nor in the DOM.
        expect(screen.get_by_text(_msg("workshop.progress", answered=5, of=5)).first
               ).to_be_visible(timeout=POLL_WAIT)
        screen.screenshot(path=str(ARTIFACTS / "workshop-screen-rate-1280x720.png"))
        phones[0].screenshot(path=str(ARTIFACTS / "workshop-phone-rate-390.png"), full_page=True)
        for page, seen in [(screen, screen_frames), *zip(phones, frames, strict=True)]:
            _no_result_in_dom(page)
            for marker in RESULT_MARKERS:
                assert not seen.seen(marker), marker
        assert screen_frames.texts  # the frames were captured at all

        # Reveal: the screen shows the median and the label, most divided first.
        control.get_by_role("button", name=_msg("workshop.control.to.reveal")).click()
        wait_idle(control)
        expect(screen.locator(".ws-median").first).to_be_visible(timeout=POLL_WAIT)
        assert screen_frames.seen('class="ws-median"')  # the same capture sees it after the reveal
        expect(screen.get_by_text(_msg("workshop.screen.order"))).to_be_visible()
        _axe(screen)
        screen.screenshot(path=str(ARTIFACTS / "workshop-screen-reveal-1280x720.png"))
        for phone in phones:
            expect(phone.get_by_text(_msg("workshop.phone.look_at_screen"))).to_be_visible(
                timeout=POLL_WAIT)

        # Discuss: the most divided rule (the first) is in focus with its question
        # for the room; round 2 on it: everyone now answers 4.
        control.get_by_role("button", name=_msg("workshop.control.to.discuss")).click()
        wait_idle(control)
        expect(control.get_by_role("heading", name=_msg("wsdecide.prompts_heading"))
               ).to_be_visible()
        picked = service.discussion_prompts(created.workshop_id)
        assert picked and picked[0].rule_id == RULES[0]
        expect(control.get_by_text(picked[0].prompts[0].text("nl"))).to_be_visible()
        _axe(control)  # the control view in the discuss phase
        control.get_by_role("button", name=_msg("workshop.control.discuss")).click()
        wait_idle(control)
        control.get_by_role("button", name=_msg("workshop.control.to.rerate")).click()
        wait_idle(control)
        for phone in phones:
            expect(phone.locator('[data-testid="stRadio"]')).to_have_count(1, timeout=POLL_WAIT)
            _answer(phone, "4 · Eens", 0)
        control.get_by_role("button", name=_msg("workshop.control.to.decide")).click()
        wait_idle(control)
        expect(screen.get_by_text("Van ronde 1 naar 2: mediaan", exact=False)).to_be_visible(
            timeout=POLL_WAIT)

        # Decide: three agreed actions by keyboard, then the scenario, then the report.
        expect(control.get_by_role("heading", name=_msg("workshop_decide.actions_heading"))
               ).to_be_visible()
        _axe(control)  # the control view in the decide phase
        agreed = ["Data vastleggen", "Zaal reserveren", "Uren vrijmaken"]
        for what, who in zip(agreed, ["coördinator", "secretariaat", "teamleider"],
                             strict=True):
            _add_action_by_keyboard(control, what, who, date.today())
        control.get_by_role("button", name=_msg("workshop.control.save")).click()
        wait_idle(control)
        expect(control.get_by_text(_msg("workshop.control.saved")).first).to_be_visible()
        saved = service.workshop(created.workshop_id)
        assert saved is not None and saved.scenario_token is not None
        link = control.get_by_role("link", name=_msg("workshop.control.open_scenario"))
        assert f"plan={saved.scenario_token}" in (link.get_attribute("href") or "")
        assert created.control_secret not in screen.content()
        with control.expect_download() as download:
            control.get_by_role("button", name=_msg("workshop_export.pdf")).click()
        assert download.value.suggested_filename.endswith(f"{created.code}.pdf")
        pdf = PdfReader(Path(download.value.path()))
        report = "\n".join(p.extract_text() for p in pdf.pages)
        assert _msg("workshop_export.title", code=created.code) in report
        assert all(what in report for what in agreed)
    finally:
        for context in contexts:
            context.close()


def test_english_screen_and_join_page(browser: Browser, fresh_server: Server,
                                      service: WorkshopService) -> None:
    created = service.create(language="en", rule_ids=RULES)
    context = _context(browser, phone=False)
    try:
        screen = _page(context)
        screen.goto(f"{fresh_server.url}/workshop-scherm?ws={created.workshop_id}")
        wait_idle(screen)
        assert screen.evaluate("document.documentElement.lang") == "en"
        expect(screen.get_by_text(MESSAGES["en"]["workshop.screen.joined"].format(n=0))
               ).to_be_visible()
        _axe(screen)
        phone = _page(context)
        phone.set_viewport_size({"width": 390, "height": 844})
        phone.goto(f"{fresh_server.url}/doe-mee?lang=en")
        wait_idle(phone)
        assert phone.evaluate("document.documentElement.lang") == "en"
        _axe(phone)
        code_box = phone.get_by_role("textbox", name=MESSAGES["en"]["workshop.join.code_label"])
        code_box.fill("ZZZ-ZZZ")
        phone.get_by_role("button", name=MESSAGES["en"]["workshop.join.button"]).click()
        wait_idle(phone)
        expect(phone.get_by_text(MESSAGES["en"]["workshop.join.wrong_code"])).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize(("path", "code"), [("/J/K7M2NP", "K7M2NP"), ("/j/k7m-2np", "k7m-2np")])
def test_the_short_join_route_redirects_to_the_join_page(server: Server, path: str,
                                                         code: str) -> None:
    import urllib.error
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(f"{server.url}{path}", timeout=10)
    assert answer.value.code == 303
    location = answer.value.headers["location"]
    assert location.endswith(f"doe-mee?code={code}")


def test_creating_a_workshop_opens_its_control_view_without_the_scan_menu(
        page: Page, server: Server) -> None:
    page.goto(f"{server.url}/workshop")
    wait_idle(page)
    expect(page.locator('[data-testid="stTopNavLink"]').first).to_be_visible()  # the menu
    page.get_by_role("button", name=_msg("workshop.create.button")).click()
    wait_idle(page)
    expect(page.get_by_text(_msg("workshop.control.private"))).to_be_visible()
    assert "/workshop-leiden?" in page.url and "key=" in page.url
    assert not page.locator('[data-testid="stTopNavLink"]').count()  # no scan menu here
    _axe(page)  # the control view
