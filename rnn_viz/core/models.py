"""The reference models, and the model folders that hold a trained one.

A model folder is self-contained::

    model.keras    the trained Keras model (stock layers only)
    vocab.json     the tokenizer's name, its vocabulary and sequence length (absent for
                   a model whose own TextVectorization reads raw text: see vectorization)
    history.json   one record per epoch: loss, acc, val_loss, val_acc, seconds
    metrics.json   test loss and accuracy
    config.json    the recipe it was trained with, the dataset it was trained on
                   (``"dataset"``: kind, identity, location, name), the tokenizer
                   (``"tokenizer"``), and where and when

``load_model_dir`` restores all of it; Keras' safe mode is always on.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import errno
import fcntl
import json
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import keras
import numpy as np

from rnn_viz.core.capabilities import Capabilities, capabilities
from rnn_viz.core.capture import is_recurrent
from rnn_viz.core.cell_kinds import TITLES_OR, cell_kind
from rnn_viz.core.errors import RnnVizError
from rnn_viz.core.recipes import Recipe
from rnn_viz.core.text import Vocabulary
from rnn_viz.core.vectorization import VectorizationError, split_text_model, text_vectorization

ASSETS_MODELS = Path(__file__).resolve().parents[2] / "assets" / "models"


def build_model(recipe: Recipe, name: str = "model", classes: int = 2) -> keras.Model:
    """Embedding → ``layers`` × LSTM/GRU/SimpleRNN(units) (each Bidirectional when the
    recipe says so) → the head, stock Keras layers.

    Args:
        recipe: the architecture (cell, units, layers, direction, dropout, sizes).
        name: the Keras model's name.
        classes: how many labels: 2 gives one sigmoid unit (p of label 1), more a softmax
            over ``classes`` units.

    Returns:
        The model (not compiled), reading ``(batch, maxlen)`` word ids; its layers are
        named ``embedding``, ``lstm_1`` … (or ``gru_1`` …, ``bidirectional_gru_1`` …) and
        ``readout``. Every random initializer and each layer's dropout are seeded from
        ``recipe.seed`` (Keras' default initializers, each with its own seed; a backward
        direction with seeds of its own), so the same recipe builds the same weights
        without reseeding the process (``keras.utils.set_random_seed`` would, for every
        session of the app's server).

    Raises:
        ValueError: fewer than two classes.
    """
    if classes < 2:
        raise ValueError("a classifier needs at least two classes")
    # the forward seeds first, so a one-way recipe's weights do not depend on this count
    state = np.random.SeedSequence(recipe.seed).generate_state(2 + 6 * recipe.layers)
    seeds = [int(s) >> 1 for s in state]  # below 2**31, as every backend takes
    n = 3 * recipe.layers  # the recurrent layers' seeds of one direction
    forward, head, backward = iter(seeds[: 1 + n]), seeds[1 + n], iter(seeds[2 + n :])
    rnn = cell_kind(recipe.cell).layer

    def recurrent(k: int, seeds: Iterator[int], **kwargs: Any) -> keras.layers.Layer:
        return rnn(
            recipe.units,
            dropout=recipe.dropout,
            return_sequences=k < recipe.layers,
            kernel_initializer=keras.initializers.GlorotUniform(seed=next(seeds)),
            recurrent_initializer=keras.initializers.Orthogonal(seed=next(seeds)),
            seed=next(seeds),
            **kwargs,
        )

    model = keras.Sequential(name=name)
    model.add(keras.Input(shape=(recipe.maxlen,), dtype="int32", name="ids"))
    model.add(
        keras.layers.Embedding(
            recipe.vocab_size,
            recipe.embedding_dim,
            embeddings_initializer=keras.initializers.RandomUniform(
                -0.05, 0.05, seed=next(forward)
            ),
            name="embedding",
        )
    )
    for k in range(1, recipe.layers + 1):
        layer = recurrent(k, forward, name=f"{recipe.cell}_{k}")
        if recipe.bidirectional:
            layer = keras.layers.Bidirectional(
                layer,
                merge_mode=recipe.merge_mode,
                backward_layer=recurrent(
                    k, backward, go_backwards=True, name=f"backward_{recipe.cell}_{k}"
                ),
                name=f"bidirectional_{recipe.cell}_{k}",
            )
        model.add(layer)
    model.add(
        keras.layers.Dense(
            1 if classes == 2 else classes,
            activation="sigmoid" if classes == 2 else "softmax",
            kernel_initializer=keras.initializers.GlorotUniform(seed=head),
            name="readout",
        )
    )
    return model


def layer_parameters(model: keras.Model) -> list[tuple[str, str, int]]:
    """Keras' own count of every layer with weights (``parameters.model_parameters``
    derives the same counts term by term).

    Args:
        model: a built Keras model.

    Returns:
        ``(layer name, class name, parameter count)`` per layer, in order.
    """
    return [
        (layer.name, layer.__class__.__name__, layer.count_params())
        for layer in model.layers
        if layer.weights
    ]


# --------------------------------------------------------------------------- #
# Model folders
# --------------------------------------------------------------------------- #
class ModelError(RnnVizError):
    """A model file or folder that cannot be used; the message says why."""


class FolderExistsError(ModelError, FileExistsError):
    """A model folder would replace an existing one without ``overwrite``."""


# --------------------------------------------------------------------------- #
# Folders that appear complete or not at all
# --------------------------------------------------------------------------- #
#: Hidden work folders beside a model folder: ``.NAME.XXXX.training`` (a training run),
#: ``.NAME.XXXX.partial`` (a save in progress), ``.NAME.old`` (older versions' overwrite).
WORK_SUFFIXES = (".training", ".partial", ".old")
_LOCK = ".lock"
_RENAME_NOREPLACE, _RENAME_EXCHANGE = 1, 2


def _umask() -> int:
    """The process umask, read without changing it (other threads may create files)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _renameat2(src: Path, dst: Path, flags: int) -> bool:
    """Linux ``renameat2``: True when done, False when the system lacks it; raises
    ``OSError`` for any other failure (e.g. ``EEXIST`` with ``RENAME_NOREPLACE``)."""
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd = -100
    if fn(at_fdcwd, os.fsencode(src), at_fdcwd, os.fsencode(dst), flags) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL):  # no renameat2, or not on this filesystem
        return False
    raise OSError(err, os.strerror(err), str(dst))


