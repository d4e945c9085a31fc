"""The stepper as a notebook widget (anywidget: JupyterLab, Notebook 7, VS Code, marimo).

The widget's JavaScript is the app's stepper (``stepper_assets.stepper_js("widget")``:
the same core, with Plotly.js inlined, so it needs no network). Its ``data`` trait is
``stepview.stepper_data``; ``step`` is synced both ways: the step (index into the first
review's ``T``) the reader paused on, and setting it from Python moves the stepper.
"""

from __future__ import annotations

import anywidget
import traitlets

from rnn_viz.viz import stepper_assets


class StepperWidget(anywidget.AnyWidget):
    """The token stepper of one review (or of several models on one control).

    Attributes:
        data: ``stepview.stepper_data`` (sent once).
        step: the step the reader is on (index into the first review's ``T``; -1
            where that model does not read the word); set it to move the stepper.
        pos: the shared position (column of the token control) the reader is on.
        picked: the heatmap cell last clicked, ``{"layer", "gate", "unit", "step",
            "key"}`` (when ``data["pickable"]``), else None.
    """

    _esm = stepper_assets.stepper_js("widget")
    _css = stepper_assets.stepper_css()
    data = traitlets.Dict().tag(sync=True)
    step = traitlets.Int(-1).tag(sync=True)
    pos = traitlets.Int(-1).tag(sync=True)
    picked = traitlets.Dict(allow_none=True, default_value=None).tag(sync=True)

    @traitlets.validate("step")
    def _valid_step(self, proposal: traitlets.Bunch) -> int:
        """Refuse a step the first review does not show (its ``steps``).

        Args:
            proposal: the proposed value.

        Returns:
            The step, unchanged.

        Raises:
            traitlets.TraitError: a step outside ``0 .. T-1``.
        """
        step = int(proposal["value"])
        views = (self.data or {}).get("views") or []
        if views and step != -1 and step not in views[0]["steps"]:
            shown = views[0]["steps"]
            raise traitlets.TraitError(
                f"step {step} is not shown; the review shows steps {shown[0]} to {shown[-1]}"
            )
        return step
