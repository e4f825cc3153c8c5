"""The pages of the app, each a Streamlit script run by st.navigation in app.py
(never imported). A package only so the import contracts can check them."""
