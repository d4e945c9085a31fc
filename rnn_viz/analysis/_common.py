"""Shared plumbing of the corpus-scale analyses: the corpus a model reads, the
disk cache (one cache-or-compute helper, its paths, identities of models and
reviews), progress."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import numpy as np

from rnn_viz.core import files
from rnn_viz.core.capture import Tracer, array_prefix, layer_title
from rnn_viz.core.files import cache_dir
from rnn_viz.core.text import PAD_ID
from rnn_viz.datasets import Corpus, DatasetMismatchError, load_corpus, open_dataset
from rnn_viz.i18n import t

if TYPE_CHECKING:
    from rnn_viz.core.models import ModelBundle

#: ``progress(done, total)``: called after every batch with reviews done so far.
#: Raising from it (e.g. ``KeyboardInterrupt``) stops the pass; nothing is cached.
Progress = Callable[[int, int], None]

CACHE_FORMAT = 1


class JsonResult(Protocol):
    """A result that ``cached_json`` can keep: it writes itself as JSON."""

    def to_json(self) -> dict: ...


R = TypeVar("R", bound=JsonResult)
T = TypeVar("T")
DEFAULT_BATCH = 250


def column_labels(columns: Iterable[str]) -> dict[str, str]:
    """The headers of an analysis table in the current language.

    Every table an analysis gives (``FlipSearch.table``, ``SentimentUnits.table``,
    ``UnitSearch.table``, ``WordsPerUnit.table``) has rows keyed by stable English
    identifiers (what CSV/JSON files and code use); a page shows them under these
    headers, e.g. ``pd.DataFrame(rows).rename(columns=column_labels(rows[0]))``.

    Args:
        columns: the rows' keys.

    Returns:
        ``{key: header}`` (catalogue keys ``analysis.col.<key>``).
    """
    return {key: t(f"analysis.col.{key}") for key in columns}


@dataclass
class OfLayer:
    """What a per-layer result adds to name its layer as the trace does: the recurrent
    layer's number (from 1) and its direction (``LayerTrace.direction``). A result of a
    one-way model writes neither to JSON, so its files stay as they were.

    Subclasses have ``layer``, a 0-based index into ``Trace.layers``; ``layer_number``
    left at 0 is read as ``layer + 1`` (always so for one-way models).
    """

    layer_number: int = field(default=0, kw_only=True)
    layer_direction: str | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        """Fill ``layer_number`` from ``layer`` when not given."""
        if not self.layer_number:
            self.layer_number = int(vars(self)["layer"]) + 1

    @property
    def layer_title(self) -> str:
        """The layer's name for people: ``"1"`` or ``"1 · backward"`` (``capture.layer_title``)."""
        return layer_title(self.layer_number, self.layer_direction)

    @property
    def layer_prefix(self) -> str:
        """The layer's name in keys: ``"layer1"`` or ``"layer1/bwd"``."""
        return array_prefix(self.layer_number, self.layer_direction)

    def layer_json(self) -> dict:
        """The keys that name a direction's layer in JSON (none for a one-way layer
        numbered as its index says).

        Returns:
            ``{}`` or ``{"layer_number", "layer_direction"}``.
        """
        if self.layer_direction is None and self.layer_number == vars(self)["layer"] + 1:
            return {}
        return {"layer_number": self.layer_number, "layer_direction": self.layer_direction}


def of_layer(tracer: Tracer, k: int) -> dict:
    """The ``OfLayer`` fields of traced layer ``k``.

    Args:
        tracer: traces the model.
        k: an index into ``tracer.cells``.

    Returns:
        ``{"layer_number", "layer_direction"}``, keyword arguments of an ``OfLayer``.
    """
    return {"layer_number": tracer.layer_numbers[k], "layer_direction": tracer.directions[k]}


def layer_from_json(d: dict) -> dict:
    """Read back ``OfLayer.layer_json``.

    Args:
        d: a dict a result wrote.

    Returns:
        ``{"layer_number", "layer_direction"}`` (0 and None when absent).
    """
    return {
        "layer_number": int(d.get("layer_number", 0)),
        "layer_direction": d.get("layer_direction"),
    }


def key_layer(key: str) -> dict:
    """The layer a key like ``"layer1/bwd/h"`` (``layer_prefixes`` + ``/state``) names.

    Args:
        key: ``"layer{k}/{state}"`` or ``"layer{k}/{direction}/{state}"``.

    Returns:
        ``{"layer_number", "layer_direction"}``, keyword arguments of an ``OfLayer``.
    """
    parts = key.split("/")
    return {
        "layer_number": int(parts[0][len("layer") :]),
        "layer_direction": parts[1] if len(parts) == 3 else None,
    }


