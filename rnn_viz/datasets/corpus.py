"""The encoded corpus: one per source, vocabulary and length in a process, and on disk."""

from __future__ import annotations

import collections
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import numpy as np

from rnn_viz.core import files
from rnn_viz.core.files import cache_dir
from rnn_viz.core.text import MAXLEN, VOCAB_SIZE, Vocabulary, vocabulary_digest
from rnn_viz.datasets.errors import (
    DatasetCorruptError,
    DatasetError,
    DatasetIncompleteError,
    DatasetLayoutError,
    DatasetUnreadableError,
)
from rnn_viz.datasets.imdb import OFFICIAL_PER_FOLDER, find_dataset, read_reviews
from rnn_viz.i18n import t

_CACHE_FORMAT = 2  # 2: corpora come only from complete, intact reads


@dataclass
class Corpus:
    """The encoded dataset.

    ``x_*``: ``(n, maxlen)`` int32 ids; ``y_*``: ``(n,)`` int32 labels (1 = positive);
    ``test_ratings``/``test_ids``: ``(n_test,)``; test texts via ``test_text(i)``.
    A corpus from ``load_corpus`` is shared by every caller in the process: its arrays
    are read-only.
    """

    vocab: Vocabulary
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    test_ratings: np.ndarray
    test_ids: np.ndarray
    _test_blob: np.ndarray
    _test_offsets: np.ndarray
    source: str = ""

    def test_text(self, i: int) -> str:
        """The original text of a test review.

        Args:
            i: its row in ``x_test``.

        Returns:
            The review as the dataset holds it.
        """
        start, end = self._test_offsets[i], self._test_offsets[i + 1]
        return self._test_blob[start:end].tobytes().decode("utf-8")

    @property
    def n_test(self) -> int:
        """How many test reviews."""
        return len(self.y_test)

    @property
    def counts(self) -> dict[str, int]:
        """Reviews per folder:
        ``{"train/neg": n, "train/pos": n, "test/neg": n, "test/pos": n}``."""
        return {
            f"{split}/{pol}": int((y == label).sum())
            for split, y in (("train", self.y_train), ("test", self.y_test))
            for pol, label in (("neg", 0), ("pos", 1))
        }

    @property
    def is_official_size(self) -> bool:
        """True when every split and label holds the official 12,500 reviews."""
        return all(n == OFFICIAL_PER_FOLDER for n in self.counts.values())

    @property
    def size_note(self) -> str | None:
        """One sentence saying that this is not the official dataset's size (None when
        it is): its metrics then do not compare with the reference's."""
        if self.is_official_size:
            return None
        c = self.counts
        return t(
            "pkg.size_note",
            train=len(self.y_train),
            train_neg=c["train/neg"],
            train_pos=c["train/pos"],
            test=self.n_test,
            test_neg=c["test/neg"],
            test_pos=c["test/pos"],
            per_folder=OFFICIAL_PER_FOLDER,
        )

    def _freeze(self) -> Corpus:
        for value in vars(self).values():
            if isinstance(value, np.ndarray):
                value.setflags(write=False)
        return self


def _source_identity(source: Path) -> str:
    stat = source.stat()
    return f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"


def _cache_path(source: Path, vocab_size: int, maxlen: int) -> Path:
    key = f"{_source_identity(source)}|{_CACHE_FORMAT}"
    digest = hashlib.sha1(key.encode()).hexdigest()[:12]
    return cache_dir() / f"imdb_v{vocab_size}_l{maxlen}_{digest}.npz"


# The corpora loaded in this process, keyed (source identity, vocabulary digest, maxlen),
# and the key each (source identity, vocab_size, maxlen) request resolved to. A corpus
# is 126 MB for the full dataset: models that read the same one share it.
_MEMORY: collections.OrderedDict[tuple[str, str, int], Corpus] = collections.OrderedDict()
_REQUESTS: dict[tuple[str, int, int], tuple[str, str, int]] = {}
# Reads that failed on the content (damaged, incomplete, no layout): the same file
# fails the same way, so asking again does not read it again until it changes.
_FAILURES: dict[tuple[str, int, int], DatasetError] = {}
_MEMORY_SIZE = 3
_LOCK = threading.Lock()


