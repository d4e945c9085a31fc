"""Shared fixtures: a tiny aclImdb-layout dataset written by the tests, tiny models
trained on it for real, and the real dataset when ``RNN_VIZ_DATA`` points at it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import TINY_MAXLEN, TINY_VOCAB, write_tiny_imdb

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


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


@pytest.fixture
def model_dirs(tmp_path, monkeypatch, tiny_lstm_dir, tiny_gru_dir):
    """Shipped models = the two tiny fixtures; user models in an empty tmp folder."""
    from rnn_viz.models import SHIPPED_ENV

    shipped = tmp_path / "shipped"
    for src in (tiny_lstm_dir, tiny_gru_dir):
        shutil.copytree(src, shipped / src.name)
    monkeypatch.setenv(SHIPPED_ENV, str(shipped))
    monkeypatch.setenv("RNN_VIZ_MODELS", str(tmp_path / "user"))
    return shipped


@pytest.fixture
def app_env(tmp_path, monkeypatch, tiny_lstm_dir, tiny_gru_dir, tiny_imdb) -> Path:
    """For app tests: shipped models = the tiny fixtures, an empty user folder, the
    tiny dataset. Returns the test's tmp folder."""
    from rnn_viz.models import SHIPPED_ENV

    shipped = tmp_path / "shipped"
    for src in (tiny_lstm_dir, tiny_gru_dir):
        shutil.copytree(src, shipped / src.name)
    monkeypatch.setenv(SHIPPED_ENV, str(shipped))
    monkeypatch.setenv("RNN_VIZ_MODELS", str(tmp_path / "user"))
    monkeypatch.setenv("RNN_VIZ_DATA", str(tiny_imdb))
    return tmp_path
