"""Home: what the app shows, a quick start (an example opened in the Gate explorer), how
to read the heatmaps, the equations."""

import streamlit as st

from rnn_viz.app import messages, model_picker, navigation
from rnn_viz.datasets import examples
from rnn_viz.i18n import current_language, t

lang = current_language()
st.set_page_config(page_title=t("home.page_title"))

st.title(t("home.title"))
st.markdown(t("home.intro"))
st.caption(t("home.switch_hint"))

# the quick start first: the button opens the explorer before two screens of equations
st.subheader(t("home.start_heading"))
entries = model_picker.models()
found = examples.load_examples()
if not entries:
    st.info(t("home.no_models"))
c1, c2 = st.columns([2, 3])
by_title = {e.title: e for e in found}
choice = c1.selectbox(
    t("home.example"),
    list(by_title),
    key="home_example",
    format_func=lambda title: by_title[title].title_in(lang),
)
c2.markdown(f"> {messages.plain(by_title[choice].text)}")
if st.button(t("home.open"), type="primary", disabled=not entries):
    navigation.open_example_in_explorer(choice)
names = ", ".join(messages.plain(label) for label in entries)  # user models' names: text
st.caption(t("home.models_here", names=names or t("home.none_yet")))


st.subheader(t("home.read_heading"))
st.markdown(t("home.read_body"))


LSTM_ROWS = (
    (r"i_t &= \sigma(x_t W_i + h_{t-1} U_i + b_i)", "input_gate"),
    (r"f_t &= \sigma(x_t W_f + h_{t-1} U_f + b_f)", "forget_gate"),
    (r"\tilde c_t &= \tanh(x_t W_c + h_{t-1} U_c + b_c)", "candidate"),
    (r"o_t &= \sigma(x_t W_o + h_{t-1} U_o + b_o)", "output_gate"),
    (r"c_t &= f_t \odot c_{t-1} + i_t \odot \tilde c_t", "kept_written"),
    (r"h_t &= o_t \odot \tanh(c_t)", "hidden_state"),
)
GRU_ROWS = (
    (r"z_t &= \sigma(x_t W_z + b_z + h_{t-1} U_z + b'_z)", "update_gate"),
    (r"r_t &= \sigma(x_t W_r + b_r + h_{t-1} U_r + b'_r)", "reset_gate"),
    (r"\tilde h_t &= \tanh\big(x_t W_h + b_h + r_t \odot (h_{t-1} U_h + b'_h)\big)", "candidate"),
    (r"h_t &= z_t \odot h_{t-1} + (1 - z_t) \odot \tilde h_t", "kept_written"),
)


def _aligned(rows: tuple[tuple[str, str], ...]) -> str:
    """The equations, one per row, each with its name in the current language."""
    lines = [eq + r" && \text{" + t(f"home.eq.{name}") + "}" for eq, name in rows]
    return "\\begin{aligned}\n" + "\\\\\n".join(lines) + "\n\\end{aligned}"


left, right = st.container(), st.container()
with left:
    st.subheader(t("home.lstm_heading"))
    st.latex(_aligned(LSTM_ROWS))
with right:
    st.subheader(t("home.gru_heading"))
    st.latex(_aligned(GRU_ROWS))
    st.caption(t("home.gru_caption"))
