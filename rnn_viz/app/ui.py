"""Streamlit glue shared by the pages: cached loaders and the common pickers.

Models and tracers are cached with ``st.cache_resource`` keyed by folder and the
model's identity (``registry.model_stamp``, the digest of its file, which keys the
analyses' and predictions' disk caches too); traces with ``st.cache_data``. The corpus
analyses are cached with ``st.cache_data`` keyed the same way plus their parameters, on
top of the analyses' own disk cache, and show a progress bar while they compute. Every
cache is made by ``_cached``, which shows its spinner in the reader's language.

Cached values hold no translated text: a typed error is cached as the error and put in
the reader's language when shown (``error_text``); figures and stepper payloads, which
are built translated, are kept per session and language (``cached_figure``).
Everything a user picks or uploads lives in ``st.session_state``, so it never reaches
another browser session.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gc
import re
import time
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import numpy as np
import pandas as pd
import streamlit as st

from rnn_viz import analysis
from rnn_viz.analysis import testset
from rnn_viz.app import navigation, registry
from rnn_viz.core import uploads
from rnn_viz.core.capture import Trace, TraceError, Tracer
from rnn_viz.core.cell_kinds import TITLES_OR
from rnn_viz.core.errors import RnnVizError
from rnn_viz.core.models import ModelBundle, load_model_dir
from rnn_viz.datasets import (
    Corpus,
    DatasetError,
    DatasetMismatchError,
    DatasetNotFoundError,
    examples,
    load_corpus,
)
from rnn_viz.i18n import CATALOGUES, DEFAULT, current_language, error_text, is_korean_text, t
from rnn_viz.viz import plots

SOURCES = navigation.REVIEW_SOURCES
P = ParamSpec("P")
R = TypeVar("R")


# --------------------------------------------------------------------------- errors
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'])")


def plain(text: str) -> str:
    """``text`` made safe for Streamlit's Markdown, so it shows exactly as written.

    Args:
        text: any text (a file name, a model's sentence, a user's words).

    Returns:
        The text with every punctuation character that Markdown (links, images, HTML,
        LaTeX, emoji and colour directives) reads escaped and line breaks as spaces.
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def show_error(err: BaseException | str) -> None:
    """Show an error as one sentence (escaped), never a traceback.

    Args:
        err: a typed rnn-viz error (shown in the current language, ``i18n.error_text``),
            another exception, or a sentence.
    """
    text = error_text(err) if isinstance(err, RnnVizError) else str(err)
    st.error(plain(text), icon=":material/error:")


