"""Keras LSTM, GRU and SimpleRNN cells that also emit their gates at every step.

Each cell subclasses Keras' own: same weights, same layout, same ``get_config``,
so a trained ``LSTMCell``/``GRUCell``'s weights load into it unchanged. The step
is the standard one, written out line by line; the only difference is the
output: instead of ``h_t`` alone it is ``h_t`` followed by every gate and state,
concatenated on the last axis, so an ``RNN(..., return_sequences=True)`` around
it returns ``(batch, T, len(layout) * units)``. ``split_output`` takes it apart.
Which gates a kind of cell shows, in which order, is the registry's
(``cell_kinds.CellKind.gates``); a cell's ``layout`` is only its output's order.

These cells compute inference steps: dropout is never applied, as in
``model.predict``.

Keras' conventions (weights ``kernel`` and ``recurrent_kernel`` hold the gates
side by side in this order):

LSTM, gate order i, f, c, o::

    i = σ(x W_i + h_{t-1} U_i + b_i)          input gate
    f = σ(x W_f + h_{t-1} U_f + b_f)          forget gate
    g = tanh(x W_c + h_{t-1} U_c + b_c)       candidate c̃
    o = σ(x W_o + h_{t-1} U_o + b_o)          output gate
    c = f ⊙ c_{t-1} + i ⊙ g                   cell state
    h = o ⊙ tanh(c)                           hidden state

GRU, gate order z, r, h::

    z  = σ(x W_z + b_z + h_{t-1} U_z + b'_z)  update gate
    r  = σ(x W_r + b_r + h_{t-1} U_r + b'_r)  reset gate
    h̃  = tanh(x W_h + b_h + r ⊙ (h_{t-1} U_h + b'_h))   reset_after=True (default)
    h̃  = tanh(x W_h + b_h + (r ⊙ h_{t-1}) U_h)          reset_after=False
    h  = z ⊙ h_{t-1} + (1 − z) ⊙ h̃

In Keras' GRU, z near 1 *keeps the old state* and z near 0 writes the candidate
(the opposite of some textbooks, where z weighs the candidate).

SimpleRNN, no gates::

    a = x W + b + h_{t-1} U                   pre-activation
    h = tanh(a)                               hidden state (the layer's activation)
"""

from __future__ import annotations

from typing import Any

import numpy as np
from keras import layers, ops, saving


class _AllGatesOut:
    """The output width of a tracing cell: every block of its ``layout``."""

    layout: tuple[str, ...]
    units: int

    @property
    def output_size(self) -> int:
        """``len(layout) * units``: ``h`` and every gate and state, side by side."""
        return len(self.layout) * self.units

    @output_size.setter
    def output_size(self, value: int) -> None:
        # ignored: the stock cell's __init__ assigns units, the width of h
        pass


@saving.register_keras_serializable(package="rnn_viz")
class TracingLSTMCell(_AllGatesOut, layers.LSTMCell):
    """An ``LSTMCell`` whose output is ``[h, i, f, g, o, c]`` (each ``units`` wide)."""

    layout = ("h", "i", "f", "g", "o", "c")  # column blocks of the output, in order

    def call(self, inputs: Any, states: Any, training: bool = False) -> tuple[Any, list[Any]]:
        """One step, every gate kept.

        Args:
            inputs: ``(B, D)`` the step's input.
            states: ``[h_prev, c_prev]``, each ``(B, units)``.
            training: ignored (inference steps: no dropout).

        Returns:
            ``(output, new_states)``: ``(B, len(layout) * units)`` and ``[h, c]``.
        """
        h_prev, c_prev = states
        z = ops.matmul(inputs, self.kernel)
        z = ops.add(z, ops.matmul(h_prev, self.recurrent_kernel))
        if self.use_bias:
            z = ops.add(z, self.bias)
        z_i, z_f, z_c, z_o = ops.split(z, 4, axis=1)

        i = self.recurrent_activation(z_i)
        f = self.recurrent_activation(z_f)
        g = self.activation(z_c)
        o = self.recurrent_activation(z_o)
        c = f * c_prev + i * g
        h = o * self.activation(c)
        return ops.concatenate([h, i, f, g, o, c], axis=-1), [h, c]


