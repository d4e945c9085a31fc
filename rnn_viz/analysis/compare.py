"""The Compare page's summary table: one row per model (recipe, size, test metrics, speed).

Rows keep stable keys (``"test_accuracy"``); the page shows them with the catalogue's
column names (``widgets.data_table``: ``pkg.col.<key>``). The parameters per layer come from
``parameters.model_parameters`` (``LayerParameters.row``).
"""

from __future__ import annotations

import numpy as np

from rnn_viz.core.cell_kinds import kind_of_layer
from rnn_viz.core.models import ModelBundle


def model_summary(bundle: ModelBundle) -> dict:
    """One row of the comparison table.

    Args:
        bundle: a loaded model with its history and test metrics.

    Returns:
        ``model, cell, layers, units, parameters, test_accuracy, test_loss, epochs,
        seconds_per_epoch, training_seconds``; a value the folder does not record is
        None. A model of more than two classes adds ``classes`` (how many) and
        ``test_macro_f1``.
    """
    recipe = bundle.config.get("recipe", {})
    secs = [r["seconds"] for r in bundle.history if "seconds" in r]
    kinds = [kind for kind in map(kind_of_layer, bundle.model.layers) if kind is not None]
    many = (
        {"classes": len(bundle.label_names), "test_macro_f1": bundle.metrics.get("test_macro_f1")}
        if len(bundle.label_names) > 2
        else {}
    )
    return {
        "model": bundle.name,
        "cell": "/".join(sorted({kind.title for kind in kinds})),
        "layers": len(kinds),
        "units": recipe.get("units"),
        "parameters": int(bundle.model.count_params()),
        "test_accuracy": bundle.metrics.get("test_acc"),
        "test_loss": bundle.metrics.get("test_loss"),
        "epochs": len(bundle.history),
        "seconds_per_epoch": float(np.mean(secs)) if secs else None,
        "training_seconds": float(np.sum(secs)) if secs else None,
        **many,
    }
