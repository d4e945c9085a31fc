"""A class on one server: N readers at once in real browsers, and what each waits.

    RNN_VIZ_DATA=/path/to/aclImdb_v1.tar.gz python benchmarks/load_bench.py [--sessions 1 5 10 20]

Starts ``streamlit run app.py`` (the shipped models, the dataset of ``$RNN_VIZ_DATA``,
a fresh models folder; the analyses' cache of ``$RNN_VIZ_CACHE`` as the server would
have it) and one headless Chromium (``/usr/bin/chromium``, Playwright's async API).
For each N it opens N browser contexts (N readers with their own session) that all run,
at the same time, a class's script:

1. open the Gate explorer (until its heatmaps are drawn);
2. pick a test-set review (reader k takes the k-th review that matches);
3. step 30 times with "Next ▶" (each step until the highlight and the step panel show
   it), counting the websocket frames sent and received meanwhile;
   (a click the stepper does not follow within 30 s is counted, and stepping goes on);
4. open Compare, 5. open Memory (each until its script finished and no error shows);
6. upload a model (a zipped copy of the shipped ``rnn``), until it is selected.

Prints, per action, the median, p95 and max in seconds over the N readers (stepping:
over all their steps, in ms), the websocket frames per step, the errors (a timeout, an
exception box on a page, an error in the browser's console), the server's resident memory
(RSS) after each round and the machine's load average (other work on the machine counts).
Exits non-zero when any reader met an error.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import statistics
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the server start the tests use
from browser import CHROMIUM, CHROMIUM_ARGS, SETTLED, running_app  # noqa: E402

VIEWPORT = {"width": 1280, "height": 800}
#: The stepper tells the server the step once the reader pauses this long (stepper.js
#: REPORT_MS): a frame sent sooner after a click would be a round trip for the step.
REPORT_S = 0.6
ACTIONS = ("open explorer", "pick test review", "step", "open Compare", "open Memory", "upload")


@dataclass
class Reader:
    """One reader's measurements."""

    seconds: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    frames: int = 0  # websocket frames while stepping (sent + received)
    steps: int = 0
    in_browser: int = 0  # steps shown with no frame received since the click
    lost: list[tuple[int, int]] = field(default_factory=list)  # (step, then shown) unmoved

    def took(self, action: str, seconds: float) -> None:
        self.seconds.setdefault(action, []).append(seconds)


def zipped_model(name: str = "rnn") -> bytes:
    """A shipped model's folder, zipped (what a reader uploads)."""
    folder = ROOT / "assets" / "models" / name
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for file in ("model.keras", "vocab.json", "config.json", "history.json", "metrics.json"):
            z.write(folder / file, file)
    return out.getvalue()


async def settle(page, timeout: float = 180_000) -> None:
    await page.evaluate(SETTLED, [200, timeout])  # tests/browser.py


async def check_page(page, reader: Reader, where: str) -> None:
    """An exception box on the page is an error."""
    boxes = await page.locator('[data-testid="stException"]').count()
    if boxes:
        text = await page.locator('[data-testid="stException"]').first.inner_text()
        reader.errors.append(f"{where}: exception on the page: {text[:200]}")


async def session(browser, url: str, k: int, upload: bytes, steps: int) -> Reader:
    """One reader's script (see the module's docstring)."""
    reader = Reader()
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    page.set_default_timeout(240_000)
    page.on("pageerror", lambda err: reader.errors.append(f"browser error: {err}"))
    counting = [False]
    sent = [0]

    got = [0]

    def received(_payload) -> None:
        got[0] += 1
        if counting[0]:
            reader.frames += 1

    def sending(_payload) -> None:
        sent[0] += 1
        if counting[0]:
            reader.frames += 1

    page.on(
        "websocket",
        lambda ws: (ws.on("framereceived", received), ws.on("framesent", sending)),
    )
    action = "open explorer"
    try:
        began = time.perf_counter()
        await page.goto(url + "/Gate_explorer", wait_until="domcontentloaded")
        await page.wait_for_selector(".rv-fig .hm image")
        await settle(page)
        reader.took(action, time.perf_counter() - began)
        await check_page(page, reader, action)

        action = "pick test review"
        began = time.perf_counter()
        await page.get_by_text("Test-set review").first.click()
        await settle(page)
        number = page.locator('[data-testid="stNumberInput"] input').first
        await number.fill(str(k + 1))
        await number.press("Enter")
        await settle(page)
        await page.wait_for_selector(".rv-fig .hm image")
        reader.took(action, time.perf_counter() - began)
        await check_page(page, reader, action)

        action = "step"
        nxt = page.get_by_role("button", name="Next ▶")
        info = page.locator(".rv-stepinfo")
        counting[0] = True
        for _ in range(steps):
            now = int((await info.inner_text()).split()[1])
            got_before = got[0]
            began = time.perf_counter()
            await nxt.click()
            try:
                await page.wait_for_function(
                    "(s) => document.querySelector('.rv-stepinfo')"
                    ".textContent.startsWith(`step ${s} `)",
                    arg=now + 1,
                    timeout=30_000,
                )
            except Exception:  # the click did not move the stepper: note it, go on
                shown = int((await info.inner_text()).split()[1])
                reader.lost.append((now, shown))
                continue
            took = time.perf_counter() - began
            reader.took(action, took)
            reader.steps += 1
            if got[0] == got_before:
                reader.in_browser += 1  # shown before anything came back from the server
        counting[0] = False

        for action, path in (("open Compare", "/Compare"), ("open Memory", "/Memory")):
            began = time.perf_counter()
            await page.goto(url + path, wait_until="domcontentloaded")
            await page.wait_for_selector("h1")
            await settle(page)
            reader.took(action, time.perf_counter() - began)
            await check_page(page, reader, action)

        action = "upload"
        await page.goto(url + "/Gate_explorer", wait_until="domcontentloaded")
        await page.wait_for_selector(".rv-fig .hm image")
        await settle(page)
        began = time.perf_counter()
        await page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
            {"name": f"class model {k}.zip", "mimeType": "application/zip", "buffer": upload}
        )
        await page.get_by_text("(uploaded)").first.wait_for()
        await settle(page)
        reader.took(action, time.perf_counter() - began)
        await check_page(page, reader, action)
    except Exception as err:  # a timeout, a missing element: this reader's error
        reader.errors.append(f"{action}: {type(err).__name__}: {str(err).splitlines()[0]}")
    finally:
        await context.close()
    return reader


