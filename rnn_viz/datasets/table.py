"""The user's own labelled texts in one table: a CSV, TSV or JSON-lines file.

The user names the text column and the label column; labels are texts or whole numbers
(sorted numerically when every one is a number, else alphabetically; label id = index).
A column ``split`` (or the one named) with ``train``/``test`` values gives the split;
without it the examples are split with a seeded stratified split (``user.TEST_SIZE``).

The file is read whole or not at all: a missing column, a header name twice, an empty
text, a ragged row, a byte that is not UTF-8, an empty file, one class only, a class
too small to split, or a file over the upload limit (``core.uploads.LIMITS``) raises a
``DatasetError`` subclass whose sentence names the file and the row.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from rnn_viz.core.text import words
from rnn_viz.datasets.base import Caption, Dataset, DatasetContent, DatasetRecord
from rnn_viz.datasets.errors import (
    DatasetColumnError,
    DatasetFormatError,
    DatasetNotFoundError,
    DatasetTooLargeError,
    DatasetUnreadableError,
)
from rnn_viz.datasets.user import decode_text, label_name, labelled_content

#: The table formats, by file suffix: a CSV/TSV delimiter, or None for JSON lines.
TABLE_SUFFIXES: dict[str, str | None] = {
    ".csv": ",",
    ".tsv": "\t",
    ".jsonl": None,
    ".ndjson": None,
}
#: The column read as the split when the user names none and the file has it.
SPLIT_COLUMN = "split"


class Table:
    """A table's header and rows, parsed whole (``read_table``).

    Args:
        columns: the header's names, in order.
        rows: one value per column for each row.
        lines: the file line each row starts on (the header is line 1 of a CSV).
    """

    def __init__(self, columns: list[str], rows: list[list[Any]], lines: list[int]):
        self.columns, self.rows, self.lines = columns, rows, lines

    def column(self, name: str, shown: str) -> int:
        """Where a column is.

        Args:
            name: its name in the header.
            shown: the file's name in messages.

        Returns:
            Its index.

        Raises:
            DatasetColumnError: no column of that name (the message lists the columns).
        """
        if name not in self.columns:
            raise DatasetColumnError(
                f"{shown} has no column {name!r}; its columns are "
                f"{', '.join(map(repr, self.columns))}."
            )
        return self.columns.index(name)


def _read_bytes(path: Path, shown: str) -> bytes:
    """The file's bytes, refused past ``LIMITS.upload_bytes`` before reading."""
    from rnn_viz.core.uploads import LIMITS, MiB

    try:
        size = path.stat().st_size
        if size > LIMITS.upload_bytes:
            raise DatasetTooLargeError(
                f"{shown} is {size / MiB:.0f} MB, over the {LIMITS.upload_bytes / MiB:.0f} MB "
                "limit."
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise DatasetNotFoundError(f"{shown} does not exist.") from None
    except OSError as err:
        raise DatasetUnreadableError(f"{shown} cannot be read: {err.strerror or err}.") from None


def read_table(path: str | os.PathLike, shown: str | None = None) -> Table:
    """A CSV, TSV or JSON-lines file parsed whole (its format from its suffix).

    A CSV/TSV's first row is its header; blank lines are skipped. A JSON-lines file holds
    one object per line, every one with the same keys (the header, in the first one's
    order).

    Args:
        path: the file.
        shown: its name in messages (default: the file's name).

    Returns:
        The table.

    Raises:
        DatasetNotFoundError: the file does not exist.
        DatasetTooLargeError: it is over ``LIMITS.upload_bytes``.
        DatasetFormatError: an unknown suffix, an empty file, a byte that is not UTF-8,
            a ragged row, a line that is not a JSON object, broken quoting.
        DatasetColumnError: a header name appears twice.
        DatasetUnreadableError: it cannot be read.
    """
    path = Path(path)
    shown = shown or path.name
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise DatasetFormatError(
            f"{shown} is not a table rnn-viz reads ({', '.join(TABLE_SUFFIXES)})."
        )
    text = decode_text(_read_bytes(path, shown), shown)
    if not text.strip():
        raise DatasetFormatError(f"{shown} is empty.")
    delimiter = TABLE_SUFFIXES[suffix]
    table = _read_delimited(text, delimiter, shown) if delimiter else _read_json_lines(text, shown)
    seen: set[str] = set()
    for name in table.columns:
        if name in seen:
            raise DatasetColumnError(
                f"{shown} names the column {name!r} twice in its header; give each column "
                "its own name."
            )
        seen.add(name)
    if not table.rows:
        raise DatasetFormatError(f"{shown} has a header but no rows.")
    return table


def _read_delimited(text: str, delimiter: str, shown: str) -> Table:
    from rnn_viz.core.uploads import LIMITS

    # a text may be long (the default limit is 131,072 characters); never lowered
    csv.field_size_limit(max(csv.field_size_limit(), LIMITS.upload_bytes))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[Any]] = []
    lines: list[int] = []
    columns: list[str] | None = None
    try:
        line = 1
        for row in reader:
            if row:  # a blank line
                if columns is None:
                    columns = [name.strip() for name in row]
                elif len(row) != len(columns):
                    raise DatasetFormatError(
                        f"{shown}: row {len(rows) + 1} (line {line}) has {len(row)} fields "
                        f"but the header has {len(columns)}."
                    )
                else:
                    rows.append(row)
                    lines.append(line)
            line = reader.line_num + 1
    except csv.Error as err:
        raise DatasetFormatError(
            f"{shown} cannot be read as {'TSV' if delimiter == chr(9) else 'CSV'} at line "
            f"{reader.line_num}: {err}."
        ) from None
    return Table(columns or [], rows, lines)


