"""Gate saturation over the test set (Karpathy et al. 2015, Fig. 4), LSTM and GRU side
by side, and how it evolves across the training epochs."""

import pandas as pd
import streamlit as st

from rnn_viz import analysis
from rnn_viz.app import analyses, caches, messages, model_picker
from rnn_viz.i18n import t
from rnn_viz.viz import plots

st.set_page_config(page_title=t("sat.page_title"), page_icon="🔬", layout="wide")
st.title(t("sat.title"))
st.caption(t("sat.caption"))
NO_GATES = t("sat.no_gates")


def _loosen(thresholds: tuple[float, float]) -> None:
    st.session_state["sat_thresholds"] = thresholds


with st.sidebar:
    low, high = st.slider(
        t("sat.thresholds"),
        0.0,
        1.0,
        (0.1, 0.9),
        0.01,
        key="sat_thresholds",
        help=t("sat.thresholds_help"),
    )
    paper = st.toggle(t("sat.paper"), key="sat_paper")

cols = st.columns(2)
entries = []
for col, key, prefer, name in (
    (cols[0], "sat_a", "lstm", t("dg.model_a")),
    (cols[1], "sat_b", "gru", t("dg.model_b")),
):
    with col:
        entry = model_picker.model_picker(name, key=key, prefer=prefer)
    if entry is None:
        st.stop()
    entries.append(entry)
corpora = [caches.need_corpus(e) for e in entries]
if any(c is None for c in corpora):
    st.stop()
limit = analyses.limit_picker(corpora[0], "sat_limit")

st.subheader(t("sat.over_test", low=low, high=high))
cols = st.columns(2)
for side, col, entry in zip("ab", cols, entries, strict=True):
    with col:
        sat = messages.settle(
            analyses.over_corpus(
                analysis.saturation, str(entry.path), entry.stamp, limit, low=low, high=high
            )
        )
        sat = sat.paper_convention() if paper else sat
        st.markdown(
            t(
                "sat.counts",
                label=messages.plain(messages.shown_label(entry)),
                reviews=sat.n_reviews,
                steps=sat.n_steps,
            )
        )
        if not sat.gates:
            st.info(NO_GATES)
            continue
        if sat.most_saturated < analysis.gate_saturation.BARELY:
            looser = sat.looser_thresholds()
            st.warning(
                t(
                    "sat.barely",
                    label=messages.plain(messages.shown_label(entry)),
                    low=low,
                    high=high,
                    most=sat.most_saturated,
                )
                + (
                    ""
                    if looser is None
                    else " "
                    + t(
                        "sat.looser",
                        share=analysis.gate_saturation.SUGGEST_SHARE,
                        low=looser[0],
                        high=looser[1],
                    )
                )
            )
            if looser is not None and looser != (low, high):
                st.button(
                    t("sat.use_looser", low=looser[0], high=looser[1]),
                    key=f"sat_loosen_{side}",
                    on_click=_loosen,
                    args=(looser,),
                )
        fig = plots.saturation_figure(sat)
        st.plotly_chart(fig, key=f"sat_fig_{side}_{entry.label}")
        st.dataframe(
            pd.DataFrame(plots.saturation_summary(sat)),
            hide_index=True,
            width="stretch",
            column_config={
                c: st.column_config.NumberColumn(format="%.3f")
                for c in (t("plot.sat.col.mean_left"), t("plot.sat.col.mean_right"))
            },
        )
        st.download_button(
            t("sat.csv"),
            sat.to_csv,
            f"saturation_{entry.name}.csv",
            "text/csv",
            key=f"sat_csv_{side}_{entry.label}",
            on_click="ignore",
        )
        st.plotly_chart(
            plots.gate_histogram_figure(sat, t("sat.hist_title")),
            key=f"sat_hist_{side}_{entry.label}",
        )

st.subheader(t("sat.across"))
st.caption(t("sat.across_caption"))
n_reviews = st.select_slider(
    t("sat.per_epoch_reviews"),
    [100, 250, 500, 1000],
    value=250,
    key="sat_epoch_reviews",
)
histories = [
    analyses.saturation_history(str(e.path), e.stamp, n_reviews, low, high) for e in entries
]
usable = [h.value for h in histories if h.value is not None]
if not usable:
    st.info(t("sat.no_epochs"))
    st.stop()
last = max(max(h.epochs) for h in usable)
first = min(min(h.epochs) for h in usable)


def _toggle_play():
    st.session_state["sat_playing"] = not st.session_state.get("sat_playing", False)
    if st.session_state["sat_playing"] and st.session_state.get("sat_epoch", last) >= last:
        st.session_state["sat_epoch"] = first


playing = st.session_state.get("sat_playing", False)


@st.fragment(run_every=1.2 if playing else None)
def across_training():
    if st.session_state.get("sat_epoch") not in range(first, last + 1):
        st.session_state["sat_epoch"] = first
    if st.session_state.get("sat_playing"):
        epoch_now = st.session_state.get("sat_epoch", first)
        if epoch_now >= last:
            st.session_state["sat_playing"] = False
        else:
            st.session_state["sat_epoch"] = epoch_now + 1
    b, s = st.columns([1.2, 8], vertical_alignment="bottom")
    b.button(
        t("sat.pause") if playing else t("sat.play"),
        on_click=_toggle_play,
        key="sat_play",
        icon=":material/pause:" if playing else ":material/play_arrow:",
        width="stretch",
    )
    if st.session_state.get("sat_playing", False) != playing:
        st.rerun()
    if first == last:
        st.session_state["sat_epoch"] = first
        s.caption(t("sat.one_epoch", epoch=first))
    else:
        s.slider(t("sat.epoch"), first, last, key="sat_epoch")
    epoch = st.session_state["sat_epoch"]
    cols = st.columns(2)
    for side, col, entry, outcome in zip("ab", cols, entries, histories, strict=True):
        with col:
            st.markdown(f"**{messages.plain(messages.shown_label(entry))}**")
            hist = messages.settle(outcome, stop=False, show=st.info)
            if hist is None:
                continue
            i = (
                max(k for k, e in enumerate(hist.epochs) if e <= epoch)
                if epoch >= hist.epochs[0]
                else 0
            )
            sat = hist.per_epoch[i].paper_convention() if paper else hist.per_epoch[i]
            if sat.gates:
                st.plotly_chart(
                    plots.saturation_figure(sat, t("sat.epoch_n", epoch=hist.epochs[i])),
                    key=f"sat_ep_fig_{side}_{entry.label}",
                )
                st.plotly_chart(
                    plots.gate_histogram_figure(sat), key=f"sat_ep_hist_{side}_{entry.label}"
                )
            else:
                st.caption(NO_GATES)
            for metric in ("loss", "acc"):
                fig = plots.history_figure({entry.name: hist.history}, metric)
                st.plotly_chart(
                    plots.mark_epoch(fig, hist.epochs[i]),
                    key=f"sat_ep_{metric}_{side}_{entry.label}",
                )


across_training()
