"""The data pipeline: tokenizer, vocabulary, encoding, dataset discovery, cache."""

from __future__ import annotations

import gzip
import io
import shutil
import tarfile
from pathlib import Path

import keras
import numpy as np
import pytest

from rnn_viz.core import files
from rnn_viz.core import text as tokenizer
from rnn_viz.core.text import Vocabulary
from rnn_viz.datasets import (
    DatasetCorruptError,
    DatasetError,
    DatasetIncompleteError,
    DatasetLayoutError,
    DatasetMismatchError,
    DatasetNotFoundError,
    DatasetUnreadableError,
    imdb,
)
from rnn_viz.datasets import corpus as corpus_mod

TRICKY = [
    "Great movie!<br /><br />I LOVED it... 10/10",
    "don't   stop -- well-made, isn't it?",
    "<script>alert('x')</script> <b>bold</b>",
    "정말 재미있는 영화 😀 great",
    "emoji only 🎬🍿 !!!",
    "tab\tand\nnewline",
]


def test_words_lowercase_strip_punctuation_and_line_breaks():
    assert tokenizer.words("Great movie!<br /><br />I LOVED it... 10/10") == [
        "great",
        "movie",
        "i",
        "loved",
        "it",
        "1010",
    ]
    assert tokenizer.words("don't -- well-made") == ["dont", "wellmade"]
    assert tokenizer.words("?!... ---") == []


@pytest.mark.parametrize("text", TRICKY)
def test_chunks_keep_the_users_spelling_aligned_with_the_words(text):
    pairs = tokenizer.chunks(text)
    assert [w for _, w in pairs] == tokenizer.words(text)
    for shown, word in pairs:
        assert tokenizer.normalize(shown) == word


def _vocab(words=("the", "movie", "great", "bad"), maxlen=6):
    return Vocabulary(("", "[UNK]") + tuple(words), maxlen)


def test_encode_pads_and_truncates_in_front_like_pad_sequences():
    vocab = _vocab()
    short = vocab.encode("Great movie")
    assert short.ids.tolist() == [0, 0, 0, 0, 4, 3]
    long_text = "the movie the great bad movie the bad"
    ids = vocab.ids(tokenizer.words(long_text))
    expected = keras.utils.pad_sequences([ids], maxlen=6)[0]
    assert vocab.encode(long_text).ids.tolist() == expected.tolist()
    assert vocab.encode(long_text).n_cut == 2
    np.testing.assert_array_equal(
        vocab.encode_many(["Great movie", long_text]),
        keras.utils.pad_sequences([[4, 3], ids], maxlen=6),
    )


def test_encode_aligns_shown_tokens_padding_and_oov_with_ids():
    enc = _vocab().encode("The Zyzzyva movie!")
    assert enc.tokens == [tokenizer.PAD_TOKEN] * 3 + ["The", "Zyzzyva", "movie!"]
    assert enc.is_pad.tolist() == [True] * 3 + [False] * 3
    assert enc.is_oov.tolist() == [False] * 4 + [True, False]
    assert enc.ids.tolist() == [0, 0, 0, 2, tokenizer.OOV_ID, 3]
    assert enc.n_real == 3


def test_encode_handles_empty_punctuation_huge_korean_emoji_and_html():
    vocab = _vocab()
    assert vocab.encode("").n_real == 0
    assert vocab.encode("?!... --- 😀").n_real == 0
    huge = vocab.encode("the movie " * 50_000)
    assert huge.n_real == 6 and huge.n_cut == 100_000 - 6
    korean = vocab.encode("정말 재미있는 영화")
    assert korean.n_real == 3 and korean.is_oov[-3:].all()
    html = vocab.encode("<script>alert(1)</script>")
    assert html.tokens[-1] == "<script>alert(1)</script>"


def test_vocabulary_ranks_by_frequency_and_reserves_padding_and_oov():
    vocab = Vocabulary.build(["b a a", "c b a", "d"], size=5)
    assert vocab.words == ("", "[UNK]", "a", "b", "c")
    assert len(vocab) == 5
    with pytest.raises(ValueError):
        Vocabulary(("a", "b"))


def test_vocabulary_survives_a_json_round_trip(tmp_path):
    vocab = _vocab()
    vocab.save(tmp_path / "vocab.json")
    assert Vocabulary.load(tmp_path / "vocab.json") == vocab


