"""The stepper as one self-contained web page (``rnn-viz html``, ``viz.html_export``)
and the notebook widget's JavaScript host, in headless Chromium with every network
request blocked: they step with → and with Next and show the app's own numbers."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from playwright.sync_api import expect

from rnn_viz.cli import main
from rnn_viz.core.capture import Tracer
from rnn_viz.core.models import load_model_dir
from rnn_viz.i18n import use_language
from rnn_viz.notebook import reading
from rnn_viz.viz import html_export, stepper_assets
from rnn_viz.viz.steps import step_panel

TEXT = "The acting was not bad at all, but the story dragged on and on until the very end"
CREATED = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)


def _offline(page, url: str) -> list[str]:
    """Block every request but ``url`` itself; the blocked ones are listed."""
    blocked: list[str] = []

    def route(r) -> None:
        if r.request.url == url:
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.context.route("**/*", route)
    page.on("request", lambda r: None if r.url == url else blocked.append(r.url))
    return blocked


def _word(page) -> int:
    """The word the stepper shows, as the reader counts it ("word 5 of 18 · not": 5)."""
    return int(page.locator(".rv-stepinfo").inner_text().split()[1])


def _expect_panel(page, trace, t: int) -> None:
    """The step panel shows step ``t``'s numbers as Python writes them (as test_e2e)."""
    expect(page.locator(".rv-stepinfo")).to_contain_text(f"word {t - trace.first_real + 1} of ")
    panel = step_panel(trace, 0, t)
    rows = page.locator(".rv-table tbody tr")
    assert rows.count() == trace.layers[0].units
    for name in ("kept", "written", "h"):
        shown = rows.nth(1).locator(f'td[data-col="{name}"]').inner_text()
        assert (t, name, shown) == (t, name, f"{float(panel.columns[name][1]):.4f}")


def test_exported_page_steps_offline_like_the_app_and_states_what_it_shows(
    tiny_lstm_dir, tiny_gru_dir, open_page, tmp_path, capsys
):
    out = tmp_path / "review.html"
    assert main(["html", str(tiny_lstm_dir), TEXT, "-o", str(out)]) == 0
    assert "Wrote" in capsys.readouterr().out
    text = out.read_text("utf-8")
    assert "<script src" not in text and "<link" not in text  # nothing fetched
    bundle = load_model_dir(tiny_lstm_dir)
    tracer = Tracer(bundle.model, classes=bundle.label_names)
    trace = tracer.trace(bundle.vocab.encode(TEXT))

    page = open_page(1280, 1600)
    url = out.as_uri()
    blocked = _offline(page, url)
    page.goto(url)
    page.wait_for_selector(".rv-fig .hm image", timeout=60_000)
    head = page.locator(".rv-page-head").inner_text()
    assert bundle.name in head and "parity" in head and "UTC" in head
    assert f"{bundle.name}: parity {tracer.parity(trace):.1e} (≤ 2e-05" in head, head
    assert re.search(r"Made with rnn-viz on \d{4}-\d\d-\d\d \d\d:\d\d UTC", head), head
    assert page.locator(".rv-page-head .rv-text").text_content() == TEXT
    start = trace.first_real
    assert _word(page) == 1
    page.locator(".rv-hint").click()
    page.keyboard.press("ArrowRight")
    _expect_panel(page, trace, start + 1)
    page.get_by_role("button", name="Next ▶").click()
    page.get_by_role("button", name="Next ▶").click()
    _expect_panel(page, trace, start + 3)
    page.keyboard.press("ArrowLeft")
    _expect_panel(page, trace, start + 2)
    assert page.locator("span.rv-current").inner_text() == trace.tokens[start + 2]
    assert blocked == []  # not one request beyond the file itself

    # Compare: two models on one control, in Korean
    both = tmp_path / "compare.html"
    assert main(["html", str(tiny_lstm_dir), TEXT, "--compare", str(tiny_gru_dir), "-o",
                 str(both), "--lang", "ko"]) == 0  # fmt: skip
    page = open_page(1280, 1000)
    blocked = _offline(page, both.as_uri())
    page.goto(both.as_uri())
    page.wait_for_selector(".rv-fig .hm image", timeout=60_000)
    assert page.locator(".rv-fig").count() == 2
    assert page.locator("html").get_attribute("lang") == "ko"
    assert "일치도" in page.locator(".rv-page-head").inner_text()
    before = page.locator(".rv-fig").first.get_attribute("data-pos")
    page.get_by_role("button", name="다음 ▶").click()
    pos = str(int(before) + 1)
    for k in range(2):
        expect(page.locator(".rv-fig").nth(k)).to_have_attribute("data-pos", pos)
    assert blocked == []


