"""Gate capture: the tracing cells compute exactly what the stock layers compute."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from helpers import RANDOM_T as T
from helpers import assert_trace_matches_stock, random_ids, random_model, randomize

from rnn_viz import TraceError, Tracer, Vocabulary, i18n
from rnn_viz.core.capture import XLA_ENV
from rnn_viz.core.cell_kinds import CELL_KINDS
from rnn_viz.core.cells import TracingGRUCell, TracingLSTMCell, TracingSimpleRNNCell
from rnn_viz.core.errors import NoReadableWordError
from rnn_viz.core.readout import probability_head
from rnn_viz.i18n import ko

LSTM_GATES, GRU_GATES, RNN_GATES = (CELL_KINDS[k].gates for k in ("lstm", "gru", "rnn"))


# ----------------------------------------------------------------------------- #
# An independent NumPy implementation of one step, written from the equations.
# ----------------------------------------------------------------------------- #
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def numpy_lstm(x, kernel, recurrent, bias):
    """x (T, d) → dict of (T, units) arrays, gate order i, f, c, o in the weights."""
    u = recurrent.shape[0]
    h, c = np.zeros(u), np.zeros(u)
    out = {g: [] for g in LSTM_GATES}
    for xt in x.astype(np.float64):
        z = xt @ kernel + h @ recurrent + bias
        i, f, g, o = (
            sigmoid(z[:u]),
            sigmoid(z[u : 2 * u]),
            np.tanh(z[2 * u : 3 * u]),
            sigmoid(z[3 * u :]),
        )
        c = f * c + i * g
        h = o * np.tanh(c)
        for name, v in zip(LSTM_GATES, (i, f, g, o, c, h), strict=True):
            out[name].append(v)
    return {k: np.array(v) for k, v in out.items()}


def numpy_gru(x, kernel, recurrent, bias, reset_after):
    u = recurrent.shape[0]
    h = np.zeros(u)
    out = {g: [] for g in GRU_GATES}
    b_in, b_rec = (bias[0], bias[1]) if reset_after else (bias, np.zeros(3 * u))
    for xt in x.astype(np.float64):
        xp = xt @ kernel + b_in
        if reset_after:
            hp = h @ recurrent + b_rec
            z = sigmoid(xp[:u] + hp[:u])
            r = sigmoid(xp[u : 2 * u] + hp[u : 2 * u])
            hh = np.tanh(xp[2 * u :] + r * hp[2 * u :])
        else:
            z = sigmoid(xp[:u] + h @ recurrent[:, :u])
            r = sigmoid(xp[u : 2 * u] + h @ recurrent[:, u : 2 * u])
            hh = np.tanh(xp[2 * u :] + (r * h) @ recurrent[:, 2 * u :])
        h = z * h + (1 - z) * hh
        for name, v in zip(GRU_GATES, (z, r, hh, h), strict=True):
            out[name].append(v)
    return {k: np.array(v) for k, v in out.items()}


def numpy_simple_rnn(x, kernel, recurrent, bias):
    """x (T, d) → {"a": pre-activation, "h": tanh(a)}, each (T, units)."""
    h = np.zeros(recurrent.shape[0])
    out = {g: [] for g in RNN_GATES}
    for xt in x.astype(np.float64):
        a = xt @ kernel + bias + h @ recurrent
        h = np.tanh(a)
        out["a"].append(a)
        out["h"].append(h)
    return {k: np.array(v) for k, v in out.items()}


def _recurrent_layers(model):
    kinds = tuple(k.layer for k in CELL_KINDS.values())
    return [layer for layer in model.layers if isinstance(layer, kinds)]


@pytest.mark.parametrize(
    "cells,units",
    [
        (["lstm", "gru", "lstm"], [5, 3, 7]),
        (["rnn", "lstm", "gru"], [5, 3, 7]),
    ],
)
def test_mixed_stacks_captured_h_matches_the_stock_layers_outputs_and_predict(cells, units):
    """One kind at a time, 1 and 2 layers: tests/test_cell_kinds.py."""
    assert_trace_matches_stock(random_model(cells, units), random_ids())


@pytest.mark.parametrize("reset_after", [True, False])
def test_gru_gates_match_an_independent_numpy_step(reset_after):
    model = random_model(["gru", "gru"], [6, 4], reset_after=reset_after)
    ids = random_ids(n=1)
    per_layer, _ = Tracer(model).run(ids)
    x = model.layers[1](ids)[0].numpy()
    for layer, gates in zip(_recurrent_layers(model), per_layer, strict=True):
        expected = numpy_gru(x, *layer.get_weights(), reset_after=reset_after)
        for g in GRU_GATES:
            np.testing.assert_allclose(gates[g][0], expected[g], atol=1e-5, err_msg=g)
        x = expected["h"]


def test_lstm_gates_match_an_independent_numpy_step():
    model = random_model(["lstm", "lstm"], [6, 4])
    ids = random_ids(n=1)
    per_layer, _ = Tracer(model).run(ids)
    x = model.layers[1](ids)[0].numpy()
    for layer, gates in zip(_recurrent_layers(model), per_layer, strict=True):
        expected = numpy_lstm(x, *layer.get_weights())
        for g in LSTM_GATES:
            np.testing.assert_allclose(gates[g][0], expected[g], atol=1e-5, err_msg=g)
        x = expected["h"]


def test_simple_rnn_pre_activation_and_h_match_an_independent_numpy_step():
    model = random_model(["rnn", "rnn"], [6, 4])
    ids = random_ids(n=1)
    per_layer, _ = Tracer(model).run(ids)
    x = model.layers[1](ids)[0].numpy()
    for layer, gates in zip(_recurrent_layers(model), per_layer, strict=True):
        assert tuple(gates) == RNN_GATES
        expected = numpy_simple_rnn(x, *layer.get_weights())
        for g in RNN_GATES:
            np.testing.assert_allclose(gates[g][0], expected[g], atol=1e-5, err_msg=g)
        x = expected["h"]


def test_a_simple_rnn_trace_without_xla_is_the_stock_layers_to_the_last_bit():
    model = random_model(["rnn", "rnn"], [8, 8])
    tracer = Tracer(model, jit_compile=False)
    ids = random_ids()
    per_layer, prob = tracer.run(ids)
    stock, output = tracer.stock_run(ids)
    for k, gates in enumerate(per_layer):
        np.testing.assert_array_equal(gates["h"], stock[k])
        np.testing.assert_allclose(np.tanh(gates["a"]), gates["h"], atol=1e-6, rtol=0)
    # the head read every step (B, T, units) vs the last one (B, units): float32 rounding
    np.testing.assert_allclose(prob[:, -1], output[:, 0], atol=1e-6, rtol=0)


def test_tracers_use_xla_unless_rnn_viz_xla_is_0_or_a_cell_kind_forbids_it(monkeypatch):
    lstm, rnn = random_model(["lstm"], [4]), random_model(["lstm", "rnn"], [4, 4])
    monkeypatch.setenv(XLA_ENV, "1")
    assert Tracer(lstm).jit_compile is True
    assert Tracer(rnn).jit_compile is False  # a SimpleRNN is traced uncompiled
    assert Tracer(lstm, jit_compile=False).jit_compile is False
    monkeypatch.setenv(XLA_ENV, "0")
    assert Tracer(lstm).jit_compile is False
    assert Tracer(lstm, jit_compile=True).jit_compile is True


def test_sigmoid_gates_stay_in_0_1_and_tanh_values_in_minus_1_1():
    per_layer, _ = Tracer(random_model(["lstm", "gru"], [8, 8])).run(random_ids())
    for name in ("i", "f", "o"):
        assert per_layer[0][name].min() >= 0 and per_layer[0][name].max() <= 1
    for name in ("z", "r"):
        assert per_layer[1][name].min() >= 0 and per_layer[1][name].max() <= 1
    for gates in per_layer:
        for name in ("g", "h", "hh"):
            if name in gates:
                assert np.abs(gates[name]).max() <= 1


def test_a_two_class_softmax_head_reads_out_the_positive_class():
    model = random_model(["gru"], [4], head=2)
    ids = random_ids()
    _, prob = Tracer(model).run(ids)
    np.testing.assert_allclose(prob[:, -1], model.predict(ids, verbose=0)[:, 1], atol=1e-6)


def test_padding_steps_are_computed_flagged_and_shape_the_first_word():
    model = random_model(["lstm"], [4])
    vocab = Vocabulary(("", "[UNK]") + tuple(f"w{i}" for i in range(48)), T)
    trace = Tracer(model).trace(vocab.encode("w3 w7 w9"))
    assert trace.is_pad.sum() == T - 3 and trace.first_real == T - 3
    h = trace.layers[0].gates["h"]
    assert np.abs(h[trace.first_real - 1]).max() > 0  # the state the first word meets
    # the same words with no padding in front give another state: padding matters
    per_layer, _ = Tracer(model).run(np.array([[3 + 2, 7 + 2, 9 + 2] + [5] * (T - 3)], "int32"))
    assert not np.allclose(per_layer[0]["h"][0, 0], h[trace.first_real])


def test_trace_arrays_hold_every_gate_of_every_layer_as_T_by_units(tmp_path):
    model = random_model(["lstm", "gru"], [5, 3])
    vocab = Vocabulary(("", "[UNK]") + tuple(f"w{i}" for i in range(48)), T)
    trace = Tracer(model).trace(vocab.encode("w1 w2 unknownword"))
    trace.save_npz(tmp_path / "t.npz")
    with np.load(tmp_path / "t.npz") as f:
        keys = set(f.files)
        assert {"tokens", "ids", "is_pad", "prob"} <= keys
        assert {f"layer1/{g}" for g in LSTM_GATES} | {f"layer2/{g}" for g in GRU_GATES} <= keys
        assert f["layer1/c"].shape == (T, 5) and f["layer2/hh"].shape == (T, 3)
        assert f["tokens"][-1] == "unknownword" and f["prob"].shape == (T,)
    csv = trace.to_csv().splitlines()
    assert len(csv) == T + 1 and csv[0].startswith("step,token,id,is_pad,prob,layer1/i[0]")


def test_text_without_words_is_refused_with_a_clear_message():
    tracer = Tracer(random_model(["lstm"], [4]))
    vocab = Vocabulary(("", "[UNK]", "a"), T)
    for text in ("", "   ", "?!... --", "😀🎬"):
        with pytest.raises(NoReadableWordError, match="no words"):
            tracer.trace(vocab.encode(text))


def test_unusual_texts_trace_with_notes():
    tracer = Tracer(random_model(["gru"], [4]))
    vocab = Vocabulary(("", "[UNK]", "movie"), T)
    korean = tracer.trace(vocab.encode("정말 재미있는 영화"))
    assert any("None of its words" in str(n) for n in korean.notes)
    huge = tracer.trace(vocab.encode("movie " * 20_000))
    assert huge.n_cut == 20_000 - T and any("cut" in str(n) for n in huge.notes)
    html = tracer.trace(vocab.encode("<script>alert(1)</script> movie"))
    assert html.tokens[-2] == "<script>alert(1)</script>"
    assert any("z is near 1" in str(n) for n in html.notes)
    assert "prediction" in html.summary()


def test_tracing_cells_serialize_and_rebuild_from_their_config():
    for cell in (
        TracingLSTMCell(7, name="a"),
        TracingGRUCell(3, reset_after=False, name="b"),
        TracingSimpleRNNCell(5, name="c"),
    ):
        again = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(cell))
        assert type(again) is type(cell) and again.get_config() == cell.get_config()
        assert again.output_size == len(cell.layout) * cell.units
    rnn = keras.layers.RNN(TracingLSTMCell(4), return_sequences=True)
    assert rnn(np.zeros((1, 5, 3), "float32")).shape == (1, 5, 24)


def test_models_that_cannot_be_traced_are_refused_clearly():
    inputs = keras.Input((T,), dtype="int32")
    x = keras.layers.Embedding(50, 4)(inputs)
    custom = keras.layers.RNN(keras.layers.LSTMCell(3))  # a custom RNN, read both ways
    bi = keras.Model(inputs, keras.layers.Dense(1)(keras.layers.Bidirectional(custom)(x)))
    with pytest.raises(TraceError, match="Bidirectional"):
        Tracer(bi)
    dense_only = keras.Model(inputs, keras.layers.Dense(1)(keras.layers.Flatten()(x)))
    with pytest.raises(TraceError, match="no LSTM, GRU or SimpleRNN"):
        Tracer(dense_only)


def _reading(middle, cell=keras.layers.LSTM):
    """Embedding → ``middle(x)`` → ``cell(3)`` → Dense(1, sigmoid), every layer new."""
    inputs = keras.Input((T,), dtype="int32")
    x = middle(keras.layers.Embedding(50, 4)(inputs))
    return keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(cell(3)(x)))


@pytest.mark.parametrize(
    "middle, why",
    [
        (lambda x: keras.layers.Conv1D(4, 3)(x), "Conv1D.*step t would no longer be word t"),
        (lambda x: keras.layers.MaxPooling1D(2)(x), "MaxPooling1D"),
        (lambda x: keras.layers.MultiHeadAttention(2, 4)(x, x), "several inputs such as attention"),
        (
            lambda x: keras.layers.Add()([keras.layers.Dense(4)(x), x]),
            "does not simply read the layer before it",
        ),
    ],
    ids=["convolution", "pooling", "attention", "branch"],
)
def test_layers_that_mix_or_drop_steps_before_the_recurrent_layers_are_refused(middle, why):
    with pytest.raises(TraceError, match=why):
        Tracer(_reading(middle))


def test_per_step_layers_before_the_recurrent_layers_are_traced_exactly():
    inputs = keras.Input((T,), dtype="int32")
    x = keras.layers.Embedding(50, 4)(inputs)
    x = keras.layers.Dropout(0.2)(keras.layers.Dense(5, activation="tanh")(x))
    x = keras.layers.LayerNormalization()(x)
    model = randomize(
        keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(keras.layers.GRU(3)(x)))
    )
    assert_trace_matches_stock(model, random_ids())


def test_streaming_batches_equals_one_big_run():
    tracer = Tracer(random_model(["lstm", "lstm"], [4, 4]))
    ids = random_ids(n=7)
    whole, prob = tracer.run(ids)
    parts = list(tracer.iter_batches(ids, batch_size=3))
    assert [p[0] for p in parts] == [slice(0, 3), slice(3, 6), slice(6, 7)]
    np.testing.assert_allclose(
        np.concatenate([p[1][1]["c"] for p in parts]), whole[1]["c"], atol=1e-6
    )
    np.testing.assert_allclose(np.concatenate([p[2] for p in parts]), prob, atol=1e-6)


def test_parity_of_a_trained_model_folder_is_within_1e_6(tiny_lstm_dir, tiny_gru_dir):
    from rnn_viz import load_model_dir

    for folder in (tiny_lstm_dir, tiny_gru_dir):
        bundle = load_model_dir(folder)
        tracer = Tracer(bundle.model, jit_compile=True)
        trace = tracer.trace(bundle.vocab.encode("the movie was great but the plot was dull"))
        assert tracer.parity(trace) <= 1e-6
        predicted = bundle.model.predict(trace.ids[None], verbose=0)[0, 0]
        assert abs(trace.prediction - predicted) <= 1e-6


# ----------------------------------------------------------------------------- #
# Masking, probability heads, return_state, exact tokens in the .npz
# ----------------------------------------------------------------------------- #
def _masked_model(zero_output: bool):
    """Keras' masking test in a model: Embedding(mask_zero=True) → LSTM(return_sequences)
    → GRU → Dense(1, sigmoid), both recurrent layers with ``zero_output_for_mask``."""
    inputs = keras.Input((T,), dtype="int32")
    x = keras.layers.Embedding(50, 5, mask_zero=True)(inputs)
    x = keras.layers.LSTM(4, return_sequences=True, zero_output_for_mask=zero_output)(x)
    x = keras.layers.GRU(3, zero_output_for_mask=zero_output)(x)
    return randomize(keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(x)))


def _masked_ids():
    """Masked steps in front (padding), in the middle and at the end."""
    ids = random_ids(n=3)
    ids[:, 14:17] = 0
    ids[1, -3:] = 0
    ids[2, -1] = 0
    return ids


@pytest.mark.parametrize("zero_output", [True, False])
def test_masked_steps_are_traced_as_the_stock_layers_write_them(zero_output):
    model = _masked_model(zero_output)
    tracer = Tracer(model, jit_compile=True)
    ids = _masked_ids()
    per_layer, prob, masked = tracer.run_masked(ids)
    stock, output = tracer.stock_run(ids)
    for k, gates in enumerate(per_layer):
        np.testing.assert_allclose(gates["h"], stock[k], atol=1e-6, rtol=0, err_msg=f"layer {k}")
        np.testing.assert_array_equal(masked[k], ids == 0)
    np.testing.assert_allclose(prob[:, -1], model.predict(ids, verbose=0)[:, 0], atol=1e-6)
    np.testing.assert_allclose(prob[:, -1], output[:, 0], atol=1e-6)
    h = per_layer[0]["h"]
    if zero_output:
        assert np.all(h[ids == 0] == 0) and np.abs(h[ids != 0]).min() > 0
    else:  # a masked step repeats the last output
        np.testing.assert_array_equal(h[:, 14:17], np.repeat(h[:, 13:14], 3, axis=1))


def test_a_masked_model_traces_with_masked_steps_flagged_and_parity_like_for_like():
    tracer = Tracer(_masked_model(zero_output=True))
    vocab = Vocabulary(("", "[UNK]") + tuple(f"w{i}" for i in range(48)), T)
    trace = tracer.trace(vocab.encode("w3 w7 w9 w1"))
    np.testing.assert_array_equal(trace.is_masked, trace.is_pad)
    assert all(np.array_equal(layer.masked, trace.is_pad) for layer in trace.layers)
    assert any("masks some steps" in str(n) for n in trace.notes)
    assert tracer.parity(trace) <= 1e-6
    assert trace.arrays()["is_masked"].sum() == T - 4
    unmasked = Tracer(random_model(["lstm"], [4])).trace(vocab.encode("w3 w7"))
    assert not unmasked.is_masked.any() and not any("masks" in str(n) for n in unmasked.notes)


def _ending_in(head):
    inputs = keras.Input((T,), dtype="int32")
    x = keras.layers.Embedding(50, 5)(inputs)
    if head is None:  # the recurrent layer is the head
        return randomize(keras.Model(inputs, keras.layers.LSTM(2)(x)))
    return randomize(keras.Model(inputs, head(keras.layers.GRU(4)(x))))


@pytest.mark.parametrize(
    "head,why",
    [
        (None, "LSTM"),
        (lambda x: keras.layers.Dense(1, activation="softmax")(x), "softmax over 1 class"),
        (lambda x: keras.layers.Dense(1)(x), "linear"),
        (lambda x: keras.layers.Dense(2, activation="sigmoid")(x), "2 sigmoid units"),
    ],
)
def test_a_model_without_a_probability_head_has_no_readout_and_says_why(head, why):
    model = _ending_in(head)
    tracer = Tracer(model)
    vocab = Vocabulary(("", "[UNK]") + tuple(f"w{i}" for i in range(48)), T)
    trace = tracer.trace(vocab.encode("w3 w7 w9"))
    assert trace.prob is None and trace.prediction is None and not tracer.has_readout
    assert any(str(n).startswith("No p(positive) readout") and why in str(n) for n in trace.notes)
    head = probability_head(model)
    korean = i18n.t("analysis.note.no_readout", "ko", why=i18n.t(head.reason, "ko", **head.params))
    with i18n.use_language("ko"):
        assert korean in [str(n) for n in trace.notes]
    assert tracer.run(random_ids())[1] is None
    assert "prob" not in trace.arrays() and "prediction" not in trace.summary()
    assert tracer.parity(trace) <= 1e-6  # the gates are still the model's own


def test_a_probability_head_through_a_separate_activation_layer_is_read_out():
    inputs = keras.Input((T,), dtype="int32")
    x = keras.layers.GRU(4)(keras.layers.Embedding(50, 5)(inputs))
    for act, width in (("sigmoid", 1), ("softmax", 2)):
        out = keras.layers.Activation(act)(keras.layers.Dense(width)(x))
        model = randomize(keras.Model(inputs, out))
        _, prob = Tracer(model).run(random_ids())
        np.testing.assert_allclose(
            prob[:, -1], model.predict(random_ids(), verbose=0)[:, -1], atol=1e-6
        )


def test_parity_works_on_layers_that_return_their_state():
    inputs = keras.Input((T,), dtype="int32")
    x = keras.layers.Embedding(50, 5)(inputs)
    seq, _, _ = keras.layers.LSTM(4, return_sequences=True, return_state=True)(x)
    last, _ = keras.layers.GRU(3, return_state=True)(seq)
    model = randomize(keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(last)))
    tracer = Tracer(model)
    vocab = Vocabulary(("", "[UNK]") + tuple(f"w{i}" for i in range(48)), T)
    trace = tracer.trace(vocab.encode("w3 w7 w9 w11"))
    assert tracer.parity(trace) <= 1e-6
    assert abs(trace.prediction - model.predict(trace.ids[None], verbose=0)[0, 0]) <= 1e-6


def test_npz_tokens_round_trip_exactly_with_nul_characters(tmp_path):
    from rnn_viz.core.capture import npz_tokens

    vocab = Vocabulary(("", "[UNK]") + tuple(f"w{i}" for i in range(48)), T)
    trace = Tracer(random_model(["gru"], [3])).trace(vocab.encode("w1 a\x00 \x00b\x00\x00 w2\x00"))
    assert trace.tokens[-3:] == ["a\x00", "\x00b\x00\x00", "w2\x00"]
    trace.save_npz(tmp_path / "t.npz")
    with np.load(tmp_path / "t.npz", allow_pickle=False) as f:
        assert npz_tokens(f) == trace.tokens
    assert npz_tokens(trace.arrays()) == trace.tokens


def test_trace_notes_and_summary_read_in_the_language_shown_not_the_one_traced():
    from rnn_viz.i18n import en

    tracer = Tracer(random_model(["gru"], [4]))
    vocab = Vocabulary(("", "[UNK]", "movie"), T)
    trace = tracer.trace(vocab.encode("movie " * 40 + "unknown"))  # traced in English
    n = vocab.encode("movie " * 40 + "unknown")
    cut = ko.TEXT["analysis.note.cut"].format(words=n.n_words, read=T, cut=n.n_cut)
    oov = ko.TEXT["analysis.note.oov"].format(oov=1, real=T)
    with i18n.use_language("ko"):
        shown = [str(note) for note in trace.notes]
        summary = trace.summary()
    assert shown == [cut, oov, ko.TEXT["analysis.note.kind_gru"]]
    verdict = ko.TEXT["ui.positive" if trace.prediction >= 0.5 else "ui.negative"]
    assert (
        ko.TEXT["analysis.summary.prediction"].format(
            prob=f"{trace.prediction:.4f}", verdict=verdict
        )
        in summary.splitlines()
    )
    assert ko.TEXT["analysis.summary.note"].format(note=cut) in summary.splitlines()
    assert str(trace.notes[0]) == en.TEXT["analysis.note.cut"].format(
        words=n.n_words, read=T, cut=n.n_cut
    )
