"""The analyses as the pages call them: cached per model, parameters and language-free
result (on top of the analyses' own disk cache), with a progress bar while they compute.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import numpy as np
import streamlit as st

from rnn_viz import analysis
from rnn_viz.app.caches import cached, load_bundle, load_test_corpus, load_tracer, model_corpus
from rnn_viz.app.messages import stops_on_error, why_text
from rnn_viz.core.capabilities import CapabilityError
from rnn_viz.core.errors import NoReadableWordError
from rnn_viz.datasets import (
    Corpus,
)
from rnn_viz.i18n import error_text, t

R = TypeVar("R")
#: What stops a memory analysis of one model or text (shown as the reason, not raised).
MEMORY_ERRORS = (analysis.MemoryAnalysisError, CapabilityError, NoReadableWordError)


@contextlib.contextmanager
def _progress(key: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar worded by the catalogue key ``key``, and its ``progress(done,
    total)`` callback (about 20 updates). Used inside a cached function and emptied
    when the block ends (or fails), so a cache hit replays nothing visible."""
    text = t(key)
    bar = st.progress(0.0, text=text)
    shown = [-1]

    def update(done: int, total: int) -> None:
        pct = int(20 * done / max(total, 1))
        if pct != shown[0]:
            shown[0] = pct
            bar.progress(min(done / max(total, 1), 1.0), text=f"{text} {done:,} / {total:,}")

    try:
        yield update
    finally:
        bar.empty()


def _over_corpus(
    progress_key: str, analyse: Callable[..., R], path: str, stamp: str, *args: Any, **kwargs: Any
) -> R:
    """``analyse(bundle, corpus, *args, progress=..., tracer=..., **kwargs)``: one corpus
    analysis of the model at ``path`` over its corpus, with its progress bar worded by
    ``progress_key`` and the model's cached tracer."""
    corpus = model_corpus(path, stamp)
    with _progress(progress_key) as update:
        return analyse(
            load_bundle(path, stamp),
            corpus,
            *args,
            progress=update,
            tracer=load_tracer(path, stamp),
            **kwargs,
        )


def limit_picker(corpus: Corpus, key: str, default: int = 1000) -> int | None:
    """A slider: how many test reviews an analysis reads (a fixed random sample).

    Args:
        corpus: the corpus the analysis reads.
        key: the slider's session key.
        default: the number it starts at.

    Returns:
        The number of reviews; None: all of them.
    """
    options = sorted({n for n in (100, 500, 1000, 5000) if n < corpus.n_test} | {corpus.n_test})
    value = st.select_slider(
        t("ui.limit"),
        options,
        value=min(default, corpus.n_test)
        if min(default, corpus.n_test) in options
        else options[-1],
        key=key,
        help=t("ui.limit_help"),
    )
    return None if value >= corpus.n_test else int(value)


@stops_on_error
@cached(st.cache_data, max_entries=32)
def saturation(
    path: str, stamp: str, low: float, high: float, limit: int | None, bins: int = 20
) -> analysis.Saturation:
    """``analysis.saturation`` of the model over ``limit`` test reviews.

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.
        low: a gate value below this is saturated near 0.
        high: a gate value above this is saturated near 1.
        limit: how many test reviews (None: all).
        bins: the histograms' bins.

    Returns:
        Each gate unit's saturated fractions.
    """
    return _over_corpus(
        "progress.saturation", analysis.saturation, path, stamp, low, high, limit, bins
    )


@cached(st.cache_data, max_entries=16)
def _saturation_history(
    path: str, stamp: str, n_reviews: int, low: float, high: float
) -> analysis.SaturationHistory | analysis.NoEpochsError:
    """``analysis.saturation_epochs``, or the error saying why there is none (cached)."""
    corpus = model_corpus(path, stamp)
    with _progress("progress.saturation_epochs") as update:
        try:
            return analysis.saturation_epochs(
                load_bundle(path, stamp), corpus, n_reviews, low, high, progress=update
            )
        except analysis.NoEpochsError as err:
            return err


@stops_on_error
def saturation_history(
    path: str, stamp: str, n_reviews: int, low: float, high: float
) -> analysis.SaturationHistory | str:
    """The saturation after every epoch the model kept.

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.
        n_reviews: how many test reviews each epoch reads.
        low: a gate value below this is saturated near 0.
        high: a gate value above this is saturated near 1.

    Returns:
        The history, or why there is none (in the current language).
    """
    result = _saturation_history(path, stamp, n_reviews, low, high)
    return error_text(result) if isinstance(result, analysis.NoEpochsError) else result


