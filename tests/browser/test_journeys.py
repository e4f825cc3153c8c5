"""A person using Vonk in a real browser: complete a scan, refresh mid-way,
switch language, use the keyboard."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, screenshot, start_server, wait_idle
from tests.browser.scan_driver import CONTENT, answer_rule, next_rule
from tests.conftest import ready_plan

# The owner option of rule 1 as the scan shows it (content/rules/01-*.nl.md).
OWNER_NL = CONTENT.rules[0].texts["nl"].questions["responsible"].options["named_internal"]

def start_new_scan(page: Page, server: Server, lang: str = "nl") -> None:
    page.goto(f"{server.url}/?lang={lang}")
    wait_idle(page)
    page.get_by_role("button", name=CONTENT.messages[lang]["start.new"]).click()
    wait_idle(page)
    expect(page.get_by_role("heading", level=2).first).to_contain_text(
        "Regel 1" if lang == "nl" else "Rule 1")


def test_complete_scan_in_dutch(page: Page, server: Server) -> None:
    answers = {**ready_plan(), "coordinator": "nobody", "group_size": 14,
               "hard_core": "no_core", "meeting_hours": 2}
    start_new_scan(page, server)
    screenshot(page, "scan-rule-1-nl")
    for index in range(10):
        answer_rule(page, index, answers)
        if index == 5:
            screenshot(page, "scan-rule-6-nl")
        if index < 9:
            next_rule(page)
    total = sum(len(r.structure.questions) for r in CONTENT.rules)
    expect(page.get_by_text(f"{total} van {total} vragen beantwoord")).to_be_visible()
    page.get_by_role("button", name=CONTENT.messages["nl"]["scan.to_result"]).click()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"/resultaat\?plan="))
    expect(page.get_by_text("Nog niet klaar · totaalscore", exact=False)).to_be_visible()
    expect(page.get_by_text("Er is geen coördinator").first).to_be_visible()
    expect(page.get_by_text("Grote groep zonder harde kern").first).to_be_visible()
    expect(page.get_by_text("Korte bijeenkomsten, diep doel").first).to_be_visible()
    expect(page.locator('[data-testid="stPlotlyChart"]').first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Download antwoorden"))).to_be_visible()
    screenshot(page, "result-nl")
    page.get_by_role("tab", name="Staafdiagram").click()
    expect(page.locator('[data-testid="stPlotlyChart"]').nth(1)).to_be_visible()
    page.get_by_role("tab", name="Tabel").click()
    table = page.get_by_role("table").first  # the rule table; the investment's follows
    expect(table).to_contain_text("Zorg voor een goede rolverdeling")
    expect(table.get_by_role("columnheader", name="Oordeel")).to_be_visible()


def test_refresh_mid_scan_loses_nothing(page: Page, server: Server) -> None:
    answers = ready_plan()
    start_new_scan(page, server)
    answer_rule(page, 0, answers)
    next_rule(page)
    answer_rule(page, 1, {"balance_levels": 2, "independent_guidance": "partly"})
    url = page.url
    assert "plan=" in url
    page.reload()
    wait_idle(page)
    expect(page.get_by_role("heading", level=2).first).to_contain_text("Regel 2")
    expect(page.get_by_role("radio", name="2 · Oneens").first).to_be_checked()
    expect(page.get_by_role("radio", name="Gedeeltelijk")).to_be_checked()
    total = sum(len(r.structure.questions) for r in CONTENT.rules)
    done = len(CONTENT.rules[0].structure.questions) + 2
    expect(page.get_by_text(f"{done} van {total} vragen beantwoord")).to_be_visible()
    page.get_by_role("button", name=CONTENT.messages["nl"]["scan.prev"]).click()
    wait_idle(page)
    expect(page.get_by_role("radio", name=OWNER_NL)).to_be_checked()
    # A closed tab, reopened from the link: same answers, at the rule last visited.
    page.close()
    other = page.context.new_page()
    other.goto(url)
    wait_idle(other)
    expect(other.get_by_role("heading", level=2).first).to_contain_text("Regel 1")
    expect(other.get_by_role("radio", name=OWNER_NL)).to_be_checked()
    other.get_by_role("button", name=CONTENT.messages["nl"]["scan.next"]).click()
    wait_idle(other)
    expect(other.get_by_role("radio", name="Gedeeltelijk")).to_be_checked()


def test_switch_to_english_sets_page_language(page: Page, server: Server) -> None:
    page.goto(server.url)
    wait_idle(page)
    assert page.evaluate("document.documentElement.lang") == "nl"
    page.get_by_role("radio", name="EN", exact=True).click()
    wait_idle(page)
    expect(page.get_by_role("button", name="Start a new scan")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "en"
    expect(page).to_have_url(re.compile(r"lang=en"))
    screenshot(page, "start-en")
    page.get_by_role("button", name="Start a new scan").click()
    wait_idle(page)
    expect(page.get_by_role("heading", level=2).first).to_contain_text("Rule 1 of 10")
    screenshot(page, "scan-rule-1-en")


def test_english_scan_to_results(page: Page, server: Server) -> None:
    start_new_scan(page, server, lang="en")
    answers = ready_plan()
    for index in range(10):
        answer_rule(page, index, answers, lang="en")
        if index < 9:
            next_rule(page, lang="en")
    page.get_by_role("button", name=CONTENT.messages["en"]["scan.to_result"]).click()
    wait_idle(page)
    expect(page.get_by_text("Ready to start · overall score", exact=False)).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "en"
    screenshot(page, "result-en")


def test_keyboard_only_start(page: Page, server: Server) -> None:
    page.goto(server.url)
    wait_idle(page)
    target = page.get_by_role("button", name="Nieuwe scan starten")
    for _ in range(40):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("'Nieuwe scan starten' is not reachable with Tab")
    page.keyboard.press("Enter")
    wait_idle(page)
    expect(page.get_by_role("heading", level=2).first).to_contain_text("Regel 1")
    radio = page.get_by_role("radio", name=OWNER_NL)
    radio.focus()
    page.keyboard.press("Space")
    wait_idle(page)
    expect(radio).to_be_checked()


def test_phone_width_is_usable(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.goto(server.url)
    wait_idle(page)
    page.get_by_role("button", name="Nieuwe scan starten").click()
    wait_idle(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"horizontal scrolling on a phone: {width}px"
    screenshot(page, "scan-phone")
    page.get_by_role("radio", name="EN", exact=True).click()  # not covered by the header
    wait_idle(page)
    expect(page.get_by_role("heading", level=2).first).to_contain_text("Rule 1 of 10")
    context.close()


def test_server_restart_mid_scan_loses_nothing(page: Page, fresh_server: Server) -> None:
    start_new_scan(page, fresh_server)
    answer_rule(page, 0, {"responsible": "shared_group", "follow_up": "intended"})
    token = page.url.split("plan=")[1].split("&")[0]
    fresh_server.stop()
    restarted = start_server(fresh_server.data_dir)
    try:
        page.goto(f"{restarted.url}/scan?plan={token}")
        wait_idle(page)
        expect(page.get_by_role("radio", name="Een groepje of commissie samen")).to_be_checked()
        expect(page.get_by_role("radio", name="Dat is de bedoeling, nog zonder datum")
               ).to_be_checked()
    finally:
        restarted.stop()
