"""The live cell diagram: one step of one unit of a recurrent layer, drawn as SVG with the
trace's own numbers on every box and wire.

Each cell kind's drawing is its registry entry's (``cell_kinds.CellKind.drawing``, from
``cell_drawings``); this module supplies the canvas, the numbers and the colours. Labels,
caption and error messages are the catalogue's (``diagram.*``) in the current language;
symbols stay as they are.

Every number drawn is a step-panel column (``steps.step_panel``: exactly the trace's
values) or ``1 − z``, and every box and wire is coloured on the heatmaps' scales
(``plots.SIGMOID_SCALE`` 0..1, ``plots.TANH_SCALE`` −1..1, ``plots.CELL_SCALE`` ±c_max).
Each drawn element names its quantity (``data-q``) and scale (``data-scale``), so the
stepper in the browser redraws the numbers and colours of the same SVG at every step
from the numbers it already holds (``browser_diagram``), with the same formatting
(``f"{x:.3f}"``) and the same colour rule (``colour``).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import numpy as np
import plotly.colors

from rnn_viz import i18n
from rnn_viz.core.capture import Trace, layer_title
from rnn_viz.core.cell_kinds import CellKind, cell_kind
from rnn_viz.core.errors import RnnVizError
from rnn_viz.viz import plots
from rnn_viz.viz.steps import processing_order, step_panel

#: Decimals of every number drawn (the browser formats them the same way).
DECIMALS = 3
WIDTH, HEIGHT = 520, 310
_NEUTRAL, _WIRE, _INK = "rgb(238,238,238)", "#8a8a8a", "#31333f"


class DiagramError(RnnVizError, ValueError):
    """A diagram that cannot be drawn (an unknown cell kind, a unit or step out of range)."""


# --------------------------------------------------------------------------- colours
def _stops(name: str) -> list[tuple[float, tuple[int, int, int]]]:
    """A Plotly colour scale as ``(position, (r, g, b))`` stops."""
    out = []
    for pos, colour in plotly.colors.get_colorscale(name):
        rgb = (
            plotly.colors.hex_to_rgb(colour)
            if colour.startswith("#")
            else plotly.colors.unlabel_rgb(colour)
        )
        r, g, b = (int(round(c)) for c in rgb)
        out.append((float(pos), (r, g, b)))
    return out


#: The three scales of the heatmaps: ``name -> (stops, fixed range or None for ±c_max)``.
SCALES: dict[str, tuple[list, tuple[float, float] | None]] = {
    "sigmoid": (_stops(plots.SIGMOID_SCALE), (0.0, 1.0)),
    "tanh": (_stops(plots.TANH_SCALE), (-1.0, 1.0)),
    "cell": (_stops(plots.CELL_SCALE), None),
}


def colour(scale: str, value: float, c_max: float) -> str:
    """The colour of ``value`` on a heatmap scale, linear in RGB between the stops (as
    Plotly draws heatmaps), clipped to the scale's range.

    Args:
        scale: ``"sigmoid"`` (0..1), ``"tanh"`` (−1..1) or ``"cell"`` (±c_max).
        value: the number.
        c_max: the cell state's range.

    Returns:
        ``"rgb(r,g,b)"``; ``stepper.js`` computes the same string.
    """
    stops, bounds = SCALES[scale]
    lo, hi = bounds if bounds is not None else (-c_max, c_max)
    if not math.isfinite(value):
        return _NEUTRAL
    x = 0.5 if hi == lo else min(1.0, max(0.0, (value - lo) / (hi - lo)))
    k = 1
    while k < len(stops) - 1 and x > stops[k][0]:
        k += 1
    (p0, c0), (p1, c1) = stops[k - 1], stops[k]
    w = 0.0 if p1 == p0 else (x - p0) / (p1 - p0)
    r, g, b = (math.floor(a + (z - a) * w + 0.5) for a, z in zip(c0, c1, strict=True))
    return f"rgb({r},{g},{b})"


def ink(fill: str) -> str:
    """The text colour that reads on a fill.

    Args:
        fill: ``"rgb(r,g,b)"``.

    Returns:
        ``"#000"`` or ``"#fff"``, by the fill's luma (``stepper.js`` does the same).
    """
    r, g, b = (int(n) for n in fill[4:-1].split(","))
    return "#000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#fff"


def number(value: float) -> str:
    """A number as the diagram writes it.

    Args:
        value: the number.

    Returns:
        ``f"{value:.3f}"``.
    """
    return f"{value:.{DECIMALS}f}"


# --------------------------------------------------------------------------- drawing
@dataclass
class _Canvas:
    """SVG parts of one drawing; ``values`` None draws the template (no numbers)."""

    values: dict[str, float] | None
    c_max: float
    parts: list[str]

    def value(self, q: str) -> float | None:
        if self.values is None:
            return None
        return 1.0 - self.values[q[2:]] if q.startswith("1-") else self.values[q]

    def paint(self, q: str | None, scale: str | None) -> tuple[str, str]:
        """The attributes binding an element to its quantity, and its colour.

        Args:
            q: the quantity, or None for a plain (grey) element.
            scale: its colour scale, or None.

        Returns:
            ``(' data-q=".." data-scale=".."', colour)``; ``("", grey)`` without ``q``.
        """
        if q is None:
            return "", _WIRE
        v = self.value(q)
        fill = _NEUTRAL if v is None or scale is None else colour(scale, v, self.c_max)
        return f' data-q="{q}" data-scale="{scale}"', fill

    def wire(
        self,
        points: list[tuple[float, float]],
        q: str | None = None,
        scale: str | None = None,
        arrow: bool = True,
    ) -> None:
        attrs, stroke = self.paint(q, scale)
        path = " ".join(f"{x},{y}" for x, y in points)
        end = ' marker-end="url(#rv-arrow)"' if arrow else ""
        if q is None:
            self.parts.append(
                f'<polyline points="{path}" fill="none" stroke="{stroke}" stroke-width="1.5"{end}/>'
            )
            return
        # a grey rim keeps a wire visible where its colour is near white
        self.parts.append(
            f'<polyline points="{path}" fill="none" stroke="#bbb" '
            f'stroke-width="7.5" stroke-linejoin="round"/>'
            f'<polyline points="{path}" fill="none" stroke="{stroke}" '
            f'stroke-width="5" stroke-linejoin="round" data-paint="stroke"'
            f"{attrs}{end}/>"
        )

    def node(self, x: float, y: float, op: str, r: float = 11) -> None:
        size = 16 if len(op) == 1 else 10
        self.parts.append(
            f'<circle cx="{x}" cy="{y}" r="{r}" fill="#fff" stroke="#555" stroke-width="1.5"/>'
            f'<text x="{x}" y="{y + size * 0.36}" text-anchor="middle" font-size="{size}" '
            f'fill="{_INK}">{html.escape(op)}</text>'
        )

    def box(
        self, cx: float, cy: float, symbol: str, q: str, scale: str, w: float = 60, h: float = 42
    ) -> None:
        attrs, fill = self.paint(q, scale)
        v = self.value(q)
        text = "" if v is None else number(v)
        self.parts.append(
            f'<rect x="{cx - w / 2}" y="{cy - h / 2}" width="{w}" height="{h}" rx="6" '
            f'fill="{fill}" stroke="#555" stroke-width="1.2" data-paint="fill"{attrs}/>'
            f'<text x="{cx}" y="{cy - 4}" text-anchor="middle" font-size="13" '
            f'font-weight="600" fill="{ink(fill)}" data-paint="ink"{attrs}>'
            f"{html.escape(symbol)}</text>"
            f'<text x="{cx}" y="{cy + 13}" text-anchor="middle" font-size="12.5" '
            f'fill="{ink(fill)}" data-paint="ink"{attrs}><tspan data-q="{q}">{text}</tspan>'
            f"</text>"
        )

    def label(
        self,
        x: float,
        y: float,
        name: str,
        q: str | None = None,
        anchor: str = "start",
        size: float = 12.5,
    ) -> None:
        v = None if q is None else self.value(q)
        value = (
            ""
            if q is None
            else (
                f' <tspan data-q="{q}" font-weight="600">{"" if v is None else number(v)}</tspan>'
            )
        )
        self.parts.append(
            f'<text x="{x}" y="{y}" text-anchor="{anchor}" font-size="{size}" '
            f'fill="{_INK}">{html.escape(name)}{value}</text>'
        )

    def raw(self, svg: str) -> None:
        self.parts.append(svg)


def _svg(
    kind: CellKind, values: dict[str, float] | None, c_max: float, x_label: str, unit: int | None
) -> str:
    """The SVG of ``kind``'s drawing with ``values`` (None: the template, no numbers)."""
    cv = _Canvas(values, c_max, [])
    assert kind.drawing is not None  # callers check first
    kind.drawing(cv)
    body = "".join(cv.parts)
    body = body.replace('data-input="x"></text>', f'data-input="x">{html.escape(x_label)}</text>')
    unit_text = "" if unit is None else html.escape(i18n.t("diagram.unit", unit=unit))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="rv-cell-diagram" data-cell="{kind.key}" role="img" '
        f'font-family="sans-serif">'
        '<defs><marker id="rv-arrow" viewBox="0 0 10 10" refX="8" refY="5" '
        'markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>'
        f'<text x="{WIDTH - 4}" y="300" text-anchor="end" font-size="12" '
        f'fill="#808495" data-unit="">{unit_text}</text>'
        f"{body}</svg>"
    )


