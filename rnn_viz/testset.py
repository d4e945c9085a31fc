"""Test-set reviews for the pages: lengths, filters, and each model's predictions
over the whole test set, cached on disk."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from . import files
from .data import Corpus, Vocabulary, cache_dir
from .models import ModelBundle


def review_lengths(corpus: Corpus) -> np.ndarray:
    """``(N,)`` words each test review gives the model (at most ``maxlen``)."""
    return (corpus.x_test != 0).sum(axis=1)


def _test_inputs(vocab: Vocabulary, corpus: Corpus) -> np.ndarray:
    if vocab.words == corpus.vocab.words and vocab.maxlen == corpus.vocab.maxlen:
        return corpus.x_test
    return vocab.encode_many([corpus.test_text(i) for i in range(corpus.n_test)])


def _predictions_path(bundle: ModelBundle, corpus: Corpus) -> Path:
    model_file = Path(bundle.path or ".") / "model.keras"
    stamp = model_file.stat().st_mtime_ns if model_file.exists() else 0
    key = f"{model_file.resolve()}|{stamp}|{corpus.source}|{corpus.n_test}|{len(bundle.vocab)}"
    return cache_dir() / f"predictions_{hashlib.sha1(key.encode()).hexdigest()[:16]}.npy"


def test_predictions(bundle: ModelBundle, corpus: Corpus, batch_size: int = 500) -> np.ndarray:
    """``(N,)`` float32 p(positive) of ``bundle``'s model for every test review.

    Computed in batches once per model file and corpus, then read from
    ``cache_dir()`` (written atomically, so an interrupted run leaves no file)."""
    path = _predictions_path(bundle, corpus)
    if path.exists():
        try:
            probs = np.load(path, allow_pickle=False)
            if probs.shape == (corpus.n_test,):
                return probs
        except (OSError, ValueError):
            pass
    x = _test_inputs(bundle.vocab, corpus)
    out = np.asarray(bundle.model.predict(x, batch_size=batch_size, verbose=0))
    probs = (out[:, -1] if out.ndim == 2 else out.reshape(len(x))).astype(np.float32)
    files.write_atomic(path, lambda tmp: np.save(tmp, probs))  # failing only costs time
    return probs


def filter_test_reviews(corpus: Corpus, label: int | None = None, outcome: str | None = None,
                        probs: np.ndarray | None = None, min_len: int = 0,
                        max_len: int | None = None) -> np.ndarray:
    """Indices of the test reviews with ``label`` (1 positive, 0 negative), whose
    prediction was ``outcome`` ("right"/"wrong", needs ``probs``), and whose length
    in words read is within ``[min_len, max_len]``."""
    keep = np.ones(corpus.n_test, bool)
    if label is not None:
        keep &= corpus.y_test == label
    if outcome is not None:
        if probs is None:
            raise ValueError("filtering by outcome needs the model's predictions")
        right = (probs >= 0.5).astype(np.int32) == corpus.y_test
        keep &= right if outcome == "right" else ~right
    lengths = review_lengths(corpus)
    keep &= lengths >= min_len
    if max_len is not None:
        keep &= lengths <= max_len
    return np.flatnonzero(keep)
