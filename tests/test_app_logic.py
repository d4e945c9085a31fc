"""The app's logic without Streamlit: registry, uploads, examples, test-set filters,
step panel, background training, comparison tables."""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
import time
import zipfile

import keras
import numpy as np
import pytest
from helpers import TINY_MAXLEN, TINY_VOCAB

from rnn_viz import i18n
from rnn_viz.analysis import compare, testset
from rnn_viz.app import caches, navigation, registry, train_job, widgets
from rnn_viz.core import files, uploads
from rnn_viz.core.capture import Note, Tracer
from rnn_viz.core.models import (
    SHIPPED_ENV,
    FolderExistsError,
    ModelBundle,
    ModelError,
    build_model,
    load_model_dir,
)
from rnn_viz.core.parameters import LayerParameters, model_parameters
from rnn_viz.core.recipes import PRESETS, Recipe
from rnn_viz.core.text import Vocabulary
from rnn_viz.datasets import examples, load_corpus
from rnn_viz.i18n import en, ko
from rnn_viz.viz import steps, token_view


@pytest.fixture(scope="module")
def lstm_bundle(tiny_lstm_dir):
    return load_model_dir(tiny_lstm_dir)


@pytest.fixture(scope="module")
def lstm_trace(lstm_bundle):
    return Tracer(lstm_bundle.model).trace(lstm_bundle.vocab.encode("the movie was great but dull"))


def _keras_bytes(model, tmp_path) -> bytes:
    path = tmp_path / "m.keras"
    model.save(path)
    return path.read_bytes()


# --------------------------------------------------------------------------- registry
def test_registry_lists_shipped_user_and_uploaded_models_with_unique_labels(
    model_dirs, tmp_path, tiny_gru_dir
):
    user = tmp_path / "user" / "mine"
    shutil.copytree(tiny_gru_dir, user)
    note = Note("pkg.upload.borrowed", {"shown": "up.keras", "name": "tiny_gru2", "words": 60})
    found = registry.available_models({"up": (tiny_gru_dir, note)})
    assert list(found) == [
        "tiny_gru2 (shipped)",
        "tiny_lstm2 (shipped)",
        "mine (user)",
        "up (uploaded)",
    ]
    assert found["up (uploaded)"].note == note
    assert found["mine (user)"].note is None
    stamp = found["mine (user)"].stamp
    assert stamp == hashlib.sha1((user / "model.keras").read_bytes()).hexdigest()
    assert found["tiny_gru2 (shipped)"].stamp == stamp  # the same bytes: the same model
    assert found["tiny_lstm2 (shipped)"].stamp != stamp


def test_registry_is_empty_when_no_model_exists_yet(tmp_path, monkeypatch):
    monkeypatch.setenv(SHIPPED_ENV, str(tmp_path / "none"))
    monkeypatch.setenv("RNN_VIZ_MODELS", str(tmp_path / "none2"))
    assert registry.available_models() == {}


def test_new_model_names_never_replace_shipped_or_existing_models(model_dirs, tmp_path):
    (tmp_path / "user" / "taken").mkdir(parents=True)
    assert "shipped" in registry.check_new_model_name("tiny_lstm2")
    assert "exists" in registry.check_new_model_name("taken")
    assert registry.check_new_model_name("../evil") is not None
    assert registry.check_new_model_name("") is not None
    assert registry.check_new_model_name("my_gru-2") is None


# --------------------------------------------------------------------------- uploads
def test_upload_of_a_zipped_model_folder_loads_with_its_own_vocabulary(
    model_dirs, tmp_path, tiny_lstm_dir
):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in ("model.keras", "vocab.json", "history.json"):
            z.write(tiny_lstm_dir / name, f"tiny_lstm2/{name}")
    folder, note = uploads.import_upload("my model.zip", buf.getvalue(), tmp_path / "up")
    bundle = load_model_dir(folder)
    assert note is None and bundle.name == "my_model" and len(bundle.history) >= 1


def test_upload_of_a_bare_keras_file_borrows_a_fitting_shipped_vocabulary(
    model_dirs, tmp_path, tiny_lstm_dir
):
    data = (tiny_lstm_dir / "model.keras").read_bytes()
    folder, note = uploads.import_upload("bare.keras", data, tmp_path / "up")
    assert note is not None and "vocabulary of the shipped model" in str(note)
    assert len(load_model_dir(folder).vocab) <= TINY_VOCAB


