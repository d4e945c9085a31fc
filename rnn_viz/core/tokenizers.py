"""The tokenizers: how a text becomes the tokens a model reads, one registry entry each.

Every tokenizer turns a text into ``(shown, token)`` pairs: ``token`` is what the
vocabulary looks up, ``shown`` the piece of text the user typed for it (what every page
displays at that step). Nothing outside this module branches on a tokenizer's name: a
``Vocabulary`` carries its ``Tokenizer`` and asks it.

- ``reference`` (the reference notebook's): lower case; ``<br />`` read as a space;
  every character that is neither ``\\w`` nor white space removed; split on white space.
- ``chars``: ``<br />`` read as a space; then one token per Unicode code point, lower
  cased (``str.lower``); each run of white space is one token ``␣`` (shown ``␣``), white
  space at either end dropped; punctuation, digits and emoji are tokens like letters.
- ``kiwi``: Korean morphemes from ``kiwipiepy`` (the optional extra ``rnn-viz[korean]``):
  ``<br />`` read as a space; each morpheme's form, lower cased, is a token, shown as
  the stretch of text it came from; punctuation morphemes (tags SF SP SS SSO SSC SE SO)
  are dropped.
- ``keras/<standardize>/<split>``: what a Keras ``TextVectorization`` layer does with those
  settings (ASCII-only lower case, its ASCII punctuation set), so the tokens shown beside
  a model's own ids line up with them; not offered for training.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rnn_viz.core.errors import RnnVizError

Pairs = list[tuple[str, str]]

_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PUNCTUATION = re.compile(r"[^\w\s]")
SPACE_TOKEN = "␣"  # how the chars tokenizer writes (and shows) a run of white space


class TokenizerError(RnnVizError, ValueError):
    """A tokenizer that cannot be used here (unknown, or its package is missing)."""


@dataclass(frozen=True)
class Tokenizer:
    """One way of cutting text into tokens.

    Attributes:
        key: its name in ``TOKENIZERS`` (saved in ``vocab.json`` and ``config.json``).
        pairs: ``text → [(shown, token), …]`` in reading order, no empty token.
        trainable: offered for training (``rnn-viz train --tokenizer``, the Train page).
        joiner: what goes between shown pieces when an edited text is put back together
            (``join``): a space for words, nothing for characters.
    """

    key: str
    pairs: Callable[[str], Pairs] = field(repr=False)
    trainable: bool = True
    joiner: str = " "

    def join(self, pieces: list[str]) -> str:
        """Put shown pieces back into a text (what-if and flip edits).

        Args:
            pieces: shown pieces, in order (``SPACE_TOKEN`` reads as a space).

        Returns:
            The text.
        """
        return self.joiner.join(" " if p == SPACE_TOKEN else p for p in pieces)

    def chunks(self, text: str) -> Pairs:
        """Each token of a text beside the spelling the user typed.

        Args:
            text: any text.

        Returns:
            ``(shown, token)`` pairs, in order.
        """
        return self.pairs(text)

    def words(self, text: str) -> list[str]:
        """The tokens the model reads from a text.

        Args:
            text: any text.

        Returns:
            Its tokens, in order.
        """
        return [token for _, token in self.pairs(text)]


# ----------------------------------------------------------------------------- reference
def normalize(text: str) -> str:
    """The reference tokenizer's spelling of a text.

    Args:
        text: any text.

    Returns:
        ``text`` lower-cased, its punctuation stripped (white space is kept).
    """
    return _PUNCTUATION.sub("", text.lower())


def _reference(text: str) -> Pairs:
    pairs = ((piece, normalize(piece)) for piece in _LINE_BREAK.sub(" ", text).split())
    return [(piece, word) for piece, word in pairs if word]


# ----------------------------------------------------------------------------- chars
_SPACES = re.compile(r"\s+")


def _chars(text: str) -> Pairs:
    out: Pairs = []
    for k, piece in enumerate(_SPACES.split(_LINE_BREAK.sub(" ", text).strip())):
        if k:
            out.append((SPACE_TOKEN, SPACE_TOKEN))
        out.extend((ch, ch.lower()) for ch in piece)
    return out


# ----------------------------------------------------------------------------- kiwi
#: kiwipiepy's punctuation tags, dropped by the kiwi tokenizer.
KIWI_PUNCTUATION_TAGS = frozenset({"SF", "SP", "SS", "SSO", "SSC", "SE", "SO"})


@functools.cache
def _kiwi() -> Any:
    try:
        from kiwipiepy import Kiwi
    except ImportError as err:
        raise TokenizerError(
            "The kiwi tokenizer needs kiwipiepy: pip install 'rnn-viz[korean]' "
            "(or pip install -r requirements-korean.txt)."
        ) from err
    return Kiwi()


def _kiwi_pairs(text: str) -> Pairs:
    text = _LINE_BREAK.sub(" ", text)
    if not text.strip():
        return []
    return [
        (text[tok.start : tok.start + tok.len], tok.form.lower())
        for tok in _kiwi().tokenize(text)
        if tok.tag not in KIWI_PUNCTUATION_TAGS and tok.form.strip()
    ]


# ----------------------------------------------------------------------------- keras
#: Keras ``TextVectorization``'s punctuation (``strip_punctuation``), ASCII only.
KERAS_PUNCTUATION = re.compile(r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']')
#: What ``tf.strings.split`` splits on: ASCII white space only.
KERAS_WHITESPACE = re.compile(r"[ \t\n\v\f\r]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
KERAS_STANDARDIZE = (None, "lower", "strip_punctuation", "lower_and_strip_punctuation")
KERAS_SPLIT = (None, "whitespace", "character")


def keras_tokenizer_key(standardize: str | None, split: str | None) -> str:
    """The registry key of the tokenizer that replicates a ``TextVectorization``.

    Args:
        standardize: the layer's ``standardize`` (a name or None).
        split: the layer's ``split`` (a name or None).

    Returns:
        ``"keras/<standardize>/<split>"`` (``none`` for None).
    """
    return f"keras/{standardize or 'none'}/{split or 'none'}"


def _keras(standardize: str | None, split: str | None) -> Callable[[str], Pairs]:
    def std(text: str) -> str:
        if standardize in ("lower", "lower_and_strip_punctuation"):
            text = text.translate(_ASCII_LOWER)
        if standardize in ("strip_punctuation", "lower_and_strip_punctuation"):
            text = KERAS_PUNCTUATION.sub("", text)
        return text

    def pairs(text: str) -> Pairs:
        if split == "whitespace":
            pieces = [piece for piece in KERAS_WHITESPACE.split(text) if piece]
        elif split == "character":
            pieces = list(text)
        else:
            pieces = [text]
        return [(piece, token) for piece, token in ((p, std(p)) for p in pieces) if token]

    return pairs


def _registry() -> dict[str, Tokenizer]:
    out = {
        "reference": Tokenizer("reference", _reference),
        "chars": Tokenizer("chars", _chars, joiner=""),
        "kiwi": Tokenizer("kiwi", _kiwi_pairs),
    }
    for standardize in KERAS_STANDARDIZE:
        for split in KERAS_SPLIT:
            key = keras_tokenizer_key(standardize, split)
            joiner = "" if split == "character" else " "
            out[key] = Tokenizer(key, _keras(standardize, split), False, joiner)
    return out


#: Every tokenizer, by key.
TOKENIZERS: dict[str, Tokenizer] = _registry()
#: The tokenizers a model can be trained with, in the order they are offered.
TRAINABLE = tuple(key for key, tok in TOKENIZERS.items() if tok.trainable)
DEFAULT = "reference"


def tokenizer(key: str) -> Tokenizer:
    """The tokenizer of a key.

    Args:
        key: a key of ``TOKENIZERS``.

    Returns:
        The tokenizer.

    Raises:
        TokenizerError: no tokenizer has that key.
    """
    try:
        return TOKENIZERS[key]
    except KeyError:
        raise TokenizerError(
            f"tokenizer {key!r} is unknown (this version has {', '.join(TRAINABLE)})"
        ) from None


def check_available(key: str) -> None:
    """Make sure a tokenizer can run here (its optional package is installed).

    Args:
        key: a key of ``TOKENIZERS``.

    Raises:
        TokenizerError: it is unknown, or needs a package that is missing (the message
            says how to install it).
    """
    tokenizer(key).pairs("a")
