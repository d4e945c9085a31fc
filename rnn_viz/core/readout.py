"""The one rule for "is this model's output a probability of its classes", and the one
way to read it.

A model's output gives p(class) for each of its ``K`` classes only when its last layer
is a single sigmoid unit (``Dense(1, activation="sigmoid")``, or a ``sigmoid``
activation on a one-wide output: two classes, p(label 1) and 1 − that for label 0) or a
softmax over ``K ≥ 2`` classes (class ``k`` = label ``k``). A binary model's readout is
p(label 1) (p(positive) for the IMDB labels); a model of ``K ≥ 3`` classes reads out
every class. Anything else (a raw LSTM unit, a linear unit, two independent sigmoids)
is not shown as a probability anywhere: ``probability_head`` says why.
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
    """Whether a model's output is a probability of its classes.

    Attributes:
        is_probability: True for a final sigmoid unit or a softmax of 2 or more classes.
        reason: when not, the catalogue key (``analysis.head.*``) of the sentence saying
            why, so a holder cached across sessions words it when shown:
            ``t(head.reason, **head.params)``; empty otherwise.
        params: the values the sentence takes (shapes, widths, layer names).
        classes: how many classes the probabilities are of (2 for a sigmoid unit, the
            softmax's width); 0 when the output is no probability.
    """

    is_probability: bool
    reason: str = ""
    params: dict[str, Any] = field(default_factory=dict, hash=False)
    classes: int = 0

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
    """Decide whether ``model``'s output is a probability of its classes.

    Args:
        model: a one-output Keras model reading one review.

    Returns:
        ``Head(True, classes=K)`` when the model ends in one sigmoid unit (``K = 2``,
        output ``(batch, 1)``) or a softmax over ``K ≥ 2`` classes (output
        ``(batch, K)``); otherwise ``Head(False, reason, params)``.
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
        return Head(True, classes=2)
    if activation == "softmax" and width is not None and width >= 2:
        return Head(True, classes=int(width))
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
    """Map the output of a binary probability head to p(label 1) (p(positive)).

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


def readout_probability(output: Any) -> Any:
    """Map the output of a probability head to what a readout keeps: p(label 1) for a
    binary head, every class's probability for a head of ``K ≥ 3`` classes.

    Args:
        output: ``(..., 1)`` sigmoid, ``(..., 2)`` or ``(..., K)`` softmax outputs; an
            array or a backend tensor.

    Returns:
        ``(...)`` p(label 1) for a binary head (``positive_probability``), else
        ``output`` itself, ``(..., K)``.

    Raises:
        ReadoutError: when the last axis is 0 wide.
    """
    if not hasattr(output, "shape"):
        output = np.asarray(output)
    if len(output.shape) and output.shape[-1] is not None and output.shape[-1] >= 3:
        return output
    return positive_probability(output)


def class_probabilities(prob: Any, classes: int) -> np.ndarray:
    """Every class's probability from a readout as ``readout_probability`` keeps it.

    Args:
        prob: ``(...)`` p(label 1) of a binary readout or ``(..., K)`` of a ``K``-class
            one.
        classes: ``K``, the head's number of classes (``Head.classes``).

    Returns:
        ``(..., 2)`` ``[1 − p, p]`` for a binary readout, else ``prob`` ``(..., K)``.
    """
    prob = np.asarray(prob)
    return prob if classes >= 3 else np.stack([1 - prob, prob], -1)


def head_class_probabilities(output: Any) -> Any:
    """Every class's probability from a probability head's output, on backend tensors
    (inside a gradient tape) as on arrays.

    Args:
        output: ``(..., 1)`` sigmoid or ``(..., K)`` softmax outputs.

    Returns:
        ``(..., 2)`` ``[1 − p, p]`` for a sigmoid unit, else ``output`` ``(..., K)``.
    """
    if output.shape[-1] == 1:
        return keras.ops.concatenate([1 - output, output], axis=-1)
    return output


def default_label_names(classes: int) -> tuple[str, ...]:
    """The label names of a model whose folder names none: IMDB's two for a binary model
    (folders older than ``config.json``'s ``"labels"`` were all IMDB), else the ids.

    Args:
        classes: how many classes.

    Returns:
        ``classes`` names.
    """
    return ("negative", "positive") if classes == 2 else tuple(str(k) for k in range(classes))
