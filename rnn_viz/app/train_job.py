"""A training run in a background thread, for the Train page: progress and a stop flag."""

from __future__ import annotations

import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from rnn_viz.core.errors import RnnVizError
from rnn_viz.core.models import ModelBundle
from rnn_viz.core.recipes import Recipe
from rnn_viz.datasets import Corpus
from rnn_viz.i18n import error_text, t


@dataclass
class TrainJob:
    """Trains one model in a background thread; the page polls its fields.

    ``state`` is "waiting", "running", "done", "stopped" (by the user, the best
    epoch so far is saved) or "failed" (``error`` is the exception, kept as it is and
    worded in the reader's language when shown: ``why``).

    Attributes:
        name: the model's name.
        recipe: what to train.
        corpus: the encoded dataset (the recipe's vocabulary size and length).
        out: the model folder to write (never replaced: a name in use fails the job).
        keep_epochs: also save every epoch's weights.
        records: one record per finished epoch (``train.EpochLog``).
        batches: ``(done, total)`` batches of the current epoch.
    """

    name: str
    recipe: Recipe
    corpus: Corpus
    out: Path
    keep_epochs: bool = True  # for the Saturation page's "across training"
    state: str = "waiting"
    records: list[dict] = field(default_factory=list)
    error: BaseException | None = None
    started: float = 0.0
    finished: float = 0.0
    bundle: ModelBundle | None = None
    batches: tuple[int, int] = (0, 0)  # (done, total) in the current epoch
    _stop: threading.Event = field(default_factory=threading.Event, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def start(self) -> TrainJob:
        """Start training in a daemon thread.

        Returns:
            This job, now "running".
        """
        self.state, self.started = "running", time.time()
        self._thread = threading.Thread(target=self._work, name=f"train-{self.name}", daemon=True)
        self._thread.start()
        return self

    def _work(self) -> None:
        from rnn_viz.train import train

        try:
            self.bundle = train(
                self.name,
                self.recipe,
                self.corpus,
                self.out,
                verbose=0,
                on_epoch=self._on_epoch,
                on_batch=self._on_batch,
                should_stop=self._stop.is_set,
                keep_epochs=self.keep_epochs,
            )
            self.state = "stopped" if self._stop.is_set() else "done"
        except RnnVizError as err:  # a sentence for the user
            self.error = err
            self.state = "failed"
        except Exception as err:  # reported in the page
            self.error = err
            self.state = "failed"
            traceback.print_exc()
        finally:
            self.finished = time.time()

    def _on_epoch(self, record: dict, records: list[dict]) -> None:
        self.records = list(records)
        self.batches = (0, self.batches[1])

    def _on_batch(self, done: int, total: int) -> None:
        self.batches = (done, total)

    def stop(self) -> None:
        """Ask training to stop after the current batch; the best epoch is kept."""
        self._stop.set()

    def join(self, timeout: float | None = None) -> None:
        """Wait for the training thread to end.

        Args:
            timeout: seconds to wait at most (None: as long as it takes).
        """
        if self._thread is not None:
            self._thread.join(timeout)

    def why(self, lang: str | None = None) -> str:
        """Why the job failed, worded in a language.

        Args:
            lang: ``"en"`` or ``"ko"``; default the current language.

        Returns:
            A typed error's sentence (``i18n.error_text``); for any other exception the
            catalogue's ``tr.unexpected`` naming its class; ``""`` when nothing failed.
        """
        if self.error is None:
            return ""
        if isinstance(self.error, RnnVizError):
            return error_text(self.error, lang)
        return t("tr.unexpected", lang, error=type(self.error).__name__, detail=self.error)

    @property
    def running(self) -> bool:
        """Whether training is under way."""
        return self.state == "running"

    @property
    def stopping(self) -> bool:
        """Whether a stop was asked for and training has not ended yet."""
        return self._stop.is_set() and self.running

    @property
    def progress(self) -> float:
        """Fraction of the epochs done, counting the current epoch's batches (early
        stopping may end it sooner)."""
        if self.state in ("done", "stopped"):
            return 1.0
        done, total = self.batches
        return min((len(self.records) + (done / total if total else 0.0)) / self.recipe.epochs, 1.0)

    @property
    def elapsed(self) -> float:
        """Seconds since the start, until the end once it ended (0 before the start)."""
        return (self.finished or time.time()) - self.started if self.started else 0.0
