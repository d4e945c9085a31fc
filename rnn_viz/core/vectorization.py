"""Models that read raw text: a ``TextVectorization`` layer inside the model.

Keras' examples feed strings to the model: ``keras.Input(shape=(1,), dtype="string")`` →
``TextVectorization(max_tokens, output_sequence_length=T, output_mode="int")`` →
``Embedding`` → recurrent layers → head. rnn-viz splits such a model in two: the
``TextVectorization`` layer, which keeps turning texts into ids (so the ids are exactly
what the model computes), and the *id model*, the same layer objects from the embedding
on reading ``(batch, T)`` ids, which every tracer and analysis works on unchanged. The
vocabulary comes from the layer itself (``get_vocabulary()``) with the tokenizer that
replicates its ``standardize`` and ``split`` (``tokenizers.keras_tokenizer_key``), so the
words shown line up with its ids. ``TextVectorization`` keeps the *first* ``T`` tokens
and pads at the end (``Vocabulary.padding == "post"``).
"""

from __future__ import annotations

from collections.abc import Sequence

import keras
import numpy as np

from rnn_viz.core.errors import RnnVizError
from rnn_viz.core.text import OOV_WORD, PAD_WORD, Vocabulary
from rnn_viz.core.tokenizers import KERAS_SPLIT, KERAS_STANDARDIZE, keras_tokenizer_key, tokenizer


class VectorizationError(RnnVizError, ValueError):
    """A ``TextVectorization`` layer rnn-viz cannot follow; the message says why."""


def text_vectorization(model: keras.Model) -> keras.layers.TextVectorization | None:
    """The model's own ``TextVectorization`` layer, when it reads raw text.

    Args:
        model: a Keras model.

    Returns:
        The layer, or None when the model has none (it reads ids).
    """
    return next(
        (layer for layer in model.layers if isinstance(layer, keras.layers.TextVectorization)),
        None,
    )


def _check(layer: keras.layers.TextVectorization) -> None:
    """Refuse settings whose tokens cannot be shown word by word."""
    config = layer.get_config()
    standardize, split = config.get("standardize"), config.get("split")
    if not (standardize is None or isinstance(standardize, str)) or (
        standardize not in KERAS_STANDARDIZE
    ):
        raise VectorizationError(
            f"its TextVectorization standardizes with custom code ({standardize!r}), which "
            "rnn-viz cannot replicate to show the words."
        )
    if not (split is None or isinstance(split, str)) or split not in KERAS_SPLIT:
        raise VectorizationError(
            f"its TextVectorization splits with custom code ({split!r}), which rnn-viz "
            "cannot replicate to show the words."
        )
    if config.get("output_mode") != "int":
        raise VectorizationError(
            f"its TextVectorization outputs {config.get('output_mode')!r}, not a sequence "
            "of token ids (output_mode='int'), so there are no steps to follow."
        )
    if config.get("output_sequence_length") is None:
        raise VectorizationError(
            "its TextVectorization has no output_sequence_length, so its steps vary with "
            "each text; set output_sequence_length."
        )
    if config.get("ngrams") or config.get("ragged"):
        raise VectorizationError(
            "its TextVectorization makes n-grams or ragged output, which is not one token per step."
        )


def split_text_model(model: keras.Model) -> tuple[keras.Model, Vocabulary]:
    """The id model and vocabulary of a model whose ``TextVectorization`` reads raw text.

    Args:
        model: a one-input model: string input → ``TextVectorization`` → the rest.

    Returns:
        ``(ids_model, vocab)``: the model's own layers after the ``TextVectorization``,
        reading ``(batch, T)`` int32 ids; its vocabulary (``get_vocabulary()``), with the
        tokenizer replicating the layer, ``padding="post"`` and ``vectorize`` running the
        layer itself.

    Raises:
        VectorizationError: custom standardize/split code, another output mode, no
            fixed length, n-grams, a vocabulary without padding and ``[UNK]`` first, or
            a layer that is not the model's first.
    """
    layer = text_vectorization(model)
    if layer is None:
        raise VectorizationError("the model has no TextVectorization layer.")
    _check(layer)
    layers = [x for x in model.layers if not isinstance(x, keras.layers.InputLayer)]
    if len(model.inputs) != 1 or len(model.outputs) != 1 or layers[0] is not layer:
        raise VectorizationError(
            "its TextVectorization is not the first layer of a one-input, one-output model."
        )
    words = tuple(str(w) for w in layer.get_vocabulary())
    if words[:2] != (PAD_WORD, OOV_WORD):
        raise VectorizationError(
            "its TextVectorization's vocabulary does not start with the padding token '' "
            "and '[UNK]' (mask_token and oov_token changed)."
        )
    config = layer.get_config()
    length = int(config["output_sequence_length"])
    inputs = keras.Input(shape=(length,), dtype="int32", name="ids")
    x = inputs
    for rest in layers[1:]:
        x = rest(x)
    ids_model = keras.Model(inputs, x, name=f"{model.name}_ids")

    def vectorize(texts: Sequence[str]) -> np.ndarray:
        import tensorflow as tf

        return np.asarray(layer(tf.constant(list(texts), dtype=tf.string)), np.int32)

    key = keras_tokenizer_key(config.get("standardize"), config.get("split"))
    return ids_model, Vocabulary(words, length, tokenizer(key), "post", vectorize)
