"""The one rule for "is this model's output p(positive)", and the one way to read it.

A model's output is a probability of the positive class only when its last layer
is a single sigmoid unit (``Dense(1, activation="sigmoid")``, or a ``sigmoid``
activation on a one-wide output) or a softmax over exactly two classes (class 1
is positive, as the labels are 1 = positive). Anything else (a raw LSTM unit, a
linear unit, a 3-class softmax, two independent sigmoids) is not shown as
p(positive) anywhere: ``probability_head`` says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import keras
import numpy as np

from rnn_viz.core.errors import RnnVizError
from rnn_viz.i18n import t


class ReadoutError(RnnVizError, ValueError):
    """An output that is not p(positive) was read as one; the message says why."""


@dataclass(frozen=True)
class Head:
    """Whether a model's output is p(positive).

    Attributes:
        is_probability: True for a final sigmoid unit or a 2-way softmax.
        reason: when not, the catalogue key (``analysis.head.*``) of the sentence saying
            why, so a holder cached across sessions words it when shown:
            ``t(head.reason, **head.params)``; empty otherwise.
        params: the values the sentence takes (shapes, widths, layer names).
    """

    is_probability: bool
    reason: str = ""
    params: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def why(self) -> str:
        """The reason in English, for error messages and files ("" when there is none)."""
        return t(self.reason, "en", **self.params) if self.reason else ""


def _activation_name(layer: keras.layers.Layer) -> str | None:
    """The name of the activation ``layer`` applies last, or None when it has none."""
    if isinstance(layer, keras.layers.Softmax):
        return "softmax"
    activation = getattr(layer, "activation", None)
    if activation is None or isinstance(layer, keras.layers.RNN):
        return None  # a recurrent layer's activation is not its output's
    name = getattr(activation, "__name__", None) or keras.activations.serialize(activation)
    return name if isinstance(name, str) else None


def _output_layer(model: keras.Model) -> keras.layers.Layer | None:
    try:
        history = model.outputs[0]._keras_history
        return history.operation if hasattr(history, "operation") else history[0]
    except (AttributeError, IndexError, TypeError):
        layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
        return layers[-1] if layers else None


def probability_head(model: keras.Model) -> Head:
    """Decide whether ``model``'s output is p(positive).

    Args:
        model: a one-output Keras model reading one review.

    Returns:
        ``Head(True)`` when the model ends in one sigmoid unit or a 2-way softmax and
        outputs ``(batch, 1)`` or ``(batch, 2)``; otherwise ``Head(False, reason, params)``.
    """
    if len(model.outputs) != 1:
        return Head(False, "analysis.head.outputs", {"n": len(model.outputs)})
    shape = tuple(model.outputs[0].shape)
    if len(shape) != 2:
        return Head(False, "analysis.head.shape", {"shape": shape})
    width = shape[-1]
    layer = _output_layer(model)
    kind = layer.__class__.__name__ if layer is not None else "no layer"
    activation = _activation_name(layer) if layer is not None else None
    if activation == "sigmoid" and width == 1:
        return Head(True)
    if activation == "softmax" and width == 2:
        return Head(True)
    if activation == "sigmoid":
        return Head(False, "analysis.head.sigmoids", {"width": width})
    if activation == "softmax":
        return Head(False, "analysis.head.softmax", {"width": width})
    if activation:
        return Head(
            False,
            "analysis.head.other_activation",
            {"layer": kind, "activation": activation, "width": width},
        )
    return Head(False, "analysis.head.other", {"layer": kind, "width": width})


def positive_probability(output: Any) -> Any:
    """Map the output of a probability head to p(positive).

    Works on NumPy arrays and on backend tensors alike (it only indexes the last axis), so
    the same rule serves ``model.predict`` results and tensors inside a gradient tape.

    Args:
        output: ``(..., 1)`` sigmoid outputs or ``(..., 2)`` softmax outputs (class 1
            positive), e.g. ``model.predict`` ``(N, 1)`` or a per-step readout ``(B, T, 1)``;
            an array, a tensor, or anything ``np.asarray`` accepts.

    Returns:
        ``(...)`` p(positive), of the same kind and dtype as ``output``.

    Raises:
        ReadoutError: when the last axis is neither 1 nor 2 wide.
    """
    if not hasattr(output, "shape"):
        output = np.asarray(output)
    if len(output.shape) == 0 or output.shape[-1] not in (1, 2):
        raise ReadoutError(
            f"an output of shape {output.shape} is not p(positive): it must end "
            "in 1 (a sigmoid unit) or 2 (a 2-way softmax)"
        )
    return output[..., 0] if output.shape[-1] == 1 else output[..., 1]
