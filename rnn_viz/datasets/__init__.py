"""Labelled texts to train on and to analyse: the dataset interface, its kinds, and
encoding a dataset.

Every dataset is a ``Dataset`` (``base``): label names, labelled texts and metadata per
split, an identity (a digest of its content) and a caption per example; its kinds are
``DATASET_KINDS`` (``kinds``), the reader of Stanford's IMDB reviews (``imdb``) first.
``load_corpus`` gives a dataset encoded with a vocabulary (one read-only ``Corpus`` per
dataset, vocabulary and length in a process, cached on disk); ``open_dataset`` finds
the dataset a model folder records. Every reader is whole or an error (``DatasetError``
and its subclasses).
"""

from rnn_viz.datasets.base import (
    SPLITS,
    Caption,
    Dataset,
    DatasetContent,
    DatasetRecord,
    LabelledTexts,
    Texts,
    label_text,
)
from rnn_viz.datasets.corpus import Corpus, forget_loaded_corpora, load_corpus, split_train_val
from rnn_viz.datasets.errors import (
    DatasetCorruptError,
    DatasetError,
    DatasetIncompleteError,
    DatasetLayoutError,
    DatasetMismatchError,
    DatasetNotFoundError,
    DatasetUnreadableError,
    UnknownDatasetKindError,
)
from rnn_viz.datasets.imdb import OFFICIAL_URL, ImdbDataset, Review, find_dataset, read_reviews
from rnn_viz.datasets.kinds import DATASET_KINDS, open_dataset

__all__ = [
    "DATASET_KINDS",
    "SPLITS",
    "Caption",
    "Corpus",
    "Dataset",
    "DatasetContent",
    "DatasetCorruptError",
    "DatasetError",
    "DatasetIncompleteError",
    "DatasetLayoutError",
    "DatasetMismatchError",
    "DatasetNotFoundError",
    "DatasetRecord",
    "DatasetUnreadableError",
    "ImdbDataset",
    "LabelledTexts",
    "OFFICIAL_URL",
    "Review",
    "Texts",
    "UnknownDatasetKindError",
    "find_dataset",
    "forget_loaded_corpora",
    "label_text",
    "load_corpus",
    "open_dataset",
    "read_reviews",
    "split_train_val",
]
