"""Measure stepping in a real browser and print the numbers.

    python benchmarks/browser_bench.py [--steps 30] [--model lstm2] [--compare gru2]

Starts ``streamlit run app.py`` on a free localhost port and drives headless Chromium
(``/usr/bin/chromium``, with Playwright's Python package) through the Gate explorer
and Compare on a ~400-word review: a test-set review of about 400 words when
``RNN_VIZ_DATA`` points at the IMDB dataset (its text is never printed), else a long
review made of ``assets/examples.json``. Prints:

- cold start: ``streamlit run`` → the first heatmap drawn on the Gate explorer;
- step latency: from a "Next ▶" click (and from a → key press) to the frame where both
  the highlight and the step panel show the new token (median and max over N steps),
  timed in the page from the input event's own timestamp;
- Play: the pace it holds against the pace set;
- websocket bytes received per step, while stepping and for the one report the
  server gets when the reader pauses;
- model switching: first open of a shipped model and back to one already opened;
- the same stepping numbers on Compare (both models' figures must follow).

Targets (issue 7): step median ≤ 100 ms and max ≤ 250 ms, Play within 10% of its pace,
≤ 5 KB per step, switching ≤ 1 s (already opened) and ≤ 3 s (first open).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the server start and page helpers the tests use
from browser import CHROMIUM, CHROMIUM_ARGS, apply_text, pick, running_app, settle  # noqa: E402

VIEWPORT = {"width": 1280, "height": 720}

# In the page: remember when the last click / key press happened (the event's own
# timestamp), and resolve once the stepper shows step `step` in every figure and in
# the step panel (checked every animation frame, i.e. when the browser paints).
ARM = """([step, pos, panel]) => {
  window.__rvArmed = new Promise((resolve) => {
    const started = performance.now();
    const check = () => {
      const info = document.querySelector('.rv-stepinfo');
      const figs = [...document.querySelectorAll('.rv-fig')];
      const root = document.querySelector('.rv-root');
      // "word 5 of 18 · not" (or "step 482 · not" before the words were numbered)
      const ok = info && (info.textContent.startsWith(`word ${step} of `)
                          || info.textContent.startsWith(`step ${step} `))
        && figs.length && figs.every((gd) => {
             const box = gd.querySelector(':scope > .rv-highlight');
             return gd.dataset.pos === String(pos) && box && box.style.display === 'block'
               && box.dataset.column === gd.dataset.column;
           })
        && (!panel || (() => {
             const title = document.querySelector('.rv-panel-token').textContent;
             return title.includes(`, word ${step} of `) || title.startsWith(`Step ${step}:`);
           })());
      if (ok) resolve(performance.now() - window.__rvInput);
      else if (performance.now() - started > 10000) resolve(-1);
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}"""
LISTEN = """() => {
  if (window.__rvListening) return;
  window.__rvListening = true;
  for (const type of ['mousedown', 'keydown']) {
    document.addEventListener(type, (e) => { window.__rvInput = e.timeStamp; }, true);
  }
}"""


def long_review(n_words: int = 400) -> tuple[str, str]:
    """``(text, where it comes from)``: a test review of about ``n_words`` words when the
    dataset is available, else the shipped examples repeated up to ``n_words`` words."""
    data = os.environ.get("RNN_VIZ_DATA")
    if data and Path(data).exists():
        sys.path.insert(0, str(ROOT))
        from rnn_viz.datasets import load_corpus

        corpus = load_corpus(download=False)
        lengths = (corpus.x_test != 0).sum(axis=1)
        i = int(abs(lengths - n_words).argmin())
        return corpus.text("test", i), f"test review #{i} ({int(lengths[i])} words read)"
    examples = json.loads((ROOT / "assets" / "examples.json").read_text("utf-8"))["examples"]
    words: list[str] = []
    while len(words) < n_words:
        for e in examples:
            words += e["text"].split()
    return " ".join(words[:n_words]), f"the shipped examples, repeated ({n_words} words)"


def wait_for_views(page, names: str, timeout: float = 120_000) -> None:
    page.wait_for_selector(f'.rv-root[data-names="{names}"] .rv-fig .hm image', timeout=timeout)


def current_step(page) -> int:
    return int(page.locator(".rv-stepinfo").inner_text().split()[1])


def step_latencies(page, n: int, how: str, panel: bool) -> list[float]:
    """``n`` steps forward by clicking Next (``how="click"``) or pressing → ("key");
    milliseconds from the input event to the frame showing the new step."""
    page.evaluate(LISTEN)
    out = []
    nxt = page.get_by_role("button", name="Next ▶")
    for _ in range(n):
        step = current_step(page) + 1
        pos = int(page.locator(".rv-slider").input_value()) + 1
        page.evaluate(ARM, [step, pos, panel])
        if how == "click":
            nxt.click()
        else:
            page.keyboard.press("ArrowRight")
        ms = page.evaluate("window.__rvArmed")
        if ms < 0:
            raise RuntimeError(f"step {step} did not show within 10 s")
        out.append(ms)
        page.wait_for_timeout(40)
    return out


class Bytes:
    """Websocket bytes received by the page."""

    def __init__(self, page):
        self.total = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        self.total += len(payload) if isinstance(payload, (bytes, str)) else 0


def play_pace(page, pace: int, seconds: float = 4.0) -> float:
    """Tokens per second Play holds at ``pace`` (from the step changes the page saw)."""
    page.locator(".rv-pace").select_option(str(pace))
    page.evaluate("""() => {
      window.__rvTicks = [];
      const info = document.querySelector('.rv-stepinfo');
      window.__rvObserver = new MutationObserver(() => window.__rvTicks.push(performance.now()));
      window.__rvObserver.observe(info, {childList: true, characterData: true, subtree: true});
    }""")
    page.get_by_role("button", name="▶ Play").click()
    page.wait_for_timeout(seconds * 1000)
    page.get_by_role("button", name="⏸ Pause").click()
    ticks = page.evaluate("() => { window.__rvObserver.disconnect(); return window.__rvTicks; }")
    ticks = ticks[:-1] if len(ticks) > 2 else ticks  # the pause itself
    return (len(ticks) - 1) / ((ticks[-1] - ticks[0]) / 1000) if len(ticks) > 2 else 0.0


def report(label: str, ms: list[float]) -> None:
    print(
        f"  {label}: median {statistics.median(ms):.0f} ms, max {max(ms):.0f} ms "
        f"over {len(ms)} steps"
    )


def use_text(page, text: str, prefix: str = "") -> None:
    page.get_by_text("Your own text").first.click()
    settle(page, 120_000)
    apply_text(page, text)


#: Every page of the app, by the path Streamlit serves it at.
PAGES = (
    "",
    "Gate_explorer",
    "Train",
    "Compare",
    "Saturation",
    "Units",
    "What_if",
    "Memory",
    "Diagnostics",
    "Glossary",
)


def rss_mib(pid: int) -> float:
    """The resident memory of process ``pid`` in MiB (Linux ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--model", default="lstm2")
    p.add_argument("--compare", default="gru2", help="model B on Compare")
    p.add_argument(
        "--quick",
        action="store_true",
        help="only stepping and bytes on the Gate explorer and Compare (no model switching, "
        "Play or memory)",
    )
    args = p.parse_args()
    from playwright.sync_api import sync_playwright

    text, source = long_review()
    print(
        f"machine: {os.cpu_count()} cores; review: {source}; model {args.model}; "
        f"viewport {VIEWPORT['width']}×{VIEWPORT['height']}"
    )
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        log = Path(tmp) / "streamlit.log"
        started = time.perf_counter()
        try:
            with running_app({}, log) as app:
                run(app, pw, args, text, started)
        except Exception:
            if log.exists():
                print(log.read_text(errors="replace")[-3000:])
            raise


def run(app, pw, args: argparse.Namespace, text: str, started: float) -> None:
    """Every measurement, on the running server ``app`` (see the module's docstring)."""
    url, proc = app.url, app.process
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        page = browser.new_page(viewport=VIEWPORT)
        page.set_default_timeout(120_000)
        counter = Bytes(page)
        page.goto(url + "/Gate_explorer", wait_until="domcontentloaded")
        page.wait_for_selector(".rv-fig .hm image", timeout=180_000)
        print(
            f"cold start: streamlit run → first heatmap on the Gate explorer: "
            f"{time.perf_counter() - started:.1f} s"
        )
        settle(page, 120_000)

        def switch(model: str) -> float:
            begin = time.perf_counter()
            pick(page, "Model", f"{model} (shipped)")
            wait_for_views(page, model)
            return time.perf_counter() - begin

        print("model switch (select box → the new model's heatmaps drawn):")
        switches = (
            (args.model, "first open"),
            (args.compare, "first open"),
            ("lstm", "already opened"),
            (args.model, "already opened"),
        )
        for model, what in switches[:1] if args.quick else switches:
            seconds = switch(model)
            print(f"  {model:6s} {what}: {seconds:.2f} s")
            settle(page, 120_000)
        use_text(page, text)
        page.wait_for_function(
            "() => document.querySelector('.rv-fig') && "
            "document.querySelector('.rv-slider') && "
            "Number(document.querySelector('.rv-slider').max) > 300",
            timeout=120_000,
        )
        settle(page, 120_000)
        page.wait_for_timeout(1000)
        words = page.evaluate("Number(document.querySelector('.rv-slider').max)")
        print(f"Gate explorer, {args.model}, {words} words (+ state in):")
        before = counter.total
        clicks = step_latencies(page, args.steps, "click", panel=True)
        during = counter.total - before
        report("Next click → highlight + step panel", clicks)
        keys = step_latencies(page, args.steps, "key", panel=True)
        report("→ key → highlight + step panel", keys)
        print(
            f"  websocket received while stepping: {during / args.steps:.0f} bytes per step "
            f"({during} bytes over {args.steps} Next clicks)"
        )
        before = counter.total
        page.wait_for_timeout(2500)  # the reader pauses: the step is reported once
        settle(page, 120_000)
        print(f"  one pause report (fragment rerun): {counter.total - before} bytes received")
        for pace in () if args.quick else (5, 10):
            rate = play_pace(page, pace)
            print(
                f"  Play at {pace} tokens/s: {rate:.2f} tokens/s "
                f"({100 * (rate - pace) / pace:+.1f}%)"
            )
        settle(page, 120_000)

        page.goto(url + "/Compare", wait_until="domcontentloaded")
        page.wait_for_selector(".rv-fig .hm image", timeout=180_000)
        settle(page, 120_000)
        pick(page, "Model A", f"{args.model} (shipped)")
        settle(page, 120_000)
        pick(page, "Model B", f"{args.compare} (shipped)")
        settle(page, 120_000)
        use_text(page, text)
        wait_for_views(page, f"{args.model},{args.compare}")
        page.wait_for_function(
            "() => Number(document.querySelector('.rv-slider').max) > 300", timeout=120_000
        )
        settle(page, 120_000)
        page.wait_for_timeout(1000)
        print(f"Compare, {args.model} and {args.compare}, one token control:")
        before = counter.total
        clicks = step_latencies(page, args.steps, "click", panel=False)
        during = counter.total - before
        report("Next click → both highlights", clicks)
        keys = step_latencies(page, args.steps, "key", panel=False)
        report("→ key → both highlights", keys)
        print(f"  websocket received while stepping: {during / args.steps:.0f} bytes per step")
        before = counter.total
        page.wait_for_timeout(2500)  # the reader pauses: what does the server send?
        settle(page, 120_000)
        print(f"  one pause: {counter.total - before} bytes received")
        if args.quick:
            return

        print("server memory after opening every page (two models opened on Compare):")
        print(f"  after the Gate explorer and Compare: {rss_mib(proc.pid):,.0f} MiB")
        for name in PAGES:
            page.goto(f"{url}/{name}", wait_until="domcontentloaded")
            page.wait_for_selector("h1", timeout=180_000)
            settle(page, 120_000)
        print(f"  after every page: {rss_mib(proc.pid):,.0f} MiB (RSS of the streamlit process)")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
