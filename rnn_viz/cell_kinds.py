"""The cell kinds rnn-viz knows: one entry per recurrent cell (LSTM, GRU, SimpleRNN).

Each entry holds what the rest of the package needs to know about a kind of cell — its
Keras layer class, the quantities traced at every step and how each is squashed, which
state carries memory and what a step keeps and writes — so that no module branches on
the strings ``"lstm"``/``"gru"``. Adding a cell kind is one entry here plus its tracing
cell in ``cells.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import keras


@dataclass(frozen=True)
class CellKind:
    """What rnn-viz knows about one kind of recurrent cell.

    Attributes:
        key: short name used in recipes and layer names (``"lstm"``, ``"gru"``, ``"rnn"``).
        title: the name shown to people (``"LSTM"``).
        layer: the stock Keras layer class (``keras.layers.LSTM``).
    """

    key: str
    title: str
    layer: type


CELL_KINDS: dict[str, CellKind] = {
    "lstm": CellKind("lstm", "LSTM", keras.layers.LSTM),
    "gru": CellKind("gru", "GRU", keras.layers.GRU),
    "rnn": CellKind("rnn", "SimpleRNN", keras.layers.SimpleRNN),
}


def cell_kind(key: str) -> CellKind:
    """The registry entry for ``key``.

    Raises:
        ValueError: ``key`` names no known cell kind.
    """
    try:
        return CELL_KINDS[key]
    except KeyError:
        raise ValueError(f"cell must be one of {', '.join(map(repr, CELL_KINDS))}, "
                         f"not {key!r}") from None
