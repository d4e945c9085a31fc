"""Tokenizers (reference, chars, kiwi, a model's own TextVectorization), vocabularies that
carry them, and tiny real models trained with them or reading raw text."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
from helpers import TINY_MAXLEN, TINY_VOCAB

from rnn_viz.core.text import PAD_TOKEN, Vocabulary
from rnn_viz.core.tokenizers import TOKENIZERS, TokenizerError, tokenizer

TRICKY = "Great<br />movie!! “Loved” it — 10/10 😀 don't 영화"
LONG = "word " * 20_000  # 100,000 characters
KERAS_DEFAULT = "keras/lower_and_strip_punctuation/whitespace"


def test_reference_tokenizer_is_the_notebooks_exactly():
    assert TOKENIZERS["reference"].chunks(TRICKY) == [
        ("Great", "great"),
        ("movie!!", "movie"),
        ("“Loved”", "loved"),
        ("it", "it"),
        ("10/10", "1010"),
        ("don't", "dont"),
        ("영화", "영화"),
    ]


def test_chars_tokenizer_lower_cases_each_character_and_writes_space_runs_as_one_token():
    assert TOKENIZERS["chars"].chunks("  Hi,<br/> 😀9\n") == [
        ("H", "h"),
        ("i", "i"),
        (",", ","),
        ("␣", "␣"),
        ("😀", "😀"),
        ("9", "9"),
    ]
    assert TOKENIZERS["chars"].join(["a", "␣", "B"]) == "a B"


def test_kiwi_tokenizer_gives_korean_morphemes_shown_as_typed():
    pytest.importorskip("kiwipiepy", reason="kiwipiepy is not installed (rnn-viz[korean])")
    assert TOKENIZERS["kiwi"].chunks("이 영화 정말 재밌었어요!! Great 😀") == [
        ("이", "이"),
        ("영화", "영화"),
        ("정말", "정말"),
        ("재밌", "재밌"),
        ("었", "었"),
        ("어요", "어요"),
        ("Great", "great"),
        ("😀", "😀"),
    ]


def test_an_unknown_tokenizer_is_refused_with_the_known_ones_named():
    with pytest.raises(TokenizerError, match="reference, chars, kiwi"):
        tokenizer("bpe")


@pytest.mark.parametrize("key", ["reference", "chars", KERAS_DEFAULT])
def test_every_tokenizer_reads_100000_characters_and_keeps_maxlen_steps(key):
    vocab = Vocabulary(("", "[UNK]", "word", "w"), 50, TOKENIZERS[key])
    encoded = vocab.encode(LONG)
    assert len(encoded.ids) == 50 and encoded.n_cut == encoded.n_words - 50
    assert not encoded.is_pad.any() and encoded.n_real == 50


@pytest.mark.parametrize("key", ["reference", "chars", "kiwi"])
def test_vocab_json_round_trips_with_its_tokenizer(tmp_path, key):
    texts = ["Not bad at all", "정말 좋은 영화", "bad, bad film"]
    vocab = Vocabulary.build(texts, 12, 8, TOKENIZERS[key])
    vocab.save(tmp_path / "vocab.json")
    assert json.loads((tmp_path / "vocab.json").read_text("utf-8"))["tokenizer"] == key
    again = Vocabulary.load(tmp_path / "vocab.json")
    assert again == vocab and again.tokenizer.key == key
    assert np.array_equal(again.encode_many(texts), vocab.encode_many(texts))


def test_padding_at_the_end_keeps_the_first_tokens():
    vocab = Vocabulary(("", "[UNK]", "a", "b"), 3, padding="post")
    enc = vocab.encode("a b")
    assert enc.ids.tolist() == [2, 3, 0] and enc.tokens == ["a", "b", PAD_TOKEN]
    assert enc.is_pad.tolist() == [False, False, True]
    assert vocab.encode("b a b a").ids.tolist() == [3, 2, 3]


def _tiny_recipe(tokenizer_key: str):
    from rnn_viz.core.recipes import Recipe

    return Recipe(
        units=4,
        embedding_dim=6,
        vocab_size=TINY_VOCAB,
        maxlen=TINY_MAXLEN,
        lr=1e-2,
        batch_size=32,
        epochs=1,
        jit_compile=False,
        tokenizer=tokenizer_key,
    )


def test_a_model_trained_with_chars_reads_characters_everywhere(tmp_path, tiny_corpus):
    from rnn_viz.core.capture import Tracer
    from rnn_viz.core.models import load_model_dir
    from rnn_viz.train import train

    bundle = train("chars", _tiny_recipe("chars"), tiny_corpus, tmp_path / "m", verbose=0)
    assert bundle.tokenizer == "chars" and bundle.config["tokenizer"] == "chars"
    loaded = load_model_dir(tmp_path / "m")
    assert loaded.vocab.tokenizer.key == "chars" and all(
        len(w) == 1 for w in loaded.vocab.words[2:]
    )
    trace = Tracer(loaded.model).trace(loaded.vocab.encode("Good fun"))
    assert trace.tokens[-8:] == list("Good") + ["␣"] + list("fun")


KOREAN_POS = ["정말 재밌는 영화였어요", "최고의 배우와 감동적인 이야기", "좋은 영화입니다"]
KOREAN_NEG = ["너무 지루한 영화였어요", "최악의 연기와 뻔한 이야기", "나쁜 영화입니다"]


def _write_korean_imdb(root: Path, n: int = 12) -> Path:
    for split in ("train", "test"):
        for polarity, texts, rating in (("pos", KOREAN_POS, 9), ("neg", KOREAN_NEG, 2)):
            folder = root / "aclImdb" / split / polarity
            folder.mkdir(parents=True)
            for i in range(n):
                (folder / f"{i}_{rating}.txt").write_text(texts[i % 3] + f" {i}", "utf-8")
    return root


def test_a_model_trained_with_kiwi_reads_korean(tmp_path):
    pytest.importorskip("kiwipiepy", reason="kiwipiepy is not installed (rnn-viz[korean])")
    from rnn_viz.core.capture import Tracer
    from rnn_viz.core.models import load_model_dir
    from rnn_viz.datasets import load_corpus
    from rnn_viz.train import train

    corpus = load_corpus(
        _write_korean_imdb(tmp_path / "data"),
        TINY_VOCAB,
        TINY_MAXLEN,
        download=False,
        tokenizer="kiwi",
    )
    train("kiwi", _tiny_recipe("kiwi"), corpus, tmp_path / "m", verbose=0)
    bundle = load_model_dir(tmp_path / "m")
    assert bundle.tokenizer == "kiwi" and bundle.vocab.reads_korean
    encoded = bundle.vocab.encode("정말 재밌는 영화")
    assert not encoded.is_oov[~encoded.is_pad].any()
    trace = Tracer(bundle.model).trace(encoded)
    assert trace.tokens[-4:] == ["정말", "재밌", "는", "영화"]


# ----------------------------------------------------------------- TextVectorization
TV_TEXTS = [
    "A good, GOOD movie!",
    "bad film. awful",
    "great fun — loved it",
    "boring<br />and dull",
] * 8


@pytest.fixture(scope="module")
def text_model(tmp_path_factory):
    """A Keras-examples model, trained for real for a few steps, saved as a .keras file."""
    import keras
    import tensorflow as tf

    tv = keras.layers.TextVectorization(max_tokens=30, output_sequence_length=7)
    tv.adapt(TV_TEXTS)
    inputs = keras.Input(shape=(1,), dtype="string")
    x = keras.layers.Embedding(30, 5)(tv(inputs))
    x = keras.layers.GRU(3)(keras.layers.LSTM(4, return_sequences=True)(x))
    model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(x))
    model.compile("adam", "binary_crossentropy", jit_compile=False)
    y = np.array([1, 0, 1, 0] * 8, np.float32)
    model.fit(tf.constant([[t] for t in TV_TEXTS]), y, epochs=2, batch_size=8, verbose=0)
    path = tmp_path_factory.mktemp("tv") / "model.keras"
    model.save(path)
    return model, path


def test_a_textvectorization_model_is_traced_from_raw_text_exactly(text_model):
    import tensorflow as tf

    from rnn_viz.core.capture import Tracer
    from rnn_viz.core.models import load_model_dir

    model, path = text_model
    bundle = load_model_dir(path.parent)  # no vocab.json
    assert not (path.parent / "vocab.json").exists()
    assert bundle.vocab.padding == "post" and bundle.capabilities.attribution.ok
    tracer = Tracer(bundle.model, jit_compile=False)
    for text in ("A good film, GOOD!", "awful<br />fun 😀 “dull”", "great " * 30):
        encoded = bundle.vocab.encode(text)
        own = model.layers[1](tf.constant([text])).numpy()[0]
        assert encoded.ids.tolist() == own.tolist()
        trace = tracer.trace(encoded)
        assert trace.last_real == encoded.n_real - 1 and trace.first_real == 0
        predicted = float(model.predict(tf.constant([[text]]), verbose=0)[0, 0])
        assert abs(trace.prob[-1] - predicted) < 1e-6
        assert tracer.parity(trace) < 1e-6
    shown = bundle.vocab.encode("A good film, GOOD!")
    assert shown.tokens[:4] == ["A", "good", "film,", "GOOD!"] and shown.is_pad[4:].all()


def test_a_textvectorization_model_uploads_as_keras_or_zip_without_vocab_json(text_model, tmp_path):
    from rnn_viz.core.models import load_model_dir
    from rnn_viz.core.uploads import import_upload

    _, path = text_model
    data = path.read_bytes()
    folder, note = import_upload("reviews.keras", data, tmp_path / "a")
    assert note is None and not (folder / "vocab.json").exists()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("tv/model.keras", data)
    zipped, _ = import_upload("tv.zip", buf.getvalue(), tmp_path / "b")
    for where in (folder, zipped):
        bundle = load_model_dir(where)
        assert bundle.text_model is not None and bundle.vocab.tokenizer.key == KERAS_DEFAULT


def test_a_textvectorization_with_custom_code_is_refused_with_the_reason(tmp_path):
    import keras

    from rnn_viz.core.vectorization import VectorizationError, split_text_model

    tv = keras.layers.TextVectorization(max_tokens=10, output_sequence_length=4, split=lambda t: t)
    tv.set_vocabulary(["a", "b"])
    inputs = keras.Input(shape=(1,), dtype="string")
    out = keras.layers.Dense(1)(keras.layers.LSTM(2)(keras.layers.Embedding(10, 3)(tv(inputs))))
    with pytest.raises(VectorizationError, match="splits with custom code"):
        split_text_model(keras.Model(inputs, out))
