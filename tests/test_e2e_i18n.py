"""End to end: the pages in Korean in Chromium. Each translated page opened with
``?lang=ko`` shows Korean text and none of the English catalogue's UI sentences; the
language follows the user through the sidebar's page links, and the switch turns the page
back to English. Every page, in both languages, is saved at 1280×800 and on a 390-px phone
(``<page>_<lang>_<width>.png`` in the test's tmp folder, printed) for a person to look at;
the phone's stepper starts near the top and nothing is wider than the phone. With
``RNN_VIZ_SCREENSHOTS=assets/screenshots`` it refreshes the README's ``home_ko.png``."""

from __future__ import annotations

import re
from pathlib import Path

from browser import painted, screenshot, settle

from rnn_viz.app.navigation import EXPLORER_PAGE, PAGES
from rnn_viz.i18n import en, english_sentences, ko

#: URL path of every page (each string of each comes from the catalogues) -> its title key.
TRANSLATED = {page.url_path: page.title for page in PAGES}
EXPLORER = next(page.url_path for page in PAGES if page.path == EXPLORER_PAGE)
HANGUL = re.compile(r"[\uac00-\ud7af]")
#: Text the app builds outside the page scripts (chart titles, axes, colour bars, legends,
#: subplot titles; the stepper's controls, panel, diagram and tooltips; the sidebar's page
#: names): none of it may keep an English word of those areas' catalogue entries.
_BUILT = """() => {
  const out = [];
  const sel = ".gtitle, .xtitle, .ytitle, .cbtitle, .legendtitletext, .annotation-text, "
    + ".rv-root button, .rv-root option, .rv-hint, .rv-unit, .rv-caption, .rv-tab, "
    + ".rv-panel th, .rv-panel svg text, [data-testid=stSidebarNav] a";
  for (const el of document.querySelectorAll(sel)) {
    const copy = el.cloneNode(true);  // without Material icons, whose names are their text
    copy.querySelectorAll("[data-testid=stIconMaterial]").forEach((icon) => icon.remove());
    out.push(copy.textContent);
  }
  for (const el of document.querySelectorAll(".rv-root [title], .rv-root [aria-label]"))
    if (!el.closest(".modebar"))  // Plotly's own toolbar: Plotly's words, not ours
      out.push((el.getAttribute("title") || "") + " " + (el.getAttribute("aria-label") || ""));
  return out;
}"""
_AREAS = ("plot.", "step.", "nav.", "gate.", "diagram.")


def _english_words() -> set[str]:
    """Words of the built areas' English entries that no Korean entry keeps (symbols,
    acronyms and model names such as LSTM, tanh or ROC stay in Korean too)."""

    def words(texts):
        return {w.lower() for text in texts for w in re.findall(r"[A-Za-z]{3,}", text)}

    english = words(v for k, v in en.TEXT.items() if k.startswith(_AREAS))
    return english - words(ko.TEXT.values())


#: The phone's viewport (an iPhone 14's CSS pixels).
PHONE = (390, 844)


def _shots(page, folder: Path, name: str) -> dict:
    """Save the page at 1280×800 and on the phone, as the reader first sees it; back at
    1280×800. Returns where the stepper starts on the phone and the page's widest
    element there (px)."""
    out = {}
    for width, height in ((1280, 800), PHONE):
        page.set_viewport_size({"width": width, "height": height})
        settle(page)
        painted(page)
        page.screenshot(path=folder / f"{name}_{width}.png")
        if width == PHONE[0]:
            out = page.evaluate("""() => {
              const controls = document.querySelector('.rv-controls');
              const scroller = document.querySelector('[data-testid=stMain]');
              const top = controls ? controls.getBoundingClientRect().top
                + (scroller ? scroller.scrollTop : 0) : null;
              const table = document.querySelector('.rv-table');
              return {stepper: top, table: table ? table.getBoundingClientRect().right : 0,
                      width: document.documentElement.scrollWidth};
            }""")
    page.set_viewport_size({"width": 1280, "height": 800})
    return out


def test_pages_read_in_korean_with_lang_ko_and_the_switch_goes_back(
    app_server, open_page, tmp_path
):
    from playwright.sync_api import expect

    server = app_server.url
    english = english_sentences()
    english_words = _english_words()
    expect.set_options(timeout=90_000)
    page = open_page(1280, 800)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    shots = tmp_path / "screens"
    shots.mkdir()
    print(f"screenshots of every page: {shots}")
    for path, title in TRANSLATED.items():
        page.goto(f"{server}/{path}?lang=ko", wait_until="domcontentloaded")
        expect(page.get_by_role("heading", name=ko.TEXT[title])).to_be_visible()
        settle(page)
        text = page.locator("body").inner_text()
        assert HANGUL.search(text)
        assert "⟦" not in text
        left = [s for s in english if s in text]
        assert not left, (path, left)
        if path == EXPLORER:  # the stepper and its heatmaps are drawn in the browser
            page.wait_for_selector(".rv-root .rv-fig .annotation-text")
        built = [b for b in page.evaluate(_BUILT) if b.strip()]
        assert ko.TEXT["nav.glossary"] in built, (path, built)
        if path == EXPLORER:
            assert ko.TEXT["step.next"] in built and ko.TEXT["step.prev"] in built, built
        # the review's own words are data (the diagram labels x(t) with the current word)
        review = page.evaluate(
            "() => [...document.querySelectorAll('.rv-words')].map((e) => e.textContent).join(' ')"
        )
        data_words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", review)}
        stray = {
            w
            for b in built
            for w in re.findall(r"[A-Za-z]{3,}", b)
            if w.lower() in english_words - data_words
        }
        assert not stray, (path, stray, [b for b in built if any(w in b for w in stray)])
        if not path:
            screenshot(page, "home_ko.png", 1280, 900)
        phone = _shots(page, shots, f"{path or 'Home'}_ko")
        assert phone["width"] <= PHONE[0], (path, phone)  # nothing wider than the phone
        assert phone["table"] <= PHONE[0], (path, phone)
        if path == EXPLORER:
            assert phone["stepper"] < 600, phone  # the stepper starts near the top
    for path, title in TRANSLATED.items():  # the English pages, as the reader sees them
        page.goto(f"{server}/{path}?lang=en", wait_until="domcontentloaded")
        expect(page.get_by_role("heading", name=en.TEXT[title])).to_be_visible()
        if path == EXPLORER:
            page.wait_for_selector(".rv-root .rv-fig .annotation-text")
        phone = _shots(page, shots, f"{path or 'Home'}_en")
        assert phone["width"] <= PHONE[0] and phone["table"] <= PHONE[0], (path, phone)
    # a page link keeps the language (the session remembers it)
    page.goto(f"{server}/?lang=ko", wait_until="domcontentloaded")
    settle(page)
    page.locator('[data-testid="stSidebarNav"] a', has_text=ko.TEXT["nav.glossary"]).click()
    expect(page.get_by_role("heading", name=ko.TEXT["glossary.title"])).to_be_visible()
    settle(page)
    assert "lang=ko" in page.url
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name=en.TEXT["glossary.title"])).to_be_visible()
    settle(page)
    assert "lang=en" in page.url
    assert not errors, errors
