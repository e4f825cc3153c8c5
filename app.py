"""Vonk: entry point. ``streamlit run app.py``

Streamlit sees the ``st.App`` below and serves it with uvicorn, importing this
file as a module (``__name__ == "app"``): that branch sets up the server once.
Every browser session then runs this same file as its script (``__name__ ==
"__main__"``): that branch draws the frame and routes to a page in ``pages/``.
"""

import streamlit as st

if __name__ == "__main__":
    from ui.shell import run_app

    run_app()
else:
    from starlette.middleware import Middleware

    from ui.seat_cookie import seat_routes
    from ui.server import HtmlLangMiddleware, join_routes, prepare_server, show_script_error

    prepare_server()
    app = st.App("app.py", routes=seat_routes() + join_routes(),
                 middleware=[Middleware(HtmlLangMiddleware)],
                 on_script_error=show_script_error)