# --------------------------------------------------------------------------- public
@dataclass
class CellDiagram:
    """One drawn step.

    Attributes:
        svg: the drawing, self-contained SVG text (``WIDTH`` × ``HEIGHT`` view box).
        values: every quantity drawn, by its ``data-q`` name (``"f"``, ``"1-z"``), as the
            float the label was formatted from (the trace's float32 value, or 1 − z).
        caption: one sentence saying what is drawn and on which colour scales.
    """

    svg: str
    values: dict[str, float]
    caption: str


def _check(trace: Trace, layer: int, step: int, unit: int | None = None) -> None:
    """Raise ``DiagramError`` (in the current language) unless the diagram can be drawn."""
    if not 0 <= layer < len(trace.layers):
        raise DiagramError(i18n.t("diagram.bad_layer", last=len(trace.layers) - 1, layer=layer))
    lt = trace.layers[layer]
    if lt.kind.drawing is None:
        raise DiagramError(i18n.t("diagram.no_diagram", title=lt.kind.title, layer=lt.name))
    if not 0 <= step < trace.T:
        raise DiagramError(i18n.t("diagram.bad_step", last=trace.T - 1, t=step))
    if unit is not None and not 0 <= unit < lt.units:
        raise DiagramError(i18n.t("diagram.bad_unit", layer=lt.name, last=lt.units - 1, unit=unit))


