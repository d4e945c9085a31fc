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


def step_labels(trace: Trace, steps: np.ndarray) -> list[str]:
    """Unique category labels for the steps (HTML-escaped for Plotly).

    Args:
        trace: the review's trace.
        steps: ``(n,)`` step indices (``visible_steps``).

    Returns:
        ``n`` labels ``"t · token"``.
    """
    tokens = shown_tokens(trace, steps)
    return [f"{t} · {html.escape(token)}" for t, token in zip(steps, tokens, strict=True)]