def _read_json_lines(text: str, shown: str) -> Table:
    columns: list[str] | None = None
    rows: list[list[Any]] = []
    lines: list[int] = []

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in pairs]
        twice = next((k for k in keys if keys.count(k) > 1), None)
        if twice is not None:
            raise DatasetColumnError(
                f"{shown}: row {len(rows) + 1} names the key {twice!r} twice; give each "
                "column its own name."
            )
        return dict(pairs)

    for line, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw, object_pairs_hook=unique)
        except ValueError as err:
            raise DatasetFormatError(
                f"{shown}: line {line} is not JSON ({err.args[0] if err.args else err})."
            ) from None
        if not isinstance(row, dict):
            raise DatasetFormatError(f"{shown}: line {line} is not a JSON object.")
        if columns is None:
            columns = list(row)
        elif set(row) != set(columns):
            raise DatasetFormatError(
                f"{shown}: row {len(rows) + 1} (line {line}) has the keys "
                f"{', '.join(map(repr, row))} but the first row has "
                f"{', '.join(map(repr, columns))}."
            )
        rows.append([row[name] for name in columns])
        lines.append(line)
    return Table(columns or [], rows, lines)


class TableDataset(Dataset):
    """Labelled texts in a CSV, TSV or JSON-lines file.

    Metadata per split: ``row``, each example's row in the file (from 1, the header not
    counted).

    Args:
        source: the file.
        text_column: the column holding the texts.
        label_column: the column holding the labels.
        split_column: the column holding ``train``/``test``; None: ``split`` when the
            file has it, else a seeded stratified split.
        split_seed: ``random_state`` of that split.
    """

    kind = "table"

    def __init__(
        self,
        source: str | os.PathLike,
        text_column: str | None,
        label_column: str | None,
        split_column: str | None = None,
        split_seed: int = 0,
    ):
        super().__init__()
        self.source = Path(source).expanduser().absolute()
        self.text_column = text_column or None
        self.label_column = label_column or None
        self.split_column = split_column or None
        self.split_seed = int(split_seed)

    @classmethod
    def from_options(cls, path: str | os.PathLike, options: Mapping[str, Any]) -> TableDataset:
        """The table at ``path`` read with ``options`` (``text_column``,
        ``label_column``, ``split_column``, ``split_seed``).

        Args:
            path: the file.
            options: the options by name (others ignored).

        Returns:
            The dataset (not read yet).
        """
        return cls(
            path,
            options.get("text_column"),
            options.get("label_column"),
            options.get("split_column"),
            int(options.get("split_seed") or 0),
        )

    @classmethod
    def accepts(cls, path: Path) -> bool:
        """Whether ``path`` is a ``.csv``, ``.tsv`` or ``.jsonl`` (``.ndjson``) file.

        Args:
            path: a file or folder.

        Returns:
            True for a file of those suffixes.
        """
        return path.suffix.lower() in TABLE_SUFFIXES and not path.is_dir()

    @classmethod
    def reopen(cls, record: DatasetRecord, data: str | None, download: bool) -> TableDataset:
        """The table a model was trained on: ``data`` when given, else the recorded file.

        Args:
            record: the model's record (its options say the columns and the seed).
            data: a file the user named; None: the recorded location.
            download: unused (a table is never downloaded).

        Returns:
            The dataset.

        Raises:
            DatasetNotFoundError: no file given and the recorded one is gone.
        """
        place = data or record.location
        if not place or not Path(place).exists():
            raise DatasetNotFoundError(
                f"The table {record.name or ''} this model was trained on is not at "
                f"{place or 'a recorded place'} any more; give it with --data."
            )
        return cls.from_options(place, record.options)

    def options(self) -> dict[str, Any]:
        """The columns and the split seed.

        Returns:
            ``{"text_column", "label_column", "split_column", "split_seed"}``.
        """
        return {
            "text_column": self.text_column,
            "label_column": self.label_column,
            "split_column": self.split_column,
            "split_seed": self.split_seed,
        }

    @property
    def name(self) -> str:
        """The file's name."""
        return self.source.name

    @property
    def location(self) -> str:
        """The file's absolute path."""
        return str(self.source)

    @property
    def stamp(self) -> str:
        """``path|size|mtime|options``.

        Raises:
            DatasetUnreadableError: the file cannot be looked at.
        """
        try:
            stat = self.source.stat()
        except OSError as err:
            raise DatasetUnreadableError(
                f"{self.name} cannot be read: {err.strerror or err}."
            ) from None
        options = json.dumps(self.options(), sort_keys=True)
        return f"{self.source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{options}"

    def read(self) -> DatasetContent:
        """Read the whole table (``read_table``) and its labelled texts.

        Returns:
            The content.

        Raises:
            DatasetColumnError: a column not given, missing or given twice.
            DatasetFormatError: an empty text or label, a split value other than
                ``train``/``test``, or any problem ``read_table`` finds.
            DatasetLabelError: one class only, or a class too small to split.
            DatasetError: see ``read_table``.
        """
        shown = self.name
        table = read_table(self.source, shown)
        if not (self.text_column and self.label_column):
            raise DatasetColumnError(
                f"Say which columns of {shown} hold the text and the label (--text-column, "
                f"--label-column); its columns are {', '.join(map(repr, table.columns))}."
            )
        if self.text_column == self.label_column:
            raise DatasetColumnError(
                f"The text and the label of {shown} must be two columns, not both "
                f"{self.text_column!r}."
            )
        at_text = table.column(self.text_column, shown)
        at_label = table.column(self.label_column, shown)
        split_name = self.split_column
        if split_name is None and SPLIT_COLUMN in table.columns:
            split_name = SPLIT_COLUMN
        at_split = None if split_name is None else table.column(split_name, shown)
        texts, labels, splits = [], [], []
        for n, (row, line) in enumerate(zip(table.rows, table.lines, strict=True), 1):
            where = f"{shown}: row {n} (line {line})"
            text, label = row[at_text], row[at_label]
            if not isinstance(text, str) or not text.strip():
                raise DatasetFormatError(f"{where} has an empty text in {self.text_column!r}.")
            if (
                isinstance(label, bool)
                or not isinstance(label, str | int)
                or not str(label).strip()
            ):
                raise DatasetFormatError(
                    f"{where} has no label (text or a whole number) in {self.label_column!r}."
                )
            texts.append(text)
            labels.append(label_name(label))
            if at_split is not None:
                split = str(row[at_split]).strip().lower()
                if split not in ("train", "test"):
                    raise DatasetFormatError(
                        f"{where} has {str(row[at_split])[:40]!r} in {split_name!r}; a split "
                        "column holds only 'train' or 'test'."
                    )
                splits.append(split)
        return labelled_content(
            texts,
            labels,
            splits if at_split is not None else None,
            {"row": np.arange(1, len(texts) + 1, dtype=np.int32)},
            self.split_seed,
            shown,
            "give the file a 'split' column of train/test",
        )

    def caption(self, split: str, i: int) -> Caption:
        """An example as ``test row 12 of news.csv (label: sports, 230 words)``.

        Args:
            split: ``"train"`` or ``"test"``.
            i: its row in the split.

        Returns:
            The caption (``dataset.table.caption.<split>``).
        """
        part = self.split(split)
        return Caption(
            f"dataset.table.caption.{split}",
            {
                "row": int(part.metadata["row"][i]),
                "file": self.name,
                "words": len(words(part.texts[i])),
            },
            label=self.label_names[int(part.labels[i])],
        )
