"""The step panel: one cell step of one layer, unit by unit, with its equations.

What a panel holds and how its equations read is the cell kind's
(``cell_kinds.CellKind.panel``, ``.latex``); this module fills them in for one step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnn_viz.core.capture import Trace
from rnn_viz.core.cell_kinds import CellKind, EquationPart, cell_kind


def format_number(x: float, decimals: int = 3) -> str:
    """A number as the step panel's equations write it: ``0.123``, or ``(-0.123)``.

    Args:
        x: the number.
        decimals: digits after the point.

    Returns:
        The text; a negative number in brackets, so ``a + (-b)`` reads right.
    """
    return f"{x:+.{decimals}f}".replace("+", "") if x >= 0 else f"({x:.{decimals}f})"


def fill_equations(
    lines: list[list[EquationPart]], columns: dict[str, np.ndarray], unit: int
) -> list[str]:
    """Equation lines (``CellKind.equations`` or ``.latex``) with ``unit``'s numbers.

    Args:
        lines: each a list of parts: text, ``{"col": name}`` or ``{"one_minus": name}``.
        columns: a ``StepPanel.columns`` mapping, each ``(units,)``.
        unit: the unit whose numbers fill the equations.

    Returns:
        One string per line.
    """
    out = []
    for parts in lines:
        text = []
        for part in parts:
            if isinstance(part, str):
                text.append(part)
            elif "col" in part:
                text.append(format_number(float(columns[part["col"]][unit])))
            else:
                text.append(format_number(1 - float(columns[part["one_minus"]][unit])))
        out.append("".join(text))
    return out


@dataclass
class StepPanel:
    """One cell step at step ``t`` of one layer, unit by unit.

    ``columns`` maps a column name to a ``(units,)`` array, in display order (the cell
    kind's ``panel``). For a cell with a keep gate, ``kept + written`` equals the new
    state (``c`` for LSTM, ``h`` for GRU)."""

    layer: str
    cell: str
    t: int
    token: str
    columns: dict[str, np.ndarray]

    @property
    def kind(self) -> CellKind:
        """The layer's cell kind."""
        return cell_kind(self.cell)

    @property
    def units(self) -> int:
        """The layer's width."""
        return len(self.columns["h"])

    @property
    def kept(self) -> np.ndarray | None:
        """What the step kept of the old state: f⊙c(t−1) (LSTM), z⊙h(t−1) (GRU); None for
        a cell without a keep gate (SimpleRNN), which keeps nothing as it was."""
        return self.columns.get("kept")

    @property
    def written(self) -> np.ndarray | None:
        """What the step wrote: i⊙c̃ (LSTM), (1−z)⊙h̃ (GRU); None without a keep gate."""
        return self.columns.get("written")

    def rows(self) -> list[dict]:
        """The panel as table rows.

        Returns:
            One ``{"unit": u, column: value, …}`` per unit, columns in display order.
        """
        return [
            {"unit": u, **{k: float(v[u]) for k, v in self.columns.items()}}
            for u in range(self.units)
        ]

    def equations(self, unit: int) -> list[str]:
        """This step's equations with one unit's numbers.

        Args:
            unit: the unit, ``0 <= unit < units``.

        Returns:
            LaTeX lines (the cell kind's ``latex``).
        """
        return fill_equations(self.kind.latex, self.columns, unit)


def processing_order(trace: Trace, layer_index: int, t: int) -> tuple[dict[str, np.ndarray], int]:
    """A layer's gates in the order its cell stepped through them, and where step ``t``
    stands there: a backward direction (kept in reading order) read the words right to
    left, so its previous state is the one from the word to the right.

    Args:
        trace: the review's trace.
        layer_index: index into ``trace.layers``.
        t: a step in reading order.

    Returns:
        ``(gates, step)``: ``{gate: (T, units)}`` and the step's index in them.
    """
    layer = trace.layers[layer_index]
    if layer.direction == "bwd":
        return {g: a[::-1] for g, a in layer.gates.items()}, trace.T - 1 - t
    return dict(layer.gates), t


def step_panel(trace: Trace, layer_index: int, t: int) -> StepPanel:
    """The numbers of one layer's cell at one step.

    Args:
        trace: the review's trace.
        layer_index: index into ``trace.layers`` (a direction of a Bidirectional layer:
            the backward one's previous state is the one from the word to the right).
        t: the step, ``0 <= t < T`` (the state before the first step read is zero, as
            in Keras).

    Returns:
        The ``StepPanel``.
    """
    layer = trace.layers[layer_index]
    gates, step = processing_order(trace, layer_index, t)
    return StepPanel(layer.name, layer.cell, t, trace.tokens[t], layer.kind.panel(gates, step))
