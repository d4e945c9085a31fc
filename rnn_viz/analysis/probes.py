"""Sentiment units (Radford et al., 2017): how well each single unit's final state
separates positive from negative reviews (ROC AUC of h_T[unit], and c_T[unit] for an
LSTM), and how well all units of a layer do together (a cross-validated logistic-
regression probe), all with scikit-learn, over ``state_space.final_states``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from rnn_viz.analysis import _common as c
from rnn_viz.analysis.metrics import DiagnosticsError
from rnn_viz.analysis.state_space import FinalStates
from rnn_viz.core.capture import direction_label
from rnn_viz.i18n import t

#: Folds of the probes' cross-validation (fewer when a label has fewer reviews).
PROBE_FOLDS = 5
#: Bootstrap resamples of the reviews behind each unit's AUC interval and how often it
#: is the best unit (seeded: the same sample gives the same intervals).
BOOTSTRAP = 200
#: The interval's coverage: the central 95% of the resampled AUCs.
INTERVAL = 0.95


@dataclass
class UnitScore(c.OfLayer):
    """One unit of one layer's final state as a sentiment detector.

    Attributes:
        key: ``"layer{k}/{state}"`` (k from 1; ``"layer{k}/bwd/h"`` for a direction).
        layer: 0-based index into ``Trace.layers``; ``state``: ``"h"`` or ``"c"``;
            ``unit``: its index.
        auc: ROC AUC of the unit's final value against the label (above 0.5: higher
            means positive; below: higher means negative).
        example: the sampled test review where the unit points most strongly to its
            label (its highest value when ``auc >= 0.5``, else its lowest).
        low, high: the central ``INTERVAL`` of its AUC over ``BOOTSTRAP`` resamples of
            the reviews (NaN when not resampled).
        best_share: the fraction of those resamples in which it is the best unit (the
            highest ``separation`` of all units).
    """

    key: str
    layer: int
    state: str
    unit: int
    auc: float
    example: int
    low: float = float("nan")
    high: float = float("nan")
    best_share: float = 0.0

    @property
    def separation(self) -> float:
        """``max(auc, 1 - auc)``: 0.5 is chance, 1 a perfect detector either way round."""
        return max(self.auc, 1.0 - self.auc)

    @property
    def direction(self) -> str:
        """Which verdict a higher value points to, in the current language."""
        return t(
            "analysis.units.higher_positive"
            if self.auc >= 0.5
            else "analysis.units.higher_negative"
        )


@dataclass
class LayerProbe(c.OfLayer):
    """A logistic regression on every unit of ``key``'s final state, cross-validated."""

    key: str
    layer: int
    state: str
    units: int
    accuracy: float  # mean over the folds
    std: float
    folds: int


@dataclass
class SentimentUnits:
    """Every unit ranked by ``separation`` (best first), and one probe per layer state."""

    model: str
    n_reviews: int
    units: list[UnitScore]
    probes: list[LayerProbe]

    def contenders(self, top: int = 3) -> list[UnitScore]:
        """The units that could be the best on another sample: the ``top`` best on this
        one, and any other unit that was the best in at least one bootstrap resample.

        Args:
            top: how many of the best units to list at least.

        Returns:
            Best first (by ``separation`` on this sample).
        """
        return [u for k, u in enumerate(self.units) if k < top or u.best_share > 0]

    def best(self, state: str | None = None) -> UnitScore:
        """The best single unit.

        Args:
            state: ``"h"`` or ``"c"`` to pick among that state's units only; None: any.

        Returns:
            The unit with the highest ``separation``.
        """
        return next(u for u in self.units if state is None or u.state == state)

    def table(self) -> list[dict]:
        """One row per unit, keyed by stable identifiers (headers: ``column_labels``).

        Returns:
            Rows ``{"layer" (from 1), "state", "unit", "auc", "separation", "direction",
            "example"}``; ``direction`` in the current language; a model with a
            Bidirectional layer has ``"reading"`` (forward/backward, worded) after ``layer``.
        """
        directions = any(u.layer_direction for u in self.units)
        return [
            {
                "layer": u.layer_number,
                **({"reading": _reading(u.layer_direction)} if directions else {}),
                "state": u.state,
                "unit": u.unit,
                "auc": u.auc,
                "separation": u.separation,
                "direction": u.direction,
                "example": u.example,
            }
            for u in self.units
        ]


