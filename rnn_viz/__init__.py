"""rnn-viz: see what an LSTM or GRU computes, gate by gate, while it reads a review.

Public API::

    from rnn_viz import load_corpus, load_model_dir, Tracer, PRESETS, train

    bundle = load_model_dir("assets/models/lstm")
    trace = Tracer(bundle.model).trace(bundle.vocab.encode("Not bad at all."))
    trace.layers[0].gates["f"]   # (T, units) forget gate of the first layer
    trace.prob                    # (T,) p(positive) after every step
    rnn_viz.show(bundle.model, "Not bad at all.", vocab=bundle.vocab)  # notebook widget

The names are imported on first use (PEP 562), so ``import rnn_viz``, the catalogues
(``rnn_viz.i18n``) and ``rnn-viz --help`` start without TensorFlow.

Layout: ``core`` (text, cells, capture, readout, model folders), ``datasets``,
``analysis``, ``viz`` (figures, diagram, stepper payload; no Streamlit) and ``app``
(everything that imports Streamlit), plus ``cli`` and ``train``.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

#: Each public name and the module that holds it.
_EXPORTS = {
    "LayerTrace": "rnn_viz.core.capture",
    "Trace": "rnn_viz.core.capture",
    "TraceError": "rnn_viz.core.capture",
    "Tracer": "rnn_viz.core.capture",
    "Vocabulary": "rnn_viz.core.text",
    "Corpus": "rnn_viz.datasets",
    "DatasetError": "rnn_viz.datasets",
    "load_corpus": "rnn_viz.datasets",
    "PRESETS": "rnn_viz.core.recipes",
    "ModelBundle": "rnn_viz.core.models",
    "ModelError": "rnn_viz.core.models",
    "Recipe": "rnn_viz.core.recipes",
    "build_model": "rnn_viz.core.models",
    "load_model_dir": "rnn_viz.core.models",
    "shipped_models": "rnn_viz.core.models",
    "train": "rnn_viz.train",
    "show": "rnn_viz.notebook",
}

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
    "show",
    "train",
]

if TYPE_CHECKING:
    from rnn_viz.core.capture import LayerTrace, Trace, TraceError, Tracer
    from rnn_viz.core.models import (
        ModelBundle,
        ModelError,
        build_model,
        load_model_dir,
        shipped_models,
    )
    from rnn_viz.core.recipes import PRESETS, Recipe
    from rnn_viz.core.text import Vocabulary
    from rnn_viz.datasets import Corpus, DatasetError, load_corpus
    from rnn_viz.notebook import show
    from rnn_viz.train import train


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'rnn_viz' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
