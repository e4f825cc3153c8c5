"""Issue 8, part 5 in a real browser: the Dutch page shows none of Streamlit's own
English strings (ui/streamlit_text.py), the English page still shows them, a
decimal comma is a decimal comma, the uploader states Vonk's 1 MB limit and refuses
a larger file in Dutch, and axe still finds nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from content.loader import default_content
from exchange import MAX_IMPORT_BYTES
from storage import PlanStore
from tests.browser.conftest import Server, wait_idle

AXE = Axe()
NL = default_content().messages["nl"]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}
# Streamlit 1.67's own English, as a Dutch reader must never see it.
ENGLISH = re.compile(r"Press Enter|Press (⌘|Ctrl)\+Enter|\bUpload\b|Drag and drop|per file|"
                     r"Skip to main content|Help for|Link to heading|App pages|"
                     r"Choose an option|File must be|files are not allowed|\bprogress\b|"
                     r"Download plot|\bZoom\b|\bPan\b|Autoscale|Reset axes|Fullscreen|"
                     r"Copy to clipboard")

# Every text node, and the attributes a screen reader reads, of the whole page.
ALL_TEXT = """() => {
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(n.parentElement.tagName)) parts.push(n.nodeValue);
  }
  document.querySelectorAll('[aria-label],[placeholder],[title],[data-title]').forEach(e => {
    for (const a of ['aria-label', 'placeholder', 'title', 'data-title']) {
      if (e.getAttribute(a)) parts.push(e.getAttribute(a));
    }
  });
  return parts.join('\\n');
}"""


def _number_question() -> tuple[int, str]:
    content = default_content()
    for index, rule in enumerate(content.rules):
        for q in rule.structure.questions:
            if q.kind == "number" and not float(q.step or 1).is_integer():
                return index, rule.texts["nl"].questions[q.id].label
    raise AssertionError("no number question with decimals")


def _english_left(page: Page) -> list[str]:
    return sorted({m.group(0) for m in ENGLISH.finditer(page.evaluate(ALL_TEXT))})


def test_dutch_pages_have_no_streamlit_english_and_english_pages_do(
        page: Page, server: Server, tmp_path: Path) -> None:
    page.goto(server.url)
    wait_idle(page)
    uploader = page.get_by_test_id("stFileUploader")
    expect(uploader).to_contain_text("Bestand kiezen")
    expect(uploader).to_contain_text("Hooguit 1 MB per bestand")
    assert _english_left(page) == []
    violations = AXE.run(page, options=WCAG_AA)
    assert not violations.response["violations"], violations.generate_report()

    # A file over Vonk's limit is refused in the browser, in Dutch, before upload.
    big = tmp_path / "groot.json"
    big.write_bytes(b" " * (2 * MAX_IMPORT_BYTES))
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(big))
    expect(uploader).to_contain_text("te groot")
    assert _english_left(page) == []

    # The scan: a field with focus says "Druk op Enter"; a decimal comma counts.
    index, label = _number_question()
    store = PlanStore(f"sqlite:///{server.data_dir / 'vonk.sqlite3'}")
    token = store.create(title="Taal", answers={}).token
    page.goto(f"{server.url}/scan?plan={token}")
    wait_idle(page)
    page.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option").nth(index).click()
    wait_idle(page)
    box = page.get_by_test_id("stTextInput").filter(has_text=label).locator("input")
    box.fill("1,5")
    expect(page.get_by_test_id("InputInstructions")).to_have_text(
        re.compile("Druk op Enter"))
    assert _english_left(page) == []
    box.press("Enter")
    wait_idle(page)
    qid = next(q.id for r in default_content().rules for q in r.structure.questions
               if r.texts["nl"].questions[q.id].label == label)
    assert store.answers(token)[qid] == 1.5
    expect(box).to_have_value("1,5")
    assert _english_left(page) == []

    # The results page: the charts' tool buttons (shown on hover) speak Dutch too.
    from tests.conftest import ready_plan

    done = store.create(title="Grafiek", answers=ready_plan()).token
    page.goto(f"{server.url}/resultaat?plan={done}")
    wait_idle(page)
    page.get_by_test_id("stPlotlyChart").first.hover()  # whatever toolbar shows: in Dutch
    # The personal link's copy button is named in Dutch too.
    code = page.get_by_test_id("stCode").first
    code.hover()  # the copy button shows on hover
    expect(code.get_by_role("button", name=NL["streamlit.copy"])).to_be_attached()
    assert _english_left(page) == []
    page.goto(f"{server.url}/scan?plan={token}")
    wait_idle(page)
    page.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option").nth(index).click()
    wait_idle(page)

    # Switching to English brings Streamlit's own English back, and no Dutch of it.
    page.get_by_role("radio", name="EN", exact=True).click()
    wait_idle(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    en_label = next(r.texts["en"].questions[qid].label for r in default_content().rules
                    if qid in r.texts["en"].questions)
    expect(page.get_by_test_id("stTextInput").filter(has_text=en_label).locator("input")
           ).to_have_value("1.5")
    text = page.evaluate(ALL_TEXT)
    assert "Skip to main content" in text and "Naar de hoofdinhoud" not in text
    page.goto(f"{server.url}/?lang=en")
    wait_idle(page)
    expect(uploader).to_contain_text("Upload")
    expect(uploader).to_contain_text("At most 1 MB per file")
    violations = AXE.run(page, options=WCAG_AA)
    assert not violations.response["violations"], violations.generate_report()
    store.dispose()
    json.dumps(text)  # the page's text is plain text (nothing left half-replaced)
