"""How the pages word what went wrong and name a model: Markdown-safe text, one
sentence per typed error (never a traceback).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Literal, NoReturn, TypeVar, cast, overload

import streamlit as st

from rnn_viz.app import registry
from rnn_viz.core.errors import RnnVizError
from rnn_viz.i18n import error_text, t

T = TypeVar("T")
U = TypeVar("U")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'])")
#: A zero-width joiner: invisible, and it breaks what Markdown would autolink.
ZWJ = "\u200d"
#: Where GitHub-flavoured Markdown autolinks plain text even after the escapes: an e-mail
#: address (``a@b.c``), a scheme (``https://``, ``ftp://``) and ``www.``.
_AUTOLINK = re.compile(r"(@)|(:)(?=//)|(?i:(www)(?=\.))")


def plain(text: str) -> str:
    """``text`` made inert for Streamlit's Markdown, so it shows exactly as written and
    is never a link: the one helper for user text (file and model names, review text,
    column names, labels) on its way into Markdown.

    Args:
        text: any text (a file name, a model's sentence, a user's words).

    Returns:
        The text with every punctuation character that Markdown (links, images, HTML,
        LaTeX, emoji and colour directives) reads escaped, line breaks as spaces, and a
        zero-width joiner (``ZWJ``) after each ``@``, in each ``://`` and after ``www``
        before a dot, where Markdown would otherwise autolink the text.
    """
    return _MD_SPECIAL.sub(r"\\\1", unlinked(" ".join(str(text).split())))


def unlinked(text: str) -> str:
    """``text`` with a zero-width joiner (``ZWJ``) where Markdown would autolink it: after
    each ``@``, in each ``://`` and after ``www`` before a dot (it reads the same).

    Args:
        text: any text.

    Returns:
        The text as ``plain`` shows it, before its Markdown escapes.
    """
    return _AUTOLINK.sub(lambda m: m.group(0) + ZWJ, text)


def show_error(err: BaseException | str) -> None:
    """Show an error as one sentence (escaped), never a traceback.

    Args:
        err: a typed rnn-viz error (shown in the current language, ``i18n.error_text``),
            another exception, or a sentence.
    """
    text = error_text(err) if isinstance(err, RnnVizError) else str(err)
    st.error(plain(text), icon=":material/error:")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a call came to: its ``value``, or the typed ``error`` saying why there is
    none. Cached as it is (the error untranslated) and worded in the reader's language
    when shown (``settle``); an exception that is not an ``RnnVizError`` is a bug and is
    never an outcome."""

    value: T | None = None
    error: RnnVizError | None = None

    @staticmethod
    def of(make: Callable[[], T]) -> Outcome[T]:
        """The outcome of ``make()``.

        Args:
            make: computes the value.

        Returns:
            ``Outcome(value)``, or ``Outcome(error=err)`` when it raised a typed error.
        """
        try:
            return Outcome(make())
        except RnnVizError as err:
            return Outcome(error=err)

    @property
    def why(self) -> str | None:
        """The error in the reader's language (None with a value)."""
        return None if self.error is None else error_text(self.error)

    def then(self, make: Callable[[T], U]) -> Outcome[U]:
        """The outcome of ``make(value)``; an error stays the error.

        Args:
            make: computes from the value.

        Returns:
            The new outcome.
        """
        if self.error is not None:
            return Outcome(error=self.error)
        return Outcome.of(lambda: make(cast(T, self.value)))


@overload
def settle(
    outcome: Outcome[T],
    stop: Literal[True] = ...,
    key: str | None = ...,
    show: Callable[[str], object] | None = ...,
    label: str | None = ...,
) -> T: ...


@overload
def settle(
    outcome: Outcome[T],
    stop: Literal[False],
    key: str | None = ...,
    show: Callable[[str], object] | None = ...,
    label: str | None = ...,
) -> T | None: ...


def settle(
    outcome: Outcome[T],
    stop: bool = True,
    key: str | None = None,
    show: Callable[[str], object] | None = None,
    label: str | None = None,
) -> T | None:
    """The one way a page meets an outcome: its value, or its error's sentence shown
    (escaped, ``plain``) and the page stopped there, or let go on.

    Args:
        outcome: what a call came to.
        stop: stop the page after the message (``st.stop``); False: go on (None).
        key: a catalogue key that words the message around the error (``{why}``).
        show: shows the message (default ``st.error`` with the error icon).
        label: put before the message (``"lstm (shipped): …"``), e.g. the model's.

    Returns:
        The value; None after the message when ``stop`` is False.

    Raises:
        RnnVizError: the outcome's error, when ``stop`` is True outside a script run
            (inside one, ``st.stop`` ends the run first).
    """
    if outcome.error is None:
        return outcome.value
    why = outcome.why or ""
    text = why if key is None else t(key, why=why)
    text = plain(text if label is None else f"{label}: {text}")
    if show is None:
        st.error(text, icon=":material/error:")
    else:
        show(text)
    if stop:
        st.stop()
        _raise(outcome.error)  # st.stop() ends a script run; outside one, the error goes on
    return None


def _raise(error: RnnVizError) -> NoReturn:
    """Raise ``error`` (outside a script run, where ``st.stop`` returns)."""
    raise error


def shown_label(entry: registry.ModelEntry) -> str:
    """How a model is named on a page: its name and its source in the current language.

    Args:
        entry: the model.

    Returns:
        ``"lstm (shipped)"`` in English; the session keys keep ``entry.label``.
    """
    return f"{entry.name} ({t(f'pkg.source.{entry.source}')})"
