"""rnn-viz home page: what the app shows, how to read it, the equations, a quick start.

Run with ``streamlit run app.py``; the other pages are the files in ``pages/``.
"""

import streamlit as st

from rnn_viz import examples, navigation, ui

st.set_page_config(page_title="rnn-viz: inside an LSTM and a GRU", page_icon="🔬", layout="wide")

st.title("rnn-viz: what an LSTM or a GRU computes, word by word")
st.markdown(
    "Small recurrent networks trained on IMDB movie reviews read a review one word at a "
    "time and end with p(positive). This app opens them up: for any review it shows every "
    "gate and state of every layer at every word, and how the verdict moves as the words "
    "come in.\n\n"
    "- **Gate explorer**: pick a model and a review, step through it token by token.\n"
    "- **Train**: train your own model on the dataset and watch the curves.\n"
    "- **Compare**: an LSTM against a GRU, curves, sizes, and the same review side by side.\n"
    "- **Saturation**: across the test set, how often each gate unit is nearly shut or nearly "
    "open, and how that changed while the model trained.\n"
    "- **Units**: where one unit fires in the test set, and the words that move it most.\n"
    "- **What if**: change one word and see what changes in every gate.\n"
    "- **Memory**: which earlier words still move the verdict (RNN, LSTM, GRU side by side).\n"
    "- **Diagnostics**: where the models fail (metrics, disagreements), the hidden-state "
    "space, sentiment units, and the smallest edit that flips a prediction.")

st.subheader("How to read the heatmaps")
st.markdown(
    "Each heatmap has one **row per unit** and one **column per token**; the highlighted "
    "column is the current token. The colours keep one meaning everywhere:\n"
    "- **gates** (σ, 0..1, Viridis): dark = closed (0), yellow = open (1);\n"
    "- **tanh quantities** (candidates, h; −1..1): blue negative, white 0, red positive;\n"
    "- the **LSTM cell state c** is not bounded: it has its own symmetric scale ±max|c| "
    "(brown negative, green positive).\n\n"
    "The line on top is p(positive) *had the review ended at that token*; its last value is "
    "the model's prediction. Padding (the model reads every review as 500 steps, padding in "
    "front) is hidden; the first column, *state in*, is the state the first real word meets.")

left, right = st.container(), st.container()
with left:
    st.subheader("LSTM (Keras gate order i, f, c̃, o)")
    st.latex(r"""\begin{aligned}
i_t &= \sigma(x_t W_i + h_{t-1} U_i + b_i) && \text{input gate}\\
f_t &= \sigma(x_t W_f + h_{t-1} U_f + b_f) && \text{forget gate}\\
\tilde c_t &= \tanh(x_t W_c + h_{t-1} U_c + b_c) && \text{candidate}\\
o_t &= \sigma(x_t W_o + h_{t-1} U_o + b_o) && \text{output gate}\\
c_t &= f_t \odot c_{t-1} + i_t \odot \tilde c_t && \text{kept + written}\\
h_t &= o_t \odot \tanh(c_t) && \text{hidden state}
\end{aligned}""")
with right:
    st.subheader("GRU (Keras gate order z, r, h̃)")
    st.latex(r"""\begin{aligned}
z_t &= \sigma(x_t W_z + b_z + h_{t-1} U_z + b'_z) && \text{update gate}\\
r_t &= \sigma(x_t W_r + b_r + h_{t-1} U_r + b'_r) && \text{reset gate}\\
\tilde h_t &= \tanh\big(x_t W_h + b_h + r_t \odot (h_{t-1} U_h + b'_h)\big) && \text{candidate}\\
h_t &= z_t \odot h_{t-1} + (1 - z_t) \odot \tilde h_t && \text{kept + written}
\end{aligned}""")
    st.caption("Keras' GRU (reset_after=True, its default) keeps the old state where z is "
               "near 1 and writes the candidate where z is near 0: the opposite of the "
               "convention of some textbooks.")

st.subheader("Start exploring")
entries = ui.models()
examples = examples.load_examples()
if not entries:
    st.info("No models are available yet: the shipped models in assets/models are missing. "
            "Train one on the Train page, or upload a .keras file in the Gate explorer.")
c1, c2 = st.columns([2, 3])
choice = c1.selectbox("Example review", [e.title for e in examples], key="home_example")
c2.markdown(f"> {next(e.text for e in examples if e.title == choice)}")
if st.button("Open it in the Gate explorer ▶", type="primary", disabled=not entries):
    navigation.open_example_in_explorer(choice)
st.caption("Models on this machine: " + (", ".join(entries) if entries else "none yet") + ".")
