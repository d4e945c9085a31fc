"""What the in-browser stepper needs of a review, as JSON-able data (no Streamlit).

The Gate explorer and Compare send a review's figure and every step's numbers to the
browser once; the stepper component (``rnn_viz.app.components``) then moves the
highlight, the focused window and the step panel without asking the server.

Numbers travel as Plotly's typed-array encoding (``{"dtype": "f4", "bdata": base64,
"shape": "a, b"}``, the encoding ``plotly.io`` already uses for the figure's NumPy
arrays): the float32 values the trace holds, bit for bit, in about 5.3 bytes each
(a JSON decimal rounded to 4 places takes 7-9 and is no longer the model's number).
So the browser shows the step panel's numbers exactly as ``steps.step_panel`` holds
them, formatted like Python formats them.

Every word the stepper shows (its buttons, hint, table headers, captions, the diagram's
labels) travels in the data in the current language (``rnn_viz.i18n``); the JavaScript
has no text of its own.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass

import numpy as np

from rnn_viz.core import files
from rnn_viz.core.capture import Trace
from rnn_viz.core.cell_kinds import cell_kind, gate_label, panel_label
from rnn_viz.i18n import current_language, label_text, t
from rnn_viz.viz import diagram, plots
from rnn_viz.viz.steps import step_panel
from rnn_viz.viz.token_view import shown_tokens, step_labels, step_places, visible_steps

#: Height of one heatmap row of the in-browser figure (the page's figure is taller).
ROW_PX = 78


def encode(values: np.ndarray) -> dict:
    """Plotly's typed-array encoding of a float32 array.

    Args:
        values: any shape; cast to float32 (the trace's own dtype, so no value changes).

    Returns:
        ``{"dtype": "f4", "bdata": base64 of the little-endian bytes, "shape": "a, b"}``.
    """
    a = np.ascontiguousarray(values, dtype="<f4")
    return {
        "dtype": "f4",
        "bdata": base64.b64encode(a.tobytes()).decode("ascii"),
        "shape": ", ".join(str(n) for n in a.shape),
    }


def decode(encoded: dict) -> np.ndarray:
    """The array ``encode`` wrote.

    Args:
        encoded: ``{"dtype": "f4", "bdata", "shape"}`` as ``encode`` returns it.

    Returns:
        The float32 array, in its shape.
    """
    shape = tuple(int(n) for n in str(encoded["shape"]).split(",") if n.strip())
    return np.frombuffer(base64.b64decode(encoded["bdata"]), "<f4").reshape(shape)


@dataclass
class StepTable:
    """Every shown step's panel numbers of one layer.

    Attributes:
        layer: the layer's name.
        cell: a cell kind's key ("lstm", "gru", "rnn").
        names: the ``StepPanel.columns`` names, in display order.
        values: ``(len(names), shown steps, units)`` float32, ``values[j, p, u]`` =
            ``step_panel(trace, layer, steps[p]).columns[names[j]][u]``.
        title: the layer's title for people (``Trace.layer_title``: ``"1"``,
            ``"1 · forward"``), worded when the table was made.
        direction: None (one-way), ``"fwd"`` or ``"bwd"`` (``LayerTrace.direction``).
    """

    layer: str
    cell: str
    names: list[str]
    values: np.ndarray
    title: str = ""
    direction: str | None = None

    def to_json(self) -> dict:
        """The table as the browser reads it, its words in the current language.

        Returns:
            ``{"layer", "title", "direction", "cell", "units", "names", "headers"`` (per
            column, translated),
            ``"values"`` (encoded), ``"equations"`` (``CellKind.equations`` parts),
            ``"caption"`` (what kept and written are)``}``.
        """
        return {
            "layer": self.layer,
            "title": self.title,
            "direction": self.direction,
            "cell": self.cell,
            "units": int(self.values.shape[2]),
            "names": self.names,
            "headers": [panel_label(n) for n in self.names],
            "values": encode(self.values),
            "equations": cell_kind(self.cell).equations,
            "caption": t(f"step.caption.{self.cell}"),
        }


def step_tables(trace: Trace, steps: np.ndarray) -> list[StepTable]:
    """The step panel of every layer at every step of ``steps``, from ``steps.step_panel``
    itself (so the browser's numbers are the panel's numbers by construction).

    Args:
        trace: the review's trace.
        steps: the shown steps, ``(shown,)`` indices into ``T``.

    Returns:
        One table per recurrent layer.
    """
    tables = []
    for k, layer in enumerate(trace.layers):
        panels = [step_panel(trace, k, int(t)) for t in steps]
        names = list(panels[0].columns)
        values = np.stack(
            [np.stack([np.asarray(p.columns[n], np.float32) for p in panels]) for n in names]
        )
        tables.append(
            StepTable(layer.name, layer.cell, names, values, trace.layer_title(k), layer.direction)
        )
    return tables


def _heatmap_targets(fig_data: list[dict], trace: Trace) -> list[dict | None]:
    """For each trace of a ``trace_figure``, the ``{layer, gate}`` its cells show (None
    for the readout line and the attribution strip)."""
    panels = iter((k, g) for k, layer in enumerate(trace.layers) for g in layer.gate_names)
    out: list[dict | None] = []
    for d in fig_data:
        if d.get("type") == "heatmap" and d.get("name") != "attribution":
            k, g = next(panels)
            out.append({"layer": k, "gate": g, "name": gate_label(g)})
        else:
            out.append(None)
    return out


def column_of(steps: np.ndarray, t: int) -> int:
    """The shown column of step ``t`` (the nearest one when ``t`` is not shown).

    Args:
        steps: the shown steps, ascending.
        t: a step (index into ``T``).

    Returns:
        An index into ``steps``.
    """
    return int(np.clip(np.searchsorted(steps, int(t)), 0, len(steps) - 1))


def _with_diagram(
    trace: Trace, k: int, steps: np.ndarray, table: StepTable, c_max: float, parameters: str
) -> dict:
    """A step table's JSON with the cell diagram the browser redraws at every step
    (``diagram.browser_diagram``; None for a kind with no drawing)."""
    spec = diagram.browser_diagram(trace, k, steps, table.names, c_max, parameters)
    if spec is not None:
        spec["extra"] = encode(spec["extra"])
    return {**table.to_json(), "diagram": spec}


def review_payload(
    trace: Trace,
    show_pad: bool = False,
    *,
    c_max: float | None = None,
    title: str | None = None,
    attribution: np.ndarray | None = None,
    panels: bool = True,
    name: str = "",
    parameters: list[str] | None = None,
) -> dict:
    """Everything the stepper shows of one review, JSON-able.

    Args:
        trace: the review's trace, ``T`` steps.
        show_pad: show every step, padding included, instead of "state in" + the words.
        c_max: the cell state's colour range ±c_max (shared between models on Compare).
        title: the figure's title.
        attribution: ``(T,)`` token attributions, drawn as a strip under the readout.
        panels: include every step's panel numbers (the Gate explorer's step panel).
        name: the model's name, shown by the stepper.
        parameters: per recurrent layer, its parameter count as a sentence
            (``parameters.LayerParameters.caption``), for the cell diagram's caption.

    Returns:
        A dict: ``key`` (a digest of everything else), ``steps`` (step index of each
        shown column), ``places`` (each column as the reader counts it,
        ``token_view.step_places``: "word 5 of 18"), ``words``, ``pad``/``oov`` (0/1
        per column), ``labels`` (the figure's category labels), ``prob`` (encoded, per
        column, or None),
        ``figure`` (the Plotly figure with its traces' ``x`` left out: the browser sets
        ``labels``), ``targets`` (per figure trace: the layer and gate of a heatmap),
        ``tables`` (per layer: ``StepTable.to_json()`` and its ``diagram``, when
        ``panels``), ``first``
        (the column of the first real word), ``prediction`` and ``name``.
    """
    steps = visible_steps(trace, show_pad)
    first = column_of(steps, trace.first_real)
    fig = plots.trace_figure(
        trace,
        show_pad,
        c_max=c_max,
        title=title,
        highlight=int(steps[first]),
        attribution=attribution,
        row_px=ROW_PX,
    )
    spec = json.loads(fig.to_json())
    for d in spec["data"]:
        d.pop("x", None)
    spec["layout"].pop("template", None)  # the browser's Plotly defaults stand in for it
    payload = {
        "name": name,
        "steps": [int(t) for t in steps],
        "places": step_places(trace, steps),
        "words": shown_tokens(trace, steps),
        "pad": [int(p) for p in trace.is_pad[steps]],
        "oov": [int(o) for o in trace.is_oov[steps]],
        "labels": step_labels(trace, steps),
        "prob": None if trace.prob is None else encode(_line(trace)[steps]),
        "prediction": trace.prediction,
        **_classes(trace, steps),
        "figure": spec,
        "targets": _heatmap_targets(spec["data"], trace),
        "tables": [
            _with_diagram(
                trace,
                k,
                steps,
                t,
                plots.cell_max(trace) if c_max is None else c_max,
                (parameters or [""] * len(trace.layers))[k],
            )
            for k, t in enumerate(step_tables(trace, steps))
        ]
        if panels
        else [],
        "first": first,
    }
    payload["key"] = hashlib.sha1(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]
    return payload


def _line(trace: Trace) -> np.ndarray:
    """The one readout line the overview draws: p(positive) for a binary model, the
    predicted class' probability for more classes."""
    assert trace.class_probs is not None and trace.predicted_class is not None
    if trace.n_classes == 2:
        return np.asarray(trace.prob)
    return trace.class_probs[:, trace.predicted_class]


