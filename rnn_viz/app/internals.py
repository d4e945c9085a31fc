"""The process-wide settings the app makes once at start."""

from __future__ import annotations

import functools
import gc


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
