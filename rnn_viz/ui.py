"""Streamlit glue shared by the pages: cached loaders and the common pickers.

Models and tracers are cached with ``st.cache_resource`` keyed by folder and the
model file's mtime; traces with ``st.cache_data``. Everything a user picks or
uploads lives in ``st.session_state``, so it never reaches another browser session.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import numpy as np
import streamlit as st

from . import explore, plots
from .capture import Trace, TraceError, Tracer
from .data import Corpus, DatasetError, load_corpus
from .models import ModelBundle, ModelError, load_model_dir

SOURCES = ("Example review", "Test-set review", "Your own text")


# --------------------------------------------------------------------------- cached loaders
@st.cache_resource(max_entries=16, show_spinner="Loading the model…")
def load_bundle(path: str, stamp: int) -> ModelBundle:
    """The model folder at ``path`` (``stamp`` = model file mtime, so a new file reloads)."""
    return load_model_dir(path)


@st.cache_resource(max_entries=16, show_spinner="Preparing the tracer…")
def load_tracer(path: str, stamp: int) -> Tracer:
    return Tracer(load_bundle(path, stamp).model)


@st.cache_data(max_entries=128, show_spinner="Tracing the review…")
def trace_text(path: str, stamp: int, text: str) -> tuple[Trace | None, float | None, str | None]:
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
    """The encoded dataset when it is on disk (never downloads), else None."""
    try:
        return load_corpus(download=False)
    except DatasetError:
        return None


@st.cache_data(max_entries=16, show_spinner="Predicting every test review (once per model)…")
def test_predictions(path: str, stamp: int) -> np.ndarray:
    return explore.test_predictions(load_bundle(path, stamp), load_test_corpus())


def entry_bundle(entry: explore.ModelEntry) -> ModelBundle:
    return load_bundle(str(entry.path), entry.stamp)


def entry_trace(entry: explore.ModelEntry, text: str):
    return trace_text(str(entry.path), entry.stamp, text)


# --------------------------------------------------------------------------- models
def _uploaded() -> dict[str, tuple[Path, str]]:
    return st.session_state.setdefault("uploaded_models", {})


def models() -> dict[str, explore.ModelEntry]:
    """Every model this session can use: shipped, the user's, and its own uploads."""
    return explore.available_models(_uploaded())


def upload_box() -> None:
    """A file uploader for a ``.keras`` file or a zipped model folder (safe mode)."""
    with st.expander("Upload a model (.keras, or .zip of a model folder)"):
        file = st.file_uploader("Keras model", type=["keras", "zip"], key="upload_file",
                                help="Loaded with Keras' safe mode: Lambda layers and custom "
                                     "code are refused. It must hold an LSTM or GRU layer.")
        if file is None:
            return
        data = file.getvalue()
        digest = hashlib.sha256(data).hexdigest()[:16]
        if st.session_state.get("upload_refused") == digest:
            st.error(st.session_state["upload_error"])
            return
        if any(p.name == digest for p, _ in _uploaded().values()):
            return
        root = st.session_state.setdefault("upload_dir", tempfile.mkdtemp(prefix="rnn_viz_up_"))
        try:
            folder, note = explore.import_upload(file.name, data, Path(root))
            load_bundle(str(folder), explore._stamp(folder))  # the Tracer rejects odd models
            load_tracer(str(folder), explore._stamp(folder))
        except (ModelError, TraceError) as err:
            st.session_state["upload_refused"], st.session_state["upload_error"] = digest, (
                f"Refused: {err}")
            st.error(f"Refused: {err}")
            return
        name = explore.safe_name(file.name)
        _uploaded()[name] = (folder, note)
        st.session_state["model_label"] = f"{name} (uploaded)"
        st.success(f"Loaded {file.name}." + (f" {note}" if note else ""))


