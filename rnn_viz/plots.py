"""Plotly figures of the app: the trace figure (readout + every gate's heatmap),
and training curves. The token step itself happens in the browser (``rnn_viz.stepview``
builds what it needs from ``trace_figure``).

Colour scales are fixed so that a colour means the same thing everywhere:
sigmoid gates 0..1 (Viridis), tanh quantities −1..1 (blue−white−red), and the
LSTM cell state on its own symmetric scale ±c_max (brown−white−green). Signed
quantities centred on 0 (token attributions, mean changes per word, what-if
differences) use a purple−white−green scale, symmetric around 0.

The corpus-analysis figures (gate saturation, gate histograms, words × units,
what-if difference) are built here too, from the ``rnn_viz.analysis`` results.
"""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .capture import GATE_NAMES, SIGMOID_GATES, UNBOUNDED_GATES, Trace
from .token_view import step_labels, visible_steps

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
    SimpleRNN's pre-activation a) over ``traces`` (1.0 if none)."""
    values = [
        np.abs(layer.gates[g]).max()
        for t in traces
        for layer in t.layers
        for g in layer.gate_names
        if g in UNBOUNDED_GATES
    ]  # c, and a SimpleRNN's a
    return float(max(values)) if values else 1.0


def _scale(gate: str) -> str:
    """Which colour axis a gate uses: sigmoid, tanh or cell state."""
    if gate in SIGMOID_GATES:
        return "coloraxis"
    return "coloraxis3" if gate in UNBOUNDED_GATES else "coloraxis2"


