"""Memory across time (``rnn_viz.analysis.memory``): connectivity checked against finite
differences and an independent per-step GradientTape, survival against direct products
of the traced gates, gradient against distance on the tiny corpus."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from rnn_viz import i18n
from rnn_viz.analysis import _common
from rnn_viz.analysis.memory import (
    STAY_FACTOR,
    GradientDistance,
    GradientProbe,
    MemoryAnalysisError,
    connectivity,
    distance_norms,
    fading_summary,
    gradient_distance,
    half_lives,
    padding_reach,
    review_padding_reach,
    survival,
    survival_products,
    trend,
)
from rnn_viz.core.capabilities import CapabilityError
from rnn_viz.core.capture import Tracer, npz_tokens
from rnn_viz.core.errors import NoReadableWordError
from rnn_viz.core.models import ASSETS_MODELS, load_model_dir
from rnn_viz.core.text import OOV_WORD, PAD_WORD, Vocabulary
from rnn_viz.i18n import ko

T, VOCAB, DIM = 9, 20, 3


def _random_model(cells, head="sigmoid", mask_zero=False, seed=0) -> keras.Model:
    """Embedding(20, 3) → the recurrent layers ``cells`` (each but the last returning
    sequences) → a probability head, with random weights."""
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((T,), dtype="int32")
    x = keras.layers.Embedding(VOCAB, DIM, mask_zero=mask_zero)(inputs)
    for k, (layer, units) in enumerate(cells):
        x = layer(units, return_sequences=k < len(cells) - 1)(x)
        if k < len(cells) - 1:
            x = keras.layers.Dropout(0.3)(x)
    x = (
        keras.layers.Dense(1, activation="sigmoid")
        if head == "sigmoid"
        else keras.layers.Dense(2, activation="softmax")
        if head == "softmax"
        else keras.layers.Dense(1)
    )(x)
    model = keras.Model(inputs, x)
    # larger recurrent weights than the initialisers give, so gradients span decades
    for layer in model.layers:
        if isinstance(layer, keras.layers.RNN):
            layer.set_weights([w * 2.0 for w in layer.get_weights()])
    return model


def _ids(n_pad=3, seed=1) -> np.ndarray:
    ids = np.random.default_rng(seed).integers(2, VOCAB, T).astype(np.int32)
    ids[:n_pad] = 0
    return ids


CASES = {
    "lstm": [(keras.layers.LSTM, 4)],
    "gru-gru": [(keras.layers.GRU, 4), (keras.layers.GRU, 3)],
    "rnn": [(keras.layers.SimpleRNN, 4)],
    "lstm-gru-rnn": [(keras.layers.LSTM, 3), (keras.layers.GRU, 4), (keras.layers.SimpleRNN, 2)],
}


# --------------------------------------------------------------------------- #
# Connectivity
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize(
    "case,head,mask_zero",
    [
        ("lstm", "sigmoid", False),
        ("gru-gru", "softmax", False),
        ("rnn", "sigmoid", False),
        ("lstm-gru-rnn", "sigmoid", True),
    ],
)
def test_connectivity_matches_central_finite_differences(case, head, mask_zero):
    model = _random_model(CASES[case], head, mask_zero)
    probe = GradientProbe(model, dtype="float64")
    ids = _ids()
    e = probe.embed(ids)
    mask = ids != 0 if mask_zero else np.ones(T, bool)
    prob, saliency = probe.connectivity_of_embedding(e, mask)

    eps = 1e-6
    bumps = np.zeros((T, DIM, T, DIM))
    for s in range(T):
        for d in range(DIM):
            bumps[s, d, s, d] = eps
    bumps = bumps.reshape(T * DIM, T, DIM)
    points = np.concatenate([e[None] + bumps, e[None] - bumps])
    masks = np.broadcast_to(mask, (len(points), T))
    p = probe.readout.step_values(points, masks)  # (2·T·D, T)
    up, down = p[: T * DIM], p[T * DIM :]
    grad = ((up - down) / (2 * eps)).reshape(T, DIM, T)  # [s, d, t] = ∂p_t/∂e_{s,d}
    expected = np.linalg.norm(grad, axis=1).T  # [t, s]

    assert saliency.dtype == np.float64
    assert np.allclose(saliency, expected, rtol=1e-5, atol=1e-9)
    assert np.all(np.triu(saliency, 1) == 0)
    assert saliency.max() > 1e-3
    if mask_zero:  # masked steps are skipped: the padding moves nothing
        assert np.all(saliency[:, ids == 0] == 0)
    out = model.predict_on_batch(ids[None])
    final = out[0, 0] if head == "sigmoid" else out[0, 1]
    assert prob[-1] == pytest.approx(float(final), abs=1e-6)


def test_connectivity_matches_a_per_step_gradient_tape_on_the_shipped_lstm():
    bundle = load_model_dir(ASSETS_MODELS / "lstm")
    text = "a slow start, but the acting is wonderful and the ending moved me to tears"
    result = connectivity(bundle, text)
    encoded = bundle.vocab.encode(text)
    assert result.T == 500 and result.saliency.shape == (500, 500)
    assert result.saliency.dtype == np.float32 and result.prob.dtype == np.float32
    assert np.array_equal(result.is_pad, encoded.is_pad) and result.tokens == encoded.tokens

    # Independently: the model's own layers on the review cut after step t give p_t
    # (its LSTM returns only h_t), one tape per step.
    embedding, *after = [
        layer for layer in bundle.model.layers if not isinstance(layer, keras.layers.InputLayer)
    ]
    e = tf.constant(np.asarray(embedding(encoded.ids[None])))
    start = result.first_real
    for t in [start - 1, start + 4, 499]:
        with tf.GradientTape() as tape:
            prefix = e[:, : t + 1]
            tape.watch(prefix)
            x = prefix
            for layer in after:
                x = layer(x, training=False)
            p_t = x[0, 0]
        expected = np.linalg.norm(tape.gradient(p_t, prefix).numpy()[0], axis=-1)
        assert result.prob[t] == pytest.approx(float(p_t), abs=1e-5)
        assert np.allclose(result.saliency[t, : t + 1], expected, rtol=1e-3, atol=1e-7)
        assert np.all(result.saliency[t, t + 1 :] == 0)
    assert result.real().shape == (500 - start, 500 - start)
    assert np.array_equal(result.row(499), result.saliency[499])


def test_connectivity_readout_is_the_tracers(tiny_gru_dir):
    bundle = load_model_dir(tiny_gru_dir)
    encoded = bundle.vocab.encode("the movie was great and the plot superb")
    result = GradientProbe(bundle.model).connectivity(encoded)
    assert np.allclose(result.prob, Tracer(bundle.model).trace(encoded).prob, atol=1e-5)


def test_connectivity_npz_holds_the_arrays(tmp_path, tiny_lstm_dir):
    bundle = load_model_dir(tiny_lstm_dir)
    result = connectivity(bundle, "Great film.")
    result.save_npz(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz") as saved:
        assert sorted(saved.files) == [
            "ids",
            "is_pad",
            "prob",
            "saliency",
            "token_lengths",
            "tokens",
        ]
        assert saved["saliency"].shape == (result.T, result.T)
        assert npz_tokens(saved) == result.tokens and result.tokens[-2:] == ["Great", "film."]


def test_a_model_whose_output_is_no_probability_is_refused():
    with pytest.raises(CapabilityError, match="p\\(positive\\)"):
        GradientProbe(_random_model(CASES["lstm"], "linear"))


def test_a_head_that_cannot_read_each_step_is_refused():
    inputs = keras.Input((T,), dtype="int32")
    x = keras.layers.LSTM(2, return_sequences=True)(keras.layers.Embedding(VOCAB, DIM)(inputs))
    x = keras.layers.GlobalAveragePooling1D()(x)
    model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(x))
    with pytest.raises(CapabilityError, match="step by step"):
        GradientProbe(model)


def test_a_model_without_embedding_is_refused():
    inputs = keras.Input((T, DIM))
    model = keras.Model(
        inputs, keras.layers.Dense(1, activation="sigmoid")(keras.layers.LSTM(2)(inputs))
    )
    with pytest.raises(CapabilityError, match="Embedding"):
        GradientProbe(model)


def test_text_without_words_is_refused(tiny_lstm_dir):
    bundle = load_model_dir(tiny_lstm_dir)
    with pytest.raises(NoReadableWordError, match="no words"):
        connectivity(bundle, "🙂 -- !!")


# --------------------------------------------------------------------------- #
# Survival from the gates
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("fixture,gate", [("tiny_lstm_dir", "f"), ("tiny_gru_dir", "z")])
def test_survival_is_the_direct_product_of_the_keep_gate(request, fixture, gate):
    bundle = load_model_dir(request.getfixturevalue(fixture))
    trace = Tracer(bundle.model).trace(
        bundle.vocab.encode("the plot was dull but the music was wonderful and the actor superb")
    )
    start = trace.first_real
    for t in (start, start + 3, trace.T - 1):
        result = survival(trace, t)
        assert result.start == start and len(result.layers) == 2
        for k, layer in enumerate(result.layers):
            assert layer.gate == gate and layer.has_gates
            g = trace.layers[k].gates[gate].astype(np.float64)
            expected = np.array(
                [
                    [np.prod(g[s + 1 : t + 1, u]) for u in range(g.shape[1])]
                    for s in range(start, t + 1)
                ]
            )
            assert np.allclose(layer.products, expected, rtol=1e-12)
            for u in range(g.shape[1]):
                back = [
                    k_ for k_ in range(1, t - start + 1) if np.prod(g[t - k_ + 1 : t + 1, u]) < 0.5
                ]
                assert layer.half_life[u] == (back[0] if back else np.inf)


def test_half_life_counts_words_back_until_the_product_drops_below_half():
    gate = np.array([[0.9, 1.0], [0.9, 1.0], [0.5, 1.0], [0.9, 1.0], [0.8, 1.0]])
    products = survival_products(gate, t=4)
    # writes at s=4,3,2,1,0 keep 1, .8, .72, .36, .324 of unit 0
    assert np.allclose(products[::-1, 0], [1.0, 0.8, 0.72, 0.36, 0.324])
    assert np.array_equal(half_lives(products), [3.0, np.inf])
    assert survival_products(gate, t=4, start=4).shape == (1, 2)


def test_a_simple_rnn_layer_reports_no_gates_beside_gated_layers():
    model = _random_model(CASES["lstm-gru-rnn"])
    vocab = Vocabulary((PAD_WORD, OOV_WORD) + tuple(f"w{i}" for i in range(VOCAB - 2)), T)
    encoded = vocab.encode("w3 w5 w7 w2 w9")
    trace = Tracer(model).trace(encoded)
    lstm, gru, rnn = survival(trace, T - 1).layers
    assert (lstm.gate, gru.gate) == ("f", "z") and lstm.products.shape == (5, 3)
    assert not rnn.has_gates and "no gates" in rnn.note
    assert rnn.products.shape == (0, 2) and np.isnan(rnn.half_life).all()
    # the probe's readout is the Tracer's for the three kinds in one model
    result = GradientProbe(model).connectivity(encoded)
    assert np.allclose(result.prob, trace.prob, atol=1e-5)
    with pytest.raises(MemoryAnalysisError):
        survival(trace, T)


# --------------------------------------------------------------------------- #
# Gradient against distance
# --------------------------------------------------------------------------- #
def test_gradient_distance_counts_and_quartiles(tiny_lstm_dir, tiny_corpus):
    bundle = load_model_dir(tiny_lstm_dir)
    probe = GradientProbe(bundle.model)
    x = tiny_corpus.x_test[_common.subset(tiny_corpus, 30)]
    norms = distance_norms(probe, x, batch_size=7)
    lengths = (x != 0).sum(axis=1)
    assert norms.shape == x.shape
    assert np.array_equal(np.isnan(norms), np.arange(x.shape[1])[None] >= lengths[:, None])
    result = gradient_distance(
        bundle, tiny_corpus, limit=30, batch_size=7, cache=False, probe=probe
    )
    assert result.n_reviews == 30 and len(result.n) == x.shape[1]
    assert np.array_equal(result.n, [(lengths > k).sum() for k in range(x.shape[1])])
    seen = result.n > 0
    assert np.all(result.q25[seen] <= result.median[seen])
    assert np.all(result.median[seen] <= result.q75[seen])
    assert np.isnan(result.median[~seen]).all()
    assert result.median[3] == pytest.approx(np.median(norms[:, 3][~np.isnan(norms[:, 3])]))
    # one review's row is its connectivity's last row, read from the end
    one = probe.connectivity(
        bundle.vocab.encode(tiny_corpus.text("test", int(_common.subset(tiny_corpus, 30)[0])))
    )
    n0 = lengths[0]
    assert np.allclose(norms[0, :n0], one.saliency[-1, ::-1][:n0], rtol=1e-4, atol=1e-8)


def _curve(model, medians, n):
    medians, n = np.asarray(medians, float), np.asarray(n)
    return GradientDistance(model, int(n[0]), n, medians, medians / 2, medians * 2)


@pytest.mark.parametrize(
    "near,far,kind,factor",
    [
        (1.0, 0.1, "fades", 10.0),
        (0.61, 30.6, "grows", 30.6 / 0.61),
        (1.0, 0.8, "stays", 1.25),
        (1.0, 1.4, "stays", 1.4),
        (1.5, 1.0, "stays", 1.5),  # at the tolerance itself: still the same
        (1.0, 1.6, "grows", 1.6),
    ],
)
def test_trend_says_fades_stays_or_grows_with_the_factor(near, far, kind, factor):
    tr = trend(near, far)
    assert tr.kind == kind and tr.factor == pytest.approx(factor)
    assert tr.ratio == pytest.approx(near / far) and tr.tolerance == STAY_FACTOR == 1.5
    assert trend(near, far, tolerance=100).kind == "stays"


def test_trend_refuses_values_it_cannot_compare():
    for near, far in ((0.0, 1.0), (1.0, 0.0), (float("nan"), 1.0), (1.0, float("inf"))):
        with pytest.raises(ValueError, match="finite values above 0"):
            trend(near, far)
    with pytest.raises(ValueError, match="at least 1"):
        trend(1.0, 2.0, tolerance=0.5)


def _curves():
    return {
        "steep": _curve("steep", [1.0, 0.5, 0.1, 0.01], [20, 20, 20, 5]),
        "flat": _curve("flat", [2.0, 1.5, 1.0, 0.9], [20, 20, 15, 3]),
        "level": _curve("level", [1.0, 1.0, 1.2, 0.9], [20, 20, 15, 3]),
        "rising": _curve("rising", [0.61, 2.0, 3.05, 1.0], [20, 20, 15, 3]),
    }


def test_fading_summary_says_what_each_curve_does_with_the_number():
    sentence = fading_summary(_curves(), far=3)
    assert "2 words before the end" in sentence  # distance 3 has under 10 reviews
    assert "within ×1.5 counts as staying" in sentence
    assert "steep fades ÷10 (median 1.0e+00 → 1.0e-01)" in sentence
    assert "flat fades ÷2 " in sentence
    assert "level stays within ×1.2 " in sentence
    assert "rising grows ×5 (median 6.1e-01 → 3.0e+00)" in sentence
    assert "fades fastest with distance for steep and slowest for flat" in sentence
    # a model whose gradient grows is never called the slowest to fade
    only = fading_summary({k: v for k, v in _curves().items() if k in ("steep", "rising")}, far=3)
    assert "fastest" not in only and "rising grows" in only and "steep fades" in only
    assert "too short" in fading_summary({"a": _curve("a", [1.0, 0.5], [20, 4])})
    assert fading_summary({}) == "No model was measured."


def test_fading_summary_and_survival_notes_read_in_korean():
    curves = {k: v for k, v in _curves().items() if k in ("steep", "flat", "rising")}
    parts = "; ".join(
        ko.TEXT[f"analysis.fading.part.{kind}"].format(label=m, factor=r, last=a, far=b)
        for m, kind, r, a, b in (
            ("steep", "fades", "10", "1.0e+00", "1.0e-01"),
            ("flat", "fades", "2", "2.0e+00", "1.0e+00"),
            ("rising", "grows", "5", "6.1e-01", "3.0e+00"),
        )
    )
    expected = (
        ko.TEXT["analysis.fading.sentence"].format(n="20", k=2, parts=parts, tolerance=1.5)
        + " "
        + ko.TEXT["analysis.fading.extremes"].format(steep="steep", flat="flat")
    )
    model = _random_model(CASES["lstm-gru-rnn"])
    vocab = Vocabulary((PAD_WORD, OOV_WORD) + tuple(f"w{i}" for i in range(VOCAB - 2)), T)
    trace = Tracer(model).trace(vocab.encode("w3 w5 w7"))
    with i18n.use_language("ko"):
        assert fading_summary(curves, far=3) == expected
        assert fading_summary({}) == ko.TEXT["analysis.fading.none"]
        assert fading_summary({"a": _curve("a", [1.0, 0.5], [20, 4])}) == ko.TEXT[
            "analysis.fading.too_short"
        ].format(min_reviews=10)
        rnn = survival(trace, T - 1).layers[2]
    assert rnn.note == ko.TEXT["analysis.survival.no_gates"].format(cell="SimpleRNN")


@pytest.mark.parametrize("mask_zero", [False, True])
def test_padding_reach_is_the_verdicts_gradient_at_the_first_padding_step(mask_zero):
    model = _random_model(CASES["rnn"], mask_zero=mask_zero)
    probe = GradientProbe(model, "float64")
    vocab = Vocabulary((PAD_WORD, OOV_WORD) + tuple(f"w{i}" for i in range(VOCAB - 2)), T)
    encoded = vocab.encode("w3 w5 w7 w2")
    conn = probe.connectivity(encoded, model="m")
    reach = padding_reach(conn)
    # the connectivity's last row (checked against finite differences above)
    norms = conn.saliency[-1].astype(np.float64)
    assert (reach.n_words, reach.n_pad, reach.back) == (4, T - 4, T - 1)
    assert reach.masked is mask_zero
    assert reach.far_pad == pytest.approx(norms[0], rel=1e-6, abs=1e-12)
    assert reach.max_pad == pytest.approx(norms[: T - 4].max(), rel=1e-6, abs=1e-12)
    assert reach.last_word == pytest.approx(norms[-1], rel=1e-6)
    sentence = reach.sentence("m")
    if mask_zero:
        assert reach.far_pad == 0 and reach.trend() is None
        assert sentence == i18n.t("analysis.padding.masked", label="m", pad=T - 4)
    else:
        tr = reach.trend()
        assert tr.kind in ("fades", "stays", "grows") and f"{reach.far_pad:.3g}" in sentence
        assert f"{T - 1} steps back" in sentence
        assert ("mask_zero=True" in sentence) == (tr.kind != "fades")
    with i18n.use_language("ko"):
        assert "패딩" in reach.sentence("m")
    nothing = padding_reach(probe.connectivity(vocab.encode(" ".join(["w3"] * T)), model="m"))
    assert nothing.n_pad == 0 and nothing.sentence("m") == "" and nothing.trend() is None


def test_review_padding_reach_is_the_connectivitys_last_row(tiny_rnn_dir):
    bundle = load_model_dir(tiny_rnn_dir)
    text = "the plot was dull but the music was great"
    one, row = review_padding_reach(bundle, text), padding_reach(connectivity(bundle, text))
    assert (one.n_words, one.n_pad, one.back, one.masked) == (
        row.n_words,
        row.n_pad,
        row.back,
        row.masked,
    )
    for value in ("far_pad", "max_pad", "last_word"):  # float32, summed in another order
        assert getattr(one, value) == pytest.approx(getattr(row, value), rel=1e-5)
    with pytest.raises(NoReadableWordError):
        review_padding_reach(bundle, "🙂")


def test_gradient_distance_is_cached_and_csv_lists_distances(tiny_lstm_dir, tiny_corpus):
    bundle = load_model_dir(tiny_lstm_dir)
    calls = []
    first = gradient_distance(
        bundle,
        tiny_corpus,
        limit=20,
        batch_size=8,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(8, 20), (16, 20), (20, 20)]
    again = gradient_distance(
        bundle,
        tiny_corpus,
        limit=20,
        batch_size=8,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert len(calls) == 3  # read back from the cache, no pass
    for name in ("n", "median", "q25", "q75"):
        assert np.array_equal(getattr(first, name), getattr(again, name), equal_nan=True)
    rows = first.to_csv().splitlines()
    assert rows[0] == "distance,n,median,q25,q75"
    assert len(rows) == 1 + int((first.n > 0).sum())
    back = GradientDistance.from_json(first.to_json())
    assert np.array_equal(back.median, first.median, equal_nan=True)


# --------------------------------------------------------------------------- #
# Command line
# --------------------------------------------------------------------------- #
def _run(capsys, *argv):
    from rnn_viz.cli import main

    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_memory_cli_writes_the_npz(tiny_lstm_dir, tmp_path, capsys):
    out = tmp_path / "memory"
    code, stdout, _ = _run(capsys, "memory", tiny_lstm_dir, "the plot was dull but fun", "-o", out)
    assert code == 0 and "Wrote" in stdout and "hears most from" in stdout
    with np.load(tmp_path / "memory.npz") as saved:
        assert sorted(saved.files) == [
            "ids",
            "is_pad",
            "prob",
            "saliency",
            "token_lengths",
            "tokens",
        ]
        T = len(saved["ids"])
        assert saved["saliency"].shape == (T, T) and saved["saliency"].dtype == np.float32
        assert saved["is_pad"].sum() == T - 6
        expected = connectivity(load_model_dir(tiny_lstm_dir), "the plot was dull but fun")
        assert np.allclose(saved["saliency"], expected.saliency, atol=1e-7)


def test_memory_cli_refuses_text_without_words_in_one_line(tiny_lstm_dir, tmp_path, capsys):
    code, _, err = _run(capsys, "memory", tiny_lstm_dir, "🙂🙂", "-o", tmp_path / "m.npz")
    assert code == 2 and err.startswith("error:") and len(err.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())


def test_gradient_distance_cli_writes_the_curve(tiny_lstm_dir, tiny_imdb, tmp_path, capsys):
    import csv

    out = tmp_path / "curve.csv"
    code, stdout, _ = _run(
        capsys, "gradient-distance", tiny_lstm_dir, "--data", tiny_imdb, "--reviews", 25, "-o", out
    )
    assert code == 0 and "over 25 reviews" in stdout
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["distance", "n", "median", "q25", "q75"]
    assert [int(r["distance"]) for r in rows[:3]] == [0, 1, 2] and int(rows[0]["n"]) == 25
    assert all(float(r["q25"]) <= float(r["median"]) <= float(r["q75"]) for r in rows)
    assert (
        _run(
            capsys,
            "gradient-distance",
            tiny_lstm_dir,
            "--data",
            tiny_imdb,
            "-o",
            tmp_path / "curve.txt",
        )[0]
        == 2
    )


# --------------------------------------------------------------------------- #
# Figures
# --------------------------------------------------------------------------- #
def test_memory_figures(tiny_lstm_dir, tiny_gru_dir, tiny_corpus):
    from rnn_viz.viz import plots

    text = "the plot was dull but the music was great"
    lstm, gru = (load_model_dir(d) for d in (tiny_lstm_dir, tiny_gru_dir))
    a, b = connectivity(lstm, text), connectivity(gru, text)
    lo, hi = plots.connectivity_range(a, b)
    assert hi == pytest.approx(np.log10(max(a.real().max(), b.real().max())))
    fig = plots.connectivity_figure(a, highlight=a.T - 2, zrange=(lo, hi))
    (heat,) = fig.data
    n = a.T - a.first_real
    assert np.shape(heat.z) == (n, n) and (heat.zmin, heat.zmax) == (lo, hi)
    z = np.asarray(heat.z, float)
    assert np.isnan(z[np.triu_indices(n, 1)]).all()  # no word moves an earlier opinion
    assert np.allclose(10 ** z[-1], a.real()[-1])
    assert fig.layout.shapes  # the current row outlined

    strip = plots.connectivity_strip(a, a.T - 3)
    row = np.asarray(strip.data[0].z, float)[0]
    assert np.isnan(row[-2:]).all() and np.isfinite(row[:-2]).all()
    assert list(strip.data[0].text[0]) == a.tokens[a.first_real :]

    trace = Tracer(gru.model).trace(gru.vocab.encode(text))
    surv = survival(trace, trace.T - 1)
    sfig = plots.survival_figure(surv, trace.tokens)
    assert len(sfig.data) == 2 and np.shape(sfig.data[0].z) == (4, n)

    curves = [gradient_distance(m, tiny_corpus, limit=20, cache=False) for m in (lstm, gru)]
    gfig = plots.gradient_distance_figure(curves)
    assert gfig.layout.yaxis.type == "log"
    bands, lines = gfig.data[0::2], gfig.data[1::2]
    assert [line.name for line in lines] == [lstm.name, gru.name]
    assert all(b.fill == "toself" for b in bands)
    assert np.allclose(lines[0].y, curves[0].median[: len(lines[0].y)])
