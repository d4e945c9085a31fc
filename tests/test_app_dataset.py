"""What the app says about the dataset: missing, present but unusable, or of another
size than the official one (AppTest)."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rnn_viz.app.navigation import EXPLORER_PAGE as EXPLORER
from rnn_viz.app.navigation import UNITS_PAGE as UNITS

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    return " ".join(
        e.value for kind in ("info", "warning", "markdown", "caption") for e in getattr(at, kind)
    )


@pytest.fixture
def damaged_dataset(app_env, tiny_imdb, tiny_shipped, monkeypatch) -> Path:
    """The shipped models' dataset damaged: their records and ``RNN_VIZ_DATA`` point at
    the tiny dataset's ``.tar.gz`` with 64 bytes flipped mid-way."""
    from rnn_viz.app import caches
    from rnn_viz.core.models import SHIPPED_ENV

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        tar.add(tiny_imdb / "aclImdb", arcname="aclImdb")
    packed = gzip.compress(buffer.getvalue())
    middle = len(packed) // 2
    bad = app_env / "aclImdb_v1.tar.gz"
    bad.write_bytes(
        packed[:middle]
        + bytes(b ^ 0xFF for b in packed[middle : middle + 64])
        + packed[middle + 64 :]
    )
    shipped = app_env / "shipped_on_damaged"
    for model in tiny_shipped.iterdir():
        shutil.copytree(model, shipped / model.name)
        config = json.loads((shipped / model.name / "config.json").read_text("utf-8"))
        config["dataset"]["location"] = str(bad)
        (shipped / model.name / "config.json").write_text(json.dumps(config), "utf-8")
    monkeypatch.setenv(SHIPPED_ENV, str(shipped))
    monkeypatch.setenv("RNN_VIZ_DATA", str(bad))
    caches.load_test_corpus.clear()
    yield bad
    caches.load_test_corpus.clear()


def test_a_damaged_dataset_is_said_to_be_unusable_not_missing(damaged_dataset):
    at = _page(UNITS)
    shown = _texts(at)
    assert "on this machine but cannot be used" in shown and "damaged" in shown
    assert "not on this machine" not in shown
    assert not at.get("plotly_chart")


def test_test_set_reviews_of_a_damaged_dataset_say_why_they_are_off(damaged_dataset):
    at = _page(EXPLORER)
    at.radio(key="source").set_value("Test-set review").run()
    assert not at.exception
    shown = " ".join(w.value for w in at.warning)
    assert "cannot be used" in shown and "damaged" in shown
    assert at.selectbox(key="model_label").value  # the rest of the page still works


def test_an_analysis_notes_a_dataset_not_of_the_official_size(app_env):
    at = _page(UNITS)
    assert any("not the official dataset's 25,000" in c.value for c in at.caption)


def test_models_of_two_datasets_show_their_own_test_reviews_side_by_side(
    app_env, tiny_imdb, other_tiny_rnn_dir, other_tiny_imdb
):
    from rnn_viz.datasets import ImdbDataset

    shutil.copytree(other_tiny_rnn_dir, app_env / "user" / other_tiny_rnn_dir.name)
    at = _page(EXPLORER)
    at.radio(key="source").set_value("Test-set review").run()
    for label in at.selectbox(key="model_label").options:
        at.selectbox(key="model_label").set_value(label).run()
        assert not at.exception, at.exception
        assert not at.warning, [w.value for w in at.warning]  # neither model is refused
        data = other_tiny_imdb if other_tiny_rnn_dir.name in label else tiny_imdb
        first = ImdbDataset(data).caption("test", 0).text("en")  # its own dataset's review
        assert first in [c.value.replace("\\", "") for c in at.caption]  # Markdown's escapes
    assert ImdbDataset(other_tiny_imdb).caption("test", 0) != ImdbDataset(tiny_imdb).caption(
        "test", 0
    )
    at.selectbox(key="label").set_value("positive").run()
    assert "(positive," in " ".join(c.value for c in at.caption)
