"""The Plotly figures: fixed colour scales, token axis, highlight, curves, step speed."""

from __future__ import annotations

import json
import re

import numpy as np
import plotly.graph_objects as go
import pytest

from rnn_viz import i18n
from rnn_viz.core.capture import Tracer
from rnn_viz.core.models import load_model_dir
from rnn_viz.i18n import en, ko
from rnn_viz.viz import plots


@pytest.fixture(scope="module")
def lstm_trace(tiny_lstm_dir):
    bundle = load_model_dir(tiny_lstm_dir)
    return Tracer(bundle.model).trace(bundle.vocab.encode("the film was <b>great</b> but dull"))


@pytest.fixture(scope="module")
def gru_trace(tiny_gru_dir):
    bundle = load_model_dir(tiny_gru_dir)
    return Tracer(bundle.model).trace(bundle.vocab.encode("the film was great but dull"))


def _heatmaps(fig: go.Figure) -> list:
    return [t for t in fig.data if t.type == "heatmap"]


def _corners(x: float, text: str, angle: float, font: float) -> np.ndarray:
    """The four corners of a tick label's box, anchored at its end on the axis at ``x``
    and turned ``angle`` degrees below the axis (as Plotly draws ``tickangle=-angle``)."""
    w, h = plots.CHAR_EM * font * len(text), plots.LINE_EM * font
    a = np.radians(angle)
    along, across = np.array([-np.cos(a), -np.sin(a)]), np.array([np.sin(a), -np.cos(a)])
    end = np.array([x, 0.0])
    return np.array(
        [end - across * h / 2, end + across * h / 2, end + along * w + across * h / 2]
        + [end + along * w - across * h / 2]
    )


def _overlap(p: np.ndarray, q: np.ndarray) -> bool:
    """Whether two convex polygons overlap by more than a hair (separating axes)."""
    for poly in (p, q):
        for k in range(len(poly)):
            edge = poly[(k + 1) % len(poly)] - poly[k]
            normal = np.array([-edge[1], edge[0]]) / np.hypot(*edge)
            a, b = p @ normal, q @ normal
            if a.max() <= b.min() + 1e-6 or b.max() <= a.min() + 1e-6:
                return False
    return True


@pytest.mark.parametrize("angle", [60, 90, 0])
def test_word_labels_of_a_500_token_review_do_not_overlap_at_1280_px(angle):
    rng = np.random.default_rng(0)
    words = ["a", "film", "extraordinarily", "was", "not", "bad", "at", "all", "sentimentality"]
    labels = [f"{s} · {words[k]}" for s, k in enumerate(rng.integers(0, len(words), 500))]
    width = plots.column_px(1, 1280) - 150
    axis = plots.word_ticks(labels, width, angle=angle)
    pitch = width / len(labels)
    shown = [(labels.index(v) + 0.5) * pitch for v in axis["tickvals"]]
    written = zip(shown, axis["ticktext"], strict=True)
    boxes = [_corners(x, w, angle, plots.WORD_FONT_PX) for x, w in written]
    assert not any(_overlap(a, b) for a, b in zip(boxes, boxes[1:], strict=False))  # clear
    assert len(shown) >= 8  # thinned, not emptied
    k = labels.index(axis["tickvals"][1])  # every k-th label, the first one included
    assert axis["tickvals"] == labels[::k] and axis["tickangle"] == -angle
    closer = [(labels.index(v) + 0.5) * pitch for v in labels[:: k - 1]] if k > 1 else shown
    crowded = [_corners(x, "extraordina…", angle, plots.WORD_FONT_PX) for x in closer]
    pairs = zip(crowded, crowded[1:], strict=False)
    assert k == 1 or any(_overlap(a, b) for a, b in pairs)  # k is the least that clears
    assert max(len(w) for w in axis["ticktext"]) == plots.WORD_MAX_CHARS  # "extraordina…"
    assert "sentimental…" in axis["ticktext"] or "extraordina…" in axis["ticktext"]