def _reading(direction: str | None) -> str:
    """A direction's name for a table cell (empty for a one-way layer)."""
    return direction_label(direction) if direction else ""


def sentiment_units(states: FinalStates, folds: int = PROBE_FOLDS) -> SentimentUnits:
    """Score every unit of every layer's final h (and c) against the labels.

    Args:
        states: from ``state_space.final_states``.
        folds: cross-validation folds of the layer probes (stratified, shuffled, seed 0).

    Returns:
        The ``SentimentUnits``.

    Raises:
        DiagnosticsError: the reviews are not of both labels, of more than two labels, or
            too few to cross-validate.
    """
    y = np.asarray(states.labels).astype(int)
    if len(y) and y.max() > 1:
        raise DiagnosticsError(
            "a unit's ROC AUC and a layer's probe score it against two labels, and this "
            "model reads more than two classes; its Metrics view reads each class instead"
        )
    per_label = np.bincount(y, minlength=2)
    if per_label.min() < 2:
        raise DiagnosticsError(
            "scoring units needs at least 2 positive and 2 negative "
            f"reviews; this sample has {per_label[1]} and {per_label[0]}"
        )
    folds = int(min(folds, per_label.min()))
    units, probes = [], []
    prefixes = list(dict.fromkeys(key.rsplit("/", 1)[0] for key in states.states))
    for key, values in states.states.items():
        layer, state = prefixes.index(key.rsplit("/", 1)[0]), key.split("/")[-1]
        where = c.key_layer(key)
        x = np.asarray(values, np.float64)
        for u in range(x.shape[1]):
            auc = float(roc_auc_score(y, x[:, u]))
            pick = np.argmax(x[:, u]) if auc >= 0.5 else np.argmin(x[:, u])
            units.append(UnitScore(key, layer, state, u, auc, int(states.rows[pick]), **where))
        probe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
        scores = cross_val_score(
            probe, x, y, cv=StratifiedKFold(folds, shuffle=True, random_state=0)
        )
        probes.append(
            LayerProbe(
                key,
                layer,
                state,
                x.shape[1],
                float(scores.mean()),
                float(scores.std()),
                folds,
                **where,
            )
        )
    _bootstrap(units, states, y)
    units.sort(key=lambda s: (-s.separation, s.layer, s.state, s.unit))
    return SentimentUnits(states.model, states.n, units, probes)


def bootstrap_aucs(x: np.ndarray, y: np.ndarray, n: int = BOOTSTRAP, seed: int = 0) -> np.ndarray:
    """Each column's ROC AUC against ``y`` on ``n`` bootstrap resamples of the rows.

    The AUC is the Mann–Whitney statistic from the ranks of each resample (ties broken
    by order, which changes nothing for continuous values); a resample with one label
    only is drawn again.

    Args:
        x: ``(N, U)`` one column per unit.
        y: ``(N,)`` labels 0/1.
        n: resamples.
        seed: the random generator's seed.

    Returns:
        ``(n, U)`` float64 AUCs.
    """
    rng = np.random.default_rng(seed)
    x, y = np.asarray(x, np.float64), np.asarray(y).astype(bool)
    out = np.empty((n, x.shape[1]))
    k = 0
    while k < n:
        rows = rng.integers(0, len(y), len(y))
        yy = y[rows]
        n1 = int(yy.sum())
        n0 = len(yy) - n1
        if n1 == 0 or n0 == 0:
            continue
        ranks = np.argsort(np.argsort(x[rows], axis=0, kind="stable"), axis=0) + 1.0
        out[k] = (ranks[yy].sum(axis=0) - n1 * (n1 + 1) / 2) / (n1 * n0)
        k += 1
    return out


def _bootstrap(units: list[UnitScore], states: FinalStates, y: np.ndarray) -> None:
    """Set every unit's AUC interval and best share (``bootstrap_aucs``) in place."""
    if not units:
        return
    x = np.concatenate(
        [np.asarray(states.states[u.key], np.float64)[:, [u.unit]] for u in units], axis=1
    )
    aucs = bootstrap_aucs(x, y)
    tail = (1 - INTERVAL) / 2
    low, high = np.quantile(aucs, [tail, 1 - tail], axis=0)
    wins = np.bincount(np.argmax(np.maximum(aucs, 1 - aucs), axis=1), minlength=len(units))
    for k, u in enumerate(units):
        u.low, u.high, u.best_share = float(low[k]), float(high[k]), float(wins[k] / len(aucs))
