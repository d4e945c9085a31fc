"""What-if: edit a review (replace, delete or insert a word, or edit it freely) and see
both traces side by side, their difference step by step, and how the readout changes."""

import streamlit as st

from rnn_viz import analysis
from rnn_viz.app import (
    analyses,
    caches,
    messages,
    model_picker,
    navigation,
    review_picker,
    widgets,
)
from rnn_viz.core.capture import BIDIRECTIONAL_NOTE
from rnn_viz.datasets import label_text
from rnn_viz.i18n import t
from rnn_viz.viz import plots

st.set_page_config(page_title=t("wi.page_title"), page_icon="🔬", layout="wide")
st.title(t("wi.title"))

with st.sidebar:
    entry = model_picker.model_picker(key=navigation.WHAT_IF_MODEL, prefer="lstm")
    show_pad = st.toggle(t("wi.show_pad"), key="wi_pad")
if entry is None:
    st.stop()

text_a, desc = review_picker.review_picker(entry, key=navigation.WHAT_IF_PREFIX, refuse_korean=True)
if not text_a.strip():
    st.info(t("wi.type_review"))
    st.stop()
tokenizer = caches.entry_bundle(entry).vocab.tokenizer
if not tokenizer.chunks(text_a):
    st.info(t("error.NoReadableWordError"))
    st.stop()
readout = caches.entry_bundle(entry).capabilities.readout

mode = st.radio(
    t("wi.edit"),
    ["One word", "Free edit"],
    horizontal=True,
    key=navigation.WHAT_IF_MODE,
    format_func=lambda v: t(f"wi.mode.{v}"),
)
if mode == "One word":
    pieces = [shown for shown, _ in tokenizer.chunks(text_a)]
    c1, c2, c3 = st.columns([1, 2, 2])
    op = c1.selectbox(
        t("wi.operation"),
        analysis.EDIT_OPS,
        key=navigation.WHAT_IF_OP,
        format_func=lambda v: t(f"wi.op.{v}"),
    )
    last = len(pieces) if op == "insert" else len(pieces) - 1
    position = c2.selectbox(
        t("wi.word") if op != "insert" else t("wi.insert_before"),
        range(max(last + 1, 1)),
        key=navigation.WHAT_IF_POSITION,
        format_func=lambda k: f"{k} · {pieces[k]}" if k < len(pieces) else t("wi.at_end", k=k),
    )
    word = c3.text_input(
        t("wi.new_word"), "not", key=navigation.WHAT_IF_WORD, disabled=op == "delete"
    )
    text_b = messages.settle(
        messages.Outcome.of(
            lambda: analysis.edit_text(text_a, op, int(position or 0), word, tokenizer)
        ),
        key="wi.cannot_edit",
        show=st.warning,
    )
else:
    text_b = st.text_area(t("wi.edited"), text_a, key="wi_text_b", height=100)

result = messages.settle(
    analyses.on_review(analyses.WHAT_IF, str(entry.path), entry.stamp, text_a, text_b)
)

st.text(f"A: {text_a[:400]}{'…' if len(text_a) > 400 else ''}")
st.text(f"B: {text_b[:400]}{'…' if len(text_b) > 400 else ''}")
classes = result.a.classes if readout and result.a.n_classes > 2 else ()
cls = widgets.class_picker(classes, result.a.predicted_class, key="wi_class")
c1, c2, c3 = st.columns(3)
if readout and cls is not None:
    pa, pb = result.class_prob(cls) or (0.0, 0.0)
    c1.metric(t("wi.p_class", k="A", label=messages.plain(label_text(classes[cls]))), f"{pa:.3f}")
    c2.metric(
        t("wi.p_class", k="B", label=messages.plain(label_text(classes[cls]))),
        f"{pb:.3f}",
        f"{pb - pa:+.3f}",
        delta_color="off" if abs(pb - pa) < 1e-3 else "normal",
    )
elif readout:
    c1.metric("A: p(positive)", f"{result.a.prediction:.3f}")
    c2.metric(
        "B: p(positive)",
        f"{result.b.prediction:.3f}",
        f"{result.change:+.3f}",
        delta_color="off" if abs(result.change) < 1e-3 else "normal",
    )
c3.metric(
    t("wi.changed_steps"),
    f"{len(result.changed_steps)}",
    t("wi.largest_change", v=result.max_abs_diff().max()),
    delta_color="off",
    delta_arrow="off",
)
verdict = result.verdict()
flip = readout and result.flips
st.caption(
    (verdict + " " if verdict else "") + (t("wi.flips") + " " if flip else "") + t("wi.align")
)
if BIDIRECTIONAL_NOTE in result.a.notes:
    st.caption(f"ℹ️ {BIDIRECTIONAL_NOTE}")

st.subheader(t("wi.diff_heading"))
st.plotly_chart(plots.difference_figure(result, show_pad, cls=cls), key="wi_diff")

st.subheader(t("wi.traces_heading"))
c_max = plots.cell_max(result.a, result.b)
cols = st.columns(2)
for col, name, trace in ((cols[0], "A", result.a), (cols[1], "B", result.b)):
    if readout and classes:
        top = trace.predicted_class or 0
        title = f"{name}: {label_text(classes[top])} ({trace.prediction:.3f})"
    else:
        title = f"{name}: p(positive) = {trace.prediction:.3f}" if readout else name
    col.plotly_chart(
        plots.trace_figure(trace, show_pad, c_max, title=title), key=f"wi_trace_{name}"
    )

with st.expander(t("wi.downloads")):
    st.download_button(
        t("wi.diff_csv"),
        result.to_csv,
        "rnn_viz_what_if.csv",
        "text/csv",
        key="wi_csv",
        on_click="ignore",
    )
st.caption(
    t(
        "wi.footer",
        label=messages.plain(messages.shown_label(entry)),
        desc=messages.plain(desc),
    )
)
