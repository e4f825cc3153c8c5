"""Workshop: a facilitator starts a live workshop. From scratch, or from a scan or
scenario (its personal link, or the plan open in this session): which rules and
statements the room rates, Dutch or English, the anonymity thresholds within the
bounds of content/workshop.yaml, a rehearsal. Creating it opens the private
control view, whose link carries the secret."""

from __future__ import annotations

import streamlit as st

from content.models import LANGUAGES, bounds
from content.workshop import Anonymity
from services import PlanNotFound
from services.plans import extract_token
from services.workshop import InvalidSetup
from ui import current_plan, session
from ui import workshop_view as wv
from ui.i18n import lang, t
from ui.resources import get_content, get_service, get_workshop_service
from workshop.group import statements

svc = get_workshop_service()
content = get_content()
settings = svc.settings
all_statements = statements(content)


def _bounded(model: type, field: str) -> tuple[int, int]:
    low, high = bounds(model, field)
    return int(low), int(high)


st.title(t("workshop.create.title"))
st.write(t("workshop.create.intro"))

open_token = session.token()
sources = ["scratch", "link"] + (["open"] if open_token is not None else [])
with st.form("create_workshop"):
    language = st.radio(t("workshop.create.language"), list(LANGUAGES), horizontal=True,
                        index=list(LANGUAGES).index(lang()),
                        format_func=lambda code: t(f"workshop.create.lang_{code}"))
    source = st.radio(t("workshop.create.source"), sources,
                      index=sources.index("open") if open_token is not None else 0,
                      format_func=lambda s: t(f"workshop.create.source_{s}",
                                              title=current_plan.title()))
    link = st.text_input(t("workshop.create.link"), help=t("workshop.create.link_help"),
                         placeholder=t("start.resume_placeholder"))
    rules = st.multiselect(t("workshop.create.rules"), list(all_statements),
                           default=list(all_statements), format_func=wv.rule_label,
                           help=t("workshop.create.rules_help"))
    with st.expander(t("workshop.create.statements")):
        st.caption(t("workshop.create.statements_help"))
        chosen_statements: list[str] = []
        for rule_id, ids in all_statements.items():
            for sid in ids:
                if st.checkbox(f"{wv.rule_label(rule_id)} · {wv.statement_label(sid)}",
                               value=True, key=f"create_statement:{sid}"):
                    chosen_statements.append(sid)
    st.markdown(f"**{t('workshop.create.anonymity')}**")
    st.caption(t("workshop.create.anonymity_help"))
    cols = st.columns(2)
    low, high = _bounded(Anonymity, "min_figure")
    min_figure = cols[0].number_input(t("workshop.create.min_figure"), min_value=low,
                                      max_value=high, value=settings.anonymity.min_figure)
    low, high = _bounded(Anonymity, "min_distribution")
    min_distribution = cols[1].number_input(t("workshop.create.min_distribution"), min_value=low,
                                            max_value=high,
                                            value=settings.anonymity.min_distribution)
    retention = settings.retention
    days = st.number_input(t("workshop.create.retention"), min_value=retention.min_days,
                           max_value=retention.max_days, value=retention.default_days,
                           help=t("workshop.create.retention_help"))
    rehearsal = st.checkbox(t("workshop.create.rehearsal"),
                            help=t("workshop.create.rehearsal_help"))
    submitted = st.form_submit_button(t("workshop.create.button"), type="primary")

if submitted:
    plan_token: str | None = None
    problem: str | None = None
    if source == "scratch" and link.strip():
        problem = t("workshop.create.link_but_scratch")
    elif source == "open":
        plan_token = open_token
    elif source == "link":
        plan_token = extract_token(link)
        if plan_token is None or get_service().open(plan_token) is None:
            problem = t("workshop.create.link_unknown")
    if problem is None and not rules:
        problem = t("workshop.create.no_rules")
    elif problem is None and int(min_distribution) < int(min_figure):
        problem = t("workshop.create.thresholds_order")
    if problem is not None:
        st.error(problem)
        st.stop()
    svc.purge_expired()  # retention: workshops past their period go (saved scenarios stay)
    # Statements ticked under a rule that is not chosen do not count.
    rated = [sid for sid in chosen_statements if any(sid in all_statements[r] for r in rules)]
    try:
        created = svc.create(language=language, rule_ids=rules, statement_ids=rated,
                             source_plan=plan_token, rehearsal=rehearsal,
                             anonymity={"min_figure": int(min_figure),
                                        "min_distribution": int(min_distribution)},
                             retention_days=int(days))
    except InvalidSetup as invalid:
        key = "workshop.create.no_statements" if invalid.field in ("rule_ids", "statement_ids") \
            else "workshop.create.invalid"
        st.error(t(key, field=invalid.field))
        st.stop()
    except PlanNotFound:
        st.error(t("workshop.create.link_unknown"))
        st.stop()
    st.switch_page("pages/workshop_leiden.py",
                   query_params={"ws": created.workshop_id, "key": created.control_secret})

st.caption(t("workshop.create.after"))
