"""Gate explorer: one model, one review, every gate and state, token by token."""

import hashlib

import streamlit as st

from rnn_viz import components, navigation, parameters, plots, stepview, token_view, ui
from rnn_viz.capture import GATE_NAMES
from rnn_viz.i18n.page import language_switch

language_switch()
st.set_page_config(page_title="Gate explorer · rnn-viz", page_icon="🔬", layout="wide")
st.title("Gate explorer")

with st.sidebar:
    entry = ui.model_picker(prefer="lstm")
    ui.upload_box()
    show_pad = st.toggle(
        "Show padding steps",
        key="show_pad",
        help="The model reads 500 steps, padding in front. Hidden, the first "
        "column is the state that enters the first real word.",
    )
    attr = st.toggle(
        "Token attribution",
        key="attr",
        help="Integrated gradients from an all-padding review: how much each "
        "word moved p(positive). A colour strip under the readout.",
    )
    pick = st.toggle(
        "Pick a unit by clicking",
        key="pick_unit",
        help="Click a cell of any gate heatmap to search where that unit is on "
        "across the test set (Units page).",
    )
    hears = st.toggle(
        "What the model still hears",
        key="memory_row",
        help="Under the stepper, for the step you paused on: ‖∂p_t/∂e_s‖, how "
        "much the opinion there still moves with each earlier word "
        "(the Memory page shows every step, and other models beside it).",
    )
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

# A new model or review starts at its first real word; a link from another page starts at
# its step. The browser steps on its own and tells the server where the reader paused.
trace_key = (str(entry.path), entry.stamp, hashlib.sha1(text.encode()).hexdigest())
steps = token_view.visible_steps(trace, show_pad)
goto = navigation.take_goto_step()  # set by navigation.open_in_explorer
start = st.session_state.get("stepper_start")  # (trace key, show_pad, start step, nonce)
nonce = start[3] + 1 if start else 0
if goto in steps:
    st.session_state["stepper_start"] = (trace_key, show_pad, int(goto), nonce)
    st.session_state["step"] = int(goto)
elif start is None or start[0] != trace_key:
    first = int(trace.first_real if trace.first_real < trace.T else steps[0])
    st.session_state["stepper_start"] = (trace_key, show_pad, first, nonce)
    st.session_state["step"] = first
elif start[1] != show_pad:  # same review, padding shown or hidden: stay on the same word
    step = steps[stepview.column_of(steps, st.session_state.get("step", start[2]))]
    st.session_state["stepper_start"] = (trace_key, show_pad, int(step), nonce)
    st.session_state["step"] = int(step)

verdict = (
    "" if trace.prediction is None else ("positive" if trace.prediction >= 0.5 else "negative")
)
c1, c2, c3 = st.columns([2, 2, 3])
c1.metric(
    "Prediction p(positive)",
    "—" if trace.prediction is None else f"{trace.prediction:.3f}",
    verdict,
    delta_color="off",
    delta_arrow="off",
)
c2.metric(
    "Words read",
    f"{int((~trace.is_pad).sum())}",
    f"{int(trace.is_oov.sum())} unknown",
    delta_color="off",
    delta_arrow="off",
)
with c3:
    ok = parity < 1e-4
    st.badge(
        f"parity {parity:.1e}",
        icon=":material/check:" if ok else ":material/warning:",
        color="green" if ok else "orange",
    )
    st.caption(
        "Max |captured h_t − stock Keras layer output| over every step and layer (and "
        "|last readout − model.predict|): the traced numbers are the model's own, to "
        "float32 rounding.",
        help="Over all 25,000 test reviews the shipped models stay within 2e-5 (measured "
        "at most 1.2e-5 for lstm, 4.6e-6 for lstm2, 5.9e-6 for gru2; a typical "
        "review 3e-7 to 6e-7; `python benchmarks/parity_bound.py` measures it). "
        "That is float32 rounding in another order: the trace runs as one "
        "XLA-compiled graph, the stock layer uncompiled, and both are about equally "
        "far from a float64 replay.",
    )
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
        f"{att.relative_error:.1%} "
        + ("(within 5% ✓)." if att.complete(0.05) else "(**over 5%**: read the strip with care).")
    )
payload_key = trace_key + (show_pad, attr)