def test_a_short_review_keeps_every_word_label_and_the_strip_writes_words_in_cells(
    tiny_lstm_dir,
):
    from rnn_viz.analysis import connectivity

    bundle = load_model_dir(tiny_lstm_dir)
    short = connectivity(bundle, "the plot was dull but the music was great")
    n = short.T - short.first_real
    axis = plots.connectivity_figure(short).layout.xaxis
    assert len(axis.tickvals) == n and axis.ticktext[-1] == "great"
    strip = plots.connectivity_strip(short, short.T - 1, width_px=1200)
    assert strip.data[0].texttemplate == "%{text}" and not strip.layout.xaxis.showticklabels
    long = connectivity(bundle, " ".join(["wonderful", "dull"] * 60))
    strip = plots.connectivity_strip(long, long.T - 1, width_px=300)
    assert strip.data[0].texttemplate == "" and 1 < len(strip.layout.xaxis.tickvals) < 60
    heat = plots.connectivity_figure(long, width_px=300).layout
    assert len(heat.xaxis.tickvals) < 40 and heat.yaxis.tickangle == 0


def test_trace_figure_has_one_heatmap_per_gate_and_layer_on_fixed_scales(lstm_trace):
    fig = plots.trace_figure(lstm_trace)
    maps = _heatmaps(fig)
    assert len(maps) == 2 * 6  # i f g o c h, two layers
    by_gate = dict(
        zip([g for layer in lstm_trace.layers for g in layer.gate_names], maps, strict=True)
    )
    layout = fig.layout
    assert (layout.coloraxis.cmin, layout.coloraxis.cmax) == (0, 1)
    assert (layout.coloraxis2.cmin, layout.coloraxis2.cmax) == (-1, 1)
    assert layout.coloraxis3.cmin == -layout.coloraxis3.cmax == -plots.cell_max(lstm_trace)
    assert {by_gate[g].coloraxis for g in "ifo"} == {"coloraxis"}
    assert {by_gate[g].coloraxis for g in "gh"} == {"coloraxis2"}
    assert by_gate["c"].coloraxis == "coloraxis3"
    assert np.asarray(maps[0].z).shape == (4, lstm_trace.T - lstm_trace.first_real + 1)
    assert "unit %{y}" in maps[0].hovertemplate and "%{x}" in maps[0].hovertemplate


def test_token_axis_escapes_html_and_shows_padding_only_on_request(lstm_trace):
    fig = plots.trace_figure(lstm_trace)
    labels = list(_heatmaps(fig)[0].x)
    assert labels[0].endswith(en.TEXT["step.state_in"])
    assert any("&lt;b&gt;great&lt;/b&gt;" in s for s in labels)
    assert not any("<b>" in s for s in labels)
    padded = plots.trace_figure(lstm_trace, show_pad=True)
    assert len(_heatmaps(padded)[0].x) == lstm_trace.T
    assert fig.layout.xaxis.type == "category"


def test_readout_line_shares_the_token_axis_with_the_heatmaps(lstm_trace):
    fig = plots.trace_figure(lstm_trace)
    line = fig.data[0]
    assert line.type == "scatter" and list(line.x) == list(_heatmaps(fig)[0].x)
    np.testing.assert_allclose(line.y, lstm_trace.prob[lstm_trace.first_real - 1 :])


def test_readout_marks_one_half_and_the_highlight_is_a_solid_box_over_every_row(lstm_trace):
    fig = plots.trace_figure(lstm_trace)
    box, half = fig.layout.shapes
    assert (box.type, box.yref, box.y0, box.y1, box.line.dash) == ("rect", "paper", 0, 1, None)
    assert (half.type, half.yref, half.y0, half.y1) == ("line", "y", 0.5, 0.5)
    assert (half.xref, half.x0, half.x1) == ("x domain", 0, 1)  # across the readout row


def test_highlight_moves_to_the_current_token_only(lstm_trace):
    fig = plots.trace_figure(lstm_trace)
    before = fig.to_dict()["data"]
    plots.set_highlight(fig, lstm_trace, False, lstm_trace.T - 1)
    shape = fig.layout.shapes[0]
    last = lstm_trace.T - lstm_trace.first_real  # position of the last step on the axis
    assert (shape.x0, shape.x1) == (last - 0.5, last + 0.5)
    assert shape.yref == "paper"
    assert json.dumps(fig.to_dict()["data"], default=str) == json.dumps(before, default=str)


def test_gru_figure_uses_z_r_candidate_and_h(gru_trace):
    names = [t.name for t in _heatmaps(plots.trace_figure(gru_trace))]
    assert names == ["L1 z", "L1 r", "L1 hh", "L1 h", "L2 z", "L2 r", "L2 hh", "L2 h"]


