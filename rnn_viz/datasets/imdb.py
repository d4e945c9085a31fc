"""Stanford's Large Movie Review Dataset (Maas et al., 2011): find it, read it whole.

The dataset is in its original layout, ``aclImdb/{train,test}/{pos,neg}/ID_RATING.txt``,
as a folder or a ``.tar.gz``. It is looked for, in order, at an explicit path, at
``$RNN_VIZ_DATA``, in the Keras cache (``~/.keras/datasets``), and finally downloaded
once from Stanford with ``keras.utils.get_file``.

A dataset is read whole or not at all: a damaged or truncated archive, or a folder of
the layout with reviews missing, raises a ``DatasetError`` subclass (never a corpus
with some reviews silently left out).

``ImdbDataset`` is the dataset kind ``"imdb"`` (``base.Dataset``): labels ``negative``
and ``positive``, each review's star rating and file id as metadata, and a note when
the dataset is not the official size.
"""

from __future__ import annotations

import itertools
import lzma
import os
import re
import tarfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rnn_viz.core.text import words
from rnn_viz.datasets.base import (
    SPLITS,
    Caption,
    Dataset,
    DatasetContent,
    DatasetRecord,
    LabelledTexts,
    Texts,
)
from rnn_viz.datasets.errors import (
    DatasetCorruptError,
    DatasetError,
    DatasetIncompleteError,
    DatasetLayoutError,
    DatasetNotFoundError,
    DatasetUnreadableError,
    naming,
)

OFFICIAL_URL = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"
OFFICIAL_MD5 = "7c2ac02c03563afcf9b574c7e56c153a"
OFFICIAL_NAME = "aclImdb_v1.tar.gz"

_REVIEW_PATH = re.compile(r"(?:^|/)aclImdb/(train|test)/(pos|neg)/(\d+)_(\d+)\.txt$")

#: The official dataset's reviews per split and label (``aclImdb/{split}/{pos,neg}/``).
OFFICIAL_PER_FOLDER = 12_500
#: A review of at least this many stars is in ``pos/`` (the dataset has no 5 or 6).
POSITIVE_STARS = 7
FOLDERS = ("train/neg", "train/pos", "test/neg", "test/pos")


def keras_cache_dir() -> Path:
    """Where ``keras.utils.get_file`` keeps downloaded datasets.

    Returns:
        ``$KERAS_HOME/datasets``, or ``~/.keras/datasets``.
    """
    base = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(base) / "datasets"


def find_dataset(path: str | os.PathLike | None = None, download: bool = True) -> Path:
    """Locate the dataset: ``path`` → ``$RNN_VIZ_DATA`` → Keras cache → download.

    Args:
        path: where the user said it is; None looks further.
        download: download it (80 MB, checked by MD5) when it is nowhere else.

    Returns:
        A ``.tar.gz`` file or a folder holding ``aclImdb/``.

    Raises:
        DatasetNotFoundError: naming every place looked at and how to provide it.
    """
    looked: list[str] = []
    explicit = [("given path", path), ("$RNN_VIZ_DATA", os.environ.get("RNN_VIZ_DATA"))]
    for label, candidate in explicit:
        if candidate:
            p = Path(candidate).expanduser()
            if p.exists():
                return p
            # An explicit location that does not exist is a mistake to report,
            # not a reason to fall through to a 80 MB download.
            raise DatasetNotFoundError(
                f"The IMDB dataset was not found at {p} ({label}). "
                "Point it at aclImdb_v1.tar.gz (or a folder holding aclImdb/), "
                "or unset it to use the Keras cache or a download."
            )
    cache = keras_cache_dir()
    for candidate in (cache / OFFICIAL_NAME, cache / "aclImdb_labeled.tar.gz", cache / "aclImdb"):
        looked.append(str(candidate))
        if candidate.exists():
            return candidate.parent if candidate.name == "aclImdb" else candidate
    if download:
        try:
            import keras

            return Path(
                keras.utils.get_file(
                    fname=OFFICIAL_NAME, origin=OFFICIAL_URL, file_hash=OFFICIAL_MD5
                )
            )
        except Exception as err:  # network down, refused, bad checksum …
            looked.append(f"{OFFICIAL_URL} (download failed: {err.__class__.__name__}: {err})")
    raise DatasetNotFoundError(
        "The IMDB dataset was not found. Looked at: "
        + "; ".join(["--data / RNN_VIZ_DATA (not set)"] + looked)
        + ". Provide it with --data PATH or RNN_VIZ_DATA=PATH, pointing at "
        f"aclImdb_v1.tar.gz from {OFFICIAL_URL} (or a folder holding aclImdb/)."
    )


