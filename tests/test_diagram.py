"""The live cell diagram: every number drawn is the trace's own, on the heatmaps' colours."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import keras
import numpy as np
import plotly.colors
import pytest

from rnn_viz.core.capture import LayerTrace, Trace, Tracer
from rnn_viz.core.models import load_model_dir
from rnn_viz.i18n import use_language
from rnn_viz.viz import diagram, plots
from rnn_viz.viz.diagram import DiagramError, browser_diagram, cell_diagram

SVG = "{http://www.w3.org/2000/svg}"
TEXT = "the movie was wonderful and the plot was great but the music was awful"


@pytest.fixture(scope="module")
def lstm_trace(tiny_lstm_dir) -> Trace:
    bundle = load_model_dir(tiny_lstm_dir)
    return Tracer(bundle.model, jit_compile=False).trace(bundle.vocab.encode(TEXT))


@pytest.fixture(scope="module")
def gru_trace(tiny_gru_dir) -> Trace:
    bundle = load_model_dir(tiny_gru_dir)
    return Tracer(bundle.model, jit_compile=False).trace(bundle.vocab.encode(TEXT))


def _previous(a: np.ndarray, t: int) -> np.ndarray:
    return a[t - 1] if t > 0 else np.zeros_like(a[0])


def _expected(layer: LayerTrace, t: int, u: int) -> dict[str, float]:
    """What each drawn quantity must be, computed here from the trace's gates alone."""
    g = {k: v[:, u] for k, v in layer.gates.items()}
    if layer.cell == "lstm":
        c_prev = _previous(g["c"], t)
        return {
            "c_prev": c_prev,
            "f": g["f"][t],
            "kept": g["f"][t] * c_prev,
            "i": g["i"][t],
            "g": g["g"][t],
            "written": g["i"][t] * g["g"][t],
            "c": g["c"][t],
            "tanh_c": np.tanh(g["c"][t]),
            "o": g["o"][t],
            "h": g["h"][t],
            "h_prev": _previous(g["h"], t),
        }
    if layer.cell == "gru":
        h_prev = _previous(g["h"], t)
        return {
            "h_prev": h_prev,
            "z": g["z"][t],
            "kept": g["z"][t] * h_prev,
            "1-z": 1.0 - float(g["z"][t]),
            "r": g["r"][t],
            "hh": g["hh"][t],
            "written": (1 - g["z"][t]) * g["hh"][t],
            "h": g["h"][t],
        }
    return {"h_prev": _previous(g["h"], t), "a": g["a"][t], "h": g["h"][t]}


def _drawn(svg: str) -> tuple[dict[str, list[str]], list[tuple[str, str, str, str]]]:
    """The SVG's numbers ``{q: [label texts]}`` and coloured elements
    ``(q, scale, paint, colour)``; parsing also checks it is well-formed XML."""
    root = ET.fromstring(svg)
    numbers: dict[str, list[str]] = {}
    painted = []
    for el in root.iter():
        q = el.get("data-q")
        if q is None:
            continue
        if el.tag == SVG + "tspan":
            numbers.setdefault(q, []).append(el.text or "")
        else:
            paint = el.get("data-paint")
            attr = {"fill": "fill", "stroke": "stroke", "ink": "fill"}[paint]
            painted.append((q, el.get("data-scale"), paint, el.get(attr)))
    return numbers, painted


def _check_step(trace: Trace, k: int, u: int, t: int) -> set[str]:
    drawing = cell_diagram(trace, k, u, t)
    expected = _expected(trace.layers[k], t, u)
    numbers, painted = _drawn(drawing.svg)
    assert set(numbers) == set(expected) == set(drawing.values)
    for q, texts in numbers.items():
        assert drawing.values[q] == pytest.approx(float(expected[q]), abs=1e-6), q
        assert set(texts) == {f"{drawing.values[q]:.3f}"}, q
    c_max = plots.cell_max(trace)
    for q, scale, paint, col in painted:
        fill = diagram.colour(scale, drawing.values[q], c_max)
        assert col == (diagram.ink(fill) if paint == "ink" else fill), (q, paint)
    return set(numbers)


