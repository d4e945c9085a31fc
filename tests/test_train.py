"""Presets, real (tiny) training, and model folders that are never half-written."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import keras
import numpy as np
import pytest
from helpers import TINY_MAXLEN, TINY_VOCAB

from rnn_viz import PRESETS, build_model, load_model_dir
from rnn_viz.core.cell_kinds import cell_kind
from rnn_viz.core.models import ModelBundle, ModelError, load_keras_model
from rnn_viz.core.parameters import model_parameters, recurrent_parameters
from rnn_viz.core.recipes import Recipe
from rnn_viz.datasets.kinds import DATASET_KINDS
from rnn_viz.train import train


@pytest.mark.parametrize(
    "name,total,recurrent",
    [
        ("lstm", 160_809, [800]),
        ("lstm2", 161_353, [800, 544]),
        ("gru2", 161_065, [624, 432]),
    ],
)
def test_presets_have_the_reference_parameter_counts(name, total, recurrent):
    """The reference notebook's model.summary() totals, layer by layer."""
    model = build_model(PRESETS[name], name=name)
    assert model.count_params() == total
    assert [p.total for p in recurrent_parameters(model)] == recurrent


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_builds_the_architecture_its_recipe_names(name):
    recipe = PRESETS[name]
    classes = len(DATASET_KINDS[recipe.dataset].LABEL_NAMES)  # the preset's dataset's labels
    model = build_model(recipe, name=name, classes=classes)
    cell = cell_kind(recipe.cell).layer
    wrapped = keras.layers.Bidirectional if recipe.bidirectional else cell
    assert [type(layer) for layer in model.layers] == [
        keras.layers.Embedding,
        *[wrapped] * recipe.layers,
        keras.layers.Dense,
    ]
    assert model.input_shape == (None, recipe.maxlen)
    embedding, *recurrent, readout = model.layers
    assert (embedding.input_dim, embedding.output_dim) == (
        recipe.vocab_size,
        recipe.embedding_dim,
    )
    for k, layer in enumerate(recurrent, 1):
        directions = (
            [layer.forward_layer, layer.backward_layer] if recipe.bidirectional else [layer]
        )
        if recipe.bidirectional:
            assert layer.merge_mode == recipe.merge_mode
            assert layer.backward_layer.go_backwards and not layer.forward_layer.go_backwards
        for one in directions:
            assert type(one) is cell
            assert (one.units, one.dropout) == (recipe.units, recipe.dropout)
            assert one.return_sequences == (k < recipe.layers)  # stacked layers pass sequences
    if classes == 2:  # p(label 1) from one sigmoid unit, as the reference
        assert readout.units == 1 and readout.activation is keras.activations.sigmoid
    else:
        assert readout.units == classes and readout.activation is keras.activations.softmax
    # the parameter view derives Keras' count term by term
    assert sum(p.total for p in model_parameters(model)) == model.count_params()


def test_recipes_out_of_range_are_refused():
    with pytest.raises(ValueError, match="unknown|cell"):
        Recipe(cell="transformer")
    with pytest.raises(ValueError, match="dropout"):
        Recipe(dropout=1.0)
    with pytest.raises(ValueError, match="lr"):
        Recipe(lr=0)
    with pytest.raises(ValueError, match="units"):
        Recipe(units=0)


def _tiny(**changes) -> Recipe:
    base = Recipe(
        cell="lstm",
        units=4,
        layers=1,
        embedding_dim=6,
        vocab_size=TINY_VOCAB,
        maxlen=TINY_MAXLEN,
        lr=1e-2,
        batch_size=16,
        epochs=1,
        patience=1,
        jit_compile=False,
    )
    return dataclasses.replace(base, **changes)


@dataclasses.dataclass
class OneEpoch:
    """One real epoch of ``_tiny()`` on the tiny corpus, saved to ``folder``."""

    recipe: Recipe
    loss_before: float
    bundle: ModelBundle
    folder: Path


@pytest.fixture(scope="module")
def one_epoch(tiny_corpus, tmp_path_factory) -> OneEpoch:
    recipe = _tiny()
    untrained = build_model(recipe)
    untrained.compile(loss="binary_crossentropy")
    before = untrained.evaluate(tiny_corpus.x_train, tiny_corpus.y_train, verbose=0)
    folder = tmp_path_factory.mktemp("one_epoch") / "t"
    bundle = train("t", recipe, tiny_corpus, folder, verbose=0)
    return OneEpoch(recipe, before, bundle, folder)


def test_one_epoch_of_real_training_lowers_the_loss(one_epoch, tiny_corpus):
    after = one_epoch.bundle.model.evaluate(tiny_corpus.x_train, tiny_corpus.y_train, verbose=0)
    assert after[0] < one_epoch.loss_before
    assert one_epoch.bundle.history[0]["loss"] > 0 and one_epoch.bundle.history[0]["seconds"] > 0
    # the recipe's optimizer and rate, and the recipe saved beside the model
    optimizer = one_epoch.bundle.model.optimizer
    assert isinstance(optimizer, keras.optimizers.RMSprop)
    assert float(optimizer.learning_rate) == pytest.approx(one_epoch.recipe.lr)
    saved = load_model_dir(one_epoch.folder)
    assert saved.config["recipe"] == dataclasses.asdict(one_epoch.recipe)


