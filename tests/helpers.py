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
