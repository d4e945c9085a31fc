"""End to end: ``streamlit run app.py`` on a free port, driven by headless Chromium.

Steps through tokens by clicking, checks the heatmaps render, and saves a screenshot of
every page to ``assets/screenshots/`` (the README shows them). It uses the shipped
models when they are all there, else the tiny fixture models. Skipped without
``/usr/bin/chromium`` unless ``RNN_VIZ_REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "assets" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
HIGHLIGHTED = "span.rv-current"


def _need_browser():
    reason = None
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the playwright package is not installed"
    if reason:
        if os.environ.get("RNN_VIZ_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " but RNN_VIZ_REQUIRE_BROWSER=1")
        pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout} s")


@pytest.fixture
def server(tmp_path, tiny_lstm_dir, tiny_gru_dir, tiny_imdb):
    """A running app; yields its URL and stops it afterwards."""
    from rnn_viz.models import shipped_models

    env = {**os.environ, "RNN_VIZ_MODELS": str(tmp_path / "user_models"),
           "PYTHONPATH": str(ROOT)}
    for src in (tiny_lstm_dir, tiny_gru_dir):  # models that read the tiny dataset
        shutil.copytree(src, tmp_path / "user_models" / src.name)
    cells = {name.rstrip("0123456789") for name in shipped_models()}
    if not {"lstm", "gru"} <= cells:  # the shipped models are not there (yet)
        shipped = tmp_path / "shipped"
        for src in (tiny_lstm_dir, tiny_gru_dir):
            shutil.copytree(src, shipped / src.name)
        env["RNN_VIZ_ASSETS_MODELS"] = str(shipped)
    if not (env.get("RNN_VIZ_DATA") and Path(env["RNN_VIZ_DATA"]).exists()):
        env["RNN_VIZ_DATA"] = str(tiny_imdb)
    port = _free_port()
    log = open(tmp_path / "streamlit.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        print((tmp_path / "streamlit.log").read_text(errors="replace")[-3000:])


def _settle(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=timeout)


def test_app_steps_through_tokens_and_renders_heatmaps_in_chromium(server, tmp_path):
    _need_browser()
    from playwright.sync_api import expect, sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    expect.set_options(timeout=90_000)  # the first run imports TensorFlow and compiles
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1750})
            page.set_default_timeout(60_000)
            page.goto(server, wait_until="domcontentloaded")
            expect(page.get_by_text("How to read the heatmaps")).to_be_visible()
            _settle(page)
            page.screenshot(path=SCREENSHOTS / "home.png", full_page=True)

            page.get_by_role("button", name="Open it in the Gate explorer").click()
            page.wait_for_selector('[data-testid="stPlotlyChart"] .hm', timeout=90_000)
            _settle(page)
            heatmaps = page.locator('[data-testid="stPlotlyChart"] .hm')
            assert heatmaps.count() >= 4, "every gate and state has a heatmap"
            first = page.locator(HIGHLIGHTED).inner_text()
            seen = [first]
            for _ in range(3):
                page.get_by_role("button", name="Next ▶").click()
                expect(page.locator(HIGHLIGHTED)).not_to_have_text(seen[-1])
                seen.append(page.locator(HIGHLIGHTED).inner_text())
            page.get_by_role("button", name="◀ Prev").click()
            expect(page.locator(HIGHLIGHTED)).to_have_text(seen[-2])
            _settle(page)
            page.set_viewport_size({"width": 1400, "height": 2900})  # Streamlit scrolls inside
            page.wait_for_timeout(1000)  # let Plotly finish drawing
            page.screenshot(path=SCREENSHOTS / "explorer.png", full_page=True)

            # click a cell of the forget-gate heatmap, then search that unit
            page.set_viewport_size({"width": 1400, "height": 1750})
            page.get_by_text("Pick a unit by clicking").click()
            expect(page.get_by_text("Click a cell of a gate heatmap")).to_be_visible()
            _settle(page)
            cell = page.locator('[data-testid="stPlotlyChart"] .nsewdrag').nth(2).bounding_box()
            page.mouse.click(cell["x"] + cell["width"] * 0.6, cell["y"] + cell["height"] * 0.4)
            search = page.get_by_role("button", name="Search layer 1 · forget gate f")
            expect(search).to_be_visible()
            search.click()
            expect(page.get_by_role("heading", name="What units respond to")).to_be_visible()

            page.set_viewport_size({"width": 1400, "height": 1300})
            page.goto(server + "/Train", wait_until="domcontentloaded")
            expect(page.get_by_role("button", name="Start training")).to_be_visible()
            _settle(page)
            page.screenshot(path=SCREENSHOTS / "train.png", full_page=True)

            page.set_viewport_size({"width": 1400, "height": 3000})
            page.goto(server + "/Compare", wait_until="domcontentloaded")
            page.wait_for_selector('[data-testid="stPlotlyChart"] .hm', timeout=90_000)
            _settle(page)
            page.wait_for_timeout(1000)
            page.screenshot(path=SCREENSHOTS / "compare.png", full_page=True)

            page.set_viewport_size({"width": 1400, "height": 2600})
            page.goto(server + "/Saturation", wait_until="domcontentloaded")
            _settle(page, timeout=120_000)
            if page.get_by_text("encodes to another vocabulary").count():
                # the shipped models with the tiny dataset: compare the tiny models instead
                for box, model in (("Model A", "tiny_lstm2"), ("Model B", "tiny_gru2")):
                    page.locator('[data-testid="stSelectbox"]').filter(
                        has_text=box).locator("input").click()
                    page.keyboard.type(model)
                    page.keyboard.press("Enter")
                    _settle(page, timeout=120_000)
            expect(page.get_by_text("Saturation over the test set")).to_be_visible()
            page.wait_for_selector('[data-testid="stPlotlyChart"] .scatterlayer .point',
                                   timeout=120_000)
            _settle(page, timeout=120_000)
            assert page.locator('[data-testid="stPlotlyChart"]').count() >= 4
            page.wait_for_timeout(1000)
            page.screenshot(path=SCREENSHOTS / "saturation.png", full_page=True)
        except Exception:
            page.screenshot(path=tmp_path / "failure.png", full_page=True)
            print(f"screenshot of the failure: {tmp_path / 'failure.png'}")
            raise
        finally:
            browser.close()
