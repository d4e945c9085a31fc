"""The IMDB reviews: find the dataset, read it, tokenize it, encode it, cache it.

The dataset is Stanford's Large Movie Review Dataset (Maas et al., 2011) in its
original layout, ``aclImdb/{train,test}/{pos,neg}/ID_RATING.txt``, as a folder or
a ``.tar.gz``. It is looked for, in order, at an explicit path, at
``$RNN_VIZ_DATA``, in the Keras cache (``~/.keras/datasets``), and finally
downloaded once from Stanford with ``keras.utils.get_file``.

Tokenization follows the reference notebook: lower case, ``<br />`` removed,
punctuation stripped, split on white space. The vocabulary holds the
``vocab_size - 2`` most frequent training words; id 0 is padding and id 1 is an
out-of-vocabulary word. Every review is cut or padded to its *last* ``maxlen``
tokens, padding in front, as ``keras.utils.pad_sequences`` does by default.
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import files

OFFICIAL_URL = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"
OFFICIAL_MD5 = "7c2ac02c03563afcf9b574c7e56c153a"
OFFICIAL_NAME = "aclImdb_v1.tar.gz"

VOCAB_SIZE = 10_000
MAXLEN = 500
PAD_ID, OOV_ID = 0, 1
PAD_WORD, OOV_WORD = "", "[UNK]"
PAD_TOKEN = "·"  # how a padding step is shown to the user

_REVIEW_PATH = re.compile(r"(?:^|/)aclImdb/(train|test)/(pos|neg)/(\d+)_(\d+)\.txt$")
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PUNCTUATION = re.compile(r"[^\w\s]")
_CACHE_FORMAT = 1


class DatasetError(RuntimeError):
    """The dataset is missing or malformed; the message says where we looked."""


# --------------------------------------------------------------------------- #
# Tokenizer
# --------------------------------------------------------------------------- #
def normalize(text: str) -> str:
    """Lower-case ``text`` and strip its punctuation (white space is kept)."""
    return _PUNCTUATION.sub("", text.lower())


def words(text: str) -> list[str]:
    """The words the model reads from ``text``, in order."""
    return normalize(_LINE_BREAK.sub(" ", text)).split()


def chunks(text: str) -> list[tuple[str, str]]:
    """``(shown, word)`` pairs: each word with the spelling the user typed.

    Pieces of text with no word character (a lone "--", an emoji) are not read
    by the model and are left out. ``[w for _, w in chunks(t)] == words(t)``.
    """
    pairs = ((piece, normalize(piece)) for piece in _LINE_BREAK.sub(" ", text).split())
    return [(piece, word) for piece, word in pairs if word]


@dataclass(frozen=True)
class Encoded:
    """One text as the model sees it, aligned step by step with what the user sees.

    Attributes:
        ids: ``(maxlen,)`` int32, the model input (padding in front).
        tokens: ``maxlen`` strings, the word as typed, or ``PAD_TOKEN`` on padding.
        is_pad: ``(maxlen,)`` bool, True on padding steps.
        is_oov: ``(maxlen,)`` bool, True where the word is out of vocabulary.
        n_words: how many words the text had before truncation.
        n_cut: how many words were cut from the front to keep the last ``maxlen``.
    """

    text: str
    ids: np.ndarray
    tokens: list[str]
    is_pad: np.ndarray
    is_oov: np.ndarray
    n_words: int
    n_cut: int

    @property
    def n_real(self) -> int:
        """Number of real (non-padding) steps."""
        return int((~self.is_pad).sum())


@dataclass(frozen=True)
class Vocabulary:
    """Word ↔ id mapping: ``words[id]``; ``words[0]`` is padding, ``words[1]`` OOV."""

    words: tuple[str, ...]
    maxlen: int = MAXLEN

    def __post_init__(self) -> None:
        if self.words[:2] != (PAD_WORD, OOV_WORD):
            raise ValueError("a vocabulary starts with the padding and OOV words")
        object.__setattr__(self, "_index", {w: i for i, w in enumerate(self.words)})

    def __len__(self) -> int:
        return len(self.words)

    @classmethod
    def build(cls, texts, size: int = VOCAB_SIZE, maxlen: int = MAXLEN) -> "Vocabulary":
        """The ``size - 2`` most frequent words of ``texts`` (ties broken alphabetically)."""
        counts: collections.Counter[str] = collections.Counter()
        for text in texts:
            counts.update(words(text))
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return cls((PAD_WORD, OOV_WORD) + tuple(w for w, _ in ranked[: size - 2]), maxlen)

    def ids(self, tokens: list[str]) -> list[int]:
        return [self._index.get(w, OOV_ID) for w in tokens]

    def pad(self, ids: list[int]) -> np.ndarray:
        """Keep the last ``maxlen`` ids and pad in front: ``(maxlen,)`` int32."""
        out = np.zeros(self.maxlen, np.int32)
        kept = ids[-self.maxlen :] if ids else []
        if kept:
            out[-len(kept) :] = kept
        return out

    def encode_many(self, texts) -> np.ndarray:
        """Model input for many texts: ``(n, maxlen)`` int32."""
        return np.stack([self.pad(self.ids(words(t))) for t in texts]) if texts else (
            np.zeros((0, self.maxlen), np.int32)
        )

    def encode(self, text: str) -> Encoded:
        """Encode one text, keeping the user's spelling of every step for display."""
        pairs = chunks(text)
        kept = pairs[-self.maxlen :]
        ids = self.pad(self.ids([w for _, w in kept]))
        n_pad = self.maxlen - len(kept)
        return Encoded(
            text=text,
            ids=ids,
            tokens=[PAD_TOKEN] * n_pad + [shown for shown, _ in kept],
            is_pad=np.arange(self.maxlen) < n_pad,
            is_oov=(ids == OOV_ID) & (np.arange(self.maxlen) >= n_pad),
            n_words=len(pairs),
            n_cut=len(pairs) - len(kept),
        )

    def to_json(self) -> dict:
        return {"maxlen": self.maxlen, "words": list(self.words)}

    @classmethod
    def from_json(cls, data: dict) -> "Vocabulary":
        return cls(tuple(data["words"]), int(data["maxlen"]))

    def save(self, path: str | os.PathLike) -> None:
        Path(path).write_text(json.dumps(self.to_json(), ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Vocabulary":
        return cls.from_json(json.loads(Path(path).read_text("utf-8")))


# --------------------------------------------------------------------------- #
# Finding and reading the dataset
# --------------------------------------------------------------------------- #
def keras_cache_dir() -> Path:
    """Where ``keras.utils.get_file`` keeps downloaded datasets."""
    base = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(base) / "datasets"


def find_dataset(path: str | os.PathLike | None = None, download: bool = True) -> Path:
    """Locate the dataset: ``path`` → ``$RNN_VIZ_DATA`` → Keras cache → download.

    Returns a ``.tar.gz`` file or a folder holding ``aclImdb/``.
    Raises ``DatasetError`` naming every place looked at and how to provide it.
    """
    looked: list[str] = []
    explicit = [("given path", path), ("$RNN_VIZ_DATA", os.environ.get("RNN_VIZ_DATA"))]
    for label, candidate in explicit:
        if candidate:
            p = Path(candidate).expanduser()
            if p.exists():
                return p
            # An explicit location that does not exist is a mistake to report,
            # not a reason to fall through to a 80 MB download.
            raise DatasetError(
                f"The IMDB dataset was not found at {p} ({label}). "
                "Point it at aclImdb_v1.tar.gz (or a folder holding aclImdb/), "
                "or unset it to use the Keras cache or a download."
            )
    cache = keras_cache_dir()
    for candidate in (cache / OFFICIAL_NAME, cache / "aclImdb_labeled.tar.gz", cache / "aclImdb"):
        looked.append(str(candidate))
        if candidate.exists():
            return candidate.parent if candidate.name == "aclImdb" else candidate
    if download:
        try:
            import keras

            return Path(
                keras.utils.get_file(
                    fname=OFFICIAL_NAME, origin=OFFICIAL_URL, file_hash=OFFICIAL_MD5
                )
            )
        except Exception as err:  # network down, refused, bad checksum …
            looked.append(f"{OFFICIAL_URL} (download failed: {err.__class__.__name__}: {err})")
    raise DatasetError(
        "The IMDB dataset was not found. Looked at: "
        + "; ".join(["--data / RNN_VIZ_DATA (not set)"] + looked)
        + ". Provide it with --data PATH or RNN_VIZ_DATA=PATH, pointing at "
        f"aclImdb_v1.tar.gz from {OFFICIAL_URL} (or a folder holding aclImdb/)."
    )


@dataclass(frozen=True)
class Review:
    split: str  # "train" or "test"
    label: int  # 1 positive, 0 negative
    rating: int  # 1..10 stars
    id: int
    text: str


def read_reviews(source: str | os.PathLike) -> list[Review]:
    """All labeled reviews under ``source`` (a ``.tar.gz`` or a folder), sorted.

    Sorted by split, then negative before positive, then numeric id, so the order
    (and so the validation split) never depends on the file system.
    """
    source = Path(source)
    reviews: list[Review] = []

    def add(name: str, raw: bytes) -> None:
        m = _REVIEW_PATH.search(name)
        if m:
            split, polarity, rid, rating = m.groups()
            reviews.append(
                Review(split, int(polarity == "pos"), int(rating), int(rid),
                       raw.decode("utf-8", errors="replace"))
            )

    try:
        if source.is_dir():
            for folder, _, names in os.walk(source, followlinks=True):
                for fname in names:
                    if fname.endswith(".txt"):
                        path = Path(folder) / fname
                        add(path.relative_to(source).as_posix(), path.read_bytes())
        else:
            with tarfile.open(source, "r:*") as archive:
                for member in archive:
                    if member.isfile() and _REVIEW_PATH.search(member.name):
                        add(member.name, archive.extractfile(member).read())
    except (OSError, tarfile.TarError, EOFError) as err:
        raise DatasetError(f"Could not read the IMDB dataset at {source}: {err}") from err
    if not reviews:
        raise DatasetError(
            f"{source} holds no reviews in the aclImdb layout "
            "(aclImdb/{train,test}/{pos,neg}/ID_RATING.txt)."
        )
    for split in ("train", "test"):
        if not any(r.split == split for r in reviews):
            raise DatasetError(f"{source} has no aclImdb/{split}/ reviews.")
    reviews.sort(key=lambda r: (r.split != "train", r.label, r.id))
    return reviews


# --------------------------------------------------------------------------- #
# The encoded corpus, cached on disk
# --------------------------------------------------------------------------- #
@dataclass
class Corpus:
    """The encoded dataset.

    ``x_*``: ``(n, maxlen)`` int32 ids; ``y_*``: ``(n,)`` int32 labels (1 = positive);
    ``test_ratings``/``test_ids``: ``(n_test,)``; test texts via ``test_text(i)``.
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
        """The original text of test review ``i``."""
        start, end = self._test_offsets[i], self._test_offsets[i + 1]
        return self._test_blob[start:end].tobytes().decode("utf-8")

    @property
    def n_test(self) -> int:
        return len(self.y_test)


def cache_dir() -> Path:
    return Path(os.environ.get("RNN_VIZ_CACHE") or Path.home() / ".cache" / "rnn_viz")


def _cache_path(source: Path, vocab_size: int, maxlen: int) -> Path:
    stat = source.stat()
    key = f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{_CACHE_FORMAT}"
    digest = hashlib.sha1(key.encode()).hexdigest()[:12]
    return cache_dir() / f"imdb_v{vocab_size}_l{maxlen}_{digest}.npz"


def load_corpus(
    path: str | os.PathLike | None = None,
    vocab_size: int = VOCAB_SIZE,
    maxlen: int = MAXLEN,
    download: bool = True,
    use_cache: bool = True,
) -> Corpus:
    """Find, read, tokenize and encode the dataset (or load it from the disk cache).

    The cache is keyed by vocabulary size, length and the source file's identity,
    and written atomically, so an interrupted run never leaves a broken one.
    """
    source = find_dataset(path, download=download)
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
        files.write_atomic(cached, lambda tmp: np.savez(
            tmp, vocab=np.array(json.dumps(vocab.words)), **arrays))
    return Corpus(vocab=vocab, source=str(source), **arrays)


def split_train_val(
    corpus: Corpus, val_fraction: float = 0.25, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle the training reviews with ``seed`` and hold out ``val_fraction``.

    Returns ``x_train, y_train, x_val, y_val``.
    """
    order = np.random.default_rng(seed).permutation(len(corpus.y_train))
    n_val = int(round(len(order) * val_fraction))
    val, train = order[:n_val], order[n_val:]
    return (corpus.x_train[train], corpus.y_train[train],
            corpus.x_train[val], corpus.y_train[val])
