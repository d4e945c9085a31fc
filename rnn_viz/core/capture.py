"""Capture what a trained LSTM/GRU/SimpleRNN model computes at every step of a review.

``Tracer(model)`` builds an *instrumented twin* of a trained model made of stock
recurrent layers of the kinds in ``cell_kinds.CELL_KINDS``: every recurrent layer is
replaced by an ``RNN`` around its kind's tracing cell (``cells.py``) holding the same
weights; every other layer (embedding, dropout, the head) is the model's own
layer object. The twin returns, per recurrent layer, every gate and state at
every step, and the *readout*: the model's head applied to the last recurrent
layer's ``h_t`` at every step, i.e. the model's opinion had the review ended
there. Its last value is the model's prediction. The readout exists only when
the model's output is p(positive) (``readout.probability_head``).

Padding steps are computed exactly as the model computes them (they shape the
state met by the first real word) and are flagged, not dropped. Steps the model
masks (e.g. ``Embedding(mask_zero=True)``) are written as the stock layer writes
them (zeros with ``zero_output_for_mask=True``, else its last output) and flagged
in ``LayerTrace.masked``.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import keras
import numpy as np

from rnn_viz.core import files
from rnn_viz.core.cell_kinds import (
    RECURRENT_LAYERS,
    TITLES_AND,
    TITLES_OR,
    CellKind,
    cell_kind,
    kind_of_cell,
    kind_of_layer,
)
from rnn_viz.core.cells import split_output
from rnn_viz.core.errors import NoReadableWordError, RnnVizError
from rnn_viz.core.readout import (
    class_probabilities,
    default_label_names,
    head_class_probabilities,
    probability_head,
    readout_probability,
)
from rnn_viz.core.text import Encoded
from rnn_viz.core.vectorization import split_text_model, text_vectorization
from rnn_viz.i18n import CATALOGUES, current_language, label_text, t

#: How far the trace may be from the stock model: max |captured h − stock layer h| and
#: |last readout − model.predict|, measured over all 25,000 test reviews for every shipped
#: model (``benchmarks/parity_bound.py``: at most 1.2e-5), rounded up. Both run in float32;
#: the trace is one XLA-compiled graph and the stock layer is not, so rounding happens in
#: another order. Random small models stay within 1e-6.
PARITY_BOUND = 2e-5

#: Set to ``0`` to make ``Tracer`` skip XLA unless told otherwise. XLA traces one review
#: ~10x and a batch of 250 ~1.6x faster, but compiles ~0.4 s for each new batch shape:
#: worth it for the app, not for the tests' many tiny models (their ``conftest`` sets it).
XLA_ENV = "RNN_VIZ_XLA"


@dataclass(frozen=True)
class Note:
    """A sentence about a trace (or a model: an upload's borrowed vocabulary), kept as a
    catalogue key and its values and worded in the current language only when shown
    (``str(note)``), so a cached trace serves either language.

    Attributes:
        key: a key of ``rnn_viz.i18n``'s catalogues (``analysis.note.*``, ``pkg.*``).
        params: the values its placeholders take (numbers, names: never translated).
        fallback: the text shown when the catalogue has no such key.
    """

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    fallback: str = ""

    def __str__(self) -> str:
        if self.fallback and self.key not in CATALOGUES[current_language()]:
            return self.fallback
        return t(self.key, **self.params)


MASK_NOTE = Note("analysis.note.masked")
#: What the readout of a model with a Bidirectional layer means.
BIDIRECTIONAL_NOTE = Note("analysis.note.bidirectional")


class TraceError(RnnVizError, ValueError):
    """A text or model that cannot be traced; the message says why."""


@dataclass
class LayerTrace:
    """One recurrent layer's trace: ``gates[name]`` is ``(T, units)`` float32."""

    name: str
    cell: str  # a key of cell_kinds.CELL_KINDS: "lstm", "gru", "rnn"
    units: int
    gates: dict[str, np.ndarray]
    masked: np.ndarray | None = None  # (T,) bool: steps this layer skips (masked)
    #: None for a one-way layer; ``"fwd"``/``"bwd"`` for a direction of a Bidirectional
    #: layer (``name`` is the Bidirectional's). A ``"bwd"`` trace is in reading order: step t
    #: is the backward cell after it has read words T-1 … t.
    direction: str | None = None

    @property
    def kind(self) -> CellKind:
        """The layer's cell kind."""
        return cell_kind(self.cell)

    @property
    def gate_names(self) -> tuple[str, ...]:
        """The gates and states traced, in display order."""
        return self.kind.gates


class PaddedSteps:
    """The step arithmetic of a review read with padding in front (or, from a model's own
    ``TextVectorization``, at the end); a dataclass that inherits it has ``ids`` ``(T,)``
    and ``is_pad`` ``(T,)`` bool."""

    ids: np.ndarray
    is_pad: np.ndarray

    @property
    def T(self) -> int:
        """How many steps the model read, padding included."""
        return len(self.ids)

    @property
    def first_real(self) -> int:
        """Index of the first real (non-padding) step (``T`` when there is none)."""
        real = np.flatnonzero(~self.is_pad)
        return int(real[0]) if len(real) else self.T

    @property
    def last_real(self) -> int:
        """Index of the last real step, the review's last word (``T - 1`` with padding in
        front; before the trailing padding otherwise; ``-1`` when there is none)."""
        real = np.flatnonzero(~self.is_pad)
        return int(real[-1]) if len(real) else -1


def token_arrays(tokens: list[str]) -> dict[str, np.ndarray]:
    """``tokens`` as a saved ``.npz`` holds them (``npz_tokens`` reads them back exactly).

    Args:
        tokens: ``T`` strings.

    Returns:
        ``{"tokens": (T,) fixed-width str, "token_lengths": (T,) int32}``: the fixed-width
        array drops trailing NULs, the lengths keep them.
    """
    return {
        "tokens": np.array(tokens, dtype=str),
        "token_lengths": np.array([len(tok) for tok in tokens], dtype=np.int32),
    }


@dataclass
class Trace(PaddedSteps):
    """Everything one review made a model compute, step by step.

    ``tokens``/``ids``/``is_pad``/``is_oov``/``prob`` are aligned on the ``T``
    steps the model read (``T`` = the model's sequence length, padding in front).
    ``prob[t]`` is the readout had the review ended at step ``t``: ``(T,)`` p(label 1)
    (p(positive)) for a binary model, ``(T, K)`` p(class) for a model of ``K ≥ 3``
    classes; ``prob[-1]`` is the model's prediction. ``classes`` names the labels
    (index = label id; empty without a readout).
    """

    text: str
    tokens: list[str]
    ids: np.ndarray
    is_pad: np.ndarray
    is_oov: np.ndarray
    prob: np.ndarray | None
    layers: list[LayerTrace]
    n_cut: int = 0
    notes: list[Note] = field(default_factory=list)
    classes: tuple[str, ...] = ()

    @property
    def n_classes(self) -> int:
        """How many classes the readout is of (2 for a binary model; 0 without one)."""
        if self.prob is None:
            return 0
        return int(self.prob.shape[-1]) if self.prob.ndim == 2 else 2

    @property
    def class_probs(self) -> np.ndarray | None:
        """``(T, K)`` p(class) after every step, for binary models too (``[1 − p, p]``);
        None without a readout."""
        return None if self.prob is None else class_probabilities(self.prob, self.n_classes)

    @property
    def predicted_class(self) -> int | None:
        """The label id the model predicts (the most probable class after the last
        step; for a binary model label 1 when p(label 1) ≥ 0.5); None without a readout."""
        if self.prob is None:
            return None
        if self.prob.ndim == 1:
            return int(self.prob[-1] >= 0.5)
        return int(np.argmax(self.prob[-1]))

    @property
    def is_masked(self) -> np.ndarray:
        """``(T,)`` bool: steps that some recurrent layer skips because the model masks
        them (e.g. padding with ``mask_zero=True``); all False for unmasked models."""
        masked = np.zeros(self.T, bool)
        for layer in self.layers:
            if layer.masked is not None:
                masked |= layer.masked
        return masked

    @property
    def layer_numbers(self) -> list[int]:
        """The recurrent layer (counted from 1) each of ``layers`` belongs to: both
        directions of a Bidirectional layer share one number."""
        return layer_numbers([layer.direction for layer in self.layers])

    @property
    def array_prefixes(self) -> list[str]:
        """Each of ``layers``' name in ``arrays()``: ``layer{k}`` or ``layer{k}/fwd``,
        ``layer{k}/bwd``."""
        return [
            array_prefix(k, layer.direction)
            for k, layer in zip(self.layer_numbers, self.layers, strict=True)
        ]

    @property
    def recurrent(self) -> list[list[LayerTrace]]:
        """Each recurrent layer's traces: ``[one-way]`` or ``[forward, backward]``."""
        out: list[list[LayerTrace]] = []
        for k, layer in zip(self.layer_numbers, self.layers, strict=True):
            if k > len(out):
                out.append([])
            out[-1].append(layer)
        return out

    def layer_title(self, index: int) -> str:
        """How ``layers[index]`` is named for people, in the current language.

        Args:
            index: an index into ``layers``.

        Returns:
            ``"1"`` for a one-way layer, ``"1 · forward"``/``"1 · backward"`` for a
            direction of a Bidirectional one (catalogue ``direction.*``).
        """
        return layer_title(self.layer_numbers[index], self.layers[index].direction)

    @property
    def prediction(self) -> float | None:
        """The model's p(label 1) (p(positive)) after the last step for a binary model,
        the predicted class' probability for a model of more classes; None without a
        readout."""
        if self.prob is None:
            return None
        if self.prob.ndim == 1:
            return float(self.prob[-1])
        return float(np.max(self.prob[-1]))

    def arrays(self) -> dict[str, np.ndarray]:
        """Flat arrays: ``tokens token_lengths ids is_pad is_oov is_masked prob classes``
        and ``layer{k}/{gate}`` (k from 1; ``layer{k}/fwd/{gate}`` and ``layer{k}/bwd/{gate}``
        for a Bidirectional layer, bwd in reading order).

        ``tokens`` is a fixed-width string array, which drops a token's trailing NUL
        characters; ``token_lengths`` ``(T,)`` keeps each token's length, so
        ``npz_tokens`` gives the tokens back exactly.

        Returns:
            ``{name: array}``; per-step arrays are ``(T,)``, gates ``(T, units)``; ``prob``
            ``(T,)`` p(label 1) or ``(T, K)``; ``classes`` ``(K,)`` the label names (with
            ``prob``).
        """
        out = {
            **token_arrays(self.tokens),
            "ids": self.ids,
            "is_pad": self.is_pad,
            "is_oov": self.is_oov,
            "is_masked": self.is_masked,
        }
        if self.prob is not None:
            out["prob"] = self.prob
            if self.classes:
                out["classes"] = np.array(self.classes, dtype=str)
        for prefix, layer in zip(self.array_prefixes, self.layers, strict=True):
            for gate in layer.gate_names:
                out[f"{prefix}/{gate}"] = layer.gates[gate]
        return out

    def save_npz(self, file: str | os.PathLike | BinaryIO) -> None:
        """Write ``arrays()`` compressed.

        Args:
            file: a path or a binary file object.
        """
        arrays: dict[str, Any] = self.arrays()
        np.savez_compressed(file, **arrays)

    def to_npz_bytes(self) -> bytes:
        """``save_npz``'s bytes (for a download button).

        Returns:
            The compressed ``.npz`` file's content.
        """
        buf = io.BytesIO()
        self.save_npz(buf)
        return buf.getvalue()

    def to_csv(self) -> str:
        """The trace as CSV text: one row per step, one column per ``layer{k}/{gate}[unit]``
        (``layer{k}/fwd/{gate}[unit]``, ``layer{k}/bwd/…`` for a Bidirectional layer).

        Returns:
            The CSV (``step,token,id,is_pad,prob,…``; ``prob[class]`` per class for a
            model of more than two classes).
        """
        cols = ["step", "token", "id", "is_pad"]
        columns = [list(range(self.T)), self.tokens, self.ids.tolist(), self.is_pad.tolist()]
        if self.prob is not None and self.prob.ndim == 2:
            for k, name in enumerate(self._class_names()):
                cols.append(f"prob[{name}]")
                columns.append(self.prob[:, k].tolist())
        else:
            cols.append("prob")
            columns.append(self.prob.tolist() if self.prob is not None else [""] * self.T)
        for prefix, layer in zip(self.array_prefixes, self.layers, strict=True):
            for gate in layer.gate_names:
                for u in range(layer.units):
                    cols.append(f"{prefix}/{gate}[{u}]")
                    columns.append(layer.gates[gate][:, u].tolist())
        return files.csv_text(cols, zip(*columns, strict=True))

    def _class_names(self) -> tuple[str, ...]:
        """``classes``, or the default names when the trace was made without them."""
        return self.classes or default_label_names(self.n_classes)

    def summary(self, show_pad: bool = False) -> str:
        """A short table for a terminal, in the current language: per step, the token,
        the readout (p(positive), or for a model of more classes the predicted class'
        probability) and each layer's mean ``|h|``; then the counts, verdict and notes.

        Args:
            show_pad: list the padding steps too.

        Returns:
            The lines, joined by newlines.
        """
        multi = self.prob is not None and self.prob.ndim == 2
        top = self.predicted_class or 0
        p_col = self.prob[:, top] if multi and self.prob is not None else self.prob
        p_head = f"p({top})" if multi else "p(pos)"
        head = f"{t('analysis.summary.step'):>5}  {t('analysis.summary.token'):<24} {p_head:>7}"
        for k in range(1, len(self.layers) + 1):
            head += f"  L{k} mean|h|"
        lines = [head]
        for step in range(self.T):
            if self.is_pad[step] and not show_pad:
                continue
            token = self.tokens[step] + (" (oov)" if self.is_oov[step] else "")
            token = token if len(token) <= 24 else token[:23] + "…"
            line = f"{step:>5}  {token:<24} "
            line += f"{p_col[step]:7.3f}" if p_col is not None else f"{'':>7}"
            for layer in self.layers:
                line += f"  {np.abs(layer.gates['h'][step]).mean():10.3f}"
            lines.append(line)
        n_pad = int(self.is_pad.sum())
        lines.append(
            t(
                "analysis.summary.counts" if show_pad else "analysis.summary.counts_hidden",
                words=self.T - n_pad,
                pad=n_pad,
            )
        )
        if multi and self.prediction is not None:
            lines.append(
                t(
                    "analysis.summary.prediction_class",
                    prob=f"{self.prediction:.4f}",
                    label=label_text(self._class_names()[top]),
                )
            )
        elif self.prediction is not None:
            verdict = t("ui.positive" if self.prediction >= 0.5 else "ui.negative")
            lines.append(
                t("analysis.summary.prediction", prob=f"{self.prediction:.4f}", verdict=verdict)
            )
        lines.extend(t("analysis.summary.note", note=note) for note in self.notes)
        return "\n".join(lines)


def npz_tokens(arrays: Mapping[str, np.ndarray]) -> list[str]:
    """The tokens of a saved trace exactly as traced (trailing NULs included).

    Args:
        arrays: ``Trace.arrays()`` or the mapping ``np.load`` gives for a saved ``.npz``.

    Returns:
        ``T`` strings.
    """
    tokens = [str(tok) for tok in arrays["tokens"]]
    if "token_lengths" not in arrays:
        return tokens
    return [
        tok + "\0" * (int(n) - len(tok))
        for tok, n in zip(tokens, arrays["token_lengths"], strict=True)
    ]


def model_layers(model: keras.Model) -> list[keras.layers.Layer]:
    """The layers of a one-input, one-output model in order, without its InputLayer.

    Args:
        model: a functional or sequential Keras model.

    Returns:
        Its layers, first to last.

    Raises:
        TraceError: the model has more than one input or output.
    """
    if len(model.inputs) != 1 or len(model.outputs) != 1:
        raise TraceError("only models with one input and one output can be traced")
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    if not isinstance(model, keras.Sequential):  # a functional model: check it is a chain
        # the model's own layers; Keras' helper operations (the mask's ``not_equal``) and
        # keyword inputs (``mask=``) are not steps of the chain
        names = {layer.name for layer in model.layers}
        previous = None
        for entry in model.get_config()["layers"]:
            if entry.get("name") not in names:
                continue
            nodes = entry.get("inbound_nodes") or []
            args = [node.get("args") if isinstance(node, dict) else node for node in nodes]
            sources = [history[0] for history in _keras_histories(args)]
            if previous is not None and sources != [previous]:
                raise TraceError(
                    f"layer {entry.get('name')} ({entry.get('class_name')}) does not simply "
                    "read the layer before it (a branch, a layer with several inputs such as "
                    "attention, or a shared layer); only a chain of layers can be traced step "
                    "by step"
                )
            previous = entry.get("name")
    return layers


def _keras_histories(node: Any) -> list[list]:
    """Every ``keras_history`` (``[layer name, node, tensor]``) in a functional model's
    serialized ``inbound_nodes``: the tensors a layer reads."""
    if isinstance(node, dict):
        if node.get("class_name") == "__keras_tensor__":
            return [node["config"]["keras_history"]]
        return [h for value in node.values() for h in _keras_histories(value)]
    if isinstance(node, list | tuple):
        return [h for value in node for h in _keras_histories(value)]
    return []


#: The layers that may stand before or between the recurrent layers: each acts on every step
#: on its own (or, like dropout, not at all when reading), so step t of their output is word t.
PER_STEP_LAYERS: tuple[type, ...] = (
    keras.layers.Embedding,
    keras.layers.Dropout,
    keras.layers.SpatialDropout1D,
    keras.layers.GaussianNoise,
    keras.layers.GaussianDropout,
    keras.layers.Masking,
    keras.layers.Dense,
    keras.layers.Activation,
    keras.layers.LayerNormalization,
    keras.layers.BatchNormalization,
)


#: The directions of a Bidirectional layer's traces, in order (``LayerTrace.direction``).
DIRECTIONS = ("fwd", "bwd")


def layer_numbers(directions: list[str | None]) -> list[int]:
    """The recurrent layer (counted from 1) of each traced direction.

    Args:
        directions: each trace's ``LayerTrace.direction``, in order (None: one-way).

    Returns:
        One number per entry; a ``"bwd"`` entry shares the number of the ``"fwd"`` before it.
    """
    numbers, k = [], 0
    for direction in directions:
        k += direction != "bwd"
        numbers.append(k)
    return numbers


def array_prefix(number: int, direction: str | None) -> str:
    """A traced layer's name in arrays, CSV columns and analysis keys.

    Args:
        number: the recurrent layer, counted from 1.
        direction: None (one-way), ``"fwd"`` or ``"bwd"``.

    Returns:
        ``"layer1"``, or ``"layer1/fwd"``/``"layer1/bwd"``.
    """
    return f"layer{number}" if direction is None else f"layer{number}/{direction}"


def layer_title(number: int, direction: str | None) -> str:
    """A traced layer's name for people, in the current language.

    Args:
        number: the recurrent layer, counted from 1.
        direction: None (one-way), ``"fwd"`` or ``"bwd"``.

    Returns:
        ``"1"``, or ``"1 · forward"``/``"정방향 1"`` (catalogue ``direction.*``).
    """
    if direction is None:
        return str(number)
    return t(f"direction.title_{direction}", layer=number)


def direction_label(direction: str) -> str:
    """A direction's name for people: ``"forward"``/``"backward"`` (catalogue ``direction.*``).

    Args:
        direction: ``"fwd"`` or ``"bwd"``.

    Returns:
        Its name in the current language.
    """
    return t(f"direction.{direction}")


def is_recurrent(layer: keras.layers.Layer) -> bool:
    """Whether ``layer`` is one rnn-viz traces step by step: a stock recurrent layer of a
    known kind, or a ``Bidirectional`` around two of them.

    Args:
        layer: any Keras layer.

    Returns:
        True for ``LSTM``/``GRU``/``SimpleRNN`` and ``Bidirectional`` of them.
    """
    if isinstance(layer, keras.layers.Bidirectional):
        return all(
            isinstance(part, RECURRENT_LAYERS)
            for part in (layer.forward_layer, layer.backward_layer)
        )
    return isinstance(layer, RECURRENT_LAYERS)


def directions(layer: keras.layers.Layer) -> list[tuple[str | None, keras.layers.Layer]]:
    """The one-way layers a recurrent layer is made of.

    Args:
        layer: a layer for which ``is_recurrent`` holds.

    Returns:
        ``[(None, layer)]`` for a one-way layer; ``[("fwd", forward_layer), ("bwd",
        backward_layer)]`` for a Bidirectional one (the backward layer reads right to left).
    """
    if isinstance(layer, keras.layers.Bidirectional):
        return [("fwd", layer.forward_layer), ("bwd", layer.backward_layer)]
    return [(None, layer)]


def recurrent_indices(layers: list[keras.layers.Layer]) -> list[int]:
    """Where the stock recurrent layers stand in ``layers``, once each is checked to be
    one rnn-viz can follow step by step.

    Args:
        layers: a model's layers in order (``model_layers``).

    Returns:
        The indices of the recurrent layers (``cell_kinds.RECURRENT_LAYERS`` and
        ``Bidirectional`` layers of them), in order.

    Raises:
        TraceError: a custom RNN layer or a Bidirectional one around it, no recurrent
            layer, a go_backwards/stateful one, or one without ``return_sequences``
            feeding another.
    """
    for layer in layers:
        if isinstance(layer, (keras.layers.Bidirectional, keras.layers.RNN)) and not is_recurrent(
            layer
        ):
            raise TraceError(
                f"layer {layer.name} ({layer.__class__.__name__}) is not supported; "
                f"only stock {TITLES_AND} layers (one-way or Bidirectional) are"
            )
    recurrent = [k for k, layer in enumerate(layers) if is_recurrent(layer)]
    if not recurrent:
        raise TraceError(f"the model has no {TITLES_OR} layer")
    for layer in layers[: recurrent[-1]]:
        if not is_recurrent(layer) and not isinstance(layer, PER_STEP_LAYERS):
            raise TraceError(
                f"layer {layer.name} ({layer.__class__.__name__}) stands before a recurrent "
                "layer and may mix or drop steps (a convolution, pooling, attention, a "
                "reshape), so step t would no longer be word t; before and between the "
                f"recurrent layers rnn-viz traces only layers that act on each step on its own "
                f"({', '.join(sorted(kind.__name__ for kind in PER_STEP_LAYERS))})"
            )
    for k in recurrent:
        for direction, part in directions(layers[k]):
            if part.go_backwards != (direction == "bwd") or part.stateful:
                raise TraceError(
                    f"layer {layers[k].name}: go_backwards/stateful layers are not supported"
                )
    for k in recurrent[:-1]:
        if not layers[k].return_sequences:
            raise TraceError(
                f"layer {layers[k].name} feeds a later recurrent layer without "
                "return_sequences; its steps cannot be followed"
            )
    return recurrent


def stock_copy(
    layer: keras.layers.Layer, suffix: str, dtype: str | None = None
) -> keras.layers.Layer:
    """A fresh, unbuilt copy of ``layer`` from its config (weights not yet set); a
    recurrent layer's copy returns its whole output sequence.

    The parity check (``Tracer.stock_run``) and the differentiable readout
    (``gradients.DifferentiableReadout``) both run the model's own layers this way.

    Args:
        layer: a layer of the model.
        suffix: appended to the copy's name (names stay unique beside the original).
        dtype: the float type the copy computes in; None keeps the layer's.

    Returns:
        The copy; for a recurrent layer with ``return_sequences=True`` and no
        ``return_state``, so it outputs ``(B, T, units)`` (a Bidirectional one: both
        directions so, merged as the layer merges them).

    Raises:
        TraceError: the layer cannot be rebuilt from its config.
    """
    config = {**layer.get_config(), "name": layer.name + suffix}
    if dtype is not None:
        config["dtype"] = dtype
    if isinstance(layer, keras.layers.Bidirectional):
        for part in ("layer", "backward_layer"):
            config[part] = {**config[part], "config": {**config[part]["config"]}}
            config[part]["config"].update(return_sequences=True, return_state=False)
    elif isinstance(layer, RECURRENT_LAYERS):
        config.update(return_sequences=True, return_state=False)
    try:
        return layer.__class__.from_config(config)
    except Exception as err:  # noqa: BLE001 - any layer that cannot be rebuilt
        raise TraceError(
            f"layer {layer.name} ({layer.__class__.__name__}) cannot be rebuilt: {err}"
        ) from err


def _tracing_cell(layer: keras.layers.Layer) -> keras.layers.Layer:
    kind = kind_of_layer(layer)
    if kind is None:
        raise TraceError(f"layer {layer.name}: not a layer of a cell kind rnn-viz can trace")
    return kind.tracing.from_config(layer.cell.get_config())


class _Hidden(keras.layers.Layer):
    """The first ``units`` columns of a tracing RNN's output (its ``h``), passing the
    mask on, as the stock layer passes it to the next one.

    Args:
        units: the traced layer's width (other keyword arguments go to ``Layer``).
    """

    def __init__(self, units: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.units = units
        self.supports_masking = True

    def call(self, inputs: Any) -> Any:
        """Slice ``h`` off the tracing output.

        Args:
            inputs: ``(B, T, width)`` the tracing RNN's output.

        Returns:
            ``(B, T, units)``.
        """
        return inputs[..., : self.units]


class _Flip(keras.layers.Layer):
    """A sequence reversed in time, the mask passed on unchanged: a backward ``RNN``'s
    output (processing order) put in reading order, as ``Bidirectional`` does."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs: Any) -> Any:
        """Reverse the steps.

        Args:
            inputs: ``(B, T, width)``.

        Returns:
            ``(B, T, width)``, step t being the input's step T-1-t.
        """
        return keras.ops.flip(inputs, axis=1)


class _Merge(keras.layers.Layer):
    """A Bidirectional layer's two outputs merged exactly as ``keras.layers.Bidirectional``
    merges them (``concat``, ``sum``, ``ave``, ``mul``), the mask passed on.

    Args:
        mode: the layer's ``merge_mode`` (other keyword arguments go to ``Layer``).
    """

    def __init__(self, mode: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mode = mode
        self.supports_masking = True

    def call(self, inputs: Any) -> Any:
        """Merge ``[forward, backward]``.

        Args:
            inputs: ``[y, y_rev]``, each ``(B, T, units)`` (the backward in reading order).

        Returns:
            ``(B, T, 2 * units)`` for ``concat``, else ``(B, T, units)``.

        Raises:
            TraceError: an unknown merge mode.
        """
        y, y_rev = inputs
        if self.mode == "concat":
            return keras.ops.concatenate([y, y_rev], axis=-1)
        if self.mode == "sum":
            return y + y_rev
        if self.mode == "ave":
            return (y + y_rev) / 2
        if self.mode == "mul":
            return y * y_rev
        raise TraceError(f"merge_mode {self.mode!r} is not supported")

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """The forward output's mask (both directions carry the same one).

        Args:
            inputs: unused.
            mask: ``[mask, mask]`` or None.

        Returns:
            ``(B, T)`` or None.
        """
        return mask[0] if isinstance(mask, (list, tuple)) else mask


class _Whole(keras.layers.Layer):
    """A backward direction's first step in reading order (its state once it has read the
    whole review, what a Bidirectional layer without ``return_sequences`` hands the head)
    repeated at every step, to set beside the forward state of every step."""

    def call(self, inputs: Any) -> Any:
        """Repeat the first step.

        Args:
            inputs: ``(B, T, width)``, a backward direction in reading order.

        Returns:
            ``(B, T, width)``, every step the input's first.
        """
        return keras.ops.repeat(inputs[:, :1, :], keras.ops.shape(inputs)[1], axis=1)

    def compute_mask(self, inputs: Any, mask: Any = None) -> None:
        """No mask: every step holds the same summary.

        Args:
            inputs: unused.
            mask: unused.

        Returns:
            None.
        """
        return None


class _StepMask(keras.layers.Layer):
    """The mask its input carries, ``(B, T)`` bool: True where a recurrent layer reading
    this input steps, False where it is masked (all True without a mask)."""

    def call(self, inputs: Any, mask: Any = None) -> Any:
        """The step mask of ``inputs``.

        Args:
            inputs: ``(B, T, ...)`` what the next recurrent layer reads.
            mask: ``(B, T)`` the mask Keras passes along, or None.

        Returns:
            ``(B, T)`` bool.
        """
        if mask is None:
            return keras.ops.ones(keras.ops.shape(inputs)[:2], dtype="bool")
        return keras.ops.cast(mask, "bool")

    def compute_mask(self, inputs: Any, mask: Any = None) -> None:
        """Pass no mask on: this output is an output of the twin, not a layer's input.

        Args:
            inputs: unused.
            mask: unused.

        Returns:
            None.
        """
        return None


@dataclass
class Twin:
    """The instrumented twin of a model (see ``instrument``).

    ``model(ids)`` gives a dict: ``"layer{k}"`` ``(B, T, width)`` (the k-th tracing RNN's
    output, k from 0; a Bidirectional layer has two, forward then backward, the backward
    in reading order), ``"steps{k}"`` ``(B, T)`` bool (False where it is masked) and,
    when the model's head is a probability, ``"readout"`` ``(B, T, n_out)``: the head
    applied to the last recurrent layer's output at every step. ``readout_note`` says
    why there is no readout when there is none. ``sources[k]`` is the stock one-way layer
    whose weights the k-th tracing RNN holds, ``traced[k]`` that RNN, ``directions[k]``
    its direction (None, ``"fwd"``, ``"bwd"``).
    """

    model: keras.Model
    cells: list
    names: list[str]
    readout_note: Note | None
    directions: list[str | None] = field(default_factory=list)
    traced: list[keras.layers.Layer] = field(default_factory=list)
    sources: list[keras.layers.Layer] = field(default_factory=list)


def _trace_direction(
    x: Any, name: str, direction: str | None, part: keras.layers.Layer
) -> tuple[keras.layers.Layer, keras.layers.Layer, Any, Any]:
    """One direction of a recurrent layer in the twin: an ``RNN`` around its kind's
    tracing cell reading ``x``, in reading order; returns (cell, rnn, output, h)."""
    cell = _tracing_cell(part)
    tag = "" if direction is None else f"_{direction}"
    # masked steps are written as the layer writes them: zeros, or the last output
    rnn = keras.layers.RNN(
        cell,
        return_sequences=True,
        go_backwards=direction == "bwd",
        name=f"{name}{tag}_trace",
        zero_output_for_mask=part.zero_output_for_mask,
    )
    y = rnn(x)
    if direction == "bwd":
        y = _Flip(name=f"{name}{tag}_reading_order")(y)
    return cell, rnn, y, _Hidden(cell.units, name=f"{name}{tag}_h")(y)


def instrument(model: keras.Model) -> Twin:
    """Build the twin of ``model``. The twin's recurrent layer for the model's layer
    ``name`` is ``twin.model.get_layer(name + "_trace")`` (``name + "_fwd_trace"`` and
    ``name + "_bwd_trace"`` for a Bidirectional one).

    Args:
        model: a trained one-input, one-output model with stock recurrent layers.

    Returns:
        The ``Twin``, its recurrent layers holding copies of the model's weights.

    Raises:
        TraceError: when the model has no stock recurrent layer of a known kind
            (``cell_kinds.CELL_KINDS``) or one that cannot be traced.
    """
    layers = model_layers(model)
    recurrent = recurrent_indices(layers)

    spec = model.inputs[0]
    inputs = keras.Input(shape=spec.shape[1:], dtype=spec.dtype)
    x, outputs = inputs, {}
    cells: list[keras.layers.Layer] = []
    names: list[str] = []
    dirs: list[str | None] = []
    traced: list[keras.layers.Layer] = []
    sources: list[keras.layers.Layer] = []
    head_x = None
    for k, layer in enumerate(layers):
        if k in recurrent:
            hs = []
            for direction, part in directions(layer):
                n = len(cells)
                outputs[f"steps{n}"] = _StepMask(name=f"{layer.name}_steps{n}")(x)
                cell, rnn, outputs[f"layer{n}"], h = _trace_direction(
                    x, layer.name, direction, part
                )
                hs.append(h)
                cells.append(cell)
                names.append(layer.name)
                dirs.append(direction)
                traced.append(rnn)
                sources.append(part)
            if len(hs) == 1:
                x = head_x = hs[0]
            else:
                merge = _Merge(layer.merge_mode, name=f"{layer.name}_merge")
                x = merge(hs)
                # the opinion after word t: the forward state at t beside the backward
                # direction's reading of the whole review (what the head reads at the end)
                summary = _Whole(name=f"{layer.name}_bwd_whole")(hs[1])
                head_x = x if layer.return_sequences else merge([hs[0], summary])
        elif k < recurrent[-1]:
            x = layer(x)
    x = head_x
    head = probability_head(model)
    readout_note = None
    if not head.is_probability:
        readout_note = Note("analysis.note.no_readout", {"why": Note(head.reason, head.params)})
    else:
        # The head, applied to h_t at every step (Dense acts on the last axis).
        try:
            for layer in layers[recurrent[-1] + 1 :]:
                x = layer(x)
            ok = len(x.shape) == 3 and x.shape[-1] == _output_width(model)
        except Exception:  # noqa: BLE001 - any head that cannot act per step
            ok = False
        if ok:
            outputs["readout"] = x
        else:
            readout_note = Note("analysis.note.no_stepwise_head")
    twin = keras.Model(inputs, outputs, name=f"{model.name}_twin")
    for rnn, part in zip(traced, sources, strict=True):
        rnn.set_weights(part.get_weights())
    return Twin(twin, cells, names, readout_note, dirs, traced, sources)


def _output_width(model: keras.Model) -> int:
    """The width of ``model``'s output's last axis."""
    return int(model.outputs[0].shape[-1])


class Tracer:
    """Traces reviews through a trained model. Build once per model, reuse.

    The twin runs as one compiled TensorFlow graph (XLA unless a cell kind in it says
    otherwise, ``CellKind.xla``), so a trace costs about what a forward pass costs.
    ``readout_note`` is None when the model's output is p(positive) (a sigmoid unit or a
    2-way softmax, see ``readout.probability_head``) and the readout is traced; otherwise
    it says why there is no readout.

    Args:
        model: the trained model; its twin is built by ``instrument``. A model reading
            raw text through its own ``TextVectorization`` is traced through its id model
            (``vectorization.split_text_model``; encode with that vocabulary).
        jit_compile: compile with XLA (when every cell kind allows it); None: yes,
            unless ``$RNN_VIZ_XLA`` is ``0`` (``XLA_ENV``).
        classes: the model's label names (``ModelBundle.label_names``), kept in every
            trace; None: ``readout.default_label_names``.
    """

    def __init__(
        self,
        model: keras.Model,
        jit_compile: bool | None = None,
        classes: tuple[str, ...] | None = None,
    ) -> None:
        import tensorflow as tf

        if text_vectorization(model) is not None:
            model, _ = split_text_model(model)
        self.model = model
        head = probability_head(model)
        #: The label names (index = label id); empty when the output is no probability.
        self.classes: tuple[str, ...] = ()
        if head.is_probability:
            given = tuple(classes or ())
            fallback = default_label_names(head.classes)
            self.classes = given if len(given) == head.classes else fallback
        twin = instrument(model)
        self.twin, self.cells, self.layer_names = twin.model, twin.cells, twin.names
        #: Each traced layer's direction: None (one-way), ``"fwd"`` or ``"bwd"``.
        self.directions = twin.directions
        self._pairs = list(zip(twin.traced, twin.sources, strict=True))
        self.readout_note = twin.readout_note
        self.seq_len = model.inputs[0].shape[1]
        if jit_compile is None:
            jit_compile = os.environ.get(XLA_ENV, "1") != "0"
        #: Whether the trace runs XLA-compiled.
        self.jit_compile = jit_compile and all(kind.xla for kind in self.kinds)
        self._run = tf.function(
            lambda ids: self.twin(ids, training=False),
            jit_compile=self.jit_compile,
            reduce_retracing=True,
        )
        self._stock = None

    @property
    def has_readout(self) -> bool:
        """True when the trace carries the readout (p(class)) after every step."""
        return self.readout_note is None

    def load_weights(self, path: str | os.PathLike) -> None:
        """Load a weights file (e.g. one epoch's) into the model and the twin.

        The twin shares the model's other layers; its recurrent layers hold
        copies of the weights, refreshed here.

        Args:
            path: a ``.weights.h5`` file of this model's architecture.
        """
        self.model.load_weights(path)
        for rnn, part in self._pairs:
            rnn.set_weights(part.get_weights())

    @property
    def kinds(self) -> list[CellKind]:
        """The kind of each recurrent layer, in order."""
        return [kind_of_cell(c) for c in self.cells]

    @property
    def cell_kinds(self) -> list[str]:
        """The kind's key of each recurrent layer (``"lstm"``, ``"gru"``, ``"rnn"``)."""
        return [kind.key for kind in self.kinds]

    @property
    def layer_numbers(self) -> list[int]:
        """The recurrent layer (from 1) of each traced layer (``Trace.layer_numbers``)."""
        return layer_numbers(self.directions)

    def layer_title(self, index: int) -> str:
        """A traced layer's name for people (``Trace.layer_title``).

        Args:
            index: an index into ``cells``.

        Returns:
            ``"1"``, or ``"1 · forward"`` for a direction of a Bidirectional layer.
        """
        return layer_title(self.layer_numbers[index], self.directions[index])

    def run_masked(
        self, ids: np.ndarray
    ) -> tuple[list[dict[str, np.ndarray]], np.ndarray | None, list[np.ndarray]]:
        """Run a batch ``(B, T)`` of ids, with the steps each layer skips.

        Args:
            ids: ``(B, T)`` int ids, padding in front.

        Returns:
            ``(per_layer, prob, masked)``: as ``run``, and ``masked[k]`` ``(B, T)`` bool,
            True where recurrent layer k is masked (it does not step; its gates and
            states there are what the stock layer outputs: zeros or its last output).

        Raises:
            TraceError: when ``ids`` is not ``(batch, T)`` with the model's ``T``.
        """
        ids = np.asarray(ids, dtype=np.int32)
        if ids.ndim != 2:
            raise TraceError(f"ids must be (batch, T), got shape {ids.shape}")
        if self.seq_len is not None and ids.shape[1] != self.seq_len:
            raise TraceError(
                f"the model reads sequences of {self.seq_len} steps, this input has {ids.shape[1]}"
            )
        out = {k: np.asarray(v) for k, v in self._run(ids).items()}
        per_layer = [
            split_output(cell, out[f"layer{k}"], kind.gates)
            for k, (cell, kind) in enumerate(zip(self.cells, self.kinds, strict=True))
        ]
        masked = [~out[f"steps{k}"] for k in range(len(self.cells))]
        prob = readout_probability(out["readout"]) if "readout" in out else None
        return per_layer, prob, masked

    def run(self, ids: np.ndarray) -> tuple[list[dict[str, np.ndarray]], np.ndarray | None]:
        """Run a batch ``(B, T)`` of ids.

        Args:
            ids: ``(B, T)`` int ids, padding in front.

        Returns:
            ``(per_layer, prob)``: ``per_layer[k][gate]`` is ``(B, T, units)``; ``prob``
            is ``(B, T)`` p(label 1) after every step for a binary model, ``(B, T, K)``
            p(class) for a model of ``K ≥ 3`` classes, or None without a readout
            (``readout_note`` says why).

        Raises:
            TraceError: when ``ids`` is not ``(batch, T)`` with the model's ``T``.
        """
        per_layer, prob, _ = self.run_masked(ids)
        return per_layer, prob

    def iter_batches(
        self, x: np.ndarray, batch_size: int = 250
    ) -> Iterator[tuple[slice, list[dict[str, np.ndarray]], np.ndarray | None]]:
        """Stream ``x`` in batches; only one batch of traces is held at a time, so a
        whole test set fits.

        Args:
            x: ``(N, T)`` int ids.
            batch_size: reviews per batch.

        Yields:
            tuple[slice, list[dict[str, np.ndarray]], np.ndarray | None]: ``(rows,
            per_layer, prob)``, the slice of ``x`` and ``run``'s result for it.
        """
        for start in range(0, len(x), batch_size):
            rows = slice(start, min(start + batch_size, len(x)))
            yield (rows, *self.run(x[rows]))

    def trace(self, encoded: Encoded) -> Trace:
        """Trace one encoded text.

        Args:
            encoded: ``vocab.encode(text)``.

        Returns:
            The ``Trace``, with notes on cut words, unknown words, masking and the readout.

        Raises:
            NoReadableWordError: the text has no word to read.
        """
        if encoded.n_real == 0:
            raise NoReadableWordError()
        per_layer, prob, masked = self.run_masked(encoded.ids[None, :])
        layers = [
            LayerTrace(
                name,
                kind,
                cell.units,
                {g: a[0] for g, a in gates.items()},
                masked=m[0],
                direction=direction,
            )
            for name, kind, cell, gates, m, direction in zip(
                self.layer_names,
                self.cell_kinds,
                self.cells,
                per_layer,
                masked,
                self.directions,
                strict=True,
            )
        ]
        notes = []
        if encoded.n_cut:
            notes.append(
                Note(
                    "analysis.note.cut",
                    {"words": encoded.n_words, "read": len(encoded.ids), "cut": encoded.n_cut},
                )
            )
        n_oov = int(encoded.is_oov.sum())
        if n_oov == encoded.n_real:
            notes.append(Note("analysis.note.all_oov"))
        elif n_oov:
            notes.append(Note("analysis.note.oov", {"oov": n_oov, "real": encoded.n_real}))
        if any(m.any() for m in masked):
            notes.append(MASK_NOTE)
        if self.readout_note:
            notes.append(self.readout_note)
        elif "bwd" in self.directions:
            notes.append(BIDIRECTIONAL_NOTE)
        for kind in self.kinds:
            note = Note(f"analysis.note.kind_{kind.key}", fallback=kind.note)
            if kind.note and note not in notes:
                notes.append(note)
        return Trace(
            text=encoded.text,
            tokens=encoded.tokens,
            ids=encoded.ids,
            is_pad=encoded.is_pad,
            is_oov=encoded.is_oov,
            prob=None if prob is None else prob[0],
            layers=layers,
            n_cut=encoded.n_cut,
            notes=notes,
            classes=self.classes if prob is not None else (),
        )

    # ------------------------------------------------------------------ parity
    def _stock_model(self) -> keras.Model:
        """The stock layers with ``return_sequences=True`` (and no ``return_state``) and the
        trained weights, returning every recurrent layer's output sequence, then the
        model's own output."""
        if self._stock is None:
            layers = model_layers(self.model)
            spec = self.model.inputs[0]
            inputs = keras.Input(shape=spec.shape[1:], dtype=spec.dtype)
            x, seqs, copies = inputs, [], []
            for layer in layers:
                if isinstance(layer, RECURRENT_LAYERS):
                    copy = stock_copy(layer, "_stock")
                    seq = copy(x)
                    copies.append((copy, layer))
                    seqs.append(seq)
                    x = seq if layer.return_sequences else seq[:, -1]
                elif is_recurrent(layer):
                    # each direction's own return_sequences output (the backward one put
                    # in reading order); the next layer reads the model's own merge
                    for direction, part in directions(layer):
                        copy = stock_copy(part, "_stock")
                        seq = copy(x)
                        copies.append((copy, part))
                        seqs.append(keras.ops.flip(seq, axis=1) if direction == "bwd" else seq)
                    x = layer(x)
                else:
                    x = layer(x)
            self._stock = keras.Model(inputs, seqs + [x])
            for copy, layer in copies:
                copy.set_weights(layer.get_weights())
        return self._stock

    def stock_run(self, ids: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
        """Run a batch ``(B, T)`` of ids through the model's own (stock) layers.

        Args:
            ids: ``(B, T)`` int ids, padding in front.

        Returns:
            ``(h, output)``: ``h[k]`` is ``(B, T, units)``, what the model's k-th traced
            layer outputs at every step (its ``return_sequences`` output, so at masked
            steps whatever the layer writes there; a Bidirectional layer's forward and
            backward layers each, the backward in reading order); ``output`` is the
            model's own output ``(B, n_out)``.
        """
        out = self._stock_model().predict_on_batch(np.asarray(ids, dtype=np.int32))
        out = [np.asarray(o) for o in out]
        return out[:-1], out[-1]

    def parity(self, trace: Trace) -> float:
        """How far a trace is from what the stock model computes.

        Args:
            trace: a trace of this tracer's model.

        Returns:
            Max |difference| between the captured h_t and the stock layers' own outputs
            (every layer, every step), and between the last readout and the model's
            output (compare with ``PARITY_BOUND``).
        """
        seqs, final = self.stock_run(trace.ids[None, :])
        diffs = [
            np.max(np.abs(layer.gates["h"] - seq[0]))
            for layer, seq in zip(trace.layers, seqs, strict=True)
        ]
        if trace.class_probs is not None:
            stock = np.asarray(head_class_probabilities(np.asarray(final[0], np.float32)))
            diffs.append(float(np.max(np.abs(trace.class_probs[-1] - stock))))
        return float(max(diffs))
