"""The corpus analyses of a model with a Bidirectional layer name each direction's layer
(its number and forward/backward) in results, files, figures and pages."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from helpers import tiny_recipe
from streamlit.testing.v1 import AppTest
from test_analysis_cli import _csv, _run
from test_app import APP, _figures, _stepper

from rnn_viz import analysis, i18n
from rnn_viz.analysis import _common as c
from rnn_viz.analysis.memory import survival
from rnn_viz.analysis.probes import sentiment_units
from rnn_viz.analysis.state_space import compute_final_states, state_space
from rnn_viz.analysis.whatif import compare_traces
from rnn_viz.core.capture import BIDIRECTIONAL_NOTE, Tracer
from rnn_viz.core.models import SHIPPED_ENV, load_model_dir
from rnn_viz.viz import plots


@pytest.fixture(scope="module")
def bigru_dir(tmp_path_factory, tiny_corpus):
    """A Bidirectional GRU(4) model folder trained for real for 2 epochs on the tiny corpus."""
    from rnn_viz.train import train

    recipe = tiny_recipe(cell="gru", bidirectional=True)
    out = tmp_path_factory.mktemp("bigru") / "tiny_bigru"
    train("tiny_bigru", recipe, tiny_corpus, out, verbose=0, keep_epochs=True)
    return out


@pytest.fixture(scope="module")
def bigru(bigru_dir, tiny_imdb):
    bundle = load_model_dir(bigru_dir)
    return bundle, Tracer(bundle.model, jit_compile=False), analysis.corpus_for(bundle, tiny_imdb)


def test_saturation_names_both_directions_in_results_csv_json_and_figures(
    bigru_dir, tiny_imdb, tmp_path, capsys
):
    out = tmp_path / "sat.csv"
    code, stdout, _ = _run(capsys, "saturation", bigru_dir, "--data", tiny_imdb, "-o", out)
    assert code == 0 and "layer1/fwd z" in stdout and "layer1/bwd r" in stdout
    rows = _csv(out)
    assert list(rows[0])[:3] == ["model", "layer", "direction"]
    assert {(r["layer"], r["direction"]) for r in rows} == {("1", "fwd"), ("1", "bwd")}
    js = tmp_path / "sat.json"
    assert _run(capsys, "saturation", bigru_dir, "--data", tiny_imdb, "-o", js)[0] == 0
    sat = analysis.Saturation.from_json(json.loads(js.read_text("utf-8")))
    assert [(g.layer, g.layer_number, g.layer_direction) for g in sat.gates] == [
        (0, 1, "fwd"),
        (0, 1, "fwd"),
        (1, 1, "bwd"),
        (1, 1, "bwd"),
    ]
    assert sat.paper_convention().get(1, "z").layer_title == "1 · backward"
    legend = {tr.name for tr in plots.saturation_figure(sat).data} - {None}
    assert legend == {"layer 1 · forward", "layer 1 · backward"}
    summary = plots.saturation_summary(sat)
    assert {row["layer"] for row in summary} == {"1 · forward", "1 · backward"}
    with i18n.use_language("ko"):
        assert {tr.name for tr in plots.saturation_figure(sat).data} - {None} == {
            "층 1 · 정방향",
            "층 1 · 역방향",
        }


def test_a_one_way_models_saturation_json_has_no_direction_keys(tiny_lstm_dir, tiny_corpus):
    bundle = load_model_dir(tiny_lstm_dir)
    sat = analysis.compute_saturation(
        Tracer(bundle.model, jit_compile=False), tiny_corpus.x_test[:20]
    )
    assert not sat.has_directions and sat.csv_columns == analysis.gate_saturation.CSV_COLUMNS
    assert not any("layer_number" in g or "layer_direction" in g for g in sat.to_json()["gates"])


def test_unit_search_of_the_backward_direction_says_so(bigru, bigru_dir, tiny_imdb, capsys):
    bundle, tracer, corpus = bigru
    result = analysis.units.compute_unit_search(
        tracer, corpus, np.arange(40), layer=1, gate="h", unit=0, threshold=0.0, above=True
    )
    assert (result.layer, result.layer_number, result.layer_direction) == (1, 1, "bwd")
    assert result.layer_title == "1 · backward"
    again = analysis.UnitSearch.from_json(json.loads(json.dumps(result.to_json())))
    assert again.layer_title == "1 · backward" and again.layer == 1
    code, stdout, _ = _run(
        capsys,
        "unit-search",
        bigru_dir,
        "--data",
        tiny_imdb,
        "--layer",
        2,
        "--gate",
        "h",
        "--unit",
        0,
        "--threshold",
        0.0,
    )
    assert code == 0 and "\ntiny_bigru layer1/bwd h[0] > 0.0: " in stdout


def test_words_per_unit_keys_each_direction_and_the_backward_change_is_from_the_right(bigru):
    bundle, tracer, corpus = bigru
    rows = np.arange(30)
    wpu = analysis.units.compute_words_per_unit(tracer, corpus, rows)
    assert wpu.keys == ["layer1/fwd/h", "layer1/bwd/h"]
    # the backward direction's change at word t is h_t - h_{t+1} (zeros after the end)
    x = corpus.x_test[rows]
    per_layer, _ = tracer.run(x)
    h = per_layer[1]["h"]
    delta = np.concatenate([h[:, :-1] - h[:, 1:], h[:, -1:]], axis=1)
    real = x != 0
    word = int(np.bincount(x[real]).argmax())
    expected = delta[real][x[real] == word].mean(axis=0)
    np.testing.assert_allclose(wpu.mean["layer1/bwd/h"][word], expected, rtol=1e-4, atol=1e-6)
    assert "layer1/bwd/h[3]" in wpu.to_csv().splitlines()[0]


def test_final_states_state_space_and_probes_name_the_direction(bigru):
    bundle, tracer, corpus = bigru
    rows = np.arange(len(corpus.x_test))
    states = compute_final_states(tracer, corpus, rows)
    assert set(states.states) == {"layer1/fwd/h", "layer1/bwd/h"}
    per_layer, _ = tracer.run(corpus.x_test[rows])
    # the backward direction's final state is its state after reading the whole review
    np.testing.assert_allclose(states.states["layer1/bwd/h"], per_layer[1]["h"][:, 0])
    space = state_space(states)
    assert (space.layer, space.layer_title) == (0, "1 · forward")
    units = sentiment_units(states)
    assert {(p.layer, p.layer_title, p.state) for p in units.probes} == {
        (0, "1 · forward", "h"),
        (1, "1 · backward", "h"),
    }
    table = units.table()
    assert {r["reading"] for r in table} == {"forward", "backward"}
    assert {r["layer"] for r in table} == {1}
    groups = {tr.name for tr in plots.unit_auc_figure(units).data}
    assert groups == {"layer 1 · forward · h", "layer 1 · backward · h"}


def test_survival_names_each_direction_in_json_and_figure(bigru, tiny_corpus):
    bundle, tracer, corpus = bigru
    trace = tracer.trace(corpus.vocab.encode(corpus.text("test", 0)))
    surv = survival(trace, trace.T - 1)
    assert [x.layer_title for x in surv.layers] == ["1 · forward", "1 · backward"]
    layers = surv.to_json()["layers"]
    assert [(x["layer_number"], x["layer_direction"]) for x in layers] == [
        (1, "fwd"),
        (1, "bwd"),
    ]
    layout = plots.survival_figure(surv, trace.tokens).to_dict()["layout"]
    titles = json.dumps(layout, ensure_ascii=False)
    assert "layer 1 · forward" in titles and "layer 1 · backward" in titles


def test_a_bidirectional_layer_key_reads_back_its_layer():
    assert c.key_layer("layer2/bwd/c") == {"layer_number": 2, "layer_direction": "bwd"}
    assert c.key_layer("layer1/h") == {"layer_number": 1, "layer_direction": None}
    assert c.key_title("layer1/fwd/h") == "1 · forward / h"


# ----------------------------------------------------------------------------- pages
@pytest.fixture
def bigru_app(bigru_dir, tiny_lstm_dir, tmp_path, monkeypatch, tiny_imdb):
    shipped = tmp_path / "shipped"
    shutil.copytree(bigru_dir, shipped / "tiny_bigru")
    shutil.copytree(tiny_lstm_dir, shipped / tiny_lstm_dir.name)
    monkeypatch.setenv(SHIPPED_ENV, str(shipped))
    monkeypatch.setenv("RNN_VIZ_MODELS", str(tmp_path / "user"))
    monkeypatch.setenv("RNN_VIZ_DATA", str(tiny_imdb))
    return AppTest.from_file(APP, default_timeout=240)


def _page(at, page, model_key, lang="en"):
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    at.selectbox(key=model_key).set_value("tiny_bigru (shipped)").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


@pytest.mark.parametrize(
    ("lang", "fwd", "bwd"),
    [("en", "layer 1 · forward", "layer 1 · backward"), ("ko", "층 1 · 정방향", "층 1 · 역방향")],
)
def test_the_units_page_picks_each_direction(bigru_app, lang, fwd, bwd):
    from rnn_viz.app import navigation

    with i18n.use_language(lang):  # AppTest words the pickers' options in this process
        at = _page(bigru_app, "app_pages/5_Units.py", navigation.UNITS_MODEL, lang)
        picker = at.selectbox(key=navigation.UNIT_LAYER)
        assert list(picker.options) == [fwd, bwd]
        picker.set_value(1).run()
        assert not at.exception, at.exception
        assert bwd in " ".join(m.value for m in at.markdown)
        states = at.selectbox(key="wpu_key").options
    assert any(bwd in s for s in states) and any(fwd in s for s in states)


def _notes(at):
    note = str(BIDIRECTIONAL_NOTE)
    return sum(note in c.value for c in at.caption)


def test_compare_labels_both_directions_and_says_the_bidirectional_readout_note_once(bigru_app):
    at = _page(bigru_app, "app_pages/3_Compare.py", "cmp_a")
    at.selectbox(key="cmp_b").set_value("tiny_bigru (shipped)").run()
    assert not at.exception, at.exception
    views = _stepper(at)["views"]
    assert len(views) == 2
    for view in views:
        titles = json.dumps(view["figure"]["layout"]["annotations"], ensure_ascii=False)
        assert "layer 1 · forward" in titles and "layer 1 · backward" in titles
    assert _notes(at) == 1


def test_what_if_differs_per_direction_and_says_the_readout_note_once(bigru_app):
    at = _page(bigru_app, "app_pages/6_What_if.py", "wi_model")
    diff = next(f for f in _figures(at) if f["layout"].get("annotations"))
    titles = json.dumps(diff["layout"]["annotations"], ensure_ascii=False)
    assert "1 · forward" in titles and "1 · backward" in titles
    assert _notes(at) == 1


def test_the_what_if_csv_names_each_direction(bigru):
    bundle, tracer, corpus = bigru
    text = corpus.text("test", 0)
    header = compare_traces(tracer, corpus.vocab, text, "great " + text).to_csv().splitlines()[0]
    assert "layer1/fwd/h[0]" in header and "layer1/bwd/h[3]" in header