def test_an_uploads_note_is_kept_untranslated_and_worded_in_the_readers_language(
    model_dirs, tmp_path, tiny_lstm_dir
):
    data = (tiny_lstm_dir / "model.keras").read_bytes()
    with i18n.use_language("ko"):  # the language at import time is not the one kept
        _, note = uploads.import_upload("bare.keras", data, tmp_path / "up")
    assert note is not None and note.key == "pkg.upload.borrowed"
    assert note.params["shown"] == "bare.keras" and note.params["name"].startswith("tiny_")
    assert str(note) == en.TEXT["pkg.upload.borrowed"].format(**note.params)
    with i18n.use_language("ko"):
        assert str(note) == ko.TEXT["pkg.upload.borrowed"].format(**note.params)
    _, again = uploads.import_upload("bare.keras", data, tmp_path / "up")  # from config.json
    assert again == note


def test_upload_of_a_bare_keras_file_without_a_fitting_vocabulary_is_refused(model_dirs, tmp_path):
    model = build_model(Recipe(vocab_size=TINY_VOCAB, maxlen=TINY_MAXLEN + 1, units=2))
    with pytest.raises(ModelError, match="no shipped vocabulary fits"):
        uploads.import_upload("odd.keras", _keras_bytes(model, tmp_path), tmp_path / "up")


def test_upload_that_is_not_a_model_is_refused(model_dirs, tmp_path):
    with pytest.raises(ModelError, match="not a Keras model"):
        uploads.import_upload("notes.keras", b"just some text", tmp_path / "up")


def test_upload_without_a_recurrent_layer_is_refused(model_dirs, tmp_path):
    inputs = keras.Input((TINY_MAXLEN,), dtype="int32")
    x = keras.layers.Embedding(TINY_VOCAB, 4)(inputs)
    x = keras.layers.GlobalAveragePooling1D()(x)
    model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(x))
    with pytest.raises(ModelError, match="no LSTM, GRU or SimpleRNN"):
        uploads.import_upload("dense.keras", _keras_bytes(model, tmp_path), tmp_path / "up")


def test_upload_with_a_lambda_layer_is_refused_by_safe_mode(model_dirs, tmp_path):
    inputs = keras.Input((TINY_MAXLEN,), dtype="int32")
    x = keras.layers.Embedding(TINY_VOCAB, 4)(inputs)
    x = keras.layers.Lambda(lambda v: v * 2.0)(x)
    x = keras.layers.LSTM(2)(x)
    model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(x))
    with pytest.raises(ModelError, match="unsafe"):
        uploads.import_upload("lambda.keras", _keras_bytes(model, tmp_path), tmp_path / "up")


# --------------------------------------------------------------------------- examples
def test_examples_are_short_titled_and_cover_negation_contrast_and_long_range():
    found = examples.load_examples()
    assert 6 <= len(found) <= 10
    texts = " ".join(e.text.lower() for e in found)
    assert "not bad at all" in texts and " but " in texts
    assert any(len(e.text.split()) >= 40 for e in found)  # long-range ones
    assert all(e.title and e.look_for and len(e.text.split()) < 120 for e in found)


# --------------------------------------------------------------------------- test set
@pytest.fixture
def corpus(tiny_corpus):
    return tiny_corpus


def test_predictions_are_cached_on_disk_and_match_the_model(lstm_bundle, corpus, monkeypatch):
    probs = testset.heldout_predictions(lstm_bundle, corpus)
    assert probs.shape == (corpus.n_test,) and probs.dtype == np.float32
    expected = lstm_bundle.model.predict(corpus.x_test[:5], verbose=0)[:, 0]
    np.testing.assert_allclose(probs[:5], expected, atol=1e-5)
    assert testset._predictions_path(lstm_bundle, corpus).exists()
    monkeypatch.setattr(lstm_bundle.model, "predict", lambda *a, **k: 1 / 0)
    np.testing.assert_array_equal(testset.heldout_predictions(lstm_bundle, corpus), probs)


