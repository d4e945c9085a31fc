"""Gate saturation over a test set (Karpathy, Johnson & Fei-Fei 2015, Fig. 4),
and how it evolves across training epochs.

For every unit of every sigmoid gate (LSTM ``i f o``, GRU ``z r``) of every
layer: the fraction of real (non-padding) steps where the gate is
*left-saturated* (value < ``low``) and *right-saturated* (value > ``high``),
plus a histogram of the gate's values over fixed bins on [0, 1].

Keras' GRU keeps the old state where z is near 1 (h = z·h_prev + (1−z)·h̃); the
paper's z weighs the candidate instead. ``Saturation.paper_convention()`` gives
the GRU's z as the paper's 1 − z, counted as such: left-saturated where
1 − z < ``low`` (z > 1 − ``low``), right-saturated where 1 − z > ``high``
(z < 1 − ``high``). This is a swap of z's fractions only when low + high = 1.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rnn_viz.analysis import _common as c
from rnn_viz.analysis.spec import Analysis, Param
from rnn_viz.core import files
from rnn_viz.core.capture import Tracer
from rnn_viz.core.cell_kinds import cell_kind
from rnn_viz.core.errors import RnnVizError
from rnn_viz.datasets import Corpus

if TYPE_CHECKING:
    from rnn_viz.core.models import ModelBundle


class NoEpochsError(RnnVizError, ValueError):
    """A model folder kept no per-epoch weights, so there is no saturation across training."""


#: The columns of ``Saturation.to_csv``.
CSV_COLUMNS = [
    "model",
    "layer",
    "layer_name",
    "cell",
    "gate",
    "label",
    "unit",
    "left",
    "right",
    "n_steps",
]


#: ``Saturation.looser_thresholds``: the share of a model's gate values wanted past each
#: suggested threshold.
SUGGEST_SHARE = 0.05
#: A model whose most saturated unit is past a threshold on fewer than this fraction of
#: steps "does not saturate" at those thresholds (every point sits at the origin).
BARELY = 0.01


class SaturationError(RnnVizError, ValueError):
    """A saturation result that cannot give what was asked; the message says why."""


@dataclass
class GateSaturation(c.OfLayer):
    """One gate of one layer. ``left``/``right``: ``(units,)`` fractions of real
    steps below ``low`` / above ``high``; ``hist``: ``(bins,)`` step×unit counts
    over equal bins on [0, 1]. ``paper`` (GRU z only): the same counts of the
    paper's update gate 1 − z, which ``Saturation.paper_convention`` shows."""

    layer: int  # 0-based, as in ``Trace.layers[layer]``
    layer_name: str
    cell: str  # a key of cell_kinds.CELL_KINDS
    gate: str
    left: np.ndarray
    right: np.ndarray
    hist: np.ndarray
    label: str = ""  # how to name the gate on an axis; the gate name when empty
    paper: GateSaturation | None = None

    @property
    def units(self) -> int:
        """The layer's width."""
        return len(self.left)

    def to_json(self) -> dict:
        """This gate's fractions and histogram as JSON.

        Returns:
            A dict of plain values (the paper's 1 − z counts under ``paper``).
        """
        out = {
            "layer": self.layer,
            "layer_name": self.layer_name,
            "cell": self.cell,
            "gate": self.gate,
            "label": self.label or self.gate,
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "hist": self.hist.tolist(),
            **self.layer_json(),
        }
        if self.paper is not None:
            out["paper"] = self.paper.to_json()
        return out

    @classmethod
    def from_json(cls, d: dict) -> GateSaturation:
        """Read back ``to_json``'s dict.

        Args:
            d: a dict ``to_json`` wrote.

        Returns:
            The ``GateSaturation``.
        """
        paper = cls.from_json(d["paper"]) if d.get("paper") else None
        return cls(
            int(d["layer"]),
            d["layer_name"],
            d["cell"],
            d["gate"],
            np.asarray(d["left"], np.float64),
            np.asarray(d["right"], np.float64),
            np.asarray(d["hist"], np.int64),
            d.get("label", ""),
            paper,
            **c.layer_from_json(d),
        )


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
        """One gate of one layer.

        Args:
            layer: 0-based layer.
            gate: the gate's key.

        Returns:
            Its ``GateSaturation``.

        Raises:
            KeyError: the layer has no such gate.
        """
        for g in self.gates:
            if g.layer == layer and g.gate == gate:
                return g
        raise KeyError(f"no gate {gate!r} in layer {layer}")

    @property
    def bin_edges(self) -> np.ndarray:
        """``(bins + 1,)`` the histogram's bin edges on [0, 1]."""
        return np.linspace(0.0, 1.0, self.bins + 1)

    @property
    def most_saturated(self) -> float:
        """The largest fraction of steps any unit of any gate spends past a threshold
        (left or right); 0 without gates."""
        return max((float(max(g.left.max(), g.right.max())) for g in self.gates), default=0.0)

    def looser_thresholds(self, share: float = SUGGEST_SHARE) -> tuple[float, float] | None:
        """Thresholds this model's gates do reach: the highest bin edge with at most
        ``share`` of all its gate values (every gate, unit and real step pooled) below it,
        and the lowest with at most ``share`` above it; edges of the ``bins`` equal bins
        on [0, 1], never 0 or 1 themselves.

        Args:
            share: the largest fraction of values past each threshold.

        Returns:
            ``(low, high)`` with ``low < high``, or None without gates or values.
        """
        hist = np.sum([g.hist for g in self.gates], axis=0) if self.gates else np.zeros(0)
        total = float(np.sum(hist))
        if total <= 0:
            return None
        below = np.concatenate([[0.0], np.cumsum(hist)]) / total  # share below each edge
        above = 1.0 - below
        edges = self.bin_edges
        low = float(edges[max(int(np.flatnonzero(below <= share).max()), 1)])
        high = float(edges[min(int(np.flatnonzero(above <= share).min()), self.bins - 1)])
        if not low < high:
            return None
        return round(low, 2), round(high, 2)

    def paper_convention(self) -> Saturation:
        """A copy where the GRU's z is the paper's update gate 1 − z, labelled ``1-z``:
        its fractions are those of 1 − z < ``low`` and 1 − z > ``high`` and its histogram
        that of 1 − z, as counted over the same steps. Other gates are unchanged.

        Returns:
            The relabelled ``Saturation`` (``convention="paper"``).

        Raises:
            SaturationError: for a result saved without the counts of 1 − z (an older
                file) whose thresholds are not symmetric (low + high ≠ 1), where no
                relabelling of z's counts gives them.
        """
        if self.convention == "paper":
            return self
        gates = [
            self._paper_gate(g) if g.gate in cell_kind(g.cell).paper_complement else g
            for g in self.gates
        ]
        return dataclasses.replace(self, gates=gates, convention="paper")

    def _paper_gate(self, g: GateSaturation) -> GateSaturation:
        label = "1-z (paper's z)"
        if g.paper is not None:
            return dataclasses.replace(g.paper, label=label, paper=None)
        if not np.isclose(self.low + self.high, 1.0, rtol=0, atol=1e-9):
            raise SaturationError(
                f"this saturation result of {self.model or 'the model'} was saved without the "
                f"counts of the GRU's 1 - z, and with thresholds {self.low:g}/{self.high:g} "
                "(not symmetric) they cannot be derived from z's: compute it again"
            )
        # low + high = 1: 1 − z < low is z > high, so the fractions swap
        return dataclasses.replace(
            g, left=g.right, right=g.left, hist=g.hist[::-1].copy(), label=label
        )

    def to_json(self) -> dict:
        """The result as JSON (what the disk cache and ``--output x.json`` hold).

        Returns:
            A dict of plain numbers, strings and lists.
        """
        return {
            "model": self.model,
            "low": self.low,
            "high": self.high,
            "n_reviews": self.n_reviews,
            "n_steps": self.n_steps,
            "bins": self.bins,
            "convention": self.convention,
            "gates": [g.to_json() for g in self.gates],
        }

    @classmethod
    def from_json(cls, d: dict) -> Saturation:
        """Read back ``to_json``'s dict.

        Args:
            d: a dict ``to_json`` wrote.

        Returns:
            The ``Saturation``.
        """
        return cls(
            d["model"],
            float(d["low"]),
            float(d["high"]),
            int(d["n_reviews"]),
            int(d["n_steps"]),
            [GateSaturation.from_json(g) for g in d["gates"]],
            int(d["bins"]),
            d.get("convention", "keras"),
        )

    def csv_rows(self) -> list[list]:
        """The rows of ``to_csv``.

        Returns:
            One list per unit, in the order of ``csv_columns``.
        """
        directions = self.has_directions
        return [
            [
                self.model,
                g.layer_number,
                *([g.layer_direction or ""] if directions else []),
                g.layer_name,
                g.cell,
                g.gate,
                g.label or g.gate,
                u,
                float(g.left[u]),
                float(g.right[u]),
                self.n_steps,
            ]
            for g in self.gates
            for u in range(g.units)
        ]

    def to_csv(self) -> str:
        """The fractions as CSV text.

        Returns:
            One row per unit: ``model,layer,layer_name,cell,gate,label,unit,left,right,
            n_steps`` (``layer`` counted from 1, as in ``layer1/f``); a model with a
            Bidirectional layer has a ``direction`` column after ``layer``.
        """
        return files.csv_text(self.csv_columns, self.csv_rows())

    @property
    def has_directions(self) -> bool:
        """True when a layer is a direction of a Bidirectional one."""
        return any(g.layer_direction for g in self.gates)

    @property
    def csv_columns(self) -> list[str]:
        """The columns of ``to_csv``: ``CSV_COLUMNS``, with ``direction`` after ``layer``
        for a model with a Bidirectional layer."""
        if not self.has_directions:
            return CSV_COLUMNS
        return [*CSV_COLUMNS[:2], "direction", *CSV_COLUMNS[2:]]


