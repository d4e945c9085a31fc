"""What single units respond to over the test set: unit search (LSTMVis "match") and
words per unit (RNNVis "expected response")."""

import numpy as np
import pandas as pd
import streamlit as st

from rnn_viz import analysis
from rnn_viz.app import analyses, caches, messages, model_picker, navigation, widgets
from rnn_viz.core.capture import layer_title
from rnn_viz.core.cell_kinds import SIGMOID_GATES, gate_label
from rnn_viz.datasets import label_text
from rnn_viz.i18n import t
from rnn_viz.viz import plots

st.set_page_config(page_title=t("un.page_title"), page_icon="🔬", layout="wide")
st.title(t("un.title"))

with st.sidebar:
    entry = model_picker.model_picker(key=navigation.UNITS_MODEL, prefer="lstm")
if entry is None:
    st.stop()
corpus = caches.need_corpus(entry)
if corpus is None:
    st.stop()
path, stamp = str(entry.path), entry.stamp
tracer = caches.load_tracer(path, stamp)
limit = analyses.limit_picker(corpus, "units_limit")


def _state_title(key: str) -> str:
    """A words-per-unit key (``"layer1/h"``, ``"layer1/bwd/h"``) for the state picker."""
    where = analysis.key_layer(key)
    layer = (
        t("un.layer_prefix") + str(where["layer_number"])
        if where["layer_direction"] is None
        else t("un.layer_n", n=layer_title(where["layer_number"], where["layer_direction"]))
    )
    return layer + t("un.hidden_suffix" if key.endswith("/h") else "un.cell_suffix")


search_tab, words_tab = st.tabs([t("un.search_tab"), t("un.words_tab")])

with search_tab:
    st.caption(t("un.search_caption"))
    c1, c2, c3, c6, c4, c5 = st.columns([1, 1.4, 0.8, 1.3, 1, 1])
    layer = c1.selectbox(
        t("un.layer"),
        range(len(tracer.cells)),
        format_func=lambda k: t("un.layer_n", n=tracer.layer_title(k)),
        key=navigation.UNIT_LAYER,
    )
    cell = tracer.cells[layer]
    gate = c2.selectbox(
        t("un.gate_or_state"),
        list(tracer.kinds[layer].gates),
        key=navigation.unit_gate_key(layer),
        format_func=gate_label,
    )
    unit = c3.number_input(t("un.unit"), 0, cell.units - 1, 0, key=navigation.unit_unit_key(layer))
    above = (
        c5.radio(
            t("un.on_when"),
            ["above", "below"],
            key="us_above",
            horizontal=True,
            format_func=lambda v: t(f"un.{v}"),
        )
        == "above"
    )
    by_percentile = (
        c6.radio(
            t("un.threshold_as"),
            ["percentile", "value"],
            key="us_by",
            horizontal=True,
            format_func=lambda v: t(f"un.threshold_as.{v}"),
            help=t("un.threshold_as_help"),
        )
        == "percentile"
    )
    if by_percentile:  # the unit's own top (or bottom) 5% of real words: phrases, not reviews
        threshold = c4.number_input(
            t("un.percentile"),
            0.0,
            100.0,
            95.0 if above else 5.0,
            1.0,
            key=f"us_pct_{'above' if above else 'below'}",
        )
    else:
        threshold = c4.number_input(
            t("un.threshold"),
            -10.0,
            10.0,
            0.5 if gate in SIGMOID_GATES else 0.3,
            0.05,
            key=f"us_threshold_{gate}",
        )
    result = messages.settle(
        analyses.over_corpus(
            analysis.unit_search,
            path,
            stamp,
            limit,
            layer=layer,
            gate=gate,
            unit=int(unit),
            threshold=float(threshold),
            above=above,
            top=30,
            percentile=by_percentile,
        )
    )
    st.markdown(
        t(
            "un.runs",
            runs=result.n_runs,
            layer=tracer.layer_title(layer),
            gate=gate_label(gate),
            unit=unit,
            side=t("un.above" if above else "un.below"),
            threshold=result.cut,
            reviews=result.n_reviews,
            shown=len(result.matches),
        )
        + (t("un.percentile_of", p=threshold) if by_percentile else "")
    )
    if not result.matches:
        st.info(t("un.never_on"))
    else:
        matches = result.table()
        m = result.matches[
            widgets.pick_row(
                matches,
                "us_table",
                labels=analysis.column_labels(matches[0]),
                formats={"mean_value": "%.3f", "p(positive)": "%.3f"},
            )
        ]
        st.markdown(  # the picked run whole, in its context (the table's cells cut it)
            t(
                "un.picked",
                review=m.review,
                before=messages.plain(" ".join(m.before)),
                phrase=messages.plain(" ".join(m.phrase)),
                after=messages.plain(" ".join(m.after)),
            )
        )
        if st.button(
            t("un.open", review=m.review, step=m.start),
            key="us_open",
            icon=":material/open_in_new:",
        ):
            navigation.open_in_explorer(entry, m.review, m.start)
        st.caption(t("un.select_row"))
        st.download_button(
            t("un.matches_csv"),
            result.to_csv,
            f"unit_search_{entry.name}.csv",
            "text/csv",
            key="us_csv",
            on_click="ignore",
        )

