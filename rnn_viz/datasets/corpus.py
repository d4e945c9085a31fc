"""The encoded corpus: one per dataset, vocabulary and length in a process, and on disk."""

from __future__ import annotations

import collections
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from rnn_viz.core import files
from rnn_viz.core.files import cache_dir
from rnn_viz.core.text import (
    MAXLEN,
    TOKENIZER,
    VOCAB_SIZE,
    Tokenizer,
    Vocabulary,
    vocabulary_digest,
)
from rnn_viz.core.text import tokenizer as text_tokenizer
from rnn_viz.datasets.base import SPLITS, Caption, Dataset, DatasetContent, LabelledTexts, Texts
from rnn_viz.datasets.errors import (
    DatasetCorruptError,
    DatasetError,
    DatasetIncompleteError,
    DatasetLayoutError,
)
from rnn_viz.datasets.imdb import ImdbDataset

_CACHE_FORMAT = 3  # 3: any dataset kind, keyed by its content's identity


@dataclass
class Corpus:
    """A dataset encoded with a vocabulary.

    ``x_*``: ``(n, maxlen)`` int32 ids of the ``"train"``/``"test"`` split; labels
    (``y_*``, ``label_names``), texts (``text(split, i)``) and per-example metadata
    (``metadata(split)``) are the dataset's. A corpus from ``load_corpus`` is shared by
    every caller in the process: its arrays are read-only.
    """

    vocab: Vocabulary
    dataset: Dataset
    x_train: np.ndarray
    x_test: np.ndarray

    @property
    def y_train(self) -> np.ndarray:
        """``(n_train,)`` int32 label ids of the training split."""
        return self.dataset.split("train").labels

    @property
    def y_test(self) -> np.ndarray:
        """``(n_test,)`` int32 label ids of the test split."""
        return self.dataset.split("test").labels

    @property
    def label_names(self) -> tuple[str, ...]:
        """The labels' names; index = label id."""
        return self.dataset.label_names

    @property
    def source(self) -> str:
        """Where the dataset was read from (``Dataset.location``)."""
        return self.dataset.location

    @property
    def n_test(self) -> int:
        """How many test examples."""
        return len(self.x_test)

    def text(self, split: str, i: int) -> str:
        """The original text of an example.

        Args:
            split: ``"train"`` or ``"test"``.
            i: its row in the split (in ``x_train``/``x_test``).

        Returns:
            The text as the dataset holds it.
        """
        return self.dataset.split(split).texts[i]

    def metadata(self, split: str) -> dict[str, np.ndarray]:
        """The dataset's per-example data of a split (e.g. IMDB's ``rating``).

        Args:
            split: ``"train"`` or ``"test"``.

        Returns:
            Name → ``(n,)`` array, one value per row of the split.
        """
        return self.dataset.split(split).metadata

    def caption(self, split: str, i: int) -> Caption:
        """One example described for the reader (``Dataset.caption``).

        Args:
            split: ``"train"`` or ``"test"``.
            i: its row in the split.

        Returns:
            The caption, worded when shown (``Caption.text``).
        """
        return self.dataset.caption(split, i)

    def note(self) -> Caption | None:
        """The dataset's remark to show beside results on it (``Dataset.note``).

        Returns:
            The remark (e.g. that it is not the official size), or None.
        """
        return self.dataset.note()

    def _freeze(self) -> Corpus:
        for value in (self.x_train, self.x_test):
            value.setflags(write=False)
        return self


def _cache_path(identity: str, vocab_key: str, maxlen: int) -> Path:
    key = f"{identity}|{_CACHE_FORMAT}"
    digest = hashlib.sha1(key.encode()).hexdigest()[:12]
    kind = identity.split(":", 1)[0]
    return cache_dir() / f"{kind}_v{vocab_key}_l{maxlen}_{digest}.npz"


# The corpora loaded in this process, keyed (dataset identity, vocabulary digest, maxlen),
# and the key each (dataset identity, vocabulary size or digest, maxlen) request resolved
# to. A corpus is 126 MB for the full IMDB dataset: models that read the same one share it.
_MEMORY: collections.OrderedDict[tuple[str, str, int], Corpus] = collections.OrderedDict()
_REQUESTS: dict[tuple[str, str, int], tuple[str, str, int]] = {}
# Reads that failed on the content (damaged, incomplete, no layout): the same source
# fails the same way, so asking again does not read it again until it changes. Keyed
# (kind, location, stamp).
_FAILURES: dict[tuple[str, str, str], DatasetError] = {}
_MEMORY_SIZE = 3
_LOCK = threading.Lock()


