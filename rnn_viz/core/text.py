"""Text as a model reads it: the vocabulary and the encoded steps.

A ``Vocabulary`` carries its tokenizer (``core.tokenizers``; the reference notebook's by
default: lower case, ``<br />`` removed, every character that is neither a word character
nor white space stripped, split on white space). It holds the ``vocab_size - 2`` most
frequent training tokens; id 0 is padding and id 1 is an out-of-vocabulary token. Every
text is cut or padded to its *last* ``maxlen`` tokens, padding in front, as
``keras.utils.pad_sequences`` does by default; a model's own ``TextVectorization`` keeps
the *first* ``maxlen``, padding at the end (``padding="post"``).
"""

from __future__ import annotations

import collections
import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rnn_viz.core.errors import RnnVizError
from rnn_viz.core.tokenizers import DEFAULT as TOKENIZER
from rnn_viz.core.tokenizers import TOKENIZERS, Tokenizer, tokenizer
from rnn_viz.core.tokenizers import normalize as normalize  # the reference spelling
from rnn_viz.i18n import is_korean_text

VOCAB_SIZE = 10_000
MAXLEN = 500
PAD_ID, OOV_ID = 0, 1
PAD_WORD, OOV_WORD = "", "[UNK]"
PAD_TOKEN = "·"  # how a padding step is shown to the user
#: Where the padding goes: ``"pre"`` keeps the last ``maxlen`` tokens, padding in front
#: (``pad_sequences``); ``"post"`` keeps the first, padding at the end (``TextVectorization``).
PADDINGS = ("pre", "post")


class VectorizerMismatchError(RnnVizError, ValueError):
    """A model's own ``TextVectorization`` read a text otherwise than the tokens shown."""


def words(text: str) -> list[str]:
    """The words the reference tokenizer reads from a text.

    Args:
        text: a review (``<br />`` line breaks count as spaces).

    Returns:
        Its words, normalized, in order.
    """
    return TOKENIZERS[TOKENIZER].words(text)


