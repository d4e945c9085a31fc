"""The errors of reading a dataset; callers tell the cases apart by subclass."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rnn_viz.core.errors import RnnVizError


class DatasetError(RnnVizError):
    """The dataset cannot be used; the message says why and what to do. Callers tell
    the cases apart by subclass, never by the message's text.

    Args:
        message: the sentence for the user.
        dataset: the dataset's own name (``Dataset.name``: ``"IMDB"``, ``"news.csv"``)
            when known, else ``""``; kept as ``dataset``, ``i18n.error_text`` words the
            class's sentence with it.
    """

    def __init__(self, message: str = "", dataset: str = "") -> None:
        super().__init__(message)
        self.dataset = dataset


@contextmanager
def naming(dataset: str) -> Iterator[None]:
    """Name the dataset in any ``DatasetError`` raised inside that names none yet.

    Args:
        dataset: the dataset's own name (``Dataset.name``).

    Yields:
        None: while the block runs; a ``DatasetError`` leaving it carries ``dataset``.

    Raises:
        DatasetError: the one raised inside, named.
    """
    try:
        yield
    except DatasetError as err:
        err.dataset = err.dataset or dataset
        raise


class DatasetNotFoundError(DatasetError):
    """The dataset is not on this machine (and was not downloaded); the message says
    every place looked at."""


class DatasetUnreadableError(DatasetError):
    """The dataset is there but cannot be used (e.g. permission denied)."""


class DatasetCorruptError(DatasetUnreadableError):
    """The archive is damaged or truncated: a read error before its end."""


class DatasetIncompleteError(DatasetUnreadableError):
    """The dataset was read without error but reviews are missing from it."""


class DatasetLayoutError(DatasetUnreadableError):
    """The source holds no reviews in the ``aclImdb/{train,test}/{pos,neg}/`` layout."""


class DatasetFormatError(DatasetLayoutError):
    """A file of the user's own dataset (a table, a folder of label folders) cannot be
    read whole: empty, not UTF-8, a ragged row, an empty text, a bad split value, a
    label folder with no file; the message names the file and the row or file."""


class DatasetColumnError(DatasetFormatError):
    """A table's columns do not fit: a column asked for is missing (the message names
    the columns it has), or a header name appears twice."""


class DatasetLabelError(DatasetFormatError):
    """The labels cannot make a classifier: one class only, or a class with too few
    examples to be split into train and test."""


class DatasetTooLargeError(DatasetUnreadableError):
    """The dataset is over the upload limits (``core.uploads.LIMITS``)."""


class DatasetMismatchError(DatasetError):
    """The dataset found is not the one a model was trained on (its record's identity
    differs: that dataset is not on this machine, or has changed), or it was encoded
    with another vocabulary than the model's."""


class UnknownDatasetKindError(DatasetError):
    """A model folder records a dataset of a kind this version cannot read."""
