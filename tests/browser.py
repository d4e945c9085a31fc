"""The browser tests' helpers (``from browser import ...``) and the one way to start the
app's server, shared with ``benchmarks/browser_bench.py``.

``running_app`` starts ``streamlit run app.py`` on a free localhost port and waits for
its health check; ``settle`` waits until Streamlit has finished running the script.
The session fixtures in ``conftest.py`` (``app_server``, ``chromium``) start one server
and one headless Chromium for every browser test; each test opens its pages in a fresh
browser context. Browser tests are skipped without ``/usr/bin/chromium`` or Playwright,
unless ``RNN_VIZ_REQUIRE_BROWSER=1`` (then they fail).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can.

    Returns:
        A sentence naming what is missing (Chromium or Playwright), or None.
    """
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


def need_browser() -> None:
    """Skip the calling test when Chromium or Playwright is missing (fail instead with
    ``RNN_VIZ_REQUIRE_BROWSER=1``)."""
    import pytest

    reason = browser_missing()
    if reason:
        if os.environ.get("RNN_VIZ_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " but RNN_VIZ_REQUIRE_BROWSER=1")
        pytest.skip(reason)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    """Wait until the server at ``url`` answers its health check.

    Raises:
        RuntimeError: the server process ended first.
        TimeoutError: no answer within ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)  # polling the health check, not waiting for a page
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout} s")


@dataclass
class RunningApp:
    """A ``streamlit run app.py`` server: its URL, process and log file."""

    url: str
    process: subprocess.Popen
    log: Path

    def log_text(self, start: int = 0) -> str:
        """The server's output from byte ``start`` of its log on."""
        with open(self.log, "rb") as f:
            f.seek(start)
            return f.read().decode(errors="replace")


@contextlib.contextmanager
def running_app(env: dict[str, str], log: Path, *options: str) -> Iterator[RunningApp]:
    """Run ``streamlit run app.py`` from the repository root until the block ends.

    Args:
        env: variables added to this process' environment for the server.
        log: the file its stdout and stderr go to.
        *options: extra ``streamlit run`` options, e.g. ``"--server.disconnectedSessionTTL",
            "2"``.

    Yields:
        The running server, once it answers its health check.
    """
    port = free_port()
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
                *options,
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        app = RunningApp(f"http://127.0.0.1:{port}", proc, log)
        try:
            wait_healthy(app.url, proc)
            yield app
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# Resolves once the app's script has not been running (nor asked to run) for ``quiet``
# ms in a row: a click's rerun request reaches the page a moment after the click.
SETTLED = """([quiet, timeout]) => new Promise((resolve, reject) => {
  const start = performance.now();
  let since = null;
  const check = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const idle = !!app && app.dataset.testScriptState === 'notRunning'
      && !document.querySelector('[data-testid="stStatusWidget"]');
    const now = performance.now();
    since = idle ? (since ?? now) : null;
    if (since !== null && now - since >= quiet) resolve(true);
    else if (now - start > timeout) reject(new Error(`the app still runs after ${timeout} ms`));
    else setTimeout(check, 20);
  };
  check();
})"""


def settle(page, timeout: float = 60_000, quiet: float = 150) -> None:
    """Wait until Streamlit has finished running the script: no run in progress or
    requested for ``quiet`` ms in a row, within ``timeout`` ms."""
    page.evaluate(SETTLED, [quiet, timeout])


def pick(page, box: str, option: str) -> None:
    """Choose ``option`` in the select box labelled ``box`` by typing it (no wait)."""
    page.locator('[data-testid="stSelectbox"]').filter(has_text=box).first.locator("input").click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")


def apply_text(page, text: str) -> None:
    """Type ``text`` into the page's first text area and apply it with Ctrl+Enter (no
    wait for the run it starts). The keys are pressed once Streamlit shows the area as
    edited (its "Press Ctrl+Enter to apply" line): pressed sooner, on a busy machine,
    they apply the text the area held before."""
    area = page.locator("textarea").first
    area.fill(text)
    page.get_by_test_id("InputInstructions").first.wait_for()
    area.press("Control+Enter")


def painted(page) -> None:
    """Wait until the page's fonts are loaded and two frames were painted (before a
    screenshot)."""
    page.evaluate(
        "() => document.fonts.ready.then(() => new Promise((resolve) =>"
        " requestAnimationFrame(() => requestAnimationFrame(resolve))))"
    )


def screenshot(page, name: str, width: int, height: int) -> None:
    """Save the whole page as ``name`` at a ``width`` × ``height`` viewport in the folder
    ``$RNN_VIZ_SCREENSHOTS`` names (``assets/screenshots``: the README's); without it,
    nothing (a failing test's page is saved by the ``open_page`` fixture). The viewport
    is put back afterwards."""
    folder = os.environ.get("RNN_VIZ_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.set_viewport_size({"width": width, "height": height})
    painted(page)
    page.screenshot(path=Path(folder) / name, full_page=True)
    page.set_viewport_size(size)
