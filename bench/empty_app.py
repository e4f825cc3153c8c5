"""The baseline for the benchmark: an almost empty Streamlit page with one widget to
interact with, run under the same server settings as Vonk."""

import streamlit as st

st.radio("Kies", ["a", "b", "c"], key="choice")
st.write("Gekozen:", st.session_state.choice)
