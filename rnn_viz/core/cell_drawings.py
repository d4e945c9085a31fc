"""The cell diagram's drawing of each cell kind (``cell_kinds.CellKind.drawing``).

Each drawing places the boxes, wires, operator nodes and labels of one kind of cell on
a ``Canvas`` (``diagram`` supplies it, with the numbers and colours of one step) in a
``diagram.WIDTH`` × ``diagram.HEIGHT`` view box. A drawn element names the quantity it
shows: a step-panel column (``"f"``, ``"kept"``), ``"h_prev"`` or ``"1-z"``. Labels
are symbols, written as they are, or catalogue words (``step.col.kept``/``written``).

The drawings are the ones students learn from. LSTM: the cell state runs along the top
like a conveyor belt (c(t−1) enters, × f keeps part of it, + i·c̃ writes, c(t) leaves),
o·tanh(c) gives h(t), and x(t) with h(t−1) enter below into the σ gates and the tanh
candidate. GRU (Keras' convention ``h = z·h(t−1) + (1−z)·h̃``, so z near 1 keeps the
old state): the hidden state runs along the top, r acts on h(t−1)'s path into h̃.
SimpleRNN: ``h = tanh(x W + h(t−1) U + b)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from rnn_viz.i18n import t


class Canvas(Protocol):
    """What a drawing draws on (``diagram``'s canvas)."""

    def wire(
        self,
        points: list[tuple[float, float]],
        q: str | None = None,
        scale: str | None = None,
        arrow: bool = True,
    ) -> None:
        """A wire, coloured by its quantity's value.

        Args:
            points: the polyline's ``(x, y)`` points.
            q: the quantity it carries (``"f"``, ``"1-z"``), or None for a grey wire.
            scale: ``"sigmoid"``, ``"tanh"`` or ``"cell"``; None with ``q`` None.
            arrow: end in an arrowhead.
        """

    def node(self, x: float, y: float, op: str, r: float = 11) -> None:
        """An operator node.

        Args:
            x: centre, view-box units.
            y: centre, view-box units.
            op: its operator (``"×"``, ``"+"``, ``"tanh"``).
            r: radius.
        """

    def box(
        self, cx: float, cy: float, symbol: str, q: str, scale: str, w: float = 60, h: float = 42
    ) -> None:
        """A box with a symbol over its quantity's number, filled with its colour.

        Args:
            cx: centre, view-box units.
            cy: centre, view-box units.
            symbol: what the box computes (``"σ  f"``).
            q: the quantity it shows.
            scale: ``"sigmoid"``, ``"tanh"`` or ``"cell"``.
            w: width.
            h: height.
        """

    def label(
        self,
        x: float,
        y: float,
        name: str,
        q: str | None = None,
        anchor: str = "start",
        size: float = 12.5,
    ) -> None:
        """A text label, followed by its quantity's number when given.

        Args:
            x: anchor point, view-box units.
            y: baseline, view-box units.
            name: the text (a symbol or a catalogue word).
            q: the quantity whose number follows, or None.
            anchor: SVG ``text-anchor`` (``"start"``, ``"middle"``, ``"end"``).
            size: font size.
        """

    def raw(self, svg: str) -> None:
        """SVG markup, added as it is.

        Args:
            svg: the markup (never user text).
        """


#: Draws one kind of cell on a canvas.
Drawing = Callable[[Canvas], None]


def _inputs(
    cv: Canvas,
    taps: list[float],
    start: float = 100,
    bus_y: float = 265,
    h_prev_at_left: bool = True,
) -> None:
    """x(t) from below and h(t−1) from the left joining one bus, tapped up into each
    box at the x positions ``taps``; the x(t) text is filled in later (``data-input``)."""
    if h_prev_at_left:
        cv.wire([(10, bus_y), (start, bus_y)], "h_prev", "tanh", arrow=False)
        cv.label(14, bus_y - 9, "h(t−1)", "h_prev")
    cv.wire([(start, 305), (start, bus_y)], arrow=False)
    cv.raw(f'<text x="{start + 8}" y="300" font-size="12.5" fill="#31333f" data-input="x"></text>')
    cv.wire([(start, bus_y), (max(taps), bus_y)], arrow=False)
    cv.raw(f'<circle cx="{start}" cy="{bus_y}" r="3.5" fill="#8a8a8a"/>')
    for x in taps:
        cv.wire([(x, bus_y), (x, 226)])


def draw_lstm(cv: Canvas) -> None:
    """The LSTM cell: the c belt on top, the σ gates and the candidate below.

    Args:
        cv: the canvas to draw on.
    """
    # the belt: c(t−1) → × f → + i·c̃ → c(t)
    cv.wire([(10, 50), (138, 50)], "c_prev", "cell")
    cv.label(14, 36, "c(t−1)", "c_prev")
    cv.wire([(161, 50), (258, 50)], "kept", "cell")
    cv.label(210, 36, t("step.col.kept"), "kept", "middle")
    cv.wire([(281, 50), (505, 50)], "c", "cell")
    cv.label(505, 36, "c(t)", "c", "end")
    # gates, candidate and output
    cv.wire([(150, 184), (150, 62)], "f", "sigmoid")
    cv.wire([(230, 184), (230, 120), (258, 120)], "i", "sigmoid")
    cv.wire([(305, 184), (305, 120), (282, 120)], "g", "tanh")
    cv.wire([(270, 108), (270, 62)], "written", "cell")
    cv.label(276, 90, t("step.col.written"), "written")
    cv.wire([(430, 50), (430, 105)], "c", "cell", arrow=False)
    cv.wire([(430, 135), (430, 188)], "tanh_c", "tanh")
    cv.label(448, 125, "tanh c", "tanh_c", size=12)
    cv.wire([(392, 200), (418, 200)], "o", "sigmoid")
    cv.wire([(442, 200), (468, 200), (468, 240), (505, 240)], "h", "tanh")
    cv.label(505, 262, "h(t)", "h", "end")
    cv.node(150, 50, "×")
    cv.node(270, 50, "+")
    cv.node(270, 120, "×")
    cv.node(430, 120, "tanh", r=15)
    cv.node(430, 200, "×")
    cv.box(150, 205, "σ  f", "f", "sigmoid")
    cv.box(230, 205, "σ  i", "i", "sigmoid")
    cv.box(305, 205, "tanh  c̃", "g", "tanh", w=66)
    cv.box(362, 205, "σ  o", "o", "sigmoid", w=56)
    _inputs(cv, [150, 230, 305, 362])


def draw_gru(cv: Canvas) -> None:
    """The GRU cell: the h line on top (z keeps, 1−z writes h̃), r on h(t−1)'s path.

    Args:
        cv: the canvas to draw on.
    """
    # the state line: h(t−1) → × z → + (1−z)·h̃ → h(t)
    cv.wire([(10, 50), (148, 50)], "h_prev", "tanh")
    cv.label(14, 36, "h(t−1)", "h_prev")
    cv.wire([(40, 50), (40, 265), (100, 265)], "h_prev", "tanh", arrow=False)
    cv.wire([(171, 50), (318, 50)], "kept", "tanh")
    cv.label(245, 36, t("step.col.kept"), "kept", "middle")
    cv.wire([(341, 50), (505, 50)], "h", "tanh")
    cv.label(505, 36, "h(t)", "h", "end")
    # z keeps, 1−z writes the candidate
    cv.wire([(160, 184), (160, 62)], "z", "sigmoid")
    cv.wire([(160, 150), (206, 150)], "z", "sigmoid")
    cv.wire([(232, 150), (330, 150), (330, 133)], "1-z", "sigmoid")
    cv.label(238, 168, "1−z", "1-z")
    cv.wire([(420, 184), (420, 120), (343, 120)], "hh", "tanh")
    cv.wire([(330, 108), (330, 62)], "written", "tanh")
    cv.label(336, 90, t("step.col.written"), "written")
    # r acts on h(t−1)'s path into the candidate
    cv.wire([(330, 205), (356, 205)], "r", "sigmoid")
    cv.wire([(368, 265), (368, 218)])
    cv.wire([(380, 205), (388, 205)], arrow=False)
    cv.label(376, 284, "r ⊙ (h(t−1)U + b′)", size=10.5)
    cv.node(160, 50, "×")
    cv.node(330, 50, "+")
    cv.node(219, 150, "1−", r=13)
    cv.node(330, 120, "×")
    cv.node(368, 205, "×")
    cv.box(160, 205, "σ  z", "z", "sigmoid")
    cv.box(300, 205, "σ  r", "r", "sigmoid")
    cv.box(420, 205, "tanh  h̃", "hh", "tanh", w=64)
    _inputs(cv, [160, 300, 430], h_prev_at_left=False)


def draw_rnn(cv: Canvas) -> None:
    """The SimpleRNN cell: one box a = xW + h(t−1)U + b, then h = tanh(a).

    Args:
        cv: the canvas to draw on.
    """
    cv.box(260, 195, "xW + h(t−1)U + b", "a", "tanh", w=150, h=46)
    cv.wire([(260, 172), (260, 137)], "a", "tanh")
    cv.label(268, 158, "a", "a")
    cv.node(260, 120, "tanh", r=15)
    cv.wire([(260, 105), (260, 50), (505, 50)], "h", "tanh")
    cv.label(505, 36, "h(t)", "h", "end")
    _inputs(cv, [260])
