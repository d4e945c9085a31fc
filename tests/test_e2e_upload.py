"""End to end: upload a model in Chromium (a ``.keras`` file, then a zipped model folder),
see it selected, and step through a review with it; a refused upload shows a sentence
and no traceback; a closed tab's uploads are removed once its session ends (the shared
server ends a disconnected session after 2 s)."""

from __future__ import annotations

import time
from pathlib import Path

from browser import settle
from helpers import zipped_model_folder

from rnn_viz.app.messages import unlinked

HIGHLIGHTED = "span.rv-current"


def _session_folders(cache: Path) -> set[Path]:
    """The upload folders of the server's sessions (one per session that uploaded)."""
    folder = cache / "uploads"
    return set(folder.iterdir()) if folder.exists() else set()


def test_upload_open_and_step_with_an_uploaded_model_in_chromium(
    app_server, open_page, tiny_gru_dir
):
    from playwright.sync_api import expect

    expect.set_options(timeout=90_000)  # the first run imports TensorFlow and compiles
    uploads = [
        # a name with an e-mail address and a web address: shown as text, never a link
        ("gru of me@example.com www.x.org.keras", (tiny_gru_dir / "model.keras").read_bytes()),
        ("zipped gru.zip", zipped_model_folder(tiny_gru_dir)),
    ]
    before = _session_folders(app_server.cache)
    errors: list[str] = []
    page = open_page(1400, 1750)
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(app_server.url + "/Gate_explorer", wait_until="domcontentloaded")
    expect(page.locator(HIGHLIGHTED)).to_be_visible()
    settle(page)
    page.get_by_text("Upload a model").click()  # the reader opens the box, then uploads
    for name, data in uploads:  # an upload goes by its file's name
        _upload(page, name, data)
        # the message stays visible: the upload box stays open after the rerun
        expect(page.get_by_text(f"as {unlinked(name)}.")).to_be_visible()
        settle(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        expect(page.get_by_role("combobox", name="Model", exact=True)).to_have_value(
            f"{name} (uploaded)"
        )
        expect(page.get_by_text(f"Model: {unlinked(name)} (uploaded)")).to_be_visible()
        links = page.locator("a").evaluate_all("(a) => a.map((e) => e.textContent)")
        assert not [text for text in links if "example" in text or "x.org" in text], links
        expect(page.get_by_text("update gate").first).to_be_visible()  # the GRU
        first = page.locator(HIGHLIGHTED).inner_text()
        page.get_by_role("button", name="Next ▶").click()
        expect(page.locator(HIGHLIGHTED)).not_to_have_text(first)

    _upload(page, "notes.keras", b"hello")
    expect(page.get_by_text("Refused: notes.keras is not a Keras model")).to_be_attached()
    assert page.locator('[data-testid="stException"]').count() == 0
    [ended] = _session_folders(app_server.cache) - before  # this tab's uploads
    page.close()  # the tab's session ends 2 s after it disconnects

    # Another tab: every upload first sweeps the folders of the sessions that ended.
    page = open_page(1400, 1750)
    page.goto(app_server.url + "/Gate_explorer", wait_until="domcontentloaded")
    expect(page.locator(HIGHLIGHTED)).to_be_visible()
    deadline = time.monotonic() + 60
    while ended.exists() and time.monotonic() < deadline:
        _upload(page, "notes.keras", b"hello")  # refused, and sweeps
        expect(page.get_by_text("Refused: notes.keras is not a Keras model")).to_be_attached()
        settle(page)
    assert not ended.exists()  # the ended session's uploads are gone
    _upload(page, *uploads[0])
    expect(page.get_by_text(f"as {unlinked(uploads[0][0])}.")).to_be_attached()
    assert len(_session_folders(app_server.cache) - before) == 1  # the new session's
    assert not errors, errors


def _upload(page, filename: str, data: bytes) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": filename, "mimeType": "application/octet-stream", "buffer": data}
    )