def test_shared_cell_scale_for_two_models(lstm_trace, gru_trace):
    c_max = plots.cell_max(lstm_trace, gru_trace)
    assert c_max == plots.cell_max(lstm_trace)  # GRUs have no cell state
    assert plots.trace_figure(gru_trace, c_max=c_max).layout.coloraxis3.cmax == c_max


def test_history_figure_overlays_train_and_validation_per_model():
    recs = [
        {"loss": 0.6, "val_loss": 0.65, "acc": 0.6, "val_acc": 0.55, "seconds": 2.0},
        {"loss": 0.5, "val_loss": 0.6, "acc": 0.7, "val_acc": 0.6, "seconds": 3.0},
    ]
    fig = plots.history_figure({"a": recs, "b": recs[:1]}, "acc", x="seconds")
    assert [t.name for t in fig.data] == ["a train", "a val", "b train", "b val"]
    assert list(fig.data[0].x) == [2.0, 5.0]
    assert fig.data[1].line.dash == "dash"
    assert fig.layout.xaxis.title.text == "training time (s)"
    assert "accuracy" in fig.layout.yaxis.title.text
    assert "<html" in plots.figure_html(fig)


def test_training_card_shows_loss_and_accuracy_with_the_best_epoch_marked():
    recs = [
        {"loss": 0.6, "val_loss": 0.65, "acc": 0.6, "val_acc": 0.55},
        {"loss": 0.5, "val_loss": 0.6, "acc": 0.7, "val_acc": 0.6},
        {"loss": 0.4, "val_loss": 0.62, "acc": 0.8, "val_acc": 0.58},
    ]
    fig = plots.training_card(recs, best_epoch=2)
    assert [t.name for t in fig.data] == ["train loss", "val loss", "train acc", "val acc"]
    assert [t.line.dash for t in fig.data] == ["solid", "dash"] * 2
    assert list(fig.data[3].y) == [0.55, 0.6, 0.58]
    best = [s for s in fig.layout.shapes if s.x0 == s.x1 == 2]
    assert len(best) == 2  # on the loss and on the accuracy
    assert "best: 2" in fig.layout.xaxis2.title.text


def test_heatmap_height_follows_row_px(lstm_trace):
    tall, short = plots.trace_figure(lstm_trace), plots.trace_figure(lstm_trace, row_px=60)
    assert tall.layout.height - short.layout.height == (112 - 60) * (1 + 2 * 6)


# --------------------------------------------------------------------------- corpus analyses
@pytest.fixture(scope="module")
def saturations(tiny_lstm_dir, tiny_gru_dir, tiny_corpus):
    from rnn_viz.analysis import saturation

    return {
        name: saturation(load_model_dir(d), tiny_corpus, 0.1, 0.9, limit=40, cache=False)
        for name, d in (("lstm", tiny_lstm_dir), ("gru", tiny_gru_dir))
    }


def test_saturation_figure_one_panel_per_gate_one_colour_per_layer(saturations):
    fig = plots.saturation_figure(saturations["lstm"])
    titles = [a.text for a in fig.layout.annotations]
    assert titles[:3] == ["input gate i", "forget gate f", "output gate o"]
    points = [t for t in fig.data if t.mode == "markers"]
    assert len(points) == 3 * 2  # three gates, two layers
    assert {t.marker.color for t in points} == {plots.PALETTE[0], plots.PALETTE[1]}
    g = saturations["lstm"].get(1, "f")
    forget_l2 = next(t for t in points if t.name == "layer 2" and t.xaxis == "x2")
    assert np.allclose(forget_l2.x, g.right) and np.allclose(forget_l2.y, g.left)
    # one x title, under the middle panel: three ran into each other in half a page
    assert fig.layout.xaxis.title.text is None and fig.layout.xaxis3.title.text is None
    assert "fraction > 0.9" in fig.layout.xaxis2.title.text
    assert "fraction < 0.1" in fig.layout.yaxis.title.text
    diagonal = fig.data[0]
    assert list(diagonal.x) == [0, 1] and list(diagonal.y) == [1, 0]


def test_saturation_figure_paper_convention_relabels_gru_z(saturations):
    fig = plots.saturation_figure(saturations["gru"].paper_convention())
    titles = [a.text for a in fig.layout.annotations]
    assert titles[0] == "1-z (paper's z)" and "reset gate r" in titles