def key_title(key: str) -> str:
    """A key like ``"layer1/bwd/h"`` for people: ``"1 · backward / h"``.

    Args:
        key: ``"layer{k}/{state}"`` or ``"layer{k}/{direction}/{state}"``.

    Returns:
        The layer's title (``capture.layer_title``), a slash and the state.
    """
    where = key_layer(key)
    return f"{layer_title(where['layer_number'], where['layer_direction'])} / {key.split('/')[-1]}"


def layer_prefixes(tracer: Tracer) -> list[str]:
    """Each traced layer's name in keys (``Trace.array_prefixes``).

    Args:
        tracer: traces the model.

    Returns:
        ``"layer{k}"`` or ``"layer{k}/fwd"``, ``"layer{k}/bwd"``, one per ``tracer.cells``.
    """
    return [
        array_prefix(n, d) for n, d in zip(tracer.layer_numbers, tracer.directions, strict=True)
    ]


def step_change(state: np.ndarray, direction: str | None) -> np.ndarray:
    """What reading each word changed in a state: ``state_t − state_{t−1}`` (from zeros
    before the first step), or for a backward direction ``state_t − state_{t+1}`` (it
    reads right to left, from zeros after the last step).

    Args:
        state: ``(B, T, units)`` a state in reading order.
        direction: ``LayerTrace.direction``.

    Returns:
        ``(B, T, units)`` the change at each step.
    """
    if direction == "bwd":
        return step_change(state[:, ::-1], None)[:, ::-1]
    return np.diff(state, axis=1, prepend=np.zeros_like(state[:, :1]))


def final_step(direction: str | None) -> int:
    """The step (in reading order) where a direction has read the whole review: the last
    for one-way and forward layers, the first for a backward direction.

    Args:
        direction: ``LayerTrace.direction``.

    Returns:
        ``-1`` or ``0``.
    """
    return 0 if direction == "bwd" else -1


def corpus_for(
    bundle: ModelBundle, data: str | os.PathLike | None = None, download: bool = False
) -> Corpus:
    """The dataset ``bundle`` was trained on, encoded with its vocabulary and length.

    The dataset is the one its folder records (``open_dataset``: ``data`` when given,
    else the recorded location, else, for IMDB, ``$RNN_VIZ_DATA`` and the Keras cache),
    and the corpus is the one ``load_corpus`` holds for this process: models of one
    dataset and vocabulary (as the shipped ones) share one read-only ``Corpus``, and
    models of different datasets each get their own.

    Args:
        bundle: a loaded model (``ModelBundle``).
        data: the dataset's place (``--data``); None looks for it.
        download: download the dataset when it is nowhere to be found.

    Returns:
        The corpus; ``corpus.note()`` is the dataset's remark (e.g. not the official size).

    Raises:
        DatasetNotFoundError: the dataset is missing (the message says where it looked).
        DatasetUnreadableError: it is there but damaged, incomplete or unreadable.
        DatasetMismatchError: the dataset found is not the one the model was trained on.
    """
    dataset = open_dataset(bundle.dataset_record, data, download, model=bundle.name)
    corpus = load_corpus(dataset, vocab=bundle.vocab, download=download)
    check_corpus(bundle, corpus)
    return corpus


def check_corpus(bundle: ModelBundle, corpus: Corpus) -> None:
    """Check that ``corpus`` was encoded with ``bundle``'s vocabulary and length.

    Args:
        bundle: a loaded model.
        corpus: an encoded dataset.

    Raises:
        DatasetMismatchError: it was encoded with another vocabulary or length.
    """
    if corpus.vocab.words != bundle.vocab.words or corpus.vocab.maxlen != bundle.vocab.maxlen:
        raise DatasetMismatchError(
            f"the dataset at {corpus.source or '(in memory)'} encodes to another vocabulary "
            f"than model {bundle.name!r} was trained with; give the dataset it was trained on"
        )


def pad_mask(x: np.ndarray) -> np.ndarray:
    """Where the padding is.

    Args:
        x: ``(N, T)`` int ids.

    Returns:
        ``(N, T)`` bool, True on padding steps (id 0; real words never have id 0).
    """
    return np.asarray(x) == PAD_ID


def subset(corpus: Corpus, limit: int | None) -> np.ndarray:
    """The test reviews analysed. Not the first rows: the test set is sorted by label,
    so those would all be negative reviews.

    Args:
        corpus: the encoded dataset.
        limit: how many; None (or at least the test set's size): all of them.

    Returns:
        ``(n,)`` sorted row indices: all, or a fixed random sample (seed 0).
    """
    if limit is None or int(limit) >= corpus.n_test:
        return np.arange(corpus.n_test)
    rng = np.random.default_rng(0)
    return np.sort(rng.choice(corpus.n_test, max(0, int(limit)), replace=False))


