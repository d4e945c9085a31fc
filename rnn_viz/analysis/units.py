"""What single units respond to across the test set.

* ``unit_search`` (LSTMVis "match"): the longest runs of consecutive real steps
  where one unit of one gate or state is on (above, or below, a threshold),
  with the phrase, its context, the review's label and the model's prediction.
* ``words_per_unit`` (RNNVis "expected response"): for every word, the mean
  change of every unit's hidden (and, for an LSTM, cell) state at the steps
  where that word is read.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rnn_viz.analysis import _common as c
from rnn_viz.analysis.spec import REQUIRED, Analysis, Param
from rnn_viz.core import files
from rnn_viz.core.capture import Tracer
from rnn_viz.core.errors import RnnVizError
from rnn_viz.core.text import OOV_ID, OOV_WORD
from rnn_viz.datasets import Corpus
from rnn_viz.i18n import t


class NoSuchUnitError(RnnVizError, ValueError):
    """A layer, gate, unit or word the model does not have; the message says which."""


# --------------------------------------------------------------------------- #
# Unit search
# --------------------------------------------------------------------------- #
@dataclass
class UnitMatch:
    """One run of steps ``start..end`` (inclusive, step indices of the padded
    review) of test review ``review`` where the unit was on."""

    review: int
    start: int
    end: int
    mean_value: float
    phrase: list[str]
    before: list[str]
    after: list[str]
    label: int
    prediction: float | None

    @property
    def length(self) -> int:
        """How many steps the run lasts."""
        return self.end - self.start + 1

    def to_json(self) -> dict:
        """The match as JSON (``phrase``, ``before``, ``after`` joined by spaces).

        Returns:
            A dict of plain values.
        """
        return {
            "review": self.review,
            "start": self.start,
            "end": self.end,
            "length": self.length,
            "mean_value": self.mean_value,
            "phrase": " ".join(self.phrase),
            "before": " ".join(self.before),
            "after": " ".join(self.after),
            "label": self.label,
            "prediction": self.prediction,
        }


@dataclass
class UnitSearch(c.OfLayer):
    """The ``top`` longest runs where unit ``unit`` of ``gate`` in layer ``layer``
    (0-based) was above (``above``) or below ``cut``, longest first. ``cut`` is
    ``threshold`` itself, or with ``percentile`` the ``threshold``-th percentile (0–100)
    of the unit's values over the real words of the reviews read."""

    model: str
    layer: int
    layer_name: str
    gate: str
    unit: int
    threshold: float
    above: bool
    n_reviews: int
    n_runs: int  # runs found in all, before keeping the ``top`` longest
    matches: list[UnitMatch]
    percentile: bool = False
    cut: float = float("nan")

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.percentile and math.isnan(self.cut):
            self.cut = self.threshold

    def to_json(self) -> dict:
        """The result as JSON (what the disk cache and ``--output x.json`` hold).

        Returns:
            A dict of plain numbers, strings and lists.
        """
        return {
            "model": self.model,
            "layer": self.layer + 1,
            "layer_name": self.layer_name,
            "gate": self.gate,
            "unit": self.unit,
            "threshold": self.threshold,
            "direction": "above" if self.above else "below",
            "percentile": self.percentile,
            "cut": self.cut,
            "n_reviews": self.n_reviews,
            "n_runs": self.n_runs,
            "matches": [m.to_json() for m in self.matches],
            **self.layer_json(),
        }

    @classmethod
    def from_json(cls, d: dict) -> UnitSearch:
        """Read back ``to_json``'s dict.

        Args:
            d: a dict ``to_json`` wrote.

        Returns:
            The ``UnitSearch``.
        """
        matches = [
            UnitMatch(
                m["review"],
                m["start"],
                m["end"],
                m["mean_value"],
                m["phrase"].split(" ") if m["phrase"] else [],
                m["before"].split(" ") if m["before"] else [],
                m["after"].split(" ") if m["after"] else [],
                m["label"],
                m["prediction"],
            )
            for m in d["matches"]
        ]
        return cls(
            d["model"],
            int(d["layer"]) - 1,
            d["layer_name"],
            d["gate"],
            int(d["unit"]),
            float(d["threshold"]),
            d["direction"] == "above",
            int(d["n_reviews"]),
            int(d["n_runs"]),
            matches,
            bool(d.get("percentile", False)),
            float(d.get("cut", d["threshold"])),
            **c.layer_from_json(d),
        )

    def table(self) -> list[dict]:
        """One row per match for display, keyed by stable identifiers (headers:
        ``column_labels``); ``to_csv`` writes the same matches for files.

        Returns:
            Rows ``{"review", "steps" ("start–end"), "length", "mean_value", "before",
            "phrase", "after", "label" (the verdict, in the current language),
            "p(positive)" (None without a readout)}``.
        """
        return [
            {
                "review": m.review,
                "steps": f"{m.start}–{m.end}",
                "length": m.length,
                "mean_value": m.mean_value,
                "before": " ".join(m.before),
                "phrase": " ".join(m.phrase),
                "after": " ".join(m.after),
                "label": t("ui.positive" if m.label else "ui.negative"),
                "p(positive)": m.prediction,
            }
            for m in self.matches
        ]

    def to_csv(self) -> str:
        """The matches as CSV text (stable English columns, for files).

        Returns:
            One row per match: ``review,start,end,length,mean_value,before,phrase,after,
            label,prediction``.
        """
        cols = [
            "review",
            "start",
            "end",
            "length",
            "mean_value",
            "before",
            "phrase",
            "after",
            "label",
            "prediction",
        ]
        rows = [
            [m.to_json()[k] if m.to_json()[k] is not None else "" for k in cols]
            for m in self.matches
        ]
        return files.csv_text(cols, rows)


