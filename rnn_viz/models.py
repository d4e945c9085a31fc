"""The reference models, and the model folders that hold a trained one.

A model folder is self-contained::

    model.keras    the trained Keras model (stock layers only)
    vocab.json     the tokenizer's vocabulary and sequence length
    history.json   one record per epoch: loss, acc, val_loss, val_acc, seconds
    metrics.json   test loss and accuracy
    config.json    the recipe it was trained with, and where and when

``load_model_dir`` restores all of it; Keras' safe mode is always on.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import keras

from .cell_kinds import cell_kind
from .data import MAXLEN, VOCAB_SIZE, Vocabulary
from .errors import RnnVizError

ASSETS_MODELS = Path(__file__).resolve().parent.parent / "assets" / "models"
RECURRENT_LAYERS = (keras.layers.LSTM, keras.layers.GRU)


@dataclass(frozen=True)
class Recipe:
    """Everything that defines a model and how it is trained."""

    cell: str = "lstm"  # a key of cell_kinds.CELL_KINDS: "lstm", "gru" or "rnn"
    units: int = 8
    layers: int = 1
    dropout: float = 0.0
    embedding_dim: int = 16
    vocab_size: int = VOCAB_SIZE
    maxlen: int = MAXLEN
    lr: float = 1e-4
    batch_size: int = 64
    epochs: int = 100
    patience: int = 3
    val_fraction: float = 0.25
    seed: int = 0
    jit_compile: bool = True  # XLA-compile the training step (tests train without it)

    def __post_init__(self) -> None:
        cell_kind(self.cell)  # raises ValueError for an unknown cell
        for name in ("units", "layers", "embedding_dim", "vocab_size", "maxlen",
                     "batch_size", "epochs"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError("dropout must be in [0, 1)")
        if not 0.0 < self.val_fraction < 1.0:
            raise ValueError("val_fraction must be in (0, 1)")
        if self.lr <= 0:
            raise ValueError("lr must be positive")


#: The three models of the reference notebook, with its recipe.
PRESETS: dict[str, Recipe] = {
    "lstm": Recipe(),
    "lstm2": Recipe(layers=2, dropout=0.3),
    "gru2": Recipe(cell="gru", layers=2, dropout=0.3),
    # The baseline with no gates: SimpleRNN(8), h = tanh(x W + h U + b).
    "rnn": Recipe(cell="rnn"),
}


def build_model(recipe: Recipe, name: str = "model") -> keras.Model:
    """Embedding → ``layers`` × LSTM/GRU(units) → Dense(1, sigmoid), stock Keras layers.

    Layers are named ``embedding``, ``lstm_1`` … (or ``gru_1`` …) and ``readout``.
    """
    rnn = cell_kind(recipe.cell).layer
    model = keras.Sequential(name=name)
    model.add(keras.Input(shape=(recipe.maxlen,), dtype="int32", name="ids"))
    model.add(keras.layers.Embedding(recipe.vocab_size, recipe.embedding_dim, name="embedding"))
    for k in range(1, recipe.layers + 1):
        model.add(rnn(recipe.units, dropout=recipe.dropout,
                      return_sequences=k < recipe.layers, name=f"{recipe.cell}_{k}"))
    model.add(keras.layers.Dense(1, activation="sigmoid", name="readout"))
    return model


def layer_parameters(model: keras.Model) -> list[tuple[str, str, int]]:
    """``(layer name, class name, parameter count)`` for every layer with weights."""
    return [(l.name, l.__class__.__name__, l.count_params()) for l in model.layers if l.weights]


# --------------------------------------------------------------------------- #
# Model folders
# --------------------------------------------------------------------------- #
class ModelError(RnnVizError):
    """A model file or folder that cannot be used; the message says why."""


@dataclass
class ModelBundle:
    """A trained model with its vocabulary, history, test metrics and recipe."""

    model: keras.Model
    vocab: Vocabulary
    name: str
    path: Path | None = None
    history: list[dict] = field(default_factory=list)
    metrics: dict = field(default_factory=dict)
    config: dict = field(default_factory=dict)

    def save(self, path: str | os.PathLike, overwrite: bool = False,
             extra_dirs: dict[str, Path] | None = None) -> Path:
        """Write the folder atomically: it appears complete, or not at all.

        An existing folder is replaced only with ``overwrite``, and only once the
        new one is complete; it is never left half-written. ``extra_dirs`` maps
        sub-folder names to folders copied in (e.g. per-epoch checkpoints).
        """
        path = Path(path)
        if path.exists() and not overwrite:
            raise FileExistsError(f"{path} already exists (choose another folder or overwrite)")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent))
        try:
            self.model.save(tmp / "model.keras")
            self.vocab.save(tmp / "vocab.json")
            for fname, payload in (("history.json", self.history), ("metrics.json", self.metrics),
                                   ("config.json", {**self.config, "name": self.name})):
                (tmp / fname).write_text(json.dumps(payload, indent=1, ensure_ascii=False), "utf-8")
            for sub, src in (extra_dirs or {}).items():
                shutil.copytree(src, tmp / sub)
            if path.exists():
                old = path.with_name(f".{path.name}.old")
                shutil.rmtree(old, ignore_errors=True)
                os.replace(path, old)
                os.replace(tmp, path)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(tmp, path)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self.path = path
        return path


def _read_json(path: Path, default):
    if not path.exists():
        return default
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as err:
        raise ModelError(f"{path.name} in {path.parent} is not valid JSON: {err}") from err


def load_keras_model(path: str | os.PathLike) -> keras.Model:
    """Load a ``.keras`` file in safe mode, with a clear ``ModelError`` on any failure.

    Safe mode refuses Lambda layers and other arbitrary code; the model must also
    hold at least one stock LSTM or GRU layer.
    """
    path = Path(path)
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path.name} is not a Keras model file (.keras is a zip archive).")
    try:
        model = keras.saving.load_model(path, compile=False, safe_mode=True)
    except Exception as err:
        text = str(err)
        if "safe_mode" in text or "Lambda" in text or "unsafe" in text.lower():
            raise ModelError(
                f"{path.name} needs unsafe deserialization (a Lambda layer or custom "
                "code), which rnn-viz refuses to run."
            ) from err
        raise ModelError(f"{path.name} could not be loaded as a Keras model: "
                         f"{err.__class__.__name__}: {text[:300]}") from err
    if not any(isinstance(l, RECURRENT_LAYERS) for l in model.layers):
        raise ModelError(f"{path.name} has no LSTM or GRU layer to visualise.")
    return model


def load_model_dir(path: str | os.PathLike) -> ModelBundle:
    """Restore a model folder written by ``ModelBundle.save`` (or a bare ``.keras``
    file next to a ``vocab.json``)."""
    path = Path(path)
    if path.is_file():
        model_file, folder = path, path.parent
    else:
        model_file, folder = path / "model.keras", path
    if not model_file.exists():
        raise ModelError(f"No model found at {path} (expected {model_file.name}).")
    vocab_file = folder / "vocab.json"
    if not vocab_file.exists():
        raise ModelError(f"{folder} has no vocab.json: the model's words cannot be decoded.")
    try:
        vocab = Vocabulary.load(vocab_file)
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ModelError(f"vocab.json in {folder} is not a valid vocabulary: {err}") from err
    model = load_keras_model(model_file)
    config = _read_json(folder / "config.json", {})
    return ModelBundle(
        model=model,
        vocab=vocab,
        name=str(config.get("name") or folder.name),
        path=folder,
        history=_read_json(folder / "history.json", []),
        metrics=_read_json(folder / "metrics.json", {}),
        config=config,
    )


def recipe_from_config(config: dict) -> Recipe:
    """The ``Recipe`` stored in a model folder's config (unknown keys ignored)."""
    known = {f.name for f in dataclasses.fields(Recipe)}
    return Recipe(**{k: v for k, v in config.get("recipe", {}).items() if k in known})


def _model_folders(root: Path) -> dict[str, Path]:
    if not root.is_dir():
        return {}
    return {p.name: p for p in sorted(root.iterdir())
            if not p.name.startswith(".") and (p / "model.keras").exists()}


#: Environment variable overriding the folder of shipped models (tests, demos).
SHIPPED_ENV = "RNN_VIZ_ASSETS_MODELS"


def shipped_models_dir() -> Path:
    """``$RNN_VIZ_ASSETS_MODELS`` or ``assets/models``."""
    return Path(os.environ.get(SHIPPED_ENV) or ASSETS_MODELS)


def shipped_models() -> dict[str, Path]:
    """The model folders that ship in ``shipped_models_dir()``, by name."""
    return _model_folders(shipped_models_dir())


def user_models_dir() -> Path:
    """Where models trained by the user go: ``$RNN_VIZ_MODELS`` or ``./models``."""
    return Path(os.environ.get("RNN_VIZ_MODELS") or "models")


def user_models() -> dict[str, Path]:
    """The model folders the user trained (``user_models_dir()``), by name."""
    return _model_folders(user_models_dir())
