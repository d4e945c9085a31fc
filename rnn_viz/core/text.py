"""Text as a model reads it: the tokenizer, the vocabulary and the encoded steps.

Tokenization follows the reference notebook: lower case, ``<br />`` removed, every
character that is neither a word character nor white space stripped, split on white
space. The vocabulary holds the ``vocab_size - 2`` most frequent training words; id 0 is
padding and id 1 is an out-of-vocabulary word. Every text is cut or padded to its *last*
``maxlen`` tokens, padding in front, as ``keras.utils.pad_sequences`` does by default.
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

VOCAB_SIZE = 10_000
MAXLEN = 500
PAD_ID, OOV_ID = 0, 1
PAD_WORD, OOV_WORD = "", "[UNK]"
#: The tokenizer's name, as model folders record it (``config.json`` and ``vocab.json``):
#: the reference notebook's, the only one so far.
TOKENIZER = "reference"
PAD_TOKEN = "·"  # how a padding step is shown to the user

_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PUNCTUATION = re.compile(r"[^\w\s]")


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
        """``{"tokenizer": "reference", "maxlen": int, "words": [...]}`` (the content of
        ``vocab.json``).

        Returns:
            The vocabulary as JSON-ready data.
        """
        return {"tokenizer": TOKENIZER, "maxlen": self.maxlen, "words": list(self.words)}

    @classmethod
    def from_json(cls, data: dict) -> Vocabulary:
        """The vocabulary ``to_json`` wrote.

        Args:
            data: ``{"tokenizer"?: "reference", "maxlen": int, "words": [...]}`` (no
                ``tokenizer``: the reference one, as in folders older than the field).

        Returns:
            The vocabulary.

        Raises:
            KeyError: a field is missing.
            ValueError: the words do not start with padding and out-of-vocabulary, or
                the tokenizer is not one this version knows.
        """
        tokenizer = data.get("tokenizer", TOKENIZER)
        if tokenizer != TOKENIZER:
            raise ValueError(f"tokenizer {tokenizer!r} is unknown (this version has {TOKENIZER!r})")
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


def vocabulary_digest(vocab: Vocabulary) -> str:
    """A vocabulary's identity, ``maxlen`` aside.

    Args:
        vocab: a vocabulary.

    Returns:
        The sha1 (40 hex digits) of its words, in order.
    """
    return hashlib.sha1("\n".join(vocab.words).encode("utf-8")).hexdigest()
