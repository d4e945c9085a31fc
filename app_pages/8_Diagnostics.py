"""Diagnostics: where and why the models fail. Test-set metrics of two models (an LSTM
and a GRU by default), the reviews one gets right and the other wrong, the hidden-state
space, the sentiment units, and the smallest edit that flips a prediction."""

import html

import pandas as pd
import streamlit as st

from rnn_viz import analysis
from rnn_viz.analysis import probes
from rnn_viz.analysis.metrics import DISAGREEMENT_KINDS, HeldoutMetrics, heldout_metrics
from rnn_viz.app import analyses, caches, messages, model_picker, navigation, review_picker, widgets
from rnn_viz.datasets import label_text
from rnn_viz.i18n import t
from rnn_viz.viz import plots

st.set_page_config(page_title=t("dg.page_title"), page_icon="🔬", layout="wide")
st.title(t("dg.title"))

SECTIONS = ("Metrics", "Disagreements", "State space", "Sentiment units", "Flips")

with st.sidebar:
    a = model_picker.model_picker(t("dg.model_a"), key="dg_a", prefer="lstm")
    b = (
        model_picker.model_picker(t("dg.model_b"), key="dg_b", prefer="gru")
        if a is not None
        else None
    )
if a is None or b is None:
    st.stop()
entries = {"A": a, "B": b}
bundles = {k: caches.entry_bundle(e) for k, e in entries.items()}
section = st.radio(
    t("dg.show"),
    SECTIONS,
    horizontal=True,
    key="dg_section",
    format_func=lambda v: t(f"dg.section.{v}"),
)


def _with_readout() -> dict[str, object]:
    """The models that output p(positive); a sentence for each that does not."""
    kept = {}
    for k, e in entries.items():
        if bundles[k].capabilities.readout:
            kept[k] = e
        else:
            st.info(
                messages.plain(
                    t(
                        "dg.no_readout",
                        k=k,
                        label=messages.shown_label(e),
                        why=bundles[k].capabilities.readout_why,
                    )
                )
            )
    return kept


def _corpora(wanted: dict) -> dict | None:
    """Each model's corpus, or None after one message saying why there is none."""
    corpora = {}
    for k, e in wanted.items():
        corpora[k] = caches.need_corpus(e)
        if corpora[k] is None:
            return None
    return corpora


def show_metrics() -> None:
    wanted = _with_readout()
    if not wanted or _corpora(wanted) is None:
        return
    metrics = {
        f"{k}: {e.name}": messages.settle(
            analyses.over_corpus(heldout_metrics, str(e.path), e.stamp, None)
        )
        for k, e in wanted.items()
    }
    binary = {label: m for label, m in metrics.items() if len(m.confusion) <= 2}
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("dg.col.model"): label,
                    t("dg.col.accuracy"): m.accuracy,
                    t("dg.col.ROC AUC"): m.roc_auc,
                    **(
                        {
                            t("dg.col.average precision"): m.average_precision,
                            t("dg.col.Brier score"): m.brier,
                            "TN": m.confusion[0][0],
                            "FP": m.confusion[0][1],
                            "FN": m.confusion[1][0],
                            "TP": m.confusion[1][1],
                        }
                        if label in binary
                        else {}
                    ),
                }
                for label, m in metrics.items()
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={
            k: st.column_config.NumberColumn(format="%.4f")
            for k in map(
                t,
                (
                    "dg.col.accuracy",
                    "dg.col.ROC AUC",
                    "dg.col.average precision",
                    "dg.col.Brier score",
                ),
            )
        },
    )
    st.plotly_chart(plots.confusion_figure(metrics), key="dg_confusion")
    for label, m in metrics.items():
        if label not in binary:
            _class_table(label, m)
    if binary:
        fig = plots.metrics_figure(binary)
        st.plotly_chart(fig, key="dg_metrics")
        widgets.figure_downloads(fig, "rnn_viz_diagnostics", "dg_metrics_dl")
        n = next(iter(metrics.values())).n
        st.caption(t("dg.metrics_caption", n=n, maxlen=bundles["A"].vocab.maxlen))
    buckets = pd.DataFrame(
        {label: {b.label: b.accuracy for b in m.buckets} for label, m in metrics.items()}
    )
    buckets.insert(0, t("dg.col.reviews"), [b.n for b in next(iter(metrics.values())).buckets])
    st.dataframe(buckets.rename_axis(t("dg.col.words")), width="stretch")


