"""Bidirectional LSTM/GRU/SimpleRNN layers: both directions traced exactly (the backward
one in reading order), merged as Keras merges them, and shown both ways."""

from __future__ import annotations

import io
import json
import shutil

import keras
import numpy as np
import pytest
from helpers import randomize, tiny_recipe
from streamlit.testing.v1 import AppTest
from test_app import APP, _stepper
from test_capture import numpy_gru, numpy_lstm, numpy_simple_rnn

from rnn_viz import Tracer, Vocabulary
from rnn_viz.app import navigation
from rnn_viz.core import parameters
from rnn_viz.core.capabilities import capabilities
from rnn_viz.core.cell_kinds import CELL_KINDS
from rnn_viz.core.models import SHIPPED_ENV
from rnn_viz.core.recipes import MERGE_MODES
from rnn_viz.viz import diagram, stepview
from rnn_viz.viz.steps import step_panel

T = 30
CELLS = ("lstm", "gru", "rnn")


def _bidirectional(cell, mode, layers=1, mask_zero=False, backward=None):
    """Embedding → ``layers`` Bidirectional(cell) (return_sequences below the last) →
    Dense(1, sigmoid), random weights; ``backward`` overrides the backward layer's config."""
    inputs = keras.Input((T,), dtype="int32")
    x = keras.layers.Embedding(50, 5, mask_zero=mask_zero)(inputs)
    rnn = CELL_KINDS[cell].layer
    for k in range(layers):
        seqs = k < layers - 1
        x = keras.layers.Bidirectional(
            rnn(4, return_sequences=seqs),
            merge_mode=mode,
            backward_layer=rnn(4, return_sequences=seqs, go_backwards=True, **(backward or {})),
        )(x)
    return randomize(keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(x)))


def _ids(n=3, pad=10, seed=1):
    ids = np.random.default_rng(seed).integers(1, 50, (n, T)).astype("int32")
    ids[:, :pad] = 0
    ids[2, 15:17] = 0  # zeros in the middle too (masked with mask_zero)
    return ids


def _stock_directions(bi, x):
    """The stock ``Bidirectional`` with ``merge_mode=None`` and ``return_sequences``, the
    trained weights, on ``x``: ``(forward, backward)``, each ``(B, T, units)``, the
    backward in reading order (as Keras gives it)."""

    def copy(layer):
        return layer.__class__.from_config({**layer.get_config(), "return_sequences": True})

    stock = keras.layers.Bidirectional(
        copy(bi.forward_layer), backward_layer=copy(bi.backward_layer), merge_mode=None
    )
    inputs = keras.Input(x.shape[1:])
    run = keras.Model(inputs, stock(inputs))
    stock.set_weights(bi.get_weights())
    return [np.asarray(y) for y in run.predict_on_batch(x)]


def _numpy_direction(cell, layer, x):
    """An independent NumPy run of one direction over ``x`` ``(T, d)``: left to right, or
    right to left for a backward layer, given back in reading order."""
    weights = layer.get_weights()
    kernel, recurrent = weights[0], weights[1]
    bias = weights[2] if len(weights) > 2 else np.zeros(kernel.shape[1], np.float32)
    xs = x[::-1] if layer.go_backwards else x
    if cell == "lstm":
        out = numpy_lstm(xs, kernel, recurrent, bias)
    elif cell == "gru":
        out = numpy_gru(xs, kernel, recurrent, bias, layer.cell.reset_after)
    else:
        out = numpy_simple_rnn(xs, kernel, recurrent, bias)
    return {g: v[::-1] if layer.go_backwards else v for g, v in out.items()}


@pytest.mark.parametrize("mode", MERGE_MODES)
@pytest.mark.parametrize("cell", CELLS)
def test_each_direction_is_the_stock_layers_and_every_gate_an_independent_numpy_step(cell, mode):
    model = _bidirectional(cell, mode)
    tracer = Tracer(model)
    ids = _ids()
    per_layer, prob = tracer.run(ids)
    assert tracer.directions == ["fwd", "bwd"]
    bi = model.layers[2]
    x = np.asarray(model.layers[1](ids))
    for gates, stock in zip(per_layer, _stock_directions(bi, x), strict=True):
        np.testing.assert_allclose(gates["h"], stock, atol=1e-6, rtol=0)
    np.testing.assert_allclose(prob[:, -1], model.predict(ids, verbose=0)[:, 0], atol=1e-6)
    for gates, layer in zip(per_layer, (bi.forward_layer, bi.backward_layer), strict=True):
        expected = _numpy_direction(cell, layer, x[0])
        for gate in CELL_KINDS[cell].gates:
            np.testing.assert_allclose(gates[gate][0], expected[gate], atol=1e-5, err_msg=gate)
    # reading order: the backward cell's first step is the last word, its last the first
    assert np.allclose(per_layer[1]["h"][0, -1], expected["h"][-1])


