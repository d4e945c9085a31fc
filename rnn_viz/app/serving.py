"""What one server shares between its sessions: its limits, the work in flight, and the
shipped models' precomputed results.

- ``LIMITS``: how many trainings run at once, and how many bytes each of the app's data
  caches keeps (least recently used dropped first), read from the environment once.
- ``FLIGHTS``: the long computations under way (a corpus pass), each under one key,
  with its progress. The app's caches compute a value once for all the sessions that ask
  for it meanwhile (Streamlit's per-key compute lock); a session that finds the value in
  flight shows its progress while it waits, instead of a frozen page (``caches.cached``).
- ``install_precomputed``: the corpus passes the pages need for the shipped models
  (``assets/precomputed``, made by ``benchmarks/first_open.py --collect``), copied into
  the analyses' disk cache, so no page's first open waits on a pass over the corpus.

Nothing here imports Streamlit.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import shutil
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rnn_viz.core.files import WriteError, cache_dir, write_atomic

MiB = 1 << 20

#: The results ``install_precomputed`` copies (relative to the cache folder): the
#: analyses' files, the test set's predictions and word counts; never an encoded corpus.
PRECOMPUTED_GLOBS = ("analysis/*", "predictions_*.npy", "test_words_*.npy")
#: Where the precomputed results are: ``$RNN_VIZ_PRECOMPUTED`` ("" for none), else here.
PRECOMPUTED = Path(__file__).resolve().parents[2] / "assets" / "precomputed"


def _env_int(name: str, default: int, low: int = 1) -> int:
    """``$name`` as an integer of at least ``low``; ``default`` when unset or not one."""
    try:
        return max(low, int(os.environ.get(name, "")))
    except ValueError:
        return default


@dataclass(frozen=True)
class ServerLimits:
    """What one server allows all its sessions together.

    Attributes:
        trainings: trainings that run at once (``$RNN_VIZ_TRAININGS``, default 1); the
            others wait in a queue, in the order they were started.
        cache_bytes: bytes (pickled) each of the app's data caches keeps
            (``$RNN_VIZ_CACHE_MB``, default 256 MiB per cache); beyond it the least
            recently used entries are dropped.
        trace_cache_bytes: bytes the traces' cache keeps (``$RNN_VIZ_TRACE_CACHE_MB``,
            default 128 MiB: a 500-step trace of a shipped model is about 0.3 MB).
    """

    trainings: int = field(default_factory=lambda: _env_int("RNN_VIZ_TRAININGS", 1))
    cache_bytes: int = field(default_factory=lambda: _env_int("RNN_VIZ_CACHE_MB", 256) * MiB)
    trace_cache_bytes: int = field(
        default_factory=lambda: _env_int("RNN_VIZ_TRACE_CACHE_MB", 128) * MiB
    )


LIMITS = ServerLimits()


# --------------------------------------------------------------------------- work in flight
@dataclass
class Flight:
    """One computation under way: who started it, and how far it is.

    Attributes:
        key: what it computes (the cached function and its arguments).
        started: ``time.monotonic()`` at its start.
        done: units of work done (reviews, for a corpus pass).
        total: units of work in all (0: not known yet).
    """

    key: Hashable
    started: float = field(default_factory=time.monotonic)
    done: int = 0
    total: int = 0
    ended: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def fraction(self) -> float:
        """How far it is, from 0 to 1 (0 while the total is not known)."""
        return min(self.done / self.total, 1.0) if self.total else 0.0


#: The flights this thread computes, outermost first (a cached function may call another).
_FLIGHTS: contextvars.ContextVar[tuple[Flight, ...]] = contextvars.ContextVar(
    "rnn_viz_flights", default=()
)


class Flights:
    """The computations under way in this server, by key, for every session to see."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flying: dict[Hashable, Flight] = {}

    @contextlib.contextmanager
    def flying(self, key: Hashable) -> Iterator[Flight]:
        """Register the computation ``key`` while the block runs; ``report`` in the
        block (in this thread) updates its progress.

        Args:
            key: what is computed.

        Yields:
            Flight: its record.
        """
        flight = Flight(key)
        with self._lock:
            self._flying[key] = flight
        token = _FLIGHTS.set((*_FLIGHTS.get(), flight))
        try:
            yield flight
        finally:
            _FLIGHTS.reset(token)
            with self._lock:
                if self._flying.get(key) is flight:
                    del self._flying[key]
            flight.ended.set()

    def get(self, key: Hashable) -> Flight | None:
        """The computation ``key`` if it is under way.

        Args:
            key: what is computed.

        Returns:
            Its flight, or None.
        """
        with self._lock:
            return self._flying.get(key)

    def wait(self, key: Hashable, show: Callable[[Flight], None], every: float = 0.5) -> bool:
        """Wait for the computation ``key`` to end, calling ``show(flight)`` now and
        every ``every`` seconds (a progress bar), if it is under way.

        Args:
            key: what is computed.
            show: shows its progress.
            every: seconds between two calls of ``show``.

        Returns:
            Whether there was one to wait for.
        """
        flight = self.get(key)
        if flight is None:
            return False
        show(flight)
        while not flight.ended.wait(every):
            show(flight)
        return True

    def __len__(self) -> int:
        """How many computations are under way.

        Returns:
            Their number.
        """
        with self._lock:
            return len(self._flying)


