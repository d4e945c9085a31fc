"""A model whose embedding masks padding (``Embedding(mask_zero=True)``), trained for
real, on every page: each works or says in one sentence why not, never a traceback."""

from __future__ import annotations

import shutil

import keras
import pytest
from helpers import tiny_recipe
from streamlit.testing.v1 import AppTest
from test_app import APP

from rnn_viz.core.models import SHIPPED_ENV

MASKED = "tiny_masked (shipped)"


def _masked(build):
    """``build_model`` with the embedding's ``mask_zero`` turned on."""

    def build_masked(recipe, name=None, classes=2):
        model = build(recipe, name=name, classes=classes)
        config = model.get_config()
        for layer in config["layers"]:
            if layer["class_name"] == "Embedding":
                layer["config"]["mask_zero"] = True
        return model.__class__.from_config(config)

    return build_masked


@pytest.fixture(scope="module")
def masked_shipped(tmp_path_factory, tiny_corpus, tiny_gru_dir):
    """A shipped-models folder: an LSTM(4) over an embedding with ``mask_zero=True``
    trained for real for 2 epochs on the tiny corpus, beside the tiny GRU."""
    from rnn_viz import train as training

    recipe = tiny_recipe(cell="lstm")
    shipped = tmp_path_factory.mktemp("masked_shipped")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(training, "build_model", _masked(training.build_model))
        training.train(
            "tiny_masked", recipe, tiny_corpus, shipped / "tiny_masked", verbose=0, keep_epochs=True
        )
    model = keras.saving.load_model(next((shipped / "tiny_masked").glob("*.keras")))
    assert model.layers[0].mask_zero
    shutil.copytree(tiny_gru_dir, shipped / tiny_gru_dir.name)
    return shipped


@pytest.fixture
def masked_app(masked_shipped, tmp_path, monkeypatch, tiny_imdb):
    monkeypatch.setenv(SHIPPED_ENV, str(masked_shipped))
    monkeypatch.setenv("RNN_VIZ_MODELS", str(tmp_path / "user"))
    monkeypatch.setenv("RNN_VIZ_DATA", str(tiny_imdb))
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    return at


def _clean(at):
    """No traceback; every error or warning is one sentence."""
    assert not at.exception, at.exception
    for box in [*at.error, *at.warning]:
        assert "Traceback" not in box.value and box.value.count("\n") <= 1, box.value


#: (page, its model picker, Diagnostics section): each page reads the masked model.
PAGES = [
    ("app_pages/1_Gate_explorer.py", "model_label", None),
    ("app_pages/3_Compare.py", "cmp_a", None),
    ("app_pages/4_Saturation.py", "sat_a", None),
    ("app_pages/5_Units.py", "units_model", None),
    ("app_pages/6_What_if.py", "wi_model", None),
    ("app_pages/7_Memory.py", "mem_a", None),
    *[
        ("app_pages/8_Diagnostics.py", "dg_a", section)
        for section in ("Metrics", "Disagreements", "State space", "Sentiment units")
    ],
]


def test_every_page_reads_a_masked_model_and_the_flip_search_says_why_it_has_none(masked_app):
    """One session goes through every page (one ``AppTest``: the pages share its first
    run) and picks the masked model on each; Diagnostics' flip search then says in one
    sentence why a masked model has none."""
    at = masked_app
    for page, picker, section in PAGES:
        at.switch_page(page).run()
        _clean(at)
        at.selectbox(key=picker).set_value(MASKED).run()
        _clean(at)
        if section is not None:
            at.radio(key="dg_section").set_value(section).run()
            _clean(at)
        assert not at.error, (page, section, [e.value for e in at.error])
        assert at.get("plotly_chart") or at.get("bidi_component") or at.dataframe or at.metric, (
            page,
            section,
        )
    at.radio(key="dg_section").set_value("Flips").run()  # still Diagnostics, the masked model
    _clean(at)
    assert [e.value for e in at.error] and "mask" in at.error[0].value
