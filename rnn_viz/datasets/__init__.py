"""Labelled texts to train on and to analyse: finding, reading and encoding a dataset.

``load_corpus`` gives the dataset encoded with a vocabulary (one read-only ``Corpus`` per
source, vocabulary and length in a process, cached on disk); the reader of Stanford's IMDB
reviews (``imdb``) is the first source. Every reader is whole or an error
(``DatasetError`` and its subclasses).
"""

from rnn_viz.datasets.corpus import Corpus, forget_loaded_corpora, load_corpus, split_train_val
from rnn_viz.datasets.errors import (
    DatasetCorruptError,
    DatasetError,
    DatasetIncompleteError,
    DatasetLayoutError,
    DatasetMismatchError,
    DatasetNotFoundError,
    DatasetUnreadableError,
)
from rnn_viz.datasets.imdb import OFFICIAL_URL, Review, find_dataset, read_reviews

__all__ = [
    "Corpus",
    "DatasetCorruptError",
    "DatasetError",
    "DatasetIncompleteError",
    "DatasetLayoutError",
    "DatasetMismatchError",
    "DatasetNotFoundError",
    "DatasetUnreadableError",
    "OFFICIAL_URL",
    "Review",
    "find_dataset",
    "forget_loaded_corpora",
    "load_corpus",
    "read_reviews",
    "split_train_val",
]