def _on_position():
    """The reader paused on a step in the browser: the server now knows it (downloads,
    unit search)."""
    position = st.session_state["stepper"].get("position") or {}
    reported = (position.get("steps") or [None])[0]
    if reported is not None:
        st.session_state["step"] = int(reported)


@st.fragment
def stepper_fragment():
    """The stepper (the browser steps on its own) and what needs the server's step; a
    reported pause reruns only this."""
    payload = ui.cached_figure(
        ("payload",) + payload_key,
        lambda: stepview.review_payload(
            trace,
            show_pad,
            attribution=scores,
            name=entry.name,
            parameters=[
                p.caption for p in parameters.recurrent_parameters(ui.entry_bundle(entry).model)
            ],
        ),
    )
    start = st.session_state["stepper_start"]
    data = stepview.stepper_data([payload], start_step=start[2], nonce=start[3], pickable=pick)
    state = components.stepper(data, key="stepper", on_position=_on_position)
    t = int(st.session_state["step"])
    if hears:  # the connectivity row of the step the reader paused on
        conn, why = ui.connectivity(str(entry.path), entry.stamp, text)
        if conn is None:
            st.caption(f"No connectivity for this model: {ui.plain(why)}")
        elif t < conn.first_real:
            st.caption("What the model still hears: pause the stepper on a word of the review.")
        else:
            st.plotly_chart(
                plots.connectivity_strip(
                    conn,
                    t,
                    title=f"What the model still hears at step {t} from each earlier word "
                    "(log10 ‖∂p_t/∂e_s‖; pause on a word to update)",
                ),
                key="memory_row_fig",
                config={"displaylogo": False},
            )
    if state.picked is not None:
        st.session_state["picked_unit"] = (payload["key"], state.picked)
    key, picked = st.session_state.get("picked_unit", (None, None))
    if pick:
        if key != payload["key"] or picked is None:  # picked on another model or review
            st.caption("Click a cell of a gate heatmap to pick its unit.")
        else:
            k, gate, unit = picked["layer"], picked["gate"], picked["unit"]
            if st.button(
                f"Search layer {k + 1} · {GATE_NAMES[gate]} · unit {unit} in the "
                f"test set (picked at step {picked['step']})",
                key="search_unit",
                icon=":material/search:",
            ):
                navigation.open_in_unit_search(entry, k, gate, unit)
    with st.expander(f"Downloads (step {t}: “{trace.tokens[t]}”)"):
        ui.trace_downloads(trace, "rnn_viz_trace", "dl")
        c1, c2 = st.columns(2)
        c1.download_button(
            f"Step {t} panel as CSV",
            lambda: stepview.step_csv(trace, t),
            f"rnn_viz_step_{t}.csv",
            "text/csv",
            key="dl_step",
            on_click="ignore",
        )
        c2.download_button(
            f"Figure at step {t} as HTML",
            lambda: plots.figure_html(
                plots.trace_figure(trace, show_pad, highlight=t, attribution=scores)
            ),
            f"rnn_viz_trace_step_{t}.html",
            "text/html",
            key="fig_html",
            on_click="ignore",
            help="For a PNG, use the camera icon of the chart's toolbar.",
        )


gates, side = st.columns([3.2, 1])
with side:  # the model's training, beside its gates
    bundle = ui.entry_bundle(entry)
    test_acc = bundle.metrics.get("test_acc")
    st.metric(
        "Test accuracy",
        "—" if test_acc is None else f"{test_acc:.4f}",
        f"{bundle.metrics.get('n_test', 0):,} test reviews"
        if test_acc is not None
        else "not measured",
        delta_color="off",
        delta_arrow="off",
    )
    if bundle.history:
        st.plotly_chart(
            ui.cached_figure(
                ("training_card", str(entry.path), entry.stamp),
                lambda: plots.training_card(
                    bundle.history,
                    bundle.metrics.get("best_epoch"),
                    title=f"{entry.name}: training",
                ),
            ),
            key="training_card",
            config={"displaylogo": False},
        )
        st.caption("Solid: training; dashed: validation; orange: the best epoch (kept).")
    else:
        st.caption("This model has no training history.")
with gates:
    stepper_fragment()
st.caption(
    f"Model: {entry.label} · review: {desc}. Gate names: "
    + ", ".join(
        f"{k} = {v}"
        for k, v in GATE_NAMES.items()
        if k in set(g for layer in trace.layers for g in layer.gate_names)
    )
)
