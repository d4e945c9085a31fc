"""What defines a model and how it is trained (``Recipe``), and the shipped presets.

Nothing here imports Keras, so the command line lists the presets (``rnn-viz train
--help``) without starting TensorFlow; ``models.build_model`` turns a recipe into a
Keras model.
"""

from __future__ import annotations

from dataclasses import dataclass

from rnn_viz.core.cell_kinds import cell_kind
from rnn_viz.core.text import MAXLEN, VOCAB_SIZE
from rnn_viz.core.tokenizers import TRAINABLE

#: How ``keras.layers.Bidirectional`` can merge its forward and backward outputs.
MERGE_MODES = ("concat", "sum", "ave", "mul")


@dataclass(frozen=True)
class Recipe:
    """Everything that defines a model and how it is trained."""

    cell: str = "lstm"  # a key of cell_kinds.CELL_KINDS: "lstm", "gru" or "rnn"
    units: int = 8
    layers: int = 1
    bidirectional: bool = False  # each recurrent layer reads both ways (keras Bidirectional)
    merge_mode: str = "concat"  # how a Bidirectional layer merges its two directions
    dropout: float = 0.0
    embedding_dim: int = 16
    vocab_size: int = VOCAB_SIZE
    maxlen: int = MAXLEN
    lr: float = 1e-4
    batch_size: int = 64
    epochs: int = 100
    patience: int = 3
    val_fraction: float = 0.25
    seed: int = 0  # initialises the weights (and dropout)
    split_seed: int = 0  # the train/validation split, independent of ``seed``
    jit_compile: bool = True  # XLA-compile the training step (tests train without it)
    dataset: str = "imdb"  # the kind of dataset it is trained on (datasets.DATASET_KINDS)
    tokenizer: str = "reference"  # how texts become tokens (tokenizers.TRAINABLE)

    def __post_init__(self) -> None:
        cell_kind(self.cell)  # raises ValueError for an unknown cell
        for name in (
            "units",
            "layers",
            "embedding_dim",
            "vocab_size",
            "maxlen",
            "batch_size",
            "epochs",
        ):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError("dropout must be in [0, 1)")
        if not 0.0 < self.val_fraction < 1.0:
            raise ValueError("val_fraction must be in (0, 1)")
        if self.lr <= 0:
            raise ValueError("lr must be positive")
        if self.tokenizer not in TRAINABLE:
            raise ValueError(f"tokenizer must be one of {', '.join(TRAINABLE)}")
        if self.merge_mode not in MERGE_MODES:
            raise ValueError(f"merge_mode must be one of {', '.join(MERGE_MODES)}")


#: The three models of the reference notebook, with its recipe.
PRESETS: dict[str, Recipe] = {
    "lstm": Recipe(),
    "lstm2": Recipe(layers=2, dropout=0.3),
    "gru2": Recipe(cell="gru", layers=2, dropout=0.3),
    # The baseline with no gates: SimpleRNN(8), h = tanh(x W + h U + b).
    "rnn": Recipe(cell="rnn"),
    # Beyond binary sentiment: the IMDB star rating in four bands (1-2, 3-4, 7-8, 9-10
    # stars), read both ways by a Bidirectional GRU(8) under a 4-way softmax.
    "stars4": Recipe(cell="gru", bidirectional=True, dropout=0.3, lr=1e-3, dataset="imdb_stars"),
}
