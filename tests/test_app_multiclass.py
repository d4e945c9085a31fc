"""The pages with a model of more than two classes (the tiny 4-class LSTM trained for real
on the tiny dataset's star bands, ``tiny_stars_dir``) through AppTest, in English and
Korean: the class pickers of What-if, Memory and Diagnostics' flips, the K×K confusion
and per-class table, and the review filter by predicted class."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from rnn_viz import i18n
from rnn_viz.analysis import corpus_for, testset
from rnn_viz.app import messages, navigation
from rnn_viz.app.language import LANG
from rnn_viz.core.models import load_model_dir
from rnn_viz.datasets import label_text

APP = str(Path(__file__).resolve().parent.parent / "app.py")
LABELS = ("stars_1_2", "stars_3_4", "stars_7_8", "stars_9_10")


@pytest.fixture
def stars_env(app_env, tiny_stars_dir):
    """``app_env`` plus the 4-class model in the user's models folder ("stars")."""
    shutil.copytree(tiny_stars_dir, app_env / "user" / "stars")
    return app_env


@pytest.fixture(autouse=True)
def _speak(request):
    """The test's language in this thread too: AppTest formats the options here."""
    callspec = getattr(request.node, "callspec", None)
    with i18n.use_language(callspec.params.get("lang", "en") if callspec else "en"):
        yield


def _open(page: str, lang: str, pickers: tuple[str, ...], **state) -> AppTest:
    """``page`` in ``lang`` with the 4-class model chosen in each model picker."""
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state[LANG] = lang
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    for key in pickers:
        box = at.selectbox(key=key)
        box.set_value(next(o for o in box.options if o.startswith("stars "))).run()
        assert not at.exception, at.exception
    return at


def _class_box(at: AppTest, lang: str):
    """The page's class picker (there is one)."""
    boxes = [b for b in at.selectbox if b.label == i18n.t("ui.class", lang)]
    assert len(boxes) == 1, [b.label for b in at.selectbox]
    return boxes[0]


def _names(lang: str) -> list[str]:
    return [label_text(n, lang) for n in LABELS]


def _assert_picker_names_the_classes(box, lang: str) -> None:
    """The picker lists the label names in order, the chosen (predicted) one marked."""
    names = _names(lang)
    assert [o.split(" · ")[0] for o in box.options] == names
    assert box.options[box.value] == f"{names[box.value]} · {i18n.t('ui.predicted', lang)}"


