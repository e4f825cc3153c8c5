"""The rates behind the investment estimate, saved with the workspace: every
scenario of it, the comparison, the result page and their downloads use the same
rates, and a reload or the personal link shows them again."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from content.models import InvestmentRates, bounds
from services import StorageUnavailable
from ui import session
from ui.i18n import t
from ui.resources import get_service


def current(workspace: str | None) -> InvestmentRates:
    """The workspace's saved rates (the content's defaults where none were saved)."""
    return get_service().rates(workspace)


def editor(workspace: str, rates: InvestmentRates) -> None:
    """The rate inputs, showing `rates` (as saved); a change is saved at once."""
    with st.expander(t("compare.rates")):
        st.caption(t("compare.rates_help"))
        for field in InvestmentRates.model_fields:
            low, high = bounds(InvestmentRates, field)  # the model's: never refused later
            key = session.rate_key(workspace, field)
            session.seed_tracked(key, float(getattr(rates, field)))
            st.number_input(t(f"rate.{field}"), min_value=low, max_value=high, step=1.0,
                            key=key, on_change=_save, args=(workspace,))


def _save(workspace: str) -> None:
    keys = {field: session.rate_key(workspace, field) for field in InvestmentRates.model_fields}
    try:
        rates = InvestmentRates(**{f: session.widget_value(k) for f, k in keys.items()})
        get_service().save_rates(workspace, rates)
    except (ValidationError, StorageUnavailable):
        session.flash("error", t("rates.not_saved"))
        for key in keys.values():
            session.forget_widget(key)  # shown as stored again
        return
    session.mark_saved()
