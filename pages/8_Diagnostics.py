"""Diagnostics: where and why the models fail. Test-set metrics of two models (an LSTM
and a GRU by default), the reviews one gets right and the other wrong, the hidden-state
space, the sentiment units, and the smallest edit that flips a prediction."""

import pandas as pd
import streamlit as st

from rnn_viz import navigation, plots, ui
from rnn_viz.analysis.metrics import DISAGREEMENT_KINDS
from rnn_viz.errors import RnnVizError
from rnn_viz.i18n.page import language_switch

language_switch()
st.set_page_config(page_title="Diagnostics · rnn-viz", page_icon="🔬", layout="wide")
st.title("Where and why the models fail")

SECTIONS = ("Metrics", "Disagreements", "State space", "Sentiment units", "Flips")

with st.sidebar:
    a = ui.model_picker("Model A", key="dg_a", prefer="lstm")
    b = ui.model_picker("Model B", key="dg_b", prefer="gru") if a is not None else None
if a is None or b is None:
    st.stop()
entries = {"A": a, "B": b}
bundles = {k: ui.entry_bundle(e) for k, e in entries.items()}
section = st.radio("Show", SECTIONS, horizontal=True, key="dg_section")


def _selected(event) -> int:
    rows = event.selection.rows if event is not None else []
    return int(rows[0]) if rows else 0


def _with_readout() -> dict[str, object]:
    """The models that output p(positive); a sentence for each that does not."""
    kept = {}
    for k, e in entries.items():
        if bundles[k].capabilities.readout:
            kept[k] = e
        else:
            st.info(
                ui.plain(
                    f"{k}: {e.label} has no test metrics, disagreements or flips: "
                    f"{bundles[k].capabilities.readout_why}"
                )
            )
    return kept


def _corpora(wanted: dict) -> dict | None:
    """Each model's corpus, or None after one message saying why there is none."""
    corpora = {}
    for k, e in wanted.items():
        corpora[k] = ui.need_corpus(e)
        if corpora[k] is None:
            return None
    return corpora


def show_metrics() -> None:
    wanted = _with_readout()
    if not wanted or _corpora(wanted) is None:
        return
    metrics = {f"{k}: {e.name}": ui.test_metrics(str(e.path), e.stamp) for k, e in wanted.items()}
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "model": label,
                    "accuracy": m.accuracy,
                    "ROC AUC": m.roc_auc,
                    "average precision": m.average_precision,
                    "Brier score": m.brier,
                    "TN": m.confusion[0][0],
                    "FP": m.confusion[0][1],
                    "FN": m.confusion[1][0],
                    "TP": m.confusion[1][1],
                }
                for label, m in metrics.items()
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={
            k: st.column_config.NumberColumn(format="%.4f")
            for k in ("accuracy", "ROC AUC", "average precision", "Brier score")
        },
    )
    st.plotly_chart(plots.confusion_figure(metrics), key="dg_confusion")
    fig = plots.metrics_figure(metrics)
    st.plotly_chart(fig, key="dg_metrics")
    ui.figure_downloads(fig, "rnn_viz_diagnostics", "dg_metrics_dl")
    n = next(iter(metrics.values())).n
    st.caption(
        f"Over all {n:,} test reviews, threshold 0.5 (scikit-learn). Calibration: 10 "
        "equal-width bins of p(positive), the line at 45° is perfect calibration; Brier "
        "score = mean (p − label)², lower is better. Review length counts the words of "
        "the raw text, so reviews longer than the model reads (it keeps the last "
        f"{bundles['A'].vocab.maxlen}) have their own bucket."
    )
    buckets = pd.DataFrame(
        {label: {b.label: b.accuracy for b in m.buckets} for label, m in metrics.items()}
    )
    buckets.insert(0, "reviews", [b.n for b in next(iter(metrics.values())).buckets])
    st.dataframe(buckets.rename_axis("words"), width="stretch")


