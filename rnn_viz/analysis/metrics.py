"""Test-set diagnostics of one model, and of two models against each other.

Every number comes from ``sklearn.metrics`` / ``sklearn.calibration`` over the
model's p(positive) of every test review (``testset.heldout_predictions``, cached on
disk); the results are cached beside the predictions, keyed the same way. Review
length is counted in the words of the raw text (``data.words``), so reviews longer
than the model's ``maxlen`` (which it reads cut to their last ``maxlen`` words)
get their own bucket.

A model of ``K ≥ 3`` classes (``heldout_predictions`` ``(N, K)``) gets a ``K × K``
confusion matrix, each class' precision, recall, F1 and support
(``precision_recall_fscore_support``), their macro, micro and weighted averages and
one-vs-rest ROC AUC where it is defined (the class and another among the reviews); its
prediction is the most probable class. The curves (ROC, precision-recall, calibration)
are binary's only.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    brier_score_loss,
    confusion_matrix,
    precision_recall_curve,
    precision_recall_fscore_support,
    roc_auc_score,
    roc_curve,
)

from rnn_viz.analysis import _common as c
from rnn_viz.analysis import testset
from rnn_viz.analysis.spec import Analysis
from rnn_viz.core.errors import RnnVizError
from rnn_viz.core.files import cache_dir
from rnn_viz.datasets import Corpus
from rnn_viz.i18n import t

if TYPE_CHECKING:
    from rnn_viz.core.models import ModelBundle

#: Calibration bins on [0, 1] (equal width).
CALIBRATION_BINS = 10
#: Length buckets: this many of equal width up to ``maxlen``, then one for longer reviews.
LENGTH_BUCKETS = 5
#: Points kept of each curve for display (AUC and AP are computed from all of them).
CURVE_POINTS = 400
_FORMAT = 2


class DiagnosticsError(RnnVizError, ValueError):
    """A diagnostic that cannot be computed; the message says why in one sentence."""


def heldout_word_counts(corpus: Corpus) -> np.ndarray:
    """How long each test review's raw text is, cut or not. Cached on disk per dataset
    file (a corpus with no source is not cached).

    Args:
        corpus: the encoded dataset.

    Returns:
        ``(N,)`` int32 words (``data.words``) of each test review.
    """
    path = None
    if corpus.source:
        key = f"{corpus.source}|{corpus.n_test}|{_FORMAT}"
        path = cache_dir() / f"test_words_{hashlib.sha1(key.encode()).hexdigest()[:16]}.npy"

    return testset.cached_per_review(
        path,
        lambda: np.array(
            [
                len(corpus.vocab.tokenizer.words(corpus.text("test", i)))
                for i in range(corpus.n_test)
            ],
            np.int32,
        ),
        corpus.n_test,
    )


def length_edges(maxlen: int, buckets: int = LENGTH_BUCKETS) -> list[int]:
    """Upper bounds (inclusive) of the length buckets; longer reviews fall in one more.

    Args:
        maxlen: the words the model reads.
        buckets: how many buckets of equal width up to ``maxlen``.

    Returns:
        The bounds, e.g. ``[100, 200, …, 500]``.
    """
    return sorted({max(1, round(maxlen * (k + 1) / buckets)) for k in range(buckets)})


@dataclass
class LengthBucket:
    """Reviews of ``low..high`` words (``high`` None: more than ``low - 1``, i.e. cut)."""

    low: int
    high: int | None
    n: int
    accuracy: float | None  # None when no review falls in the bucket

    @property
    def words(self) -> str:
        """The bucket's lengths as files write them: ``"1–100"``, or ``"> 499 (cut)"``."""
        return f"{self.low}–{self.high}" if self.high is not None else f"> {self.low - 1} (cut)"

    @property
    def label(self) -> str:
        """The bucket's lengths for display, in the current language."""
        if self.high is not None:
            return self.words
        return t("analysis.bucket.cut", longest=self.low - 1)


