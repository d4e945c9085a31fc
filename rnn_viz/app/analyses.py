"""The analyses as the pages call them: cached per model, parameters and language-free
outcome (on top of the analyses' own disk cache), with a progress bar or a spinner
while they compute.

Every call gives an ``Outcome``: the result, or the typed error saying why there is none
(cached untranslated; a page shows it with ``messages.settle``). A corpus analysis is
called through its description (``over_corpus(analysis.saturation, path, stamp, limit,
low=0.1, high=0.9)``), a single-review one through its ``OnReview`` (``on_review(
ATTRIBUTION, path, stamp, text)``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np
import streamlit as st

from rnn_viz import analysis
from rnn_viz.analysis import flips, probes
from rnn_viz.analysis import metrics as diagnostics
from rnn_viz.analysis import state_space as space
from rnn_viz.analysis.spec import DEFAULT_LIMIT, Analysis
from rnn_viz.app import serving
from rnn_viz.app.caches import (
    cached,
    load_bundle,
    load_tracer,
    model_corpus,
    spinning,
)
from rnn_viz.app.messages import Outcome
from rnn_viz.core.models import ModelBundle
from rnn_viz.datasets import Corpus
from rnn_viz.i18n import t

R = TypeVar("R")


@contextlib.contextmanager
def _progress(key: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar worded by the catalogue key ``key``, and its ``progress(done,
    total)`` callback (about 20 updates). Used inside a cached function and emptied
    when the block ends (or fails), so a cache hit replays nothing visible."""
    text = t(key)
    bar = st.progress(0.0, text=text)
    shown = [-1]

    def update(done: int, total: int) -> None:
        serving.report(done, total)  # for the sessions waiting on this pass
        pct = int(20 * done / max(total, 1))
        if pct != shown[0]:
            shown[0] = pct
            bar.progress(min(done / max(total, 1), 1.0), text=f"{text} {done:,} / {total:,}")

    try:
        yield update
    finally:
        bar.empty()


def _measured(
    progress_key: str,
    path: str,
    stamp: str,
    measure: Callable[[ModelBundle, Corpus, Callable[[int, int], None]], R],
) -> Outcome[R]:
    """``measure(bundle, corpus, progress)`` of the model at ``path`` over its corpus,
    with a progress bar worded by ``progress_key``, as an outcome."""

    def run() -> R:
        corpus = model_corpus(path, stamp)
        with _progress(progress_key) as update:
            return measure(load_bundle(path, stamp), corpus, update)

    return Outcome.of(run)


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


# --------------------------------------------------------------------------- #
# Corpus analyses
# --------------------------------------------------------------------------- #
@cached(st.cache_resource, "pkg.spinner.probe", max_entries=8)
def load_probe(path: str, stamp: str) -> analysis.GradientProbe:
    """The model's ``GradientProbe``, built once per model.

    Args:
        path: the model folder.
        stamp: ``files.model_stamp`` of it.

    Returns:
        The probe.

    Raises:
        CapabilityError: the model's memory cannot be measured (not cached).
    """
    return analysis.GradientProbe(load_bundle(path, stamp).model)


#: The app's cached instrument of each kind (``Analysis.instrument_kw``).
_INSTRUMENTS: dict[str, Callable[[str, str], Any]] = {"tracer": load_tracer, "probe": load_probe}


@cached(st.cache_data, max_entries=64)
def _over_corpus(
    _analysis: Analysis[R], name: str, path: str, stamp: str, limit: Any, params: dict
) -> Outcome[R]:
    """``over_corpus``, cached by the analysis' name, model, reviews and parameters."""
    instrument = _INSTRUMENTS.get(_analysis.instrument_kw)
    return _measured(
        _analysis.progress,
        path,
        stamp,
        lambda bundle, corpus, update: analysis.run(
            _analysis,
            bundle,
            corpus,
            _analysis.bind((), params),
            _analysis.default_limit if limit is DEFAULT_LIMIT else limit,
            progress=update,
            instrument=None if instrument is None else instrument(path, stamp),
        ),
    )