def test_reading_a_folder_and_its_tar_gz_gives_the_same_reviews(tiny_imdb, tmp_path):
    archive = tmp_path / "tiny.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(tiny_imdb / "aclImdb", arcname="aclImdb")
    from_dir, from_tar = imdb.read_reviews(tiny_imdb), imdb.read_reviews(archive)
    assert from_dir == from_tar
    assert len(from_dir) == 160
    assert {(r.split, r.label) for r in from_dir} == {
        ("train", 0),
        ("train", 1),
        ("test", 0),
        ("test", 1),
    }
    pos = [r for r in from_dir if r.label == 1]
    assert all(7 <= r.rating <= 10 for r in pos)


def test_corpus_vocabulary_comes_from_the_training_split_only(tiny_imdb, tmp_path):
    extra = tiny_imdb.parent / "with_test_only_word"
    shutil.copytree(tiny_imdb, extra)
    (extra / "aclImdb" / "test" / "pos" / "40_9.txt").write_text("zanzibar " * 500)
    corpus = corpus_mod.load_corpus(extra, vocab_size=100, maxlen=40, download=False)
    assert "zanzibar" not in corpus.vocab.words
    assert corpus.text("test", corpus.n_test - 1).startswith("zanzibar")  # pos sorted last by id
    assert corpus.x_train.shape == (80, 40) and corpus.x_test.shape == (81, 40)
    assert corpus.x_train.dtype == np.int32


def test_corpus_is_cached_on_disk_keyed_by_vocab_size_and_length(tiny_imdb, monkeypatch):
    first = corpus_mod.load_corpus(tiny_imdb, vocab_size=50, maxlen=30, download=False)

    def no_reading(_):
        raise AssertionError("the cache was not used")

    monkeypatch.setattr(imdb, "read_reviews", no_reading)
    corpus_mod.forget_loaded_corpora()  # so it comes from the disk, not from memory
    again = corpus_mod.load_corpus(tiny_imdb, vocab_size=50, maxlen=30, download=False)
    np.testing.assert_array_equal(first.x_test, again.x_test)
    assert again.vocab == first.vocab and again.text("test", 3) == first.text("test", 3)
    with pytest.raises(AssertionError, match="cache was not used"):
        corpus_mod.load_corpus(tiny_imdb, vocab_size=50, maxlen=31, download=False)
    assert not list(files.cache_dir().glob("*partial*"))


def test_split_is_75_25_and_fixed_by_the_seed(tiny_corpus):
    a = corpus_mod.split_train_val(tiny_corpus, 0.25, seed=0)
    b = corpus_mod.split_train_val(tiny_corpus, 0.25, seed=0)
    c = corpus_mod.split_train_val(tiny_corpus, 0.25, seed=1)
    assert len(a[0]) == 60 and len(a[2]) == 20
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)
    assert not np.array_equal(a[2], c[2])


