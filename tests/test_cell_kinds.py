"""The contract every cell kind of ``CELL_KINDS`` keeps, one kind at a time: adding a kind
to the registry makes every test here cover it.

- its trace is the stock layer's: traced ``h`` equals the layer's ``return_sequences``
  output within 1e-6 (1 and 2 layers of a tiny random model);
- its keep/write split adds up: ``kept + written`` is the new state at every step, and
  ``kept`` is the keep gate times the old state (``KeepGate``);
- every catalogue key it uses is in both languages;
- its parameter count (``core/parameters.py``) is Keras' ``count_params()``;
- its diagram draws: well-formed SVG naming every gate, with the trace's numbers.
"""

from __future__ import annotations

import inspect
import xml.etree.ElementTree as ET

import keras
import numpy as np
import pytest
from helpers import RANDOM_T, assert_trace_matches_stock, random_ids, random_model

from rnn_viz.core.capture import Trace, Tracer
from rnn_viz.core.cell_kinds import CELL_KINDS, CellKind, gate_label, panel_label
from rnn_viz.core.parameters import layer_parameters, model_parameters
from rnn_viz.core.text import Vocabulary
from rnn_viz.i18n import CATALOGUES, LANGUAGES, MISSING, use_language
from rnn_viz.viz import diagram, stepview
from rnn_viz.viz.diagram import cell_diagram
from rnn_viz.viz.steps import step_panel

KINDS = pytest.mark.parametrize("kind", list(CELL_KINDS.values()), ids=list(CELL_KINDS))
MARK = MISSING.split("{")[0]  # what ``t`` shows for a key no catalogue holds
UNITS = (5, 3)


def _trace(kind: CellKind, layers: int) -> Trace:
    """A review traced through a tiny random model of ``layers`` layers of ``kind``."""
    model = random_model([kind.key] * layers, list(UNITS[:layers]))
    vocab = Vocabulary(("", "[UNK]") + tuple(f"w{i}" for i in range(48)), RANDOM_T)
    text = " ".join(f"w{i}" for i in np.random.default_rng(3).integers(0, 48, 20))
    return Tracer(model, jit_compile=False).trace(vocab.encode(text))


@KINDS
@pytest.mark.parametrize("layers", [1, 2])
def test_traced_h_is_the_stock_layers_output(kind, layers):
    assert_trace_matches_stock(
        random_model([kind.key] * layers, list(UNITS[:layers])), random_ids()
    )


@KINDS
def test_kept_plus_written_is_the_new_state_at_every_step(kind):
    trace = _trace(kind, 2)
    for k, layer in enumerate(trace.layers):
        for t in range(trace.T):
            panel = step_panel(trace, k, t)
            if kind.keep is None:  # no keep gate: nothing is kept as it was
                assert panel.kept is None and panel.written is None
                continue
            state = layer.gates[kind.keep.state]
            old = state[t - 1] if t > 0 else np.zeros_like(state[0])
            assert panel.kept is not None and panel.written is not None
            np.testing.assert_allclose(panel.kept, layer.gates[kind.keep.gate][t] * old, atol=1e-6)
            np.testing.assert_allclose(panel.kept + panel.written, state[t], atol=1e-5)


@KINDS
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_catalogue_key_the_kind_uses_is_in_both_languages(kind, lang):
    catalogue = CATALOGUES[lang]
    keys = {f"gate.{gate}" for gate in kind.gates} | {f"step.caption.{kind.key}"}
    if kind.note:  # the note every trace of the kind carries (capture.Note)
        keys.add(f"analysis.note.kind_{kind.key}")
    assert not keys - set(catalogue), keys - set(catalogue)
    trace = _trace(kind, 2)
    with use_language(lang):
        shown = [gate_label(gate) for gate in kind.gates]
        shown += [panel_label(column) for column in step_panel(trace, 0, 1).columns]
        shown += [str(note) for note in trace.notes]
        shown += [p.caption for p in model_parameters(_model_of(kind))]
        payload = stepview.review_payload(trace)  # panel headers, equations, captions
        shown.append(str(payload))
        for k in range(len(trace.layers)):
            drawing = cell_diagram(trace, k, 0, trace.T - 1)
            shown += [drawing.svg, drawing.caption]
    left = [text for text in shown if MARK in text]
    assert not left, left


def _model_of(kind: CellKind) -> keras.Model:
    return random_model([kind.key] * 2, list(UNITS))


@KINDS
@pytest.mark.parametrize("seed", range(4))
def test_parameter_count_is_keras_count_params(kind, seed):
    rng = np.random.default_rng(seed)
    n_in, units = (int(n) for n in rng.integers(1, 40, 2))
    kwargs = {"use_bias": bool(rng.integers(2))}
    if "reset_after" in inspect.signature(kind.layer).parameters:  # GRU's two conventions
        kwargs["reset_after"] = bool(rng.integers(2))
    layer = kind.layer(units, **kwargs)
    layer.build((None, None, n_in))
    counted = layer_parameters(layer)
    assert counted.total == layer.count_params(), (n_in, units, kwargs)
    assert counted.formula.endswith(f"= {layer.count_params():,}")
    assert len(counted.terms) == (3 if kwargs["use_bias"] else 2)
    model = _model_of(kind)
    assert sum(p.total for p in model_parameters(model)) == model.count_params()


@KINDS
def test_the_diagram_draws_every_gate_with_the_traces_numbers(kind):
    assert kind.drawing is not None
    trace = _trace(kind, 2)
    for k, layer in enumerate(trace.layers):
        for t in (0, trace.first_real, trace.T - 1):
            drawing = cell_diagram(trace, k, 1, t)
            root = ET.fromstring(drawing.svg)  # well-formed
            assert root.get("data-cell") == kind.key
            named = {el.get("data-q") for el in root.iter() if el.get("data-q")}
            assert set(kind.gates) <= named, set(kind.gates) - named
            for gate in kind.gates:
                value = float(layer.gates[gate][t, 1])
                assert drawing.values[gate] == pytest.approx(value, abs=1e-6), gate
    assert diagram.caption(kind.key, 0, 0, 1.0).startswith("The cell of layer 1 for unit 0")
    for lang in LANGUAGES:
        with use_language(lang):
            template = diagram._svg(kind, None, 1.0, "", 0)
        assert f'data-cell="{kind.key}"' in template and MARK not in template, lang
