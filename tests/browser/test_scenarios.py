"""An HR adviser in a real browser: duplicate a scenario, change group size and
meeting length, and see the comparison and the estimate follow."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from storage import PlanStore
from tests.browser.conftest import Server, screenshot, wait_idle
from tests.conftest import ready_plan


def test_duplicate_change_and_compare(page: Page, server: Server) -> None:
    store = PlanStore(f"sqlite:///{server.data_dir / 'vonk.sqlite3'}")
    plan = store.create(title="Maandelijks", answers={**ready_plan(), "group_size": 8,
                                                      "meeting_count": 6, "meeting_hours": 4})
    store.dispose()
    page.goto(f"{server.url}/scenarios?plan={plan.token}")
    wait_idle(page)
    page.get_by_role("button", name="Kopie maken (wat als)").first.click()
    wait_idle(page)
    expect(page.get_by_text('Kopie "Maandelijks (kopie)" gemaakt')).to_be_visible()
    # The copy is now the current scenario and the one the overview edits.
    expect(page.get_by_text('Alle antwoorden van "Maandelijks (kopie)"')).to_be_visible()
    page.get_by_text("6. Kies bewust omvang en deelname", exact=True).click()
    size = page.get_by_label("Met hoeveel deelnemers wilt u starten?", exact=True)
    size.fill("14")
    size.press("Enter")
    wait_idle(page)
    page.get_by_text("7. Creëer optimale randvoorwaarden", exact=True).click()
    hours = page.get_by_label("Hoe lang duurt een bijeenkomst, in uren?", exact=True)
    hours.fill("2")
    hours.press("Enter")
    wait_idle(page)
    page.get_by_role("link", name="Vergelijk").click()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"/vergelijk"))
    verdicts = page.get_by_role("listitem").filter(has_text="Maandelijks (kopie)")
    expect(verdicts.first).to_contain_text("korte bijeenkomsten, diep doel")
    table = page.get_by_role("table").first
    expect(table.get_by_role("row").filter(has_text="6. Omvang")).to_contain_text("▼")
    cost = page.get_by_role("table").nth(1).get_by_role("row").filter(has_text="Totale kosten")
    before = cost.inner_text()
    page.get_by_text("Tarieven en uren voor de investering").click()
    rate = page.get_by_label("Uurtarief intern (€)", exact=True)
    rate.fill("90")
    rate.press("Enter")
    wait_idle(page)
    expect(cost).not_to_have_text(before)
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_be_visible()
    screenshot(page, "compare-nl")
