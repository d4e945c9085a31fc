"""The notebook widget (``rnn_viz.show``): what it is given, the step synced both ways,
Compare, both languages, and the example notebook executed headless (nbclient)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import traitlets

import rnn_viz
from rnn_viz.core.capture import Tracer
from rnn_viz.core.models import ModelError, load_model_dir
from rnn_viz.i18n import ko
from rnn_viz.notebook import reading

ROOT = Path(__file__).resolve().parents[1]
TEXT = "The acting was not bad at all, but the story dragged on and on until the very end"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _from_browser(widget, **state) -> None:
    """What the front end's ``model.save_changes()`` sends, handled as ipywidgets does."""
    widget._handle_msg(
        {
            "content": {"data": {"method": "update", "state": state, "buffer_paths": []}},
            "buffers": [],
        }
    )


def test_show_syncs_the_step_both_ways_for_folders_live_models_and_traces(tiny_lstm_dir):
    widget = rnn_viz.show(str(tiny_lstm_dir), TEXT)
    bundle = load_model_dir(tiny_lstm_dir)
    trace = Tracer(bundle.model).trace(bundle.vocab.encode(TEXT))
    steps = widget.data["views"][0]["steps"]
    assert widget.step == trace.first_real and widget.get_state()["step"] == trace.first_real
    assert "export default" in widget._esm and "mountStepper" in widget._esm
    _from_browser(widget, step=trace.first_real + 3, pos=widget.pos + 3)  # the reader paused
    assert widget.step == trace.first_real + 3
    widget.step = steps[-1]  # Python moves the stepper: the front end gets it
    assert widget.get_state()["step"] == steps[-1]
    with pytest.raises(traitlets.TraitError, match="is not shown"):
        widget.step = trace.T + 5

    # a live Keras model with its vocabulary: the same numbers as the folder
    live = rnn_viz.show(bundle.model, TEXT, vocab=bundle.vocab, name="mine", step=steps[2])
    assert live.step == steps[2] and live.data["views"][0]["name"] == "mine"
    assert live.data["views"][0]["tables"] == widget.data["views"][0]["tables"]
    with pytest.raises(ModelError, match="pass its vocabulary"):
        rnn_viz.show(bundle.model, TEXT)
    # a trace handed over, in Korean
    from_trace = rnn_viz.show(trace, lang="ko")
    assert from_trace.data["labels"]["prev"] == ko.TEXT["step.prev"]
    values = [[t["values"] for t in w.data["views"][0]["tables"]] for w in (from_trace, widget)]
    assert values[0] == values[1]
    with pytest.raises(reading.ReadingError, match="no such model folder"):
        rnn_viz.show("no-such-model", TEXT)
    with pytest.raises(reading.ReadingError, match="Give a text"):
        rnn_viz.show(str(tiny_lstm_dir), "  ")


def test_show_of_two_models_is_compare_on_one_control(tiny_lstm_dir, tiny_gru_dir):
    widget = rnn_viz.show([tiny_lstm_dir, tiny_gru_dir], TEXT)
    views = widget.data["views"]
    assert [v["name"] for v in views] == ["tiny_lstm2", "tiny_gru2"]
    assert all(v["tables"] == [] for v in views)  # as on Compare: no step panel
    assert len(widget.data["columns"]) == max(len(v["steps"]) for v in views)


def test_import_rnn_viz_and_its_show_load_neither_tensorflow_nor_anywidget():
    code = (
        "import sys, rnn_viz; rnn_viz.show; import rnn_viz.notebook.reading;"
        "print(sorted(m for m in ('tensorflow', 'keras', 'anywidget', 'streamlit') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"


def test_example_notebook_executes_headless_and_holds_the_widget(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(ROOT / "examples" / "stepper.ipynb", as_version=4)
    env_path = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env_path) if p)
    try:
        nbclient.NotebookClient(
            nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
        ).execute()
    finally:
        os.environ["PYTHONPATH"] = env_path
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    views = [o for o in outputs if WIDGET_VIEW in o.get("data", {})]
    assert len(views) == 1
    printed = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "rnn_viz_review.html" in printed and " MB" in printed
    assert not [o for o in outputs if o.get("output_type") == "error"]


def test_show_reads_a_live_model_with_its_own_textvectorization():
    """A notebook's raw-text model (TextVectorization inside; untrained weights are
    enough): no vocabulary to pass, the words are the layer's."""
    import keras

    tv = keras.layers.TextVectorization(max_tokens=20, output_sequence_length=7)
    tv.adapt(["a good movie", "a bad film", "loved it", "boring and dull"])
    inputs = keras.Input(shape=(1,), dtype="string")
    x = keras.layers.LSTM(3)(keras.layers.Embedding(20, 4)(tv(inputs)))
    model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(x))
    widget = rnn_viz.show(model, "A GOOD movie, loved it!")
    view = widget.data["views"][0]
    assert view["words"] == ["A", "GOOD", "movie,", "loved", "it!", "·", "·"]  # padding after
    assert view["name"] == model.name and len(view["tables"]) == 1
