"""Shared plumbing of the corpus-scale analyses: the corpus a model reads, the
disk cache's paths, identities of models and corpora, progress."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from ..capture import Tracer
from ..data import PAD_ID, Corpus, DatasetError, cache_dir, load_corpus

#: ``progress(done, total)``: called after every batch with reviews done so far.
#: Raising from it (e.g. ``KeyboardInterrupt``) stops the pass; nothing is cached.
Progress = Callable[[int, int], None]

CACHE_FORMAT = 1
DEFAULT_BATCH = 250


def corpus_for(bundle, data: str | os.PathLike | None = None, download: bool = False) -> Corpus:
    """The test set encoded with ``bundle``'s vocabulary and length.

    Raises ``DatasetError`` (with where it looked) when the dataset is missing,
    or when it encodes to another vocabulary than the model's.
    """
    from ..models import recipe_from_config

    recipe = recipe_from_config(bundle.config)
    vocab_size = recipe.vocab_size if bundle.config.get("recipe") else len(bundle.vocab)
    corpus = load_corpus(data, vocab_size=vocab_size, maxlen=bundle.vocab.maxlen,
                         download=download)
    check_corpus(bundle, corpus)
    return corpus


def check_corpus(bundle, corpus: Corpus) -> None:
    """Raise ``DatasetError`` unless ``corpus`` was encoded with ``bundle``'s vocabulary."""
    if corpus.vocab.words != bundle.vocab.words or corpus.vocab.maxlen != bundle.vocab.maxlen:
        raise DatasetError(
            f"the dataset at {corpus.source or '(in memory)'} encodes to another vocabulary "
            f"than model {bundle.name!r} was trained with; give the dataset it was trained on")


def pad_mask(x: np.ndarray) -> np.ndarray:
    """``(N, T)`` bool, True on padding steps (id 0; real words never have id 0)."""
    return np.asarray(x) == PAD_ID


def subset(corpus: Corpus, limit: int | None) -> np.ndarray:
    """Row indices of the test reviews analysed, in order: all of them, or a fixed
    random sample of ``limit`` (seed 0). Not the first rows: the test set is
    sorted by label, so those would all be negative reviews."""
    if limit is None or int(limit) >= corpus.n_test:
        return np.arange(corpus.n_test)
    rng = np.random.default_rng(0)
    return np.sort(rng.choice(corpus.n_test, max(0, int(limit)), replace=False))


def stream(tracer: Tracer, x: np.ndarray, batch_size: int = DEFAULT_BATCH,
           progress: Progress | None = None) -> Iterator[tuple[slice, list, np.ndarray | None]]:
    """``tracer.iter_batches`` reporting progress after every batch."""
    for rows, per_layer, prob in tracer.iter_batches(x, batch_size):
        yield rows, per_layer, prob
        if progress is not None:
            progress(rows.stop, len(x))


# --------------------------------------------------------------------------- #
# Identities and the disk cache
# --------------------------------------------------------------------------- #
def file_digest(path: str | os.PathLike) -> str:
    """sha1 of a file's bytes (model files are small)."""
    h = hashlib.sha1()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def model_digest(bundle) -> str | None:
    """Identity of a saved model (sha1 of ``model.keras``); None for an unsaved one."""
    if bundle.path is None or not (Path(bundle.path) / "model.keras").exists():
        return None
    return file_digest(Path(bundle.path) / "model.keras")


def array_digest(*arrays: np.ndarray) -> str:
    h = hashlib.sha1()
    for a in arrays:
        a = np.ascontiguousarray(a)
        h.update(f"{a.dtype}{a.shape}".encode())
        h.update(a.data)
    return h.hexdigest()


def cache_path(kind: str, *parts, suffix: str = ".json") -> Path:
    """``cache_dir()/analysis/{kind}_{sha1(parts)}{suffix}``."""
    key = json.dumps([CACHE_FORMAT, kind, *parts], sort_keys=True, default=str)
    return cache_dir() / "analysis" / f"{kind}_{hashlib.sha1(key.encode()).hexdigest()[:16]}{suffix}"