def stops_on_error(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorate a ui entry point: a typed rnn-viz error (``RnnVizError``) it raises is
    shown as its sentence and the page stops there; other exceptions propagate.

    Args:
        fn: the entry point.

    Returns:
        ``fn`` wrapped.
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except RnnVizError as err:
            show_error(err)
            st.stop()
            raise  # st.stop() ends a script run; outside one, the error goes on

    return wrapper


def _why(err: RnnVizError | None) -> str | None:
    """A cached error in the reader's language (None stays None)."""
    return None if err is None else error_text(err)


# --------------------------------------------------------------------------- the process
@functools.cache
def freeze_imports() -> None:
    """Move the objects the imports made out of the garbage collector's sight, once per
    process.

    Streamlit ends every script run with two full collections (its
    ``runner.postScriptGC`` and Keras' ``clear_session``). Over the ~430,000 objects
    that importing TensorFlow, Keras, Plotly and pandas creates, each takes ~0.23 s, so
    every click waited ~0.5 s on the server; frozen (``gc.freeze``), they take ~0 s.
    Those objects live as long as the server; what the app creates later is collected
    as usual. Called by ``app.py`` after this module's imports.
    """
    gc.collect()
    gc.freeze()


# --------------------------------------------------------------------------- caches
_SPINNING: contextvars.ContextVar[bool] = contextvars.ContextVar("rnn_viz_spin", default=False)


def _cached(
    cache: Callable[..., Any], spinner: str | None = None, **options: Any
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """The one way ui caches: ``cache`` (``st.cache_data`` or ``st.cache_resource``)
    with ``options``, its spinner shown in the reader's language.

    ``show_spinner`` takes a text fixed at import; here the cached function's body runs
    under ``st.spinner(t(spinner))`` instead. The body runs only on a miss, so a hit
    shows nothing, exactly like Streamlit's own spinner, and as Streamlit does, a
    cached function called inside another one shows no spinner of its own.

    Args:
        cache: ``st.cache_data`` or ``st.cache_resource``.
        spinner: the catalogue key of the spinner's text; None: no spinner (the
            function shows a progress bar, or is quick).
        **options: the cache's own options (``max_entries``).

    Returns:
        The decorator.
    """

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def body(*args: P.args, **kwargs: P.kwargs) -> R:
            if spinner is None or _SPINNING.get():
                return fn(*args, **kwargs)
            token = _SPINNING.set(True)
            try:
                with st.spinner(t(spinner)):
                    return fn(*args, **kwargs)
            finally:
                _SPINNING.reset(token)

        return cache(show_spinner=False, **options)(body)

    return decorate


# --------------------------------------------------------------------------- cached loaders
@_cached(st.cache_resource, "pkg.spinner.model", max_entries=16)
def load_bundle(path: str, stamp: str) -> ModelBundle:
    """The model folder at ``path``, loaded and validated (``models.load_model_dir``).

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it (the cache key: a new file reloads).

    Returns:
        The bundle.

    Raises:
        ModelError: the folder cannot be used; the message says why (not cached).
    """
    return load_model_dir(path)


@_cached(st.cache_resource, "pkg.spinner.tracer", max_entries=16)
def load_tracer(path: str, stamp: str) -> Tracer:
    """The model's tracer, built once per model.

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.

    Returns:
        A ``Tracer`` of the loaded model.
    """
    return Tracer(load_bundle(path, stamp).model)


@_cached(st.cache_data, "pkg.spinner.trace", max_entries=128)
def _trace_text(
    path: str, stamp: str, text: str
) -> tuple[Trace | None, float | None, TraceError | None]:
    """``(trace, parity, None)`` or ``(None, None, error)``, cached untranslated."""
    bundle = load_bundle(path, stamp)
    tracer = load_tracer(path, stamp)
    try:
        trace = tracer.trace(bundle.vocab.encode(text))
    except TraceError as err:
        return None, None, err
    return trace, tracer.parity(trace), None


def trace_text(path: str, stamp: str, text: str) -> tuple[Trace | None, float | None, str | None]:
    """``text`` read by the model at ``path``, traced step by step.

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.
        text: the review as typed.

    Returns:
        ``(trace, parity, None)``, or ``(None, None, why)`` when the text has no word the
        model reads (``why`` in the current language).
    """
    trace, parity, err = _trace_text(path, stamp, text)
    return trace, parity, _why(err)


@_cached(st.cache_resource, "pkg.spinner.dataset")
def load_test_corpus() -> Corpus | None:
    """The encoded dataset (default vocabulary and length), never downloading.

    Returns:
        The corpus when it is on disk and readable, else None (``need_corpus()``
        shows why).
    """
    corpus, _ = analysis_corpus(None, "")
    return corpus


@_cached(st.cache_resource)
def test_review_lengths() -> np.ndarray | None:
    """How many words of each test review the model reads.

    Returns:
        ``(N,)`` word counts, or None without the dataset.
    """
    corpus = load_test_corpus()
    return None if corpus is None else testset.review_lengths(corpus)


@_cached(st.cache_data, "pkg.spinner.predictions", max_entries=16)
def test_predictions(path: str, stamp: str) -> np.ndarray:
    """p(positive) of every test review (``testset.test_predictions``).

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.

    Returns:
        ``(N,)`` probabilities, one per row of ``corpus.x_test``.
    """
    return testset.test_predictions(load_bundle(path, stamp), model_corpus(None, ""))


@stops_on_error
def entry_bundle(entry: registry.ModelEntry) -> ModelBundle:
    """The loaded, validated model of ``entry``; a model that fails to load stops the
    page with the reason (``stops_on_error``).

    Args:
        entry: the model.

    Returns:
        Its bundle.
    """
    return load_bundle(str(entry.path), entry.stamp)


@stops_on_error
def entry_trace(
    entry: registry.ModelEntry, text: str
) -> tuple[Trace | None, float | None, str | None]:
    """``trace_text`` for ``entry``; a model that fails to load stops the page.

    Args:
        entry: the model.
        text: the review as typed.

    Returns:
        ``(trace, parity, None)`` or ``(None, None, why)``.
    """
    return trace_text(str(entry.path), entry.stamp, text)


# --------------------------------------------------------------------------- analyses
def analysis_corpus(path: str | None, stamp: str) -> tuple[Corpus | None, DatasetError | None]:
    """The dataset encoded with the vocabulary of a model, never downloading.

    Not cached here: ``data.load_corpus`` holds one corpus per source, vocabulary and
    length for the whole server process, shared by every page and model, and
    remembers a damaged read, so asking again costs a ``stat``.

    Args:
        path: the model folder; None: the default vocabulary and length.
        stamp: ``registry.model_stamp`` of it ("" with no model).

    Returns:
        ``(corpus, None)``, or ``(None, error)`` when the dataset is missing, unusable
        or does not fit the model.
    """
    try:
        return model_corpus(path, stamp), None
    except DatasetError as err:
        return None, err


def model_corpus(path: str | None, stamp: str) -> Corpus:
    """The dataset encoded with the vocabulary of a model, never downloading, for code
    that runs only once the page has a corpus (``analysis_corpus`` otherwise).

    Args:
        path: the model folder; None: the default vocabulary and length.
        stamp: ``registry.model_stamp`` of it.

    Returns:
        The corpus.

    Raises:
        DatasetError: the dataset is missing, unusable or does not fit the model.
    """
    if path is None:
        return load_corpus(download=False)
    return analysis.corpus_for(load_bundle(path, stamp))


def need_corpus(entry: registry.ModelEntry | None = None) -> Corpus | None:
    """The corpus of a model, or one message on the page saying why there is none.

    The message says how to get the dataset when it is missing; that it is there but
    unusable, and why, when it is damaged or incomplete; or that it does not fit the
    model. For a model, a dataset not of the official size is noted.

    Args:
        entry: the model; None: the test-set reviews' own corpus.

    Returns:
        The corpus, or None after the message.
    """
    corpus, err = analysis_corpus(
        None if entry is None else str(entry.path), "" if entry is None else entry.stamp
    )
    if isinstance(err, DatasetNotFoundError):
        st.info(t("ui.no_dataset"))
    elif isinstance(err, DatasetMismatchError) and entry is not None:
        st.warning(t("ui.model_dataset", label=shown_label(entry), why=error_text(err)))
    elif err is not None:
        st.warning(t("ui.dataset_unusable", why=error_text(err)))
    elif entry is not None and corpus is not None and corpus.size_note:
        st.caption(corpus.size_note)
    return corpus


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
@_cached(st.cache_data, max_entries=32)
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


@_cached(st.cache_data, max_entries=16)
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
@_cached(st.cache_data, max_entries=64)
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
@_cached(st.cache_data, max_entries=16)
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


@_cached(st.cache_resource, "pkg.spinner.attributor", max_entries=8)
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
@_cached(st.cache_data, "pkg.spinner.attribution", max_entries=64)
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
@_cached(st.cache_data, "pkg.spinner.what_if", max_entries=64)
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


# --------------------------------------------------------------------------- models
def _session_ended(session_id: str) -> bool:
    """Whether the server no longer holds this browser session (closed, or disconnected
    for longer than ``server.disconnectedSessionTTL``)."""
    from streamlit import runtime

    return runtime.exists() and runtime.get_instance().get_app_session(session_id) is None


_SWEEP_EVERY_S = 60.0
_last_sweep = [float("-inf")]


def _sweep_uploads(now: bool = False) -> None:
    """At most once a minute (or ``now``): remove the upload folders of sessions that
    ended (and any untouched for a day, e.g. from before a restart)."""
    if now or time.monotonic() - _last_sweep[0] >= _SWEEP_EVERY_S:
        _last_sweep[0] = time.monotonic()
        uploads.sweep_uploads(ended=_session_ended)


def _upload_folder() -> Path:
    """This browser session's upload folder (``uploads.session_folder``)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return uploads.session_folder(ctx.session_id if ctx else "local")


def _uploaded() -> dict[str, tuple[Path, str]]:
    return st.session_state.setdefault(navigation.UPLOADED_MODELS, {})


def models() -> dict[str, registry.ModelEntry]:
    """Every model this session can use: shipped, the user's, and its own uploads.

    Returns:
        ``{label: ModelEntry}`` (``registry.available_models``).
    """
    _sweep_uploads()
    if _uploaded():
        _upload_folder()  # touched: kept by the sweep while this session lives
    return registry.available_models(_uploaded())


def _import_upload(picker_key: str) -> None:
    """The uploader's ``on_change``: import the file, and select it in the picker.

    Runs before the page script, so it may set the picker's key (setting it later,
    once the picker exists, is what Streamlit forbids)."""
    file = st.session_state.get(navigation.UPLOAD_FILE)
    if file is None:
        st.session_state.pop(navigation.UPLOAD_MESSAGE, None)
        return
    shown = uploads.shown_name(file.name)
    _sweep_uploads(now=True)
    try:
        folder, note = uploads.import_upload(file.name, file.getvalue(), _upload_folder())
        load_bundle(str(folder), registry.model_stamp(folder))
    except RnnVizError as err:
        st.session_state[navigation.UPLOAD_MESSAGE] = err  # put in words when shown
        return
    name, taken = uploads.safe_name(file.name), _uploaded()
    for k in range(2, 1000):
        if name not in taken or taken[name][0] == folder:
            break
        name = f"{uploads.safe_name(file.name)[:36]}_{k}"
    taken[name] = (folder, note)
    st.session_state[picker_key] = f"{name} (uploaded)"
    st.session_state[navigation.UPLOAD_MESSAGE] = (shown, name, note)


#: The parts of Streamlit's dropzone that its API cannot word (its own English text):
#: the upload button, the size and type line, and the sentence shown while dragging.
_DROPZONE = '[data-testid="stFileUploaderDropzone"]'


def _css_text(text: str) -> str:
    """``text`` as a CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def dropzone_css(key: str) -> str:
    """CSS that words the dropzone of the uploader ``key`` in the current language.

    Streamlit 1.67's ``st.file_uploader`` takes a label and help but writes its
    dropzone (the "Upload" button, "100MB per file • KERAS, ZIP", and "Drag and drop a
    file here" while dragging) in English, with no parameter to change it. In another
    language these are hidden (``font-size: 0``) and the catalogue's text is shown in
    their place (``::after``), only inside this uploader (``.st-key-<key>``).

    Args:
        key: the uploader's widget key.

    Returns:
        A ``<style>`` element; "" in English (Streamlit's own text is English).
    """
    if current_language() == DEFAULT:
        return ""
    scope = f".st-key-{key} {_DROPZONE}"
    limit = t("pkg.upload.limit", mb=uploads.LIMITS.upload_bytes >> 20, types="KERAS, ZIP")
    rules = [
        (f"{scope} button", t("pkg.upload.button")),
        (f'{scope} [data-testid="stFileUploaderDropzoneInstructions"] span', limit),
        (f"{scope} > div:not([data-testid])", t("pkg.upload.drop")),
    ]
    css = "".join(
        f"{where} {{font-size: 0 !important;}} "
        f"{where} *:not([data-testid='stIconMaterial']) {{font-size: 0 !important;}} "
        f"{where}::after {{content: {_css_text(text)}; font-size: 0.875rem;}} "
        for where, text in rules
    )
    # the size line is one nowrap line, cut at the English text's width: let ours wrap
    css += f"{rules[1][0]} {{white-space: normal !important;}} "
    return f"<style>{css}</style>"


def upload_box(picker_key: str = navigation.MODEL) -> None:
    """A file uploader for a ``.keras`` file or a zipped model folder (safe mode);
    a model it loads is selected in the picker whose key is ``picker_key``.

    Args:
        picker_key: the session key of the page's ``model_picker``.
    """
    limits = uploads.LIMITS
    with st.expander(t("pkg.upload.expander")):
        css = dropzone_css(navigation.UPLOAD_FILE)
        if css:
            st.html(css)
        st.file_uploader(
            t("pkg.upload.label"),
            type=["keras", "zip"],
            key=navigation.UPLOAD_FILE,
            on_change=_import_upload,
            args=(picker_key,),
            max_upload_size=limits.upload_bytes >> 20,
            help=t(
                "pkg.upload.help",
                layers=TITLES_OR,
                mb=limits.upload_bytes >> 20,
                total=limits.total_bytes >> 20,
            ),
        )
        message = st.session_state.get(navigation.UPLOAD_MESSAGE)
        if isinstance(message, RnnVizError):
            show_error(t("pkg.upload.refused", why=error_text(message)))
        elif message is not None:
            shown, name, note = message
            st.success(plain(t("pkg.upload.loaded", shown=shown, name=name, note=note).strip()))


def model_picker(
    label: str | None = None, key: str = navigation.MODEL, prefer: str | None = None
) -> registry.ModelEntry | None:
    """A select box over ``models()``, and the chosen model loaded and validated.

    Under the box: a sentence for each thing the model cannot show (its
    ``capabilities``). A broken model, or one that fails to load, is shown with
    the reason instead.

    Args:
        label: the box's label; None: "Model" in the current language.
        key: its session key.
        prefer: pick by default the first model whose name contains this.

    Returns:
        The chosen entry, or None (after a message) when there is no model, or the
        chosen one cannot be opened.
    """
    entries = models()
    if not entries:
        st.info(t("ui.no_models"))
        return None
    labels = list(entries)
    if st.session_state.get(key) not in labels:
        usable = [lab for lab in labels if not entries[lab].broken] or labels
        wanted = [lab for lab in usable if prefer and prefer in entries[lab].name]
        st.session_state[key] = (wanted or usable)[0]
    entry = entries[
        st.selectbox(
            t("pkg.model") if label is None else label,
            labels,
            key=key,
            format_func=lambda lab: (
                t("ui.broken", label=shown_label(entries[lab]))
                if entries[lab].broken
                else shown_label(entries[lab])
            ),
        )
    ]
    if entry.broken:
        show_error(t("ui.cannot_open", label=shown_label(entry), why=entry.why))
        return None
    try:
        bundle = load_bundle(str(entry.path), entry.stamp)
    except RnnVizError as err:
        show_error(t("ui.cannot_open", label=shown_label(entry), why=error_text(err)))
        return None
    if entry.note:
        st.caption(plain(entry.note))
    for note in bundle.capabilities.notes():
        st.caption(plain(note))
    return entry


def shown_label(entry: registry.ModelEntry) -> str:
    """How a model is named on a page: its name and its source in the current language.

    Args:
        entry: the model.

    Returns:
        ``"lstm (shipped)"`` in English; the session keys keep ``entry.label``.
    """
    return f"{entry.name} ({t(f'pkg.source.{entry.source}')})"


# --------------------------------------------------------------------------- reviews
def review_picker(
    entry: registry.ModelEntry, key: str = "", refuse_korean: bool = False
) -> tuple[str, str]:
    """Choose a review: an example, a test-set review (when the dataset is found), or
    typed text.

    Args:
        entry: the model (its predictions filter the test-set reviews).
        key: the prefix of the pickers' session keys (one review picker per prefix).
        refuse_korean: typed Korean text (every word out of the English vocabulary)
            stops the page with a sentence saying so instead of being traced as [UNK]s.

    Returns:
        ``(text, description)``: the review and a line saying which it is; ``("", why)``
        when no review is chosen.
    """
    lang = current_language()
    names = dict(
        zip(SOURCES, (t("ui.source.example"), t("ui.source.test"), t("ui.source.own")), strict=True)
    )
    source = st.radio(
        t("ui.review"),
        SOURCES,
        horizontal=True,
        key=f"{key}{navigation.SOURCE}",
        format_func=names.get,
    )
    if source == SOURCES[0]:
        choices = examples.load_examples()
        titles = [e.title for e in choices]
        title = st.selectbox(
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
        if refuse_korean and is_korean_text(text):
            st.warning(t("ui.korean_input"), icon=":material/translate:")
            st.stop()
        return text, t("pkg.desc.own")
    corpus = need_corpus()
    if corpus is None:
        return "", t("pkg.desc.no_dataset")
    c1, c2, c3 = st.columns(3)
    label = c1.selectbox(
        t("ui.label"),
        ["any", "positive", "negative"],
        key=f"{key}{navigation.LABEL}",
        format_func=lambda v: t(f"ui.{v}"),
    )
    readout = entry_bundle(entry).capabilities.readout
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
    lengths = test_review_lengths()
    if lengths is None:  # the corpus above was read, so this does not happen
        return "", t("pkg.desc.no_dataset")
    lo, hi = c3.slider(
        t("ui.length", maxlen=corpus.vocab.maxlen),
        1,
        int(lengths.max()),
        (1, int(lengths.max())),
        key=f"{key}{navigation.LENGTH}",
    )
    probs = test_predictions(str(entry.path), entry.stamp) if outcome != "any" else None
    found = testset.filter_test_reviews(
        corpus,
        label={"any": None, "positive": 1, "negative": 0}[label],
        outcome=None if outcome == "any" else outcome,
        probs=probs,
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
    stars = int(corpus.test_ratings[i])
    desc = t(
        "ui.test_desc",
        i=i,
        label=t("ui.positive" if corpus.y_test[i] else "ui.negative"),
        stars=stars,
        words=int(lengths[i]),
        file=f"test/{'pos' if corpus.y_test[i] else 'neg'}/{corpus.test_ids[i]}_{stars}.txt",
    )
    st.caption(desc)
    return corpus.test_text(i), desc


# --------------------------------------------------------------------------- figures
#: How many figures and stepper payloads one session keeps (the least recently used goes).
FIGURES_KEPT = 16


def cached_figure(key: tuple[Hashable, ...], build: Callable[[], R]) -> R:
    """A figure (or a stepper payload) kept in this session only, built once per ``key``
    and language: figures hold translated titles, so another language builds anew.

    The least recently used one is dropped past ``FIGURES_KEPT``, so going back to a model
    opened a moment ago reuses its figures instead of rebuilding them.

    Args:
        key: what the figure depends on (model, stamp, text digest, options).
        build: builds it, in the current language.

    Returns:
        The figure.
    """
    store = st.session_state.setdefault(navigation.FIGURES, {})
    key = (*key, current_language())
    if key in store:
        store[key] = store.pop(key)  # most recently used last
    else:
        while len(store) >= FIGURES_KEPT:
            store.pop(next(iter(store)))
        store[key] = build()
    return store[key]


def figure_downloads(fig: Any, name: str, key: str) -> None:
    """An HTML download of a figure, built only when clicked (PNG: the chart's camera icon).

    Args:
        fig: a Plotly figure.
        name: the file name without ``.html``.
        key: the prefix of the button's key.
    """
    st.download_button(
        t("ui.figure_html"),
        lambda: plots.figure_html(fig),
        f"{name}.html",
        "text/html",
        key=f"{key}_html",
        on_click="ignore",
        help=t("ui.figure_png_help"),
    )


def trace_downloads(trace: Trace, name: str, key: str) -> None:
    """``.npz`` and CSV downloads of a trace, built only when clicked.

    Args:
        trace: the trace.
        name: the file names without extension.
        key: the prefix of the buttons' keys.
    """
    c1, c2 = st.columns(2)
    c1.download_button(
        t("ui.trace_npz"),
        trace.to_npz_bytes,
        f"{name}.npz",
        "application/octet-stream",
        key=f"{key}_npz",
        on_click="ignore",
    )
    c2.download_button(
        t("ui.trace_csv"),
        trace.to_csv,
        f"{name}.csv",
        "text/csv",
        key=f"{key}_csv",
        on_click="ignore",
    )


# --------------------------------------------------------------------------- tables
def column_label(name: str, labels: Mapping[str, str] | None = None) -> str:
    """The header a table shows for the column ``name``.

    Args:
        name: the column's stable key (``"test_accuracy"``), or text already shown as is.
        labels: headers the caller gives (e.g. an analysis table's own, translated).

    Returns:
        ``labels[name]``; else the catalogue's ``pkg.col.<name>`` in the current
        language when the catalogue has it; else ``name`` unchanged (model names,
        ``"p(positive)"``, headers built translated).
    """
    if labels and name in labels:
        return labels[name]
    key = f"pkg.col.{name}"
    return t(key) if key in CATALOGUES[DEFAULT] else name


def _frame(
    rows: pd.DataFrame | Sequence[Mapping[str, Any]],
    labels: Mapping[str, str] | None,
    formats: Mapping[str, str] | None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """``rows`` with translated headers, and the number formats by translated header."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    frame = frame.rename(columns=lambda c: column_label(str(c), labels))
    config = {
        column_label(name, labels): st.column_config.NumberColumn(format=fmt)
        for name, fmt in (formats or {}).items()
    }
    return frame, config


def data_table(
    rows: pd.DataFrame | Sequence[Mapping[str, Any]],
    *,
    labels: Mapping[str, str] | None = None,
    formats: Mapping[str, str] | None = None,
    index: bool = False,
) -> None:
    """Show a table with its headers in the current language (``column_label``).

    Args:
        rows: a frame, or one dict per row with stable keys.
        labels: headers the caller gives, by key.
        formats: printf formats by key (``{"auc": "%.3f"}``).
        index: show the frame's index (e.g. ``"A: lstm"``).
    """
    frame, config = _frame(rows, labels, formats)
    st.dataframe(frame, hide_index=not index, width="stretch", column_config=config)


def pick_row(
    rows: pd.DataFrame | Sequence[Mapping[str, Any]],
    key: str,
    *,
    labels: Mapping[str, str] | None = None,
    formats: Mapping[str, str] | None = None,
) -> int:
    """A table whose row the user picks by clicking it (``data_table``'s headers).

    Args:
        rows: a frame, or one dict per row with stable keys.
        key: the table's session key.
        labels: headers the caller gives, by key.
        formats: printf formats by key.

    Returns:
        The picked row's position; 0 while none is picked.
    """
    frame, config = _frame(rows, labels, formats)
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=key,
        column_config=config,
    )
    picked = event.selection.rows if event is not None else []
    return int(picked[0]) if picked else 0


# --------------------------------------------------------------------------- diagnostics
@stops_on_error
@_cached(st.cache_data, "pkg.spinner.metrics", max_entries=32)
def test_metrics(path: str, stamp: str) -> analysis.metrics.TestMetrics:
    """``analysis.metrics.test_metrics`` of the model at ``path`` over its corpus.

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.

    Returns:
        Accuracy, ROC AUC, confusion matrix and the rest over the test set; a model
        without p(positive) (``NoProbabilityError``, not cached) stops the page with
        the reason.
    """
    from rnn_viz.analysis import metrics as diagnostics

    corpus = model_corpus(path, stamp)
    return diagnostics.test_metrics(load_bundle(path, stamp), corpus)


@stops_on_error
@_cached(st.cache_data, "pkg.spinner.disagreement", max_entries=16)
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


@_cached(st.cache_resource, "pkg.spinner.word_counts")
def test_word_counts() -> np.ndarray | None:
    """How many words each test review's raw text has.

    Returns:
        ``(N,)`` word counts, or None without the dataset.
    """
    from rnn_viz.analysis import metrics as diagnostics

    corpus = load_test_corpus()
    return None if corpus is None else diagnostics.test_word_counts(corpus)


@stops_on_error
@_cached(st.cache_data, max_entries=16)
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
@_cached(st.cache_data, "pkg.spinner.pca", max_entries=16)
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
@_cached(st.cache_data, "pkg.spinner.units", max_entries=16)
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


@_cached(st.cache_resource, "pkg.spinner.flip_searcher", max_entries=8)
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
@_cached(st.cache_data, "pkg.spinner.flips", max_entries=64)
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


# --------------------------------------------------------------------------- memory across time
@_cached(st.cache_resource, "pkg.spinner.probe", max_entries=8)
def load_probe(path: str, stamp: str) -> analysis.GradientProbe:
    """The model's ``GradientProbe``, built once per model.

    Args:
        path: the model folder.
        stamp: ``registry.model_stamp`` of it.

    Returns:
        The probe.

    Raises:
        MemoryAnalysisError: the model's memory cannot be measured (not cached).
    """
    return analysis.GradientProbe(load_bundle(path, stamp).model)


@_cached(st.cache_data, "pkg.spinner.connectivity", max_entries=64)
def _connectivity(
    path: str, stamp: str, text: str
) -> tuple[analysis.Connectivity | None, analysis.MemoryAnalysisError | None]:
    """``analysis.connectivity``, or the error saying why not (cached untranslated)."""
    try:
        return analysis.connectivity(
            load_bundle(path, stamp), text, probe=load_probe(path, stamp)
        ), None
    except analysis.MemoryAnalysisError as err:
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
    return result, _why(err)


@_cached(st.cache_data, max_entries=16)
def _gradient_distance(
    path: str, stamp: str, limit: int | None
) -> tuple[analysis.GradientDistance | None, analysis.MemoryAnalysisError | None]:
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
        except analysis.MemoryAnalysisError as err:
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
    return result, _why(err)