with words_tab:
    st.caption(t("un.words_caption"))
    wpu = messages.settle(analyses.over_corpus(analysis.words_per_unit, path, stamp, limit))
    c1, c2, c3, c4 = st.columns(4)
    key = c1.selectbox(
        t("un.state"),
        wpu.keys,
        key="wpu_key",
        format_func=_state_title,
    )
    units = wpu.mean[key].shape[1]
    min_count = c2.number_input(t("un.min_count"), 1, 10_000, 5, key="wpu_min")
    sort = c3.selectbox(
        t("un.sort_by"),
        ["frequency"] + [f"unit {u}" for u in range(units)],
        key="wpu_sort",
        format_func=lambda v: (
            t("un.frequency") if v == "frequency" else t("analysis.col.unit_n", unit=v.split()[1])
        ),
    )
    descending = c4.toggle(
        t("un.desc"),
        True,
        key="wpu_desc",
        help=t("un.desc_help"),
    )
    n_words = st.slider(t("un.words_shown"), 5, 100, 30, key="wpu_n")
    rows = wpu.table(
        key, int(min_count), None if sort == "frequency" else int(sort.split()[1]), descending
    )[:n_words]
    if not rows:
        st.info(t("un.no_word"))
    else:
        deltas = np.array([r["delta"] for r in rows])
        unit_cols = [t("analysis.col.unit_n", unit=u) for u in range(units)]
        table = pd.DataFrame(
            {
                "word": [r["word"] for r in rows],
                "count": [r["count"] for r in rows],
                **{col: deltas[:, u] for u, col in enumerate(unit_cols)},
            }
        )
        left, right = st.columns([1, 1])
        with left:
            picked = widgets.pick_row(
                table,
                "wpu_table",
                labels=analysis.column_labels(["word", "count"]),
                formats=dict.fromkeys(unit_cols, "%+.3f"),
            )
        right.plotly_chart(
            plots.words_units_figure([r["word"] for r in rows], deltas, [r["count"] for r in rows]),
            key="wpu_fig",
        )
        word = rows[picked]["word"]
        st.text(t("un.reviews_with", word=word))
        hits = analysis.reviews_with_word(corpus, word, limit=10)
        for i, (review, times) in enumerate(hits):
            label = label_text(corpus.label_names[corpus.y_test[review]])
            if st.button(
                t("un.open_review", review=review, label=label, times=times),
                key=f"wpu_open_{i}",
            ):
                navigation.open_in_explorer(entry, review)
        st.download_button(
            t("un.wpu_csv"),
            lambda: wpu.to_csv(int(min_count)),
            f"words_per_unit_{entry.name}.csv",
            "text/csv",
            key="wpu_csv",
            on_click="ignore",
        )
