"""Corpus-scale analyses: what a model does across the whole test set.

Every corpus analysis takes a model folder's ``ModelBundle`` and a ``Corpus``
encoded with its vocabulary (``corpus_for(bundle, data)``), streams the test
set through a ``Tracer`` one batch at a time, and caches its result on disk
(``data.cache_dir()/analysis``) keyed by the model file's digest
(``files.model_stamp``, the key of the app's caches too), the reviews and
the parameters; each is described once (``spec.Analysis``: its parameters, its
pure ``compute_*`` function, how its result is stored, its progress wording) and
run by the one cached wrapper ``spec.run``; cache files are written atomically,
so an interrupted pass leaves none. The
single-review analyses (``Attributor``, ``compare_traces``) need no dataset.
Layers are 0-based indices (``Trace.layers[k]``) in the Python API and counted
from 1 (``layer1``) in CSV/JSON files and on the command line.
"""

from rnn_viz.analysis._common import check_corpus, column_labels, corpus_for, key_layer
from rnn_viz.analysis.attribution import Attribution, Attributor
from rnn_viz.analysis.gate_saturation import (
    GateSaturation,
    NoEpochsError,
    Saturation,
    SaturationHistory,
    compute_saturation,
    epoch_files,
    saturation,
    saturation_epochs,
)
from rnn_viz.analysis.memory import (
    Connectivity,
    GradientDistance,
    GradientProbe,
    LayerSurvival,
    MemoryAnalysisError,
    PaddingReach,
    Survival,
    Trend,
    compute_gradient_distance,
    connectivity,
    fading_summary,
    gradient_distance,
    padding_reach,
    review_padding_reach,
    survival,
    trend,
)
from rnn_viz.analysis.spec import Analysis, Param, run
from rnn_viz.analysis.units import (
    UnitMatch,
    UnitSearch,
    WordsPerUnit,
    compute_unit_search,
    compute_words_per_unit,
    find_runs,
    reviews_with_word,
    unit_search,
    words_per_unit,
)
from rnn_viz.analysis.whatif import EDIT_OPS, WhatIf, compare_traces, edit_text

__all__ = [
    "Analysis",
    "Param",
    "run",
    "Attribution",
    "Attributor",
    "EDIT_OPS",
    "GateSaturation",
    "NoEpochsError",
    "Saturation",
    "SaturationHistory",
    "UnitMatch",
    "UnitSearch",
    "WhatIf",
    "WordsPerUnit",
    "check_corpus",
    "column_labels",
    "key_layer",
    "compare_traces",
    "compute_saturation",
    "compute_unit_search",
    "compute_words_per_unit",
    "corpus_for",
    "edit_text",
    "epoch_files",
    "find_runs",
    "reviews_with_word",
    "saturation",
    "saturation_epochs",
    "unit_search",
    "words_per_unit",
]
__all__ += [
    "Connectivity",
    "GradientDistance",
    "GradientProbe",
    "LayerSurvival",
    "MemoryAnalysisError",
    "PaddingReach",
    "Survival",
    "Trend",
    "compute_gradient_distance",
    "connectivity",
    "fading_summary",
    "gradient_distance",
    "padding_reach",
    "review_padding_reach",
    "survival",
    "trend",
]
