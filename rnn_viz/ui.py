"""Streamlit glue shared by the pages: cached loaders and the common pickers.

Models and tracers are cached with ``st.cache_resource`` keyed by folder and the
model's identity (``registry.model_stamp``, the digest of its file, which keys the
analyses' and predictions' disk caches too); traces with ``st.cache_data``. The corpus
analyses are cached with ``st.cache_data`` keyed the same way plus their parameters, on
top of the analyses' own disk cache, and show a progress bar while they compute.
Everything a user picks or uploads lives in ``st.session_state``, so it never reaches
another browser session.
"""

from __future__ import annotations

import functools
import re
import time
from pathlib import Path

import numpy as np
import streamlit as st

from . import analysis, examples, navigation, plots, registry, testset, uploads
from .capture import Trace, TraceError, Tracer
from .cell_kinds import TITLES_OR
from .data import Corpus, DatasetError, DatasetMismatchError, DatasetNotFoundError, load_corpus
from .errors import RnnVizError
from .i18n import current_language, error_text, is_korean_text, t
from .models import ModelBundle, load_model_dir

SOURCES = navigation.REVIEW_SOURCES


# --------------------------------------------------------------------------- errors
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'])")


def plain(text: str) -> str:
    """``text`` made safe for Streamlit's Markdown: every punctuation character that
    Markdown (links, images, HTML, LaTeX, emoji and colour directives) reads is
    escaped and line breaks become spaces, so it shows exactly as written."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def show_error(err: BaseException | str) -> None:
    """Show an error as one sentence (escaped), never a traceback; a typed rnn-viz error
    in the current language (``i18n.error_text``)."""
    text = error_text(err) if isinstance(err, RnnVizError) else str(err)
    st.error(plain(text), icon=":material/error:")


def stops_on_error(fn):
    """Decorate a ui entry point: a typed rnn-viz error (``RnnVizError``) it raises is
    shown as its sentence and the page stops there; other exceptions propagate."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except RnnVizError as err:
            show_error(err)
            st.stop()

    return wrapper


# --------------------------------------------------------------------------- cached loaders
@st.cache_resource(max_entries=16, show_spinner="Loading the model…")
def load_bundle(path: str, stamp: str) -> ModelBundle:
    """The model folder at ``path``, loaded and validated (``models.load_model_dir``;
    ``stamp`` = ``registry.model_stamp``, so a new file reloads).

    Raises:
        ModelError: the folder cannot be used; the message says why (not cached).
    """
    return load_model_dir(path)


@st.cache_resource(max_entries=16, show_spinner="Preparing the tracer…")
def load_tracer(path: str, stamp: str) -> Tracer:
    return Tracer(load_bundle(path, stamp).model)


@st.cache_data(max_entries=128, show_spinner="Tracing the review…")
def trace_text(path: str, stamp: str, text: str) -> tuple[Trace | None, float | None, str | None]:
    """``(trace, parity, None)`` for ``text`` read by the model, or ``(None, None, reason)``."""
    bundle = load_bundle(path, stamp)
    tracer = load_tracer(path, stamp)
    try:
        trace = tracer.trace(bundle.vocab.encode(text))
    except TraceError as err:
        return None, None, str(err)
    return trace, tracer.parity(trace), None


@st.cache_resource(show_spinner="Reading the IMDB dataset…")
def load_test_corpus() -> Corpus | None:
    """The encoded dataset (default vocabulary and length) when it is on disk and
    readable (never downloads), else None; ``need_corpus()`` shows why."""
    corpus, _ = analysis_corpus(None, "")
    return corpus


@st.cache_resource(show_spinner=False)
def test_review_lengths() -> np.ndarray | None:
    """``(N,)`` words of each test review the model reads (None without the dataset)."""
    corpus = load_test_corpus()
    return None if corpus is None else testset.review_lengths(corpus)


@st.cache_data(max_entries=16, show_spinner="Predicting every test review (once per model)…")
def test_predictions(path: str, stamp: str) -> np.ndarray:
    return testset.test_predictions(load_bundle(path, stamp), model_corpus(None, ""))


@stops_on_error
def entry_bundle(entry: registry.ModelEntry) -> ModelBundle:
    """The loaded, validated model of ``entry``; a model that fails to load stops the
    page with the reason (``stops_on_error``)."""
    return load_bundle(str(entry.path), entry.stamp)