def _ticks(labels: list[str], max_ticks: int = 60) -> list[str]:
    step = max(1, int(np.ceil(len(labels) / max_ticks)))
    return labels[::step]


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

    ``c_max`` fixes the cell-state scale (pass the same value for two models to compare
    them); ``highlight`` is the step index to mark (default: the first shown step).
    ``attribution`` ``(T,)`` (integrated gradients per step, ``Attribution.scores``)
    adds a one-row colour strip under the readout, on a scale symmetric around 0.
    ``row_px`` is the height of one heatmap in pixels.
    """
    steps = visible_steps(trace, show_pad)
    labels = step_labels(trace, steps)
    panels = [(k, layer, gate) for k, layer in enumerate(trace.layers) for gate in layer.gate_names]
    extra = (
        []
        if attribution is None
        else [
            "token attribution (integrated gradients): green pushes towards positive, purple "
            "towards negative"
        ]
    )
    titles = (
        ["readout: p(positive) had the review ended here"]
        + extra
        + [
            f"layer {k + 1} ({layer.name}) · {GATE_NAMES[gate]}"
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
    n = len(panels) + 1 + len(extra)
    heights = [1.0] * n
    if extra:
        heights[1] = 0.35
    fig = make_subplots(
        rows=n,
        cols=1,
        shared_xaxes=True,
        subplot_titles=titles,
        vertical_spacing=min(0.35 / n, 0.06),
        row_heights=heights,
    )
    if trace.prob is not None:
        fig.add_trace(
            go.Scatter(
                x=labels,
                y=trace.prob[steps],
                mode="lines+markers" if len(steps) <= 120 else "lines",
                line=dict(color="#333", width=2),
                marker=dict(size=5),
                name="p(positive)",
                hovertemplate="%{x}<br>p(positive) = %{y:.3f}<extra></extra>",
                showlegend=False,
            ),
            row=1,
            col=1,
        )
    fig.add_hline(y=0.5, line=dict(color="#999", dash="dot", width=1), row=1, col=1)
    fig.update_yaxes(range=[-0.02, 1.02], title_text="p(pos)", row=1, col=1)
    if extra:
        scores = np.asarray(attribution, float)[steps]
        fig.add_trace(
            go.Heatmap(
                z=scores[None, :],
                x=labels,
                y=["IG"],
                coloraxis="coloraxis4",
                name="attribution",
                hovertemplate="%{x}<br>attribution = %{z:+.4f}<extra></extra>",
            ),
            row=2,
            col=1,
        )
        fig.update_yaxes(showticklabels=False, row=2, col=1)
    c_max = c_max if c_max is not None else cell_max(trace)
    for row, (k, layer, gate) in enumerate(panels, start=2 + len(extra)):
        z = layer.gates[gate][steps].T  # (units, shown steps)
        fig.add_trace(
            go.Heatmap(
                z=z,
                x=labels,
                y=np.arange(layer.units),
                coloraxis=_scale(gate),
                name=f"L{k + 1} {gate}",
                hovertemplate=(
                    f"%{{x}}<br>unit %{{y}}<br>{GATE_NAMES[gate]} = %{{z:.3f}}"
                    f"<extra>layer {k + 1}</extra>"
                ),
            ),
            row=row,
            col=1,
        )
        fig.update_yaxes(
            title_text="unit",
            row=row,
            col=1,
            tickmode="linear",
            dtick=max(1, layer.units // 4),
            autorange="reversed",
        )
    fig.update_xaxes(
        type="category",
        tickangle=-60,
        tickmode="array",
        tickvals=_ticks(labels),
        ticktext=[s.split(" · ", 1)[1] for s in _ticks(labels)],
    )
    fig.update_xaxes(title_text="token (step · word)", row=n, col=1)
    bar = dict(len=0.28, thickness=14, x=1.01)
    fig.update_layout(
        coloraxis=dict(
            colorscale=SIGMOID_SCALE, cmin=0, cmax=1, colorbar=dict(title="σ gate", y=0.85, **bar)
        ),
        coloraxis2=dict(
            colorscale=TANH_SCALE, cmin=-1, cmax=1, colorbar=dict(title="tanh", y=0.5, **bar)
        ),
        coloraxis3=dict(
            colorscale=CELL_SCALE,
            cmin=-c_max,
            cmax=c_max,
            colorbar=dict(title="cell c", y=0.15, **bar),
        ),
        height=90 + n * row_px,
        margin=dict(l=60, r=90, t=70 if title else 40, b=110),
        title=dict(text=title) if title else None,
        hovermode="closest",
        **(
            {}
            if not extra
            else dict(
                coloraxis4=_signed_axis(attribution, "attribution", dict(bar, y=0.98, len=0.12))
            )
        ),
        shapes=[
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
            )
        ],
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


def history_figure(
    histories: dict[str, list[dict]],
    metric: str = "loss",
    x: str = "epoch",
    title: str | None = None,
) -> go.Figure:
    """Training curves of one or more models: ``metric`` ("loss" or "acc") on train
    (solid) and validation (dashed) against the epoch or the seconds of training."""
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
        for key, dash, part in ((metric, TRAIN_DASH, "train"), (f"val_{metric}", VAL_DASH, "val")):
            ys = [r.get(key) for r in records]
            if all(v is None for v in ys):
                continue
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines+markers",
                    name=f"{name} {part}",
                    line=dict(color=colour, dash=dash),
                )
            )
    label = {"loss": "binary cross-entropy", "acc": "accuracy (fraction right)"}.get(metric, metric)
    fig.update_layout(
        title=title or f"{label} per {'epoch' if x == 'epoch' else 'second of training'}",
        xaxis_title="epoch" if x == "epoch" else "training time (s)",
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
    ``history_figure``), the best epoch marked by a vertical line on both."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    epochs = np.arange(1, len(records) + 1)
    for row, metric in enumerate(("loss", "acc"), start=1):
        for key, dash, part in ((metric, TRAIN_DASH, "train"), (f"val_{metric}", VAL_DASH, "val")):
            ys = [r.get(key) for r in records]
            if all(v is None for v in ys):
                continue
            fig.add_trace(
                go.Scatter(
                    x=epochs,
                    y=ys,
                    mode="lines",
                    name=f"{part} {metric}",
                    showlegend=row == 1,
                    legendgroup=part,
                    line=dict(color=PALETTE[0], dash=dash, width=2),
                    hovertemplate=f"epoch %{{x}}<br>{part} {metric} %{{y:.4f}}<extra></extra>",
                ),
                row=row,
                col=1,
            )
        if best_epoch:
            fig.add_vline(x=best_epoch, line=dict(color="#ff8f00", width=2), row=row, col=1)
    fig.update_yaxes(title_text="loss", row=1, col=1)
    fig.update_yaxes(title_text="accuracy", row=2, col=1)
    fig.update_xaxes(
        title_text="epoch" + (f" (best: {best_epoch})" if best_epoch else ""), row=2, col=1
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
    """A standalone HTML page of ``fig`` (Plotly.js from the CDN)."""
    return fig.to_html(include_plotlyjs="cdn", full_html=True)


# --------------------------------------------------------------------------- corpus analyses
def _signed_axis(values, title: str, colorbar: dict | None = None) -> dict:
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


def _gate_label(g) -> str:
    """How a ``GateSaturation`` is named on an axis (the paper's 1 − z when relabelled)."""
    return GATE_NAMES.get(g.gate, g.gate) if not g.label or g.label == g.gate else g.label


def _gate_order(sat) -> list[str]:
    order: list[str] = []
    for g in sat.gates:
        if g.gate not in order:
            order.append(g.gate)
    return order


def saturation_figure(sat, title: str | None = None) -> go.Figure:
    """Gate saturation (Karpathy et al. 2015, Fig. 4) of one model: one scatter per gate,
    one point per unit, x = right-saturated fraction (value > ``high``), y =
    left-saturated fraction (value < ``low``), one colour per layer.

    Every point lies on or under the diagonal x + y = 1; a point *on* it is a unit that
    is always saturated (never between the thresholds), a point at the origin never is.
    """
    gates = _gate_order(sat)
    titles = [_gate_label(next(g for g in sat.gates if g.gate == gate)) for gate in gates]
    fig = make_subplots(rows=1, cols=len(gates), subplot_titles=titles, horizontal_spacing=0.08)
    layers = sorted({g.layer for g in sat.gates})
    for col, gate in enumerate(gates, start=1):
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
        for g in sat.gates:
            if g.gate != gate:
                continue
            fig.add_trace(
                go.Scatter(
                    x=g.right,
                    y=g.left,
                    mode="markers",
                    name=f"layer {g.layer + 1}",
                    legendgroup=f"layer {g.layer + 1}",
                    showlegend=col == 1,
                    marker=dict(
                        color=PALETTE[layers.index(g.layer) % len(PALETTE)],
                        size=8,
                        opacity=0.8,
                        line=dict(color="white", width=0.5),
                    ),
                    customdata=np.arange(g.units),
                    hovertemplate=(
                        f"layer {g.layer + 1} · {_gate_label(g)}<br>unit %{{customdata}}"
                        f"<br>right-saturated (> {sat.high:g}) %{{x:.3f}}"
                        f"<br>left-saturated (< {sat.low:g}) %{{y:.3f}}<extra></extra>"
                    ),
                ),
                row=1,
                col=col,
            )
        fig.update_xaxes(
            range=[-0.03, 1.03], title_text=f"fraction > {sat.high:g} (right)", row=1, col=col
        )
        fig.update_yaxes(range=[-0.03, 1.03], row=1, col=col)
    fig.update_yaxes(title_text=f"fraction < {sat.low:g} (left)", row=1, col=1)
    fig.add_annotation(
        x=0.62,
        y=0.62,
        xref="x",
        yref="y",
        text="always<br>saturated",
        showarrow=False,
        font=dict(size=10, color="#888"),
        textangle=-45,
    )
    fig.update_layout(
        title=dict(text=title) if title else None,
        height=380,
        margin=dict(l=60, r=20, t=70 if title else 40, b=60),
        legend=dict(orientation="h", y=-0.22, title_text="colour: "),
    )
    fig.update_annotations(font_size=12)
    return fig


def gate_histogram_figure(sat, title: str | None = None) -> go.Figure:
    """Where each gate's values sit: per gate, the share of (step, unit) values in each
    bin of [0, 1] (log scale), one colour per layer, the thresholds as dotted lines."""
    gates = _gate_order(sat)
    titles = [_gate_label(next(g for g in sat.gates if g.gate == gate)) for gate in gates]
    fig = make_subplots(
        rows=1, cols=len(gates), subplot_titles=titles, shared_yaxes=True, horizontal_spacing=0.04
    )
    layers = sorted({g.layer for g in sat.gates})
    centres = (sat.bin_edges[:-1] + sat.bin_edges[1:]) / 2
    for col, gate in enumerate(gates, start=1):
        for g in sat.gates:
            if g.gate != gate:
                continue
            share = g.hist / max(int(g.hist.sum()), 1)
            fig.add_trace(
                go.Bar(
                    x=centres,
                    y=share,
                    width=1 / sat.bins * 0.9 / len(layers),
                    offset=-0.45 / sat.bins + layers.index(g.layer) * 0.9 / sat.bins / len(layers),
                    name=f"layer {g.layer + 1}",
                    legendgroup=f"layer {g.layer + 1}",
                    showlegend=col == 1,
                    marker_color=PALETTE[layers.index(g.layer) % len(PALETTE)],
                    hovertemplate=(
                        f"layer {g.layer + 1}<br>value %{{x:.2f}} ± {0.5 / sat.bins:.3f}"
                        "<br>share %{y:.4f}<extra></extra>"
                    ),
                ),
                row=1,
                col=col,
            )
        for v in (sat.low, sat.high):
            fig.add_vline(x=v, line=dict(color="#666", dash="dot", width=1), row=1, col=col)
        fig.update_xaxes(range=[0, 1], title_text="gate value", row=1, col=col)
    fig.update_yaxes(type="log", title_text="share of values", dtick=1, row=1, col=1)
    fig.update_layout(
        title=dict(text=title) if title else None,
        height=320,
        bargap=0,
        margin=dict(l=60, r=20, t=70 if title else 40, b=60),
        legend=dict(orientation="h", y=-0.3),
    )
    fig.update_annotations(font_size=12)
    return fig


def saturation_summary(sat) -> list[dict]:
    """One row per gate of each layer: the mean left/right fractions and how many units
    are saturated more than half of the time (the table under the scatter)."""
    return [
        {
            "layer": g.layer + 1,
            "gate": _gate_label(g),
            "units": g.units,
            "mean left fraction": float(g.left.mean()),
            "mean right fraction": float(g.right.mean()),
            "units saturated > 50%": int(((g.left + g.right) > 0.5).sum()),
        }
        for g in sat.gates
    ]


def mark_epoch(fig: go.Figure, epoch: int) -> go.Figure:
    """A vertical line at ``epoch`` on a ``history_figure`` (in place)."""
    fig.add_vline(x=epoch, line=dict(color="#ff8f00", width=2))
    return fig


def words_units_figure(
    words: list[str], deltas: np.ndarray, counts: list[int], title: str | None = None
) -> go.Figure:
    """Words × units heatmap of the mean change a word makes to each unit's state
    (``WordsPerUnit.table`` rows), on a scale symmetric around 0."""
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
                "word %{y}<br>unit %{x}<br>mean change %{z:+.4f}"
                "<br>read %{customdata} times<extra></extra>"
            ),
        )
    )
    fig.update_layout(
        coloraxis=_signed_axis(deltas, "mean<br>change"),
        title=dict(text=title) if title else None,
        height=max(260, 60 + 18 * len(words)),
        margin=dict(l=110, r=20, t=50 if title else 20, b=50),
        xaxis=dict(title="unit", tickmode="linear", dtick=max(1, len(units) // 16)),
        yaxis=dict(autorange="reversed", type="category"),
    )
    return fig


def difference_figure(whatif, show_pad: bool = False, title: str | None = None) -> go.Figure:
    """What-if: B − A step by step on one token axis, the readout difference on top,
    then one heatmap (units × steps) per gate and state of every layer, all on one
    colour scale symmetric around 0. Steps whose word differs are labelled ``a → b``."""
    a, b = whatif.a, whatif.b
    start = 0 if show_pad else max(whatif.start - 1, 0)
    steps = np.arange(start, a.T)
    changed = set(whatif.changed_steps.tolist())
    labels = [
        f"{t} · " + (f"{a.tokens[t]} → {b.tokens[t]}" if t in changed else b.tokens[t])
        for t in steps
    ]
    labels = [html.escape(s) for s in labels]
    panels = [(k, gate, d) for k, layer in enumerate(whatif.diff) for gate, d in layer.items()]
    titles = ["readout: p(positive) of B − A"] + [
        f"layer {k + 1} · {GATE_NAMES.get(gate, gate)} · B − A" for k, gate, _ in panels
    ]
    n = len(panels) + 1
    fig = make_subplots(
        rows=n,
        cols=1,
        shared_xaxes=True,
        subplot_titles=titles,
        vertical_spacing=min(0.35 / n, 0.06),
    )
    if whatif.prob_diff is not None:
        fig.add_trace(
            go.Bar(
                x=labels,
                y=whatif.prob_diff[steps],
                marker_color=[
                    PALETTE[2] if v >= 0 else PALETTE[3] for v in whatif.prob_diff[steps]
                ],
                hovertemplate="%{x}<br>Δ p(positive) = %{y:+.4f}<extra></extra>",
                showlegend=False,
            ),
            row=1,
            col=1,
        )
    fig.update_yaxes(title_text="Δ p", row=1, col=1)
    for row, (k, gate, d) in enumerate(panels, start=2):
        fig.add_trace(
            go.Heatmap(
                z=d[steps].T,
                x=labels,
                y=np.arange(d.shape[1]),
                coloraxis="coloraxis",
                hovertemplate=(
                    f"%{{x}}<br>unit %{{y}}<br>Δ {GATE_NAMES.get(gate, gate)} = "
                    f"%{{z:+.4f}}<extra>layer {k + 1}</extra>"
                ),
            ),
            row=row,
            col=1,
        )
        fig.update_yaxes(title_text="unit", autorange="reversed", row=row, col=1)
    diffs = np.concatenate([d[steps].ravel() for _, _, d in panels]) if panels else [0.0]
    fig.update_xaxes(
        type="category",
        tickangle=-60,
        tickmode="array",
        tickvals=_ticks(labels),
        ticktext=[s.split(" · ", 1)[1] for s in _ticks(labels)],
    )
    fig.update_layout(
        coloraxis=_signed_axis(diffs, "B − A", dict(len=0.5, thickness=14)),
        height=90 + n * _ROW_PX,
        title=dict(text=title) if title else None,
        margin=dict(l=60, r=90, t=70 if title else 40, b=110),
    )
    fig.update_annotations(font_size=12)
    return fig


# --------------------------------------------------------------------------- memory across time
MEMORY_SCALE = "Magma"


def _log10(values) -> np.ndarray:
    """log10 of non-negative values, NaN where a value is 0 (nothing to draw there)."""
    values = np.asarray(values, float)
    with np.errstate(divide="ignore"):
        return np.where(values > 0, np.log10(np.where(values > 0, values, 1.0)), np.nan)


def connectivity_range(*conns) -> tuple[float, float]:
    """One log10 colour range ``(lo, hi)`` for the connectivity of several models on the
    same review: the largest value over their real words, and 4 decades under it."""
    parts = [c.real()[np.tril_indices(len(c.real()))] for c in conns]
    values = np.concatenate(parts) if parts else np.zeros(0)
    values = values[values > 0]
    hi = float(np.log10(values.max())) if values.size else 0.0
    return hi - 4.0, hi


def _word_labels(tokens, steps) -> list[str]:
    return [f"{t} · {html.escape(tokens[t])}" for t in steps]


def connectivity_figure(
    conn,
    highlight: int | None = None,
    zrange: tuple[float, float] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Connectivity of one review (``analysis.memory.Connectivity``) over its real words:
    row = the step being read, column = an earlier word, colour = log10 ‖∂p_t/∂e_s‖
    (what the model's opinion at step t still hears from the word read at s).

    Args:
        conn: the connectivity.
        highlight: a step whose row is outlined (the current step), or None.
        zrange: the log10 colour range (``connectivity_range`` to share it between models).
        title: the figure's title.

    Returns:
        A heatmap, the diagonal's upper side blank (a word cannot move an earlier opinion).
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
            colorbar=dict(title="log10<br>‖∂p_t/∂e_s‖"),
            hoverongaps=False,
            hovertemplate=(
                "reading %{y}<br>word %{x}<br>‖∂p_t/∂e_s‖ = %{customdata:.3e}<extra></extra>"
            ),
        )
    )
    if highlight is not None and conn.first_real <= highlight < conn.T:
        row = labels[highlight - conn.first_real]
        fig.add_hline(y=row, line=dict(color="#00bcd4", width=2))
    side = min(900, max(360, 140 + 12 * len(steps)))
    fig.update_xaxes(
        type="category",
        title_text="earlier word s",
        tickangle=-60,
        tickmode="array",
        tickvals=_ticks(labels),
        ticktext=[s.split(" · ", 1)[1] for s in _ticks(labels)],
    )
    fig.update_yaxes(
        type="category",
        title_text="step being read t",
        autorange="reversed",
        tickmode="array",
        tickvals=_ticks(labels),
        ticktext=[s.split(" · ", 1)[1] for s in _ticks(labels)],
    )
    fig.update_layout(
        height=side,
        title=dict(text=title) if title else None,
        margin=dict(l=90, r=20, t=50 if title else 20, b=100),
    )
    return fig


def connectivity_strip(
    conn, t: int, zrange: tuple[float, float] | None = None, title: str | None = None
) -> go.Figure:
    """Row ``t`` of the connectivity drawn under the review's words: each real word read
    up to step ``t`` coloured by log10 ‖∂p_t/∂e_s‖ ("what the model still hears from each
    earlier word"); later words are left blank.

    Args:
        conn: the connectivity (``analysis.memory.Connectivity``).
        t: the step being read.
        zrange: the log10 colour range (default: that of ``conn``).
        title: the figure's title.

    Returns:
        A one-row heatmap with the words written on its cells.
    """
    steps = np.arange(conn.first_real, conn.T)
    row = np.where(steps <= t, conn.saliency[t, steps], 0.0).astype(float)
    lo, hi = zrange or connectivity_range(conn)
    words = [html.escape(conn.tokens[s]) for s in steps]
    fig = go.Figure(
        go.Heatmap(
            z=_log10(row)[None],
            x=_word_labels(conn.tokens, steps),
            y=[""],
            text=[words],
            texttemplate="%{text}",
            customdata=row[None],
            zmin=lo,
            zmax=hi,
            colorscale=MEMORY_SCALE,
            hoverongaps=False,
            showscale=False,
            hovertemplate=f"step {t}<br>word %{{x}}<br>‖∂p_t/∂e_s‖ = %{{customdata:.3e}}"
            "<extra></extra>",
        )
    )
    fig.update_xaxes(type="category", showticklabels=False)
    fig.update_layout(
        height=110 if not title else 140,
        title=dict(text=title) if title else None,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
    )
    return fig


def survival_figure(surv, tokens: list[str], title: str | None = None) -> go.Figure:
    """How much of what each earlier word wrote survives to the current step
    (``analysis.memory.Survival``): per layer with gates, a heatmap units × earlier words of
    ∏ f (LSTM cell state) or ∏ z (GRU h) on 0..1; each unit's half-life in its hover and
    axis label. Layers without gates (SimpleRNN) get their note as a title and no heatmap.
    """
    titles = [
        f"layer {layer.layer + 1} · ∏ {layer.gate} since each word ({layer.state} kept)"
        if layer.has_gates
        else f"layer {layer.layer + 1} · {layer.note}"
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
    for row, layer in enumerate(surv.layers, start=1):
        if not layer.has_gates:
            continue
        units = [
            f"unit {u} · ½ {'∞' if not np.isfinite(h) else int(h)}"
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
                hovertemplate=(
                    "%{y}<br>written at %{x}<br>still there: %{z:.3f}"
                    f"<extra>layer {layer.layer + 1}</extra>"
                ),
            ),
            row=row,
            col=1,
        )
        fig.update_yaxes(autorange="reversed", row=row, col=1)
        fig.update_xaxes(
            type="category",
            tickangle=-60,
            tickmode="array",
            tickvals=_ticks(labels),
            row=row,
            col=1,
            ticktext=[s.split(" · ", 1)[1] for s in _ticks(labels)],
        )
    fig.update_layout(
        coloraxis=dict(colorscale=SIGMOID_SCALE, cmin=0, cmax=1, colorbar=dict(title="kept")),
        height=80 + 200 * max(1, len(surv.layers)),
        title=dict(text=title) if title else None,
        margin=dict(l=110, r=20, t=60 if title else 40, b=90),
    )
    fig.update_annotations(font_size=12)
    return fig


def _rgba(color: str, alpha: float) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def gradient_distance_figure(curves, title: str | None = None) -> go.Figure:
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
                hovertemplate=(
                    f"{html.escape(label)}<br>distance %{{x}} words<br>median %{{y:.2e}}"
                    "<br>quartiles %{customdata[1]:.2e} – %{customdata[2]:.2e}"
                    "<br>%{customdata[0]} reviews<extra></extra>"
                ),
            )
        )
    fig.update_xaxes(title_text="distance k (words before the last)")
    fig.update_yaxes(type="log", exponentformat="power", title_text="‖∂p_T/∂e_(T−k)‖")
    fig.update_layout(
        height=420,
        title=dict(text=title) if title else None,
        legend=dict(orientation="h", y=1.02, yanchor="bottom"),
        margin=dict(l=70, r=20, t=70 if title else 40, b=50),
    )
    return fig