def test_test_reviews_filter_by_label_outcome_and_length(corpus):
    probs = np.where(np.arange(corpus.n_test) % 2 == 0, 0.9, 0.1).astype(np.float32)
    pos = testset.filter_test_reviews(corpus, label=1)
    assert len(pos) and (corpus.y_test[pos] == 1).all()
    wrong = testset.filter_test_reviews(corpus, outcome="wrong", probs=probs)
    assert ((probs[wrong] >= 0.5) != corpus.y_test[wrong]).all()
    right = testset.filter_test_reviews(corpus, outcome="right", probs=probs)
    assert len(right) + len(wrong) == corpus.n_test
    short = testset.filter_test_reviews(corpus, min_len=10, max_len=20)
    assert (
        (testset.review_lengths(corpus)[short] >= 10)
        & (testset.review_lengths(corpus)[short] <= 20)
    ).all()
    with pytest.raises(ValueError):
        testset.filter_test_reviews(corpus, outcome="right")


def test_opening_a_test_review_in_the_explorer_names_its_match(app_env, tiny_imdb):
    corpus = load_corpus(tiny_imdb, download=False)  # the explorer's corpus
    found = testset.filter_test_reviews(corpus, min_len=1)
    review = int(found[7])
    request = navigation.explorer_request("m (shipped)", review, step=12)
    assert request[navigation.MODEL] == "m (shipped)"
    assert request[navigation.SOURCE] == navigation.REVIEW_SOURCES[1]
    assert int(found[request[navigation.MATCH] - 1]) == review
    assert request[navigation.GOTO_STEP] == 12
    state = {navigation.LENGTH: (3, 9), navigation.LABEL: "positive"}
    navigation.apply(state, request)
    assert navigation.LENGTH not in state and state[navigation.LABEL] == "any"


# --------------------------------------------------------------------------- steps
def test_hidden_padding_starts_with_the_state_entering_the_first_word(lstm_trace):
    steps = token_view.visible_steps(lstm_trace)
    assert steps[0] == lstm_trace.first_real - 1 and steps[-1] == lstm_trace.T - 1
    assert token_view.step_labels(lstm_trace, steps)[0].endswith(token_view.state_in_label())
    with i18n.use_language("ko"):
        assert token_view.shown_tokens(lstm_trace, steps)[0] == ko.TEXT["step.state_in"]
    assert len(token_view.visible_steps(lstm_trace, show_pad=True)) == lstm_trace.T


def test_lstm_step_panel_adds_kept_and_written_into_the_cell_state(lstm_trace):
    t = lstm_trace.T - 1
    for k in range(len(lstm_trace.layers)):
        p = steps.step_panel(lstm_trace, k, t)
        g = lstm_trace.layers[k].gates
        np.testing.assert_allclose(p.columns["c_prev"], g["c"][t - 1])
        np.testing.assert_allclose(p.kept + p.written, p.columns["c"], atol=1e-5)
        np.testing.assert_allclose(p.columns["o"] * np.tanh(p.columns["c"]), g["h"][t], atol=1e-5)
        assert len(p.rows()) == lstm_trace.layers[k].units
        assert "c_t" in p.equations(0)[0]
    first = steps.step_panel(lstm_trace, 0, 0)
    assert not first.columns["c_prev"].any()  # Keras starts from a zero state


def test_gru_step_panel_uses_keras_convention_z_keeps_the_old_state(tiny_gru_dir):
    bundle = load_model_dir(tiny_gru_dir)
    trace = Tracer(bundle.model).trace(bundle.vocab.encode("boring but fun"))
    t = trace.T - 1
    p = steps.step_panel(trace, 1, t)
    z, h_prev = p.columns["z"], trace.layers[1].gates["h"][t - 1]
    np.testing.assert_allclose(p.kept, z * h_prev, atol=1e-6)
    np.testing.assert_allclose(p.written, (1 - z) * p.columns["hh"], atol=1e-6)
    np.testing.assert_allclose(p.kept + p.written, trace.layers[1].gates["h"][t], atol=1e-5)
    assert r"(1-z)" in p.equations(0)[0]