class _Tally:
    """Running counts of one gate: steps below low / above high per unit, histogram.

    Args:
        units: the layer's width.
        bins: histogram bins on [0, 1].
    """

    def __init__(self, units: int, bins: int) -> None:
        self.left = np.zeros(units, np.int64)
        self.right = np.zeros(units, np.int64)
        self.hist = np.zeros(bins, np.int64)


class _Counter:
    """Running sums of saturated steps and histograms, batch by batch.

    Args:
        tracer: traces the model (its layers and gates).
        low: a gate is saturated low below this.
        high: a gate is saturated high above this.
        bins: histogram bins on [0, 1].

    Raises:
        ValueError: not ``0 <= low <= high <= 1``, or ``bins < 1``.
    """

    def __init__(self, tracer: Tracer, low: float, high: float, bins: int) -> None:
        if not 0.0 <= low <= high <= 1.0:
            raise ValueError(f"thresholds must satisfy 0 <= low <= high <= 1, got {low}, {high}")
        if bins < 1:
            raise ValueError("bins must be at least 1")
        self.tracer, self.low, self.high, self.bins = tracer, low, high, bins
        self.keys = [(k, g) for k, kind in enumerate(tracer.kinds) for g in kind.sigmoid_gates]
        units = {k: cell.units for k, cell in enumerate(tracer.cells)}
        self.left = {key: np.zeros(units[key[0]], np.int64) for key in self.keys}
        self.right = {key: np.zeros(units[key[0]], np.int64) for key in self.keys}
        self.hist = {key: np.zeros(bins, np.int64) for key in self.keys}
        # the paper's update gate 1 − z, counted for itself (GRU z only)
        self.paper = {
            key: _Tally(units[key[0]], bins)
            for key in self.keys
            if key[1] in tracer.kinds[key[0]].paper_complement
        }
        self.n_steps = 0
        self.n_reviews = 0

    def add(self, per_layer: list[dict[str, np.ndarray]], real: np.ndarray) -> None:
        """Count one batch.

        Args:
            per_layer: ``Tracer.run``'s gates, each ``(B, T, units)``.
            real: ``(B, T)`` bool, True on the steps to count.
        """
        self.n_steps += int(real.sum())
        self.n_reviews += len(real)
        for k, g in self.keys:
            values = per_layer[k][g][real]  # (n_real, units)
            self.left[k, g] += (values < self.low).sum(axis=0)
            self.right[k, g] += (values > self.high).sum(axis=0)
            self.hist[k, g] += self._bin_counts(values)
            if (k, g) in self.paper:
                paper = 1.0 - values
                tally = self.paper[k, g]
                tally.left += (paper < self.low).sum(axis=0)
                tally.right += (paper > self.high).sum(axis=0)
                tally.hist += self._bin_counts(paper)

    def _bin_counts(self, values: np.ndarray) -> np.ndarray:
        """``(bins,)`` counts of ``values`` over equal bins on [0, 1]."""
        idx = np.clip((values * self.bins).astype(np.int64), 0, self.bins - 1)
        return np.bincount(idx.ravel(), minlength=self.bins)

    def result(self, model: str) -> Saturation:
        n = max(self.n_steps, 1)
        gates = []
        for k, g in self.keys:
            name, cell = self.tracer.layer_names[k], self.tracer.cell_kinds[k]
            where = c.of_layer(self.tracer, k)
            paper = None
            if (k, g) in self.paper:
                tally = self.paper[k, g]
                paper = GateSaturation(
                    k, name, cell, g, tally.left / n, tally.right / n, tally.hist.copy(), **where
                )
            gates.append(
                GateSaturation(
                    k,
                    name,
                    cell,
                    g,
                    self.left[k, g] / n,
                    self.right[k, g] / n,
                    self.hist[k, g].copy(),
                    paper=paper,
                    **where,
                )
            )
        return Saturation(
            model, self.low, self.high, self.n_reviews, self.n_steps, gates, self.bins
        )


