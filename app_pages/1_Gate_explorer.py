"""Gate explorer: one model, one review, every gate and state, token by token."""

import hashlib
import html

import streamlit as st

from rnn_viz import i18n
from rnn_viz.app import (
    analyses,
    caches,
    components,
    internals,
    messages,
    model_picker,
    navigation,
    review_picker,
    widgets,
)
from rnn_viz.core import parameters
from rnn_viz.core.capture import PARITY_BOUND
from rnn_viz.core.cell_kinds import GATES, gate_label
from rnn_viz.viz import html_export, plots, stepview, token_view

st.set_page_config(page_title=i18n.t("ex.page_title"), page_icon="🔬", layout="wide")
st.title(i18n.t("ex.title"))

with st.sidebar:
    entry = model_picker.model_picker(prefer="lstm")
    model_picker.upload_box()
    show_pad = st.toggle(
        i18n.t("wi.show_pad"),
        key="show_pad",
        help=i18n.t("ex.pad_help"),
    )
    attr = st.toggle(
        i18n.t("ex.attr"),
        key="attr",
        help=i18n.t("ex.attr_help"),
    )
    pick = st.toggle(
        i18n.t("ex.pick"),
        key="pick_unit",
        help=i18n.t("ex.pick_help"),
    )
    hears = st.toggle(
        i18n.t("ex.hears"),
        key="memory_row",
        help=i18n.t("ex.hears_help"),
    )
if entry is None:
    st.stop()

text, desc = review_picker.review_picker(entry, refuse_korean=True)
if not text.strip():
    st.info(i18n.t("cmp.type_review"))
    st.stop()
trace, parity = messages.settle(
    caches.entry_trace(entry, text), key="dg.cannot_trace", show=st.warning
)

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

if show_pad:  # what the padding shown does to the verdict, measured on this review
    reach = messages.settle(
        analyses.on_review(analyses.PADDING, str(entry.path), entry.stamp, text),
        stop=False,
        show=st.caption,
    )
    if reach is not None and reach.n_pad:
        st.caption(reach.sentence(messages.plain(messages.shown_label(entry))))

verdict = (
    ""
    if trace.prediction is None
    else i18n.t("ui.positive" if trace.prediction >= 0.5 else "ui.negative")
)
prediction_label = i18n.t("ex.prediction")
prediction_value = "—" if trace.prediction is None else f"{trace.prediction:.3f}"
if trace.n_classes > 2 and trace.predicted_class is not None:  # the predicted class, named
    prediction_label = i18n.t("ex.prediction_class")
    prediction_value = i18n.label_text(trace.classes[trace.predicted_class])
    verdict = f"p = {trace.prediction:.3f}"
# The review's numbers beside the model's training curves, one short row, so that the
# heatmaps start on the first screen; the stepper below gets the page's full width, so its
# cell diagram fits beside the step table.
# On a phone the columns stack: this row then goes below the stepper (CSS ``order`` in the
# page's one vertical flex), so that the stepper starts near the top.
bundle = caches.entry_bundle(entry)
st.html(
    f"<style>{internals.MAIN_BLOCK} {{ padding-top: 3rem; }} "
    "@media (max-width: 640px) { div:has(> .st-key-ex_summary) { order: 1; } }</style>"
)
summary, side = st.container(key="ex_summary").columns([3, 2])
with summary:
    with st.container(horizontal=True, gap="medium"):  # side by side on a phone too
        st.metric(
            prediction_label,
            prediction_value,
            verdict,
            delta_color="off",
            delta_arrow="off",
            width="content",
        )
        st.metric(
            i18n.t("ex.words_read"),
            f"{int((~trace.is_pad).sum())}",
            i18n.t("ex.unknown", n=int(trace.is_oov.sum())),
            delta_color="off",
            delta_arrow="off",
            width="content",
        )
        test_acc = bundle.metrics.get("test_acc")
        st.metric(
            i18n.t("ex.test_acc"),
            "—" if test_acc is None else f"{test_acc:.4f}",
            i18n.t("ex.n_test", n=bundle.metrics.get("n_test", 0))
            if test_acc is not None
            else i18n.t("ex.not_measured"),
            delta_color="off",
            delta_arrow="off",
            width="content",
        )
    ok = parity <= PARITY_BOUND
    st.caption(  # one line; what parity means is its help
        f":{'green' if ok else 'orange'}-badge[{':material/check:' if ok else ':material/warning:'}"
        f" {i18n.t('step.parity', value=f'{parity:.1e}')}] {i18n.t('ex.parity_short')}",
        help=i18n.t("ex.parity") + "\n\n" + i18n.t("ex.parity_help"),
    )
    for note in trace.notes:
        st.caption(f"ℹ️ {note}")
    scores = None
    if attr and caches.entry_bundle(entry).capabilities.attribution:  # else the picker says why
        toward = widgets.class_picker(  # a model of more than two classes: toward which
            caches.entry_bundle(entry).label_names, trace.predicted_class, key="ex_attr_class"
        )
        att = messages.settle(
            analyses.on_review(analyses.ATTRIBUTION, str(entry.path), entry.stamp, text, toward)
        )
        scores = att.scores
        st.caption(
            i18n.t(
                "ex.attr_caption",
                steps=att.steps,
                total=att.scores.sum(),
                f=att.prediction,
                f0=att.baseline,
                delta=att.delta,
                err=att.relative_error,
            )
            + " "
            + i18n.t("ex.attr_ok" if att.complete(0.05) else "ex.attr_over")
        )
