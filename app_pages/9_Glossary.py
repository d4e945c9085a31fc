"""Glossary: the app's terms in English and Korean, with the symbol each equation uses."""

import pandas as pd
import streamlit as st

from rnn_viz.i18n import GLOSSARY, t

st.set_page_config(page_title=t("glossary.page_title"), page_icon="🔬", layout="wide")
st.title(t("glossary.title"))
st.markdown(t("glossary.intro"))
st.dataframe(
    pd.DataFrame(
        [
            {
                t("glossary.col.ko"): term.ko,
                t("glossary.col.en"): term.en,
                t("glossary.col.symbol"): term.symbol,
                t("glossary.col.meaning"): t(term.meaning),
            }
            for term in GLOSSARY
        ]
    ),
    hide_index=True,
    width="stretch",
)