def test_gate_histograms_show_shares_and_thresholds(saturations):
    sat = saturations["gru"]
    fig = plots.gate_histogram_figure(sat)
    bars = [t for t in fig.data if t.type == "bar"]
    assert len(bars) == 2 * 2
    assert all(abs(sum(b.y) - 1) < 1e-9 for b in bars)
    assert {s.x0 for s in fig.layout.shapes} == {0.1, 0.9}
    rows = plots.saturation_summary(sat)
    assert len(rows) == 4 and {"mean left fraction", "units saturated > 50%"} <= set(rows[0])


def test_words_units_heatmap_escapes_words_and_is_symmetric():
    deltas = np.array([[0.5, -0.1], [-0.2, 0.0]])
    fig = plots.words_units_figure(["<b>good</b>", "bad"], deltas, [3, 4])
    hm = fig.data[0]
    assert "<b>" not in " ".join(hm.y) and list(hm.customdata[:, 0]) == [3, 4]
    assert fig.layout.coloraxis.cmin == -0.5 and fig.layout.coloraxis.cmax == 0.5


def test_difference_figure_and_attribution_strip(tiny_lstm_dir):
    from rnn_viz.analysis import Attributor, compare_traces

    bundle = load_model_dir(tiny_lstm_dir)
    w = compare_traces(
        Tracer(bundle.model), bundle.vocab, "the film was great", "the film was awful"
    )
    fig = plots.difference_figure(w)
    maps = _heatmaps(fig)
    assert len(maps) == 2 * 6
    assert any("great → awful" in x for x in maps[0].x)
    assert fig.layout.coloraxis.cmin == -fig.layout.coloraxis.cmax > -np.inf
    att = Attributor(bundle.model).attribute(bundle.vocab.encode("the film was great"), steps=16)
    trace = w.a
    strip = plots.trace_figure(trace, attribution=att.scores)
    hm = _heatmaps(strip)
    assert len(hm) == 2 * 6 + 1 and hm[0].name == "attribution"
    assert len(hm[0].z[0]) == len(hm[1].x)
    assert strip.layout.coloraxis4.cmid == 0
    plots.set_highlight(strip, trace, False, trace.first_real + 1)  # still moves


# --------------------------------------------------------------------------- both languages
CATALOGUES = {"en": en.TEXT, "ko": ko.TEXT}
_WORD = re.compile(r"[A-Za-z]{3,}")
_HANGUL = re.compile(r"[\uac00-\ud7af]")


def _words(texts) -> set[str]:
    return {w.lower() for s in texts for w in _WORD.findall(re.sub(r"\{[^}]*\}", " ", s))}


def _chart_words(catalogue: dict[str, str]) -> set[str]:
    return _words(v for k, v in catalogue.items() if k.startswith(("plot.", "gate.")))


#: Words of the English chart and gate-name texts that the Korean ones do not use
#: (symbols and acronyms such as ROC, AUC, tanh and p(positive) are in both).
ENGLISH_ONLY = _chart_words(en.TEXT) - _chart_words(ko.TEXT)


def _shown_text(fig: go.Figure) -> list[str]:
    """Every text a figure shows that plots.py writes: titles, annotations, axis, legend
    and colour-bar titles, trace names and hover templates; not the category labels,
    cell texts or numbers (model output: tokens)."""
    spec = fig.to_plotly_json()
    out: list[str] = []

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list | tuple):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in ("text", "title", "name", "hovertemplate"):
            out.append(node)

    walk({k: v for k, v in spec["layout"].items() if k != "template"})
    for trace in spec["data"]:
        walk({k: v for k, v in trace.items() if k not in ("x", "text", "customdata")})
    return out