def _class_table(label: str, m: HeldoutMetrics) -> None:
    """A model of more than two classes: why its binary figures are not drawn, and its
    per-class precision, recall, F1, support and one-vs-rest AUC with the averages."""
    st.info(messages.plain(t("dg.multiclass", label=label, k=len(m.confusion))))
    st.markdown(f"**{messages.plain(t('dg.class_table', label=label))}**")
    rows = [
        {
            **row,
            "class": t(f"dg.avg.{row['class'][: -len(' avg')]}")
            if row["class"].endswith(" avg")
            else label_text(row["class"]),
        }
        for row in m.class_table()
    ]
    widgets.data_table(
        rows,
        labels=analysis.column_labels(rows[0]),
        formats={k: "%.3f" for k in ("precision", "recall", "f1", "roc_auc")},
    )


def show_disagreements() -> None:
    if len(_with_readout()) < 2 or _corpora(entries) is None:
        return
    d = messages.settle(analyses.disagreement(str(a.path), a.stamp, str(b.path), b.stamp))
    counts = d.counts()
    c = st.columns(4)
    c[0].metric(
        t("dg.only_right", k="A", name=messages.plain(a.name)), f"{counts['only_a_right']:,}"
    )
    c[1].metric(
        t("dg.only_right", k="B", name=messages.plain(b.name)), f"{counts['only_b_right']:,}"
    )
    c[2].metric(t("dg.both_wrong"), f"{counts['both_wrong']:,}")
    c[3].metric(t("dg.both_right"), f"{counts['both_right']:,}")
    corpus = caches.need_corpus(a)
    n_words = analyses.heldout_word_counts(str(a.path), a.stamp)
    f1, f2, f3 = st.columns([1.4, 1, 2])
    kind = f1.selectbox(
        t("dg.reviews"),
        DISAGREEMENT_KINDS,
        key="dg_kind",
        format_func=lambda k: t(f"dg.kind.{k}", a=messages.plain(a.name), b=messages.plain(b.name)),
    )
    names = list(corpus.label_names)
    if st.session_state.get("dg_label", "any") not in ["any", *names]:
        del st.session_state["dg_label"]  # a label of another dataset's
    label = f2.selectbox(
        t("ui.label"),
        ["any", *names],
        key="dg_label",
        format_func=lambda v: t("ui.any") if v == "any" else label_text(v),
    )
    top = int(n_words.max())
    lo, hi = f3.slider(t("dg.words"), 1, top, (1, top), key="dg_words")
    rows = d.rows(kind, None if label == "any" else names.index(label), n_words, lo, hi)
    st.caption(t("dg.rows_caption", n=len(rows)))
    if not len(rows):
        st.info(t("ui.no_match"))
        return
    shown = rows[:200]

    def verdicts(probs) -> object:
        """p(positive) of the shown reviews; for more classes the predicted one, named."""
        if probs.ndim == 1:
            return probs[shown]
        return [f"{label_text(names[int(p.argmax())])} ({p.max():.3f})" for p in probs[shown]]

    frame = pd.DataFrame(
        {
            t("dg.col.review"): shown,
            t("ui.label"): [label_text(names[d.y[i]]) for i in shown],
            t("dg.col.words"): n_words[shown],
            f"A: {a.name}": verdicts(d.prob_a),
            f"B: {b.name}": verdicts(d.prob_b),
            t("dg.col.beginning"): [corpus.text("test", int(i))[:140] for i in shown],
        }
    )
    formats = {
        f"{k}: {e.name}": "%.3f"
        for k, e, probs in (("A", a, d.prob_a), ("B", b, d.prob_b))
        if probs.ndim == 1
    }
    review = int(shown[widgets.pick_row(frame, "dg_table", formats=formats)])
    c1, c2, c3 = st.columns(3)
    if c1.button(
        t("dg.open_explorer", review=review, k="A"),
        key="dg_open_a",
        icon=":material/open_in_new:",
    ):
        navigation.open_in_explorer(a, review)
    if c2.button(
        t("dg.open_explorer", review=review, k="B"),
        key="dg_open_b",
        icon=":material/open_in_new:",
    ):
        navigation.open_in_explorer(b, review)
    if c3.button(
        t("dg.open_compare", review=review), key="dg_open_cmp", icon=":material/compare_arrows:"
    ):
        navigation.open_in_compare(a, b, review)


