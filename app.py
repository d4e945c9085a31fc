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
from rnn_viz.i18n import t

internals.freeze_imports()  # after the imports: Streamlit's collection after each run stays quick

#: The pages in sidebar order: file, catalogue key of its title, icon.
PAGES = (
    ("app_pages/0_Home.py", "nav.home", ":material/home:"),
    ("app_pages/1_Gate_explorer.py", "nav.explorer", ":material/biotech:"),
    ("app_pages/2_Train.py", "nav.train", ":material/model_training:"),
    ("app_pages/3_Compare.py", "nav.compare", ":material/compare:"),
    ("app_pages/4_Saturation.py", "nav.saturation", ":material/show_chart:"),
    ("app_pages/5_Units.py", "nav.units", ":material/grid_on:"),
    ("app_pages/6_What_if.py", "nav.what_if", ":material/edit_note:"),
    ("app_pages/7_Memory.py", "nav.memory", ":material/memory:"),
    ("app_pages/8_Diagnostics.py", "nav.diagnostics", ":material/troubleshoot:"),
    ("app_pages/9_Glossary.py", "nav.glossary", ":material/translate:"),
)

language_switch()
st.set_page_config(page_title=t("home.page_title"), page_icon="🔬", layout="wide")
st.navigation(
    [
        st.Page(path, title=t(key), icon=icon, default=path == PAGES[0][0])
        for path, key, icon in PAGES
    ]
).run()