def test_missing_dataset_says_where_it_looked_and_how_to_provide_it(monkeypatch, tmp_path):
    monkeypatch.delenv("RNN_VIZ_DATA", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    with pytest.raises(DatasetNotFoundError) as err:
        imdb.find_dataset(download=False)
    message = str(err.value)
    assert "RNN_VIZ_DATA" in message and str(tmp_path / "keras") in message
    assert imdb.OFFICIAL_URL in message


def test_a_wrong_rnn_viz_data_path_is_reported_not_downloaded(monkeypatch, tmp_path):
    monkeypatch.setenv("RNN_VIZ_DATA", str(tmp_path / "nowhere.tar.gz"))
    with pytest.raises(DatasetNotFoundError, match="nowhere.tar.gz"):
        imdb.find_dataset()


def test_a_failed_download_gives_one_clear_message(monkeypatch, tmp_path):
    monkeypatch.delenv("RNN_VIZ_DATA", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    calls = []

    def offline(**kwargs):
        calls.append(kwargs)
        raise OSError("network unreachable")

    monkeypatch.setattr(keras.utils, "get_file", offline)
    with pytest.raises(DatasetNotFoundError, match="download failed.*network unreachable"):
        imdb.find_dataset()
    assert calls[0]["origin"] == imdb.OFFICIAL_URL and calls[0]["file_hash"] == imdb.OFFICIAL_MD5


def test_the_keras_cache_is_found_before_downloading(monkeypatch, tmp_path, tiny_imdb):
    monkeypatch.delenv("RNN_VIZ_DATA", raising=False)
    cache = tmp_path / "keras" / "datasets"
    cache.mkdir(parents=True)
    (cache / "aclImdb").symlink_to(tiny_imdb / "aclImdb")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    assert imdb.find_dataset(download=False) == cache


@pytest.mark.parametrize("content", [b"not a tar at all", b"\x1f\x8b\x08garbage"])
def test_a_malformed_archive_gives_a_clear_message(tmp_path, content):
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(content)
    with pytest.raises(DatasetCorruptError, match="Could not read"):
        corpus_mod.load_corpus(bad, download=False)


def test_a_folder_without_the_aclimdb_layout_is_refused(tmp_path):
    (tmp_path / "x.txt").write_text("hello")
    with pytest.raises(DatasetLayoutError, match="aclImdb layout"):
        imdb.read_reviews(tmp_path)


def test_the_real_dataset_has_the_reference_shape(real_corpus):
    corpus = real_corpus
    assert corpus.x_train.shape == (25_000, 500) and corpus.x_test.shape == (25_000, 500)
    assert len(corpus.vocab) == 10_000
    assert corpus.y_train.mean() == 0.5 and corpus.y_test.mean() == 0.5
    assert corpus.vocab.words[2:5] == ("the", "and", "a")
    assert corpus.note() is None
    assert corpus.dataset.counts() == dict.fromkeys(imdb.FOLDERS, 12_500)
    i = 123
    np.testing.assert_array_equal(corpus.vocab.encode(corpus.text("test", i)).ids, corpus.x_test[i])


# --------------------------------------------------------------------------- #
# A dataset is read whole or not at all
# --------------------------------------------------------------------------- #
@pytest.fixture(scope="module")
def tiny_tar(tiny_imdb, tmp_path_factory) -> bytes:
    """The tiny dataset as ``.tar`` bytes (uncompressed)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        tar.add(tiny_imdb / "aclImdb", arcname="aclImdb")
    return buffer.getvalue()


def _flip(blob: bytes, at: int, n: int = 64) -> bytes:
    return blob[:at] + bytes(b ^ 0xFF for b in blob[at : at + n]) + blob[at + n :]


def _member_offsets(tar_bytes: bytes) -> list[int]:
    with tarfile.open(fileobj=io.BytesIO(tar_bytes)) as tar:
        return [m.offset for m in tar.getmembers()]


def test_an_intact_archive_reads_whole(tiny_tar, tmp_path):
    for name, blob in (("t.tar", tiny_tar), ("t.tar.gz", gzip.compress(tiny_tar))):
        (tmp_path / name).write_bytes(blob)
        assert len(imdb.read_reviews(tmp_path / name)) == 160


@pytest.mark.parametrize("where", [0.2, 0.35, 0.5, 0.65, 0.8, 0.95])
def test_a_gzip_archive_damaged_anywhere_is_an_error_not_a_partial_read(tiny_tar, tmp_path, where):
    packed = gzip.compress(tiny_tar)
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(_flip(packed, int(len(packed) * where)))
    with pytest.raises(DatasetCorruptError, match="damaged") as err:
        imdb.read_reviews(bad)
    assert str(bad) in str(err.value) and imdb.OFFICIAL_MD5 in str(err.value)


def test_a_damaged_tar_header_in_the_middle_is_an_error(tiny_tar, tmp_path):
    """tarfile alone stops quietly at a header it cannot parse (here: no gzip CRC)."""
    offsets = _member_offsets(tiny_tar)
    middle = offsets[len(offsets) // 2]
    bad = tmp_path / "bad.tar"
    bad.write_bytes(_flip(tiny_tar, middle))
    with tarfile.open(bad) as tar:  # what went wrong before: a quiet partial read
        assert 0 < len(tar.getmembers()) < len(offsets)
    with pytest.raises(DatasetCorruptError, match=f"header at byte {middle:,}"):
        imdb.read_reviews(bad)


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.999])
def test_a_truncated_archive_is_an_error(tiny_tar, tmp_path, keep):
    packed = gzip.compress(tiny_tar)
    bad = tmp_path / "cut.tar.gz"
    bad.write_bytes(packed[: int(len(packed) * keep)])
    with pytest.raises(DatasetCorruptError, match="damaged or truncated"):
        imdb.read_reviews(bad)


def test_a_tar_cut_exactly_between_members_is_an_error(tiny_tar, tmp_path):
    """No member is broken, but the end-of-archive marker is missing."""
    offsets = _member_offsets(tiny_tar)
    bad = tmp_path / "cut.tar"
    bad.write_bytes(tiny_tar[: offsets[len(offsets) // 2]])
    with pytest.raises(DatasetCorruptError, match="truncated"):
        imdb.read_reviews(bad)


def test_a_damaged_archive_is_never_cached_and_fails_again(tiny_tar, tmp_path):
    bad = tmp_path / "bad.tar.gz"
    packed = gzip.compress(tiny_tar)
    bad.write_bytes(_flip(packed, len(packed) // 2))
    before = set(files.cache_dir().glob("*.npz")) if files.cache_dir().exists() else set()
    for _ in range(2):
        with pytest.raises(DatasetCorruptError):
            corpus_mod.load_corpus(bad, vocab_size=50, maxlen=30, download=False)
    assert set(files.cache_dir().glob("*.npz")) == before
    bad.write_bytes(gzip.compress(tiny_tar))  # replaced by an intact copy: read again
    assert corpus_mod.load_corpus(bad, vocab_size=50, maxlen=30, download=False).n_test == 80


def _copy(tiny_imdb: Path, tmp_path: Path) -> Path:
    root = tmp_path / "copy"
    shutil.copytree(tiny_imdb, root)
    return root


def test_a_review_missing_from_a_folder_is_an_error(tiny_imdb, tmp_path):
    root = _copy(tiny_imdb, tmp_path)
    next((root / "aclImdb" / "test" / "pos").glob("17_*.txt")).unlink()
    with pytest.raises(DatasetIncompleteError, match=r"test/pos/ holds 39 reviews.*e\.g\. 17"):
        corpus_mod.load_corpus(root, vocab_size=50, maxlen=30, download=False)


def test_a_missing_folder_is_an_error(tiny_imdb, tmp_path):
    root = _copy(tiny_imdb, tmp_path)
    shutil.rmtree(root / "aclImdb" / "train" / "neg")
    with pytest.raises(DatasetIncompleteError, match="no aclImdb/train/neg/ reviews"):
        imdb.read_reviews(root)


def test_a_complete_custom_dataset_loads_and_says_it_is_not_the_official_size(tiny_corpus):
    assert tiny_corpus.dataset.counts() == dict.fromkeys(imdb.FOLDERS, 40)
    note = tiny_corpus.note().text("en")
    assert "80 training reviews" in note and "80 test reviews" in note
    assert "25,000" in note and "not comparable" in note


def test_every_dataset_error_is_a_dataset_error_told_apart_by_class():
    unreadable = (DatasetCorruptError, DatasetIncompleteError, DatasetLayoutError)
    assert all(issubclass(c, DatasetUnreadableError) for c in unreadable)
    assert not issubclass(DatasetNotFoundError, DatasetUnreadableError)
    assert all(
        issubclass(c, DatasetError)
        for c in unreadable + (DatasetNotFoundError, DatasetMismatchError)
    )


def test_models_sharing_a_vocabulary_share_one_corpus_in_memory(tiny_imdb):
    corpus_mod.forget_loaded_corpora()
    a = corpus_mod.load_corpus(tiny_imdb, vocab_size=50, maxlen=30, download=False)
    b = corpus_mod.load_corpus(str(tiny_imdb), vocab_size=50, maxlen=30, download=False)
    assert a is b and not a.x_test.flags.writeable
    assert corpus_mod.load_corpus(tiny_imdb, vocab_size=50, maxlen=31, download=False) is not a


def test_the_real_archive_damaged_in_the_middle_is_an_error(real_data, tmp_path):
    blob = real_data.read_bytes()
    bad = tmp_path / "damaged.tar.gz"
    bad.write_bytes(_flip(blob, len(blob) // 2))
    with pytest.raises(DatasetCorruptError):
        imdb.read_reviews(bad)
