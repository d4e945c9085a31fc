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

A dataset is read whole or not at all: a damaged or truncated archive, or a folder of
the layout with reviews missing, raises a ``DatasetError`` subclass (never a corpus
with some reviews silently left out), and a corpus of another size than the official
12,500 reviews per split and label says so (``Corpus.size_note``).
"""

from __future__ import annotations

import collections
import hashlib
import itertools
import json
import lzma
import os
import re
import tarfile
import threading
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import numpy as np

from . import files
from .errors import RnnVizError
from .i18n import t

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
_CACHE_FORMAT = 2  # 2: corpora come only from complete, intact reads

#: The official dataset's reviews per split and label (``aclImdb/{split}/{pos,neg}/``).
OFFICIAL_PER_FOLDER = 12_500
FOLDERS = ("train/neg", "train/pos", "test/neg", "test/pos")


class DatasetError(RnnVizError):
    """The dataset cannot be used; the message says why and what to do. Callers tell
    the cases apart by subclass, never by the message's text."""


class DatasetNotFoundError(DatasetError):
    """The dataset is not on this machine (and was not downloaded); the message says
    every place looked at."""


class DatasetUnreadableError(DatasetError):
    """The dataset is there but cannot be used (e.g. permission denied)."""


class DatasetCorruptError(DatasetUnreadableError):
    """The archive is damaged or truncated: a read error before its end."""


class DatasetIncompleteError(DatasetUnreadableError):
    """The dataset was read without error but reviews are missing from it."""


class DatasetLayoutError(DatasetUnreadableError):
    """The source holds no reviews in the ``aclImdb/{train,test}/{pos,neg}/`` layout."""


class DatasetMismatchError(DatasetError):
    """The dataset encodes to another vocabulary than a model was trained with."""


# --------------------------------------------------------------------------- #
# Tokenizer
# --------------------------------------------------------------------------- #
def normalize(text: str) -> str:
    """The tokenizer's spelling of a text.

    Args:
        text: any text.

    Returns:
        ``text`` lower-cased, its punctuation stripped (white space is kept).
    """
    return _PUNCTUATION.sub("", text.lower())


def words(text: str) -> list[str]:
    """The words the model reads from a text.

    Args:
        text: a review (``<br />`` line breaks count as spaces).

    Returns:
        Its words, normalized, in order.
    """
    return normalize(_LINE_BREAK.sub(" ", text)).split()


