"""The stepper's payload (rnn_viz.viz.stepview): the browser gets the trace's and the step
panel's own numbers, every column's word, and one control aligned across models."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from rnn_viz.core.capture import Tracer
from rnn_viz.core.cell_kinds import cell_kind
from rnn_viz.core.models import load_model_dir
from rnn_viz.i18n import en, ko, use_language
from rnn_viz.viz import stepper_assets, stepview
from rnn_viz.viz.steps import fill_equations, format_number, step_panel
from rnn_viz.viz.token_view import state_in_label, visible_steps

TEXT = "the film was <b>great</b> but the plot was dull and the music awful"


@pytest.fixture(scope="module")
def traces(tiny_lstm_dir, tiny_gru_dir):
    out = {}
    for name, folder in (("lstm", tiny_lstm_dir), ("gru", tiny_gru_dir)):
        bundle = load_model_dir(folder)
        out[name] = Tracer(bundle.model).trace(bundle.vocab.encode(TEXT))
    return out


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_every_step_panel_number_reaches_the_browser_bit_for_bit(traces, cell):
    trace = traces[cell]
    payload = json.loads(json.dumps(stepview.review_payload(trace)))  # as sent
    steps = payload["steps"]
    for k, table in enumerate(payload["tables"]):
        values = stepview.decode(table["values"])
        assert values.shape == (len(table["names"]), len(steps), trace.layers[k].units)
        for p, t in enumerate(steps):
            panel = step_panel(trace, k, t)
            assert table["names"] == list(panel.columns)
            for j, name in enumerate(table["names"]):
                np.testing.assert_array_equal(values[j, p], panel.columns[name])


def test_heatmaps_carry_the_trace_values_and_name_their_layer_and_gate(traces):
    trace = traces["lstm"]
    payload = stepview.review_payload(trace)
    steps = visible_steps(trace)
    heatmaps = [
        (d, t)
        for d, t in zip(payload["figure"]["data"], payload["targets"], strict=True)
        if t is not None
    ]
    assert len(heatmaps) == sum(len(layer.gate_names) for layer in trace.layers)
    for d, target in heatmaps:
        z = stepview.decode(d["z"])
        np.testing.assert_array_equal(
            z, trace.layers[target["layer"]].gates[target["gate"]][steps].T
        )
        assert "x" not in d  # sent once, as labels
    assert payload["targets"][0] is None  # the readout line
    np.testing.assert_array_equal(stepview.decode(payload["prob"]), trace.prob[steps])


def test_words_are_raw_text_labels_are_escaped_and_state_in_comes_first(traces):
    trace = traces["lstm"]
    payload = stepview.review_payload(trace)
    assert payload["words"][0] == state_in_label() and payload["pad"][0] == 1
    assert "<b>great</b>" in payload["words"]  # the browser sets it as text
    assert any("&lt;b&gt;great&lt;/b&gt;" in label for label in payload["labels"])
    assert len(payload["words"]) == len(payload["labels"]) == len(payload["steps"])
    assert payload["steps"][payload["first"]] == trace.first_real
    padded = stepview.review_payload(trace, show_pad=True)
    assert len(padded["steps"]) == trace.T and padded["key"] != payload["key"]


def test_steps_are_numbered_as_the_reader_counts_words_padding_only_when_shown(traces):
    trace = traces["lstm"]
    n_words, n_pad = int((~trace.is_pad).sum()), int(trace.is_pad.sum())
    assert n_pad > 1  # padding in front: step indices and word numbers differ
    payload = stepview.review_payload(trace)
    first = payload["first"]
    assert payload["places"][first] == f"word 1 of {n_words}"
    assert payload["places"][-1] == f"word {n_words} of {n_words}"
    assert payload["places"][0] == "before word 1"  # the state-in column: no padding number
    assert payload["labels"][first].startswith(f"word 1 of {n_words} · ")
    assert len(set(payload["labels"])) == len(payload["labels"])  # category labels: unique
    padded = stepview.review_payload(trace, show_pad=True)
    assert padded["places"][0] == f"padding 1 of {n_pad}"
    assert padded["places"][n_pad - 1] == f"padding {n_pad} of {n_pad}"
    assert padded["places"][n_pad] == f"word 1 of {n_words}"
    with use_language("ko"):
        assert stepview.review_payload(trace)["places"][first] == f"단어 1/{n_words}"
    labels = stepview.stepper_labels()
    assert labels["info"] == "{place} · {word}" and "{place}" in labels["panel_title"]


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_browser_equations_show_the_numbers_of_the_step_panel(traces, cell):
    trace = traces[cell]
    t = trace.T - 3
    panel = step_panel(trace, 0, t)
    number = re.compile(r"\(?-?\d+\.\d{3}\)?")
    for unit in range(trace.layers[0].units):
        text = fill_equations(cell_kind(cell).equations, panel.columns, unit)  # as the browser
        ours = [number.findall(line) for line in text]
        theirs = [number.findall(line) for line in panel.equations(unit)]
        assert ours == theirs and all(ours)


def test_format_number_writes_negatives_in_parentheses_with_three_decimals():
    assert format_number(0.12345) == "0.123"
    assert format_number(-0.5) == "(-0.500)"
    assert format_number(0.0625) == "0.062"  # Python rounds the exact value half-even


def test_models_of_different_lengths_share_a_control_aligned_on_the_last_word(traces):
    a = stepview.review_payload(traces["lstm"])
    b = dict(stepview.review_payload(traces["gru"]))
    b["steps"], b["key"] = b["steps"][3:], "shorter"  # as if B read only the last words
    columns = stepview.aligned_columns([a, b])
    n = len(a["steps"])
    assert len(columns) == n
    assert columns[0] == [0, -1] and columns[2] == [2, -1]
    assert columns[3] == [3, 0] and columns[-1] == [n - 1, len(b["steps"]) - 1]


def test_stepper_data_starts_at_the_requested_step_and_keeps_its_key_across_reruns(traces):
    trace = traces["lstm"]
    payload = stepview.review_payload(trace)
    data = stepview.stepper_data([payload])
    assert payload["steps"][data["columns"][data["start"]][0]] == trace.first_real
    later = stepview.stepper_data([payload], start_step=trace.T - 2, nonce=1)
    assert payload["steps"][later["columns"][later["start"]][0]] == trace.T - 2
    assert later["key"] == data["key"]  # what is drawn is the same
    assert json.dumps(stepview.stepper_data([payload])) == json.dumps(data)
    assert stepview.stepper_data([payload], pickable=True)["key"] != data["key"]


def test_step_csv_has_one_row_per_layer_and_unit_with_the_panel_numbers(traces):
    trace = traces["gru"]
    t = trace.T - 1
    lines = stepview.step_csv(trace, t).strip().splitlines()
    header = lines[0].split(",")
    assert header[:5] == ["step", "token", "layer", "layer_name", "unit"]
    assert len(lines) - 1 == sum(layer.units for layer in trace.layers)
    row = lines[1].split(",")
    assert header[-1] == "word" and row[-1] == str(int((~trace.is_pad).sum()))  # the last
    assert stepview.step_csv(trace, 0).splitlines()[1].split(",")[-1] == ""  # padding
    h = float(row[header.index("h")])
    assert h == pytest.approx(float(step_panel(trace, 0, t).columns["h"][0]), rel=1e-6)


def test_stepper_labels_are_the_catalogues_and_the_key_follows_the_language(traces):
    en_data = stepview.stepper_data([stepview.review_payload(traces["lstm"])])
    with use_language("ko"):
        ko_payload = stepview.review_payload(traces["lstm"])
        ko_data = stepview.stepper_data([ko_payload])
    assert en_data["labels"]["prev"] == en.TEXT["step.prev"]
    assert ko_data["labels"]["prev"] == ko.TEXT["step.prev"] == "◀ 이전"
    assert ko_data["labels"]["hint"] == ko.TEXT["step.hint"]
    assert ko_data["labels"]["layer_tab"] == "층 {k} · {name}"  # the browser fills it in
    assert ko_data["key"] != en_data["key"]
    table = ko_payload["tables"][0]
    assert table["headers"][:3] == ["c(t−1)", ko.TEXT["gate.f"], ko.TEXT["step.col.kept"]]
    assert table["caption"] == ko.TEXT["step.caption.lstm"]
    assert {t["name"] for t in ko_payload["targets"] if t} >= {"망각 게이트 f", "셀 상태 c"}


def test_every_word_the_javascript_writes_comes_from_the_data():
    # the core and its hosts (stepper.*.js), not the vendored Plotly.js
    js = "\n".join(p.read_text() for p in sorted(stepper_assets.COMPONENTS.glob("stepper*.js")))
    used = set(re.findall(r"(?:this\.labels|data\.labels|\bL)\.(\w+)", js))
    assert used == set(stepview.stepper_labels())
    # no prose among the string literals: a capitalised word or two lower-case words
    # (code such as "ArrowLeft" or "rv-btn rv-play" is no prose); comments are no output
    code = re.sub(r"^\s*//.*$|//[^\n\"'`]*$", "", js, flags=re.M)
    literals = [a or b for a, b in re.findall(r'"([^"\n]*)"|`([^`]*)`', code)]
    prose = re.compile(r"(?<![\w-])([A-Z][a-z]{2,}|[a-z]{3,} [a-z]{2,})(?![\w-])")
    words = [w for w in literals if prose.search(re.sub(r"\$\{[^}]*\}", "", w))]
    assert not words, words
