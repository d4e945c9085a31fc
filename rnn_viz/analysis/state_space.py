"""The hidden-state space: every layer's final states over a sample of test reviews,
and a PCA (scikit-learn) of the last layer's final hidden state h_T, through which
one review's path h_1..h_T can be drawn.

The final states are read from the ``Tracer`` (what the model computes, exactly),
streamed in batches and cached on disk by model file and reviews; the sentiment-unit
probes (``analysis.probes``) read the same states.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.decomposition import PCA

from rnn_viz.analysis import _common as c
from rnn_viz.analysis.metrics import DiagnosticsError
from rnn_viz.analysis.spec import Analysis
from rnn_viz.core.capture import Trace, Tracer
from rnn_viz.datasets import Corpus

if TYPE_CHECKING:
    pass

#: Test reviews whose final states are read by default (a fixed random sample, seed 0).
STATE_SAMPLE = 2000


@dataclass
class FinalStates:
    """Every layer's state after the last step of ``n`` test reviews.

    Attributes:
        rows: ``(n,)`` the test reviews (rows of ``corpus.x_test``).
        labels: ``(n,)`` their labels, 1 positive.
        prob: ``(n,)`` the model's p(positive), or None without a probability head.
        states: ``{"layer{k}/{state}": (n, units)}`` (k from 1) for every state the layer
            carries (``CellKind.states``: h, and c for an LSTM); ``"layer{k}/fwd/h"``,
            ``"layer{k}/bwd/h"`` for a Bidirectional layer, the backward one after it has
            read the whole review (its first step in reading order).
        layer_names: the recurrent layers' names; ``kinds``: each one's kind key
            (``"lstm"``, ``"gru"``, ``"rnn"``).
    """

    model: str
    rows: np.ndarray
    labels: np.ndarray
    prob: np.ndarray | None
    states: dict[str, np.ndarray]
    layer_names: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        """How many reviews."""
        return len(self.rows)

    @property
    def last_h(self) -> str:
        """The key of the last layer's hidden state (its forward direction's, for a
        Bidirectional layer)."""
        return [key for key in self.states if key.endswith("/h") and "/bwd/" not in key][-1]

    def save_npz(self, path: str | os.PathLike) -> None:
        """Write the states (read back by ``load_npz``).

        Args:
            path: the ``.npz`` file.
        """
        arrays: dict[str, Any] = {
            "model": np.array(self.model),
            "rows": self.rows,
            "labels": self.labels,
            "layer_names": np.array(self.layer_names, dtype=str),
            "kinds": np.array(self.kinds, dtype=str),
            **({} if self.prob is None else {"prob": self.prob}),
            **{f"state/{k}": v for k, v in self.states.items()},
        }
        np.savez(path, **arrays)

    @classmethod
    def load_npz(cls, path: Path) -> FinalStates:
        """Read a file ``save_npz`` wrote.

        Args:
            path: the ``.npz`` file.

        Returns:
            The ``FinalStates``.
        """
        with np.load(path, allow_pickle=False) as f:
            states = {k[len("state/") :]: f[k] for k in f.files if k.startswith("state/")}
            return cls(
                str(f["model"]),
                f["rows"],
                f["labels"],
                f["prob"] if "prob" in f.files else None,
                states,
                [str(n) for n in f["layer_names"]],
                [str(k) for k in f["kinds"]],
            )


def compute_final_states(
    tracer: Tracer,
    corpus: Corpus,
    rows: np.ndarray,
    batch_size: int = c.DEFAULT_BATCH,
    progress: c.Progress | None = None,
    model: str = "",
) -> FinalStates:
    """Trace the test reviews ``rows`` and keep every layer's state after the last step.

    Args:
        tracer: traces the model.
        corpus: the dataset encoded with the model's vocabulary.
        rows: ``(n,)`` rows of ``corpus.x_test``.
        batch_size: reviews traced at a time.
        progress: ``progress(done, total)`` after every batch.
        model: the model's name, for the result.

    Returns:
        The ``FinalStates``.

    Raises:
        DiagnosticsError: ``rows`` is empty.
    """
    rows = np.asarray(rows)
    if not len(rows):
        raise DiagnosticsError("no test review to read final states from")
    x = corpus.x_test[rows]
    kinds = tracer.cell_kinds
    keys = [(k, s) for k, kind in enumerate(tracer.kinds) for s in kind.states]
    prefixes = c.layer_prefixes(tracer)
    parts: dict[str, list[np.ndarray]] = {f"{prefixes[k]}/{s}": [] for k, s in keys}
    probs: list[np.ndarray] = []
    for _, per_layer, prob in c.stream(tracer, x, batch_size, progress):
        for k, s in keys:
            final = c.final_step(tracer.directions[k])
            parts[f"{prefixes[k]}/{s}"].append(per_layer[k][s][:, final])
        if prob is not None:
            probs.append(prob[:, -1])
    states = {key: np.concatenate(v) for key, v in parts.items()}
    prob = np.concatenate(probs).astype(np.float32) if tracer.has_readout and probs else None
    return FinalStates(
        model,
        rows,
        np.asarray(corpus.y_test)[rows].astype(np.int32),
        prob,
        states,
        list(tracer.layer_names),
        list(kinds),
    )


#: Every layer's final states over a fixed random sample of ``limit`` test reviews
#: (``_common.subset``, seed 0; default ``STATE_SAMPLE``; None: all):
#: ``final_states(bundle, corpus, limit=...)`` gives the ``FinalStates``, cached on disk
#: by model file and reviews.
final_states: Analysis[FinalStates] = Analysis(
    "final_states",
    (),
    compute_final_states,
    c.Stored(".npz", FinalStates.load_npz, lambda result, tmp: result.save_npz(tmp)),
    "progress.final_states",
    reads="rows",
    default_limit=STATE_SAMPLE,
    version=1,  # 1: keys layer{k}/fwd|bwd/state, the backward one after the whole review
)


@dataclass
class StateSpace(c.OfLayer):
    """A PCA (``sklearn.decomposition.PCA``) fitted on the last layer's final h_T.

    Attributes:
        pca: the fitted PCA (every component the data allow).
        points: ``(n, 2)`` the reviews in the first two components.
        rows, labels, prob: as in ``FinalStates`` (``prob`` None without a probability head).
        layer: the layer (0-based) whose h was fitted.
    """

    model: str
    layer: int
    pca: PCA
    points: np.ndarray
    rows: np.ndarray
    labels: np.ndarray
    prob: np.ndarray | None

    @property
    def explained(self) -> np.ndarray:
        """``(components,)`` the fraction of the variance of h_T each component explains."""
        return self.pca.explained_variance_ratio_

    def project(self, h: np.ndarray) -> np.ndarray:
        """Place hidden states in the first two components.

        Args:
            h: ``(T, units)`` hidden states of the fitted layer.

        Returns:
            ``(T, 2)`` (the second coordinate 0 when there is one component).
        """
        out = self.pca.transform(np.asarray(h, np.float64))[:, :2]
        return np.pad(out, ((0, 0), (0, 2 - out.shape[1])))

    def trajectory(self, trace: Trace) -> np.ndarray:
        """One review's path h_1..h_T of the fitted layer in the first two components.

        Args:
            trace: the review's trace (same model).

        Returns:
            ``(n_real, 2)``, one point per real word; the last is its final h_T.
        """
        h = trace.layers[self.layer].gates["h"][trace.first_real :]
        return self.project(h)


def state_space(states: FinalStates) -> StateSpace:
    """Fit a PCA on the last layer's final hidden states.

    Args:
        states: from ``final_states``.

    Returns:
        The ``StateSpace``; with one unit, the second coordinate is 0.

    Raises:
        DiagnosticsError: fewer than 2 reviews.
    """
    h = np.asarray(states.states[states.last_h], np.float64)
    if len(h) < 2:
        raise DiagnosticsError(f"a PCA needs at least 2 reviews, got {len(h)}")
    pca = PCA(n_components=min(h.shape), random_state=0).fit(h)
    prefixes = list(dict.fromkeys(key.rsplit("/", 1)[0] for key in states.states))
    space = StateSpace(
        states.model,
        prefixes.index(states.last_h.rsplit("/", 1)[0]),
        pca,
        np.zeros((0, 2)),
        states.rows,
        states.labels,
        states.prob,
        **c.key_layer(states.last_h),
    )
    space.points = space.project(h)
    return space