# --------------------------------------------------------------------------- training
def test_training_job_runs_in_the_background_and_stops_on_request(tmp_path, corpus):
    recipe = Recipe(
        units=2,
        embedding_dim=4,
        vocab_size=TINY_VOCAB,
        maxlen=TINY_MAXLEN,
        lr=1e-2,
        batch_size=16,
        epochs=200,
        patience=200,
        jit_compile=False,
    )
    job = train_job.TrainJob("bg", recipe, corpus, tmp_path / "bg").start()
    deadline = time.monotonic() + 120
    while not job.records and time.monotonic() < deadline and job.running:
        time.sleep(0.05)
    assert job.records, job.error
    assert 0 < job.progress < 1
    while job.batches[0] == 0 and time.monotonic() < deadline and job.running:
        time.sleep(0.01)  # the next epoch's first batches
    done, total = job.batches
    assert 0 < done <= total == 4  # 60 training reviews in batches of 16
    job.stop()
    job.join(120)
    assert job.state == "stopped" and job.progress == 1.0
    assert len(job.records) < 200
    assert load_model_dir(tmp_path / "bg").metrics["stopped_by_user"] is True


def test_training_job_reports_a_failure(tmp_path, corpus):
    (tmp_path / "exists").mkdir()
    recipe = Recipe(units=2, vocab_size=TINY_VOCAB, maxlen=TINY_MAXLEN, epochs=1)
    job = train_job.TrainJob("x", recipe, corpus, tmp_path / "exists").start()
    job.join(60)
    assert job.state == "failed" and isinstance(job.error, FolderExistsError)
    assert "already exists" in job.why() and job.why("en") == str(job.error)
    with i18n.use_language("ko"):
        assert job.why().startswith(ko.TEXT["error.ModelError"]) and str(job.error) in job.why()


def test_an_unexpected_training_error_is_named_in_the_readers_language(corpus, tmp_path):
    recipe = Recipe(units=2, vocab_size=TINY_VOCAB, maxlen=TINY_MAXLEN, epochs=1)
    job = train_job.TrainJob("x", recipe, corpus, tmp_path / "x", error=MemoryError("no room"))
    assert job.why() == "Training stopped on an unexpected error (MemoryError): no room"
    assert job.why("ko") == "예상하지 못한 오류(MemoryError)로 학습이 멈췄습니다: no room"
    assert train_job.TrainJob("y", recipe, corpus, tmp_path / "y").why() == ""


# --------------------------------------------------------------------------- compare
def test_parameter_rows_match_the_reference_summary():
    rows = {
        n: {r["layer"]: r["parameters"] for r in map(LayerParameters.row, model_parameters(m))}
        for n, m in ((n, build_model(PRESETS[n], n)) for n in ("lstm", "gru2"))
    }
    assert rows["lstm"]["lstm_1"] == 800
    assert rows["gru2"]["gru_1"] == 624 and rows["gru2"]["gru_2"] == 432


def test_model_summary_has_test_metrics_and_seconds_per_epoch(lstm_bundle):
    row = compare.model_summary(lstm_bundle)
    assert row["cell"] == "LSTM" and row["layers"] == 2 and row["units"] == 4
    assert row["test_accuracy"] == lstm_bundle.metrics["test_acc"]
    assert row["seconds_per_epoch"] == pytest.approx(
        np.mean([r["seconds"] for r in lstm_bundle.history])
    )


def test_table_headers_come_from_the_catalogue_and_other_columns_pass_unchanged():
    row = compare.model_summary(
        ModelBundle(build_model(PRESETS["lstm"]), Vocabulary(("", "[UNK]", "a")), "m")
    )
    for lang, catalogue in (("en", en.TEXT), ("ko", ko.TEXT)):
        with i18n.use_language(lang):
            headers = {key: widgets.column_label(key) for key in row}
            assert headers["test_accuracy"] == catalogue["pkg.col.test_accuracy"]
            assert widgets.column_label("layer") == catalogue["pkg.col.layer"]
            assert widgets.column_label("A: lstm") == "A: lstm"  # not a catalogue column
            assert widgets.column_label("auc", {"auc": "AUC!"}) == "AUC!"  # the caller's own
    assert len(set(headers.values())) == len(row)


def test_parameter_terms_and_captions_read_in_the_current_language():
    for lang, catalogue in (("en", en.TEXT), ("ko", ko.TEXT)):
        with i18n.use_language(lang):
            lstm = model_parameters(build_model(PRESETS["lstm"]))[1]
            caption = lstm.caption
        assert [term.label for term in lstm.terms] == [
            catalogue["pkg.param.input"],
            catalogue["pkg.param.recurrent"],
            catalogue["pkg.param.bias"],
        ]
        assert caption == catalogue["pkg.param.caption"].format(
            title="LSTM", layer="lstm_1", formula=lstm.formula
        )


