"""Each Streamlit internal that ``rnn_viz.app.internals`` relies on, checked against the
installed Streamlit: a failure here names the internal a Streamlit upgrade changed."""

from __future__ import annotations

import gc
import inspect
import re
from pathlib import Path

import pytest
import streamlit

from rnn_viz.app import internals

STREAMLIT = Path(streamlit.__file__).resolve().parent


def _changed(what: str) -> str:
    return f"Streamlit {streamlit.__version__} changed {what}: see rnn_viz/app/internals.py"


def test_runtime_still_looks_sessions_up_by_id():
    from streamlit import runtime
    from streamlit.runtime.runtime import Runtime

    assert callable(getattr(runtime, "exists", None)), _changed("runtime.exists")
    assert callable(getattr(runtime, "get_instance", None)), _changed("runtime.get_instance")
    method = getattr(Runtime, "get_app_session", None)
    assert method is not None, _changed("Runtime.get_app_session")
    assert list(inspect.signature(method).parameters) == ["self", "session_id"], _changed(
        "Runtime.get_app_session(session_id)"
    )
    assert internals.session_ended("no-such-session") is False  # no server in tests


def test_script_run_context_still_carries_the_session_id():
    from streamlit.runtime.scriptrunner import ScriptRunContext, get_script_run_ctx

    assert callable(get_script_run_ctx), _changed("scriptrunner.get_script_run_ctx")
    assert "session_id" in inspect.signature(ScriptRunContext).parameters, _changed(
        "ScriptRunContext.session_id"
    )
    assert internals.session_id() is None  # outside a script run


@pytest.mark.parametrize(
    "selector", [internals.DROPZONE, internals.DROPZONE_INSTRUCTIONS, internals.ICON]
)
def test_dropzone_selectors_are_still_in_streamlits_frontend(selector):
    test_id = re.search(r"data-testid=[\"'](\w+)[\"']", selector).group(1)
    bundles = (STREAMLIT / "static").rglob("*.js")
    quoted = re.compile(f"[\"'`]{test_id}[\"'`]")
    assert any(quoted.search(p.read_text("utf-8", "ignore")) for p in bundles), _changed(
        f"the dropzone's data-testid {test_id!r}"
    )


def test_the_v1_component_route_still_serves_plotly_min_js():
    import plotly
    import streamlit.components.v1 as components_v1
    from streamlit.components.lib.local_component_registry import LocalComponentRegistry

    url = internals.plotly_url()
    assert re.fullmatch(r"component/rnn_viz\.app\.internals\.plotlyjs/plotly\.min\.js", url)
    folder = Path(plotly.__file__).resolve().parent / "package_data"
    assert (folder / "plotly.min.js").is_file()
    # Outside a script run the route is declared but not registered: check what the
    # server's component route reads (the registry's path of the component's name).
    component = components_v1.declare_component("plotlyjs", path=str(folder))
    registry = LocalComponentRegistry()
    registry.register_component(component)
    served = registry.get_component_path(component.name)
    assert served is not None, _changed("LocalComponentRegistry.get_component_path")
    assert Path(served).resolve() == folder, _changed("declare_component(path=...)")


def test_streamlit_still_collects_garbage_after_each_run_and_gc_freeze_exists():
    from streamlit import config

    assert config.get_option("runner.postScriptGC") is True, _changed("runner.postScriptGC")
    assert callable(getattr(gc, "freeze", None))
    internals.freeze_imports()
    assert gc.get_freeze_count() > 0


def test_the_component_manifest_scan_the_tests_cache_still_exists():
    import streamlit.components.v2.manifest_scanner as scanner

    scan = getattr(scanner, "scan_component_manifests", None)
    assert callable(scan), _changed("components.v2.manifest_scanner.scan_component_manifests")
    internals.scan_components_once()  # conftest did it already: a cached function
    assert hasattr(scanner.scan_component_manifests, "cache_info")
