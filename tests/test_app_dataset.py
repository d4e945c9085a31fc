"""What the app says about the dataset: missing, present but unusable, or of another
size than the official one (AppTest)."""

from __future__ import annotations

import gzip
import io
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
def damaged_dataset(app_env, tiny_imdb, monkeypatch) -> Path:
    """``RNN_VIZ_DATA`` at the tiny dataset's ``.tar.gz`` with 64 bytes flipped mid-way."""
    from rnn_viz.app import caches

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
