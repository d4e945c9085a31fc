"""Gate saturation over a test set (Karpathy, Johnson & Fei-Fei 2015, Fig. 4),
and how it evolves across training epochs.

For every unit of every sigmoid gate (LSTM ``i f o``, GRU ``z r``) of every
layer: the fraction of real (non-padding) steps where the gate is
*left-saturated* (value < ``low``) and *right-saturated* (value > ``high``),
plus a histogram of the gate's values over fixed bins on [0, 1].

Keras' GRU keeps the old state where z is near 1 (h = z·h_prev + (1−z)·h̃); the
paper's z weighs the candidate instead. ``Saturation.paper_convention()`` gives
the GRU's z as the paper's (1 − z): left and right fractions swapped.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..capture import SIGMOID_GATES, Tracer
from ..data import Corpus
from .. import files
from . import _common as c


@dataclass
class GateSaturation:
    """One gate of one layer. ``left``/``right``: ``(units,)`` fractions of real
    steps below ``low`` / above ``high``; ``hist``: ``(bins,)`` step×unit counts
    over equal bins on [0, 1]."""

    layer: int  # 0-based, as in ``Trace.layers[layer]``
    layer_name: str
    cell: str  # "lstm" or "gru"
    gate: str
    left: np.ndarray
    right: np.ndarray
    hist: np.ndarray
    label: str = ""  # how to name the gate on an axis; the gate name when empty

    @property
    def units(self) -> int:
        return len(self.left)

    def to_json(self) -> dict:
        return {"layer": self.layer, "layer_name": self.layer_name, "cell": self.cell,
                "gate": self.gate, "label": self.label or self.gate,
                "left": self.left.tolist(), "right": self.right.tolist(),
                "hist": self.hist.tolist()}

    @classmethod
    def from_json(cls, d: dict) -> "GateSaturation":
        return cls(int(d["layer"]), d["layer_name"], d["cell"], d["gate"],
                   np.asarray(d["left"], np.float64), np.asarray(d["right"], np.float64),
                   np.asarray(d["hist"], np.int64), d.get("label", ""))


@dataclass
class Saturation:
    """Saturation of every sigmoid gate over ``n_reviews`` reviews (``n_steps`` real steps)."""

    model: str
    low: float
    high: float
    n_reviews: int
    n_steps: int
    gates: list[GateSaturation]
    bins: int = 20
    convention: str = "keras"  # "keras", or "paper" (GRU z shown as 1 − z)

    def get(self, layer: int, gate: str) -> GateSaturation:
        for g in self.gates:
            if g.layer == layer and g.gate == gate:
                return g
        raise KeyError(f"no gate {gate!r} in layer {layer}")

    @property
    def bin_edges(self) -> np.ndarray:
        return np.linspace(0.0, 1.0, self.bins + 1)

    def paper_convention(self) -> "Saturation":
        """A copy where the GRU's z is the paper's update gate 1 − z (left ↔ right,
        histogram reversed, labelled ``1-z``). LSTM gates are unchanged."""
        if self.convention == "paper":
            return self
        gates = [dataclasses.replace(g, left=g.right, right=g.left, hist=g.hist[::-1].copy(),
                                     label="1-z (paper's z)")
                 if g.cell == "gru" and g.gate == "z" else g for g in self.gates]
        return dataclasses.replace(self, gates=gates, convention="paper")

    def to_json(self) -> dict:
        return {"model": self.model, "low": self.low, "high": self.high,
                "n_reviews": self.n_reviews, "n_steps": self.n_steps, "bins": self.bins,
                "convention": self.convention, "gates": [g.to_json() for g in self.gates]}

    @classmethod
    def from_json(cls, d: dict) -> "Saturation":
        return cls(d["model"], float(d["low"]), float(d["high"]), int(d["n_reviews"]),
                   int(d["n_steps"]), [GateSaturation.from_json(g) for g in d["gates"]],
                   int(d["bins"]), d.get("convention", "keras"))

    def to_csv(self) -> str:
        """One row per unit: ``model,layer,layer_name,cell,gate,label,unit,left,right,n_steps``
        (``layer`` counted from 1, as in ``layer1/f``)."""
        rows = [(self.model, g.layer + 1, g.layer_name, g.cell, g.gate, g.label or g.gate, u,
                 float(g.left[u]), float(g.right[u]), self.n_steps)
                for g in self.gates for u in range(g.units)]
        return files.csv_text(["model", "layer", "layer_name", "cell", "gate", "label", "unit",
                           "left", "right", "n_steps"], rows)


class _Counter:
    """Running sums of saturated steps and histograms, batch by batch."""

    def __init__(self, tracer: Tracer, low: float, high: float, bins: int):
        if not 0.0 <= low <= high <= 1.0:
            raise ValueError(f"thresholds must satisfy 0 <= low <= high <= 1, got {low}, {high}")
        if bins < 1:
            raise ValueError("bins must be at least 1")
        self.tracer, self.low, self.high, self.bins = tracer, low, high, bins
        self.keys = [(k, g) for k, cell in enumerate(tracer.cells)
                     for g in cell.gates if g in SIGMOID_GATES]
        units = {k: cell.units for k, cell in enumerate(tracer.cells)}
        self.left = {key: np.zeros(units[key[0]], np.int64) for key in self.keys}
        self.right = {key: np.zeros(units[key[0]], np.int64) for key in self.keys}
        self.hist = {key: np.zeros(bins, np.int64) for key in self.keys}
        self.n_steps = 0
        self.n_reviews = 0

    def add(self, per_layer: list[dict[str, np.ndarray]], real: np.ndarray) -> None:
        """``real``: ``(B, T)`` bool, True on the steps to count."""
        self.n_steps += int(real.sum())
        self.n_reviews += len(real)
        for k, g in self.keys:
            values = per_layer[k][g][real]  # (n_real, units)
            self.left[k, g] += (values < self.low).sum(axis=0)
            self.right[k, g] += (values > self.high).sum(axis=0)
            idx = np.clip((values * self.bins).astype(np.int64), 0, self.bins - 1)
            self.hist[k, g] += np.bincount(idx.ravel(), minlength=self.bins)

    def result(self, model: str) -> Saturation:
        n = max(self.n_steps, 1)
        gates = [GateSaturation(k, self.tracer.layer_names[k], self.tracer.cell_kinds[k], g,
                                self.left[k, g] / n, self.right[k, g] / n, self.hist[k, g].copy())
                 for k, g in self.keys]
        return Saturation(model, self.low, self.high, self.n_reviews, self.n_steps, gates,
                          self.bins)


def compute_saturation(tracer: Tracer, x: np.ndarray, low: float = 0.1, high: float = 0.9,
                       bins: int = 20, batch_size: int = c.DEFAULT_BATCH,
                       progress: c.Progress | None = None, model: str = "") -> Saturation:
    """Saturation of ``tracer``'s model over the reviews ``x`` ``(N, T)`` int ids.

    Streams ``x`` in batches of ``batch_size`` (one batch of traces held at a
    time) and counts only real steps (id ≠ 0). No caching: see ``saturation``.
    """
    counter = _Counter(tracer, low, high, bins)
    for rows, per_layer, _ in c.stream(tracer, x, batch_size, progress):
        counter.add(per_layer, ~c.pad_mask(x[rows]))
    return counter.result(model)


def saturation(bundle, corpus: Corpus, low: float = 0.1, high: float = 0.9,
               limit: int | None = None, bins: int = 20, batch_size: int = c.DEFAULT_BATCH,
               cache: bool = True, progress: c.Progress | None = None,
               tracer: Tracer | None = None) -> Saturation:
    """Saturation of a model folder's model over the test set (or a fixed sample
    of ``limit`` reviews), cached on disk by model file, corpus, thresholds and bins."""
    c.check_corpus(bundle, corpus)
    x = corpus.x_test[c.subset(corpus, limit)]
    digest = c.model_digest(bundle) if cache else None
    path = None
    if digest is not None:
        path = c.cache_path("saturation", digest, c.array_digest(x), float(low), float(high),
                            int(bins))
        cached = files.read_json(path)
        if cached is not None:
            return Saturation.from_json(cached)
    result = compute_saturation(tracer or Tracer(bundle.model), x, low, high, bins, batch_size,
                                progress, model=bundle.name)
    if path is not None:
        files.write_json_atomic(path, result.to_json())
    return result


# --------------------------------------------------------------------------- #
# Across training
# --------------------------------------------------------------------------- #
@dataclass
class SaturationHistory:
    """Saturation after every saved epoch, on the same ``review_rows`` of the test set.

    ``epochs[i]`` is the epoch number (from 1) of ``per_epoch[i]``; ``history``
    is the model folder's training record (loss, acc, val_loss, val_acc per epoch).
    """

    model: str
    epochs: list[int]
    per_epoch: list[Saturation]
    review_rows: np.ndarray
    history: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"model": self.model, "epochs": self.epochs,
                "per_epoch": [s.to_json() for s in self.per_epoch],
                "review_rows": self.review_rows.tolist(), "history": self.history}

    @classmethod
    def from_json(cls, d: dict) -> "SaturationHistory":
        return cls(d["model"], [int(e) for e in d["epochs"]],
                   [Saturation.from_json(s) for s in d["per_epoch"]],
                   np.asarray(d["review_rows"], np.int64), d.get("history", []))

    def to_csv(self) -> str:
        """The rows of ``Saturation.to_csv`` with an ``epoch`` column first."""
        parts = []
        for i, (epoch, sat) in enumerate(zip(self.epochs, self.per_epoch)):
            lines = sat.to_csv().splitlines()
            if i == 0:
                parts.append("epoch," + lines[0])
            parts.extend(f"{epoch},{line}" for line in lines[1:])
        return "\n".join(parts) + "\n"


def epoch_files(model_dir: str | os.PathLike) -> list[tuple[int, Path]]:
    """``(epoch, path)`` of the per-epoch weights ``epochs/epoch_NNN.weights.h5``, in order."""
    folder = Path(model_dir) / "epochs"
    found = []
    for p in sorted(folder.glob("epoch_*.weights.h5")) if folder.is_dir() else []:
        try:
            found.append((int(p.name[len("epoch_"):].split(".")[0]), p))
        except ValueError:
            continue
    return sorted(found)


def saturation_epochs(bundle, corpus: Corpus, n_reviews: int = 1000, low: float = 0.1,
                      high: float = 0.9, bins: int = 20, seed: int = 0,
                      batch_size: int = c.DEFAULT_BATCH, cache: bool = True,
                      progress: c.Progress | None = None) -> SaturationHistory:
    """Saturation and gate histograms after every epoch kept by
    ``train(..., keep_epochs=True)``, over ``n_reviews`` test reviews drawn with
    ``seed`` (the same reviews for every epoch). ``progress(done, total)`` counts
    epochs. Raises ``ValueError`` when the folder kept no epochs.
    """
    import keras

    c.check_corpus(bundle, corpus)
    if bundle.path is None or not epoch_files(bundle.path):
        raise ValueError(f"model {bundle.name!r} kept no per-epoch weights (epochs/); "
                         "train it with --keep-epochs")
    kept = epoch_files(bundle.path)
    rng = np.random.default_rng(seed)
    n = min(int(n_reviews), corpus.n_test)
    rows = np.sort(rng.permutation(corpus.n_test)[:n])
    x = corpus.x_test[rows]
    path = None
    if cache:
        path = c.cache_path("saturation_epochs", [c.file_digest(p) for _, p in kept],
                            c.array_digest(x), float(low), float(high), int(bins))
        cached = files.read_json(path)
        if cached is not None:
            return SaturationHistory.from_json(cached)
    model = keras.models.clone_model(bundle.model)
    tracer = Tracer(model)
    per_epoch = []
    for i, (epoch, weights) in enumerate(kept):
        tracer.load_weights(weights)
        per_epoch.append(compute_saturation(tracer, x, low, high, bins, batch_size,
                                            model=f"{bundle.name} epoch {epoch}"))
        if progress is not None:
            progress(i + 1, len(kept))
    result = SaturationHistory(bundle.name, [e for e, _ in kept], per_epoch, rows,
                               list(bundle.history))
    if path is not None:
        files.write_json_atomic(path, result.to_json())
    return result