@stops_on_error
@cached(st.cache_data, max_entries=64)
def unit_search(
    path: str,
    stamp: str,
    layer: int,
    gate: str,
    unit: int,
    threshold: float,
    above: bool,
    top: int,
    limit: int | None,
) -> analysis.UnitSearch:
    """``analysis.unit_search``: where one unit is on, over ``limit`` test reviews.

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.
        layer: the recurrent layer, 0-based.
        gate: a gate or state of that layer.
        unit: the unit, 0-based.
        threshold: the value the unit must pass.
        above: on when above ``threshold`` (else below).
        top: how many runs to keep.
        limit: how many test reviews (None: all).

    Returns:
        The runs found.
    """
    return _over_corpus(
        "progress.unit_search",
        analysis.unit_search,
        path,
        stamp,
        layer,
        gate,
        unit,
        threshold,
        above,
        top,
        limit=limit,
    )


@stops_on_error
@cached(st.cache_data, max_entries=16)
def words_per_unit(path: str, stamp: str, limit: int | None) -> analysis.WordsPerUnit:
    """``analysis.words_per_unit`` over ``limit`` test reviews.

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.
        limit: how many test reviews (None: all).

    Returns:
        Every word's mean effect on every unit.
    """
    return _over_corpus("progress.words_per_unit", analysis.words_per_unit, path, stamp, limit)


@cached(st.cache_resource, "pkg.spinner.attributor", max_entries=8)
def load_attributor(path: str, stamp: str) -> analysis.Attributor:
    """The model's integrated-gradients attributor, built once per model.

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.

    Returns:
        An ``analysis.Attributor``.
    """
    return analysis.Attributor(load_bundle(path, stamp).model)


@stops_on_error
@cached(st.cache_data, "pkg.spinner.attribution", max_entries=64)
def attribution(path: str, stamp: str, text: str) -> analysis.Attribution:
    """Integrated gradients of p(positive) over the words of ``text``.

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.
        text: the review as typed.

    Returns:
        Each step's attribution.
    """
    return load_attributor(path, stamp).attribute(load_bundle(path, stamp).vocab.encode(text))


@stops_on_error
@cached(st.cache_data, "pkg.spinner.what_if", max_entries=64)
def what_if(path: str, stamp: str, text_a: str, text_b: str) -> analysis.WhatIf:
    """Both texts traced and compared step by step; a text with no word the model reads
    stops the page with the reason (``stops_on_error``).

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.
        text_a: the review.
        text_b: the edited review.

    Returns:
        The comparison.
    """
    return analysis.compare_traces(
        load_tracer(path, stamp), load_bundle(path, stamp).vocab, text_a, text_b
    )


@stops_on_error
@cached(st.cache_data, "pkg.spinner.metrics", max_entries=32)
def heldout_metrics(path: str, stamp: str) -> analysis.metrics.HeldoutMetrics:
    """``analysis.metrics.heldout_metrics`` of the model at ``path`` over its corpus.

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.

    Returns:
        Accuracy, ROC AUC, confusion matrix and the rest over the test set; a model
        without p(positive) (``CapabilityError``, not cached) stops the page with
        the reason.
    """
    from rnn_viz.analysis import metrics as diagnostics

    corpus = model_corpus(path, stamp)
    return diagnostics.heldout_metrics(load_bundle(path, stamp), corpus)


@stops_on_error
@cached(st.cache_data, "pkg.spinner.disagreement", max_entries=16)
def disagreement(
    path_a: str, stamp_a: str, path_b: str, stamp_b: str
) -> analysis.metrics.Disagreement:
    """``analysis.metrics.disagreement`` of two models over the test set.

    Args:
        path_a: model A's folder.
        stamp_a: ``registry.model_stamp`` of it.
        path_b: model B's folder.
        stamp_b: ``registry.model_stamp`` of it.

    Returns:
        Both models' predictions of every test review.
    """
    from rnn_viz.analysis import metrics as diagnostics

    corpus_a = model_corpus(path_a, stamp_a)
    corpus_b = model_corpus(path_b, stamp_b)
    return diagnostics.disagreement(
        load_bundle(path_a, stamp_a), load_bundle(path_b, stamp_b), corpus_a, corpus_b
    )


@cached(st.cache_resource, "pkg.spinner.word_counts")
def heldout_word_counts() -> np.ndarray | None:
    """How many words each test review's raw text has.

    Returns:
        ``(N,)`` word counts, or None without the dataset.
    """
    from rnn_viz.analysis import metrics as diagnostics

    corpus = load_test_corpus()
    return None if corpus is None else diagnostics.heldout_word_counts(corpus)


@stops_on_error
@cached(st.cache_data, max_entries=16)
def final_states(path: str, stamp: str, limit: int | None) -> analysis.state_space.FinalStates:
    """Every layer's final states over a fixed sample of test reviews.

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.
        limit: how many test reviews (None: all).

    Returns:
        The final states, with each review's label and prediction.
    """
    from rnn_viz.analysis import state_space

    return _over_corpus("progress.final_states", state_space.final_states, path, stamp, limit)