def _classes(trace: Trace, steps: np.ndarray) -> dict:
    """For a model of more than two classes: ``class_probs`` (encoded ``(shown,)`` per
    class), ``classes`` (their names as the reader sees them) and ``predicted`` (the
    predicted class' index); nothing for a binary model (its payload as before)."""
    if trace.class_probs is None or trace.n_classes <= 2:
        return {}
    names = trace.classes or tuple(str(k) for k in range(trace.n_classes))
    return {
        "class_probs": [encode(trace.class_probs[steps, k]) for k in range(trace.n_classes)],
        "classes": [label_text(name) for name in names],
        "predicted": trace.predicted_class,
    }


def aligned_columns(payloads: list[dict]) -> list[list[int]]:
    """One shared token position per column of the longest review, aligned on the
    review's last word (models with a shorter sequence length read only its last words).

    Args:
        payloads: ``review_payload`` results of the same text read by several models.

    Returns:
        For each shared position, each payload's column index there, or -1 where that
        model did not read this far back.
    """
    lengths = [len(p["steps"]) for p in payloads]
    longest = max(lengths)
    return [
        [pos - (longest - n) if pos >= longest - n else -1 for n in lengths]
        for pos in range(longest)
    ]


def stepper_labels() -> dict[str, str]:
    """Every word the stepper writes, in the current language; ``{name}`` fields are
    filled in by the browser.

    Returns:
        ``{label: text}`` for the buttons, pace, slider, hint, overview strip, layer
        tabs, unit picker, panel title and table.
    """
    return {
        "prev": t("step.prev"),
        "next": t("step.next"),
        "play": t("step.play"),
        "pause": t("step.pause"),
        "pace": t("step.pace"),
        "per_second": t("step.per_second", n="{n}"),
        "slider": t("step.slider"),
        "hint": t("step.hint"),
        "overview": t("step.overview"),
        "layer_tab": t("step.layer_tab", k="{k}", name="{name}"),
        "unit_for": t("step.unit_for"),
        "unit": t("step.unit"),
        "one_row": t("step.one_row"),
        "panel_title": t("step.panel_title", place="{place}", word="{word}"),
        "info": "{place} · {word}",  # e.g. "word 5 of 18 · not": the place is worded
        "failed": t("step.failed", why="{why}"),
    }


