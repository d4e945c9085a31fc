"""Memory across time: which earlier words still move a model's opinion, how much of
what a gate wrote survives, and how the gradient fades with distance over the corpus.

Three measures, for LSTM, GRU and SimpleRNN models with any number of recurrent layers:

- **Connectivity** of one review (``GradientProbe.connectivity``):
  ``S[t, s] = ‖∂p_t/∂e_s‖₂`` for ``s ≤ t`` (0 above the diagonal), where ``p_t`` is the
  readout, p(positive) had the review ended at step ``t`` (the model's head applied to
  the last recurrent layer's ``h_t``, as ``capture.Tracer`` computes it), and ``e_s`` is
  the embedding layer's output at step ``s``. All ``T`` rows come from one backward
  pass: the review is replicated ``T`` times as a batch and ``Σ_b p_b[t=b]`` is
  differentiated once. ``GradientTape.jacobian`` of the readout costs about the same
  once traced but 3–5 times more on the first call, which is the one a user waits for
  (``benchmarks/memory_bench.py`` measures both).
- **Survival** from the gates of a trace (``survival``): of what was written at step
  ``s``, the fraction still there at step ``t``, per unit: ``∏ f`` over ``(s, t]`` for an
  LSTM's cell state, ``∏ z`` for a Keras GRU's h (z near 1 keeps), and each unit's
  half-life in words.
- **Gradient against distance** over the test set (``gradient_distance``):
  ``‖∂p_T/∂e_{T−k}‖₂`` for ``k = 0..T−1`` over real steps only, summarised per distance
  by count, median and quartiles; streamed in batches and cached per model.

The gradients are those of the model's one differentiable readout
(``core.gradients.DifferentiableReadout``: copies of its own layers holding its trained
weights, in inference mode), as token attribution's and the flip search's are.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO

import keras
import numpy as np

from rnn_viz import i18n
from rnn_viz.analysis import _common as c
from rnn_viz.analysis.spec import Analysis
from rnn_viz.core import files
from rnn_viz.core.capture import PaddedSteps, Trace, token_arrays
from rnn_viz.core.cell_kinds import RECURRENT_LAYERS
from rnn_viz.core.errors import NoReadableWordError, RnnVizError
from rnn_viz.core.gradients import DifferentiableReadout
from rnn_viz.core.text import Encoded

if TYPE_CHECKING:
    from rnn_viz.core.models import ModelBundle

#: The stock recurrent layers the probe differentiates through (one per cell kind).
RECURRENT = RECURRENT_LAYERS
DEFAULT_REVIEWS = 500
DEFAULT_GRADIENT_BATCH = 100


class MemoryAnalysisError(RnnVizError, ValueError):
    """A model or text whose memory across time cannot be measured; the message says why."""


# --------------------------------------------------------------------------- #
# The probe: the model's differentiable readout, measured on reviews
# --------------------------------------------------------------------------- #
class GradientProbe:
    """Gradients of a model's per-step readout with respect to its embedding output, on
    reviews (``gradients.DifferentiableReadout``, the one readout). Build once per model,
    reuse.

    Args:
        model: a model whose ``capabilities(model).gradients`` is on.
        dtype: the float type the readout computes in (``"float64"`` for checks against
            finite differences).
        readout: the model's readout when one is already built (then ``model`` and
            ``dtype`` are not read).

    Raises:
        CapabilityError: the model has no differentiable readout; the message says why.
    """

    def __init__(
        self,
        model: keras.Model,
        dtype: str = "float32",
        readout: DifferentiableReadout | None = None,
    ):
        self.readout = readout or DifferentiableReadout(model, dtype)
        self.dtype = self.readout.dtype
        self.seq_len = self.readout.seq_len

    def embed(self, ids: np.ndarray) -> np.ndarray:
        """The embedding layer's output.

        Args:
            ids: ``(..., T)`` int ids.

        Returns:
            ``(..., T, D)`` in the probe's dtype.
        """
        return self.readout.embed(ids)

    def readout_values(
        self, e: np.ndarray, mask: np.ndarray | None = None, cls: int | None = None
    ) -> np.ndarray:
        """p(class) after every step, from embedding outputs.

        Args:
            e: ``(B, T, D)`` embedding outputs.
            mask: ``(B, T)`` bool, False on masked steps; None: no step masked.
            cls: the class (a label id); None: p(positive) for a binary model, each
                row's predicted class for more classes.

        Returns:
            ``(B, T)`` p(class) after every step, in the probe's dtype.
        """
        return self.readout.step_values(e, mask, cls)

    def _check_ids(self, ids: np.ndarray) -> np.ndarray:
        ids = np.asarray(ids, np.int32)
        if self.seq_len is not None and ids.shape[-1] != self.seq_len:
            raise MemoryAnalysisError(
                f"the model reads sequences of {self.seq_len} steps, this input has {ids.shape[-1]}"
            )
        return ids

    def connectivity_of_embedding(
        self, e: np.ndarray, mask: np.ndarray | None = None, cls: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Connectivity of one sequence of embedding outputs.

        Args:
            e: ``(T, D)`` embedding outputs.
            mask: ``(T,)`` bool, False on masked steps (None: no step masked).
            cls: the class (a label id); None: p(positive) for a binary model, the
                predicted class for more classes.

        Returns:
            ``(prob, saliency)``: ``(T,)`` p(class) after every step and ``(T, T)``
            ``‖∂p_t/∂e_s‖₂``, zero above the diagonal; both in the probe's dtype.
        """
        return self.readout.connectivity(e, mask, cls)

    def connectivity(
        self, encoded: Encoded, model: str = "", cls: int | None = None
    ) -> Connectivity:
        """Connectivity of one encoded review (``vocab.encode(text)``).

        Args:
            encoded: the review, ``T`` steps with padding in front.
            model: the model's name, kept with the result.
            cls: the class (a label id) whose probability is followed; None:
                p(positive) for a binary model, the predicted class for more classes.

        Returns:
            A ``Connectivity`` over all ``T`` steps, padding included and flagged.

        Raises:
            NoReadableWordError: the text has no word the model can read.
            MemoryAnalysisError: its length is not the model's.
        """
        if encoded.n_real == 0:
            raise NoReadableWordError()
        ids = self._check_ids(encoded.ids)
        e, mask = self.embed(ids), self.readout.mask(ids)
        target = int(self.readout.target(e[None], mask[None], cls)[0])
        prob, saliency = self.connectivity_of_embedding(e, mask, target)
        return Connectivity(
            encoded.text,
            list(encoded.tokens),
            ids,
            np.asarray(encoded.is_pad),
            prob.astype(np.float32),
            saliency.astype(np.float32),
            model,
            encoded.n_cut,
            target,
        )

    def final_gradients(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The gradient of each review's prediction with respect to every step's word.

        Args:
            ids: ``(B, T)`` int ids.

        Returns:
            ``(prediction, norms)``: ``(B,)`` p(positive) after the last step and
            ``(B, T)`` ``‖∂p_T/∂e_s‖₂`` for every step ``s`` (padding included).
        """
        ids = self._check_ids(ids)
        p, grad = self.readout.final_gradient(self.embed(ids), self.readout.mask(ids))
        return p, np.linalg.norm(grad, axis=-1)


# --------------------------------------------------------------------------- #
# Connectivity of one review
# --------------------------------------------------------------------------- #
@dataclass
class Connectivity(PaddedSteps):
    """How strongly each earlier word moves the model's opinion at every step.

    Attributes:
        text: the review as given.
        tokens: ``T`` strings, the word as typed or the padding token.
        ids: ``(T,)`` int32 model input.
        is_pad: ``(T,)`` bool, True on padding steps.
        prob: ``(T,)`` float32, p(class ``target``) (p(positive) for a binary model)
            had the review ended at step t.
        saliency: ``(T, T)`` float32, ``saliency[t, s] = ‖∂p_t/∂e_s‖₂`` (0 for s > t).
        model: the model's name.
        n_cut: words cut from the front of a text longer than the model reads.
        target: the class (label id) whose probability ``prob`` is.
    """

    text: str
    tokens: list[str]
    ids: np.ndarray
    is_pad: np.ndarray
    prob: np.ndarray
    saliency: np.ndarray
    model: str = ""
    n_cut: int = 0
    target: int = 1

    def real(self) -> np.ndarray:
        """The saliency among the review's real words only.

        Returns:
            ``(n, n)`` for the ``n`` real words (rows: the step being read, columns: the
            earlier words).
        """
        start = self.first_real
        return self.saliency[start:, start:]

    def row(self, t: int) -> np.ndarray:
        """What the model still hears at one step from every step.

        Args:
            t: the step being read.

        Returns:
            ``(T,)`` ``‖∂p_t/∂e_s‖₂`` for each ``s`` (0 for ``s > t``).
        """
        return self.saliency[t]

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays ``memory -o`` writes.

        Returns:
            ``tokens token_lengths ids is_pad prob saliency`` (``token_lengths`` as in
            ``Trace.arrays``: ``capture.npz_tokens`` reads the tokens back exactly).
        """
        return {
            **token_arrays(self.tokens),
            "ids": self.ids,
            "is_pad": self.is_pad,
            "prob": self.prob,
            "saliency": self.saliency,
        }

    def save_npz(self, file: str | os.PathLike | BinaryIO) -> None:
        """Write ``arrays()`` compressed.

        Args:
            file: a path or a binary file object.
        """
        arrays: dict[str, Any] = self.arrays()
        np.savez_compressed(file, **arrays)


def connectivity(
    bundle: ModelBundle, text: str, probe: GradientProbe | None = None, cls: int | None = None
) -> Connectivity:
    """Connectivity of ``text`` through a model folder's model.

    Args:
        bundle: a loaded model (``models.ModelBundle``).
        text: the review.
        probe: the model's ``GradientProbe`` when one is already built.
        cls: the class (a label id) whose probability is followed; None: p(positive)
            for a binary model, the predicted class for more classes.

    Returns:
        The ``Connectivity`` over the model's ``T`` steps.

    Raises:
        CapabilityError: the model has no differentiable readout (see ``GradientProbe``).
        NoReadableWordError: the text has no word the model can read.
    """
    probe = probe or GradientProbe(bundle.model)
    return probe.connectivity(bundle.vocab.encode(text), model=bundle.name, cls=cls)


# --------------------------------------------------------------------------- #
# Survival from the gates
# --------------------------------------------------------------------------- #


@dataclass
class LayerSurvival(c.OfLayer):
    """Survival in one recurrent layer at step ``t``.

    Attributes:
        layer: 0-based layer index, as in ``Trace.layers``.
        layer_name: the Keras layer's name.
        cell: the cell kind (``"lstm"``, ``"gru"``, ``"rnn"``).
        gate: the keep gate (``"f"``, ``"z"``), or ``""`` when the cell has none.
        state: the state it keeps (``"c"``, ``"h"``), or ``""``.
        products: ``(t + 1 − start, units)`` float64: row ``j`` is the fraction of what
            was written at step ``start + j`` still there at ``t``, ``∏ gate[r]`` over
            ``r`` in ``(start + j, t]`` (the last row, written at ``t`` itself, is 1);
            ``(0, units)`` when the cell has no gates.
        half_life: ``(units,)`` float64, each unit's half-life in words (see
            ``survival``); ``inf`` when the product stays at or above 0.5 back to the
            first word, NaN when the cell has no gates.
        note: why there is nothing to show, when the cell has no gates.
    """

    layer: int
    layer_name: str
    cell: str
    gate: str
    state: str
    products: np.ndarray
    half_life: np.ndarray
    note: str = ""

    @property
    def has_gates(self) -> bool:
        """False for a cell without a keep gate (SimpleRNN)."""
        return bool(self.gate)


@dataclass
class Survival:
    """How much of what each earlier word wrote survives to step ``t``, layer by layer.

    Attributes:
        t: the current step.
        start: the first step counted (the review's first real word).
        layers: one ``LayerSurvival`` per recurrent layer.
    """

    t: int
    start: int
    layers: list[LayerSurvival] = field(default_factory=list)

    def to_json(self) -> dict:
        """The survival as JSON.

        Returns:
            ``{"t", "start", "layers"}``; an infinite half-life is None.
        """
        return {
            "t": self.t,
            "start": self.start,
            "layers": [
                {
                    "layer": x.layer,
                    "layer_name": x.layer_name,
                    "cell": x.cell,
                    "gate": x.gate,
                    "state": x.state,
                    "note": x.note,
                    "products": x.products.tolist(),
                    "half_life": [None if not math.isfinite(h) else float(h) for h in x.half_life],
                    **x.layer_json(),
                }
                for x in self.layers
            ],
        }


def survival_products(gate: np.ndarray, t: int, start: int = 0) -> np.ndarray:
    """``∏ gate[r]`` over ``r`` in ``(s, t]`` for every ``s`` from ``start`` to ``t``.

    Args:
        gate: ``(T, units)`` keep-gate values in [0, 1].
        t: the current step.
        start: the earliest write counted.

    Returns:
        ``(t + 1 − start, units)`` float64; row ``s − start`` is the product for writes
        at ``s`` (the last row is 1).
    """
    g = np.asarray(gate, np.float64)[start + 1 : t + 1]
    tail = np.cumprod(g[::-1], axis=0)[::-1]  # tail[j] = ∏ g[start+1+j .. t]
    return np.concatenate([tail, np.ones((1, g.shape[1]))])


def half_lives(products: np.ndarray) -> np.ndarray:
    """Each unit's half-life in words from ``survival_products``' rows.

    The half-life at step ``t`` is the smallest ``k ≥ 1`` such that, of what was written
    ``k`` words before ``t`` (at ``s = t − k``), less than half is still there:
    ``∏ gate over (t − k, t] < 0.5``. ``inf`` when no earlier word of the review drops
    below one half.

    Args:
        products: ``(n, units)``, row ``n − 1 − k`` holding the product for ``k`` words back.

    Returns:
        ``(units,)`` float64.
    """
    back = products[::-1]  # back[k] = product for writes k words before t
    below = back < 0.5
    found = below.any(axis=0)
    return np.where(found, below.argmax(axis=0).astype(np.float64), np.inf)


def survival(trace: Trace, t: int) -> Survival:
    """How much of what was written at each earlier real step survives to step ``t``.

    For an LSTM, the cell state: of ``i_s·c̃_s`` written at step ``s``, the fraction
    ``∏_{r=s+1..t} f_r`` is still in ``c_t``, per unit. For Keras' GRU, the hidden state:
    of ``(1 − z_s)·h̃_s``, ``∏_{r=s+1..t} z_r`` is still in ``h_t`` (z near 1 keeps). A
    unit's half-life is the number of words back from ``t`` until this product first
    drops below 0.5 (``half_lives``). Only the review's words are counted (from its first
    real step); a SimpleRNN layer has no gates and says so in ``note``, and so does the
    backward direction of a Bidirectional layer (its memory comes from the right).

    Args:
        trace: a trace (``capture.Tracer.trace``).
        t: the current step, ``0 ≤ t < T``; a padding step counts nothing.

    Returns:
        A ``Survival`` with one ``LayerSurvival`` per recurrent layer.

    Raises:
        MemoryAnalysisError: ``t`` is outside the trace.
    """
    if not 0 <= t < trace.T:
        raise MemoryAnalysisError(f"step {t} is outside the review's {trace.T} steps")
    start = min(trace.first_real, t)
    out = Survival(t, start)
    for k, layer in enumerate(trace.layers):
        where: dict[str, Any] = {
            "layer_number": trace.layer_numbers[k],
            "layer_direction": layer.direction,
        }
        keep = layer.kind.keep  # the cell kind's keep gate (``CellKind.keep``)
        if keep is None or layer.direction == "bwd":
            title = layer.kind.title  # a class name (LSTM, GRU, SimpleRNN): not translated
            why = (
                i18n.t("analysis.survival.backward")
                if layer.direction == "bwd"
                else i18n.t("analysis.survival.no_gates", cell=title)
            )
            out.layers.append(
                LayerSurvival(
                    k,
                    layer.name,
                    layer.cell,
                    "",
                    "",
                    np.zeros((0, layer.units)),
                    np.full(layer.units, np.nan),
                    why,
                    **where,
                )
            )
            continue
        products = survival_products(layer.gates[keep.gate], t, start)
        out.layers.append(
            LayerSurvival(
                k,
                layer.name,
                layer.cell,
                keep.gate,
                keep.state,
                products,
                half_lives(products),
                **where,
            )
        )
    return out


# --------------------------------------------------------------------------- #
# The vanishing gradient over the corpus
# --------------------------------------------------------------------------- #
@dataclass
class GradientDistance:
    """``‖∂p_T/∂e_{T−k}‖₂`` against distance ``k`` over real steps of many reviews.

    Attributes:
        model: the model's name.
        n_reviews: reviews read.
        n: ``(T,)`` int64, reviews with a real word at distance ``k`` (``k = 0`` is the
            last word).
        median, q25, q75: ``(T,)`` float64 quartiles per distance; NaN where ``n`` is 0.
    """

    model: str
    n_reviews: int
    n: np.ndarray
    median: np.ndarray
    q25: np.ndarray
    q75: np.ndarray

    @property
    def distance(self) -> np.ndarray:
        """``(T,)`` the distances ``k``, 0 to ``T − 1``."""
        return np.arange(len(self.n))

    def at(self, k: int) -> float:
        """The median gradient at one distance.

        Args:
            k: words before the last (0: the last word).

        Returns:
            The median; NaN when no review is that long.
        """
        return float(self.median[k]) if 0 <= k < len(self.n) else float("nan")

    def to_json(self) -> dict:
        """The result as JSON (what the disk cache and ``--output x.json`` hold).

        Returns:
            A dict of plain numbers, strings and lists.
        """

        def floats(a):
            return [None if not np.isfinite(v) else float(v) for v in a]

        return {
            "model": self.model,
            "n_reviews": self.n_reviews,
            "n": self.n.tolist(),
            "median": floats(self.median),
            "q25": floats(self.q25),
            "q75": floats(self.q75),
        }

    @classmethod
    def from_json(cls, d: dict) -> GradientDistance:
        """Read back ``to_json``'s dict.

        Args:
            d: a dict ``to_json`` wrote.

        Returns:
            The ``GradientDistance``.
        """

        def floats(a):
            return np.array([np.nan if v is None else v for v in a], np.float64)

        return cls(
            d["model"],
            int(d["n_reviews"]),
            np.asarray(d["n"], np.int64),
            floats(d["median"]),
            floats(d["q25"]),
            floats(d["q75"]),
        )

    def to_csv(self) -> str:
        """The curve as CSV text.

        Returns:
            One row per distance with at least one review: ``distance,n,median,q25,q75``.
        """
        rows = [
            (int(k), int(self.n[k]), float(self.median[k]), float(self.q25[k]), float(self.q75[k]))
            for k in np.flatnonzero(self.n)
        ]
        return files.csv_text(["distance", "n", "median", "q25", "q75"], rows)


def distance_norms(
    probe: GradientProbe,
    x: np.ndarray,
    batch_size: int = DEFAULT_GRADIENT_BATCH,
    progress: c.Progress | None = None,
) -> np.ndarray:
    """``‖∂p_T/∂e_{T−k}‖₂`` of every review, by distance.

    Args:
        probe: the model's probe.
        x: ``(N, T)`` int ids, padding in front.
        batch_size: reviews per backward pass.
        progress: ``progress(done, total)`` after every batch.

    Returns:
        ``(N, T)`` float32; column ``k`` is ``k`` words before the review's last word
        (the last step, or with padding at the end, as a ``TextVectorization`` pads, the
        last real step); NaN beyond the review's first word.
    """
    x = np.asarray(x)
    out = np.full(x.shape, np.nan, np.float32)
    for start in range(0, len(x), batch_size):
        rows = slice(start, min(start + batch_size, len(x)))
        _, norms = probe.final_gradients(x[rows])
        real = ~c.pad_mask(x[rows])
        for i, (row, keep) in enumerate(zip(norms, real, strict=True)):
            words = row[keep][::-1]
            out[rows.start + i, : len(words)] = words
        if progress is not None:
            progress(rows.stop, len(x))
    return out


def summarise_distances(norms: np.ndarray, model: str = "") -> GradientDistance:
    """Summarise gradient norms per distance.

    Args:
        norms: ``(N, T)`` from ``distance_norms`` (NaN on padding).
        model: the model's name, for the result.

    Returns:
        The ``GradientDistance``: count, median and quartiles per distance.
    """
    n = np.sum(~np.isnan(norms), axis=0).astype(np.int64)
    q = np.full((3, norms.shape[1]), np.nan)
    seen = n > 0
    if seen.any():
        q[:, seen] = np.nanpercentile(norms[:, seen].astype(np.float64), [25, 50, 75], axis=0)
    return GradientDistance(model, len(norms), n, q[1], q[0], q[2])


def compute_gradient_distance(
    probe: GradientProbe,
    x: np.ndarray,
    batch_size: int = DEFAULT_GRADIENT_BATCH,
    progress: c.Progress | None = None,
    model: str = "",
) -> GradientDistance:
    """The gradient against distance over some reviews, with no caching (see
    ``gradient_distance``).

    Args:
        probe: the model's probe.
        x: ``(N, T)`` int ids, padding in front.
        batch_size: reviews per backward pass.
        progress: ``progress(done, total)`` after every batch.
        model: the model's name, for the result.

    Returns:
        The ``GradientDistance``.
    """
    return summarise_distances(distance_norms(probe, x, batch_size, progress), model)


#: How the gradient of a model's prediction fades with the distance of the word: over
#: a fixed random sample of ``limit`` test reviews of both labels (default 500; None:
#: all), ``‖∂p_T/∂e_{T−k}‖₂`` for every real step at distance ``k`` from the last,
#: summarised per distance: ``gradient_distance(bundle, corpus, limit=500, probe=None)``
#: gives the ``GradientDistance``, cached on disk by model file and reviews; a model
#: that cannot be measured raises ``CapabilityError`` (see ``GradientProbe``).
gradient_distance: Analysis[GradientDistance] = Analysis(
    "gradient_distance",
    (),
    compute_gradient_distance,
    c.Stored.json(GradientDistance.from_json),
    "pkg.progress.gradient_distance",
    default_limit=DEFAULT_REVIEWS,
    instrument=lambda bundle: GradientProbe(bundle.model),
    instrument_kw="probe",
)


#: How far apart two measured values may be and still "stay": within this factor of
#: each other (either way round); beyond it, the far one "fades" (smaller) or "grows".
STAY_FACTOR = 1.5


@dataclass(frozen=True)
class Trend:
    """How a positive measurement changes from a near value to a far one.

    Attributes:
        kind: ``"fades"`` (far < near ÷ tolerance), ``"grows"`` (far > near × tolerance)
            or ``"stays"`` (within the tolerance either way).
        near, far: the two values compared.
        tolerance: the factor within which they count as staying (≥ 1).
    """

    kind: str
    near: float
    far: float
    tolerance: float = STAY_FACTOR

    @property
    def factor(self) -> float:
        """How many times larger the larger value is than the smaller one (≥ 1)."""
        return max(self.near, self.far) / min(self.near, self.far)

    @property
    def ratio(self) -> float:
        """``near / far``: above 1 the far value is smaller."""
        return self.near / self.far


def trend(near: float, far: float, tolerance: float = STAY_FACTOR) -> Trend:
    """Whether a measurement fades, stays or grows from ``near`` to ``far``.

    Args:
        near: the value close by (e.g. the gradient of the last word), > 0.
        far: the value far away (e.g. the gradient of a word ``k`` words back), > 0.
        tolerance: the factor within which the two count as the same, ≥ 1.

    Returns:
        The ``Trend``: fades when ``far < near / tolerance``, grows when ``far > near ×
        tolerance``, else stays.

    Raises:
        ValueError: a value is not a finite number above 0, or ``tolerance < 1``.
    """
    if not (math.isfinite(near) and math.isfinite(far) and near > 0 and far > 0):
        raise ValueError(f"a trend compares two finite values above 0, not {near} and {far}")
    if tolerance < 1:
        raise ValueError(f"the tolerance is a factor of at least 1, not {tolerance}")
    kind = "fades" if far * tolerance < near else "grows" if far > near * tolerance else "stays"
    return Trend(kind, float(near), float(far), float(tolerance))


def fading_summary(
    curves: dict[str, GradientDistance],
    far: int = 200,
    min_reviews: int = 10,
    tolerance: float = STAY_FACTOR,
) -> str:
    """One sentence of what gradient-against-distance curves show, from their medians.

    For each model, whether the median gradient of the prediction for the word ``k``
    words before the last fades, stays or grows against that of the last word itself
    (``trend`` with ``tolerance``), and by what factor (``k`` = ``far``, or the farthest
    distance that every model reached in at least ``min_reviews`` reviews); when two
    models or more fade, which fades fastest and which slowest.

    Args:
        curves: ``{label: GradientDistance}``.
        far: the distance compared with the last word.
        min_reviews: reviews a distance needs, in every curve, to be compared.
        tolerance: the factor within which the two medians count as staying.

    Returns:
        The sentence; one saying why there is nothing to compare when no distance
        beyond 0 has enough reviews.
    """
    if not curves:
        return i18n.t("analysis.fading.none")
    reach = min(int(np.max(np.flatnonzero(c.n >= min_reviews), initial=0)) for c in curves.values())
    k = min(far, reach)
    if k < 1:
        return i18n.t("analysis.fading.too_short", min_reviews=min_reviews)
    trends = {
        label: trend(c.at(0), c.at(k), tolerance)
        for label, c in curves.items()
        if c.at(0) > 0 and c.at(k) > 0
    }
    parts = [
        i18n.t(
            f"analysis.fading.part.{tr.kind}",
            label=label,
            factor=f"{tr.factor:,.3g}",
            last=f"{tr.near:.1e}",
            far=f"{tr.far:.1e}",
        )
        for label, tr in trends.items()
    ]
    n = min(c.n_reviews for c in curves.values())
    sentence = i18n.t(
        "analysis.fading.sentence", n=f"{n:,}", k=k, parts="; ".join(parts), tolerance=tolerance
    )
    fading = {label: tr.ratio for label, tr in trends.items() if tr.kind == "fades"}
    if len(fading) > 1:
        steep, flat = max(fading, key=fading.__getitem__), min(fading, key=fading.__getitem__)
        sentence += " " + i18n.t("analysis.fading.extremes", steep=steep, flat=flat)
    return sentence


# --------------------------------------------------------------------------- #
# What the padding in front of a review still moves
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class PaddingReach:
    """How much the padding a model reads moves its verdict on one review.

    Attributes:
        model: the model's name.
        n_words: the review's real steps.
        n_pad: the padding steps the model reads (0: none).
        masked: the model masks padding (``Embedding(mask_zero=True)``): it skips those
            steps, so they cannot move the verdict.
        back: steps from the farthest padding step to the last step (``T − 1`` for
            padding in front).
        far_pad: ``‖∂p_T/∂e_s‖₂`` at that padding step (0 when masked or no padding).
        max_pad: the largest ``‖∂p_T/∂e_s‖₂`` over the padding steps.
        last_word: ``‖∂p_T/∂e_s‖₂`` at the review's last word.
    """

    model: str
    n_words: int
    n_pad: int
    masked: bool
    back: int
    far_pad: float
    max_pad: float
    last_word: float

    def trend(self, tolerance: float = STAY_FACTOR) -> Trend | None:
        """From the last word to the farthest padding step (``trend``).

        Args:
            tolerance: the factor within which the two count as staying.

        Returns:
            The ``Trend``; None without padding, when masked, or when a gradient is 0.
        """
        if self.n_pad == 0 or self.masked or self.far_pad <= 0 or self.last_word <= 0:
            return None
        return trend(self.last_word, self.far_pad, tolerance)

    def sentence(self, label: str) -> str:
        """What the padding does to this model's verdict, in the current language.

        Args:
            label: the model's name as the page shows it.

        Returns:
            One or two sentences with the measured gradients and what masking changes;
            empty when the model reads no padding on this review.
        """
        if self.n_pad == 0:
            return ""
        if self.masked:
            return i18n.t("analysis.padding.masked", label=label, pad=self.n_pad)
        tr = self.trend()
        values: dict[str, object] = dict(
            label=label,
            pad=self.n_pad,
            back=self.back,
            far=f"{self.far_pad:.3g}",
            last=f"{self.last_word:.3g}",
            factor="" if tr is None else f"{tr.factor:,.3g}",
        )
        kind = "zero" if tr is None else tr.kind
        return (
            i18n.t(f"analysis.padding.{kind}", None, **values)
            + " "
            + i18n.t(
                "analysis.padding.settled"
                if kind in ("fades", "zero")
                else "analysis.padding.masking"
            )
        )


def _reach(row: np.ndarray, is_pad: np.ndarray, model: str) -> PaddingReach:
    """``PaddingReach`` from ``row`` ``(T,)`` ‖∂p_T/∂e_s‖₂ and ``is_pad`` ``(T,)``."""
    row = np.asarray(row, np.float64)
    pad = np.flatnonzero(is_pad)
    real = np.flatnonzero(~np.asarray(is_pad, bool))
    if not len(pad) or not len(real):
        return PaddingReach(model, len(real), 0, False, 0, 0.0, 0.0, 0.0)
    far = int(pad[0])
    return PaddingReach(
        model,
        len(real),
        len(pad),
        bool(np.all(row[pad] == 0)),
        len(row) - 1 - far,
        float(row[far]),
        float(row[pad].max()),
        float(row[real[-1]]),
    )


def padding_reach(conn: Connectivity) -> PaddingReach:
    """How much the padding moves the verdict, from a review's connectivity (its last
    row is ``‖∂p_T/∂e_s‖₂`` for every step ``s``, padding included).

    Args:
        conn: the review's connectivity (``GradientProbe.connectivity``).

    Returns:
        The ``PaddingReach``; ``masked`` when every padding step's gradient is exactly 0
        because the model skips them.
    """
    return _reach(conn.saliency[conn.T - 1], conn.is_pad, conn.model)


def review_padding_reach(
    bundle: ModelBundle, text: str, probe: GradientProbe | None = None
) -> PaddingReach:
    """``padding_reach`` of ``text`` through a model folder's model, from one backward
    pass of its verdict (not the whole connectivity).

    Args:
        bundle: a loaded model (``models.ModelBundle``).
        text: the review.
        probe: the model's ``GradientProbe`` when one is already built.

    Returns:
        The ``PaddingReach``.

    Raises:
        CapabilityError: the model has no differentiable readout (see ``GradientProbe``).
        NoReadableWordError: the text has no word the model can read.
    """
    probe = probe or GradientProbe(bundle.model)
    encoded = bundle.vocab.encode(text)
    if encoded.n_real == 0:
        raise NoReadableWordError()
    _, norms = probe.final_gradients(np.asarray(encoded.ids)[None])
    return _reach(norms[0], np.asarray(encoded.is_pad), bundle.name)