@pytest.mark.parametrize("cell", CELLS)
def test_stacked_bidirectional_layers_feed_the_merged_output_on_exactly(cell):
    model = _bidirectional(cell, "concat", layers=2)
    tracer = Tracer(model)
    ids = _ids()
    per_layer, prob = tracer.run(ids)
    stock, _ = tracer.stock_run(ids)
    assert tracer.directions == ["fwd", "bwd", "fwd", "bwd"]
    assert tracer.layer_numbers == [1, 1, 2, 2]
    for gates, h in zip(per_layer, stock, strict=True):
        np.testing.assert_allclose(gates["h"], h, atol=1e-6, rtol=0)
    x2 = np.concatenate([per_layer[0]["h"], per_layer[1]["h"]], axis=-1)  # Keras' concat
    for gates, h in zip(per_layer[2:], _stock_directions(model.layers[3], x2), strict=True):
        np.testing.assert_allclose(gates["h"], h, atol=1e-6, rtol=0)
    np.testing.assert_allclose(prob[:, -1], model.predict(ids, verbose=0)[:, 0], atol=1e-6)


@pytest.mark.parametrize("mode", ["concat", "mul"])
def test_a_masked_bidirectional_model_flags_its_masked_steps_in_both_directions(mode):
    model = _bidirectional("gru", mode, layers=2, mask_zero=True)
    tracer = Tracer(model)
    ids = _ids()
    per_layer, prob, masked = tracer.run_masked(ids)
    stock, _ = tracer.stock_run(ids)
    for gates, h, m in zip(per_layer, stock, masked, strict=True):
        np.testing.assert_allclose(gates["h"], h, atol=1e-6, rtol=0)
        np.testing.assert_array_equal(m, ids == 0)
    np.testing.assert_allclose(prob[:, -1], model.predict(ids, verbose=0)[:, 0], atol=1e-6)


def test_a_backward_layer_with_a_config_of_its_own_is_traced_with_it():
    model = _bidirectional("lstm", "sum", backward={"use_bias": False, "unit_forget_bias": False})
    tracer = Tracer(model)
    assert tracer.cells[0].use_bias and not tracer.cells[1].use_bias
    vocab = Vocabulary(("", "[UNK]") + tuple(f"w{i}" for i in range(48)), T)
    trace = tracer.trace(vocab.encode("w3 w7 w9 w1 w20"))
    assert tracer.parity(trace) <= 1e-6
    assert any("reading order" in str(note) for note in trace.notes)


def _trace(cell="gru", layers=1):
    vocab = Vocabulary(("", "[UNK]") + tuple(f"w{i}" for i in range(48)), T)
    return Tracer(_bidirectional(cell, "concat", layers=layers)).trace(
        vocab.encode("w3 w7 w9 w1 w20 w5")
    )


def test_npz_and_csv_name_each_direction_and_one_way_layers_keep_their_keys():
    trace = _trace("lstm", layers=2)
    with np.load(io.BytesIO(trace.to_npz_bytes())) as f:
        keys = set(f.files)
        np.testing.assert_array_equal(f["layer1/bwd/h"], trace.layers[1].gates["h"])
    for k in (1, 2):
        for direction in ("fwd", "bwd"):
            assert {f"layer{k}/{direction}/{g}" for g in CELL_KINDS["lstm"].gates} <= keys
    assert not any(key.startswith("layer3") for key in keys) and "layer1/h" not in keys
    header = trace.to_csv().splitlines()[0]
    assert "layer1/fwd/f[0]" in header and "layer2/bwd/c[3]" in header


