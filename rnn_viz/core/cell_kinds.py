"""The cell kinds rnn-viz knows: one entry per recurrent cell (LSTM, GRU, SimpleRNN).

Each entry holds everything the rest of the package needs to know about a kind of
cell — its Keras layer and cell classes and its tracing cell, the quantities traced at
every step in display order and how each is squashed, which state carries memory, what
a step keeps and writes, the step panel's columns and equations — so that no module
branches on the strings ``"lstm"``/``"gru"``. Adding a cell kind is one entry in
``CELL_KINDS`` plus its tracing cell in ``cells.py``.

Gate names mean the same thing in every kind that has them (``h`` is always the hidden
state, a tanh quantity), so the gates and squashes of all kinds merge into ``GATES``,
``SIGMOID_GATES`` and ``UNBOUNDED_GATES``; a gate's name for people is the catalogue's
``gate.<key>`` (``gate_label``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from rnn_viz.core.cell_drawings import Drawing, draw_gru, draw_lstm, draw_rnn
from rnn_viz.i18n import t

if TYPE_CHECKING:
    import keras

#: How a traced quantity is bounded: sigmoid 0..1, tanh −1..1, or not at all.
Squash = Literal["sigmoid", "tanh", "unbounded"]
#: One part of an equation line: text, ``{"col": name}`` (that step-panel column's number
#: for the chosen unit) or ``{"one_minus": name}`` (1 − that number).
EquationPart = str | dict
#: Computes a step panel's columns from a layer's gates ``{gate: (T, units)}`` at step
#: ``t`` (the state before step 0 is zero, as in Keras): ``{column: (units,)}`` in
#: display order.
PanelColumns = Callable[[Mapping[str, np.ndarray], int], dict[str, np.ndarray]]


@dataclass(frozen=True)
class KeepGate:
    """The gate whose value says how much of the memory state a step keeps.

    Attributes:
        gate: the keep gate (``"f"``, ``"z"``); near 1 keeps the old state.
        state: the state it keeps (``"c"``, ``"h"``).
        kept: what the step keeps of the old state, as a formula (``"f⊙c(t−1)"``).
        written: what the step writes, as a formula (``"i⊙c̃"``); kept + written is the
            new state.
        rule: how a write at step s survives to step t, in words (survival products).
    """

    gate: str
    state: str
    kept: str
    written: str
    rule: str


@dataclass(frozen=True)
class CellKind:
    """What rnn-viz knows about one kind of recurrent cell.

    Attributes:
        key: short name used in recipes and layer names (``"lstm"``, ``"gru"``, ``"rnn"``).
        title: the name shown to people (``"LSTM"``).
        keras_name: the stock Keras layer's class name (``"LSTM"``); ``layer``, ``cell``
            and ``tracing`` are looked up from it on first use, so the registry (and a
            ``Recipe``) imports without Keras.
        gates: the traced gates and states, in display order.
        squash: per gate, ``"sigmoid"``, ``"tanh"`` or ``"unbounded"``.
        memory: the state that carries memory from step to step (``"c"`` for an LSTM).
        keep: the keep gate, or None when the cell has no gates (SimpleRNN).
        panel: computes the step panel's columns (see ``PanelColumns``).
        equations: the step panel's equations as text parts (Unicode, for the browser).
        latex: the same equations as LaTeX parts.
        drawing: draws the live cell diagram (``cell_drawings``), or None for no diagram.
            The step panel's caption is the catalogue's ``step.caption.<key>``.
        note: a sentence every trace of this kind carries (its convention), or ``""``.
        paper_complement: gates the papers write as 1 − gate (Keras' GRU z, which keeps
            where the papers' update gate writes).
        xla: whether a trace of this kind may run XLA-compiled and stay within
            ``capture.PARITY_BOUND`` of the stock layer (see the SimpleRNN entry).
    """

    key: str
    title: str
    keras_name: str
    gates: tuple[str, ...]
    squash: Mapping[str, Squash]
    memory: str
    keep: KeepGate | None
    panel: PanelColumns
    equations: list[list[EquationPart]]
    latex: list[list[EquationPart]]
    drawing: Drawing | None = None
    note: str = ""
    paper_complement: frozenset[str] = field(default_factory=frozenset)
    xla: bool = True

    @property
    def layer(self) -> type[keras.layers.Layer]:
        """The stock Keras layer class (``keras.layers.LSTM``)."""
        import keras

        return getattr(keras.layers, self.keras_name)

    @property
    def cell(self) -> type[keras.layers.Layer]:
        """The stock Keras cell class (``keras.layers.LSTMCell``)."""
        import keras

        return getattr(keras.layers, f"{self.keras_name}Cell")

    @property
    def tracing(self) -> type[keras.layers.Layer]:
        """The tracing cell class (``cells.TracingLSTMCell``), a subclass of ``cell``."""
        from rnn_viz.core import cells

        return getattr(cells, f"Tracing{self.keras_name}Cell")

    @property
    def sigmoid_gates(self) -> tuple[str, ...]:
        """The gates squashed by a sigmoid, in display order."""
        return tuple(g for g in self.gates if self.squash[g] == "sigmoid")

    @property
    def has_gates(self) -> bool:
        """Whether the cell has σ gates (a SimpleRNN has none)."""
        return bool(self.sigmoid_gates)

    @property
    def states(self) -> tuple[str, ...]:
        """The states carried from step to step (``h``, and ``c`` for an LSTM)."""
        return tuple(dict.fromkeys(("h", self.memory)))


def _previous(gates: Mapping[str, np.ndarray], name: str, t: int) -> np.ndarray:
    """``gates[name]`` at step ``t − 1``; zeros before the first step (Keras' initial state)."""
    return gates[name][t - 1] if t > 0 else np.zeros_like(gates[name][0])


def _lstm_panel(g: Mapping[str, np.ndarray], t: int) -> dict[str, np.ndarray]:
    c_prev = _previous(g, "c", t)
    return {
        "c_prev": c_prev,
        "f": g["f"][t],
        "kept": g["f"][t] * c_prev,
        "i": g["i"][t],
        "g": g["g"][t],
        "written": g["i"][t] * g["g"][t],
        "c": g["c"][t],
        "o": g["o"][t],
        "tanh_c": np.tanh(g["c"][t]),
        "h": g["h"][t],
    }


def _gru_panel(g: Mapping[str, np.ndarray], t: int) -> dict[str, np.ndarray]:
    h_prev = _previous(g, "h", t)
    return {
        "h_prev": h_prev,
        "z": g["z"][t],
        "kept": g["z"][t] * h_prev,
        "r": g["r"][t],
        "hh": g["hh"][t],
        "written": (1 - g["z"][t]) * g["hh"][t],
        "h": g["h"][t],
    }


def _rnn_panel(g: Mapping[str, np.ndarray], t: int) -> dict[str, np.ndarray]:
    return {"h_prev": _previous(g, "h", t), "a": g["a"][t], "h": g["h"][t]}


_SIGMOID: Squash = "sigmoid"
_TANH: Squash = "tanh"
_FREE: Squash = "unbounded"

CELL_KINDS: dict[str, CellKind] = {
    kind.key: kind
    for kind in (
        CellKind(
            key="lstm",
            title="LSTM",
            keras_name="LSTM",
            gates=("i", "f", "g", "o", "c", "h"),
            squash={
                "i": _SIGMOID,
                "f": _SIGMOID,
                "g": _TANH,
                "o": _SIGMOID,
                "c": _FREE,
                "h": _TANH,
            },
            memory="c",
            keep=KeepGate(
                "f",
                "c",
                "f⊙c(t−1)",
                "i⊙c̃",
                "c_t = f_t·c_(t−1) + i_t·c̃_t: what was written at s is scaled by ∏ f over (s, t]",
            ),
            panel=_lstm_panel,
            equations=[
                [
                    "c(t) = f ⊙ c(t−1) + i ⊙ c̃ = ",
                    {"col": "f"},
                    " · ",
                    {"col": "c_prev"},
                    " + ",
                    {"col": "i"},
                    " · ",
                    {"col": "g"},
                    " = ",
                    {"col": "kept"},
                    " + ",
                    {"col": "written"},
                    " = ",
                    {"col": "c"},
                ],
                [
                    "h(t) = o ⊙ tanh c(t) = ",
                    {"col": "o"},
                    " · tanh(",
                    {"col": "c"},
                    ") = ",
                    {"col": "h"},
                ],
            ],
            latex=[
                [
                    r"c_t = f \odot c_{t-1} + i \odot \tilde c = ",
                    {"col": "f"},
                    r"\cdot",
                    {"col": "c_prev"},
                    " + ",
                    {"col": "i"},
                    r"\cdot",
                    {"col": "g"},
                    " = ",
                    {"col": "kept"},
                    " + ",
                    {"col": "written"},
                    " = ",
                    {"col": "c"},
                ],
                [
                    r"h_t = o \odot \tanh(c_t) = ",
                    {"col": "o"},
                    r"\cdot\tanh(",
                    {"col": "c"},
                    ") = ",
                    {"col": "h"},
                ],
            ],
            drawing=draw_lstm,
        ),
        CellKind(
            key="gru",
            title="GRU",
            keras_name="GRU",
            gates=("z", "r", "hh", "h"),
            squash={"z": _SIGMOID, "r": _SIGMOID, "hh": _TANH, "h": _TANH},
            memory="h",
            keep=KeepGate(
                "z",
                "h",
                "z⊙h(t−1)",
                "(1−z)⊙h̃",
                "h_t = z_t·h_(t−1) + (1−z_t)·h̃_t (Keras: z near 1 keeps): what was "
                "written at s is scaled by ∏ z over (s, t]",
            ),
            panel=_gru_panel,
            equations=[
                [
                    "h(t) = z ⊙ h(t−1) + (1 − z) ⊙ h̃ = ",
                    {"col": "z"},
                    " · ",
                    {"col": "h_prev"},
                    " + ",
                    {"one_minus": "z"},
                    " · ",
                    {"col": "hh"},
                    " = ",
                    {"col": "kept"},
                    " + ",
                    {"col": "written"},
                    " = ",
                    {"col": "h"},
                ],
                ["h̃ = tanh(x W_h + b_h + r ⊙ (h(t−1) U_h + b′_h)),  r = ", {"col": "r"}],
            ],
            latex=[
                [
                    r"h_t = z \odot h_{t-1} + (1-z) \odot \tilde h = ",
                    {"col": "z"},
                    r"\cdot",
                    {"col": "h_prev"},
                    " + ",
                    {"one_minus": "z"},
                    r"\cdot",
                    {"col": "hh"},
                    " = ",
                    {"col": "kept"},
                    " + ",
                    {"col": "written"},
                    " = ",
                    {"col": "h"},
                ],
                [
                    r"\tilde h = \tanh(x W_h + b_h + r \odot (h_{t-1} U_h + b'_h)),\quad r = ",
                    {"col": "r"},
                ],
            ],
            drawing=draw_gru,
            note="Keras' GRU keeps the old state where z is near 1: "
            "h = z*h_prev + (1-z)*hh (z near 0 writes the candidate hh).",
            paper_complement=frozenset({"z"}),
        ),
        CellKind(
            key="rnn",
            title="SimpleRNN",
            keras_name="SimpleRNN",
            gates=("a", "h"),
            squash={"a": _FREE, "h": _TANH},
            memory="h",
            keep=None,
            panel=_rnn_panel,
            equations=[
                ["a(t) = x W + h(t−1) U + b = ", {"col": "a"}, ",  h(t−1) = ", {"col": "h_prev"}],
                ["h(t) = tanh a(t) = tanh(", {"col": "a"}, ") = ", {"col": "h"}],
            ],
            latex=[
                [
                    r"a_t = x W + h_{t-1} U + b = ",
                    {"col": "a"},
                    r",\quad h_{t-1} = ",
                    {"col": "h_prev"},
                ],
                [r"h_t = \tanh(a_t) = \tanh(", {"col": "a"}, ") = ", {"col": "h"}],
            ],
            drawing=draw_rnn,
            # XLA's tanh rounds differently from the stock layer's, and with no gate damping
            # the recurrence the shipped rnn model amplifies that to 6e-4 in h over 3,000 test
            # reviews; uncompiled, its trace is the stock layer's bit for bit, just as fast.
            xla=False,
        ),
    )
}


def _merged(attribute: str) -> dict[str, str]:
    """``{gate: value}`` over every kind; a gate name means the same in every kind."""
    out: dict[str, str] = {}
    for kind in CELL_KINDS.values():
        for gate, value in getattr(kind, attribute).items():
            if out.setdefault(gate, value) != value:
                raise AssertionError(f"gate {gate!r} has two {attribute}: {out[gate]!r}, {value!r}")
    return out


#: Every traced gate or state over all kinds, in display order (each one's name for
#: people is the catalogue's ``gate.<key>``, see ``gate_label``).
GATES: tuple[str, ...] = tuple(dict.fromkeys(g for k in CELL_KINDS.values() for g in k.gates))
#: Gates squashed by a sigmoid (0..1), over all kinds.
SIGMOID_GATES = frozenset(g for g, s in _merged("squash").items() if s == _SIGMOID)
#: Quantities with no bound (the LSTM's cell state, a SimpleRNN's pre-activation).
UNBOUNDED_GATES = frozenset(g for g, s in _merged("squash").items() if s == _FREE)


def __getattr__(name: str) -> Any:
    # RECURRENT_LAYERS, the stock Keras recurrent layer classes rnn-viz can read, is
    # made on first use: it is the one name here that needs Keras.
    if name == "RECURRENT_LAYERS":
        return tuple(kind.layer for kind in CELL_KINDS.values())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def gate_label(gate: str) -> str:
    """A traced gate or state's name for people in the current language, with its symbol.

    Args:
        gate: a gate or state key (``"f"``, ``"hh"``); one no kind traces is returned as is.

    Returns:
        ``"forget gate f"`` in English, ``"망각 게이트 f"`` in Korean (catalogue ``gate.*``).
    """
    return t(f"gate.{gate}") if gate in GATES else gate


#: Step-panel columns that are no traced gate: their headers are catalogue ``step.col.*``.
_PANEL_ONLY = ("c_prev", "h_prev", "kept", "written", "tanh_c")


def panel_label(column: str) -> str:
    """A step-panel column's header in the current language.

    Args:
        column: a column of ``CellKind.panel`` (``"kept"``, ``"f"``, ``"h_prev"``).

    Returns:
        ``"kept"``/``"유지"`` for a derived column, else the gate's ``gate_label``.
    """
    return t(f"step.col.{column}") if column in _PANEL_ONLY else gate_label(column)


#: The kinds' titles in registry order: ("LSTM", "GRU", "SimpleRNN").
TITLES: tuple[str, ...] = tuple(kind.title for kind in CELL_KINDS.values())


def _listing(conjunction: str) -> str:
    return ", ".join(TITLES[:-1]) + f" {conjunction} {TITLES[-1]}"


#: "LSTM, GRU and SimpleRNN" and "LSTM, GRU or SimpleRNN", for English error messages
#: (a sentence the reader sees joins ``TITLES`` with ``i18n.join_or``).
TITLES_AND, TITLES_OR = _listing("and"), _listing("or")


def cell_kind(key: str) -> CellKind:
    """The registry entry of a cell kind.

    Args:
        key: the kind's key (``"lstm"``, ``"gru"``, ``"rnn"``).

    Returns:
        Its ``CellKind``.

    Raises:
        ValueError: ``key`` names no known cell kind.
    """
    try:
        return CELL_KINDS[key]
    except KeyError:
        raise ValueError(
            f"cell must be one of {', '.join(map(repr, CELL_KINDS))}, not {key!r}"
        ) from None


def kind_of_layer(layer: keras.layers.Layer) -> CellKind | None:
    """The kind of a stock recurrent layer.

    Args:
        layer: any Keras layer.

    Returns:
        Its ``CellKind``, or None when ``layer`` is no layer of a kind (a Dense, a
        Bidirectional wrapper, a custom RNN).
    """
    return next((k for k in CELL_KINDS.values() if isinstance(layer, k.layer)), None)


def kind_of_cell(cell: keras.layers.Layer) -> CellKind:
    """The kind of a tracing cell.

    Args:
        cell: a tracing cell (``cells.TracingLSTMCell``, ...).

    Returns:
        Its ``CellKind``.

    Raises:
        ValueError: ``cell`` is no kind's tracing cell.
    """
    for kind in CELL_KINDS.values():
        if isinstance(cell, kind.tracing):
            return kind
    raise ValueError(f"{cell.__class__.__name__} is no cell kind's tracing cell")
