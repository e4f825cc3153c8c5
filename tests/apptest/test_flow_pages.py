"""AppTest for issue 9's flow: the scan's move to the next rule's heading, a link
to a finished plan, the personal link, rates saved with the workspace, the
investment on Resultaat, the answers that differ, and the Handreiking page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from content.loader import default_content
from services import PlanService
from storage import PlanStore, database_url
from tests.apptest.conftest import ROOT
from tests.apptest.helpers import answer_current_rule, open_rates
from tests.apptest.test_pages import texts
from tests.conftest import ready_plan

CONTENT = default_content()


def store() -> PlanStore:
    return PlanStore(database_url())


def fresh_tab(token: str, page: str | None = None) -> AppTest:
    """A new browser session opened from the personal link."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["plan"] = token
    if page is not None:
        at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def move_scripts(at: AppTest) -> list[str]:
    return [str(h.proto.body) for h in at.get("html") if "scrollIntoView" in str(h.proto.body)]


# ------------------------------------------------------------------------ scan
def test_next_rule_sends_the_move_to_its_heading_once(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    assert move_scripts(app) == []  # nothing moves on arrival at rule 1
    app.button(key="next_rule").click().run()
    scripts = move_scripts(app)
    assert len(scripts) == 1 and '"scan-rule"' in scripts[0]
    assert "Regel 2 van 10" in scripts[0]  # it waits for the new rule's heading
    answer_current_rule(app, {"balance_levels": 3})
    assert move_scripts(app) == []  # an answer never moves the view
    app.button(key="prev_rule").click().run()
    assert "Regel 1 van 10" in move_scripts(app)[0]


def test_a_link_to_a_finished_plan_opens_the_result() -> None:
    s = store()
    done = s.create(title="Af", answers=ready_plan())
    half = s.create(title="Half", answers={"responsible": "named_internal"})
    s.dispose()
    at = fresh_tab(done.token, "pages/scan.py")
    assert "Resultaat: Af" in [t.value for t in at.title]
    at = fresh_tab(half.token, "pages/scan.py")
    assert [t.value for t in at.title] == ["Scan"]


def test_the_personal_link_is_in_view_with_one_line(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    token = app.session_state["plan_token"]
    assert not any(e.label == CONTENT.messages["nl"]["plan.link_heading"] for e in app.expander)
    assert CONTENT.messages["nl"]["plan.link_help"] in texts(app)
    assert any(f"scan?plan={token}" in c.value for c in app.code)


def test_the_scan_links_each_rule_to_the_handreiking_and_back(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    token = app.session_state["plan_token"]
    link = next(p for p in app.get("page_link") if "handreiking" in p.proto.page)
    assert link.proto.label == "Lees regel 1 in de handreiking"
    assert "rule=1" in link.proto.query_string and f"plan={token}" in link.proto.query_string
    at = fresh_tab(token)
    at.query_params["rule"] = "4"
    at.switch_page("pages/scan.py").run()
    assert any("Regel 4 van 10" in h.value for h in at.header)
    assert "Regel 4 van 10" in move_scripts(at)[0]
    assert "rule" not in at.query_params


# ---------------------------------------------------------- rates, investment
def test_rates_are_saved_with_the_workspace_and_survive_a_reload(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    answer_current_rule(app, {"responsible": "named_internal"})
    token, workspace = app.session_state["plan_token"], app.session_state["workspace"]
    s = store()
    s.duplicate(token, "Kopie")
    open_rates(app.switch_page("pages/vergelijk.py").run())
    app.text_input(key=f"rate:{workspace}:internal_rate").set_value("123").run()
    assert not app.exception
    service = PlanService(s, CONTENT)
    assert service.rates(workspace).internal_rate == 123.0
    again = open_rates(fresh_tab(token, "pages/vergelijk.py"))  # a reload: a new session
    assert again.text_input(key=f"rate:{workspace}:internal_rate").value == "123"
    assert "content/investment.yaml" not in texts(again)
    s.dispose()


def test_resultaat_shows_the_investment_at_the_saved_rates(app: AppTest) -> None:
    s = store()
    plan = s.create(title="Plan", answers=ready_plan())
    at = fresh_tab(plan.token, "pages/resultaat.py")
    assert "Investering" in [h.value for h in at.subheader]
    before = texts(at)
    assert "Totale kosten" in before
    open_rates(at)
    at.text_input(key=f"rate:{plan.workspace}:internal_rate").set_value("500").run()
    assert texts(at) != before
    assert PlanService(s, CONTENT).rates(plan.workspace).internal_rate == 500.0
    s.dispose()


def test_what_differs_shows_the_answers_side_by_side_first(app: AppTest) -> None:
    s = store()
    plan = s.create(title="Negen", answers=ready_plan())
    copy = s.duplicate(plan.token, "Veertien")
    s.save_answer(copy.token, "group_size", 14)
    at = fresh_tab(plan.token, "pages/vergelijk.py")
    page = texts(at)
    label = CONTENT.rule("r06").texts["nl"].questions["group_size"].label
    row = next(line for line in page.splitlines() if "| 9 | 14 |" in line)
    assert row.startswith("| ") and label.split()[0] in row
    assert page.index("Antwoorden die verschillen") < page.index("Wat daardoor verschilt")
    s.dispose()


# ------------------------------------------------------------------ handreiking
def test_handreiking_page_has_contents_source_people_and_links(app: AppTest) -> None:
    app.switch_page("pages/handreiking.py").run()
    assert not app.exception
    page = texts(app)
    for rule in CONTENT.rules:
        assert f"(#regel-{rule.number})" in page  # table of contents
    assert "(https://www.zestor.nl/professionele-ruimte)" in page
    assert "Drama- en dansdocent aan Hogeschool de Kempel" in page
    assert "Ontwerpdocent aan de Design Academy Eindhoven" in page
    assert "Uit het interview met Henriëtte Wachelder" in page
    assert "Uit het interview met Hans van der Markt" in page
    links = [p.proto for p in app.get("page_link")]
    scan_links = [p for p in links if "scan" in p.page]
    assert len(scan_links) == len(CONTENT.rules)
    assert scan_links[2].label == "Naar regel 3 in de scan"
    assert "rule=3" in scan_links[2].query_string


def test_handreiking_opened_at_a_rule_moves_to_it() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["rule"] = "7"
    at.switch_page("pages/handreiking.py").run()
    assert not at.exception
    scripts = move_scripts(at)
    assert len(scripts) == 1 and '"regel-7"' in scripts[0]


def test_the_rate_inputs_are_drawn_when_their_expander_opens(app: AppTest) -> None:
    """Closed, the expander holds nothing (the page's costliest widgets are not
    built on runs that do not show them); opened, it holds every rate."""
    from content.models import InvestmentRates

    s = store()
    plan = s.create(title="Plan", answers=ready_plan())
    at = fresh_tab(plan.token, "pages/resultaat.py")
    rates = [e for e in at.expander if e.label == CONTENT.messages["nl"]["compare.rates"]]
    assert len(rates) == 1 and not rates[0].children
    assert not [w for w in at.text_input if str(w.key).startswith("rate:")]
    open_rates(at)
    shown = {str(w.key) for w in at.text_input if str(w.key).startswith("rate:")}
    assert shown == {f"rate:{plan.workspace}:{f}" for f in InvestmentRates.model_fields}
    s.dispose()


def test_rates_are_read_in_the_readers_convention(app: AppTest) -> None:
    """A rate typed "87,5" is 87.5 in Dutch (st.number_input made it 875 or refused
    it); a word is refused in Dutch, naming the rate, and nothing is saved."""
    s = store()
    plan = s.create(title="Plan", answers=ready_plan())
    at = open_rates(fresh_tab(plan.token, "pages/resultaat.py"))
    key = f"rate:{plan.workspace}:internal_rate"
    at.text_input(key=key).set_value("87,5").run()
    service = PlanService(s, CONTENT)
    assert service.rates(plan.workspace).internal_rate == 87.5
    assert at.text_input(key=key).value == "87,5"
    at.text_input(key=key).set_value("veel").run()
    assert any('"veel" bij "Uurtarief intern (€)" is geen getal' in e.value for e in at.error)
    assert service.rates(plan.workspace).internal_rate == 87.5
    assert at.text_input(key=key).value == "87,5"  # the saved rate, shown again
    at.text_input(key=key).set_value("20000").run()
    assert any("moet tussen" in e.value for e in at.error)
    assert service.rates(plan.workspace).internal_rate == 87.5
    s.dispose()