def forget_loaded_corpora() -> None:
    """Drop the corpora held in this process (the next ``load_corpus`` reads again)."""
    with _LOCK:
        _MEMORY.clear()
        _REQUESTS.clear()
        _FAILURES.clear()


def load_corpus(
    path: str | os.PathLike | None = None,
    vocab_size: int = VOCAB_SIZE,
    maxlen: int = MAXLEN,
    download: bool = True,
    use_cache: bool = True,
) -> Corpus:
    """Find, read, tokenize and encode the dataset, once per process.

    A corpus is held in memory per (source file's identity, vocabulary, ``maxlen``)
    (the last three used), so every caller asking for the same one gets the same
    read-only object; a read that found the file damaged or incomplete is not
    retried until the file changes. Otherwise it comes from the disk cache, keyed by vocabulary
    size, length and the source file's identity and written atomically, or it is read
    (``read_reviews``: whole or an error, so neither cache ever holds a corpus from a
    damaged or partial read).

    Args:
        path: the dataset (see ``find_dataset``); None looks for it.
        vocab_size: words in the vocabulary, padding and out-of-vocabulary included.
        maxlen: steps per review.
        download: download the dataset when it is nowhere to be found.
        use_cache: read and write the disk cache.

    Returns:
        The encoded corpus; ``size_note`` says when it is not the official size.

    Raises:
        DatasetNotFoundError: no dataset found (see ``find_dataset``).
        DatasetUnreadableError: it is there but unreadable.
        DatasetCorruptError: it is damaged or truncated (see ``read_reviews``).
        DatasetIncompleteError: reviews are missing.
        DatasetLayoutError: it holds no review in the aclImdb layout.
    """
    source = find_dataset(path, download=download)
    try:
        request = (_source_identity(source), vocab_size, maxlen)
    except OSError as err:
        raise DatasetUnreadableError(
            f"The IMDB dataset at {source} cannot be read: {err.strerror or err}."
        ) from err
    with _LOCK:
        key = _REQUESTS.get(request)
        if key is not None and key in _MEMORY:
            _MEMORY.move_to_end(key)
            return _MEMORY[key]
        if request in _FAILURES:
            _raise_again(_FAILURES[request])
        try:
            corpus = _load_corpus(source, vocab_size, maxlen, use_cache)
        except (DatasetCorruptError, DatasetIncompleteError, DatasetLayoutError) as err:
            _FAILURES[request] = err
            raise
        key = (request[0], vocabulary_digest(corpus.vocab), maxlen)
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


def _load_corpus(source: Path, vocab_size: int, maxlen: int, use_cache: bool) -> Corpus:
    """The corpus from the disk cache, or read and encoded (and then cached)."""
    cached = _cache_path(source, vocab_size, maxlen)
    if use_cache and cached.exists():
        try:
            with np.load(cached, allow_pickle=False) as f:
                vocab = Vocabulary(tuple(json.loads(str(f["vocab"]))), maxlen)
                arrays = {k: f[k] for k in f.files if k != "vocab"}
            return Corpus(vocab=vocab, source=str(source), **arrays)
        except Exception:
            pass  # an unreadable cache is rebuilt below

    reviews = read_reviews(source)
    train = [r for r in reviews if r.split == "train"]
    test = [r for r in reviews if r.split == "test"]
    vocab = Vocabulary.build((r.text for r in train), vocab_size, maxlen)
    encoded_test = [r.text.encode("utf-8") for r in test]
    offsets = np.zeros(len(test) + 1, np.int64)
    offsets[1:] = np.cumsum([len(b) for b in encoded_test])
    arrays = dict(
        x_train=vocab.encode_many([r.text for r in train]),
        y_train=np.array([r.label for r in train], np.int32),
        x_test=vocab.encode_many([r.text for r in test]),
        y_test=np.array([r.label for r in test], np.int32),
        test_ratings=np.array([r.rating for r in test], np.int32),
        test_ids=np.array([r.id for r in test], np.int32),
        _test_blob=np.frombuffer(b"".join(encoded_test), np.uint8),
        _test_offsets=offsets,
    )
    if use_cache:  # a cache that cannot be written only costs speed
        try:
            files.write_atomic(
                cached, lambda tmp: np.savez(tmp, vocab=np.array(json.dumps(vocab.words)), **arrays)
            )
        except OSError:
            pass
    return Corpus(vocab=vocab, source=str(source), **arrays)


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
