"""The corpus-scale analyses on tiny trained models and a tiny corpus, checked
against direct computations from per-review traces."""

from __future__ import annotations

import csv
import dataclasses
import io
import shutil

import keras
import numpy as np
import pytest

import rnn_viz.analysis.gate_saturation as sat_mod
from rnn_viz.analysis import (
    Attributor,
    NoEpochsError,
    Saturation,
    SaturationHistory,
    UnitSearch,
    _common,
    compare_traces,
    compute_saturation,
    compute_unit_search,
    corpus_for,
    edit_text,
    find_runs,
    reviews_with_word,
    saturation,
    saturation_epochs,
    unit_search,
    words_per_unit,
)
from rnn_viz.analysis.units import NoSuchUnitError
from rnn_viz.analysis.whatif import EditError
from rnn_viz.core import files
from rnn_viz.core.capture import Tracer
from rnn_viz.core.cell_kinds import SIGMOID_GATES
from rnn_viz.core.errors import NoReadableWordError
from rnn_viz.core.models import load_model_dir
from rnn_viz.datasets import DatasetError


@pytest.fixture(scope="module")
def lstm(tiny_lstm_dir):
    bundle = load_model_dir(tiny_lstm_dir)
    return bundle, Tracer(bundle.model)


@pytest.fixture(scope="module")
def gru(tiny_gru_dir):
    bundle = load_model_dir(tiny_gru_dir)
    return bundle, Tracer(bundle.model)


@pytest.fixture(params=["lstm", "gru"])
def model(request):
    return request.getfixturevalue(request.param)


def _traces(tracer, corpus, rows):
    """``{row: trace}`` of the test reviews ``rows``, one at a time."""
    return {int(i): tracer.trace(corpus.vocab.encode(corpus.text("test", i))) for i in rows}


def _cache_files(kind=""):
    folder = _common.cache_dir() / "analysis"
    return sorted(p.name for p in folder.glob(f"{kind}*")) if folder.exists() else []


# --------------------------------------------------------------------------- #
# Saturation
# --------------------------------------------------------------------------- #
def test_corpus_rows_are_the_encoded_test_texts(tiny_corpus):
    for i in range(5):
        assert np.array_equal(
            tiny_corpus.x_test[i], tiny_corpus.vocab.encode(tiny_corpus.text("test", i)).ids
        )


def test_saturation_fractions_match_counts_from_single_traces(model, tiny_corpus):
    bundle, tracer = model
    n, low, high = 30, 0.2, 0.8
    result = compute_saturation(tracer, tiny_corpus.x_test[:n], low, high, bins=10, batch_size=7)
    traces = list(_traces(tracer, tiny_corpus, range(n)).values())
    n_steps = sum(int((~t.is_pad).sum()) for t in traces)
    assert result.n_steps == n_steps and result.n_reviews == n
    expected_keys = [
        (k, g)
        for k, layer in enumerate(traces[0].layers)
        for g in layer.gate_names
        if g in SIGMOID_GATES
    ]
    assert [(g.layer, g.gate) for g in result.gates] == expected_keys
    for g in result.gates:
        values = np.concatenate([t.layers[g.layer].gates[g.gate][~t.is_pad] for t in traces])
        np.testing.assert_allclose(g.left, (values < low).sum(0) / n_steps, atol=1e-9)
        np.testing.assert_allclose(g.right, (values > high).sum(0) / n_steps, atol=1e-9)
        hist, _ = np.histogram(values, bins=10, range=(0, 1))
        assert g.hist.sum() == values.size
        assert np.abs(g.hist - hist).sum() <= 2  # bin edges: float rounding only


def test_saturation_paper_convention_swaps_gru_update_gate_only(model, tiny_corpus):
    bundle, tracer = model
    result = compute_saturation(tracer, tiny_corpus.x_test[:10])
    paper = result.paper_convention()
    for a, b in zip(result.gates, paper.gates, strict=True):
        if a.cell == "gru" and a.gate == "z":
            assert np.array_equal(b.left, a.right) and np.array_equal(b.right, a.left)
            assert np.array_equal(b.hist, a.hist[::-1]) and "1-z" in b.label
        else:
            assert b is a