def over_corpus(
    kind: Analysis[R], path: str, stamp: str, limit: int | None = DEFAULT_LIMIT, **params: Any
) -> Outcome[R]:
    """A corpus analysis of the model at ``path`` over its corpus, with its progress bar
    (``kind.progress``) and the model's cached tracer or probe.

    Args:
        kind: the analysis (``analysis.saturation``, ``analysis.unit_search``, …).
        path: the model folder.
        stamp: ``files.model_stamp`` of it.
        limit: how many test reviews (None: all; left out: the analysis' default).

    Returns:
        The result, or the typed error saying why there is none.
    """
    return _over_corpus(kind, kind.name, path, stamp, limit, params)


@cached(st.cache_data, max_entries=16)
def saturation_history(
    path: str, stamp: str, n_reviews: int, low: float, high: float
) -> Outcome[analysis.SaturationHistory]:
    """The saturation after every epoch the model kept.

    Args:
        path: the model folder.
        stamp: ``files.model_stamp`` of it.
        n_reviews: how many test reviews each epoch reads.
        low: a gate value below this is saturated near 0.
        high: a gate value above this is saturated near 1.

    Returns:
        The history, or why there is none (``NoEpochsError``).
    """
    return _measured(
        "progress.saturation_epochs",
        path,
        stamp,
        lambda bundle, corpus, update: analysis.saturation_epochs(
            bundle, corpus, n_reviews, low, high, progress=update
        ),
    )


@cached(st.cache_data, "pkg.spinner.pca", max_entries=16)
def state_space(path: str, stamp: str, limit: int | None) -> Outcome[space.StateSpace]:
    """The PCA of the last layer's final h_T over ``analysis.state_space.final_states``.

    Args:
        path: the model folder.
        stamp: ``files.model_stamp`` of it.
        limit: how many test reviews (None: all).

    Returns:
        The fitted state space.
    """
    return over_corpus(space.final_states, path, stamp, limit).then(space.state_space)


@cached(st.cache_data, "pkg.spinner.units", max_entries=16)
def sentiment_units(path: str, stamp: str, limit: int | None) -> Outcome[probes.SentimentUnits]:
    """Every unit's ROC AUC and each layer's probe over the final states.

    Args:
        path: the model folder.
        stamp: ``files.model_stamp`` of it.
        limit: how many test reviews (None: all).

    Returns:
        The units and probes.
    """
    return over_corpus(space.final_states, path, stamp, limit).then(probes.sentiment_units)


@cached(st.cache_data, "pkg.spinner.disagreement", max_entries=16)
def disagreement(
    path_a: str, stamp_a: str, path_b: str, stamp_b: str
) -> Outcome[diagnostics.Disagreement]:
    """``analysis.metrics.disagreement`` of two models over the test set.

    Args:
        path_a: model A's folder.
        stamp_a: ``files.model_stamp`` of it.
        path_b: model B's folder.
        stamp_b: ``files.model_stamp`` of it.

    Returns:
        Both models' predictions of every test review.
    """
    return Outcome.of(
        lambda: diagnostics.disagreement(
            load_bundle(path_a, stamp_a),
            load_bundle(path_b, stamp_b),
            model_corpus(path_a, stamp_a),
            model_corpus(path_b, stamp_b),
        )
    )


@cached(st.cache_resource, "pkg.spinner.word_counts", max_entries=8)
def heldout_word_counts(path: str, stamp: str) -> np.ndarray:
    """How many words each test review's raw text has, in the model's own dataset.

    Args:
        path: the model folder.
        stamp: ``files.model_stamp`` of it.

    Returns:
        ``(N,)`` word counts, one per row of its corpus' ``x_test``.
    """
    return diagnostics.heldout_word_counts(model_corpus(path, stamp))


# --------------------------------------------------------------------------- #
# Single-review analyses
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class OnReview(Generic[R]):
    """A single-review analysis as the app calls it: its name (the cache key), the
    catalogue key of its spinner, and ``compute(path, stamp, *args)`` with the app's
    cached model resources."""

    name: str
    spinner: str
    compute: Callable[..., R]