# --------------------------------------------------------------------------- #
# Diagnostics (rnn_viz.analysis.metrics, state_space, probes)
# --------------------------------------------------------------------------- #
def metrics_figure(metrics: dict) -> go.Figure:
    """ROC, precision-recall, calibration and accuracy by length of one or more models
    on one figure (``analysis.metrics.TestMetrics``), each model in its colour.

    Args:
        metrics: ``{label: TestMetrics}``.

    Returns:
        A 2×2 figure; the legend names each model with its AUC, AP and Brier score.
    """
    fig = make_subplots(
        rows=2,
        cols=2,
        horizontal_spacing=0.09,
        vertical_spacing=0.16,
        subplot_titles=(
            "ROC curve",
            "Precision-recall curve",
            "Calibration (reliability)",
            "Accuracy by review length",
        ),
    )
    fig.add_trace(
        go.Scatter(
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            showlegend=False,
            hoverinfo="skip",
            line=dict(color="#bbb", dash="dot"),
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Scatter(
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            showlegend=False,
            hoverinfo="skip",
            line=dict(color="#bbb", dash="dot"),
        ),
        2,
        1,
    )
    for i, (label, m) in enumerate(metrics.items()):
        color, name = PALETTE[i % len(PALETTE)], html.escape(label)
        common = dict(legendgroup=name, line=dict(color=color, width=2))
        fig.add_trace(
            go.Scatter(
                x=m.roc_fpr,
                y=m.roc_tpr,
                mode="lines",
                name=f"{name} · AUC {m.roc_auc:.3f}",
                hovertemplate="false positive rate %{x:.3f}<br>true positive rate %{y:.3f}"
                f"<extra>{name}</extra>",
                **common,
            ),
            1,
            1,
        )
        fig.add_trace(
            go.Scatter(
                x=m.pr_recall,
                y=m.pr_precision,
                mode="lines",
                name=f"{name} · AP {m.average_precision:.3f}",
                showlegend=True,
                hovertemplate=f"recall %{{x:.3f}}<br>precision %{{y:.3f}}<extra>{name}</extra>",
                **common,
            ),
            1,
            2,
        )
        fig.add_trace(
            go.Scatter(
                x=m.cal_pred,
                y=m.cal_true,
                mode="lines+markers",
                name=f"{name} · Brier {m.brier:.4f}",
                customdata=m.cal_count,
                hovertemplate="mean p(positive) %{x:.3f}<br>fraction positive %{y:.3f}"
                f"<br>%{{customdata:,}} reviews<extra>{name}</extra>",
                **common,
            ),
            2,
            1,
        )
        buckets = [b for b in m.buckets if b.n]
        fig.add_trace(
            go.Bar(
                x=[b.label for b in buckets],
                y=[b.accuracy for b in buckets],
                customdata=[b.n for b in buckets],
                marker_color=color,
                showlegend=False,
                legendgroup=name,
                name=name,
                hovertemplate="%{x} words<br>accuracy %{y:.3f}<br>%{customdata:,} reviews"
                f"<extra>{name}</extra>",
            ),
            2,
            2,
        )
    fig.update_xaxes(title_text="false positive rate", range=[0, 1], row=1, col=1)
    fig.update_yaxes(title_text="true positive rate", range=[0, 1.02], row=1, col=1)
    fig.update_xaxes(title_text="recall", range=[0, 1], row=1, col=2)
    fig.update_yaxes(title_text="precision", row=1, col=2)
    fig.update_xaxes(title_text="mean p(positive) in the bin", range=[0, 1], row=2, col=1)
    fig.update_yaxes(title_text="fraction of positive reviews", range=[0, 1.02], row=2, col=1)
    fig.update_xaxes(title_text="words in the review (raw text)", row=2, col=2)
    low = min((b.accuracy for m in metrics.values() for b in m.buckets if b.n), default=0.5)
    fig.update_yaxes(title_text="accuracy", range=[max(0.0, low - 0.05), 1], row=2, col=2)
    fig.update_layout(
        height=720,
        barmode="group",
        legend=dict(orientation="h", y=-0.12),
        margin=dict(l=60, r=20, t=40, b=60),
    )
    return fig


def confusion_figure(metrics: dict) -> go.Figure:
    """The confusion matrix of each model side by side (rows: true label, columns:
    predicted), counts and the fraction of all reviews.

    Args:
        metrics: ``{label: TestMetrics}``.
    """
    fig = make_subplots(rows=1, cols=len(metrics), subplot_titles=[html.escape(k) for k in metrics])
    names = ["negative", "positive"]
    for i, m in enumerate(metrics.values(), start=1):
        z = np.asarray(m.confusion)
        text = [[f"{v:,}<br>{v / max(m.n, 1):.1%}" for v in row] for row in z]
        fig.add_trace(
            go.Heatmap(
                z=z,
                x=[f"predicted {n}" for n in names],
                y=[f"true {n}" for n in names],
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
    fig.update_layout(height=300, margin=dict(l=100, r=20, t=40, b=40))
    return fig


def state_space_figure(
    space,
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
    """
    ev = space.explained
    classes = (
        space.labels
        if color_by != "prediction" or space.prob is None
        else (space.prob >= 0.5).astype(int)
    )
    what = "predicted" if color_by == "prediction" and space.prob is not None else "label"
    fig = go.Figure()
    for cls, name, color in ((0, "negative", "#d62728"), (1, "positive", "#1f77b4")):
        keep = classes == cls
        fig.add_trace(
            go.Scattergl(
                x=space.points[keep, 0],
                y=space.points[keep, 1],
                mode="markers",
                name=f"{what} {name}",
                marker=dict(color=color, size=5, opacity=0.45),
                customdata=space.rows[keep],
                hovertemplate="test review #%{customdata}<extra>" + f"{what} {name}</extra>",
            )
        )
    if path is not None and len(path):
        labels = tokens if tokens is not None and len(tokens) == len(path) else [""] * len(path)
        fig.add_trace(
            go.Scatter(
                x=path[:, 0],
                y=path[:, 1],
                mode="lines+markers",
                name="this review, word by word",
                line=dict(color="#333", width=1.5),
                marker=dict(size=4, color="#333"),
                text=[html.escape(t) for t in labels],
                hovertemplate="word %{pointNumber}: %{text}<extra></extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=[path[-1, 0]],
                y=[path[-1, 1]],
                mode="markers",
                name="its final h_T",
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
                    name="current word",
                    hoverinfo="skip",
                    marker=dict(
                        size=16, symbol="star", color="#ffb300", line=dict(color="#333", width=1)
                    ),
                )
            )
    second = ev[1] if len(ev) > 1 else 0.0
    fig.update_xaxes(title_text=f"PC 1 ({ev[0]:.1%} of the variance)")
    fig.update_yaxes(title_text=f"PC 2 ({second:.1%})")
    fig.update_layout(
        height=460,
        title=dict(text=html.escape(title)) if title else None,
        legend=dict(orientation="h", y=-0.18),
        margin=dict(l=60, r=20, t=50 if title else 20, b=60),
    )
    return fig


def unit_auc_figure(units, title: str | None = None) -> go.Figure:
    """Each unit's ROC AUC at the last step (``analysis.probes.SentimentUnits``), one
    group of bars per layer and state, 0.5 (chance) marked.

    Args:
        units: the scored units.
        title: the figure's title.
    """
    fig = go.Figure()
    keys = sorted({u.key for u in units.units})
    for i, key in enumerate(keys):
        mine = sorted((u for u in units.units if u.key == key), key=lambda u: u.unit)
        fig.add_trace(
            go.Bar(
                x=[f"{key} [{u.unit}]" for u in mine],
                y=[u.auc for u in mine],
                name=key,
                marker_color=PALETTE[i % len(PALETTE)],
                hovertemplate="%{x}<br>AUC %{y:.3f}<extra></extra>",
            )
        )
    fig.add_hline(y=0.5, line=dict(color="#888", dash="dot"))
    fig.update_yaxes(title_text="ROC AUC of the unit's final value", range=[0, 1])
    fig.update_layout(
        height=340,
        showlegend=False,
        title=dict(text=html.escape(title)) if title else None,
        margin=dict(l=60, r=20, t=50 if title else 20, b=80),
    )
    return fig