@stops_on_error
@cached(st.cache_data, "pkg.spinner.pca", max_entries=16)
def state_space(path: str, stamp: str, limit: int | None) -> analysis.state_space.StateSpace:
    """The PCA of the last layer's final h_T over ``final_states``.

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.
        limit: how many test reviews (None: all).

    Returns:
        The fitted state space.
    """
    from rnn_viz.analysis import state_space as space

    return space.state_space(final_states(path, stamp, limit))


@stops_on_error
@cached(st.cache_data, "pkg.spinner.units", max_entries=16)
def sentiment_units(path: str, stamp: str, limit: int | None) -> analysis.probes.SentimentUnits:
    """Every unit's ROC AUC and each layer's probe over ``final_states``.

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.
        limit: how many test reviews (None: all).

    Returns:
        The units and probes.
    """
    from rnn_viz.analysis import probes

    return probes.sentiment_units(final_states(path, stamp, limit))


@cached(st.cache_resource, "pkg.spinner.flip_searcher", max_entries=8)
def load_flip_searcher(path: str, stamp: str) -> analysis.flips.FlipSearcher:
    """The model's flip searcher, built once per model.

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.

    Returns:
        An ``analysis.flips.FlipSearcher``.
    """
    from rnn_viz.analysis import flips

    bundle = load_bundle(path, stamp)
    return flips.FlipSearcher(bundle.model, bundle.vocab)


@stops_on_error
@cached(st.cache_data, "pkg.spinner.flips", max_entries=64)
def flip_search(
    path: str, stamp: str, text: str, top_words: int, top: int = 20
) -> analysis.flips.FlipSearch:
    """``FlipSearcher.search`` of ``text`` with the model at ``path``.

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.
        text: the review as typed.
        top_words: how many of the most frequent words each replacement tries.
        top: how many edits to keep.

    Returns:
        The edits, best first.
    """
    return load_flip_searcher(path, stamp).search(text, top_words=top_words, top=top)


@cached(st.cache_resource, "pkg.spinner.probe", max_entries=8)
def load_probe(path: str, stamp: str) -> analysis.GradientProbe:
    """The model's ``GradientProbe``, built once per model.

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.

    Returns:
        The probe.

    Raises:
        CapabilityError: the model's memory cannot be measured (not cached).
    """
    return analysis.GradientProbe(load_bundle(path, stamp).model)


@cached(st.cache_data, "pkg.spinner.connectivity", max_entries=64)
def _connectivity(
    path: str, stamp: str, text: str
) -> tuple[
    analysis.Connectivity | None,
    analysis.MemoryAnalysisError | CapabilityError | NoReadableWordError | None,
]:
    """``analysis.connectivity``, or the error saying why not (cached untranslated)."""
    try:
        return analysis.connectivity(
            load_bundle(path, stamp), text, probe=load_probe(path, stamp)
        ), None
    except MEMORY_ERRORS as err:
        return None, err


def connectivity(
    path: str, stamp: str, text: str
) -> tuple[analysis.Connectivity | None, str | None]:
    """How much each word still moves p(positive) at the end of ``text``.

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.
        text: the review as typed.

    Returns:
        ``(Connectivity, None)``, or ``(None, why)`` when the model or the text cannot
        be measured (``why`` in the current language).
    """
    result, err = _connectivity(path, stamp, text)
    return result, why_text(err)


@cached(st.cache_data, max_entries=16)
def _gradient_distance(
    path: str, stamp: str, limit: int | None
) -> tuple[
    analysis.GradientDistance | None,
    analysis.MemoryAnalysisError | CapabilityError | NoReadableWordError | None,
]:
    """``analysis.gradient_distance``, or the error saying why not (cached untranslated)."""
    corpus = model_corpus(path, stamp)
    with _progress("pkg.progress.gradient_distance") as update:
        try:
            return (
                analysis.gradient_distance(
                    load_bundle(path, stamp),
                    corpus,
                    limit,
                    progress=update,
                    probe=load_probe(path, stamp),
                ),
                None,
            )
        except MEMORY_ERRORS as err:
            return None, err


@stops_on_error
def gradient_distance(
    path: str, stamp: str, limit: int | None
) -> tuple[analysis.GradientDistance | None, str | None]:
    """The gradient of p(positive) against each word's distance from the end, over
    test reviews (on top of the analysis' disk cache).

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.
        limit: how many test reviews (None: all).

    Returns:
        ``(GradientDistance, None)``, or ``(None, why)`` when the model cannot be
        measured (``why`` in the current language).
    """
    result, err = _gradient_distance(path, stamp, limit)
    return result, why_text(err)
