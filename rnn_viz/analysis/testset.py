"""Test-set reviews for the pages: lengths, filters, and each model's predictions
over the whole test set, cached on disk."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

from rnn_viz.core import files
from rnn_viz.core.files import cache_dir
from rnn_viz.core.models import ModelBundle
from rnn_viz.core.readout import readout_probability
from rnn_viz.core.text import Vocabulary
from rnn_viz.datasets import Corpus


def review_lengths(corpus: Corpus) -> np.ndarray:
    """How many words each test review gives the model.

    Args:
        corpus: the encoded dataset.

    Returns:
        ``(N,)`` int, real (non-padding) steps per review, at most ``maxlen``.
    """
    return (corpus.x_test != 0).sum(axis=1)


def _test_inputs(vocab: Vocabulary, corpus: Corpus) -> np.ndarray:
    if vocab.words == corpus.vocab.words and vocab.maxlen == corpus.vocab.maxlen:
        return corpus.x_test
    return vocab.encode_many([corpus.text("test", i) for i in range(corpus.n_test)])


def _predictions_path(bundle: ModelBundle, corpus: Corpus) -> Path | None:
    """The cache file of ``bundle``'s test-set predictions; None for an unsaved model."""
    stamp = files.model_stamp(bundle.path) if bundle.path is not None else ""
    if not stamp:
        return None
    words = hashlib.sha1("\n".join(bundle.vocab.words).encode()).hexdigest()
    key = f"{stamp}|{words}|{bundle.vocab.maxlen}|{corpus.source}|{corpus.n_test}"
    return cache_dir() / f"predictions_{hashlib.sha1(key.encode()).hexdigest()[:16]}.npy"


def heldout_predictions(bundle: ModelBundle, corpus: Corpus, batch_size: int = 500) -> np.ndarray:
    """p(positive) of ``bundle``'s model for every test review (p(class) of every class
    for a model of more than two classes).

    Computed in batches once per model (``files.model_stamp``), vocabulary and
    corpus, then read from ``cache_dir()`` (written atomically, so an interrupted run
    leaves no file).

    Args:
        bundle: a model whose output is p(positive) (``readout.probability_head``).
        corpus: the dataset; its test reviews are re-encoded when the model reads
            another vocabulary.
        batch_size: reviews per ``predict`` batch.

    Returns:
        ``(N,)`` float32 p(label 1) for a binary model, ``(N, K)`` for ``K ≥ 3``
        classes; ``N = corpus.n_test``.

    Raises:
        CapabilityError: the model's output is not p(positive) (its capabilities say why).
    """
    bundle.capabilities.require("readout", "pkg.cap.predictions", name=bundle.name)

    def compute() -> np.ndarray:
        x = _test_inputs(bundle.vocab, corpus)
        out = np.asarray(bundle.model.predict(x, batch_size=batch_size, verbose=0))
        return readout_probability(out).astype(np.float32)

    return cached_per_review(_predictions_path(bundle, corpus), compute, corpus.n_test)


def cached_per_review(path: Path | None, compute: Callable[[], np.ndarray], n: int) -> np.ndarray:
    """One value per test review, read from the ``.npy`` at ``path`` or computed and
    written there (atomically, ``files.cached``).

    Args:
        path: the cache file; None: compute, never cache.
        compute: builds the ``(n,)`` array (or ``(n, K)``, a row per review).
        n: how many test reviews; a cached array of another length is stale.

    Returns:
        ``(n,)`` the values (``(n, K)``: a row per review).
    """

    def load(p: Path) -> np.ndarray:
        values = np.load(p, allow_pickle=False)
        if len(values.shape) not in (1, 2) or values.shape[0] != n:
            raise ValueError(f"{p} holds {values.shape} values, not {n}")
        return values

    return files.cached(path, compute, load, lambda values, tmp: np.save(tmp, values))


def predicted_labels(probs: np.ndarray) -> np.ndarray:
    """The label each review is predicted: p(label 1) ≥ 0.5 for a binary readout, the
    most probable class for more classes.

    Args:
        probs: ``(N,)`` p(label 1) or ``(N, K)`` p(class).

    Returns:
        ``(N,)`` int32 label ids.
    """
    probs = np.asarray(probs)
    if probs.ndim == 2:
        return np.argmax(probs, axis=1).astype(np.int32)
    return (probs >= 0.5).astype(np.int32)


def filter_test_reviews(
    corpus: Corpus,
    label: int | None = None,
    outcome: str | None = None,
    probs: np.ndarray | None = None,
    min_len: int = 0,
    max_len: int | None = None,
    predicted: int | None = None,
) -> np.ndarray:
    """The test reviews that pass every filter given.

    Args:
        corpus: the encoded dataset.
        label: a label id (1 positive, 0 negative); None: any.
        outcome: ``"right"`` or ``"wrong"`` (needs ``probs``); None: either.
        probs: ``(N,)`` the model's p(positive) of every test review, or ``(N, K)``
            p(class) (right = the most probable class is the label).
        min_len: fewest words read.
        max_len: most words read; None: no limit.
        predicted: a label id the model predicts (needs ``probs``); None: any.

    Returns:
        ``(n,)`` int indices into the test set, in order.

    Raises:
        ValueError: ``outcome`` is given without ``probs``.
    """
    keep = np.ones(corpus.n_test, bool)
    if label is not None:
        keep &= corpus.y_test == label
    if outcome is not None or predicted is not None:
        if probs is None:
            raise ValueError("filtering by outcome needs the model's predictions")
        guess = predicted_labels(probs)
        if outcome is not None:
            right = guess == corpus.y_test
            keep &= right if outcome == "right" else ~right
        if predicted is not None:
            keep &= guess == predicted
    lengths = review_lengths(corpus)
    keep &= lengths >= min_len
    if max_len is not None:
        keep &= lengths <= max_len
    return np.flatnonzero(keep)
