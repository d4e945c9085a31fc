"""Train a model with the reference recipe and save it as a model folder.

Recipe (reference notebook): RMSprop, binary cross-entropy, accuracy, the 25,000
training reviews split 75/25 into train/validation with a fixed seed,
EarlyStopping(patience=3, restore_best_weights=True) on the validation loss (it
keeps the best epoch's weights in memory and restores them when training ends).
Test metrics are measured on the 25,000 test reviews once training ends.

Each run works in its own hidden folder beside the target (``.NAME.XXXX.training``,
locked while the run lives), so two runs for the same name never share one; a run
killed meanwhile leaves a folder that the next run (or the app's model list) sweeps
once it is an hour old and unlocked.
"""

from __future__ import annotations

import dataclasses
import datetime
import platform
import time
from collections.abc import Callable
from pathlib import Path

import keras
import numpy as np

from rnn_viz.core.models import (
    FolderExistsError,
    ModelBundle,
    build_model,
    sweep_stale,
    work_folder,
)
from rnn_viz.core.recipes import Recipe
from rnn_viz.datasets import Corpus, load_corpus, split_train_val


class EpochLog(keras.callbacks.Callback):
    """Keeps one record per epoch (metrics and wall seconds) and reports it.

    Args:
        on_epoch: ``on_epoch(record, records)`` after every epoch, e.g. to redraw curves.
        on_batch: ``on_batch(done, total)`` after every training batch, with the epoch's
            batch count.
    """

    def __init__(
        self,
        on_epoch: Callable[[dict, list[dict]], None] | None = None,
        on_batch: Callable[[int, int], None] | None = None,
    ):
        super().__init__()
        self.records: list[dict] = []
        self.on_epoch = on_epoch
        self.on_batch = on_batch

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Report the batch to ``on_batch``.

        Args:
            batch: the batch just done, counted from 0 within the epoch.
            logs: Keras' running metrics (unused).
        """
        if self.on_batch is not None:
            self.on_batch(batch + 1, int(self.params.get("steps") or 0))

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        """Start the epoch's clock.

        Args:
            epoch: the epoch, counted from 0.
            logs: unused.
        """
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Record the epoch (``epoch`` counted from 1, its metrics, ``seconds`` and
        ``partial``) and report it to ``on_epoch``.

        Args:
            epoch: the epoch, counted from 0.
            logs: the epoch's metrics (loss, acc, val_loss, val_acc).
        """
        record = {
            "epoch": epoch + 1,
            **{k: float(v) for k, v in (logs or {}).items() if k != "learning_rate"},
            "seconds": time.perf_counter() - self._start,
            # stopped from outside mid-epoch: metrics cover part of the data
            "partial": bool(self.model.stop_training),
        }
        self.records.append(record)
        if self.on_epoch is not None:
            self.on_epoch(record, self.records)


