"""A training run in a background thread, for the Train page: progress, a stop flag, and
the server's queue of trainings.

One server trains ``serving.LIMITS.trainings`` models at a time (``$RNN_VIZ_TRAININGS``,
default 1): a job started while the server is busy waits in ``TRAININGS``, first come
first served, shows its place in the queue, and can be cancelled before it starts.
Training never touches the process' random state (``train.train`` seeds its own
generators), so a training in one session leaves every other session's draws as they were.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rnn_viz.app import serving
from rnn_viz.core.errors import RnnVizError
from rnn_viz.core.models import ModelBundle
from rnn_viz.core.recipes import Recipe
from rnn_viz.datasets import Corpus
from rnn_viz.i18n import error_text, t


class TrainQueue:
    """At most ``slots`` trainings at once in this server; the others wait their turn, in
    the order they asked.

    Args:
        slots: trainings that may run at once (at least 1).
    """

    def __init__(self, slots: int) -> None:
        self.slots = max(1, int(slots))
        self._turn = threading.Condition()
        self._waiting: list[TrainJob] = []
        self._running: list[TrainJob] = []

    def enter(self, job: TrainJob, cancelled: Callable[[], bool]) -> bool:
        """Wait until ``job`` may run (a slot is free and every job ahead of it has
        started), or until it is cancelled.

        Args:
            job: the job that waits.
            cancelled: whether the job was cancelled (checked at least twice a second).

        Returns:
            True: it holds a slot now (``leave`` gives it back); False: it was cancelled
            and holds nothing.
        """
        with self._turn:
            self._waiting.append(job)
            try:
                while not cancelled():
                    if self._waiting.index(job) < self.slots - len(self._running):
                        self._running.append(job)
                        return True
                    self._turn.wait(0.5)
                return False
            finally:
                self._waiting.remove(job)
                self._turn.notify_all()

    def leave(self, job: TrainJob) -> None:
        """Give back ``job``'s slot: the next job in the queue starts.

        Args:
            job: a job that ``enter`` let run.
        """
        with self._turn:
            if job in self._running:
                self._running.remove(job)
            self._turn.notify_all()

    def position(self, job: TrainJob) -> int:
        """Where ``job`` is in the queue.

        Args:
            job: a job.

        Returns:
            1 for the next to start, 2 after it, ...; 0 when it is not waiting.
        """
        with self._turn:
            return self._waiting.index(job) + 1 if job in self._waiting else 0

    @property
    def running(self) -> int:
        """How many trainings run now."""
        with self._turn:
            return len(self._running)

    @property
    def waiting(self) -> int:
        """How many trainings wait."""
        with self._turn:
            return len(self._waiting)


#: The server's queue of trainings (``serving.LIMITS.trainings`` at once).
TRAININGS = TrainQueue(serving.LIMITS.trainings)


@dataclass
class TrainJob:
    """Trains one model in a background thread; the page polls its fields.

    ``state`` is "waiting" (in the server's queue: ``position``), "running", "done",
    "stopped" (by the user, the best epoch so far is saved), "cancelled" (stopped while
    it waited: nothing was trained) or "failed" (``error`` is the exception, kept as it
    is and worded in the reader's language when shown: ``why``).

    Attributes:
        name: the model's name.
        recipe: what to train.
        corpus: the encoded dataset (the recipe's vocabulary size and length).
        out: the model folder to write (never replaced: a name in use fails the job).
        keep_epochs: also save every epoch's weights.
        records: one record per finished epoch (``train.EpochLog``).
        batches: ``(done, total)`` batches of the current epoch.
        queue: the queue it waits in (the server's ``TRAININGS``).
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
    queue: TrainQueue = field(default_factory=lambda: TRAININGS, repr=False)
    _stop: threading.Event = field(default_factory=threading.Event, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def start(self) -> TrainJob:
        """Start the job's daemon thread: it waits for its turn in ``queue``, then trains.

        Returns:
            This job, "waiting" until its turn comes, then "running".
        """
        self.state = "waiting"
        self._thread = threading.Thread(target=self._work, name=f"train-{self.name}", daemon=True)
        self._thread.start()
        return self

    def _work(self) -> None:
        if not self.queue.enter(self, self._stop.is_set):
            self.state, self.finished = "cancelled", time.time()
            return
        try:
            self.state, self.started = "running", time.time()
            self._train()
        finally:
            self.queue.leave(self)

    def _train(self) -> None:
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
        """Ask training to stop after the current batch (the best epoch is kept), or, while
        the job waits in the queue, cancel it."""
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
    def waiting(self) -> bool:
        """Whether the job waits for its turn in the queue."""
        return self.state == "waiting"

    @property
    def busy(self) -> bool:
        """Whether the job waits or trains (the Train page's form is locked)."""
        return self.state in ("waiting", "running")

    @property
    def position(self) -> int:
        """Its place in the queue: 1 for the next to start; 0 when not waiting."""
        return self.queue.position(self) if self.waiting else 0

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