@cached(st.cache_data, max_entries=128)
def _on_review(_kind: OnReview[R], name: str, path: str, stamp: str, args: tuple) -> Outcome[R]:
    """``on_review``, cached by the analysis' name, model and arguments."""
    with spinning(_kind.spinner):
        return Outcome.of(lambda: _kind.compute(path, stamp, *args))


def on_review(kind: OnReview[R], path: str, stamp: str, *args: Any) -> Outcome[R]:
    """A single-review analysis of the model at ``path``, with its spinner.

    Args:
        kind: the analysis (``ATTRIBUTION``, ``WHAT_IF``, ``FLIPS``, ``CONNECTIVITY``).
        path: the model folder.
        stamp: ``files.model_stamp`` of it.

    Returns:
        The result, or the typed error saying why there is none.
    """
    return _on_review(kind, kind.name, path, stamp, args)


@cached(st.cache_resource, "pkg.spinner.attributor", max_entries=8)
def load_attributor(path: str, stamp: str) -> analysis.Attributor:
    """The model's integrated-gradients attributor, built once per model.

    Args:
        path: the model folder.
        stamp: ``files.model_stamp`` of it.

    Returns:
        An ``analysis.Attributor``.
    """
    return analysis.Attributor(load_bundle(path, stamp).model)


@cached(st.cache_resource, "pkg.spinner.flip_searcher", max_entries=8)
def load_flip_searcher(path: str, stamp: str) -> flips.FlipSearcher:
    """The model's flip searcher, built once per model.

    Args:
        path: the model folder.
        stamp: ``files.model_stamp`` of it.

    Returns:
        An ``analysis.flips.FlipSearcher``.
    """
    bundle = load_bundle(path, stamp)
    return flips.FlipSearcher(bundle.model, bundle.vocab, classes=bundle.label_names)


#: Integrated gradients of p(positive), or of p(class ``cls``) for a model of more than two
#: classes, over the words of a review: ``(text, cls=None)``.
ATTRIBUTION: OnReview[analysis.Attribution] = OnReview(
    "attribution",
    "pkg.spinner.attribution",
    lambda path, stamp, text, cls=None: load_attributor(path, stamp).attribute(
        load_bundle(path, stamp).vocab.encode(text), cls=cls
    ),
)
#: Both texts traced and compared step by step: ``(text_a, text_b)``.
WHAT_IF: OnReview[analysis.WhatIf] = OnReview(
    "what_if",
    "pkg.spinner.what_if",
    lambda path, stamp, text_a, text_b: analysis.compare_traces(
        load_tracer(path, stamp), load_bundle(path, stamp).vocab, text_a, text_b
    ),
)
#: The single-word edits that move p(positive) most: ``(text, top_words, top=20)``.
FLIPS: OnReview[flips.FlipSearch] = OnReview(
    "flips",
    "pkg.spinner.flips",
    lambda path, stamp, text, top_words, top=20, toward=None: load_flip_searcher(
        path, stamp
    ).search(text, top_words=top_words, top=top, toward=toward),
)
#: How much each word still moves p(positive) at every later step: ``(text)``.
CONNECTIVITY: OnReview[analysis.Connectivity] = OnReview(
    "connectivity",
    "pkg.spinner.connectivity",
    lambda path, stamp, text, cls=None: analysis.connectivity(
        load_bundle(path, stamp), text, probe=load_probe(path, stamp), cls=cls
    ),
)
#: How much the padding before a review moves the model's verdict, from one backward pass:
#: ``(text)`` → ``analysis.PaddingReach`` (its ``sentence(label)`` says it, with what
#: masking would change).
PADDING: OnReview[analysis.PaddingReach] = OnReview(
    "padding",
    "pkg.spinner.connectivity",
    lambda path, stamp, text: analysis.review_padding_reach(
        load_bundle(path, stamp), text, probe=load_probe(path, stamp)
    ),
)
