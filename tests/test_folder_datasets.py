"""The folders dataset kind: one folder of ``.txt`` files per label, with or without
``train/`` and ``test/``, as a folder or a ``.zip``; whole or a typed sentence."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from rnn_viz.core import uploads
from rnn_viz.datasets import load_corpus
from rnn_viz.datasets.errors import DatasetFormatError, DatasetLabelError, DatasetTooLargeError
from rnn_viz.datasets.folders import FolderDataset
from rnn_viz.datasets.kinds import open_user_dataset

WORDS = {"pos": "good fine great", "neg": "bad poor awful", "mid": "so so okay"}


def write_folders(root: Path, split: bool = False, n: int = 5, labels=("pos", "neg")) -> Path:
    for label in labels:
        for where in ("train", "test") if split else ("",):
            folder = root / where / label
            folder.mkdir(parents=True, exist_ok=True)
            for i in range(n):
                (folder / f"{i}.txt").write_text(f"{WORDS[label]} {where} {i}", "utf-8")
    return root


def zip_of(folder: Path, path: Path, top: str = "data") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(folder.rglob("*")):
            z.write(p, f"{top}/{p.relative_to(folder).as_posix()}")
    return path


def test_label_folders_without_train_and_test_are_split_stratified(tmp_path):
    dataset = open_user_dataset(write_folders(tmp_path / "d", labels=("pos", "neg", "mid")))
    assert isinstance(dataset, FolderDataset)
    assert dataset.label_names == ("mid", "neg", "pos")
    assert dataset.class_counts()["test"] == {"mid": 1, "neg": 1, "pos": 1}
    file = str(dataset.split("test").metadata["file"][0])
    assert dataset.caption("test", 0).text("en").startswith(f"test file {file} (label:")
    assert dataset.split("test").texts[0].startswith(WORDS[file.split("/")[0]])


def test_train_and_test_folders_give_the_split(tmp_path):
    dataset = open_user_dataset(write_folders(tmp_path / "d", split=True, n=3))
    assert dataset.class_counts() == {
        "train": {"neg": 3, "pos": 3},
        "test": {"neg": 3, "pos": 3},
    }
    assert all(" test " in text for text in dataset.split("test").texts)


@pytest.mark.parametrize("split", [False, True])
def test_a_zip_of_the_folders_is_the_same_dataset(tmp_path, split):
    folder = write_folders(tmp_path / "d", split=split)
    zipped = open_user_dataset(zip_of(folder, tmp_path / "d.zip"))
    assert zipped.content.label_names == ("neg", "pos")
    plain = open_user_dataset(folder)
    assert [list(plain.split(s).texts) for s in ("train", "test")] == [
        list(zipped.split(s).texts) for s in ("train", "test")
    ]


def _refused(source: Path, error: type, words: str) -> None:
    dataset = open_user_dataset(source)
    with pytest.raises(error) as raised:
        load_corpus(dataset, vocab_size=30, maxlen=8)
    assert words in str(raised.value)
    assert dataset._content is None
    assert not list(Path(os.environ["RNN_VIZ_CACHE"]).glob("folders_*.npz"))


def test_a_label_folder_with_no_file_is_refused(tmp_path):
    root = write_folders(tmp_path / "d")
    (root / "empty").mkdir()
    _refused(root, DatasetFormatError, "empty/ holds no .txt file")


def test_a_file_that_is_not_utf8_is_named(tmp_path):
    root = write_folders(tmp_path / "d")
    (root / "pos" / "3.txt").write_bytes(b"caf\xe9")
    _refused(root, DatasetFormatError, "pos/3.txt is not UTF-8 text: byte 3")


def test_one_label_only_is_refused(tmp_path):
    _refused(write_folders(tmp_path / "d", labels=("pos",)), DatasetLabelError, "one class")


def test_an_empty_file_is_named(tmp_path):
    root = write_folders(tmp_path / "d")
    (root / "neg" / "1.txt").write_text("  \n", "utf-8")
    _refused(root, DatasetFormatError, "neg/1.txt is empty")


def test_a_zip_that_is_not_a_zip_is_refused(tmp_path):
    (tmp_path / "x.zip").write_bytes(b"not a zip")
    _refused(tmp_path / "x.zip", DatasetFormatError, "not a zip archive")


def test_a_zip_over_the_upload_limits_is_refused_by_the_upload_checks(tmp_path, monkeypatch):
    path = zip_of(write_folders(tmp_path / "d", n=30), tmp_path / "d.zip")
    monkeypatch.setattr(uploads, "LIMITS", uploads.UploadLimits(dataset_members=10))
    _refused(path, DatasetTooLargeError, "over the limit of 10")