def test_the_same_seed_trains_the_same_weights_without_touching_global_random_state(
    tiny_corpus, tmp_path
):
    import random

    recipe = _tiny(dropout=0.2, epochs=2)
    py_state, np_state = random.getstate(), np.random.get_state()
    runs = [
        train("s", recipe, tiny_corpus, tmp_path / f"run{k}", verbose=0).model.get_weights()
        for k in range(2)
    ]
    assert random.getstate() == py_state
    after = np.random.get_state()
    assert after[0] == np_state[0] and np.array_equal(after[1], np_state[1])
    assert after[2:] == np_state[2:]
    for a, b in zip(*runs, strict=True):
        np.testing.assert_array_equal(a, b)
    other = train("s", _tiny(seed=1, dropout=0.2, epochs=2), tiny_corpus, tmp_path / "o", verbose=0)
    assert not all(
        np.array_equal(a, b) for a, b in zip(runs[0], other.model.get_weights(), strict=True)
    )


def test_a_model_folder_restores_everything(tiny_lstm_dir, tiny_corpus):
    bundle = load_model_dir(tiny_lstm_dir)
    assert {p.name for p in tiny_lstm_dir.iterdir()} >= {
        "model.keras",
        "vocab.json",
        "history.json",
        "metrics.json",
        "config.json",
        "epochs",
    }
    assert bundle.name == "tiny_lstm2" and bundle.vocab == tiny_corpus.vocab
    assert [r["epoch"] for r in bundle.history] == [1, 2]
    assert set(bundle.history[0]) >= {"loss", "acc", "val_loss", "val_acc", "seconds"}
    assert 0 <= bundle.metrics["test_acc"] <= 1 and bundle.metrics["n_test"] == 80
    assert bundle.config["recipe"]["units"] == 4 and bundle.config["parameters"] > 0
    preds = bundle.model.predict(tiny_corpus.x_test, verbose=0)[:, 0]
    acc = float(((preds > 0.5) == tiny_corpus.y_test).mean())
    assert abs(acc - bundle.metrics["test_acc"]) < 1e-6
    epochs = sorted((tiny_lstm_dir / "epochs").glob("epoch_*.weights.h5"))
    assert [p.name for p in epochs] == ["epoch_001.weights.h5", "epoch_002.weights.h5"]
    bundle.model.load_weights(epochs[-1])


def test_an_existing_folder_is_never_overwritten_without_asking(tiny_corpus, tmp_path):
    out = tmp_path / "m"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        train("m", _tiny(), tiny_corpus, out, verbose=0)
    assert (out / "keep.txt").read_text() == "mine"


def test_a_failed_run_leaves_the_existing_folder_intact(
    tiny_corpus, tmp_path, monkeypatch, tiny_lstm_dir
):
    out = tmp_path / "existing"
    shutil.copytree(tiny_lstm_dir, out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def broken_fit(self, *args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(keras.Model, "fit", broken_fit)
    with pytest.raises(RuntimeError, match="power cut"):
        train("existing", _tiny(), tiny_corpus, out, overwrite=True, verbose=0)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing"]  # no partial folders


def test_overwrite_replaces_a_folder_only_once_the_new_one_is_complete(
    one_epoch, tiny_corpus, tmp_path
):
    out = tmp_path / "m"
    shutil.copytree(one_epoch.folder, out)
    second = train("m", _tiny(seed=3), tiny_corpus, out, overwrite=True, verbose=0)
    reloaded = load_model_dir(out)
    assert reloaded.config["recipe"]["seed"] == 3
    assert not np.allclose(one_epoch.bundle.model.get_weights()[0], reloaded.model.get_weights()[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]
    assert second.path == out


def test_stopping_from_outside_ends_the_epoch_and_keeps_the_best_weights(tiny_corpus, tmp_path):
    batches = {"n": 0}

    def stop_in_second_epoch():
        batches["n"] += 1
        return batches["n"] > 5  # 60 training reviews / 16 = 4 batches an epoch

    bundle = train(
        "s",
        _tiny(epochs=10),
        tiny_corpus,
        tmp_path / "s",
        verbose=0,
        should_stop=stop_in_second_epoch,
    )
    assert bundle.metrics["stopped_by_user"] is True
    assert bundle.metrics["epochs_run"] == 2
    assert [r["partial"] for r in bundle.history] == [False, True]
    best = int(np.argmin([r["val_loss"] for r in bundle.history]))
    assert bundle.metrics["best_epoch"] == best + 1
    assert load_model_dir(tmp_path / "s").metrics["epochs_run"] == 2


def test_bad_or_hostile_model_files_are_refused_clearly(tmp_path, tiny_lstm_dir):
    not_zip = tmp_path / "a.keras"
    not_zip.write_text("hello")
    with pytest.raises(ModelError, match="not a Keras model file"):
        load_keras_model(not_zip)

    import zipfile

    junk = tmp_path / "b.keras"
    with zipfile.ZipFile(junk, "w") as z:
        z.writestr("config.json", "{not json")
    with pytest.raises(ModelError, match="could not be loaded"):
        load_keras_model(junk)

    inputs = keras.Input((5,))
    lam = keras.Model(inputs, keras.layers.Lambda(lambda x: x * 2)(inputs))
    lam.save(tmp_path / "lambda.keras")
    with pytest.raises(ModelError, match="unsafe"):
        load_keras_model(tmp_path / "lambda.keras")

    dense = keras.Sequential([keras.Input((5,)), keras.layers.Dense(1)])
    dense.save(tmp_path / "dense.keras")
    with pytest.raises(ModelError, match="no LSTM, GRU or SimpleRNN"):
        load_keras_model(tmp_path / "dense.keras")

    with pytest.raises(ModelError, match="No model found"):
        load_model_dir(tmp_path / "missing")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "model.keras").write_bytes((tiny_lstm_dir / "model.keras").read_bytes())
    with pytest.raises(ModelError, match="vocab.json"):
        load_model_dir(broken)
    (broken / "vocab.json").write_text(json.dumps({"words": ["a"], "maxlen": 3}))
    with pytest.raises(ModelError, match="not a valid vocabulary"):
        load_model_dir(broken)
