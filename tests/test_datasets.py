"""The dataset interface: the IMDB reader holds it, model folders record their dataset
and tokenizer, and each model resolves its own dataset."""

from __future__ import annotations

import json
import pickle
import shutil
import tarfile
from pathlib import Path

import numpy as np
import pytest

from rnn_viz.analysis import corpus_for
from rnn_viz.core import files
from rnn_viz.core.models import ASSETS_MODELS, load_model_dir
from rnn_viz.core.text import Vocabulary
from rnn_viz.datasets import (
    DATASET_KINDS,
    SPLITS,
    Dataset,
    DatasetMismatchError,
    DatasetRecord,
    ImdbDataset,
    Texts,
    UnknownDatasetKindError,
    open_dataset,
)


def _edit_config(folder: Path, edit) -> None:
    config = json.loads((folder / "config.json").read_text("utf-8"))
    edit(config)
    (folder / "config.json").write_text(json.dumps(config), "utf-8")


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def test_the_imdb_reader_holds_the_dataset_protocol(tiny_imdb):
    dataset = ImdbDataset(tiny_imdb)
    assert isinstance(dataset, Dataset) and DATASET_KINDS[dataset.kind] is ImdbDataset
    assert dataset.label_names == ("negative", "positive")
    for split in SPLITS:
        part = dataset.split(split)
        assert len(part.texts) == len(part.labels) == 80
        assert set(part.labels.tolist()) == {0, 1}
        assert set(part.metadata) == {"rating", "file_id"}
        assert all(v.shape == (80,) for v in part.metadata.values())
        positive = part.labels == 1
        assert (part.metadata["rating"][positive] >= 7).all()
        assert (part.metadata["rating"][~positive] <= 4).all()
    assert not dataset.split("test").labels.flags.writeable
    record = dataset.record()
    assert record == DatasetRecord("imdb", dataset.identity, str(tiny_imdb), "IMDB")
    assert DatasetRecord.from_json(record.to_json()) == record


def test_the_identity_is_the_content_not_the_place(tiny_imdb, other_tiny_imdb, tmp_path):
    archive = tmp_path / "tiny.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(tiny_imdb / "aclImdb", arcname="aclImdb")
    folder, packed = ImdbDataset(tiny_imdb), ImdbDataset(archive)
    assert folder.identity == packed.identity and folder.identity.startswith("imdb:")
    assert ImdbDataset(other_tiny_imdb).identity != folder.identity


def test_texts_pack_and_give_back_every_text():
    texts = ["one", "", "정말 😀 great", "last"]
    packed = Texts.of(texts)
    assert list(packed) == texts and len(packed) == 4 and packed[-1] == "last"
    with pytest.raises(IndexError):
        packed[4]


def test_a_caption_is_worded_when_shown_in_either_language(tiny_corpus):
    i = int(np.flatnonzero(tiny_corpus.y_test == 1)[0])
    caption = tiny_corpus.caption("test", i)
    assert pickle.loads(pickle.dumps(caption)) == caption  # cacheable, no worded text in it
    stars, file_id = (int(tiny_corpus.metadata("test")[k][i]) for k in ("rating", "file_id"))
    english = caption.text("en")
    assert english.startswith(f"test review #{i} (positive, {stars}/10 stars, ")
    assert english.endswith(f"; file test/pos/{file_id}_{stars}.txt)")
    korean = caption.text("ko")
    assert korean.startswith(f"테스트 리뷰 #{i} (긍정, 별점 {stars}/10, ")
    assert "학습 리뷰" in tiny_corpus.caption("train", 0).text("ko")
    assert "부정" in tiny_corpus.caption("train", 0).text("ko")


def test_the_size_note_belongs_to_the_dataset_and_is_worded_when_shown(tiny_corpus):
    note = tiny_corpus.note()
    assert note is not None and note.key == "pkg.size_note"
    assert "not the official dataset's 25,000" in note.text("en")
    assert "공식" in note.text("ko")


def test_a_trained_model_folder_records_its_dataset_and_tokenizer(tiny_lstm_dir, tiny_imdb):
    config = json.loads((tiny_lstm_dir / "config.json").read_text("utf-8"))
    assert config["dataset"] == ImdbDataset(tiny_imdb).record().to_json()
    assert config["tokenizer"] == "reference"
    assert json.loads((tiny_lstm_dir / "vocab.json").read_text("utf-8"))["tokenizer"] == (
        "reference"
    )
    bundle = load_model_dir(tiny_lstm_dir)
    assert bundle.dataset_record == config["dataset"] and bundle.tokenizer == "reference"


