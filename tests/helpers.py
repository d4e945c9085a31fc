"""Helpers the tests import (``from helpers import ...``): the tiny synthetic dataset
the fixtures in ``conftest.py`` are built on, and its sizes."""

from __future__ import annotations

from pathlib import Path

import numpy as np

POSITIVE = ["great", "wonderful", "superb", "loved", "brilliant", "moving", "fun"]
NEGATIVE = ["awful", "boring", "terrible", "hated", "dull", "worst", "mess"]
NEUTRAL = [
    "the",
    "movie",
    "film",
    "plot",
    "actor",
    "was",
    "and",
    "a",
    "it",
    "story",
    "scene",
    "director",
    "music",
    "very",
    "really",
    "this",
    "of",
    "to",
    "is",
    "in",
]

#: The tiny corpus' vocabulary size and review length (``tiny_corpus`` in conftest).
TINY_VOCAB, TINY_MAXLEN = 60, 40


def tiny_recipe(**changes):
    """The tiny models' recipe (4 units, 6-wide embedding, 2 epochs, no XLA), with
    ``changes`` (e.g. ``cell="gru", bidirectional=True``)."""
    from rnn_viz.core.recipes import Recipe

    base = dict(
        units=4,
        embedding_dim=6,
        vocab_size=TINY_VOCAB,
        maxlen=TINY_MAXLEN,
        lr=1e-2,
        batch_size=32,
        epochs=2,
        patience=1,
        jit_compile=False,
    )
    return Recipe(**{**base, **changes})


def write_tiny_imdb(root: Path, n_per_class: int = 40, seed: int = 0, suffix: str = "") -> Path:
    """Write an ``aclImdb/{train,test}/{pos,neg}/ID_RATING.txt`` tree of synthetic
    reviews whose sentiment words decide the label; ``suffix`` ends every word (another
    dataset, with other words). Returns ``root``."""
    rng = np.random.default_rng(seed)
    for split in ("train", "test"):
        for polarity, words, ratings in (("pos", POSITIVE, (7, 10)), ("neg", NEGATIVE, (1, 4))):
            folder = root / "aclImdb" / split / polarity
            folder.mkdir(parents=True, exist_ok=True)
            for i in range(n_per_class):
                n = int(rng.integers(8, 60))
                body = [w + suffix for w in rng.choice(NEUTRAL, n)]
                for _ in range(3):
                    body.insert(int(rng.integers(0, len(body))), str(rng.choice(words)) + suffix)
                text = (
                    " ".join(body).capitalize() + ".<br /><br />" + str(rng.choice(NEUTRAL)) + "!"
                )
                rating = int(rng.integers(ratings[0], ratings[1] + 1))
                (folder / f"{i}_{rating}.txt").write_text(text, "utf-8")
    return root


def without_its_dataset(model_dir: Path, dest: Path) -> Path:
    """A copy of a model folder whose recorded dataset is nowhere on this machine (its
    ``config.json`` names a place that does not exist), for the "no dataset" paths.

    Args:
        model_dir: a model folder.
        dest: the copy to make (must not exist).

    Returns:
        ``dest``.
    """
    import json
    import shutil

    shutil.copytree(model_dir, dest)
    config = json.loads((dest / "config.json").read_text("utf-8"))
    config["dataset"]["location"] = str(dest / "gone" / "aclImdb.tar.gz")
    (dest / "config.json").write_text(json.dumps(config), "utf-8")
    return dest


def shipped_without_their_dataset(tmp_path: Path, monkeypatch) -> Path:
    """Point the app's shipped models at copies of them whose recorded dataset is nowhere
    (``without_its_dataset``).

    Args:
        tmp_path: the test's folder; the copies go to ``shipped_without_data/`` in it.
        monkeypatch: the test's monkeypatch (sets ``RNN_VIZ_ASSETS_MODELS``).

    Returns:
        The folder of the copies.
    """
    import os

    from rnn_viz.core.models import SHIPPED_ENV

    shipped = tmp_path / "shipped_without_data"
    shipped.mkdir()
    for folder in Path(os.environ[SHIPPED_ENV]).iterdir():
        without_its_dataset(folder, shipped / folder.name)
    monkeypatch.setenv(SHIPPED_ENV, str(shipped))
    return shipped


#: The sequence length of ``random_model``'s input.
RANDOM_T = 30


def randomize(model, seed: int = 0, scale: float = 0.6):
    """Give every weight of a Keras model random normal values (seeded). Returns ``model``."""
    rng = np.random.default_rng(seed)
    model.set_weights(
        [rng.normal(0, scale, w.shape).astype("float32") for w in model.get_weights()]
    )
    return model


def random_model(cells, units, vocab=50, emb=5, head=1, dropout=0.0, reset_after=True):
    """Embedding → stacked recurrent layers (one per entry of ``cells``, each a key of
    ``CELL_KINDS``, ``units`` wide) → Dense(head), with random weights."""
    import keras

    from rnn_viz.core.cell_kinds import CELL_KINDS

    inputs = keras.Input((RANDOM_T,), dtype="int32")
    x = keras.layers.Embedding(vocab, emb)(inputs)
    for k, (cell, n) in enumerate(zip(cells, units, strict=True)):
        extra = {"reset_after": reset_after} if cell == "gru" else {}
        x = CELL_KINDS[cell].layer(
            n, return_sequences=k < len(cells) - 1, dropout=dropout, **extra
        )(x)
    x = keras.layers.Dense(head, activation="sigmoid" if head == 1 else "softmax")(x)
    return randomize(keras.Model(inputs, x))


def random_ids(n=3, vocab=50, pad=10, seed=1):
    """``(n, RANDOM_T)`` int32 word ids in ``1..vocab-1``, the first ``pad`` steps padding (0)."""
    ids = np.random.default_rng(seed).integers(1, vocab, (n, RANDOM_T)).astype("int32")
    ids[:, :pad] = 0
    return ids


def assert_trace_matches_stock(model, ids) -> None:
    """Trace ``ids`` through ``model`` as the app does (XLA where the kind allows it) and
    check every recurrent layer's traced ``h`` against the stock layer's own
    ``return_sequences`` output, and the last step's p(positive) against ``predict``,
    within 1e-6."""
    from rnn_viz.core.capture import Tracer

    tracer = Tracer(model, jit_compile=True)  # as the app runs it
    per_layer, prob = tracer.run(ids)
    stock = tracer._stock_model().predict(ids, verbose=0)  # every layer's sequence, then p
    assert len(per_layer) == len(stock) - 1
    for k, gates in enumerate(per_layer):
        np.testing.assert_allclose(gates["h"], stock[k], atol=1e-6, rtol=0)
    np.testing.assert_allclose(prob[:, -1], model.predict(ids, verbose=0)[:, 0], atol=1e-6)


def zipped_model_folder(folder: Path) -> bytes:
    """A model folder as a user uploads it: a ``.zip`` of its files in a folder named
    like it."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("model.keras", "vocab.json", "history.json", "config.json"):
            z.write(folder / name, f"{folder.name}/{name}")
    return buf.getvalue()
