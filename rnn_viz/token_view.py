"""Which steps of a trace are shown, and how its tokens are labelled and drawn as HTML."""

from __future__ import annotations

import html

import numpy as np

from .capture import Trace

STATE_IN = "state in"


def visible_steps(trace: Trace, show_pad: bool = False) -> np.ndarray:
    """The step indices shown.

    Args:
        trace: the review's trace.
        show_pad: show every step, padding included.

    Returns:
        ``(n,)`` int: all ``T`` steps, or the real steps preceded by the last padding
        step (labelled ``STATE_IN``: the state the first real word meets).
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
    out = []
    for t in steps:
        token = trace.tokens[t]
        if trace.is_pad[t] and t == trace.first_real - 1 and len(steps) < trace.T:
            token = STATE_IN
        out.append(f"{t} · {html.escape(token)}")
    return out


def token_html(trace: Trace, steps: np.ndarray, current: int, window: int = 60) -> str:
    """The review as HTML, every token escaped, the current one highlighted.

    Args:
        trace: the review's trace.
        steps: ``(n,)`` the step indices shown (``visible_steps``).
        current: the highlighted step index.
        window: tokens shown at most either side of ``current``.

    Returns:
        One ``<div>`` of ``<span>`` tokens.
    """
    pos = int(np.searchsorted(steps, current))
    lo, hi = max(pos - window, 0), min(pos + window + 1, len(steps))
    parts = ["… "] if lo else []
    for t in steps[lo:hi]:
        token = (
            STATE_IN
            if (trace.is_pad[t] and t == trace.first_real - 1 and len(steps) < trace.T)
            else trace.tokens[t]
        )
        text = html.escape(token)
        style = "color:#999;" if trace.is_pad[t] else ""
        if trace.is_oov[t]:
            style += "text-decoration:underline dotted;"
        if t == current:
            style += (
                "background:#ffd54f;color:#000;font-weight:700;padding:0 3px;border-radius:3px;"
            )
        cls = "rv-tok rv-current" if t == current else "rv-tok"
        parts.append(f'<span class="{cls}" title="step {t}" style="{style}">{text}</span>')
    if hi < len(steps):
        parts.append(" …")
    return '<div style="line-height:1.9;font-size:1.02rem">' + " ".join(parts) + "</div>"
