"""The in-browser token stepper, a Streamlit ``st.components.v2`` component.

The page sends a review once (``rnn_viz.viz.stepview.stepper_data``); the component's
JavaScript (``stepper.js``, the stepper's core, with its Streamlit host
``stepper.streamlit.js``, as ``rnn_viz.viz.stepper_assets`` joins them; ``stepper.css``)
draws the figure with
Plotly.js and steps through the tokens in the browser. Plotly.js is the copy the
``plotly`` package ships, served over HTTP by a Streamlit component route
(``internals.plotly_url``), so it works offline and the browser caches it.

The step comes back to the server only when the reader pauses (``position``), and a
clicked heatmap cell comes back at once (``picked``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from rnn_viz.app import internals
from rnn_viz.viz import stepper_assets

PLOTLY_URL = internals.plotly_url()

_stepper = st.components.v2.component(
    "rnn_viz_stepper",
    html='<div class="rv-loading">⏳</div>',  # no words: the component is declared once
    css=stepper_assets.stepper_css(),
    js=stepper_assets.stepper_js("streamlit"),
    isolate_styles=False,
)


@dataclass
class StepperState:
    """What the browser last told the server.

    Attributes:
        steps: per review, the step (index into ``T``) the reader paused on, or None
            where that model does not read this word; None before the first report.
        picked: ``{"layer", "gate", "unit", "step", "key"}`` of a heatmap cell clicked
            in this run (only when the stepper is ``pickable``), else None.
    """

    steps: list[int | None] | None
    picked: dict | None


def stepper(
    data: dict,
    key: str,
    on_position: Callable[[], None] | None = None,
    on_picked: Callable[[], None] | None = None,
) -> StepperState:
    """Mount the stepper on ``data`` (``stepview.stepper_data``).

    Args:
        data: the reviews, their alignment and the start position.
        key: the component's key (one per page).
        on_position: called when the reader pauses on a new position.
        on_picked: called when a heatmap cell is clicked (``data["pickable"]``).

    Returns:
        The last reported position (ignored when it was reported for other reviews)
        and the clicked cell of this run.
    """
    result = _stepper(
        data={**data, "plotly_url": PLOTLY_URL},
        key=key,
        on_position_change=on_position or (lambda: None),
        on_picked_change=on_picked or (lambda: None),
    )
    position = getattr(result, "position", None)
    steps = None
    if isinstance(position, dict) and position.get("key") == data["key"]:
        steps = position.get("steps")
    picked = getattr(result, "picked", None)
    if not (isinstance(picked, dict) and picked.get("key") in {v["key"] for v in data["views"]}):
        picked = None
    return StepperState(steps, picked)