def test_saturation_json_and_csv_round_trip(lstm, tiny_corpus):
    bundle, tracer = lstm
    result = compute_saturation(tracer, tiny_corpus.x_test[:10], model="m")
    again = Saturation.from_json(result.to_json())
    assert again.to_json() == result.to_json()
    lines = result.to_csv().splitlines()
    assert lines[0] == "model,layer,layer_name,cell,gate,label,unit,left,right,n_steps"
    n_units = sum(g.units for g in result.gates)
    assert len(lines) == 1 + n_units
    first = lines[1].split(",")
    assert first[:6] == ["m", "1", result.gates[0].layer_name, "lstm", "i", "i"]


def _hist_saturation(hists, low=0.1, high=0.9, left=0.0, right=0.0) -> Saturation:
    """A ``Saturation`` of one layer whose gates have the histograms ``hists`` (10 bins)."""
    gates = [
        sat_mod.GateSaturation(
            0, "l", "lstm", g, np.array([left, 0.0]), np.array([right, 0.0]), np.asarray(h)
        )
        for g, h in zip("ifo", hists, strict=False)
    ]
    return Saturation("m", low, high, 3, 30, gates, bins=10)


def test_saturation_says_which_thresholds_its_gate_values_reach():
    # pooled: 100 values; 3 below 0.3, 6 below 0.4; 4 above 0.8, 7 above 0.7
    hist = [[0, 1, 2, 3, 20, 40, 20, 3, 2, 2], [0, 0, 0, 0, 3, 4, 0, 0, 0, 0]]
    sat = _hist_saturation(hist)
    assert sat.most_saturated == 0.0 < sat_mod.BARELY
    assert sat.looser_thresholds(0.05) == (0.3, 0.8)  # at most 5% past each edge
    assert sat.looser_thresholds(0.07) == (0.4, 0.7)
    assert sat.looser_thresholds(0.0) == (0.1, 0.9)  # never past the first and last bins
    assert _hist_saturation([[0] * 5 + [10] + [0] * 4]).looser_thresholds(0.05) == (0.5, 0.6)
    assert _hist_saturation([[0] * 10]).looser_thresholds() is None
    assert _hist_saturation(hist, left=0.2, right=0.3).most_saturated == 0.3


def test_saturation_rejects_bad_thresholds(lstm, tiny_corpus):
    with pytest.raises(ValueError):
        compute_saturation(lstm[1], tiny_corpus.x_test[:2], low=0.9, high=0.1)


def test_saturation_is_cached_and_reused(lstm, tiny_corpus, monkeypatch):
    bundle, tracer = lstm
    first = saturation(bundle, tiny_corpus, low=0.15, high=0.85, tracer=tracer)
    assert first.n_reviews == tiny_corpus.n_test
    assert any(name.startswith("saturation_") for name in _cache_files())

    again = saturation(bundle, tiny_corpus, low=0.15, high=0.85, tracer=tracer, progress=_boom)
    assert again.to_json() == first.to_json()


@pytest.mark.parametrize(
    "analysis",
    [
        lambda b, c, **kw: saturation(b, c, low=0.05, high=0.95, **kw),
        lambda b, c, **kw: unit_search(b, c, 0, "h", 0, 0.0, **kw),
        lambda b, c, **kw: words_per_unit(b, c, **kw),
    ],
    ids=["saturation", "unit_search", "words_per_unit"],
)
def test_interrupted_pass_leaves_no_cache_file(analysis, lstm, tiny_corpus):
    bundle, tracer = lstm
    before = _cache_files()
    calls = []

    def progress(done, total):
        calls.append(done)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        analysis(bundle, tiny_corpus, batch_size=16, progress=progress, tracer=tracer)
    assert len(calls) == 2
    assert _cache_files() == before
    assert list((_common.cache_dir() / "analysis").glob("*partial*")) == []


def _boom(*args, **kwargs):
    raise AssertionError("recomputed despite the cache")