@contextlib.contextmanager
def work_folder(target: Path, suffix: str) -> Iterator[Path]:
    """A new hidden folder ``.NAME.XXXX<suffix>`` beside ``target``, unique per call,
    locked (``flock``) while in use and removed on exit, whatever happens.

    ``sweep_stale`` never removes a locked folder, so a live run keeps its folder; a
    killed one releases the lock with its process.

    Args:
        target: the model folder the work is for; its parent is created.
        suffix: ``".training"`` or ``".partial"``.

    Yields:
        Path: the folder (mode 0777 minus the umask, like a folder made by ``mkdir``).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent))
    os.chmod(tmp, 0o777 & ~_umask())
    fd = os.open(tmp / _LOCK, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield tmp
    finally:
        os.close(fd)
        shutil.rmtree(tmp, ignore_errors=True)


def sweep_stale(parent: Path, max_age_s: float = 3600.0) -> list[Path]:
    """Remove hidden work folders in ``parent`` left behind by killed runs.

    Only folders named ``.NAME.*.training``, ``.NAME.*.partial`` or ``.NAME.old``,
    last modified more than ``max_age_s`` ago, and not locked by a live process.

    Args:
        parent: a folder of model folders (e.g. ``user_models_dir()``).
        max_age_s: the minimum age in seconds.

    Returns:
        The folders removed.
    """
    removed: list[Path] = []
    try:
        candidates = [
            p
            for p in Path(parent).iterdir()
            if p.name.startswith(".")
            and p.name.endswith(WORK_SUFFIXES)
            and p.is_dir()
            and not p.is_symlink()
        ]
    except OSError:
        return removed
    now = time.time()
    for folder in candidates:
        try:
            if now - folder.stat().st_mtime < max_age_s:
                continue
            fd = os.open(folder / _LOCK, os.O_RDWR)
        except FileNotFoundError:
            fd = None  # no lock file: not a live run's folder
        except OSError:
            continue
        try:
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        except OSError:  # locked: a live run
            pass
        finally:
            if fd is not None:
                os.close(fd)
    return removed


def publish_folder(tmp: Path, path: Path, overwrite: bool) -> None:
    """Move the complete folder ``tmp`` to ``path``, never leaving ``path`` half-written.

    Without ``overwrite``, a ``path`` that exists (even one created meanwhile by
    another run) is never replaced: ``FolderExistsError``. With ``overwrite``, an
    existing ``path`` is swapped with ``tmp`` in one step (Linux ``renameat2``
    exchange), so ``path`` always names a complete folder, and the old one is
    deleted; where that call is missing, the old folder is renamed aside and the
    new one renamed in, two renames with a moment of no folder between them.

    Args:
        tmp: a complete folder beside ``path``.
        path: the final folder.
        overwrite: replace an existing ``path``.

    Raises:
        FolderExistsError: ``path`` exists and ``overwrite`` is False.
        OSError: a rename failed for another reason (permissions, another filesystem).
    """
    os.chmod(tmp, 0o777 & ~_umask())
    (tmp / _LOCK).unlink(missing_ok=True)
    try:
        if _renameat2(tmp, path, _RENAME_NOREPLACE):
            return
        if not path.exists():  # no renameat2: a plain rename (it fails on a full folder)
            os.rename(tmp, path)
            return
    except FileExistsError:
        pass
    except OSError as err:
        if err.errno != errno.ENOTEMPTY:
            raise
    if not overwrite:
        raise FolderExistsError(f"{path} already exists (choose another name or overwrite)")
    if _renameat2(tmp, path, _RENAME_EXCHANGE):
        shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the old folder
        return
    old = path.with_name(f".{path.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    os.replace(path, old)
    os.replace(tmp, path)
    shutil.rmtree(old, ignore_errors=True)


@dataclass
class ModelBundle:
    """A trained model with its vocabulary, history, test metrics and recipe.

    ``capabilities`` says what the app can show for it (decided by
    ``capabilities.capabilities`` from ``model`` when the bundle is made). For a model
    that reads raw text through its own ``TextVectorization``, ``text_model`` is the model
    as loaded and ``model`` its id model (``vectorization.split_text_model``), which every
    tracer and analysis reads; ``vocab`` then runs the layer itself.
    """

    model: keras.Model
    vocab: Vocabulary
    name: str
    path: Path | None = None
    history: list[dict] = field(default_factory=list)
    metrics: dict = field(default_factory=dict)
    config: dict = field(default_factory=dict)
    text_model: keras.Model | None = None
    capabilities: Capabilities = field(init=False)

    def __post_init__(self) -> None:
        self.capabilities = capabilities(self.model)

    @property
    def dataset_record(self) -> dict:
        """The record of the dataset the model was trained on (``config.json``'s
        ``"dataset"``: kind, identity, location, name; read by
        ``rnn_viz.datasets.open_dataset``). A folder older than the record was trained
        on IMDB: ``{"kind": "imdb"}`` (any IMDB dataset is accepted for it)."""
        record = self.config.get("dataset")
        return dict(record) if isinstance(record, dict) and record.get("kind") else {"kind": "imdb"}

    @property
    def label_names(self) -> tuple[str, ...]:
        """The names of the model's labels, index = label id (``config.json``'s
        ``"labels"``, the dataset's ``label_names`` it was trained on); a folder older
        than the field was trained on IMDB: ``("negative", "positive")``."""
        labels = self.config.get("labels")
        if isinstance(labels, list) and len(labels) >= 2:
            return tuple(str(name) for name in labels)
        return ("negative", "positive")

    @property
    def tokenizer(self) -> str:
        """The key of the tokenizer the model reads with (its vocabulary's: ``vocab.json``'s
        ``"tokenizer"``, ``"reference"`` for folders older than the field)."""
        return self.vocab.tokenizer.key

    def save(
        self,
        path: str | os.PathLike,
        overwrite: bool = False,
        extra_dirs: dict[str, Path] | None = None,
    ) -> Path:
        """Write the model folder atomically: it appears complete, or not at all.

        The folder is written beside ``path`` in a unique hidden work folder, then
        published by ``publish_folder`` (an existing folder is replaced only with
        ``overwrite``, in one swap where the system allows it). Folders get the usual
        permissions (0777/0666 minus the umask).

        Args:
            path: the model folder to write.
            overwrite: replace an existing folder.
            extra_dirs: sub-folder names → folders copied in (e.g. per-epoch weights).

        Returns:
            ``path``.

        Raises:
            FolderExistsError: ``path`` exists (or appeared meanwhile) without ``overwrite``.
        """
        path = Path(path)
        if path.exists() and not overwrite:
            raise FolderExistsError(f"{path} already exists (choose another folder or overwrite)")
        with work_folder(path, ".partial") as tmp:
            if self.text_model is not None:  # its TextVectorization holds the vocabulary
                self.text_model.save(tmp / "model.keras")
            else:
                self.model.save(tmp / "model.keras")
                self.vocab.save(tmp / "vocab.json")
            for fname, payload in (
                ("history.json", self.history),
                ("metrics.json", self.metrics),
                ("config.json", {**self.config, "name": self.name}),
            ):
                (tmp / fname).write_text(json.dumps(payload, indent=1, ensure_ascii=False), "utf-8")
            for sub, src in (extra_dirs or {}).items():
                shutil.copytree(src, tmp / sub)
                os.chmod(tmp / sub, 0o777 & ~_umask())
            publish_folder(tmp, path, overwrite)
        self.path = path
        return path


def _read_json(path: Path, default, shown: str):
    if not path.exists():
        return default
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as err:
        raise ModelError(f"{path.name} in {shown} is not valid JSON: {err}") from err


def load_keras_model(path: str | os.PathLike, shown_as: str | None = None) -> keras.Model:
    """Load a ``.keras`` file in safe mode, with a clear ``ModelError`` on any failure.

    Safe mode refuses Lambda layers and other arbitrary code; the model must also
    hold at least one stock recurrent layer of a known kind (``cell_kinds.RECURRENT_LAYERS``,
    one-way or ``Bidirectional``: ``capture.is_recurrent``).

    Args:
        path: the ``.keras`` file.
        shown_as: the name messages use for it (e.g. the user's upload's file name);
            default the file's name.

    Returns:
        The model, not compiled.

    Raises:
        ModelError: the file is not a Keras model, needs unsafe code, or has no recurrent layer.
    """
    path = Path(path)
    shown = shown_as or path.name
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{shown} is not a Keras model file (.keras is a zip archive).")
    try:
        model = keras.saving.load_model(path, compile=False, safe_mode=True)
    except Exception as err:
        text = str(err).replace(str(path.parent), "…")  # no server paths in the message
        if "safe_mode" in text or "Lambda" in text or "unsafe" in text.lower():
            raise ModelError(
                f"{shown} needs unsafe deserialization (a Lambda layer or custom "
                "code), which rnn-viz refuses to run."
            ) from err
        raise ModelError(
            f"{shown} could not be loaded as a Keras model: {err.__class__.__name__}: {text[:300]}"
        ) from err
    if not any(is_recurrent(layer) for layer in model.layers):
        raise ModelError(f"{shown} has no {TITLES_OR} layer to visualise.")
    return model


def check_model_fits(model: keras.Model, vocab: Vocabulary, shown: str) -> None:
    """Refuse a model that its vocabulary or the tracer cannot read correctly.

    Args:
        model: the loaded model.
        vocab: the vocabulary it comes with.
        shown: the model's name in messages.

    Raises:
        ModelError: the vocabulary has more words than the embedding has rows (ids
            beyond the table would be read silently), its length differs from the
            model's input length, or the recurrent layers cannot be traced.
    """
    from rnn_viz.core.capture import TraceError, instrument

    emb = next((layer for layer in model.layers if isinstance(layer, keras.layers.Embedding)), None)
    if emb is not None and len(vocab) > int(emb.input_dim):
        raise ModelError(
            f"{shown}: its vocab.json has {len(vocab):,} words but the embedding has only "
            f"{int(emb.input_dim):,} rows, so word ids beyond the table would be read as "
            "garbage. Use the vocabulary the model was trained with."
        )
    seq_len = model.inputs[0].shape[1] if model.inputs else None
    if seq_len is not None and seq_len != vocab.maxlen:
        raise ModelError(
            f"{shown}: its vocab.json pads reviews to {vocab.maxlen} words but "
            f"the model reads {seq_len} steps."
        )
    try:
        instrument(model)
    except TraceError as err:
        raise ModelError(f"{shown}: its gates cannot be traced: {err}") from err


def reads_raw_text(model_file: Path) -> bool:
    """Whether a ``.keras`` file holds a ``TextVectorization`` layer (it then needs no
    ``vocab.json``), read from its config without loading it.

    Args:
        model_file: a ``.keras`` file.

    Returns:
        True when its ``config.json`` names a ``TextVectorization`` layer; False when it
        does not, or the file is not a readable ``.keras`` archive.
    """
    try:
        with zipfile.ZipFile(model_file) as archive:
            info = archive.getinfo("config.json")
            if info.file_size > 64 * 2**20:
                return False
            return b'"TextVectorization"' in archive.read(info)
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def load_model_dir(path: str | os.PathLike, shown_as: str | None = None) -> ModelBundle:
    """Restore a model folder written by ``ModelBundle.save`` (or a bare ``.keras``
    file next to a ``vocab.json``), validated once: see ``check_model_fits``. A model
    whose own ``TextVectorization`` reads raw text needs no ``vocab.json``: its
    vocabulary and standardisation are the layer's (``vectorization.split_text_model``).

    Args:
        path: the folder, or a ``.keras`` file beside a ``vocab.json``.
        shown_as: the name messages use (e.g. the user's upload's file name); default
            the folder's path.

    Returns:
        The bundle, with its ``capabilities`` decided.

    Raises:
        ModelError: anything missing, unreadable or unusable, with the reason.
    """
    path = Path(path)
    if path.is_file():
        model_file, folder = path, path.parent
    else:
        model_file, folder = path / "model.keras", path
    shown = shown_as or str(folder)
    if not model_file.exists():
        raise ModelError(f"No model found in {shown} (expected {model_file.name}).")
    vocab_file = folder / "vocab.json"
    text_model = None
    if reads_raw_text(model_file):
        text_model = load_keras_model(model_file, shown_as and f"{shown_as} (model.keras)")
    if text_model is not None and text_vectorization(text_model) is not None:
        try:
            model, vocab = split_text_model(text_model)
        except VectorizationError as err:
            raise ModelError(f"{shown}: {err}") from err
    else:
        if not vocab_file.exists():
            raise ModelError(f"{shown} has no vocab.json: the model's words cannot be decoded.")
        try:
            vocab = Vocabulary.load(vocab_file)
        except (OSError, ValueError, KeyError, TypeError, IndexError) as err:
            raise ModelError(f"vocab.json in {shown} is not a valid vocabulary: {err}") from err
        model = text_model or load_keras_model(model_file, shown_as and f"{shown_as} (model.keras)")
        text_model = None
    check_model_fits(model, vocab, shown)
    config = _read_json(folder / "config.json", {}, shown)
    return ModelBundle(
        model=model,
        vocab=vocab,
        name=str(config.get("name") or folder.name) if isinstance(config, dict) else folder.name,
        path=folder,
        history=_read_json(folder / "history.json", [], shown),
        metrics=_read_json(folder / "metrics.json", {}, shown),
        config=config if isinstance(config, dict) else {},
        text_model=text_model,
    )


def bundle_of_model(
    model: keras.Model, vocab: Vocabulary | None = None, name: str = "model"
) -> ModelBundle:
    """A bundle of a live Keras model (a notebook's), built like ``load_model_dir`` builds
    one from a folder: the same split of a raw-text model and the same checks.

    Args:
        model: a built model that reads ids with ``vocab``, or reads raw text through its
            own ``TextVectorization`` layer (then ``vocab`` is left out).
        vocab: the vocabulary of an id model.
        name: the model's name in messages and on the stepper.

    Returns:
        The bundle (no folder, history or metrics), with its ``capabilities`` decided.

    Raises:
        ModelError: an id model without a vocabulary, a ``TextVectorization`` the tracer
            cannot read, or any reason of ``check_model_fits``.
    """
    text_model = None
    if text_vectorization(model) is not None:
        try:
            text_model, (model, vocab) = model, split_text_model(model)
        except VectorizationError as err:
            raise ModelError(f"{name}: {err}") from err
    elif vocab is None:
        raise ModelError(
            f"{name} reads word ids: pass its vocabulary (rnn_viz.Vocabulary) too, or a model "
            "that reads raw text through its own TextVectorization layer."
        )
    check_model_fits(model, vocab, name)
    return ModelBundle(model=model, vocab=vocab, name=name, text_model=text_model)


def model_folder_problem(folder: Path) -> str:
    """Why the folder cannot be a model folder, found without loading the model: a
    missing or non-zip ``model.keras``, a missing or invalid ``vocab.json``.

    Args:
        folder: a folder of the models directory.

    Returns:
        The catalogue key of the sentence saying why (``"pkg.folder.no_vocab"``; worded
        by ``i18n.t`` when shown, since the answer is cached for every session), or
        ``""`` when the folder looks fine.
    """
    model_file = folder / "model.keras"
    if not model_file.is_file():
        return "pkg.folder.no_model"
    if not zipfile.is_zipfile(model_file):
        return "pkg.folder.not_zip"
    if reads_raw_text(model_file) and not (folder / "vocab.json").exists():
        return ""  # its own TextVectorization holds the vocabulary
    try:
        Vocabulary.load(folder / "vocab.json")
    except FileNotFoundError:
        return "pkg.folder.no_vocab"
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return "pkg.folder.bad_vocab"
    return ""


def recipe_from_config(config: dict) -> Recipe:
    """The ``Recipe`` stored in a model folder's config.

    Args:
        config: the folder's ``config.json``; keys ``Recipe`` does not know are ignored.

    Returns:
        The recipe (defaults for what the config does not say).
    """
    known = {f.name for f in dataclasses.fields(Recipe)}
    return Recipe(**{k: v for k, v in config.get("recipe", {}).items() if k in known})


def _model_folders(root: Path) -> dict[str, Path]:
    try:
        return {
            p.name: p
            for p in sorted(root.iterdir())
            if not p.name.startswith(".") and (p / "model.keras").exists()
        }
    except OSError:  # no such folder, or unreadable
        return {}


#: Environment variable overriding the folder of shipped models (tests, demos).
SHIPPED_ENV = "RNN_VIZ_ASSETS_MODELS"


def shipped_models_dir() -> Path:
    """The folder of shipped models.

    Returns:
        ``$RNN_VIZ_ASSETS_MODELS``, or ``assets/models`` of this checkout.
    """
    return Path(os.environ.get(SHIPPED_ENV) or ASSETS_MODELS)


def shipped_models() -> dict[str, Path]:
    """The model folders that ship in ``shipped_models_dir()``.

    Returns:
        ``{name: folder}``, sorted by name; empty when the folder is missing.
    """
    return _model_folders(shipped_models_dir())


def user_models_dir() -> Path:
    """Where models trained by the user go.

    Returns:
        ``$RNN_VIZ_MODELS``, or ``./models``.
    """
    return Path(os.environ.get("RNN_VIZ_MODELS") or "models")


def user_models() -> dict[str, Path]:
    """The model folders the user trained (in ``user_models_dir()``).

    Returns:
        ``{name: folder}``, sorted by name; empty when the folder is missing.
    """
    return _model_folders(user_models_dir())