@pytest.fixture(scope="module")
def analyses(tiny_lstm_dir, tiny_gru_dir, tiny_corpus, saturations):
    """Language-free results for every figure of the language tests, computed once."""
    from rnn_viz.analysis import compare_traces, connectivity, gradient_distance, survival
    from rnn_viz.analysis.metrics import heldout_metrics
    from rnn_viz.analysis.probes import sentiment_units
    from rnn_viz.analysis.state_space import final_states, state_space

    lstm, gru = load_model_dir(tiny_lstm_dir), load_model_dir(tiny_gru_dir)
    text = "the plot was dull but the music was great"
    trace = Tracer(gru.model).trace(gru.vocab.encode(text))
    states = final_states(lstm, tiny_corpus, limit=40, cache=False)
    tracer = Tracer(lstm.model)
    return dict(
        whatif=compare_traces(tracer, lstm.vocab, text, text.replace("dull", "fun")),
        lstm_trace=tracer.trace(lstm.vocab.encode(text)),
        gru_trace=trace,
        saturations=saturations,
        conn=connectivity(lstm, text),
        survival=survival(trace, trace.T - 1),
        curves=[gradient_distance(lstm, tiny_corpus, limit=8, cache=False)],
        metrics={"lstm": heldout_metrics(lstm, tiny_corpus, cache=False)},
        space=state_space(states),
        units=sentiment_units(states, folds=2),
    )


RECORDS = [
    {"loss": 0.6, "val_loss": 0.65, "acc": 0.6, "val_acc": 0.55, "seconds": 2.0},
    {"loss": 0.5, "val_loss": 0.6, "acc": 0.7, "val_acc": 0.6, "seconds": 3.0},
]


def _figures(a: dict) -> dict[str, go.Figure]:
    """The representative figures, built in the current language."""
    return {
        "trace": plots.trace_figure(a["lstm_trace"]),
        "history": plots.history_figure({"lstm": RECORDS}),
        "card": plots.training_card(RECORDS, best_epoch=2),
        "saturation": plots.saturation_figure(a["saturations"]["lstm"]),
        "paper": plots.saturation_figure(a["saturations"]["gru"].paper_convention()),
        "histogram": plots.gate_histogram_figure(a["saturations"]["gru"]),
        "connectivity": plots.connectivity_figure(a["conn"]),
        "strip": plots.connectivity_strip(a["conn"], a["conn"].T - 1),
        "survival": plots.survival_figure(a["survival"], a["gru_trace"].tokens),
        "distance": plots.gradient_distance_figure(a["curves"]),
        "metrics": plots.metrics_figure(a["metrics"]),
        "confusion": plots.confusion_figure(a["metrics"]),
        "state_space": plots.state_space_figure(
            a["space"], path=a["space"].points[:3], step=1, tokens=["a", "b", "c"]
        ),
        "unit_auc": plots.unit_auc_figure(a["units"]),
        "difference": plots.difference_figure(a["whatif"]),
        "words_units": plots.words_units_figure(["good", "bad"], np.eye(2), [3, 4]),
    }


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_charts_use_no_word_of_the_other_language(analyses, lang):
    with i18n.use_language(lang):
        figures = _figures(analyses)
    assert ENGLISH_ONLY >= {"layer", "unit", "epoch", "fraction", "forget", "gate"}
    for name, fig in figures.items():
        text = _shown_text(fig)
        assert text, name
        if lang == "ko":
            assert not _words(text) & ENGLISH_ONLY, (name, sorted(_words(text) & ENGLISH_ONLY))
        else:
            assert not [s for s in text if _HANGUL.search(s)], name


