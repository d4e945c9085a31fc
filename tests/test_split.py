"""The train/validation split: sklearn's train_test_split with its own seed, as the reference
does."""

from __future__ import annotations

import dataclasses

import numpy as np
from sklearn.model_selection import train_test_split

from rnn_viz.core.recipes import PRESETS
from rnn_viz.datasets import split_train_val


def test_split_is_sklearns_train_test_split_with_the_split_seed(tiny_corpus):
    x_train, y_train, x_val, y_val = split_train_val(tiny_corpus, 0.25, seed=0)
    rows = np.arange(len(tiny_corpus.y_train))
    ref_train, ref_val = train_test_split(rows, test_size=0.25, random_state=0)
    np.testing.assert_array_equal(x_val, tiny_corpus.x_train[ref_val])
    np.testing.assert_array_equal(y_train, tiny_corpus.y_train[ref_train])
    assert len(x_val) == round(0.25 * len(rows)) and len(x_train) + len(x_val) == len(rows)


def test_split_seed_moves_the_split_and_the_weight_seed_does_not(tiny_corpus):
    base = PRESETS["lstm"]
    other_init = dataclasses.replace(base, seed=7)
    other_split = dataclasses.replace(base, split_seed=1)
    val = lambda r: split_train_val(tiny_corpus, r.val_fraction, r.split_seed)[2]  # noqa: E731
    np.testing.assert_array_equal(val(base), val(other_init))
    assert not np.array_equal(val(base), val(other_split))
