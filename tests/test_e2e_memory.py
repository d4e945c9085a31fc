"""End to end: the Memory page in Chromium with the shipped SimpleRNN, LSTM and GRU side by
side; moving the word control redraws every model's strip; the gradient-against-distance
curves and their sentence appear; saves ``assets/screenshots/memory.png`` (the README
shows it). Uses the real IMDB dataset when ``RNN_VIZ_DATA`` points at it, else the tiny
one the tests write."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, ROOT, need_browser, running_app, settle

SCREENSHOT = ROOT / "assets" / "screenshots" / "memory.png"


@pytest.fixture
def server(tmp_path, tiny_imdb):
    need_browser()
    data = os.environ.get("RNN_VIZ_DATA")
    data = data if data and Path(data).exists() else str(tiny_imdb)
    env = {
        "RNN_VIZ_MODELS": str(tmp_path / "user"),
        "RNN_VIZ_DATA": data,
        "RNN_VIZ_CACHE": str(tmp_path / "cache"),
    }
    with running_app(env, tmp_path / "streamlit.log") as url:
        yield url


def test_memory_page_compares_rnn_lstm_and_gru_in_chromium(server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=120_000)  # the first run imports TensorFlow and builds probes
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 3900})  # the whole page
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        try:
            page.set_default_timeout(120_000)
            page.goto(server + "/Memory", wait_until="domcontentloaded")
            for name in ("rnn (shipped)", "lstm (shipped)", "gru2 (shipped)"):
                expect(page.get_by_text(name, exact=False).first).to_be_visible()
            settle(page, 180_000)
            expect(page.get_by_text("no gates").first).to_be_visible()  # the SimpleRNN
            strips = page.locator(".js-plotly-plot")
            assert strips.count() >= 8  # 3 strips, 3 heatmaps, 2 survival figures
            before = page.locator(".js-plotly-plot").first.inner_html()
            shown = page.get_by_text(re.compile(r"^Word \d+ of \d+:")).first.inner_text()
            n = int(re.match(r"Word (\d+) of", shown).group(1))  # a review opens on its last word
            slider = page.get_by_role("slider").first
            slider.focus()
            for _ in range(3):
                slider.press("ArrowLeft")
            expect(page.get_by_text(f"Word {n - 3} of {n}:")).to_be_visible()
            settle(page)
            assert page.locator(".js-plotly-plot").first.inner_html() != before
            # the gradient against distance, on the smallest sample
            reviews = page.get_by_role(
                "slider", name="Test reviews measured (a fixed random sample)"
            )
            reviews.focus()
            reviews.press("Home")
            settle(page)
            page.get_by_text("Measure (the first time").click()
            settle(page, 300_000)
            expect(page.get_by_text("fades fastest")).to_be_visible()
            assert not errors, errors
            settle(page)
            page.evaluate("window.scrollTo(0, 0)")
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOT, full_page=True)
        except Exception:
            page.screenshot(path=tmp_path / "failure.png", full_page=True)
            print(f"screenshot of the failure: {tmp_path / 'failure.png'}")
            raise
        finally:
            browser.close()
