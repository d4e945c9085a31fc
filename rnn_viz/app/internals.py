"""Every use rnn-viz makes of Streamlit's (and Python's) internals, in one place.

Streamlit's public API does not cover these; each one below names the internal it
relies on and what breaks if a Streamlit upgrade changes it. ``tests/test_internals.py``
checks each against the pinned Streamlit and names the internal when it fails.

- ``session_ended``: ``streamlit.runtime.get_instance().get_app_session(session_id)``
  (None once the session is gone). If it changes, uploads of closed sessions are not
  swept until they are a day old (``uploads.sweep_uploads``), or the sweep raises.
- ``session_id``: ``streamlit.runtime.scriptrunner.get_script_run_ctx().session_id``.
  If it changes, every browser session shares one upload folder (``"local"``).
- ``DROPZONE``, ``DROPZONE_INSTRUCTIONS``, ``ICON``: the ``data-testid`` attributes of
  ``st.file_uploader``'s dropzone. If they change, the dropzone keeps Streamlit's English
  text in Korean (``model_picker.dropzone_css`` matches nothing); nothing else breaks.
- ``MAIN_BLOCK``: the ``data-testid`` of the page's main column. If it changes, the
  Gate explorer keeps Streamlit's 6rem above its title and its heatmaps start ~50 px
  lower (``tests/test_e2e.py`` fails on where they start); nothing else breaks.
- ``plotly_url``: a ``components.v1.declare_component`` route serving the ``plotly``
  package's ``plotly.min.js`` (4.6 MB) offline at ``/component/<name>/plotly.min.js``.
  Streamlit 1.67 has no other route that serves a package's file without copying it into
  the app's ``static/`` folder (``server.enableStaticServing``), and the v2 component's
  ``js`` is inlined per mount. If the route changes, the stepper shows no figure.
- ``freeze_imports``: ``gc.freeze`` (Python, not Streamlit; it relies on Streamlit
  collecting garbage after every script run, ``runner.postScriptGC``). If that stops,
  freezing costs nothing; if ``gc.freeze`` went, every click waits ~0.5 s again.
- ``scan_components_once``: replaces ``streamlit.components.v2.manifest_scanner.
  scan_component_manifests`` with a cached copy (tests only). If it is renamed, each
  ``AppTest`` rescans the installed packages (0.3 s) or the tests fail to start.
"""

from __future__ import annotations

import functools
import gc
from pathlib import Path

#: The page's main column (its top padding: the Gate explorer trims it so that its
#: heatmaps start on the first screen; ``tests/test_e2e.py`` measures where they start).
MAIN_BLOCK = '[data-testid="stMainBlockContainer"]'
#: The dropzone of ``st.file_uploader`` and parts of it (Streamlit's ``data-testid``).
DROPZONE = '[data-testid="stFileUploaderDropzone"]'
DROPZONE_INSTRUCTIONS = '[data-testid="stFileUploaderDropzoneInstructions"]'
ICON = "[data-testid='stIconMaterial']"


def session_ended(session_id: str) -> bool:
    """Whether the server no longer holds a browser session.

    Args:
        session_id: the session's id (``session_id``).

    Returns:
        True once the session was closed, or disconnected for longer than
        ``server.disconnectedSessionTTL``; False without a running server.
    """
    from streamlit import runtime

    return runtime.exists() and runtime.get_instance().get_app_session(session_id) is None


def session_id() -> str | None:
    """The id of the browser session whose script runs now.

    Returns:
        The id; None outside a script run (a bare Python call).
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx else None


@functools.cache
def plotly_url() -> str:
    """The URL, relative to the app, that serves the ``plotly`` package's
    ``plotly.min.js`` (declared once per process).

    Returns:
        ``"component/<name>/plotly.min.js"``.
    """
    import plotly
    import streamlit.components.v1 as components_v1

    folder = Path(plotly.__file__).resolve().parent / "package_data"
    route = components_v1.declare_component("plotlyjs", path=str(folder))
    return f"component/{route.name}/plotly.min.js"


@functools.cache
def freeze_imports() -> None:
    """Move the objects the imports made out of the garbage collector's sight, once per
    process.

    Streamlit ends every script run with two full collections (its
    ``runner.postScriptGC`` and Keras' ``clear_session``). Over the ~430,000 objects
    that importing TensorFlow, Keras, Plotly and pandas creates, each takes ~0.23 s, so
    every click waited ~0.5 s on the server; frozen (``gc.freeze``), they take ~0 s.
    Those objects live as long as the server; what the app creates later is collected
    as usual. Called by ``app.py`` after this module's imports.
    """
    gc.collect()
    gc.freeze()


@functools.cache
def scan_components_once() -> None:
    """Make Streamlit scan the installed packages for component manifests once per
    process instead of once per ``AppTest`` (0.3 s each); for tests, where no package is
    installed while they run."""
    import streamlit.components.v2.manifest_scanner as scanner

    scanner.scan_component_manifests = functools.cache(scanner.scan_component_manifests)