@stops_on_error
def entry_trace(
    entry: registry.ModelEntry, text: str
) -> tuple[Trace | None, float | None, str | None]:
    """``trace_text`` for ``entry``: ``(trace, parity, None)`` or ``(None, None, why)``."""
    return trace_text(str(entry.path), entry.stamp, text)


# --------------------------------------------------------------------------- analyses
NO_DATASET = (
    "**The IMDB dataset is not on this machine**, so test-set reviews and the corpus "
    "analyses are not available. Download `aclImdb_v1.tar.gz` from "
    "https://ai.stanford.edu/~amaas/data/sentiment/ and start the app with "
    "`RNN_VIZ_DATA=/path/to/aclImdb_v1.tar.gz` (or a folder holding `aclImdb/`), or train "
    "once on the **Train** page, which offers the download. The single-review views (Gate "
    "explorer, token attribution, What-if) work without it."
)
DATASET_UNUSABLE = (
    "**The IMDB dataset is on this machine but cannot be used**, so test-set reviews and "
    "the corpus analyses are not available. {why} The single-review views (Gate explorer, "
    "token attribution, What-if) work without it."
)


def analysis_corpus(path: str | None, stamp: str) -> tuple[Corpus | None, DatasetError | None]:
    """The dataset encoded with the vocabulary of the model at ``path`` (None: the
    default vocabulary and length), never downloading; or ``(None, error)``.

    Not cached here: ``data.load_corpus`` holds one corpus per source, vocabulary and
    length for the whole server process, shared by every page and model, and
    remembers a damaged read, so asking again costs a ``stat``."""
    try:
        if path is None:
            return load_corpus(download=False), None
        return analysis.corpus_for(load_bundle(path, stamp)), None
    except DatasetError as err:
        return None, err


def model_corpus(path: str | None, stamp: str) -> Corpus:
    """``analysis_corpus`` for code that runs only once the page has a corpus.

    Raises:
        DatasetError: the dataset is missing, unusable or does not fit the model.
    """
    corpus, err = analysis_corpus(path, stamp)
    if corpus is None:
        raise err if err is not None else DatasetNotFoundError("The IMDB dataset is missing.")
    return corpus


def need_corpus(entry: registry.ModelEntry | None = None) -> Corpus | None:
    """The corpus of ``entry``'s model (None: the test-set reviews' own), or None after
    one message on the page: how to get the dataset when it is missing; that it is
    there but unusable, and why, when it is damaged or incomplete; or that it does
    not fit the model. For a model, a dataset not of the official size is noted."""
    corpus, err = analysis_corpus(
        None if entry is None else str(entry.path), "" if entry is None else entry.stamp
    )
    if isinstance(err, DatasetNotFoundError):
        st.info(t("ui.no_dataset"))
    elif isinstance(err, DatasetMismatchError) and entry is not None:
        st.warning(t("ui.model_dataset", label=entry.label, why=error_text(err)))
    elif err is not None:
        st.warning(t("ui.dataset_unusable", why=error_text(err)))
    elif entry is not None and corpus is not None and corpus.size_note:
        st.caption(corpus.size_note)
    return corpus


def _progress(text: str):
    """A progress bar and its ``progress(done, total)`` callback (about 20 updates).
    Created inside the cached function and emptied at its end, so a cache hit
    replays nothing visible."""
    bar = st.progress(0.0, text=text)
    shown = [-1]

    def update(done: int, total: int) -> None:
        pct = int(20 * done / max(total, 1))
        if pct != shown[0]:
            shown[0] = pct
            bar.progress(min(done / max(total, 1), 1.0), text=f"{text} {done:,} / {total:,}")

    return bar, update


def limit_picker(corpus: Corpus, key: str, default: int = 1000) -> int | None:
    """How many test reviews an analysis reads (a fixed random sample of N; None = all)."""
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


@st.cache_data(max_entries=32, show_spinner=False)
def saturation(
    path: str, stamp: str, low: float, high: float, limit: int | None, bins: int = 20
) -> analysis.Saturation:
    corpus = model_corpus(path, stamp)
    bar, update = _progress(t("progress.saturation"))
    result = analysis.saturation(
        load_bundle(path, stamp),
        corpus,
        low,
        high,
        limit,
        bins,
        progress=update,
        tracer=load_tracer(path, stamp),
    )
    bar.empty()
    return result