@dataclass(frozen=True)
class Review:
    """One labeled review of the dataset."""

    split: str  # "train" or "test"
    label: int  # 1 positive, 0 negative
    rating: int  # 1..10 stars
    id: int
    text: str


def read_reviews(source: str | os.PathLike) -> list[Review]:
    """All labeled reviews under ``source`` (a ``.tar.gz`` or a folder), sorted.

    Sorted by split, then negative before positive, then numeric id, so the order
    (and so the validation split) never depends on the file system.

    The read is whole or an error. An archive is read to its end: every member, tar's
    end-of-archive marker, and (for ``.gz``) the compressed stream's CRC, so a damaged
    header (where ``tarfile`` alone would stop quietly) or a truncated file is an
    error. Then every folder ``aclImdb/{train,test}/{neg,pos}/`` must hold reviews
    numbered ``0 .. n-1`` (``ID_RATING.txt``), as the official dataset (``n = 12,500``)
    and any dataset written in its layout do: a missing folder or a gap in the ids
    means reviews are missing. A complete dataset of another size is read (it is a
    custom dataset, flagged by ``ImdbDataset.note``).

    Args:
        source: a ``.tar.gz`` (or ``.tar``, ``.tar.bz2``, ``.tar.xz``) or a folder
            holding ``aclImdb/``.

    Returns:
        The reviews, train before test, negative before positive, by id.

    Raises:
        DatasetCorruptError: the archive is damaged or truncated.
        DatasetIncompleteError: a folder is missing or reviews are missing from one.
        DatasetLayoutError: no review in the aclImdb layout at all.
        DatasetUnreadableError: the source cannot be read (e.g. permission denied).
        DatasetError: any of these, raised while reading, goes through as it is.
    """
    source = Path(source)
    reviews: list[Review] = []

    def add(name: str, raw: bytes) -> None:
        m = _REVIEW_PATH.search(name)
        if m:
            split, polarity, rid, rating = m.groups()
            reviews.append(
                Review(
                    split,
                    int(polarity == "pos"),
                    int(rating),
                    int(rid),
                    raw.decode("utf-8", errors="replace"),
                )
            )

    try:
        if source.is_dir():
            for folder, _, names in os.walk(source, followlinks=True):
                for fname in names:
                    if fname.endswith(".txt"):
                        path = Path(folder) / fname
                        add(path.relative_to(source).as_posix(), path.read_bytes())
        else:
            _read_archive(source, add)
    except PermissionError as err:
        raise DatasetUnreadableError(
            f"The IMDB dataset at {source} cannot be read: {err.strerror or err}."
        ) from err
    except DatasetError:
        raise
    except (OSError, tarfile.TarError, EOFError, zlib.error, lzma.LZMAError) as err:
        raise DatasetCorruptError(
            f"Could not read the IMDB dataset at {source}: the archive is damaged or "
            f"truncated ({_reason(err)}; {len(reviews):,} reviews read before it). Replace "
            f"it with an intact copy of {OFFICIAL_NAME} (MD5 {OFFICIAL_MD5})."
        ) from err
    if not reviews:
        raise DatasetLayoutError(
            f"{source} holds no reviews in the aclImdb layout "
            "(aclImdb/{train,test}/{pos,neg}/ID_RATING.txt)."
        )
    _check_complete(source, reviews)
    reviews.sort(key=lambda r: (r.split != "train", r.label, r.id))
    return reviews


def _reason(err: BaseException) -> str:
    text = str(err).strip()
    return f"{err.__class__.__name__}: {text}" if text else err.__class__.__name__


def _read_archive(source: Path, add: Callable[[str, bytes], None]) -> None:
    """Read every review of the tar archive ``source`` through ``add(name, bytes)``,
    then check that the archive ends where tar says it ends.

    ``tarfile`` ends its iteration quietly at a header it cannot parse, so after the
    last member the rest of the stream must be tar's end-of-archive marker (zero
    blocks, at least one) and nothing else; reading it to its end also makes ``gzip``
    check its CRC and length.

    Raises:
        DatasetCorruptError: data that is not a tar header where the next member or
            the end-of-archive marker should be, or no end-of-archive marker.
        OSError, tarfile.TarError, EOFError, zlib.error, lzma.LZMAError: from the
            decompressor or ``tarfile`` (a damaged or truncated stream).
    """
    with tarfile.open(source, "r:*") as archive:
        for member in archive:
            if member.isfile() and _REVIEW_PATH.search(member.name):
                content = archive.extractfile(member)
                if content is None:  # tarfile gives one for every regular file
                    raise tarfile.ExtractError(f"{member.name} has no content")
                add(member.name, content.read())
        end = archive.offset  # where the member that failed, or the end marker, starts
        stream = archive.fileobj
        stream.seek(end)
        trailer = 0
        while block := stream.read(1 << 16):
            if block.count(0) != len(block):
                raise DatasetCorruptError(
                    f"Could not read the IMDB dataset at {source}: the archive is damaged "
                    f"(the tar header at byte {end:,} of the unpacked archive is unreadable, "
                    f"so the members after it would be lost). Replace it with an intact "
                    f"copy of {OFFICIAL_NAME} (MD5 {OFFICIAL_MD5})."
                )
            trailer += len(block)
        if trailer < tarfile.BLOCKSIZE:
            raise DatasetCorruptError(
                f"Could not read the IMDB dataset at {source}: the archive is truncated "
                f"(it stops at byte {end:,} of the unpacked archive, with no end-of-archive "
                f"marker). Replace it with an intact copy of {OFFICIAL_NAME} "
                f"(MD5 {OFFICIAL_MD5})."
            )


