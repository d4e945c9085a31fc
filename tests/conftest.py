"""Shared fixtures: a tiny aclImdb-layout dataset written by the tests, tiny models
trained on it for real, and the real dataset when ``RNN_VIZ_DATA`` points at it."""

from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path

import pytest
from helpers import TINY_MAXLEN, TINY_VOCAB, write_tiny_imdb

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

# Streamlit ends every script run with ``keras.backend.clear_session()``, a full
# ``gc.collect()``: over the ~430,000 objects of TensorFlow, Keras, Streamlit and Plotly
# that is 0.23 s per AppTest run. They live as long as the test process, so they are
# moved out of the collector's sight once, here.
import keras  # noqa: E402, F401
import plotly.graph_objects  # noqa: E402, F401
import streamlit.testing.v1  # noqa: E402, F401

gc.collect()
gc.freeze()


@pytest.fixture(scope="session", autouse=True)
def _isolated_caches(tmp_path_factory):
    """Keep the tests' corpus cache and Keras cache out of the user's home."""
    old = {k: os.environ.get(k) for k in ("RNN_VIZ_CACHE", "KERAS_HOME")}
    os.environ["RNN_VIZ_CACHE"] = str(tmp_path_factory.mktemp("rnn_viz_cache"))
    os.environ["KERAS_HOME"] = str(tmp_path_factory.mktemp("keras_home"))
    yield
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="session")
def tiny_imdb(tmp_path_factory) -> Path:
    """A folder holding a small synthetic ``aclImdb/`` tree (80 reviews per split)."""
    return write_tiny_imdb(tmp_path_factory.mktemp("tiny_imdb"))


@pytest.fixture(scope="session")
def tiny_corpus(tiny_imdb):
    from rnn_viz.data import load_corpus

    return load_corpus(tiny_imdb, vocab_size=TINY_VOCAB, maxlen=TINY_MAXLEN, download=False)


def _train_tiny(tmp_path_factory, corpus, cell: str, layers: int, name: str) -> Path:
    from rnn_viz.models import Recipe
    from rnn_viz.train import train

    recipe = Recipe(
        cell=cell,
        units=4,
        layers=layers,
        dropout=0.1 if layers > 1 else 0.0,
        embedding_dim=6,
        vocab_size=TINY_VOCAB,
        maxlen=TINY_MAXLEN,
        lr=1e-2,
        batch_size=32,
        epochs=2,
        patience=1,
        jit_compile=False,
    )
    out = tmp_path_factory.mktemp("models") / name
    train(name, recipe, corpus, out, verbose=0, keep_epochs=True)
    return out


@pytest.fixture(scope="session")
def tiny_lstm_dir(tmp_path_factory, tiny_corpus) -> Path:
    """A 2-layer LSTM(4) model folder trained for real for 2 epochs on the tiny corpus."""
    return _train_tiny(tmp_path_factory, tiny_corpus, "lstm", 2, "tiny_lstm2")


@pytest.fixture(scope="session")
def tiny_gru_dir(tmp_path_factory, tiny_corpus) -> Path:
    """A 2-layer GRU(4) model folder trained for real for 2 epochs on the tiny corpus."""
    return _train_tiny(tmp_path_factory, tiny_corpus, "gru", 2, "tiny_gru2")


@pytest.fixture(scope="session")
def tiny_rnn_dir(tmp_path_factory, tiny_corpus) -> Path:
    """A 1-layer SimpleRNN(4) model folder trained for real for 2 epochs on the tiny corpus."""
    return _train_tiny(tmp_path_factory, tiny_corpus, "rnn", 1, "tiny_rnn")


@pytest.fixture(scope="session")
def real_data() -> Path:
    """The real IMDB archive from ``$RNN_VIZ_DATA``; skipped when absent, unless
    ``RNN_VIZ_REQUIRE_DATA=1`` (as in CI), where its absence fails the test."""
    value = os.environ.get("RNN_VIZ_DATA")
    if value and Path(value).exists():
        return Path(value)
    reason = f"the IMDB dataset is not available (RNN_VIZ_DATA={value!r})"
    if os.environ.get("RNN_VIZ_REQUIRE_DATA") == "1":
        pytest.fail(reason + " but RNN_VIZ_REQUIRE_DATA=1")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def tiny_shipped(tmp_path_factory, tiny_lstm_dir, tiny_gru_dir) -> Path:
    """One folder holding copies of the tiny LSTM and GRU, the tests' "shipped" models.

    Shared by the whole session, so the app's caches (keyed by folder and model file)
    load and trace each model once; a test that changes shipped models points
    ``RNN_VIZ_ASSETS_MODELS`` at a folder of its own instead of writing here.
    """
    shipped = tmp_path_factory.mktemp("shipped")
    for src in (tiny_lstm_dir, tiny_gru_dir):
        shutil.copytree(src, shipped / src.name)
    return shipped


@pytest.fixture
def model_dirs(tmp_path, monkeypatch, tiny_shipped):
    """Shipped models = the two tiny fixtures (``tiny_shipped``); user models in an
    empty tmp folder. ``tmp_path / "shipped"`` links to the shipped folder."""
    from rnn_viz.models import SHIPPED_ENV

    (tmp_path / "shipped").symlink_to(tiny_shipped, target_is_directory=True)
    monkeypatch.setenv(SHIPPED_ENV, str(tiny_shipped))
    monkeypatch.setenv("RNN_VIZ_MODELS", str(tmp_path / "user"))
    return tiny_shipped


@pytest.fixture
def app_env(model_dirs, tmp_path, monkeypatch, tiny_imdb) -> Path:
    """For app tests: ``model_dirs`` and the tiny dataset. Returns the test's tmp folder."""
    monkeypatch.setenv("RNN_VIZ_DATA", str(tiny_imdb))
    return tmp_path