def test_analysis_caches_are_keyed_by_the_model_files_content(
    lstm, tiny_corpus, tmp_path, monkeypatch
):
    bundle, tracer = lstm
    first = saturation(bundle, tiny_corpus, low=0.12, high=0.88, tracer=tracer)
    copy = tmp_path / "copy"
    shutil.copytree(bundle.path, copy)
    moved = dataclasses.replace(bundle, path=copy)  # the same bytes elsewhere: a hit
    hit = saturation(moved, tiny_corpus, low=0.12, high=0.88, progress=_boom)
    assert hit.to_json() == first.to_json()
    assert _common.model_digest(moved) == files.model_stamp(copy)  # the app's key too
    retrained = tmp_path / "retrained.keras"
    retrained.write_bytes((copy / "model.keras").read_bytes() + b"\0")
    retrained.replace(copy / "model.keras")  # other bytes: a miss
    with pytest.raises(AssertionError, match="recomputed"):
        saturation(moved, tiny_corpus, low=0.12, high=0.88, tracer=tracer, progress=_boom)


def test_saturation_epochs_match_a_fresh_model_per_epoch(lstm, tiny_corpus):
    import keras

    bundle, _ = lstm
    history = saturation_epochs(bundle, tiny_corpus, n_reviews=12, bins=5, seed=3, cache=False)
    files = sat_mod.epoch_files(bundle.path)
    assert history.epochs == [e for e, _ in files] == [1, 2]
    assert len(history.review_rows) == 12
    for (_, weights), got in zip(files, history.per_epoch, strict=True):
        model = keras.models.clone_model(bundle.model)
        model.load_weights(weights)
        want = compute_saturation(Tracer(model), tiny_corpus.x_test[history.review_rows], bins=5)
        for a, b in zip(got.gates, want.gates, strict=True):
            np.testing.assert_allclose(a.left, b.left)
            np.testing.assert_allclose(a.right, b.right)
            assert np.array_equal(a.hist, b.hist)
    again = SaturationHistory.from_json(history.to_json())
    assert again.to_json() == history.to_json()
    rows = list(csv.DictReader(io.StringIO(history.to_csv(), newline="")))
    n_units = sum(g.units for g in history.per_epoch[0].gates)
    assert [int(r["epoch"]) for r in rows] == [1] * n_units + [2] * n_units
    assert rows[n_units]["model"] == f"{bundle.name} epoch 2"
    assert float(rows[0]["left"]) == pytest.approx(history.per_epoch[0].gates[0].left[0], abs=1e-6)


def test_tracer_load_weights_updates_the_twin_like_a_fresh_model(gru, tiny_corpus):
    import keras

    bundle, _ = gru
    tracer = Tracer(keras.models.clone_model(bundle.model))
    x = tiny_corpus.x_test[:4]
    probs = []
    for _, weights in sat_mod.epoch_files(bundle.path):
        tracer.load_weights(weights)
        per_layer, prob = tracer.run(x)
        fresh = keras.models.clone_model(bundle.model)
        fresh.load_weights(weights)
        want_layers, want_prob = Tracer(fresh).run(x)
        np.testing.assert_allclose(prob, want_prob, atol=1e-6)
        for got, want in zip(per_layer, want_layers, strict=True):
            for gate in got:
                np.testing.assert_allclose(got[gate], want[gate], atol=1e-6)
        probs.append(prob)
    assert len(probs) == 2 and not np.allclose(probs[0], probs[1])


def test_saturation_epochs_without_kept_epochs_is_a_clear_error(lstm, tiny_corpus):
    bundle, _ = lstm
    with pytest.raises(NoEpochsError, match="keep-epochs"):
        saturation_epochs(dataclasses.replace(bundle, path=None), tiny_corpus)


def test_corpus_for_missing_dataset_raises_dataset_error(lstm, tmp_path):
    with pytest.raises(DatasetError, match="not found"):
        corpus_for(lstm[0], tmp_path / "nowhere")


def test_corpus_for_loads_the_models_vocabulary(lstm, tiny_imdb):
    corpus = corpus_for(lstm[0], tiny_imdb)
    assert corpus.vocab.words == lstm[0].vocab.words