def test_the_backward_step_panel_takes_its_previous_state_from_the_word_to_the_right():
    trace = _trace("lstm")
    fwd, bwd = trace.layers
    t = trace.T - 3
    np.testing.assert_allclose(step_panel(trace, 1, t).columns["c_prev"], bwd.gates["c"][t + 1])
    np.testing.assert_allclose(step_panel(trace, 0, t).columns["c_prev"], fwd.gates["c"][t - 1])
    last = step_panel(trace, 1, trace.T - 1).columns  # the backward cell's first step
    assert not last["c_prev"].any()
    gru = _trace("gru")
    prev = diagram.diagram_columns(gru, 1, t)["h_prev"]
    np.testing.assert_allclose(prev, gru.layers[1].gates["h"][t + 1])


def test_the_explorer_figure_and_stepper_payload_name_both_directions():
    trace = _trace("gru")
    payload = stepview.review_payload(trace, name="bi")
    titles = " ".join(a["text"] for a in payload["figure"]["layout"]["annotations"])
    assert "layer 1 · forward" in titles and "layer 1 · backward" in titles
    names = [d["name"] for d in payload["figure"]["data"] if d["type"] == "heatmap"]
    assert "L1 fwd z" in names and "L1 bwd hh" in names
    tables = payload["tables"]
    assert [(tb["title"], tb["direction"]) for tb in tables] == [
        ("1 · forward", "fwd"),
        ("1 · backward", "bwd"),
    ]
    assert "1 · backward" in tables[1]["diagram"]["caption"]
    assert stepview.step_csv(trace, trace.T - 1).splitlines()[-1].split(",")[2] == "1/bwd"


def test_a_bidirectional_layers_parameters_are_both_directions_and_keras_count():
    model = _bidirectional("gru", "ave")
    bi = model.layers[2]
    counted = parameters.recurrent_parameters(model)
    assert [p.direction for p in counted] == ["fwd", "bwd"]
    assert sum(p.total for p in counted) == bi.count_params()
    assert sum(p.total for p in parameters.model_parameters(model)) == model.count_params()
    assert "backward" in counted[1].caption


def test_gradient_analyses_are_off_for_a_bidirectional_model_with_a_sentence_why():
    can = capabilities(_bidirectional("lstm", "concat"))
    assert can.readout and not can.gradients and not can.attribution
    assert "both ends" in can.gradients.why("en")


# ----------------------------------------------------------------------------- app
@pytest.fixture(scope="module")
def bidi_shipped(tmp_path_factory, tiny_corpus, tiny_lstm_dir):
    """A shipped-models folder: a Bidirectional GRU(4) trained for real for 2 epochs on the
    tiny corpus (``Recipe(bidirectional=True)``) beside the tiny LSTM."""
    from rnn_viz.train import train

    recipe = tiny_recipe(cell="gru", bidirectional=True, merge_mode="concat")
    shipped = tmp_path_factory.mktemp("bidi_shipped")
    train("tiny_bigru", recipe, tiny_corpus, shipped / "tiny_bigru", verbose=0)
    shutil.copytree(tiny_lstm_dir, shipped / tiny_lstm_dir.name)
    return shipped


def test_the_gate_explorer_and_compare_show_a_bidirectional_model(
    bidi_shipped, tmp_path, monkeypatch, tiny_imdb
):
    monkeypatch.setenv(SHIPPED_ENV, str(bidi_shipped))
    monkeypatch.setenv("RNN_VIZ_MODELS", str(tmp_path / "user"))
    monkeypatch.setenv("RNN_VIZ_DATA", str(tiny_imdb))
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page(navigation.EXPLORER_PAGE).run()
    assert not at.exception, at.exception
    at.selectbox(key="model_label").set_value("tiny_bigru (shipped)").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    view = _stepper(at)["views"][0]
    assert [tb["direction"] for tb in view["tables"]] == ["fwd", "bwd"]
    titles = json.dumps(view["figure"]["layout"]["annotations"])
    assert "forward" in titles and "backward" in titles
    at.switch_page(navigation.COMPARE_PAGE).run()
    assert not at.exception, at.exception
    at.selectbox(key="cmp_a").set_value("tiny_bigru (shipped)").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def test_survival_is_measured_for_the_forward_direction_and_the_backward_says_why():
    from rnn_viz.analysis.memory import survival

    trace = _trace("lstm")
    surv = survival(trace, trace.T - 1)
    fwd, bwd = surv.layers
    assert fwd.has_gates and fwd.products.shape[1] == 4
    assert not bwd.has_gates and "backward direction" in bwd.note
