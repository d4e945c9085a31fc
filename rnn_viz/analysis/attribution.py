"""Token attribution by integrated gradients (Sundararajan et al., 2017).

The path runs in the embedding space, from the *baseline* (the embedding of the
padding id 0 at every step) to the review's embedding, and integrates the
gradient of p(class) (the model's output for the class asked about: by default
p(positive) for a binary model, the predicted class for more classes) along it with
the trapezoid rule.
Summed over the embedding dimension, each step gets one number: how much the
word read there moved the prediction away from the baseline's. Completeness:
the attributions sum to f(review) − f(baseline), up to the integration error,
which is reported; the number of path steps is doubled until it is within
``tol`` (relative) or ``max_steps`` is reached.
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np

from rnn_viz.core import files
from rnn_viz.core.capabilities import capabilities
from rnn_viz.core.errors import NoReadableWordError
from rnn_viz.core.gradients import DifferentiableReadout
from rnn_viz.core.text import Encoded


@dataclass
class Attribution:
    """``scores`` ``(T,)``: the attribution of each step (0 on padding steps up to
    float error; the padding embedding *is* the baseline there), aligned with
    ``tokens``/``ids``/``is_pad``. ``prediction`` = f(review), ``baseline`` =
    f(all padding), f being p(class ``target``) (a label id: 1, positive, for a binary
    model by default); ``error`` = |Σ scores − (prediction − baseline)|."""

    text: str
    tokens: list[str]
    ids: np.ndarray
    is_pad: np.ndarray
    scores: np.ndarray
    prediction: float
    baseline: float
    steps: int
    error: float
    target: int = 1

    @property
    def delta(self) -> float:
        """prediction − baseline: what the scores add up to when complete."""
        return self.prediction - self.baseline

    @property
    def relative_error(self) -> float:
        """``error`` relative to |delta| (0 or inf when delta is 0)."""
        return self.error / abs(self.delta) if self.delta else (0.0 if self.error == 0 else np.inf)

    def complete(self, tol: float = 0.05) -> bool:
        """Whether the attribution is complete: Σ scores = prediction − baseline.

        Args:
            tol: the error allowed, relative to |prediction − baseline| (at least 1e-6
                absolutely, when the two are nearly equal).

        Returns:
            True when ``error`` is within that.
        """
        return self.error <= max(tol * abs(self.delta), 1e-6)

    def to_json(self) -> dict:
        """The attribution as JSON, one entry per real step.

        Returns:
            ``{"text", "class", "prediction", "baseline", "steps", "error",
            "relative_error", "tokens"}`` (``class``: the label id attributed toward).
        """
        return {
            "text": self.text,
            "class": self.target,
            "prediction": self.prediction,
            "baseline": self.baseline,
            "steps": self.steps,
            "error": self.error,
            "relative_error": self.relative_error,
            "tokens": [
                {"step": t, "token": tok, "id": int(i), "is_pad": bool(p), "attribution": float(s)}
                for t, (tok, i, p, s) in enumerate(
                    zip(self.tokens, self.ids, self.is_pad, self.scores, strict=True)
                )
                if not p
            ],
        }

    def to_csv(self) -> str:
        """The scores as CSV text.

        Returns:
            One row per real step: ``step,token,id,attribution``.
        """
        rows = [
            (t, tok, int(i), float(s))
            for t, (tok, i, p, s) in enumerate(
                zip(self.tokens, self.ids, self.is_pad, self.scores, strict=True)
            )
            if not p
        ]
        return files.csv_text(["step", "token", "id", "attribution"], rows)


class Attributor:
    """Integrated gradients for one model; build once per model, reuse.

    The gradients are those of the model's differentiable readout
    (``gradients.DifferentiableReadout``) at the last step, at points of the embedding
    space; works for any number of recurrent layers.

    Args:
        model: a model whose ``capabilities(model).attribution`` is on.
        chunk: path points evaluated per batch.
        readout: the model's float32 readout when one is already built.

    Raises:
        CapabilityError: the model cannot be attributed; the message says why.
    """

    def __init__(
        self, model: keras.Model, chunk: int = 64, readout: DifferentiableReadout | None = None
    ):
        capabilities(model).require("attribution", "pkg.cap.attribution")
        self.readout = readout or DifferentiableReadout(model)
        self.embedding = self.readout.embedding
        self.model = model
        self.chunk = chunk

    def embed(self, ids: np.ndarray) -> np.ndarray:
        """The model's embedding of one review.

        Args:
            ids: ``(T,)`` int ids.

        Returns:
            ``(T, D)`` float32.
        """
        return np.asarray(self.embedding(np.asarray(ids, np.int32)[None]))[0]

    def _integrate(
        self, x: np.ndarray, base: np.ndarray, steps: int, target: int
    ) -> tuple[np.ndarray, float, float]:
        alphas = np.linspace(0.0, 1.0, steps + 1, dtype=np.float32)
        diff = x - base
        grads = np.zeros_like(x, dtype=np.float64)
        f_ends = {}
        for start in range(0, steps + 1, self.chunk):
            a = alphas[start : start + self.chunk]
            points = base[None] + a[:, None, None] * diff[None]
            out, g = self.readout.final_gradient(points.astype(np.float32), cls=target)
            out, g = np.asarray(out, np.float64), np.asarray(g, np.float64)
            weights = np.full(len(a), 1.0)
            weights[(start + np.arange(len(a))) == 0] = 0.5
            weights[(start + np.arange(len(a))) == steps] = 0.5
            grads += np.tensordot(weights, g, axes=1)
            for j, idx in enumerate(range(start, start + len(a))):
                if idx in (0, steps):
                    f_ends[idx] = float(out[j])
        scores = (diff * grads / steps).sum(axis=-1)
        return scores, f_ends[steps], f_ends[0]

    def attribute(
        self,
        encoded: Encoded,
        steps: int = 64,
        tol: float = 0.05,
        max_steps: int = 1024,
        cls: int | None = None,
    ) -> Attribution:
        """Integrated gradients of one review, from the all-padding baseline.

        Args:
            encoded: ``vocab.encode(text)``.
            steps: path intervals to start with; doubled until complete.
            tol: completeness wanted (``Attribution.complete``).
            max_steps: the most intervals tried.
            cls: the class (a label id) whose probability is explained; None: label 1
                (positive) for a binary model, the predicted class for more classes.

        Returns:
            The ``Attribution`` (``error`` says how complete it is).

        Raises:
            NoReadableWordError: the text has no word the model reads.
        """
        if encoded.n_real == 0:
            raise NoReadableWordError()
        x = self.embed(encoded.ids)
        base = self.embed(np.zeros_like(encoded.ids))
        target = int(self.readout.target(x[None], cls=cls)[0])
        steps = max(1, int(steps))
        while True:
            scores, f_x, f_b = self._integrate(x, base, steps, target)
            result = Attribution(
                encoded.text,
                list(encoded.tokens),
                encoded.ids,
                encoded.is_pad,
                scores,
                f_x,
                f_b,
                steps,
                float(abs(scores.sum() - (f_x - f_b))),
                target,
            )
            if result.complete(tol) or steps * 2 > max_steps:
                return result
            steps *= 2
