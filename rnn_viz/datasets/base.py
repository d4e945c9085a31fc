"""What every dataset is: labelled texts per split, with label names, an identity and
a caption per example.

A dataset kind (the aclImdb reader first) subclasses ``Dataset`` and is registered in
``rnn_viz.datasets.kinds.DATASET_KINDS``; the rest of the package only speaks to this
interface, so nothing outside a kind's own module branches on its name. A dataset reads
its content once (``Dataset.content``), whole or an error; its ``identity`` is a digest
of that content, so two copies of the same reviews (another archive, another folder)
are the same dataset, and a model folder's record (``DatasetRecord``) can tell whether
the dataset found on this machine is the one the model was trained on.
"""

from __future__ import annotations

import hashlib
import json
import os
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from rnn_viz.core import files
from rnn_viz.core.files import cache_dir
from rnn_viz.datasets.errors import DatasetNotFoundError, naming
from rnn_viz.i18n import label_text, t

#: The splits of every dataset, in order.
SPLITS = ("train", "test")
_IDENTITY_FORMAT = 1


class Texts(Sequence[str]):
    """Many texts in one UTF-8 byte array (``blob``) cut at ``offsets``: compact, and
    stored in a ``.npz`` as two arrays.

    Args:
        blob: ``(bytes,)`` uint8, the texts one after the other.
        offsets: ``(n + 1,)`` int64, where each text starts (and the last one ends).
    """

    def __init__(self, blob: np.ndarray, offsets: np.ndarray):
        self.blob = blob
        self.offsets = offsets

    @classmethod
    def of(cls, texts: Sequence[str]) -> Texts:
        """Pack texts.

        Args:
            texts: the texts, in order.

        Returns:
            The packed texts.
        """
        encoded = [text.encode("utf-8") for text in texts]
        offsets = np.zeros(len(encoded) + 1, np.int64)
        offsets[1:] = np.cumsum([len(b) for b in encoded])
        return cls(np.frombuffer(b"".join(encoded), np.uint8), offsets)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(f"text {i} of {len(self)}")
        i = int(i) % len(self)
        return self.blob[self.offsets[i] : self.offsets[i + 1]].tobytes().decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))


@dataclass(frozen=True)
class LabelledTexts:
    """One split of a dataset: its texts, their labels and optional per-example data.

    Attributes:
        texts: the ``n`` texts, in the dataset's order.
        labels: ``(n,)`` int32 label ids (indices into ``Dataset.label_names``).
        metadata: name → ``(n,)`` array (e.g. IMDB's ``rating`` and ``file_id``).
    """

    texts: Texts
    labels: np.ndarray
    metadata: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.labels)


@dataclass(frozen=True)
class DatasetContent:
    """Everything a dataset holds: its label names and its splits.

    Attributes:
        label_names: the labels' names; index = label id (at least two).
        splits: ``"train"`` and ``"test"`` → their ``LabelledTexts``.
    """

    label_names: tuple[str, ...]
    splits: dict[str, LabelledTexts]

    def digest(self, kind: str) -> str:
        """The identity of this content (``Dataset.identity``).

        Args:
            kind: the dataset kind (two kinds never share an identity).

        Returns:
            ``kind:`` and the sha1 of the label names, every split's texts, labels and
            metadata.
        """
        h = hashlib.sha1(json.dumps([_IDENTITY_FORMAT, kind, self.label_names]).encode())
        for name in SPLITS:
            part = self.splits[name]
            arrays = [part.texts.offsets, part.texts.blob, part.labels]
            arrays += [part.metadata[k] for k in sorted(part.metadata)]
            h.update(json.dumps([name, sorted(part.metadata)]).encode())
            for a in arrays:
                a = np.ascontiguousarray(a)
                h.update(f"{a.dtype}{a.shape}".encode())
                h.update(a.data)
        return f"{kind}:{h.hexdigest()}"

    def freeze(self) -> None:
        """Make every array read-only (the content is shared by every corpus of it)."""
        for part in self.splits.values():
            for a in (part.texts.blob, part.texts.offsets, part.labels, *part.metadata.values()):
                a.setflags(write=False)