def chunks(text: str) -> list[tuple[str, str]]:
    """Each word of a text beside the spelling the user typed (reference tokenizer).

    Pieces of text with no word character (a lone "--", an emoji) are not read
    by the model and are left out. ``[w for _, w in chunks(t)] == words(t)``.

    Args:
        text: a review.

    Returns:
        ``(shown, word)`` pairs, in order.
    """
    return TOKENIZERS[TOKENIZER].chunks(text)


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
    """Token ↔ id mapping: ``words[id]``; ``words[0]`` is padding, ``words[1]`` OOV.

    Attributes:
        words: the tokens, by id.
        maxlen: steps per text.
        tokenizer: how a text becomes tokens (``core.tokenizers``).
        padding: ``"pre"`` (the last ``maxlen`` tokens, padding in front) or ``"post"``
            (the first ``maxlen``, padding at the end, as ``TextVectorization``).
        vectorize: a model's own text → ids ``(n, maxlen)`` (its ``TextVectorization``),
            used instead of the lookup so the ids are exactly what the model computes;
            None for models that read ids.
    """

    words: tuple[str, ...]
    maxlen: int = MAXLEN
    tokenizer: Tokenizer = TOKENIZERS[TOKENIZER]
    padding: str = "pre"
    vectorize: Callable[[Sequence[str]], np.ndarray] | None = field(
        default=None, repr=False, compare=False
    )
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.words[:2] != (PAD_WORD, OOV_WORD):
            raise ValueError("a vocabulary starts with the padding and OOV words")
        if self.padding not in PADDINGS:
            raise ValueError(f"padding must be one of {', '.join(PADDINGS)}")
        index: dict[str, int] = {}
        for i, w in enumerate(self.words):
            index.setdefault(w, i)  # a repeated token reads as its first id, as Keras does
        object.__setattr__(self, "_index", index)

    def __len__(self) -> int:
        return len(self.words)

    @functools.cached_property
    def reads_korean(self) -> bool:
        """Whether any token of the vocabulary is Korean.

        Returns:
            True for a model trained on Korean text (e.g. with the ``kiwi`` tokenizer),
            which reads Korean typed in.
        """
        return any(is_korean_text(w) for w in self.words[2:])

    @classmethod
    def build(
        cls,
        texts: Iterable[str],
        size: int = VOCAB_SIZE,
        maxlen: int = MAXLEN,
        tokenizer: Tokenizer = TOKENIZERS[TOKENIZER],
    ) -> Vocabulary:
        """Count the tokens of ``texts`` and keep the most frequent.

        Args:
            texts: the training reviews.
            size: the vocabulary's size, padding and out-of-vocabulary included.
            maxlen: steps per review.
            tokenizer: how the texts are cut into tokens.

        Returns:
            Padding, out-of-vocabulary, then the ``size - 2`` most frequent tokens (ties
            broken alphabetically).
        """
        counts: collections.Counter[str] = collections.Counter()
        for text in texts:
            counts.update(tokenizer.words(text))
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return cls(
            (PAD_WORD, OOV_WORD) + tuple(w for w, _ in ranked[: size - 2]), maxlen, tokenizer
        )

    def ids(self, tokens: list[str]) -> list[int]:
        """The ids of tokens.

        Args:
            tokens: tokens as the tokenizer writes them.

        Returns:
            One id per token; ``OOV_ID`` for a token outside the vocabulary.
        """
        return [self._index.get(w, OOV_ID) for w in tokens]

    def window(self, n: int) -> tuple[slice, slice]:
        """Which of ``n`` tokens the model reads, and at which steps.

        Args:
            n: the text's token count.

        Returns:
            ``(kept, steps)``: the slice of the tokens kept (the last ``maxlen``, or the
            first with ``padding="post"``) and the slice of the ``maxlen`` steps they fill.
        """
        k = min(n, self.maxlen)
        if self.padding == "post":
            return slice(0, k), slice(0, k)
        return slice(n - k, n), slice(self.maxlen - k, self.maxlen)

    def pad(self, ids: list[int]) -> np.ndarray:
        """Fit ids to the model's length (``keras.utils.pad_sequences``, or
        ``TextVectorization`` with ``padding="post"``).

        Args:
            ids: a review's token ids, in order.

        Returns:
            ``(maxlen,)`` int32: the ids kept (see ``window``), padding (0) elsewhere.
        """
        out = np.zeros(self.maxlen, np.int32)
        kept, steps = self.window(len(ids))
        out[steps] = ids[kept]
        return out

    def encode_many(self, texts: Sequence[str]) -> np.ndarray:
        """Model input for many texts.

        Args:
            texts: ``n`` reviews.

        Returns:
            ``(n, maxlen)`` int32 ids.
        """
        if not texts:
            return np.zeros((0, self.maxlen), np.int32)
        if self.vectorize is not None:
            return np.asarray(self.vectorize(list(texts)), np.int32)
        return np.stack([self.pad(self.ids(self.tokenizer.words(t))) for t in texts])

    def encode(self, text: str) -> Encoded:
        """Encode one text, keeping the user's spelling of every step for display.

        Args:
            text: a review as the user wrote it.

        Returns:
            Its ``Encoded`` steps (see ``window``: the last ``maxlen`` tokens, padding in
            front, or with ``padding="post"`` the first ones, padding at the end).

        Raises:
            VectorizerMismatchError: the model's own ``TextVectorization`` read other ids
                than the tokens shown (never expected: the tokenizer replicates it).
        """
        pairs = self.tokenizer.chunks(text)
        kept, steps = self.window(len(pairs))
        shown = pairs[kept]
        ids = self.pad(self.ids([w for _, w in pairs]))
        if self.vectorize is not None:
            own = np.asarray(self.vectorize([text]), np.int32)[0]
            if not np.array_equal(own, ids):
                raise VectorizerMismatchError(
                    "The model's TextVectorization read this text otherwise than rnn-viz "
                    "splits it, so its steps cannot be shown word by word."
                )
            ids = own
        is_pad = np.ones(self.maxlen, bool)
        is_pad[steps] = False
        tokens = [PAD_TOKEN] * self.maxlen
        tokens[steps] = [s for s, _ in shown]
        return Encoded(
            text=text,
            ids=ids,
            tokens=tokens,
            is_pad=is_pad,
            is_oov=(ids == OOV_ID) & ~is_pad,
            n_words=len(pairs),
            n_cut=len(pairs) - len(shown),
        )

    def to_json(self) -> dict:
        """``{"tokenizer": key, "maxlen": int, "words": [...]}`` (the content of
        ``vocab.json``; ``"padding": "post"`` too when so).

        Returns:
            The vocabulary as JSON-ready data.
        """
        data = {"tokenizer": self.tokenizer.key, "maxlen": self.maxlen, "words": list(self.words)}
        if self.padding != "pre":
            data["padding"] = self.padding
        return data

    @classmethod
    def from_json(cls, data: dict) -> Vocabulary:
        """The vocabulary ``to_json`` wrote.

        Args:
            data: ``{"tokenizer"?: key, "maxlen": int, "words": [...], "padding"?: ...}``
                (no ``tokenizer``: the reference one, as in folders older than the field).

        Returns:
            The vocabulary.

        Raises:
            KeyError: a field is missing.
            ValueError: the words do not start with padding and out-of-vocabulary, or
                the tokenizer is not one this version knows.
        """
        return cls(
            tuple(data["words"]),
            int(data["maxlen"]),
            tokenizer(str(data.get("tokenizer", TOKENIZER))),
            str(data.get("padding", "pre")),
        )

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
            ValueError: it is not a vocabulary (bad JSON or words, unknown tokenizer).
            KeyError: a field is missing.
        """
        return cls.from_json(json.loads(Path(path).read_text("utf-8")))


def vocabulary_digest(vocab: Vocabulary) -> str:
    """A vocabulary's identity, ``maxlen`` aside.

    Args:
        vocab: a vocabulary.

    Returns:
        The sha1 (40 hex digits) of its words, in order, and of its tokenizer and padding
        when they are not the reference's (so older digests stay valid).
    """
    text = "\n".join(vocab.words)
    if vocab.tokenizer.key != TOKENIZER or vocab.padding != "pre":
        text += f"\n\0{vocab.tokenizer.key}\0{vocab.padding}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()