def _axis_titles(fig: go.Figure, axis: str) -> list[str]:
    return [a.title.text for a in fig.select_xaxes() if axis == "x" and a.title.text] + [
        a.title.text for a in fig.select_yaxes() if axis == "y" and a.title.text
    ]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_chart_titles_and_axes_are_the_catalogue_texts(analyses, lang):
    T = CATALOGUES[lang]  # noqa: N806
    with i18n.use_language(lang):
        f = _figures(analyses)
        rows = plots.saturation_summary(analyses["saturations"]["lstm"])
    trace, layer = f["trace"], analyses["lstm_trace"].layers[0]
    notes = [a.text for a in trace.layout.annotations]
    assert notes[:2] == [
        T["plot.trace.readout"],
        T["plot.trace.panel"].format(layer=1, name=layer.name, gate=T["gate.i"]) + " · σ 0..1",
    ]
    assert _axis_titles(trace, "x") == [T["plot.token_axis"]]
    assert _axis_titles(trace, "y") == [T["plot.p_pos"]] + [T["plot.unit"]] * 12
    bars = trace.layout
    assert (bars.coloraxis.colorbar.title.text, bars.coloraxis3.colorbar.title.text) == (
        T["plot.cbar.sigmoid"],
        T["plot.cbar.cell"],
    )

    history = f["history"]
    assert history.layout.title.text == T["plot.hist.per_epoch"].format(label=T["plot.hist.loss"])
    assert _axis_titles(history, "x") == [T["plot.epoch"]]
    assert [t.name for t in history.data] == [f"lstm {T['plot.train']}", f"lstm {T['plot.val']}"]

    card = f["card"]
    assert [t.name for t in card.data][:2] == [
        f"{T[part]} {T['plot.loss']}" for part in ("plot.train", "plot.val")
    ]
    assert _axis_titles(card, "y") == [T["plot.loss"], T["plot.accuracy"]]
    assert _axis_titles(card, "x") == [T["plot.card.best"].format(epoch=2)]

    sat = f["saturation"]
    assert [a.text for a in sat.layout.annotations] == [
        T["gate.i"],
        T["gate.f"],
        T["gate.o"],
        T["plot.sat.always"],
    ]
    assert _axis_titles(sat, "x") == [T["plot.sat.right_axis"].format(high=0.9)]
    assert _axis_titles(sat, "y") == [T["plot.sat.left_axis"].format(low=0.1)]
    assert sat.layout.legend.title.text == T["plot.legend_colour"]
    assert {t.name for t in sat.data if t.mode == "markers"} == {
        T["plot.layer"].format(layer=k) for k in (1, 2)
    }
    assert f["paper"].layout.annotations[0].text == T["plot.sat.paper_gate"].format(gate="z")
    assert _axis_titles(f["histogram"], "y") == [T["plot.sat.share_axis"]]
    assert set(_axis_titles(f["histogram"], "x")) == {T["plot.sat.gate_value"]}
    assert list(rows[0]) == [
        T[f"plot.sat.col.{c}"]
        for c in ("layer", "gate", "units", "mean_left", "mean_right", "saturated")
    ]
    assert rows[0][T["plot.sat.col.gate"]] == T["gate.i"]

    assert _axis_titles(f["connectivity"], "x") == [T["plot.conn.x"]]
    assert _axis_titles(f["connectivity"], "y") == [T["plot.conn.y"]]
    surv = f["survival"]
    assert surv.layout.annotations[0].text == T["plot.surv.title"].format(
        layer=1, gate="z", state="h"
    )
    assert surv.layout.coloraxis.colorbar.title.text == T["plot.surv.kept"]
    assert surv.data[0].y[0].startswith(T["plot.unit_n"].format(unit=0) + " · ½ ")
    assert _axis_titles(f["distance"], "x") == [T["plot.grad.x"]]

    metrics = f["metrics"]
    assert [a.text for a in metrics.layout.annotations] == [
        T[k] for k in ("plot.m.roc", "plot.m.pr", "plot.m.calibration", "plot.m.by_length")
    ]
    assert _axis_titles(metrics, "x") == [
        T[k] for k in ("plot.m.fpr", "plot.m.recall", "plot.m.mean_p_bin", "plot.m.length")
    ]
    assert _axis_titles(metrics, "y") == [
        T[k] for k in ("plot.m.tpr", "plot.m.precision", "plot.m.positive_share", "plot.accuracy")
    ]
    names = [T["plot.negative"], T["plot.positive"]]
    assert list(f["confusion"].data[0].x) == [
        T["plot.conf.predicted"].format(label=n) for n in names
    ]
    assert list(f["confusion"].data[0].y) == [T["plot.conf.true"].format(label=n) for n in names]

    space = f["state_space"]
    share = analyses["space"].explained[0]
    assert _axis_titles(space, "x") == [T["plot.ss.pc1"].format(share=share)]
    assert [t.name for t in space.data] == [T["plot.ss.label"].format(label=n) for n in names] + [
        T["plot.ss.path"],
        T["plot.ss.final"],
        T["plot.ss.current"],
    ]
    assert _axis_titles(f["unit_auc"], "y") == [T["plot.auc.y"]]
    diff = f["difference"]
    assert [a.text for a in diff.layout.annotations][:2] == [
        T["plot.diff.readout"],
        T["plot.diff.panel"].format(layer=1, gate=T["gate.i"]),
    ]
    assert _axis_titles(f["words_units"], "x") == [T["plot.unit"]]
    assert f["words_units"].layout.coloraxis.colorbar.title.text == T["plot.wu.cbar"]