def diagram_columns(trace: Trace, layer: int, t: int) -> dict[str, np.ndarray]:
    """Every quantity a diagram can draw at step ``t``: the step panel's columns plus
    ``h_prev`` (h(t−1), zero before the first step; a backward direction's h(t+1)) where
    the panel lacks it.

    Args:
        trace: the review's trace.
        layer: index into ``trace.layers``.
        t: the step (index into ``T``).

    Returns:
        ``{name: (units,) float32}``.
    """
    columns = dict(step_panel(trace, layer, t).columns)
    if "h_prev" not in columns:
        gates, step = processing_order(trace, layer, t)
        h = gates["h"]
        columns["h_prev"] = h[step - 1] if step > 0 else np.zeros_like(h[0])
    return columns


def input_label(layer: int, word: str) -> str:
    """What enters the layer as x(t), in the current language.

    Args:
        layer: the 0-based recurrent layer (``Trace.layer_numbers[k] - 1``: both directions
            of a Bidirectional layer read the same input).
        word: the step's word (shortened past 16 characters); used for layer 0 only.

    Returns:
        The word (layer 1) or "the layer below's h(t)".
    """
    if layer == 0:
        return i18n.t("diagram.x_word", word=word if len(word) <= 16 else word[:15] + "…")
    return i18n.t("diagram.x_layer", layer=layer)


def caption(
    cell: str,
    layer: int,
    unit: int | str,
    c_max: float,
    parameters: str = "",
    direction: str | None = None,
) -> str:
    """The diagram's caption: what is drawn, its colour scales and, when given, the layer's
    parameter count.

    Args:
        cell: the layer's cell kind (a key of ``cell_kinds.CELL_KINDS``) with a drawing.
        layer: the 0-based recurrent layer (shown counted from 1; ``Trace.layer_numbers``
            − 1).
        unit: the unit drawn (the browser passes ``"{unit}"`` to fill it in itself).
        c_max: the cell state's colour range, named when the drawing uses it.
        parameters: ``parameters.LayerParameters.caption`` or ``""``.
        direction: None, or ``"fwd"``/``"bwd"`` for a direction of a Bidirectional layer
            (named with the layer, ``capture.layer_title``).

    Returns:
        The caption in the current language.
    """
    uses_cell = 'data-scale="cell"' in _svg(cell_kind(cell), None, c_max, "", None)
    text = i18n.t(
        "diagram.caption_cell" if uses_cell else "diagram.caption",
        layer=layer_title(layer + 1, direction),
        unit=unit,
        c_max=c_max,
    )
    return f"{text} {parameters}".strip()