def compute_saturation(
    tracer: Tracer,
    x: np.ndarray,
    low: float = 0.1,
    high: float = 0.9,
    bins: int = 20,
    batch_size: int = c.DEFAULT_BATCH,
    progress: c.Progress | None = None,
    model: str = "",
) -> Saturation:
    """Saturation of ``tracer``'s model over some reviews, with no caching (see
    ``saturation``). Streams them in batches (one batch of traces held at a time) and
    counts only real steps (id ≠ 0).

    Args:
        tracer: traces the model.
        x: ``(N, T)`` int ids.
        low: a gate is saturated low below this.
        high: a gate is saturated high above this.
        bins: histogram bins on [0, 1].
        batch_size: reviews traced at a time.
        progress: ``progress(done, total)`` after every batch.
        model: the model's name, for the result.

    Returns:
        The ``Saturation`` (Keras convention).

    Raises:
        ValueError: bad thresholds or bins.
    """
    counter = _Counter(tracer, low, high, bins)
    for rows, per_layer, _ in c.stream(tracer, x, batch_size, progress):
        counter.add(per_layer, ~c.pad_mask(x[rows]))
    return counter.result(model)


#: Saturation of a model folder's model over the test set (or a fixed sample of
#: ``limit`` reviews): ``saturation(bundle, corpus, low, high, bins=20, limit=None)``
#: gives the ``Saturation`` (Keras convention), cached on disk by model file, reviews,
#: thresholds and bins; ``0 <= low <= high <= 1`` (``ValueError`` otherwise).
saturation: Analysis[Saturation] = Analysis(
    "saturation",
    (
        Param("low", float, 0.1, "left-saturated below (0.1)", low=0, high=1),
        Param("high", float, 0.9, "right-saturated above (0.9)", low=0, high=1),
        Param("bins", int, 20, "histogram bins on [0, 1] (20)", low=1),
    ),
    compute_saturation,
    c.Stored.json(Saturation.from_json),
    "progress.saturation",
    version=1,  # 1: a Bidirectional layer's gates carry their layer number and direction
)


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
        """The result as JSON (what the disk cache and ``--output x.json`` hold).

        Returns:
            A dict of plain numbers, strings and lists.
        """
        return {
            "model": self.model,
            "epochs": self.epochs,
            "per_epoch": [s.to_json() for s in self.per_epoch],
            "review_rows": self.review_rows.tolist(),
            "history": self.history,
        }

    @classmethod
    def from_json(cls, d: dict) -> SaturationHistory:
        """Read back ``to_json``'s dict.

        Args:
            d: a dict ``to_json`` wrote.

        Returns:
            The ``SaturationHistory``.
        """
        return cls(
            d["model"],
            [int(e) for e in d["epochs"]],
            [Saturation.from_json(s) for s in d["per_epoch"]],
            np.asarray(d["review_rows"], np.int64),
            d.get("history", []),
        )

    def to_csv(self) -> str:
        """Every epoch's saturation as CSV text.

        Returns:
            The rows of ``Saturation.to_csv`` with an ``epoch`` column first.
        """
        return files.csv_text(
            ["epoch", *(self.per_epoch[0].csv_columns if self.per_epoch else CSV_COLUMNS)],
            [
                [epoch, *row]
                for epoch, sat in zip(self.epochs, self.per_epoch, strict=True)
                for row in sat.csv_rows()
            ],
        )


