"""What-if: edit a review (replace, delete or insert a word) and compare the
two traces step by step.

Both reviews are padded in front, so their steps line up *from the end*: step
``t`` of one is compared with step ``t`` of the other, the last words with the
last words. Words after an edit line up exactly; words before an insertion or
deletion are one step apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnn_viz import i18n
from rnn_viz.core import files
from rnn_viz.core.capture import Trace, Tracer
from rnn_viz.core.errors import NoReadableWordError, RnnVizError
from rnn_viz.core.text import TOKENIZER, TOKENIZERS, Tokenizer, Vocabulary

EDIT_OPS = ("replace", "delete", "insert")


class EditError(RnnVizError, ValueError):
    """An edit that cannot be made; the message says why in one sentence."""


def edit_text(
    text: str,
    op: str,
    position: int,
    word: str | None = None,
    tokenizer: Tokenizer = TOKENIZERS[TOKENIZER],
) -> str:
    """``text`` with its ``position``-th word (0-based, counting the tokens the
    model reads, as its tokenizer's ``chunks`` splits them) replaced by ``word``, deleted,
    or with ``word`` inserted before it (``position`` = word count appends).
    The pieces are re-joined by the tokenizer's ``join`` (single spaces for words).

    Args:
        text: the review; it must hold at least one word the model reads.
        op: "replace", "delete" or "insert".
        position: the word's index.
        word: the new word for "replace" and "insert": exactly one word the model
            reads (an emoji or punctuation alone is not read, so it would turn a
            replacement into a silent deletion).
        tokenizer: the model's tokenizer (its vocabulary's), which cuts the words.

    Returns:
        The edited text.

    Raises:
        NoReadableWordError: ``text`` has no word the model reads.
        EditError: any of the rest does not hold; the message says which.
    """
    if op not in EDIT_OPS:
        raise EditError(f"The edit must be one of {', '.join(EDIT_OPS)}, not {op!r}.")
    pieces = [shown for shown, _ in tokenizer.chunks(text)]
    if not pieces:
        raise NoReadableWordError()
    last = len(pieces) if op == "insert" else len(pieces) - 1
    if not 0 <= position <= last:
        raise EditError(
            f"Pick a word between 0 and {last} for {op} in a text of "
            f"{len(pieces)} words (got {position})."
        )
    new: list[str] = []
    if op != "delete":
        typed = (word or "").strip()
        new = [shown for shown, _ in tokenizer.chunks(typed)]
        if not typed:
            raise EditError(f"Type the new word to {op}.")
        if not new:
            effect = "delete the word; use delete instead" if op == "replace" else "change nothing"
            raise EditError(
                f"“{typed}” has no word the model reads (only letters and digits "
                f"are read): to {op} it would {effect}."
            )
        if len(new) > 1:
            raise EditError(
                f"“{typed}” is {len(new)} words; {op} one word at a time (or use the free edit)."
            )
    if op == "replace":
        pieces[position] = new[0]
    elif op == "delete":
        del pieces[position]
    else:
        pieces.insert(position, new[0])
    return tokenizer.join(pieces)


@dataclass
class WhatIf:
    """Two traces of the same model and their difference.

    ``diff[k][gate]``: ``(T, units)`` = ``b − a`` for layer ``k`` (0-based), step by
    step; ``prob_diff``: ``(T,)`` readout b − a. ``start``: the first step where
    either review has a word (steps before it are padding in both).
    """

    a: Trace
    b: Trace
    diff: list[dict[str, np.ndarray]]
    prob_diff: np.ndarray | None

    @property
    def start(self) -> int:
        """The first step either review has a real word at."""
        return min(self.a.first_real, self.b.first_real)

    @property
    def change(self) -> float | None:
        """Prediction of b minus prediction of a."""
        if self.a.prediction is None or self.b.prediction is None:
            return None
        return self.b.prediction - self.a.prediction

    @property
    def flips(self) -> bool:
        """Whether b is predicted another class than a (for a binary model: the other
        side of 0.5); False without a readout."""
        return self.a.predicted_class is not None and (
            self.a.predicted_class != self.b.predicted_class
        )

    def class_prob(self, cls: int | None = None) -> tuple[float, float] | None:
        """p(class ``cls``) of a and of b after the last step.

        Args:
            cls: a label id; None: the class a is predicted.

        Returns:
            ``(p_a, p_b)``; None without a readout.
        """
        pa, pb = self.a.class_probs, self.b.class_probs
        if pa is None or pb is None:
            return None
        k = self.a.predicted_class if cls is None else cls
        return float(pa[-1, k]), float(pb[-1, k])

    def verdict(self, lang: str | None = None) -> str | None:
        """For a model of more than two classes, what the edit did to the prediction, in
        one sentence: "The prediction moved from 3–4 stars (0.41) to 7–8 stars (0.52)."
        (each class with its probability), or that it stays.

        Args:
            lang: ``"en"`` or ``"ko"``; default the current language.

        Returns:
            The sentence; None for a binary model or one without a readout.
        """
        a, b = self.a.predicted_class, self.b.predicted_class
        if a is None or b is None or self.a.n_classes <= 2:
            return None
        pa, pb = self.a.class_probs[-1], self.b.class_probs[-1]  # type: ignore[index]
        names = self.a.classes
        if a == b:
            return i18n.t("wi.stayed", lang, a=i18n.label_text(names[a], lang), pa=pa[a], pb=pb[a])
        return i18n.t(
            "wi.moved",
            lang,
            a=i18n.label_text(names[a], lang),
            pa=pa[a],
            b=i18n.label_text(names[b], lang),
            pb=pb[b],
        )

    @property
    def changed_steps(self) -> np.ndarray:
        """Steps whose word differs between a and b."""
        return np.flatnonzero(self.a.ids != self.b.ids)

    def max_abs_diff(self) -> np.ndarray:
        """How much the two traces differ at each step.

        Returns:
            ``(T,)`` the largest |b − a| over every gate and unit of every layer.
        """
        return np.max(
            [np.abs(d).max(axis=-1) for layer in self.diff for d in layer.values()], axis=0
        )

    def to_json(self) -> dict:
        """The comparison as JSON, one entry per step from ``start``.

        Returns:
            Both texts and predictions, the change, the changed steps and per-step values.
        """
        steps = range(self.start, self.a.T)
        return {
            "text_a": self.a.text,
            "text_b": self.b.text,
            "prediction_a": self.a.prediction,
            "prediction_b": self.b.prediction,
            "change": self.change,
            "changed_steps": self.changed_steps.tolist(),
            "steps": [
                {
                    "step": t,
                    "token_a": self.a.tokens[t],
                    "token_b": self.b.tokens[t],
                    "prob_a": None if self.a.prob is None else float(self.a.prob[t]),
                    "prob_b": None if self.b.prob is None else float(self.b.prob[t]),
                    "max_abs_diff": float(self.max_abs_diff()[t]),
                }
                for t in steps
            ],
        }

    def to_csv(self) -> str:
        """The difference as CSV text.

        Returns:
            One row per step from ``start``: ``step,token_a,token_b,prob_a,prob_b,
            prob_diff`` then one column per ``layer{k}/{gate}[unit]`` difference (k from 1;
            ``layer{k}/fwd/…``, ``layer{k}/bwd/…`` for a Bidirectional layer's directions).
        """
        cols = ["step", "token_a", "token_b", "prob_a", "prob_b", "prob_diff"]
        for prefix, layer in zip(self.a.array_prefixes, self.diff, strict=True):
            for gate, d in layer.items():
                cols += [f"{prefix}/{gate}[{u}]" for u in range(d.shape[1])]
        rows = []
        prob_a, prob_b, prob_diff = self.a.prob, self.b.prob, self.prob_diff
        for t in range(self.start, self.a.T):
            row = [t, self.a.tokens[t], self.b.tokens[t]]
            row += (
                ["", "", ""]
                if prob_a is None or prob_b is None or prob_diff is None
                else [float(prob_a[t]), float(prob_b[t]), float(prob_diff[t])]
            )
            row += [float(v) for layer in self.diff for d in layer.values() for v in d[t]]
            rows.append(row)
        return files.csv_text(cols, rows)


def compare_traces(tracer: Tracer, vocab: Vocabulary, text_a: str, text_b: str) -> WhatIf:
    """Trace two texts and their step-by-step difference (b − a).

    Args:
        tracer: traces the model.
        vocab: its vocabulary.
        text_a: the original review.
        text_b: the edited one.

    Returns:
        The ``WhatIf``.

    Raises:
        NoReadableWordError: either text has no word the model reads.
    """
    a = tracer.trace(vocab.encode(text_a))
    b = tracer.trace(vocab.encode(text_b))
    diff = [
        {g: lb.gates[g] - la.gates[g] for g in la.gate_names}
        for la, lb in zip(a.layers, b.layers, strict=True)
    ]
    prob_diff = None if a.prob is None else b.prob - a.prob
    return WhatIf(a, b, diff, prob_diff)