def find_runs(on: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Maximal runs of True along the last axis.

    Args:
        on: ``(B, T)`` bool.

    Returns:
        ``(row, start, end)`` int arrays, ``end`` inclusive, in row-major order.
    """
    on = np.asarray(on, bool)
    edges = np.diff(np.pad(on, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    row_s, start = np.nonzero(edges == 1)
    _, stop = np.nonzero(edges == -1)
    return row_s, start, stop - 1


def _resolve_gate(tracer: Tracer, layer: int, gate: str, unit: int) -> None:
    if not 0 <= layer < len(tracer.cells):
        raise NoSuchUnitError(
            f"layer must be 1..{len(tracer.cells)} (counted from 1), got {layer + 1}"
        )
    cell, kind = tracer.cells[layer], tracer.kinds[layer]
    if gate not in kind.gates:
        raise NoSuchUnitError(
            f"layer {layer + 1} ({kind.title}) has no gate {gate!r}; it has {', '.join(kind.gates)}"
        )
    if not 0 <= unit < cell.units:
        raise NoSuchUnitError(f"unit must be 0..{cell.units - 1} in layer {layer + 1}, got {unit}")


def compute_unit_search(
    tracer: Tracer,
    corpus: Corpus,
    rows: np.ndarray,
    layer: int,
    gate: str,
    unit: int,
    threshold: float,
    above: bool = True,
    top: int = 20,
    context: int = 5,
    percentile: bool = False,
    batch_size: int = c.DEFAULT_BATCH,
    progress: c.Progress | None = None,
    model: str = "",
) -> UnitSearch:
    """Unit search over the test reviews ``rows``, with no caching (see ``unit_search``).

    Args:
        tracer: traces the model.
        corpus: the dataset encoded with the model's vocabulary.
        rows: ``(N,)`` the test reviews to read (rows of ``corpus.x_test``), in order.
        layer: 0-based layer index.
        gate: a gate or state of that layer (``tracer.kinds[layer].gates``).
        unit: the unit, ``0 <= unit < units``.
        threshold: the unit is on where its value is above (``above``) or below it; with
            ``percentile``, where it is above or below this percentile (0–100) of its
            values over the real words of the reviews read.
        above: the direction.
        top: how many runs to keep, longest first; ties: earlier review, then earlier step.
        context: words kept either side of a run for display.
        percentile: ``threshold`` is a percentile of the unit's values, not a value.
        batch_size: reviews traced at a time.
        progress: ``progress(done, total)`` after every batch.
        model: the model's name, for the result.

    Returns:
        The ``UnitSearch``; its matches name reviews by their test-set index.

    Raises:
        NoSuchUnitError: no such layer, gate or unit, or a percentile outside 0–100.
    """
    _resolve_gate(tracer, layer, gate, unit)
    if percentile and not 0 <= threshold <= 100:
        raise NoSuchUnitError(f"a percentile is between 0 and 100, not {threshold:g}")
    rows = np.asarray(rows)
    x = corpus.x_test[rows]
    values = np.empty(x.shape, np.float32)  # the unit's value at every step of every review
    final = np.full(len(x), np.nan)  # p(positive) after the last step (binary readout)
    for batch, per_layer, prob in c.stream(tracer, x, batch_size, progress):
        values[batch] = per_layer[layer][gate][..., unit]
        if prob is not None and prob.ndim == 2:
            final[batch] = prob[:, -1]
    real = ~c.pad_mask(x)
    cut = (
        float(np.percentile(values[real], threshold))
        if percentile and real.any()
        else float(threshold)
    )
    on = ((values > cut) if above else (values < cut)) & real
    r, s, e = find_runs(on)
    n_runs = len(r)
    # candidates: (length, row of x, start, end, mean value, prediction), best kept
    keep = np.zeros((0, 6))
    if n_runs:
        csum = np.concatenate([np.zeros((len(values), 1)), np.cumsum(values, axis=1)], axis=1)
        means = (csum[r, e + 1] - csum[r, s]) / (e - s + 1)
        keep = _best(np.stack([e - s + 1, r, s, e, means, final[r]], axis=1), top)

    matches = []
    for _length, row, start, end, mean, pred in keep:
        row, start, end = int(row), int(start), int(end)
        review = int(rows[row])
        enc = corpus.vocab.encode(corpus.text("test", review))
        tokens = (
            enc.tokens
            if np.array_equal(enc.ids, x[row])
            else [corpus.vocab.words[i] for i in x[row]]
        )
        first = int(np.argmax(~c.pad_mask(x[row])))
        matches.append(
            UnitMatch(
                review=review,
                start=start,
                end=end,
                mean_value=float(mean),
                phrase=tokens[start : end + 1],
                before=tokens[max(first, start - context) : start],
                after=tokens[end + 1 : end + 1 + context],
                label=int(corpus.y_test[review]),
                prediction=None if np.isnan(pred) else float(pred),
            )
        )
    return UnitSearch(
        model,
        layer,
        tracer.layer_names[layer],
        gate,
        unit,
        float(threshold),
        bool(above),
        len(x),
        n_runs,
        matches,
        bool(percentile),
        cut,
        **c.of_layer(tracer, layer),
    )


def _check_gate(tracer: Tracer, params: Mapping[str, Any]) -> None:
    """``_resolve_gate`` of a unit search's parameters, before a cache hit could hide a
    bad request."""
    _resolve_gate(tracer, params["layer"], params["gate"], params["unit"])


#: The ``top`` longest runs of real steps where ``gate[unit]`` of layer ``layer``
#: (0-based) is ``> threshold`` (``above``) or ``< threshold`` over the test set (or a
#: fixed sample of ``limit`` reviews): ``unit_search(bundle, corpus, layer, gate, unit,
#: threshold, above=True, top=20, context=5)`` gives the ``UnitSearch``, cached on disk
#: by model file, reviews and parameters; no such layer, gate or unit: ``NoSuchUnitError``.
unit_search: Analysis[UnitSearch] = Analysis(
    "unit_search",
    (
        Param("layer", int, 0, "layer, counted from 1 (1)", low=0, counted_from=1),
        Param("gate", str, "h", "gate or state: LSTM i f g o c h, GRU z r hh h"),
        Param("unit", int, REQUIRED, "unit, counted from 0", low=0),
        Param("threshold", float, REQUIRED),
        Param("above", bool, True, "on means below the threshold", flag="--below"),
        Param("top", int, 20, "how many runs (20)", low=1),
        Param("context", int, 5, "words shown either side (5)", low=0),
        Param(
            "percentile",
            bool,
            False,
            "the threshold is a percentile (0-100) of the unit's values over real words",
        ),
    ),
    compute_unit_search,
    c.Stored.json(UnitSearch.from_json),
    "progress.unit_search",
    reads="rows",
    check=_check_gate,
    version=2,  # 1: the searched layer's number and direction; 2: percentile, cut
)


def _best(cand: np.ndarray, top: int) -> np.ndarray:
    """The ``top`` rows of ``cand`` (length, review, start, …): longest, then earliest."""
    order = np.lexsort((cand[:, 2], cand[:, 1], -cand[:, 0]))
    return cand[order[:top]]


# --------------------------------------------------------------------------- #
# Words per unit
# --------------------------------------------------------------------------- #
@dataclass
class WordsPerUnit:
    """Mean change of every unit's state when each word is read.

    ``counts``: ``(V,)`` how many real steps read word id ``v`` over the reviews;
    ``mean[key]``: ``(V, units)`` mean of ``state_t − state_{t−1}`` over those
    steps (NaN where ``counts`` is 0), with ``key`` = ``"layer{k}/{state}"``
    (k from 1; state ``h``, and ``c`` for an LSTM; ``"layer{k}/fwd/h"``,
    ``"layer{k}/bwd/h"`` for the directions of a Bidirectional layer, whose backward
    state before word t is the one after word t + 1). The state before the first
    real word is the state after the padding steps, as the model computes it.
    """

    model: str
    words: tuple[str, ...]
    counts: np.ndarray
    mean: dict[str, np.ndarray]
    n_reviews: int
    layer_names: list[str] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        """The states measured, ``"layer{k}/{state}"``, in layer order."""
        return list(self.mean)

    def select(self, min_count: int = 1) -> np.ndarray:
        """The words seen often enough.

        Args:
            min_count: fewest steps that read the word (at least 1).

        Returns:
            Their ids, most frequent first.
        """
        ids = np.flatnonzero(self.counts >= max(1, min_count))
        return ids[np.lexsort((ids, -self.counts[ids]))]

    def table(
        self, key: str, min_count: int = 1, sort_unit: int | None = None, descending: bool = True
    ) -> list[dict]:
        """The words seen often enough and each unit's mean change when they are read,
        keyed by stable identifiers (headers: ``column_labels``).

        Args:
            key: ``"layer{k}/{state}"`` (one of ``keys``).
            min_count: fewest steps that read the word.
            sort_unit: sort by this unit's mean change; None: by frequency.
            descending: largest change first (with ``sort_unit``).

        Returns:
            Rows ``{"word", "id", "count", "delta": (units,)}``.
        """
        ids = self.select(min_count)
        if sort_unit is not None:
            vals = self.mean[key][ids, sort_unit]
            ids = ids[np.argsort(-vals if descending else vals, kind="stable")]
        return [
            {
                "word": self.words[i],
                "id": int(i),
                "count": int(self.counts[i]),
                "delta": self.mean[key][i],
            }
            for i in ids
        ]

    def top(
        self, key: str, unit: int, n: int = 10, min_count: int = 1
    ) -> tuple[list[tuple[str, float, int]], list[tuple[str, float, int]]]:
        """The words that move one unit most.

        Args:
            key: ``"layer{k}/{state}"``.
            unit: the unit.
            n: words in each list.
            min_count: fewest steps that read the word.

        Returns:
            ``(raisers, lowerers)``: the ``n`` words that raise / lower ``unit`` most,
            each ``(word, mean change, count)``.
        """
        ids = self.select(min_count)
        vals = self.mean[key][ids, unit]
        order = np.argsort(-vals, kind="stable")
        rows = [
            (self.words[i], float(v), int(self.counts[i]))
            for i, v in zip(ids[order], vals[order], strict=True)
        ]
        return rows[:n], rows[::-1][:n]

    def to_csv(self, min_count: int = 1) -> str:
        """The means as CSV text.

        Args:
            min_count: fewest steps that read a word listed.

        Returns:
            One row per word: ``word,id,count`` then one column per
            ``layer{k}/{state}[unit]``.
        """
        ids = self.select(min_count)
        cols = ["word", "id", "count"] + [
            f"{key}[{u}]" for key in self.mean for u in range(self.mean[key].shape[1])
        ]
        rows = [
            [self.words[i], int(i), int(self.counts[i])]
            + [float(v) for key in self.mean for v in self.mean[key][i]]
            for i in ids
        ]
        return files.csv_text(cols, rows)

    def to_json(self, min_count: int = 1) -> dict:
        """The words seen often enough, with each state's mean change per unit, as JSON.

        Args:
            min_count: fewest steps that read a word listed.

        Returns:
            ``{"model", "n_reviews", "min_count", "layer_names", "words": [...]}``.
        """
        ids = self.select(min_count)
        return {
            "model": self.model,
            "n_reviews": self.n_reviews,
            "min_count": min_count,
            "layer_names": self.layer_names,
            "words": [
                {
                    "word": self.words[i],
                    "id": int(i),
                    "count": int(self.counts[i]),
                    **{key: self.mean[key][i].tolist() for key in self.mean},
                }
                for i in ids
            ],
        }

    def save_npz(self, path: str | os.PathLike) -> None:
        """Write every word's counts and means (read back by ``load_npz``).

        Args:
            path: the ``.npz`` file.
        """
        arrays: dict[str, Any] = {
            "words": np.array(self.words, dtype=str),
            "counts": self.counts,
            "n_reviews": np.array(self.n_reviews),
            "model": np.array(self.model),
            "layer_names": np.array(self.layer_names, dtype=str),
            **{f"mean/{k}": v for k, v in self.mean.items()},
        }
        np.savez(path, **arrays)

    @classmethod
    def load_npz(cls, path: str | os.PathLike) -> WordsPerUnit:
        """Read a file ``save_npz`` wrote.

        Args:
            path: the ``.npz`` file.

        Returns:
            The ``WordsPerUnit``.
        """
        with np.load(path, allow_pickle=False) as f:
            mean = {k[len("mean/") :]: f[k] for k in f.files if k.startswith("mean/")}
            return cls(
                str(f["model"]),
                tuple(str(w) for w in f["words"]),
                f["counts"],
                mean,
                int(f["n_reviews"]),
                [str(n) for n in f["layer_names"]],
            )


def compute_words_per_unit(
    tracer: Tracer,
    corpus: Corpus,
    rows: np.ndarray,
    batch_size: int = c.DEFAULT_BATCH,
    progress: c.Progress | None = None,
    model: str = "",
) -> WordsPerUnit:
    """``WordsPerUnit`` of ``tracer``'s model over some reviews, with no caching (see
    ``words_per_unit``). Streams in batches; sums per word with bincount.

    Args:
        tracer: traces the model.
        corpus: the dataset encoded with the model's vocabulary.
        rows: ``(N,)`` the test reviews to read (rows of ``corpus.x_test``).
        batch_size: reviews traced at a time.
        progress: ``progress(done, total)`` after every batch.
        model: the model's name, for the result.

    Returns:
        The ``WordsPerUnit``.
    """
    x, words = corpus.x_test[np.asarray(rows)], corpus.vocab.words
    V = len(words)
    keys = [(k, s) for k, kind in enumerate(tracer.kinds) for s in kind.states]
    sums = {key: np.zeros((V, tracer.cells[key[0]].units)) for key in keys}
    counts = np.zeros(V, np.int64)
    for batch, per_layer, _ in c.stream(tracer, x, batch_size, progress):
        ids = x[batch]
        real = ~c.pad_mask(ids)
        read = ids[real]
        counts += np.bincount(read, minlength=V)[:V]
        for k, s in keys:
            state = per_layer[k][s]  # (B, T, units)
            delta = c.step_change(state, tracer.directions[k])[real]
            for u in range(delta.shape[1]):
                sums[k, s][:, u] += np.bincount(read, weights=delta[:, u], minlength=V)[:V]
    prefixes = c.layer_prefixes(tracer)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = {
            f"{prefixes[k]}/{s}": (sums[k, s] / counts[:, None]).astype(np.float32) for k, s in keys
        }
    return WordsPerUnit(model, tuple(words), counts, mean, len(x), list(tracer.layer_names))


#: ``WordsPerUnit`` of a model folder's model over the test set (or a fixed sample of
#: ``limit`` reviews): ``words_per_unit(bundle, corpus)``, cached on disk by model file
#: and reviews (``min_count`` is applied when reading the result).
words_per_unit: Analysis[WordsPerUnit] = Analysis(
    "words_per_unit",
    (),
    compute_words_per_unit,
    c.Stored(".npz", WordsPerUnit.load_npz, WordsPerUnit.save_npz),
    "progress.words_per_unit",
    reads="rows",
    version=1,  # 1: keys layer{k}/fwd|bwd/state for a Bidirectional layer
)


def reviews_with_word(corpus: Corpus, word: str, limit: int = 20) -> list[tuple[int, int]]:
    """The test reviews that read a word (as the model reads it).

    Args:
        corpus: the encoded dataset.
        word: a vocabulary word, or ``[UNK]`` for out-of-vocabulary steps.
        limit: the most reviews listed.

    Returns:
        ``(review index, occurrences)``, most occurrences first.

    Raises:
        NoSuchUnitError: the word is outside the vocabulary.
    """
    if word == OOV_WORD:
        wid = OOV_ID
    else:
        tokens = corpus.vocab.tokenizer.words(word)
        wid = corpus.vocab.ids(tokens)[0] if len(tokens) == 1 else OOV_ID
        if wid == OOV_ID:
            raise NoSuchUnitError(f"{word!r} is not in the model's vocabulary")
    hits = (corpus.x_test == wid).sum(axis=1)
    rows = np.flatnonzero(hits)
    rows = rows[np.argsort(-hits[rows], kind="stable")][:limit]
    return [(int(r), int(hits[r])) for r in rows]
