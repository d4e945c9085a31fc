"""The user's own labelled texts as one folder per label, the layout of
``keras.utils.text_dataset_from_directory``::

    news/sports/001.txt  news/politics/002.txt  …          (split here, seeded, stratified)
    news/train/sports/001.txt  …  news/test/sports/101.txt  (split as given)

as a folder or a ``.zip`` of one (read member by member under the upload limits,
``core.uploads.read_archive``). A single folder around the layout (a zipped folder) is
looked through. Only ``.txt`` files are read (hidden files and ``__MACOSX`` skipped),
at any depth under their label folder. Whole or an error: a label folder with no file, a
file that is not UTF-8 or is empty, one label only, or labels that differ between
``train/`` and ``test/`` raise a ``DatasetError`` subclass naming the folder or file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from rnn_viz.core.text import words
from rnn_viz.datasets.base import SPLITS, Caption, Dataset, DatasetContent, DatasetRecord
from rnn_viz.datasets.errors import (
    DatasetFormatError,
    DatasetNotFoundError,
    DatasetTooLargeError,
    DatasetUnreadableError,
)
from rnn_viz.datasets.user import decode_text, label_name, labelled_content

_SKIPPED = "__MACOSX"
_LAYOUT = (
    "one folder per label holding .txt files (e.g. sports/1.txt, politics/2.txt), "
    "optionally under train/ and test/"
)


def _parts(name: str) -> tuple[str, ...]:
    return tuple(p for p in name.replace("\\", "/").split("/") if p not in ("", "."))


def _entries_of_folder(root: Path, shown: str) -> dict[tuple[str, ...], bytes | None]:
    """Every folder (None) and ``.txt`` file (its bytes) under ``root``, under the
    upload limit of all members together."""
    from rnn_viz.core.uploads import LIMITS, MiB

    entries: dict[tuple[str, ...], bytes | None] = {}
    total = 0
    for folder, dirs, names in os.walk(root, followlinks=True):
        rel = Path(folder).relative_to(root).parts
        for d in dirs:
            entries[(*rel, d)] = None
        for fname in names:
            if fname.lower().endswith(".txt"):
                data = (Path(folder) / fname).read_bytes()
                total += len(data)
                if total > LIMITS.total_bytes:
                    raise DatasetTooLargeError(
                        f"{shown} holds more than {LIMITS.total_bytes / MiB:.0f} MB of text, "
                        "the limit."
                    )
                entries[(*rel, fname)] = data
    return entries


def _entries_of_zip(path: Path, shown: str) -> dict[tuple[str, ...], bytes | None]:
    """Every entry of the zip (folders None), read through the upload limits."""
    import zipfile

    from rnn_viz.core.uploads import LIMITS, MiB, UploadError, read_archive

    if path.stat().st_size > LIMITS.upload_bytes:
        raise DatasetTooLargeError(
            f"{shown} is {path.stat().st_size / MiB:.0f} MB, over the "
            f"{LIMITS.upload_bytes / MiB:.0f} MB limit."
        )
    if not zipfile.is_zipfile(path):
        raise DatasetFormatError(f"{shown} is not a zip archive of {_LAYOUT}.")
    try:
        read = read_archive(path, shown, LIMITS.dataset_members)
    except UploadError as err:
        raise DatasetTooLargeError(str(err)) from None
    return {_parts(name): data for name, data in read.items() if _parts(name)}


class FolderDataset(Dataset):
    """Labelled texts as one folder of ``.txt`` files per label (a folder or a ``.zip``).

    Metadata per split: ``file``, each example's path inside the dataset.

    Args:
        source: the folder or ``.zip``.
        split_seed: ``random_state`` of the stratified split when there is no
            ``train/`` and ``test/``.
    """

    kind = "folders"

    def __init__(self, source: str | os.PathLike, split_seed: int = 0):
        super().__init__()
        self.source = Path(source).expanduser().absolute()
        self.split_seed = int(split_seed)

    @classmethod
    def from_options(cls, path: str | os.PathLike, options: Mapping[str, Any]) -> FolderDataset:
        """The folders at ``path`` read with ``options`` (``split_seed``).

        Args:
            path: the folder or ``.zip``.
            options: the options by name (others ignored).

        Returns:
            The dataset (not read yet).
        """
        return cls(path, int(options.get("split_seed") or 0))

    @classmethod
    def accepts(cls, path: Path) -> bool:
        """Whether ``path`` is a folder or a ``.zip``.

        Args:
            path: a file or folder.

        Returns:
            True for a folder or a file named ``*.zip``.
        """
        return path.is_dir() or path.suffix.lower() == ".zip"

    @classmethod
    def reopen(cls, record: DatasetRecord, data: str | None, download: bool) -> FolderDataset:
        """The folders a model was trained on: ``data`` when given, else the recorded place.

        Args:
            record: the model's record (its options give the split seed).
            data: a folder or zip the user named; None: the recorded location.
            download: unused (never downloaded).

        Returns:
            The dataset.

        Raises:
            DatasetNotFoundError: none given and the recorded one is gone.
        """
        place = data or record.location
        if not place or not Path(place).exists():
            raise DatasetNotFoundError(
                f"The dataset {record.name or ''} this model was trained on is not at "
                f"{place or 'a recorded place'} any more; give it with --data."
            )
        return cls.from_options(place, record.options)

    def options(self) -> dict[str, Any]:
        """The split seed.

        Returns:
            ``{"split_seed"}``.
        """
        return {"split_seed": self.split_seed}

    @property
    def name(self) -> str:
        """The folder's or zip's name."""
        return self.source.name

    @property
    def location(self) -> str:
        """The folder's or zip's absolute path."""
        return str(self.source)

    @property
    def stamp(self) -> str:
        """``path|size|mtime|options`` (a folder's: of its newest entry).

        Raises:
            DatasetUnreadableError: it cannot be looked at.
        """
        try:
            if self.source.is_dir():
                stats = [p.stat() for p in self.source.rglob("*")]
                size = sum(s.st_size for s in stats)
                mtime = max([s.st_mtime_ns for s in stats], default=self.source.stat().st_mtime_ns)
            else:
                stat = self.source.stat()
                size, mtime = stat.st_size, stat.st_mtime_ns
        except OSError as err:
            raise DatasetUnreadableError(
                f"{self.name} cannot be read: {err.strerror or err}."
            ) from None
        count = len(list(self.source.rglob("*"))) if self.source.is_dir() else 0
        options = json.dumps(self.options(), sort_keys=True)
        return f"{self.source.resolve()}|{size}|{count}|{mtime}|{options}"

    def read(self) -> DatasetContent:
        """Read every ``.txt`` file of the layout.

        Returns:
            The content: each split by label, then path.

        Raises:
            DatasetNotFoundError: the source does not exist.
            DatasetTooLargeError: over the upload limits.
            DatasetFormatError: not the layout, a label folder with no file, a file that
                is not UTF-8 or is empty, labels differing between train/ and test/.
            DatasetLabelError: one label only, or a label too small to split.
            DatasetUnreadableError: it cannot be read.
        """
        shown = self.name
        if not self.source.exists():
            raise DatasetNotFoundError(f"{shown} does not exist.")
        try:
            entries = (
                _entries_of_folder(self.source, shown)
                if self.source.is_dir()
                else _entries_of_zip(self.source, shown)
            )
        except OSError as err:
            raise DatasetUnreadableError(
                f"{shown} cannot be read: {err.strerror or err}."
            ) from None
        entries = {
            parts: data
            for parts, data in entries.items()
            if not any(p.startswith(".") or p == _SKIPPED for p in parts)
        }
        texts = {
            p: d for p, d in entries.items() if d is not None and p[-1].lower().endswith(".txt")
        }
        folders = {p[:k] for p in entries for k in range(1, len(p) + (entries[p] is None))}
        # look through single folders around the layout (a zipped folder)
        while texts and all(len(p) >= 3 for p in texts) and len({p[0] for p in texts}) == 1:
            top = next(iter(texts))[0]
            if top in SPLITS:
                break
            texts = {p[1:]: d for p, d in texts.items()}
            folders = {f[1:] for f in folders if len(f) > 1 and f[0] == top}
        if not texts:
            raise DatasetFormatError(f"{shown} holds no .txt file; it should hold {_LAYOUT}.")
        split_layout = all(p[0] in SPLITS for p in texts)
        depth = 2 if split_layout else 1  # where the label folders are
        stray = next((p for p in texts if len(p) <= depth), None)
        if stray is not None:
            raise DatasetFormatError(
                f"{shown}: {'/'.join(stray)} is not in a label folder; it should hold {_LAYOUT}."
            )
        labels_of: dict[str, set[str]] = {s: set() for s in (SPLITS if split_layout else ("",))}
        for f in folders:
            if len(f) == depth and (not split_layout or f[0] in SPLITS):
                labels_of[f[0] if split_layout else ""].add(f[-1])
        for where, labels in labels_of.items():
            for label in sorted(labels):
                prefix = (where, label) if split_layout else (label,)
                if not any(p[:depth] == prefix for p in texts):
                    raise DatasetFormatError(
                        f"{shown}: the label folder {'/'.join(prefix)}/ holds no .txt file."
                    )
        if split_layout:
            if not labels_of["test"] or not labels_of["train"]:
                missing = "test" if not labels_of["test"] else "train"
                raise DatasetFormatError(f"{shown} has no {missing}/ folder beside its other one.")
            if labels_of["train"] != labels_of["test"]:
                raise DatasetFormatError(
                    f"{shown}: train/ holds the labels {', '.join(sorted(labels_of['train']))} "
                    f"but test/ holds {', '.join(sorted(labels_of['test']))}; give both the "
                    "same label folders."
                )
        order = sorted(texts, key=lambda p: (p[0] != "train", p) if split_layout else p)
        contents = []
        for p in order:
            text = decode_text(texts[p], f"{shown}: {'/'.join(p)}")
            if not text.strip():
                raise DatasetFormatError(f"{shown}: {'/'.join(p)} is empty.")
            contents.append(text)
        return labelled_content(
            contents,
            [label_name(p[depth - 1]) for p in order],
            [p[0] for p in order] if split_layout else None,
            {"file": np.array(["/".join(p) for p in order], dtype=str)},
            self.split_seed,
            shown,
            "put the label folders under train/ and test/",
        )

    def caption(self, split: str, i: int) -> Caption:
        """An example as ``test file sports/12.txt (label: sports, 230 words)``.

        Args:
            split: ``"train"`` or ``"test"``.
            i: its row in the split.

        Returns:
            The caption (``dataset.folders.caption.<split>``).
        """
        part = self.split(split)
        return Caption(
            f"dataset.folders.caption.{split}",
            {"file": str(part.metadata["file"][i]), "words": len(words(part.texts[i]))},
            label=self.label_names[int(part.labels[i])],
        )