def _texts(at: AppTest) -> str:
    return " ".join(
        str(e.value)
        for kind in ("info", "markdown", "caption", "warning")
        for e in getattr(at, kind)
    )


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_what_if_picks_a_class_and_says_where_the_prediction_moved(stars_env, lang):
    at = _open(navigation.WHAT_IF_PAGE, lang, (navigation.WHAT_IF_MODEL,))
    box = _class_box(at, lang)
    _assert_picker_names_the_classes(box, lang)
    names = _names(lang)
    other = (box.value + 1) % 4
    box.set_value(other).run()
    assert not at.exception, at.exception
    labels = [m.label for m in at.metric]
    assert i18n.t("wi.p_class", lang, k="A", label=names[other]) in labels
    assert i18n.t("wi.p_class", lang, k="B", label=names[other]) in labels
    assert not any("p(positive)" in label for label in labels)
    verdict = i18n.t("wi.moved", lang, a="\0", pa=0, b="", pb=0).split("\0")[0]
    stays = i18n.t("wi.stayed", lang, a="\0", pa=0, pb=0).split("\0")[0]
    assert verdict in _texts(at) or stays in _texts(at)
    diff = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert f"p({names[other]})" in diff["data"][0]["hovertemplate"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_memory_follows_the_picked_class(stars_env, lang):
    at = _open(navigation.MEMORY_PAGE, lang, ("mem_a",), mem_n=1)
    box = _class_box(at, lang)
    _assert_picker_names_the_classes(box, lang)
    names = _names(lang)
    before = json.loads(at.get("plotly_chart")[0].proto.spec)
    other = (box.value + 1) % 4
    box.set_value(other).run()
    assert not at.exception, at.exception
    assert f"p({names[other]})" in _texts(at)
    after = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert before["data"][0]["customdata"] != after["data"][0]["customdata"]


def test_binary_pages_have_no_class_picker(app_env):
    for page, pickers in ((navigation.WHAT_IF_PAGE, ()), (navigation.MEMORY_PAGE, ())):
        at = _open(page, "en", pickers)
        assert not [b for b in at.selectbox if b.label == i18n.t("ui.class", "en")]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_diagnostics_show_the_k_by_k_confusion_and_the_class_table(stars_env, tiny_imdb, lang):
    at = _open(navigation.DIAGNOSTICS_PAGE, lang, ("dg_a",))  # B: the binary GRU
    names = _names(lang)
    heat = [
        d
        for spec in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
        for d in spec["data"]
        if d.get("type") == "heatmap"
    ]
    assert len(heat) == 2 and len(heat[0]["text"]) == 4 and len(heat[1]["text"]) == 2
    assert all(n in x for n, x in zip(names, heat[0]["x"], strict=True))
    tables = [df.value for df in at.dataframe]
    classes = next(tb for tb in tables if i18n.t("analysis.col.f1", lang) in tb.columns)
    col = classes[i18n.t("analysis.col.class", lang)].tolist()
    assert col == [*names, *(i18n.t(f"dg.avg.{a}", lang) for a in ("macro", "micro", "weighted"))]
    for key in ("precision", "recall", "support", "roc_auc"):
        assert i18n.t(f"analysis.col.{key}", lang) in classes.columns
    bundle = load_model_dir(stars_env / "user" / "stars")
    corpus = corpus_for(bundle, tiny_imdb)
    assert classes[i18n.t("analysis.col.support", lang)].tolist()[:4] == [
        int((corpus.y_test == k).sum()) for k in range(4)
    ]
    summary = tables[0]
    assert {"TN", "TP"} <= set(summary.columns)  # the binary model's counts are still there
    assert messages.plain(i18n.t("dg.multiclass", lang, label="A: stars", k=4)) in _texts(at)
    traces = {
        d.get("name", "")
        for spec in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
        for d in spec["data"]
    }
    assert not any("stars" in n and "AUC" in n for n in traces)  # no binary ROC for it


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_diagnostics_flips_toward_a_picked_class(stars_env, lang):
    at = _open(navigation.DIAGNOSTICS_PAGE, lang, ("dg_a",))
    at.radio(key="dg_section").set_value("Flips").run()
    assert not at.exception, at.exception
    box = _class_box(at, lang)
    _assert_picker_names_the_classes(box, lang)
    other = (box.value + 1) % 4
    box.set_value(other).run()
    assert not at.exception, at.exception
    names = _names(lang)
    assert at.metric[0].label == f"p({names[other]})"
    assert i18n.t("dg.flipping", lang, target=names[other]) in [m.label for m in at.metric]


def test_disagreements_filter_by_the_models_labels(stars_env):
    at = _open(navigation.DIAGNOSTICS_PAGE, "en", ("dg_a", "dg_b"))
    at.radio(key="dg_section").set_value("Disagreements").run()
    assert not at.exception, at.exception
    box = at.selectbox(key="dg_label")
    assert box.options == ["any", *_names("en")]
    at.selectbox(key="dg_kind").set_value("both right").run()
    box.set_value("stars_9_10").run()
    assert not at.exception, at.exception
    if at.dataframe:
        assert set(at.dataframe[0].value["Label"]) == {"9–10 stars"}


def test_test_reviews_filter_by_predicted_class(stars_env, tiny_imdb):
    at = _open(navigation.DIAGNOSTICS_PAGE, "en", ("dg_a",))
    at.radio(key="dg_section").set_value("Flips").run()
    at.radio(key=f"dgf_{navigation.SOURCE}").set_value(navigation.REVIEW_SOURCES[1]).run()
    assert not at.exception, at.exception
    box = at.selectbox(key=f"dgf_{navigation.PREDICTED}")
    assert box.options == ["any", *_names("en")]
    bundle = load_model_dir(stars_env / "user" / "stars")
    corpus = corpus_for(bundle, tiny_imdb)
    predicted = testset.predicted_labels(testset.heldout_predictions(bundle, corpus))
    k = int(np.bincount(predicted, minlength=4).argmax())
    box.set_value(LABELS[k]).run()
    assert not at.exception, at.exception
    n = int((predicted == k).sum())
    assert at.number_input(key=f"dgf_{navigation.MATCH}").label == f"Match (1 … {n:,})"
    at.selectbox(key=f"dgf_{navigation.OUTCOME}").set_value("wrong").run()
    n_wrong = int(((predicted == k) & (predicted != corpus.y_test)).sum())
    if n_wrong:
        assert at.number_input(key=f"dgf_{navigation.MATCH}").label == f"Match (1 … {n_wrong:,})"
    else:
        assert "No test review matches" in _texts(at)


#: (page, its model pickers): the views that take any model.
VIEWS = (
    (navigation.SATURATION_PAGE, ("sat_a", "sat_b")),
    (navigation.UNITS_PAGE, ("units_model",)),
    (navigation.MEMORY_PAGE, ("mem_a", "mem_b")),
    (navigation.DIAGNOSTICS_PAGE, ("dg_a", "dg_b")),
)


def test_every_view_opens_with_the_4_class_model_in_every_picker(stars_env):
    """The same 4-class model in every picker of each page (the class pickers' keys, the
    unit search's p(positive), the units' binary AUC): each view shows, or says why not.
    One session goes from page to page (one ``AppTest``)."""
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state[LANG] = "en"
    at.run()
    for page, pickers in VIEWS:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        for key in pickers:
            box = at.selectbox(key=key)
            box.set_value(next(o for o in box.options if o.startswith("stars "))).run()
            assert not at.exception, (page, key, at.exception)
        sections = [r for r in at.radio if r.key == "dg_section"]
        for section in sections[0].options if sections else []:
            [r for r in at.radio if r.key == "dg_section"][0].set_value(section).run()
            assert not at.exception, (page, section, at.exception)


def test_the_explorers_attribution_reads_toward_the_picked_class(stars_env):
    at = _open(navigation.EXPLORER_PAGE, "en", ("model_label",))
    at.toggle(key="attr").set_value(True).run()
    assert not at.exception, at.exception
    [box] = [b for b in at.selectbox if b.key.startswith("ex_attr_class")]
    names = [label_text(n, "en") for n in LABELS]
    assert [o.split(" · ")[0] for o in box.options] == names  # the predicted one marked
    captions = lambda: " ".join(c.value for c in at.caption)  # noqa: E731
    first = captions()
    box.set_value((box.value + 1) % len(LABELS)).run()
    assert not at.exception, at.exception
    assert captions() != first  # another class: another prediction, baseline and sum
