"""End to end: the pages in Korean in Chromium. Each translated page opened with
``?lang=ko`` shows Korean text and none of the English catalogue's UI sentences; the
language follows the user through the sidebar's page links, and the switch turns the page
back to English. Saves ``home_ko.png`` in a temporary folder, or in ``RNN_VIZ_SCREENSHOTS``
(``RNN_VIZ_SCREENSHOTS=assets/screenshots`` refreshes the README's)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, need_browser, running_app, settle

from rnn_viz.i18n import en, english_sentences, ko

#: URL path of each page whose every string comes from the catalogues -> its title key.
TRANSLATED = {
    "": "home.title",
    "Gate_explorer": "ex.title",
    "Train": "tr.title",
    "Compare": "cmp.title",
    "Saturation": "sat.title",
    "Units": "un.title",
    "What_if": "wi.title",
    "Memory": "mem.title",
    "Diagnostics": "dg.title",
    "Glossary": "glossary.title",
}
HANGUL = re.compile(r"[\uac00-\ud7af]")


@pytest.fixture
def server(tmp_path, tiny_lstm_dir, tiny_gru_dir, tiny_imdb):
    need_browser()
    env = {
        "RNN_VIZ_MODELS": str(tmp_path / "user"),
        "RNN_VIZ_DATA": str(tiny_imdb),
        "RNN_VIZ_CACHE": str(tmp_path / "cache"),
    }
    with running_app(env, tmp_path / "streamlit.log") as url:
        yield url


def test_pages_read_in_korean_with_lang_ko_and_the_switch_goes_back(server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    shots = Path(os.environ.get("RNN_VIZ_SCREENSHOTS") or tmp_path / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    english = english_sentences()
    expect.set_options(timeout=90_000)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.set_default_timeout(90_000)
        try:
            for path, title in TRANSLATED.items():
                page.goto(f"{server}/{path}?lang=ko", wait_until="domcontentloaded")
                expect(page.get_by_role("heading", name=ko.TEXT[title])).to_be_visible()
                settle(page)
                text = page.locator("body").inner_text()
                assert HANGUL.search(text)
                assert "⟦" not in text
                left = [s for s in english if s in text]
                assert not left, (path, left)
                if not path:
                    page.screenshot(path=shots / "home_ko.png", full_page=True)
            # a page link keeps the language (the session remembers it)
            page.goto(f"{server}/?lang=ko", wait_until="domcontentloaded")
            settle(page)
            page.locator('[data-testid="stSidebarNav"] a', has_text="Glossary").click()
            expect(page.get_by_role("heading", name=ko.TEXT["glossary.title"])).to_be_visible()
            settle(page)
            assert "lang=ko" in page.url
            page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
            expect(page.get_by_role("heading", name=en.TEXT["glossary.title"])).to_be_visible()
            settle(page)
            assert "lang=en" in page.url
            assert not errors, errors
        except Exception:
            page.screenshot(path=tmp_path / "failure.png", full_page=True)
            raise
        finally:
            browser.close()
