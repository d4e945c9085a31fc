"""The Diagnostics page through AppTest, on the tiny models and the tiny dataset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import shipped_without_their_dataset
from streamlit.testing.v1 import AppTest

from rnn_viz.analysis import metrics as dm
from rnn_viz.app import navigation
from rnn_viz.core.models import load_model_dir
from rnn_viz.datasets import load_corpus

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = navigation.DIAGNOSTICS_PAGE


def _page(section: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    if section:
        at.radio(key="dg_section").set_value(section).run()
        assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    return " ".join(
        str(e.value)
        for kind in ("info", "warning", "markdown", "caption", "error")
        for e in getattr(at, kind)
    )


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def test_metrics_show_both_models_numbers_from_the_library(app_env, tiny_imdb):
    at = _page()
    assert at.selectbox(key="dg_a").value == "tiny_lstm2 (shipped)"
    assert at.selectbox(key="dg_b").value == "tiny_gru2 (shipped)"
    table = at.dataframe[0].value
    bundle = load_model_dir(app_env / "shipped" / "tiny_lstm2")
    from rnn_viz.analysis import corpus_for

    expected = dm.heldout_metrics(bundle, corpus_for(bundle, tiny_imdb), cache=False)
    row = table[table["model"] == "A: tiny_lstm2"].iloc[0]
    assert row["accuracy"] == pytest.approx(expected.accuracy)
    assert row["ROC AUC"] == pytest.approx(expected.roc_auc)
    assert [row["TN"], row["FP"], row["FN"], row["TP"]] == sum(expected.confusion, [])
    names = {t.get("name", "") for f in _figures(at) for t in f["data"]}
    assert any("AUC" in n and "tiny_lstm2" in n for n in names)
    assert any("AUC" in n and "tiny_gru2" in n for n in names)


def test_disagreements_filter_and_open_in_compare(app_env):
    at = _page("Disagreements")
    for kind in dm.DISAGREEMENT_KINDS:
        at.selectbox(key="dg_kind").set_value(kind).run()
        assert not at.exception
        if at.dataframe:
            break
    assert at.dataframe, _texts(at)
    review = int(at.dataframe[0].value["review"].iloc[0])
    at.button(key="dg_open_cmp").click().run()  # then the Compare page runs
    assert at.session_state[navigation.COMPARE_A] == "tiny_lstm2 (shipped)"
    assert at.session_state[navigation.COMPARE_B] == "tiny_gru2 (shipped)"
    corpus = load_corpus(download=False)
    from rnn_viz.analysis.testset import filter_test_reviews

    match = at.session_state[f"{navigation.COMPARE_PREFIX}{navigation.MATCH}"]
    assert filter_test_reviews(corpus, min_len=1)[match - 1] == review


def test_state_space_draws_the_review_path_with_the_current_word(app_env):
    at = _page("State space")
    figs = _figures(at)
    assert len(figs) == 2
    names = [t.get("name") for t in figs[0]["data"]]
    assert "this review, word by word" in names and "current word" in names
    assert "PC 1" in figs[0]["layout"]["xaxis"]["title"]["text"]
    at.radio(key="dg_color").set_value("prediction").run()
    assert "predicted negative" in [t.get("name") for t in _figures(at)[0]["data"]]
    assert "fixed random sample" in _texts(at)


def test_units_table_opens_unit_search(app_env):
    at = _page("Sentiment units")
    assert "which single unit is best depends on the sample" in _texts(at)
    ranked = [d.value for d in at.dataframe if "auc" in d.value.columns]
    assert len(ranked) == 2  # A's and B's ranked units, best first
    assert list(ranked[0]["separation"]) == sorted(ranked[0]["separation"], reverse=True)
    row = ranked[0].iloc[0]
    at.button(key="dg_unit_search_A").click().run()  # then the Units page runs
    layer = int(row["layer"]) - 1
    assert at.session_state[navigation.UNITS_MODEL] == "tiny_lstm2 (shipped)"
    assert at.session_state[navigation.unit_gate_key(layer)] == row["state"]
    assert at.session_state[navigation.unit_unit_key(layer)] == int(row["unit"])


def test_flips_work_on_typed_text_without_the_dataset(app_env, monkeypatch, tmp_path):
    monkeypatch.setenv("RNN_VIZ_DATA", str(tmp_path / "nowhere"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "no_keras"))
    shipped_without_their_dataset(tmp_path, monkeypatch)
    at = _page("Flips")
    at.radio(key="dgf_source").set_value(navigation.REVIEW_SOURCES[2]).run()
    at.text_area(key="dgf_own_text").set_value(
        "the movie was great and the music was fun but the plot was a mess"
    ).run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert len(table) > 0 and {"edit", "p(positive)", "change", "flips"} <= set(table.columns)
    at.button(key="dg_flip_open").click().run()  # then the What-if page runs
    assert at.session_state[navigation.WHAT_IF_TEXT].startswith("the movie was great")
    assert at.session_state[navigation.WHAT_IF_OP] in ("delete", "replace")
    # the other sections say the dataset is missing, in a sentence
    at.switch_page(PAGE).run()
    at.radio(key="dg_section").set_value("Metrics").run()
    assert not at.exception and "not on this machine" in _texts(at)
