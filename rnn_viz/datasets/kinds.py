"""The dataset kinds rnn-viz reads: one entry per kind, and re-opening the dataset a
model folder records.

Adding a kind is one ``Dataset`` subclass and one entry in ``DATASET_KINDS``; nothing
else branches on a kind's name.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rnn_viz.datasets.base import Dataset, DatasetRecord
from rnn_viz.datasets.errors import (
    DatasetFormatError,
    DatasetMismatchError,
    DatasetNotFoundError,
    UnknownDatasetKindError,
    naming,
)
from rnn_viz.datasets.folders import FolderDataset
from rnn_viz.datasets.imdb import ImdbDataset, ImdbStarsDataset
from rnn_viz.datasets.table import TABLE_SUFFIXES, TableDataset

#: Every dataset kind, by its ``Dataset.kind``.
DATASET_KINDS: dict[str, type[Dataset]] = {
    kind.kind: kind for kind in (ImdbDataset, ImdbStarsDataset, TableDataset, FolderDataset)
}


def open_user_dataset(path: str | os.PathLike, options: Mapping[str, Any] | None = None) -> Dataset:
    """The user's own dataset at ``path``, of the first kind that ``accepts`` it (a
    table file, a folder or ``.zip`` of label folders).

    Args:
        path: the file or folder.
        options: the kind's options (``Dataset.options``: a table's columns, the split
            seed); a kind ignores the ones it does not take.

    Returns:
        The dataset (not read yet).

    Raises:
        DatasetNotFoundError: nothing is at ``path``.
        DatasetFormatError: no kind reads it.
    """
    place = Path(path).expanduser()
    with naming(place.name):
        if not place.exists():
            raise DatasetNotFoundError(f"{place} does not exist.")
        for kind in DATASET_KINDS.values():
            if kind.accepts(place):
                return kind.from_options(place, options or {})
        raise DatasetFormatError(
            f"{place.name} is not a dataset rnn-viz reads: a table "
            f"({', '.join(TABLE_SUFFIXES)}), or a folder or .zip of label folders."
        )


def open_dataset(
    record: DatasetRecord | Mapping[str, Any],
    data: str | os.PathLike | None = None,
    download: bool = False,
    model: str = "",
) -> Dataset:
    """The dataset a model was trained on, found on this machine and checked.

    Args:
        record: the model's record (``DatasetRecord`` or its JSON, as
            ``ModelBundle.dataset_record`` gives it).
        data: a place the user named (``--data``); None: the recorded location when it
            exists, then the kind's own places (for IMDB, ``$RNN_VIZ_DATA``, the Keras
            cache).
        download: download it when the kind can and it is nowhere else.
        model: the model's name, for messages.

    Returns:
        The dataset, whose identity is the recorded one (any, for a record without one).

    Raises:
        UnknownDatasetKindError: the record's kind is not in ``DATASET_KINDS``.
        DatasetNotFoundError: the dataset is nowhere to be found.
        DatasetUnreadableError: it is there but cannot be read whole.
        DatasetMismatchError: the dataset found is not the one the model was trained on.
    """
    if not isinstance(record, DatasetRecord):
        record = DatasetRecord.from_json(record)
    kind = DATASET_KINDS.get(record.kind)
    if kind is None:
        raise UnknownDatasetKindError(
            f"model {model!r} was trained on a dataset of kind {record.kind!r}, which this "
            f"version of rnn-viz cannot read (it reads {', '.join(sorted(DATASET_KINDS))})."
        )
    with naming(record.name):
        dataset = kind.reopen(record, None if data is None else str(data), download)
        identity = None if record.identity is None else dataset.identity
    if identity != record.identity:
        raise DatasetMismatchError(
            f"model {model!r} was trained on another {record.name or record.kind} dataset "
            f"than the one at {dataset.location}: its dataset is not on this machine or has "
            f"changed since (recorded at {record.location or 'an unknown place'}). Give the "
            "dataset it was trained on (--data or RNN_VIZ_DATA).",
            record.name,
        )
    return dataset
