"""The review picker: an example, a test-set review, or the reader's own text."""

from __future__ import annotations

import streamlit as st

from rnn_viz.analysis import testset
from rnn_viz.app import navigation, registry
from rnn_viz.app.caches import (
    entry_bundle,
    heldout_predictions,
    heldout_review_lengths,
    need_corpus,
)
from rnn_viz.app.messages import plain
from rnn_viz.datasets import examples, label_text
from rnn_viz.i18n import current_language, is_korean_text, t

SOURCES = navigation.REVIEW_SOURCES


def review_picker(
    entry: registry.ModelEntry, key: str = "", refuse_korean: bool = False
) -> tuple[str, str]:
    """Choose a review: an example, a test-set review (when the dataset is found), or
    typed text.

    Args:
        entry: the model (its predictions filter the test-set reviews).
        key: the prefix of the pickers' session keys (one review picker per prefix).
        refuse_korean: typed Korean text stops the page with a sentence saying so
            instead of being traced as [UNK]s, unless the model's vocabulary holds Korean
            words (``Vocabulary.reads_korean``: e.g. trained with the ``kiwi`` tokenizer).

    Returns:
        ``(text, description)``: the review and a line saying which it is; ``("", why)``
        when no review is chosen.
    """
    lang = current_language()
    names = dict(
        zip(SOURCES, (t("ui.source.example"), t("ui.source.test"), t("ui.source.own")), strict=True)
    )
    # the source and the example on one row: the page's figures start higher
    where, which = st.columns([4, 3], vertical_alignment="bottom")
    source = where.radio(
        t("ui.review"),
        SOURCES,
        horizontal=True,
        key=f"{key}{navigation.SOURCE}",
        format_func=names.get,
    )
    if source == SOURCES[0]:
        choices = examples.load_examples()
        titles = [e.title for e in choices]
        title = which.selectbox(
            t("ui.example"),
            titles,
            key=f"{key}{navigation.EXAMPLE}",
            format_func=lambda x: choices[titles.index(x)].title_in(lang),
        )
        ex = choices[titles.index(title)]
        st.caption(t("ui.look_for", note=ex.look_for_in(lang)))
        return ex.text, ex.title_in(lang)
    if source == SOURCES[2]:
        text = st.text_area(
            t("ui.your_review"),
            key=f"{key}own_text",
            height=100,
            value="The acting was not bad at all, but the story dragged.",
        )
        if len(text) > 20_000:
            st.caption(t("ui.too_long", n=len(text)))
        if refuse_korean and is_korean_text(text) and not entry_bundle(entry).vocab.reads_korean:
            st.warning(t("ui.korean_input"), icon=":material/translate:")
            st.stop()
        return text, t("pkg.desc.own")
    corpus = need_corpus(entry)
    if corpus is None:
        return "", t("pkg.desc.no_dataset")
    path, stamp = str(entry.path), entry.stamp
    readout = entry_bundle(entry).capabilities.readout
    many = readout and len(corpus.label_names) > 2  # a predicted-class filter too
    c1, c2, c3, *c4 = st.columns(4 if many else 3)
    labels = ["any", *corpus.label_names]
    for name in (navigation.LABEL, navigation.PREDICTED):
        if st.session_state.get(f"{key}{name}", "any") not in labels:
            del st.session_state[f"{key}{name}"]  # a label of another dataset's
    label = c1.selectbox(
        t("ui.label"),
        labels,
        key=f"{key}{navigation.LABEL}",
        format_func=lambda v: t("ui.any") if v == "any" else label_text(v),
    )
    outcome = c2.selectbox(
        t("ui.prediction"),
        ["any", "right", "wrong"],
        key=f"{key}{navigation.OUTCOME}",
        disabled=not readout,
        format_func=lambda v: t(f"ui.{v}"),
        help=None if readout else t("ui.no_readout_help"),
    )
    if not readout:
        outcome = "any"
    predicted = (
        c4[0].selectbox(
            t("ui.predicted_class"),
            labels,
            key=f"{key}{navigation.PREDICTED}",
            format_func=lambda v: t("ui.any") if v == "any" else label_text(v),
        )
        if many
        else "any"
    )
    lengths = heldout_review_lengths(path, stamp)
    if lengths is None:  # the corpus above was read, so this does not happen
        return "", t("pkg.desc.no_dataset")
    lo, hi = c3.slider(
        t("ui.length", maxlen=corpus.vocab.maxlen),
        1,
        int(lengths.max()),
        (1, int(lengths.max())),
        key=f"{key}{navigation.LENGTH}",
    )
    probs = heldout_predictions(path, stamp) if outcome != "any" or predicted != "any" else None
    found = testset.filter_test_reviews(
        corpus,
        label=None if label == "any" else corpus.label_names.index(label),
        outcome=None if outcome == "any" else outcome,
        probs=probs,
        predicted=None if predicted == "any" else corpus.label_names.index(predicted),
        min_len=lo,
        max_len=hi,
    )
    if not len(found):
        st.warning(t("ui.no_match"))
        return "", t("pkg.desc.no_match")
    k = st.number_input(
        t("ui.match", n=len(found)), 1, len(found), 1, key=f"{key}{navigation.MATCH}"
    )
    i = int(found[k - 1])
    desc = corpus.caption("test", i).text()
    st.caption(plain(desc))
    return corpus.text("test", i), desc
