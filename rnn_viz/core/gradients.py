"""The one differentiable readout: a model's opinion as a function of its embedded input.

``DifferentiableReadout(model)`` runs copies of the model's own layers after the
embedding (recurrent layers with ``return_sequences=True``, holding its trained weights,
in inference mode) on embedding outputs ``e`` ``(B, T, E)``, and applies the head to every
step's ``h``: ``p_t``, p(class) had the review ended at step ``t`` (as
``capture.Tracer``'s readout); ``p_T``, the last, is the model's prediction. The class
is the one the caller picks (a label id); by default label 1 (positive) for a binary
model and the predicted class (after the last step) for a model of more classes. The copies
compute in float32, or float64 for checks against finite differences.

Every gradient analysis runs on it: token attribution (integrated gradients of ``p_T``),
memory across time (``‖∂p_t/∂e_s‖``, one backward pass for all ``t``) and the flip
search (the first-order estimate of a word replacement). A model qualifies when its
``capabilities.gradients`` is on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import keras
import numpy as np

from rnn_viz.core.capabilities import CapabilityError, capabilities
from rnn_viz.core.capture import Note, TraceError, model_layers, recurrent_indices, stock_copy
from rnn_viz.core.readout import head_class_probabilities, probability_head

if TYPE_CHECKING:
    import tensorflow as tf


class DifferentiableReadout:
    """p(class) after every step of embedded input, and its gradients. Build once per
    model, reuse.

    Args:
        model: a model whose ``capabilities(model).gradients`` is on: ``Embedding →
            recurrent layers (LSTM, GRU, SimpleRNN; any number) → head`` whose output is
            a probability of its classes and whose head reads each step. Layers between
            them (dropout) are kept; they do nothing in inference mode.
        dtype: the float type the copies compute in (``"float64"`` for checks against
            finite differences).

    Raises:
        CapabilityError: the model has no differentiable readout; the message says why.
    """

    def __init__(self, model: keras.Model, dtype: str = "float32") -> None:
        import tensorflow as tf

        capabilities(model).require("gradients")
        layers = model_layers(model)
        recurrent = recurrent_indices(layers)
        self.dtype = dtype
        #: How many classes the head gives probabilities of (2 for a sigmoid unit).
        self.classes = probability_head(model).classes
        self.embedding = layers[0]
        self.mask_zero = bool(getattr(self.embedding, "mask_zero", False))
        self.seq_len = model.inputs[0].shape[1]
        try:
            copies = [(stock_copy(layer, "_probe", dtype), layer) for layer in layers[1:]]
        except TraceError as err:
            detail = f"{err} (to differentiate through it)"
            raise CapabilityError(
                "gradients", Note("pkg.grad.untraceable", {"detail": detail}), detail
            ) from err
        x = keras.Input((self.seq_len, self.embedding.output_dim), dtype=dtype)
        for copy, original in copies:
            x = copy(x)  # symbolic: builds the copy without computing
            copy.set_weights(original.get_weights())
        self._layers = [(copy, k + 1 in recurrent) for k, (copy, _) in enumerate(copies)]
        D = self.embedding.output_dim
        float_t = tf.as_dtype(dtype)
        spec = {"reduce_retracing": True}  # no XLA: measured slower here, and slow to compile
        batch = [
            tf.TensorSpec((None, None, D), float_t),
            tf.TensorSpec((None, None), tf.bool),
            tf.TensorSpec((None,), tf.int32),
        ]
        self._steps = tf.function(self.steps, **spec, input_signature=batch)
        self._class_steps = tf.function(self.class_steps, **spec, input_signature=batch[:2])
        self._final = tf.function(self._final_pass, **spec, input_signature=batch)
        self._connectivity = tf.function(
            self._connectivity_pass,
            **spec,
            input_signature=[
                tf.TensorSpec((None, D), float_t),
                tf.TensorSpec((None,), tf.bool),
                tf.TensorSpec((), tf.int32),
            ],
        )

    # ------------------------------------------------------------------ tensors
    def class_steps(self, e: tf.Tensor, mask: tf.Tensor) -> tf.Tensor:
        """p(class) of every class after every step, from embedding outputs
        (differentiable).

        Args:
            e: ``(B, T, E)`` embedding outputs (the readout's dtype).
            mask: ``(B, T)`` bool, False on steps the model masks (used only when the
                embedding has ``mask_zero=True``).

        Returns:
            ``(B, T, K)`` tensor: the head applied to the last recurrent layer's ``h_t``
            (``[1 − p, p]`` for a sigmoid unit).
        """
        x = e
        for copy, is_recurrent in self._layers:
            if is_recurrent and self.mask_zero:
                x = copy(x, mask=mask, training=False)
            else:
                x = copy(x, training=False)
        return head_class_probabilities(x)

    def steps(self, e: tf.Tensor, mask: tf.Tensor, cls: tf.Tensor) -> tf.Tensor:
        """p(class ``cls``) after every step, from embedding outputs (differentiable).

        Args:
            e: ``(B, T, E)`` embedding outputs (the readout's dtype).
            mask: ``(B, T)`` bool, False on steps the model masks (used only when the
                embedding has ``mask_zero=True``).
            cls: ``(B,)`` int32, each row's class (a label id).

        Returns:
            ``(B, T)`` tensor: the head applied to the last recurrent layer's ``h_t``.
        """
        import tensorflow as tf

        probs = self.class_steps(e, mask)
        pick = tf.one_hot(cls, self.classes, dtype=probs.dtype)[:, None, :]
        return tf.reduce_sum(probs * pick, axis=-1)

    def _final_pass(self, e, mask, cls):
        import tensorflow as tf

        with tf.GradientTape() as tape:
            tape.watch(e)
            p = self.steps(e, mask, cls)[:, -1]
            target = tf.reduce_sum(p)
        return p, tape.gradient(target, e)

    def _connectivity_pass(self, e, mask, cls):
        import tensorflow as tf

        T = tf.shape(e)[0]
        batch = tf.tile(e[None], [T, 1, 1])
        masks = tf.tile(mask[None], [T, 1])
        with tf.GradientTape() as tape:
            tape.watch(batch)
            p = self.steps(batch, masks, tf.fill([T], cls))  # (T, T); every row the same p
            target = tf.reduce_sum(tf.linalg.diag_part(p))
        grad = tape.gradient(target, batch)  # grad[b, s] = ∂p_b/∂e_s
        return p[0], tf.norm(grad, axis=-1)

    # ------------------------------------------------------------------ arrays
    def embed(self, ids: np.ndarray) -> np.ndarray:
        """The model's embedding layer's output.

        Args:
            ids: ``(..., T)`` int ids.

        Returns:
            ``(..., T, E)`` in the readout's dtype.
        """
        return np.asarray(self.embedding(np.asarray(ids, np.int32))).astype(self.dtype)

    def mask(self, ids: np.ndarray) -> np.ndarray:
        """The steps the model reads.

        Args:
            ids: ``(..., T)`` int ids.

        Returns:
            ``(..., T)`` bool: False on padding when the embedding masks it, else all True.
        """
        ids = np.asarray(ids)
        return ids != 0 if self.mask_zero else np.ones(ids.shape, bool)

    def _arrays(self, e: np.ndarray, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        e = np.asarray(e, self.dtype)
        return e, np.ones(e.shape[:-1], bool) if mask is None else np.asarray(mask, bool)

    def class_values(self, e: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        """p(class) of every class after every step, for arrays.

        Args:
            e: ``(B, T, E)`` embedding outputs.
            mask: ``(B, T)`` bool, False on masked steps; None: no step masked.

        Returns:
            ``(B, T, K)`` in the readout's dtype.
        """
        return np.asarray(self._class_steps(*self._arrays(e, mask)))

    def target(
        self, e: np.ndarray, mask: np.ndarray | None = None, cls: int | None = None
    ) -> np.ndarray:
        """The class each row is read for: ``cls`` when given, else label 1 for a binary
        model and each row's predicted class (after the last step) for more classes.

        Args:
            e: ``(B, T, E)`` embedding outputs.
            mask: ``(B, T)`` bool, False on masked steps; None: no step masked.
            cls: a label id; None: the default above.

        Returns:
            ``(B,)`` int32 label ids.

        Raises:
            ValueError: ``cls`` is not a label id of the model.
        """
        B = len(e)
        if cls is not None:
            if not 0 <= int(cls) < self.classes:
                raise ValueError(f"class {cls} is not one of the model's {self.classes}")
            return np.full(B, int(cls), np.int32)
        if self.classes == 2:
            return np.ones(B, np.int32)
        return np.argmax(self.class_values(e, mask)[:, -1], axis=-1).astype(np.int32)

    def step_values(
        self, e: np.ndarray, mask: np.ndarray | None = None, cls: int | None = None
    ) -> np.ndarray:
        """p(class) after every step, for arrays.

        Args:
            e: ``(B, T, E)`` embedding outputs.
            mask: ``(B, T)`` bool, False on masked steps; None: no step masked.
            cls: the class (a label id); None: see ``target``.

        Returns:
            ``(B, T)`` in the readout's dtype.
        """
        e, mask = self._arrays(e, mask)
        return np.asarray(self._steps(e, mask, self.target(e, mask, cls)))

    def final_gradient(
        self, e: np.ndarray, mask: np.ndarray | None = None, cls: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The prediction ``p_T`` of a class and its gradient with respect to every
        step's input.

        Args:
            e: ``(B, T, E)`` embedding outputs.
            mask: ``(B, T)`` bool, False on masked steps; None: no step masked.
            cls: the class (a label id); None: see ``target``.

        Returns:
            ``(p, grad)``: ``(B,)`` p(class) after the last step and ``(B, T, E)``
            ``∂p_T/∂e``, in the readout's dtype.
        """
        e, mask = self._arrays(e, mask)
        p, grad = self._final(e, mask, self.target(e, mask, cls))
        return np.asarray(p), np.asarray(grad)

    def connectivity(
        self, e: np.ndarray, mask: np.ndarray | None = None, cls: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """p(class) after every step of one sequence, and how much every step's input
        moves it: all rows from one backward pass (the sequence replicated ``T`` times as
        a batch, ``Σ_b p_b[t=b]`` differentiated once).

        Args:
            e: ``(T, E)`` embedding outputs.
            mask: ``(T,)`` bool, False on masked steps; None: no step masked.
            cls: the class (a label id); None: see ``target``.

        Returns:
            ``(prob, saliency)``: ``(T,)`` p(class) after every step and ``(T, T)``
            ``‖∂p_t/∂e_s‖₂``, zero above the diagonal; both in the readout's dtype.
        """
        e, mask = self._arrays(e, mask)
        target = self.target(e[None], mask[None], cls)[0]
        prob, saliency = self._connectivity(e, mask, np.int32(target))
        return np.asarray(prob), np.tril(np.asarray(saliency))
