"""Charts, tables and download buttons fit the screen: on a phone (390 px) no chart,
chart label or table reaches past the viewport, and at 1280 px every download
button shows its whole label (issue 9)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from storage import PlanStore
from tests.browser.conftest import Server, screenshot, wait_idle
from tests.conftest import ready_plan

PHONE = {"width": 390, "height": 844}


def _workspace(server: Server) -> str:
    """Three scenarios of one workspace (the comparison's widest case but one)."""
    store = PlanStore(f"sqlite:///{server.data_dir / 'vonk.sqlite3'}")
    first = store.create(title="Maandelijks met een lange naam",
                         answers={**ready_plan(), "group_size": 8, "meeting_count": 6,
                                  "meeting_hours": 4, "coordinator": "nobody"})
    store.create(title="Tweewekelijks", workspace=first.workspace,
                 answers={**ready_plan(), "group_size": 14, "hard_core": "no_core",
                          "meeting_count": 12, "meeting_hours": 2})
    store.create(title="Basis", workspace=first.workspace, answers=ready_plan())
    store.dispose()
    return first.token


def _outside(page: Page, selector: str) -> list[str]:
    """Every element matching `selector` that is drawn (partly) outside the viewport's
    width or outside the chart that holds it (which clips it), as "text: left..right"."""
    return page.evaluate(
        """(sel) => [...document.querySelectorAll(sel)]
             .filter(e => e.getClientRects().length > 0)
             .map(e => {
                 const r = e.getBoundingClientRect();
                 const box = e.parentElement.closest('[data-testid=stPlotlyChart]');
                 const c = box ? box.getBoundingClientRect()
                               : {left: 0, right: window.innerWidth};
                 const left = Math.max(0, c.left), right = Math.min(window.innerWidth, c.right);
                 return [e, r, r.width > 0 && (r.left < left - 0.5 || r.right > right + 0.5)];
             })
             .filter(([e, r, out]) => out)
             .map(([e, r]) => `${(e.textContent || e.tagName).slice(0, 40)}: `
                               + `${Math.round(r.left)}..${Math.round(r.right)}`)""",
        selector)


def _check_fits(page: Page) -> None:
    charts = page.locator('[data-testid="stPlotlyChart"]:visible')
    expect(charts.first).to_be_visible()
    page.wait_for_timeout(500)  # plotly lays out its labels after the first paint
    assert _outside(page, '[data-testid="stPlotlyChart"]') == []
    # Plotly's own text: axis labels, band names, value labels, legend entries.
    assert _outside(page, '[data-testid="stPlotlyChart"] svg text') == []
    assert _outside(page, '[data-testid="stMarkdownContainer"] table') == []
    # No chart toolbar (it covered the chart on phones).
    assert page.locator(".modebar-container .modebar-btn").count() == 0


@pytest.mark.browser
def test_result_and_comparison_fit_a_phone(page: Page, server: Server) -> None:
    token = _workspace(server)
    page.set_viewport_size(PHONE)
    page.goto(f"{server.url}/resultaat?plan={token}")
    wait_idle(page)
    _check_fits(page)
    screenshot(page, "layout-390-result-radar")
    page.set_viewport_size(PHONE)
    page.get_by_role("tab", name="Staafdiagram").click()
    wait_idle(page)
    _check_fits(page)
    screenshot(page, "layout-390-result-bars")
    page.set_viewport_size(PHONE)
    page.goto(f"{server.url}/vergelijk?plan={token}")
    wait_idle(page)
    expect(page.get_by_role("table").first).to_be_visible()
    _check_fits(page)
    screenshot(page, "layout-390-compare")


@pytest.mark.browser
@pytest.mark.parametrize("path", ["resultaat", "vergelijk"])
def test_download_buttons_show_their_whole_label(page: Page, server: Server,
                                                 path: str) -> None:
    token = _workspace(server)
    page.goto(f"{server.url}/{path}?plan={token}")
    wait_idle(page)
    buttons = page.locator('[data-testid="stDownloadButton"] button')
    expect(buttons.nth(2)).to_be_visible()  # each page offers at least three files
    cut = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stDownloadButton] button')]
             .flatMap(b => [b, ...b.querySelectorAll('*')])
             .filter(e => e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0)
             .map(e => e.textContent)""")
    assert cut == []
