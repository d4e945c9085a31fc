"""Models of more than two classes: the readout of every class, the analyses toward a
class, the metrics of K classes, and the pages, on a tiny 4-class model trained for real
(the tiny dataset by star band, ``tiny_stars_dir``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rnn_viz.cli import main
from rnn_viz.core.capabilities import capabilities
from rnn_viz.core.capture import Tracer
from rnn_viz.core.models import load_model_dir
from rnn_viz.datasets import label_text

TEXTS = [
    "The movie was great, the plot boring and the music wonderful.",
    "awful",
    "a dull mess of a film, really the worst",
]


def _predict(model, ids: np.ndarray) -> np.ndarray:
    """The model's own layers applied to ``(T',)`` ids (a prefix of what it reads)."""
    x = np.asarray(ids, np.int32)[None]
    for layer in model.layers:
        x = layer(x, training=False)
    return np.asarray(x)


@pytest.fixture(scope="module")
def stars(tiny_stars_dir):
    return load_model_dir(tiny_stars_dir)


@pytest.fixture(scope="module")
def stars_tracer(stars):
    return Tracer(stars.model, jit_compile=False, classes=stars.label_names)


def test_a_softmax_of_four_classes_has_a_readout_and_gradients(stars):
    caps = capabilities(stars.model)
    assert caps.readout and caps.gradients and caps.attribution
    assert stars.label_names == ("stars_1_2", "stars_3_4", "stars_7_8", "stars_9_10")


@pytest.mark.parametrize("text", TEXTS)
def test_the_readout_of_every_class_equals_predict_on_every_prefix(stars, stars_tracer, text):
    encoded = stars.vocab.encode(text)
    trace = stars_tracer.trace(encoded)
    assert trace.prob is not None and trace.prob.shape == (len(encoded.ids), 4)
    assert trace.classes == stars.label_names
    real = np.flatnonzero(~encoded.is_pad)
    # the model's own layers on the steps read up to t (the same padding in front)
    expected = np.concatenate([_predict(stars.model, encoded.ids[: t + 1]) for t in real])
    assert np.max(np.abs(trace.prob[real] - expected)) < 1e-6
    final = stars.model.predict(encoded.ids[None], verbose=0)
    assert np.max(np.abs(trace.prob[-1] - final[0])) < 1e-6
    assert trace.predicted_class == int(np.argmax(final[0]))
    assert np.allclose(trace.prob.sum(axis=1), 1, atol=1e-5)


def test_a_binary_trace_keeps_one_probability_per_step(tiny_lstm_dir):
    bundle = load_model_dir(tiny_lstm_dir)
    trace = Tracer(bundle.model, jit_compile=False).trace(bundle.vocab.encode("great fun"))
    assert trace.prob is not None and trace.prob.shape == (trace.T,)
    assert trace.classes == ("negative", "positive")
    assert np.allclose(trace.class_probs[:, 1], trace.prob)
    assert trace.predicted_class == int(trace.prob[-1] >= 0.5)


def test_the_trace_command_names_the_predicted_class_and_writes_every_class(
    tiny_stars_dir, tmp_path, capsys
):
    out = tmp_path / "t.npz"
    assert main(["trace", str(tiny_stars_dir), "boring and dull", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    with np.load(out) as f:
        assert f["prob"].shape == (40, 4)
        assert [str(c) for c in f["classes"]] == [
            "stars_1_2",
            "stars_3_4",
            "stars_7_8",
            "stars_9_10",
        ]
        top = int(np.argmax(f["prob"][-1]))
    names = ["1–2 stars", "3–4 stars", "7–8 stars", "9–10 stars"]
    assert f"prediction: {names[top]}" in printed


@pytest.mark.parametrize("cls", [0, 1, 2, 3])
def test_attribution_toward_each_class_is_complete(stars, cls):
    from rnn_viz.analysis.attribution import Attributor

    attributor = Attributor(stars.model)
    encoded = stars.vocab.encode(TEXTS[0])
    result = attributor.attribute(encoded, cls=cls, tol=0.01, max_steps=2048)
    assert result.target == cls
    # f is p(class cls): of the review and of the all-padding baseline
    p_text = stars.model.predict(encoded.ids[None], verbose=0)[0, cls]
    p_base = stars.model.predict(np.zeros_like(encoded.ids)[None], verbose=0)[0, cls]
    assert abs(result.prediction - p_text) < 1e-5 and abs(result.baseline - p_base) < 1e-5
    assert abs(result.scores.sum() - (p_text - p_base)) <= max(0.01 * abs(p_text - p_base), 1e-6)


def test_attribution_defaults_to_the_predicted_class(stars, stars_tracer):
    from rnn_viz.analysis.attribution import Attributor

    encoded = stars.vocab.encode(TEXTS[2])
    result = Attributor(stars.model).attribute(encoded)
    assert result.target == stars_tracer.trace(encoded).predicted_class


def test_flips_reach_another_class(stars):
    from rnn_viz.analysis.flips import FlipSearcher

    searcher = FlipSearcher(stars.model, stars.vocab, classes=stars.label_names)
    text = TEXTS[0]
    result = searcher.search(text, top_words=50, candidates=64)
    original = int(np.argmax(stars.model.predict(stars.vocab.encode(text).ids[None], verbose=0)))
    assert result.predicted == original and result.focus == original
    for edit in result.edits:
        edited = stars.vocab.encode(edit.apply(text)).ids[None]
        probs = stars.model.predict(edited, verbose=0)[0]
        assert abs(edit.prob - probs[original]) < 1e-5
        assert edit.predicted == int(np.argmax(probs))
        assert edit.flips == (edit.predicted != original)
    toward = (original + 1) % 4
    aimed = searcher.search(text, top_words=50, candidates=64, toward=toward)
    assert aimed.toward == toward and aimed.focus == toward
    assert all(e.flips == (e.predicted == toward) for e in aimed.edits)
    # the edits are sorted by how far they push p(toward) up
    changes = [e.change for e in aimed.edits]
    assert changes == sorted(changes, reverse=True)


def test_metrics_of_four_classes_are_scikit_learns(stars):
    from sklearn import metrics as skm

    from rnn_viz.analysis import testset
    from rnn_viz.analysis._common import corpus_for
    from rnn_viz.analysis.metrics import compute_heldout_metrics

    corpus = corpus_for(stars)
    probs = testset.heldout_predictions(stars, corpus)
    assert probs.shape == (corpus.n_test, 4)
    assert np.allclose(probs, stars.model.predict(corpus.x_test, verbose=0), atol=1e-6)
    result = compute_heldout_metrics(stars, corpus, np.arange(corpus.n_test))
    y, pred = corpus.y_test, np.argmax(probs, axis=1)
    assert result.accuracy == pytest.approx(np.mean(y == pred))
    assert result.confusion == skm.confusion_matrix(y, pred, labels=[0, 1, 2, 3]).tolist()
    assert np.asarray(result.confusion).shape == (4, 4)
    p, r, f, n = skm.precision_recall_fscore_support(y, pred, labels=[0, 1, 2, 3], zero_division=0)
    for k, row in enumerate(result.per_class):
        assert row["class"] == stars.label_names[k] and row["support"] == n[k]
        assert (row["precision"], row["recall"], row["f1"]) == pytest.approx((p[k], r[k], f[k]))
        assert row["roc_auc"] == pytest.approx(skm.roc_auc_score(y == k, probs[:, k]))
    assert result.averages["macro"]["f1"] == pytest.approx(np.mean(f))
    assert result.averages["micro"]["f1"] == pytest.approx(np.mean(y == pred))
    assert result.roc_auc == pytest.approx(skm.roc_auc_score(y, probs, multi_class="ovr"))
    table = result.class_table()
    assert [row["class"] for row in table[4:]] == ["macro avg", "micro avg", "weighted avg"]
    # review filters by predicted class and by right/wrong (argmax)
    wrong = testset.filter_test_reviews(corpus, outcome="wrong", probs=probs)
    assert list(wrong) == list(np.flatnonzero(pred != y))
    some = testset.filter_test_reviews(corpus, label=2, predicted=1, probs=probs)
    assert list(some) == list(np.flatnonzero((y == 2) & (pred == 1)))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_explorer_shows_every_class_and_names_the_predicted_one(app_env, tiny_stars_dir, lang):
    import json
    import shutil

    from streamlit.testing.v1 import AppTest

    from rnn_viz import i18n
    from rnn_viz.app.language import LANG
    from rnn_viz.datasets import label_text

    shutil.copytree(tiny_stars_dir, app_env / "user" / "stars")
    at = AppTest.from_file(
        str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=180
    )
    at.session_state[LANG] = lang
    at.run()
    at.switch_page("app_pages/1_Gate_explorer.py").run()
    picker = at.selectbox(key="model_label")
    picker.set_value(next(o for o in picker.options if o.startswith("stars "))).run()
    assert not at.exception, at.exception
    names = [label_text(n, lang) for n in ("stars_1_2", "stars_3_4", "stars_7_8", "stars_9_10")]
    metric = next(m for m in at.metric if m.label == i18n.t("ex.prediction_class", lang))
    assert metric.value in names
    proto = at.get("bidi_component")[0].proto
    data = json.loads(proto.json if proto.WhichOneof("data") == "json" else proto.mixed.json)
    view = data["views"][0]
    assert view["classes"] == names and len(view["class_probs"]) == 4
    lines = [d["name"] for d in view["figure"]["data"] if d.get("type") == "scatter"]
    assert lines == [f"p({n})" for n in names]


def test_attribution_cli_explains_the_class_asked_for(tiny_stars_dir, tmp_path, capsys):
    import json

    out = tmp_path / "attr.json"
    args = ["attribution", str(tiny_stars_dir), "boring and dull", "--class", "stars_9_10"]
    assert main([*args, "-o", str(out)]) == 0
    assert "p(9–10 stars)" in capsys.readouterr().out
    assert json.loads(out.read_text())["class"] == 3


def test_attribution_cli_of_a_binary_model_takes_negative(tiny_lstm_dir, capsys):
    assert main(["attribution", str(tiny_lstm_dir), "a great film", "--class", "negative"]) == 0
    assert "p(negative)" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["attribution", "flips"])
def test_a_class_the_model_lacks_is_one_error_line_listing_its_classes(
    tiny_stars_dir, capsys, command
):
    flag = "--class" if command == "attribution" else "--toward"
    assert main([command, str(tiny_stars_dir), "boring", flag, "positive"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:")
    assert "stars_1_2, stars_3_4, stars_7_8, stars_9_10" in err[0]


def test_flips_cli_reaches_the_class_asked_for(stars, tiny_stars_dir, tmp_path, capsys):
    import csv
    import json

    text = "The movie was great, the plot boring and the music wonderful."
    predicted = int(
        np.argmax(Tracer(stars.model, jit_compile=False).trace(stars.vocab.encode(text)).prob[-1])
    )
    toward = 3 if predicted != 3 else 0
    name = stars.label_names[toward]
    out = tmp_path / "flips.json"
    assert main(["flips", str(tiny_stars_dir), text, "--toward", name, "-o", str(out)]) == 0
    assert f"predicts {label_text(stars.label_names[predicted], 'en')}" in capsys.readouterr().out
    result = json.loads(out.read_text())
    assert result["classes"] == list(stars.label_names)
    assert (result["predicted"], result["toward"], result["focus"]) == (predicted, toward, toward)
    assert result["edits"] and all(
        e["flips"] == (e["predicted"] == toward) for e in result["edits"]
    )
    csv_out = tmp_path / "flips.csv"
    assert main(["flips", str(tiny_stars_dir), text, "--top", "3", "-o", str(csv_out)]) == 0
    rows = list(csv.DictReader(csv_out.open(encoding="utf-8")))
    assert 1 <= len(rows) <= 3 and {r["predicted"] for r in rows} <= set(stars.label_names)


def test_flips_cli_of_a_binary_model_lists_edits_toward_the_other_verdict(tiny_lstm_dir, capsys):
    assert main(["flips", str(tiny_lstm_dir), "a great film, truly great", "--top", "5"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert "predicts" in printed[0] and "change the prediction" in printed[-1]
    assert len([ln for ln in printed if ln.split()[0] in ("delete", "replace")]) == 5


def test_what_if_of_four_classes_names_the_class_before_and_after(stars, stars_tracer, capsys):
    from rnn_viz.analysis import compare_traces

    a, b = "a dull mess of a film, really the worst", "a great film, really the best"
    result = compare_traces(stars_tracer, stars.vocab, a, b)
    pa, pb = result.a.class_probs[-1], result.b.class_probs[-1]
    ka, kb = int(np.argmax(pa)), int(np.argmax(pb))
    names = [label_text(n, "en") for n in stars.label_names]
    expected = (
        f"The prediction moved from {names[ka]} ({pa[ka]:.2f}) to {names[kb]} ({pb[kb]:.2f})."
        if ka != kb
        else f"The prediction stays {names[ka]} ({pa[ka]:.2f} → {pb[ka]:.2f})."
    )
    assert result.verdict("en") == expected and result.flips == (ka != kb)
    assert result.class_prob(kb) == pytest.approx((pa[kb], pb[kb]))
    assert main(["what-if", str(stars.path), a, b]) == 0
    printed = capsys.readouterr().out
    assert expected in printed and "p(positive)" not in printed


def test_a_binary_what_if_has_no_class_sentence(tiny_lstm_dir):
    from rnn_viz.analysis import compare_traces

    bundle = load_model_dir(tiny_lstm_dir)
    result = compare_traces(Tracer(bundle.model, jit_compile=False), bundle.vocab, "good", "bad")
    assert result.verdict() is None
    assert result.flips == ((result.a.prediction >= 0.5) != (result.b.prediction >= 0.5))