def epoch_files(model_dir: str | os.PathLike) -> list[tuple[int, Path]]:
    """The per-epoch weights a model folder kept.

    Args:
        model_dir: the model folder.

    Returns:
        ``(epoch, path)`` of every ``epochs/epoch_NNN.weights.h5``, in epoch order.
    """
    folder = Path(model_dir) / "epochs"
    found = []
    for p in sorted(folder.glob("epoch_*.weights.h5")) if folder.is_dir() else []:
        try:
            found.append((int(p.name[len("epoch_") :].split(".")[0]), p))
        except ValueError:
            continue
    return sorted(found)


def saturation_epochs(
    bundle: ModelBundle,
    corpus: Corpus,
    n_reviews: int = 1000,
    low: float = 0.1,
    high: float = 0.9,
    bins: int = 20,
    seed: int = 0,
    batch_size: int = c.DEFAULT_BATCH,
    cache: bool = True,
    progress: c.Progress | None = None,
) -> SaturationHistory:
    """Saturation and gate histograms after every epoch kept by
    ``train(..., keep_epochs=True)``, over the same test reviews for every epoch,
    cached on disk by the epochs' weight files, reviews, thresholds and bins.

    Args:
        bundle: a model folder's model that kept its epochs (``epochs/``).
        corpus: the dataset encoded with the model's vocabulary (``corpus_for``).
        n_reviews: how many test reviews, drawn with ``seed``.
        low: a gate is saturated low below this (``0 <= low <= high``).
        high: a gate is saturated high above this (``high <= 1``).
        bins: histogram bins on [0, 1].
        seed: draws the reviews.
        batch_size: reviews traced at a time.
        cache: read and write the disk cache.
        progress: ``progress(done, total)`` after every epoch (not called on a cache hit).

    Returns:
        The ``SaturationHistory``, one ``Saturation`` per kept epoch.

    Raises:
        NoEpochsError: the folder kept no per-epoch weights.
        DatasetMismatchError: ``corpus`` was encoded with another vocabulary.
        ValueError: bad thresholds or bins.
    """
    import keras

    c.check_corpus(bundle, corpus)
    if bundle.path is None or not epoch_files(bundle.path):
        raise NoEpochsError(
            f"model {bundle.name!r} kept no per-epoch weights (epochs/); "
            "train it with --keep-epochs"
        )
    kept = epoch_files(bundle.path)
    rng = np.random.default_rng(seed)
    n = min(int(n_reviews), corpus.n_test)
    rows = np.sort(rng.permutation(corpus.n_test)[:n])
    x = corpus.x_test[rows]
    path = c.cache_path(
        "saturation_epochs",
        [files.file_digest(p) for _, p in kept] if cache else None,
        c.array_digest(x),
        float(low),
        float(high),
        int(bins),
    )

    def compute() -> SaturationHistory:
        tracer = Tracer(keras.models.clone_model(bundle.model))
        per_epoch = []
        for i, (epoch, weights) in enumerate(kept):
            tracer.load_weights(weights)
            per_epoch.append(
                compute_saturation(
                    tracer, x, low, high, bins, batch_size, model=f"{bundle.name} epoch {epoch}"
                )
            )
            if progress is not None:
                progress(i + 1, len(kept))
        return SaturationHistory(
            bundle.name, [e for e, _ in kept], per_epoch, rows, list(bundle.history)
        )

    return c.cached_json(path, compute, SaturationHistory.from_json)
