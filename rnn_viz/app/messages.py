"""How the pages word what went wrong and name a model: Markdown-safe text, one
sentence per typed error (never a traceback).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import streamlit as st

from rnn_viz.app import registry
from rnn_viz.core.errors import RnnVizError
from rnn_viz.i18n import error_text, t

P = ParamSpec("P")
R = TypeVar("R")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'])")


def plain(text: str) -> str:
    """``text`` made safe for Streamlit's Markdown, so it shows exactly as written.

    Args:
        text: any text (a file name, a model's sentence, a user's words).

    Returns:
        The text with every punctuation character that Markdown (links, images, HTML,
        LaTeX, emoji and colour directives) reads escaped and line breaks as spaces.
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def show_error(err: BaseException | str) -> None:
    """Show an error as one sentence (escaped), never a traceback.

    Args:
        err: a typed rnn-viz error (shown in the current language, ``i18n.error_text``),
            another exception, or a sentence.
    """
    text = error_text(err) if isinstance(err, RnnVizError) else str(err)
    st.error(plain(text), icon=":material/error:")


def stops_on_error(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorate a page's entry point: a typed rnn-viz error (``RnnVizError``) it raises is
    shown as its sentence and the page stops there; other exceptions propagate.

    Args:
        fn: the entry point.

    Returns:
        ``fn`` wrapped.
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except RnnVizError as err:
            show_error(err)
            st.stop()
            raise  # st.stop() ends a script run; outside one, the error goes on

    return wrapper


def why_text(err: RnnVizError | None) -> str | None:
    """A cached error in the reader's language.

    Args:
        err: a typed error kept by a cache, or None.

    Returns:
        Its sentence in the current language; None stays None.
    """
    return None if err is None else error_text(err)


def shown_label(entry: registry.ModelEntry) -> str:
    """How a model is named on a page: its name and its source in the current language.

    Args:
        entry: the model.

    Returns:
        ``"lstm (shipped)"`` in English; the session keys keep ``entry.label``.
    """
    return f"{entry.name} ({t(f'pkg.source.{entry.source}')})"
