"""The comparison tables of the Compare page: one row per model, parameters per layer."""

from __future__ import annotations

import numpy as np

from .cell_kinds import kind_of_layer
from .models import ModelBundle, layer_parameters


def model_summary(bundle: ModelBundle) -> dict:
    """One row of the comparison table: recipe, size, test metrics, speed."""
    recipe = bundle.config.get("recipe", {})
    secs = [r["seconds"] for r in bundle.history if "seconds" in r]
    kinds = [kind for kind in map(kind_of_layer, bundle.model.layers) if kind is not None]
    return {
        "model": bundle.name,
        "cell": "/".join(sorted({kind.title for kind in kinds})),
        "layers": len(kinds),
        "units": recipe.get("units"),
        "parameters": int(bundle.model.count_params()),
        "test accuracy": bundle.metrics.get("test_acc"),
        "test loss": bundle.metrics.get("test_loss"),
        "epochs": len(bundle.history),
        "seconds / epoch": float(np.mean(secs)) if secs else None,
        "training seconds": float(np.sum(secs)) if secs else None,
    }


def parameter_table(bundles: list[ModelBundle]) -> list[dict]:
    """Parameters per layer of each model: ``model, layer, type, parameters``."""
    return [
        {"model": b.name, "layer": name, "type": kind, "parameters": n}
        for b in bundles
        for name, kind, n in layer_parameters(b.model)
    ]