def _check_complete(source: Path, reviews: list[Review]) -> None:
    """Raise ``DatasetIncompleteError`` unless each of the four folders holds reviews
    numbered ``0 .. n-1`` exactly once (see ``read_reviews``)."""
    ids: dict[str, list[int]] = {folder: [] for folder in FOLDERS}
    for r in reviews:
        ids[f"{r.split}/{'pos' if r.label else 'neg'}"].append(r.id)
    for folder, found in ids.items():
        if not found:
            raise DatasetIncompleteError(
                f"{source} has no aclImdb/{folder}/ reviews: the dataset is incomplete."
            )
        found.sort()
        if found != list(range(len(found))):
            have = set(found)
            n_missing = found[-1] + 1 - len(have)
            examples = itertools.islice((i for i in range(found[-1]) if i not in have), 3)
            what = (
                f"{n_missing:,} ids below its highest ({found[-1]:,}) are missing, "
                f"e.g. {', '.join(map(str, examples))}"
                if n_missing
                else f"{len(found) - len(have):,} ids appear twice"
            )
            raise DatasetIncompleteError(
                f"{source} is incomplete: aclImdb/{folder}/ holds {len(found):,} reviews but "
                f"{what}. Its reviews must be numbered 0 to n-1 (the official dataset has "
                f"{OFFICIAL_PER_FOLDER:,} per folder); replace it with an intact copy."
            )


