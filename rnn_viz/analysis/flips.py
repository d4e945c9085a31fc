"""The smallest edit that flips a prediction: the single-word deletions and
replacements of one review that move p(positive) most towards the other verdict.

Every deletion of a word the model reads is run through the model. Replacements
(with the vocabulary's ``top_words`` most frequent words) are too many to run
(300 words × 2,000 words), so each is first scored by a first-order estimate
(the gradient of p(positive) with respect to the embedding at that step, times the
change of embedding: HotFlip, Ebrahimi et al. 2018; the gradient is the model's
differentiable readout's, ``core.gradients``); the best-scored replacement at
every step and the ``candidates`` best overall are then run through the model in
batches. Every reported p(positive) is the model's own on the edited review.

A model of more than two classes is searched the same way for the edits that make it
predict another class: any other (the probability of the predicted class pushed down)
or one the user picks (``toward``; its probability pushed up); the probability reported
is then that class' (``FlipSearch.focus``).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import keras
import numpy as np

from rnn_viz.analysis.whatif import edit_text
from rnn_viz.core import files
from rnn_viz.core.capabilities import capabilities
from rnn_viz.core.errors import NoReadableWordError
from rnn_viz.core.gradients import DifferentiableReadout
from rnn_viz.core.readout import default_label_names, head_class_probabilities
from rnn_viz.core.text import TOKENIZER, TOKENIZERS, Tokenizer, Vocabulary
from rnn_viz.i18n import label_text, t

#: Replacement words: the vocabulary's most frequent this many (ids 2 …).
TOP_WORDS = 2000
#: Replacements run through the model beyond the best one at every step.
CANDIDATES = 512


@dataclass
class Edit:
    """One single-word edit and what the model makes of it.

    Attributes:
        op: ``"delete"`` or ``"replace"`` (as ``whatif.edit_text`` names them).
        position: the word's index in the review (0-based, as ``edit_text`` counts).
        step: the step at which the model reads that word (padding in front).
        old: the word as typed; ``new``: the replacement (None for a deletion).
        prob: the model's p(positive) of the edited review (for more classes, p(class
            ``FlipSearch.focus``)); ``change``: minus the original's.
        flips: whether the edit changes the verdict (threshold 0.5; for more classes:
            the model predicts another class, or the class asked for).
        predicted: the class (label id) the model predicts for the edited review.
    """

    op: str
    position: int
    step: int
    old: str
    new: str | None
    prob: float
    change: float
    flips: bool
    predicted: int = -1

    def apply(self, text: str, tokenizer: Tokenizer = TOKENIZERS[TOKENIZER]) -> str:
        """Make this edit.

        Args:
            text: the review it was found in.
            tokenizer: the model's tokenizer (its vocabulary's).

        Returns:
            ``text`` edited (``whatif.edit_text``).
        """
        return edit_text(text, self.op, self.position, self.new, tokenizer)

    def describe(self) -> str:
        """The edit in a few words, in the current language (e.g. delete “great” (word 3)).

        Returns:
            The description; the words themselves are never translated.
        """
        if self.op == "delete":
            return t("analysis.flip.delete", old=self.old, position=self.position)
        return t("analysis.flip.replace", old=self.old, new=self.new, position=self.position)


@dataclass
class FlipSearch:
    """The edits of one review that move p(positive) most towards the other verdict.

    Attributes:
        prediction: the original review's p(positive).
        edits: the ``top`` best edits, the largest move towards the other verdict first.
        n_deletions, n_replacements: how many of each were run through the model.
        n_scored: replacements scored by the gradient estimate.
        seconds: how long the search took.
        classes: the model's label names (index = label id).
        predicted: the class the model predicts for the review.
        toward: the class a flip must reach; None: any other than ``predicted``.
        focus: the class whose probability ``prediction`` and the edits' ``prob`` are
            (1, positive, for a binary model; ``toward``, or else ``predicted``).
    """

    text: str
    prediction: float
    edits: list[Edit]
    n_deletions: int
    n_replacements: int
    n_scored: int
    top_words: int
    seconds: float
    classes: tuple[str, ...] = ("negative", "positive")
    predicted: int = -1
    toward: int | None = None
    focus: int = 1

    @property
    def flips(self) -> list[Edit]:
        """The listed edits that change the verdict."""
        return [e for e in self.edits if e.flips]

    @property
    def target(self) -> str:
        """The verdict a flip reaches, in the current language."""
        if len(self.classes) == 2:
            return t("ui.negative" if self.prediction >= 0.5 else "ui.positive")
        if self.toward is not None:
            return label_text(self.classes[self.toward])
        return t("analysis.flip.other_class", label=label_text(self.classes[self.predicted]))

    def table(self) -> list[dict]:
        """One row per edit, keyed by stable identifiers (headers: ``column_labels``).

        Returns:
            Rows ``{"edit", "op", "position", "old", "new", "p(positive)", "change",
            "flips"}``; ``edit`` is ``Edit.describe`` in the current language.
        """
        return [
            {
                "edit": e.describe(),
                "op": e.op,
                "position": e.position,
                "old": e.old,
                "new": e.new or "",
                "p(positive)": e.prob,
                "change": e.change,
                "flips": e.flips,
            }
            for e in self.edits
        ]

    def to_json(self) -> dict:
        """The search as JSON (what ``rnn-viz flips -o x.json`` writes; stable keys).

        Returns:
            ``{"text", "classes", "predicted", "toward", "focus", "prediction",
            "n_deletions", "n_replacements", "n_scored", "top_words", "seconds",
            "edits"}``; each edit ``{"op", "position", "step", "old", "new", "prob",
            "change", "flips", "predicted"}`` (class ids index ``classes``; ``prob`` is
            p(class ``focus``)).
        """
        return {
            "text": self.text,
            "classes": list(self.classes),
            "predicted": self.predicted,
            "toward": self.toward,
            "focus": self.focus,
            "prediction": self.prediction,
            "n_deletions": self.n_deletions,
            "n_replacements": self.n_replacements,
            "n_scored": self.n_scored,
            "top_words": self.top_words,
            "seconds": self.seconds,
            "edits": [asdict(e) for e in self.edits],
        }

    def to_csv(self) -> str:
        """The edits as CSV text.

        Returns:
            One row per edit: ``op,position,step,old,new,prob,change,flips,predicted``
            (``predicted``: the label name the edited review is predicted).
        """
        cols = ["op", "position", "step", "old", "new", "prob", "change", "flips"]
        names = dict(enumerate(self.classes))
        rows = [
            [e[c] for c in cols] + [names.get(e["predicted"], "")] for e in self.to_json()["edits"]
        ]
        return files.csv_text([*cols, "predicted"], rows)


class FlipSearcher:
    """Searches single-word edits of reviews for one model; build once per model.

    Args:
        model: a model whose ``capabilities(model).attribution`` is on (it outputs
            p(positive) and starts with an Embedding that does not mask padding).
        vocab: its vocabulary.
        batch_size: edited reviews per batch through the model.
        readout: the model's float32 readout when one is already built.
        classes: the model's label names (``ModelBundle.label_names``); None: its
            ``DifferentiableReadout``'s count of classes, named by their ids.

    Raises:
        CapabilityError: the model does not output p(positive), or cannot be
            differentiated so; the message says why.
    """

    def __init__(
        self,
        model: keras.Model,
        vocab: Vocabulary,
        batch_size: int = 256,
        readout: DifferentiableReadout | None = None,
        classes: tuple[str, ...] | None = None,
    ):
        caps = capabilities(model)
        caps.require("readout", "pkg.cap.metrics", name="the model")
        caps.require("attribution", "pkg.cap.flips")
        self.model, self.vocab, self.batch_size = model, vocab, batch_size
        self.readout = readout or DifferentiableReadout(model)
        self.embedding = self.readout.embedding
        self.table = np.asarray(self.embedding.embeddings, np.float32)  # (V, D)
        K = self.readout.classes
        self.classes = tuple(classes) if classes and len(classes) == K else default_label_names(K)

    def predict(self, ids: np.ndarray) -> np.ndarray:
        """The model's p(class) of every class, for a batch.

        Args:
            ids: ``(B, T)`` int ids.

        Returns:
            ``(B, K)`` float64 (``[1 − p, p]`` for a sigmoid unit).
        """
        out = self.model.predict(np.asarray(ids, np.int32), batch_size=self.batch_size, verbose=0)
        return np.asarray(head_class_probabilities(np.asarray(out, np.float32)), np.float64)

    def search(
        self,
        text: str,
        top_words: int = TOP_WORDS,
        candidates: int = CANDIDATES,
        top: int = 20,
        toward: int | None = None,
    ) -> FlipSearch:
        """The ``top`` single-word edits of ``text`` that move p(positive) most towards
        the other verdict (for more classes: towards another class, or ``toward``).

        Args:
            text: the review.
            top_words: replacement words, the vocabulary's most frequent (ids 2 …).
            candidates: replacements run beyond the best-estimated one at every step.
            top: edits reported.
            toward: the class (label id) a flip must reach; None: any other. Ignored for
                a binary model (there is one other) and when it is the predicted class.

        Returns:
            The ``FlipSearch``.

        Raises:
            NoReadableWordError: the text has no word the model reads.
        """
        start = time.perf_counter()
        pieces = self.vocab.tokenizer.chunks(text)
        if not pieces:
            raise NoReadableWordError()
        all_ids = self.vocab.ids([w for _, w in pieces])
        n, T = len(all_ids), self.vocab.maxlen
        kept, at = self.vocab.window(n)  # the words the model reads, and their steps
        positions = np.arange(n)[kept]
        steps = np.arange(T)[at]
        base = self.vocab.pad(all_ids)
        probs0 = self.predict(base[None])[0]
        predicted = int(np.argmax(probs0)) if len(probs0) > 2 else int(probs0[1] >= 0.5)
        if len(probs0) == 2 or toward == predicted:
            toward = None
        if len(probs0) == 2:
            focus, sign = 1, (-1.0 if probs0[1] >= 0.5 else 1.0)
        elif toward is None:
            focus, sign = predicted, -1.0
        else:
            focus, sign = int(toward), 1.0
        p0 = float(probs0[focus])

        # deletions, all of them (a one-word review has none: nothing would be left)
        deleted = (
            [self.vocab.pad(all_ids[:i] + all_ids[i + 1 :]) for i in positions] if n > 1 else []
        )
        # replacements: scored by the gradient, the best at each step and overall run
        words_k = np.arange(2, min(len(self.vocab), 2 + top_words))
        e = self.table[base][None]
        _, grad = self.readout.final_gradient(e, cls=focus)
        g = grad[0, steps]  # (n_real, D)
        est = g @ self.table[words_k].T - np.einsum("sd,sd->s", g, e[0, steps])[:, None]
        est = sign * est
        est[words_k[None, :] == base[steps][:, None]] = -np.inf  # the word itself
        best_each = {(s, int(np.argmax(est[s]))) for s in range(len(steps))}
        flat = np.argsort(-est, axis=None, kind="stable")[:candidates]
        best_each |= {(int(f // len(words_k)), int(f % len(words_k))) for f in flat}
        picked = sorted((s, k) for s, k in best_each if np.isfinite(est[s, k]))
        replaced = np.repeat(base[None], len(picked), axis=0)
        for row, (s, k) in enumerate(picked):
            replaced[row, steps[s]] = words_k[k]

        batch = np.concatenate([np.asarray(deleted, np.int32).reshape(-1, T), replaced])
        probs = self.predict(batch) if len(batch) else np.zeros((0, len(probs0)))
        flipped = self._flipped(probs, predicted, toward)
        edits = []
        for row, i in enumerate(positions[: len(deleted)]):
            edits.append(
                self._edit(
                    "delete", int(i), int(steps[row]), pieces[i][0], None, probs[row], p0, focus
                )
            )
        for row, (s, k) in enumerate(picked, start=len(deleted)):
            i = int(positions[s])
            edits.append(
                self._edit(
                    "replace",
                    i,
                    int(steps[s]),
                    pieces[i][0],
                    self.vocab.words[words_k[k]],
                    probs[row],
                    p0,
                    focus,
                )
            )
        for edit, flips in zip(edits, flipped, strict=True):
            edit.flips = bool(flips)
        edits.sort(key=lambda ed: (-sign * ed.change, ed.position, ed.op))
        return FlipSearch(
            text,
            p0,
            edits[:top],
            len(deleted),
            len(picked),
            int(est.size),
            len(words_k),
            time.perf_counter() - start,
            self.classes,
            predicted,
            toward,
            focus,
        )

    @staticmethod
    def _flipped(probs: np.ndarray, predicted: int, toward: int | None) -> np.ndarray:
        """``(B,)`` bool: whether each edited review's prediction is another class than
        ``predicted`` (``toward``, when given)."""
        now = np.argmax(probs, axis=1) if probs.shape[1] > 2 else (probs[:, 1] >= 0.5)
        return now != predicted if toward is None else now == toward

    @staticmethod
    def _edit(
        op: str,
        position: int,
        step: int,
        old: str,
        new: str | None,
        probs: np.ndarray,
        p0: float,
        focus: int,
    ) -> Edit:
        prob = float(probs[focus])
        predicted = int(np.argmax(probs)) if len(probs) > 2 else int(probs[1] >= 0.5)
        return Edit(op, position, step, old, new, prob, prob - p0, False, predicted)