def show_state_space() -> None:
    corpora = _corpora(entries)
    if corpora is None:
        return
    limit = analyses.limit_picker(corpora["A"], "dg_limit")
    color_by = st.radio(
        t("dg.colour_by"),
        ["label", "prediction"],
        horizontal=True,
        key="dg_color",
        format_func=lambda v: t(f"dg.colour.{v}"),
    )
    text, desc = review_picker.review_picker(a, key="dg_")
    traces = {}
    if text.strip():
        for k, e in entries.items():
            traced = messages.settle(
                caches.entry_trace(e, text), stop=False, key="dg.cannot_trace", show=st.warning
            )
            if traced is None:
                break
            traces[k] = traced[0]
    n_words = min((t.T - t.first_real for t in traces.values()), default=0)
    step = (
        st.slider(
            t("dg.word"),
            1,
            n_words,
            n_words,
            key="dg_step",
            help=t("dg.word_help"),
        )
        if n_words > 1
        else n_words
    )
    cols = st.columns(2)
    for col, (k, e) in zip(cols, entries.items(), strict=True):
        space = messages.settle(analyses.state_space(str(e.path), e.stamp, limit))
        trace = traces.get(k)
        path = tokens = None
        if trace is not None:
            path = space.trajectory(trace)[-n_words:] if n_words else None
            tokens = trace.tokens[trace.T - n_words :]
        col.plotly_chart(
            plots.state_space_figure(
                space,
                color_by,
                path,
                step - 1 if path is not None else None,
                tokens,
                title=(
                    t("dg.space_title", k=k, name=html.escape(e.name))
                    if space.layer_direction is None
                    else t(
                        "dg.space_title_layer",
                        k=k,
                        name=html.escape(e.name),
                        layer=space.layer_title,
                    )
                ),
            ),
            key=f"dg_space_{k}",
        )
        col.dataframe(
            pd.DataFrame(
                [space.explained],
                index=[t("dg.explained")],
                columns=[f"PC {i + 1}" for i in range(len(space.explained))],
            ),
            width="stretch",
            column_config={
                f"PC {i + 1}": st.column_config.NumberColumn(format="%.4f")
                for i in range(len(space.explained))
            },
        )
        col.caption(t("dg.pca_caption", n=len(space.rows)))
    if traces:
        st.caption(t("dg.path_caption", desc=desc))


def show_units() -> None:
    corpora = _corpora(entries)
    if corpora is None:
        return
    limit = analyses.limit_picker(corpora["A"], "dg_units_limit")
    cols = st.columns(2)
    for col, (k, e) in zip(cols, entries.items(), strict=True):
        units = messages.settle(analyses.sentiment_units(str(e.path), e.stamp, limit))
        directions = any(p.layer_direction for p in units.probes)
        with col:
            st.markdown(
                t(
                    "dg.best_units",
                    k=k,
                    name=messages.plain(e.name),
                    n=units.n_reviews,
                    resamples=probes.BOOTSTRAP,
                    units="; ".join(
                        t(
                            "dg.best_unit_part",
                            layer=u.layer_title,
                            state=u.state,
                            unit=u.unit,
                            auc=u.auc,
                            low=u.low,
                            high=u.high,
                            direction=u.direction,
                            share=u.best_share,
                        )
                        for u in units.contenders()
                    ),
                )
            )
            st.plotly_chart(plots.unit_auc_figure(units), key=f"dg_units_fig_{k}")
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            t("dg.col.layer"): p.layer_title if directions else p.layer_number,
                            t("dg.col.state"): p.state,
                            t("dg.col.units"): p.units,
                            t("dg.col.probe"): p.accuracy,
                            t("dg.col.std"): p.std,
                            t("dg.col.folds"): p.folds,
                        }
                        for p in units.probes
                    ]
                ),
                hide_index=True,
                width="stretch",
                column_config={
                    t("dg.col.probe"): st.column_config.NumberColumn(format="%.3f"),
                    t("dg.col.std"): st.column_config.NumberColumn(format="%.3f"),
                },
            )
            table = units.table()
            picked = widgets.pick_row(
                table,
                f"dg_units_{k}",
                labels=analysis.column_labels(table[0]),
                formats={"auc": "%.3f", "separation": "%.3f"},
            )
            row, unit = table[picked], units.units[picked]
            if st.button(
                t("dg.open_unit", layer=unit.layer_title, state=unit.state, unit=unit.unit),
                key=f"dg_unit_search_{k}",
                icon=":material/search:",
            ):
                navigation.open_in_unit_search(e, unit.layer, unit.state, unit.unit)
            if st.button(
                t("dg.open_example", review=row["example"]),
                key=f"dg_unit_explorer_{k}",
                icon=":material/open_in_new:",
            ):
                navigation.open_in_explorer(e, row["example"])
    st.caption(t("dg.units_caption"))


