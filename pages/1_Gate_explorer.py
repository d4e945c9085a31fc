"""Gate explorer: one model, one review, every gate and state, token by token."""

import hashlib

import pandas as pd
import streamlit as st

from rnn_viz import plots, token_view, ui
from rnn_viz.steps import STEP_COLUMNS, step_panel
from rnn_viz import navigation
from rnn_viz.capture import GATE_NAMES

st.set_page_config(page_title="Gate explorer · rnn-viz", page_icon="🔬", layout="wide")
st.title("Gate explorer")

with st.sidebar:
    entry = ui.model_picker(prefer="lstm")
    ui.upload_box()
    show_pad = st.toggle("Show padding steps", key="show_pad",
                         help="The model reads 500 steps, padding in front. Hidden, the first "
                              "column is the state that enters the first real word.")
    attr = st.toggle("Token attribution", key="attr",
                     help="Integrated gradients from an all-padding review: how much each "
                          "word moved p(positive). A colour strip under the readout.")
    pick = st.toggle("Pick a unit by clicking", key="pick_unit",
                     help="Click a cell of any gate heatmap to search where that unit is on "
                          "across the test set (Units page).")
if entry is None:
    st.stop()

text, desc = ui.review_picker(entry)
if not text.strip():
    st.info("Type or choose a review to trace it.")
    st.stop()
trace, parity, problem = ui.entry_trace(entry, text)
if trace is None:
    st.warning(f"Cannot trace this text: {problem}")
    st.stop()

# A new model or review starts at its first real word.
trace_key = (str(entry.path), entry.stamp, hashlib.sha1(text.encode()).hexdigest())
steps = token_view.visible_steps(trace, show_pad)
goto = navigation.take_goto_step()  # set by navigation.open_in_explorer
if goto in steps:
    st.session_state["trace_key"], st.session_state["step"] = trace_key, int(goto)
elif st.session_state.get("trace_key") != trace_key or st.session_state.get("step") not in steps:
    st.session_state["trace_key"] = trace_key
    st.session_state["step"] = int(trace.first_real if trace.first_real < trace.T else steps[0])

verdict = "" if trace.prediction is None else (
    "positive" if trace.prediction >= 0.5 else "negative")
c1, c2, c3 = st.columns([2, 2, 3])
c1.metric("Prediction p(positive)", "—" if trace.prediction is None else f"{trace.prediction:.3f}",
          verdict, delta_color="off",
          delta_arrow="off")
c2.metric("Words read", f"{int((~trace.is_pad).sum())}", f"{int(trace.is_oov.sum())} unknown",
          delta_color="off", delta_arrow="off")
with c3:
    ok = parity < 1e-4
    st.badge(f"parity {parity:.1e}", icon=":material/check:" if ok else ":material/warning:",
             color="green" if ok else "orange")
    st.caption("Max |captured h_t − stock Keras layer output| over every step and layer (and "
               "|last readout − model.predict|): the traced numbers are the model's own, to "
               "float32 rounding.",
               help="Over all 25,000 test reviews the shipped models stay within 2e-5 (measured "
                    "at most 1.2e-5 for lstm, 4.6e-6 for lstm2, 5.9e-6 for gru2; a typical "
                    "review 3e-7 to 6e-7; `python benchmarks/parity_bound.py` measures it). "
                    "That is float32 rounding in another order: the trace runs as one "
                    "XLA-compiled graph, the stock layer uncompiled, and both are about equally "
                    "far from a float64 replay.")
for note in trace.notes:
    st.caption(f"ℹ️ {note}")
scores = None
if attr and ui.entry_bundle(entry).capabilities.attribution:  # else the picker says why
    att = ui.attribution(str(entry.path), entry.stamp, text)
    scores = att.scores
    st.caption(
        f"Token attribution (integrated gradients, {att.steps} path steps): the scores sum to "
        f"{att.scores.sum():+.4f}; f(review) − f(all padding) = {att.prediction:.4f} − "
        f"{att.baseline:.4f} = {att.delta:+.4f}; completeness error "
        f"{att.relative_error:.1%} " + ("(within 5% ✓)." if att.complete(0.05)
                                         else "(**over 5%**: read the strip with care)."))
figure_key = trace_key + (show_pad, attr, pick)