@dataclass
class HeldoutMetrics:
    """One model's diagnostics over ``n`` test reviews (threshold 0.5).

    Attributes:
        confusion: ``[[tn, fp], [fn, tp]]`` (rows: true label 0, 1).
        roc_fpr, roc_tpr: the ROC curve (thinned to about ``CURVE_POINTS``).
        pr_recall, pr_precision: the precision-recall curve (thinned likewise).
        cal_pred, cal_true, cal_count: per non-empty calibration bin, the mean
            p(positive), the fraction of positive reviews and how many reviews.
        buckets: accuracy by review length in words of the raw text.
        labels: the label names (index = label id; ``confusion``'s rows and columns).
        per_class: one row per class: ``{"class", "precision", "recall", "f1",
            "support", "roc_auc"}`` (``roc_auc`` one-vs-rest, None where undefined).
        averages: ``{"macro": …, "micro": …, "weighted": …}``, each ``{"precision",
            "recall", "f1"}``.

    For a model of ``K ≥ 3`` classes ``roc_auc`` is the macro one-vs-rest AUC (NaN
    unless every class is among the reviews), ``average_precision`` and ``brier`` NaN,
    and the curves empty.
    """

    __test__ = False  # not a pytest test class

    model: str
    n: int
    accuracy: float
    roc_auc: float
    average_precision: float
    brier: float
    confusion: list[list[int]]
    roc_fpr: list[float]
    roc_tpr: list[float]
    pr_recall: list[float]
    pr_precision: list[float]
    cal_pred: list[float]
    cal_true: list[float]
    cal_count: list[int]
    buckets: list[LengthBucket]
    labels: list[str] = field(default_factory=list)
    per_class: list[dict] = field(default_factory=list)
    averages: dict = field(default_factory=dict)

    def class_table(self) -> list[dict]:
        """The classification report: one row per class, then the averages (keys as
        ``per_class``'s; ``class`` is the label name, or ``"macro avg"``,
        ``"micro avg"``, ``"weighted avg"``).

        Returns:
            The rows (empty for results older than ``per_class``).
        """
        rows = [dict(row) for row in self.per_class]
        for name, avg in self.averages.items():
            rows.append({"class": f"{name} avg", **avg, "support": self.n, "roc_auc": None})
        return rows

    def summary(self) -> dict:
        """The numbers the ``metrics`` command writes (stable English keys).

        Returns:
            ``model``, ``n_reviews``, ``accuracy``, ``roc_auc``, ``average_precision``,
            ``brier``, ``confusion``, ``labels``, ``per_class``, ``averages`` and
            ``length_buckets``.
        """
        return {
            "model": self.model,
            "n_reviews": self.n,
            "accuracy": self.accuracy,
            "roc_auc": self.roc_auc,
            "average_precision": self.average_precision,
            "brier": self.brier,
            "confusion": self.confusion,
            "labels": self.labels,
            "per_class": self.per_class,
            "averages": self.averages,
            "length_buckets": [
                {"words": b.words, "low": b.low, "high": b.high, "n": b.n, "accuracy": b.accuracy}
                for b in self.buckets
            ],
        }

    def to_json(self) -> dict:
        """The result as JSON (what the disk cache and ``--output x.json`` hold).

        Returns:
            A dict of plain numbers, strings and lists.
        """
        return {**asdict(self), "buckets": [asdict(b) for b in self.buckets]}

    @classmethod
    def from_json(cls, d: dict) -> HeldoutMetrics:
        """Read back ``to_json``'s dict.

        Args:
            d: a dict ``to_json`` wrote.

        Returns:
            The ``HeldoutMetrics``.
        """
        return cls(**{**d, "buckets": [LengthBucket(**b) for b in d["buckets"]]})


def _thin(*curves: np.ndarray, points: int = CURVE_POINTS) -> list[list[float]]:
    """The curves at about ``points`` evenly spaced indices, both ends kept."""
    n = len(curves[0])
    keep = np.unique(np.linspace(0, n - 1, min(n, points)).round().astype(int))
    return [np.asarray(cv)[keep].astype(float).tolist() for cv in curves]