def chunks(text: str) -> list[tuple[str, str]]:
    """Each word of a text beside the spelling the user typed.

    Pieces of text with no word character (a lone "--", an emoji) are not read
    by the model and are left out. ``[w for _, w in chunks(t)] == words(t)``.

    Args:
        text: a review.

    Returns:
        ``(shown, word)`` pairs, in order.
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
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.words[:2] != (PAD_WORD, OOV_WORD):
            raise ValueError("a vocabulary starts with the padding and OOV words")
        object.__setattr__(self, "_index", {w: i for i, w in enumerate(self.words)})

    def __len__(self) -> int:
        return len(self.words)

    @classmethod
    def build(
        cls, texts: Iterable[str], size: int = VOCAB_SIZE, maxlen: int = MAXLEN
    ) -> Vocabulary:
        """Count the words of ``texts`` and keep the most frequent.

        Args:
            texts: the training reviews.
            size: the vocabulary's size, padding and out-of-vocabulary included.
            maxlen: steps per review.

        Returns:
            Padding, out-of-vocabulary, then the ``size - 2`` most frequent words (ties
            broken alphabetically).
        """
        counts: collections.Counter[str] = collections.Counter()
        for text in texts:
            counts.update(words(text))
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return cls((PAD_WORD, OOV_WORD) + tuple(w for w, _ in ranked[: size - 2]), maxlen)

    def ids(self, tokens: list[str]) -> list[int]:
        """The ids of words.

        Args:
            tokens: normalized words.

        Returns:
            One id per word; ``OOV_ID`` for a word outside the vocabulary.
        """
        return [self._index.get(w, OOV_ID) for w in tokens]

    def pad(self, ids: list[int]) -> np.ndarray:
        """Fit ids to the model's length, as ``keras.utils.pad_sequences`` does.

        Args:
            ids: a review's word ids, in order.

        Returns:
            ``(maxlen,)`` int32: the last ``maxlen`` ids, padding (0) in front.
        """
        out = np.zeros(self.maxlen, np.int32)
        kept = ids[-self.maxlen :] if ids else []
        if kept:
            out[-len(kept) :] = kept
        return out

    def encode_many(self, texts: Sequence[str]) -> np.ndarray:
        """Model input for many texts.

        Args:
            texts: ``n`` reviews.

        Returns:
            ``(n, maxlen)`` int32 ids.
        """
        return (
            np.stack([self.pad(self.ids(words(t))) for t in texts])
            if texts
            else (np.zeros((0, self.maxlen), np.int32))
        )

    def encode(self, text: str) -> Encoded:
        """Encode one text, keeping the user's spelling of every step for display.

        Args:
            text: a review as the user wrote it.

        Returns:
            Its ``Encoded`` steps (the last ``maxlen`` words, padding in front).
        """
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
        """``{"maxlen": int, "words": [...]}`` (the content of ``vocab.json``).

        Returns:
            The vocabulary as JSON-ready data.
        """
        return {"maxlen": self.maxlen, "words": list(self.words)}

    @classmethod
    def from_json(cls, data: dict) -> Vocabulary:
        """The vocabulary ``to_json`` wrote.

        Args:
            data: ``{"maxlen": int, "words": [...]}``.

        Returns:
            The vocabulary.

        Raises:
            KeyError: a field is missing.
            ValueError: the words do not start with padding and out-of-vocabulary.
        """
        return cls(tuple(data["words"]), int(data["maxlen"]))

    def save(self, path: str | os.PathLike) -> None:
        """Write ``vocab.json``.

        Args:
            path: the file to write.
        """
        Path(path).write_text(json.dumps(self.to_json(), ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, path: str | os.PathLike) -> Vocabulary:
        """Read a ``vocab.json``.

        Args:
            path: the file.

        Returns:
            The vocabulary.

        Raises:
            OSError: the file cannot be read.
            ValueError: it is not a vocabulary (bad JSON or words).
            KeyError: a field is missing.
        """
        return cls.from_json(json.loads(Path(path).read_text("utf-8")))


# --------------------------------------------------------------------------- #
# Finding and reading the dataset
# --------------------------------------------------------------------------- #
def keras_cache_dir() -> Path:
    """Where ``keras.utils.get_file`` keeps downloaded datasets.

    Returns:
        ``$KERAS_HOME/datasets``, or ``~/.keras/datasets``.
    """
    base = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(base) / "datasets"


def find_dataset(path: str | os.PathLike | None = None, download: bool = True) -> Path:
    """Locate the dataset: ``path`` → ``$RNN_VIZ_DATA`` → Keras cache → download.

    Args:
        path: where the user said it is; None looks further.
        download: download it (80 MB, checked by MD5) when it is nowhere else.

    Returns:
        A ``.tar.gz`` file or a folder holding ``aclImdb/``.

    Raises:
        DatasetNotFoundError: naming every place looked at and how to provide it.
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
            raise DatasetNotFoundError(
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
    raise DatasetNotFoundError(
        "The IMDB dataset was not found. Looked at: "
        + "; ".join(["--data / RNN_VIZ_DATA (not set)"] + looked)
        + ". Provide it with --data PATH or RNN_VIZ_DATA=PATH, pointing at "
        f"aclImdb_v1.tar.gz from {OFFICIAL_URL} (or a folder holding aclImdb/)."
    )


@dataclass(frozen=True)
class Review:
    """One labeled review of the dataset."""

    split: str  # "train" or "test"
    label: int  # 1 positive, 0 negative
    rating: int  # 1..10 stars
    id: int
    text: str


def read_reviews(source: str | os.PathLike) -> list[Review]:
    """All labeled reviews under ``source`` (a ``.tar.gz`` or a folder), sorted.

    Sorted by split, then negative before positive, then numeric id, so the order
    (and so the validation split) never depends on the file system.

    The read is whole or an error. An archive is read to its end: every member, tar's
    end-of-archive marker, and (for ``.gz``) the compressed stream's CRC, so a damaged
    header (where ``tarfile`` alone would stop quietly) or a truncated file is an
    error. Then every folder ``aclImdb/{train,test}/{neg,pos}/`` must hold reviews
    numbered ``0 .. n-1`` (``ID_RATING.txt``), as the official dataset (``n = 12,500``)
    and any dataset written in its layout do: a missing folder or a gap in the ids
    means reviews are missing. A complete dataset of another size is read (it is a
    custom dataset, flagged by ``Corpus.size_note``).

    Args:
        source: a ``.tar.gz`` (or ``.tar``, ``.tar.bz2``, ``.tar.xz``) or a folder
            holding ``aclImdb/``.

    Returns:
        The reviews, train before test, negative before positive, by id.

    Raises:
        DatasetCorruptError: the archive is damaged or truncated.
        DatasetIncompleteError: a folder is missing or reviews are missing from one.
        DatasetLayoutError: no review in the aclImdb layout at all.
        DatasetUnreadableError: the source cannot be read (e.g. permission denied).
        DatasetError: any of these, raised while reading, goes through as it is.
    """
    source = Path(source)
    reviews: list[Review] = []

    def add(name: str, raw: bytes) -> None:
        m = _REVIEW_PATH.search(name)
        if m:
            split, polarity, rid, rating = m.groups()
            reviews.append(
                Review(
                    split,
                    int(polarity == "pos"),
                    int(rating),
                    int(rid),
                    raw.decode("utf-8", errors="replace"),
                )
            )

    try:
        if source.is_dir():
            for folder, _, names in os.walk(source, followlinks=True):
                for fname in names:
                    if fname.endswith(".txt"):
                        path = Path(folder) / fname
                        add(path.relative_to(source).as_posix(), path.read_bytes())
        else:
            _read_archive(source, add)
    except PermissionError as err:
        raise DatasetUnreadableError(
            f"The IMDB dataset at {source} cannot be read: {err.strerror or err}."
        ) from err
    except DatasetError:
        raise
    except (OSError, tarfile.TarError, EOFError, zlib.error, lzma.LZMAError) as err:
        raise DatasetCorruptError(
            f"Could not read the IMDB dataset at {source}: the archive is damaged or "
            f"truncated ({_reason(err)}; {len(reviews):,} reviews read before it). Replace "
            f"it with an intact copy of {OFFICIAL_NAME} (MD5 {OFFICIAL_MD5})."
        ) from err
    if not reviews:
        raise DatasetLayoutError(
            f"{source} holds no reviews in the aclImdb layout "
            "(aclImdb/{train,test}/{pos,neg}/ID_RATING.txt)."
        )
    _check_complete(source, reviews)
    reviews.sort(key=lambda r: (r.split != "train", r.label, r.id))
    return reviews


def _reason(err: BaseException) -> str:
    text = str(err).strip()
    return f"{err.__class__.__name__}: {text}" if text else err.__class__.__name__


def _read_archive(source: Path, add: Callable[[str, bytes], None]) -> None:
    """Read every review of the tar archive ``source`` through ``add(name, bytes)``,
    then check that the archive ends where tar says it ends.

    ``tarfile`` ends its iteration quietly at a header it cannot parse, so after the
    last member the rest of the stream must be tar's end-of-archive marker (zero
    blocks, at least one) and nothing else; reading it to its end also makes ``gzip``
    check its CRC and length.

    Raises:
        DatasetCorruptError: data that is not a tar header where the next member or
            the end-of-archive marker should be, or no end-of-archive marker.
        OSError, tarfile.TarError, EOFError, zlib.error, lzma.LZMAError: from the
            decompressor or ``tarfile`` (a damaged or truncated stream).
    """
    with tarfile.open(source, "r:*") as archive:
        for member in archive:
            if member.isfile() and _REVIEW_PATH.search(member.name):
                content = archive.extractfile(member)
                if content is None:  # tarfile gives one for every regular file
                    raise tarfile.ExtractError(f"{member.name} has no content")
                add(member.name, content.read())
        end = archive.offset  # where the member that failed, or the end marker, starts
        stream = archive.fileobj
        stream.seek(end)
        trailer = 0
        while block := stream.read(1 << 16):
            if block.count(0) != len(block):
                raise DatasetCorruptError(
                    f"Could not read the IMDB dataset at {source}: the archive is damaged "
                    f"(the tar header at byte {end:,} of the unpacked archive is unreadable, "
                    f"so the members after it would be lost). Replace it with an intact "
                    f"copy of {OFFICIAL_NAME} (MD5 {OFFICIAL_MD5})."
                )
            trailer += len(block)
        if trailer < tarfile.BLOCKSIZE:
            raise DatasetCorruptError(
                f"Could not read the IMDB dataset at {source}: the archive is truncated "
                f"(it stops at byte {end:,} of the unpacked archive, with no end-of-archive "
                f"marker). Replace it with an intact copy of {OFFICIAL_NAME} "
                f"(MD5 {OFFICIAL_MD5})."
            )


def _check_complete(source: Path, reviews: list[Review]) -> None:
    """Raise ``DatasetIncompleteError`` unless each of the four folders holds reviews
    numbered ``0 .. n-1`` exactly once (see ``read_reviews``)."""
    ids: dict[str, list[int]] = {folder: [] for folder in FOLDERS}
    for r in reviews:
        ids[f"{r.split}/{'pos' if r.label else 'neg'}"].append(r.id)
    for folder, found in ids.items():
        if not found:
            raise DatasetIncompleteError(
                f"{source} has no aclImdb/{folder}/ reviews: the dataset is incomplete."
            )
        found.sort()
        if found != list(range(len(found))):
            have = set(found)
            n_missing = found[-1] + 1 - len(have)
            examples = itertools.islice((i for i in range(found[-1]) if i not in have), 3)
            what = (
                f"{n_missing:,} ids below its highest ({found[-1]:,}) are missing, "
                f"e.g. {', '.join(map(str, examples))}"
                if n_missing
                else f"{len(found) - len(have):,} ids appear twice"
            )
            raise DatasetIncompleteError(
                f"{source} is incomplete: aclImdb/{folder}/ holds {len(found):,} reviews but "
                f"{what}. Its reviews must be numbered 0 to n-1 (the official dataset has "
                f"{OFFICIAL_PER_FOLDER:,} per folder); replace it with an intact copy."
            )


# --------------------------------------------------------------------------- #
# The encoded corpus: one per source, vocabulary and length in a process, and on disk
# --------------------------------------------------------------------------- #
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


def cache_dir() -> Path:
    """Where encoded corpora (and the analyses' results) are cached on disk.

    Returns:
        ``$RNN_VIZ_CACHE``, or ``~/.cache/rnn_viz``.
    """
    return Path(os.environ.get("RNN_VIZ_CACHE") or Path.home() / ".cache" / "rnn_viz")


def _source_identity(source: Path) -> str:
    stat = source.stat()
    return f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"


def _cache_path(source: Path, vocab_size: int, maxlen: int) -> Path:
    key = f"{_source_identity(source)}|{_CACHE_FORMAT}"
    digest = hashlib.sha1(key.encode()).hexdigest()[:12]
    return cache_dir() / f"imdb_v{vocab_size}_l{maxlen}_{digest}.npz"


def vocabulary_digest(vocab: Vocabulary) -> str:
    """A vocabulary's identity, ``maxlen`` aside.

    Args:
        vocab: a vocabulary.

    Returns:
        The sha1 (40 hex digits) of its words, in order.
    """
    return hashlib.sha1("\n".join(vocab.words).encode("utf-8")).hexdigest()


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
