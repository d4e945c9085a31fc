"""End to end: the pages in Korean in Chromium. Each translated page opened with
``?lang=ko`` shows Korean text and none of the English catalogue's UI sentences; the
language follows the user through the sidebar's page links, and the switch turns the page
back to English. Saves ``home_ko.png`` in a temporary folder, or in ``RNN_VIZ_SCREENSHOTS``
(``RNN_VIZ_SCREENSHOTS=assets/screenshots`` refreshes the README's)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from browser import settle

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


def test_pages_read_in_korean_with_lang_ko_and_the_switch_goes_back(
    app_server, open_page, tmp_path
):
    from playwright.sync_api import expect

    server = app_server.url
    shots = Path(os.environ.get("RNN_VIZ_SCREENSHOTS") or tmp_path / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    english = english_sentences()
    expect.set_options(timeout=90_000)
    page = open_page(1280, 900)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
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
    page.locator('[data-testid="stSidebarNav"] a', has_text=ko.TEXT["nav.glossary"]).click()
    expect(page.get_by_role("heading", name=ko.TEXT["glossary.title"])).to_be_visible()
    settle(page)
    assert "lang=ko" in page.url
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name=en.TEXT["glossary.title"])).to_be_visible()
    settle(page)
    assert "lang=en" in page.url
    assert not errors, errors
