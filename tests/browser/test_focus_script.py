"""ui/focus.py's script on its own, in chromium, without a server: a page laid out
as Streamlit lays out the scan (a scrolling main area, the rule heading in it), in
the order a slow run draws it. Deterministic, where the scan's browser tests see
the same case only on a loaded machine (a full run once left the heading 384 px
down: the view could not scroll that far while the questions below it were not
drawn yet, and the script then held it there)."""

from __future__ import annotations

import json

from playwright.sync_api import Page

from ui import focus

HEADING = "Regel 5 van 10"
PAGE = """<!doctype html><html lang="nl"><body style="margin:0">
<div data-testid="stApp" data-test-script-state="running">
  <div id="main" style="height:900px; overflow-y:auto">
    <div style="height:1200px">above the heading</div>
    <h2 id="{anchor}">{heading}</h2>
    <div id="below" style="height:40px">not drawn yet</div>
  </div>
</div></body></html>"""


def _top(page: Page) -> float:
    return float(page.evaluate(
        f"document.getElementById({json.dumps(focus.SCAN_RULE)}).getBoundingClientRect().top"))


def _open_and_move(page: Page) -> None:
    page.set_content(PAGE.format(anchor=focus.SCAN_RULE, heading=HEADING))
    script = focus.move_script(focus.SCAN_RULE, HEADING, count=1)
    body = script.removeprefix('<script data-move="1">').removesuffix("</script>")
    assert body != script  # the element's own tags, taken off
    page.add_script_tag(content=body)
    page.wait_for_function("document.activeElement.tagName === 'H2'")


def test_the_heading_reaches_the_top_once_what_is_below_it_is_drawn(page: Page) -> None:
    _open_and_move(page)
    # The view scrolls as far as the short page lets it: the heading is not at the top.
    assert _top(page) > 200
    # The rest of the rule arrives (the questions), then the run ends.
    page.evaluate("document.getElementById('below').style.height = '1500px'")
    page.wait_for_function(f"""() => {{
        const top = document.getElementById({json.dumps(focus.SCAN_RULE)})
            .getBoundingClientRect().top;
        return 0 <= top && top <= 200;
    }}""", timeout=3_000)
    page.evaluate("document.querySelector('[data-testid=stApp]')"
                  ".setAttribute('data-test-script-state', 'notRunning')")
    assert page.evaluate("document.activeElement.textContent") == HEADING


def test_a_reader_who_scrolls_is_left_alone(page: Page) -> None:
    _open_and_move(page)
    page.mouse.move(600, 400)
    page.mouse.wheel(0, -300)  # the reader scrolls up: the script stops watching
    page.wait_for_timeout(200)
    where = _top(page)
    page.evaluate("document.getElementById('below').style.height = '1500px'")
    page.wait_for_timeout(500)
    assert abs(_top(page) - where) < 2
