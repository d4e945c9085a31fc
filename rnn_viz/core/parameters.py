"""How many parameters each layer has, derived term by term from its real weight shapes.

A recurrent layer of a kind in ``cell_kinds.CELL_KINDS`` holds one weight block per
gate (LSTM: i, f, c̃, o; GRU: z, r, h̃; SimpleRNN: one), each made of an input kernel
``input·units``, a recurrent kernel ``units·units`` and a bias ``units`` (two biases,
``2·units``, for a GRU with ``reset_after=True``, Keras' default). So

    LSTM(8) on 16 inputs:  (16·8 + 8·8 + 8) × 4 = 800
    GRU(8) on 16 inputs:   (16·8 + 8·8 + 2·8) × 3 = 624
    SimpleRNN(8) on 16:    16·8 + 8·8 + 8 = 200

Every other layer is counted weight by weight (``Embedding(10000, 16)``: 10000·16).
Each count is checked against Keras' own ``count_params()``. Term labels and captions
are in the language current when the count is made (``i18n.t``, keys ``pkg.param.*``);
errors are English, like every rnn-viz error.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from math import prod

import keras

from rnn_viz.core.capture import direction_label, directions
from rnn_viz.core.cell_kinds import CellKind, kind_of_layer
from rnn_viz.core.errors import RnnVizError
from rnn_viz.i18n import t

_MISMATCH = (
    "Layer {layer} has {derived} parameters by its weight shapes but Keras "
    "counts {keras}; rnn-viz cannot explain its parameter count."
)


class ParameterCountError(RnnVizError):
    """A layer whose parameter count cannot be derived from its weight shapes."""


@dataclass(frozen=True)
class ParameterTerm:
    """One term of a parameter count.

    Attributes:
        label: what the term is, for people (``"recurrent kernel (units·units)"``).
        factors: the shape whose product it is (``(8, 8)``).
    """

    label: str
    factors: tuple[int, ...]

    @property
    def count(self) -> int:
        """How many parameters the term holds (the product of ``factors``)."""
        return prod(self.factors)

    @property
    def formula(self) -> str:
        """``"16·8"``, ``"2·8"`` or ``"8"``."""
        return "·".join(str(f) for f in self.factors)


@dataclass(frozen=True)
class LayerParameters:
    """A layer's parameter count, term by term.

    Attributes:
        name: the layer's name.
        type: its class name (``"LSTM"``, ``"Embedding"``).
        terms: the terms of one block (one gate of a recurrent layer; the whole layer
            otherwise).
        blocks: how many times the terms repeat (gates of a recurrent layer, else 1).
        kind: the cell kind of a recurrent layer, else None.
        direction: ``"fwd"``/``"bwd"`` for a direction of a Bidirectional layer (``name``
            is that direction's own layer), else None.
    """

    name: str
    type: str
    terms: tuple[ParameterTerm, ...]
    blocks: int = 1
    kind: CellKind | None = None
    direction: str | None = None

    @property
    def total(self) -> int:
        """The layer's parameter count: ``blocks`` × the sum of the terms."""
        return self.blocks * sum(term.count for term in self.terms)

    @property
    def formula(self) -> str:
        """``"(16·8 + 8·8 + 8) × 4 = 800"``; ``"10000·16 = 160,000"``."""
        body = " + ".join(term.formula for term in self.terms)
        if self.blocks > 1:
            body = (f"({body})" if len(self.terms) > 1 else body) + f" × {self.blocks}"
        return f"{body} = {self.total:,}"

    @property
    def caption(self) -> str:
        """One sentence: the layer's kind, name and count (the cell diagram's caption)."""
        title = self.kind.title if self.kind is not None else self.type
        if self.direction is not None:
            title = f"{title} ({direction_label(self.direction)})"
        return t("pkg.param.caption", title=title, layer=self.name, formula=self.formula)

    def row(self) -> dict:
        """One row of the Compare page's parameter table (stable keys; the page shows
        them with the catalogue's column names).

        Returns:
            ``{"layer", "type", "formula", "parameters"}``.
        """
        return {
            "layer": self.name,
            "type": self.type,
            "formula": self.formula,
            "parameters": self.total,
        }


def _recurrent(layer: keras.layers.Layer, kind: CellKind) -> LayerParameters:
    cell = layer.cell
    units = int(cell.units)
    n_in, width = (int(n) for n in cell.kernel.shape)
    blocks, rest = divmod(width, units)
    if rest or tuple(cell.recurrent_kernel.shape) != (units, width):
        raise ParameterCountError(
            _MISMATCH.format(
                layer=layer.name, derived="an unknown number of", keras=layer.count_params()
            )
        )
    terms = [
        ParameterTerm(t("pkg.param.input"), (n_in, units)),
        ParameterTerm(t("pkg.param.recurrent"), (units, units)),
    ]
    bias = getattr(cell, "bias", None)
    if bias is not None:
        shape = tuple(int(n) for n in bias.shape)  # (width,) or (2, width) for reset_after
        copies = prod(shape) // width
        terms.append(
            ParameterTerm(t("pkg.param.bias"), (units,))
            if copies == 1
            else ParameterTerm(t("pkg.param.bias2"), (copies, units))
        )
    return LayerParameters(layer.name, layer.__class__.__name__, tuple(terms), blocks, kind=kind)


def layer_parameters(layer: keras.layers.Layer) -> LayerParameters:
    """The parameter count of a built layer, term by term from its weight shapes.

    Args:
        layer: any built Keras layer; a stock LSTM, GRU or SimpleRNN is counted per gate.

    Returns:
        Its ``LayerParameters``; ``total`` equals ``layer.count_params()``.

    Raises:
        ParameterCountError: the layer is not built, or its weights do not add up to
            Keras' count.
    """
    if not layer.built:
        raise ParameterCountError(
            f"Layer {layer.name} is not built yet, so it has no weights to count."
        )
    kind = kind_of_layer(layer)
    if kind is not None:
        counted = _recurrent(layer, kind)
    else:
        counted = LayerParameters(
            layer.name,
            layer.__class__.__name__,
            tuple(
                ParameterTerm(t("pkg.param.weight", name=w.name), tuple(int(n) for n in w.shape))
                for w in layer.weights
            ),
        )
    keras_count = int(layer.count_params())
    if counted.total != keras_count or counted.total != sum(prod(w.shape) for w in layer.weights):
        raise ParameterCountError(
            _MISMATCH.format(layer=layer.name, derived=counted.total, keras=keras_count)
        )
    return counted


def model_parameters(model: keras.Model) -> list[LayerParameters]:
    """Every layer with weights, counted term by term.

    Args:
        model: a built Keras model.

    Returns:
        One ``LayerParameters`` per layer with weights, in order (a Bidirectional layer's
        two directions, forward then backward, each counted as its own layer); their
        ``total`` sums to ``model.count_params()``.

    Raises:
        ParameterCountError: see ``layer_parameters``; or a Bidirectional layer whose
            directions do not add up to its Keras count.
    """
    out = []
    for layer in model.layers:
        if not layer.weights:
            continue
        if not isinstance(layer, keras.layers.Bidirectional):
            out.append(layer_parameters(layer))
            continue
        parts = [
            replace(layer_parameters(part), direction=direction)
            for direction, part in directions(layer)
        ]
        derived = sum(part.total for part in parts)
        if derived != layer.count_params():
            raise ParameterCountError(
                _MISMATCH.format(layer=layer.name, derived=derived, keras=layer.count_params())
            )
        out += parts
    return out


def recurrent_parameters(model: keras.Model) -> list[LayerParameters]:
    """The recurrent layers' counts.

    Args:
        model: a built Keras model.

    Returns:
        One ``LayerParameters`` per recurrent layer (per direction of a Bidirectional
        one), in the order of ``Trace.layers``.

    Raises:
        ParameterCountError: see ``layer_parameters``.
    """
    return [p for p in model_parameters(model) if p.kind is not None]