@pytest.mark.parametrize("k", [0, 1])
def test_lstm_diagram_draws_the_traces_numbers_at_every_step(lstm_trace, k):
    units = lstm_trace.layers[k].units
    for t in [
        0,
        lstm_trace.first_real - 1,
        lstm_trace.first_real,
        lstm_trace.T // 2,
        lstm_trace.T - 1,
    ]:
        for u in range(units):
            drawn = _check_step(lstm_trace, k, u, t)
    assert drawn == {"c_prev", "f", "kept", "i", "g", "written", "c", "tanh_c", "o", "h", "h_prev"}


@pytest.mark.parametrize("k", [0, 1])
def test_gru_diagram_draws_the_traces_numbers_at_every_step(gru_trace, k):
    for t in [0, gru_trace.first_real, gru_trace.T - 2, gru_trace.T - 1]:
        for u in range(gru_trace.layers[k].units):
            drawn = _check_step(gru_trace, k, u, t)
    assert drawn == {"h_prev", "z", "kept", "1-z", "r", "hh", "written", "h"}


def test_lstm_belt_adds_up_kept_plus_written_to_the_new_cell_state(lstm_trace):
    t = lstm_trace.T - 1
    values = cell_diagram(lstm_trace, 0, 1, t).values
    assert values["kept"] + values["written"] == pytest.approx(values["c"], abs=1e-5)
    assert values["o"] * np.tanh(values["c"]) == pytest.approx(values["h"], abs=1e-5)


def test_gru_keeps_z_of_the_old_state_as_keras_does(gru_trace):
    t = gru_trace.T - 1
    v = cell_diagram(gru_trace, 1, 0, t).values
    assert v["z"] * v["h_prev"] + v["1-z"] * v["hh"] == pytest.approx(v["h"], abs=1e-5)


def test_simple_rnn_diagram_draws_a_and_h():
    model = keras.Sequential(
        [
            keras.Input((6,)),
            keras.layers.Embedding(20, 4),
            keras.layers.SimpleRNN(3),
            keras.layers.Dense(1, "sigmoid"),
        ]
    )
    layers, _ = Tracer(model, jit_compile=False).run(np.array([[0, 3, 4, 5, 6, 7]]))
    gates = {g: v[0] for g, v in layers[0].items()}
    trace = Trace(
        "x",
        list("abcdef"),
        np.arange(6),
        np.zeros(6, bool),
        np.zeros(6, bool),
        None,
        [LayerTrace("rnn", "rnn", 3, gates)],
    )
    for t in range(6):
        assert _check_step(trace, 0, 2, t) == {"h_prev", "a", "h"}


def test_colours_are_the_heatmaps_scales():
    for scale, name, lo, hi in (
        ("sigmoid", plots.SIGMOID_SCALE, 0, 1),
        ("tanh", plots.TANH_SCALE, -1, 1),
        ("cell", plots.CELL_SCALE, -2.5, 2.5),
    ):
        for v in np.linspace(lo, hi, 23):
            ours = diagram.colour(scale, float(v), 2.5)
            ref = plotly.colors.sample_colorscale(name, [(v - lo) / (hi - lo)])[0]
            ours_rgb = np.array(plotly.colors.unlabel_rgb(ours))
            assert np.abs(ours_rgb - np.array(plotly.colors.unlabel_rgb(ref))).max() <= 1
    assert diagram.colour("sigmoid", 7.0, 1) == diagram.colour("sigmoid", 1.0, 1)  # clipped


def test_word_is_escaped_and_names_the_input(lstm_trace):
    t = lstm_trace.T - 1
    trace = Trace(**{**lstm_trace.__dict__, "tokens": lstm_trace.tokens[:-1] + ['<b>&"x']})
    root = ET.fromstring(cell_diagram(trace, 0, 0, t).svg)
    texts = ["".join(el.itertext()) for el in root.iter(SVG + "text") if el.get("data-input")]
    assert texts == ['x(t): “<b>&"x”']
    root = ET.fromstring(cell_diagram(trace, 1, 0, t).svg)
    texts = ["".join(el.itertext()) for el in root.iter(SVG + "text") if el.get("data-input")]
    assert texts == ["x(t) = h(t) of layer 1"]


def test_caption_names_the_scales_and_the_parameter_count(lstm_trace, gru_trace):
    d = cell_diagram(lstm_trace, 0, 2, 5, c_max=1.5, parameters="LSTM layer lstm_1: 176.")
    assert d.caption.startswith("The cell of layer 1 for unit 2 at this step.")
    assert "±1.50" in d.caption and d.caption.endswith("LSTM layer lstm_1: 176.")
    assert "cell state" not in cell_diagram(gru_trace, 0, 0, 5).caption