# --------------------------------------------------------------------------- #
# Unit search
# --------------------------------------------------------------------------- #
def _runs_brute_force(values, is_pad, threshold, above):
    runs, start = [], None
    for t, v in enumerate(list(values) + [None]):
        on = v is not None and not is_pad[t] and (v > threshold if above else v < threshold)
        if on and start is None:
            start = t
        elif not on and start is not None:
            runs.append((start, t - 1))
            start = None
    return runs


def test_find_runs_finds_maximal_runs_per_row():
    on = np.array([[1, 1, 0, 1], [0, 0, 0, 0], [1, 1, 1, 1]], bool)
    rows, starts, ends = find_runs(on)
    assert list(zip(rows, starts, ends, strict=True)) == [(0, 0, 1), (0, 3, 3), (2, 0, 3)]


@pytest.mark.parametrize("above", [True, False])
def test_unit_search_matches_runs_found_in_single_traces(model, tiny_corpus, above):
    bundle, tracer = model
    n = 25
    layer = len(tracer.cells) - 1
    gate, unit = "h", 1
    traces = _traces(tracer, tiny_corpus, _common.subset(tiny_corpus, n))
    values = np.sort(
        np.concatenate([t.layers[layer].gates[gate][~t.is_pad, unit] for t in traces.values()])
    )
    # a threshold near the median, in the widest gap between neighbouring values, so
    # float noise between batched and single traces cannot move a value across it
    middle = np.arange(len(values) // 3, 2 * len(values) // 3)
    k = middle[np.argmax(values[middle + 1] - values[middle])]
    threshold = float((values[k] + values[k + 1]) / 2)
    result = unit_search(
        bundle,
        tiny_corpus,
        layer,
        gate,
        unit,
        threshold,
        above=above,
        top=8,
        context=3,
        limit=n,
        batch_size=6,
        tracer=tracer,
        cache=False,
    )
    want = []
    for i, t in traces.items():
        for s, e in _runs_brute_force(
            t.layers[layer].gates[gate][:, unit], t.is_pad, threshold, above
        ):
            want.append((-(e - s + 1), i, s, e))
    assert result.n_runs == len(want) and result.n_reviews == n
    want.sort()
    assert [(m.review, m.start, m.end) for m in result.matches] == [w[1:] for w in want[:8]]
    for m in result.matches:
        t = traces[m.review]
        assert m.phrase == t.tokens[m.start : m.end + 1]
        before = slice(max(0, m.start - 3), m.start)
        assert m.before == [
            tok for tok, pad in zip(t.tokens[before], t.is_pad[before], strict=True) if not pad
        ]
        assert m.after == t.tokens[m.end + 1 : m.end + 4]
        assert m.label == tiny_corpus.y_test[m.review]
        assert m.prediction == pytest.approx(t.prediction, abs=1e-6)
        assert m.mean_value == pytest.approx(
            t.layers[layer].gates[gate][m.start : m.end + 1, unit].mean(), abs=1e-5
        )


def test_unit_search_by_percentile_of_the_units_real_words(lstm, tiny_corpus):
    bundle, tracer = lstm
    n = 20
    traces = _traces(tracer, tiny_corpus, _common.subset(tiny_corpus, n))
    values = np.concatenate([t.layers[1].gates["c"][~t.is_pad, 2] for t in traces.values()])
    kw = dict(top=50, limit=n, tracer=tracer, cache=False)
    top = unit_search(bundle, tiny_corpus, 1, "c", 2, 90.0, percentile=True, **kw)
    assert top.percentile and top.threshold == 90.0
    assert top.cut == pytest.approx(np.percentile(values, 90), abs=1e-5)  # padding left out
    same = unit_search(bundle, tiny_corpus, 1, "c", 2, top.cut, **kw)
    assert [(m.review, m.start, m.end) for m in same.matches] == [
        (m.review, m.start, m.end) for m in top.matches
    ]
    on = sum(m.length for m in top.matches)
    assert top.n_runs == len(top.matches) and on == pytest.approx(0.1 * len(values), abs=2)
    low = unit_search(bundle, tiny_corpus, 1, "c", 2, 10.0, above=False, percentile=True, **kw)
    assert low.cut < top.cut and all(m.mean_value < low.cut for m in low.matches)
    assert UnitSearch.from_json(top.to_json()).to_json() == top.to_json()
    assert same.cut == same.threshold and not same.percentile
    with pytest.raises(NoSuchUnitError, match="between 0 and 100"):
        unit_search(bundle, tiny_corpus, 1, "c", 2, 101.0, percentile=True, **kw)


def test_unit_search_is_its_compute_function_over_the_sample(gru, tiny_corpus):
    bundle, tracer = gru
    rows = _common.subset(tiny_corpus, 30)
    direct = compute_unit_search(
        tracer,
        tiny_corpus,
        rows,
        1,
        "h",
        2,
        0.0,
        above=False,
        top=6,
        context=2,
        batch_size=7,
        model=bundle.name,
    )
    wrapped = unit_search(
        bundle, tiny_corpus, 1, "h", 2, 0.0, above=False, top=6, context=2, limit=30, tracer=tracer
    )
    assert wrapped.to_json() == direct.to_json()
    assert {m.review for m in direct.matches} <= set(rows.tolist())
    assert direct.n_reviews == 30 and direct.layer_name == tracer.layer_names[1]


def test_unit_search_rejects_unknown_gate_and_unit(lstm, tiny_corpus):
    bundle, tracer = lstm
    with pytest.raises(ValueError, match="no gate 'z'"):
        unit_search(bundle, tiny_corpus, 0, "z", 0, 0.5, tracer=tracer)
    with pytest.raises(ValueError, match="unit must be"):
        unit_search(bundle, tiny_corpus, 0, "h", 4, 0.5, tracer=tracer)
    with pytest.raises(ValueError, match="layer must be"):
        unit_search(bundle, tiny_corpus, 2, "h", 0, 0.5, tracer=tracer)


def test_unit_search_json_csv_and_cache(gru, tiny_corpus, monkeypatch):
    bundle, tracer = gru
    result = unit_search(bundle, tiny_corpus, 0, "z", 0, 0.5, top=5, tracer=tracer)
    assert UnitSearch.from_json(result.to_json()).to_json() == result.to_json()
    lines = result.to_csv().splitlines()
    assert lines[0] == "review,start,end,length,mean_value,before,phrase,after,label,prediction"
    assert len(lines) == 1 + len(result.matches)
    assert any(p.startswith("unit_search_") for p in _cache_files())
    again = unit_search(bundle, tiny_corpus, 0, "z", 0, 0.5, top=5, tracer=tracer, progress=_boom)
    assert again.to_json() == result.to_json()


def test_unit_search_table_shows_the_matches_in_korean_and_csv_stays_english(gru, tiny_corpus):
    from rnn_viz import i18n
    from rnn_viz.analysis import column_labels
    from rnn_viz.i18n import ko

    bundle, tracer = gru
    result = unit_search(bundle, tiny_corpus, 0, "z", 0, 0.5, top=5, tracer=tracer)
    assert result.matches
    with i18n.use_language("ko"):
        rows = result.table()
        csv_text = result.to_csv()
        headers = column_labels(rows[0])
    for row, m in zip(rows, result.matches, strict=True):
        assert row["label"] == ko.TEXT["ui.positive" if m.label else "ui.negative"]
        assert (row["review"], row["steps"], row["p(positive)"]) == (
            m.review,
            f"{m.start}–{m.end}",
            m.prediction,
        )
    assert headers["mean_value"] == ko.TEXT["analysis.col.mean_value"]
    assert csv_text == result.to_csv()  # files keep their English columns and values


# --------------------------------------------------------------------------- #
# Words per unit
# --------------------------------------------------------------------------- #
def test_words_per_unit_matches_brute_force_state_changes(model, tiny_corpus):
    bundle, tracer = model
    n = 20
    result = words_per_unit(bundle, tiny_corpus, limit=n, batch_size=6, tracer=tracer, cache=False)
    traces = _traces(tracer, tiny_corpus, _common.subset(tiny_corpus, n)).values()
    states = ("h", "c") if tracer.cell_kinds[0] == "lstm" else ("h",)
    assert result.keys == [f"layer{k + 1}/{s}" for k in range(len(tracer.cells)) for s in states]
    sums, counts = {}, {}
    for t in traces:
        for step in range(t.T):
            if t.is_pad[step]:
                continue
            w = int(t.ids[step])
            counts[w] = counts.get(w, 0) + 1
            for k, layer in enumerate(t.layers):
                for s in states:
                    prev = layer.gates[s][step - 1] if step else np.zeros(layer.units)
                    key = f"layer{k + 1}/{s}"
                    sums[key, w] = sums.get((key, w), 0) + (layer.gates[s][step] - prev)
    assert {int(i): int(result.counts[i]) for i in np.flatnonzero(result.counts)} == counts
    for (key, w), total in sums.items():
        np.testing.assert_allclose(result.mean[key][w], total / counts[w], atol=1e-5)
    unseen = np.flatnonzero(result.counts == 0)
    assert all(np.isnan(result.mean[key][unseen]).all() for key in result.keys)


def test_words_per_unit_table_top_and_csv(lstm, tiny_corpus, monkeypatch):
    bundle, tracer = lstm
    result = words_per_unit(bundle, tiny_corpus, tracer=tracer)
    key = "layer2/h"
    rows = result.table(key, min_count=5)
    assert rows and all(r["count"] >= 5 for r in rows)
    assert [r["count"] for r in rows] == sorted((r["count"] for r in rows), reverse=True)
    by_unit = result.table(key, min_count=5, sort_unit=2)
    vals = [r["delta"][2] for r in by_unit]
    assert vals == sorted(vals, reverse=True)
    raisers, lowerers = result.top(key, 2, n=3, min_count=5)
    assert raisers[0][0] == by_unit[0]["word"] and lowerers[0][0] == by_unit[-1]["word"]
    lines = result.to_csv(min_count=5).splitlines()
    assert lines[0].startswith("word,id,count,layer1/h[0],layer1/h[1]")
    assert len(lines) == 1 + len(rows)
    # cached as .npz, read back identical
    assert any(p.startswith("words_per_unit_") for p in _cache_files())
    again = words_per_unit(bundle, tiny_corpus, tracer=tracer, progress=_boom)
    assert again.to_json(5) == result.to_json(5)


def test_reviews_with_word_counts_occurrences(tiny_corpus):
    found = reviews_with_word(tiny_corpus, "Great", limit=1000)
    wid = tiny_corpus.vocab.ids(["great"])[0]
    direct = {
        i: int((tiny_corpus.x_test[i] == wid).sum())
        for i in range(tiny_corpus.n_test)
        if (tiny_corpus.x_test[i] == wid).any()
    }
    assert dict(found) == direct
    assert [c for _, c in found] == sorted(direct.values(), reverse=True)
    assert len(reviews_with_word(tiny_corpus, "great", limit=2)) == 2
    with pytest.raises(ValueError, match="not in the model's vocabulary"):
        reviews_with_word(tiny_corpus, "zyzzyva")


# --------------------------------------------------------------------------- #
# Integrated gradients
# --------------------------------------------------------------------------- #
def test_attribution_is_complete_and_matches_the_model(model, tiny_corpus):
    bundle, tracer = model
    attributor = Attributor(bundle.model)
    for i in (0, 1, tiny_corpus.n_test - 1):
        enc = bundle.vocab.encode(tiny_corpus.text("test", i))
        result = attributor.attribute(enc, steps=32, tol=0.05)
        assert result.scores.shape == (len(enc.ids),)
        assert result.prediction == pytest.approx(
            float(bundle.model(enc.ids[None])[0, 0]), abs=1e-5
        )
        baseline = np.zeros_like(enc.ids)[None]
        assert result.baseline == pytest.approx(float(bundle.model(baseline)[0, 0]), abs=1e-5)
        total = result.scores.sum()
        assert abs(total - (result.prediction - result.baseline)) <= max(
            0.05 * abs(result.prediction - result.baseline), 1e-6
        )
        assert result.complete(0.05)
        # the padding embedding is the baseline: padding steps get nothing
        np.testing.assert_allclose(result.scores[enc.is_pad], 0.0, atol=1e-7)


def test_attribution_of_one_token_equals_a_direct_riemann_sum(gru, tiny_corpus):
    import tensorflow as tf

    bundle, _ = gru
    attributor = Attributor(bundle.model)
    enc = bundle.vocab.encode("great boring film")
    steps = 8
    result = attributor.attribute(enc, steps=steps, tol=1.0)  # no doubling
    assert result.steps == steps
    emb = bundle.model.get_layer("embedding")
    x = np.asarray(emb(enc.ids[None]))[0]
    base = np.asarray(emb(np.zeros_like(enc.ids)[None]))[0]
    grads = []
    for a in np.linspace(0, 1, steps + 1):
        point = tf.constant((base + a * (x - base))[None].astype(np.float32))
        with tf.GradientTape() as tape:
            tape.watch(point)
            h = point
            for layer in bundle.model.layers[1:]:
                h = layer(h)
            out = tf.reduce_sum(h)
        grads.append(tape.gradient(out, point).numpy()[0])
    avg = (np.sum(grads[1:-1], axis=0) + (grads[0] + grads[-1]) / 2) / steps
    np.testing.assert_allclose(result.scores, ((x - base) * avg).sum(-1), atol=1e-5)


def test_attribution_doubles_steps_until_complete(lstm):
    bundle, _ = lstm
    encoded = bundle.vocab.encode("awful great awful boring fun")
    # The tiny model barely moves p (~1e-4), so one trapezoid is already within the
    # completeness floor. A copy whose readout puts the text and the all-padding baseline
    # 3 logits apart, either side of 0, makes the path curved for real.
    model = keras.models.clone_model(bundle.model)
    model.set_weights(bundle.model.get_weights())
    body = keras.Sequential(model.layers[:-1])
    kernel, _ = model.layers[-1].get_weights()
    h = np.asarray(body(np.stack([encoded.ids, np.zeros_like(encoded.ids)])))
    text, baseline = (h @ kernel)[:, 0]
    scale = 3.0 / (text - baseline)
    model.layers[-1].set_weights([kernel * scale, -scale * (text + baseline) / 2 * np.ones(1)])
    result = Attributor(model).attribute(encoded, steps=1, tol=1e-3, max_steps=64)
    assert abs(result.delta) > 0.5  # p moves from ~0.18 to ~0.82
    assert result.steps in (2, 4, 8, 16, 32, 64)  # doubled from 1 at least once
    assert result.complete(1e-3) or result.steps == 64


def test_attribution_and_json_csv_formats(lstm):
    bundle, _ = lstm
    result = Attributor(bundle.model).attribute(bundle.vocab.encode("A great, great film!"))
    import csv
    import io

    rows = list(csv.reader(io.StringIO(result.to_csv())))
    assert rows[0] == ["step", "token", "id", "attribution"]
    assert [r[1] for r in rows[1:]] == ["A", "great,", "great", "film!"]
    np.testing.assert_allclose(
        [float(r[3]) for r in rows[1:]], result.scores[~result.is_pad], rtol=1e-6
    )
    data = result.to_json()
    assert [t["token"] for t in data["tokens"]] == ["A", "great,", "great", "film!"]
    assert data["relative_error"] <= 0.05


def test_attribution_of_empty_text_is_refused_as_having_no_readable_word(lstm):
    with pytest.raises(NoReadableWordError):
        Attributor(lstm[0].model).attribute(lstm[0].vocab.encode("?!"))


# --------------------------------------------------------------------------- #
# What-if
# --------------------------------------------------------------------------- #
def test_edit_text_replaces_deletes_and_inserts_words():
    text = "A great film, really."
    assert edit_text(text, "replace", 1, "awful") == "A awful film, really."
    assert edit_text(text, "delete", 0) == "great film, really."
    assert edit_text(text, "insert", 4, "wow") == "A great film, really. wow"
    assert edit_text(text, "insert", 0, "Not") == "Not A great film, really."
    with pytest.raises(EditError, match="between 0 and 3 for replace"):
        edit_text(text, "replace", 4, "x")
    with pytest.raises(EditError, match="Type the new word to insert"):
        edit_text(text, "insert", 1, " ")
    with pytest.raises(EditError, match="must be one of"):
        edit_text(text, "swap", 1, "x")


def test_compare_traces_differences_align_from_the_end(model):
    bundle, tracer = model
    a_text = "the film was great and fun"
    b_text = edit_text(a_text, "replace", 3, "awful")
    result = compare_traces(tracer, bundle.vocab, a_text, b_text)
    a = tracer.trace(bundle.vocab.encode(a_text))
    b = tracer.trace(bundle.vocab.encode(b_text))
    T = a.T
    for k in range(len(a.layers)):
        for gate in a.layers[k].gate_names:
            np.testing.assert_allclose(
                result.diff[k][gate], b.layers[k].gates[gate] - a.layers[k].gates[gate]
            )
    assert result.changed_steps.tolist() == [T - 3]
    # before the edit nothing differs; at the edit the first layer's input gates move
    before = slice(None, T - 3)
    assert all(
        np.abs(result.diff[k][g][before]).max() < 1e-6
        for k in range(len(a.layers))
        for g in result.diff[k]
    )
    assert np.abs(result.max_abs_diff()[T - 3]) > 0
    assert result.change == pytest.approx(b.prediction - a.prediction)
    np.testing.assert_allclose(result.prob_diff, b.prob - a.prob)
    assert result.start == T - 6
    lines = result.to_csv().splitlines()
    assert lines[0].startswith("step,token_a,token_b,prob_a,prob_b,prob_diff,layer1/")
    assert len(lines) == 1 + 6
    assert lines[4].split(",")[1:3] == ["great", "awful"]
    data = result.to_json()
    assert data["changed_steps"] == [T - 3] and len(data["steps"]) == 6


def test_compare_traces_with_an_insertion_keeps_lengths(lstm):
    bundle, tracer = lstm
    a_text = "great film"
    result = compare_traces(tracer, bundle.vocab, a_text, edit_text(a_text, "insert", 0, "not"))
    assert result.start == result.a.T - 3
    assert result.b.tokens[-3:] == ["not", "great", "film"]


# --------------------------------------------------------------------------- #
# Any depth and width
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("cell,layers,units", [("lstm", 1, 3), ("gru", 3, 5)])
def test_every_analysis_handles_other_depths_and_widths(cell, layers, units, tiny_corpus):
    from rnn_viz.core.models import ModelBundle, build_model
    from rnn_viz.core.recipes import Recipe

    recipe = Recipe(
        cell=cell, layers=layers, units=units, embedding_dim=4, vocab_size=60, maxlen=40
    )
    bundle = ModelBundle(build_model(recipe), tiny_corpus.vocab, f"{cell}{layers}")
    tracer = Tracer(bundle.model)
    sat = saturation(bundle, tiny_corpus, limit=10, tracer=tracer)  # unsaved: not cached
    gates = ("i", "f", "o") if cell == "lstm" else ("z", "r")
    assert [(g.layer, g.gate) for g in sat.gates] == [(k, g) for k in range(layers) for g in gates]
    assert all(g.units == units for g in sat.gates)
    found = unit_search(
        bundle, tiny_corpus, layers - 1, "h", units - 1, 0.0, limit=10, tracer=tracer
    )
    assert found.layer_name == tracer.layer_names[-1]
    wpu = words_per_unit(bundle, tiny_corpus, limit=10, tracer=tracer)
    assert len(wpu.keys) == layers * (2 if cell == "lstm" else 1)
    assert all(m.shape == (len(tiny_corpus.vocab), units) for m in wpu.mean.values())
    attr = Attributor(bundle.model).attribute(bundle.vocab.encode("great movie"))
    assert attr.complete(0.05)
    diff = compare_traces(tracer, bundle.vocab, "great movie", "awful movie")
    assert len(diff.diff) == layers


def test_a_limited_analysis_reads_a_fixed_sample_of_both_labels(tiny_corpus):
    rows = _common.subset(tiny_corpus, 20)
    assert len(rows) == 20 and list(rows) == sorted(set(rows.tolist()))
    assert 0 < tiny_corpus.y_test[rows].mean() < 1  # the test set is sorted by label
    np.testing.assert_array_equal(rows, _common.subset(tiny_corpus, 20))
    assert list(_common.subset(tiny_corpus, None)) == list(range(tiny_corpus.n_test))