def cell_diagram(
    trace: Trace, layer: int, unit: int, t: int, c_max: float | None = None, parameters: str = ""
) -> CellDiagram:
    """The cell diagram of ``layer``'s ``unit`` at step ``t``, with the trace's numbers.

    Args:
        trace: the review's trace.
        layer: index into ``trace.layers``.
        unit: the unit drawn.
        t: the step (index into ``T``).
        c_max: the cell state's colour range ±c_max; default ``plots.cell_max(trace)``
            (the heatmaps' own).
        parameters: the layer's parameter count as a sentence, for the caption.

    Returns:
        The SVG and the numbers it shows.

    Raises:
        DiagramError: no drawing for the layer's cell kind, or ``unit``/``t`` out of range.
    """
    _check(trace, layer, t, unit)
    c_max = plots.cell_max(trace) if c_max is None else float(c_max)
    cell = trace.layers[layer].cell
    values = {q: float(v[unit]) for q, v in diagram_columns(trace, layer, t).items()}
    below = trace.layer_numbers[layer] - 1
    svg = _svg(trace.layers[layer].kind, values, c_max, input_label(below, trace.tokens[t]), unit)
    drawn = {
        q: (1.0 - values[q[2:]] if q.startswith("1-") else values[q])
        for q in dict.fromkeys(_drawn_names(svg))
    }
    text = caption(cell, below, unit, c_max, parameters, trace.layers[layer].direction)
    return CellDiagram(svg, drawn, text)


def _drawn_names(svg: str) -> list[str]:
    """The ``data-q`` names in an SVG, in order."""
    return [part.split('"', 1)[0] for part in svg.split('data-q="')[1:]]


def browser_diagram(
    trace: Trace,
    layer: int,
    steps: np.ndarray,
    panel_names: list[str],
    c_max: float,
    parameters: str = "",
) -> dict | None:
    """What the stepper needs to redraw the diagram at every shown step in the browser.

    Args:
        trace: the review's trace.
        layer: index into ``trace.layers``.
        steps: the shown steps (``token_view.visible_steps``).
        panel_names: the names of the step table the browser already holds
            (``stepview.StepTable.names``); only quantities missing there travel here.
        c_max: the cell state's colour range.
        parameters: the layer's parameter count as a sentence
            (``parameters.LayerParameters.caption``), or ``""``.

    Returns:
        None when the layer's kind has no drawing, else ``{"svg"``: the template
        (no numbers), ``"scales"``: ``{scale: {"stops": [[pos, [r, g, b]]], "range":
        [lo, hi] or None for ±c_max}}``, ``"c_max"``, ``"extra_names"`` and
        ``"extra"``: ``(len(extra_names), shown steps, units)`` float32 (a NumPy array:
        the caller encodes it), ``"input"``: the x(t) label with ``{word}`` to fill in,
        ``"unit"``: the unit label with ``{unit}``, ``"caption"``: with ``{unit}``,
        ``"decimals"}``.
    """
    lt = trace.layers[layer]
    if lt.kind.drawing is None:
        return None
    template = _svg(lt.kind, None, c_max, "", None)
    needed = [q[2:] if q.startswith("1-") else q for q in _drawn_names(template)]
    extra = [q for q in dict.fromkeys(needed) if q not in panel_names]
    values = np.zeros((len(extra), len(steps), lt.units), np.float32)
    for p, t in enumerate(steps):
        columns = diagram_columns(trace, layer, int(t))
        for j, q in enumerate(extra):
            values[j, p] = columns[q]
    return {
        "svg": template,
        "scales": {
            name: {
                "stops": [[p, list(c)] for p, c in stops],
                "range": list(bounds) if bounds else None,
            }
            for name, (stops, bounds) in SCALES.items()
        },
        "c_max": float(c_max),
        "extra_names": extra,
        "extra": values,
        "input": input_label(trace.layer_numbers[layer] - 1, "{word}"),
        "unit": i18n.t("diagram.unit", unit="{unit}"),
        "caption": caption(
            lt.cell, trace.layer_numbers[layer] - 1, "{unit}", c_max, parameters, lt.direction
        ),
        "decimals": DECIMALS,
    }