class ImdbDataset(Dataset):
    """Stanford's Large Movie Review Dataset, or any dataset in its layout, at ``source``
    (a ``.tar.gz`` or a folder holding ``aclImdb/``).

    Labels ``("negative", "positive")``; metadata per split: ``rating`` (1..10 stars)
    and ``file_id`` (the ``ID`` of ``ID_RATING.txt``).

    Args:
        source: the archive or folder (``find_dataset`` finds one).
    """

    kind = "imdb"
    LABEL_NAMES: tuple[str, ...] = ("negative", "positive")
    #: The dataset's name (``name``), known before it is found.
    TITLE = "IMDB"
    downloads = True

    def __init__(self, source: str | os.PathLike):
        super().__init__()
        self.source = Path(source)

    @classmethod
    def find(cls, path: str | os.PathLike | None = None, download: bool = True) -> ImdbDataset:
        """The dataset ``find_dataset`` finds (``path`` → ``$RNN_VIZ_DATA`` → Keras cache
        → download).

        Args:
            path: where the user said it is; None looks further.
            download: download it when it is nowhere else.

        Returns:
            The dataset (not read yet).

        Raises:
            DatasetNotFoundError: see ``find_dataset``.
        """
        with naming(cls.TITLE):
            return cls(find_dataset(path, download=download))

    @classmethod
    def reopen(cls, record: DatasetRecord, data: str | None, download: bool) -> ImdbDataset:
        """The dataset a model was trained on: ``data`` when given, else the recorded
        location when it still exists, else wherever ``find_dataset`` finds one.

        Args:
            record: the model's record.
            data: a place the user named; None looks further.
            download: download it when it is nowhere else.

        Returns:
            The dataset found.

        Raises:
            DatasetNotFoundError: see ``find_dataset``.
        """
        if data is None and record.location and Path(record.location).exists():
            return cls(record.location)
        return cls.find(data, download)

    @property
    def name(self) -> str:
        """``TITLE``: ``"IMDB"``, ``"IMDB star ratings"``."""
        return self.TITLE

    @property
    def location(self) -> str:
        """The archive or folder read."""
        return str(self.source)

    @property
    def stamp(self) -> str:
        """``path|size|mtime`` of the source.

        Raises:
            DatasetUnreadableError: it cannot be looked at.
        """
        try:
            stat = self.source.stat()
            return f"{self.source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
        except OSError as err:
            raise DatasetUnreadableError(
                f"The IMDB dataset at {self.source} cannot be read: {err.strerror or err}."
            ) from err

    @property
    def label_names(self) -> tuple[str, ...]:
        """``("negative", "positive")``."""
        return self.LABEL_NAMES

    def read(self) -> DatasetContent:
        """Read every review (``read_reviews``: whole or an error).

        Returns:
            The content: train and test, negative before positive, by id.

        Raises:
            DatasetError: see ``read_reviews``.
        """
        reviews = read_reviews(self.source)
        splits = {}
        for split in SPLITS:
            part = [r for r in reviews if r.split == split]
            splits[split] = LabelledTexts(
                texts=Texts.of([r.text for r in part]),
                labels=np.array([r.label for r in part], np.int32),
                metadata={
                    "rating": np.array([r.rating for r in part], np.int32),
                    "file_id": np.array([r.id for r in part], np.int32),
                },
            )
        return DatasetContent(self.LABEL_NAMES, splits)

    def caption(self, split: str, i: int) -> Caption:
        """A review as ``test review #12 (positive, 8/10 stars, 230 words; file
        test/pos/5_8.txt)``.

        Args:
            split: ``"train"`` or ``"test"``.
            i: its row in the split.

        Returns:
            The caption (``dataset.imdb.caption.<split>``).
        """
        part = self.split(split)
        label = int(part.labels[i])
        stars = int(part.metadata["rating"][i])
        folder = "pos" if stars >= POSITIVE_STARS else "neg"
        return Caption(
            f"dataset.imdb.caption.{split}",
            {
                "i": int(i),
                "stars": stars,
                "words": len(words(part.texts[i])),
                "file": f"{split}/{folder}/{int(part.metadata['file_id'][i])}_{stars}.txt",
            },
            label=self.label_names[label],
        )

    def counts(self) -> dict[str, int]:
        """Reviews per folder.

        Returns:
            ``{"train/neg": n, "train/pos": n, "test/neg": n, "test/pos": n}``.
        """
        positive = {
            split: self.split(split).metadata["rating"] >= POSITIVE_STARS for split in SPLITS
        }
        return {
            f"{split}/{folder}": int((positive[split] == is_pos).sum())
            for split in SPLITS
            for folder, is_pos in (("neg", False), ("pos", True))
        }

    def note(self) -> Caption | None:
        """That the dataset is not the official size (its accuracies then do not compare
        with the reference's); None when every split and label holds 12,500 reviews.

        Returns:
            The size note (``pkg.size_note``), or None.
        """
        c = self.counts()
        if all(n == OFFICIAL_PER_FOLDER for n in c.values()):
            return None
        return Caption(
            "pkg.size_note",
            {
                "train": c["train/neg"] + c["train/pos"],
                "train_neg": c["train/neg"],
                "train_pos": c["train/pos"],
                "test": c["test/neg"] + c["test/pos"],
                "test_neg": c["test/neg"],
                "test_pos": c["test/pos"],
                "per_folder": OFFICIAL_PER_FOLDER,
            },
        )


class ImdbStarsDataset(ImdbDataset):
    """The same reviews labelled by their star rating in four bands: 1-2, 3-4, 7-8 and
    9-10 stars (the dataset holds no review of 5 or 6 stars), a task of several classes
    on data every user of rnn-viz has.

    Args:
        source: the archive or folder (``find_dataset`` finds one).
    """

    kind = "imdb_stars"
    LABEL_NAMES = ("stars_1_2", "stars_3_4", "stars_7_8", "stars_9_10")
    #: The band of each rating 1..10 (index: stars; 5 and 6 never occur).
    BANDS = np.array([-1, 0, 0, 1, 1, -1, -1, 2, 2, 3, 3], np.int32)
    TITLE = "IMDB star ratings"

    def read(self) -> DatasetContent:
        """The IMDB reviews (``ImdbDataset.read``), each labelled by its band of stars.

        Returns:
            The content, in the IMDB order.

        Raises:
            DatasetLayoutError: a rating of 5 or 6 stars, which no band holds.
            DatasetError: see ``read_reviews``.
        """
        content = super().read()
        splits = {}
        for split, part in content.splits.items():
            labels = self.BANDS[part.metadata["rating"]]
            if (labels < 0).any():
                raise DatasetLayoutError(
                    f"{self.source} holds reviews of 5 or 6 stars, which no band of "
                    f"{self.name} holds (the official dataset has none)."
                )
            splits[split] = LabelledTexts(part.texts, labels, part.metadata)
        return DatasetContent(self.LABEL_NAMES, splits)
