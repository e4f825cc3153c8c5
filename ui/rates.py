"""The rates behind the investment estimate, saved with the workspace: every
scenario of it, the comparison, the result page and their downloads use the same
rates, and a reload or the personal link shows them again. The inputs are text
fields read in the reader's convention ("1,5" is one and a half in Dutch), like
the scan's number questions: st.number_input drops a decimal comma."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from content.labels import number, parse_number
from content.models import InvestmentRates, bounds
from reports import escape_markdown
from services import StorageUnavailable
from ui import session
from ui.i18n import lang, t
from ui.questions import follow_language
from ui.resources import get_service


def current(workspace: str | None) -> InvestmentRates:
    """The workspace's saved rates (the content's defaults where none were saved)."""
    return get_service().rates(workspace)


def editor(workspace: str, rates: InvestmentRates) -> None:
    """The rate inputs, showing `rates` (as saved); a change is saved at once.
    Drawn only while their expander is open (opening it reruns the page): eight
    text inputs are the page's most expensive elements and most runs do not show
    them (bench/README.md)."""
    language = lang()
    box = st.expander(t("compare.rates"), key=session.rates_open_key(workspace),
                      on_change="rerun")
    with box:
        if not box.open:
            return
        st.caption(t("compare.rates_help"))
        for field in InvestmentRates.model_fields:
            low, high = bounds(InvestmentRates, field)  # the model's: never refused later
            key = session.rate_key(workspace, field)
            stored = float(getattr(rates, field))
            follow_language(key, stored)
            session.seed_tracked(key, stored, number(stored, language))
            st.text_input(t(f"rate.{field}"), key=key, on_change=_save, args=(workspace,),
                          help=t("rates.range", min=number(low, language),
                                 max=number(high, language)))


def _refuse(keys: dict[str, str], message: str) -> None:
    session.flash("error", message)
    for key in keys.values():
        session.forget_widget(key)  # shown as stored again


def _save(workspace: str) -> None:
    language = lang()
    keys = {field: session.rate_key(workspace, field) for field in InvestmentRates.model_fields}
    values: dict[str, float] = {}
    for field, key in keys.items():
        typed = str(session.widget_value(key) or "")
        value = parse_number(typed, language)
        if value is None:
            # What was typed is the user's own text: shortened and made inert.
            _refuse(keys, t("rates.not_a_number", field=t(f"rate.{field}"),
                            typed=escape_markdown(typed[:40])))
            return
        values[field] = value
    try:
        rates = InvestmentRates(**values)
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0])
        low, high = bounds(InvestmentRates, field)
        _refuse(keys, t("rates.out_of_range", field=t(f"rate.{field}"),
                        min=number(low, language), max=number(high, language)))
        return
    try:
        get_service().save_rates(workspace, rates)
    except StorageUnavailable:
        _refuse(keys, t("rates.not_saved"))
        return
    session.mark_saved()