def model_picker(label: str = "Model", key: str = "model_label",
                 prefer: str | None = None) -> explore.ModelEntry | None:
    """A select box over ``models()``; None (with a note) when there is none yet."""
    entries = models()
    if not entries:
        st.info("No models are available yet: the shipped models (assets/models) are not "
                "there, you have not trained one, nor uploaded one. Train one on the **Train** "
                "page or upload a .keras file.")
        return None
    labels = list(entries)
    if st.session_state.get(key) not in labels:
        wanted = [l for l in labels if prefer and prefer in entries[l].name]
        st.session_state[key] = (wanted or labels)[0]
    entry = entries[st.selectbox(label, labels, key=key)]
    if entry.note:
        st.caption(entry.note)
    return entry


# --------------------------------------------------------------------------- reviews
def review_picker(entry: explore.ModelEntry, key: str = "") -> tuple[str, str]:
    """Choose a review: an example, a test-set review (when the dataset is found), or
    typed text. Returns ``(text, description)``."""
    source = st.radio("Review", SOURCES, horizontal=True, key=f"{key}source")
    if source == SOURCES[0]:
        examples = explore.load_examples()
        titles = [e.title for e in examples]
        title = st.selectbox("Example", titles, key=f"{key}example")
        ex = examples[titles.index(title)]
        st.caption(f"**What to look for:** {ex.look_for}")
        return ex.text, ex.title
    if source == SOURCES[2]:
        text = st.text_area("Your review", key=f"{key}own_text", height=100,
                            value="The acting was not bad at all, but the story dragged.")
        if len(text) > 20_000:
            st.caption(f"That is {len(text):,} characters; the model reads only the last "
                       "500 words.")
        return text, "your text"
    corpus = load_test_corpus()
    if corpus is None:
        st.info("The IMDB dataset is not on this machine, so test-set reviews are not "
                "available. The **Train** page says how to get it.")
        return "", "no dataset"
    c1, c2, c3 = st.columns(3)
    label = c1.selectbox("Label", ["any", "positive", "negative"], key=f"{key}label")
    outcome = c2.selectbox("Model's prediction", ["any", "right", "wrong"], key=f"{key}outcome")
    lengths = explore.review_lengths(corpus)
    lo, hi = c3.slider(f"Length (words, counted up to {corpus.vocab.maxlen})", 1, int(lengths.max()),
                       (1, int(lengths.max())), key=f"{key}length")
    probs = test_predictions(str(entry.path), entry.stamp) if outcome != "any" else None
    found = explore.filter_test_reviews(
        corpus, label={"any": None, "positive": 1, "negative": 0}[label],
        outcome=None if outcome == "any" else outcome, probs=probs, min_len=lo, max_len=hi)
    if not len(found):
        st.warning("No test review matches these filters.")
        return "", "no match"
    k = st.number_input(f"Match (1 … {len(found):,})", 1, len(found), 1, key=f"{key}match")
    i = int(found[k - 1])
    stars = int(corpus.test_ratings[i])
    desc = (f"test review #{i} ({'positive' if corpus.y_test[i] else 'negative'}, "
            f"{stars}/10 stars, {int(lengths[i])} words)")
    st.caption(desc)
    return corpus.test_text(i), desc


# --------------------------------------------------------------------------- figures
def cached_figure(key: tuple, build):
    """A figure kept in this session only (its highlight is moved in place per step)."""
    store = st.session_state.setdefault("figures", {})
    if key not in store:
        if len(store) > 6:
            store.clear()
        store[key] = build()
    return store[key]


def figure_downloads(fig, name: str, key: str) -> None:
    """An HTML download of ``fig``, built only when clicked (PNG: the chart's camera icon)."""
    st.download_button("Figure as HTML", lambda: plots.figure_html(fig), f"{name}.html",
                       "text/html", key=f"{key}_html", on_click="ignore",
                       help="For a PNG, use the camera icon of the chart's toolbar.")


def trace_downloads(trace: Trace, name: str, key: str) -> None:
    c1, c2 = st.columns(2)
    """``.npz`` and CSV downloads of ``trace``, built only when clicked."""
    c1.download_button("Trace as .npz", trace.to_npz_bytes, f"{name}.npz",
                       "application/octet-stream", key=f"{key}_npz", on_click="ignore")
    c2.download_button("Trace as CSV", trace.to_csv, f"{name}.csv", "text/csv",
                       key=f"{key}_csv", on_click="ignore")
