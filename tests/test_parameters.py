"""The parameter view: counts derived term by term from the real weight shapes."""

from __future__ import annotations

import re
from pathlib import Path

import keras
import pytest

from rnn_viz.core.parameters import ParameterCountError, layer_parameters, model_parameters

SHIPPED = Path(__file__).resolve().parents[1] / "assets" / "models"


def _built(layer, n_in):
    layer.build((None, None, n_in))
    return layer


@pytest.mark.parametrize(
    "layer, n_in, formula, total",
    [
        (keras.layers.LSTM(8), 16, "(16·8 + 8·8 + 8) × 4 = 800", 800),
        (keras.layers.LSTM(8), 8, "(8·8 + 8·8 + 8) × 4 = 544", 544),
        (keras.layers.GRU(8), 16, "(16·8 + 8·8 + 2·8) × 3 = 624", 624),
        (keras.layers.GRU(8), 8, "(8·8 + 8·8 + 2·8) × 3 = 432", 432),
        (keras.layers.GRU(8, reset_after=False), 16, "(16·8 + 8·8 + 8) × 3 = 600", 600),
        (keras.layers.SimpleRNN(8), 16, "16·8 + 8·8 + 8 = 200", 200),
    ],
    ids=["lstm16", "lstm8", "gru16", "gru8", "gru_reset_before", "rnn16"],
)
def test_recurrent_formula_is_derived_per_gate(layer, n_in, formula, total):
    counted = layer_parameters(_built(layer, n_in))
    assert counted.formula == formula
    assert counted.total == total == layer.count_params()


def test_gru_reset_after_has_a_second_bias_term():
    counted = layer_parameters(_built(keras.layers.GRU(8), 16))
    assert [t.factors for t in counted.terms] == [(16, 8), (8, 8), (2, 8)]
    assert counted.blocks == 3


def test_lstm_caption_names_the_kind():
    counted = layer_parameters(_built(keras.layers.LSTM(4), 3))
    assert counted.blocks == 4
    assert counted.caption.startswith("LSTM layer ")


def test_bias_free_layer_has_no_bias_term():
    counted = layer_parameters(_built(keras.layers.LSTM(5, use_bias=False), 7))
    assert counted.formula == "(7·5 + 5·5) × 4 = 240"


def test_other_layers_are_counted_weight_by_weight():
    dense = keras.layers.Dense(1)
    dense.build((None, 8))
    assert layer_parameters(dense).formula == "8·1 + 1 = 9"
    embedding = keras.layers.Embedding(10000, 16)
    embedding.build((None, 5))
    assert layer_parameters(embedding).formula == "10000·16 = 160,000"


def test_unbuilt_layer_is_refused_with_a_reason():
    with pytest.raises(ParameterCountError, match="not built"):
        layer_parameters(keras.layers.LSTM(4))


def _summary_counts(model) -> dict[str, int]:
    """Each layer's "Param #" as ``model.summary()`` prints it (rich cuts the table at
    the terminal's width, so the test sets ``COLUMNS``)."""
    lines = []
    model.summary(line_length=150, print_fn=lambda text, line_break=True: lines.append(text))
    counts = {}
    for line in "\n".join(lines).splitlines():
        match = re.match(r"^│ (\S+) \(.*?│\s+([\d,]+)\s+│$", line)
        if match:
            counts[match.group(1)] = int(match.group(2).replace(",", ""))
    return counts


@pytest.mark.parametrize(
    "name, recurrent", [("lstm", [800]), ("lstm2", [800, 544]), ("gru2", [624, 432])]
)
def test_shipped_models_match_count_params_and_summary(name, recurrent, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    model = keras.saving.load_model(SHIPPED / name / "model.keras", compile=False)
    counted = model_parameters(model)
    assert [p.total for p in counted if p.kind is not None] == recurrent
    assert sum(p.total for p in counted) == model.count_params()
    summary = _summary_counts(model)
    assert {p.name: p.total for p in counted} == {k: v for k, v in summary.items() if v}


def test_tiny_trained_models_match_count_params(tiny_lstm_dir, tiny_gru_dir):
    for folder in (tiny_lstm_dir, tiny_gru_dir):
        model = keras.saving.load_model(folder / "model.keras", compile=False)
        counted = model_parameters(model)
        assert sum(p.total for p in counted) == model.count_params()
        for p in counted:
            assert p.total == model.get_layer(p.name).count_params()