def forget_loaded_corpora() -> None:
    """Drop the corpora held in this process (the next ``load_corpus`` reads again)."""
    with _LOCK:
        _MEMORY.clear()
        _REQUESTS.clear()
        _FAILURES.clear()


def load_corpus(
    data: Dataset | str | os.PathLike | None = None,
    vocab_size: int = VOCAB_SIZE,
    maxlen: int = MAXLEN,
    download: bool = True,
    use_cache: bool = True,
    vocab: Vocabulary | None = None,
    tokenizer: str = TOKENIZER,
) -> Corpus:
    """Read and encode a dataset, once per process.

    A corpus is held in memory per (dataset identity, vocabulary, ``maxlen``) (the last
    three used), so every caller asking for the same one gets the same read-only object;
    a read that found the source damaged or incomplete is not retried until the source
    changes. Otherwise it comes from the disk cache, keyed by the dataset's identity, the
    vocabulary (its size, or the digest of a given one) and the length, and written
    atomically; or the dataset is read (whole or an error, so neither cache ever holds a
    corpus from a damaged or partial read).

    Args:
        data: a dataset; or where the IMDB dataset is (see ``find_dataset``); None looks
            for the IMDB dataset.
        vocab_size: words in the vocabulary built from the training texts, padding and
            out-of-vocabulary included (ignored with ``vocab``).
        maxlen: steps per text (ignored with ``vocab``: its own).
        download: download the IMDB dataset when it is nowhere to be found.
        use_cache: read and write the disk cache.
        vocab: encode with this vocabulary (a model's) instead of building one.
        tokenizer: the tokenizer of the vocabulary built (``core.tokenizers``; ignored
            with ``vocab``: its own).

    Returns:
        The encoded corpus; ``note()`` gives the dataset's remark (e.g. its size).

    Raises:
        DatasetNotFoundError: no dataset found (see ``find_dataset``).
        DatasetUnreadableError: it is there but unreadable.
        DatasetCorruptError: it is damaged or truncated (see ``read_reviews``).
        DatasetIncompleteError: examples are missing.
        DatasetLayoutError: it holds nothing in its kind's layout.
    """
    dataset = data if isinstance(data, Dataset) else ImdbDataset.find(data, download=download)
    if vocab is not None:
        maxlen = vocab.maxlen
    failure_key = (dataset.kind, dataset.location, dataset.stamp)
    with _LOCK:
        if failure_key in _FAILURES:
            _raise_again(_FAILURES[failure_key])
        try:
            identity = dataset.identity
        except (DatasetCorruptError, DatasetIncompleteError, DatasetLayoutError) as err:
            _FAILURES[failure_key] = err
            raise
        tok = vocab.tokenizer if vocab is not None else text_tokenizer(tokenizer)
        vocab_key = vocabulary_digest(vocab)[:12] if vocab is not None else f"{vocab_size}"
        if vocab is None and tok.key != TOKENIZER:
            vocab_key += f"_{tok.key}"
        request = (identity, vocab_key, maxlen)
        key = _REQUESTS.get(request)
        if key is None and vocab is not None:  # e.g. built from the same data earlier
            key = (identity, vocabulary_digest(vocab), maxlen)
        if key is not None and key in _MEMORY:
            _MEMORY.move_to_end(key)
            return _MEMORY[key]
        try:
            corpus = _load_corpus(
                dataset, identity, vocab_size, vocab_key, maxlen, vocab, tok, use_cache
            )
        except (DatasetCorruptError, DatasetIncompleteError, DatasetLayoutError) as err:
            _FAILURES[failure_key] = err
            raise
        key = (identity, vocabulary_digest(corpus.vocab), maxlen)
        corpus = _MEMORY.setdefault(key, corpus._freeze())
        _MEMORY.move_to_end(key)
        _REQUESTS[request] = key
        while len(_MEMORY) > _MEMORY_SIZE:
            dropped, _ = _MEMORY.popitem(last=False)
            for k in [k for k, v in _REQUESTS.items() if v == dropped]:
                del _REQUESTS[k]
        return corpus