def test_widget_javascript_reports_the_step_and_follows_python(tiny_lstm_dir, open_page, tmp_path):
    """The notebook host (stepper.widget.js) in Chromium with a stand-in for anywidget's
    model: → sends the step back (as ``widget.step``), a step set from Python moves it."""
    shown = reading.readings(str(tiny_lstm_dir), TEXT)
    data = reading.stepper_data(shown)
    trace = shown[0].trace
    start = trace.first_real
    esm = stepper_assets.stepper_js("widget")
    esm_json, data_json = (json.dumps(v).replace("<", "\\u003c") for v in (esm, data))
    page_file = tmp_path / "widget.html"
    page_file.write_text(
        f"""<!doctype html><meta charset="utf-8"><style>{stepper_assets.stepper_css()}</style>
<div id="w"></div>
<script type="application/json" id="esm">{esm_json}</script>
<script type="application/json" id="data">{data_json}</script>
<script type="module">
const state = {{ data: JSON.parse(document.getElementById("data").textContent), step: {start},
  pos: -1, picked: null }};
const listeners = {{}};
window.saved = [];
window.rvModel = {{
  get: (k) => state[k],
  set: (k, v) => {{ state[k] = v; (listeners["change:" + k] || []).forEach((f) => f()); }},
  save_changes: () => window.saved.push({{ step: state.step, pos: state.pos }}),
  on: (e, f) => {{ (listeners[e] = listeners[e] || []).push(f); }},
  off: () => {{}},
}};
const src = JSON.parse(document.getElementById("esm").textContent);
const mod = await import(URL.createObjectURL(new Blob([src], {{ type: "text/javascript" }})));
mod.default.render({{ model: window.rvModel, el: document.getElementById("w") }});
</script>""",
        "utf-8",
    )
    page = open_page(1280, 1400)
    blocked = _offline(page, page_file.as_uri())
    page.goto(page_file.as_uri())
    page.wait_for_selector(".rv-fig .hm image", timeout=60_000)
    assert _word(page) == 1
    page.locator(".rv-root").focus()  # in a notebook the keys act on the focused stepper
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.saved.length > 0")
    assert page.evaluate("window.rvModel.get('step')") == start + 1
    page.evaluate(f"window.rvModel.set('step', {start + 4})")  # Python sets widget.step
    _expect_panel(page, trace, start + 4)
    assert page.evaluate("window.saved.at(-1).step") in (start + 1, start + 4)
    assert [u for u in blocked if not u.startswith("blob:")] == []


def test_page_escapes_the_text_and_names_each_model(tiny_lstm_dir):
    shown = reading.readings(str(tiny_lstm_dir), TEXT + " </script><b>x</b>")
    data = reading.stepper_data(shown)
    page = html_export.review_page(
        data, reading.shown_models(shown), TEXT + " </script><b>x</b>", created=CREATED
    )
    assert page.count("</script>") == 2  # the data's and the module's own ends
    assert "&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in page
    assert "2026-12-03 09:30 UTC" in page
    start = page.index('id="rv-data">') + len('id="rv-data">')
    assert json.loads(page[start : page.index("</script>", start)]) == data
    unmeasured = html_export.review_page(data, [html_export.Shown("t", None)], "x", lang="ko")
    assert '<html lang="ko">' in unmeasured and "일치도를 재지 않았습니다" in unmeasured
    with use_language("ko"):  # a download button's deferred call keeps the reader's language
        later = html_export.page_later(data, [html_export.Shown("t", None)], "x")
    assert "일치도를 재지 않았습니다" in later()
    try:
        html_export.review_page(data, [], "x")
    except ValueError as err:
        assert "0 model names for 1 reviews" in str(err)
    else:
        raise AssertionError("a page with no model name was made")
