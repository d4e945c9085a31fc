"""rnn-viz: see what an LSTM or GRU computes, gate by gate, while it reads a review.

Public API::

    from rnn_viz import load_corpus, load_model_dir, Tracer, PRESETS, train

    bundle = load_model_dir("assets/models/lstm")
    trace = Tracer(bundle.model).trace(bundle.vocab.encode("Not bad at all."))
    trace.layers[0].gates["f"]   # (T, units) forget gate of the first layer
    trace.prob                    # (T,) p(positive) after every step
"""

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from .capture import LayerTrace, Trace, TraceError, Tracer  # noqa: E402
from .data import Corpus, DatasetError, Vocabulary, load_corpus  # noqa: E402
from .models import (
    PRESETS,
    ModelBundle,
    ModelError,
    Recipe,
    build_model,  # noqa: E402
    load_model_dir,
    shipped_models,
)
from .train import train  # noqa: E402

__all__ = [
    "Corpus",
    "DatasetError",
    "LayerTrace",
    "ModelBundle",
    "ModelError",
    "PRESETS",
    "Recipe",
    "Trace",
    "TraceError",
    "Tracer",
    "Vocabulary",
    "build_model",
    "load_corpus",
    "load_model_dir",
    "shipped_models",
    "train",
]
