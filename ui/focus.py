"""Moving the reader to a heading after a page change Streamlit does not see as
one: "Volgende regel →" redraws the same page, so the browser keeps its scroll
position (the bottom) and the focus (the button). Streamlit has no focus API; one
small script, sent only on the run that follows such a move, puts the heading at
the top of the view and gives it the keyboard focus, so a screen-reader user hears
the new rule and Tab continues from there.

The script is keyed by a counter, so each move sends a different element and the
browser runs it again; on other runs (an answer saved) nothing is sent and nothing
moves. It waits until the heading with the expected text is on screen, because the
element that carries the script can arrive just before the heading is redrawn.
Checked in a real browser: tests/browser/test_journeys.py, and the script alone
against a page drawn in a slow run's order: tests/browser/test_focus_script.py."""

from __future__ import annotations

import json

import streamlit as st

from ui import session

SCAN_RULE = "scan-rule"  # the anchor of the scan's rule heading


def rule_anchor(number: int) -> str:
    """The anchor of a rule's heading on the handreiking page."""
    return f"regel-{number}"

_SCRIPT = """<script data-move="{count}">
(() => {{
  const id = {anchor}, text = {text};
  const started = Date.now();
  const move = () => {{
    const el = document.getElementById(id);
    const heading = el && (el.matches("h1,h2,h3") ? el : el.closest("h1,h2,h3"));
    if (!heading || !heading.textContent.includes(text)) {{
      if (Date.now() - started < 3000) requestAnimationFrame(move);
      return;
    }}
    heading.setAttribute("tabindex", "-1");
    heading.style.scrollMarginTop = "4.5rem";  /* clear Streamlit's fixed header */
    heading.scrollIntoView({{block: "start"}});
    heading.focus({{preventScroll: true}});
    /* After a page switch Streamlit may reset the scroll position once more after
       drawing: keep the heading in place for a while, unless the user acts. While
       what is below the heading is not drawn yet the view cannot scroll that far:
       when the page's height changes, scroll again (a heading held where the short
       page left it stayed 384 px down on a slow run). */
    const scroller = (() => {{
      for (let n = heading.parentElement; n; n = n.parentElement) {{
        if (["auto", "scroll"].includes(getComputedStyle(n).overflowY)) return n;
      }}
      return document.scrollingElement;
    }})();
    let target = heading.getBoundingClientRect().top;
    let height = scroller.scrollHeight;
    let watching = true;
    const stop = () => {{ watching = false; }};
    for (const e of ["wheel", "touchstart", "keydown", "mousedown"]) {{
      window.addEventListener(e, stop, {{once: true, capture: true}});
    }}
    /* Keep it there while the page is still being drawn (a slow run lays out
       what is above the heading late) and for a second after, at most 15 s. */
    const app = document.querySelector('[data-testid="stApp"]');
    let idleSince = null;
    const keep = () => {{
      const now = Date.now();
      const running = app && app.getAttribute("data-test-script-state") === "running";
      idleSince = running ? null : (idleSince ?? now);
      if (!watching || now - started > 15000 ||
          (now - started > 4000 && idleSince !== null && now - idleSince > 1000)) return;
      if (scroller.scrollHeight !== height ||
          Math.abs(heading.getBoundingClientRect().top - target) > 8) {{
        heading.scrollIntoView({{block: "start"}});
        target = heading.getBoundingClientRect().top;
        height = scroller.scrollHeight;
      }}
      requestAnimationFrame(keep);
    }};
    requestAnimationFrame(keep);
  }};
  requestAnimationFrame(move);
}})();
</script>"""


def move_script(anchor: str, text: str, count: int) -> str:
    """The `<script>` element that moves the view and the focus to the heading with
    `anchor` once it shows `text`; `count` makes each move a new element."""
    return _SCRIPT.format(count=count, anchor=json.dumps(anchor), text=json.dumps(text))


def request_move(anchor: str) -> None:
    """On the next run, move the view and the focus to the heading with this anchor."""
    session.request_focus(anchor)


def move_if_requested(anchor: str, text: str) -> None:
    """Call right after drawing the heading (`st.header(..., anchor=anchor)`, whose
    text contains `text`): sends the script if a move to it was requested."""
    count = session.take_focus_request(anchor)
    if count is None:
        return
    st.html(move_script(anchor, text, count), unsafe_allow_javascript=True, width="content")
