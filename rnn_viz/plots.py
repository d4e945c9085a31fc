"""Plotly figures of the app: the trace figure (readout + every gate's heatmap),
training curves, and the per-step render whose cost the benchmark measures.

Colour scales are fixed so that a colour means the same thing everywhere:
sigmoid gates 0..1 (Viridis), tanh quantities −1..1 (blue−white−red), and the
LSTM cell state on its own symmetric scale ±c_max (brown−white−green).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import plotly.io
from plotly.subplots import make_subplots

from .capture import GATE_NAMES, SIGMOID_GATES, Trace
from .explore import step_labels, step_panel, token_html, visible_steps

SIGMOID_SCALE = "Viridis"
TANH_SCALE = "RdBu_r"
CELL_SCALE = "BrBG"
HIGHLIGHT = "rgba(255, 193, 7, 0.30)"
TRAIN_DASH, VAL_DASH = "solid", "dash"
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
_ROW_PX = 112


def cell_max(*traces: Trace) -> float:
    """The symmetric range ±c_max of the LSTM cell state over ``traces`` (1.0 if none)."""
    values = [np.abs(l.gates["c"]).max() for t in traces for l in t.layers if "c" in l.gates]
    return float(max(values)) if values else 1.0


def _scale(gate: str) -> str:
    """Which colour axis a gate uses: sigmoid, tanh or cell state."""
    if gate in SIGMOID_GATES:
        return "coloraxis"
    return "coloraxis3" if gate == "c" else "coloraxis2"


def _ticks(labels: list[str], max_ticks: int = 60) -> list[str]:
    step = max(1, int(np.ceil(len(labels) / max_ticks)))
    return labels[::step]


def trace_figure(trace: Trace, show_pad: bool = False, c_max: float | None = None,
                 title: str | None = None, highlight: int | None = None) -> go.Figure:
    """One figure, one shared token axis: p(positive) after each token on top, then a
    heatmap (units × tokens) of every gate and state of every layer.

    ``c_max`` fixes the cell-state scale (pass the same value for two models to compare
    them); ``highlight`` is the step index to mark (default: the first shown step).
    """
    steps = visible_steps(trace, show_pad)
    labels = step_labels(trace, steps)
    panels = [(k, layer, gate) for k, layer in enumerate(trace.layers) for gate in layer.gate_names]
    titles = ["readout: p(positive) had the review ended here"] + [
        f"layer {k + 1} ({layer.name}) · {GATE_NAMES[gate]}"
        + (" · σ 0..1" if gate in SIGMOID_GATES else " · ±c_max" if gate == "c" else " · tanh −1..1")
        for k, layer, gate in panels]
    n = len(panels) + 1
    fig = make_subplots(rows=n, cols=1, shared_xaxes=True, subplot_titles=titles,
                        vertical_spacing=min(0.35 / n, 0.06))
    if trace.prob is not None:
        fig.add_trace(go.Scatter(
            x=labels, y=trace.prob[steps], mode="lines+markers" if len(steps) <= 120 else "lines",
            line=dict(color="#333", width=2), marker=dict(size=5), name="p(positive)",
            hovertemplate="%{x}<br>p(positive) = %{y:.3f}<extra></extra>", showlegend=False),
            row=1, col=1)
    fig.add_hline(y=0.5, line=dict(color="#999", dash="dot", width=1), row=1, col=1)
    fig.update_yaxes(range=[-0.02, 1.02], title_text="p(pos)", row=1, col=1)
    c_max = c_max if c_max is not None else cell_max(trace)
    for row, (k, layer, gate) in enumerate(panels, start=2):
        z = layer.gates[gate][steps].T  # (units, shown steps)
        fig.add_trace(go.Heatmap(
            z=z, x=labels, y=np.arange(layer.units), coloraxis=_scale(gate),
            name=f"L{k + 1} {gate}",
            hovertemplate=(f"%{{x}}<br>unit %{{y}}<br>{GATE_NAMES[gate]} = %{{z:.3f}}"
                           f"<extra>layer {k + 1}</extra>")), row=row, col=1)
        fig.update_yaxes(title_text="unit", row=row, col=1, tickmode="linear", dtick=max(
            1, layer.units // 4), autorange="reversed")
    fig.update_xaxes(type="category", tickangle=-60, tickmode="array", tickvals=_ticks(labels),
                     ticktext=[s.split(" · ", 1)[1] for s in _ticks(labels)])
    fig.update_xaxes(title_text="token (step · word)", row=n, col=1)
    bar = dict(len=0.28, thickness=14, x=1.01)
    fig.update_layout(
        coloraxis=dict(colorscale=SIGMOID_SCALE, cmin=0, cmax=1,
                       colorbar=dict(title="σ gate", y=0.85, **bar)),
        coloraxis2=dict(colorscale=TANH_SCALE, cmin=-1, cmax=1,
                        colorbar=dict(title="tanh", y=0.5, **bar)),
        coloraxis3=dict(colorscale=CELL_SCALE, cmin=-c_max, cmax=c_max,
                        colorbar=dict(title="cell c", y=0.15, **bar)),
        height=90 + n * _ROW_PX, margin=dict(l=60, r=90, t=70 if title else 40, b=110),
        title=dict(text=title) if title else None, hovermode="closest",
        shapes=[dict(type="rect", xref="x", yref="paper", x0=-0.5, x1=0.5, y0=0, y1=1,
                     fillcolor=HIGHLIGHT, line=dict(color="#ff8f00", width=2), layer="above")],
    )
    fig.update_annotations(font_size=12)
    set_highlight(fig, trace, show_pad, steps[0] if highlight is None else highlight)
    return fig


def set_highlight(fig: go.Figure, trace: Trace, show_pad: bool, t: int) -> go.Figure:
    """Move the highlight of a ``trace_figure`` to step ``t`` (in place; only the shape moves)."""
    steps = visible_steps(trace, show_pad)
    pos = int(np.clip(np.searchsorted(steps, t), 0, len(steps) - 1))
    fig.layout.shapes[0].update(x0=pos - 0.5, x1=pos + 0.5)
    return fig


def history_figure(histories: dict[str, list[dict]], metric: str = "loss",
                   x: str = "epoch", title: str | None = None) -> go.Figure:
    """Training curves of one or more models: ``metric`` ("loss" or "acc") on train
    (solid) and validation (dashed) against the epoch or the seconds of training."""
    fig = go.Figure()
    for k, (name, records) in enumerate(histories.items()):
        if not records:
            continue
        xs = (np.arange(1, len(records) + 1) if x == "epoch"
              else np.cumsum([r.get("seconds", 0.0) for r in records]))
        colour = PALETTE[k % len(PALETTE)]
        for key, dash, part in ((metric, TRAIN_DASH, "train"), (f"val_{metric}", VAL_DASH, "val")):
            ys = [r.get(key) for r in records]
            if all(v is None for v in ys):
                continue
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines+markers", name=f"{name} {part}",
                                     line=dict(color=colour, dash=dash)))
    label = {"loss": "binary cross-entropy", "acc": "accuracy (fraction right)"}.get(metric, metric)
    fig.update_layout(
        title=title or f"{label} per {'epoch' if x == 'epoch' else 'second of training'}",
        xaxis_title="epoch" if x == "epoch" else "training time (s)", yaxis_title=label,
        height=360, margin=dict(l=60, r=20, t=50, b=50), legend=dict(orientation="h", y=-0.25))
    return fig


def figure_html(fig: go.Figure) -> str:
    """A standalone HTML page of ``fig`` (Plotly.js from the CDN)."""
    return fig.to_html(include_plotlyjs="cdn", full_html=True)


@dataclass
class StepRender:
    """What the page sends when the token moves: the figure's JSON, the text's HTML,
    and the step panel of every layer; ``seconds`` is the server time it took."""

    figure_json: str
    text_html: str
    panels: list
    seconds: float


def render_step(fig: go.Figure, trace: Trace, show_pad: bool, t: int) -> StepRender:
    """The per-step server work of the Gate explorer for step ``t``, with the figure and
    trace already cached: move the highlight, serialize the figure as ``st.plotly_chart``
    does, highlight the token in the text and compute each layer's step panel."""
    start = time.perf_counter()
    set_highlight(fig, trace, show_pad, t)
    spec = plotly.io.to_json(fig.to_dict(), validate=False)
    text = token_html(trace, visible_steps(trace, show_pad), t)
    panels = [step_panel(trace, k, t) for k in range(len(trace.layers))]
    return StepRender(spec, text, panels, time.perf_counter() - start)
