"""Streamlit's own interface strings in the user's language.

Streamlit 1.67 has no i18n: its frontend writes "Press Enter to apply", "Upload",
"1MB per file", "Skip to main content", "Help for …" and a few aria-labels in
English, whatever the page's language. Vonk rewrites exactly those strings in the
browser: a small script (sent with every page, see ui/shell.run_app) watches the
page with a MutationObserver and replaces a Streamlit string by its text in
``content/ui/<lang>.yaml`` (key ``streamlit.<name>``).

Each string is matched whole (anchored pattern), and only inside the Streamlit
element it belongs to (a CSS selector), so Vonk's own texts and the user's answers
are never touched. The script remembers each node's original English, so a switch
back to English (or to any language) restores or re-translates it; when React
changes a node, the new text becomes its original.

The patterns below are Streamlit's frontend strings as they are in 1.67.0
(streamlit/static); a browser test (tests/browser/test_language.py) checks that the
Dutch page shows none of them, so an upgrade that changes them is noticed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class StreamlitString:
    name: str  # the message key is "streamlit.<name>"
    scope: str  # CSS selector of the Streamlit element the string belongs to
    pattern: str  # Streamlit's English, anchored; named groups fill the message's {slots}
    attribute: str | None = None  # None: a text node; else this attribute


_CHART = '[data-testid="stPlotlyChart"], [data-testid="stElementToolbar"]'

STRINGS: tuple[StreamlitString, ...] = (
    StreamlitString("skip_to_content", '[data-testid="stSkipToContent"]',
                    r"^Skip to main content$"),
    StreamlitString("press_enter", '[data-testid="InputInstructions"]',
                    r"^Press Enter to apply$"),
    StreamlitString("press_enter_submit", '[data-testid="InputInstructions"]',
                    r"^Press Enter to submit form$"),
    StreamlitString("press_key_enter", '[data-testid="InputInstructions"]',
                    r"^Press (?<key>⌘|Ctrl)\+Enter to apply$"),
    StreamlitString("press_key_enter_submit", '[data-testid="InputInstructions"]',
                    r"^Press (?<key>⌘|Ctrl)\+Enter to submit form$"),
    StreamlitString("upload", '[data-testid="stFileUploader"] button', r"^Upload$"),
    StreamlitString("drag_and_drop", '[data-testid="stFileUploader"]',
                    r"^Drag and drop (?:a file|files) here$"),
    StreamlitString("per_file", '[data-testid="stFileUploaderDropzoneInstructions"]',
                    r"^(?<size>[\d.]+)(?<unit>[KMG]?B) per file$"),
    StreamlitString("file_too_large", '[data-testid="stFileUploader"]',
                    r"^File must be (?<size>[\d.]+)(?<unit>[KMG]?B) or smaller\.$"),
    StreamlitString("file_wrong_type", '[data-testid="stFileUploader"]',
                    r"^(?<type>\S*) files are not allowed\.$"),
    StreamlitString("file_input", '[data-testid="stFileUploader"]', r"^file upload$",
                    "aria-label"),
    StreamlitString("help_for", '[data-testid="stTooltipHoverTarget"]',
                    r"^Help for (?<label>.+)$", "aria-label"),
    StreamlitString("link_to_heading", '[data-testid="stHeaderActionElements"]',
                    r"^Link to heading$", "aria-label"),
    StreamlitString("app_pages", '[data-testid="stTopNav"]', r"^App pages$", "aria-label"),
    StreamlitString("progress", '[data-testid="stProgress"]', r"^progress$", "aria-label"),
    StreamlitString("choose_option", '[data-testid="stSelectbox"]', r"^Choose an option$",
                    "placeholder"),
    StreamlitString("open_menu", '[data-testid="stSelectbox"]', r"^Open$", "aria-label"),
    StreamlitString("running", '[data-testid="stStatusWidget"]', r"^Running\.\.\.$",
                    "aria-label"),
    # The copy button of a code block (the personal link): its name and tooltip.
    *(StreamlitString(name, '[data-testid="stCode"]', pattern, attribute)
      for name, pattern in (("copy", r"^Copy to clipboard$"), ("copied", r"^Copied$"))
      for attribute in ("aria-label", "title")),
    # Plotly's mode bar and Streamlit's element toolbar: a tooltip (data-title) and
    # the button's name (aria-label), both in English.
    *(StreamlitString(name, _CHART, pattern, attribute)
      for name, pattern in (("chart_download", r"^Download plot as a PNG$"),
                            ("chart_zoom", r"^Zoom$"), ("chart_pan", r"^Pan$"),
                            ("chart_zoom_in", r"^Zoom in$"), ("chart_zoom_out", r"^Zoom out$"),
                            ("chart_autoscale", r"^Autoscale$"),
                            ("chart_reset", r"^Reset axes$"),
                            ("fullscreen", r"^Fullscreen$"),
                            ("fullscreen_close", r"^Close fullscreen$"))
      for attribute in ("aria-label", "data-title")),
)

_SLOT = re.compile(r"\{(\w+)\}")


def replacement(template: str) -> str:
    """A message ("{size} {unit} per bestand") as a JavaScript replacement string
    ("$<size> $<unit> per bestand")."""
    return _SLOT.sub(r"$<\1>", template.replace("$", "$$"))


def translations(messages: dict[str, str], values: dict[str, str]
                 ) -> list[dict[str, str | None]]:
    """The rules for one language. `values` fill slots Vonk knows itself (e.g. the
    upload limit, written as the reader writes numbers); other slots are filled in
    the browser from the pattern's named groups."""
    def to(name: str) -> str:
        template = messages[f"streamlit.{name}"]
        for slot, value in values.items():
            template = template.replace(f"{{{slot}}}", value)
        return replacement(template)

    return [{"scope": s.scope, "pattern": s.pattern, "attribute": s.attribute,
             "to": to(s.name)} for s in STRINGS]