# --------------------------------------------------------------------------- ui caches
def test_a_cache_spinner_speaks_the_readers_language_and_only_on_a_miss(tiny_lstm_dir, monkeypatch):
    shown: list[str] = []

    @contextlib.contextmanager
    def spinner(text, **_):
        shown.append(text)
        yield

    monkeypatch.setattr(caches.st, "spinner", spinner)
    path, stamp = str(tiny_lstm_dir), files.model_stamp(tiny_lstm_dir)
    caches.load_tracer.clear()
    with i18n.use_language("ko"):
        caches.load_tracer(path, stamp)  # a miss; its nested load_bundle shows no spinner
        caches.load_tracer(path, stamp)  # a hit: nothing shown
    assert shown == [ko.TEXT["pkg.spinner.tracer"]]
    caches.load_tracer.clear()
    with i18n.use_language("en"):
        caches.load_tracer(path, stamp)
    assert shown[-1] == en.TEXT["pkg.spinner.tracer"]


def test_a_cached_figure_is_built_again_in_another_language_and_kept_in_each():
    built: list[str] = []

    def build() -> str:
        built.append(i18n.current_language())
        return i18n.t("pkg.model")

    key = ("test_figure", hashlib.sha1(b"once").hexdigest())
    with i18n.use_language("en"):
        assert widgets.cached_figure(key, build) == en.TEXT["pkg.model"]
    with i18n.use_language("ko"):
        assert widgets.cached_figure(key, build) == ko.TEXT["pkg.model"]
    with i18n.use_language("en"):
        assert widgets.cached_figure(key, build) == en.TEXT["pkg.model"]
    assert built == ["en", "ko"]


def test_a_trace_error_is_cached_as_the_error_and_worded_when_shown(tiny_lstm_dir):
    path, stamp = str(tiny_lstm_dir), files.model_stamp(tiny_lstm_dir)
    with i18n.use_language("en"):
        english = caches.trace_text(path, stamp, "!!! ???").why
    with i18n.use_language("ko"):
        outcome = caches.trace_text(path, stamp, "!!! ???")
        korean = outcome.why
    assert outcome.value is None and english == en.TEXT["error.NoReadableWordError"]
    assert korean == ko.TEXT["error.NoReadableWordError"]  # its own sentence: no detail


def test_capability_notes_are_worded_in_the_language_shown_not_the_one_loaded(tiny_corpus):
    model = build_model(Recipe(units=2, vocab_size=TINY_VOCAB, maxlen=TINY_MAXLEN))
    masked = keras.Sequential(
        [
            keras.Input((TINY_MAXLEN,), dtype="int32"),
            keras.layers.Embedding(TINY_VOCAB, 4, mask_zero=True),
            keras.layers.LSTM(2),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    with i18n.use_language("ko"):
        caps = ModelBundle(masked, tiny_corpus.vocab, "m").capabilities
    assert (
        not caps.attribution and ModelBundle(model, tiny_corpus.vocab, "n").capabilities.attribution
    )
    for lang, catalogue in (("en", en.TEXT), ("ko", ko.TEXT)):
        with i18n.use_language(lang):
            assert caps.notes() == [
                catalogue["pkg.note.attribution_off"].format(why=catalogue["pkg.attr.mask_zero"])
            ]
    three = keras.Sequential(
        [
            keras.Input((TINY_MAXLEN,), dtype="int32"),
            keras.layers.Embedding(TINY_VOCAB, 4),
            keras.layers.LSTM(2),
            keras.layers.Dense(3),
        ]
    )
    with i18n.use_language("en"):
        caps = ModelBundle(three, tiny_corpus.vocab, "three").capabilities
    assert not caps.readout and caps.readout.reason
    with i18n.use_language("ko"):
        why = i18n.t(caps.readout.reason.key, "ko", **caps.readout.reason.params)
        assert caps.notes()[0] == i18n.t("pkg.note.readout_off", "ko", why=why)
        assert caps.readout_why == why and "3" in why