def _class_metrics(y: np.ndarray, pred: np.ndarray, probs: np.ndarray, labels: list[str]) -> dict:
    """Per-class precision, recall, F1, support and one-vs-rest AUC, and the averages.

    Args:
        y: ``(N,)`` label ids.
        pred: ``(N,)`` predicted label ids.
        probs: ``(N, K)`` p(class).
        labels: the ``K`` label names.

    Returns:
        ``{"per_class": [...], "averages": {...}}`` (see ``HeldoutMetrics``).
    """
    ids = list(range(len(labels)))
    p, r, f, support = precision_recall_fscore_support(
        y, pred, labels=ids, average=None, zero_division=0
    )
    per_class = []
    for k, name in enumerate(labels):
        inside = y == k
        auc = float(roc_auc_score(inside, probs[:, k])) if 0 < inside.sum() < len(y) else None
        per_class.append(
            {
                "class": name,
                "precision": float(p[k]),
                "recall": float(r[k]),
                "f1": float(f[k]),
                "support": int(support[k]),
                "roc_auc": auc,
            }
        )
    averages = {}
    for avg in ("macro", "micro", "weighted"):
        ap, ar, af, _ = precision_recall_fscore_support(
            y, pred, labels=ids, average=avg, zero_division=0
        )
        averages[avg] = {"precision": float(ap), "recall": float(ar), "f1": float(af)}
    return {"per_class": per_class, "averages": averages}


def _length_buckets(y: np.ndarray, pred: np.ndarray, n_words: np.ndarray, maxlen: int) -> list:
    """Accuracy by review length (``LengthBucket`` per bucket of ``length_edges``)."""
    buckets, low = [], 1
    for high in [*length_edges(maxlen), None]:
        inside = (n_words >= low) & (n_words <= high if high is not None else True)
        n = int(inside.sum())
        buckets.append(
            LengthBucket(
                low, high, n, float(accuracy_score(y[inside], pred[inside])) if n else None
            )
        )
        low = (high or 0) + 1
    return buckets


def compute_metrics(
    y: np.ndarray,
    probs: np.ndarray,
    n_words: np.ndarray,
    maxlen: int,
    model: str = "",
    labels: tuple[str, ...] | list[str] = ("negative", "positive"),
) -> HeldoutMetrics:
    """Diagnostics of predictions ``probs`` against labels ``y``.

    Args:
        y: ``(N,)`` labels, 1 positive (label ids for more classes).
        probs: ``(N,)`` p(positive), or ``(N, K)`` p(class) for ``K ≥ 3`` classes.
        n_words: ``(N,)`` words of each review's raw text.
        maxlen: the model's sequence length (reviews longer than it were cut).
        model: the model's name, for the result.
        labels: the label names (index = label id).

    Returns:
        The ``HeldoutMetrics``.

    Raises:
        DiagnosticsError: the reviews are not of two labels at least (no ROC curve then).
    """
    y = np.asarray(y).astype(int)
    probs = np.asarray(probs, np.float64)
    labels = list(labels)
    if probs.ndim == 2:
        return _multiclass_metrics(y, probs, n_words, maxlen, model, labels)
    if len(np.unique(y)) < 2:
        raise DiagnosticsError(
            "ROC and precision-recall need positive and negative reviews; "
            f"these {len(y)} are all of one label."
        )
    pred = (probs >= 0.5).astype(int)
    fpr, tpr, _ = roc_curve(y, probs)
    precision, recall, _ = precision_recall_curve(y, probs)
    cal_true, cal_pred = calibration_curve(y, probs, n_bins=CALIBRATION_BINS, strategy="uniform")
    # the reviews in each bin, binned as calibration_curve bins them (empty bins left out)
    bins = np.linspace(0.0, 1.0, CALIBRATION_BINS + 1)
    counts = np.bincount(np.searchsorted(bins[1:-1], probs), minlength=CALIBRATION_BINS)
    cal_count = counts[counts > 0]
    buckets = _length_buckets(y, pred, n_words, maxlen)
    roc_fpr, roc_tpr = _thin(fpr, tpr)
    pr_recall, pr_precision = _thin(recall, precision)
    return HeldoutMetrics(
        model=model,
        n=len(y),
        accuracy=float(accuracy_score(y, pred)),
        roc_auc=float(roc_auc_score(y, probs)),
        average_precision=float(average_precision_score(y, probs)),
        brier=float(brier_score_loss(y, probs)),
        confusion=confusion_matrix(y, pred, labels=[0, 1]).tolist(),
        roc_fpr=roc_fpr,
        roc_tpr=roc_tpr,
        pr_recall=pr_recall,
        pr_precision=pr_precision,
        cal_pred=cal_pred.tolist(),
        cal_true=cal_true.tolist(),
        cal_count=cal_count.astype(int).tolist(),
        buckets=buckets,
        labels=labels,
        **_class_metrics(y, pred, np.stack([1 - probs, probs], 1), labels),
    )


