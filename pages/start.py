"""Start: what Vonk is; start a new scan, resume one, or load a file."""

import streamlit as st

from services.plans import extract_token
from ui import current_plan, session
from ui.i18n import t
from ui.import_file import UPLOAD_LIMIT_MB, import_uploaded_file

st.title(t("start.title"))
st.markdown(f"**{t('app.tagline')}**")
st.markdown(t("start.intro"))
st.markdown(t("start.how"))

if session.token() is not None:
    st.info(t("start.current_plan", title=current_plan.title_md()))
    if st.button(t("start.continue", title=current_plan.title_md()), type="primary",
                 key="continue_plan"):
        current_plan.go("pages/scan.py")

if st.button(t("start.new"), type="secondary" if session.token() else "primary",
             help=t("start.new_help"), key="new_plan"):
    current_plan.new_plan()
    current_plan.go("pages/scan.py")

st.subheader(t("start.resume_heading"))
with st.form("resume_form", border=False):
    pasted = st.text_input(t("start.resume_label"), placeholder=t("start.resume_placeholder"),
                           key="resume_input", max_chars=400)
    submitted = st.form_submit_button(t("start.resume_button"))
if submitted:
    typed = (pasted or "").strip()
    if not typed:
        st.warning(t("start.resume_empty"))
    else:
        # A malformed code is a miss too: it counts against this client's limit.
        opened = current_plan.open_plan(extract_token(typed) or typed)
        if opened.refused:
            st.error(t("plan.too_many_attempts", seconds=opened.wait_seconds))
        elif not opened:
            st.error(t("start.resume_not_found"))
        else:
            current_plan.go("pages/scan.py")

st.subheader(t("start.import_heading"))
import_uploaded_file(st.file_uploader(t("start.import_label"), type=["json"], key="import_file",
                                      help=t("start.import_help"),
                                      max_upload_size=UPLOAD_LIMIT_MB))
