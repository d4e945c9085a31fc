"""The Memory page through AppTest: a plain RNN, an LSTM and a GRU side by side on one
review with one word control, survival from the gates, the gradient against distance."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from rnn_viz.app import navigation

APP = str(Path(__file__).resolve().parent.parent / "app.py")
MEMORY = navigation.MEMORY_PAGE
OWN_TEXT = "Your own text"


@pytest.fixture
def memory_env(app_env, tiny_rnn_dir):
    """``app_env`` plus a SimpleRNN trained by the user (the user's models folder)."""
    shutil.copytree(tiny_rnn_dir, app_env / "user" / "tiny_rnn")
    return app_env


def _page(lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(MEMORY).run()
    assert not at.exception, at.exception
    return at


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def _strip_values(fig: dict) -> np.ndarray:
    """The ‖∂p_t/∂e_s‖ values a connectivity strip carries (its customdata row)."""
    data = fig["data"][0]["customdata"]
    if isinstance(data, dict):  # a typed array
        import base64

        return np.frombuffer(base64.b64decode(data["bdata"]), data["dtype"])
    return np.asarray(data, float).ravel()


def _texts(at: AppTest) -> str:
    return " ".join(
        e.value
        for kind in ("info", "warning", "markdown", "caption", "error")
        for e in getattr(at, kind)
    )


def test_rnn_lstm_and_gru_side_by_side_on_one_word_control(memory_env):
    from rnn_viz import analysis, load_model_dir

    at = _page()
    assert [at.selectbox(key=k).value for k in ("mem_a", "mem_b", "mem_c")] == [
        "tiny_rnn (user)",
        "tiny_lstm2 (shipped)",
        "tiny_gru2 (shipped)",
    ]
    texts = _texts(at)
    assert "SimpleRNN" in texts and "LSTM" in texts and "GRU" in texts
    # the SimpleRNN has no gate to survive through, and says so
    assert any("no gates" in i.value for i in at.info)
    titles = [f["data"][0].get("hovertemplate", "") for f in _figures(at)]
    assert sum("still there" in t for t in titles) == 2  # LSTM and GRU survival heatmaps
    # the strip is the current word's row of the connectivity, model by model
    n = at.slider(key="mem_pos").value
    at.slider(key="mem_pos").set_value(n - 2).run()
    assert not at.exception
    strips = [f for f in _figures(at) if f["data"][0].get("y") == [""]]
    assert len(strips) == 3
    # under each model, what the padding before the review does to its verdict, measured
    padding = [c.value for c in at.caption if "padding steps before this review" in c.value]
    assert len(padding) == 3 and padding[0].startswith("**tiny\\_rnn \\(user\\)**")
    assert "gradient with respect to the first padding step" in padding[0]
    bundle = load_model_dir(memory_env / "user" / "tiny_rnn")
    text = (
        at.text_area(key="mem_own_text").value
        if at.radio(key="mem_source").value == OWN_TEXT
        else None
    )
    if text is None:
        from rnn_viz.datasets import examples

        title = at.selectbox(key="mem_example").value
        text = next(e.text for e in examples.load_examples() if e.title == title)
    conn = analysis.connectivity(bundle, text)
    t = conn.T - 3  # word n − 2 of the longest reading, all three read the same length
    expected = np.where(
        np.arange(conn.first_real, conn.T) <= t, conn.saliency[t, conn.first_real :], 0
    )
    np.testing.assert_allclose(_strip_values(strips[0]), expected, rtol=1e-5, atol=1e-9)


def test_half_lives_of_the_gated_models_are_listed_per_unit(memory_env):
    at = _page()
    tables = at.dataframe
    assert len(tables) == 2  # LSTM and GRU; the SimpleRNN has none
    lstm = tables[0].value
    assert list(lstm.columns) == ["layer", "kept", "unit", "half-life (words)"]
    assert set(lstm["kept"]) == {"∏ f (c)"} and len(lstm) == 2 * 4  # 2 layers × 4 units
    assert set(tables[1].value["kept"]) == {"∏ z (h)"}


def test_half_life_table_reads_in_korean(memory_env):
    at = _page("ko")
    assert list(at.dataframe[0].value.columns) == ["층", "유지", "유닛", "반감기 (단어 수)"]


def test_gradient_against_distance_curves_and_a_measured_sentence(memory_env):
    at = _page()
    at.select_slider(key="mem_reviews").set_value(100).run()
    at.toggle(key="mem_measure").set_value(True).run()
    assert not at.exception, at.exception
    curves = [f for f in _figures(at) if f["layout"].get("yaxis", {}).get("type") == "log"]
    assert len(curves) == 1
    names = [d.get("name") for d in curves[0]["data"] if d.get("name")]
    assert names == ["tiny_rnn (user)", "tiny_lstm2 (shipped)", "tiny_gru2 (shipped)"]
    sentence = next(m.value for m in at.markdown if "test reviews" in m.value)
    said = sentence.replace("\\", "")  # as the reader sees it (Markdown escapes dropped)
    assert "tiny_rnn" in said and "within ×1.5 counts as staying" in said
    models = ("tiny_rnn (user)", "tiny_lstm2 (shipped)", "tiny_gru2 (shipped)")
    kinds = ("fades ÷", "stays within ×", "grows ×")  # each model's curve, said as it is
    assert sum(f"{m} {kind}" in said for m in models for kind in kinds) == 3


def test_korean_text_is_measured_and_emoji_only_text_is_refused_clearly(memory_env):
    at = _page()
    at.radio(key="mem_source").set_value(OWN_TEXT).run()
    at.text_area(key="mem_own_text").set_value("정말 재미있는 영화").run()
    assert not at.exception and not at.error
    assert at.slider(key="mem_pos").value == 3
    at.text_area(key="mem_own_text").set_value("😀🎬🍿").run()
    assert not at.exception
    assert len(at.error) == 3 and all("no words the model can read" in e.value for e in at.error)


def test_gate_explorer_toggle_shows_the_current_steps_connectivity_row(memory_env):
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page(navigation.EXPLORER_PAGE).run()
    at.toggle(key="memory_row").set_value(True).run()
    assert not at.exception, at.exception
    strips = [
        f
        for f in _figures(at)
        if "still hears at word" in f["layout"].get("title", {}).get("text", "")
    ]
    assert len(strips) == 1  # the stepper starts on the first word read
    assert "at word 1 of " in strips[0]["layout"]["title"]["text"]
    assert np.nanmax(_strip_values(strips[0])) > 0
