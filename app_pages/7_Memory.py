"""Memory across time: which earlier words still move each model's opinion (connectivity),
how much of what a gate wrote survives, and the vanishing gradient measured over the test
set, for a plain RNN, an LSTM and a GRU side by side on the same review."""

import hashlib
import io

import pandas as pd
import streamlit as st

from rnn_viz import analysis, i18n
from rnn_viz.app import analyses, caches, messages, model_picker, review_picker, widgets
from rnn_viz.datasets import label_text
from rnn_viz.viz import plots

st.set_page_config(page_title=i18n.t("mem.page_title"), page_icon="🔬", layout="wide")
st.title(i18n.t("mem.title"))
st.caption(i18n.t("mem.caption"))

PICKERS = (
    (i18n.t("dg.model_a"), "mem_a", "rnn"),
    (i18n.t("dg.model_b"), "mem_b", "lstm"),
    (i18n.t("mem.model_c"), "mem_c", "gru"),
)  # preferred shipped models, by name
with st.sidebar:
    n_models = st.radio(i18n.t("mem.n_models"), [1, 2, 3], index=2, horizontal=True, key="mem_n")
    entries = []
    for label, key, prefer in PICKERS[:n_models]:
        entry = model_picker.model_picker(label, key=key, prefer=prefer)
        if entry is not None:
            entries.append(entry)
    model_picker.upload_box(PICKERS[0][1])
if not entries:
    st.stop()

text, desc = review_picker.review_picker(entries[0], key="mem_")
if not text.strip():
    st.info(i18n.t("mem.type_review"))
    st.stop()


def _npz(conn) -> bytes:
    buf = io.BytesIO()
    conn.save_npz(buf)
    return buf.getvalue()


# ------------------------------------------------------------------ connectivity
measured = {}  # shown label (messages.shown_label) → (entry, Connectivity)
many = [e for e in entries if len(caches.entry_bundle(e).label_names) > 2]
picked = {}  # shown label → the class followed, for a model of more than two classes
for k, (col, entry) in enumerate(zip(st.columns(max(len(many), 1)), many, strict=False)):
    traced = caches.entry_trace(entry, text).value
    picked[messages.shown_label(entry)] = widgets.class_picker(
        caches.entry_bundle(entry).label_names,
        traced[0].predicted_class if traced else None,
        key=f"mem_cls_{k}_{entry.name}",  # the same model may be picked in both columns
        container=col,
    )
for entry in entries:
    cls = picked.get(messages.shown_label(entry))
    conn = messages.settle(
        analyses.on_review(
            analyses.CONNECTIVITY,
            str(entry.path),
            entry.stamp,
            text,
            *(() if cls is None else (cls,)),
        ),
        stop=False,
        label=messages.shown_label(entry),
    )
    if conn is not None:
        measured[messages.shown_label(entry)] = (entry, conn)
if not measured:
    st.stop()

# One token control for every model, aligned on the review's last word (a model that reads
# fewer steps reads only the last words).
n_words = {label: conn.last_real + 1 - conn.first_real for label, (_, conn) in measured.items()}
longest_label = max(n_words, key=n_words.get)
longest = measured[longest_label][1]
N = n_words[longest_label]


def _step(conn, position: int) -> int | None:
    """The step of ``conn`` at word ``position`` (1-based, of the longest reading)."""
    offset = N - (conn.last_real + 1 - conn.first_real)
    return None if position <= offset else conn.first_real + position - 1 - offset


review_key = hashlib.sha1(text.encode()).hexdigest()
if (
    st.session_state.get("mem_review") != review_key
    or not 1 <= st.session_state.get("mem_pos", 0) <= N
):  # a new review starts on its last word
    st.session_state["mem_review"] = review_key
    st.session_state["mem_pos"] = N
if N > 1:
    position = st.slider(
        i18n.t("mem.word"),
        1,
        N,
        key="mem_pos",
        help=i18n.t("mem.word_help"),
    )
else:
    position = 1
here = _step(longest, position)
st.markdown(
    i18n.t(
        "mem.word_of",
        position=position,
        n=N,
        word=messages.plain(longest.tokens[here]),
        desc=messages.plain(desc),
    )
)