@st.cache_data(max_entries=16, show_spinner=False)
def saturation_history(
    path: str, stamp: str, n_reviews: int, low: float, high: float
) -> analysis.SaturationHistory | str:
    """The saturation after every kept epoch, or why there is none."""
    corpus = model_corpus(path, stamp)
    bar, update = _progress(t("progress.saturation_epochs"))
    result: analysis.SaturationHistory | str
    try:
        result = analysis.saturation_epochs(
            load_bundle(path, stamp), corpus, n_reviews, low, high, progress=update
        )
    except analysis.NoEpochsError as err:
        result = str(err)
    bar.empty()
    return result


@st.cache_data(max_entries=64, show_spinner=False)
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
    corpus = model_corpus(path, stamp)
    bar, update = _progress(t("progress.unit_search"))
    result = analysis.unit_search(
        load_bundle(path, stamp),
        corpus,
        layer,
        gate,
        unit,
        threshold,
        above,
        top,
        limit=limit,
        progress=update,
        tracer=load_tracer(path, stamp),
    )
    bar.empty()
    return result


@st.cache_data(max_entries=16, show_spinner=False)
def words_per_unit(path: str, stamp: str, limit: int | None) -> analysis.WordsPerUnit:
    corpus = model_corpus(path, stamp)
    bar, update = _progress(t("progress.words_per_unit"))
    result = analysis.words_per_unit(
        load_bundle(path, stamp), corpus, limit, progress=update, tracer=load_tracer(path, stamp)
    )
    bar.empty()
    return result


@st.cache_resource(max_entries=8, show_spinner="Preparing integrated gradients…")
def load_attributor(path: str, stamp: str) -> analysis.Attributor:
    return analysis.Attributor(load_bundle(path, stamp).model)


@st.cache_data(max_entries=64, show_spinner="Integrated gradients over the review…")
def attribution(path: str, stamp: str, text: str) -> analysis.Attribution:
    return load_attributor(path, stamp).attribute(load_bundle(path, stamp).vocab.encode(text))


@st.cache_data(max_entries=64, show_spinner="Tracing both reviews…")
def what_if(
    path: str, stamp: str, text_a: str, text_b: str
) -> tuple[analysis.WhatIf | None, str | None]:
    """``(WhatIf, None)``, or ``(None, why)`` when a text has no word the model reads."""
    try:
        return analysis.compare_traces(
            load_tracer(path, stamp), load_bundle(path, stamp).vocab, text_a, text_b
        ), None
    except TraceError as err:
        return None, str(err)


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
    return st.session_state.setdefault("uploaded_models", {})


def models() -> dict[str, registry.ModelEntry]:
    """Every model this session can use: shipped, the user's, and its own uploads."""
    _sweep_uploads()
    if _uploaded():
        _upload_folder()  # touched: kept by the sweep while this session lives
    return registry.available_models(_uploaded())


def _import_upload(picker_key: str) -> None:
    """The uploader's ``on_change``: import the file, and select it in the picker.

    Runs before the page script, so it may set the picker's key (setting it later,
    once the picker exists, is what Streamlit forbids)."""
    file = st.session_state.get("upload_file")
    if file is None:
        st.session_state.pop("upload_message", None)
        return
    shown = uploads.shown_name(file.name)
    _sweep_uploads(now=True)
    try:
        folder, note = uploads.import_upload(file.name, file.getvalue(), _upload_folder())
        load_bundle(str(folder), registry.model_stamp(folder))
    except RnnVizError as err:
        st.session_state["upload_message"] = ("error", f"Refused: {err}")
        return
    name, taken = uploads.safe_name(file.name), _uploaded()
    for k in range(2, 1000):
        if name not in taken or taken[name][0] == folder:
            break
        name = f"{uploads.safe_name(file.name)[:36]}_{k}"
    taken[name] = (folder, note)
    st.session_state[picker_key] = f"{name} (uploaded)"
    st.session_state["upload_message"] = (
        "success",
        f"Loaded {shown} as {name}." + (f" {note}" if note else ""),
    )


