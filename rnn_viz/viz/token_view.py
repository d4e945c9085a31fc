"""Which steps of a trace are shown, and how their tokens are labelled."""

from __future__ import annotations

import html

import numpy as np

from rnn_viz.core.capture import Trace
from rnn_viz.i18n import t as _t


def state_in_label() -> str:
    """The label of the state-in column (the state the first real word meets), in the
    current language.

    Returns:
        ``"state in"`` in English, its translation otherwise.
    """
    return _t("step.state_in")


def shown_tokens(trace: Trace, steps: np.ndarray) -> list[str]:
    """The raw token of each shown step, the state-in column labelled as such.

    Args:
        trace: the review's trace.
        steps: ``(n,)`` step indices (``visible_steps``).

    Returns:
        ``n`` tokens as the reader sees them (raw text, not escaped).
    """
    state_in = trace.first_real - 1 if len(steps) < trace.T else -1
    return [
        state_in_label() if (trace.is_pad[t] and t == state_in) else trace.tokens[t] for t in steps
    ]


def visible_steps(trace: Trace, show_pad: bool = False) -> np.ndarray:
    """The step indices shown.

    Args:
        trace: the review's trace.
        show_pad: show every step, padding included.

    Returns:
        ``(n,)`` int: all ``T`` steps, or the real steps preceded by the last padding
        step (labelled ``state_in_label()``: the state the first real word meets).
    """
    if show_pad or trace.first_real == 0:
        return np.arange(trace.T)
    return np.arange(max(trace.first_real - 1, 0), trace.T)


def step_place(trace: Trace, t: int) -> str:
    """Where step ``t`` is for a reader, who sees the words and not the padding: ``"word 5
    of 18"``, or ``"padding 3 of 482"`` for a padding step, in the current language.

    Args:
        trace: the review's trace.
        t: a step (index into ``T``, padding counted).

    Returns:
        The words counted from the review's first word read (1-based), or the padding
        steps counted among themselves.
    """
    pad = trace.is_pad[: int(t) + 1]
    if trace.is_pad[int(t)]:
        return _t("step.pad_place", n=int(pad.sum()), total=int(trace.is_pad.sum()))
    return _t("step.word_place", n=int((~pad).sum()), total=int((~trace.is_pad).sum()))


def step_places(trace: Trace, steps: np.ndarray) -> list[str]:
    """``step_place`` of each shown step; the state-in column (the one padding step shown
    when the padding is hidden) is not numbered: ``"before word 1"``.

    Args:
        trace: the review's trace.
        steps: ``(n,)`` step indices (``visible_steps``).

    Returns:
        ``n`` places, unique, in the current language.
    """
    hidden = len(steps) < trace.T
    return [
        _t("step.before_first") if hidden and trace.is_pad[t] else step_place(trace, int(t))
        for t in steps
    ]


def step_labels(trace: Trace, steps: np.ndarray) -> list[str]:
    """Unique category labels for the steps (HTML-escaped for Plotly), each naming the
    step as the reader counts it (``step_places``).

    Args:
        trace: the review's trace.
        steps: ``(n,)`` step indices (``visible_steps``).

    Returns:
        ``n`` labels ``"place · token"``, e.g. ``"word 5 of 18 · not"``.
    """
    tokens = shown_tokens(trace, steps)
    places = step_places(trace, steps)
    return [
        f"{html.escape(place)} · {html.escape(token)}"
        for place, token in zip(places, tokens, strict=True)
    ]
