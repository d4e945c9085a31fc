"""End to end: the app (the browser tests' shared server) driven by headless Chromium.

Steps through a review in the browser with clicks and with the keyboard (the highlight,
the words and the step panel follow, with the trace's own numbers), plays it to its end,
reads a 500-token review in the focused window, picks a unit, and opens every page.
It takes screenshots only when asked: to refresh the README's, run it with
``RNN_VIZ_SCREENSHOTS=assets/screenshots`` (the server then reads the real dataset when
``RNN_VIZ_DATA`` has it). Skipped without ``/usr/bin/chromium`` unless
``RNN_VIZ_REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

from browser import apply_text, pick, screenshot, settle

from rnn_viz.core.capture import Tracer
from rnn_viz.core.models import load_model_dir
from rnn_viz.viz.steps import step_panel

HIGHLIGHTED = "span.rv-current"
TEXT = (
    "The acting was not bad at all, but the story dragged on and on until the very "
    "end, when it finally picked up and left me smiling"
)


def _step(page) -> int:
    """The word the stepper shows, as the reader counts it ("word 5 of 18 · not": 5)."""
    return int(page.locator(".rv-stepinfo").inner_text().split()[1])


def _expect_step(page, word: int) -> None:
    """The step info, the step panel and every figure's highlight show word ``word``
    (counted from the review's first word read, not from the padding)."""
    page.wait_for_function(
        """(word) => {
          const info = document.querySelector('.rv-stepinfo');
          const panel = document.querySelector('.rv-panel-token');
          const boxes = [...document.querySelectorAll('.rv-fig > .rv-highlight')];
          return info && info.textContent.startsWith(`word ${word} of `)
            && (!panel || panel.textContent.includes(`, word ${word} of `))
            && boxes.length && boxes.every((b) => b.style.display === 'block'
                 && b.dataset.column === b.parentElement.dataset.column);
        }""",
        arg=word,
        timeout=10_000,
    )


def _use_model_and_text(page, model: str, text: str) -> None:
    pick(page, "Model", model)
    settle(page)
    page.get_by_text("Your own text").first.click()
    settle(page)
    apply_text(page, text)
    settle(page)


def test_app_steps_in_the_browser_and_renders_every_page_in_chromium(app_server, open_page):
    from playwright.sync_api import expect

    url, folders = app_server.url, app_server.shipped
    lstm = next(n for n in sorted(folders) if n.startswith("lstm") or n == "tiny_lstm2")
    expect.set_options(timeout=90_000)  # the first run imports TensorFlow and compiles
    page = open_page(1280, 720)
    page.goto(url, wait_until="domcontentloaded")
    expect(page.get_by_text("How to read the heatmaps")).to_be_visible()
    settle(page)
    screenshot(page, "home.png", 1280, 720)

    page.get_by_role("button", name="Open it in the Gate explorer").click()
    page.wait_for_selector(".rv-fig .hm image", timeout=120_000)
    settle(page)
    # at 1280×800 the heatmaps start on the first screen, the training curves beside them
    page.set_viewport_size({"width": 1280, "height": 800})
    settle(page)
    first = page.evaluate("""() => {
      const scroller = document.querySelector('[data-testid=stMain]');
      const top = (e) => e.getBoundingClientRect().top + (scroller ? scroller.scrollTop : 0);
      return {heatmap: Math.min(...[...document.querySelectorAll('.rv-fig .hm')].map(top)),
              curves: top(document.querySelector('.st-key-ex_summary .js-plotly-plot'))};
    }""")
    assert first["heatmap"] < 800 - 40 and first["curves"] < first["heatmap"], first
    page.set_viewport_size({"width": 1280, "height": 720})
    _use_model_and_text(page, f"{lstm} (shipped)", TEXT)
    page.wait_for_selector(f'.rv-root[data-names="{lstm}"] .rv-fig .hm image')
    # The example opened with this model too: wait until the typed review replaced it
    # (its first word is highlighted) before reading the step.
    # Streamlit keeps the previous run's elements until a rerun ends: wait for one stepper.
    expect(page.locator(".rv-root")).to_have_count(1)
    expect(page.locator(HIGHLIGHTED)).to_have_text("The")
    settle(page)
    assert page.locator(".rv-fig .hm").count() >= 4, "every gate has a heatmap"
    # the cursor is one box per subplot row: no subplot title sits under it
    covered = page.evaluate("""() => {
      const rows = [...document.querySelectorAll('.rv-fig > .rv-highlight')]
        .map((b) => b.getBoundingClientRect());
      return [...document.querySelectorAll('.rv-fig .annotation-text')]
        .map((t) => t.getBoundingClientRect())
        .filter((t) => rows.some((b) => b.top < t.bottom - 1 && t.top + 1 < b.bottom)).length;
    }""")
    assert page.locator(".rv-fig > .rv-highlight").count() >= 5 and covered == 0
    start = _step(page)
    assert start == 1  # the first word read, whatever the padding before it
    _expect_step(page, start)
    assert page.locator(HIGHLIGHTED).inner_text() == "The"

    # clicks: Next three times, Prev once
    seen = [page.locator(HIGHLIGHTED).inner_text()]
    for k in range(1, 4):
        page.get_by_role("button", name="Next ▶").click()
        _expect_step(page, start + k)
        seen.append(page.locator(HIGHLIGHTED).inner_text())
    assert seen == ["The", "acting", "was", "not"]
    page.get_by_role("button", name="◀ Prev").click()
    _expect_step(page, start + 2)
    assert page.locator(HIGHLIGHTED).inner_text() == "was"

    # keyboard: → → ←
    page.locator(".rv-hint").click()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    _expect_step(page, start + 4)
    page.keyboard.press("ArrowLeft")
    _expect_step(page, start + 3)
    assert page.locator(HIGHLIGHTED).inner_text() == "not"

    # the step panel shows the trace's own numbers, as Python writes them
    bundle = load_model_dir(folders[lstm])
    trace = Tracer(bundle.model).trace(bundle.vocab.encode(TEXT))
    n_words = int((~trace.is_pad).sum())
    assert page.locator(".rv-stepinfo").inner_text() == f"word 4 of {n_words} · not"
    panel = step_panel(trace, 0, trace.first_real + 3)
    rows = page.locator(".rv-table tbody tr")
    assert rows.count() == trace.layers[0].units
    for name in ("kept", "written", "h"):
        cell = rows.nth(1).locator(f'td[data-col="{name}"]')
        assert (trace.first_real, start, cell.inner_text()) == (
            trace.first_real,
            start,
            f"{float(panel.columns[name][1]):.4f}",
        )
    # the reader's pause is reported to the server: the downloads follow the step
    expect(page.get_by_text(f"Downloads (word 4 of {n_words}: “not”)")).to_be_visible()
    settle(page)
    screenshot(page, "explorer.png", 1280, 2000)

    # Play at 10 tokens/s from ten words before the end: it advances, then stops
    last = n_words
    page.locator(".rv-slider").fill(str(page.locator(".rv-slider").get_attribute("max")))
    _expect_step(page, last)
    for _ in range(10):
        page.keyboard.press("ArrowLeft")
    _expect_step(page, last - 10)
    page.locator(".rv-pace").select_option("10")
    page.evaluate("""() => {
      window.__ticks = [];
      new MutationObserver(() => window.__ticks.push(performance.now())).observe(
        document.querySelector('.rv-stepinfo'), {childList: true, subtree: true,
        characterData: true});
    }""")
    page.get_by_role("button", name="▶ Play").click()
    _expect_step(page, last)
    expect(page.get_by_role("button", name="▶ Play")).to_be_visible()  # stopped
    ticks = page.evaluate("window.__ticks")
    assert len(ticks) >= 2  # a busy machine may skip a frame or two; the pace below holds
    period = (ticks[-1] - ticks[0]) / (len(ticks) - 1)
    # never faster than the pace set (how close it holds: benchmarks/browser_bench.py)
    assert period > 50, f"about 100 ms a token at 10 tokens/s, not {period:.0f}"
    assert _step(page) == last

    # a 500-token review: the focused window labels every column with its word
    words = [f"word{i % 97}" for i in range(600)]
    long = " ".join(words)
    _use_model_and_text(page, f"{lstm} (shipped)", long)
    page.wait_for_function("() => Number((document.querySelector('.rv-slider') || {}).max) > 30")
    n = int(page.locator(".rv-slider").get_attribute("max")) + 1
    encoded = bundle.vocab.encode(long)
    assert n == min(encoded.n_real, bundle.vocab.maxlen) + (encoded.n_real < bundle.vocab.maxlen)
    page.locator(".rv-overview").scroll_into_view_if_needed()
    box = page.locator(".rv-overview").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.9, box["y"] + box["height"] / 2)
    page.wait_for_function(
        "(n) => Math.abs(Number(document.querySelector('.rv-slider').value) - 0.9 * n) <= 2",
        arg=n,
        timeout=10_000,
    )  # the window follows the jump
    shown = page.locator(".rv-fig .xaxislayer-above text").all_text_contents()
    assert len(shown) >= 15 and all(t.startswith("word") for t in shown)
    expected = long.split()[-n:] if n <= len(words) else None
    if expected:
        assert set(shown) <= set(expected)
    assert page.locator(".rv-fig > .rv-highlight").first.is_visible()
    tick = page.locator(".rv-fig .xaxislayer-above text").first.bounding_box()
    assert tick["height"] >= 8  # legible at 1280×720

    # pick a unit: click a forget-gate cell, then search it
    page.get_by_text("Pick a unit by clicking").click()
    settle(page)
    expect(page.get_by_text("Click a cell of a gate heatmap")).to_be_visible()
    page.locator(".rv-fig .nsewdrag").nth(2).scroll_into_view_if_needed()
    cell = page.locator(".rv-fig .nsewdrag").nth(2).bounding_box()
    page.mouse.click(cell["x"] + cell["width"] * 0.6, cell["y"] + cell["height"] * 0.4)
    search = page.get_by_role("button", name="Search layer 1 · forget gate f")
    expect(search).to_be_visible()
    search.click()
    expect(page.get_by_role("heading", name="What units respond to")).to_be_visible()

    page.goto(url + "/Train", wait_until="domcontentloaded")
    expect(page.get_by_role("button", name="Start training")).to_be_visible()
    settle(page)
    screenshot(page, "train.png", 1400, 1300)

    page.goto(url + "/Compare", wait_until="domcontentloaded")
    page.wait_for_selector(".rv-fig .hm image", timeout=120_000)
    settle(page)
    assert page.locator(".rv-fig").count() == 2
    first = _step(page)
    page.get_by_role("button", name="Next ▶").click()
    _expect_step(page, first + 1)  # both figures' highlights follow
    screenshot(page, "compare.png", 1400, 3000)

    page.goto(url + "/Saturation", wait_until="domcontentloaded")
    settle(page, timeout=120_000)
    page.wait_for_selector(
        "text=/was trained on another|Saturation over the test set/", timeout=120_000
    )
    if page.get_by_text("was trained on another").count():
        # the shipped models with the tiny dataset: compare the tiny models instead
        for box, model in (("Model A", "tiny_lstm2"), ("Model B", "tiny_gru2")):
            pick(page, box, model)
            settle(page, timeout=120_000)
    expect(page.get_by_text("Saturation over the test set")).to_be_visible()
    page.wait_for_selector('[data-testid="stPlotlyChart"] .scatterlayer .point', timeout=120_000)
    settle(page, timeout=120_000)
    screenshot(page, "saturation.png", 1400, 2600)