def _raise_again(failed: DatasetError) -> NoReturn:
    """Raise a fresh error of ``failed``'s type and sentence (one instance raised twice
    would pile up its tracebacks)."""
    raise type(failed)(str(failed))


def _load_corpus(
    dataset: Dataset,
    identity: str,
    vocab_size: int,
    vocab_key: str,
    maxlen: int,
    vocab: Vocabulary | None,
    tok: Tokenizer,
    use_cache: bool,
) -> Corpus:
    """The corpus from the disk cache, or encoded (and then cached)."""
    cached = _cache_path(identity, vocab_key, maxlen)
    if use_cache and cached.exists():
        try:
            return _read_cache(cached, dataset, maxlen, vocab, tok)
        except Exception:
            pass  # an unreadable cache is rebuilt below
    train_texts = dataset.split("train").texts
    if vocab is None:
        vocab = Vocabulary.build(train_texts, vocab_size, maxlen, tok)
    corpus = Corpus(
        vocab=vocab,
        dataset=dataset,
        x_train=vocab.encode_many(train_texts),
        x_test=vocab.encode_many(dataset.split("test").texts),
    )
    if use_cache:  # a cache that cannot be written only costs speed
        try:
            arrays: dict[str, Any] = _cache_arrays(corpus)
            files.write_atomic(cached, lambda tmp: np.savez(tmp, **arrays))
        except OSError:
            pass
    return corpus


def _cache_arrays(corpus: Corpus) -> dict[str, np.ndarray]:
    """What the disk cache holds: the vocabulary, the label names, the encoded rows, and
    every split's texts, labels and metadata (``meta_<split>_<name>``)."""
    arrays = {
        "vocab": np.array(json.dumps(corpus.vocab.words)),
        "label_names": np.array(json.dumps(corpus.label_names)),
        "x_train": corpus.x_train,
        "x_test": corpus.x_test,
    }
    for split in SPLITS:
        part = corpus.dataset.split(split)
        arrays[f"blob_{split}"] = part.texts.blob
        arrays[f"offsets_{split}"] = part.texts.offsets
        arrays[f"labels_{split}"] = part.labels
        for name, values in part.metadata.items():
            arrays[f"meta_{split}_{name}"] = values
    return arrays


def _read_cache(
    path: Path, dataset: Dataset, maxlen: int, vocab: Vocabulary | None, tok: Tokenizer
) -> Corpus:
    """The corpus ``_cache_arrays`` wrote (with ``vocab`` when given, else the cached words
    read by ``tok``); the dataset adopts the content it holds."""
    with np.load(path, allow_pickle=False) as f:
        arrays = {k: f[k] for k in f.files}
    splits = {}
    for split in SPLITS:
        prefix = f"meta_{split}_"
        splits[split] = LabelledTexts(
            texts=Texts(arrays[f"blob_{split}"], arrays[f"offsets_{split}"]),
            labels=arrays[f"labels_{split}"],
            metadata={k[len(prefix) :]: v for k, v in arrays.items() if k.startswith(prefix)},
        )
    label_names = tuple(json.loads(str(arrays["label_names"])))
    dataset.adopt(DatasetContent(label_names, splits))
    return Corpus(
        vocab=vocab or Vocabulary(tuple(json.loads(str(arrays["vocab"]))), maxlen, tok),
        dataset=dataset,
        x_train=arrays["x_train"],
        x_test=arrays["x_test"],
    )


def split_train_val(
    corpus: Corpus, val_fraction: float = 0.25, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hold out ``val_fraction`` of the training reviews for validation, as the reference
    notebook does: ``sklearn.model_selection.train_test_split`` with ``random_state=seed``.

    The split has its own seed (a recipe's ``split_seed``), independent of the seed that
    initialises the weights, so models trained with different seeds share one validation set.

    Args:
        corpus: the encoded dataset; its training rows are split.
        val_fraction: the share of training reviews held out, in (0, 1).
        seed: ``random_state`` of the split.

    Returns:
        ``(x_train, y_train, x_val, y_val)``: ``(n, maxlen)`` int32 ids and ``(n,)`` labels.
    """
    from sklearn.model_selection import train_test_split

    train, val = train_test_split(
        np.arange(len(corpus.y_train)), test_size=val_fraction, random_state=seed
    )
    return (corpus.x_train[train], corpus.y_train[train], corpus.x_train[val], corpus.y_train[val])
