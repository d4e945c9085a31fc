"""End to end: upload a model in Chromium (a ``.keras`` file, then a zipped model folder),
see it selected, and step through a review with it; a refused upload shows a sentence
and no traceback; a closed tab's uploads are removed once its session ends."""

from __future__ import annotations

import io
import shutil
import time
import zipfile

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, need_browser, running_app, settle

HIGHLIGHTED = "span.rv-current"


@pytest.fixture
def server(tmp_path, tiny_lstm_dir, tiny_gru_dir, tiny_imdb):
    """The app with only the tiny LSTM shipped, so an uploaded GRU is unmistakable."""
    need_browser()
    shipped = tmp_path / "shipped"
    shutil.copytree(tiny_lstm_dir, shipped / tiny_lstm_dir.name)
    env = {
        "RNN_VIZ_ASSETS_MODELS": str(shipped),
        "RNN_VIZ_MODELS": str(tmp_path / "user"),
        "RNN_VIZ_DATA": str(tiny_imdb),
        "RNN_VIZ_CACHE": str(tmp_path / "cache"),
    }
    # a closed tab's session is dropped after 2 s (default 120 s), and its uploads with it
    with running_app(
        env, tmp_path / "streamlit.log", "--server.disconnectedSessionTTL", "2"
    ) as url:
        yield url


def _zipped(folder) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("model.keras", "vocab.json", "history.json", "config.json"):
            z.write(folder / name, f"{folder.name}/{name}")
    return buf.getvalue()


def test_upload_open_and_step_with_an_uploaded_model_in_chromium(server, tmp_path, tiny_gru_dir):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=90_000)  # the first run imports TensorFlow and compiles
    uploads = [
        ("their gru.keras", (tiny_gru_dir / "model.keras").read_bytes(), "their_gru"),
        ("zipped gru.zip", _zipped(tiny_gru_dir), "zipped_gru"),
    ]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        errors: list[str] = []
        page = browser.new_page(viewport={"width": 1400, "height": 1750})
        try:
            page.set_default_timeout(90_000)
            page.on("pageerror", lambda err: errors.append(str(err)))
            page.goto(server + "/Gate_explorer", wait_until="domcontentloaded")
            expect(page.locator(HIGHLIGHTED)).to_be_visible()
            settle(page)
            for filename, data, name in uploads:
                _upload(page, filename, data)
                # the message sits in the (collapsible) upload expander
                expect(page.get_by_text(f"as {name}.")).to_be_attached()
                settle(page)
                assert page.locator('[data-testid="stException"]').count() == 0
                expect(page.get_by_role("combobox", name="Model", exact=True)).to_have_value(
                    f"{name} (uploaded)"
                )
                expect(page.get_by_text(f"Model: {name} (uploaded)")).to_be_visible()
                expect(page.get_by_text("update gate").first).to_be_visible()  # the GRU
                first = page.locator(HIGHLIGHTED).inner_text()
                page.get_by_role("button", name="Next ▶").click()
                expect(page.locator(HIGHLIGHTED)).not_to_have_text(first)

            _upload(page, "notes.keras", b"hello")
            expect(page.get_by_text("Refused: notes.keras is not a Keras model")).to_be_attached()
            assert page.locator('[data-testid="stException"]').count() == 0
            sessions = tmp_path / "cache" / "uploads"
            [ended] = list(sessions.iterdir())
            page.close()  # the tab's session ends (server.disconnectedSessionTTL = 2 s)
            time.sleep(4)

            page = browser.new_page(viewport={"width": 1400, "height": 1750})
            page.set_default_timeout(90_000)
            page.goto(server + "/Gate_explorer", wait_until="domcontentloaded")
            expect(page.locator(HIGHLIGHTED)).to_be_visible()
            _upload(page, *uploads[0][:2])
            expect(page.get_by_text(f"as {uploads[0][2]}.")).to_be_attached()
            assert not ended.exists()  # the ended session's uploads are gone
            assert len(list(sessions.iterdir())) == 1  # the new session's
        except Exception:
            page.screenshot(path=tmp_path / "failure.png", full_page=True)
            print(f"screenshot of the failure: {tmp_path / 'failure.png'}")
            raise
        finally:
            browser.close()
    assert not errors, errors


def _upload(page, filename: str, data: bytes) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": filename, "mimeType": "application/octet-stream", "buffer": data}
    )
