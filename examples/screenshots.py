"""Take the README's screenshots of the notebook widget and the shared web page.

    python examples/screenshots.py [OUT_FOLDER]   (default assets/screenshots)

``notebook.png``: examples/stepper.ipynb run in a real JupyterLab (``pip install
jupyterlab``, not a dependency of rnn-viz) in headless Chromium; ``web_page.png``:
``rnn-viz html lstm2 ...`` opened from disk with every network request blocked.
Needs /usr/bin/chromium and Playwright; trains nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

REVIEW = (
    "I expected to hate this film. The first hour is slow and the dialogue is flat, "
    "but the ending is not bad at all: moving, honest and beautifully acted."
)


def _blocked_but(page, url: str) -> None:
    page.context.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())


def web_page(browser, out: Path, work: Path) -> None:
    page_file = work / "review.html"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "rnn_viz", "html", "lstm2", REVIEW, "-o", str(page_file)],
        check=True,
        env=env,
    )
    page = browser.new_context(viewport={"width": 1280, "height": 1250}).new_page()
    _blocked_but(page, page_file.as_uri())
    page.goto(page_file.as_uri())
    page.wait_for_selector(".rv-fig .hm image", timeout=120_000)
    for _ in range(9):
        page.get_by_role("button", name="Next ▶").click()
    time.sleep(1)
    page.screenshot(path=str(out / "web_page.png"))


def notebook(browser, out: Path, work: Path) -> None:
    shutil.copy(ROOT / "examples" / "stepper.ipynb", work / "stepper.ipynb")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    lab = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
         "--IdentityProvider.token=", "--ServerApp.password=", "--allow-root",
         f"--ServerApp.root_dir={work}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/lab/tree/stepper.ipynb"
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=2)
                break
            except OSError:
                time.sleep(1)
        page = browser.new_context(viewport={"width": 1400, "height": 1500}).new_page()
        page.set_default_timeout(180_000)
        page.goto(url)
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=180_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']")
        page.locator(".jp-Notebook .jp-Cell").first.click()
        page.keyboard.press("Escape")
        for _ in range(page.locator(".jp-Notebook .jp-Cell").count()):
            page.keyboard.press("Shift+Enter")
        page.wait_for_selector(".rv-fig .hm image", timeout=600_000)
        root = page.locator(".rv-root").first
        root.focus()
        for _ in range(4):
            page.keyboard.press("ArrowRight")
        time.sleep(2)
        news = page.get_by_role("button", name="No", exact=True)  # JupyterLab's news prompt
        if news.count():
            news.first.click()
        cell = page.locator(".jp-Cell", has=page.locator(".rv-root")).first
        cell.scroll_into_view_if_needed()
        page.evaluate("(el) => el.scrollIntoView({block: 'start'})", cell.element_handle())
        time.sleep(1)
        page.screenshot(path=str(out / "notebook.png"))
    finally:
        lab.terminate()
        lab.wait(30)


def main() -> None:
    from playwright.sync_api import sync_playwright

    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "assets" / "screenshots")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        web_page(browser, out, Path(tmp))
        notebook(browser, out, Path(tmp))
        browser.close()
    print(f"wrote {out / 'web_page.png'} and {out / 'notebook.png'}")


if __name__ == "__main__":
    main()
