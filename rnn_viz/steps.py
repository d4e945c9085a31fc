"""The step panel: one cell step of one layer, unit by unit, with its equations."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .capture import GATE_NAMES, Trace


@dataclass
class StepPanel:
    """One cell step at step ``t`` of one layer, unit by unit.

    ``columns`` maps a column name to a ``(units,)`` array, in display order;
    ``kept + written`` equals the new state (``c`` for LSTM, ``h`` for GRU)."""

    layer: str
    cell: str
    t: int
    token: str
    columns: dict[str, np.ndarray]

    @property
    def kept(self) -> np.ndarray:
        """What the step kept of the old state: f⊙c(t−1) (LSTM), z⊙h(t−1) (GRU)."""
        return self.columns["kept"]

    @property
    def written(self) -> np.ndarray:
        """What the step wrote: i⊙c̃ (LSTM), (1−z)⊙h̃ (GRU)."""
        return self.columns["written"]

    @property
    def new_state(self) -> np.ndarray:
        """The state the step produced: c (LSTM) or h (GRU), as the model computed it."""
        return self.columns["c" if self.cell == "lstm" else "h"]

    def rows(self) -> list[dict]:
        units = len(self.columns["kept"])
        return [{"unit": u, **{k: float(v[u]) for k, v in self.columns.items()}}
                for u in range(units)]

    def equations(self, unit: int) -> list[str]:
        """LaTeX lines of this step's equations with ``unit``'s numbers."""
        c = {k: float(v[unit]) for k, v in self.columns.items()}
        n = lambda x: f"{x:+.3f}".replace("+", "") if x >= 0 else f"({x:.3f})"  # noqa: E731
        if self.cell == "lstm":
            return [
                rf"c_t = f \odot c_{{t-1}} + i \odot \tilde c = {n(c['f'])}\cdot{n(c['c_prev'])}"
                rf" + {n(c['i'])}\cdot{n(c['g'])} = {n(c['kept'])} + {n(c['written'])}"
                rf" = {n(c['c'])}",
                rf"h_t = o \odot \tanh(c_t) = {n(c['o'])}\cdot\tanh({n(c['c'])}) = {n(c['h'])}",
            ]
        return [
            rf"h_t = z \odot h_{{t-1}} + (1-z) \odot \tilde h = {n(c['z'])}\cdot{n(c['h_prev'])}"
            rf" + {n(1 - c['z'])}\cdot{n(c['hh'])} = {n(c['kept'])} + {n(c['written'])}"
            rf" = {n(c['h'])}",
            rf"\tilde h = \tanh(x W_h + b_h + r \odot (h_{{t-1}} U_h + b'_h)),\quad r = {n(c['r'])}",
        ]


def step_panel(trace: Trace, layer_index: int, t: int) -> StepPanel:
    """The numbers of layer ``layer_index``'s step ``t`` (the state before step 0 is zero,
    as in Keras)."""
    layer = trace.layers[layer_index]
    g = layer.gates
    prev = lambda name: g[name][t - 1] if t > 0 else np.zeros(layer.units, np.float32)  # noqa: E731
    if layer.cell == "lstm":
        c_prev = prev("c")
        kept, written = g["f"][t] * c_prev, g["i"][t] * g["g"][t]
        cols = {"c_prev": c_prev, "f": g["f"][t], "kept": kept, "i": g["i"][t],
                "g": g["g"][t], "written": written, "c": g["c"][t], "o": g["o"][t],
                "tanh_c": np.tanh(g["c"][t]), "h": g["h"][t]}
    else:
        h_prev = prev("h")
        kept, written = g["z"][t] * h_prev, (1 - g["z"][t]) * g["hh"][t]
        cols = {"h_prev": h_prev, "z": g["z"][t], "kept": kept, "r": g["r"][t],
                "hh": g["hh"][t], "written": written, "h": g["h"][t]}
    return StepPanel(layer.name, layer.cell, t, trace.tokens[t], cols)


#: Column headers of the step panel, for display.
STEP_COLUMNS = {
    "c_prev": "c(t−1)", "h_prev": "h(t−1)", "kept": "kept", "written": "written",
    "tanh_c": "tanh c", **{k: v for k, v in GATE_NAMES.items()},
}