def show_disagreements() -> None:
    if len(_with_readout()) < 2 or _corpora(entries) is None:
        return
    d = ui.disagreement(str(a.path), a.stamp, str(b.path), b.stamp)
    counts = d.counts()
    c = st.columns(4)
    c[0].metric(f"Only A ({a.name}) right", f"{counts['only_a_right']:,}")
    c[1].metric(f"Only B ({b.name}) right", f"{counts['only_b_right']:,}")
    c[2].metric("Both wrong", f"{counts['both_wrong']:,}")
    c[3].metric("Both right", f"{counts['both_right']:,}")
    corpus = ui.need_corpus(a)
    n_words = ui.test_word_counts()
    f1, f2, f3 = st.columns([1.4, 1, 2])
    kind = f1.selectbox(
        "Reviews",
        DISAGREEMENT_KINDS,
        key="dg_kind",
        format_func=lambda k: (
            k.replace("a ", f"A ({a.name}) ")
            .replace("b ", f"B ({b.name}) ")
            .replace(", a", ", A")
            .replace(", b", ", B")
        ),
    )
    label = f2.selectbox("Label", ["any", "positive", "negative"], key="dg_label")
    top = int(n_words.max())
    lo, hi = f3.slider("Words (raw text)", 1, top, (1, top), key="dg_words")
    rows = d.rows(kind, {"any": None, "positive": 1, "negative": 0}[label], n_words, lo, hi)
    st.caption(
        f"{len(rows):,} reviews; the largest difference between the models first "
        "(the first 200 are listed). Select a row to open it."
    )
    if not len(rows):
        st.info("No test review matches these filters.")
        return
    shown = rows[:200]
    frame = pd.DataFrame(
        {
            "review": shown,
            "label": ["positive" if d.y[i] else "negative" for i in shown],
            "words": n_words[shown],
            f"A: {a.name}": d.prob_a[shown],
            f"B: {b.name}": d.prob_b[shown],
            "beginning": [corpus.test_text(int(i))[:140] for i in shown],
        }
    )
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="dg_table",
        column_config={
            f"A: {a.name}": st.column_config.NumberColumn(format="%.3f"),
            f"B: {b.name}": st.column_config.NumberColumn(format="%.3f"),
        },
    )
    review = int(shown[_selected(event)])
    c1, c2, c3 = st.columns(3)
    if c1.button(
        f"Open #{review} in the Gate explorer with A",
        key="dg_open_a",
        icon=":material/open_in_new:",
    ):
        navigation.open_in_explorer(a, review)
    if c2.button(
        f"Open #{review} in the Gate explorer with B",
        key="dg_open_b",
        icon=":material/open_in_new:",
    ):
        navigation.open_in_explorer(b, review)
    if c3.button(
        f"Open #{review} in Compare (A and B)", key="dg_open_cmp", icon=":material/compare_arrows:"
    ):
        navigation.open_in_compare(a, b, review)


def show_state_space() -> None:
    corpora = _corpora(entries)
    if corpora is None:
        return
    limit = ui.limit_picker(corpora["A"], "dg_limit")
    color_by = st.radio("Colour by", ["label", "prediction"], horizontal=True, key="dg_color")
    text, desc = ui.review_picker(a, key="dg_")
    traces = {}
    if text.strip():
        for k, e in entries.items():
            trace, _, problem = ui.entry_trace(e, text)
            if problem:
                st.warning(ui.plain(f"Cannot trace this text: {problem}"))
                break
            traces[k] = trace
    n_words = min((t.T - t.first_real for t in traces.values()), default=0)
    step = (
        st.slider(
            "Word",
            1,
            n_words,
            n_words,
            key="dg_step",
            help="The current word, marked on both paths.",
        )
        if n_words > 1
        else n_words
    )
    cols = st.columns(2)
    for col, (k, e) in zip(cols, entries.items(), strict=True):
        space = ui.state_space(str(e.path), e.stamp, limit)
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
                title=f"{k}: {e.name}, last layer's h_T",
            ),
            key=f"dg_space_{k}",
        )
        col.dataframe(
            pd.DataFrame(
                [space.explained],
                index=["explained variance"],
                columns=[f"PC {i + 1}" for i in range(len(space.explained))],
            ),
            width="stretch",
            column_config={
                f"PC {i + 1}": st.column_config.NumberColumn(format="%.4f")
                for i in range(len(space.explained))
            },
        )
        col.caption(
            f"PCA (scikit-learn) fitted on the final h_T of {len(space.rows):,} test "
            "reviews (a fixed random sample, seed 0)."
        )
    if traces:
        st.caption(
            f"The path: {desc}, one point per word (h after each word), the current "
            "word starred, the final state squared."
        )