def _figure():
    fig = plots.trace_figure(trace, show_pad, attribution=scores)
    return plots.add_unit_targets(fig, trace, show_pad) if pick else fig



def _prev():
    st.session_state["step"] = max(st.session_state["step"] - 1, int(steps[0]))


def _next():
    st.session_state["step"] = min(st.session_state["step"] + 1, int(steps[-1]))


def _remember_unit():
    """Keep the unit of a clicked heatmap cell (the chart's selection is lost when its
    figure changes, e.g. on the next step)."""
    points = st.session_state["trace_fig_pick"].selection.points
    picked = plots.clicked_unit(trace, points[0]) if points else None
    if picked is not None:
        st.session_state["picked_unit"] = (figure_key, picked)


def _toggle_play():
    st.session_state["playing"] = not st.session_state.get("playing", False)


playing = st.session_state.get("playing", False)


@st.fragment(run_every=0.7 if playing else None)
def stepper():
    """Token controls, highlighted text, heatmaps and step panel: a step reruns only this."""
    if st.session_state.get("playing"):
        if st.session_state["step"] >= steps[-1]:
            st.session_state["playing"] = False
        else:
            _next()
    b1, b2, b3, s = st.columns([1.1, 1.1, 1.3, 8], vertical_alignment="bottom")
    b1.button("◀ Prev", on_click=_prev, key="prev", width="stretch")
    b2.button("Next ▶", on_click=_next, key="next", width="stretch")
    b3.button("Pause" if playing else "Play", on_click=_toggle_play, key="play",
              icon=":material/pause:" if playing else ":material/play_arrow:",
              width="stretch")
    if st.session_state.get("playing", False) != playing:
        st.rerun()  # play/pause changes the fragment's timer: rerun the whole page
    t = s.slider("Token (step)", int(steps[0]), int(steps[-1]), key="step")
    st.markdown(token_view.token_html(trace, steps, t), unsafe_allow_html=True)  # tokens escaped

    fig = ui.cached_figure(figure_key, _figure)
    plots.set_highlight(fig, trace, show_pad, t)
    config = {"displaylogo": False,
              "toImageButtonOptions": {"format": "png", "filename": "rnn_viz_trace"}}
    if pick:
        st.plotly_chart(fig, key="trace_fig_pick", config=config, on_select=_remember_unit,
                        selection_mode="points")
        key, picked = st.session_state.get("picked_unit", (None, None))
        if key != figure_key:  # picked on another model or review
            picked = None
        if picked is None:
            st.caption("Click a cell of a gate heatmap to pick its unit.")
        else:
            k, gate, unit = picked
            if st.button(f"Search layer {k + 1} · {GATE_NAMES[gate]} · unit {unit} in the "
                         "test set", key="search_unit", icon=":material/search:"):
                navigation.open_in_unit_search(entry, k, gate, unit)
    else:
        st.plotly_chart(fig, key="trace_fig", config=config)

    st.subheader(f"Step {t}: the cell's equations with this token's numbers")
    st.text(f"token: {trace.tokens[t]}" + ("  (padding)" if trace.is_pad[t] else ""))
    tabs = st.tabs([f"layer {k + 1} · {l.name}" for k, l in enumerate(trace.layers)])
    for k, tab in enumerate(tabs):
        panel = step_panel(trace, k, t)
        with tab:
            unit = st.number_input("Unit for the equations", 0, trace.layers[k].units - 1, 0,
                                   key=f"unit_{k}")
            for line in panel.equations(unit):
                st.latex(line)
            st.caption("kept = " + ("f⊙c(t−1), written = i⊙c̃" if panel.cell == "lstm"
                                    else "z⊙h(t−1), written = (1−z)⊙h̃")
                       + "; kept + written = the new state. One row per unit.")
            frame = pd.DataFrame(panel.rows()).rename(columns=STEP_COLUMNS)
            st.dataframe(frame, hide_index=True, width="stretch")


stepper()

with st.expander("Downloads"):
    ui.trace_downloads(trace, "rnn_viz_trace", "dl")
    ui.figure_downloads(ui.cached_figure(figure_key, _figure), "rnn_viz_trace", "fig")
st.caption(f"Model: {entry.label} · review: {desc}. Gate names: "
           + ", ".join(f"{k} = {v}" for k, v in GATE_NAMES.items() if k in
                       set(g for l in trace.layers for g in l.gate_names)))
