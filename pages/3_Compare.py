"""Compare: two models (an LSTM against a GRU by default), their training, their size,
and the same review side by side on one token slider."""

import hashlib

import pandas as pd
import streamlit as st

from rnn_viz import compare, plots, token_view, ui

st.set_page_config(page_title="Compare · rnn-viz", page_icon="🔬", layout="wide")
st.title("Compare two models")

c1, c2 = st.columns(2)
with c1:
    a = ui.model_picker("Model A", key="cmp_a", prefer="lstm")
if a is None:
    st.stop()
with c2:
    b = ui.model_picker("Model B", key="cmp_b", prefer="gru")
if b is None:
    st.stop()
bundles = [ui.entry_bundle(a), ui.entry_bundle(b)]
names = [f"A: {bundles[0].name}", f"B: {bundles[1].name}"]

st.subheader("Training")
tabs = st.tabs(["per epoch", "per second of training"])
histories = dict(zip(names, (bd.history for bd in bundles)))
for tab, x in zip(tabs, ("epoch", "seconds")):
    with tab:
        l, r = st.columns(2)
        for col, metric in ((l, "loss"), (r, "acc")):
            fig = plots.history_figure(histories, metric, x)
            col.plotly_chart(fig, key=f"curve_{metric}_{x}")
            with col:
                ui.figure_downloads(fig, f"rnn_viz_{metric}_per_{x}", f"dl_{metric}_{x}")
st.caption("Solid: training; dashed: validation (25% of the training reviews).")

st.subheader("Test metrics and speed")
summary = pd.DataFrame([compare.model_summary(bd) for bd in bundles], index=names)
st.dataframe(summary.drop(columns="model"), width="stretch")
st.subheader("Parameters per layer")
cols = st.columns(2)
for col, name, bd in zip(cols, names, bundles):
    col.caption(name)
    col.dataframe(pd.DataFrame(compare.parameter_table([bd])).drop(columns="model"),
                  hide_index=True, width="stretch")

st.subheader("The same review, side by side")
text, desc = ui.review_picker(a, key="cmp_")
if not text.strip():
    st.info("Type or choose a review to trace it.")
    st.stop()
traced = [ui.entry_trace(e, text) for e in (a, b)]
problems = [p for _, _, p in traced if p]
if problems:
    st.warning(f"Cannot trace this text: {problems[0]}")
    st.stop()
traces = [t for t, _, _ in traced]
# Both models read the same words, so they share the token axis (their vocabularies may
# differ in which words are unknown, not in where the words are).
steps = token_view.visible_steps(traces[0], show_pad=False)
key = (text, a.label, b.label)
if st.session_state.get("cmp_key") != key or st.session_state.get("cmp_step") not in steps:
    st.session_state["cmp_key"] = key
    st.session_state["cmp_step"] = int(traces[0].first_real)
c_max = plots.cell_max(*traces)


@st.fragment
def side_by_side():
    t = st.slider("Token (step), shared by both models", int(steps[0]), int(steps[-1]),
                  key="cmp_step")
    st.markdown(token_view.token_html(traces[0], steps, t), unsafe_allow_html=True)
    digest = hashlib.sha1(text.encode()).hexdigest()
    cols = st.columns(2)
    for k, (col, entry, trace, name) in enumerate(zip(cols, (a, b), traces, names)):
        fig = ui.cached_figure(
            ("cmp", k, str(entry.path), entry.stamp, digest, round(c_max, 6)),
            lambda: plots.trace_figure(trace, c_max=c_max, title=name if trace.prediction is None
                else f"{name} · p(positive) = {trace.prediction:.3f}"))
        plots.set_highlight(fig, trace, False, t)
        with col:
            st.plotly_chart(fig, key=f"cmp_fig_{k}", config={"displaylogo": False})
            ui.figure_downloads(fig, f"rnn_viz_{name.split(': ')[1]}", f"cmp_dl_{k}")
    st.caption(f"Review: {desc}. The cell state c uses the same scale ±{c_max:.2f} in both "
               "columns; gates 0..1 and tanh quantities −1..1 everywhere.")


side_by_side()