@saving.register_keras_serializable(package="rnn_viz")
class TracingGRUCell(_AllGatesOut, layers.GRUCell):
    """A ``GRUCell`` whose output is ``[h, z, r, hh]`` (``hh`` is the candidate h̃)."""

    layout = ("h", "z", "r", "hh")  # column blocks of the output, in order

    def call(self, inputs: Any, states: Any, training: bool = False) -> tuple[Any, list[Any]]:
        """One step, with z, r and the candidate h̃ kept.

        Args:
            inputs: ``(B, D)`` the step's input.
            states: ``[h_prev]`` (or ``h_prev``), ``(B, units)``.
            training: ignored (inference steps: no dropout).

        Returns:
            ``(concat([h, z, r, hh]), [h])``: ``(B, 4 * units)`` and the new state.
        """
        h_prev = states[0] if isinstance(states, (list, tuple)) else states
        u = self.units
        if self.use_bias and self.reset_after:
            input_bias, recurrent_bias = self.bias[0], self.bias[1]
        else:
            input_bias, recurrent_bias = (self.bias if self.use_bias else None), None

        x_proj = ops.matmul(inputs, self.kernel)
        if input_bias is not None:
            x_proj = ops.add(x_proj, input_bias)
        x_z, x_r, x_h = ops.split(x_proj, 3, axis=-1)

        if self.reset_after:
            h_proj = ops.matmul(h_prev, self.recurrent_kernel)
            if recurrent_bias is not None:
                h_proj = h_proj + recurrent_bias
            h_z, h_r, h_h = ops.split(h_proj, 3, axis=-1)
        else:
            h_proj = ops.matmul(h_prev, self.recurrent_kernel[:, : 2 * u])
            h_z, h_r = ops.split(h_proj, 2, axis=-1)

        z = self.recurrent_activation(x_z + h_z)
        r = self.recurrent_activation(x_r + h_r)
        if self.reset_after:
            hh = self.activation(x_h + r * h_h)
        else:
            hh = self.activation(x_h + ops.matmul(r * h_prev, self.recurrent_kernel[:, 2 * u :]))
        h = z * h_prev + (1 - z) * hh
        return ops.concatenate([h, z, r, hh], axis=-1), [h]


@saving.register_keras_serializable(package="rnn_viz")
class TracingSimpleRNNCell(_AllGatesOut, layers.SimpleRNNCell):
    """A ``SimpleRNNCell`` whose output is ``[h, a]`` (``a`` is the pre-activation)."""

    layout = ("h", "a")  # column blocks of the output, in order

    def call(self, inputs: Any, states: Any, training: bool = False) -> tuple[Any, list[Any]]:
        """One step, its pre-activation kept.

        Args:
            inputs: ``(B, D)`` the word's embedding (or the layer below's h).
            states: the old hidden state ``[h_prev]`` (or ``h_prev``), ``(B, units)``.
            training: unused; no dropout in an inference step.

        Returns:
            ``(concat([h, a]), [h])``: the output ``(B, 2 * units)`` and the new state.
        """
        h_prev = states[0] if isinstance(states, (list, tuple)) else states
        a = ops.matmul(inputs, self.kernel)
        if self.bias is not None:
            a = ops.add(a, self.bias)
        a = a + ops.matmul(h_prev, self.recurrent_kernel)  # in the stock cell's order
        h = self.activation(a) if self.activation is not None else a
        return ops.concatenate([h, a], axis=-1), [h]


def split_output(
    cell: layers.Layer, output: np.ndarray, gates: tuple[str, ...]
) -> dict[str, np.ndarray]:
    """Split a tracing cell's output into its gates.

    Args:
        cell: a tracing cell (``TracingLSTMCell`` …).
        output: ``(..., T, len(cell.layout) * units)``, what an ``RNN`` around it returns.
        gates: the gates to keep, in the order wanted (``CellKind.gates``).

    Returns:
        ``{gate: (..., T, units)}`` in the order of ``gates``.
    """
    u = cell.units
    blocks = {name: output[..., k * u : (k + 1) * u] for k, name in enumerate(cell.layout)}
    return {g: blocks[g] for g in gates}
