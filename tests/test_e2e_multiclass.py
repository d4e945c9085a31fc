"""End to end: a 4-class Bidirectional GRU in Chromium. Uploaded as a zipped model folder
on the Gate explorer, it is selected, both directions and the four classes show, and it
steps with Next ▶ and with →; Compare and Diagnostics open with it (Compare's two
figures, Diagnostics' accuracy) with no exception and no script error in the page."""

from __future__ import annotations

import json
import re

from browser import pick, settle
from helpers import zipped_model_folder

from rnn_viz.i18n import label_text

HIGHLIGHTED = "span.rv-current"
EXCEPTION = '[data-testid="stException"]'


def _open(page, nav: str) -> None:
    """Open another page from the sidebar: the same session, its uploads kept."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=nav).click()


def test_a_four_class_bidirectional_gru_uploaded_steps_compares_and_diagnoses_in_chromium(
    app_server, open_page, tiny_stars_bigru_dir
):
    from playwright.sync_api import expect

    expect.set_options(timeout=90_000)  # the first run imports TensorFlow and compiles
    config = json.loads((tiny_stars_bigru_dir / "config.json").read_text("utf-8"))
    classes = [label_text(name) for name in config["labels"]]
    assert len(classes) == 4 and config["recipe"]["bidirectional"]
    errors: list[str] = []
    page = open_page(1400, 1750)
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(app_server.url + "/Gate_explorer", wait_until="domcontentloaded")
    expect(page.locator(HIGHLIGHTED)).to_be_visible()
    settle(page)

    # upload: selected, both directions, the predicted class named
    zipped = zipped_model_folder(tiny_stars_bigru_dir)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": "stars bigru.zip", "mimeType": "application/zip", "buffer": zipped}
    )
    expect(page.get_by_text("as stars bigru.zip.")).to_be_attached()
    model = "stars bigru.zip (uploaded)"  # an upload goes by its file's name
    expect(page.get_by_role("combobox", name="Model", exact=True)).to_have_value(model)
    expect(page.get_by_text(f"Model: {model}")).to_be_visible()
    settle(page)
    assert page.locator(EXCEPTION).count() == 0
    stepper = page.locator(".rv-root")
    expect(stepper).to_have_count(1)
    expect(stepper).to_contain_text("forward")
    expect(stepper).to_contain_text("backward")
    expect(page.get_by_text("Predicted class")).to_be_visible()

    # step with Next ▶, then with →: the highlighted word and the step move on
    info = page.locator(".rv-stepinfo")
    for press in ("click", "key"):
        word, step = page.locator(HIGHLIGHTED).inner_text(), info.inner_text()
        if press == "click":
            page.get_by_role("button", name="Next ▶").click()
        else:
            page.locator(".rv-hint").click()
            page.keyboard.press("ArrowRight")
        expect(info).not_to_have_text(step)
        assert page.locator(HIGHLIGHTED).inner_text() != word

    # a test-set review: the label picker offers the four classes
    page.get_by_text("Test-set review").first.click()
    settle(page)
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Label").first.click()
    options = page.get_by_role("option")
    expect(options).to_have_count(5)  # any, and every class
    assert options.all_inner_texts()[1:] == classes
    page.keyboard.press("Escape")
    settle(page)
    assert page.locator(EXCEPTION).count() == 0

    # Compare: the uploaded model as model A, both figures
    _open(page, "Compare")
    page.wait_for_selector(".rv-fig .hm image", timeout=120_000)
    settle(page)
    pick(page, "Model A", model)
    settle(page, timeout=120_000)
    expect(page.get_by_role("combobox", name="Model A", exact=True)).to_have_value(model)
    expect(page.locator(".rv-root")).to_have_count(1)
    expect(page.locator(".rv-fig")).to_have_count(2)
    assert page.locator(EXCEPTION).count() == 0

    # Diagnostics: its accuracy on the test set, beside a tiny model of the same dataset
    _open(page, "Diagnostics")
    settle(page, timeout=120_000)
    for box, name in (("Model A", model), ("Model B", "tiny_gru2 (shipped)")):
        pick(page, box, name)
        settle(page, timeout=120_000)
    expect(page.get_by_role("combobox", name="Model A", exact=True)).to_have_value(model)
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_contain_text("A: stars bigru.zip")
    expect(grid).to_contain_text("accuracy")
    expect(grid).to_contain_text(re.compile(r"A: stars bigru\.zip\s*[01]\.\d{4}"))
    assert page.locator(EXCEPTION).count() == 0
    assert not errors, errors