def _multiclass_metrics(
    y: np.ndarray, probs: np.ndarray, n_words: np.ndarray, maxlen: int, model: str, labels: list
) -> HeldoutMetrics:
    """``compute_metrics`` for ``(N, K)`` p(class), ``K ≥ 3``."""
    K = probs.shape[1]
    if len(labels) != K:
        labels = [str(k) for k in range(K)]
    pred = np.argmax(probs, axis=1)
    every = len(np.unique(y)) == K
    return HeldoutMetrics(
        model=model,
        n=len(y),
        accuracy=float(accuracy_score(y, pred)),
        roc_auc=(
            float(roc_auc_score(y, probs, multi_class="ovr", labels=list(range(K))))
            if every
            else float("nan")
        ),
        average_precision=float("nan"),
        brier=float("nan"),
        confusion=confusion_matrix(y, pred, labels=list(range(K))).tolist(),
        roc_fpr=[],
        roc_tpr=[],
        pr_recall=[],
        pr_precision=[],
        cal_pred=[],
        cal_true=[],
        cal_count=[],
        buckets=_length_buckets(y, pred, n_words, maxlen),
        labels=labels,
        **_class_metrics(y, pred, probs, labels),
    )


def _with_probability(bundle: ModelBundle) -> ModelBundle:
    """``bundle``, once its capabilities give a readout (the metrics' instrument)."""
    bundle.capabilities.require("readout", "pkg.cap.metrics", name=bundle.name)
    return bundle


def compute_heldout_metrics(
    bundle: ModelBundle,
    corpus: Corpus,
    rows: np.ndarray,
    progress: c.Progress | None = None,
    model: str = "",
) -> HeldoutMetrics:
    """The diagnostics of ``bundle`` over the test reviews ``rows``, with no caching
    (see ``heldout_metrics``); the predictions of every test review are cached.

    Args:
        bundle: a model whose output is p(positive).
        corpus: the dataset encoded with the model's vocabulary.
        rows: ``(N,)`` the test reviews (rows of ``corpus.x_test``).
        progress: not called (the predictions show no progress).
        model: the model's name, for the result.

    Returns:
        The ``HeldoutMetrics``.
    """
    rows = np.asarray(rows)
    return compute_metrics(
        np.asarray(corpus.y_test)[rows],
        testset.heldout_predictions(bundle, corpus)[rows],
        heldout_word_counts(corpus)[rows],
        bundle.vocab.maxlen,
        model,
        bundle.label_names,
    )


#: The diagnostics of a model over every test review: ``heldout_metrics(bundle,
#: corpus)`` gives the ``HeldoutMetrics``, cached on disk by model file and reviews (as
#: its predictions are); a model that does not output p(positive) raises
#: ``NoProbabilityError``.
heldout_metrics: Analysis[HeldoutMetrics] = Analysis(
    "heldout_metrics",
    (),
    compute_heldout_metrics,
    c.Stored.json(HeldoutMetrics.from_json),
    "pkg.spinner.metrics",
    reads="rows",
    instrument=_with_probability,
    instrument_kw="bundle",  # never given: the bundle is the instrument
    version=_FORMAT,
)


# --------------------------------------------------------------------------- #
# Two models against each other
# --------------------------------------------------------------------------- #
#: Which reviews a disagreement table lists.
DISAGREEMENT_KINDS = ("a right, b wrong", "b right, a wrong", "both wrong", "both right")


