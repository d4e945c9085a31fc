"""Exactness claims that need more than one review: the documented full-test-set bound on
the shipped models, and the paper's GRU convention in gate saturation."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from rnn_viz import Tracer, load_model_dir
from rnn_viz.analysis.gate_saturation import Saturation, SaturationError, compute_saturation
from rnn_viz.core.capture import PARITY_BOUND
from rnn_viz.core.models import ASSETS_MODELS
from rnn_viz.core.readout import positive_probability

SHIPPED = ["lstm", "lstm2", "gru2", "stars4"]
N_LONGEST, N_RANDOM = 100, 200


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_model_stays_within_the_documented_bound_on_300_test_reviews(name, real_corpus):
    """The 100 reviews the model reads most words of (where float32 rounding has the most
    steps to add up) and 200 drawn at random, against ``PARITY_BOUND``, the bound measured
    over the whole test set by ``benchmarks/parity_bound.py``."""
    bundle = load_model_dir(ASSETS_MODELS / name)
    assert bundle.vocab.words == real_corpus.vocab.words
    x = real_corpus.x_test
    longest = np.argsort(-(x != 0).sum(axis=1), kind="stable")[:N_LONGEST]
    others = np.setdiff1d(np.arange(len(x)), longest)
    rows = np.concatenate([longest, np.random.default_rng(0).choice(others, N_RANDOM, False)])
    tracer = Tracer(bundle.model, jit_compile=True)  # the app's compiled trace
    worst_h = worst_readout = 0.0
    for batch, per_layer, prob in tracer.iter_batches(x[rows], batch_size=150):
        ids = x[rows][batch]
        stock, _ = tracer.stock_run(ids)
        for gates, h in zip(per_layer, stock, strict=True):
            worst_h = max(worst_h, float(np.abs(gates["h"] - h).max()))
        out = np.asarray(bundle.model.predict_on_batch(ids))
        predicted = out if out.shape[-1] > 2 else positive_probability(out)  # every class
        worst_readout = max(worst_readout, float(np.abs(prob[:, -1] - predicted).max()))
    assert worst_h <= PARITY_BOUND and worst_readout <= PARITY_BOUND
    assert worst_h > 0  # float32 in another order: the comparison is not vacuous


# ----------------------------------------------------------------------------- #
# Gate saturation in the paper's convention: thresholds apply to 1 − z
# ----------------------------------------------------------------------------- #
T = 30


@pytest.fixture(scope="module")
def gru_trace():
    """A tiny random 2-layer GRU, 12 reviews with padding, and its traced z per layer."""
    inputs = keras.Input((T,), dtype="int32")
    x = keras.layers.Embedding(40, 5)(inputs)
    x = keras.layers.GRU(6, return_sequences=True)(x)
    x = keras.layers.GRU(4)(x)
    model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(x))
    rng = np.random.default_rng(3)
    model.set_weights([rng.normal(0, 0.8, w.shape).astype("float32") for w in model.get_weights()])
    ids = rng.integers(1, 40, (12, T)).astype("int32")
    ids[:, :8] = 0
    tracer = Tracer(model)
    per_layer, _ = tracer.run(ids)
    return tracer, ids, [gates["z"][ids != 0] for gates in per_layer]  # (n_real, units)


def test_paper_convention_thresholds_one_minus_z_with_asymmetric_thresholds(gru_trace):
    tracer, ids, z = gru_trace
    low, high, bins = 0.2, 0.7, 10
    keras_result = compute_saturation(tracer, ids, low, high, bins=bins)
    paper = keras_result.paper_convention()
    for k, values in enumerate(z):
        gate = paper.get(k, "z")
        assert gate.label.startswith("1-z")
        paper_z = 1.0 - values  # the paper's update gate
        np.testing.assert_allclose(gate.left, (paper_z < low).mean(axis=0), atol=1e-12)
        np.testing.assert_allclose(gate.right, (paper_z > high).mean(axis=0), atol=1e-12)
        assert gate.hist.tolist() == np.histogram(paper_z, bins=bins, range=(0, 1))[0].tolist()
        # 1 − z < 0.2 is z > 0.8, not z > 0.7: swapping z's fractions would be wrong here
        swapped = keras_result.get(k, "z")
        assert not np.allclose(gate.left, swapped.right)
    for g in paper.gates:
        if g.gate == "r":
            assert g is keras_result.get(g.layer, "r")


def test_paper_convention_survives_json_and_refuses_to_guess_without_its_counts(gru_trace):
    tracer, ids, _ = gru_trace
    result = compute_saturation(tracer, ids, 0.2, 0.7, bins=10)
    again = Saturation.from_json(result.to_json())
    assert again.paper_convention().to_json() == result.paper_convention().to_json()
    # a result saved before the counts of 1 − z were kept
    old = result.to_json()
    for g in old["gates"]:
        g.pop("paper", None)
    with pytest.raises(SaturationError, match="1 - z"):
        Saturation.from_json(old).paper_convention()
    symmetric = compute_saturation(tracer, ids, 0.25, 0.75, bins=10).to_json()
    for g in symmetric["gates"]:
        g.pop("paper", None)
    swapped = Saturation.from_json(symmetric).paper_convention().get(0, "z")
    exact = compute_saturation(tracer, ids, 0.25, 0.75, bins=10).paper_convention().get(0, "z")
    np.testing.assert_allclose(swapped.left, exact.left, atol=1e-3)
    np.testing.assert_allclose(swapped.right, exact.right, atol=1e-3)
