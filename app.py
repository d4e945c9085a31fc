"""rnn-viz: ``streamlit run app.py``. The app's pages, in the sidebar's order.

Each page is a file in ``pages/`` that only lays out widgets and calls ``rnn_viz``.
"""

import streamlit as st

st.navigation([
    st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("pages/1_Gate_explorer.py", icon=":material/grid_on:"),
    st.Page("pages/2_Train.py", icon=":material/model_training:"),
    st.Page("pages/3_Compare.py", icon=":material/compare:"),
    st.Page("pages/4_Saturation.py", icon=":material/scatter_plot:"),
    st.Page("pages/5_Units.py", icon=":material/search:"),
    st.Page("pages/6_What_if.py", icon=":material/edit:"),
]).run()
