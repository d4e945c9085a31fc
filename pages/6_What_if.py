"""What-if: edit a review (replace, delete or insert a word, or edit it freely) and see
both traces side by side, their difference step by step, and how the readout changes."""

import streamlit as st

from rnn_viz import analysis, plots, ui
from rnn_viz.analysis.whatif import EditError
from rnn_viz.data import chunks
from rnn_viz.i18n.page import language_switch

language_switch()
st.set_page_config(page_title="What-if · rnn-viz", page_icon="🔬", layout="wide")
st.title("What if the review said something else?")

with st.sidebar:
    entry = ui.model_picker(key="wi_model", prefer="lstm")
    show_pad = st.toggle("Show padding steps", key="wi_pad")
if entry is None:
    st.stop()

text_a, desc = ui.review_picker(entry, key="wi_")
if not text_a.strip():
    st.info("Type or choose a review to edit it.")
    st.stop()
if not chunks(text_a):
    st.info(
        "This review has no word the model reads (only letters and digits are read): "
        "type a review with words to edit it."
    )
    st.stop()
readout = ui.entry_bundle(entry).capabilities.readout

mode = st.radio("Edit", ["One word", "Free edit"], horizontal=True, key="wi_mode")
if mode == "One word":
    pieces = [shown for shown, _ in chunks(text_a)]
    c1, c2, c3 = st.columns([1, 2, 2])
    op = c1.selectbox("Operation", analysis.EDIT_OPS, key="wi_op")
    last = len(pieces) if op == "insert" else len(pieces) - 1
    position = c2.selectbox(
        "Word" if op != "insert" else "Insert before",
        range(max(last + 1, 1)),
        key="wi_pos",
        format_func=lambda k: f"{k} · {pieces[k]}" if k < len(pieces) else f"{k} · (at the end)",
    )
    word = c3.text_input("New word", "not", key="wi_word", disabled=op == "delete")
    try:
        text_b = analysis.edit_text(text_a, op, int(position or 0), word)
    except EditError as err:
        st.warning(ui.plain(f"Cannot make this edit: {err}"))
        st.stop()
else:
    text_b = st.text_area("Edited review (B)", text_a, key="wi_text_b", height=100)

result, problem = ui.what_if(str(entry.path), entry.stamp, text_a, text_b)
if result is None:
    st.warning(ui.plain(f"Cannot trace this text: {problem}"))
    st.stop()

st.text(f"A: {text_a[:400]}{'…' if len(text_a) > 400 else ''}")
st.text(f"B: {text_b[:400]}{'…' if len(text_b) > 400 else ''}")
c1, c2, c3 = st.columns(3)
if readout:
    c1.metric("A: p(positive)", f"{result.a.prediction:.3f}")
    c2.metric(
        "B: p(positive)",
        f"{result.b.prediction:.3f}",
        f"{result.change:+.3f}",
        delta_color="off" if abs(result.change) < 1e-3 else "normal",
    )
c3.metric(
    "Steps whose word differs",
    f"{len(result.changed_steps)}",
    f"largest state change {result.max_abs_diff().max():.3f}",
    delta_color="off",
    delta_arrow="off",
)
flip = readout and (result.a.prediction >= 0.5) != (result.b.prediction >= 0.5)
st.caption(
    ("The edit **flips** the verdict. " if flip else "")
    + "Both reviews are padded in front, so the steps line up from the end: the words "
    "after an edit line up exactly; before an insertion or deletion they are one step "
    "apart."
)

st.subheader("Difference B − A, step by step")
st.plotly_chart(plots.difference_figure(result, show_pad), key="wi_diff")

st.subheader("The two traces")
c_max = plots.cell_max(result.a, result.b)
cols = st.columns(2)
for col, name, trace in ((cols[0], "A", result.a), (cols[1], "B", result.b)):
    title = f"{name}: p(positive) = {trace.prediction:.3f}" if readout else name
    col.plotly_chart(
        plots.trace_figure(trace, show_pad, c_max, title=title), key=f"wi_trace_{name}"
    )

with st.expander("Downloads"):
    st.download_button(
        "Difference as CSV",
        result.to_csv,
        "rnn_viz_what_if.csv",
        "text/csv",
        key="wi_csv",
        on_click="ignore",
    )
st.caption(f"Model: {entry.label} · review A: {desc}.")
