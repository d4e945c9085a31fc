"""The in-browser stepper's JavaScript and CSS for each of its hosts (no Streamlit).

One source of the stepper (``rnn_viz/app/components/stepper.js``: the core, which knows
no host) runs in three hosts; each host is a small file appended to the core, so the
three are one ES module each:

- ``"streamlit"`` (``stepper.streamlit.js``): the app's ``st.components.v2`` component;
  Plotly.js comes from a component route (``rnn_viz.app.internals.plotly_url``).
- ``"widget"`` (``stepper.widget.js``): the notebook widget (``rnn_viz.notebook``,
  anywidget); Plotly.js inlined.
- ``"page"`` (``stepper.page.js``): the self-contained web page
  (``rnn_viz.viz.html_export``); Plotly.js inlined.

The inlined Plotly.js is the *cartesian* bundle of the same version the ``plotly``
package ships (``vendor/plotly-cartesian.min.js``, 1.5 MB instead of 4.8 MB, MIT licence
in ``vendor/plotly-LICENSE``): it has every trace type the stepper draws (heatmap,
scatter). The files are read, never imported, so this module needs no Streamlit.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

#: The folder of the stepper's JavaScript and CSS (the Streamlit component's folder).
COMPONENTS = Path(__file__).resolve().parent.parent / "app" / "components"
#: The vendored Plotly.js bundle the widget and the web page inline.
PLOTLY_BUNDLE = Path(__file__).resolve().parent / "vendor" / "plotly-cartesian.min.js"

Host = Literal["streamlit", "widget", "page"]
HOSTS: tuple[Host, ...] = ("streamlit", "widget", "page")


def _read(name: str) -> str:
    return (COMPONENTS / name).read_text("utf-8")


@functools.cache
def plotly_source() -> str:
    """The inlined Plotly.js, wrapped as a function the core's inline loader calls.

    Returns:
        ``function __rvPlotlySource(module, exports, define) { <bundle> }`` (the bundle
        is a UMD module: given ``module`` it fills ``module.exports``).
    """
    bundle = PLOTLY_BUNDLE.read_text("utf-8")
    return f"function __rvPlotlySource(module, exports, define) {{\n{bundle}\n}}\n"


def stepper_js(host: Host) -> str:
    """The stepper as one ES module for ``host``.

    Args:
        host: ``"streamlit"``, ``"widget"`` or ``"page"``.

    Returns:
        The core, then (for the widget and the page) the inlined Plotly.js and its
        loader, then the host's own file (which holds the module's entry).

    Raises:
        ValueError: an unknown host.
    """
    if host not in HOSTS:
        raise ValueError(f"unknown stepper host {host!r}; one of {', '.join(HOSTS)}")
    parts = [_read("stepper.js")]
    if host != "streamlit":
        parts += [plotly_source(), _read("stepper.inline.js")]
    parts.append(_read(f"stepper.{host}.js"))
    return "\n".join(parts)


def stepper_css() -> str:
    """The stepper's styles (every rule scoped to ``.rv-root``).

    Returns:
        The text of ``stepper.css``.
    """
    return _read("stepper.css")