def stream(
    tracer: Tracer, x: np.ndarray, batch_size: int = DEFAULT_BATCH, progress: Progress | None = None
) -> Iterator[tuple[slice, list, np.ndarray | None]]:
    """``tracer.iter_batches`` reporting progress after every batch.

    Args:
        tracer: traces the model.
        x: ``(N, T)`` int ids.
        batch_size: reviews per batch.
        progress: ``progress(done, total)`` after every batch.

    Yields:
        tuple[slice, list, np.ndarray | None]: ``(rows, per_layer, prob)`` as
        ``Tracer.iter_batches``.
    """
    for rows, per_layer, prob in tracer.iter_batches(x, batch_size):
        yield rows, per_layer, prob
        if progress is not None:
            progress(rows.stop, len(x))


# --------------------------------------------------------------------------- #
# Identities and the disk cache
# --------------------------------------------------------------------------- #
def model_digest(bundle: ModelBundle) -> str | None:
    """The identity of a saved model (``files.model_stamp``, as the app's caches use).

    Args:
        bundle: a loaded model.

    Returns:
        The digest of the folder's ``model.keras``; None for a model not saved in a
        folder (its results are not cached).
    """
    return (files.model_stamp(bundle.path) or None) if bundle.path is not None else None


def array_digest(*arrays: np.ndarray) -> str:
    """The identity of the reviews read: its arguments are the arrays (ids, rows).

    Returns:
        The sha1 hex digest of their dtypes, shapes and bytes.
    """
    h = hashlib.sha1()
    for a in arrays:
        a = np.ascontiguousarray(a)
        h.update(f"{a.dtype}{a.shape}".encode())
        h.update(a.data)
    return h.hexdigest()


def cache_path(kind: str, identity: Any, *parts: Any, suffix: str = ".json") -> Path | None:
    """Where the result of analysis ``kind`` of one model is cached.

    Args:
        kind: the analysis (``"saturation"``, ``"unit_search"``, …).
        identity: the model's identity (``model_digest``, or a list of weight-file
            digests); None: the result is not cached. The other positional arguments
            are everything else the result depends on (reviews, parameters), JSON-able.
        suffix: the file's suffix.

    Returns:
        ``cache_dir()/analysis/{kind}_{sha1(kind, identity, parts)}{suffix}``, or None
        when ``identity`` is None.
    """
    if identity is None:
        return None
    key = json.dumps([CACHE_FORMAT, kind, identity, *parts], sort_keys=True, default=str)
    digest = hashlib.sha1(key.encode()).hexdigest()[:16]
    return cache_dir() / "analysis" / f"{kind}_{digest}{suffix}"


def model_cache_path(
    kind: str, bundle: ModelBundle, cache: bool, *parts: Any, suffix: str = ".json"
) -> Path | None:
    """``cache_path`` for an analysis of a model folder's model: the one way the cached
    wrappers (``saturation``, ``unit_search``, …) name their file.

    Args:
        kind: the analysis.
        bundle: the model; one not saved in a folder is not cached. The other
            positional arguments are what else the result depends on (``cache_path``).
        cache: False: not cached either.
        suffix: the file's suffix.

    Returns:
        The cache file, or None when the result is not to be cached.
    """
    return cache_path(kind, model_digest(bundle) if cache else None, *parts, suffix=suffix)


@dataclass(frozen=True)
class Stored(Generic[T]):
    """How a result is kept in the disk cache: its file's suffix, ``read(path)`` and
    ``write(result, tmp)`` (``files.cached``)."""

    suffix: str
    read: Callable[[Path], T]
    write: Callable[[T, Path], object]

    @staticmethod
    def json(from_json: Callable[[dict], R]) -> Stored[R]:
        """A result with ``to_json()`` kept as JSON.

        Args:
            from_json: rebuilds a result from its ``to_json()``.

        Returns:
            The ``Stored``.
        """
        return Stored(
            ".json",
            lambda p: from_json(json.loads(p.read_text("utf-8"))),
            lambda result, tmp: tmp.write_text(json.dumps(result.to_json()), "utf-8"),
        )


def cached_json(path: Path | None, compute: Callable[[], R], from_json: Callable[[dict], R]) -> R:
    """``files.cached`` for a result with ``to_json()`` and a ``from_json`` to read it back.

    Args:
        path: the cache file (``cache_path``); None computes without caching.
        compute: makes the result.
        from_json: rebuilds a result from its ``to_json()``.

    Returns:
        The cached or computed result.
    """
    stored = Stored.json(from_json)
    return files.cached(path, compute, stored.read, stored.write)
