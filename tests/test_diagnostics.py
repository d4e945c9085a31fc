"""Diagnostics (rnn_viz.analysis.metrics, state_space, probes, flips) against
independent computations from the tiny models trained for real."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from rnn_viz.analysis import metrics as dm
from rnn_viz.analysis.flips import FlipSearcher
from rnn_viz.analysis.probes import sentiment_units
from rnn_viz.analysis.state_space import final_states, state_space
from rnn_viz.core.capabilities import CapabilityError, capabilities
from rnn_viz.core.capture import Tracer
from rnn_viz.core.errors import NoReadableWordError
from rnn_viz.core.models import load_model_dir
from rnn_viz.core.text import words


@pytest.fixture(scope="module")
def lstm(tiny_lstm_dir):
    return load_model_dir(tiny_lstm_dir)


@pytest.fixture(scope="module")
def gru(tiny_gru_dir):
    return load_model_dir(tiny_gru_dir)


def _predict(bundle, x) -> np.ndarray:
    return np.asarray(bundle.model.predict(x, verbose=0))[:, 0].astype(np.float64)


def _auc(y, score) -> float:
    """Mann-Whitney: the chance that a positive review scores above a negative one."""
    pos, neg = score[y == 1], score[y == 0]
    diff = pos[:, None] - neg[None, :]
    return float(((diff > 0) + 0.5 * (diff == 0)).mean())


def _average_precision(y, score) -> float:
    order = np.argsort(-score, kind="stable")
    hits = y[order] == 1
    precision_at = np.cumsum(hits) / np.arange(1, len(y) + 1)
    return float(precision_at[hits].mean())


def test_metrics_match_numpy_from_model_predict(lstm, tiny_corpus):
    y = tiny_corpus.y_test.astype(int)
    p = _predict(lstm, tiny_corpus.x_test)
    m = dm.heldout_metrics(lstm, tiny_corpus, cache=False)
    pred = (p >= 0.5).astype(int)
    assert m.n == len(y)
    assert m.accuracy == pytest.approx((pred == y).mean())
    count = lambda t, q: int(((y == t) & (pred == q)).sum())  # noqa: E731
    assert m.confusion == [[count(0, 0), count(0, 1)], [count(1, 0), count(1, 1)]]
    assert m.brier == pytest.approx(((p - y) ** 2).mean(), rel=1e-5)
    assert m.roc_auc == pytest.approx(_auc(y, p), abs=1e-6)
    assert m.average_precision == pytest.approx(_average_precision(y, p), abs=1e-6)
    assert sum(m.cal_count) == len(y)
    assert all(0 <= v <= 1 for v in m.cal_true + m.cal_pred)


def test_length_buckets_count_tokenized_words_and_give_cut_reviews_their_own(lstm, tiny_corpus):
    y = tiny_corpus.y_test.astype(int)
    right = (_predict(lstm, tiny_corpus.x_test) >= 0.5).astype(int) == y
    n_words = np.array(
        [len(tiny_corpus.text("test", i).replace("<br />", " ").split()) for i in range(len(y))]
    )
    m = dm.heldout_metrics(lstm, tiny_corpus, cache=False)
    maxlen = lstm.vocab.maxlen
    assert m.buckets[-1].high is None and m.buckets[-1].low == maxlen + 1
    assert "cut" in m.buckets[-1].label
    assert sum(b.n for b in m.buckets) == len(y)
    # the tiny reviews are words, punctuation and <br />: their words are split()
    assert np.array_equal(dm.heldout_word_counts(tiny_corpus), n_words)
    assert m.buckets[-1].n == int((n_words > maxlen).sum()) > 0
    for b in m.buckets:
        inside = (n_words >= b.low) & (n_words <= (b.high or 10**9))
        assert b.n == inside.sum()
        assert b.accuracy == (pytest.approx(right[inside].mean()) if b.n else None)


def test_metrics_are_cached_with_the_predictions(lstm, tiny_corpus, monkeypatch):
    first = dm.heldout_metrics(lstm, tiny_corpus)
    monkeypatch.setattr(dm, "compute_metrics", lambda *a, **k: pytest.fail("not cached"))
    again = dm.heldout_metrics(lstm, tiny_corpus)
    assert again == first


def test_a_model_without_a_probability_head_has_no_metrics(tiny_corpus):
    inputs = keras.Input((tiny_corpus.vocab.maxlen,), dtype="int32")
    x = keras.layers.Embedding(len(tiny_corpus.vocab), 4)(inputs)
    x = keras.layers.LSTM(3)(x)
    model = keras.Model(inputs, keras.layers.Dense(1)(x))
    with pytest.raises(CapabilityError, match="linear has no test metrics.*not a probability"):
        capabilities(model).require("readout", "pkg.cap.metrics", name="linear")
    with pytest.raises(CapabilityError):
        FlipSearcher(model, tiny_corpus.vocab)


def test_disagreement_partitions_reviews_and_matches_numpy(lstm, gru, tiny_corpus):
    y = tiny_corpus.y_test.astype(int)
    ra = (_predict(lstm, tiny_corpus.x_test) >= 0.5) == y
    rb = (_predict(gru, tiny_corpus.x_test) >= 0.5) == y
    d = dm.disagreement(lstm, gru, tiny_corpus)
    assert d.counts() == {
        "only_a_right": int((ra & ~rb).sum()),
        "only_b_right": int((rb & ~ra).sum()),
        "both_wrong": int((~ra & ~rb).sum()),
        "both_right": int((ra & rb).sum()),
    }
    every = np.concatenate([d.rows(k) for k in dm.DISAGREEMENT_KINDS])
    assert sorted(every.tolist()) == list(range(len(y)))
    rows = d.rows("both right", label=1)
    assert (y[rows] == 1).all() and (ra & rb)[rows].all()
    gaps = np.abs(d.prob_a - d.prob_b)[rows]
    assert (np.diff(gaps) <= 0).all()
    n_words = dm.heldout_word_counts(tiny_corpus)
    short = d.rows("both right", n_words=n_words, min_words=10, max_words=20)
    assert ((n_words[short] >= 10) & (n_words[short] <= 20)).all()
    with pytest.raises(dm.DiagnosticsError):
        d.rows("neither")


def test_final_states_are_the_traced_states_after_the_last_word(lstm, tiny_corpus):
    tracer = Tracer(lstm.model, jit_compile=False)
    states = final_states(lstm, tiny_corpus, limit=12, cache=False, tracer=tracer)
    assert states.n == 12 and set(states.states) == {"layer1/h", "layer1/c", "layer2/h", "layer2/c"}
    for j in (0, 7):
        trace = tracer.trace(lstm.vocab.encode(tiny_corpus.text("test", int(states.rows[j]))))
        for k, layer in enumerate(trace.layers, start=1):
            np.testing.assert_allclose(
                states.states[f"layer{k}/h"][j], layer.gates["h"][-1], atol=1e-6
            )
            np.testing.assert_allclose(
                states.states[f"layer{k}/c"][j], layer.gates["c"][-1], atol=1e-6
            )
        assert states.prob[j] == pytest.approx(trace.prediction, abs=1e-6)
    assert (states.labels == tiny_corpus.y_test[states.rows]).all()


def test_state_space_pca_variance_and_trajectory(gru, tiny_corpus):
    tracer = Tracer(gru.model, jit_compile=False)
    states = final_states(gru, tiny_corpus, limit=None, cache=False, tracer=tracer)
    space = state_space(states)
    h = states.states["layer2/h"].astype(np.float64)
    s = np.linalg.svd(h - h.mean(axis=0), compute_uv=False)
    np.testing.assert_allclose(space.explained, s**2 / (s**2).sum(), atol=1e-6)
    assert space.points.shape == (states.n, 2)
    j = 5
    trace = tracer.trace(gru.vocab.encode(tiny_corpus.text("test", int(states.rows[j]))))
    path = space.trajectory(trace)
    assert len(path) == trace.T - trace.first_real
    np.testing.assert_allclose(path[-1], space.points[j], atol=1e-5)


def test_sentiment_units_auc_and_probes(lstm, tiny_corpus):
    states = final_states(lstm, tiny_corpus, limit=None, cache=False)
    units = sentiment_units(states, folds=4)
    y = states.labels
    assert len(units.units) == 2 * 2 * 4  # layers × (h, c) × units
    for u in units.units:
        values = states.states[u.key][:, u.unit]
        assert u.auc == pytest.approx(_auc(y, values.astype(np.float64)), abs=1e-6)
        assert u.example == states.rows[np.argmax(values) if u.auc >= 0.5 else np.argmin(values)]
    seps = [u.separation for u in units.units]
    assert seps == sorted(seps, reverse=True) and units.best() is units.units[0]
    assert {p.key for p in units.probes} == set(states.states)
    assert all(0 <= p.accuracy <= 1 and p.folds == 4 for p in units.probes)


def test_best_unit_comes_with_bootstrap_intervals_and_how_often_it_is_best(lstm, tiny_corpus):
    from rnn_viz.analysis import probes

    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 300)
    x = np.stack([y + rng.normal(0, s, 300) for s in (0.5, 0.52, 3.0)], axis=1)
    aucs = probes.bootstrap_aucs(x, y, n=50, seed=3)
    assert aucs.shape == (50, 3)
    assert np.array_equal(aucs, probes.bootstrap_aucs(x, y, n=50, seed=3))  # seeded
    rows = np.random.default_rng(3).integers(0, 300, 300)  # the first resample, by hand
    assert aucs[0] == pytest.approx([_auc(y[rows], x[rows, u]) for u in range(3)], abs=1e-12)
    states = final_states(lstm, tiny_corpus, limit=None, cache=False)
    units = sentiment_units(states, folds=4)
    assert sum(u.best_share for u in units.units) == pytest.approx(1.0)
    for u in units.units:
        assert u.low <= u.high and 0 <= u.best_share <= 1
        assert u.low - 0.05 <= u.auc <= u.high + 0.05  # the sample's AUC near its interval
    listed = units.contenders(top=2)
    assert listed[:2] == units.units[:2] and all(
        u.best_share > 0 for u in listed[2:]
    )  # the others listed were the best in some resample
    assert {u.unit for u in units.units if u.best_share > 0} <= {u.unit for u in listed}


def test_sentiment_units_need_both_labels(lstm, tiny_corpus):
    states = final_states(lstm, tiny_corpus, limit=None, cache=False)
    one = np.flatnonzero(states.labels == 1)
    states.rows, states.labels = states.rows[one], states.labels[one]
    states.states = {k: v[one] for k, v in states.states.items()}
    with pytest.raises(dm.DiagnosticsError, match="positive and 2 negative"):
        sentiment_units(states)


def test_flip_search_reports_what_the_model_says_of_each_edit(lstm, tiny_corpus):
    searcher = FlipSearcher(lstm.model, lstm.vocab)
    text = tiny_corpus.text("test", 3)
    result = searcher.search(text, top_words=30, candidates=20, top=1000)
    n = len(words(text))
    first = max(0, n - lstm.vocab.maxlen)
    assert result.n_deletions == n - first
    assert result.prediction == pytest.approx(
        _predict(lstm, lstm.vocab.encode(text).ids[None])[0], abs=1e-6
    )
    edited = [e.apply(text) for e in result.edits]
    probs = _predict(lstm, np.stack([lstm.vocab.encode(t).ids for t in edited]))
    np.testing.assert_allclose([e.prob for e in result.edits], probs, atol=1e-5)
    for e, p in zip(result.edits, probs, strict=True):
        assert e.flips == ((p >= 0.5) != (result.prediction >= 0.5))
        assert e.change == pytest.approx(e.prob - result.prediction)
    sign = -1 if result.prediction >= 0.5 else 1
    moves = [sign * e.change for e in result.edits]
    assert moves == sorted(moves, reverse=True)
    # every deletion of a word the model reads is tried: compare with brute force
    ids = lstm.vocab.ids(words(text))
    brute = np.stack([lstm.vocab.pad(ids[:i] + ids[i + 1 :]) for i in range(first, n)])
    best = max(sign * (p - result.prediction) for p in _predict(lstm, brute))
    assert max(sign * e.change for e in result.edits if e.op == "delete") == pytest.approx(
        best, abs=1e-5
    )


def test_flip_search_refuses_text_with_no_word(lstm):
    with pytest.raises(NoReadableWordError, match="no word"):
        FlipSearcher(lstm.model, lstm.vocab).search("!!! ...")


def test_metrics_cli_matches_model_predict(
    tiny_lstm_dir, tiny_gru_dir, tiny_imdb, tiny_corpus, tmp_path, capsys
):
    import json

    from rnn_viz.cli import main

    out = tmp_path / "metrics.json"
    code = main(
        [
            "metrics",
            str(tiny_lstm_dir),
            "--data",
            str(tiny_imdb),
            "--against",
            str(tiny_gru_dir),
            "-o",
            str(out),
        ]
    )
    stdout = capsys.readouterr().out
    assert code == 0 and "Wrote" in stdout and "accuracy" in stdout
    data = json.loads(out.read_text("utf-8"))
    y = tiny_corpus.y_test.astype(int)
    pa = _predict(load_model_dir(tiny_lstm_dir), tiny_corpus.x_test)
    pb = _predict(load_model_dir(tiny_gru_dir), tiny_corpus.x_test)
    pred = (pa >= 0.5).astype(int)
    assert data["accuracy"] == pytest.approx((pred == y).mean())
    assert data["roc_auc"] == pytest.approx(_auc(y, pa), abs=1e-6)
    assert data["average_precision"] == pytest.approx(_average_precision(y, pa), abs=1e-6)
    assert data["brier"] == pytest.approx(((pa - y) ** 2).mean(), rel=1e-5)
    tn, fp = int(((pred == 0) & (y == 0)).sum()), int(((pred == 1) & (y == 0)).sum())
    fn, tp = int(((pred == 0) & (y == 1)).sum()), int(((pred == 1) & (y == 1)).sum())
    assert data["confusion"] == [[tn, fp], [fn, tp]]
    assert sum(b["n"] for b in data["length_buckets"]) == len(y)
    ra, rb = pred == y, (pb >= 0.5).astype(int) == y
    assert data["against"] == {
        "model": "tiny_gru2",
        "only_a_right": int((ra & ~rb).sum()),
        "only_b_right": int((rb & ~ra).sum()),
        "both_wrong": int((~ra & ~rb).sum()),
        "both_right": int((ra & rb).sum()),
    }


def test_metrics_cli_refuses_other_outputs_and_missing_data(tiny_lstm_dir, tmp_path, capsys):
    from rnn_viz.cli import main

    assert main(["metrics", str(tiny_lstm_dir), "-o", str(tmp_path / "m.csv")]) == 2
    assert ".json" in capsys.readouterr().err
    assert main(["metrics", str(tiny_lstm_dir), "--data", str(tmp_path / "none")]) == 2
    assert capsys.readouterr().err.startswith("error:")
    assert not (tmp_path / "m.csv").exists()


def test_flip_unit_and_bucket_text_reads_in_korean_under_stable_keys():
    from rnn_viz import i18n
    from rnn_viz.analysis import column_labels
    from rnn_viz.analysis.flips import Edit, FlipSearch
    from rnn_viz.analysis.probes import SentimentUnits, UnitScore
    from rnn_viz.i18n import en, ko

    edits = [
        Edit("delete", 3, 40, "great", None, 0.4, -0.4, True),
        Edit("replace", 5, 42, "fun", "dull", 0.6, -0.2, False),
    ]
    result = FlipSearch("text", 0.8, edits, 1, 1, 10, 30, 0.1)
    units = SentimentUnits("m", 10, [UnitScore("layer1/h", 0, "h", 2, 0.3, 7)], [])
    bucket = dm.LengthBucket(500, None, 3, 0.5)
    english = result.table()
    with i18n.use_language("ko"):
        rows, unit_rows = result.table(), units.table()
        assert result.target == ko.TEXT["ui.negative"]
        assert [r["edit"] for r in rows] == [
            ko.TEXT["analysis.flip.delete"].format(old="great", position=3),
            ko.TEXT["analysis.flip.replace"].format(old="fun", new="dull", position=5),
        ]
        assert unit_rows[0]["direction"] == ko.TEXT["analysis.units.higher_negative"]
        assert column_labels(rows[0]) == {k: ko.TEXT[f"analysis.col.{k}"] for k in rows[0]}
        assert bucket.label == ko.TEXT["analysis.bucket.cut"].format(longest=499)
    # the keys (what code and files use) are the same in every language
    assert [list(r) for r in rows] == [list(r) for r in english]
    assert english[0]["edit"] == en.TEXT["analysis.flip.delete"].format(old="great", position=3)
    assert bucket.words == "> 499 (cut)" and bucket.label == bucket.words
