"""Compare: two models (an LSTM against a GRU by default), their training, their size,
and the same review side by side on one token slider."""

import hashlib
import html

import pandas as pd
import streamlit as st

from rnn_viz.analysis import compare
from rnn_viz.app import (
    caches,
    components,
    messages,
    model_picker,
    navigation,
    review_picker,
    widgets,
)
from rnn_viz.core import parameters
from rnn_viz.core.capture import BIDIRECTIONAL_NOTE
from rnn_viz.datasets import label_text
from rnn_viz.i18n import t
from rnn_viz.viz import html_export, plots, stepview

st.set_page_config(page_title=t("cmp.page_title"), page_icon="🔬", layout="wide")
st.title(t("cmp.title"))

c1, c2 = st.columns(2)
with c1:
    a = model_picker.model_picker(t("dg.model_a"), key=navigation.COMPARE_A, prefer="lstm")
if a is None:
    st.stop()
with c2:
    b = model_picker.model_picker(t("dg.model_b"), key=navigation.COMPARE_B, prefer="gru")
if b is None:
    st.stop()
bundles = [caches.entry_bundle(a), caches.entry_bundle(b)]
names = [f"A: {bundles[0].name}", f"B: {bundles[1].name}"]

st.subheader(t("cmp.training"))
tabs = st.tabs([t("cmp.per_epoch"), t("cmp.per_second")])
histories = dict(  # legend names: Plotly reads tags in them, a model name is text
    zip([html.escape(n) for n in names], (bd.history for bd in bundles), strict=True)
)
for tab, x in zip(tabs, ("epoch", "seconds"), strict=True):
    with tab:
        left, right = st.columns(2)
        for col, metric in ((left, "loss"), (right, "acc")):
            fig = plots.history_figure(histories, metric, x)
            col.plotly_chart(fig, key=f"curve_{metric}_{x}", config=widgets.CHART_CONFIG)
            with col:
                widgets.figure_downloads(fig, f"rnn_viz_{metric}_per_{x}", f"dl_{metric}_{x}")
st.caption(t("cmp.curves_caption"))

st.subheader(t("cmp.metrics"))
summary = pd.DataFrame([compare.model_summary(bd) for bd in bundles], index=names)
widgets.data_table(summary.drop(columns="model"), index=True)
st.subheader(t("cmp.parameters"))
cols = st.columns(2)
for col, name, bd in zip(cols, names, bundles, strict=True):
    with col:
        st.caption(messages.plain(name))
        widgets.data_table([p.row() for p in parameters.model_parameters(bd.model)])
st.caption(t("cmp.parameters_caption"))

st.subheader(t("cmp.same_review"))
text, desc = review_picker.review_picker(a, key=navigation.COMPARE_PREFIX, refuse_korean=True)
if not text.strip():
    st.info(t("cmp.type_review"))
    st.stop()
traces = [
    messages.settle(caches.entry_trace(e, text), key="dg.cannot_trace", show=st.warning)[0]
    for e in (a, b)
]
if any(BIDIRECTIONAL_NOTE in trace.notes for trace in traces):  # once for both models
    st.caption(f"ℹ️ {BIDIRECTIONAL_NOTE}")
c_max = plots.cell_max(*traces)
digest = hashlib.sha1(text.encode()).hexdigest()
cols = st.columns(2)
for col, trace, bd, name in zip(cols, traces, bundles, names, strict=True):
    with col:  # each model's training beside its heatmaps
        acc = bd.metrics.get("test_acc")
        st.metric(
            t("cmp.test_accuracy", name=messages.plain(name)), "—" if acc is None else f"{acc:.4f}"
        )
        st.download_button(
            t("ui.figure_html"),
            lambda trace=trace, name=name: plots.figure_html(
                plots.trace_figure(trace, c_max=c_max, title=name)
            ),
            f"rnn_viz_{name.split(': ', 1)[1]}.html",
            "text/html",
            key=f"cmp_dl_{name[0]}",
            on_click="ignore",
            help=t("ui.figure_png_help"),
        )
        if bd.history:
            st.plotly_chart(
                plots.training_card(bd.history, bd.metrics.get("best_epoch"), height=260),
                key=f"cmp_card_{name[0]}",
                config=widgets.CHART_CONFIG,
            )
payloads = [
    widgets.cached_figure(
        ("cmp_payload", str(entry.path), entry.stamp, digest, round(c_max, 6)),
        lambda trace=trace, name=name: stepview.review_payload(
            trace,
            c_max=c_max,
            panels=False,
            name=name.split(": ", 1)[1],
            title=html.escape(  # Plotly reads tags (a link too) in a title: the name is text
                name
                if trace.prediction is None
                else f"{name} · p(positive) = {trace.prediction:.3f}"
                if trace.n_classes <= 2
                else f"{name} · {label_text(trace.classes[trace.predicted_class or 0])} "
                f"({trace.prediction:.3f})"
            ),
        ),
    )
    for entry, trace, name in zip((a, b), traces, names, strict=True)
]
# One token control for both: the models read the same words, aligned on the last one (a
# model with a shorter sequence length reads only the review's last words). Nothing here
# needs the reader's step, so the browser keeps it: a pause reruns nothing, sends nothing.
data = stepview.stepper_data(payloads, report=False)
components.stepper(data, key="cmp_stepper")
st.download_button(
    t("page.download"),
    html_export.page_later(
        data,
        [
            html_export.Shown(name, messages.settle(caches.entry_trace(e, text))[1])
            for e, name in zip((a, b), names, strict=True)
        ],
        text,
    ),
    "rnn_viz_compare.html",
    "text/html",
    key="cmp_dl_page",
    on_click="ignore",
    help=t("page.download_help"),
)
st.caption(
    t("cmp.review_caption", desc=messages.plain(desc), c_max=c_max)
    + (
        ""
        if len(payloads[0]["steps"]) == len(payloads[1]["steps"])
        else " " + t("cmp.lengths_differ")
    )
)
