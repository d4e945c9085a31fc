"""Plotly figures of the app: the trace figure (readout + every gate's heatmap),
and training curves. The token step itself happens in the browser (``rnn_viz.viz.stepview``
builds what it needs from ``trace_figure``).

Colour scales are fixed so that a colour means the same thing everywhere:
sigmoid gates 0..1 (Viridis), tanh quantities −1..1 (blue−white−red), and the
LSTM cell state on its own symmetric scale ±c_max (brown−white−green). Signed
quantities centred on 0 (token attributions, mean changes per word, what-if
differences) use a purple−white−green scale, symmetric around 0.

The corpus-analysis figures (gate saturation, gate histograms, words × units,
what-if difference) are built here too, from the ``rnn_viz.analysis`` results.

Every word a figure shows (titles, axis, legend and colour-bar titles, hover labels)
comes from the ``plot.*`` keys of the catalogue in the current language
(``rnn_viz.i18n.t``); symbols, numbers and model outputs (tokens, model names) stay as
they are. A figure is therefore built for one language: whoever caches one keys it by
the language too.
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from rnn_viz.core.capture import Trace
from rnn_viz.core.cell_kinds import SIGMOID_GATES, UNBOUNDED_GATES, gate_label
from rnn_viz.i18n import label_text, t
from rnn_viz.viz.token_view import step_labels, visible_steps

if TYPE_CHECKING:
    from rnn_viz.analysis.gate_saturation import GateSaturation, Saturation
    from rnn_viz.analysis.memory import Connectivity, GradientDistance, Survival
    from rnn_viz.analysis.metrics import HeldoutMetrics
    from rnn_viz.analysis.probes import SentimentUnits
    from rnn_viz.analysis.state_space import StateSpace
    from rnn_viz.analysis.whatif import WhatIf

SIGMOID_SCALE = "Viridis"
TANH_SCALE = "RdBu_r"
CELL_SCALE = "BrBG"
SIGNED_SCALE = "PRGn"
HIGHLIGHT = "rgba(255, 193, 7, 0.30)"
TRAIN_DASH, VAL_DASH = "solid", "dash"
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
_ROW_PX = 112


def cell_max(*traces: Trace) -> float:
    """The symmetric range ±c_max of the unbounded quantities (an LSTM's cell state c, a
    SimpleRNN's pre-activation a) over ``traces``, so that models can share one scale.

    Returns:
        The largest ``|value|`` of any unbounded quantity in ``traces``; 1.0 if none has one.
    """
    values = [
        np.abs(layer.gates[g]).max()
        for tr in traces
        for layer in tr.layers
        for g in layer.gate_names
        if g in UNBOUNDED_GATES
    ]
    return float(max(values)) if values else 1.0


def _scale(gate: str) -> str:
    """Which colour axis a gate uses: sigmoid, tanh or cell state."""
    if gate in SIGMOID_GATES:
        return "coloraxis"
    return "coloraxis3" if gate in UNBOUNDED_GATES else "coloraxis2"


#: How word labels are drawn under a word axis: font size in px, the angle in degrees
#: below the axis, and the longest label written whole (a longer one ends in "…"; every
#: figure's hover shows each word whole).
WORD_FONT_PX = 11
WORD_ANGLE = 60
WORD_MAX_CHARS = 12
#: A label's extent, as a multiple of the font size: the widest advance of a character
#: (an upper bound for the words of a review in Plotly's default sans-serif) and the
#: height of a line of text.
CHAR_EM = 0.62
LINE_EM = 1.25
#: The browser window a figure's word axis is thinned for, the app's sidebar, and what
#: Streamlit's wide layout takes around and between columns, in CSS px (``column_px``;
#: measured in Chromium with Streamlit 1.67 at 1280 px: one column 820 px wide, two 402,
#: three 263).
PAGE_PX = 1280
SIDEBAR_PX = 300
PAGE_PADDING_PX = 160
COLUMN_GAP_PX = 16


def column_px(columns: int = 1, page_px: int = PAGE_PX) -> int:
    """The width of a figure in one of ``columns`` equal columns of a wide page.

    Args:
        columns: equal columns side by side (1: the page's whole width).
        page_px: the browser window's width in CSS px.

    Returns:
        The figure's width in CSS px, at least 200.
    """
    content = page_px - SIDEBAR_PX - PAGE_PADDING_PX - COLUMN_GAP_PX * (max(columns, 1) - 1)
    return max(200, content // max(columns, 1))


def _short(word: str, max_chars: int = WORD_MAX_CHARS) -> str:
    """``word`` cut to ``max_chars`` characters, the last one "…" when cut."""
    return word if len(word) <= max_chars else word[: max_chars - 1] + "…"


def label_box(text: str, font_px: float = WORD_FONT_PX) -> tuple[float, float]:
    """The extent of one tick label before rotation, as ``word_ticks`` estimates it.

    Args:
        text: the label as written (after ``word_ticks`` shortened it).
        font_px: the font size in px.

    Returns:
        ``(width, height)`` in px: ``CHAR_EM`` · font per character, ``LINE_EM`` · font.
    """
    return CHAR_EM * font_px * len(text), LINE_EM * font_px


def tick_spacing(width: float, height: float, angle: float) -> float:
    """The least distance along the axis between two ticks whose labels, boxes of
    ``width`` × ``height`` rotated by ``angle`` degrees from the axis, do not overlap.

    Two equal boxes turned by the same angle and ``d`` apart along the axis are
    ``d·cos(angle)`` apart along the text and ``d·sin(angle)`` across it; they are clear
    of each other when either distance is at least the box's side in that direction.

    Args:
        width: the label's length along its text, px.
        height: the label's line height, px.
        angle: degrees between the text and the axis, 0 (flat) to 90 (upright).

    Returns:
        The distance in px.
    """
    a = np.radians(angle)
    along = width / np.cos(a) if np.cos(a) > 1e-9 else np.inf
    across = height / np.sin(a) if np.sin(a) > 1e-9 else np.inf
    return float(min(along, across))


def word_ticks(
    labels: list[str],
    width_px: float,
    font_px: float = WORD_FONT_PX,
    angle: float = WORD_ANGLE,
) -> dict:
    """The one rule for an axis with one word per column: every ``k``-th label, the
    smallest ``k`` for which no two written labels overlap (``tick_spacing`` over
    ``label_box``), each word cut to ``WORD_MAX_CHARS``; the hover of every column
    still names its word whole.

    Args:
        labels: the columns' category labels ``"t · word"`` (``step_labels``), in order.
        width_px: the width of the axis (the figure's plotting area) in CSS px.
        font_px: the labels' font size in px.
        angle: the labels' angle below the axis in degrees (0: flat).

    Returns:
        Plotly axis settings: ``type``, ``tickmode``, ``tickvals`` (every ``k``-th label,
        the first included), ``ticktext`` (their words), ``tickangle``, ``tickfont``.
    """
    words = [_short(s.split(" · ", 1)[-1]) for s in labels]
    n = len(labels)
    widest = max((label_box(w, font_px)[0] for w in words), default=0.0)
    need = tick_spacing(widest, LINE_EM * font_px, angle)
    pitch = max(width_px, 1.0) / max(n, 1)
    k = max(1, int(np.ceil(need / pitch - 1e-9)))
    return dict(
        type="category",
        tickmode="array",
        tickvals=labels[::k],
        ticktext=words[::k],
        tickangle=-angle,
        tickfont=dict(size=font_px),
    )


def _token_axis(labels: list[str], width_px: float | None = None) -> dict:
    """A category axis over step labels ``"t · word"``, thinned by ``word_ticks`` for a
    plotting area ``width_px`` wide (default: a full-width figure's, less 150 px)."""
    return word_ticks(labels, column_px() - 150 if width_px is None else width_px)


@functools.lru_cache(maxsize=64)
def _grid(n: int, heights: tuple[float, ...] | None) -> str:
    """The layout of ``n`` rows on one shared x axis as ``make_subplots`` lays it out, as
    JSON, made once per shape: Plotly validates every property it sets, and setting them
    one call at a time on a 13-row figure took ~100 ms of a trace figure's ~140 ms."""
    fig = make_subplots(
        rows=n,
        cols=1,
        shared_xaxes=True,
        subplot_titles=["·"] * n,
        vertical_spacing=min(0.35 / n, 0.06),
        row_heights=list(heights) if heights else None,
    )
    layout = fig.layout.to_plotly_json()
    layout.pop("template", None)  # the figure made from it gets the default one
    return json.dumps(layout)


def _row(row: int) -> str:
    """The suffix of row ``row``'s axes in a ``_stacked`` layout: ``x``/``y`` and
    ``xaxis``/``yaxis`` for the first row, ``x2``/``yaxis2``… for the others."""
    return "" if row == 1 else str(row)


def _stacked(titles: list[str], heights: list[float] | None = None) -> dict:
    """The layout, as a plain dict, of one row per title on one shared token axis (the
    trace and what-if figures), the titles in 12 px. Row r's traces take
    ``xaxis="x" + _row(r)``, ``yaxis="y" + _row(r)``; its axes are ``layout["xaxis" +
    _row(r)]`` and ``layout["yaxis" + _row(r)]``. The figure is made once, from all of it
    (``go.Figure(data=..., layout=...)``)."""
    layout = json.loads(_grid(len(titles), tuple(heights) if heights else None))
    for annotation, title in zip(layout["annotations"], titles, strict=True):
        annotation.update(text=title, font={"size": 12})
    return layout


def _token_axes(layout: dict, rows: int, labels: list[str], title: str | None = None) -> None:
    """Make the x axis of each of the ``rows`` rows of a ``_stacked`` layout the token axis
    over ``labels`` (tick words at -60°), and title the bottom one ``title``."""
    for row in range(1, rows + 1):
        layout["xaxis" + _row(row)].update(**_token_axis(labels))
    if title:
        layout["xaxis" + _row(rows)]["title"] = {"text": title}


def _title(title: str | None) -> dict | None:
    return dict(text=title) if title else None


#: The colours of the classes' readout lines (a model of more than two classes).
CLASS_COLOURS = ("#d62728", "#ff7f0e", "#2ca02c", "#1f77b4", "#9467bd", "#8c564b", "#e377c2")


def class_lines(trace: Trace, labels: list[str], steps: np.ndarray) -> list[go.Scatter]:
    """The readout of a model of more than two classes: one line per class, p(class)
    after each shown step, labelled with the class' name (``label_text``); the predicted
    class' line drawn thicker.

    Args:
        trace: a trace whose ``prob`` is ``(T, K)``.
        labels: the shown steps' category labels (``step_labels``).
        steps: the shown steps, ``(shown,)`` indices into ``T``.

    Returns:
        ``K`` line traces named ``"p(<label>)"``, on the first row's axes.
    """
    assert trace.class_probs is not None
    probs = trace.class_probs
    names = trace.classes or tuple(str(k) for k in range(probs.shape[1]))
    top = trace.predicted_class
    lines = []
    for k, name in enumerate(names):
        label = label_text(name)
        lines.append(
            go.Scatter(
                x=labels,
                y=probs[steps, k],
                mode="lines",
                line=dict(
                    color=CLASS_COLOURS[k % len(CLASS_COLOURS)], width=3 if k == top else 1.5
                ),
                name=f"p({label})",
                hovertemplate=f"%{{x}}<br>p({label}) = %{{y:.3f}}<extra></extra>",
                showlegend=True,
                legendgroup="readout",
                xaxis="x",
                yaxis="y",
            )
        )
    return lines


def trace_figure(
    trace: Trace,
    show_pad: bool = False,
    c_max: float | None = None,
    title: str | None = None,
    highlight: int | None = None,
    attribution: np.ndarray | None = None,
    row_px: int = _ROW_PX,
) -> go.Figure:
    """One figure, one shared token axis: p(positive) after each token on top, then a
    heatmap (units × tokens) of every gate and state of every layer.

    Args:
        trace: the review's trace.
        show_pad: show the padding steps before the first real word too.
        c_max: the cell-state scale ±c_max (pass the same value for two models to compare
            them); default ``cell_max(trace)``.
        title: the figure's title.
        highlight: the step index to mark (default: the first shown step).
        attribution: ``(T,)`` integrated gradients per step (``Attribution.scores``):
            adds a one-row colour strip under the readout, on a scale symmetric around 0.
        row_px: the height of one heatmap in pixels.

    Returns:
        The figure; its heatmaps are named ``"L{layer} {gate}"`` (``"L{layer} fwd {gate}"``,
        ``"L{layer} bwd {gate}"`` for a Bidirectional layer, the backward in reading order)
        and the attribution strip ``"attribution"`` (``stepview`` finds them by these names).
    """
    steps = visible_steps(trace, show_pad)
    labels = step_labels(trace, steps)
    panels = [(k, layer, gate) for k, layer in enumerate(trace.layers) for gate in layer.gate_names]
    extra = [] if attribution is None else [t("plot.trace.attribution")]
    titles = (
        [t("plot.trace.readout")]
        + extra
        + [
            t(
                "plot.trace.panel",
                layer=trace.layer_title(k),
                name=layer.name,
                gate=gate_label(gate),
            )
            + (
                " · σ 0..1"
                if gate in SIGMOID_GATES
                else " · ±c_max"
                if gate in UNBOUNDED_GATES
                else " · tanh −1..1"
            )
            for k, layer, gate in panels
        ]
    )
    n = len(titles)
    layout = _stacked(titles, [1.0, 0.35] + [1.0] * (n - 2) if extra else None)
    data: list[go.BaseTraceType] = []
    if trace.prob is not None and trace.prob.ndim == 2:
        data.extend(class_lines(trace, labels, steps))
    elif trace.prob is not None:
        data.append(
            go.Scatter(
                x=labels,
                y=trace.prob[steps],
                mode="lines+markers" if len(steps) <= 120 else "lines",
                line=dict(color="#333", width=2),
                marker=dict(size=5),
                name="p(positive)",
                hovertemplate="%{x}<br>p(positive) = %{y:.3f}<extra></extra>",
                showlegend=False,
                xaxis="x",
                yaxis="y",
            )
        )
    p_title = t("plot.p_class") if trace.n_classes > 2 else t("plot.p_pos")
    layout["yaxis"].update(range=[-0.02, 1.02], title={"text": p_title})
    bar = dict(len=0.28, thickness=14, x=1.01)
    if attribution is not None:
        scores = np.asarray(attribution, float)
        data.append(
            go.Heatmap(
                z=scores[steps][None, :],
                x=labels,
                y=["IG"],
                xaxis="x2",
                yaxis="y2",
                coloraxis="coloraxis4",
                name="attribution",
                hovertemplate=f"%{{x}}<br>{t('plot.attribution')} = %{{z:+.4f}}<extra></extra>",
            )
        )
        layout["yaxis2"]["showticklabels"] = False
        layout["coloraxis4"] = _signed_axis(
            scores, t("plot.attribution"), dict(bar, y=0.98, len=0.12)
        )
    c_max = c_max if c_max is not None else cell_max(trace)
    unit = t("plot.unit_n", unit="%{y}")
    for row, (k, layer, gate) in enumerate(panels, start=2 + len(extra)):
        z = layer.gates[gate][steps].T  # (units, shown steps)
        data.append(
            go.Heatmap(
                z=z,
                x=labels,
                y=np.arange(layer.units),
                xaxis="x" + _row(row),
                yaxis="y" + _row(row),
                coloraxis=_scale(gate),
                name=f"L{trace.array_prefixes[k].removeprefix('layer').replace('/', ' ')} {gate}",
                hovertemplate=(
                    f"%{{x}}<br>{unit}<br>{gate_label(gate)} = %{{z:.3f}}"
                    f"<extra>{t('plot.layer', layer=trace.layer_title(k))}</extra>"
                ),
            )
        )
        layout["yaxis" + _row(row)].update(
            title={"text": t("plot.unit")},
            tickmode="linear",
            dtick=max(1, layer.units // 4),
            autorange="reversed",
        )
    _token_axes(layout, n, labels, t("plot.token_axis"))
    layout.update(
        coloraxis=dict(
            colorscale=SIGMOID_SCALE,
            cmin=0,
            cmax=1,
            colorbar=dict(title=t("plot.cbar.sigmoid"), y=0.85, **bar),
        ),
        coloraxis2=dict(
            colorscale=TANH_SCALE, cmin=-1, cmax=1, colorbar=dict(title="tanh", y=0.5, **bar)
        ),
        coloraxis3=dict(
            colorscale=CELL_SCALE,
            cmin=-c_max,
            cmax=c_max,
            colorbar=dict(title=t("plot.cbar.cell"), y=0.15, **bar),
        ),
        height=90 + n * row_px,
        margin=dict(l=60, r=90, t=70 if title else 40, b=110),
        title=_title(title),
        hovermode="closest",
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", font_size=10),
        shapes=[  # the highlight first: ``set_highlight`` moves shapes[0]
            dict(
                type="rect",
                xref="x",
                yref="paper",
                x0=-0.5,
                x1=0.5,
                y0=0,
                y1=1,
                fillcolor=HIGHLIGHT,
                line=dict(color="#ff8f00", width=2),
                layer="above",
            ),
            dict(  # p(positive) = 0.5 on the readout
                type="line",
                xref="x domain",
                yref="y",
                x0=0,
                x1=1,
                y0=0.5,
                y1=0.5,
                line=dict(color="#999", dash="dot", width=1),
            ),
        ],
    )
    fig = go.Figure(data=data, layout=layout)
    set_highlight(fig, trace, show_pad, steps[0] if highlight is None else highlight)
    return fig


def set_highlight(fig: go.Figure, trace: Trace, show_pad: bool, t: int) -> go.Figure:
    """Move the highlight of a ``trace_figure`` to step ``t`` (in place; only the shape
    moves, so the browser need not redraw the heatmaps).

    Args:
        fig: a figure made by ``trace_figure`` of ``trace``.
        trace: the trace the figure shows.
        show_pad: whether the figure shows the padding steps.
        t: the step index to mark (the nearest shown step when it is not shown).

    Returns:
        ``fig`` itself.
    """
    steps = visible_steps(trace, show_pad)
    pos = int(np.clip(np.searchsorted(steps, t), 0, len(steps) - 1))
    fig.layout.shapes[0].update(x0=pos - 0.5, x1=pos + 0.5)
    return fig


def _train_val(records: list[dict], metric: str) -> Iterator[tuple[str, str, list]]:
    """``(part, dash, values)`` of ``metric`` on training then validation (``val_``
    prefix), the part's name translated; a part no record has is left out."""
    for key, dash, part in (
        (metric, TRAIN_DASH, "plot.train"),
        (f"val_{metric}", VAL_DASH, "plot.val"),
    ):
        values = [r.get(key) for r in records]
        if any(v is not None for v in values):
            yield t(part), dash, values


def history_figure(
    histories: dict[str, list[dict]],
    metric: str = "loss",
    x: str = "epoch",
    title: str | None = None,
) -> go.Figure:
    """Training curves of one or more models: ``metric`` on train (solid) and validation
    (dashed) against the epoch or the seconds of training.

    Args:
        histories: ``{model name: records}``, one record per epoch as the training
            history stores it (``loss``, ``val_loss``, ``acc``, ``val_acc``, ``seconds``).
        metric: ``"loss"`` or ``"acc"`` (any other record key is drawn under its own name).
        x: ``"epoch"``, or ``"seconds"`` for the cumulative training time.
        title: the figure's title (default: "<metric> per epoch/second of training").

    Returns:
        The figure, one line per model and part, named ``"<model> <part>"``.
    """
    fig = go.Figure()
    for k, (name, records) in enumerate(histories.items()):
        if not records:
            continue
        xs = (
            np.arange(1, len(records) + 1)
            if x == "epoch"
            else np.cumsum([r.get("seconds", 0.0) for r in records])
        )
        colour = PALETTE[k % len(PALETTE)]
        for part, dash, ys in _train_val(records, metric):
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines+markers",
                    name=f"{name} {part}",
                    line=dict(color=colour, dash=dash),
                )
            )
    label = t(f"plot.hist.{metric}") if metric in ("loss", "acc") else metric
    per = "plot.hist.per_epoch" if x == "epoch" else "plot.hist.per_second"
    fig.update_layout(
        title=title or t(per, label=label),
        xaxis_title=t("plot.epoch") if x == "epoch" else t("plot.hist.seconds"),
        yaxis_title=label,
        height=360,
        margin=dict(l=60, r=20, t=50, b=50),
        legend=dict(orientation="h", y=-0.25),
    )
    if x == "epoch":  # whole epochs only
        longest = max((len(r) for r in histories.values()), default=0)
        fig.update_xaxes(dtick=1 if longest <= 15 else 5)
    return fig


def training_card(
    records: list[dict], best_epoch: int | None = None, title: str | None = None, height: int = 330
) -> go.Figure:
    """A compact view of one model's training, to sit beside its heatmaps: loss (top)
    and accuracy (bottom) per epoch, training solid and validation dashed (the styles of
    ``history_figure``), the best epoch marked by a vertical line on both.

    Args:
        records: one record per epoch (``loss``, ``val_loss``, ``acc``, ``val_acc``).
        best_epoch: the epoch (from 1) whose weights were kept, or None.
        title: the figure's title.
        height: the figure's height in pixels.

    Returns:
        A two-row figure; its lines are named ``"<part> <metric>"``.
    """
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    epochs = np.arange(1, len(records) + 1)
    epoch = t("plot.epoch_n", epoch="%{x}")
    for row, metric in enumerate(("loss", "acc"), start=1):
        for part, dash, ys in _train_val(records, metric):
            series = f"{part} {t(f'plot.{metric}')}"
            fig.add_trace(
                go.Scatter(
                    x=epochs,
                    y=ys,
                    mode="lines",
                    name=series,
                    showlegend=row == 1,
                    legendgroup=part,
                    line=dict(color=PALETTE[0], dash=dash, width=2),
                    hovertemplate=f"{epoch}<br>{series} %{{y:.4f}}<extra></extra>",
                ),
                row=row,
                col=1,
            )
        if best_epoch:
            fig.add_vline(x=best_epoch, line=dict(color="#ff8f00", width=2), row=row, col=1)
    fig.update_yaxes(title_text=t("plot.loss"), row=1, col=1)
    fig.update_yaxes(title_text=t("plot.accuracy"), row=2, col=1)
    fig.update_xaxes(
        title_text=t("plot.card.best", epoch=best_epoch) if best_epoch else t("plot.epoch"),
        row=2,
        col=1,
    )
    fig.update_layout(
        height=height,
        margin=dict(l=50, r=10, t=40 if title else 10, b=40),
        title=dict(text=title, font_size=13) if title else None,
        legend=dict(orientation="h", y=1.08, x=0, font_size=10),
        font=dict(size=10),
    )
    return fig


def figure_html(fig: go.Figure) -> str:
    """A standalone HTML page of ``fig`` (Plotly.js from the CDN), for downloading.

    Args:
        fig: any figure.

    Returns:
        The page's HTML.
    """
    return fig.to_html(include_plotlyjs="cdn", full_html=True)


# --------------------------------------------------------------------------- corpus analyses
def _signed_axis(values: np.ndarray, title: str, colorbar: dict | None = None) -> dict:
    """A colour axis symmetric around 0 over ``values`` (``SIGNED_SCALE``; ±1e-9 at least)."""
    finite = np.asarray(values, float)
    finite = finite[np.isfinite(finite)]
    m = float(np.abs(finite).max()) if finite.size else 0.0
    m = max(m, 1e-9)
    return dict(
        colorscale=SIGNED_SCALE,
        cmin=-m,
        cmax=m,
        cmid=0,
        colorbar=dict(title=title, **(colorbar or {})),
    )


def _gate_label(g: GateSaturation) -> str:
    """How a ``GateSaturation`` is named on an axis: its gate's name, or the paper's
    1 − z when ``Saturation.paper_convention`` relabelled it."""
    if g.label and g.label != g.gate:
        return t("plot.sat.paper_gate", gate=g.gate)
    return gate_label(g.gate)


def _gate_grid(
    sat: Saturation, title: str | None, height: int, legend: dict, **spacing: object
) -> tuple[go.Figure, list[list[GateSaturation]], list[int]]:
    """The frame both saturation figures share: one column per gate (first-seen order),
    titled with the gate's label.

    Returns:
        The figure, the ``GateSaturation`` of each column (one per layer) and the sorted
        layer indices (a layer's position picks its colour).
    """
    by_gate: dict[str, list[GateSaturation]] = {}
    for g in sat.gates:
        by_gate.setdefault(g.gate, []).append(g)
    panels = list(by_gate.values())
    fig = make_subplots(
        rows=1, cols=len(panels), subplot_titles=[_gate_label(p[0]) for p in panels], **spacing
    )
    fig.update_layout(
        title=_title(title),
        height=height,
        margin=dict(l=60, r=20, t=70 if title else 40, b=60),
        legend=legend,
    )
    fig.update_annotations(font_size=12)
    return fig, panels, sorted({g.layer for g in sat.gates})


def _layer_style(g: GateSaturation, layers: list[int], col: int) -> tuple[dict, str]:
    """A layer's legend entry (shown in the first column only) and its colour."""
    name = t("plot.layer", layer=g.layer_title)
    colour = PALETTE[layers.index(g.layer) % len(PALETTE)]
    return dict(name=name, legendgroup=name, showlegend=col == 1), colour


def saturation_figure(sat: Saturation, title: str | None = None) -> go.Figure:
    """Gate saturation (Karpathy et al. 2015, Fig. 4) of one model: one scatter per gate,
    one point per unit, x = right-saturated fraction (value > ``high``), y =
    left-saturated fraction (value < ``low``), one colour per layer.

    Every point lies on or under the diagonal x + y = 1; a point *on* it is a unit that
    is always saturated (never between the thresholds), a point at the origin never is.

    Args:
        sat: the model's saturation over a corpus.
        title: the figure's title.

    Returns:
        One column per gate, a ``(units,)`` scatter per layer in each.
    """
    fig, panels, layers = _gate_grid(
        sat,
        title,
        400,
        dict(orientation="h", y=-0.3, title_text=t("plot.legend_colour")),
        horizontal_spacing=0.08,
    )
    unit = t("plot.unit_n", unit="%{customdata}")
    right = t("plot.sat.right_hover", high=sat.high, x="%{x:.3f}")
    left = t("plot.sat.left_hover", low=sat.low, y="%{y:.3f}")
    for col, gates in enumerate(panels, start=1):
        fig.add_trace(
            go.Scatter(
                x=[0, 1],
                y=[1, 0],
                mode="lines",
                hoverinfo="skip",
                line=dict(color="#bbb", dash="dot", width=1),
                showlegend=False,
            ),
            row=1,
            col=col,
        )
        for g in gates:
            legend, colour = _layer_style(g, layers, col)
            fig.add_trace(
                go.Scatter(
                    x=g.right,
                    y=g.left,
                    mode="markers",
                    marker=dict(
                        color=colour, size=8, opacity=0.8, line=dict(color="white", width=0.5)
                    ),
                    customdata=np.arange(g.units),
                    hovertemplate=(
                        f"{legend['name']} · {_gate_label(g)}<br>{unit}<br>{right}<br>{left}"
                        "<extra></extra>"
                    ),
                    **legend,
                ),
                row=1,
                col=col,
            )
        fig.update_xaxes(range=[-0.03, 1.03], row=1, col=col)
        fig.update_yaxes(range=[-0.03, 1.03], row=1, col=col)
    # one x title, under the middle column: one per gate ran into each other
    middle = (len(panels) + 1) // 2
    fig.update_xaxes(title_text=t("plot.sat.right_axis", high=sat.high), row=1, col=middle)
    fig.update_yaxes(title_text=t("plot.sat.left_axis", low=sat.low), row=1, col=1)
    fig.add_annotation(
        x=0.62,
        y=0.62,
        xref="x",
        yref="y",
        text=t("plot.sat.always"),
        showarrow=False,
        font=dict(size=10, color="#888"),
        textangle=-45,
    )
    return fig


def gate_histogram_figure(sat: Saturation, title: str | None = None) -> go.Figure:
    """Where each gate's values sit: per gate, the share of (step, unit) values in each
    bin of [0, 1] (log scale), one colour per layer, the thresholds as dotted lines.

    Args:
        sat: the model's saturation over a corpus (its ``(bins,)`` histograms).
        title: the figure's title.

    Returns:
        One column per gate, a bar series per layer in each.
    """
    fig, panels, layers = _gate_grid(
        sat,
        title,
        320,
        dict(orientation="h", y=-0.3),
        shared_yaxes=True,
        horizontal_spacing=0.04,
    )
    fig.update_layout(bargap=0)
    centres = (sat.bin_edges[:-1] + sat.bin_edges[1:]) / 2
    value = t("plot.sat.value_hover", value="%{x:.2f}", width=f"{0.5 / sat.bins:.3f}")
    share = t("plot.sat.share_hover", share="%{y:.4f}")
    for col, gates in enumerate(panels, start=1):
        for g in gates:
            legend, colour = _layer_style(g, layers, col)
            fig.add_trace(
                go.Bar(
                    x=centres,
                    y=g.hist / max(int(g.hist.sum()), 1),
                    width=1 / sat.bins * 0.9 / len(layers),
                    offset=-0.45 / sat.bins + layers.index(g.layer) * 0.9 / sat.bins / len(layers),
                    marker_color=colour,
                    hovertemplate=f"{legend['name']}<br>{value}<br>{share}<extra></extra>",
                    **legend,
                ),
                row=1,
                col=col,
            )
        for v in (sat.low, sat.high):
            fig.add_vline(x=v, line=dict(color="#666", dash="dot", width=1), row=1, col=col)
        fig.update_xaxes(range=[0, 1], title_text=t("plot.sat.gate_value"), row=1, col=col)
    fig.update_yaxes(type="log", title_text=t("plot.sat.share_axis"), dtick=1, row=1, col=1)
    return fig


def saturation_summary(sat: Saturation) -> list[dict]:
    """One row per gate of each layer: the mean left/right fractions and how many units
    are saturated more than half of the time (the table under the scatter).

    Args:
        sat: the model's saturation over a corpus.

    Returns:
        The rows, keyed by the columns' names in the current language (the
        ``plot.sat.col.*`` catalogue entries): layer (from 1), gate, units, mean left
        fraction, mean right fraction, units saturated > 50%.
    """
    return [
        {
            t("plot.sat.col.layer"): g.layer_title if sat.has_directions else g.layer_number,
            t("plot.sat.col.gate"): _gate_label(g),
            t("plot.sat.col.units"): g.units,
            t("plot.sat.col.mean_left"): float(g.left.mean()),
            t("plot.sat.col.mean_right"): float(g.right.mean()),
            t("plot.sat.col.saturated"): int(((g.left + g.right) > 0.5).sum()),
        }
        for g in sat.gates
    ]


def mark_epoch(fig: go.Figure, epoch: int) -> go.Figure:
    """A vertical line at ``epoch`` on a ``history_figure`` (in place).

    Args:
        fig: a ``history_figure`` by epoch.
        epoch: the epoch (from 1) to mark.

    Returns:
        ``fig`` itself.
    """
    fig.add_vline(x=epoch, line=dict(color="#ff8f00", width=2))
    return fig


def words_units_figure(
    words: list[str], deltas: np.ndarray, counts: list[int], title: str | None = None
) -> go.Figure:
    """Words × units heatmap of the mean change a word makes to each unit's state
    (``WordsPerUnit.table`` rows), on a scale symmetric around 0.

    Args:
        words: the words, one row each (escaped here).
        deltas: ``(len(words), units)`` mean change of each unit's state when the word is read.
        counts: ``(len(words),)`` how many times each word was read.
        title: the figure's title.

    Returns:
        The heatmap.
    """
    deltas = np.asarray(deltas, float).reshape(len(words), -1)
    units = np.arange(deltas.shape[1])
    fig = go.Figure(
        go.Heatmap(
            z=deltas,
            x=units,
            y=[html.escape(f"{w} ") for w in words],
            coloraxis="coloraxis",
            customdata=np.repeat(np.asarray(counts)[:, None], len(units), axis=1),
            hovertemplate=(
                f"{t('plot.word_n', word='%{y}')}<br>{t('plot.unit_n', unit='%{x}')}"
                f"<br>{t('plot.wu.change', z='%{z:+.4f}')}"
                f"<br>{t('plot.wu.read', n='%{customdata}')}<extra></extra>"
            ),
        )
    )
    fig.update_layout(
        coloraxis=_signed_axis(deltas, t("plot.wu.cbar")),
        title=_title(title),
        height=max(260, 60 + 18 * len(words)),
        margin=dict(l=110, r=20, t=50 if title else 20, b=50),
        xaxis=dict(title=t("plot.unit"), tickmode="linear", dtick=max(1, len(units) // 16)),
        yaxis=dict(autorange="reversed", type="category"),
    )
    return fig


def difference_figure(
    whatif: WhatIf, show_pad: bool = False, title: str | None = None, cls: int | None = None
) -> go.Figure:
    """What-if: B − A step by step on one token axis, the readout difference on top,
    then one heatmap (units × steps) per gate and state of every layer, all on one
    colour scale symmetric around 0. Steps whose word differs are labelled ``a → b``.

    Args:
        whatif: the two traces and their differences (``analysis.compare_traces``).
        show_pad: show the padding steps before the first real word too.
        title: the figure's title.
        cls: for a model of more than two classes, the class (label id) whose Δ p the
            top row draws; None: the class A is predicted.

    Returns:
        The figure: a bar row of Δ p(positive) (Δ p(class)), then the heatmaps.
    """
    a, b = whatif.a, whatif.b
    delta, p_name = whatif.prob_diff, "p(positive)"
    if delta is not None and delta.ndim == 2:
        k = int(np.argmax(a.prob[-1])) if cls is None else cls  # type: ignore[index]
        delta, p_name = delta[:, k], f"p({html.escape(label_text(a.classes[k]))})"
    start = 0 if show_pad else max(whatif.start - 1, 0)
    steps = np.arange(start, a.T)
    changed = set(whatif.changed_steps.tolist())
    labels = [
        f"{s} · " + (f"{a.tokens[s]} → {b.tokens[s]}" if s in changed else b.tokens[s])
        for s in steps
    ]
    labels = [html.escape(s) for s in labels]
    panels = [(k, gate, d) for k, layer in enumerate(whatif.diff) for gate, d in layer.items()]
    titles = [t("plot.diff.readout")] + [
        t("plot.diff.panel", layer=a.layer_title(k), gate=gate_label(gate)) for k, gate, _ in panels
    ]
    n = len(titles)
    layout = _stacked(titles)
    data: list[go.BaseTraceType] = []
    if delta is not None:
        data.append(
            go.Bar(
                x=labels,
                y=delta[steps],
                marker_color=[PALETTE[2] if v >= 0 else PALETTE[3] for v in delta[steps]],
                hovertemplate=f"%{{x}}<br>Δ {p_name} = %{{y:+.4f}}<extra></extra>",
                showlegend=False,
                xaxis="x",
                yaxis="y",
            )
        )
    layout["yaxis"]["title"] = {"text": "Δ p"}
    unit = t("plot.unit_n", unit="%{y}")
    for row, (k, gate, d) in enumerate(panels, start=2):
        data.append(
            go.Heatmap(
                z=d[steps].T,
                x=labels,
                y=np.arange(d.shape[1]),
                xaxis="x" + _row(row),
                yaxis="y" + _row(row),
                coloraxis="coloraxis",
                hovertemplate=(
                    f"%{{x}}<br>{unit}<br>Δ {gate_label(gate)} = "
                    f"%{{z:+.4f}}<extra>{t('plot.layer', layer=a.layer_title(k))}</extra>"
                ),
            )
        )
        layout["yaxis" + _row(row)].update(title={"text": t("plot.unit")}, autorange="reversed")
    diffs = np.concatenate([d[steps].ravel() for _, _, d in panels]) if panels else np.zeros(1)
    _token_axes(layout, n, labels)
    layout.update(
        coloraxis=_signed_axis(diffs, "B − A", dict(len=0.5, thickness=14)),
        height=90 + n * _ROW_PX,
        title=_title(title),
        margin=dict(l=60, r=90, t=70 if title else 40, b=110),
    )
    return go.Figure(data=data, layout=layout)


# --------------------------------------------------------------------------- memory across time
MEMORY_SCALE = "Magma"


def _log10(values: np.ndarray) -> np.ndarray:
    """log10 of non-negative values, NaN where a value is 0 (nothing to draw there)."""
    values = np.asarray(values, float)
    with np.errstate(divide="ignore"):
        return np.where(values > 0, np.log10(np.where(values > 0, values, 1.0)), np.nan)


def connectivity_range(*conns: Connectivity) -> tuple[float, float]:
    """One log10 colour range for the connectivities ``conns`` of several models on the
    same review.

    Returns:
        ``(lo, hi)``: ``hi`` the log10 of the largest value over their real words
        (0 when there is none), ``lo`` four decades under it.
    """
    parts = [c.real()[np.tril_indices(len(c.real()))] for c in conns]
    values = np.concatenate(parts) if parts else np.zeros(0)
    values = values[values > 0]
    hi = float(np.log10(values.max())) if values.size else 0.0
    return hi - 4.0, hi


def _word_labels(tokens: list[str], steps: np.ndarray) -> list[str]:
    return [f"{s} · {html.escape(tokens[s])}" for s in steps]


#: Margins of the connectivity and survival figures, and the width their colour bar takes
#: beside the plotting area (bar, ticks and title: about 90 px measured in Chromium, where
#: a 263-px connectivity figure left 65 px to its words), in CSS px.
_CONN_LEFT, _CONN_RIGHT, _COLORBAR_PX = 90, 20, 100


def connectivity_figure(
    conn: Connectivity,
    highlight: int | None = None,
    zrange: tuple[float, float] | None = None,
    title: str | None = None,
    width_px: int | None = None,
) -> go.Figure:
    """Connectivity of one review (``analysis.memory.Connectivity``) over its real words:
    row = the step being read, column = an earlier word, colour = log10 ‖∂p_t/∂e_s‖
    (what the model's opinion at step t still hears from the word read at s).

    Args:
        conn: the connectivity.
        highlight: a step whose row is outlined (the current step), or None.
        zrange: the log10 colour range (``connectivity_range`` to share it between models).
        title: the figure's title.
        width_px: the figure's width in CSS px, which its word labels are thinned for
            (``word_ticks``); default ``column_px()``.

    Returns:
        A ``(words, words)`` heatmap, the diagonal's upper side blank (a word cannot move
        an earlier opinion).
    """
    steps = np.arange(conn.first_real, conn.T)
    labels = _word_labels(conn.tokens, steps)
    real = conn.real().astype(float)
    z = _log10(np.where(np.tril(np.ones_like(real, bool)), real, 0.0))
    lo, hi = zrange or connectivity_range(conn)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=labels,
            y=labels,
            customdata=real,
            zmin=lo,
            zmax=hi,
            colorscale=MEMORY_SCALE,
            colorbar=dict(title="log10<br>‖∂p_t/∂e_s‖", thickness=14),
            hoverongaps=False,
            hovertemplate=(
                f"{t('plot.conn.reading', step='%{y}')}<br>{t('plot.word_n', word='%{x}')}"
                "<br>‖∂p_t/∂e_s‖ = %{customdata:.3e}<extra></extra>"
            ),
        )
    )
    if highlight is not None and conn.first_real <= highlight < conn.T:
        row = labels[highlight - conn.first_real]
        fig.add_hline(y=row, line=dict(color="#00bcd4", width=2))
    side = min(900, max(360, 140 + 12 * len(steps)))
    top, bottom = 50 if title else 20, 100
    across = (width_px or column_px()) - _CONN_LEFT - _CONN_RIGHT - _COLORBAR_PX
    fig.update_xaxes(title_text=t("plot.conn.x"), **_token_axis(labels, across))
    y_axis = word_ticks(labels, side - top - bottom, angle=90)
    fig.update_yaxes(title_text=t("plot.conn.y"), autorange="reversed", **dict(y_axis, tickangle=0))
    fig.update_layout(
        height=side,
        title=_title(title),
        margin=dict(l=_CONN_LEFT, r=_CONN_RIGHT, t=top, b=bottom),
    )
    return fig


def connectivity_strip(
    conn: Connectivity,
    step: int,
    zrange: tuple[float, float] | None = None,
    title: str | None = None,
    width_px: int | None = None,
) -> go.Figure:
    """Row t = ``step`` of the connectivity drawn under the review's words: each real word
    read up to step t coloured by log10 ‖∂p_t/∂e_s‖ ("what the model still hears from each
    earlier word"); later words are left blank. The words are written flat in their cells
    when every one fits there; otherwise under the strip, thinned by ``word_ticks`` (each
    cell's hover names its word).

    Args:
        conn: the connectivity (``analysis.memory.Connectivity``).
        step: the step being read, t.
        zrange: the log10 colour range (default: that of ``conn``).
        title: the figure's title.
        width_px: the figure's width in CSS px (default ``column_px()``).

    Returns:
        A one-row heatmap, its words in its cells or on its x axis.
    """
    steps = np.arange(conn.first_real, conn.T)
    row = np.where(steps <= step, conn.saliency[step, steps], 0.0).astype(float)
    lo, hi = zrange or connectivity_range(conn)
    labels = _word_labels(conn.tokens, steps)
    across = (width_px or column_px()) - 2 * _STRIP_SIDE
    flat = word_ticks(labels, across, angle=0)
    inside = len(flat["tickvals"]) == len(labels)  # every word fits in its cell
    words = [html.escape(conn.tokens[s]) for s in steps]
    fig = go.Figure(
        go.Heatmap(
            z=_log10(row)[None],
            x=labels,
            y=[""],
            text=[words],
            texttemplate="%{text}" if inside else "",
            customdata=row[None],
            zmin=lo,
            zmax=hi,
            colorscale=MEMORY_SCALE,
            hoverongaps=False,
            showscale=False,
            hovertemplate=(
                f"{t('plot.step_n', step=step)}<br>{t('plot.word_n', word='%{x}')}"
                "<br>‖∂p_t/∂e_s‖ = %{customdata:.3e}<extra></extra>"
            ),
        )
    )
    if inside:
        fig.update_xaxes(type="category", showticklabels=False)
    else:
        fig.update_xaxes(**_token_axis(labels, across))
    below = 10 if inside else 80
    fig.update_layout(
        height=(100 if not title else 130) + below,
        title=_title(title),
        margin=dict(l=_STRIP_SIDE, r=_STRIP_SIDE, t=40 if title else 10, b=below),
    )
    return fig


_STRIP_SIDE = 10


_SURV_LEFT, _SURV_RIGHT = 110, 20


def survival_figure(
    surv: Survival, tokens: list[str], title: str | None = None, width_px: int | None = None
) -> go.Figure:
    """How much of what each earlier word wrote survives to the current step
    (``analysis.memory.Survival``): per layer with gates, a heatmap units × earlier words of
    ∏ f (LSTM cell state) or ∏ z (GRU h) on 0..1; each unit's half-life in its hover and
    axis label. Layers without gates (SimpleRNN) get their note as a title and no heatmap.

    Args:
        surv: the survival at the current step.
        tokens: ``(T,)`` the trace's tokens (the words are ``tokens[surv.start:surv.t + 1]``).
        title: the figure's title.
        width_px: the figure's width in CSS px, which its word labels are thinned for
            (``word_ticks``); default ``column_px()``.

    Returns:
        One row per layer; each heatmap ``(units, words)``.
    """
    titles = [
        t("plot.surv.title", layer=layer.layer_title, gate=layer.gate, state=layer.state)
        if layer.has_gates
        else t("plot.surv.no_gates", layer=layer.layer_title, note=layer.note)
        for layer in surv.layers
    ]
    fig = make_subplots(
        rows=max(1, len(surv.layers)),
        cols=1,
        subplot_titles=titles,
        shared_xaxes=True,
        vertical_spacing=0.08,
    )
    steps = np.arange(surv.start, surv.t + 1)
    labels = _word_labels(tokens, steps)
    hover = (
        f"%{{y}}<br>{t('plot.surv.written', word='%{x}')}<br>{t('plot.surv.still', z='%{z:.3f}')}"
    )
    for row, layer in enumerate(surv.layers, start=1):
        if not layer.has_gates:
            continue
        units = [
            f"{t('plot.unit_n', unit=u)} · ½ {'∞' if not np.isfinite(h) else int(h)}"
            for u, h in enumerate(layer.half_life)
        ]
        fig.add_trace(
            go.Heatmap(
                z=layer.products.T,
                x=labels,
                y=units,
                zmin=0,
                zmax=1,
                coloraxis="coloraxis",
                hovertemplate=f"{hover}<extra>{t('plot.layer', layer=layer.layer_title)}</extra>",
            ),
            row=row,
            col=1,
        )
        fig.update_yaxes(autorange="reversed", row=row, col=1)
        across = (width_px or column_px()) - _SURV_LEFT - _SURV_RIGHT - _COLORBAR_PX
        fig.update_xaxes(row=row, col=1, **_token_axis(labels, across))
    fig.update_layout(
        coloraxis=dict(
            colorscale=SIGMOID_SCALE, cmin=0, cmax=1, colorbar=dict(title=t("plot.surv.kept"))
        ),
        height=80 + 200 * max(1, len(surv.layers)),
        title=_title(title),
        margin=dict(l=_SURV_LEFT, r=_SURV_RIGHT, t=60 if title else 40, b=90),
    )
    fig.update_annotations(font_size=12)
    return fig


def _rgba(color: str, alpha: float) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def gradient_distance_figure(
    curves: dict[str, GradientDistance] | list[GradientDistance], title: str | None = None
) -> go.Figure:
    """The vanishing gradient measured: for each model (``analysis.memory.GradientDistance``),
    the median ‖∂p_T/∂e_(T−k)‖ against the distance k in words, its quartiles as a band,
    on a log scale; distances no review reaches are left out.

    Args:
        curves: ``{label: GradientDistance}``, or a list of them (labelled by model name).
        title: the figure's title.

    Returns:
        One line and one band per model.
    """
    if not isinstance(curves, dict):
        curves = {c.model: c for c in curves}
    hover = "<br>".join(
        (
            t("plot.grad.distance", k="%{x}"),
            t("plot.grad.median", v="%{y:.2e}"),
            t("plot.grad.quartiles", lo="%{customdata[1]:.2e}", hi="%{customdata[2]:.2e}"),
            t("plot.reviews_n", n="%{customdata[0]}"),
        )
    )
    fig = go.Figure()
    for i, (label, curve) in enumerate(curves.items()):
        color = PALETTE[i % len(PALETTE)]
        seen = np.flatnonzero((curve.n > 0) & (curve.q25 > 0))
        k = seen.tolist()
        fig.add_trace(
            go.Scatter(
                x=k + k[::-1],
                y=np.concatenate([curve.q75[seen], curve.q25[seen][::-1]]),
                fill="toself",
                fillcolor=_rgba(color, 0.18),
                line=dict(width=0),
                hoverinfo="skip",
                showlegend=False,
                legendgroup=label,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=k,
                y=curve.median[seen],
                mode="lines",
                name=html.escape(label),
                line=dict(color=color, width=2),
                legendgroup=label,
                customdata=np.stack([curve.n[seen], curve.q25[seen], curve.q75[seen]], axis=1),
                hovertemplate=f"{html.escape(label)}<br>{hover}<extra></extra>",
            )
        )
    fig.update_xaxes(title_text=t("plot.grad.x"))
    fig.update_yaxes(type="log", exponentformat="power", title_text="‖∂p_T/∂e_(T−k)‖")
    fig.update_layout(
        height=420,
        title=_title(title),
        legend=dict(orientation="h", y=1.02, yanchor="bottom"),
        margin=dict(l=70, r=20, t=70 if title else 40, b=50),
    )
    return fig


# --------------------------------------------------------------------------- #
# Diagnostics (rnn_viz.analysis.metrics, state_space, probes)
# --------------------------------------------------------------------------- #
def _diagonal() -> go.Scatter:
    """The dotted y = x line of a ROC or calibration plot (chance, perfect calibration)."""
    return go.Scatter(
        x=[0, 1],
        y=[0, 1],
        mode="lines",
        showlegend=False,
        hoverinfo="skip",
        line=dict(color="#bbb", dash="dot"),
    )


def metrics_figure(metrics: dict[str, HeldoutMetrics]) -> go.Figure:
    """ROC, precision-recall, calibration and accuracy by length of one or more models
    on one figure (``analysis.metrics.HeldoutMetrics``), each model in its colour.

    Args:
        metrics: ``{label: HeldoutMetrics}``.

    Returns:
        A 2×2 figure; the legend names each model with its AUC, AP and Brier score.
    """
    fig = make_subplots(
        rows=2,
        cols=2,
        horizontal_spacing=0.09,
        vertical_spacing=0.16,
        subplot_titles=(
            t("plot.m.roc"),
            t("plot.m.pr"),
            t("plot.m.calibration"),
            t("plot.m.by_length"),
        ),
    )
    fig.add_trace(_diagonal(), 1, 1)
    fig.add_trace(_diagonal(), 2, 1)
    reviews = t("plot.reviews_n", n="%{customdata:,}")
    accuracy = f"{t('plot.accuracy')} %{{y:.3f}}"
    roc = f"{t('plot.m.fpr')} %{{x:.3f}}<br>{t('plot.m.tpr')} %{{y:.3f}}"
    pr = f"{t('plot.m.recall')} %{{x:.3f}}<br>{t('plot.m.precision')} %{{y:.3f}}"
    calibration = (
        f"{t('plot.m.mean_p')} %{{x:.3f}}<br>{t('plot.m.positive_share_hover')} %{{y:.3f}}"
        f"<br>{reviews}"
    )
    for i, (label, m) in enumerate(metrics.items()):
        color, name = PALETTE[i % len(PALETTE)], html.escape(label)
        common = dict(legendgroup=name, line=dict(color=color, width=2))
        curves = (
            (1, 1, m.roc_fpr, m.roc_tpr, None, f"AUC {m.roc_auc:.3f}", roc),
            (1, 2, m.pr_recall, m.pr_precision, None, f"AP {m.average_precision:.3f}", pr),
            (2, 1, m.cal_pred, m.cal_true, m.cal_count, f"Brier {m.brier:.4f}", calibration),
        )
        for row, col, xs, ys, counts, score, hover in curves:
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines" if counts is None else "lines+markers",
                    name=f"{name} · {score}",
                    customdata=counts,
                    hovertemplate=f"{hover}<extra>{name}</extra>",
                    **common,
                ),
                row,
                col,
            )
        buckets = [b for b in m.buckets if b.n and b.accuracy is not None]
        fig.add_trace(
            go.Bar(
                x=[b.label for b in buckets],
                y=[b.accuracy for b in buckets],
                customdata=[b.n for b in buckets],
                marker_color=color,
                showlegend=False,
                legendgroup=name,
                name=name,
                hovertemplate=f"{t('plot.words_n', n='%{x}')}<br>{accuracy}<br>{reviews}"
                f"<extra>{name}</extra>",
            ),
            2,
            2,
        )
    fig.update_xaxes(title_text=t("plot.m.fpr"), range=[0, 1], row=1, col=1)
    fig.update_yaxes(title_text=t("plot.m.tpr"), range=[0, 1.02], row=1, col=1)
    fig.update_xaxes(title_text=t("plot.m.recall"), range=[0, 1], row=1, col=2)
    fig.update_yaxes(title_text=t("plot.m.precision"), row=1, col=2)
    fig.update_xaxes(title_text=t("plot.m.mean_p_bin"), range=[0, 1], row=2, col=1)
    fig.update_yaxes(title_text=t("plot.m.positive_share"), range=[0, 1.02], row=2, col=1)
    fig.update_xaxes(title_text=t("plot.m.length"), row=2, col=2)
    low = min(
        (b.accuracy for m in metrics.values() for b in m.buckets if b.accuracy is not None),
        default=0.5,
    )
    fig.update_yaxes(title_text=t("plot.accuracy"), range=[max(0.0, low - 0.05), 1], row=2, col=2)
    fig.update_layout(
        height=720,
        barmode="group",
        legend=dict(orientation="h", y=-0.12),
        margin=dict(l=60, r=20, t=40, b=60),
    )
    return fig


def confusion_figure(metrics: dict[str, HeldoutMetrics]) -> go.Figure:
    """The confusion matrix of each model side by side (rows: true label, columns:
    predicted), counts and the fraction of all reviews.

    Args:
        metrics: ``{label: HeldoutMetrics}``.

    Returns:
        One heatmap per model, titled with its label: 2×2 for a binary model, K×K
        with the label names (``label_text``) for a model of ``K ≥ 3`` classes.
    """
    fig = make_subplots(rows=1, cols=len(metrics), subplot_titles=[html.escape(k) for k in metrics])
    K = max(len(m.confusion) for m in metrics.values())
    for i, m in enumerate(metrics.values(), start=1):
        z = np.asarray(m.confusion)
        names = (
            [html.escape(label_text(name)) for name in m.labels]
            if len(z) > 2 and len(m.labels) == len(z)
            else [str(k) for k in range(len(z))]
            if len(z) > 2
            else [t("plot.negative"), t("plot.positive")]
        )
        text = [[f"{v:,}<br>{v / max(m.n, 1):.1%}" for v in row] for row in z]
        fig.add_trace(
            go.Heatmap(
                z=z,
                x=[t("plot.conf.predicted", label=n) for n in names],
                y=[t("plot.conf.true", label=n) for n in names],
                text=text,
                texttemplate="%{text}",
                colorscale="Blues",
                showscale=False,
                hovertemplate="%{y}, %{x}: %{z:,}<extra></extra>",
            ),
            1,
            i,
        )
        fig.update_yaxes(autorange="reversed", row=1, col=i)
    fig.update_layout(
        height=300 if K <= 2 else 200 + 50 * K,
        margin=dict(l=100 if K <= 2 else 140, r=20, t=40, b=40 if K <= 2 else 100),
    )
    return fig


def state_space_figure(
    space: StateSpace,
    color_by: str = "label",
    path: np.ndarray | None = None,
    step: int | None = None,
    tokens: list[str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """The test reviews' final h_T in the first two principal components
    (``analysis.state_space.StateSpace``), and one review's path through them.

    Args:
        space: the fitted state space.
        color_by: ``"label"`` (the true label) or ``"prediction"`` (the model's verdict;
            falls back to the label without a probability head).
        path: ``(n_real, 2)`` a review's h_1..h_T (``space.trajectory``), or None.
        step: the index in ``path`` of the current word, marked.
        tokens: the words of the path, for hovering.
        title: the figure's title.

    Returns:
        The scatter of both classes, the path, its end and the current word on top.
    """
    ev = space.explained
    if color_by == "prediction" and space.prob is not None:
        classes, legend = (space.prob >= 0.5).astype(int), "plot.conf.predicted"
    else:
        classes, legend = space.labels, "plot.ss.label"
    review = t("plot.ss.review", row="%{customdata}")
    fig = go.Figure()
    for cls, name, color in ((0, "plot.negative", "#d62728"), (1, "plot.positive", "#1f77b4")):
        keep = classes == cls
        series = t(legend, label=t(name))
        fig.add_trace(
            go.Scattergl(
                x=space.points[keep, 0],
                y=space.points[keep, 1],
                mode="markers",
                name=series,
                marker=dict(color=color, size=5, opacity=0.45),
                customdata=space.rows[keep],
                hovertemplate=f"{review}<extra>{series}</extra>",
            )
        )
    if path is not None and len(path):
        labels = tokens if tokens is not None and len(tokens) == len(path) else [""] * len(path)
        fig.add_trace(
            go.Scatter(
                x=path[:, 0],
                y=path[:, 1],
                mode="lines+markers",
                name=t("plot.ss.path"),
                line=dict(color="#333", width=1.5),
                marker=dict(size=4, color="#333"),
                text=[html.escape(w) for w in labels],
                hovertemplate=f"{t('plot.word_n', word='%{pointNumber}')}: %{{text}}"
                "<extra></extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=[path[-1, 0]],
                y=[path[-1, 1]],
                mode="markers",
                name=t("plot.ss.final"),
                hoverinfo="skip",
                marker=dict(size=11, symbol="square-open", color="#333"),
            )
        )
        if step is not None and 0 <= step < len(path):
            fig.add_trace(
                go.Scatter(
                    x=[path[step, 0]],
                    y=[path[step, 1]],
                    mode="markers",
                    name=t("plot.ss.current"),
                    hoverinfo="skip",
                    marker=dict(
                        size=16, symbol="star", color="#ffb300", line=dict(color="#333", width=1)
                    ),
                )
            )
    second = ev[1] if len(ev) > 1 else 0.0
    fig.update_xaxes(title_text=t("plot.ss.pc1", share=ev[0]))
    fig.update_yaxes(title_text=f"PC 2 ({second:.1%})")
    fig.update_layout(
        height=460,
        title=dict(text=html.escape(title)) if title else None,
        legend=dict(orientation="h", y=-0.18),
        margin=dict(l=60, r=20, t=50 if title else 20, b=60),
    )
    return fig


def unit_auc_figure(units: SentimentUnits, title: str | None = None) -> go.Figure:
    """Each unit's ROC AUC at the last step (``analysis.probes.SentimentUnits``), one
    group of bars per layer and state, 0.5 (chance) marked.

    Args:
        units: the scored units.
        title: the figure's title.

    Returns:
        One bar series per layer and state (``UnitScore.key``), a bar per unit, labelled
        like ``"layer 1 · h[3]"`` in the current language.
    """
    fig = go.Figure()
    keys = sorted({u.key for u in units.units})
    for i, key in enumerate(keys):
        mine = sorted((u for u in units.units if u.key == key), key=lambda u: u.unit)
        group = f"{t('plot.layer', layer=mine[0].layer_title)} · {mine[0].state}"
        fig.add_trace(
            go.Bar(
                x=[f"{group}[{u.unit}]" for u in mine],
                y=[u.auc for u in mine],
                name=group,
                marker_color=PALETTE[i % len(PALETTE)],
                hovertemplate="%{x}<br>AUC %{y:.3f}<extra></extra>",
            )
        )
    fig.add_hline(y=0.5, line=dict(color="#888", dash="dot"))
    fig.update_yaxes(title_text=t("plot.auc.y"), range=[0, 1])
    fig.update_layout(
        height=340,
        showlegend=False,
        title=dict(text=html.escape(title)) if title else None,
        margin=dict(l=60, r=20, t=50 if title else 20, b=80),
    )
    return fig