FLIGHTS = Flights()


def report(done: int, total: int) -> None:
    """Record the progress of the computations this thread runs (if any: the innermost
    and those that called it) for the sessions waiting on them (``Flights.wait``).

    Args:
        done: units of work done.
        total: units of work in all.
    """
    for flight in _FLIGHTS.get():
        flight.done, flight.total = int(done), int(total)


# --------------------------------------------------------------------------- precomputed
def precomputed_dir() -> Path | None:
    """Where the shipped models' precomputed results are.

    Returns:
        ``$RNN_VIZ_PRECOMPUTED`` when set (None when set empty), else ``assets/precomputed``.
    """
    value = os.environ.get("RNN_VIZ_PRECOMPUTED")
    if value is None:
        return PRECOMPUTED
    return Path(value) if value else None


def install_precomputed(source: Path | None = None, cache: Path | None = None) -> int:
    """Copy the precomputed results into the disk cache, each file that is not there
    yet. A result is found by its cache key (model file digest, reviews, parameters),
    so a file of a model or dataset that is not this server's is simply never read.

    Args:
        source: the precomputed folder; None: ``precomputed_dir()``.
        cache: the cache folder; None: ``files.cache_dir()``.

    Returns:
        How many files were copied.
    """
    source = precomputed_dir() if source is None else source
    cache = cache_dir() if cache is None else cache
    if source is None or not source.is_dir():
        return 0
    copied = 0
    for pattern in PRECOMPUTED_GLOBS:
        for src in source.glob(pattern):
            dest = cache / src.relative_to(source)
            if dest.exists() or not src.is_file():
                continue
            try:
                write_atomic(dest, functools.partial(shutil.copyfile, src))
                copied += 1
            except WriteError:
                continue  # a cache that cannot be written only costs the computation
    return copied


_WARMING: list[threading.Thread] = []


def warm_up(work: Callable[[], object]) -> threading.Thread | None:
    """Run ``work`` once per process in a background thread (the server's first start:
    read the shipped models and their corpus before the first reader asks), unless
    ``$RNN_VIZ_WARM`` is ``0``.

    Args:
        work: what to prepare; its errors are the pages' to show, so they are dropped.

    Returns:
        The thread when it was started now; None when it ran already or is turned off.
    """
    if os.environ.get("RNN_VIZ_WARM", "1") == "0" or _WARMING:
        return None

    def run() -> None:
        with contextlib.suppress(Exception):
            work()

    thread = threading.Thread(target=run, name="rnn-viz-warm-up", daemon=True)
    _WARMING.append(thread)
    thread.start()
    return thread


@functools.cache
def _installed(cache: str) -> int:
    return install_precomputed(cache=Path(cache))


def ensure_precomputed() -> int:
    """``install_precomputed`` once per cache folder and process.

    Returns:
        How many files the first call copied.
    """
    return _installed(str(cache_dir()))
