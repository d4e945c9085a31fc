"""End to end: the Memory page in Chromium with the shipped SimpleRNN, LSTM and GRU side by
side; moving the word control redraws every model's strip; the gradient-against-distance
curves and their sentence appear (measured for the tiny models on the tiny dataset, which
the shipped models cannot read). With ``RNN_VIZ_SCREENSHOTS=assets/screenshots`` it
refreshes the README's ``memory.png`` (measured on the real dataset when ``RNN_VIZ_DATA``
has it)."""

from __future__ import annotations

import re

from browser import pick, screenshot, settle

#: Every tick label of every Plotly axis on the page, as the corners of its box on screen:
#: the label's own box (``getBBox``) through its transform, rotation included.
TICK_BOXES = """() => [...document.querySelectorAll('.xaxislayer-above, .yaxislayer-above')].map(
  layer => [...layer.querySelectorAll('.xtick > text, .ytick > text')]
    .filter(t => t.textContent && t.getBBox().width > 0)
    .map(t => {
      const b = t.getBBox(), m = t.getScreenCTM();
      return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height],
              [b.x, b.y + b.height]].map(([x, y]) => [m.a * x + m.c * y + m.e,
                                                     m.b * x + m.d * y + m.f]);
    }))"""


def _overlap(p: list, q: list) -> bool:
    """Whether two convex polygons overlap by more than half a pixel (separating axes)."""
    for poly in (p, q):
        for k in range(len(poly)):
            (x0, y0), (x1, y1) = poly[k], poly[(k + 1) % len(poly)]
            nx, ny = y0 - y1, x1 - x0
            norm = (nx * nx + ny * ny) ** 0.5 or 1.0
            a = [(x * nx + y * ny) / norm for x, y in p]
            b = [(x * nx + y * ny) / norm for x, y in q]
            if max(a) <= min(b) + 0.5 or max(b) <= min(a) + 0.5:
                return False
    return True


def test_memory_page_compares_rnn_lstm_and_gru_in_chromium(app_server, open_page):
    from playwright.sync_api import expect

    expect.set_options(timeout=300_000)  # the first run imports TensorFlow and builds probes
    page = open_page(1280, 1750, timeout=120_000)  # the word labels are thinned for 1280
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
    # every word label drawn is readable: no two tick labels of one axis overlap
    axes = page.evaluate(TICK_BOXES)
    assert sum(len(ticks) for ticks in axes) > 30
    clashes = [
        (k, i)
        for k, ticks in enumerate(axes)
        for i in range(len(ticks) - 1)
        if _overlap(ticks[i], ticks[i + 1])
    ]
    assert not clashes, clashes
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
