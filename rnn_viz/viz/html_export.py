"""A review's stepper as one self-contained web page (no Streamlit, no server).

The page holds everything: the stepper (``stepper_assets.stepper_js("page")``: the same
core as the app's, with Plotly.js inlined), its styles and the review's
``stepview.stepper_data``. It opens offline in any current browser and makes no
network request at all; it steps exactly like the app (the same code on the same data)
and says which model, text, parity and date it shows.

What dominates its size: the inlined Plotly.js (the cartesian bundle, 1.50 MB), then the
review's numbers (float32 as base64: 0.81 MB for a 500-token review of lstm2, 0.49 MB of
it every step's panel numbers and cell diagram); 2.34 MB in all.
``benchmarks/html_size.py`` measures it.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from rnn_viz.core.capture import PARITY_BOUND
from rnn_viz.i18n import LANGUAGES, current_language, t, use_language
from rnn_viz.viz import stepper_assets


@dataclass(frozen=True)
class Shown:
    """One model the page shows, as the page's header names it.

    Attributes:
        name: the model's name.
        parity: max |captured − stock Keras| of this review (``Tracer.parity``); None
            when it was not measured (a trace handed over without its model).
    """

    name: str
    parity: float | None


def _script_json(data: dict) -> str:
    """JSON that cannot end its ``<script>`` element early (a review may hold
    ``</script>``): every ``<``, ``>`` and ``&`` escaped as JSON allows."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _parity_line(model: Shown) -> str:
    if model.parity is None:
        return t("page.parity_unknown", name=model.name)
    ok = model.parity <= PARITY_BOUND
    return t(
        "page.parity_ok" if ok else "page.parity_off",
        name=model.name,
        value=f"{model.parity:.1e}",
        bound=f"{PARITY_BOUND:.0e}",
    )


def review_page(
    data: dict,
    models: list[Shown],
    text: str,
    *,
    created: datetime | None = None,
    lang: str | None = None,
) -> str:
    """The self-contained web page of a stepper.

    Args:
        data: ``stepview.stepper_data`` of the review (its words already in the current
            language).
        models: the models shown, in the order of ``data["views"]``.
        text: the review as typed (shown on the page, escaped).
        created: when the page was made (default now, UTC).
        lang: the header's language; default the language of ``data``'s words (the last
            field of its ``key``, as ``stepview.stepper_data`` writes it).

    Returns:
        The page's HTML (UTF-8 text): the header (models, parity, date, the text), the
        stepper's mount point, its data, styles and module script.

    Raises:
        ValueError: ``models`` does not name one model per view.
    """
    if len(models) != len(data["views"]):
        raise ValueError(f"{len(models)} model names for {len(data['views'])} reviews")
    data_lang = str(data.get("key", "")).rpartition("|")[2]
    with use_language(lang or (data_lang if data_lang in LANGUAGES else current_language())):
        return _page(data, models, text, created)


def _page(data: dict, models: list[Shown], text: str, created: datetime | None) -> str:
    when = (created or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    names = " · ".join(m.name for m in models)
    title = t("page.title", names=names)
    # a module script's text may not hold "</script": the stepper and Plotly.js never do,
    # and this keeps it so
    js = stepper_assets.stepper_js("page").replace("</script", "<\\/script")
    lines = "".join(f"<li>{html.escape(_parity_line(m))}</li>" for m in models)
    return f"""<!doctype html>
<html lang="{current_language()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="rnn-viz">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1rem auto; max-width: 1400px; padding: 0 1rem;
  color: #31333f; }}
.rv-page-head h1 {{ font-size: 1.35rem; margin: 0 0 0.3rem 0; }}
.rv-page-head ul {{ margin: 0.2rem 0; padding-left: 1.2rem; font-size: 0.9rem; }}
.rv-page-head details {{ font-size: 0.9rem; margin: 0.3rem 0 0.8rem 0; }}
.rv-page-head .rv-text {{ white-space: pre-wrap; background: #f6f7f9; padding: 0.5rem;
  border-radius: 0.3rem; max-height: 14rem; overflow: auto; }}
.rv-page-foot {{ font-size: 0.8rem; color: #808495; margin-top: 1rem; }}
{stepper_assets.stepper_css()}
</style>
</head>
<body>
<header class="rv-page-head">
<h1>{html.escape(title)}</h1>
<ul>{lines}<li>{html.escape(t("page.made", when=when))}</li></ul>
<details><summary>{html.escape(t("page.text", n=len(text)))}</summary>
<div class="rv-text">{html.escape(text)}</div></details>
</header>
<div id="rv-stepper"><div class="rv-loading">⏳</div></div>
<footer class="rv-page-foot">{html.escape(t("page.offline"))}</footer>
<script type="application/json" id="rv-data">{_script_json(data)}</script>
<script type="module">
{js}
</script>
</body>
</html>
"""


def page_later(data: dict, models: list[Shown], text: str) -> Callable[[], str]:
    """``review_page`` to be made later (a download button's deferred call, which runs
    outside the page's language context), in the language current now.

    Args:
        data: as ``review_page`` takes it.
        models: as ``review_page`` takes them.
        text: as ``review_page`` takes it.

    Returns:
        A function of no arguments that returns the page's HTML.
    """
    lang = current_language()
    return lambda: review_page(data, models, text, lang=lang)