def streamlit_text_script(messages: dict[str, str], values: dict[str, str]) -> str:
    """The script that puts Streamlit's strings in the language of `messages`.
    Constant per language (content and settings only, nothing the user typed)."""
    # No "<" at all in the script's text: the sanitizer of st.html (DOMPurify) drops a
    # script whose text holds "<" before a letter or "/" (e.g. a named group "(?<size>").
    rules = json.dumps(translations(messages, values), ensure_ascii=False)
    rules = rules.replace("<", "\\u003c")
    script = _SCRIPT.replace("__RULES__", rules)
    assert "<" not in script, "the sanitizer would drop this script"
    return f"<script>{script}</script>"


# Kept small and defensive: the page must work if anything here fails.
_SCRIPT = """
(() => {
  const V = window.__vonkStreamlitText || (window.__vonkStreamlitText = {
    original: new WeakMap(), written: new WeakMap(), rules: []});
  V.rules = __RULES__.map(r => ({...r, re: new RegExp(r.pattern)}));
  const translate = (text, el, attribute) => {
    for (const r of V.rules) {
      if (r.attribute === attribute && r.re.test(text) && el.closest(r.scope)) {
        return text.replace(r.re, r.to);
      }
    }
    return text;
  };
  const slot = node => {
    let m = V.original.get(node);
    if (!m) { m = new Map(); V.original.set(node, m); }
    let w = V.written.get(node);
    if (!w) { w = new Map(); V.written.set(node, w); }
    return [m, w];
  };
  const fix = (node, key, current, el, attribute, write) => {
    const [orig, written] = slot(node);
    if (!orig.has(key) || written.get(key) !== current) orig.set(key, current);
    const out = translate(orig.get(key), el, attribute);
    written.set(key, out);
    if (out !== current) write(out);
  };
  const fixText = n => {
    if (n.parentElement && n.nodeValue && n.nodeValue.trim()) {
      fix(n, "", n.nodeValue, n.parentElement, null, v => { n.nodeValue = v; });
    }
  };
  const attributes = [...new Set(V.rules.map(r => r.attribute).filter(a => a))];
  const fixElement = el => {
    for (const a of attributes) {
      const v = el.getAttribute(a);
      if (v) fix(el, a, v, el, a, out => el.setAttribute(a, out));
    }
  };
  const fixTree = root => {
    if (root.nodeType === Node.TEXT_NODE) { fixText(root); return; }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    fixElement(root);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) fixText(n); else fixElement(n);
    }
  };
  try {
    if (!V.observer) {
      V.observer = new MutationObserver(records => {
        for (const rec of records) {
          if (rec.type === "characterData") fixText(rec.target);
          else if (rec.type === "attributes") fixElement(rec.target);
          else rec.addedNodes.forEach(fixTree);
        }
      });
      V.observer.observe(document.body, {subtree: true, childList: true, characterData: true,
        attributes: true, attributeFilter: attributes});
    }
    fixTree(document.body);
  } catch (e) { console.warn("Vonk: Streamlit strings not translated", e); }
})();
"""
