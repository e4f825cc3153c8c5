"""The frame around every page: page set-up, language, plan from the URL,
navigation. Called by app.py when Streamlit runs it as the entry script."""

from __future__ import annotations

import copy
from pathlib import Path

import streamlit as st

from content.loader import ContentError
from ui import current_plan, session
from ui.i18n import document_language_script, lang, language_per_run, language_switch, t
from ui.import_file import upload_limit_text
from ui.page_request import requested_url_path
from ui.resources import get_content
from ui.streamlit_text import streamlit_text_script

ROOT = Path(__file__).resolve().parent.parent
CSS = (ROOT / "ui" / "style.css").read_text(encoding="utf-8")

PAGES = {
    "start": ("pages/start.py", "nav.start", ":material/home:"),
    "scan": ("pages/scan.py", "nav.scan", ":material/checklist:"),
    "resultaat": ("pages/resultaat.py", "nav.result", ":material/insights:"),
    "scenarios": ("pages/scenarios.py", "nav.scenarios", ":material/stacks:"),
    "vergelijk": ("pages/vergelijk.py", "nav.compare", ":material/compare_arrows:"),
    "netwerkplan": ("pages/netwerkplan.py", "netplan.nav", ":material/event_note:"),
    "checkin": ("pages/checkin.py", "checkin.nav", ":material/event_repeat:"),
    "handreiking": ("pages/handreiking.py", "nav.handreiking", ":material/menu_book:"),
    "hoe-vonk-scoort": ("pages/hoe_vonk_scoort.py", "nav.how", ":material/calculate:"),
    "workshop": ("pages/workshop.py", "workshop.nav.create", ":material/groups:"),
}
# The live workshop's pages, reached by their own links only: a lighter frame (no
# plan, no language switch, no scan navigation); each sets its workshop's language.
LIGHT_PAGES = {
    "workshop-leiden": ("pages/workshop_leiden.py", "workshop.nav.control"),
    "workshop-scherm": ("pages/workshop_scherm.py", "workshop.nav.screen"),
    "doe-mee": ("pages/doe_mee.py", "workshop.nav.join"),
}


def _content_or_stop() -> None:
    """Second line of defence: the server does not start with broken content
    (ui/server.prepare_server); should a session meet it anyway, it shows the
    problems instead of a traceback."""
    try:
        get_content()
    except ContentError as exc:
        import logging

        logging.getLogger("vonk").error("content is invalid:\n  %s", "\n  ".join(exc.problems))
        st.error("De inhoud van Vonk bevat fouten / Vonk's content contains errors")
        st.code("\n".join(exc.problems), language=None)
        st.stop()


_BUILT_PAGES: dict[str, list[st.Page]] = {}


def _pages() -> list[st.Page]:
    """Every page, titled in this run's language; the workshop's own pages hidden.
    Building an st.Page resolves its file on disk, so they are built once per
    language and server process; each run gets its own shallow copies, since
    st.navigation and Page.run mark the page being run on the object itself."""
    language = lang()
    built = _BUILT_PAGES.get(language)
    if built is None:
        built = [st.Page(path, title=t(title_key), icon=icon, url_path=url_path,
                         default=(url_path == "start"))
                 for url_path, (path, title_key, icon) in PAGES.items()]
        built += [st.Page(path, title=t(title_key), url_path=url_path, visibility="hidden")
                  for url_path, (path, title_key) in LIGHT_PAGES.items()]
        _BUILT_PAGES[language] = built
    return [copy.copy(page) for page in built]


def page_object(path: str) -> st.Page:
    """The page of `path` ("pages/handreiking.py") for st.page_link: given a page
    object, Streamlit need not resolve the file on disk on every run."""
    url_path = next(url for url, (file, *_) in PAGES.items() if file == path)
    _pages()  # built for this language if not yet
    return next(page for page in _BUILT_PAGES[lang()] if page.url_path == url_path)


_HEADS: dict[str, str] = {}


def draw_head() -> None:
    """One element for the page's style and its language attribute (trusted, constant
    per language, so made once per language and server process)."""
    language = lang()
    head = _HEADS.get(language)
    if head is None:
        streamlit_strings = streamlit_text_script(get_content().messages[language],
                                                  {"limit": upload_limit_text(language)})
        head = f"<style>{CSS}</style>{document_language_script()}{streamlit_strings}"
        _HEADS[language] = head
    st.html(head, unsafe_allow_javascript=True)


@language_per_run
def run_app() -> None:
    _content_or_stop()
    pages = _pages()
    if requested_url_path(pages) in LIGHT_PAGES:
        # No plan, no language switch, no menu: the page sets its own layout and draws
        # its head once it knows its workshop's language (ui/workshop_view.frame).
        st.navigation(pages, position="hidden").run()
        return
    st.set_page_config(page_title="Vonk", page_icon=":material/local_fire_department:",
                       layout="centered", initial_sidebar_state="collapsed")
    top = st.container(horizontal=True, horizontal_alignment="right")
    with top:
        language_switch()
    draw_head()
    from_link = current_plan.refresh()
    # Built again (copies of the per-language cache): the switch may have just set
    # the language from the URL (?lang=en), and the menu's titles follow it.
    current = st.navigation(_pages(), position="top")
    if current.url_path != "scenarios":
        # Deleted scenarios can be restored until the user leaves the scenarios page.
        session.forget_deleted_here()
    if from_link and current.url_path == "scan" and "rule" not in st.query_params and \
            current_plan.is_complete():
        current_plan.go(PAGES["resultaat"][0])  # a link to a finished plan: its result
    messages = st.container()  # filled last: callbacks that run mid-page can still flash
    current.run()
    if session.take_rerun_request():
        st.rerun()  # e.g. widgets to show the stored answer after a reconnect
    with messages:
        show_flashes()


def show_flashes() -> None:
    boxes = {"error": st.error, "warning": st.warning, "success": st.success, "info": st.info}
    for kind, text in session.take_flashes():
        boxes[kind](text)