class ShuffledBatches(keras.utils.PyDataset):
    """The training set in batches, in a new order every epoch, drawn from a generator
    of its own (``np.random.default_rng(seed)``): the same seed gives the same batches,
    and the process's global random state (Python's, NumPy's, TensorFlow's) is never
    read or reseeded.

    Args:
        x: ``(N, maxlen)`` word ids.
        y: ``(N,)`` labels.
        batch_size: rows per batch (the last batch may be smaller).
        seed: seeds the order of every epoch.
    """

    def __init__(self, x: np.ndarray, y: np.ndarray, batch_size: int, seed: int):
        super().__init__()
        self.x, self.y, self.batch_size = x, y, batch_size
        self._rng = np.random.default_rng(seed)
        self._order = self._rng.permutation(len(x))

    def __len__(self) -> int:
        """How many batches an epoch has.

        Returns:
            ``ceil(N / batch_size)``.
        """
        return -(-len(self.x) // self.batch_size)

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """One batch of this epoch's order.

        Args:
            index: the batch, counted from 0.

        Returns:
            ``(x, y)`` of the batch's rows.
        """
        rows = self._order[index * self.batch_size : (index + 1) * self.batch_size]
        return self.x[rows], self.y[rows]

    def on_epoch_end(self) -> None:
        """Draw the next epoch's order."""
        self._order = self._rng.permutation(len(self.x))


class StopWhen(keras.callbacks.Callback):
    """Stops training after the current batch once ``should_stop()`` is true.

    Args:
        should_stop: polled after every training batch.
    """

    def __init__(self, should_stop: Callable[[], bool]):
        super().__init__()
        self.should_stop = should_stop
        self.stopped = False

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Ask Keras to stop once ``should_stop()`` is true.

        Args:
            batch: the batch just done (unused).
            logs: unused.
        """
        if self.should_stop():
            self.stopped = True
            self.model.stop_training = True


class KeepEpochs(keras.callbacks.Callback):
    """Saves the weights after every epoch as ``epoch_NNN.weights.h5`` in ``folder``.

    The model's weights only (load them with ``model.load_weights``): the
    optimizer's state would double the size and is not needed to replay training.

    Args:
        folder: an existing folder to write the files in.
    """

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder
        self._plain: keras.Model | None = None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Save this epoch's weights (a clone without the optimizer holds them).

        Args:
            epoch: the epoch, counted from 0 (the file counts from 1).
            logs: unused.
        """
        plain = self._plain
        if plain is None:
            plain = self._plain = keras.models.clone_model(self.model)
        plain.set_weights(self.model.get_weights())
        plain.save_weights(self.folder / f"epoch_{epoch + 1:03d}.weights.h5")


def train(
    name: str,
    recipe: Recipe,
    corpus: Corpus,
    out: str | Path,
    overwrite: bool = False,
    verbose: int | str = "auto",
    on_epoch: Callable[[dict, list[dict]], None] | None = None,
    on_batch: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    keep_epochs: bool = False,
) -> ModelBundle:
    """Train ``recipe`` on ``corpus`` and save the model folder ``out`` atomically.

    ``out`` is checked before training starts, so a long run never ends in a
    refused save; a folder of that name created meanwhile (another run) is still
    never replaced without ``overwrite``. Stopping early (``should_stop``) ends the
    current epoch after its batch, validates it, and keeps the weights with the best
    validation loss so far (EarlyStopping restores them whenever training ends).

    Args:
        name: the model's name (stored in its config).
        recipe: the model and training recipe.
        corpus: the encoded dataset, with the recipe's vocabulary size and length (one
            encoded with another tokenizer is encoded again with the recipe's).
        out: the model folder to write.
        overwrite: replace an existing ``out`` (in one swap; see ``models.publish_folder``).
        verbose: Keras' ``fit`` verbosity.
        on_epoch: ``on_epoch(record, records)`` after every epoch.
        on_batch: ``on_batch(done, total)`` after every training batch.
        should_stop: polled after every batch; True stops after that batch.
        keep_epochs: also save every epoch's weights under ``out/epochs/``.

    Returns:
        The saved ``ModelBundle``.

    Raises:
        FolderExistsError: ``out`` exists (before or after training) without ``overwrite``.
        ValueError: the corpus does not match the recipe's vocabulary size or length.
        RuntimeError: training stopped before the first epoch ended; nothing is saved.
    """
    out = Path(out)
    if out.exists() and not overwrite:
        raise FolderExistsError(
            f"{out} already exists: pass overwrite=True or choose another folder"
        )
    if corpus.vocab.tokenizer.key != recipe.tokenizer:  # e.g. the app's reference corpus
        corpus = load_corpus(
            corpus.dataset, recipe.vocab_size, recipe.maxlen, tokenizer=recipe.tokenizer
        )
    if len(corpus.vocab) > recipe.vocab_size or corpus.vocab.maxlen != recipe.maxlen:
        raise ValueError("the corpus was encoded with another vocabulary size or length")
    sweep_stale(out.parent)

    x_train, y_train, x_val, y_val = split_train_val(corpus, recipe.val_fraction, recipe.split_seed)
    classes = len(corpus.label_names)
    model = build_model(recipe, name=name, classes=classes)
    # XLA makes the recurrent loop 2-3x faster on a CPU; Keras' "auto" only
    # turns it on for accelerators.
    model.compile(
        optimizer=keras.optimizers.RMSprop(recipe.lr),
        loss="binary_crossentropy" if classes == 2 else "sparse_categorical_crossentropy",
        metrics=["acc"],
        jit_compile=recipe.jit_compile,
    )

    log = EpochLog(on_epoch, on_batch)
    callbacks = [
        log,
        keras.callbacks.EarlyStopping(patience=recipe.patience, restore_best_weights=True),
    ]
    stop = StopWhen(should_stop) if should_stop else None
    if stop:
        callbacks.append(stop)
    with work_folder(out, ".training") as work:  # removed whatever happens
        if keep_epochs:
            (work / "epochs").mkdir()
            callbacks.append(KeepEpochs(work / "epochs"))
        started = time.perf_counter()
        model.fit(
            ShuffledBatches(x_train, y_train, recipe.batch_size, recipe.seed),
            shuffle=False,  # ShuffledBatches orders the batches; Keras' shuffle uses ``random``
            validation_data=(x_val, y_val),
            epochs=recipe.epochs,
            callbacks=callbacks,
            verbose=verbose,
        )
        if not log.records:
            raise RuntimeError("training stopped before the first epoch ended; nothing saved")
        test_loss, test_acc = model.evaluate(
            corpus.x_test, corpus.y_test, batch_size=256, verbose=0
        )
        test_macro_f1 = macro_f1(model, corpus.x_test, corpus.y_test)
        best = int(np.argmin([r.get("val_loss", np.inf) for r in log.records]))
        bundle = ModelBundle(
            model=model,
            vocab=corpus.vocab,
            name=name,
            history=log.records,
            metrics={
                "test_loss": float(test_loss),
                "test_acc": float(test_acc),
                "test_macro_f1": test_macro_f1,
                "n_test": int(len(corpus.y_test)),
                "best_epoch": best + 1,
                "epochs_run": len(log.records),
                "train_seconds": time.perf_counter() - started,
                "stopped_by_user": bool(stop and stop.stopped),
            },
            config={
                "recipe": dataclasses.asdict(recipe),
                "parameters": model.count_params(),
                "n_train": int(len(y_train)),
                "n_val": int(len(y_val)),
                "dataset": corpus.dataset.record().to_json(),
                "labels": list(corpus.label_names),
                "tokenizer": corpus.vocab.tokenizer.key,
                "trained_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "keras": keras.__version__,
                "backend": keras.backend.backend(),
                "machine": platform.machine(),
            },
        )
        extra = {"epochs": work / "epochs"} if keep_epochs else {}
        bundle.save(out, overwrite=overwrite, extra_dirs=extra)
    return bundle


def macro_f1(model: keras.Model, x: np.ndarray, y: np.ndarray) -> float:
    """The macro-averaged F1 of a classifier (scikit-learn's ``f1_score``): the mean of
    every class's F1, so a rare class counts as much as a frequent one.

    Args:
        model: a classifier ending in one sigmoid unit (p of label 1) or a softmax.
        x: ``(n, maxlen)`` ids.
        y: ``(n,)`` int labels.

    Returns:
        The macro F1 in [0, 1].
    """
    from sklearn.metrics import f1_score

    out = np.asarray(model.predict(x, batch_size=256, verbose=0))
    predicted = (out[:, 0] >= 0.5).astype(int) if out.shape[-1] == 1 else out.argmax(-1)
    return float(f1_score(y, predicted, average="macro"))