def show_flips() -> None:
    which = st.radio(
        t("dg.model"),
        list(entries),
        horizontal=True,
        key="dg_flip_model",
        format_func=lambda k: f"{k}: {entries[k].name}",
    )
    entry = entries[which]
    if not bundles[which].capabilities.readout:
        st.info(
            messages.plain(
                t(
                    "dg.no_flips",
                    label=messages.shown_label(entry),
                    why=bundles[which].capabilities.readout_why,
                )
            )
        )
        return
    text, desc = review_picker.review_picker(entry, key="dgf_")
    if not text.strip():
        st.info(t("dg.type_review"))
        return
    top_words = st.select_slider(
        t("dg.top_words"),
        [500, 1000, 2000, 5000],
        2000,
        key="dg_top_words",
    )
    result = messages.settle(
        analyses.on_review(analyses.FLIPS, str(entry.path), entry.stamp, text, int(top_words))
    )
    toward = widgets.class_picker(result.classes, result.predicted, key="dg_flip_class")
    if toward is not None and toward != result.predicted:  # another class to reach
        result = messages.settle(
            analyses.on_review(
                analyses.FLIPS, str(entry.path), entry.stamp, text, int(top_words), 20, toward
            )
        )
    p_name = (
        "p(positive)"
        if len(result.classes) <= 2
        else (f"p({label_text(result.classes[result.focus])})")
    )
    flips = result.flips
    c1, c2, c3 = st.columns(3)
    c1.metric(p_name, f"{result.prediction:.3f}")
    best = result.edits[0] if result.edits else None
    if best is not None:
        c2.metric(t("dg.best_edit"), f"{best.prob:.3f}", f"{best.change:+.3f}", delta_color="off")
        c2.caption(messages.plain(best.describe()))
    c3.metric(t("dg.flipping", target=result.target), f"{len(flips)}")
    if not result.edits:
        st.info(t("dg.no_word"))
        return
    frame = pd.DataFrame(result.table()).drop(columns=["op", "old", "new"])
    picked = widgets.pick_row(
        frame,
        "dg_flip_table",
        labels={**analysis.column_labels(frame.columns), "p(positive)": p_name},
        formats={"p(positive)": "%.3f", "change": "%+.3f"},
    )
    edit = result.edits[picked]
    if st.button(
        t("dg.open_whatif", edit=edit.describe()), key="dg_flip_open", icon=":material/open_in_new:"
    ):
        navigation.open_in_what_if(entry, text, edit.op, edit.position, edit.new)
    st.caption(
        t(
            "dg.flips_caption",
            desc=desc,
            deletions=result.n_deletions,
            replacements=result.n_replacements,
            scored=result.n_scored,
            top=result.top_words,
            seconds=result.seconds,
        )
    )


{
    "Metrics": show_metrics,
    "Disagreements": show_disagreements,
    "State space": show_state_space,
    "Sentiment units": show_units,
    "Flips": show_flips,
}[section]()