with side:  # the training curves beside the heatmaps (the user's brief), not a click away
    if bundle.history:
        st.plotly_chart(
            widgets.cached_figure(
                ("training_card", str(entry.path), entry.stamp),
                lambda: plots.training_card(
                    bundle.history,
                    bundle.metrics.get("best_epoch"),
                    title=i18n.t("step.training_title", name=html.escape(entry.name)),
                    height=180,
                ),
            ),
            key="training_card",
            config=widgets.CHART_CONFIG,
        )
    else:
        st.caption(i18n.t("ex.no_history"))
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
    payload = widgets.cached_figure(
        ("payload",) + payload_key,
        lambda: stepview.review_payload(
            trace,
            show_pad,
            attribution=scores,
            name=entry.name,
            parameters=[
                p.caption for p in parameters.recurrent_parameters(caches.entry_bundle(entry).model)
            ],
        ),
    )
    start = st.session_state["stepper_start"]
    data = stepview.stepper_data([payload], start_step=start[2], nonce=start[3], pickable=pick)
    state = components.stepper(data, key="stepper", on_position=_on_position)
    t = int(st.session_state["step"])
    place = token_view.step_place(trace, t)  # "word 5 of 18", as the stepper counts
    if hears:  # the connectivity row of the step the reader paused on
        conn = messages.settle(
            analyses.on_review(analyses.CONNECTIVITY, str(entry.path), entry.stamp, text),
            stop=False,
            key="ex.no_conn",
            show=st.caption,
        )
        if conn is None:
            pass
        elif t < conn.first_real:
            st.caption(i18n.t("ex.hears_pause"))
        else:
            st.plotly_chart(
                plots.connectivity_strip(
                    conn,
                    t,
                    title=i18n.t("ex.hears_title", place=place),
                ),
                key="memory_row_fig",
                config=widgets.CHART_CONFIG,
            )
    if state.picked is not None:
        st.session_state["picked_unit"] = (payload["key"], state.picked)
    key, picked = st.session_state.get("picked_unit", (None, None))
    if pick:
        if key != payload["key"] or picked is None:  # picked on another model or review
            st.caption(i18n.t("ex.click_cell"))
        else:
            k, gate, unit = picked["layer"], picked["gate"], picked["unit"]
            if st.button(
                i18n.t(
                    "ex.search_unit",
                    layer=trace.layer_title(k),
                    gate=gate_label(gate),
                    unit=unit,
                    place=token_view.step_place(trace, int(picked["step"])),
                ),
                key="search_unit",
                icon=":material/search:",
            ):
                navigation.open_in_unit_search(entry, k, gate, unit)
    with st.expander(i18n.t("ex.downloads", place=place, token=trace.tokens[t])):
        widgets.trace_downloads(trace, "rnn_viz_trace", "dl")
        c1, c2 = st.columns(2)
        c1.download_button(
            i18n.t("ex.step_csv", place=place),
            lambda: stepview.step_csv(trace, t),
            f"rnn_viz_step_{t}.csv",
            "text/csv",
            key="dl_step",
            on_click="ignore",
        )
        c2.download_button(
            i18n.t("ex.fig_html", place=place),
            lambda: plots.figure_html(
                plots.trace_figure(trace, show_pad, highlight=t, attribution=scores)
            ),
            f"rnn_viz_trace_step_{t}.html",
            "text/html",
            key="fig_html",
            on_click="ignore",
            help=i18n.t("ui.figure_png_help"),
        )
        st.download_button(
            i18n.t("page.download"),
            html_export.page_later(data, [html_export.Shown(entry.name, parity)], text),
            "rnn_viz_review.html",
            "text/html",
            key="dl_page",
            on_click="ignore",
            help=i18n.t("page.download_help"),
        )


stepper_fragment()
st.caption(
    i18n.t(
        "ex.footer", label=messages.plain(messages.shown_label(entry)), desc=messages.plain(desc)
    )
    + ", ".join(
        f"{g} = {gate_label(g)}"
        for g in GATES
        if g in set(g for layer in trace.layers for g in layer.gate_names)
    )
)