def test_out_of_range_unit_or_step_is_refused_with_a_reason(lstm_trace):
    with pytest.raises(DiagramError, match="units 0 to 3, not 4"):
        cell_diagram(lstm_trace, 0, 4, 0)
    with pytest.raises(DiagramError, match="steps 0 to"):
        cell_diagram(lstm_trace, 0, 0, lstm_trace.T)
    with pytest.raises(DiagramError, match="layers 0 to 1"):
        cell_diagram(lstm_trace, 2, 0, 0)


def test_browser_template_has_no_numbers_and_carries_only_what_the_panel_lacks(
    lstm_trace, gru_trace
):
    steps = np.arange(lstm_trace.first_real - 1, lstm_trace.T)
    lstm_names = ["c_prev", "f", "kept", "i", "g", "written", "c", "o", "tanh_c", "h"]
    spec = browser_diagram(lstm_trace, 0, steps, lstm_names, 1.0, "LSTM layer x: 176.")
    numbers, _ = _drawn(spec["svg"])
    assert set(numbers) == set(lstm_names) | {"h_prev"}
    assert all(texts == [""] * len(texts) for texts in numbers.values())
    assert spec["extra_names"] == ["h_prev"]
    h = lstm_trace.layers[0].gates["h"]
    np.testing.assert_array_equal(spec["extra"][0], h[steps - 1])
    assert "{unit}" in spec["caption"] and spec["caption"].endswith("LSTM layer x: 176.")
    gru_names = ["h_prev", "z", "kept", "r", "hh", "written", "h"]
    spec = browser_diagram(gru_trace, 1, steps, gru_names, 1.0)
    assert spec["extra_names"] == [] and spec["extra"].shape == (0, len(steps), 4)
    assert spec["input"] == "x(t) = h(t) of layer 1"


def test_review_payload_carries_each_layers_diagram_with_its_parameter_count(
    lstm_trace, tiny_lstm_dir
):
    from rnn_viz.core.parameters import recurrent_parameters
    from rnn_viz.viz import stepview

    counts = [p.caption for p in recurrent_parameters(load_model_dir(tiny_lstm_dir).model)]
    payload = stepview.review_payload(lstm_trace, parameters=counts)
    for k, table in enumerate(payload["tables"]):
        spec = table["diagram"]
        assert spec["caption"].endswith(counts[k]) and "(6·4 + 4·4 + 4) × 4" in counts[0]
        extra = stepview.decode(spec["extra"])
        steps = np.asarray(payload["steps"])
        np.testing.assert_array_equal(extra[0], lstm_trace.layers[k].gates["h"][steps - 1])
    assert stepview.review_payload(lstm_trace, panels=False)["tables"] == []


def test_a_zero_cell_range_still_colours():
    assert diagram.colour("cell", 0.0, 0.0) == diagram.colour("cell", 0.3, 0.0)


def test_labels_caption_and_errors_read_in_korean_and_keep_the_symbols(lstm_trace, gru_trace):
    with use_language("ko"):
        d = cell_diagram(lstm_trace, 0, 1, 5, c_max=1.5)
        root = ET.fromstring(d.svg)
        texts = " ".join("".join(el.itertext()) for el in root.iter(SVG + "text"))
        for word in ("유지", "기록", "유닛 1", "c(t−1)", "σ  f", "tanh  c̃"):
            assert word in texts, word
        assert "kept" not in texts and "written" not in texts and "unit" not in texts
        assert "⟦" not in d.svg + d.caption
        assert d.caption.startswith("이 스텝에서 층 1, 유닛 1의 셀입니다.") and "±1.50" in d.caption
        layer_2 = ET.fromstring(cell_diagram(gru_trace, 1, 0, 5).svg)
        assert any("".join(el.itertext()) == "x(t) = 층 1의 h(t)" for el in layer_2.iter())
        with pytest.raises(DiagramError, match="유닛 번호는 0부터 3까지"):
            cell_diagram(lstm_trace, 0, 4, 0)
        spec = browser_diagram(lstm_trace, 0, np.arange(lstm_trace.T), [], 1.0)
        assert spec["unit"] == "유닛 {unit}" and spec["caption"].startswith("이 스텝에서")
    assert "kept" in cell_diagram(lstm_trace, 0, 1, 5).svg  # English again outside
