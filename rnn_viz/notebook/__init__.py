"""The stepper where people work and teach: a notebook widget and a web page.

``show`` returns the notebook widget (``rnn_viz[notebook]``: anywidget); ``html`` the
self-contained web page (no extra needed). Both read the same things: a model folder,
a shipped model's name, a ``ModelBundle``, a live Keras model (with its vocabulary, or
its own ``TextVectorization``), or a ``Trace``; a list of models is Compare (one token
control). Nothing here imports Streamlit; TensorFlow and anywidget load on first use.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rnn_viz.core.text import Vocabulary
    from rnn_viz.notebook.widget import StepperWidget

__all__ = ["html", "show"]


def show(
    model: Any,
    text: str = "",
    *,
    vocab: Vocabulary | None = None,
    name: str | None = None,
    lang: str | None = None,
    show_pad: bool = False,
    step: int | None = None,
) -> StepperWidget:
    """The stepper of ``text`` read by ``model`` (or models), as a notebook widget.

    Args:
        model: a model folder or shipped model's name, a ``ModelBundle``, a Keras model
            (with ``vocab`` for an id model) or a ``Trace``; a list of them: Compare.
        text: the text the model reads (ignored for a ``Trace``).
        vocab: the vocabulary of a live id model.
        name: the model's name as shown (one model).
        lang: ``"en"`` or ``"ko"``; default the current language (``rnn_viz.i18n``).
        show_pad: show the padding steps too.
        step: the step (index into ``T``) shown first; default the first real word.

    Returns:
        The widget; ``widget.step`` is the step the reader is on (set it to move there).

    Raises:
        ImportError: anywidget is missing (``pip install "rnn-viz[notebook]"``).
        ReadingError: see ``reading.readings``.
    """
    try:
        from rnn_viz.notebook.widget import StepperWidget
    except ImportError as err:
        raise ImportError(
            'The notebook widget needs anywidget: pip install "rnn-viz[notebook]"'
        ) from err
    from rnn_viz.i18n import current_language, use_language
    from rnn_viz.notebook import reading

    shown = reading.readings(model, text, vocab=vocab, name=name)
    with use_language(lang or current_language()):
        data = reading.stepper_data(shown, show_pad=show_pad, start_step=step)
    first = data["views"][0]
    start_col = data["columns"][data["start"]][0]
    return StepperWidget(data=data, step=int(first["steps"][start_col]), pos=data["start"])


def html(
    model: Any,
    text: str = "",
    *,
    vocab: Vocabulary | None = None,
    name: str | None = None,
    lang: str | None = None,
    show_pad: bool = False,
    created: datetime | None = None,
) -> str:
    """The stepper of ``text`` read by ``model`` (or models) as one self-contained web
    page (``rnn_viz.viz.html_export.review_page``).

    Args:
        model: as ``show`` takes it.
        text: the text the model reads.
        vocab: the vocabulary of a live id model.
        name: the model's name as shown (one model).
        lang: ``"en"`` or ``"ko"``; default the current language.
        show_pad: show the padding steps too.
        created: the date the page states (default now).

    Returns:
        The page's HTML; write it with ``rnn_viz.core.files`` (or any writer) as UTF-8.

    Raises:
        ReadingError: see ``reading.readings``.
    """
    from rnn_viz.i18n import current_language, use_language
    from rnn_viz.notebook import reading
    from rnn_viz.viz.html_export import review_page

    shown = reading.readings(model, text, vocab=vocab, name=name)
    with use_language(lang or current_language()):
        data = reading.stepper_data(shown, show_pad=show_pad)
        first = shown[0]
        page_text = first.text or " ".join(  # a trace handed over: the words it read
            w for w, pad in zip(first.trace.tokens, first.trace.is_pad, strict=True) if not pad
        )
        return review_page(data, reading.shown_models(shown), page_text, created=created)
