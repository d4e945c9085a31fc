"""End to end: the Memory page in Chromium with the shipped SimpleRNN, LSTM and GRU side by
side; moving the word control redraws every model's strip; the gradient-against-distance
curves and their sentence appear (measured for the tiny models on the tiny dataset, which
the shipped models cannot read). With ``RNN_VIZ_SCREENSHOTS=assets/screenshots`` it
refreshes the README's ``memory.png`` (measured on the real dataset when ``RNN_VIZ_DATA``
has it)."""

from __future__ import annotations

import re

from browser import pick, screenshot, settle


def test_memory_page_compares_rnn_lstm_and_gru_in_chromium(app_server, open_page):
    from playwright.sync_api import expect

    expect.set_options(timeout=120_000)  # the first run imports TensorFlow and builds probes
    page = open_page(1400, 1750, timeout=120_000)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(app_server.url + "/Memory", wait_until="domcontentloaded")
    for name in ("rnn (shipped)", "lstm (shipped)", "gru2 (shipped)"):
        expect(page.get_by_text(name, exact=False).first).to_be_visible()
    settle(page, 180_000)
    expect(page.get_by_text("no gates").first).to_be_visible()  # the SimpleRNN
    # 3 strips, 3 heatmaps, 2 survival figures, each drawn once Plotly has loaded
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 8")
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
    if not app_server.real_data:  # the tiny dataset: measure the tiny models
        expect(page.get_by_text("was trained on another")).to_be_visible()
        for box, model in (("Model A", "tiny_rnn"), ("Model B", "tiny_lstm2")):
            pick(page, box, model)
            settle(page)
        pick(page, "Model C", "tiny_gru2")
        expect(page.get_by_text("was trained on another")).to_have_count(0)
        settle(page)
    # the gradient against distance, on the smallest sample
    reviews = page.get_by_role("slider", name="Test reviews measured (a fixed random sample)")
    reviews.focus()
    reviews.press("Home")
    settle(page)
    page.get_by_text("Measure (the first time").click()
    settle(page, 300_000)
    expect(page.get_by_text("fades fastest")).to_be_visible()
    assert not errors, errors
    settle(page)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "memory.png", 1600, 3900)