@dataclass(frozen=True)
class Caption:
    """A text for the reader, stored as a catalogue key and its values (never as
    translated text: the app caches it for every session and language).

    Attributes:
        key: the catalogue key.
        values: the key's fields.
        label: a label name, worded as ``{label}`` (``label_text``); None: none.
    """

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)
    label: str | None = None

    def text(self, lang: str | None = None) -> str:
        """The caption worded in a language.

        Args:
            lang: ``"en"`` or ``"ko"``; default the current language.

        Returns:
            The sentence.
        """
        extra = {} if self.label is None else {"label": label_text(self.label, lang)}
        return t(self.key, lang, **self.values, **extra)


@dataclass(frozen=True)
class DatasetRecord:
    """What a model folder keeps of the dataset it was trained on (``config.json``'s
    ``"dataset"``), enough to find it again and to tell it apart from another.

    Attributes:
        kind: the dataset kind (a key of ``DATASET_KINDS``).
        identity: ``Dataset.identity``; None for folders older than records (any
            dataset of the kind is accepted).
        location: where it was read from (a path), tried first when it exists.
        name: the dataset's name, for messages.
        options: what the kind needs besides the place to read it the same way again
            (``Dataset.options``: a table's columns, a split seed); empty for IMDB and
            for records older than options.
    """

    kind: str
    identity: str | None = None
    location: str | None = None
    name: str = ""
    options: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def to_json(self) -> dict:
        """The record as ``config.json`` keeps it.

        Returns:
            ``{"kind", "identity", "location", "name", "options"}``.
        """
        return {
            "kind": self.kind,
            "identity": self.identity,
            "location": self.location,
            "name": self.name,
            "options": dict(self.options),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DatasetRecord:
        """The record ``to_json`` wrote (missing fields: unknown).

        Args:
            data: the ``"dataset"`` entry of a ``config.json``.

        Returns:
            The record.
        """
        return cls(
            kind=str(data.get("kind") or ""),
            identity=data.get("identity") or None,
            location=data.get("location") or None,
            name=str(data.get("name") or ""),
            options=dict(data.get("options") or {}),
        )


class Dataset(ABC):
    """A labelled text dataset with a train and a test split.

    A kind implements ``name``, ``location``, ``stamp``, ``read``, ``caption`` and
    ``reopen`` (and may give a ``note``); the content is read once, on first use.
    """

    #: The registry key of the kind (``DATASET_KINDS``).
    kind: ClassVar[str]
    #: Whether the kind is found by itself and downloaded when missing (IMDB); the
    #: user's own datasets are not.
    downloads: ClassVar[bool] = False

    def __init__(self) -> None:
        self._content: DatasetContent | None = None
        self._identity: str | None = None

    @property
    @abstractmethod
    def name(self) -> str:
        """The dataset's name as shown (data, not catalogue text)."""

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the dataset is read from (a path), as a model folder records it."""

    @property
    @abstractmethod
    def stamp(self) -> str:
        """A cheap string that changes when the source changes (e.g. path, size and
        modification time); it keys the identity remembered on disk.

        Raises:
            DatasetUnreadableError: the source cannot be looked at.
        """

    @abstractmethod
    def read(self) -> DatasetContent:
        """Read the whole dataset.

        Returns:
            Its content.

        Raises:
            DatasetError: it cannot be read whole.
        """

    @abstractmethod
    def caption(self, split: str, i: int) -> Caption:
        """One example described for the reader.

        Args:
            split: ``"train"`` or ``"test"``.
            i: its row in the split.

        Returns:
            The caption (catalogue key and values).
        """

    @classmethod
    def find(cls, path: str | os.PathLike | None = None, download: bool = True) -> Dataset:
        """The dataset of this kind at ``path``, or where the kind looks by itself.

        Args:
            path: where the user said it is; None: the kind's own places.
            download: download it when the kind can and it is nowhere else.

        Returns:
            The dataset (not read yet).

        Raises:
            DatasetNotFoundError: this kind cannot be found from a path alone (a kind that
                can overrides this).
        """
        raise DatasetNotFoundError(
            f"a dataset of kind {cls.kind!r} cannot be opened from a path alone ({path})"
        )

    @classmethod
    @abstractmethod
    def reopen(cls, record: DatasetRecord, data: str | None, download: bool) -> Dataset:
        """Find the dataset a model folder records, on this machine.

        Args:
            record: the model's record.
            data: a place the user named (``--data``); None: the record's location
                when it exists, then the kind's own places.
            download: download it when the kind can and it is nowhere else.

        Returns:
            The dataset found (not yet checked against ``record.identity``).

        Raises:
            DatasetNotFoundError: it is nowhere to be found.
        """

    @classmethod
    def from_options(cls, path: str | os.PathLike, options: Mapping[str, Any]) -> Dataset:
        """The dataset of this kind at ``path``, read as ``options`` say
        (``Dataset.options``); how ``kinds.open_user_dataset`` and ``reopen`` make one.

        Args:
            path: the file or folder.
            options: the kind's options by name (unknown names are ignored).

        Returns:
            The dataset (not read yet).

        Raises:
            DatasetNotFoundError: this kind is not made from a path and options (a kind
                that is overrides this).
        """
        raise DatasetNotFoundError(
            f"a dataset of kind {cls.kind!r} cannot be opened from a path alone ({path})"
        )

    @classmethod
    def accepts(cls, path: Path) -> bool:
        """Whether a path the user gives (``kinds.open_user_dataset``) is a dataset of this
        kind, judged by its name and type alone.

        Args:
            path: a file or folder.

        Returns:
            False here: a kind that reads the user's own files overrides this.
        """
        return False

    def options(self) -> dict[str, Any]:
        """What the kind needs, besides the location, to read the dataset the same way
        again (``DatasetRecord.options``; given back to the kind's constructor).

        Returns:
            Plain JSON values by name; none here.
        """
        return {}

    def class_counts(self) -> dict[str, dict[str, int]]:
        """How many examples of each label each split holds.

        Returns:
            ``{split: {label name: n}}``, labels in id order.
        """
        return {
            split: dict(
                zip(
                    self.label_names,
                    np.bincount(self.split(split).labels, minlength=len(self.label_names))
                    .astype(int)
                    .tolist(),
                    strict=True,
                )
            )
            for split in SPLITS
        }

    def note(self) -> Caption | None:
        """A remark the reader should see beside results on this dataset (e.g. that it
        is not the official size), or None. Reads the dataset when not yet read.

        Returns:
            The remark, or None.
        """
        return None

    @property
    def content(self) -> DatasetContent:
        """The dataset's content, read once (``read``), its arrays read-only."""
        if self._content is None:
            with naming(self.name):
                content = self.read()
            content.freeze()
            self._content = content
        return self._content

    def adopt(self, content: DatasetContent) -> None:
        """Take the content read earlier (from a disk cache) instead of reading.

        Args:
            content: the content, as ``read`` gave it.
        """
        if self._content is None:
            content.freeze()
            self._content = content

    @property
    def label_names(self) -> tuple[str, ...]:
        """The labels' names; index = label id."""
        return self.content.label_names

    def split(self, split: str) -> LabelledTexts:
        """The labelled texts of one split.

        Args:
            split: ``"train"`` or ``"test"``.

        Returns:
            Its texts, labels and metadata.
        """
        return self.content.splits[split]

    @property
    def identity(self) -> str:
        """A digest of the content: what makes two datasets the same. Remembered on
        disk per ``stamp``, so a source read once is not read again to be named.

        Raises:
            DatasetError: the source cannot be read whole.
        """
        if self._identity is None:
            path = cache_dir() / "datasets" / self._stamp_file()
            try:
                self._identity = json.loads(path.read_text("utf-8"))["identity"]
            except (OSError, ValueError, KeyError, TypeError):
                self._identity = self.content.digest(self.kind)
                try:
                    files.write_atomic(
                        path,
                        lambda tmp: tmp.write_text(json.dumps({"identity": self._identity})),
                    )
                except OSError:
                    pass  # it only costs a read next time
        return self._identity

    def _stamp_file(self) -> str:
        key = f"{self.kind}|{self.stamp}|{_IDENTITY_FORMAT}"
        return f"{self.kind}_{hashlib.sha1(key.encode()).hexdigest()[:16]}.json"

    def record(self) -> DatasetRecord:
        """What a model folder trained on this dataset keeps of it.

        Returns:
            The record (kind, identity, location, name, options).
        """
        return DatasetRecord(self.kind, self.identity, self.location, self.name, self.options())