def show_units() -> None:
    corpora = _corpora(entries)
    if corpora is None:
        return
    limit = ui.limit_picker(corpora["A"], "dg_units_limit")
    cols = st.columns(2)
    for col, (k, e) in zip(cols, entries.items(), strict=True):
        units = ui.sentiment_units(str(e.path), e.stamp, limit)
        with col:
            best = units.best()
            st.markdown(
                f"**{k}: {e.name}**: best single unit layer {best.layer + 1} "
                f"{best.state}[{best.unit}], ROC AUC {best.auc:.3f} "
                f"({best.direction}), over {units.n_reviews:,} reviews."
            )
            st.plotly_chart(plots.unit_auc_figure(units), key=f"dg_units_fig_{k}")
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "layer": p.layer + 1,
                            "state": p.state,
                            "units": p.units,
                            "probe accuracy": p.accuracy,
                            "± (std over folds)": p.std,
                            "folds": p.folds,
                        }
                        for p in units.probes
                    ]
                ),
                hide_index=True,
                width="stretch",
                column_config={
                    "probe accuracy": st.column_config.NumberColumn(format="%.3f"),
                    "± (std over folds)": st.column_config.NumberColumn(format="%.3f"),
                },
            )
            table = units.table()
            event = st.dataframe(
                pd.DataFrame(table),
                hide_index=True,
                width="stretch",
                on_select="rerun",
                selection_mode="single-row",
                key=f"dg_units_{k}",
                column_config={
                    "auc": st.column_config.NumberColumn(format="%.3f"),
                    "separation": st.column_config.NumberColumn(format="%.3f"),
                },
            )
            row = table[_selected(event)]
            if st.button(
                f"Open layer {row['layer']} {row['state']}[{row['unit']}] in unit search",
                key=f"dg_unit_search_{k}",
                icon=":material/search:",
            ):
                navigation.open_in_unit_search(e, row["layer"] - 1, row["state"], row["unit"])
            if st.button(
                f"Show review #{row['example']} (its most telling) in the explorer",
                key=f"dg_unit_explorer_{k}",
                icon=":material/open_in_new:",
            ):
                navigation.open_in_explorer(e, row["example"])
    st.caption(
        "Per unit: ROC AUC (scikit-learn) of its value after the last word against "
        "the label (0.5 = chance; near 0 or 1 = a sentiment unit). Per layer: a "
        "logistic regression on all its units, stratified cross-validation. Select a "
        "row to choose what the buttons open."
    )


def show_flips() -> None:
    which = st.radio(
        "Model",
        list(entries),
        horizontal=True,
        key="dg_flip_model",
        format_func=lambda k: f"{k}: {entries[k].name}",
    )
    entry = entries[which]
    if not bundles[which].capabilities.readout:
        st.info(ui.plain(f"{entry.label} has no flips: {bundles[which].capabilities.readout_why}"))
        return
    text, desc = ui.review_picker(entry, key="dgf_")
    if not text.strip():
        st.info("Type or choose a review to search its edits.")
        return
    top_words = st.select_slider(
        "Replacement words (the vocabulary's most frequent)",
        [500, 1000, 2000, 5000],
        2000,
        key="dg_top_words",
    )
    result = ui.flip_search(str(entry.path), entry.stamp, text, int(top_words))
    flips = result.flips
    c1, c2, c3 = st.columns(3)
    c1.metric("p(positive)", f"{result.prediction:.3f}")
    best = result.edits[0] if result.edits else None
    if best is not None:
        c2.metric("Best edit", f"{best.prob:.3f}", f"{best.change:+.3f}", delta_color="off")
        c2.caption(ui.plain(best.describe()))
    c3.metric(f"Edits listed that flip it to {result.target}", f"{len(flips)}")
    if not result.edits:
        st.info("The review has no word to edit.")
        return
    frame = pd.DataFrame(result.table()).drop(columns=["op", "old", "new"])
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="dg_flip_table",
        column_config={
            "p(positive)": st.column_config.NumberColumn(format="%.3f"),
            "change": st.column_config.NumberColumn(format="%+.3f"),
        },
    )
    edit = result.edits[_selected(event)]
    if st.button(
        f"Open “{edit.describe()}” in What-if", key="dg_flip_open", icon=":material/open_in_new:"
    ):
        navigation.open_in_what_if(entry, text, edit.op, edit.position, edit.new)
    st.caption(
        f"Review: {desc}. Every deletion ({result.n_deletions}) and "
        f"{result.n_replacements} replacements were run through the model; the "
        f"replacements were chosen among {result.n_scored:,} (each word × the "
        f"{result.top_words:,} most frequent words) by a gradient estimate. Searched in "
        f"{result.seconds:.1f} s. Select a row to choose the edit the button opens."
    )


try:
    {
        "Metrics": show_metrics,
        "Disagreements": show_disagreements,
        "State space": show_state_space,
        "Sentiment units": show_units,
        "Flips": show_flips,
    }[section]()
except RnnVizError as err:
    ui.show_error(err)
