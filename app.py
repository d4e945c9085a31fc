"""rnn-viz: the one entry point. Run with ``streamlit run app.py``.

It sets the language (the sidebar switch), the page layout and the sidebar's page list,
each page titled in the current language, then runs the page the reader is on.

The page files live in ``app_pages/``, not ``pages/``: Streamlit runs a file of a
``pages/`` folder on its own (without this script, so without the language switch) for
a session's first run and in ``AppTest``.
"""

import streamlit as st

from rnn_viz.app import internals
from rnn_viz.app.language import language_switch
from rnn_viz.app.navigation import PAGES
from rnn_viz.i18n import t

internals.freeze_imports()  # after the imports: Streamlit's collection after each run stays quick

language_switch()
st.set_page_config(page_title=t("home.page_title"), page_icon="🔬", layout="wide")
st.navigation(
    [st.Page(page.path, title=t(page.nav), icon=page.icon, default=page.default) for page in PAGES]
).run()