def rss_mib(pid: int) -> float:
    """The resident memory of process ``pid`` in MiB (Linux ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def sample_rss(pid: int, peak: list[float]) -> None:
    """Keep the server's highest RSS in ``peak[0]`` (sampled every second)."""
    while True:
        peak[0] = max(peak[0], rss_mib(pid))
        await asyncio.sleep(1.0)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def report(n: int, readers: list[Reader], wall: float, rss: float) -> int:
    """Print one round's table; return its number of errors."""
    print(
        f"\nN = {n} readers: {wall:.0f} s for the round; server RSS at most {rss:.0f} MiB; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(f"  {'action':18} {'median':>8} {'p95':>8} {'max':>8}  count")
    for action in ACTIONS:
        values = [v for r in readers for v in r.seconds.get(action, [])]
        if not values:
            print(f"  {action:18} {'—':>8}")
            continue
        scale, unit = (1000, "ms") if action == "step" else (1, "s")
        med, hi, top = (scale * statistics.median(values), scale * p95(values), scale * max(values))
        print(
            f"  {action:18} {med:7.1f}{unit[0]} {hi:7.1f}{unit[0]} {top:7.1f}{unit[0]}"
            f"  {len(values)}"
        )
    steps = sum(r.steps for r in readers)
    frames = sum(r.frames for r in readers)
    alone = sum(r.in_browser for r in readers)
    print(
        f"  websocket frames while stepping: {frames} over {steps} steps "
        f"({frames / max(steps, 1):.2f} per step; the stepper reports a step once the reader "
        f"pauses {REPORT_S * 1000:.0f} ms); steps shown before any frame came back from "
        f"the server since the click: {alone} of {steps}"
    )
    lost = [x for r in readers for x in r.lost]
    print(
        f"  clicks on Next the stepper did not follow within 30 s: {len(lost)} "
        f"(step before → shown after: {lost[:10]})"
    )
    errors = [e for r in readers for e in r.errors]
    print(f"  errors: {len(errors)}")
    for e in errors[:20]:
        print(f"    {e}")
    return len(errors)


async def rounds(url: str, pid: int, sizes: list[int], steps: int) -> int:
    from playwright.async_api import async_playwright

    upload = zipped_model()
    failures = 0
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            began = time.perf_counter()
            warm = await session(browser, url, 0, upload, 1)  # the server's first reader
            print(
                f"warm-up reader (the first visit after the start): "
                f"{time.perf_counter() - began:.0f} s, errors {warm.errors}; "
                f"RSS {rss_mib(pid):.0f} MiB"
            )
            for n in sizes:
                began = time.perf_counter()
                peak = [rss_mib(pid)]
                sampler = asyncio.create_task(sample_rss(pid, peak))
                readers = await asyncio.gather(
                    *(session(browser, url, k, upload, steps) for k in range(n))
                )
                sampler.cancel()
                failures += report(n, readers, time.perf_counter() - began, peak[0])
        finally:
            await browser.close()
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10, 20])
    parser.add_argument("--steps", type=int, default=30)
    args = parser.parse_args()
    print(
        f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}; "
        f"dataset {os.environ.get('RNN_VIZ_DATA', '(none: the Keras cache)')}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "streamlit.log"
        env = {"RNN_VIZ_MODELS": str(Path(tmp) / "models")}
        with running_app(env, log) as app:
            print(f"server up; RSS {rss_mib(app.process.pid):.0f} MiB")
            failures = asyncio.run(rounds(app.url, app.process.pid, args.sessions, args.steps))
            tail = log.read_text(errors="replace")
            if "Traceback" in tail:
                failures += 1
                print("\nthe server logged a traceback:\n" + tail[-3000:])
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