def stepper_data(
    payloads: list[dict],
    *,
    start_step: int | None = None,
    nonce: int = 0,
    pickable: bool = False,
    report: bool = True,
) -> dict:
    """The stepper component's ``data``: one or more reviews on one token control.

    Args:
        payloads: ``review_payload`` results (one on the Gate explorer, two on Compare).
        start_step: the step (index into the first review's ``T``) shown first; default
            its first real word.
        nonce: change it (with ``start_step``) to send the reader to ``start_step`` again,
            e.g. for a link that opens the review at a step; keep it, and the browser
            keeps the reader's own step across reruns.
        pickable: clicking a heatmap cell reports its unit (for a unit search).
        report: the browser tells the server where the reader paused (a rerun of the
            stepper's fragment); False where the server has no use for it (Compare):
            stepping then costs no server run and no websocket bytes at all.

    Returns:
        ``{"views", "columns", "start", "pickable", "report", "nonce", "labels",
        "key"}``:
        ``start`` is the shared position shown first; ``labels`` is ``stepper_labels()``;
        ``key`` changes exactly when what is drawn changes (the language included).
    """
    columns = aligned_columns(payloads)
    first = payloads[0]
    col = (
        first["first"] if start_step is None else column_of(np.asarray(first["steps"]), start_step)
    )
    start = next(i for i, c in enumerate(columns) if c[0] == col)
    return {
        "views": payloads,
        "columns": columns,
        "start": int(start),
        "pickable": bool(pickable),
        "report": bool(report),
        "nonce": int(nonce),
        "labels": stepper_labels(),
        "key": "|".join(p["key"] for p in payloads) + f"|{int(pickable)}|{current_language()}",
    }


def step_csv(trace: Trace, t: int) -> str:
    """The step panel of every layer at step ``t`` as CSV: one row per layer and unit,
    one column per panel column (``files.csv_text``: 7 significant digits); ``step`` is
    the index into ``T`` (as in the trace's CSV); ``layer`` is counted from 1, ``1/fwd``
    and ``1/bwd`` for the directions of a Bidirectional layer; the last column, ``word``,
    is the word as the reader counts it (1 for the first word read; empty on a padding
    step: the number the page shows).

    Args:
        trace: the review's trace.
        t: the step (index into ``T``).

    Returns:
        The CSV text; its header names are the columns' keys (data, never translated).
    """
    tables = [step_panel(trace, k, t) for k in range(len(trace.layers))]
    names: list[str] = []
    for panel in tables:
        names += [n for n in panel.columns if n not in names]
    word = None if trace.is_pad[t] else int((~trace.is_pad[: t + 1]).sum())
    rows = [
        [t, trace.tokens[t], prefix.removeprefix("layer"), panel.layer, u]
        + [float(panel.columns[n][u]) if n in panel.columns else None for n in names]
        + [word]
        for prefix, panel in zip(trace.array_prefixes, tables, strict=True)
        for u in range(panel.units)
    ]
    return files.csv_text(["step", "token", "layer", "layer_name", "unit"] + names + ["word"], rows)


def payload_bytes(data: dict) -> int:
    """Size of ``data`` as JSON (what the review costs once over the websocket).

    Args:
        data: a ``review_payload`` or ``stepper_data`` result.

    Returns:
        Bytes of its UTF-8 JSON.
    """
    return len(json.dumps(data).encode())
