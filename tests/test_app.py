"""Every page through ``streamlit.testing.v1.AppTest``: renders, and the widgets drive it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rnn_viz.app.navigation import COMPARE_PAGE as COMPARE
from rnn_viz.app.navigation import EXPLORER_PAGE as EXPLORER
from rnn_viz.app.navigation import TRAIN_PAGE as TRAIN
from rnn_viz.app.navigation import WHAT_IF_PAGE
from rnn_viz.core.models import SHIPPED_ENV
from rnn_viz.core.recipes import PRESETS

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _page(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _stepper(at: AppTest) -> dict:
    """The data the page gave the in-browser stepper (``stepview.stepper_data``)."""
    proto = at.get("bidi_component")[0].proto
    return json.loads(proto.json if proto.WhichOneof("data") == "json" else proto.mixed.json)


def _start_word(data: dict) -> str:
    view, col = data["views"][0], data["columns"][data["start"]][0]
    return view["words"][col]


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def test_home_explains_the_equations_and_opens_an_example(app_env):
    at = _page()
    latex = " ".join(e.value for e in at.latex)
    assert r"f_t \odot c_{t-1}" in latex and r"z_t \odot h_{t-1} + (1 - z_t)" in latex
    assert any("keeps the old state where z is" in c.value for c in at.caption)
    at.selectbox(key="home_example").set_value("Contrast: but turns it around")
    at.button[0].click().run()
    assert at.session_state["example"] == "Contrast: but turns it around"
    at.switch_page(EXPLORER).run()
    assert not at.exception
    assert at.selectbox(key="example").value == "Contrast: but turns it around"


def test_explorer_sends_the_review_once_and_the_browser_steps(app_env):
    at = _page(EXPLORER)
    data = _stepper(at)
    assert _start_word(data) == "I"  # the first real word of the first example
    view = data["views"][0]
    assert view["words"][-1] == "all." and len(view["tables"]) == 2
    assert at.session_state["step"] == view["steps"][view["first"]]
    at.run()  # a rerun (e.g. the reader's pause reported) sends the very same data
    assert _stepper(at) == data
    at.selectbox(key="example").set_value("Contrast: but turns it around").run()
    assert _stepper(at)["key"] != data["key"] and not at.exception


def test_explorer_switching_the_model_changes_the_heatmaps(app_env):
    at = _page(EXPLORER)
    assert at.selectbox(key="model_label").value == "tiny_lstm2 (shipped)"
    titles = " ".join(
        a["text"] for a in _stepper(at)["views"][0]["figure"]["layout"]["annotations"]
    )
    assert "forget gate" in titles and "update gate" not in titles
    at.selectbox(key="model_label").set_value("tiny_gru2 (shipped)").run()
    titles = " ".join(
        a["text"] for a in _stepper(at)["views"][0]["figure"]["layout"]["annotations"]
    )
    assert "update gate" in titles and "forget gate" not in titles
    assert any("parity" in m.value for m in at.caption)


def test_explorer_shows_padding_on_request_and_the_step_panel_numbers(app_env):
    at = _page(EXPLORER)
    n_hidden = len(_stepper(at)["views"][0]["steps"])
    at.toggle(key="show_pad").set_value(True).run()
    view = _stepper(at)["views"][0]
    assert len(view["steps"]) > n_hidden
    assert {"kept", "written", "forget gate f"} <= set(view["tables"][0]["headers"])
    assert any(
        "⊙" in part
        for line in view["tables"][0]["equations"]
        for part in line
        if isinstance(part, str)
    )
    assert _start_word(_stepper(at)) == "I"  # still on the same word
    # what the padding shown does to the verdict, measured on this review
    assert any("padding steps before this review" in c.value for c in at.caption), [
        c.value for c in at.caption
    ]


@pytest.mark.parametrize(
    "text, note",
    [
        ("", "Type or choose"),
        ("?!... --- !!!", "no words the model can read"),
        ("🎬🍿😍", "no words the model can read"),
        ("정말 재미있는 영화", "This model reads English only"),  # refused, not traced
        ("great " * 20_000, "were cut"),
        ("<script>alert('x')</script> <b>great</b>", ""),
    ],
    ids=["empty", "punctuation", "emoji", "hangul", "120k-chars", "html"],
)
def test_explorer_bad_text_gives_a_note_and_the_page_keeps_working(app_env, text, note):
    at = _page(EXPLORER)
    at.radio(key="source").set_value("Your own text").run()
    at.text_area(key="own_text").set_value(text).run()
    assert not at.exception
    shown = " ".join(e.value for kind in ("info", "warning", "caption") for e in getattr(at, kind))
    assert note in shown
    html = " ".join(m.value for m in at.markdown)
    assert "<script>" not in html and "<b>great" not in html
    assert at.selectbox(key="model_label").value  # the sidebar still works


@pytest.mark.parametrize("outcome", ["right", "wrong"])
def test_explorer_filters_test_reviews_by_label_and_prediction(app_env, outcome):
    from rnn_viz.analysis import testset
    from rnn_viz.core.models import load_model_dir
    from rnn_viz.datasets import load_corpus

    corpus = load_corpus(download=False)  # the explorer's: the tiny dataset of app_env
    probs = testset.heldout_predictions(load_model_dir(app_env / "shipped" / "tiny_lstm2"), corpus)
    found = testset.filter_test_reviews(corpus, label=0, outcome=outcome, probs=probs)
    at = _page(EXPLORER)
    at.radio(key="source").set_value("Test-set review").run()
    at.selectbox(key="label").set_value("negative").run()
    at.selectbox(key="outcome").set_value(outcome).run()
    assert not at.exception
    if len(found):  # "right" or "wrong" has matches: 40 negative reviews
        shown = " ".join(c.value for c in at.caption).replace("\\", "")  # escapes read
        assert f"test review #{found[0]} (negative," in shown
    else:
        assert [w.value for w in at.warning] == ["No test review matches these filters."]


def test_explorer_says_when_no_model_exists_yet(app_env, monkeypatch):
    monkeypatch.setenv(SHIPPED_ENV, str(app_env / "empty"))
    at = _page(EXPLORER)
    assert any("No models are available yet" in i.value for i in at.info)
    at = _page()
    assert any("No models are available yet" in i.value for i in at.info)


def test_train_page_offers_presets_when_the_dataset_is_there(app_env):
    at = _page(TRAIN)
    assert at.selectbox(key="preset").options == [*PRESETS, "custom"]
    assert {"lstm", "lstm2", "gru2", "rnn"} <= set(PRESETS)  # the reference's three + the baseline
    at.text_input(key="train_name").set_value("tiny_lstm2").run()
    at.button(key="start").click().run()
    assert any("shipped model" in e.value for e in at.error)
    assert "train_job" not in at.session_state


def test_train_page_explains_how_to_get_the_dataset_without_it(app_env, monkeypatch):
    monkeypatch.setenv("RNN_VIZ_DATA", str(app_env / "missing.tar.gz"))
    at = _page(TRAIN)
    assert any("not on this machine" in w.value for w in at.warning)
    assert any("aclImdb_v1.tar.gz" in m.value for m in at.markdown)
    assert any("Download" in b.label for b in at.button)


def test_compare_shows_curves_tables_and_one_token_control_for_both_models(app_env):
    at = _page(COMPARE)
    assert at.selectbox(key="cmp_a").value == "tiny_lstm2 (shipped)"
    assert at.selectbox(key="cmp_b").value == "tiny_gru2 (shipped)"
    figs = _figures(at)
    assert len(figs) == 4 + 2  # loss/acc per epoch and per second, a training card per model
    data = _stepper(at)
    a, b = data["views"]
    assert a["figure"]["layout"]["coloraxis3"] == b["figure"]["layout"]["coloraxis3"]
    assert len(data["columns"]) == len(a["steps"]) and data["columns"][-1] == [
        len(a["steps"]) - 1,
        len(b["steps"]) - 1,
    ]
    assert a["words"] == b["words"]  # the same review, one control
    params = [d.value for d in at.dataframe]
    assert "parameters" in params[1].columns and "test accuracy" in params[0].columns


def test_explorer_shows_the_models_training_beside_the_gates(app_env):
    at = _page(EXPLORER)
    card = _figures(at)[0]
    assert [d["name"] for d in card["data"]] == ["train loss", "val loss", "train acc", "val acc"]
    assert any(m.label == "Test accuracy" for m in at.metric)


def test_train_page_trains_saves_with_every_epoch_and_lists_the_model(app_env):
    at = _page(TRAIN)
    at.text_input(key="train_name").set_value("mine").run()
    at.number_input(key="max_epochs").set_value(2).run()
    assert at.checkbox(key="keep_epochs").value is True
    assert at.checkbox(key="train_xla").value is True
    at.checkbox(key="train_xla").uncheck().run()  # a short run starts sooner without XLA
    at.button(key="start").click().run()
    job = at.session_state["train_job"]
    assert job.recipe.jit_compile is False
    job.join(240)
    assert job.state == "done", job.error
    folder = app_env / "user" / "mine"
    assert [p.name for p in sorted((folder / "epochs").iterdir())] == [
        "epoch_001.weights.h5",
        "epoch_002.weights.h5",
    ]
    at.run()
    assert any("is trained and saved" in p.proto.text for p in at.get("progress"))
    at.switch_page(EXPLORER).run()
    assert "mine (user)" in at.selectbox(key="model_label").options


# --------------------------------------------------------------------------- uploads and errors
def _unescaped(markdown: str) -> str:
    """A message as the reader sees it (messages.plain escapes Markdown with backslashes)."""
    return markdown.replace("\\", "")


def _zipped_folder(folder: Path, prefix: str = "") -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("model.keras", "vocab.json", "history.json", "config.json"):
            z.write(folder / name, f"{prefix}{name}")
    return buf.getvalue()


@pytest.mark.parametrize("kind", ["keras", "zip"])
def test_an_uploaded_model_is_selected_and_steps_through_a_review(app_env, tiny_gru_dir, kind):
    at = _page(EXPLORER)
    if kind == "keras":
        upload = (
            "my gru.keras",
            (tiny_gru_dir / "model.keras").read_bytes(),
            "application/octet-stream",
        )
    else:
        upload = ("my gru.zip", _zipped_folder(tiny_gru_dir, "tiny_gru2/"), "application/zip")
    at.file_uploader(key="upload_file").set_value(upload).run()
    assert not at.exception, at.exception
    label = f"{upload[0]} (uploaded)"  # the file's own name
    assert at.selectbox(key="model_label").value == label
    assert any("Loaded my gru" in s.value for s in at.success)
    box = next(e for e in at.expander if e.label.startswith("Upload a model"))
    assert box.proto.expanded  # the upload box stays open on its message
    captions = " ".join(c.value for c in at.caption).replace("\\", "")  # escapes read
    assert f"Model: {label}" in captions and "update gate" in captions
    at.run()  # a later rerun imports nothing again and keeps the choice
    assert not at.exception
    assert at.selectbox(key="model_label").value == label
    assert len(at.session_state["uploaded_models"]) == 1


def test_a_refused_upload_names_the_users_file_as_plain_text_and_no_server_path(app_env):
    at = _page(EXPLORER)
    name = "[click](javascript:alert(1)) ![x](data:image,x) <img src=x onerror=alert(1)>.keras"
    at.file_uploader(key="upload_file").set_value((name, b"not a model", "text/plain")).run()
    assert not at.exception, at.exception
    message = " ".join(e.value for e in at.error)
    assert "Refused" in message and "not a Keras model" in message
    # every Markdown/HTML character is escaped: no link, image nor tag reaches the page
    assert re.search(r"(?<!\\)[\[\]()<>!]", message) is None
    assert r"\[click\]" in message
    assert "/tmp" not in message and str(app_env) not in message
    assert at.selectbox(key="model_label").value == "tiny_lstm2 (shipped)"


def test_a_broken_model_folder_is_listed_with_its_reason_on_explorer_and_compare(app_env):
    broken = app_env / "user" / "halfway"
    broken.mkdir(parents=True)
    (broken / "model.keras").write_bytes(b"truncated")
    at = _page(EXPLORER)
    assert "halfway (user) · broken" in at.selectbox(key="model_label").options
    assert at.selectbox(key="model_label").value == "tiny_lstm2 (shipped)"
    at.selectbox(key="model_label").set_value("halfway (user)").run()  # by value
    assert not at.exception, at.exception
    assert any(
        "halfway (user) cannot be opened" in _unescaped(e.value) and "zip" in e.value
        for e in at.error
    )
    at.switch_page(COMPARE).run()
    at.selectbox(key="cmp_b").set_value("halfway (user)").run()
    assert not at.exception, at.exception
    assert any("cannot be opened" in _unescaped(e.value) for e in at.error)


def test_a_model_without_p_positive_or_attribution_shows_its_gates_and_says_why(
    app_env, tiny_lstm_dir
):
    import keras

    from rnn_viz.core.text import Vocabulary

    vocab = Vocabulary.load(tiny_lstm_dir / "vocab.json")
    model = keras.Sequential(
        [
            keras.Input((vocab.maxlen,), dtype="int32"),
            keras.layers.Embedding(len(vocab), 4, mask_zero=True),
            keras.layers.LSTM(3),
            keras.layers.Dense(3),
        ]
    )
    folder = app_env / "user" / "three"
    folder.mkdir(parents=True)
    model.save(folder / "model.keras")
    vocab.save(folder / "vocab.json")
    at = _page(EXPLORER)
    at.selectbox(key="model_label").set_value("three (user)").run()
    at.toggle(key="attr").set_value(True).run()
    assert not at.exception, at.exception
    notes = " ".join(_unescaped(c.value) for c in at.caption)
    assert "Predictions (p(positive)) are off for this model" in notes and "3 wide" in notes
    assert "Token attribution is off for this model" in notes
    assert "Model: three (user)" in notes  # the page went on and traced the review
    at.switch_page(WHAT_IF_PAGE).run()
    at.selectbox(key="wi_model").set_value("three (user)").run()
    assert not at.exception, at.exception
    assert not [m for m in at.metric if "p(positive)" in m.label]


#: What GitHub-flavoured Markdown (Streamlit's) turns into a link in plain text.
AUTOLINK = re.compile(r"[\w.+-]+@[\w-]+\.\w|\b[a-z][\w+.-]*://|\bwww\.", re.IGNORECASE)


def _links(markdown: str) -> bool:
    """Whether Markdown would autolink something in ``markdown`` (its escapes read)."""
    return bool(AUTOLINK.search(markdown.replace("\\", "")))


def test_user_text_is_never_a_link_and_uploads_go_by_their_file_names(app_env, tiny_gru_dir):
    from rnn_viz.app import messages, model_picker
    from rnn_viz.app.navigation import MODEL, UPLOADED_MODELS

    assert _links("me@z.io") and _links("https\\://x\\.org") and _links("www\\.y")
    assert not _links(messages.plain("see https://x.org, www.y.com or me@z.io"))
    assert model_picker.upload_name("model.keras", {"model.keras"}) == "model (2).keras"
    name = "mail me@example.com or www.example.org.keras"  # a file's name, as uploaded
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[UPLOADED_MODELS] = {name: (tiny_gru_dir, None)}
    at.run()
    home = [e.value for kind in ("markdown", "caption") for e in getattr(at, kind)]
    at.session_state[MODEL] = f"{name} (uploaded)"
    at.switch_page(EXPLORER).run()
    assert not at.exception, at.exception
    shown = home + [e.value for kind in ("markdown", "caption") for e in getattr(at, kind)]
    assert sum(messages.plain(name) in text for text in shown) >= 2  # Home's list, the footer
    assert not [text for text in shown if _links(text)]

    # every other page that names the model, with the upload picked in each of its pickers
    from rnn_viz.app import navigation as nav

    for key in ("wi_model", "sat_a", "mem_a", "dg_a", "units_model"):
        at.session_state[key] = f"{name} (uploaded)"
    for page in (nav.WHAT_IF_PAGE, nav.SATURATION_PAGE, nav.MEMORY_PAGE, nav.DIAGNOSTICS_PAGE):
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        kinds = ("markdown", "caption", "warning", "info", "error", "subheader")
        shown = [e.value for kind in kinds for e in getattr(at, kind)]
        shown += [m.label for m in at.metric]
        assert not [text for text in shown if _links(text)], page
