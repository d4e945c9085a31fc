"""rnn-viz home page: what the app shows, how to read it, the equations, a quick start.

Run with ``streamlit run app.py``; the other pages are the files in ``pages/``.
"""

import streamlit as st

from rnn_viz import examples, navigation, ui
from rnn_viz.i18n import t
from rnn_viz.i18n.page import language_switch

lang = language_switch()
st.set_page_config(page_title=t("home.page_title"), page_icon="🔬", layout="wide")

st.title(t("home.title"))
st.markdown(t("home.intro"))
st.caption(t("home.switch_hint"))

st.subheader(t("home.read_heading"))
st.markdown(t("home.read_body"))


def _eq(key: str) -> str:
    return r"\text{" + t(f"home.eq.{key}") + "}"


left, right = st.container(), st.container()
with left:
    st.subheader(t("home.lstm_heading"))
    st.latex(
        r"""\begin{aligned}
i_t &= \sigma(x_t W_i + h_{t-1} U_i + b_i) && %s\\
f_t &= \sigma(x_t W_f + h_{t-1} U_f + b_f) && %s\\
\tilde c_t &= \tanh(x_t W_c + h_{t-1} U_c + b_c) && %s\\
o_t &= \sigma(x_t W_o + h_{t-1} U_o + b_o) && %s\\
c_t &= f_t \odot c_{t-1} + i_t \odot \tilde c_t && %s\\
h_t &= o_t \odot \tanh(c_t) && %s
\end{aligned}"""
        % tuple(
            _eq(k)
            for k in (
                "input_gate",
                "forget_gate",
                "candidate",
                "output_gate",
                "kept_written",
                "hidden_state",
            )
        )
    )
with right:
    st.subheader(t("home.gru_heading"))
    st.latex(
        r"""\begin{aligned}
z_t &= \sigma(x_t W_z + b_z + h_{t-1} U_z + b'_z) && %s\\
r_t &= \sigma(x_t W_r + b_r + h_{t-1} U_r + b'_r) && %s\\
\tilde h_t &= \tanh\big(x_t W_h + b_h + r_t \odot (h_{t-1} U_h + b'_h)\big) && %s\\
h_t &= z_t \odot h_{t-1} + (1 - z_t) \odot \tilde h_t && %s
\end{aligned}"""
        % tuple(_eq(k) for k in ("update_gate", "reset_gate", "candidate", "kept_written"))
    )
    st.caption(t("home.gru_caption"))

st.subheader(t("home.start_heading"))
entries = ui.models()
examples = examples.load_examples()
if not entries:
    st.info(t("home.no_models"))
c1, c2 = st.columns([2, 3])
by_title = {e.title: e for e in examples}
choice = c1.selectbox(
    t("home.example"),
    list(by_title),
    key="home_example",
    format_func=lambda title: by_title[title].title_in(lang),
)
c2.markdown(f"> {by_title[choice].text}")
if st.button(t("home.open"), type="primary", disabled=not entries):
    navigation.open_example_in_explorer(choice)
st.caption(t("home.models_here", names=", ".join(entries) if entries else t("home.none_yet")))