zrange = plots.connectivity_range(*(conn for _, conn in measured.values()))
st.subheader(i18n.t("mem.hears"))
st.caption(i18n.t("mem.hears_caption"))
cols = st.columns(len(measured))
width = plots.column_px(len(measured))  # what the word labels are thinned for
for col, (label, (entry, conn)) in zip(cols, measured.items(), strict=True):
    with col:
        t = _step(conn, position)
        traced = caches.entry_trace(entry, text).value
        kinds = (
            "/".join(dict.fromkeys(layer.kind.title for layer in traced[0].layers))
            if traced
            else ""
        )
        st.markdown(
            f"**{messages.plain(label)}**"
            + (f" · {kinds}" if kinds else "")
            + (
                ""
                if t is None
                else i18n.t("mem.p_here", p=conn.prob[t])
                if label not in picked
                else i18n.t(
                    "mem.p_class_here",
                    label=label_text(caches.entry_bundle(entry).label_names[conn.target]),
                    p=conn.prob[t],
                )
            )
        )
        if conn.n_cut:
            st.caption(i18n.t("mem.cut", steps=conn.T, n=conn.n_cut))
        if t is None:
            st.caption(i18n.t("mem.not_far"))
            continue
        st.plotly_chart(
            plots.connectivity_strip(conn, t, zrange, width_px=width),
            key=f"mem_strip_{label}",
            config={"displaylogo": False},
        )
        st.plotly_chart(
            plots.connectivity_figure(conn, highlight=t, zrange=zrange, width_px=width),
            key=f"mem_heat_{label}",
            config={"displaylogo": False},
        )
        padding = analysis.padding_reach(conn).sentence(messages.plain(label))
        if padding:
            st.caption(padding)
        st.download_button(
            i18n.t("mem.npz"),
            lambda c=conn: _npz(c),
            f"memory_{entry.name}.npz",
            "application/octet-stream",
            key=f"mem_npz_{label}",
            on_click="ignore",
        )


# ------------------------------------------------------------------ survival
st.subheader(i18n.t("mem.survival"))
st.caption(i18n.t("mem.survival_caption"))
cols = st.columns(len(measured))
for col, (label, (entry, conn)) in zip(cols, measured.items(), strict=True):
    with col:
        st.markdown(f"**{messages.plain(label)}**")
        traced = messages.settle(caches.entry_trace(entry, text), stop=False, show=st.caption)
        t = _step(conn, position)
        if traced is None:
            continue
        if t is None:
            st.caption(i18n.t("mem.not_far_short"))
            continue
        trace = traced[0]
        surv = analysis.survival(trace, t)
        for layer in surv.layers:
            if not layer.has_gates:
                st.info(
                    i18n.t(
                        "mem.no_gates",
                        layer=layer.layer_title,
                        name=messages.plain(layer.layer_name),
                        note=messages.plain(layer.note),
                    )
                )
        if any(layer.has_gates for layer in surv.layers):
            st.plotly_chart(
                plots.survival_figure(surv, trace.tokens, width_px=width),
                key=f"mem_surv_{label}",
                config={"displaylogo": False},
            )
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            i18n.t("analysis.col.layer"): layer.layer_title,
                            i18n.t("step.col.kept"): f"∏ {layer.gate} ({layer.state})",
                            i18n.t("analysis.col.unit"): u,
                            i18n.t("step.half_life"): "∞" if h == float("inf") else f"{h:.0f}",
                        }
                        for layer in surv.layers
                        if layer.has_gates
                        for u, h in enumerate(layer.half_life)
                    ]
                ),
                hide_index=True,
                width="stretch",
                height=min(300, 38 + 35 * sum(len(layer.half_life) for layer in surv.layers)),
            )

# ------------------------------------------------------------------ gradient against distance
st.subheader(i18n.t("mem.vanishing"))
st.caption(i18n.t("mem.vanishing_caption"))
corpora = []
for entry, _ in measured.values():  # stops at the first model the dataset cannot serve
    corpora.append(caches.need_corpus(entry))
    if corpora[-1] is None:
        break
if all(c is not None for c in corpora):
    n_reviews = st.select_slider(
        i18n.t("mem.n_reviews"),
        [100, 250, 500, 1000],
        value=500,
        key="mem_reviews",
    )
    if st.toggle(i18n.t("mem.measure"), key="mem_measure"):
        curves = {}
        for label, (entry, _) in measured.items():
            limit = None if n_reviews >= corpora[0].n_test else n_reviews
            curve = messages.settle(
                analyses.over_corpus(
                    analysis.gradient_distance, str(entry.path), entry.stamp, limit
                ),
                stop=False,
                label=label,
            )
            if curve is not None:
                curves[label] = curve
        if curves:
            st.plotly_chart(
                plots.gradient_distance_figure(curves),
                key="mem_curves",
                config={"displaylogo": False},
            )
            st.markdown(messages.plain(analysis.fading_summary(curves)))
            for label, curve in curves.items():
                st.download_button(
                    i18n.t("mem.curve_csv", label=label),
                    curve.to_csv,
                    f"gradient_distance_{measured[label][0].name}.csv",
                    "text/csv",
                    key=f"mem_csv_{label}",
                    on_click="ignore",
                )