def upload_box(picker_key: str = "model_label") -> None:
    """A file uploader for a ``.keras`` file or a zipped model folder (safe mode);
    a model it loads is selected in the picker whose key is ``picker_key``.

    Args:
        picker_key: the session key of the page's ``model_picker``.
    """
    limits = uploads.LIMITS
    with st.expander("Upload a model (.keras, or .zip of a model folder)"):
        st.file_uploader(
            "Keras model",
            type=["keras", "zip"],
            key="upload_file",
            on_change=_import_upload,
            args=(picker_key,),
            help="Loaded with Keras' safe mode: Lambda layers and custom code are refused. "
            f"It must hold an {TITLES_OR} layer. At most {limits.upload_bytes >> 20} MB, "
            f"unpacking to at most {limits.total_bytes >> 20} MB; kept until your "
            "session ends.",
        )
        kind, message = st.session_state.get("upload_message", (None, ""))
        if kind == "error":
            show_error(message)
        elif kind == "success":
            st.success(plain(message))


def model_picker(
    label: str = "Model", key: str = navigation.MODEL, prefer: str | None = None
) -> registry.ModelEntry | None:
    """A select box over ``models()``, and the chosen model loaded and validated.

    Under the box: a sentence for each thing the model cannot show (its
    ``capabilities``). A broken model, or one that fails to load, is shown with
    the reason instead.

    Args:
        label: the box's label.
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
            label,
            labels,
            key=key,
            format_func=lambda lab: t("ui.broken", label=lab) if entries[lab].broken else lab,
        )
    ]
    if entry.broken:
        show_error(t("ui.cannot_open", label=entry.label, why=entry.problem))
        return None
    try:
        bundle = load_bundle(str(entry.path), entry.stamp)
    except RnnVizError as err:
        show_error(t("ui.cannot_open", label=entry.label, why=error_text(err)))
        return None
    if entry.note:
        st.caption(plain(entry.note))
    for note in bundle.capabilities.notes():
        st.caption(plain(note))
    return entry


# --------------------------------------------------------------------------- reviews
def review_picker(
    entry: registry.ModelEntry, key: str = "", refuse_korean: bool = False
) -> tuple[str, str]:
    """Choose a review: an example, a test-set review (when the dataset is found), or
    typed text. Returns ``(text, description)``. With ``refuse_korean``, typed Korean
    text (every word out of the English vocabulary) stops the page with a sentence
    saying so instead of being traced as [UNK]s."""
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
        return text, "your text"
    corpus = need_corpus()
    if corpus is None:
        return "", "no dataset"
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
        return "", "no dataset"
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
        return "", "no match"
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


def cached_figure(key: tuple, build):
    """A figure (or a stepper payload) kept in this session only, built once per ``key``.

    The least recently used one is dropped past ``FIGURES_KEPT``, so going back to a model
    opened a moment ago reuses its figures instead of rebuilding them."""
    store = st.session_state.setdefault("figures", {})
    if key in store:
        store[key] = store.pop(key)  # most recently used last
    else:
        while len(store) >= FIGURES_KEPT:
            store.pop(next(iter(store)))
        store[key] = build()
    return store[key]


def figure_downloads(fig, name: str, key: str) -> None:
    """An HTML download of ``fig``, built only when clicked (PNG: the chart's camera icon)."""
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
    """``.npz`` and CSV downloads of ``trace``, built only when clicked."""
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


# --------------------------------------------------------------------------- diagnostics
@st.cache_data(max_entries=32, show_spinner="Test-set metrics (once per model)…")
def test_metrics(path: str, stamp: str) -> analysis.metrics.TestMetrics:
    """``analysis.metrics.test_metrics`` of the model at ``path`` over its corpus.

    Raises:
        NoProbabilityError: the model does not output p(positive) (not cached).
    """
    from .analysis import metrics as diagnostics

    corpus = model_corpus(path, stamp)
    return diagnostics.test_metrics(load_bundle(path, stamp), corpus)


@st.cache_data(max_entries=16, show_spinner="Comparing both models' predictions…")
def disagreement(
    path_a: str, stamp_a: str, path_b: str, stamp_b: str
) -> analysis.metrics.Disagreement:
    """``analysis.metrics.disagreement`` of two models over the test set."""
    from .analysis import metrics as diagnostics

    corpus_a = model_corpus(path_a, stamp_a)
    corpus_b = model_corpus(path_b, stamp_b)
    return diagnostics.disagreement(
        load_bundle(path_a, stamp_a), load_bundle(path_b, stamp_b), corpus_a, corpus_b
    )


@st.cache_resource(show_spinner="Counting the words of every test review…")
def test_word_counts() -> np.ndarray | None:
    """``(N,)`` words of each test review's raw text (None without the dataset)."""
    from .analysis import metrics as diagnostics

    corpus = load_test_corpus()
    return None if corpus is None else diagnostics.test_word_counts(corpus)


@st.cache_data(max_entries=16, show_spinner=False)
def final_states(path: str, stamp: str, limit: int | None) -> analysis.state_space.FinalStates:
    """Every layer's final states over a fixed sample of ``limit`` test reviews."""
    from .analysis import state_space

    corpus = model_corpus(path, stamp)
    bar, update = _progress(t("progress.final_states"))
    result = state_space.final_states(
        load_bundle(path, stamp), corpus, limit, progress=update, tracer=load_tracer(path, stamp)
    )
    bar.empty()
    return result


@st.cache_data(max_entries=16, show_spinner="Fitting the PCA…")
def state_space(path: str, stamp: str, limit: int | None) -> analysis.state_space.StateSpace:
    """The PCA of the last layer's final h_T over ``final_states``."""
    from .analysis import state_space as space

    return space.state_space(final_states(path, stamp, limit))


@st.cache_data(max_entries=16, show_spinner="Scoring every unit (ROC AUC, probes)…")
def sentiment_units(path: str, stamp: str, limit: int | None) -> analysis.probes.SentimentUnits:
    """Every unit's ROC AUC and each layer's probe over ``final_states``."""
    from .analysis import probes

    return probes.sentiment_units(final_states(path, stamp, limit))


@st.cache_resource(max_entries=8, show_spinner="Preparing the flip search…")
def load_flip_searcher(path: str, stamp: str) -> analysis.flips.FlipSearcher:
    from .analysis import flips

    bundle = load_bundle(path, stamp)
    return flips.FlipSearcher(bundle.model, bundle.vocab)


@st.cache_data(max_entries=64, show_spinner="Searching single-word edits…")
def flip_search(
    path: str, stamp: str, text: str, top_words: int, top: int = 20
) -> analysis.flips.FlipSearch:
    """``FlipSearcher.search`` of ``text`` with the model at ``path``."""
    return load_flip_searcher(path, stamp).search(text, top_words=top_words, top=top)


# --------------------------------------------------------------------------- memory across time
@st.cache_resource(max_entries=8, show_spinner="Preparing the gradient probe…")
def load_probe(path: str, stamp: str) -> analysis.GradientProbe:
    """The model's ``GradientProbe``.

    Raises:
        MemoryAnalysisError: the model's memory cannot be measured (not cached).
    """
    return analysis.GradientProbe(load_bundle(path, stamp).model)


@st.cache_data(max_entries=64, show_spinner="Measuring what each word still moves…")
def connectivity(
    path: str, stamp: str, text: str
) -> tuple[analysis.Connectivity | None, str | None]:
    """``(Connectivity, None)`` of ``text`` read by the model at ``path``, or
    ``(None, why)`` when the model or the text cannot be measured."""
    try:
        return analysis.connectivity(
            load_bundle(path, stamp), text, probe=load_probe(path, stamp)
        ), None
    except analysis.MemoryAnalysisError as err:
        return None, str(err)


@st.cache_data(max_entries=16, show_spinner=False)
def gradient_distance(
    path: str, stamp: str, limit: int | None
) -> tuple[analysis.GradientDistance | None, str | None]:
    """``(GradientDistance, None)`` over ``limit`` test reviews (on top of the analysis'
    disk cache), or ``(None, why)`` when the model cannot be measured."""
    corpus = model_corpus(path, stamp)
    bar, update = _progress("Gradient against distance: reviews")
    result: tuple[analysis.GradientDistance | None, str | None]
    try:
        result = (
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
        result = None, str(err)
    bar.empty()
    return result