def test_a_vocabulary_of_an_unknown_tokenizer_is_refused():
    with pytest.raises(ValueError, match="tokenizer 'bpe' is unknown"):
        Vocabulary.from_json({"tokenizer": "bpe", "maxlen": 5, "words": ["", "[UNK]"]})


def test_models_of_two_datasets_each_get_their_own_corpus_in_one_process(
    tiny_lstm_dir, other_tiny_rnn_dir, tiny_imdb, other_tiny_imdb, monkeypatch
):
    from rnn_viz.app import caches

    monkeypatch.setenv("RNN_VIZ_DATA", str(tiny_imdb))  # the recorded places come first
    bundles = [load_model_dir(d) for d in (tiny_lstm_dir, other_tiny_rnn_dir)]
    corpora = [corpus_for(b) for b in bundles]
    for bundle, corpus, data in zip(bundles, corpora, (tiny_imdb, other_tiny_imdb), strict=True):
        assert corpus.vocab == bundle.vocab
        assert corpus.dataset.identity == ImdbDataset(data).identity
        assert corpus.dataset.location == str(data)
    assert corpora[1].text("test", 0).split()[0].lower().endswith("zz")
    assert "zz" not in corpora[0].text("test", 0)
    for folder, corpus in zip((tiny_lstm_dir, other_tiny_rnn_dir), corpora, strict=True):
        assert caches.model_corpus(str(folder), files.model_stamp(folder)) is corpus


def test_an_old_folder_without_a_record_resolves_to_imdb(tiny_lstm_dir, tiny_imdb, tmp_path):
    old = _copy(tiny_lstm_dir, tmp_path / "old")
    _edit_config(old, lambda c: [c.pop(k) for k in ("dataset", "tokenizer")])
    vocab = json.loads((old / "vocab.json").read_text("utf-8"))
    del vocab["tokenizer"]
    (old / "vocab.json").write_text(json.dumps(vocab), "utf-8")
    bundle = load_model_dir(old)
    assert bundle.dataset_record == {"kind": "imdb"} and bundle.tokenizer == "reference"
    corpus = corpus_for(bundle, tiny_imdb)
    assert corpus.dataset.kind == "imdb" and corpus.vocab == bundle.vocab


def test_a_model_whose_dataset_is_elsewhere_is_found_through_rnn_viz_data(
    tiny_lstm_dir, tiny_imdb, tmp_path, monkeypatch
):
    moved = _copy(tiny_lstm_dir, tmp_path / "moved")
    _edit_config(moved, lambda c: c["dataset"].update(location=str(tmp_path / "gone")))
    monkeypatch.setenv("RNN_VIZ_DATA", str(tiny_imdb))
    assert corpus_for(load_model_dir(moved)).dataset.location == str(tiny_imdb)


def test_a_model_whose_dataset_is_not_here_is_refused_with_a_clear_sentence(
    tiny_lstm_dir, other_tiny_imdb, tmp_path, monkeypatch
):
    moved = _copy(tiny_lstm_dir, tmp_path / "moved")
    _edit_config(moved, lambda c: c["dataset"].update(location=str(tmp_path / "gone")))
    monkeypatch.setenv("RNN_VIZ_DATA", str(other_tiny_imdb))
    with pytest.raises(DatasetMismatchError) as err:
        corpus_for(load_model_dir(moved))
    message = str(err.value)
    assert "'tiny_lstm2' was trained on another IMDB dataset" in message
    assert str(other_tiny_imdb) in message and "not on this machine or has changed" in message


def test_a_dataset_of_an_unknown_kind_is_refused():
    with pytest.raises(UnknownDatasetKindError, match="kind 'csv'.*reads .*imdb"):
        open_dataset({"kind": "csv", "identity": "csv:0"}, model="m")


def test_the_shipped_models_record_their_imdb_dataset_and_tokenizer():
    for config_file in sorted(ASSETS_MODELS.glob("*/config.json")):
        config = json.loads(config_file.read_text("utf-8"))
        record = DatasetRecord.from_json(config["dataset"])
        kind = config["recipe"]["dataset"]  # imdb, or imdb_stars (stars4)
        assert record.kind == kind and record.identity and record.identity.startswith(kind + ":")
        assert config["tokenizer"] == "reference"


def test_the_shipped_models_record_the_real_datasets_identity(real_data):
    from rnn_viz.datasets.kinds import DATASET_KINDS

    for config_file in sorted(ASSETS_MODELS.glob("*/config.json")):
        record = json.loads(config_file.read_text("utf-8"))["dataset"]
        # the identity alone (a digest of the content, remembered per file): no corpus encoded
        assert record["identity"] == DATASET_KINDS[record["kind"]](real_data).identity
