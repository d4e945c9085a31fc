"""The app's caches of models, tracers, traces, the corpus and test-set predictions.

Models and tracers are cached with ``st.cache_resource`` keyed by folder and the
model's identity (``files.model_stamp``, the digest of its file, which keys the
analyses' and predictions' disk caches too); traces with ``st.cache_data``. Every cache
is made by ``cached``, which shows its spinner in the reader's language. Cached values
hold no translated text: a typed error is cached as the error, in an ``Outcome``, and
put in the reader's language when shown (``messages.settle``).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import inspect
import json
import time
from collections.abc import Callable, Iterator
from typing import Any, ParamSpec, TypeVar

import numpy as np
import streamlit as st
from streamlit import runtime

from rnn_viz import analysis
from rnn_viz.analysis import testset
from rnn_viz.app import registry, serving
from rnn_viz.app.messages import Outcome, plain, settle, shown_label
from rnn_viz.core.capture import Trace, Tracer
from rnn_viz.core.errors import RnnVizError
from rnn_viz.core.models import ModelBundle, load_model_dir
from rnn_viz.datasets import (
    Corpus,
    Dataset,
    DatasetError,
    DatasetMismatchError,
    DatasetNotFoundError,
    load_corpus,
)
from rnn_viz.datasets.kinds import DATASET_KINDS, open_user_dataset
from rnn_viz.datasets.table import read_table
from rnn_viz.i18n import error_text, t

P = ParamSpec("P")
R = TypeVar("R")


_SPINNING: contextvars.ContextVar[bool] = contextvars.ContextVar("rnn_viz_spin", default=False)


def cached(
    cache: Callable[..., Any],
    spinner: str | None = None,
    max_bytes: int | None = None,
    **options: Any,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """The one way the app caches: ``cache`` (``st.cache_data`` or ``st.cache_resource``)
    with ``options`` (the cache's own: ``max_entries``), its spinner shown in the
    reader's language, shared by every session of the server.

    ``show_spinner`` takes a text fixed at import; here the cached function's body runs
    under ``st.spinner(t(spinner))`` instead. The body runs only on a miss, so a hit
    shows nothing, exactly like Streamlit's own spinner, and as Streamlit does, a
    cached function called inside another one shows no spinner of its own.

    A value is computed once for all the sessions that ask for it meanwhile (Streamlit
    holds one compute lock per key); while it is computed it is a ``serving.FLIGHTS``
    entry with its progress (``serving.report``), and another session asking for it
    shows that progress while it waits, then reads the value.

    A data cache keeps at most ``max_bytes`` (pickled; default
    ``serving.LIMITS.cache_bytes``), the least recently used entries dropped first.

    Args:
        cache: ``st.cache_data`` or ``st.cache_resource``.
        spinner: the catalogue key of the spinner's text; None: no spinner (the
            function shows a progress bar, or is quick). The other keyword arguments
            are the cache's own options (``max_entries``).
        max_bytes: a data cache's byte budget; None: ``serving.LIMITS.cache_bytes``
            (a resource cache is bounded by ``max_entries`` only).

    Returns:
        The decorator.
    """
    if cache is st.cache_data:
        options["max_size"] = serving.LIMITS.cache_bytes if max_bytes is None else max_bytes

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(fn)
        name = f"{fn.__module__}.{fn.__qualname__}"

        def flight_key(args: tuple, kwargs: dict) -> tuple[str, str]:
            bound = signature.bind(*args, **kwargs)
            shown = {k: v for k, v in bound.arguments.items() if not k.startswith("_")}
            return name, repr(shown)  # the arguments Streamlit hashes (not ``_x``)

        @functools.wraps(fn)
        def body(*args: P.args, **kwargs: P.kwargs) -> R:
            with serving.FLIGHTS.flying(flight_key(args, kwargs)), spinning(spinner):
                return fn(*args, **kwargs)

        cached_fn = cache(show_spinner=False, **options)(body)

        @functools.wraps(fn)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            if len(serving.FLIGHTS):  # another session may be computing this value
                _wait_for(flight_key(args, kwargs))
            return cached_fn(*args, **kwargs)

        call.clear = cached_fn.clear  # type: ignore[attr-defined]
        call.cached = cached_fn  # type: ignore[attr-defined]
        return call

    return decorate


def _wait_for(key: tuple[str, str]) -> None:
    """While another session computes ``key``, show its progress (then the value is
    read from the cache)."""
    bar: list[Any] = []

    def show(flight: serving.Flight) -> None:
        text = t("pkg.shared_wait", seconds=time.monotonic() - flight.started)
        if flight.total:
            text += f" {flight.done:,} / {flight.total:,}"
        if not bar:
            bar.append(st.progress(flight.fraction, text=text))
        else:
            bar[0].progress(flight.fraction, text=text)

    try:
        serving.FLIGHTS.wait(key, show)
    finally:
        if bar:
            bar[0].empty()


@contextlib.contextmanager
def spinning(spinner: str | None) -> Iterator[None]:
    """A spinner worded by the catalogue key ``spinner`` while the block runs, unless one
    is already shown (a cached function called inside another shows none of its own).

    Args:
        spinner: the catalogue key; None: no spinner.

    Yields:
        None: while the block runs.
    """
    if spinner is None or _SPINNING.get():
        yield
        return
    token = _SPINNING.set(True)
    try:
        with st.spinner(t(spinner)):
            yield
    finally:
        _SPINNING.reset(token)


@cached(st.cache_resource, "pkg.spinner.model", max_entries=16)
def load_bundle(path: str, stamp: str) -> ModelBundle:
    """The model folder at ``path``, loaded and validated (``models.load_model_dir``).

    Args:
        path: the model folder.
        stamp: ``files.model_stamp`` of it (the cache key: a new file reloads).

    Returns:
        The bundle.

    Raises:
        ModelError: the folder cannot be used; the message says why (not cached).
    """
    return load_model_dir(path)


@cached(st.cache_resource, "pkg.spinner.tracer", max_entries=16)
def load_tracer(path: str, stamp: str) -> Tracer:
    """The model's tracer, built once per model.

    Args:
        path: the model folder.
        stamp: ``files.model_stamp`` of it.

    Returns:
        A ``Tracer`` of the loaded model.
    """
    bundle = load_bundle(path, stamp)
    return Tracer(bundle.model, classes=bundle.label_names)


@cached(st.cache_data, "pkg.spinner.trace", serving.LIMITS.trace_cache_bytes, max_entries=128)
def trace_text(path: str, stamp: str, text: str) -> Outcome[tuple[Trace, float]]:
    """``text`` read by the model at ``path``, traced step by step.

    Args:
        path: the model folder.
        stamp: ``files.model_stamp`` of it.
        text: the review as typed.

    Returns:
        ``(trace, parity)``, or the error saying why not (a text with no word the model
        reads, a model that cannot be loaded), cached untranslated.
    """

    def traced() -> tuple[Trace, float]:
        tracer = load_tracer(path, stamp)
        trace = tracer.trace(load_bundle(path, stamp).vocab.encode(text))
        return trace, tracer.parity(trace)

    return Outcome.of(traced)


@cached(st.cache_resource, "pkg.spinner.dataset")
def load_test_corpus() -> Corpus | None:
    """The default dataset (IMDB, found by ``$RNN_VIZ_DATA`` or the Keras cache) encoded
    with the default vocabulary and length, never downloading: what the Train page
    trains on.

    Returns:
        The corpus when it is on disk and readable, else None (``need_corpus()``
        shows why).
    """
    corpus, _ = analysis_corpus(None, "")
    return corpus


@cached(st.cache_data, "pkg.spinner.own_dataset", max_entries=8)
def table_columns(path: str, stamp: float) -> Outcome[list[str]]:
    """The header of a table file (``table.read_table``), for the Train page's columns.

    Args:
        path: the file.
        stamp: its modification time (a changed file is read again).

    Returns:
        The column names, or the error saying why the file cannot be read.
    """
    return Outcome.of(lambda: read_table(path).columns)


@cached(st.cache_resource, "pkg.spinner.own_dataset", max_entries=4)
def user_dataset(path: str, options: str, stamp: float) -> Outcome[Dataset]:
    """The user's own dataset (``kinds.open_user_dataset``), read whole.

    Args:
        path: the file or folder.
        options: its options as JSON (columns, split seed).
        stamp: the source's modification time (a changed source is read again).

    Returns:
        The dataset, its content read; or the error saying why it cannot be used.
    """

    def read() -> Dataset:
        dataset = open_user_dataset(path, json.loads(options))
        dataset.content  # noqa: B018 (read whole here, or the error)
        return dataset

    return Outcome.of(read)


@cached(st.cache_resource, max_entries=16)
def heldout_review_lengths(path: str | None = None, stamp: str = "") -> np.ndarray | None:
    """How many words of each test review of a model's dataset the model reads.

    Args:
        path: the model folder; None: the default dataset and vocabulary.
        stamp: ``registry.model_stamp`` of it.

    Returns:
        ``(N,)`` word counts, or None without the dataset.
    """
    corpus, _ = analysis_corpus(path, stamp)
    return None if corpus is None else testset.review_lengths(corpus)


@cached(st.cache_data, "pkg.spinner.predictions", max_entries=16)
def heldout_predictions(path: str, stamp: str) -> np.ndarray:
    """p(positive) of every test review of the model's dataset
    (``testset.heldout_predictions``).

    Args:
        path: the model folder.
        stamp: ``files.model_stamp`` of it.

    Returns:
        ``(N,)`` probabilities, one per row of ``corpus.x_test``.
    """
    return testset.heldout_predictions(load_bundle(path, stamp), model_corpus(path, stamp))


def entry_bundle(entry: registry.ModelEntry) -> ModelBundle:
    """The loaded, validated model of ``entry``; a model that fails to load stops the
    page with the reason (``messages.settle``).

    Args:
        entry: the model.

    Returns:
        Its bundle.
    """
    return settle(Outcome.of(lambda: load_bundle(str(entry.path), entry.stamp)))


def entry_trace(entry: registry.ModelEntry, text: str) -> Outcome[tuple[Trace, float]]:
    """``trace_text`` for ``entry``.

    Args:
        entry: the model.
        text: the review as typed.

    Returns:
        ``(trace, parity)``, or the error saying why not.
    """
    return trace_text(str(entry.path), entry.stamp, text)


def analysis_corpus(path: str | None, stamp: str) -> tuple[Corpus | None, DatasetError | None]:
    """The dataset a model was trained on, encoded with its vocabulary, never
    downloading.

    Not cached here: ``load_corpus`` holds one corpus per dataset, vocabulary and
    length for the whole server process, shared by every page and model of that
    dataset (models of other datasets get their own), and remembers a damaged read, so
    asking again costs a ``stat``.

    Args:
        path: the model folder; None: the default dataset, vocabulary and length.
        stamp: ``files.model_stamp`` of it ("" with no model).

    Returns:
        ``(corpus, None)``, or ``(None, error)`` when the dataset is missing, unusable
        or not the one the model was trained on.
    """
    try:
        return model_corpus(path, stamp), None
    except DatasetError as err:
        return None, err


def model_corpus(path: str | None, stamp: str) -> Corpus:
    """The dataset a model was trained on (``analysis.corpus_for``), encoded with its
    vocabulary, never downloading, for code that runs only once the page has a corpus
    (``analysis_corpus`` otherwise).

    Args:
        path: the model folder; None: the default dataset, vocabulary and length.
        stamp: ``files.model_stamp`` of it.

    Returns:
        The corpus.

    Raises:
        DatasetError: the dataset is missing, unusable or not the model's.
    """
    serving.ensure_precomputed()  # before any corpus pass: the shipped models' results
    if path is None:
        return load_corpus(download=False)
    return analysis.corpus_for(load_bundle(path, stamp))


def _downloads(entry: registry.ModelEntry) -> bool:
    """Whether a model's dataset is of a kind that is downloaded (IMDB): the page then
    says how to get it."""
    kind = DATASET_KINDS.get(entry_bundle(entry).dataset_record["kind"])
    return kind is not None and kind.downloads


def need_corpus(entry: registry.ModelEntry | None = None) -> Corpus | None:
    """The corpus of a model, or one message on the page saying why there is none.

    The message says how to get the dataset when it is missing; that it is there but
    unusable, and why, when it is damaged or incomplete; or that the model's own
    dataset is not on this machine. For a model, the dataset's note (e.g. not the
    official size) is shown.

    Args:
        entry: the model; None: the default dataset's corpus.

    Returns:
        The corpus, or None after the message.
    """
    corpus, err = analysis_corpus(
        None if entry is None else str(entry.path), "" if entry is None else entry.stamp
    )
    if isinstance(err, DatasetNotFoundError) and (entry is None or _downloads(entry)):
        st.info(t("ui.no_dataset"))  # the IMDB dataset, and how to get it
    elif isinstance(err, DatasetNotFoundError) and entry is not None:
        st.warning(
            t("ui.model_dataset", label=plain(shown_label(entry)), why=plain(error_text(err)))
        )
    elif isinstance(err, DatasetMismatchError) and entry is not None:
        st.warning(
            t("ui.model_dataset", label=plain(shown_label(entry)), why=plain(error_text(err)))
        )
    elif err is not None:
        st.warning(t("ui.dataset_unusable", why=error_text(err)))
    elif entry is not None and corpus is not None and (note := corpus.note()) is not None:
        st.caption(note.text())
    return corpus


def _warm_shipped() -> None:
    """The shipped models, their precomputed results and their corpus, read before the
    first reader asks (``serving.warm_up``)."""
    serving.ensure_precomputed()
    for entry in registry.available_models().values():
        if entry.source == "shipped" and not entry.broken:
            with contextlib.suppress(RnnVizError):
                model_corpus(str(entry.path), entry.stamp)


if runtime.exists():  # a server (not a test's AppTest): prepare while no one waits
    serving.warm_up(_warm_shipped)