@dataclass
class Disagreement:
    """Two models' verdicts on the same ``n`` test reviews (threshold 0.5).

    ``right_a``/``right_b``: ``(n,)`` bool, each model right; ``prob_a``/``prob_b``:
    ``(n,)`` p(positive); ``y``: ``(n,)`` labels.
    """

    model_a: str
    model_b: str
    y: np.ndarray
    prob_a: np.ndarray
    prob_b: np.ndarray

    @property
    def right_a(self) -> np.ndarray:
        """``(n,)`` bool: model a's verdict is right (threshold 0.5; for more classes,
        the most probable class)."""
        return testset.predicted_labels(self.prob_a) == self.y

    @property
    def right_b(self) -> np.ndarray:
        """``(n,)`` bool: model b's verdict is right (threshold 0.5; for more classes,
        the most probable class)."""
        return testset.predicted_labels(self.prob_b) == self.y

    def mask(self, kind: str) -> np.ndarray:
        """The reviews of one kind of (dis)agreement.

        Args:
            kind: one of ``DISAGREEMENT_KINDS``.

        Returns:
            ``(n,)`` bool.

        Raises:
            DiagnosticsError: ``kind`` is not one of them.
        """
        a, b = self.right_a, self.right_b
        masks = dict(zip(DISAGREEMENT_KINDS, (a & ~b, b & ~a, ~a & ~b, a & b), strict=True))
        if kind not in masks:
            raise DiagnosticsError(
                f"kind must be one of {', '.join(DISAGREEMENT_KINDS)}, not {kind!r}"
            )
        return masks[kind]

    def counts(self) -> dict[str, int]:
        """How many reviews of each kind.

        Returns:
            ``{"only_a_right", "only_b_right", "both_wrong", "both_right": count}``.
        """
        names = ("only_a_right", "only_b_right", "both_wrong", "both_right")
        return {n: int(self.mask(k).sum()) for n, k in zip(names, DISAGREEMENT_KINDS, strict=True)}

    def rows(
        self,
        kind: str,
        label: int | None = None,
        n_words: np.ndarray | None = None,
        min_words: int = 0,
        max_words: int | None = None,
    ) -> np.ndarray:
        """The test reviews of one kind that pass the filters given.

        Args:
            kind: one of ``DISAGREEMENT_KINDS``.
            label: 1 positive, 0 negative; None: both.
            n_words: ``(n,)`` words of each review (``heldout_word_counts``); None: no
                length filter.
            min_words: fewest words.
            max_words: most words; None: no limit.

        Returns:
            Review indices, the models' largest difference in p(positive) first.
        """
        keep = self.mask(kind).copy()
        if label is not None:
            keep &= self.y == label
        if n_words is not None:
            keep &= n_words >= min_words
            if max_words is not None:
                keep &= n_words <= max_words
        found = np.flatnonzero(keep)
        gap = np.abs(self.prob_a[found] - self.prob_b[found])
        gap = gap.max(axis=1) if gap.ndim == 2 else gap
        return found[np.argsort(-gap, kind="stable")]


def disagreement(
    bundle_a: ModelBundle, bundle_b: ModelBundle, corpus_a: Corpus, corpus_b: Corpus | None = None
) -> Disagreement:
    """Both models' cached test-set predictions, review by review.

    Args:
        bundle_a: a model that outputs p(positive).
        bundle_b: another.
        corpus_a: the dataset encoded for ``bundle_a``.
        corpus_b: the dataset encoded for ``bundle_b`` (default ``corpus_a``); it must
            hold the same test reviews in the same order.

    Returns:
        The ``Disagreement``.

    Raises:
        CapabilityError: a model does not output p(positive).
        DiagnosticsError: the two corpora do not hold the same test reviews.
    """
    corpus_b = corpus_b or corpus_a
    for bundle, corpus in ((bundle_a, corpus_a), (bundle_b, corpus_b)):
        bundle.capabilities.require("readout", "pkg.cap.metrics", name=bundle.name)
        c.check_corpus(bundle, corpus)
    if corpus_a is not corpus_b and not (
        np.array_equal(corpus_a.y_test, corpus_b.y_test)
        and corpus_a.dataset.identity == corpus_b.dataset.identity
    ):
        raise DiagnosticsError("the two models were not given the same test reviews")
    return Disagreement(
        bundle_a.name,
        bundle_b.name,
        np.asarray(corpus_a.y_test).astype(int),
        testset.heldout_predictions(bundle_a, corpus_a),
        testset.heldout_predictions(bundle_b, corpus_b),
    )
